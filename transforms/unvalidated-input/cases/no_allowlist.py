import psycopg2

# error


def count_rows(cur, table):
    cur.execute(f"SELECT count(*) FROM {table}")
    return cur.fetchone()


def page(cur, direction):
    cur.execute("SELECT id FROM items ORDER BY created " + direction)
    return cur.fetchall()
