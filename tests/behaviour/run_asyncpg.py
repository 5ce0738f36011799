"""Runs users_asyncpg (original or fixed) against a PostgreSQL server reached
through a Unix socket folder, with asyncpg; prints each call's outcome as JSON."""
import asyncio
import json
import sys

import asyncpg

from pg_harness import PAYLOADS, USERS, load

dao = load("users_asyncpg", sys.argv[1])
socket_dir, port = sys.argv[2], sys.argv[3]


async def outcome(call):
    conn = await asyncpg.connect(host=socket_dir, port=port, user="remedy", database="postgres")
    await conn.execute("DROP TABLE IF EXISTS users")
    for statement in USERS:
        await conn.execute(statement)
    try:
        result = {"rows": [list(row.values()) for row in await call(conn)]}
    except Exception as error:  # the original code fails on some inputs
        result = {"error": type(error).__name__}
    left = "SELECT count(*) FROM information_schema.tables WHERE table_name = 'users'"
    result["users_left"] = await conn.fetchval(left)
    await conn.close()
    return result


calls = {
    "by_name benign": lambda c: dao.by_name(c, "alice"),
    "search benign": lambda c: dao.search(c, "o"),
    "by_role_cursor benign": lambda c: dao.by_role_cursor(c, "user"),
    "older_than '30'": lambda c: dao.older_than(c, "30"),
}
for payload in PAYLOADS:
    for name in ("by_name", "search", "by_role_cursor"):
        calls[f"{name} {payload!r}"] = lambda c, p=payload, f=getattr(dao, name): f(c, p)


async def main():
    return {name: await outcome(call) for name, call in calls.items()}


print(json.dumps(asyncio.run(main()), indent=1, sort_keys=True))
