import socket

# error


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


# ok


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
