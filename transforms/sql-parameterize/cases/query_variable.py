import sqlite3

# error


def find(conn, name, city=None, min_age=None):
    query = "SELECT id, name FROM users WHERE name = '" + name + "'"
    if city:
        query += " AND city = '" + city + "'"
    if min_age is not None:
        query += " AND age >= %d" % min_age
    query += " ORDER BY name"
    cur = conn.cursor()
    cur.execute(query)
    return cur.fetchall()


def built_from_constant(conn, ids_from, role):
    sql = "SELECT id FROM users WHERE 1 = 1"
    if role:
        sql += " AND role = '%s'" % role
    rows = conn.execute(sql).fetchall()
    return rows


def sorted_by(conn, host, sort_key, sort_dir, limit=None):
    # The values are bound; the sort column and direction stay (and are reported).
    sql = "SELECT uuid FROM instances WHERE host = '" + host + "'"
    sql += " ORDER BY %s %s" % (sort_key, sort_dir)
    if limit:
        sql += " LIMIT %d" % limit
    return conn.execute(sql).fetchall()


def defined_in_branches(conn, name, admin):
    if admin:
        sql = "SELECT id FROM admins WHERE name = '" + name + "'"
    else:
        sql = "SELECT id FROM users WHERE name = '%s'" % name
    return conn.execute(sql).fetchall()


def narrowed_in_a_loop(conn, names):
    sql = "SELECT id FROM users WHERE 1 = 1"
    rows = []
    for name in names:
        rows.extend(conn.execute(sql).fetchall())
        sql += " AND name <> '" + name + "'"
    return rows


def reused_after(conn, name, log):
    # Logged after the call: it would log placeholders. Reported, not rewritten.
    query = "SELECT id FROM users WHERE name = '" + name + "'"
    conn.execute(query)
    log.info(query)


def parameter_appended(conn, sql, name):
    # `sql` comes from the caller: nowhere to start a parameter list. Reported, not rewritten.
    sql += " WHERE name = '" + name + "'"
    return conn.execute(sql).fetchall()


def only_a_table(conn, table):
    # Nothing here can be bound: reported, not rewritten.
    sql = "SELECT count(*) FROM " + table
    sql += " WHERE deleted = 0"
    return conn.execute(sql).fetchone()


def reused_for_two_queries(conn, name, city):
    # Each execute sees only the write before it: both are rewritten.
    sql = "SELECT id FROM users WHERE name = '" + name + "'"
    first = conn.execute(sql).fetchall()
    sql = "SELECT id FROM users WHERE city = '" + city + "'"
    return first, conn.execute(sql).fetchall()


def nested_function_has_its_own_sql(conn, name):
    sql = "SELECT id FROM users WHERE name = '" + name + "'"

    def describe():
        sql = "a different variable"
        return sql

    return conn.execute(sql).fetchall(), describe()


def read_by_a_closure(conn, name, log):
    # `show` reads the variable whenever it is called: reported, not rewritten.
    sql = "SELECT id FROM users WHERE name = '" + name + "'"

    def show():
        log.info(sql)

    conn.execute(sql)
    show()


def rebound_by_a_closure(conn, name, city):
    # `narrow` rewrites the variable from inside: reported, not rewritten.
    sql = "SELECT id FROM users WHERE name = '" + name + "'"

    def narrow():
        nonlocal sql
        sql = sql + " AND city = '" + city + "'"

    narrow()
    return conn.execute(sql).fetchall()


def read_in_a_comprehension(conn, name):
    # The call is the comprehension's first iterable: `sql` is the function's.
    sql = "SELECT id FROM users WHERE name = '" + name + "'"
    return [row[0] for row in conn.execute(sql).fetchall()]


MODULE_QUERY = "SELECT id FROM users WHERE name = '" + input() + "'"


def log_module_query(log):
    log.info(MODULE_QUERY)


# A function reads the module's variable: reported, not rewritten.
sqlite3.connect("app.db").execute(MODULE_QUERY)


# ok



def constant_variable(conn, active_only):
    sql = "SELECT id FROM users"
    if active_only:
        sql += " WHERE active = 1"
    return conn.execute(sql).fetchall()
