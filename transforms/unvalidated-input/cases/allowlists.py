"""Only constants named or used as allowlists are allowlists."""
import sqlite3

conn = sqlite3.connect("app.db")

TEST_USER = ("alice", "alice@example.com")

# error
def order_by(request, column):
    return conn.execute(f"SELECT * FROM users ORDER BY {column}").fetchall()
