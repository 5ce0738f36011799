import asyncpg
from alembic import op

QUERY = "SELECT id FROM users WHERE name = '{}'"


# error


def upgrade(role):
    op.execute("UPDATE users SET active = 0 WHERE role = '%s'" % role)


def add_column(table):
    # A table name: reported, never bound.
    op.execute("ALTER TABLE %s ADD COLUMN note TEXT" % table)


async def cursor_over(dsn, name):
    conn = await asyncpg.connect(dsn)
    async with conn.transaction():
        async for row in conn.cursor("SELECT id FROM users WHERE name = '%s'" % name):
            print(row)


async def module_template(dsn, name):
    conn = await asyncpg.connect(dsn)
    return await conn.fetch(QUERY.format(name))


# ok


def constant_migration():
    op.execute("UPDATE users SET active = 1")


async def cursor_bound(dsn, name):
    conn = await asyncpg.connect(dsn)
    async with conn.transaction():
        async for row in conn.cursor("SELECT id FROM users WHERE name = $1", name):
            print(row)
