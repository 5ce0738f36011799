#!/usr/bin/env bash
# Copies every fixture case into the fuzz corpus as a seed.
set -euo pipefail
shopt -s nullglob
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/fuzz/corpus/fix_pipeline"
for case in "$root"/transforms/*/cases/*.py; do
  cp "$case" "$root/fuzz/corpus/fix_pipeline/$(basename "$(dirname "$(dirname "$case")")")-$(basename "$case")"
done
