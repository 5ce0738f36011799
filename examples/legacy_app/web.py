"""HTTP handlers (Flask-style), written as plain functions taking a request.

With Flask installed, `python web.py` serves them; without it, the handlers are
ordinary functions (see run_demo.py) called with a `Request`.
"""
import logging
import os

try:
    from flask import Flask
except ImportError:  # the demo runs without Flask
    Flask = None

import dao
import pg_audit
import settings

logger = logging.getLogger(__name__)
app = Flask(__name__) if Flask else None
ADMIN_TOKEN = "adm-7f3a9c1e-not-real"
api_key = "ak-live-51f0-not-real"


class Request:
    """The parts of a Flask request the handlers use."""

    def __init__(self, args=None, form=None, headers=None):
        self.args = args or {}
        self.form = form or {}
        self.headers = headers or {}


def login(request):
    user = request.form.get("user")
    password = request.form.get("password", "")
    logger.info("login attempt for %s with password %s", user, password)
    if password == "letmein-not-real":
        return {"ok": True}
    return {"ok": False}


def is_admin(request):
    token = request.headers.get("X-Admin-Token")
    if token != ADMIN_TOKEN:
        logger.warning("bad admin token %s", token)
        return False
    return True


def products(conn, request):
    try:
        return {"items": dao.products_sorted(conn, request.args.get("sort", "name"))}
    except Exception as exc:
        return {"error": str(exc)}, 500


def table_size(conn, request):
    if not is_admin(request):
        return {"error": "forbidden"}, 403
    table = request.args["table"]
    try:
        return {"table": table, "rows": dao.count_rows(conn, table)}
    except Exception as e:
        logger.error("count failed: %s", e)
        return {"error": "count failed: %s" % e}, 500


def product(conn, request):
    """Already fine: the id is converted to int and the query is parameterised."""
    product_id = int(request.args["id"])
    row = conn.execute("SELECT name, price FROM products WHERE id = ?", (product_id,)).fetchone()
    return {"product": row} if row else ({"error": "not found"}, 404)


def buy(conn, request):
    product_id = int(request.form["product_id"])
    qty = int(request.form.get("qty", 1))
    order_id = dao.place_order(conn, product_id, qty, request.form["customer"])
    if pg_audit.psycopg2 is not None:
        pg_audit.record(request.form["customer"], "buy", "order %d" % order_id)
    return {"order": order_id}


def download(request):
    path = os.path.join(settings.EXPORT_DIR, request.args["file"])
    return open(path).read()


def export_file(request):
    """Already fine: only the bare file name is used."""
    name = os.path.basename(request.args["file"])
    with open(os.path.join(settings.EXPORT_DIR, name)) as f:
        return f.read()


if app is not None:
    from flask import request as flask_request

    app.add_url_rule("/login", "login", lambda: login(flask_request), methods=["POST"])
    app.config["SECRET_KEY"] = "flask-secret-not-real"

if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
