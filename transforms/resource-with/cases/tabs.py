import sqlite3


def tabbed(path):
	conn = sqlite3.connect(path)
	if path:
		conn.execute('SELECT 1')
	conn.close()
