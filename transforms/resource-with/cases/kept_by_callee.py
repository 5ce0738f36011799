"""A resource handed to a project function that keeps it (stores it,
returns it, wraps it) is that function's business, not closed here."""

REGISTRY = []


def keep(stream):
    REGISTRY.append(stream)


def wrap(stream):
    return Wrapper(stream)


class Wrapper:
    def __init__(self, stream):
        self.stream = stream


class _proxy:
    """A lower-case class: not a constructor by its name, by its `__init__`."""

    def __init__(self, stream, proc=None):
        self._stream = stream
        self._proc = proc


def read_all(stream):
    return stream.read()


# error
def leaked(path):
    f = open(path)
    read_all(f)


def leaked_inline(path):
    read_all(open(path))


# ok
def registered(path):
    f = open(path)
    keep(f)


def registered_by_keyword(path):
    f = open(path)
    keep(stream=f)


def registered_inline(path):
    keep(open(path))


def wrapped(path):
    f = open(path)
    reader = wrap(f)
    return reader.stream.readline()


def proxied(path):
    f = open(path)
    return _proxy(f)
