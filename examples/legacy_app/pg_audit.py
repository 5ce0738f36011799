"""Audit trail in the central PostgreSQL database (psycopg2, `%s` paramstyle).

Imported by the web layer; needs psycopg2 only when it is called.
"""
import datetime

try:
    import psycopg2
except ImportError:  # the demo runs without PostgreSQL
    psycopg2 = None

import settings


def audit_connection():
    return psycopg2.connect(host="audit.internal", dbname="audit", user="auditor", password="aud1t-pw-not-real")


def record(who, action, detail=""):
    conn = audit_connection()
    cur = conn.cursor()
    cur.execute(
        "INSERT INTO audit_log (who, action, detail, at) VALUES ('%s', '%s', '%s', '%s')"
        % (who, action, detail, datetime.datetime.utcnow().isoformat())
    )
    conn.commit()
    conn.close()


def actions_by(who, since=None):
    conn = psycopg2.connect(settings.REPORTING_DSN)
    cur = conn.cursor()
    sql = "SELECT action, detail, at FROM audit_log WHERE who = %s"
    params = [who]
    if since:
        sql += " AND at >= %s"
        params.append(since)
    cur.execute(sql, params)
    rows = cur.fetchall()
    conn.close()
    return rows


def purge(table, days):
    conn = psycopg2.connect(settings.REPORTING_DSN)
    try:
        cur = conn.cursor()
        cur.execute("DELETE FROM " + table + " WHERE at < now() - interval '%d days'" % days)
        conn.commit()
    finally:
        conn.close()


def top_actions(limit):
    """SQL and resources already fine: bound parameters, cursor and connection closed by `with`."""
    from contextlib import closing

    with closing(psycopg2.connect(settings.REPORTING_DSN)) as conn:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT action, count(*) FROM audit_log GROUP BY action ORDER BY 2 DESC LIMIT %s",
                (limit,),
            )
            return cur.fetchall()
