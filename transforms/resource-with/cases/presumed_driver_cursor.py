"""A cursor whose driver is only presumed (the family imported here, not
traced to the call that made the connection): a SQLAlchemy `connect` event
hands over the raw DB-API connection, whose cursor may have no `__enter__`
(sqlite3's has none). `contextlib.closing` needs only `close()`."""
from sqlalchemy import event
from sqlalchemy.engine import Engine


# error
@event.listens_for(Engine, "connect")
def set_sqlite_pragma(dbapi_connection, connection_record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
