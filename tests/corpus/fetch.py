"""Fetch the pinned corpus sdists from PyPI (simple JSON API), verifying sha256.

Usage: python3 fetch.py DEST_DIR
"""
import hashlib
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

# name on the index, file name, sha256
PINNED = [
    ("django", "Django-4.2.16.tar.gz", "6f1616c2786c408ce86ab7e10f792b8f15742f7b7b7460243929cb371e7f1dad"),
    ("sqlalchemy", "sqlalchemy-2.0.36.tar.gz", "7f2767680b6d2398aea7082e45a774b2b0767b5c8d8ffb9c8b683088ea9b29c5"),
]


def sdist_url(project: str, filename: str) -> str:
    request = urllib.request.Request(
        f"https://pypi.org/simple/{project}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        index = json.load(response)
    for entry in index["files"]:
        if entry["filename"] == filename:
            return entry["url"]
    raise SystemExit(f"{filename} is not on the index for {project}")


def main() -> None:
    dest = Path(sys.argv[1])
    dest.mkdir(parents=True, exist_ok=True)
    for project, filename, sha256 in PINNED:
        archive = dest / filename
        if not archive.exists():
            with urllib.request.urlopen(sdist_url(project, filename), timeout=300) as response:
                data = response.read()
            if hashlib.sha256(data).hexdigest() != sha256:
                raise SystemExit(f"{filename}: sha256 mismatch")
            archive.write_bytes(data)
        unpacked = dest / filename.removesuffix(".tar.gz")
        if not unpacked.exists():
            with tarfile.open(archive) as tar:
                tar.extractall(dest, filter="data")
        print(unpacked)


if __name__ == "__main__":
    main()
