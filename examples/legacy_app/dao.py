"""Data access for products and users, over sqlite3."""
import logging
import sqlite3

log = logging.getLogger(__name__)


def connect(path):
    return sqlite3.connect(path)


def create_schema(conn):
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS products (id INTEGER PRIMARY KEY, name TEXT, price REAL, stock INTEGER);
        CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, role TEXT);
        """
    )
    conn.commit()


def add_product(conn, name, price, stock):
    cur = conn.cursor()
    cur.execute("INSERT INTO products (name, price, stock) VALUES ('%s', %s, %d)" % (name, price, stock))
    conn.commit()
    return cur.lastrowid


def product_by_name(conn, name):
    cur = conn.cursor()
    cur.execute("SELECT id, name, price, stock FROM products WHERE name = '" + name + "'")
    return cur.fetchone()


def search_products(conn, term, max_price=None, in_stock=False):
    query = "SELECT name, price FROM products WHERE name LIKE '%" + term + "%'"
    if max_price is not None:
        query += " AND price <= {}".format(max_price)
    if in_stock:
        query += " AND stock > 0"
    query += " ORDER BY name"
    cur = conn.cursor()
    cur.execute(query)
    return cur.fetchall()


def products_sorted(conn, column):
    cur = conn.cursor()
    cur.execute("SELECT name, price FROM products ORDER BY " + column)
    return cur.fetchall()


def restock(conn, product_id, amount):
    conn.execute(f"UPDATE products SET stock = stock + {amount} WHERE id = {product_id}")
    conn.commit()


def add_user(conn, name, email, role="viewer"):
    cur = conn.cursor()
    cur.execute("INSERT INTO users (name, email, role) VALUES (?, ?, ?)", (name, email, role))
    conn.commit()
    log.info("added user %s", name)
    return cur.lastrowid


def users_with_role(conn, role):
    try:
        rows = conn.execute("SELECT name FROM users WHERE role = '%s' ORDER BY name" % role).fetchall()
    except sqlite3.Error:
        log.exception("role lookup failed")
        raise
    return [row[0] for row in rows]
