"""Legacy ledger: a transfer that commits on the caller's connection, a purge
that swallows errors, and a helper whose caller already logs its errors."""
import logging
import sqlite3

logger = logging.getLogger(__name__)


def create_schema(conn):
    conn.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL CHECK (balance >= 0))")
    conn.executemany("INSERT INTO accounts (id, balance) VALUES (?, ?)", [(1, 100), (2, 0)])
    conn.commit()


def transfer(conn, source, target, amount):
    conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, target))
    conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, source))
    conn.commit()


def purge(conn):
    try:
        conn.execute("DELETE FROM missing_table")
        conn.commit()
    except sqlite3.Error:
        pass
    return "purged"


def row_counts(conn, tables):
    counts = {}
    for table in tables:
        try:
            counts[table] = conn.execute("SELECT count(*) FROM " + table).fetchone()[0]
        except sqlite3.Error:
            continue  # a table this version of the schema lacks: skip it
    return counts


def _balance(conn, account):
    return conn.execute("SELECT balance FROM accounts WHERE id = ?", (account,)).fetchone()[0]


def _history(conn, account):
    return conn.execute("SELECT * FROM history WHERE id = ?", (account,)).fetchall()


def report(conn, account):
    try:
        return [_balance(conn, account), _history(conn, account)]
    except sqlite3.Error:
        logger.exception("report failed for %s", account)
        raise
