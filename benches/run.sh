#!/usr/bin/env bash
# Benchmark (not a test): remedy against Bandit and Ruff on the same corpus,
# in one run, on this machine. From the repository root:
#
#   bash benches/run.sh                         # 3 runs of each command, prints a Markdown table
#   RUNS=5 bash benches/run.sh
#   RUNS=3 BANDIT_RUNS=1 bash benches/run.sh    # Bandit is slow: one run of it is enough for a ratio
#
# It ends with benches/stages.rs: parse, semantic model, index pass and
# check on one thread, against the parser alone, on the same files.
#
# Corpus: the Django 4.2.16 and SQLAlchemy 2.0.36 sdists (sha256-pinned, from
# PyPI through tests/corpus/fetch.py, cached under target/bench). Peers: bandit
# 1.9.4 and ruff 0.17.6 from PyPI in target/bench/venv. remedy is built in
# release mode. Times are wall-clock medians; memory is the largest peak RSS
# over the runs (/usr/bin/time, package `time`). Only counts and timings are
# printed, never findings (the corpus ships test passwords).
#
# Exit statuses: remedy and bandit exit 1 when they find something, and remedy
# exits 2 when some corpus files cannot be read or parsed (Django ships broken
# test fixtures on purpose); only a status above 2 fails the benchmark.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/target/bench"
runs="${RUNS:-3}"
bandit_runs="${BANDIT_RUNS:-$runs}"
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
  echo "benches/run.sh needs /usr/bin/time (apt-get install -y time)" >&2
  exit 1
fi

# (a) the corpus
python3 "$root/tests/corpus/fetch.py" "$work/download" >/dev/null
corpus="$work/corpus"
if [ ! -d "$corpus" ]; then
  rm -rf "$corpus.tmp"
  mkdir -p "$corpus.tmp"
  cp -r "$work/download/Django-4.2.16" "$work/download/sqlalchemy-2.0.36" "$corpus.tmp/"
  mv "$corpus.tmp" "$corpus"
fi

# (b) the peers
if [ ! -x "$work/venv/bin/ruff" ] || [ ! -x "$work/venv/bin/bandit" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet bandit==1.9.4 ruff==0.17.6
fi
ruff="$work/venv/bin/ruff"
bandit="$work/venv/bin/bandit"

# (c) remedy
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
remedy="${CARGO_TARGET_DIR:-$root/target}/release/remedy"

# (d) the corpus in numbers
files=$(find "$corpus" -name '*.py' | wc -l)
lines=$(find "$corpus" -name '*.py' -print0 | xargs -0 cat | wc -l)

# (e) timings. measure RUNS CMD...: "median-wall-seconds peak-RSS-MiB last-exit-status"
measure() {
  local count=$1; shift
  local times=() rss=0 status=0
  for _ in $(seq "$count"); do
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >/dev/null 2>&1 && status=0 || status=$?
    if [ "$status" -gt 2 ]; then echo "FAILED ($status): $*" >&2; exit 1; fi
    local out
    out=$(tail -n 1 "$work/time.txt")
    times+=("${out%% *}")
    local kib="${out##* }"
    if [ "$kib" -gt "$rss" ]; then rss=$kib; fi
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (count + 1) / 2 ))p")
  echo "$median $((rss / 1024)) $status"
}

: > "$work/results.txt"
# row NAME RUNS CMD...: one Markdown table row, and "NAME<TAB>seconds" in results.txt
row() {
  local name=$1 count=$2; shift 2
  local seconds mib status
  read -r seconds mib status < <(measure "$count" "$@")
  local rate
  rate=$(python3 -c "print(f'{$lines / max($seconds, 0.001):,.0f}')")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$files" "$lines" "$seconds" "$rate" "$mib" "$status"
  printf '%s\t%s\n' "$name" "$seconds" >> "$work/results.txt"
}

# (f) the report
echo "Corpus: Django 4.2.16 + SQLAlchemy 2.0.36 sdists ($files Python files, $lines lines)."
echo "Machine: $(nproc) cores, $(uname -sm). Tools: $("$remedy" --version) ($(git -C "$root" rev-parse --short HEAD)), $("$ruff" --version), bandit $("$bandit" --version 2>/dev/null | head -n 1 | awk '{print $2}'), $(python3 --version)."
echo "Median wall time of $runs runs ($bandit_runs for Bandit); peak RSS is the largest of those runs."
echo
echo "| command | files | lines | wall s | lines/s | peak RSS MiB | exit |"
echo "|---|---|---|---|---|---|---|"
row "remedy check (1 thread)" "$runs" "$remedy" check --quiet --threads 1 "$corpus"
row "remedy check (all cores)" "$runs" "$remedy" check --quiet "$corpus"
row "remedy diff (all cores)" "$runs" "$remedy" diff --quiet "$corpus"
row "remedy check --select sql-parameterize (1 thread)" "$runs" "$remedy" check --quiet --threads 1 --select sql-parameterize "$corpus"
row "ruff check --select S608,SIM115 (all cores)" "$runs" "$ruff" check --no-cache --isolated --select S608,SIM115 --exit-zero --quiet "$corpus"
row "ruff check --select S608,SIM115 (1 thread)" "$runs" env RAYON_NUM_THREADS=1 "$ruff" check --no-cache --isolated --select S608,SIM115 --exit-zero --quiet "$corpus"
row "bandit -r (all plugins, 1 process)" "$bandit_runs" "$bandit" -r -q "$corpus"
row "bandit -r -t B608 (SQL only, 1 process)" "$bandit_runs" "$bandit" -r -q -t B608 "$corpus"
echo
python3 - "$work/results.txt" <<'PY'
import sys

times = dict(line.split("\t") for line in open(sys.argv[1]).read().splitlines())
ours = ["remedy check (1 thread)", "remedy check (all cores)"]
peers = [name for name in times if not name.startswith("remedy")]
print("Time of the peer divided by the time of remedy (above 1: remedy is faster):")
print()
print("| peer | " + " | ".join(f"vs {name}" for name in ours) + " |")
print("|---" * (len(ours) + 1) + "|")
for peer in peers:
    ratios = [float(times[peer]) / max(float(times[name]), 0.001) for name in ours]
    print(f"| {peer} | " + " | ".join(f"{ratio:.1f}x" for ratio in ratios) + " |")
PY

# (g) where remedy's time goes: each stage on one thread against the parser alone
echo
cargo bench --quiet --manifest-path "$root/Cargo.toml" --bench stages -- "$corpus"
