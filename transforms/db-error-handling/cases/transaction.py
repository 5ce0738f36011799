"""A unit that commits rolls its transaction back before re-raising."""
import logging
import sqlite3

logger = logging.getLogger(__name__)

# error


def transfer(conn, source, target, amount):
    conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, source))
    conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, target))
    conn.commit()


class Ledger:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def record(self, entry):
        self.conn.execute("INSERT INTO ledger (entry) VALUES (?)", (entry,))
        self.conn.commit()


def archive(path, entry):
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO archive (entry) VALUES (?)", (entry,))
    conn.commit()
    conn.close()


class Worker:
    def start(self, path):
        # pgtask-worker: the connection is made inside the region; when that
        # fails, a rollback would touch an attribute never set.
        self.conn = sqlite3.connect(path)
        self.conn.execute("UPDATE jobs SET state = 'started'")
        self.conn.commit()
# scope: unhandled
