"""A driver shim (trimmed from patroni's psycopg.py): psycopg2 or psycopg,
whichever imports. `Error` is bound twice, to two drivers' classes, both
conditionally: remedy 0.x wrapped the calls in `except Error:`, which the
next pass resolved to the other driver's class, and never reached a
fixpoint. Now: reported, no fix."""
from typing import Any

try:
    from psycopg2 import connect as _connect, Error
except ImportError:
    from psycopg import Error
    from psycopg import connect as __connect

    def _connect(dsn=None, **kwargs: Any):
        ret = __connect(dsn or "", **kwargs)
        setattr(ret, "server_version", ret.pgconn.server_version)
        return ret

__all__ = ["connect", "Error"]

# error


def connect(*args: Any, **kwargs: Any):
    ret = _connect(*args, **kwargs)
    ret.autocommit = True
    return ret
# scope: unhandled
