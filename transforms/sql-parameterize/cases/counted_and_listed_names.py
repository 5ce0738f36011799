"""Names the program makes itself: counted by enumerate.

Private helpers every caller gives literal lists: tests/project_index.rs.
"""
import sqlite3

from sqlalchemy import text

conn = sqlite3.connect("app.db")

# ok


def join_anon(stmt, filters):
    # mlflow: aliases numbered by the loop.
    for idx, f in enumerate(filters):
        alias = f"anon_{idx + 1}"
        stmt = stmt.join(f, text(f"runs.run_uuid = {alias}.destination_id"))
    return stmt


# error


def _drop(table_name):
    conn.execute(f"DROP TABLE {table_name}")


def drop_named(names):
    # The names are the caller's.
    for name in names:
        _drop(name)


def join_each(stmt, filters):
    # `f` is what the caller passed, not a count.
    for idx, f in enumerate(filters):
        stmt = stmt.join(f, text(f"runs.run_uuid = {f}.destination_id"))
    return stmt
