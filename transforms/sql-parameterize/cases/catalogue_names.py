"""Names read back from the database's own catalogue.

litecli's sample rows: `SELECT name FROM sqlite_master`, then `SELECT * FROM
{table} LIMIT 1` for each. A table name the database lists is not outside
data: whoever could choose it could already run DDL. Rows of the program's
own tables are (a second-order injection).
"""

import sqlite3

# error


def copy_named_tables(conn):
    cur = conn.cursor()
    cur.execute("SELECT table_name FROM exports")
    for (table,) in cur.fetchall():
        conn.execute(f"INSERT INTO archive SELECT * FROM {table}")


def sizes_joined(conn):
    rows = conn.execute(
        "SELECT m.name FROM sqlite_master m JOIN wanted w ON w.name = m.name"
    ).fetchall()
    return [conn.execute(f"SELECT COUNT(*) FROM {row[0]}").fetchone() for row in rows]


def last_run_decides(conn, refresh):
    cur = conn.cursor()
    cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    if refresh:
        cur.execute("SELECT table_name FROM exports")
    for (table,) in cur.fetchall():
        conn.execute(f"DELETE FROM {table}")


# ok


def sample_rows(conn):
    cur = conn.cursor()
    tables_query = """
        SELECT name FROM sqlite_master
        WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'
    """
    cur.execute(tables_query)
    samples = {}
    for (table,) in cur.fetchall():
        cur.execute("SELECT * FROM {table} LIMIT 1".format(table=table))
        samples[table] = cur.fetchone()
    return samples


def schema(conn):
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    return {t[0]: conn.execute(f"PRAGMA table_info({t[0]})").fetchall() for t in tables}


def views(cursor):
    for (view,) in cursor.execute("SHOW FULL TABLES WHERE Table_type = 'VIEW'"):
        cursor.execute(f"SHOW CREATE VIEW `{view}`")
