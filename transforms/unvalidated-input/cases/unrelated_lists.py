"""The one allowlist of a module, meant for other values than the one used.

datasette-edit-schema: `TYPE_NAMES` lists column types; checking a table
name against it would make every rename fail.
"""

TYPE_NAMES = {
    "TEXT": "Text",
    "INTEGER": "Integer",
}

# error


def rename_table(request, db, table):
    # Reported, with no fix: no allowlist's name says it holds table names.
    new_name = request.form["name"]
    db.execute("ALTER TABLE [{}] RENAME TO [{}]".format(table, new_name))


def column_type(request, db):
    kind = request.args["type"]
    if kind not in TYPE_NAMES:
        raise ValueError(kind)
    return TYPE_NAMES[kind]
