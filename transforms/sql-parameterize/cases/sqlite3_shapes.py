import sqlite3

TABLE = "users"
BASE_QUERY = "SELECT id, name FROM users"

# error


def by_name(conn, name):
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM users WHERE name = '" + name + "'")
    return cur.fetchall()


def by_id(conn, user_id):
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM users WHERE id = " + str(user_id))
    return cur.fetchone()


def by_percent(conn, name, role):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = '%s' AND role = '%s'" % (name, role))
    return cur.fetchall()


def by_percent_single(conn, user_id):
    return conn.execute("SELECT name FROM users WHERE id = %d" % user_id).fetchone()


def by_format(conn, name, limit):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = '{}' LIMIT {}".format(name, limit))
    return cur.fetchall()


def by_format_named(conn, name):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = '{who}' OR email = '{0}'".format(name, who=name))
    return cur.fetchall()


def by_format_fields(conn, user, row):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = '{0.name}' AND city = '{1[city]}' AND id > {1[0]}".format(user, row))
    return cur.fetchall()


def by_format_locals(conn, name, city):
    # Every field of `.format(**locals())` is a local variable.
    return conn.execute("SELECT id FROM users WHERE name = '{name}' AND city = '{city}'".format(**locals())).fetchall()


def by_fstring(conn, name, age):
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM users WHERE name = '{name}' AND age > {age}")
    return cur.fetchall()


def search(conn, term):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name LIKE '%" + term + "%' ORDER BY name")
    return cur.fetchall()


def with_constant(conn, name):
    cur = conn.cursor()
    cur.execute(BASE_QUERY + " WHERE name = '" + name + "'")
    return cur.fetchall()


def escaped_quote(conn, name):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE nick = 'O''Brien' OR name = '" + name + "'")
    return cur.fetchall()


def multi_line(conn, name, city):
    cur = conn.cursor()
    cur.execute(
        "SELECT id, name FROM users "
        "WHERE name = '" + name + "' "
        "AND city = '" + city + "'"
    )
    return cur.fetchall()


def existing_params(conn, name, role):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE role = ? AND name = '" + name + "'", (role,))
    return cur.fetchall()


def table_name(conn, table, name):
    cur = conn.cursor()
    cur.execute("SELECT * FROM " + table + " WHERE name = '" + name + "'")
    return cur.fetchall()


def order_by(conn, column):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users ORDER BY " + column)
    return cur.fetchall()


def script(conn, name):
    conn.executescript("DELETE FROM users WHERE name = '" + name + "';")


# ok


def parameterized(conn, name):
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = ?", (name,))
    return cur.fetchall()


def constant_sql(conn):
    cur = conn.cursor()
    cur.execute("SELECT id FROM " + TABLE + " WHERE active = 1")
    cur.execute("SELECT id FROM users " "WHERE active = 1")
    return cur.fetchall()


def logging_is_not_sql(log, name):
    log.info("looked up %s" % name)
    message = "user " + name
    print("SELECT * FROM users WHERE name = '" + name + "'")
    return message
