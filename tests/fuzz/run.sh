#!/usr/bin/env bash
# fuzz/run.sh SECONDS [HARNESS...] - run libFuzzer harnesses (clang) for
# SECONDS each, growing tests/fuzz/corpus/<name>/ with new coverage. Crashes
# land in build/fuzz/crashes/<name>/: commit the reproducer into the corpus
# together with the fix.
set -u
cd "$(dirname "$0")/../.."
secs=${1:-60}; shift || true
make --no-print-directory FUZZ=1 fuzz-bins >/dev/null || { echo "fuzz: build failed (needs clang + libclang-rt-14-dev)"; exit 1; }
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=($(ls tests/fuzz/fuzz_*.c | sed 's|tests/fuzz/fuzz_||; s|\.c$||'))
for h in "${harnesses[@]}"; do
  corpus=tests/fuzz/corpus/$h
  crashes=build/fuzz/crashes/$h
  mkdir -p "$corpus" "$crashes"
  echo "== fuzz_$h for ${secs}s"
  build/fuzz/fuzzer/fuzz_$h -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$crashes/" "$corpus" 2>&1 | grep -E '^(#[0-9]+ +DONE|Done|==[0-9]+==ERROR|SUMMARY|artifact)' | tail -5
done
