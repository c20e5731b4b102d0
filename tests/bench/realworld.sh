#!/usr/bin/env bash
# realworld.sh - the code rules' speed on ML code: weaklink (-j1 and -j2),
# Debian's bandit and Ruff's WASM build on the SAME .py files in one run.
#   WL_BENCH_REPO=/path/to/diffusers make bench   (a checked-out ML repository)
# Without WL_BENCH_REPO a corpus shaped like an ML library is generated
# (lib/mlcorpus.py). The repository's .py files (only those: what bandit -r
# and ruff read) are copied to a scratch tree; weaklink scans that tree with
# all its scanners (on a .py-only tree that is the Python scanner), bandit
# runs the four tests matching Ruff's rules (-t B102,B301,B307,B506), Ruff
# runs S102,S301,S307,S506 (lib/ruff_wasm.js; its module from node_modules
# or $WL_RUFF_WASM_DIR/node_modules). Each tool runs WL_BENCH_RUNS times
# (default 3; bandit once), the three taking turns: min and median wall, and
# CPU seconds. Ratios use the min walls. Prints "name: figure" lines; never
# fails the build.
set -u
cd "$(dirname "$0")/../.."
WEAKLINK=${WEAKLINK:-build/release/weaklink}
RUNS=${WL_BENCH_RUNS:-3}
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/wl-rwbench.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
CORPUS=$SCRATCH/corpus
mkdir -p "$CORPUS"
if [ -n "${WL_BENCH_REPO:-}" ] && [ -d "$WL_BENCH_REPO" ]; then
  what="$(basename "$WL_BENCH_REPO") (.py files of $WL_BENCH_REPO)"
  (cd "$WL_BENCH_REPO" && find . -name .git -prune -o -name '*.py' -type f -print | tar -cf - -T -) | tar -xf - -C "$CORPUS"
else
  what="generated ML-shaped corpus (set WL_BENCH_REPO to a checkout for the real one)"
  /usr/bin/python3 tests/bench/lib/mlcorpus.py "$CORPUS" 1500
fi
find "$CORPUS" -name '*.py' -type f | sort > "$SCRATCH/files"
nfiles=$(wc -l < "$SCRATCH/files")
nbytes=$(xargs -d '\n' cat < "$SCRATCH/files" | wc -c)
echo "realworld-corpus: $nfiles files, $nbytes bytes, $what"
echo "realworld-load-average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

# one run: "wall cpu maxrss_kb" (GNU time when present, else bash's time)
run1() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%e %U %S %M' -o "$SCRATCH/t" "$@" >/dev/null 2>&1
    # the last line: GNU time puts "Command exited with non-zero status" first
    tail -1 "$SCRATCH/t" | awk '{printf "%.3f %.3f %d\n", $1, $2 + $3, $4}'
  else
    local TIMEFORMAT='%R %U %S'
    { time "$@" >/dev/null 2>&1; } 2>&1 | tail -1 | awk '{printf "%.3f %.3f 0\n", $1, $2 + $3}'
  fi
}
# the runs of one tool ("wall cpu rss" lines): "min_wall median_wall min_cpu max_rss_kb"
summary() {
  sort -n "$1" |
    awk '{w[NR]=$1; if (NR==1||$2<c) c=$2; if ($3>m) m=$3} END{printf "%.3f %.3f %.3f %d\n", w[1], w[int((NR+1)/2)], c, m}'
}
report() { # name min med cpu rss
  printf 'realworld-%s-seconds: %s min wall, %s median wall, %s cpu' "$1" "$2" "$3" "$4"
  [ "$5" -gt 0 ] && printf ', %d MB peak RSS' $(($5 / 1024))
  echo
}

# The tools take turns (-j2, -j1, Ruff; again), so that a slow spell of the
# machine falls on all of them rather than on one tool's block of runs.
have_ruff=0
if out=$(echo | node tests/bench/lib/ruff_wasm.js 2>/dev/null) && [ "$out" != not-installed ]; then
  have_ruff=1
fi
: > "$SCRATCH/j2"; : > "$SCRATCH/j1"; : > "$SCRATCH/ruff"
for ((i = 0; i < RUNS; i++)); do
  run1 "$WEAKLINK" scan --no-config --fail-on none -j2 -o text:/dev/null "$CORPUS" >> "$SCRATCH/j2"
  run1 "$WEAKLINK" scan --no-config --fail-on none -j1 -o text:/dev/null "$CORPUS" >> "$SCRATCH/j1"
  if [ $have_ruff = 1 ]; then
    run1 sh -c "node tests/bench/lib/ruff_wasm.js < '$SCRATCH/files'" >> "$SCRATCH/ruff"
  fi
done
read -r w2 m2 c2 r2 < <(summary "$SCRATCH/j2")
report weaklink-j2 "$w2" "$m2" "$c2" "$r2"
read -r w1 m1 c1 r1 < <(summary "$SCRATCH/j1")
report weaklink-j1 "$w1" "$m1" "$c1" "$r1"

if [ $have_ruff = 1 ]; then
  read -r rw rm rc rr < <(summary "$SCRATCH/ruff")
  report ruff-wasm "$rw" "$rm" "$rc" "$rr"
  printf 'realworld-speedup-vs-ruff-wasm: %.1fx at -j2 (target >= 4x), %.1fx at -j1 (target >= 2x), min walls\n' \
    "$(awk "BEGIN{print $rw / $w2}")" "$(awk "BEGIN{print $rw / $w1}")"
else
  echo "realworld-ruff-wasm-seconds: not installed (npm ci, or WL_RUFF_WASM_DIR)"
fi

. tests/bench/lib/pycorpus.sh
bandit=$(bandit_cmd)
if [ -n "$bandit" ]; then
  run1 $bandit -q -r "$CORPUS" -t B102,B301,B307,B506 -f json -o /dev/null > "$SCRATCH/bandit"
  read -r bw bm bc br < <(summary "$SCRATCH/bandit")
  report bandit "$bw" "$bm" "$bc" "$br"
  printf 'realworld-speedup-vs-bandit: %.1fx at -j2 (target >= 50x), %.1fx at -j1, min walls\n' \
    "$(awk "BEGIN{print $bw / $w2}")" "$(awk "BEGIN{print $bw / $w1}")"
else
  echo "realworld-bandit-seconds: not installed"
fi
