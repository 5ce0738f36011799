import psycopg2

# error


def by_name(dsn, name):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = '%s' AND pct LIKE '100%%'" % name)
    return cur.fetchall()


def like(cur, term):
    cur.execute("SELECT id FROM users WHERE name LIKE '" + term + "%' AND note <> '50%'")
    return cur.fetchall()


def named_dict(cur, name, age):
    cur.execute("SELECT id FROM users WHERE name = '%(name)s' AND age = %(age)s" % {"name": name, "age": age})
    return cur.fetchall()


def escape_string(dsn, name, note):
    # `E'…'` reads backslash escapes, which psycopg2 does not double when it
    # quotes a bound value: `E%s` would stay injectable. Reported, not rewritten.
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = E'%s'" % name)
    cur.execute(f"SELECT id FROM users WHERE note LIKE e'%%{note}%%'")
    return cur.fetchall()


class UserDao:
    def __init__(self, dsn):
        self.conn = psycopg2.connect(dsn)

    def delete(self, user_id):
        self.conn.cursor().execute(f"DELETE FROM users WHERE id = {user_id}")
        self.conn.commit()


# ok


def already_bound(cur, name):
    cur.execute("SELECT id FROM users WHERE name = %s", (name,))
