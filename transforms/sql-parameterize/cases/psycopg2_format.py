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


class UserDao:
    def __init__(self, dsn):
        self.conn = psycopg2.connect(dsn)

    def delete(self, user_id):
        self.conn.cursor().execute(f"DELETE FROM users WHERE id = {user_id}")
        self.conn.commit()


# ok


def already_bound(cur, name):
    cur.execute("SELECT id FROM users WHERE name = %s", (name,))
