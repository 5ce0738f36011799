import sqlite3

COLUMNS = ["id", "name"]


def ordered(request, conn, column):
	for row in conn.execute("SELECT * FROM t ORDER BY %s" % column):
		yield row


def ordered_list(request, conn, column):
	rows = conn.execute("SELECT * FROM t ORDER BY %s" % column).fetchall()
	return rows
