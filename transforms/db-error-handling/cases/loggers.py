from oslo_log import log as logging
import psycopg2
from psycopg2 import Error as PgError

LOG = logging.getLogger(__name__)

# error


def purge(dsn):
    conn = psycopg2.connect(dsn)
    cur = conn.cursor()
    cur.execute("DELETE FROM audit WHERE ts < now() - interval '30 days'")
    conn.commit()
# scope: unhandled
