import sqlite3

# error


def widened_by_a_caller(cursor, extra):
    # `tables` is handed to a function that may add to it: not only literals.
    tables = [("wiki", ("time",))]
    extra_tables(tables, extra)
    for table, columns in tables:
        cursor.execute("UPDATE %s SET %s" % (table, ", ".join(
            "%s=%s*1000000" % (column, column) for column in columns)))


def appended_to(cursor, name):
    names = ["wiki", "ticket"]
    names.append(name)
    for table in names:
        cursor.execute("DELETE FROM %s" % table)


def rebound_in_the_loop(cursor, prefix):
    for table in ("wiki", "ticket"):
        table = prefix + table
        cursor.execute("DELETE FROM %s" % table)


def a_parameter_of_the_same_name(cursor, column):
    for row in ("a", "b"):
        cursor.execute("SELECT %s FROM t WHERE k = '%s'" % (column, row))


def arithmetic_inside_a_quoted_value(conn, name):
    # `1 + 2` is a value, not text: bound together with `name`.
    return conn.execute(f"SELECT * FROM users WHERE name = '{name}_{1 + 2}'").fetchall()


# ok


def upgrade(env, cursor):
    # Every name spliced comes from the table the upgrade writes out.
    tables = [
        ("attachment", {"time": ("int", "int64")}),
        ("ticket", {"time": ("int", "int64"), "changetime": ("int", "int64")}),
    ]
    for table, columns in tables:
        cursor.execute("UPDATE %s SET %s" % (table, ", ".join(
            "%s=%s*1000000" % (column, column) for column in columns)))


def widen(db, cursor, text_columns):
    for tab, cols in text_columns.items():
        mods = ", ".join("MODIFY %s mediumtext" % db.quote(col) for col in cols)
        cursor.execute("ALTER TABLE %s %s" % (db.quote(tab), mods))


def counts(cursor):
    for table, key in {"wiki": "name", "ticket": "id"}.items():
        cursor.execute("SELECT COUNT(%s) FROM %s" % (key, table))


def quoted_and_joined(conn, quote):
    columns = ("a", "b")
    conn.execute("SELECT " + ", ".join('"' + c + '"' for c in columns) + " FROM t")


def table_by_branch(conn, href, localized):
    # Every write of `recs_table` that reaches the query is a literal.
    if localized:
        recs_table = "recs_loc"
    else:
        recs_table = "recs_float"
    sql = f"DELETE FROM {recs_table} WHERE href = ?"
    conn.execute(sql, (href,))


def loops_over_literals(conn, href):
    for table in ["recs_loc", "recs_float"]:
        sql_s = f"DELETE FROM {table} WHERE href = ?;"
        conn.execute(sql_s, (href,))
    sql_s = "DELETE FROM events WHERE href = ?;"
    conn.execute(sql_s, (href,))
