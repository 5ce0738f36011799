#!/usr/bin/env bash
# Real projects as the oracle (tests/realworld/README.md):
#   bash tests/realworld/run.sh [--remedy PATH] [--project NAME]...
#   bash tests/realworld/run.sh --compare OLD_BINARY NEW_BINARY [--project NAME]...
# Without --remedy (or $REMEDY), builds remedy in release mode and judges that.
# Sdists, virtualenvs and work trees are cached under target/realworld.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
args=("$@")
wants_binary=1
for arg in "$@"; do
  case "$arg" in --remedy|--remedy=*|--compare|--list) wants_binary=0 ;; esac
done
if [ "$wants_binary" = 1 ]; then
  if [ -z "${REMEDY:-}" ]; then
    cargo build --release --quiet --manifest-path "$root/Cargo.toml"
    REMEDY="$root/target/release/remedy"
  fi
  args=(--remedy "$REMEDY" "${args[@]}")
fi
exec python3 "$root/tests/realworld/oracle.py" "${args[@]}"
