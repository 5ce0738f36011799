"""Runs users_pg (original or fixed) against a PostgreSQL server reached
through a Unix socket folder, with psycopg2; prints each call's outcome as JSON."""
import sys

import psycopg2

from pg_harness import PAYLOADS, load, report

dao = load("users_pg", sys.argv[1])
socket_dir, port = sys.argv[2], sys.argv[3]


def connect():
    return psycopg2.connect(host=socket_dir, port=port, user="remedy", dbname="postgres")


calls = {
    "by_name benign": lambda c: dao.by_name(c, "alice"),
    "by_role benign": lambda c: dao.by_role(c, "user"),
    "search benign": lambda c: dao.search(c, "o"),
    "find benign": lambda c: dao.find(c, name="bob", min_id=1),
    "find none": lambda c: dao.find(c),
}
for payload in PAYLOADS:
    for name in ("by_name", "by_role", "search"):
        calls[f"{name} {payload!r}"] = lambda c, p=payload, f=getattr(dao, name): f(c, p)
    calls[f"find {payload!r}"] = lambda c, p=payload: dao.find(c, name=p)
calls["find '1 OR 1=1'"] = lambda c: dao.find(c, min_id="1 OR 1=1")
report(connect, calls)
