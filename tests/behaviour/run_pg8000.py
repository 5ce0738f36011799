"""Runs users_pg8000 (original or fixed) against a PostgreSQL server reached
through a Unix socket; prints each call's outcome as JSON."""
import importlib.util
import json
import sys

import pg8000.dbapi

spec = importlib.util.spec_from_file_location("users_pg8000", sys.argv[1])
dao = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dao)
socket_dir, port = sys.argv[2], sys.argv[3]


def connect():
    return pg8000.dbapi.connect(
        user="remedy", database="postgres", unix_sock=f"{socket_dir}/.s.PGSQL.{port}"
    )


def fresh():
    conn = connect()
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS users")
    cur.execute(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, role TEXT, note TEXT, age INTEGER)"
    )
    cur.execute(
        "INSERT INTO users VALUES (1, 'alice', 'admin', '100% sure', 41), (2, 'bob', 'user', '50%', 29),"
        " (3, 'O''Brien', 'user', 'x', 35), (4, 'carol', 'user', 'y', 52)"
    )
    conn.commit()
    return conn


def outcome(call):
    conn = fresh()
    try:
        result = {"rows": [list(row) for row in call(conn)]}
    except Exception as error:
        conn.rollback()
        result = {"error": type(error).__name__}
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'")
    result["users_left"] = cur.fetchone()[0]
    conn.close()
    return result


calls = {
    "by_name benign": lambda c: dao.by_name(c, "alice"),
    "by_role benign": lambda c: dao.by_role(c, "user"),
    "search benign": lambda c: dao.search(c, "o"),
    "older_than benign": lambda c: dao.older_than(c, "30"),
}
for payload in ["x' OR '1'='1", "'; DROP TABLE users; --", "O'Brien"]:
    for name in ("by_name", "by_role", "search"):
        calls[f"{name} {payload!r}"] = lambda c, p=payload, f=getattr(dao, name): f(c, p)
calls["older_than '0 OR 1=1'"] = lambda c: dao.older_than(c, "0 OR 1=1")
calls["older_than '0; DROP TABLE users'"] = lambda c: dao.older_than(c, "0; DROP TABLE users")
print(json.dumps({name: outcome(call) for name, call in calls.items()}, indent=1, sort_keys=True))
