import sqlite3

# error


def rebound_to_input_before_use(cursor, name):
    # The write that reaches the query is the caller's value.
    table = "wiki"
    table = name
    cursor.execute("DELETE FROM log WHERE kind = '%s'" % table)


def aliased_then_widened(cursor, extra):
    # `more` is the same list as `tables`: adding to it adds to `tables`.
    tables = ["wiki", "ticket"]
    more = tables
    more.append(extra)
    for table in tables:
        cursor.execute("DELETE FROM log WHERE kind = '%s'" % table)


def changed_through_a_loop_variable(cursor, extra):
    # Adding to `columns` adds to the lists `tables` holds.
    tables = [("wiki", ["time"])]
    for table, columns in tables:
        columns.append(extra)
    for table, columns in tables:
        cursor.execute("SELECT id FROM log WHERE kind IN (%s)" % ", ".join(columns))


# ok


def two_loops_over_literals(cursor):
    for table in ("wiki", "ticket"):
        cursor.execute("DELETE FROM log WHERE kind = '%s'" % table)
    for table in ("report", "milestone"):
        cursor.execute("DELETE FROM log WHERE kind = '%s'" % table)


def rebound_to_a_literal_before_use(cursor, name):
    table = name
    log(table)
    table = "wiki"
    cursor.execute("DELETE FROM log WHERE kind = '%s'" % table)
