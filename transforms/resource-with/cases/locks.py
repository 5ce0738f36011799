import asyncio
import fcntl
import threading
from threading import RLock

CACHE_LOCK = threading.Lock()
cache = {}

# error


def put(key, value):
    CACHE_LOCK.acquire()
    cache[key] = value
    # the size is read under the lock too
    size = len(cache)
    CACHE_LOCK.release()
    return size


class Counter:
    _class_lock = RLock()

    def __init__(self):
        self._lock = threading.Lock()
        self.value = 0

    def reset(self):
        self._class_lock.acquire()
        self.value = 0
        self._class_lock.release()

    def take(self, items):
        # Leaving early used to keep the lock held: unsafe.
        self._lock.acquire()
        if not items:
            return None
        first = items.pop()
        self._lock.release()
        return first


def with_unknown_lock(db_lock, rows):
    # Named like a lock but of unknown type: it may have no `__enter__`
    # (Beaker's creation locks), so it is reported, not rewritten.
    db_lock.acquire()
    rows.append(1)
    db_lock.release()


async def refresh(state):
    lock = asyncio.Lock()
    await lock.acquire()
    state["fresh"] = True
    lock.release()


# ok


def pool_checkout(pool):
    # A pool is not a lock: `acquire()` hands out a connection.
    pool.acquire()
    pool.do_work()
    pool.release()


def conditional_release(flag):
    CACHE_LOCK.acquire()
    if flag:
        CACHE_LOCK.release()
        return
    cache.clear()
    CACHE_LOCK.release()


class Sender:
    def send(self, data):
        # The lock is held past the `break` on purpose and released in the
        # `finally:` after the loop: `with` would release it too early.
        while True:
            self.clear_to_send_lock.acquire()
            if self.clear_to_send.is_set():
                break
            self.clear_to_send_lock.release()
            wait()
        try:
            self._send_message(data)
        finally:
            self.clear_to_send_lock.release()


def non_blocking():
    if not CACHE_LOCK.acquire(False):
        return
    cache.clear()
    CACHE_LOCK.release()


class Guarded:
    def __init__(self):
        self._lock = threading.Lock()
        self.value = 0

    def increment(self):
        # Released in `finally:` right after the acquisition: exception safe.
        self._lock.acquire()
        try:
            self.value += 1
        finally:
            self._lock.release()


def handed_over():
    CACHE_LOCK.acquire()
    cache.clear()


def grab_lock():
    # A lock file: the lock lasts while the file is open (cobbler's
    # `__grab_lock`); a `with` would release it as the block ends.
    handle = open("/var/lib/app/lock", "r")
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)


def grab_lockf(path):
    lock_file = open(path, "w")
    fcntl.lockf(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return True
