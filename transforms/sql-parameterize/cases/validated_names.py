import re
import sqlite3
import string

NAME_CHARACTERS = string.ascii_letters + string.digits + "_"
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KNOWN_TABLES = ("users", "groups")

# ok


def validate_savepoint_name(name):
    # piccolo's validator: letters, digits and `_` only, or it raises.
    if not all(c in NAME_CHARACTERS for c in name):
        raise ValueError("bad savepoint name")


class Store:
    def __init__(self, path):
        self._conn = sqlite3.connect(path)

    def columns(self, table_name):
        # itemdb: the name is checked before it is spliced.
        if not isinstance(table_name, str):
            raise TypeError("table name must be str")
        elif not table_name.isidentifier():
            raise ValueError("table name must be an identifier")
        return self._conn.execute(f"PRAGMA table_info('{table_name}')").fetchall()

    def savepoint(self, name):
        validate_savepoint_name(name)
        self._conn.execute(f"SAVEPOINT {name}")

    def count(self, table):
        if table not in KNOWN_TABLES:
            raise ValueError(table)
        return self._conn.execute("SELECT COUNT(*) FROM " + table).fetchone()[0]

    def drop(self, column):
        if not re.fullmatch(r"[a-z_]+", column):
            raise ValueError(column)
        self._conn.execute("ALTER TABLE t DROP COLUMN %s" % column)

    def rename(self, column):
        if column is None or not NAME.match(column):
            raise ValueError(column)
        self._conn.execute(f"ALTER TABLE t RENAME COLUMN {column} TO old_{column}")


def validate_name(name):
    # MySQL Connector's AI utilities: checked, then handed back.
    if not (isinstance(name, str) and re.match(r"^[A-Za-z0-9_]+$", name)):
        raise ValueError(f"Unsupported name format {name}")
    return name


def insert_rows(conn, schema_name, table_name, rows):
    validate_name(schema_name)
    validate_name(table_name)
    qualified_table_name = f"{schema_name}.{table_name}"
    for row in rows:
        conn.execute(f"INSERT INTO {qualified_table_name} (a) VALUES (?)", (row,))


def list_tables(conn, uri):
    # mysql_mcp_server: the validator's result is the name it checked.
    database = validate_name(uri.split("/")[1])
    conn.execute(f"USE `{database}`")
    table = validate_name(uri.split("/")[2])
    return conn.execute(f"SELECT * FROM `{table}` LIMIT 100").fetchall()


# error


def validate_or_default(name):
    # Hands back something other than what it checked.
    if not re.match(r"^[A-Za-z0-9_]+$", name):
        raise ValueError(name)
    return name.strip() or "users"


def list_other_tables(conn, uri):
    table = validate_or_default(uri.split("/")[2])
    return conn.execute(f"SELECT * FROM `{table}` LIMIT 100").fetchall()


def validate_unless_empty(name):
    # Returns before the check: an empty name and others go through unchecked.
    if name == "":
        return
    if not name.isidentifier():
        raise ValueError(name)


class Loose:
    def __init__(self, path):
        self._conn = sqlite3.connect(path)

    def prefix_only(self, table):
        # `match` without `$` checks the start of the name only.
        if not re.match(r"[a-z]+", table):
            raise ValueError(table)
        return self._conn.execute(f"SELECT * FROM {table}").fetchall()

    def warned(self, table):
        # Logged, not refused.
        if not table.isidentifier():
            print("odd table name")
        return self._conn.execute(f"SELECT * FROM {table}").fetchall()

    def rebound(self, table, suffix):
        if not table.isidentifier():
            raise ValueError(table)
        table = table + suffix
        return self._conn.execute(f"SELECT * FROM {table}").fetchall()

    def checked_late(self, table):
        validate_unless_empty(table)
        return self._conn.execute(f"SELECT * FROM {table}").fetchall()

    def dotted(self, table):
        # `.` lets anything through.
        if not re.fullmatch(r".+", table):
            raise ValueError(table)
        return self._conn.execute(f"SELECT * FROM {table}").fetchall()

    def multiline(self, table):
        # With re.MULTILINE, `$` ends the first line: "users\n; DROP …" passes.
        if not re.match(r"^[a-z]+$", table, re.MULTILINE):
            raise ValueError(table)
        return self._conn.execute(f"SELECT * FROM {table}").fetchall()

    def negated(self, table):
        # `[^x]` lets quotes, spaces and comments through.
        if not re.fullmatch(r"[^x]+", table):
            raise ValueError(table)
        return self._conn.execute(f"SELECT * FROM {table}").fetchall()


