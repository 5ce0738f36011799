# error


def sqlite_store(path, name):
    import sqlite3 as db

    conn = db.connect(path)
    return conn.execute("SELECT id FROM users WHERE name = '%s'" % name).fetchall()


def postgres_store(dsn, name):
    import psycopg2 as db

    conn = db.connect(dsn)
    cur = conn.cursor()
    cur.execute("SELECT id FROM users WHERE name = '%s'" % name)
    return cur.fetchall()


# ok


def parameter_named_like_a_module(sqlite3, name):
    # `sqlite3` is whatever the caller passed, not the module: nothing proves
    # that `conn` is a database connection, nor which paramstyle it takes.
    conn = sqlite3.connect("app.db")
    return conn.execute("SELECT id FROM users WHERE name = '" + name + "'").fetchall()


def not_a_connection(name):
    conn = {"execute": print}
    conn = make_widget()
    return conn.execute("label " + name)


# error

from queries import QUERY


def template_of_a_nested_function(path, name):
    # The literal belongs to `describe`; the `QUERY` formatted below is the
    # imported one, whose text nothing here shows: reported, not rewritten.
    import sqlite3

    def describe():
        QUERY = "SELECT id FROM users WHERE name = '%s'"
        return QUERY

    conn = sqlite3.connect(path)
    return conn.execute(QUERY % name).fetchall(), describe()


TABLE = "users"
NAME = "bob"


def parameter_named_like_a_constant(path, TABLE):
    # `TABLE` is the caller's value, not the module's constant: reported.
    import sqlite3

    conn = sqlite3.connect(path)
    return conn.execute("SELECT * FROM " + TABLE).fetchall()


def local_named_like_a_constant(path, request):
    # The local `NAME` holds the request's text: rewritten.
    import sqlite3

    NAME = request.args["name"]
    conn = sqlite3.connect(path)
    return conn.execute("SELECT id FROM users WHERE name = '" + NAME + "'").fetchall()


# ok


def the_constants_themselves(path):
    import sqlite3

    conn = sqlite3.connect(path)
    return conn.execute("SELECT id FROM " + TABLE + " WHERE name = '" + NAME + "'").fetchall()
