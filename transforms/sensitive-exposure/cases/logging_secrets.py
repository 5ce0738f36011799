import logging

logger = logging.getLogger(__name__)

# error
def login(user, password, token):
    logger.info("login %s with password %s", user, password)
    logger.debug(f"token={token}")
    print("password: " + password)
    logging.warning("creds {}".format(user.credentials))
    print(str(token))


def run(cursor, db_password):
    params = {"user": "app", "password": db_password}
    logger.debug("connect with %s", {"user": "app", "password": db_password})
    logger.info("params %s", (params, db_password))
    sql = "SELECT 1 FROM users WHERE name = %(user)s AND password = %(password)s"
    logger.debug("executing %s with %s", sql, params)
    cursor.execute(sql, params)

# ok
def login_ok(user, password, password_prompt):
    logger.info("password changed for %s", user)
    logger.info("password length %d", len(password))
    print(password_prompt)
    print(mask(password))
    logger.debug("token_type=%s", user.token_type)
    logger.info("params %s", {"user": user, "password": None})
    params = {"user": user}
    logger.debug("executing with %s", params)


def get_transport(user, password=None):
    # impyla: the stand-in it sends when none was given is the program's
    # own text (hardcoded-credentials judges literals where they are written).
    if password is None:
        password = "password"
        logger.debug("get_transport: password=%s", password)
    return user, password


class Auditor:
    def report(self, reported):
        # swift's auditors: `pass` beside `fail` counts audits that passed.
        logger.info(
            "audits: %(pass)s passed, %(fail)s failed",
            {"pass": self.passes, "fail": self.failures},
        )


def authorize(enforcer, context, action, target):
    # oslo.context's policy values: user, project and role ids, no secret.
    credentials = context.to_policy_values()
    logger.debug("enforce %s with %s", action, credentials)
    try:
        return enforcer.authorize(action, target, credentials)
    except Exception:
        logger.debug("policy check failed with %(credentials)s", {"credentials": context.to_policy_values()})
        raise


def authorize_logged(enforcer, context, action, target):
    # monasca's policy engine: the same values, through a local.
    credentials = context.to_policy_values()
    try:
        return enforcer.authorize(action, target, credentials, do_raise=True)
    except Exception:
        logger.debug("%(action)s failed with %(credentials)s", {"action": action, "credentials": credentials})
        raise


def import_rows(rows):
    # faraday's CSV import: counts named after what they count.
    created_credentials = 0
    for row in rows:
        if row:
            created_credentials += 1
    logger.info("created=%d", created_credentials)


def skip_stale(expected_token: int, raw):
    # faraday's debouncer: a sequence number, not a secret.
    current_token = int(raw)
    if current_token != expected_token:
        logger.debug(f"stale (expected={expected_token} current={current_token})")


def display_popup(message, is_password=False):
    # glances' popup: a flag about a password, not one.
    logger.info("popup %s (password field: %s)", message, is_password)
    return message


class Rule(object):
    # diamond's Sentry handler: how many checks passed.
    def process(self, ok):
        if ok:
            self.counter_pass += 1
        else:
            logger.error("failed", extra={"total errors": self.counter_errors, "total pass": self.counter_pass})
