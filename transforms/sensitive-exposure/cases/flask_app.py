import traceback

from flask import Flask, jsonify, request
from werkzeug import exceptions

app = Flask(__name__)


# error
@app.route("/users/<int:user_id>")
def get_user(user_id):
    try:
        return jsonify(load(user_id))
    except Exception as exc:
        return jsonify({"error": str(exc)}), 500


@app.route("/orders")
def orders():
    try:
        return jsonify(load_orders())
    except KeyError as e:
        return f"lookup failed: {e}", 500
    except Exception:
        return traceback.format_exc(), 500


@app.get("/report")
def report():
    try:
        return build()
    except KeyError as err:
        logger_call = 1
        if logger_call:
            return "bad: " + repr(err), 400
        return 'error: %s' % (err.args,), 400


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)

# ok
@app.route("/safe")
def safe():
    try:
        return jsonify(load(1))
    except LookupError as exc:
        return jsonify({"error": "not found", "code": exc.code}), 404


def not_a_handler(data):
    try:
        return parse(data)
    except ValueError as exc:
        return str(exc)


app.run(debug=False)


@app.route("/delegated")
def delegated():
    try:
        return jsonify(load(2))
    except Exception as exc:
        return handle_error(exc)


@app.route("/rpc", methods=["POST"])
def rpc():
    # A werkzeug HTTPException is the framework's error response (401, 404,
    # 405 with its stock text): returning it exposes nothing of the program.
    try:
        return dispatch(request)
    except exceptions.HTTPException as e:
        return e


class DispatchingApp(Flask):
    async def full_dispatch(self, request):
        # quart: the framework's own handler decides what the client sees
        # (a custom 500 handler, the signal); a string in its place breaks it.
        try:
            return await self.dispatch(request)
        except Exception as error:
            return await self.handle_exception(error)
