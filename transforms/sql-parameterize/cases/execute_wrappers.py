import sqlite3

# error


class Baresql:
    """sqlite-bro: a wrapper whose `execute` takes no parameters on."""

    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def execute(self, sql, env=None):
        return self.conn.execute(sql)


class Gui:
    def __init__(self):
        self.conn = None

    def open(self, path):
        self.conn = Baresql(path)

    def attach(self, filename, alias):
        # `self.conn` is known by its name only, and may be the wrapper:
        # parameters added here would be dropped. Reported, not rewritten.
        self.conn.execute("ATTACH DATABASE '%s' AS \"%s\"" % (filename, alias))


class Backend:
    def __init__(self, path):
        self._connection = sqlite3.connect(path)

    def fetch_one(self, query):
        return self._connection.execute(query).fetchone()


class UserStore:
    def __init__(self, backend, table_name):
        self._backend = backend
        self._table_name = table_name

    def get(self, key):
        # bottle-cork: `key` (a login name) is a value beside the table
        # name, run through a helper that takes no parameters: both named.
        query = "SELECT * FROM %s WHERE username='%s'" % (self._table_name, key)
        return self._backend.fetch_one(query)
