"""A legacy DAO over asyncpg: queries built from strings."""
import asyncpg


async def by_name(conn, name):
    return await conn.fetch("SELECT id, name FROM users WHERE name = '" + name + "' ORDER BY id")


async def search(conn, term):
    return await conn.fetch(f"SELECT name FROM users WHERE name LIKE '%{term}%' ORDER BY name")


async def by_role_cursor(conn, role):
    rows = []
    async with conn.transaction():
        async for row in conn.cursor("SELECT id FROM users WHERE role = '%s' ORDER BY id" % role):
            rows.append(row)
    return rows


async def older_than(conn, age):
    # The age arrives as text (a query-string value) and was spliced bare.
    return await conn.fetch("SELECT name FROM users WHERE age > " + age + " ORDER BY name")
