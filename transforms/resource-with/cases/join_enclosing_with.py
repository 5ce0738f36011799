import sqlite3

# error


def copy(src, dst):
    with open(src) as a:
        b = open(dst, "w")
        b.write(a.read())
        b.close()


def export(path, db_path):
    with open(path, "w") as out:  # the export file
        conn = sqlite3.connect(db_path)
        for row in conn.execute("SELECT name FROM users"):
            out.write(row[0] + "\n")
        conn.close()


def closed_early(src, dst, log):
    # The resource is released before the body ends: a nested `with`, not a joined one.
    with open(src) as a:
        b = open(dst, "w")
        b.write(a.read())
        b.close()
        log.write("copied\n")


def commented(src, dst):
    with open(src) as a:
        # a comment before the acquisition keeps the nested form
        b = open(dst, "w")
        b.write(a.read())
        b.close()


# ok


def already_joined(src, dst):
    with open(src) as a, open(dst, "w") as b:
        b.write(a.read())
