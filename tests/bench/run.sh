#!/usr/bin/env bash
# bench/run.sh - `make bench`: every tests/bench/*.sh in one run, each printing
# "name: figure" lines. Figures are measured here, never asserted in tests.
set -u
cd "$(dirname "$0")/../.."
export WEAKLINK=${WEAKLINK:-$(pwd)/build/release/weaklink}
echo "weaklink bench on $(uname -m), $(nproc) cores, $(date -u +%Y-%m-%d)"
for b in tests/bench/*.sh; do
  case "$b" in */run.sh|*/pycorpus.sh) continue ;; esac  # pycorpus.sh is a library
  echo
  echo "== $(basename "$b" .sh)"
  bash "$b" || echo "$(basename "$b" .sh): FAILED (exit $?)"
done
