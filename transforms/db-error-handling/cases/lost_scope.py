"""The default scope: only where a database error is lost."""
import logging
import sqlite3

from flask import Flask

app = Flask(__name__)
logger = logging.getLogger(__name__)

# ok

# A script: an error here ends it with a traceback; nothing is lost.
with sqlite3.connect("greetings.db") as conn:
    for (greeting,) in conn.execute("SELECT greeting FROM greetings"):
        print(greeting)


@app.route("/users/<int:user_id>")
def show(user_id):
    # Flask logs the error and answers 500.
    conn = sqlite3.connect("app.db")
    row = conn.execute("SELECT name FROM users WHERE id = ?", (user_id,)).fetchone()
    conn.close()
    return row[0]


class Calendar:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.cursor = self.conn.cursor()
        self._create_default_tables()

    def _create_default_tables(self):
        # khal's shape: sqlite3 opens no transaction for schema statements,
        # so a failure leaves nothing pending on the shared connection.
        self.cursor.execute("CREATE TABLE IF NOT EXISTS version (version INTEGER)")
        self.cursor.execute("CREATE TABLE IF NOT EXISTS events (href TEXT)")
        self.conn.commit()


# error


class Ledger:
    def __init__(self, conn):
        self.conn = conn

    def transfer(self, source, target, amount):
        # When the second write fails, the first stays pending on the shared
        # connection, and the next commit anyone makes commits half the transfer.
        self.conn.execute("UPDATE accounts SET balance = balance - ? WHERE id = ?", (amount, source))
        self.conn.execute("UPDATE accounts SET balance = balance + ? WHERE id = ?", (amount, target))
        self.conn.commit()


def purge(conn, ids):
    try:
        for row_id in ids:
            conn.execute("DELETE FROM events WHERE id = ?", (row_id,))
        conn.commit()
    except sqlite3.Error:
        pass
