import json

# error


def load_text(path):
    data = open(path).read()
    return data


def save(path, text):
    open(path, "w").write(text)


def lines(path):
    return open(path, encoding="utf-8").readlines()


# ok


def load_json(path):
    with open(path) as f:
        return json.load(f)


def lazy_reader(path):
    return iter(open(path))
