import pymysql

# error


def foreign_keys(conn, schemas):
    # pg_chameleon: the local holds quoted SQL text for an IN list. Bound, it
    # would be one string ("'a','b'"), and the query would find nothing.
    schema_list = "'%s'" % "','".join(schemas)
    cursor = conn.cursor()
    cursor.execute("SELECT * FROM kc WHERE table_schema IN (%s)" % schema_list)
    return cursor.fetchall()


def tables_exist(conn, tables):
    # django-pgschemas' shape: each item quoted, then joined: the same IN-list text.
    template = ", ".join(f"'{table}'" for table in tables)
    cursor = conn.cursor()
    cursor.execute("SELECT count(*) FROM tables WHERE table_name IN (%s)" % template)
    return cursor.fetchone()


def copy_rows(conn, columns, schema, table, offset):
    # The names stay spliced in the SQL; PyMySQL %-formats the statement once
    # parameters are passed, so a `%` in a name would now raise: unsafe.
    cursor = conn.cursor()
    cursor.execute("SELECT %s FROM `%s`.`%s` LIMIT %s, 100" % (columns, schema, table, offset))
    return cursor.fetchall()


def plain(conn, name):
    cursor = conn.cursor()
    cursor.execute("SELECT id FROM users WHERE name = '%s'" % name)
    return cursor.fetchall()

def tables_in(conn, table_schema=None):
    # pipelinewise-target-redshift: SQL text or a quoted value, by choice;
    # bound, `LOWER(table_schema)` would be compared as a string.
    cursor = conn.cursor()
    cursor.execute(
        """SELECT table_name FROM tables WHERE LOWER(table_schema) = {}""".format(
            "LOWER(table_schema)" if table_schema is None else "'{}'".format(table_schema.lower())
        )
    )
    return cursor.fetchall()

def parents_of(conn, rows):
    # django-lfs: the ids joined into one comma-separated list; bound, the
    # list would be one string and match nothing.
    variant_ids = [str(row[0]) for row in rows]
    variant_ids = ", ".join(variant_ids)
    cursor = conn.cursor()
    cursor.execute("SELECT parent_id FROM catalog_product WHERE id IN (%s)" % variant_ids)
    return cursor.fetchall()


def search(conn, table, field, words):
    # djorm-ext-pgfulltext: `qn` is the driver's quote_name; the vector is
    # SQL (a quoted column), not a value to bind.
    qn = conn.ops.quote_name
    full_search_field = "%s.%s" % (qn(table), qn(field))
    search_vector = full_search_field
    cursor = conn.cursor()
    cursor.execute("SELECT * FROM docs WHERE (%s) @@ plainto_tsquery(%%s)" % search_vector, [words])
    return cursor.fetchall()

class Queue:
    # pgqmini: a comment before the INSERT; the payload spliced in quotes
    # is named as the value to bind, beside the queue's table name.
    def __init__(self, conn, qname):
        self.curs = conn.cursor()
        self.qname = qname

    def pub(self, payload):
        self.curs.execute(
            f"""
                -- Insert a message into the queue
                INSERT INTO {self.qname} (payload)
                VALUES ('{payload}');
            """
        )

# ok


def dynamic_models_exist(conn, models):
    # django-pgschemas: the models' own table names, quoted and joined.
    template = ", ".join(f"'{model._meta.db_table}'" for model in models)
    cursor = conn.cursor()
    cursor.execute("SELECT count(*) FROM tables WHERE table_name IN (%s)" % template)
    return cursor.fetchone()
