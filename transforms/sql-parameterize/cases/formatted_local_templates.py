"""A query variable formatted from a template another local holds.

networking-bigswitch's migration: `INS = ("INSERT … VALUES ('%(id)s', …)")`,
then `CMD = INS % {...}` in a loop and `connection.execute(CMD)`. Reported
as `execute(INS % {...})` is, without a fix: the template sits in another
statement.
"""

import sqlite3

PAGE = 50

# error


def find(conn, request):
    name = request.args["name"]
    tmpl = "SELECT id FROM users WHERE name = '%s'"
    sql = tmpl % name
    return conn.execute(sql).fetchall()


def find_formatted(conn, request):
    name = request.args["name"]
    tmpl = "SELECT id FROM users WHERE name = '{}'"
    sql = tmpl.format(name)
    return conn.execute(sql).fetchall()


def copy_rows(connection, request):
    INS = "INSERT INTO t (id, name) VALUES ('%(id)s', '%(name)s')"
    for row in request.json["rows"]:
        CMD = INS % {"id": row[0], "name": row[1]}
        connection.execute(CMD)


# ok


def first_page(conn):
    tmpl = "SELECT id FROM users LIMIT %d"
    sql = tmpl % PAGE
    return conn.execute(sql).fetchall()
