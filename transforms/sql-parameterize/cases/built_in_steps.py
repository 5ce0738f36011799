import sqlite3

import psycopg2

# error


def restated(name, city):
    # `q = q + …` appends just as `q += …` does.
    conn = sqlite3.connect("app.db")
    q = "SELECT id FROM users WHERE name = '" + name + "'"
    if city:
        q = q + " AND city = '" + city + "'"
    q = f"{q} AND role <> '{city}'"
    q = q + " ORDER BY id"
    return conn.execute(q).fetchall()


top = "SELECT id FROM users WHERE 1 = 1"
top = top + " AND name = '%s'" % input()
sqlite3.connect("app.db").execute(top)


def several_variables(name, city, n):
    # Each variable gets its own parameter list; the call adds them up in its order.
    conn = sqlite3.connect("app.db")
    base = "SELECT id FROM users"
    if city:
        base = "SELECT users.id FROM users JOIN cities ON cities.id = users.city_id"
    where = " WHERE name = '" + name + "'"
    if city:
        where += " AND cities.name = '" + city + "'"
    limit = " LIMIT " + str(n)
    return conn.execute(base + where + " ORDER BY 1" + limit).fetchall()


def text_then_variable(name):
    conn = sqlite3.connect("app.db")
    where = "name = '" + name + "'"
    return conn.execute("SELECT id FROM users WHERE " + where).fetchall()


def mapping_variable(uid):
    # Every key bound as it is: named placeholders, and the dict itself.
    conn = sqlite3.connect("app.db")
    params = {"uid": uid}
    return conn.execute("SELECT id FROM users WHERE id = %(uid)s OR parent = %(uid)s" % params).fetchall()


def mapping_variable_quoted(city):
    # A quoted key was `str(…)` of the value: bound one by one to stay exact.
    conn = sqlite3.connect("app.db")
    params = {"city": city}
    return conn.execute("SELECT id FROM users WHERE city = '%(city)s'" % params).fetchall()


def mapping_variable_psycopg2(dsn, uid):
    conn = psycopg2.connect(dsn)
    params = {"uid": uid}
    with conn.cursor() as cur:
        cur.execute("SELECT id FROM users WHERE id = %(uid)s AND note LIKE '50%%'" % params)
        return cur.fetchall()


def mapping_parameter(params):
    # Not proven a dict (sqlite3 binds named parameters only from one): bound one by one.
    conn = sqlite3.connect("app.db")
    return conn.execute("SELECT id FROM users WHERE id = %(uid)s" % params).fetchall()


def stripped_template(name):
    conn = sqlite3.connect("app.db")
    return conn.execute("""
        SELECT id FROM users WHERE name = '{}'
    """.strip().format(name)).fetchall()


def replaced_marker(name):
    conn = sqlite3.connect("app.db")
    return conn.execute("SELECT id FROM users WHERE name = '[V]' OR alias = '[V]'".replace("[V]", name)).fetchall()


def chained_replace(a, b):
    # The second replace would rewrite the first value too: reported, not rewritten.
    conn = sqlite3.connect("app.db")
    return conn.execute("SELECT id FROM t WHERE a = '[A]' AND b = '[B]'".replace("[A]", a).replace("[B]", b)).fetchall()


def restated_twice(name):
    # The appended text reads the variable again: reported, not rewritten.
    conn = sqlite3.connect("app.db")
    q = "SELECT id FROM users WHERE name = '" + name + "'"
    q = q + " OR alias = '" + q + "'"
    return conn.execute(q).fetchall()


def many_rows_batch(rows, batch):
    # One value for every row: added to each row, after the row's own values.
    conn = sqlite3.connect("app.db")
    conn.executemany("INSERT INTO users (name, city, batch) VALUES (?, ?, '" + batch + "')", rows)


def many_rows_first(rows, batch):
    conn = sqlite3.connect("app.db")
    conn.executemany("UPDATE users SET batch = '%s' WHERE id = ?" % batch, rows)


