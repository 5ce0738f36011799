import subprocess
from subprocess import PIPE, Popen

# error


def never_waited(args):
    p = Popen(args, stdout=PIPE)
    return p.stdout.readline()


# ok


def version(path):
    p = subprocess.Popen([path, "--version"], stdout=PIPE)
    return p.communicate()[0]


def managed(args):
    with Popen(args, stdout=PIPE) as p:
        return p.stdout.read()
