"""HTTP handlers, written as plain functions taking a request dict (Flask-style)."""
import logging
import os

try:
    from flask import Flask, jsonify, request
except ImportError:  # the demo runs without Flask
    Flask = jsonify = request = None

import dao
import settings

logger = logging.getLogger(__name__)
app = Flask(__name__) if Flask else None
ADMIN_TOKEN = "adm-7f3a9c1e-not-real"


def login(form):
    password = form.get("password", "")
    logger.info("login attempt for %s with password %s", form.get("user"), password)
    if password == "letmein-not-real":
        return {"ok": True}
    return {"ok": False}


def products(conn, args):
    try:
        return {"items": dao.products_sorted(conn, args.get("sort", "name"))}
    except Exception as exc:
        return {"error": str(exc)}, 500


def download(args):
    path = os.path.join("/srv/exports", request.args["file"])
    return open(path).read()


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000, debug=True)
