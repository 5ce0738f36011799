"""Runs ledger.py (original or fixed): balances after a transfer that fails
half-way, what a swallowing purge returns, what a loop that skips failing
tables counts, and the ERROR records of each step."""
import importlib.util
import json
import logging
import sqlite3
import sys

records = []


class Capture(logging.Handler):
    def emit(self, record):
        records.append({"level": record.levelname, "traceback": record.exc_info is not None})


logging.getLogger().addHandler(Capture())
spec = importlib.util.spec_from_file_location("ledger", sys.argv[1])
ledger = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ledger)

conn = sqlite3.connect(":memory:")
ledger.create_schema(conn)
result = {}


def step(name, call):
    before = len(records)
    try:
        result[name] = call()
    except Exception as error:
        result[name] = type(error).__name__
    result[name + "_records"] = records[before:]


step("good", lambda: ledger.transfer(conn, 1, 2, 30))
step("overdraft", lambda: ledger.transfer(conn, 2, 1, 500))
result["balances"] = conn.execute("SELECT id, balance FROM accounts ORDER BY id").fetchall()
result["in_transaction"] = conn.in_transaction
step("purge", lambda: ledger.purge(conn))
step("report", lambda: ledger.report(conn, 1))
step("counts", lambda: ledger.row_counts(conn, ["accounts", "missing_table"]))
print(json.dumps(result, sort_keys=True))
