"""Runs users_pg (original or fixed) against a PostgreSQL server reached
through a Unix socket folder; prints each call's outcome as JSON."""
import importlib.util
import json
import sys

import psycopg2

spec = importlib.util.spec_from_file_location("users_pg", sys.argv[1])
dao = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dao)
socket_dir, port = sys.argv[2], sys.argv[3]


def fresh():
    conn = psycopg2.connect(host=socket_dir, port=port, user="remedy", dbname="postgres")
    cur = conn.cursor()
    cur.execute("DROP TABLE IF EXISTS users")
    cur.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, role TEXT, note TEXT)")
    cur.execute(
        "INSERT INTO users VALUES (1, 'alice', 'admin', '100% sure'), (2, 'bob', 'user', '50%'),"
        " (3, 'O''Brien', 'user', 'x'), (4, 'carol', 'user', 'y')"
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
    "find benign": lambda c: dao.find(c, name="bob", min_id=1),
    "find none": lambda c: dao.find(c),
}
for payload in ["x' OR '1'='1", "'; DROP TABLE users; --", "O'Brien"]:
    for name in ("by_name", "by_role", "search"):
        calls[f"{name} {payload!r}"] = lambda c, p=payload, f=getattr(dao, name): f(c, p)
    calls[f"find {payload!r}"] = lambda c, p=payload: dao.find(c, name=p)
calls["find '1 OR 1=1'"] = lambda c: dao.find(c, min_id="1 OR 1=1")
print(json.dumps({name: outcome(call) for name, call in calls.items()}, indent=1, sort_keys=True))
