import sqlite3


def wipe(conn):
    conn.execute('DELETE FROM t')
    conn.commit()
# scope: unhandled
