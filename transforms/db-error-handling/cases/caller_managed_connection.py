"""A nested helper whose caller holds the connection in a `with` block."""
import sqlite3
from contextlib import contextmanager

# ok


class Broker:
    def __init__(self, path):
        self.path = path
        self.conn = None

    @contextmanager
    def get(self):
        conn = self.conn or sqlite3.connect(self.path)
        self.conn = None
        try:
            yield conn
            conn.rollback()
            self.conn = conn
        except Exception:
            conn.close()
            raise

    def set_index(self, idx):
        # swift's shape: the manager closes the connection when the block
        # raises, which discards what the helper left pending; the caller
        # catches "no such table" on purpose, migrates and calls again.
        def _setit(conn):
            conn.execute("INSERT OR IGNORE INTO policy_stat (i) VALUES (?)", (idx,))
            conn.execute("UPDATE container_stat SET i = ?", (idx,))
            conn.commit()

        with self.get() as conn:
            try:
                _setit(conn)
            except sqlite3.OperationalError as err:
                if "no such table" not in str(err):
                    raise
                conn.executescript("CREATE TABLE policy_stat (i INTEGER UNIQUE);")
                _setit(conn)


# error


SHARED = sqlite3.connect("app.db")


def set_index_on_shared(idx):
    # The same helper handed a connection that outlives the call: a failed
    # update leaves the insert pending on it.
    def _apply(conn):
        conn.execute("INSERT OR IGNORE INTO policy_stat (i) VALUES (?)", (idx,))
        conn.execute("UPDATE container_stat SET i = ?", (idx,))
        conn.commit()

    _apply(SHARED)


def set_index_twice(broker, idx):
    # Once inside the block, once on the shared connection.
    def _store(conn):
        conn.execute("INSERT OR IGNORE INTO policy_stat (i) VALUES (?)", (idx,))
        conn.execute("UPDATE container_stat SET i = ?", (idx,))
        conn.commit()

    with broker.get() as conn:
        _store(conn)
    _store(SHARED)
