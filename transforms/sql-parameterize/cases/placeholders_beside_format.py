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
