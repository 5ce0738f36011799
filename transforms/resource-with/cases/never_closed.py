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


def aliased(path):
    f = open(path)
    g = f
    return g.read()


def captured(path):
    f = open(path)

    def read():
        return f.read()

    return read


def used_after_branch(path, flag):
    if flag:
        f = open(path)
        f.readline()
    print(f.read())
