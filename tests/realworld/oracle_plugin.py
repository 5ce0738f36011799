"""pytest plugin loaded by the oracle (`-p oracle_plugin`): one JSON line per
test phase and per failed collection, written to $ORACLE_REPORT, so the oracle
reads exact node ids instead of parsing terminal output."""

import json
import os

_stream = None


def _write(record):
    global _stream
    if _stream is None:
        _stream = open(os.environ["ORACLE_REPORT"], "a", encoding="utf-8")
    _stream.write(json.dumps(record) + "\n")
    _stream.flush()


def _message(report):
    if not report.failed:
        return ""
    text = getattr(report, "longreprtext", "") or ""
    lines = [line for line in text.splitlines() if line.startswith("E ")]
    return "\n".join(lines[-6:]) or text[-600:]


def pytest_runtest_logreport(report):
    _write(
        {
            "id": report.nodeid,
            "when": report.when,
            "outcome": report.outcome,
            "message": _message(report),
        }
    )


def pytest_collectreport(report):
    if report.failed:
        _write(
            {
                "id": report.nodeid,
                "when": "collect",
                "outcome": "failed",
                "message": _message(report),
            }
        )
