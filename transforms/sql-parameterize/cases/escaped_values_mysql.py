# error

import pymysql


def escaped_by_the_driver(name):
    # `escape_string` escapes for MySQL's strings: bound, the value would
    # keep its backslashes. Reported, not rewritten.
    conn = pymysql.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM t WHERE name = '%s'" % conn.escape_string(name))
        return cur.fetchall()


def doubled_for_mysql(name):
    # MySQL reads backslash escapes in `'…'`: doubling `'` proves nothing
    # (`\'` still ends the string), and binding would keep the doubling.
    conn = pymysql.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT * FROM t WHERE name = '%s'" % name.replace("'", "''"))
        return cur.fetchall()