def many_rows_psycopg2(dsn, rows, batch):
    conn = psycopg2.connect(dsn)
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO users (name, batch) VALUES (%s, '" + batch + "')", rows)


def many_rows_middle(rows, batch):
    # Between the row's own values: reported, not rewritten.
    conn = sqlite3.connect("app.db")
    conn.executemany("INSERT INTO t VALUES (?, '" + batch + "', ?)", rows)


def many_rows_named(rows, batch):
    # Rows are mappings here: reported, not rewritten.
    conn = sqlite3.connect("app.db")
    conn.executemany("INSERT INTO t VALUES (:a, '" + batch + "')", rows)


def optional_filters(conn, name, city):
    # Clauses collected in a list and joined: reported (not rewritten).
    clauses = []
    if name:
        clauses.append("name = '" + name + "'")
    if city:
        clauses.append(f"city = '{city}'")
    where = " AND ".join(clauses)
    return conn.execute("SELECT id FROM users WHERE " + where).fetchall()


def optional_filters_appended(conn, name):
    filters = []
    if name:
        filters.append("name = '%s'" % name)
    sql = "SELECT id FROM users"
    if filters:
        sql += " WHERE " + " AND ".join(filters)
    return conn.execute(sql).fetchall()


def optional_filters_chosen(conn, name, log):
    where = []
    if name:
        where.append("name = '" + name + "'")
    sql = "SELECT id FROM users " + ("WHERE " + " AND ".join(where) if where else "")
    log.debug(sql)
    return conn.execute(sql).fetchall()


def string_across_variables(name, prefix, suffix):
    # An SQL string opens in one variable and closes in the next: cut back
    # into the variables, each value's parameter beside the variable it comes from
    # (unsafe: one SQL string holds values of `c` and `d`, read at `d`).
    conn = sqlite3.connect("app.db")
    a = "SELECT id FROM users "
    b = "WHERE name = '" + name
    c = "' AND alias LIKE '" + prefix
    d = "%" + suffix + "'"
    return conn.execute(a + b + c + d).fetchall()


# ok


def restated_constant(active):
    conn = sqlite3.connect("app.db")
    q = "SELECT id FROM users"
    if active:
        q = q + " WHERE active = 1"
    return conn.execute(q).fetchall()


def constant_variables(active):
    conn = sqlite3.connect("app.db")
    base = "SELECT id FROM users"
    where = " WHERE 1 = 1"
    if active:
        where += " AND active = 1"
    return conn.execute(base + where).fetchall()


def replaced_with_literal():
    conn = sqlite3.connect("app.db")
    return conn.execute("SELECT id FROM [T]".replace("[T]", "users")).fetchall()


def mapping_integers(params):
    conn = sqlite3.connect("app.db")
    return conn.execute("SELECT id FROM users LIMIT %(n)d" % params).fetchall()


def many_rows_constant(rows):
    conn = sqlite3.connect("app.db")
    conn.executemany("INSERT INTO t VALUES (?, '" + "x" + "')", rows)


def constant_filters(conn, active, deleted):
    filters = []
    if active:
        filters.append("active = 1")
    if not deleted:
        filters.append("deleted = 0")
    sql = "SELECT id FROM users"
    if filters:
        sql += " WHERE " + " AND ".join(filters)
    return conn.execute(sql).fetchall()


def constant_filters_inline(conn, active):
    filters = []
    if active:
        filters.append("active = 1")
    return conn.execute("SELECT id FROM users WHERE 1 = 1 AND " + " AND ".join(filters)).fetchall()


def placeholder_filters_chosen(conn, schema, relname, log):
    # Clauses of text and placeholders, the values passed: no finding.
    where = []
    params = {}
    if schema:
        where.append("n.nspname ~ %(nspname)s")
        params["nspname"] = schema
    if relname:
        where.append("c.relname ~ %(relname)s")
        params["relname"] = relname
    sql = (
        "SELECT c.oid FROM pg_class c "
        + ("WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY 1"
    )
    log.debug("%s, %s", sql, params)
    conn.execute(sql, params)
