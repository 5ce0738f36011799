import pymysql


class Connection:
    """ezmysql: a pymysql wrapper whose `execute` takes its parameters spread."""

    def __init__(self, host):
        self._db = pymysql.connect(host=host)

    def execute(self, query, *parameters):
        with self._db.cursor() as cur:
            cur.execute(query, parameters)
            return cur.lastrowid

    def update_by(self, table, field_where, value_where, values):
        # MySQL reads `"…"` as a string: `value_where` is a value to bind,
        # `table` and `field_where` are names. Reported, naming both kinds.
        sql = 'UPDATE {} SET a=%s WHERE {}="{}"'.format(table, field_where, value_where)
        return self.execute(sql, *values)

    def touch(self, value):
        # A list passed to `*parameters` would be one value: reported, not rewritten.
        sql = 'UPDATE t SET a = 1 WHERE b = "{}"'.format(value)
        return self.execute(sql)
