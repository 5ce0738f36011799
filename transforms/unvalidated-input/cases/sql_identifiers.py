import enum
import sqlite3

from flask import Flask, request

app = Flask(__name__)
conn = sqlite3.connect("app.db")

SORTABLE_COLUMNS = ("name", "created_at", "price")
DIRECTIONS = frozenset({"ASC", "DESC"})
TABLES = {"users": "User", "orders": "Order"}


class ReportKind(enum.Enum):
    DAILY = "daily_report"
    WEEKLY = "weekly_report"


# error
def make_attribute_table(request, flex_table):
    # The table name is spliced twice: one finding.
    conn.executescript(
        """CREATE TABLE IF NOT EXISTS {0} (entity_id INTEGER, key TEXT);
        CREATE INDEX IF NOT EXISTS {0}_by_entity ON {0} (entity_id);""".format(flex_table)
    )


def list_products(request, sort_column, direction, limit):
    cur = conn.cursor()
    cur.execute(f"SELECT * FROM products ORDER BY {sort_column} {direction} LIMIT {limit}")
    return cur.fetchall()


def count_rows(request, table):
    sql = "SELECT COUNT(*) FROM " + table
    return conn.execute(sql).fetchone()


def load_report(request, kind, day):
    return conn.execute("SELECT * FROM %s WHERE day = ?" % kind, (day,)).fetchall()


@app.route("/search")
def search():
    column = request.args.get("column", "name")
    rows = conn.execute(
        'SELECT id FROM items WHERE {} = ?'.format(column), (request.args["q"],)
    ).fetchall()
    offset = request.args["offset"]
    page = conn.execute(f"SELECT id FROM items LIMIT 10 OFFSET {offset}").fetchall()
    return {"rows": rows, "page": page}

# ok
def list_checked(request, sort_column, direction):
    if sort_column not in SORTABLE_COLUMNS or direction.upper() not in DIRECTIONS:
        raise ValueError("bad sort")
    return conn.execute(f"SELECT * FROM products ORDER BY {sort_column} {direction}").fetchall()


def by_id(request, item_id, name):
    return conn.execute(f"SELECT * FROM items WHERE id = {item_id} AND name = '{name}'").fetchall()


def limited(request, limit: int, offset):
    offset = int(offset)
    return conn.execute(f"SELECT * FROM items LIMIT {limit} OFFSET {offset}").fetchall()


def from_mapping(request, kind):
    table = TABLES[kind]
    return conn.execute(f"SELECT * FROM {table}").fetchall()


def not_sql(request, name):
    return f"select the {name} from the list"


@app.route("/page")
def page():
    limit = request.args.get("limit", type=int)
    return conn.execute(f"SELECT * FROM items LIMIT {limit}").fetchall()


def by_ids(request, ids):
    placeholders = ", ".join("?" for _ in ids)
    return conn.execute("SELECT * FROM items WHERE id IN ({})".format(placeholders), ids).fetchall()


def by_sql_value(request, value):
    return conn.execute("SELECT * FROM items WHERE name = '%s'" % value).fetchall()


def with_self(self, order):
    return conn.execute(f"SELECT * FROM {self.table}").fetchall()

# error
def sorted_items(request, cursor, base_query, order_column):
    cursor.execute(base_query + " ORDER BY " + order_column)
    return cursor.fetchall()

# ok
def render_help(request, order_column):
    return "sorted by " + order_column

# error
def export(request, table_name, cursor):
    cursor.execute(f"SELECT COUNT(*) FROM {table_name}")
    total = cursor.fetchone()
    cursor.execute(f"SELECT * FROM {table_name}")
    return total, cursor.fetchall()


def first_value(request, value_column, flag):
    if flag:
        return None
    elif conn.execute(f"SELECT {value_column} FROM items").fetchone():
        return 1
    with conn.execute(f"SELECT {value_column} FROM items ORDER BY id") as rows:
        return rows


def lower_case_query(request, table):
    # SQL written in lower case, built before the call that runs it: it
    # parses as SQL, so it is read as SQL.
    query = "select count(*) from {}".format(table)
    return conn.execute(query).fetchone()

# ok
def replace(request, from_idx, to_idx, size):
    # An error message that starts with an SQL keyword is not SQL: it does
    # not parse as a statement.
    raise ValueError("replace: range invalid: {}..{}(size={})".format(from_idx, to_idx, size))


def update_message(request, count):
    return "Update finished: {} rows".format(count)
