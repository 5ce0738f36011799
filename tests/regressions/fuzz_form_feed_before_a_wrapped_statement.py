import sqlite3

conn = sqlite3.connect("app.db")


def by_name(self):
    return conn.execute("SELECT * FROM t WHERE name = '%s'" % self.name).fetchall()
