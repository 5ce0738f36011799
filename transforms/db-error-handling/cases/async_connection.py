"""An async connection's rollback is awaited, as its other methods are."""
import logging

import psycopg

logger = logging.getLogger(__name__)

# error


async def create_tables(connection: psycopg.AsyncConnection, queries):
    async with connection.cursor() as cur:
        for query in queries:
            await cur.execute(query)
    await connection.commit()


def drop_tables(connection: psycopg.Connection, queries):
    with connection.cursor() as cur:
        for query in queries:
            cur.execute(query)
    connection.commit()
# scope: unhandled
