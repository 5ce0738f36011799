"""Runs orders.py (original or fixed): prints results, the exception raised
by a failing query, and the ERROR log records (with or without traceback)."""
import importlib.util
import json
import logging
import sqlite3
import sys

records = []


class Capture(logging.Handler):
    def emit(self, record):
        records.append({"level": record.levelname, "traceback": record.exc_info is not None, "message": record.getMessage()})


logging.getLogger().addHandler(Capture())
spec = importlib.util.spec_from_file_location("orders", sys.argv[1])
orders = importlib.util.module_from_spec(spec)
spec.loader.exec_module(orders)

conn = sqlite3.connect(":memory:")
orders.create_schema(conn)
result = {"ids": [orders.add_order(conn, "apple", 2), orders.add_order(conn, "pear", 1), orders.add_order(conn, "apple", 3)]}
result["totals"] = orders.totals(conn)
result["ok_records"] = len(records)
for name, call in [("broken", lambda: orders.broken_query(conn)), ("null", lambda: orders.add_order(conn, None, 1))]:
    before = len(records)
    try:
        call()
        result[name] = "no error"
    except Exception as error:
        result[name] = type(error).__name__
    result[name + "_records"] = records[before:]
result["loggers_defined"] = [n for n in vars(orders) if isinstance(getattr(orders, n), logging.Logger)]
print(json.dumps(result, sort_keys=True))
