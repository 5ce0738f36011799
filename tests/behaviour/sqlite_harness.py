"""What the sqlite3 behaviour harnesses (run_dao.py, run_shapes.py) share:
loading the module under test, a fresh database of users, the injection
payloads, and printing every call's outcome as JSON: rows, or the
exception's type, and whether the users table survived."""
import importlib.util
import json
import sqlite3

PAYLOADS = ["x' OR '1'='1", "1 OR 1=1", "'; DROP TABLE users; --", "O'Brien"]

USERS = """
    CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, city TEXT, role TEXT);
    INSERT INTO users VALUES (1, 'alice', 'Oslo', 'admin');
    INSERT INTO users VALUES (2, 'bob', 'Lima', 'user');
    INSERT INTO users VALUES (3, 'O''Brien', 'Cork', 'user');
    INSERT INTO users VALUES (4, 'carol%', 'Oslo', 'user');
"""


def load(name, path):
    """The module at `path` (original or fixed), imported as `name`."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def outcome(call, extra_tables):
    conn = sqlite3.connect(":memory:")
    conn.executescript(USERS + extra_tables)
    try:
        result = {"rows": [list(row) for row in call(conn)]}
    except Exception as error:  # the original code fails on some inputs
        result = {"error": type(error).__name__}
    result["users_left"] = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'users'").fetchone()[0]
    return result


def report(calls, extra_tables=""):
    """Runs each call on a fresh database (the users, then `extra_tables`) and prints the outcomes."""
    print(json.dumps({name: outcome(call, extra_tables) for name, call in calls.items()}, indent=1, sort_keys=True))
