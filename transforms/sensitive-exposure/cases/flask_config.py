import flask
from flask import Flask

from .other import Runner

app = flask.Flask(__name__)

# error
app.config["DEBUG"] = True
app.config.update(DEBUG=True, TESTING=False)
app.debug = True


def main():
    local = Flask("local")
    local.run(debug=True)


# ok
app.config["DEBUG"] = False
app.config["TESTING"] = True
runner = Runner()
runner.run(debug=True)


def other(app):
    app.run(debug=True)
