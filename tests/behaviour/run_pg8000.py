"""Runs users_pg8000 (original or fixed) against a PostgreSQL server reached
through a Unix socket, with pg8000; prints each call's outcome as JSON."""
import sys

import pg8000.dbapi

from pg_harness import PAYLOADS, load, report

dao = load("users_pg8000", sys.argv[1])
socket_dir, port = sys.argv[2], sys.argv[3]


def connect():
    return pg8000.dbapi.connect(
        user="remedy", database="postgres", unix_sock=f"{socket_dir}/.s.PGSQL.{port}"
    )


calls = {
    "by_name benign": lambda c: dao.by_name(c, "alice"),
    "by_role benign": lambda c: dao.by_role(c, "user"),
    "search benign": lambda c: dao.search(c, "o"),
    "older_than benign": lambda c: dao.older_than(c, "30"),
}
for payload in PAYLOADS:
    for name in ("by_name", "by_role", "search"):
        calls[f"{name} {payload!r}"] = lambda c, p=payload, f=getattr(dao, name): f(c, p)
calls["older_than '0 OR 1=1'"] = lambda c: dao.older_than(c, "0 OR 1=1")
calls["older_than '0; DROP TABLE users'"] = lambda c: dao.older_than(c, "0; DROP TABLE users")
report(connect, calls)
