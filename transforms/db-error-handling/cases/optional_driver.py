"""The driver is optional here: no import of it may be added, and a
conditionally bound error class cannot be named in a handler."""
import logging

try:
    import psycopg2
except ImportError:  # pragma: no cover
    psycopg2 = None

logger = logging.getLogger(__name__)

# error


def count(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT count(*) FROM users")
    return cur.fetchone()[0]
# scope: unhandled
