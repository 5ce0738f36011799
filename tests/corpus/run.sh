#!/usr/bin/env bash
# Corpus invariants over Django 4.2.16 and SQLAlchemy 2.0.36 (sdists from PyPI,
# sha256-pinned) and this machine's Python standard library.
#   bash tests/corpus/run.sh
# Builds remedy in release mode; the corpus is cached under target/corpus.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/target/corpus"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
python3 "$root/tests/corpus/fetch.py" "$work/download" >/dev/null
if [ ! -d "$work/pristine" ]; then
  mkdir -p "$work/pristine.tmp"
  cp -r "$work/download/Django-4.2.16" "$work/download/sqlalchemy-2.0.36" "$work/pristine.tmp/"
  stdlib=$(python3 -c "import sysconfig; print(sysconfig.get_paths()['stdlib'])")
  mkdir -p "$work/pristine.tmp/stdlib"
  (cd "$stdlib" && find . -name '*.py' -not -path './site-packages/*' -print0 | tar --null -T - -cf -) | tar -xf - -C "$work/pristine.tmp/stdlib"
  mv "$work/pristine.tmp" "$work/pristine"
fi
python3 "$root/tests/corpus/invariants.py" "$root/target/release/remedy" "$work"
