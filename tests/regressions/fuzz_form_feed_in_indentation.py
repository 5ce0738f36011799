import sqlite3


def rows(path):
    conn = sqlite3.connect(path)
    cur = conn.cursor()
    cur.execute("SELECT 1")
    return cur.fetchall()
