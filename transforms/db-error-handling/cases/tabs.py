import sqlite3


def wipe(conn):
	if conn:
		conn.execute('DELETE FROM t')
		conn.commit()
# scope: unhandled
