"""Legacy file handling: handles closed by hand, in finally, or never."""
import json
import os
import sqlite3
import sys



def write_report(path, rows):
    out = open(path, "w")
    for row in rows:
        out.write(",".join(str(v) for v in row) + "\n")
    out.close()


def read_report(path):
    f = open(path)
    lines = f.read().splitlines()
    f.close()
    return lines


def read_report_safely(path):
    # Closed in `finally:` right after the open: exception safe, left alone.
    f = open(path)
    try:
        return f.read().splitlines()
    finally:
        f.close()


def copy_upper(src, dst):
    a = open(src)
    b = open(dst, "w")
    b.write(a.read().upper())
    a.close()
    b.close()


def load_json(path):
    data = open(path).read()
    return json.loads(data)


def count_rows(db_path):
    conn = sqlite3.connect(db_path)
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM t")
    (count,) = cur.fetchone()
    cur.close()
    conn.close()
    return count


def size_while_open(path):
    # The write is still buffered when the size is taken: the file must stay
    # open until the original `close()`, past its last use.
    out = open(path, "w")
    out.write("data")
    size = os.path.getsize(path)
    out.close()
    return size


if __name__ == "__main__":
    folder = sys.argv[1]
    report = os.path.join(folder, "report.csv")
    write_report(report, [(1, "a"), (2, "b")])
    with open(os.path.join(folder, "data.json"), "w") as f:
        json.dump({"k": [1, 2]}, f)
    db = os.path.join(folder, "app.db")
    setup = sqlite3.connect(db)
    setup.executescript("CREATE TABLE IF NOT EXISTS t (x); DELETE FROM t; INSERT INTO t VALUES (1), (2), (3);")
    setup.commit()
    setup.close()
    copy_upper(report, os.path.join(folder, "upper.csv"))
    print(json.dumps({
        "upper": read_report_safely(os.path.join(folder, "upper.csv")),
        "report": read_report(report),
        "json": load_json(os.path.join(folder, "data.json")),
        "rows": count_rows(db),
        "size_while_open": size_while_open(os.path.join(folder, "buffered.txt")),
    }, sort_keys=True))
