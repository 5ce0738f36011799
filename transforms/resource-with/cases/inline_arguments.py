import contextlib
import json
import pickle
from typing import IO

# error


def load(p):
    data = json.load(open(p))
    return data


def load_pickle(p):
    return pickle.load(open(p, "rb"))


def count(p):
    n = 0
    for line in open(p):
        if line.strip():
            n += 1
    return n


def passed_on(p):
    process(open(p))


def process(f):
    return f.read()


# ok


class Wrapper:
    def __init__(self, f):
        self.f = f


def wrapped(p):
    w = Wrapper(open(p))
    return w


def handed_back(p):
    return process(open(p))


def kept(p, stack: contextlib.ExitStack):
    f = stack.enter_context(open(p))
    return f.read()


def already(p):
    with open(p) as f:
        return json.load(f)


tee_file = None


def tee(p):
    global tee_file
    from typing import cast

    tee_file = cast(IO, open(p, "w"))


class Reader:
    def start(self, p):
        self.source = parse(open(p))
