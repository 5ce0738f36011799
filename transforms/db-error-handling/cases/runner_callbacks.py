"""A callback's connection belongs to the runner that calls it."""
import sqlalchemy as sa

# ok


def add_change(pool, changes, files, paths):
    # buildbot's runner opens a connection per call and closes it, which
    # rolls back what a failure left open.
    def thd(conn):
        transaction = conn.begin()
        r = conn.execute(changes.insert(), {"author": "a"})
        conn.execute(files.insert(), [{"changeid": r.inserted_primary_key[0], "path": p} for p in paths])
        transaction.commit()

    return pool.do(thd)


# error


def add_change_on(conn, changes, files, paths):
    # The caller's connection: a failure in the second insert leaves the
    # first pending on it.
    transaction = conn.begin()
    r = conn.execute(changes.insert(), {"author": "a"})
    conn.execute(files.insert(), [{"changeid": r.inserted_primary_key[0], "path": p} for p in paths])
    transaction.commit()
