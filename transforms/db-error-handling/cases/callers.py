"""A private helper whose every caller in the module handles its errors."""
import logging
import sqlite3

logger = logging.getLogger(__name__)

# ok


def _load(conn, user_id):
    return conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone()


def show(conn, user_id):
    try:
        return _load(conn, user_id)
    except sqlite3.Error:
        logger.exception("could not load user %s", user_id)
        raise


def show_or_none(conn, user_id):
    try:
        return _load(conn, user_id)
    except Exception:
        logger.exception("could not load user %s", user_id)
        return None


# error


def _count(conn):
    return conn.execute("SELECT count(*) FROM users").fetchone()[0]


def stats(conn):
    try:
        total = _count(conn)
    except sqlite3.Error:
        logger.exception("count failed")
        raise
    return {"total": total, "again": _count(conn)}
# scope: unhandled
