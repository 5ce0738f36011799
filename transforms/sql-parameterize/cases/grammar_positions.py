import sqlite3

PAGE_SIZE = 50
USERS = "users"
FUNCTIONS = ("sqlite_version", "random")

# error


def pragma_columns(conn, table):
    # PRAGMA takes no parameter: reported, never bound.
    return conn.execute("PRAGMA table_info(%s)" % table).fetchall()


def pragma_quoted(conn, table):
    return conn.execute("PRAGMA table_info('%s')" % table).fetchall()


def create_with_check(conn, banned):
    # DDL: a CHECK clause takes no parameter.
    conn.execute("CREATE TABLE t (value TEXT CHECK(value != '%s'))" % banned)


def select_list(conn, column):
    # A column name in the select list, not a value.
    return conn.execute("SELECT %s FROM users" % column).fetchall()


def call_a_function(conn, fn):
    return conn.execute("select %s()" % fn).fetchone()


def whole_condition(conn, condition):
    # A whole WHERE condition is an SQL fragment.
    return conn.execute("SELECT id FROM users WHERE " + condition).fetchall()


def savepoint(conn, name):
    conn.execute("SAVEPOINT " + name)


def value_and_order(conn, city, column):
    # The value is bound; the ORDER BY column is reported.
    return conn.execute("SELECT id FROM users WHERE city = '" + city + "' ORDER BY " + column).fetchall()


def value_in_subquery(conn, role):
    return conn.execute(
        "SELECT id FROM users WHERE id IN (SELECT user_id FROM roles WHERE name = '%s')" % role
    ).fetchall()


def between_and_limit(conn, low, high, count):
    return conn.execute(
        "SELECT id FROM users WHERE id BETWEEN " + low + " AND " + high + " LIMIT " + count
    ).fetchall()


def does_not_parse(conn, name):
    # Not SQL sqlparser reads: reported without a fix.
    return conn.execute("SELEC id FROM users WHERE name = '%s'" % name).fetchall()


def guessed_driver(cursor, name):
    # `cursor` is only a name: the driver (and so `?`) is a guess, the fix is unsafe.
    cursor.execute("SELECT id FROM users WHERE name = '%s'" % name)


def proven_driver(path, name, table):
    # The connection is made here: the fix is safe. The quoted table name stays.
    conn = sqlite3.connect(path)
    return conn.execute("SELECT id FROM %s WHERE name = '%s'" % (quote_identifier(table), name)).fetchall()


def psycopg_ddl(path, default):
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE users ADD COLUMN note TEXT DEFAULT '" + default + "'")


def rebound_local(conn, table, name):
    # Bound twice: the second value is the caller's, not a quoted name.
    quoted = quote_identifier(table)
    if name:
        quoted = name
    return conn.execute("SELECT * FROM " + quoted).fetchall()


def template_in_a_local(path, name, city):
    conn = sqlite3.connect(path)
    sql = "SELECT id FROM users WHERE name = '%s'"
    rows = conn.execute(sql % name).fetchall()
    query = "SELECT id FROM users WHERE city = '{}'"
    return rows + conn.execute(query.format(city)).fetchall()


def template_rebound(path, name, admin):
    conn = sqlite3.connect(path)
    sql = "SELECT id FROM users WHERE name = '%s'"
    if admin:
        sql = "SELECT id FROM admins WHERE name = '%s'"
    # Two templates: reported, not rewritten.
    return conn.execute(sql % name).fetchall()


def fetch_from_named_cursor(conn, num, ident):
    # `int(num)` cannot carry SQL, though no parameter can go there either; the
    # finding names the cursor's name, the value that can.
    return conn.execute("FETCH FORWARD " + str(int(num)) + " FROM " + ident).fetchall()


# ok


def quoted_identifier(conn, table):
    return conn.execute("SELECT * FROM %s" % quote_identifier(table)).fetchall()


def escaped(conn, table):
    return conn.execute("SELECT * FROM [%s]" % escape_sqlite(table)).fetchall()


def placeholder_list(conn, ids):
    marks = ",".join(["?"] * len(ids))
    return conn.execute("SELECT * FROM users WHERE id IN (" + ",".join(["?"] * len(ids)) + ")", ids).fetchall()


def placeholder_generator(conn, ids):
    return conn.execute(
        "SELECT * FROM users WHERE id IN (%s)" % ", ".join("?" for _ in ids), ids
    ).fetchall()


def integers(conn, page, ids):
    conn.execute("SELECT * FROM users LIMIT %d OFFSET %d" % (PAGE_SIZE, page))
    conn.execute("SELECT * FROM users LIMIT " + str(int(page)))
    conn.execute("SELECT * FROM users LIMIT {}".format(len(ids)))


def constants(conn):
    return conn.execute("SELECT * FROM %s WHERE kind = '%s'" % (USERS, "admin")).fetchall()


def direction(conn, descending):
    return conn.execute(
        "SELECT * FROM users ORDER BY name " + ("DESC" if descending else "ASC")
    ).fetchall()


def quoted_local(conn, table, column):
    table_quoted = quote_identifier(table)
    column_quoted = f"{quote_identifier(table)}.{quote_identifier(column)}"
    return conn.execute(f"SELECT {column_quoted} FROM {table_quoted}").fetchall()


def loop_over_literals(conn):
    for fn in FUNCTIONS:
        conn.execute("select {}()".format(fn))
    for fts in ("FTS5", "FTS4"):
        conn.execute("CREATE VIRTUAL TABLE v{fts} USING {fts} (data)".format(fts=fts))


def joined_quoted(conn, columns, keys):
    return conn.execute(
        "SELECT {} FROM t WHERE {}".format(
            ", ".join(quote_identifier(c) for c in columns),
            " AND ".join("{} = ?".format(quote_identifier(k)) for k in keys),
        ),
        list(keys.values()),
    ).fetchall()
