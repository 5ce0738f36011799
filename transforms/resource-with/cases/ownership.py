import contextlib
from typing import IO

import psycopg
import socket
import sqlite3
import ssl

# error


def rebound(a, b):
    fin = open(a)
    data = fin.read()
    fin = open(b)
    data2 = fin.read()
    fin.close()
    return data, data2


def annotated(p):
    f: IO = open(p)
    text = f.read()
    f.close()
    return text


# ok


def certificate_expiry(host, port, context):
    # monasca-agent's certificate check: the SSL socket takes the descriptor
    # over and detaches `sock`, so a `with` on `sock` would close nothing.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ssl_sock = context.wrap_socket(sock, server_hostname=host)
    ssl_sock.connect((host, port))
    return ssl_sock.getpeercert()


def managed_by_with(p):
    f = open(p)
    with f:
        return f.read()


def managed_by_closing(p):
    f = open(p)
    with contextlib.closing(f):
        return f.read()


class Database:
    def __init__(self, conn):
        self.conn = conn


def wrapper_owns(dsn):
    conn = psycopg.connect(dsn)
    return Database(conn)


def constructor_keeps(dsn, registry):
    conn = psycopg.connect(dsn)
    registry.db = Database(conn)
    conn.execute("select 1")


class Holder:
    def open(self, p):
        self.f = open(p)


def returned(p):
    f = open(p)
    return f


def served_lazily(environ, fname):
    # The file wrapper reads it after the function returns.
    f = open(fname, "rb")
    return environ["wsgi.file_wrapper"](f)


def handed_back_wrapped(filename):
    fp = open(filename, "rb")
    return addinfourl(fp, {}, filename)


def run(filename, sql):
    # sopel: sqlite3's `execute` returns the cursor itself, which the caller
    # reads (`run(...).fetchall()`): closing it here would break every caller.
    with sqlite3.connect(filename) as conn:
        cur = conn.cursor()
        return cur.execute(sql)


def create_table(conn, ddl):
    # inn-digialert-Mylist: the status `execute` returns is the cursor,
    # handed to the caller with it.
    db_cursor = conn.cursor()
    operation_status = db_cursor.execute(ddl)
    return True, operation_status
