import shutil

# error


def copy_same_order(a, b):
    src = open(a)
    dst = open(b, "w")
    dst.write(src.read())
    src.close()
    dst.close()


def copy_reverse_order(a, b):
    src = open(a, "rb")
    dst = open(b, "wb")
    shutil.copyfileobj(src, dst)
    dst.close()
    src.close()
    return b


def log_pair(path):
    # One file object under two names, never closed: reported, not fixed.
    log = current = open(path, "a")
    log.write("start\n")
    current.write("end\n")


def pair_stored(a, b, sink):
    # The second file is kept by `sink`: only the first is closed here.
    src = open(a)
    dst = open(b, "w")
    sink.append(dst)
    dst.write(src.read())
    src.close()


def read_through_an_alias(path):
    # Closed under another name after a read that can raise: reported, not fixed.
    f = open(path)
    same = f
    data = same.read()
    same.close()
    return data


# ok


def closed_with_nothing_between(path):
    f = open(path)
    f.close()


def closed_through_an_alias(path):
    f = open(path)
    same = f
    same.close()


def closed_in_finally(path):
    f = open(path)
    try:
        return f.read()
    finally:
        f.close()