# ok


SORTABLE = ("name", "age")
DIRECTIONS = {"asc": "ASC", "desc": "DESC"}


def sorted_people(conn, sort):
    # The default replaces anything not allowed.
    if sort not in SORTABLE:
        sort = "name"
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()


def sorted_when_allowed(conn, sort):
    if sort in SORTABLE:
        return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()
    return []


def sorted_by_choice(conn, sort):
    sort = sort if sort in SORTABLE else "name"
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()


def sorted_or_nothing(conn, sort):
    if sort not in SORTABLE:
        return []
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()


def each_allowed(conn, columns):
    for column in columns:
        if column not in DIRECTIONS:
            continue
        conn.execute(f"UPDATE people SET {column} = NULL")


def second_branch(conn, mode, sort):
    if mode == "count":
        return conn.execute("SELECT count(*) FROM people").fetchone()
    elif sort in SORTABLE and mode == "list":
        return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()
    return None


# error


def defaulted_then_changed(conn, sort, suffix):
    if sort not in SORTABLE:
        sort = "name"
    sort = sort + suffix
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()


def default_from_input(conn, sort, fallback):
    # The default is no program constant.
    if sort not in SORTABLE:
        sort = fallback
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()


def default_or_else(conn, sort):
    # The `else` writes something else.
    if sort not in SORTABLE:
        sort = "name"
    else:
        sort = sort.strip()
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()


def checked_then_outside(conn, sort):
    # The use is past the `if`, not inside it.
    if sort in SORTABLE:
        print("sorting by", sort)
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()


def other_name_checked(conn, sort, column):
    if column in SORTABLE:
        return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()
    return []


def either_test(conn, sort):
    # `or`: the second test lets anything starting with "x" through.
    if sort in SORTABLE or sort.startswith("x"):
        return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()
    return []


def rewritten_inside(conn, sort, request):
    if sort in SORTABLE:
        sort = request.args["sort"]
        return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()
    return []


def inverted_choice(conn, sort):
    # The name is kept exactly when it is not allowed.
    sort = sort if sort not in SORTABLE else "name"
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()


def substring_test(conn, sort):
    # `in` on a string tests for a substring: "name; DROP" is not in it, but "am" is.
    if sort in "name,age":
        return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()
    return []


def logged_only(conn, sort):
    if sort not in SORTABLE:
        print("odd sort", sort)
    return conn.execute(f"SELECT * FROM people ORDER BY {sort}").fetchall()

# ok


RESERVED_RE = re.compile(r"^pg_", re.IGNORECASE)


def is_valid_identifier(identifier):
    "Checks the validity of an identifier."
    identifier_re = re.compile(r"^[_a-zA-Z][_a-zA-Z0-9]{,62}$")
    return bool(identifier_re.match(identifier))


def is_valid_schema_name(name):
    return is_valid_identifier(name) and not RESERVED_RE.match(name)


def check_schema_name(name):
    if not is_valid_schema_name(name):
        raise ValueError("Invalid string used for the schema name.")


def create_schema(conn, schema_name):
    check_schema_name(schema_name)
    conn.execute("ATTACH DATABASE ':memory:' AS %s" % schema_name)


def create_checked_here(conn, schema_name):
    if not is_valid_identifier(schema_name):
        raise ValueError("bad name")
    conn.execute("ATTACH DATABASE ':memory:' AS %s" % schema_name)

# error


def starts_like_a_name(name):
    return bool(re.match(r"^[a-z]+", name))


def is_valid_or_blank(name):
    return is_valid_identifier(name) or name == ""


def check_prefix(name):
    if not starts_like_a_name(name):
        raise ValueError("bad name")


def check_or_blank(name):
    if not is_valid_or_blank(name):
        raise ValueError("bad name")


def attach_prefix_checked(conn, schema_name):
    check_prefix(schema_name)
    conn.execute("ATTACH DATABASE ':memory:' AS %s" % schema_name)


def attach_blank_allowed(conn, schema_name):
    check_or_blank(schema_name)
    conn.execute("ATTACH DATABASE ':memory:' AS %s" % schema_name)


def attach_other_checked(conn, schema_name, alias):
    check_schema_name(alias)
    conn.execute("ATTACH DATABASE ':memory:' AS %s" % schema_name)
