import sqlite3

from backend.table import _escape_identifier

# ok


class Store:
    def __init__(self, path, tablename, column):
        self.conn = sqlite3.connect(path)
        # Standard SQL escaping of `"` in identifiers: doubled.
        self.tablename = tablename.replace('"', '""')
        self.quoted = '"%s"' % column.replace('"', '""')

    def count(self):
        sql = 'SELECT COUNT(*) FROM "%s"' % self.tablename
        return self.conn.execute(sql).fetchone()

    def keys(self):
        return self.conn.execute('SELECT %s FROM "%s"' % (self.quoted, self.tablename)).fetchall()

    def direct(self, table):
        return self.conn.execute('SELECT * FROM "%s"' % table.replace('"', '""')).fetchall()


def _quote(identifier):
    """Quote an identifier (Trac's sqlite backend)."""
    return "`%s`" % identifier.replace("`", "``")


def quote_name(name):
    return '"' + str(name).replace('"', '""') + '"'


def set_journal_mode(cursor, value):
    cursor.execute("PRAGMA journal_mode = %s" % _quote(value))


def table_info(conn, table):
    # sqlite3-to-mysql's shape: the quoted name in an annotated local.
    quoted: str = quote_name(table)
    return conn.execute(f"PRAGMA table_info({quoted})").fetchall()


def drop(conn, table):
    conn.execute("DROP TABLE %s" % quote_name(table))


def drop_escaped(conn, table):
    # A module's private copy of a quoting helper's name (trytond's
    # `_escape_identifier`, defined in another module).
    conn.execute("DROP TABLE %s" % _escape_identifier(table))


# error


class Loose:
    def __init__(self, path, table, column):
        self.conn = sqlite3.connect(path)
        self.doubled = table.replace('"', '""')
        self.column = column

    def raw_column(self):
        # Not escaped.
        return self.conn.execute('SELECT "%s" FROM t' % self.column).fetchall()

    def outside_quotes(self):
        # Doubled, but not inside `"…"`: the value can still end the name.
        return self.conn.execute("SELECT * FROM %s" % self.doubled).fetchall()

    def in_a_string(self):
        # Inside '…' the doubled `"` mean nothing.
        return self.conn.execute("SELECT * FROM t WHERE a = '\"%s\"'" % self.doubled).fetchall()


class Reassigned:
    def __init__(self, path, table):
        self.conn = sqlite3.connect(path)
        self.table = table.replace('"', '""')

    def rename(self, table):
        self.table = table

    def count(self):
        return self.conn.execute('SELECT COUNT(*) FROM "%s"' % self.table).fetchone()


def _unquoted(identifier):
    # Wraps without doubling: a backtick in the name ends the identifier.
    return "`%s`" % identifier


def set_synchronous(cursor, value):
    cursor.execute("PRAGMA synchronous = %s" % _unquoted(value))


def _requoted(identifier):
    # The doubling undone: a replacement puts a lone quote back.
    escaped = identifier.replace('"', '""')
    escaped = escaped.replace('""', '"')
    return '"' + escaped + '"'


def drop_requoted(conn, table):
    conn.execute("DROP TABLE %s" % _requoted(table))

# ok


def identifier(s, escape_binds=False):
    # ckanext-xloader: doubled into a local, then `%` doubled for the driver.
    escaped = s.replace('"', '""').replace("\0", "")
    if escape_binds:
        escaped = escaped.replace("%", "%%")
    return '"' + escaped + '"'


def drop_identified(conn, table):
    conn.execute("DROP TABLE IF EXISTS {}".format(identifier(table)))
