"""Runs grammar_dao (original or fixed) against a sqlite3 database file and
prints every call's outcome as JSON: rows, or the exception's type."""
import importlib.util
import json
import os
import sqlite3
import sys
import tempfile

spec = importlib.util.spec_from_file_location("grammar_dao", sys.argv[1])
dao = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dao)

folder = tempfile.mkdtemp()
PATH = os.path.join(folder, "app.db")
conn = sqlite3.connect(PATH)
conn.executescript(
    """
    CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, city TEXT, role TEXT);
    INSERT INTO users VALUES (1, 'alice', 'Oslo', 'admin');
    INSERT INTO users VALUES (2, 'bob', 'Lima', 'user');
    INSERT INTO users VALUES (3, 'O''Brien', 'Cork', 'user');
    INSERT INTO users VALUES (4, 'carol', 'Oslo', 'user');
    """
)
conn.commit()
conn.close()


def outcome(call):
    try:
        return {"rows": [list(row) for row in call()]}
    except Exception as error:  # noqa: BLE001
        return {"error": type(error).__name__}


results = {
    "sorted benign": outcome(lambda: dao.by_city_sorted(PATH, "Oslo", "name")),
    "sorted payload": outcome(lambda: dao.by_city_sorted(PATH, "x' OR '1'='1", "id")),
    "sorted apostrophe": outcome(lambda: dao.by_city_sorted(PATH, "O'Brien", "id")),
    "range benign": outcome(lambda: dao.in_range(PATH, "1", "3", "2")),
    "range payload": outcome(lambda: dao.in_range(PATH, "5", "0 OR 1=1", "10")),
    "role benign": outcome(lambda: dao.by_role_subquery(PATH, "user")),
    "role payload": outcome(lambda: dao.by_role_subquery(PATH, "x' OR '1'='1")),
    "table benign": outcome(lambda: dao.by_name_from_table(PATH, "users", "bob")),
    "table payload": outcome(lambda: dao.by_name_from_table(PATH, "users", "x' OR '1'='1")),
    "table apostrophe": outcome(lambda: dao.by_name_from_table(PATH, "users", "O'Brien")),
    "template benign": outcome(lambda: dao.by_name_template(PATH, "bob")),
    "template payload": outcome(lambda: dao.by_name_template(PATH, "x' OR '1'='1")),
    "template apostrophe": outcome(lambda: dao.by_name_template(PATH, "O'Brien")),
}
print(json.dumps(results))
