#!/usr/bin/env bash
# run.sh - every test weaklink has, in one run; `make test` calls this after
# building the plain and the ASan/UBSan variants. Each check prints
# "PASS name" or "FAIL name: why"; the last line is "N passed, M failed".
#   tests/run.sh            everything
#   tests/run.sh --update NAME...   rewrite golden files of cases (read the diff!)
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REL=$ROOT/build/release/weaklink
ASAN=$ROOT/build/asan/weaklink
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

if [ "${1:-}" = "--update" ]; then
  shift
  UPDATE=1 tests/run-cases.sh "$REL" "$@"
  exit 0
fi

LOG=$(mktemp /tmp/wl-test.XXXXXX)
pass=0; fail=0
record() { # reads PASS/FAIL lines from stdin, echoes and counts them
  local line
  while IFS= read -r line; do
    echo "$line"
    echo "$line" >>"$LOG"
  done
}

section() { echo; echo "== $*"; }

section "unit tests (cmocka, ASan/UBSan)"
for t in build/asan/tests/test_*; do
  case "$t" in *.d) continue ;; esac
  [ -x "$t" ] || continue
  out=$("$t" 2>&1); rc=$?
  name=$(basename "$t")
  oks=$(echo "$out" | grep -cE '^\[ +OK +\]')
  bad=$(echo "$out" | grep -E '^\[ +(FAILED|ERROR) +\] ' | grep -vE 'test\(s\)' | sed -E 's/^\[ +(FAILED|ERROR) +\] //')
  echo "$out" | grep -E '^\[ +OK +\] ' | sed -E "s/^\[ +OK +\] (.*)/PASS unit\/$name\/\1/" | record
  if [ -n "$bad" ]; then
    echo "$bad" | sed "s/^/FAIL unit\/$name\//" | record
    echo "$out" | grep -vE '^\[ +(RUN|OK) ' | head -30 | sed 's/^/    /'
  elif [ $rc -ne 0 ]; then
    echo "FAIL unit/$name: exit $rc after $oks passing tests" | record
    echo "$out" | tail -30 | sed 's/^/    /'
  fi
done

section "golden cases (release binary)"
tests/run-cases.sh "$REL" | sed 's/^\(PASS\|FAIL\) case\//\1 case-release\//' | record

section "golden cases (ASan/UBSan binary)"
tests/run-cases.sh "$ASAN" | sed 's/^\(PASS\|FAIL\) case\//\1 case-asan\//' | record

section "thread pool under ThreadSanitizer"
# every golden input tree and the picklescan corpus, -j2: any data race fails
for d in tests/cases ../shared/corpus/picklescan; do
  [ -d "$d" ] || continue
  out=$(TSAN_OPTIONS=halt_on_error=0 build/tsan/weaklink scan -j2 --no-config --fail-on none -o sarif:/dev/null "$d" 2>&1)
  if echo "$out" | grep -q "WARNING: ThreadSanitizer"; then
    echo "FAIL tsan/$(basename "$d")" | record; echo "$out" | grep -A12 "WARNING: ThreadSanitizer" | head -24 | sed 's/^/    /'
  else
    echo "PASS tsan/$(basename "$d")" | record
  fi
done

section "fuzz corpora replayed (ASan/UBSan)"
for r in build/asan/replay/fuzz_*; do
  case "$r" in *.d) continue ;; esac
  name=$(basename "$r"); name=${name#fuzz_}
  corpus=tests/fuzz/corpus/$name
  if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus" 2>/dev/null)" ]; then
    echo "FAIL fuzz/$name: no committed corpus in $corpus" | record; continue
  fi
  if out=$(timeout 600 "$r" "$corpus" 2>&1); then
    echo "PASS fuzz/$name ($(echo "$out" | tail -1))" | record
  else
    echo "FAIL fuzz/$name" | record; echo "$out" | tail -30 | sed 's/^/    /'
  fi
done

section "checks and corpora"
for c in tests/checks/*.sh tests/corpus/*.sh; do
  [ -x "$c" ] || continue
  "$c" "$REL" | grep -E '^(PASS|FAIL) ' | record
done

section "integrations (tests/integration: Debian's pre-commit against a clone of HEAD)"
# The first run at a new HEAD builds weaklink inside pre-commit's cache
# (build/pre-commit-home), about 1.5 minutes; later runs reuse it.
# WL_SKIP_INTEGRATION=1 skips this section.
if [ "${WL_SKIP_INTEGRATION:-0}" = 1 ]; then
  echo "SKIP integrations: WL_SKIP_INTEGRATION=1"
else
  for c in tests/integration/*.sh; do
    [ -x "$c" ] || continue
    "$c" "$REL" 2>&1 | while IFS= read -r line; do
      case $line in "PASS "*|"FAIL "*) echo "$line" | record ;; *) echo "$line" ;; esac
    done
  done
fi

section "SARIF validation (Multitool Sarif;Ghas + OASIS schema)"
tests/validate-sarif.sh tests/cases/*/expected.sarif | record

section "GitLab report schema"
for g in tests/cases/*/expected.gitlab.json; do
  [ -f "$g" ] || continue
  if msg=$(/usr/bin/python3 - "$g" "$ROOT/../shared/schemas/gitlab-sast-report-format-15.2.1.json" 2>&1 <<'PY'
import json, sys, os
import jsonschema
doc = json.load(open(sys.argv[1]))
if os.path.exists(sys.argv[2]):
    jsonschema.validate(doc, json.load(open(sys.argv[2])))
PY
); then echo "PASS gitlab-schema/$g" | record; else echo "FAIL gitlab-schema/$g: $(echo "$msg" | tail -1)" | record; fi
done

section "docs generated from the rule catalog"
if tests/gen-readme.sh --check; then echo "PASS docs/rule-table-fresh" | record
else echo "FAIL docs/rule-table-fresh: README.md or docs/rules.md is stale (run make readme)" | record; fi

section "lint"
if out=$(tests/lint.sh 2>&1); then echo "PASS lint/banned-functions" | record
else echo "FAIL lint/banned-functions"; echo "$out" | head -20 | sed 's/^/    /'; echo "FAIL lint/banned-functions" >>"$LOG"; fi

pass=$(grep -c '^PASS ' "$LOG")
fail=$(grep -c '^FAIL ' "$LOG")
echo
if [ "$fail" -gt 0 ]; then
  echo "failures:"; grep '^FAIL ' "$LOG" | sed 's/^/  /'
fi
rm -f "$LOG"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
