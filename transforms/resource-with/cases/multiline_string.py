def write_sql(path):
    f = open(path, "w")
    f.write("""SELECT *
FROM users
    WHERE id = 1""")
    note = ("a"
            "b")
    f.close()
    return note
