"""Which values are plausible secrets, whatever name holds them."""
import os

# error
EMAIL_PASSWORD = "secret"
my_secret_password_for_email = "d6s$f9g!j8mg7hw?n&2"
PassWord = "s3cr3t"
secrete = "s3cr3t"
passphrase = "1234"
# A generated Django key: `%r7h` and `%cegb` are no format fields (pygeoapi).
DJANGO_SECRET_KEY = ")#cqm2jfato)gk((nm#%r7h&#n&aqy00_21pavfp=l8)4%cegb"


def log_in(server, user):
    send({"server": server, "password": "pass", "user": user})


def check(password, confirm):
    return password == confirm == "letmein-now"


def check_token(token):
    # Letters and digits mixed through the value: not a lexer's keyword.
    return token == "s3cr3t"


def unlock(vault):
    return vault.password == "correct horse battery staple"


def weak_session_key(app):
    app.config.update(SECRET_KEY="aaaa")


def paste_with_issued_key(text):
    # A key with digits through it was issued to someone.
    return {"text": text, "apikey": "k3y9f1x0q2", "api_key": "hunter2"}


# ok
STARTBLOCK_TOKEN = r"\{\{\{"
ENDBLOCK_TOKEN = r"\}\}\}"
CORS_HEADERS = {"Access-Control-Allow-Credentials": "true", "Vary": "Origin"}
FETCH_OPTIONS = {"credentials": "include", "mode": "cors"}
SEPARATOR_TOKEN = "::"
PASSWORD_FORMAT = "%d-%s"
TOKEN_TEMPLATE = "{}:{}"
PASSWORD_HASHER = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
secret_token = "django.contrib.auth.tokens"
PLACEHOLDER_TOKEN = "changeme"
PASSWORD = "password"
token = "access_token"
AWS_SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
use_token = os.environ.get("USE_TOKEN", "false")
password_hint = "d6s$f9g!j8mg7hw?n&2"
email_pwd = "emails_secret"
ENV_NAMES = {"user": "PGUSER", "password": "PGPASSWORD"}
RESET_PASSWORD = "00000000"


def lex(token):
    return token == "float64" or token == "utf8mb4" or token == "1\n2"


def prompt(password):
    return password == "Enter your password:"
FIELD_NAMES = {"key": "keyfile", "key_password": "keyfile_password"}
# LinOTP: a deliberate fake login that forces a browser to forget basic auth,
# a map from a form's field to a resolver's key, a value the call ignores,
# a self-test's data.
LOGOUT_URL = "%s://log-me-out:fake@%s/manage/logout"
LDAP_MAPPING = {"ldap_password": "BINDPW", "ldap_uri": "LDAPURI"}
check_status(transaction_id, password="passw")
SELF_TEST_PASSWORD = "test123"
# Chromium's fixed cookie-key password on Linux, public in Chromium's source:
# browser tools must use it (browser_cookie3, pyhindsight).
CHROMIUM_DEFAULT_PASSWORD = b"peanuts"
# pgbedrock: a map from role attributes to pg_authid's columns.
PG_COLUMN_NAME = {"LOGIN": "rolcanlogin", "PASSWORD": "rolpassword"}
