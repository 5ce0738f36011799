"""A constant tested for membership that names what a value must not be."""

RESERVED_WORDS = ("and", "class", "def")

# error


def columns_of(request, cursor, table):
    # Reported; no allowlist check from RESERVED_WORDS, which every real
    # table name would fail.
    cursor.execute("SELECT * FROM `%s` LIMIT 1" % table)
    names = []
    for (column,) in cursor.fetchall():
        if column in RESERVED_WORDS:
            column += "_"
        names.append(column)
    return names
