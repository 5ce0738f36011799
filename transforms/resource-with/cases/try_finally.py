import os
import socket
import tempfile
# Closed in the `finally:` of a `try` right after the acquisition: released
# on every path already, so there is no leak to report (a `with` would be
# shorter, not safer).


def read_lines(path):
    f = open(path)
    try:
        lines = f.readlines()
        # keep this comment
        return [line.strip() for line in lines]
    finally:
        f.close()


def send(host, payload):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.connect((host, 9000))
        sock.sendall(payload)
    finally:
        sock.close()


def finally_does_more(path, log):
    f = open(path)
    try:
        return f.read()
    finally:
        f.close()
        log.info("closed")


def with_handler(path):
    f = open(path)
    try:
        return f.read()
    except OSError:
        return ""
    finally:
        f.close()


def create_key(key_dir, key_filepath, key):
    # mediagoblin's key file: closed by hand in the `try`, and closed and
    # removed by the `finally` when anything before that failed. A `with`
    # would close it first, and the `finally` would leave the half-written
    # key behind.
    key_file = None
    try:
        key_file = tempfile.NamedTemporaryFile(dir=key_dir, suffix=".bin", delete=False)
        key_file.write(key.encode("ascii"))
        key_file.flush()
        os.rename(key_file.name, key_filepath)
        key_file.close()
    finally:
        if (key_file is not None) and (not key_file.closed):
            key_file.close()
            os.unlink(key_file.name)


def report_size(path, log):
    # Closed by hand, then read again after the block, in a handler that
    # does not close it: reported, but a `with` would change what the
    # handler sees, so there is no fix.
    f = None
    try:
        f = open(path)
        data = f.read()
        f.close()
    except ValueError:
        log.info("closed=%s", f is not None and f.closed)
        raise
    return data


def get_file(to_path, data):
    # freezer's FTP storage: closed in the handler that re-raises, and again
    # after the `try` (remedy used to crash on the handler's close).
    try:
        f = open(to_path, "wb")
        f.write(data)
    except OSError:
        f.close()
        raise
    f.close()
