import psycopg2
import sqlalchemy as sa
from alembic import op
from django.conf import settings

# error


def get_schema_name():
    return getattr(settings, "SCHEMA_TO_INSPECT", "current_schema()")


def sequences(table_name):
    # mssql-django: the function may return `current_schema()`, SQL text.
    # Bound, it would be the string 'current_schema()' and match nothing;
    # it stays spliced, and only the table name is bound.
    conn = psycopg2.connect("dbname=app")
    cursor = conn.cursor()
    cursor.execute(f"SELECT c.relname FROM pg_class c WHERE c.relnamespace = to_regnamespace({get_schema_name()}) AND c.relname = '{table_name}'")
    return cursor.fetchall()


def upgrade():
    # sickrage: alembic's `op.get_bind()` lends a SQLAlchemy connection, and
    # `sa.func.current_timestamp()` renders as SQL: only `row.id` is a value.
    conn = op.get_bind()
    for row in conn.execute(sa.text("SELECT id FROM shows")):
        conn.execute(f"UPDATE shows SET refreshed = {sa.func.current_timestamp()} WHERE id = {row.id}")


# ok


def schemas():
    # SQL text only, from the program's own settings: nothing to bind.
    conn = psycopg2.connect("dbname=app")
    cursor = conn.cursor()
    cursor.execute(f"SELECT nspname FROM pg_namespace WHERE oid = to_regnamespace({get_schema_name()})")
    return cursor.fetchall()
