import sqlite3

from flask import Flask, request

app = Flask(__name__)
conn = sqlite3.connect("app.db")

SORTABLE_COLUMNS = ("name", "created_at", "price")


# error
def read_before_rebinding(request, column):
    # The parameter reaches the query; the constant bound later does not
    # change what was spliced.
    rows = conn.execute(f"SELECT * FROM items ORDER BY {column}").fetchall()
    column = "name"
    return rows


@app.route("/either")
def either_branch():
    # One branch binds the request value: it may reach the query.
    if request.args.get("default"):
        column = request.args["column"]
    else:
        column = "name"
    return conn.execute(f"SELECT * FROM items ORDER BY {column}").fetchall()


@app.route("/checked-then-rebound")
def checked_then_rebound():
    # The check validates the first value; the query splices the second.
    column = request.args["column"]
    if column not in SORTABLE_COLUMNS:
        raise ValueError("bad column")
    column = request.args["other"]
    return conn.execute(f"SELECT * FROM items ORDER BY {column}").fetchall()


# ok
def rebound_by_a_loop(request, table):
    # The loop rebinds `table` before each use: only literals reach the query.
    for table in ("items", "orders"):
        conn.execute(f"DELETE FROM {table}")


def rebound_with_annotation(request, column):
    column: str = "name"
    return conn.execute(f"SELECT * FROM items ORDER BY {column}").fetchall()
