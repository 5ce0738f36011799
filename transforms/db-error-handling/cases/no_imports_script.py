#!/usr/bin/env python3
"""Nightly cleanup script."""
import sqlite3

conn = sqlite3.connect("app.db")
conn.execute("DELETE FROM sessions WHERE expired = 1")
conn.commit()
print("done")
conn.close()
# scope: unhandled
