"""Text the program owns: a class's literal column list, and a name whose
double quotes a local doubled before it is quoted."""
import sqlite3

# ok


class Instance:
    # maubot's shape: the column list is the class's own literal.
    _columns = "id, type, enabled, primary_user"

    def __init__(self, conn):
        self.conn = conn

    def get(self, id):
        q = f"SELECT {self._columns} FROM instance WHERE id = ?"
        return self.conn.execute(q, (id,)).fetchone()


def columns(conn: sqlite3.Connection, table_name: str):
    # django-dbbackup's shape: `"` doubled, then quoted: one identifier.
    cursor = conn.cursor()
    table_name_ident = table_name.replace('"', '""')
    cursor.execute(f'PRAGMA table_info("{table_name_ident}")')
    return [row[1] for row in cursor.fetchall()]


# error


class Report:
    _fields = "id, total"

    def __init__(self, conn, fields):
        self.conn = conn
        # The caller's text replaces the class's.
        self._fields = fields

    def rows(self):
        return self.conn.execute(f"SELECT {self._fields} FROM report").fetchall()


def columns_unquoted(conn: sqlite3.Connection, table_name: str):
    # Doubled, but not inside `"…"`: nothing ends where it should.
    cursor = conn.cursor()
    table_name_ident = table_name.replace('"', '""')
    cursor.execute(f"PRAGMA table_info({table_name_ident})")
    return [row[1] for row in cursor.fetchall()]
