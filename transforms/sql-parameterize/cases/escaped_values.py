# ok

import sqlite3


def attach_escaped_path(path, dbpath):
    # calibre-web: `'` doubled inside `'…'`, which SQLite reads without
    # backslash escapes: the path cannot leave the string.
    conn = sqlite3.connect(path)
    conn.execute("attach database '{}' as calibre;".format(dbpath.replace("'", "''")))


# error


def escaped_through_a_local(path, dbpath):
    # Reported, not rewritten: bound, the value would keep its doubled
    # quotes, and `O'Brien` would arrive as `O''Brien`.
    conn = sqlite3.connect(path)
    escaped = dbpath.replace("'", "''")
    conn.execute("attach database '%s' as calibre;" % escaped)


def escape_string_literal(path, text):
    # PostgreSQL's `E'…'` reads backslash escapes: no proof, and no rewrite.
    conn = sqlite3.connect(path)
    return conn.execute("SELECT E'{}'".format(text.replace("'", "''"))).fetchall()


def escaped_beside_a_plain_value(path, name, city):
    # Reported, not rewritten: binding `city` alone would leave the escaped
    # name spliced, and binding both would keep the escaping.
    conn = sqlite3.connect(path)
    return conn.execute(
        "SELECT * FROM t WHERE name = '" + name.replace("'", "''") + "' AND city = '" + city + "'"
    ).fetchall()


def backslashes_escaped(path, name):
    conn = sqlite3.connect(path)
    return conn.execute(
        "SELECT * FROM t WHERE name = '%s'" % name.replace("\\", "\\\\")
    ).fetchall()


def literal_string(s):
    return "'" + s.replace("'", "''").replace("\0", "") + "'"


def escaped_by_a_helper(path, resource_id):
    # Bound, the helper's result would keep its quotes: no row would match.
    conn = sqlite3.connect(path)
    return conn.execute(
        "SELECT name FROM triggers WHERE relname = {table}".format(
            table=literal_string(resource_id)
        )
    ).fetchall()
