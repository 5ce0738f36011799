"""A resource opened as the last statement of a `try` whose handlers leave,
and managed right after it (`with f:`, `else: with f:`, `else: f.close()`,
or a `try: … finally: f.close()`), is released on every path."""
import fcntl
import sqlite3
import subprocess
import tarfile
import zipfile


# error
def read_first(path):
    try:
        f = open(path)
    except OSError:
        print("cannot open", path)
    data = f.read()
    return data


def save_other(path, other):
    # The `with` after the `if` manages another file: this one is lost.
    if path:
        fobj = open(path, "wb")
    fobj = other
    with fobj:
        fobj.write(b"x")


# ok
def check_connection(database_path):
    # simplesqlite: closed by the statement right after the `try`.
    try:
        connection = sqlite3.connect(database_path)
    except sqlite3.OperationalError as e:
        raise RuntimeError(e)

    connection.close()


def put(filename, data):
    # kombu's file transport: the `try`'s own `finally` closes it.
    f = None
    try:
        f = open(filename, "wb", buffering=0)
        fcntl.flock(f, fcntl.LOCK_EX)
        f.write(data)
    except OSError as exc:
        raise RuntimeError(filename) from exc
    finally:
        if f is not None:
            fcntl.flock(f, fcntl.LOCK_UN)
            f.close()


def run(args):
    try:
        proc = subprocess.Popen(args, stdout=subprocess.PIPE)
    except OSError:
        return None
    with proc:
        return proc.stdout.read()


def lines(path):
    try:
        f = open(path)
    except OSError as error:
        print("cannot open", error)
    else:
        with f:
            return f.readlines()


def remove(path):
    try:
        f = open(path, "rb+")
    except OSError:
        raise KeyError(path)
    else:
        f.close()


def unpack(filename, target):
    try:
        archive = tarfile.open(filename)
    except tarfile.TarError:
        raise ValueError(filename)
    try:
        archive.extractall(target)
    finally:
        archive.close()


def make_zip(name):
    try:
        archive = zipfile.ZipFile(name, "w", compression=zipfile.ZIP_DEFLATED)
    except RuntimeError:
        archive = zipfile.ZipFile(name, "w", compression=zipfile.ZIP_STORED)
    with archive:
        archive.writestr("a", "b")


def load(path, locked):
    try:
        if locked:
            f = open(path, "rb+")
        else:
            f = open(path, "rb")
    except OSError as error:
        if error.errno == 2:
            raise KeyError(path)
        else:
            raise
    with f:
        return f.read()


def zone(path, fallback):
    if path is not None:
        stream = open(path, "rb")
    else:
        stream = fallback()
    with stream as f:
        return f.read()


def save(target, writer):
    # qutebrowser: opened in one branch, managed by the `with` after the `if`.
    if target.filename:
        fobj = open(target.filename, "wb")
    elif target.fileobj:
        fobj = target.fileobj
    else:
        raise ValueError(target)
    try:
        with fobj:
            writer.write_to(fobj)
    except OSError as error:
        print("could not save", error)
