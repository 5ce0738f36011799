"""SQLite's ATTACH takes the database file's path as a value."""
import sqlite3

# error


def attach_library(conn, dbpath):
    # calibre-web's shape: the path spliced in quotes. A path holding `'`
    # ends the literal; bound, it is a path whatever it holds.
    conn.execute("attach database '{}' as calibre;".format(dbpath))


def attach_settings(path):
    conn = sqlite3.connect(":memory:")
    conn.execute(f"ATTACH DATABASE '{path}' AS settings")
    return conn
