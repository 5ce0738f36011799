import sqlite3


def find(conn, name, city):
	q = "SELECT * FROM users WHERE name = '%s'" % name
	if city:
		q += " AND city = '%s'" % city
	return conn.execute(q).fetchall()
