import re
import sqlite3

PRUNABLE = frozenset({
    ("login_attempts", "attempted_at"),
    ("comment_rate", "attempted_at"),
})

# ok


def escape(name):
    """tap-mysql's helper: refuses the quote character, then wraps in it."""
    if '"' in name:
        raise ValueError(f"cannot quote {name}")
    return '"' + name + '"'


def max_keys(conn, table, keys):
    # Quoted names joined, and each with literal text added.
    escaped = [escape(k) for k in keys]
    columns = ", ".join(escaped)
    order = ", ".join([k + " DESC" for k in escaped])
    return conn.execute(
        "SELECT {} FROM {} ORDER BY {} LIMIT 1".format(columns, escape(table), order)
    ).fetchone()


def _validate_target(table, column):
    # elenvind: the pair must be one of the listed literal pairs.
    if (table, column) not in PRUNABLE:
        raise ValueError(f"not prunable: {table}.{column}")


def prune(conn, table, column, before):
    _validate_target(table, column)
    return conn.execute(f"DELETE FROM {table} WHERE {column} < ?", (before,)).rowcount


_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def _ident(name):
    # pyworklog: a plain or dotted name, returned as it came in, or raise.
    if not isinstance(name, str) or not _IDENT.match(name):
        raise ValueError(f"unsafe SQL identifier: {name!r}")
    return name


def upsert(conn, table, row):
    _ident(table)
    cols = [_ident(c) for c in row]
    sets = ", ".join(f"{_ident(c)} = ?" for c in row)
    marks = ", ".join("?" * len(cols))
    conn.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", list(row.values()))
    conn.execute(f"UPDATE {table} SET {sets}", list(row.values()))


# error


def wrap(name):
    # Wraps without refusing the quote: `a" ; DROP …` ends the name.
    return '"' + name + '"'


def wrapped_keys(conn, keys):
    columns = ", ".join([wrap(k) for k in keys])
    return conn.execute("SELECT {} FROM t".format(columns)).fetchone()


def appended_after(conn, keys, extra):
    # The list is changed after it is built: what is appended is joined too.
    escaped = [escape(k) for k in keys]
    escaped.append(extra)
    columns = ", ".join(escaped)
    return conn.execute("SELECT {} FROM t".format(columns)).fetchone()


def prune_one_checked(conn, table, column, before):
    # Only the table is in the checked pair; the column is not checked.
    if (table, "attempted_at") not in PRUNABLE:
        raise ValueError(table)
    return conn.execute(f"DELETE FROM {table} WHERE {column} < ?", (before,)).rowcount

# ok


_SAFE_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*$")


def _safe_identifier(name):
    """Validate and quote a SQLite identifier (spaces allowed inside the quotes)."""
    if not _SAFE_IDENTIFIER.match(name):
        raise ValueError(f"Unsafe identifier: {name!r}")
    return f'"{name}"'


def count_rows(conn, name):
    return conn.execute(f"SELECT COUNT(*) AS c FROM {_safe_identifier(name)}").fetchone()

# error


_LOOSE_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_ ]*")


def _loose_identifier(name):
    # No `$`: anything may follow the first word, a `"` too.
    if not _LOOSE_IDENTIFIER.match(name):
        raise ValueError(f"Unsafe identifier: {name!r}")
    return f'"{name}"'


def _unquoted_identifier(name):
    # A space outside quotes lets `x OR x` through.
    if not _SAFE_IDENTIFIER.match(name):
        raise ValueError(f"Unsafe identifier: {name!r}")
    return name


def count_loose(conn, name):
    return conn.execute(f"SELECT COUNT(*) AS c FROM {_loose_identifier(name)}").fetchone()


def count_unquoted(conn, name):
    return conn.execute(f"SELECT COUNT(*) AS c FROM {_unquoted_identifier(name)}").fetchone()
