"""Runs criteria_alchemy (original or fixed) against a fresh sqlite3
database through SQLAlchemy and prints every call's outcome as JSON, with
the rows the same question gives when asked with bound parameters on
sqlite3 directly ("expected")."""
import json
import os
import sqlite3
import sys
import tempfile
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sqlite_harness import PAYLOADS, load  # noqa: E402

warnings.simplefilter("ignore")
dao = load("criteria_alchemy", sys.argv[1])

USERS = """
    CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, city TEXT);
    INSERT INTO users VALUES (1, 'alice', 'Oslo');
    INSERT INTO users VALUES (2, 'bob', 'Lima');
    INSERT INTO users VALUES (3, 'O''Brien', 'Cork');
    INSERT INTO users VALUES (4, 'carol%', 'Oslo');
"""


def outcome(call, sql, params):
    path = os.path.join(tempfile.mkdtemp(), "app.db")
    setup = sqlite3.connect(path)
    setup.executescript(USERS)
    expected = [list(row) for row in setup.execute(sql, params)]
    setup.close()
    engine = dao.make_engine("sqlite:///" + path)
    try:
        result = {"rows": [list(row) for row in call(engine)]}
    except Exception as error:  # the original code fails on some inputs
        result = {"error": type(error).__name__}
    engine.dispose()
    check = sqlite3.connect(path)
    result["users_left"] = check.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'users'").fetchone()[0]
    check.close()
    result["expected"] = expected
    return result


BY_NAME = "SELECT id, name FROM users WHERE name = ? ORDER BY id"
IN_CITY = "SELECT id, name FROM users WHERE city = ? AND name = ?"
NOT_IN = "SELECT id, name FROM users WHERE name = ? AND city <> ?"
ABOVE = "SELECT id, name FROM users WHERE id > ? ORDER BY id"
calls = {
    "by_name benign": (lambda e: dao.by_name(e, "alice"), BY_NAME, ("alice",)),
    "in_city_named benign": (lambda e: dao.in_city_named(e, "Oslo", "carol%"), IN_CITY, ("Oslo", "carol%")),
    "in_city_named other city": (lambda e: dao.in_city_named(e, "Lima", "alice"), IN_CITY, ("Lima", "alice")),
    "named_not_in benign": (lambda e: dao.named_not_in(e, "alice", "Lima"), NOT_IN, ("alice", "Lima")),
    "named_not_in excluded": (lambda e: dao.named_not_in(e, "alice", "Oslo"), NOT_IN, ("alice", "Oslo")),
    "above benign": (lambda e: dao.above(e, "2"), ABOVE, (2,)),
}
for payload in PAYLOADS:
    calls[f"by_name {payload!r}"] = (lambda e, p=payload: dao.by_name(e, p), BY_NAME, (payload,))
    calls[f"in_city_named {payload!r}"] = (
        lambda e, p=payload: dao.in_city_named(e, "Oslo", p),
        IN_CITY,
        ("Oslo", payload),
    )
    calls[f"named_not_in {payload!r}"] = (
        lambda e, p=payload: dao.named_not_in(e, p, p),
        NOT_IN,
        (payload, payload),
    )

print(json.dumps({name: outcome(*call) for name, call in calls.items()}, indent=1, sort_keys=True))
