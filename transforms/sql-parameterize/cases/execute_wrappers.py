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

