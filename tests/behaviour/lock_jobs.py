"""Legacy locking: locks taken and given back by hand, files copied by hand."""
import json
import os
import sys
import threading

_STATE_LOCK = threading.Lock()
_state = {}


def record(key, value):
    _STATE_LOCK.acquire()
    if value is None:
        raise ValueError("no value for " + key)
    _state[key] = value
    _STATE_LOCK.release()


class Ledger:
    def __init__(self):
        self._lock = threading.RLock()
        self.total = 0

    def add(self, amount):
        self._lock.acquire()
        self.total += int(amount)
        self._lock.release()


def copy(src, dst):
    with open(src) as a:
        b = open(dst, "w")
        b.write(a.read().upper())
        b.close()


if __name__ == "__main__":
    folder = sys.argv[1]
    record("a", 1)
    try:
        record("b", None)
    except ValueError as exc:
        error = str(exc)
    ledger = Ledger()
    ledger.add(5)
    try:
        ledger.add("x")
    except ValueError:
        pass
    src = os.path.join(folder, "in.txt")
    with open(src, "w") as f:
        f.write("hello")
    copy(src, os.path.join(folder, "out.txt"))
    with open(os.path.join(folder, "out.txt")) as f:
        copied = f.read()
    print(json.dumps({
        "state": _state,
        "error": error,
        "total": ledger.total,
        "copied": copied,
        "state_lock_held": _STATE_LOCK.locked(),
        "ledger_lock_free": ledger._lock.acquire(blocking=False),
    }, sort_keys=True))
