"""Fragments whose only spliced values Python renders as numbers."""
import sqlite3

# ok


def get_ranges(conn, path, marker=None, limit=None, include_deleted=False):
    # swift's shape: literal clauses with `?` placeholders, and a limit that
    # `%d` renders as digits or refuses with TypeError.
    condition = ''
    conditions = []
    params = []
    if not include_deleted:
        conditions.append('deleted=0')
    conditions.append('name != ?')
    params.append(path)
    if marker:
        conditions.append("(upper = '' OR upper > ?)")
        params.append(marker)
    if conditions:
        condition = ' WHERE ' + ' AND '.join(conditions)
    if limit is not None and limit >= 0:
        condition += ' LIMIT %d' % limit
    sql = 'SELECT name, lower, upper FROM shard_range%s;' % condition
    return conn.execute(sql, params).fetchall()


def queue_grid(conn, user_id, limit_queues):
    # tendenci's helpdesk: a clause extended by formatting itself with a
    # number that `%d` renders.
    where_clause = """WHERE q.id = t.queue_id"""
    if limit_queues:
        where_clause = """%s AND
                    qm.user_id = %d""" % (where_clause, user_id)
    return conn.execute("SELECT q.id FROM ticket t, queue q %s" % where_clause).fetchall()


# error


def queue_grid_by(conn, user_name, limit_queues):
    # The same clause extended with a name `%s` renders as it is.
    where_clause = """WHERE q.id = t.queue_id"""
    if limit_queues:
        where_clause = """%s AND
                    qm.user_name = '%s'""" % (where_clause, user_name)
    return conn.execute("SELECT q.id FROM ticket t, queue q %s" % where_clause).fetchall()


def get_ranges_by(conn, path, order):
    # `%s` renders whatever the caller passes.
    condition = ' WHERE name != ?'
    condition += ' ORDER BY %s' % order
    sql = 'SELECT name, lower, upper FROM shard_range%s;' % condition
    return conn.execute(sql, [path]).fetchall()
