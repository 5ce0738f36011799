"""Nightly reports: files written by hand, connections closed by hand."""
import csv
import json
import socket
import sqlite3

import settings


def export_products(db_path, out_path):
    conn = sqlite3.connect(db_path)
    cur = conn.cursor()
    cur.execute("SELECT name, price, stock FROM products ORDER BY name")
    rows = cur.fetchall()
    cur.close()
    conn.close()
    out = open(out_path, "w", newline="")
    writer = csv.writer(out)
    writer.writerow(["name", "price", "stock"])
    writer.writerows(rows)
    out.close()
    return len(rows)


def load_thresholds(path):
    return json.loads(open(path).read())


def read_export(path):
    f = open(path)
    try:
        return f.read().splitlines()
    finally:
        f.close()


def notify(host, port, message):
    sock = socket.create_connection((host, port), timeout=2)
    sock.sendall(message.encode())
    sock.close()


def report_connection_settings():
    return {"dsn": settings.REPORTING_DSN, "password": settings.DB_PASSWORD}
