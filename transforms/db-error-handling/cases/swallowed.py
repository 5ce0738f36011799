"""Handlers that swallow database errors (CWE-391)."""
import logging
import sqlite3

logger = logging.getLogger(__name__)

# error


def purge(conn):
    try:
        conn.execute("DELETE FROM sessions")
        conn.commit()
    except sqlite3.Error:
        pass


def load_all(conn, ids):
    rows = []
    for user_id in ids:
        try:
            rows.append(conn.execute("SELECT * FROM users WHERE id = ?", (user_id,)).fetchone())
        except Exception:
            continue
    return rows


def find(conn, name):
    try:
        return conn.execute("SELECT id FROM users WHERE name = ?", (name,)).fetchone()
    except:  # noqa: E722
        # nothing we can do
        return None


def purge_file(path):
    # A connection this module makes: the fix is proven (safe).
    conn = sqlite3.connect(path)
    try:
        conn.execute("DELETE FROM sessions")
        conn.commit()
    except sqlite3.Error:
        pass
    conn.close()


# ok


def add_once(conn, name):
    try:
        conn.execute("INSERT INTO users (name) VALUES (?)", (name,))
        conn.commit()
    except sqlite3.IntegrityError:
        # a concurrent insert won the race: fine
        pass


def logged(conn):
    try:
        conn.execute("DELETE FROM sessions")
    except sqlite3.Error:
        logger.warning("could not purge sessions", exc_info=True)


def table_exists(conn, table):
    # jupysql's probe: the error is the answer, given after the `try`.
    try:
        conn.execute("SELECT * FROM " + table + " WHERE 1=0")
        return True
    except Exception:
        pass
    return False


def largest_group(path):
    # askbot's fallback probe: the answer comes from a branch, and any
    # error means no answer.
    conn = sqlite3.connect(path)
    try:
        cursor = conn.cursor()
        cursor.execute("SELECT id FROM groups ORDER BY cnt DESC LIMIT 1")
        row = cursor.fetchone()
        if row:
            return row[0]
    except Exception:
        pass
    return None


def falls_back(conn):
    try:
        return conn.execute("SELECT count(*) FROM users").fetchone()[0]
    except sqlite3.Error:
        return 0


def cleanup(conn):
    try:
        conn.rollback()
    except Exception:
        pass


def one_line(conn):
    try:
        conn.close()
    except Exception: pass


def create_unless_there(conn, table):
    # The schema step is expected to fail once the table exists.
    try:
        conn.execute("CREATE TABLE %s (id INTEGER PRIMARY KEY)" % table)
    except sqlite3.Error:
        pass
    try:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN note TEXT")
    except sqlite3.OperationalError:
        pass


class Comments:
    def __init__(self, db):
        # isso: the project's `execute` joins the lines of a list; adding a
        # column that may be there already is a schema step too.
        self.db = db
        try:
            self.db.execute(["ALTER TABLE comments ADD COLUMN notification INTEGER DEFAULT 0;"])
        except Exception:
            pass
