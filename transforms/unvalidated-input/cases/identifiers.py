import os
import sqlite3

from flask import request, send_file

SORTABLE_COLUMNS = ("name", "created", "city")

# error


def list_users(conn, sort_by):
    cur = conn.cursor()
    cur.execute("SELECT id, name FROM users ORDER BY " + sort_by)
    return cur.fetchall()


def download():
    name = request.args.get("file")
    return send_file(os.path.join("/srv/reports", request.args["file"]))


def read_upload():
    with open(request.form["path"]) as f:
        return f.read()


# ok


def list_checked(conn, sort_by):
    if sort_by not in SORTABLE_COLUMNS:
        raise ValueError("bad column")
    return conn.execute("SELECT id FROM users ORDER BY " + sort_by).fetchall()


def safe_download():
    return send_file(os.path.join("/srv/reports", os.path.basename(request.args["file"])))
