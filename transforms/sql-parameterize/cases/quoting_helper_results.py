import sqlalchemy as sa
from cassandra.cluster import Cluster
from psycopg2.extensions import quote_ident as pq_quote_ident

HISTORY_CQL = "select alarm_id, time_stamp from alarm_state_history where %s %s %s"
TENANT_EQ = "tenant_id = %s"
START_GE = "and time_stamp >= %s"
LIMIT_CLAUSE = "limit %s"

# ok


def qname(engine, schema=None, table=None):
    # pgsync's helper: every value it returns is quoted by the dialect.
    quote = engine.dialect.identifier_preparer.quote_identifier
    if schema:
        return f"{quote(schema)}.{quote(table)}"
    return quote(table)


def listen(conn, channel_name):
    # dramatiq-pg: psycopg2's `quote_ident` under another name.
    channel = pq_quote_ident(channel_name, conn)
    with conn.cursor() as curs:
        curs.execute(f"LISTEN {channel};")


def follow_table(followers):
    # twint: the function returns only its own literals.
    if followers:
        table = "followers_names"
    else:
        table = "following_names"
    return table


def save_follow(conn, followers, user):
    table = follow_table(followers)
    conn.cursor().execute(f"INSERT INTO {table} VALUES (?)", (user,))


def truncate_table(engine, table, schema=None):
    table_name = qname(engine, schema, table)
    with engine.begin() as conn:
        conn.execute(sa.text(f"TRUNCATE TABLE {table_name} CASCADE"))


class Repo:
    def __init__(self, hosts):
        self.session = Cluster(hosts).connect()

    def history(self, tenant_id, start=None, limit=None):
        # monasca's alarm history: the template is filled with the
        # program's own fragments, the values are bound.
        conditions = [TENANT_EQ]
        params = [tenant_id]
        if start:
            conditions.append(START_GE)
            params.append(start)
        else:
            conditions.append("")
        if limit:
            conditions.append(LIMIT_CLAUSE)
            params.append(limit + 1)
        else:
            conditions.append("")
        return self.session.execute(HISTORY_CQL % tuple(conditions), params)


# error


def plain_name(engine, table):
    # Not quoted on every path: the name comes back as it was given.
    if table.startswith('"'):
        return table
    return engine.dialect.identifier_preparer.quote_identifier(table)


def drop_table(engine, table):
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP TABLE {plain_name(engine, table)}"))


class Filtered:
    def __init__(self, hosts):
        self.session = Cluster(hosts).connect()

    def history(self, tenant_id, order):
        conditions = [TENANT_EQ]
        conditions.append("order by %s" % order)
        conditions.append("")
        return self.session.execute(HISTORY_CQL % tuple(conditions), [tenant_id])
