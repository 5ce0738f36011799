# ok
DEBUG = True
VERBOSE = True
