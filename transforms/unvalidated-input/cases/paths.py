import os

from flask import Flask, request, send_file
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


# error
@app.route("/download")
def download():
    name = request.args["name"]
    return send_file(os.path.join(UPLOADS, name))


@app.route("/read")
def read():
    with open(f"{UPLOADS}/{request.args.get('file')}") as handle:
        return handle.read()


def django_view(request):
    path = request.GET.get("path")
    with open(path) as handle:
        return handle.read()

# ok
@app.route("/safe")
def safe_download():
    name = secure_filename(request.args["name"])
    return send_file(os.path.join(UPLOADS, name))


@app.route("/checked")
def checked():
    name = request.args["name"]
    if os.path.basename(name) != name:
        raise ValueError("bad name")
    return send_file(os.path.join(UPLOADS, name))


def helper(path):
    with open(path) as handle:
        return handle.read()
