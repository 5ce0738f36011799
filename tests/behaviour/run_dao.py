"""Runs users_dao (original or fixed) against a fresh sqlite3 database and
prints every call's outcome as JSON: rows, or the exception's type."""
import sys

from sqlite_harness import PAYLOADS, load, report

dao = load("users_dao", sys.argv[1])

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

report(calls)
