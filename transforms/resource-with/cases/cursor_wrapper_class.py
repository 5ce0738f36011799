import sqlite3


class Connection:
    """The project's own connection wrapper: its cursors have no `__enter__`."""

    def __init__(self, path):
        self._conn = sqlite3.connect(path)

    def cursor(self):
        return Cursor(self._conn.cursor())


class Cursor:
    def __init__(self, raw):
        self._raw = raw

    def execute(self, sql, params=()):
        return self._raw.execute(sql.replace("%s", "?"), params)

    def fetchall(self):
        return self._raw.fetchall()

    def close(self):
        self._raw.close()


# error


def names(cnx):
    # `cnx` may be the wrapper: `with cnx.cursor() as cur:` would raise
    # TypeError; `contextlib.closing` only needs `close()`.
    cur = cnx.cursor()
    cur.execute("SELECT name FROM users")
    rows = cur.fetchall()
    cur.close()
    return rows
