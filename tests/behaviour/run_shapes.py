"""Runs shapes_dao (original or fixed) against a fresh sqlite3 database and
prints every call's outcome as JSON: rows, or the exception's type."""
import sys

from sqlite_harness import PAYLOADS, load, report

dao = load("shapes_dao", sys.argv[1])

CITIES = """
    CREATE TABLE cities (name TEXT);
    INSERT INTO cities VALUES ('Oslo');
    INSERT INTO cities VALUES ('Lima');
"""

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
    "filtered benign": lambda c: dao.filtered(c, city="Oslo", role="user"),
    "filtered none": lambda c: dao.filtered(c),
    "reused benign": lambda c: dao.reused_name(c, "alice", "Oslo"),
}
for payload in PAYLOADS:
    calls[f"step {payload!r}"] = lambda c, p=payload: dao.step_built(c, p, p)
    calls[f"several {payload!r}"] = lambda c, p=payload: dao.several(c, p, p)
    calls[f"mapping quoted {payload!r}"] = lambda c, p=payload: dao.by_mapping_quoted(c, p)
    calls[f"stripped {payload!r}"] = lambda c, p=payload: dao.stripped(c, p)
    calls[f"marker {payload!r}"] = lambda c, p=payload: dao.marker(c, p)
    calls[f"across {payload!r}"] = lambda c, p=payload: dao.across(c, p, p)
    calls[f"filtered {payload!r}"] = lambda c, p=payload: dao.filtered(c, name=p, role=p)
    calls[f"reused {payload!r}"] = lambda c, p=payload: dao.reused_name(c, p, p)
    calls[f"many {payload!r}"] = lambda c, p=payload: dao.add_many(c, [("dan", "Rome")], p)
calls["mapping '1 OR 1=1'"] = lambda c: dao.by_mapping(c, "1 OR 1=1")

report(calls, CITIES)
