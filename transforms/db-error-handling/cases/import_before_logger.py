"""etlhelper's test fixtures: `logging` is imported but no logger is bound,
and the driver's error class needs an import of its own. Both lines go where
the imports end: the import first, then the logger that follows them."""
import logging

from psycopg2.extras import execute_batch

from app import (
    connect,
    DbParams,
)

PGTESTDB = DbParams(dbtype="PG")

# error


def load_rows(conn, rows):
    with conn.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS src")
        execute_batch(cursor, "INSERT INTO src VALUES (%s)", rows)
    conn.commit()
# scope: unhandled
