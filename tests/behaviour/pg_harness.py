"""What the PostgreSQL behaviour harnesses (run_pg.py, run_pg8000.py)
share: loading the DAO under test, a fresh users table on the private
server, and printing every call's outcome as JSON: rows, or the
exception's type, and whether the users table survived."""
import importlib.util
import json

PAYLOADS = ["x' OR '1'='1", "'; DROP TABLE users; --", "O'Brien"]

USERS = (
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, role TEXT, note TEXT, age INTEGER)",
    "INSERT INTO users VALUES (1, 'alice', 'admin', '100% sure', 41), (2, 'bob', 'user', '50%', 29),"
    " (3, 'O''Brien', 'user', 'x', 35), (4, 'carol', 'user', 'y', 52)",
)


def load(name, path):
    """The module at `path` (original or fixed), imported as `name`."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fresh(connect):
    conn = connect()
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS users")
    for statement in USERS:
        cur.execute(statement)
    conn.commit()
    return conn


def outcome(connect, call):
    conn = fresh(connect)
    try:
        result = {"rows": [list(row) for row in call(conn)]}
    except Exception as error:  # the original code fails on some inputs
        conn.rollback()
        result = {"error": type(error).__name__}
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'")
    result["users_left"] = cur.fetchone()[0]
    conn.close()
    return result


def report(connect, calls):
    """Runs each call on a fresh users table and prints the outcomes."""
    print(json.dumps({name: outcome(connect, call) for name, call in calls.items()}, indent=1, sort_keys=True))
