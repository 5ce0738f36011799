"""User storage."""
import logging
import sqlite3

log = logging.getLogger(__name__)

# error


def add_user(db_path, name):
    conn = sqlite3.connect(db_path)
    cur = conn.cursor()
    # insert, then make it durable
    cur.execute("INSERT INTO users (name) VALUES (?)", (name,))
    log.info("added a user")
    conn.commit()
    return cur.lastrowid


def names(conn):
    if conn is not None:
        rows = conn.execute("SELECT name FROM users").fetchall()
        return [row[0] for row in rows]
    return []


class UserStore:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def rename(self, user_id, name):
        sql = """UPDATE users
SET name = ?
WHERE id = ?"""
        self.conn.execute(sql, (name, user_id))
        self.conn.commit()


def with_block(conn):
    with conn:
        conn.execute("DELETE FROM sessions")


# ok


def guarded(conn):
    try:
        conn.execute("DELETE FROM sessions")
        conn.commit()
    except sqlite3.Error:
        log.exception("cleanup failed")
        raise


def guarded_broadly(conn):
    try:
        conn.execute("DELETE FROM sessions")
    except Exception:
        raise


def guarded_bare(conn):
    try:
        conn.commit()
    except:  # noqa: E722
        raise


def guarded_tuple(conn):
    try:
        conn.commit()
    except (ValueError, sqlite3.OperationalError):
        raise


def not_a_database(runner):
    runner.execute("make all")
# scope: unhandled
