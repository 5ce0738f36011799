#!/usr/bin/env bash
# Benchmark (not a test): remedy against Bandit and Ruff on the same corpus,
# in one run, on this machine.
#
#   bash benches/run.sh            # 3 runs each, prints a Markdown table
#   RUNS=5 bash benches/run.sh
#
# Corpus: Django 4.2.16 and SQLAlchemy 2.0.36 sdists (sha256-pinned, from
# PyPI, cached under target/bench). Peers: bandit 1.9.4 and ruff 0.17.6 from
# PyPI in target/bench/venv. Times are wall-clock medians; memory is the peak
# RSS of one run (/usr/bin/time). remedy exits 1 when it finds something, so
# only exit 2 counts as a failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/bench"
runs="${RUNS:-3}"
mkdir -p "$work"

python3 "$root/tests/corpus/fetch.py" "$work/download" >/dev/null
corpus="$work/corpus"
if [ ! -d "$corpus" ]; then
  mkdir -p "$corpus.tmp"
  cp -r "$work/download/Django-4.2.16" "$work/download/sqlalchemy-2.0.36" "$corpus.tmp/"
  mv "$corpus.tmp" "$corpus"
fi
if [ ! -x "$work/venv/bin/ruff" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet bandit==1.9.4 ruff==0.17.6
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
remedy="$root/target/release/remedy"

files=$(find "$corpus" -name '*.py' | wc -l)
lines=$(find "$corpus" -name '*.py' -print0 | xargs -0 cat | wc -l)

# median wall seconds of $runs runs, and the peak RSS (MiB) of the last one
measure() {
  local times=() rss=0
  for _ in $(seq "$runs"); do
    local out status
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>&1 && status=0 || status=$?
    # 1 = findings, 2 = some corpus files do not parse (Django ships broken test fixtures on purpose).
    if [ "$status" -gt 2 ]; then echo "FAILED ($status): $*" >&2; exit 1; fi
    out=$(tail -n 1 "$work/time.txt")
    times+=("${out%% *}")
    rss="${out##* }"
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  echo "$median $((rss / 1024))"
}

row() {
  local name=$1; shift
  read -r seconds mib < <(measure "$@")
  local rate
  rate=$(python3 -c "print(f'{$lines / max($seconds, 0.001):,.0f}')")
  printf '| %s | %s | %s | %s |\n' "$name" "$seconds" "$rate" "$mib"
  echo "$name $seconds" >> "$work/results.txt"
}

: > "$work/results.txt"
echo "Corpus: Django 4.2.16 + SQLAlchemy 2.0.36 sdists: $files Python files, $lines lines. Machine: $(nproc) cores. Median of $runs runs."
echo
echo "| command | wall s | lines/s | peak RSS MiB |"
echo "|---|---|---|---|"
row "remedy check (1 thread)" "$remedy" check --quiet --threads 1 "$corpus"
row "remedy check (all cores)" "$remedy" check --quiet "$corpus"
row "remedy diff (all cores)" "$remedy" diff --quiet "$corpus"
row "remedy check --select sql-parameterize (1 thread)" "$remedy" check --quiet --threads 1 --select sql-parameterize "$corpus"
row "ruff check --select S608,SIM115 (all cores)" "$work/venv/bin/ruff" check --no-cache --isolated --select S608,SIM115 --exit-zero "$corpus"
row "bandit -r (all plugins, 1 process)" "$work/venv/bin/bandit" -r -q "$corpus"
row "bandit -r -t B608 (SQL only)" "$work/venv/bin/bandit" -r -q -t B608 "$corpus"
echo
python3 - "$work/results.txt" <<'PY'
import sys
times = dict(line.rsplit(" ", 1) for line in open(sys.argv[1]).read().splitlines())
one = float(times["remedy check (1 thread)"])
for peer in ("ruff check --select S608,SIM115 (all cores)", "bandit -r (all plugins, 1 process)", "bandit -r -t B608 (SQL only)"):
    print(f"- remedy check (1 thread) vs {peer}: {float(times[peer]) / one:.1f}x")
PY
