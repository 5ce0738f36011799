"""Connections shared between threads (trimmed from buku's refreshdb): rolling
back `self.conn` in a thread's handler would discard whatever the other
threads have pending on it. Reported, no fix."""
import logging
import sqlite3
import threading

logger = logging.getLogger(__name__)

# error


class Bookmarks:
    def __init__(self, conn):
        self.conn = conn
        self.cur = conn.cursor()

    def refresh(self, rows):
        def worker():
            for row in rows:
                self.cur.execute("UPDATE bookmarks SET title = ? WHERE id = ?", row)
            self.conn.commit()

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()


class Worker(threading.Thread):
    def __init__(self, conn):
        super().__init__()
        self.conn = conn

    def run(self):
        self.conn.execute("DELETE FROM jobs WHERE done = 1")
        self.conn.commit()


class Store:
    """Its connection is made for use across threads: the same holds for every method."""

    def __init__(self, conn):
        self.conn = conn

    def retag(self, pairs):
        for tag, row in pairs:
            self.conn.execute("UPDATE t SET tag = ? WHERE id = ?", (tag, row))
        self.conn.commit()


def open_store(path):
    try:
        return Store(sqlite3.connect(path, check_same_thread=False))
    except sqlite3.Error:
        logger.exception("cannot open %s", path)
        raise
# scope: unhandled
