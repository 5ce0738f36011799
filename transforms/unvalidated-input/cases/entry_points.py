"""Parameters are input where data enters the program: routes, commands,
views and `main`. A library function's parameters come from its callers."""
import sqlite3

import click
from django.views import View
from flask import Flask

app = Flask(__name__)
conn = sqlite3.connect("app.db")

# error


@app.route("/rows/<table>")
def rows(table):
    return conn.execute(f"SELECT * FROM {table}").fetchall()


@click.command()
@click.argument("table")
def drop(table):
    conn.execute("DROP TABLE %s" % table)


class Listing(View):
    def get(self, request, column):
        return conn.execute(f"SELECT * FROM items ORDER BY {column}").fetchall()


def main(table):
    print(conn.execute("SELECT COUNT(*) FROM " + table).fetchone())


# ok


def count_rows(table):
    # A library's API that takes a table name: its callers decide.
    return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()


class Cache:
    def get(self, table):
        # `get` of a class that is no view.
        return conn.execute(f"SELECT * FROM {table}").fetchall()


@app.route("/tables")
def tables():
    def sorted_by(column):
        # A function nested in a route is no route.
        return conn.execute(f"SELECT * FROM t ORDER BY {column}").fetchall()

    return sorted_by("name")
