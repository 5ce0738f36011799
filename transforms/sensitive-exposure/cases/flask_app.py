import logging
import traceback

from flask import Flask, jsonify, request

app = Flask(__name__)
logger = logging.getLogger(__name__)

# error


@app.route("/login", methods=["POST"])
def login():
    password = request.form["password"]
    logger.info("login attempt with password %s", password)
    print(f"debug: token={request.headers.get('X-Token')} pw={password}")
    try:
        return jsonify(ok=check(password))
    except ValueError as exc:
        return jsonify({"error": str(exc)}), 400
    except Exception as err:
        return f"failed: {err}", 500


@app.route("/report")
def report():
    try:
        return build_report()
    except Exception:
        return traceback.format_exc(), 500


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)

# ok


def check(password):
    logger.info("password set: %s", bool(password))
    logger.debug("password length %d", len(password))
    return True


def build_report():
    try:
        return "ok"
    except KeyError as exc:
        logger.exception("report failed")
        return jsonify({"error": "Internal server error"}), 500
