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



class SpreadDb:
    """ezmysql: `execute` takes its parameters spread, one argument each."""

    def __init__(self, path):
        self._db = sqlite3.connect(path)

    def execute(self, query, *parameters):
        cur = self._db.cursor()
        try:
            cur.execute(query, parameters)
            return cur.rowcount
        finally:
            cur.close()

    def touch(self, value):
        # A list passed to `*parameters` would be one value: reported, not rewritten.
        sql = "UPDATE t SET a = 1 WHERE b = '{}'".format(value)
        return self.execute(sql)
