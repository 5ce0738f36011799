"""Names drawn from the program's own tables of literals (ironic's migrations)."""
import sqlalchemy as sa
from alembic import op

TABLE_COLUMNS = {
    "allocations": ["last_error", "extra"],
    "nodes": ["instance_info"],
}
COLUMNS = [("last_error", True), ("instance_info", False)]
TEXT_COLUMNS = {
    "nodes": [("instance_info", True), ("driver_info", False)],
    "ports": [("extra", True)],
}

# ok


def convert_tables():
    for table, columns in TABLE_COLUMNS.items():
        op.execute(sa.text(f"ALTER TABLE {table} CONVERT TO CHARACTER SET utf8mb4"))


def modify_columns():
    modifications = []
    for column, nullable in COLUMNS:
        null_str = "NULL" if nullable else "NOT NULL"
        modifications.append(f"MODIFY COLUMN {column} TEXT {null_str}")
    op.execute(sa.text("ALTER TABLE nodes " + ", ".join(modifications)))


def restore_text_columns():
    # ironic's utf8mb4 migration: a table of tables and their columns.
    for table, columns in TEXT_COLUMNS.items():
        modifications = []
        for column, nullable in columns:
            null_str = "NULL" if nullable else "NOT NULL"
            modifications.append(f"MODIFY COLUMN {column} TEXT {null_str}")
        op.execute(sa.text(f"ALTER TABLE {table} " + ", ".join(modifications)))


# error


def convert_named(tables):
    for table, columns in tables.items():
        op.execute(sa.text(f"ALTER TABLE {table} CONVERT TO CHARACTER SET utf8mb4"))


def modify_named(columns):
    modifications = []
    for column, nullable in columns:
        null_str = "NULL" if nullable else "NOT NULL"
        modifications.append(f"MODIFY COLUMN {column} TEXT {null_str}")
    op.execute(sa.text("ALTER TABLE nodes " + ", ".join(modifications)))
