#!/usr/bin/env python3
"""Load products from a CSV file into the inventory database.

Usage: import_products.py DB_PATH CSV_PATH [TABLE]
"""
import csv
import sqlite3
import sys


def import_rows(db_path, csv_path, table="products"):
    conn = sqlite3.connect(db_path)
    cur = conn.cursor()
    reader = csv.DictReader(open(csv_path, newline=""))
    count = 0
    for row in reader:
        cur.execute(
            "INSERT INTO {} (name, price, stock) VALUES ('{}', {}, {})".format(
                table, row["name"], row["price"], row["stock"]
            )
        )
        count += 1
    conn.commit()
    cur.close()
    conn.close()
    return count


def wipe(db_path, table):
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM " + table)
    conn.commit()
    conn.close()


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[3] == "--wipe":
        wipe(sys.argv[1], "products")
    print("imported", import_rows(*sys.argv[1:3]), "rows")
