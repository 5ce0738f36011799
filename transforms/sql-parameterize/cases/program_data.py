import argparse
import enum
import os
import sqlite3

from flask import request

from app.db import connection

# error


class Store:
    def __init__(self, path, table):
        self.conn = sqlite3.connect(path)
        # The caller's argument: whoever builds a Store picks the table.
        self.table = table

    def count(self):
        return self.conn.execute("SELECT COUNT(*) FROM %s" % self.table).fetchone()


def names_filled_by_the_caller(conn, extra):
    tables = ["wiki", "ticket"]
    tables.append(extra)
    for table in tables:
        conn.execute("DELETE FROM %s" % table)


def names_handed_to_a_function(conn, extra):
    tables = ["wiki"]
    widen(tables, extra)
    for table in tables:
        conn.execute("DELETE FROM %s" % table)


def from_the_command_line(conn):
    parser = argparse.ArgumentParser()
    parser.add_argument("table")
    options = parser.parse_args()
    conn.execute("DROP TABLE %s" % options.table)


def from_the_environment(conn):
    conn.execute("DROP TABLE %s" % os.environ.get("OLD_TABLE", "old"))


def from_the_request(conn):
    column = request.args.get("sort", "id")
    return conn.execute("SELECT * FROM t ORDER BY %s" % column).fetchall()


def from_an_argument_s_attribute(conn, url):
    conn.execute('PRAGMA key="%s"' % url.password)


class Loader:
    table = "rows"

    def clear(self, conn, columns):
        # The table is the class's own; the column list is the caller's,
        # and it is the one named.
        conn.execute("UPDATE `%s` SET %s = NULL" % (self.table, " = NULL, ".join(columns)))


# ok


class Cache:
    table = "cache_entries"

    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.counter = 0

    def clear(self):
        self.counter += 1
        self.conn.execute("DELETE FROM %s" % self.table)

    def bust(self):
        # An integer the class counts itself.
        self.conn.execute("SELECT %d FROM %s" % (self.counter, self.table))


def own_model_table(conn):
    from app.models import Article

    conn.execute("DELETE FROM %s" % Article._meta.db_table)


def mapped_model_table(conn, mapping):
    # A Django model's table, whichever object leads to the model
    # (django-postgres-copy's `c.model._meta.db_table`).
    conn.execute("DELETE FROM %s" % mapping.model._meta.db_table)


def imported_feature(conn):
    conn.execute("SELECT 1%s" % connection.features.bare_select_suffix)


def looked_up_in_an_allowlist(conn, level):
    isolation = {"READ UNCOMMITTED": 1, "SERIALIZABLE": 0}[level]
    conn.execute(f"PRAGMA read_uncommitted = {isolation}")


def literal_names_in_a_closure(conn):
    collation = "case_insensitive"

    def drop():
        conn.execute(f"DROP COLLATION IF EXISTS {collation}")

    drop()


def local_names_read_only(conn):
    tables = ["wiki", "ticket"]
    print(len(tables), ", ".join(tables))
    for table in tables:
        conn.execute("DELETE FROM %s" % table)


class MessageStatus(int, enum.Enum):
    READY = 0
    DONE = 2


def peek(conn):
    # litequeue: an enum member's literal value.
    return conn.execute(
        f"SELECT * FROM queue WHERE status = {MessageStatus.READY.value} LIMIT 1"
    ).fetchone()


class AsyncQueue:
    # persist-queue: the table is a property that returns the class's own
    # constant, and the templates are the class's own text.
    _TABLE_NAME = "queue"
    _SQL_CREATE = "CREATE TABLE IF NOT EXISTS {table_name} (_id INTEGER PRIMARY KEY, data BLOB)"

    def __init__(self, conn):
        self._conn = conn

    @property
    def _table_name(self):
        """The table."""
        return self._TABLE_NAME

    def create(self):
        self._conn.execute(self._SQL_CREATE.format(table_name=self._table_name))

    def count(self):
        return self._conn.execute(f"SELECT COUNT(*) FROM {self._table_name}").fetchone()
