import sqlite3


def sql_in(ids, column="account_id"):
    """An `AND …` clause narrowing a query to `ids`, with its parameters."""
    if ids is None:
        return "", []
    if not ids:
        return " AND 0", []
    return f" AND {column} IN ({','.join('?' * len(ids))})", list(ids)


def since(day, column):
    return " AND " + column + " >= ?", [day]


def sql_in_any(ids, *columns):
    return f" AND {columns} IN ({','.join('?' * len(ids))})", list(ids)


def sql_where(column, value):
    # The value is spliced, not bound: the clause is no program text.
    return f" AND {column} = '{value}'", []

# error


def column_from_the_caller(conn, ids, column):
    only, params = sql_in(ids, column)
    return conn.execute(f"SELECT * FROM accounts WHERE 1 {only}", params).fetchall()


def column_spread_in(conn, ids, options):
    only, params = sql_in(ids, **options)
    return conn.execute(f"SELECT * FROM accounts WHERE 1 {only}", params).fetchall()


def columns_spread(conn, ids):
    only, params = sql_in_any(ids, "id")
    return conn.execute(f"SELECT * FROM accounts WHERE 1 {only}", params).fetchall()


def value_spliced_by_the_builder(conn, name):
    only, params = sql_where("name", name)
    return conn.execute(f"SELECT * FROM accounts WHERE 1 {only}", params).fetchall()


def rebound_on_one_branch(conn, ids, text):
    only, params = sql_in(ids, "t.account_id")
    if text:
        only = text
    return conn.execute(f"SELECT * FROM accounts WHERE 1 {only}", params).fetchall()

# ok


def literal_column(conn, ids):
    only, params = sql_in(ids, "t.account_id")
    return conn.execute(
        f"SELECT * FROM transactions t WHERE 1 {only}", params
    ).fetchall()


def default_column(conn, ids):
    only, params = sql_in(ids)
    return conn.execute(f"SELECT * FROM accounts WHERE 1 {only}", params).fetchall()


def column_by_keyword(conn, ids, day):
    only, params = sql_in(ids, column="id")
    after, more = since(day, "created")
    return conn.execute(
        "SELECT * FROM accounts WHERE 1" + only + after, params + more
    ).fetchall()
