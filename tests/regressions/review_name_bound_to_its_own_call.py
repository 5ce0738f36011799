# openstack-congress's vendored antlr3 runtime: `input = input(...)` inside
# a `try` made the database model follow the name into its own call without
# end (a stack overflow that aborted the whole run).


def prompt():
    try:
        input = input(">>> ")
    except EOFError:
        pass
    return input


def read_all(path):
    f = open(path)
    data = f.read()
    f.close()
    return data
