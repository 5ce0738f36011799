import sys

# error


def spaces(p):
    if p:
        f = open(p)
        data = f.read()
        f.close()
        return data
    return None


def tabs(p):
	# A function indented with tabs in a file indented with spaces.
	f = open(p)
	x = f.read()
	f.close()
	return x


def nested_tabs(paths):
	for p in paths:
		f = open(p)
		print(f.read())
		f.close()
