import asyncpg

# error


async def count(dsn):
    conn = await asyncpg.connect(dsn)
    total = await conn.fetchval("SELECT count(*) FROM users")
    await conn.close()
    return total
# scope: unhandled
