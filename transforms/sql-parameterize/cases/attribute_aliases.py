"""A local bound to an attribute that holds a connection
(`con = self._connection`) is that connection."""
import sqlite3

# error


class Store:
    def __init__(self, path):
        self._connection = sqlite3.connect(path)

    def get(self, key):
        con = self._connection
        cur = con.execute(f"SELECT value FROM responses WHERE key='{key}'")
        return cur.fetchone()


# ok


class Bound(Store):
    def get(self, key):
        con = self._connection
        return con.execute("SELECT value FROM responses WHERE key=?", (key,)).fetchone()
