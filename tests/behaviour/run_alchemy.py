"""Runs users_alchemy (original or fixed) against a fresh sqlite3 database
through SQLAlchemy and prints every call's outcome as JSON."""
import importlib.util
import json
import os
import sqlite3
import sys
import tempfile
import warnings

warnings.simplefilter("ignore")
spec = importlib.util.spec_from_file_location("users_alchemy", sys.argv[1])
dao = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dao)

PAYLOADS = ["x' OR '1'='1", "1 OR 1=1", "'; DROP TABLE users; --", "O'Brien"]


def fresh():
    path = os.path.join(tempfile.mkdtemp(), "app.db")
    engine = dao.make_engine("sqlite:///" + path)
    raw = engine.raw_connection()
    raw.executescript(
        """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, city TEXT);
        INSERT INTO users VALUES (1, 'alice', 'Oslo');
        INSERT INTO users VALUES (2, 'bob', 'Lima');
        INSERT INTO users VALUES (3, 'O''Brien', 'Cork');
        INSERT INTO users VALUES (4, 'carol%', 'Oslo');
        """
    )
    raw.commit()
    raw.close()
    return engine, path


def outcome(call):
    engine, path = fresh()
    try:
        result = {"rows": [list(row) for row in call(engine)]}
    except Exception as error:  # the original code fails on some inputs
        result = {"error": type(error).__name__}
    engine.dispose()
    check = sqlite3.connect(path)
    result["users_left"] = check.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'users'").fetchone()[0]
    check.close()
    return result


calls = {
    "by_name benign": lambda e: dao.by_name(e, "alice"),
    "by_city benign": lambda e: dao.by_city(e, "Oslo"),
    "search benign": lambda e: dao.search(e, "o"),
    "rename benign": lambda e: dao.rename(e, 2, "bobby"),
}
for payload in PAYLOADS:
    calls[f"by_name {payload!r}"] = lambda e, p=payload: dao.by_name(e, p)
    calls[f"by_city {payload!r}"] = lambda e, p=payload: dao.by_city(e, p)
    calls[f"search {payload!r}"] = lambda e, p=payload: dao.search(e, p)
    calls[f"rename {payload!r}"] = lambda e, p=payload: dao.rename(e, 1, p)

print(json.dumps({name: outcome(call) for name, call in calls.items()}, sort_keys=True))
