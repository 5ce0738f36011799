import gzip
import io
import socket
import sqlite3
import sys
import tarfile
from io import BytesIO
from zipfile import ZipFile

from twisted.python import log

# ok


class Client:
    def get(self, remote, local):
        # twisted's cftp: the callbacks write the download into the file and
        # close it, after this method has returned.
        lf = open(local, "wb", 0)
        d = self.client.openFile(remote)
        d.addCallback(self._write_and_close, lf)
        d.addErrback(self._close_on_error, lf)
        return d


def flush_later(loop, path):
    f = open(path, "a")
    loop.call_later(1.0, f.flush)
    loop.call_soon(f.close)
    handle = loop.call_later(5.0, write_tail, f)
    return handle


def start_log(options):
    # A log sink for the life of the process.
    if options["logfile"] == "-":
        f = sys.stdout
    else:
        f = open(options["logfile"], "a")
    log.startLogging(f)


def serve_activated_socket(http_server, fd):
    # calibre-web: tornado's server keeps the systemd socket and serves on it
    # after this function has returned.
    sock = socket.socket(fileno=fd)
    http_server.add_socket(sock)
    return sock.getsockname()


def gunzip(data):
    # Archives over a buffer in memory hold no file descriptor.
    f = gzip.GzipFile(fileobj=BytesIO(data))
    return f.read()


def decompress(text):
    # pygments: `fileobj` given by position.
    return gzip.GzipFile("", "rb", 9, BytesIO(text)).read()


def names(blob):
    buffer = io.BytesIO(blob)
    archive = ZipFile(buffer)
    return archive.namelist()


def open_member(path, member):
    # visidata's tar sheet: the member's file object reads the archive after
    # this function has returned.
    tfp = tarfile.open(name=path)
    return Sheet(member.name, fp=tfp.extractfile(member))


# error


def first_line(path):
    f = gzip.GzipFile(path)
    return f.readline()


def to_file(data, target):
    # ldap3: closed by hand after the block, not when writelines raises.
    if isinstance(target, str):
        target = open(target, "w+")
    target.writelines(data)
    target.close()


# ok


def load(filename, fp=None):
    # twisted's alias file: the ownership flag closes it in `finally`.
    close = False
    if fp is None:
        fp = open(filename)
        close = True
    try:
        return [line for line in fp]
    finally:
        if close:
            fp.close()


# error


def _close_conn(conn):
    conn.commit()
    conn.close()


def get_jids(path):
    # salt's sqlite3 returner: the cursor is never closed, and its connection
    # is closed by a helper before the function returns; a `with` around the
    # cursor reaching past that helper would close a cursor of a closed
    # connection, which sqlite3 refuses.
    conn = sqlite3.connect(path)
    cur = conn.cursor()
    cur.execute("SELECT jid, load FROM jids")
    data = cur.fetchall()
    ret = {}
    for jid, load in data:
        ret[jid] = load
    _close_conn(conn)
    return ret

# ok


def get_jids_closed_on_every_path(path):
    # ckanext-xloader's temporary file: the helper runs in the `finally`
    # of the `try` right after, on every path.
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT jid FROM jids").fetchall()
    finally:
        _close_conn(conn)
    return rows
