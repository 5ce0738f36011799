import socket
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
