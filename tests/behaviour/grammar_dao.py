"""A sqlite3 DAO whose queries mix values with names: the grammar decides
what is bound. Every function opens the database itself (a known driver)."""
import sqlite3

PATH = ":memory:"


def connect(path):
    conn = sqlite3.connect(path)
    return conn


def by_city_sorted(path, city, column):
    conn = sqlite3.connect(path)
    return conn.execute("SELECT id FROM users WHERE city = '" + city + "' ORDER BY " + column).fetchall()


def in_range(path, low, high, count):
    conn = sqlite3.connect(path)
    return conn.execute(
        "SELECT id FROM users WHERE id BETWEEN " + low + " AND " + high + " ORDER BY id LIMIT " + count
    ).fetchall()


def by_role_subquery(path, role):
    conn = sqlite3.connect(path)
    return conn.execute(
        "SELECT name FROM users WHERE id IN (SELECT id FROM users WHERE role = '%s') ORDER BY id" % role
    ).fetchall()


def by_name_from_table(path, table, name):
    conn = sqlite3.connect(path)
    return conn.execute("SELECT id FROM %s WHERE name = '%s'" % (quote_identifier(table), name)).fetchall()


def by_name_template(path, name):
    conn = sqlite3.connect(path)
    sql = "SELECT id FROM users WHERE name = '%s' ORDER BY id"
    return conn.execute(sql % name).fetchall()


def quote_identifier(name):
    return '"' + name.replace('"', '""') + '"'
