import sqlite3

SEARCH_FIELDS = {"artist", "album", "genre"}

# error


def optional_filters(name, city, min_age):
    # Each value goes to a list beside the clauses, in the same branch.
    conn = sqlite3.connect("app.db")
    clauses = []
    if name:
        clauses.append("name = '" + name + "'")
    if city:
        clauses.append(f"city = '{city}'")  # the city
    if min_age is not None:
        clauses.append("age >= %d AND role <> '%s'" % (min_age, "admin"))
    clauses.append("deleted = 0")
    sql = "SELECT id FROM users"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return conn.execute(sql).fetchall()


def joined_at_the_call(conn, name):
    conn = sqlite3.connect("app.db")
    where = []
    if name:
        where.append("name = '%s'" % name)
    return conn.execute("SELECT id FROM users WHERE " + " OR ".join(where)).fetchall()


def joined_twice(name):
    # The clauses reach two queries: reported, not rewritten.
    conn = sqlite3.connect("app.db")
    clauses = []
    if name:
        clauses.append("name = '" + name + "'")
    count = conn.execute("SELECT COUNT(*) FROM users WHERE " + " AND ".join(clauses)).fetchone()
    rows = conn.execute("SELECT id FROM users WHERE " + " AND ".join(clauses)).fetchall()
    return count, rows


def a_column_chosen_by_the_caller(column, value):
    # The column name cannot be bound: reported, not rewritten.
    conn = sqlite3.connect("app.db")
    clauses = []
    clauses.append("%s = '%s'" % (column, value))
    return conn.execute("SELECT id FROM users WHERE " + " AND ".join(clauses)).fetchall()


def a_question_mark_elsewhere(name):
    # A literal `?` in the query would read as a placeholder: reported, not rewritten.
    conn = sqlite3.connect("app.db")
    clauses = []
    if name:
        clauses.append("name = '" + name + "'")
    sql = "SELECT id FROM users WHERE note <> '?'"
    if clauses:
        sql += " AND " + " AND ".join(clauses)
    return conn.execute(sql).fetchall()


def fields_of_another_query(conn, query, other):
    # The test checks another name than the one spliced in.
    terms = []
    params = []
    for key, value in query:
        if other in SEARCH_FIELDS:
            terms.append("%s = ?" % key)
            params.append(value)
    return conn.execute("SELECT * FROM search WHERE " + " AND ".join(terms), params).fetchall()


# ok


def authorized(conn, bound_permissions):
    # kinto's permission backend: placeholder names numbered by enumerate()
    # and len(), every value bound.
    placeholders = {}
    values = []
    aces = []
    for i, (obj, perm) in enumerate(bound_permissions):
        placeholders[f"obj_{i}"] = obj
        placeholders[f"perm_{i}"] = perm
        values.append(f"(:obj_{i}, :perm_{i})")
        j = len(aces)
        aces.append("(:perm_{0}, :principal_{1})".format(i, j))
    query = "SELECT * FROM (VALUES " + ",".join(values) + ") AS v"
    return conn.execute(query, placeholders).fetchall()


def constant_filters(active):
    conn = sqlite3.connect("app.db")
    clauses = []
    if active:
        clauses.append("active = 1")
    clauses.append("deleted = 0")
    return conn.execute("SELECT id FROM users WHERE " + " AND ".join(clauses)).fetchall()


def table_names(conn, fts4=False):
    # Started with a clause of plain text, added to with plain text only.
    where = ["type = 'table'"]
    if fts4:
        where.append("sql like '%USING FTS4%'")
    sql = "select name from sqlite_master where {}".format(" AND ".join(where))
    return [r[0] for r in conn.execute(sql).fetchall()]


def search_fields(conn, query):
    # Mopidy-Local: every name spliced in is one the code allows.
    terms = []
    params = []
    for key, value in query:
        if key == "any":
            terms.append("? IN (%s)" % ",".join(SEARCH_FIELDS))
        elif key in SEARCH_FIELDS:
            terms.append("%s = ?" % key)
        else:
            raise LookupError("Invalid query field: %s" % key)
        params.append(value)
    return conn.execute("SELECT * FROM search WHERE " + " AND ".join(terms), params).fetchall()
