import pg8000
import pg8000.dbapi
import pg8000.native
import pymssql

# error


def pg8000_cursor(user, age):
    conn = pg8000.connect(user=user)
    cur = conn.cursor()
    cur.execute("SELECT name FROM users WHERE age = " + age)
    return cur.fetchall()


def pg8000_native_run(age):
    # `run` takes its parameters as keywords: reported, not rewritten.
    conn = pg8000.native.Connection("postgres")
    return conn.run("SELECT name FROM users WHERE age = '%s'" % age)


def pg8000_percent_in_a_literal(user, role):
    # pg8000 reads `%` inside an SQL string as itself: `'50%'` is not doubled.
    conn = pg8000.dbapi.connect(user=user)
    cur = conn.cursor()
    cur.execute("SELECT name FROM users WHERE note <> '50%' AND role = '" + role + "' AND id % 2 = 0")
    return cur.fetchall()


def pymssql_cursor(server, name):
    conn = pymssql.connect(server)
    cursor = conn.cursor(as_dict=True)
    query = "SELECT id FROM users " \
            "WHERE name = '%s'" % name
    cursor.execute(query)
    return cursor.fetchall()


# ok


def pg8000_bound(age):
    conn = pg8000.native.Connection("postgres")
    return conn.run("SELECT name FROM users WHERE age = :age", age=age)


def bytes_added(name):
    # `str + bytes` raises before any SQL runs.
    conn = pymssql.connect("server")
    conn.cursor().execute("SELECT * FROM users WHERE " + b"name ='" + str(1234) + b"'")
