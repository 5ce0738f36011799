import sqlite3

import psycopg2

# error


def count_users(db_path):
    conn = sqlite3.connect(db_path)
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM users")
    (count,) = cur.fetchone()
    cur.close()
    conn.close()
    return count


def pg_names(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT name FROM users")
    names = [row[0] for row in cur.fetchall()]
    cur.close()
    conn.close()
    return names


# ok


class Repository:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def close(self):
        self.conn.close()


def open_connection(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn
