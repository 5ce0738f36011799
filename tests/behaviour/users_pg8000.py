"""A legacy DAO over pg8000's DB-API (`format` paramstyle): queries built from strings."""
import pg8000.dbapi


def by_name(conn, name):
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM users WHERE name = '" + name + "' ORDER BY id")
    return cur.fetchall()


def by_role(conn, role):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE role = '%s' AND note NOT LIKE '100%%' ORDER BY id" % role)
    return cur.fetchall()


def search(conn, term):
    cur = conn.cursor()
    cur.execute(f"SELECT name FROM users WHERE name LIKE '%{term}%' AND note <> '50%' ORDER BY name")
    return cur.fetchall()


def older_than(conn, age):
    # An integer column compared with a value that was spliced in bare.
    cur = conn.cursor()
    cur.execute("SELECT name FROM users WHERE age > " + age + " ORDER BY name")
    return cur.fetchall()
