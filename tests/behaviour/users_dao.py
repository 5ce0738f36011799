"""A legacy DAO over sqlite3: every query is built from strings."""
import sqlite3


def by_name(conn, name):
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM users WHERE name = '" + name + "'")
    return cur.fetchall()


def by_id(conn, user_id):
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM users WHERE id = " + str(user_id))
    return cur.fetchall()


def by_role(conn, role):
    return conn.execute("SELECT id FROM users WHERE role = '%s' ORDER BY id" % role).fetchall()


def by_city_format(conn, city):
    return conn.execute("SELECT id FROM users WHERE city = '{}' ORDER BY id".format(city)).fetchall()


def by_name_fstring(conn, name, min_id):
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM users WHERE name = '{name}' AND id >= {min_id}")
    return cur.fetchall()


def search(conn, term):
    cur = conn.cursor()
    cur.execute("SELECT name FROM users WHERE name LIKE '%" + term + "%' ORDER BY name")
    return cur.fetchall()


def find(conn, name=None, city=None, role=None):
    query = "SELECT id FROM users WHERE 1 = 1"
    if name:
        query += " AND name = '" + name + "'"
    if city:
        query += " AND city = '%s'" % city
    if role:
        query += " AND role = '{}'".format(role)
    query += " ORDER BY id"
    cur = conn.cursor()
    cur.execute(query)
    return cur.fetchall()


def rename(conn, user_id, new_name):
    conn.execute("UPDATE users SET name = '" + new_name + "' WHERE id = %d" % user_id)
    conn.commit()
    return conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()


def sorted_in_city(conn, city, column):
    # The column cannot be a bound parameter (it stays, reported); the city can.
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM users WHERE city = '" + city + "' ORDER BY " + column)
    return cur.fetchall()


def by_record(conn, record):
    # Item access inside a format field: `{0[name]}` binds `record["name"]`.
    return conn.execute("SELECT id FROM users WHERE name = '{0[name]}' ORDER BY id".format(record)).fetchall()
