import dbm.gnu
import fileinput
import io
import pathlib
import shelve
import tarfile
import tokenize
import zipfile

import zstandard
from pathlib import Path
from tarfile import TarFile

# error


def path_open(p):
    f = Path(p).open()
    data = f.read()
    f.close()
    return data


def qualified_path_open(p):
    f = pathlib.Path(p).open("w")
    f.write("x")


def zip_member(z, n):
    member = zipfile.ZipFile(z).open(n)
    data = member.read()
    member.close()
    return data


def tar_open(t):
    archive = tarfile.open(t)
    names = archive.getnames()
    archive.close()
    return names


def tar_taropen(t):
    archive = TarFile.taropen(t)
    return len(archive.getnames())


def code(p):
    f = io.open_code(p)
    return f.read()


def gnu_db(p):
    db = dbm.gnu.open(p, "c")
    db["k"] = "v"
    db.close()


def shelf(p):
    s = shelve.open(p)
    s["k"] = 1
    s.close()


def source(p):
    f = tokenize.open(p)
    text = f.read()
    f.close()
    return text


def inputs(p):
    stream = fileinput.input(p)
    first = stream.readline()
    stream.close()
    return first


def file_input(p):
    stream = fileinput.FileInput(p)
    return stream.readline()


def zstd_text(p):
    # bodhi's metadata reader: lzma, gzip and bz2 were reported, zstandard not.
    return zstandard.open(p).read()


# ok


def managed(p):
    with Path(p).open() as f:
        return f.read()


def one_liner(p):
    Path(p).open("w").close()


def variable_path(p):
    path = Path(p)
    return path.name
