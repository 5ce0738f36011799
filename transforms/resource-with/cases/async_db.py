import aiomysql
import aiopg
import asyncpg

# error


async def count(dsn):
    conn = await aiopg.connect(dsn)
    cur = await conn.cursor()
    await cur.execute("SELECT count(*) FROM users")
    (n,) = await cur.fetchone()
    cur.close()
    conn.close()
    return n


async def names(pool_args):
    conn = await aiomysql.connect(**pool_args)
    cur = await conn.cursor()
    await cur.execute("SELECT name FROM users")
    rows = await cur.fetchall()
    conn.close()
    return rows


# ok


async def pg(dsn):
    conn = await asyncpg.connect(dsn)
    rows = await conn.fetch("SELECT 1")
    await conn.close()
    return rows


async def pool(dsn):
    pool = await aiopg.create_pool(dsn)
    pool.close()
    await pool.wait_closed()
