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
        CREATE TABLE IF NOT EXISTS orders (id INTEGER PRIMARY KEY, product_id INTEGER, qty INTEGER, customer TEXT);
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


def product_by_id(conn, product_id):
    cur = conn.cursor()
    cur.execute("SELECT id, name, price, stock FROM products WHERE id = " + str(product_id))
    row = cur.fetchone()
    cur.close()
    return row


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


def set_price(conn, product_id, price):
    sql = "UPDATE products SET price = {0} WHERE id = {1}".format(price, product_id)
    conn.execute(sql)
    conn.commit()


def count_rows(conn, table):
    """Row count of any table (the admin page passes the table name)."""
    return conn.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]


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


def list_users(conn, role=None, email_domain=None, newest_first=False, limit=20):
    sql = "SELECT id, name, email FROM users"
    where = []
    if role:
        where.append("role = '%s'" % role)
    if email_domain:
        where.append("email LIKE '%@" + email_domain + "'")
    if where:
        sql += " WHERE " + " AND ".join(where)
    if newest_first:
        sql += " ORDER BY id DESC"
    else:
        sql += " ORDER BY id"
    sql += " LIMIT " + str(limit)
    return conn.execute(sql).fetchall()


def place_order(conn, product_id, qty, customer):
    query = "INSERT INTO orders (product_id, qty, customer) "
    query += "VALUES (%d, %d, " % (product_id, qty)
    query += "'" + customer + "')"
    cur = conn.cursor()
    cur.execute(query)
    cur.execute(f"UPDATE products SET stock = stock - {qty} WHERE id = {product_id}")
    conn.commit()
    return cur.lastrowid


def orders_for(conn, customer):
    """Already fine: bound parameters, errors logged and re-raised."""
    try:
        with conn:
            rows = conn.execute(
                "SELECT o.id, p.name, o.qty FROM orders o JOIN products p ON p.id = o.product_id"
                " WHERE o.customer = ? ORDER BY o.id",
                (customer,),
            ).fetchall()
    except sqlite3.Error:
        log.exception("order lookup failed")
        raise
    return rows
