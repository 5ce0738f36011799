"""Placeholders already in SQL that `.format` also fills (pretix, sickchill):
remedy cannot rewrite it, and reports it only when a value may come from
outside the program."""
from django.db import connection

from .models import Item

# ok


def lookup(ids):
    tmptable = "VALUES " + ", ".join(["(%s)"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.id FROM {} i JOIN ({}) AS t(id) ON t.id = i.id".format(Item._meta.db_table, tmptable),
            ids,
        )
        return cursor.fetchall()


def in_list(ids):
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.id FROM {} i WHERE i.id IN ({})".format(Item._meta.db_table, placeholders),
            ids,
        )
        return cursor.fetchall()


def mark_active(schema_editor, rows):
    # mayan's migration: a template formatted with quoted names, then with
    # a list of placeholders repeated from a literal tuple.
    cursor = connection.cursor()
    template = """
        UPDATE {table} SET {active} = '1' WHERE {table}.{id} IN {{}};
    """.format(
        table=schema_editor.connection.ops.quote_name(name="documents_documentversion"),
        active=schema_editor.connection.ops.quote_name(name="active"),
        id=schema_editor.connection.ops.quote_name(name="id"),
    )
    marks = ("%s",) * len(rows)
    values_query = "({})".format(", ".join(marks))
    cursor.execute(template.format(values_query), [row[0] for row in rows])


# error


def sorted_by(request, ids):
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.id FROM items i WHERE i.id IN ({}) ORDER BY {}".format(placeholders, request.GET["sort"]),
            ids,
        )
        return cursor.fetchall()


def from_table(table, ids):
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM {} WHERE id IN ({})".format(table, placeholders), ids)
        return cursor.fetchall()


def mark_chosen(schema_editor, request, rows):
    # The same template filled with what the request says.
    cursor = connection.cursor()
    template = "UPDATE {table} SET active = '1' WHERE id IN {{}};".format(
        table=schema_editor.connection.ops.quote_name(name="documents_documentversion"),
    )
    values_query = "({})".format(", ".join(request.GET.getlist("ids")))
    cursor.execute(template.format(values_query))
