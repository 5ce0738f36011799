import pymysql
import structlog

_LOGGER = structlog.get_logger()

# error


def sync(conn, rows, dry_run=False):
    for row in rows:
        if row.get("deleted"):
            if not dry_run:
                conn.cursor().execute("DELETE FROM items WHERE id = %s", (row["id"],))
            continue
        total = len(rows)
        with conn.cursor() as cur:
            cur.execute("UPDATE items SET seen = 1 WHERE id = %s", (row["id"],))
            # comments inside the wrapped block move with it
            cur.execute("UPDATE stats SET n = %s", (total,))
    conn.commit()


while True:
    conn = pymysql.connect(host="db")
    conn.ping()
    break


# ok


def guarded_by_driver_subclass(conn):
    try:
        conn.commit()
    except pymysql.MySQLError:
        _LOGGER.exception("commit failed")
        raise
# scope: unhandled
