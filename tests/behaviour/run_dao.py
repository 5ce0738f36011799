"""Runs users_dao (original or fixed) against a fresh sqlite3 database and
prints every call's outcome as JSON: rows, or the exception's type."""
import importlib.util
import json
import sqlite3
import sys

spec = importlib.util.spec_from_file_location("users_dao", sys.argv[1])
dao = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dao)

PAYLOADS = ["x' OR '1'='1", "1 OR 1=1", "'; DROP TABLE users; --", "O'Brien"]


def fresh():
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, city TEXT, role TEXT);
        INSERT INTO users VALUES (1, 'alice', 'Oslo', 'admin');
        INSERT INTO users VALUES (2, 'bob', 'Lima', 'user');
        INSERT INTO users VALUES (3, 'O''Brien', 'Cork', 'user');
        INSERT INTO users VALUES (4, 'carol%', 'Oslo', 'user');
        """
    )
    return conn


def outcome(call):
    conn = fresh()
    try:
        result = {"rows": [list(row) for row in call(conn)]}
    except Exception as error:  # the original code fails on some inputs
        result = {"error": type(error).__name__}
    result["users_left"] = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'users'").fetchone()[0]
    return result


calls = {
    "by_name benign": lambda c: dao.by_name(c, "alice"),
    "by_id benign": lambda c: dao.by_id(c, 2),
    "by_role benign": lambda c: dao.by_role(c, "user"),
    "by_city benign": lambda c: dao.by_city_format(c, "Oslo"),
    "fstring benign": lambda c: dao.by_name_fstring(c, "bob", 1),
    "search benign": lambda c: dao.search(c, "o"),
    "find benign": lambda c: dao.find(c, city="Oslo", role="user"),
    "find none": lambda c: dao.find(c),
    "rename benign": lambda c: [dao.rename(c, 2, "bobby")],
    "sorted benign": lambda c: dao.sorted_in_city(c, "Oslo", "name"),
    "record benign": lambda c: dao.by_record(c, {"name": "bob"}),
}
for payload in PAYLOADS:
    calls[f"by_name {payload!r}"] = lambda c, p=payload: dao.by_name(c, p)
    calls[f"by_role {payload!r}"] = lambda c, p=payload: dao.by_role(c, p)
    calls[f"by_city {payload!r}"] = lambda c, p=payload: dao.by_city_format(c, p)
    calls[f"fstring {payload!r}"] = lambda c, p=payload: dao.by_name_fstring(c, p, 0)
    calls[f"search {payload!r}"] = lambda c, p=payload: dao.search(c, p)
    calls[f"find {payload!r}"] = lambda c, p=payload: dao.find(c, name=p)
    calls[f"rename {payload!r}"] = lambda c, p=payload: [dao.rename(c, 1, p)]
    calls[f"sorted {payload!r}"] = lambda c, p=payload: dao.sorted_in_city(c, p, "name")
    calls[f"record {payload!r}"] = lambda c, p=payload: dao.by_record(c, {"name": p})
calls["by_id '1 OR 1=1'"] = lambda c: dao.by_id(c, "1 OR 1=1")

print(json.dumps({name: outcome(call) for name, call in calls.items()}, indent=1, sort_keys=True))
