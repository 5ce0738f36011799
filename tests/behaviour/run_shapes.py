"""Runs shapes_dao (original or fixed) against a fresh sqlite3 database and
prints every call's outcome as JSON: rows, or the exception's type."""
import importlib.util
import json
import sqlite3
import sys

spec = importlib.util.spec_from_file_location("shapes_dao", sys.argv[1])
dao = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dao)

PAYLOADS = ["x' OR '1'='1", "1 OR 1=1", "'; DROP TABLE users; --", "O'Brien"]


def fresh():
    conn = sqlite3.connect(":memory:")
    conn.executescript(
        """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, city TEXT, role TEXT);
        CREATE TABLE cities (name TEXT);
        INSERT INTO users VALUES (1, 'alice', 'Oslo', 'admin');
        INSERT INTO users VALUES (2, 'bob', 'Lima', 'user');
        INSERT INTO users VALUES (3, 'O''Brien', 'Cork', 'user');
        INSERT INTO users VALUES (4, 'carol%', 'Oslo', 'user');
        INSERT INTO cities VALUES ('Oslo');
        INSERT INTO cities VALUES ('Lima');
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
    "step benign": lambda c: dao.step_built(c, "alice", "Oslo"),
    "step no city": lambda c: dao.step_built(c, "bob"),
    "several benign": lambda c: dao.several(c, "a", "Oslo"),
    "several no city": lambda c: dao.several(c, "", limit=2),
    "mapping benign": lambda c: dao.by_mapping(c, 2),
    "mapping quoted benign": lambda c: dao.by_mapping_quoted(c, "Oslo"),
    "stripped benign": lambda c: dao.stripped(c, "user"),
    "marker benign": lambda c: dao.marker(c, "Oslo"),
    "many benign": lambda c: dao.add_many(c, [("dan", "Rome"), ("eve", "Pisa")], "b1"),
    "across benign": lambda c: dao.across(c, "bob", "Oslo"),
}
for payload in PAYLOADS:
    calls[f"step {payload!r}"] = lambda c, p=payload: dao.step_built(c, p, p)
    calls[f"several {payload!r}"] = lambda c, p=payload: dao.several(c, p, p)
    calls[f"mapping quoted {payload!r}"] = lambda c, p=payload: dao.by_mapping_quoted(c, p)
    calls[f"stripped {payload!r}"] = lambda c, p=payload: dao.stripped(c, p)
    calls[f"marker {payload!r}"] = lambda c, p=payload: dao.marker(c, p)
    calls[f"across {payload!r}"] = lambda c, p=payload: dao.across(c, p, p)
    calls[f"many {payload!r}"] = lambda c, p=payload: dao.add_many(c, [("dan", "Rome")], p)
calls["mapping '1 OR 1=1'"] = lambda c: dao.by_mapping(c, "1 OR 1=1")

print(json.dumps({name: outcome(call) for name, call in calls.items()}, indent=1, sort_keys=True))
