from flask import Flask, jsonify

app = Flask(__name__)


@app.post("/items")
def create():
	try:
		return jsonify(save())
	except Exception as exc:
		return jsonify(error=repr(exc)), 500
