"""Legacy order storage: database calls with no error handling."""
import sqlite3


def create_schema(conn):
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT NOT NULL, qty INTEGER)")
    conn.commit()


def add_order(conn, item, qty):
    cur = conn.cursor()
    cur.execute("INSERT INTO orders (item, qty) VALUES (?, ?)", (item, qty))
    conn.commit()
    return cur.lastrowid


def totals(conn):
    rows = conn.execute("SELECT item, SUM(qty) FROM orders GROUP BY item ORDER BY item").fetchall()
    return [list(row) for row in rows]


def broken_query(conn):
    return conn.execute("SELECT nope FROM orders").fetchall()
