#!/usr/bin/env bash
# run.sh - the GitHub Action's body: build weaklink from this checkout of the
# action, scan the workspace, decide whether the SARIF can be uploaded.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
# Debian/Ubuntu packages need root; the runner's user has passwordless sudo.
if [ "$(id -u)" -ne 0 ]; then sudo "$src/scripts/deps.sh" apt; else "$src/scripts/deps.sh" apt; fi
make -C "$src" --no-print-directory deps weaklink >/dev/null || { echo "::error::weaklink failed to build"; exit 1; }

sarif="$RUNNER_TEMP/weaklink.sarif"
read -r -a extra <<<"${WL_ARGS:-}"
"$src/weaklink" scan --category "$WL_CATEGORY" --fail-on "$WL_FAIL_ON" \
  -o text:- -o "sarif:$sarif" "${extra[@]}" "$WL_PATH"
status=$?
echo "sarif=$sarif" >>"$GITHUB_OUTPUT"
echo "exit-code=$status" >>"$GITHUB_OUTPUT"

can_upload=true
[ "${WL_UPLOAD:-true}" = true ] || can_upload=false
[ -f "$sarif" ] || can_upload=false
# A pull request from a fork runs with a read-only token: the upload would
# fail the job for a reason that is not the contributor's. Degrade to a warning.
if [ "$can_upload" = true ] && [[ "${WL_EVENT:-}" == pull_request* ]] && [ -n "${WL_HEAD_REPO:-}" ] \
   && [ "$WL_HEAD_REPO" != "$WL_BASE_REPO" ]; then
  echo "::warning::pull request from a fork ($WL_HEAD_REPO): SARIF upload skipped (read-only token); the report is above"
  can_upload=false
fi
echo "can-upload=$can_upload" >>"$GITHUB_OUTPUT"
exit 0
