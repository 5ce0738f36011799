"""Resources opened inline, rebound, annotated or opened through a method."""
import json
import os
import pickle
import sys
from pathlib import Path
from typing import IO


def load_config(path):
    config = json.load(open(path))
    return config


def load_blob(path):
    return pickle.load(open(path, "rb"))


def count_words(path):
    words = 0
    for line in open(path):
        if not line.strip():
            continue
        words += len(line.split())
    else:
        words += 0
    return words


def first_and_second(a, b):
    fin = open(a)
    first = fin.read()
    fin = open(b)
    second = fin.read()
    fin.close()
    return first + second


def annotated(path):
    f: IO = open(path)
    text = f.read()
    f.close()
    return text


def through_path(path):
    f = Path(path).open()
    text = f.read()
    f.close()
    return text


def main(folder):
    config = os.path.join(folder, "config.json")
    with open(config, "w") as out:
        json.dump({"name": "demo", "size": 3}, out)
    blob = os.path.join(folder, "blob.pickle")
    with open(blob, "wb") as out:
        pickle.dump([1, 2, 3], out)
    text = os.path.join(folder, "words.txt")
    with open(text, "w") as out:
        out.write("one two\n\nthree four five\n")
    results = {
        "config": load_config(config),
        "blob": load_blob(blob),
        "words": count_words(text),
        "both": first_and_second(text, config),
        "annotated": annotated(text),
        "path": through_path(config),
    }
    print(json.dumps(results, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
