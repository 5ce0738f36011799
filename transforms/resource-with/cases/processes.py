import os
import subprocess
import threading
from subprocess import PIPE, Popen

# error


def never_waited(args):
    p = Popen(args, stdout=PIPE)
    return p.stdout.readline()


# ok


def dump(args, environ):
    # Trac's backup: the process is reaped by `communicate` right after it starts.
    try:
        p = Popen(args, env=environ, stderr=PIPE)
    except OSError as e:
        raise RuntimeError("Unable to run %s: %s" % (args[0], e))
    errmsg = p.communicate()[1]
    if p.returncode != 0:
        raise RuntimeError(errmsg)


def version(path):
    p = subprocess.Popen([path, "--version"], stdout=PIPE)
    return p.communicate()[0]


def start_detached(conn, cmdline, env):
    # patroni's postmaster, started in a forked child: the parent follows it
    # by its pid; a `with` would wait for a server that runs on.
    os.setsid()
    try:
        postmaster = subprocess.Popen(cmdline, close_fds=True, env=env)
        conn.send(postmaster.pid)
    except Exception:
        conn.send(None)
    conn.close()


def _drain(process):
    for output in process.communicate():
        if output:
            print(output.decode())


def git_pull(path):
    # opsdroid's skill loader: the helper communicates with the process,
    # which waits for it and closes its pipes, as `p.communicate()` here would.
    process = subprocess.Popen(
        ["git", "-C", path, "pull"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    _drain(process)


class Loader:
    # The same through a static method called by its class's name.
    @staticmethod
    def pull(path):
        process = subprocess.Popen(["git", "-C", path, "pull"], stdout=subprocess.PIPE)
        Loader._communicate_process(process)

    @staticmethod
    def _communicate_process(process):
        for output in process.communicate():
            print(output)


def managed(args):
    with Popen(args, stdout=PIPE) as p:
        return p.stdout.read()


# error


def serve_and_probe(args, probe):
    # The code stops the child itself: if the probe raises, a `with` would
    # wait for a server that never exits (unsafe).
    p = Popen(args)
    probe()
    p.terminate()
    p.wait()


def install(args, reader):
    # MPD_sima's installer: threads read the pipes while the code waits.
    # `Popen.__exit__` closes the pipes before it waits, under the readers,
    # and the child dies of a broken pipe: reported, not fixed.
    p = Popen(args, stdout=PIPE, stderr=PIPE)
    t1 = threading.Thread(target=reader, args=(p.stdout, "stdout"))
    t1.start()
    t2 = threading.Thread(target=reader, args=(p.stderr, "stderr"))
    t2.start()
    p.wait()
    t1.join()
    t2.join()


def open_increment(path):
    # rdiffweb's increment reader: the caller reads the pipe after this
    # returns, while `zcat` runs on; a `with` would close it and wait here.
    process = subprocess.Popen(["zcat", path], stdout=subprocess.PIPE)
    return process.stdout


def start_agent():
    # zuul's executor: started under `with open(os.devnull)`, waited for by
    # the statement right after the block; only the block's exit runs between.
    with open("/dev/null", "r+") as devnull:
        agent = subprocess.Popen(["ssh-agent"], stdout=subprocess.PIPE, stdin=devnull)
    (output, _) = agent.communicate()
    return output
