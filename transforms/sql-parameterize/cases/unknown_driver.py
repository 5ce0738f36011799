# error


def find(conn, name):
    # Nothing says which driver `conn` belongs to, nor which placeholder it
    # takes: reported, not rewritten.
    return conn.execute("SELECT id FROM users WHERE name = '" + name + "'").fetchall()


class Sessions:
    def __init__(self, db):
        self.conn, self.cursor = db.sql_open_connection()

    def lookup(self, name):
        # `self.sql` runs its argument, on a cursor nothing here resolves.
        self.sql("SELECT name FROM sessions WHERE name = '%s'" % name)
        return self.cursor.fetchone()

    def sql(self, sql, args=None):
        if args:
            self.cursor.execute(sql, args)
        else:
            self.cursor.execute(sql)
