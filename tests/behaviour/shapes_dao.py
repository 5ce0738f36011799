"""Legacy query shapes over sqlite3: steps, several variables, mapping
templates, stripped and marker templates, executemany with a spliced value."""
import sqlite3


def step_built(conn, name, city=None):
    q = "SELECT id FROM users WHERE name = '" + name + "'"
    if city:
        q = q + " AND city = '" + city + "'"
    q = q + " ORDER BY id"
    return conn.execute(q).fetchall()


def several(conn, name, city=None, limit=10):
    base = "SELECT id FROM users"
    if city:
        base = "SELECT users.id FROM users JOIN cities ON cities.name = users.city"
    where = " WHERE users.name LIKE '" + name + "%'"
    if city:
        where += " AND cities.name = '" + city + "'"
    tail = " LIMIT " + str(limit)
    return conn.execute(base + where + " ORDER BY 1" + tail).fetchall()


def by_mapping(conn, uid):
    params = {"uid": uid}
    return conn.execute("SELECT id, name FROM users WHERE id = %(uid)s OR id = %(uid)s + 100" % params).fetchall()


def by_mapping_quoted(conn, city):
    params = {"city": city}
    return conn.execute("SELECT id FROM users WHERE city = '%(city)s' ORDER BY id" % params).fetchall()


def stripped(conn, role):
    return conn.execute("""
        SELECT id FROM users WHERE role = '{}' ORDER BY id
    """.strip().format(role)).fetchall()


def marker(conn, name):
    return conn.execute("SELECT id FROM users WHERE name = '[V]' OR city = '[V]' ORDER BY id".replace("[V]", name)).fetchall()


def add_many(conn, rows, batch):
    conn.executemany("INSERT INTO users (name, city, role) VALUES (?, ?, '" + batch + "')", rows)
    return conn.execute("SELECT name, city, role FROM users WHERE id > 4 ORDER BY id").fetchall()


def across(conn, name, city):
    a = "SELECT id FROM users "
    b = "WHERE name = '" + name
    c = "' OR city = '" + city + "' ORDER BY id"
    return conn.execute(a + b + c).fetchall()


def filtered(conn, name=None, city=None, role=None):
    clauses = []
    if name:
        clauses.append("name = '" + name + "'")
    if city:
        clauses.append(f"city = '{city}'")
    if role:
        clauses.append("role = '%s'" % role)
    sql = "SELECT id FROM users"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return conn.execute(sql + " ORDER BY id").fetchall()


def reused_name(conn, name, city):
    # One variable, two queries: each execute sees only the write before it.
    sql = "SELECT id FROM users WHERE name = '" + name + "' ORDER BY id"
    by_name = conn.execute(sql).fetchall()
    sql = "SELECT id FROM users WHERE city = '" + city + "'"
    sql += " ORDER BY id"
    return by_name + conn.execute(sql).fetchall()
