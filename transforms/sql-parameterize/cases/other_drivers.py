import asyncpg
import pymysql
import pyodbc
from django.db import connection
from django.db.models.expressions import RawSQL
from sqlalchemy import text

# error


def mysql_double_quotes(name):
    conn = pymysql.connect(host="db")
    with conn.cursor() as cur:
        cur.execute('SELECT id FROM users WHERE name = "' + name + '"')
        return cur.fetchall()


def mysql_variable(var_name):
    # `SHOW VARIABLES LIKE …` takes its pattern as a string (weewx).
    conn = pymysql.connect(host="db")
    with conn.cursor() as cur:
        cur.execute("SHOW VARIABLES LIKE '%s';" % var_name)
        return cur.fetchone()


def odbc_user(dsn, name):
    conn = pyodbc.connect(dsn)
    cursor = conn.cursor()
    cursor.execute("SELECT id FROM users WHERE name = '%s'" % name)
    return cursor.fetchone()


def odbc_table(dsn, table_name):
    # `N'…'` (a national string): `N?` would be no SQL. Reported, not rewritten.
    conn = pyodbc.connect(dsn)
    cursor = conn.cursor()
    cursor.execute("SELECT * FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = N'%s'" % table_name)
    return cursor.fetchall()


async def pg_fetch(pool_conn, name):
    conn = await asyncpg.connect("postgresql://db/app")
    return await conn.fetch(f"SELECT id FROM users WHERE name = '{name}' AND id > {pool_conn}")


def alchemy(session, name):
    return session.execute(text("SELECT id FROM users WHERE name = '" + name + "'")).all()


def django_cursor(name):
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM auth_user WHERE username = '%s'" % name)
        return cur.fetchone()


def django_raw(User, name):
    return list(User.objects.raw("SELECT * FROM auth_user WHERE username = '" + name + "'"))


def raw_sql_expression(queryset, flag):
    return queryset.annotate(v=RawSQL("SELECT %s FROM t WHERE f = '" + flag + "'", (1,)))



def django_extra(queryset, name):
    return queryset.extra(where=["name = '" + name + "'"])


def many(table, rows):
    conn = pymysql.connect(host="db")
    conn.cursor().executemany("INSERT INTO items VALUES ('" + table + "', %s)", rows)


# ok


def orm_like(User, term):
    return User.objects.filter(User.name.like("%" + term + "%"))


def alchemy_bound(session, name):
    return session.execute(text("SELECT id FROM users WHERE name = :name"), {"name": name})
