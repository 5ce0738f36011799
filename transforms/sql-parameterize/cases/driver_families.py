import sqlite3 as db

import aiomysql
import aiopg
import cx_Oracle
import MySQLdb
import mysql.connector
import oracledb
import pandas as pd
import psycopg
from sqlalchemy import create_engine

# error


def aliased_sqlite(path, name):
    conn = db.connect(path)
    return conn.execute("SELECT id FROM users WHERE name = '%s'" % name).fetchall()


def mysql_connector(name):
    conn = mysql.connector.connect(user="app", database="app")
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = '{}'".format(name))
    return cur.fetchall()


def mysql_connector_percent(name):
    # mysql.connector leaves `%%` as it is: no `%` of the SQL is doubled.
    conn = mysql.connector.connect(user="app", database="app")
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE note <> '50%' AND id % 2 = 0 AND name = '" + name + "'")
    return cur.fetchall()


def mysql_connector_literal_placeholder(name):
    # A `%s` held as text would be replaced by mysql.connector: reported, not rewritten.
    conn = mysql.connector.connect(user="app", database="app")
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE note LIKE '%s%' AND name = '" + name + "'")
    return cur.fetchall()


def mysqldb(name):
    conn = MySQLdb.connect(db="app")
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = '" + name + "' AND pct LIKE '10%'")
    return cur.fetchall()


def psycopg3(dsn, user_id):
    with psycopg.connect(dsn) as conn:
        return conn.execute(f"SELECT name FROM users WHERE id = {user_id}").fetchone()


async def aiopg_cursor(dsn, name):
    async with aiopg.connect(dsn) as conn:
        async with conn.cursor() as cur:
            await cur.execute("SELECT id FROM users WHERE name = '" + name + "'")
            return await cur.fetchall()


async def aiomysql_cursor(name):
    conn = await aiomysql.connect(db="app")
    cur = await conn.cursor()
    await cur.execute(f"SELECT id FROM users WHERE name = '{name!s}'")
    return await cur.fetchall()


def oracle_new(dsn, name, dept):
    conn = oracledb.connect(dsn=dsn)
    cur = conn.cursor()
    cur.execute("SELECT id FROM emp WHERE name = '" + name + "' AND dept = " + str(dept))
    return cur.fetchall()


def oracle_old(dsn, name):
    conn = cx_Oracle.connect(dsn)
    cur = conn.cursor()
    cur.execute(f"SELECT id FROM emp WHERE name = '{name}'")
    return cur.fetchall()


def pandas_frame(conn, since):
    return pd.read_sql("SELECT * FROM orders WHERE created > '" + since + "'", conn)


def pandas_query(conn, region):
    return pd.read_sql_query(f"SELECT * FROM orders WHERE region = '{region}'", con=conn)


def engine_string(url, name):
    # SQLAlchemy takes raw strings through `text()`, with `:name` parameters.
    engine = create_engine(url)
    with engine.connect() as connection:
        return connection.execute("SELECT id FROM users WHERE name = '" + name + "'").fetchall()


def fstring_spec(conn, price):
    return conn.execute(f"SELECT id FROM items WHERE price > {price:.2f}").fetchall()


def helper_inside_call(conn, names):
    conn = db.connect("app.db")
    return conn.execute("SELECT id FROM users WHERE name = '" + names[0].strip() + "'").fetchall()


def pandas_keyword_after_positional(conn, since):
    return pd.read_sql("SELECT * FROM orders WHERE created > '" + since + "'", conn, index_col="id")


# ok


def pandas_bound(conn, since):
    return pd.read_sql("SELECT * FROM orders WHERE created > %s", conn, params=(since,))


def mysql_bound(name):
    conn = MySQLdb.connect(db="app")
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = %s", (name,))
    return cur.fetchall()
