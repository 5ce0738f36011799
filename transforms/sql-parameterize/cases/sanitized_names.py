"""Names reduced to letters, digits and `_` before they are spliced in.

fastapi-sqlite-ui: `sanitized_table = re.sub(r'[^a-zA-Z0-9_]', '', table)`,
then `f'SELECT * FROM "{sanitized_table}"'`. What is left cannot close the
quotes, end the statement or start a comment.
"""

import re
import sqlite3

# error


def keeps_dots_and_dashes(request, conn):
    # `-` and `.` are left: `--` starts a comment.
    table = request.args["table"]
    name = re.sub(r"[^a-zA-Z0-9_.-]", "", table)
    return conn.execute(f"SELECT * FROM {name}").fetchall()


def strips_only_the_first(request, conn):
    # `count=1` leaves every other character in place.
    table = request.args["table"]
    name = re.sub(r"[^a-zA-Z0-9_]", "", table, count=1)
    return conn.execute(f"SELECT * FROM {name}").fetchall()


def replaces_with_text(request, conn):
    table = request.args["table"]
    name = re.sub(r"[^a-zA-Z0-9_]", "_x", table)
    return conn.execute(f"SELECT * FROM {name}").fetchall()


# ok


def rows(request, conn):
    table = request.args["table"]
    sanitized_table = re.sub(r"[^a-zA-Z0-9_]", "", table)
    return conn.execute(f'SELECT * FROM "{sanitized_table}"').fetchall()


def count(request, conn):
    table = request.args["table"]
    return conn.execute(f"SELECT COUNT(*) FROM {re.sub(r'[^A-Za-z0-9_]+', '', table)}").fetchall()


def words(request, conn):
    table = request.args["table"]
    name = re.sub(r"[^\w]", "", table, flags=re.ASCII)
    return conn.execute("SELECT * FROM " + name).fetchall()

