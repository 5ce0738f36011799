"""A legacy DAO over psycopg2: queries built from strings (`%s` paramstyle)."""
import psycopg2


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


def find(conn, name=None, min_id=None):
    query = "SELECT id FROM users WHERE 1 = 1"
    if name:
        query += " AND name = '{}'".format(name)
    if min_id is not None:
        query += " AND id >= " + str(min_id)
    cur = conn.cursor()
    cur.execute(query + " ORDER BY id")
    return cur.fetchall()
