import io
import socket
import tarfile
import zipfile
from urllib.request import urlopen

# error


def read_config(path):
    handle = open(path)
    text = handle.read()
    handle.close()
    return text


def copy_upper(src, dst):
    reader = io.open(src, encoding="utf-8")
    # comments inside the block move with it
    data = reader.read()

    upper = data.upper()
    reader.close()
    with open(dst, "w") as out:
        out.write(upper)


def list_archive(path):
    archive = tarfile.open(path, mode="r:gz")
    names = archive.getnames()
    archive.close()
    return names


def fetch(url):
    response = urlopen(url, timeout=10)
    body = response.read()
    response.close()
    return body


def probe(host, port):
    sock = socket.create_connection(
        (host, port),
        timeout=3,
    )
    sock.sendall(b"PING\r\n")
    reply = sock.recv(64)
    sock.close()
    log_reply(reply)
    return reply


def zip_names(path):
    z = zipfile.ZipFile(path)
    try_names = [info.filename for info in z.infolist()]
    z.close()
    return try_names


class Store:
    def dump(self, path, rows):
        out = open(path, "w")
        for row in rows:
            if row:
                out.write(row + "\n")
        out.close()


def read_and_exit(path):
    # `__exit__()` called by hand is what the `with` calls.
    handle = open(path)
    text = handle.read()
    handle.__exit__()
    return text


# ok


def already_managed(path):
    with open(path) as handle:
        return handle.read()


def closed_twice(path, flag):
    f = open(path)
    if flag:
        f.close()
        return None
    data = f.read()
    f.close()
    return data


def log_reply(reply):
    print(reply)
