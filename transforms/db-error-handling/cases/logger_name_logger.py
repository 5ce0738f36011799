"""A module that already has a `logger` and imports the driver under another name."""
import logging

import psycopg2 as pg

logger = logging.getLogger("app.db")

# error


class Repository:
    def __init__(self, dsn):
        self.dsn = dsn

    def count(self):
        conn = pg.connect(self.dsn)
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM users")
        (n,) = cur.fetchone()
        return n
# scope: unhandled
