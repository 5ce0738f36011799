"""Django: raw cursors raise `django.db.DatabaseError`; `atomic` blocks roll back and re-raise."""
import logging

from django.db import connection, transaction

logger = logging.getLogger(__name__)

# error


def purge_sessions():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session WHERE expire_date < now()")


# ok


@transaction.atomic
def rename(user_id, name):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auth_user SET username = %s WHERE id = %s", [name, user_id])


def rename_block(user_id, name):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE auth_user SET username = %s WHERE id = %s", [name, user_id])
# scope: unhandled
