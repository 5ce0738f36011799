"""Nightly reports: files written by hand, connections closed by hand."""
import csv
import json
import smtplib
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


def low_stock(db_path, threshold):
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT name, stock FROM products WHERE stock < %d ORDER BY name" % threshold).fetchall()
    return rows


def load_thresholds(path):
    return json.loads(open(path).read())


def read_export(path):
    f = open(path)
    try:
        return f.read().splitlines()
    finally:
        f.close()


def write_summary(path, summary):
    """Already fine: the file is closed by `with`."""
    with open(path, "w") as out:
        json.dump(summary, out, indent=1, sort_keys=True)


def notify(host, port, message):
    sock = socket.create_connection((host, port), timeout=2)
    sock.sendall(message.encode())
    sock.close()


def mail_report(to, body):
    server = smtplib.SMTP(settings.SMTP_HOST)
    server.login("reports", settings.SMTP_PASSWORD)
    print("sending report with smtp password", settings.SMTP_PASSWORD)
    server.sendmail("reports@example.com", [to], body)
    server.quit()


def report_connection_settings():
    return {"dsn": settings.REPORTING_DSN, "password": settings.DB_PASSWORD}
