#!/usr/bin/env bash
# lint.sh - banned functions (STYLE.md) in our C sources; cppcheck when present
# and asked for (LINT_CPPCHECK=1: slow, so not part of make test).
set -u
cd "$(dirname "$0")/.."
status=0
hits=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|gets|atoi|atol|sscanf)\s*\(' \
  cmd/*.c scanners/*/*.c scanners/*/*.h rules/*.c sarif/*.c gitlab/*.c tests/unit/*.c tests/fuzz/*.c 2>/dev/null \
  | grep -vE '^\S+:[0-9]+:\s*(\*|//)' || true)
if [ -n "$hits" ]; then
  echo "banned functions (use snprintf, wl_buf, strtol ...):"
  echo "$hits"
  status=1
fi
if [ -n "${LINT_CPPCHECK:-}" ] && command -v cppcheck >/dev/null; then
  cppcheck -q --error-exitcode=1 --enable=warning,portability --std=c11 $(for d in scanners/*/; do printf -- '-I%s ' "${d%/}"; done) -Ibuild/gen -Irules -Isarif -Igitlab -Icmd \
    cmd scanners rules sarif gitlab || status=1
fi
exit $status
