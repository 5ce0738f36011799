"""Calls in `except` handlers and `finally` clauses are cleanup on an error path."""
import logging
import sqlite3

logger = logging.getLogger(__name__)

# ok


def save(conn, name):
    try:
        conn.execute("INSERT INTO users (name) VALUES (?)", (name,))
        conn.commit()
    except sqlite3.Error:
        conn.rollback()
        logger.exception("save failed")
        return False
    finally:
        conn.execute("PRAGMA optimize")
    return True


def save_all(conn, names):
    try:
        conn.executemany("INSERT INTO users (name) VALUES (?)", [(n,) for n in names])
        conn.commit()
    except sqlite3.IntegrityError:
        conn.rollback()
        raise
