import os
import sqlite3
import tempfile

# error


def write_report(path, rows):
    report = open(path, "w")
    for row in rows:
        report.write(row)
    report.flush()
    print("done")


def scratch(data):
    tmp = tempfile.NamedTemporaryFile(mode="w", delete=False)
    tmp.write(data)
    name = tmp.name
    return name


def generator(path):
    f = open(path)
    for line in f:
        yield line


# ok


def returned(path):
    f = open(path)
    return f


def stored(self, path):
    self.log = open(path, "a")


def appended(handles, path):
    f = open(path)
    handles.append(f)


def captured(path):
    f = open(path)

    def read():
        return f.read()

    return read


# error


def aliased_then_read(path):
    # Another name for the same file: shown, never applied.
    f = open(path)
    g = f
    data = g.read()
    return data


def used_after_branch(path, flag):
    if flag:
        f = open(path)
        f.readline()
    print(f.read())


f_script = open("/etc/hostname")
print(f_script.read())


def listed_while_open(folder):
    # Closing a named temporary file deletes it: a block ending after its
    # last use would delete it before the folder is listed.
    marker = tempfile.NamedTemporaryFile(dir=folder)
    print(marker.name)
    return sorted(os.listdir(folder))


def run_script(db, statements):
    # sqlite-bro: `.open` swaps the connection and the cursor is taken again
    # inside the loop. A `with` around the first cursor would close it when
    # the block ends, after its connection was closed: reported, not rewritten.
    cu = db.conn.cursor()
    for statement in statements:
        if statement == ".open":
            db.reopen()
            cu = db.conn.cursor()
        else:
            cu.execute(statement)


def probe(value):
    # sqlite-bro: `checker.close` without parentheses never closes anything.
    checker = sqlite3.connect(":memory:")
    found = checker.execute("SELECT datetime(?)", (value,)).fetchone()
    checker.close
    return found
