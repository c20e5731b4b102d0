#!/usr/bin/env bash
# run.sh - the body of weaklink's GitHub Action (action.yml).
#   run.sh prepare   compute the build cache key and directory (step outputs)
#   run.sh scan      get weaklink (cache, or build it), scan, write the outputs,
#                    the job summary and the annotations, decide the upload
# Every input arrives through the environment (WL_*); nothing is evaluated.
# WEAKLINK_BIN=/path/to/weaklink skips the build (self-hosted runners with
# weaklink installed, and tests/checks/action.sh).
set -uo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)

die() { echo "::error title=weaklink::$*"; exit 2; }
out() { printf '%s=%s\n' "$1" "$2" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"; }

# The sources the binary is built from: its cache key.
source_hash() {
  (cd "$src" && find Makefile cmd scanners rules sarif gitlab scripts package-lock.json -type f -print0 2>/dev/null \
    | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-20)
}

prepare() {
  local os=unknown h
  [ -r /etc/os-release ] && os=$(. /etc/os-release && echo "${ID:-linux}${VERSION_ID:-}")
  h=$(source_hash)
  out key "weaklink-bin-$os-$(uname -m)-$h"
  out dir "${RUNNER_TEMP:?RUNNER_TEMP is not set}/weaklink-bin-$h"
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Build packages only. `scripts/deps.sh build` once weaklink has it; until
# then its `apt` mode (which still brings the test packages) and `npm`.
install_build_deps() {
  if "$src/scripts/deps.sh" --help 2>&1 | grep -qw build; then
    as_root "$src/scripts/deps.sh" build
  else
    echo "weaklink: scripts/deps.sh has no build-only mode yet: installing its apt + npm sets"
    as_root "$src/scripts/deps.sh" apt && "$src/scripts/deps.sh" npm
  fi
}

get_binary() { # prints the path of a runnable weaklink
  local dir=${WL_CACHE_DIR:-}
  if [ -n "${WEAKLINK_BIN:-}" ]; then
    [ -x "$WEAKLINK_BIN" ] || die "WEAKLINK_BIN=$WEAKLINK_BIN is not executable"
    echo "$WEAKLINK_BIN"; return
  fi
  [ -n "$dir" ] || dir=${RUNNER_TEMP:?}/weaklink-bin-$(source_hash)
  if [ -x "$dir/weaklink" ]; then
    # A cache hit still needs the shared libraries on this runner.
    if ldd "$dir/weaklink" 2>/dev/null | grep -q 'not found'; then
      echo "weaklink: cached binary found; installing its libraries" >&2
      install_build_deps >&2 || die "could not install weaklink's libraries"
    else
      echo "weaklink: cached binary found" >&2
    fi
  else
    echo "weaklink: building from $src" >&2
    { install_build_deps && make -C "$src" --no-print-directory -j"$(nproc)" weaklink; } >&2 ||
      die "weaklink failed to build"
    mkdir -p "$dir" && install -m 0755 "$src/weaklink" "$dir/weaklink"
  fi
  echo "$dir/weaklink"
}

# args: shell-like words (quotes, backslashes) split by Python's shlex; no
# expansion and no command substitution, ever.
split_args() {
  python3 -c '
import shlex, sys
try:
    words = shlex.split(sys.argv[1], comments=False, posix=True)
except ValueError as e:
    sys.stderr.write("args: %s\n" % e); sys.exit(1)
for w in words:
    sys.stdout.write(w + "\0")' "$1"
}

event_field() { # event_field a.b.c -> value from $GITHUB_EVENT_PATH, or empty
  [ -r "${GITHUB_EVENT_PATH:-}" ] || return 0
  python3 - "$GITHUB_EVENT_PATH" "$1" <<'PY'
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) else None
if isinstance(v, (str, int)) and not isinstance(v, bool):
    print(v)
PY
}

scan() {
  local wl tmp sarif extra=() diff_args=() opts=() status notes=()
  [ -n "${RUNNER_TEMP:-}" ] || die "RUNNER_TEMP is not set"
  cd "${GITHUB_WORKSPACE:-.}" || die "cannot enter the workspace"
  tmp=$(mktemp -d "$RUNNER_TEMP/weaklink-XXXXXX") || die "cannot create a directory in RUNNER_TEMP"
  if [ -n "${WL_ARGS:-}" ]; then
    split_args "$WL_ARGS" >"$tmp/args" || die "the args input is not valid shell quoting"
    mapfile -d '' -t extra <"$tmp/args"
  fi
  wl=$(get_binary) || exit 2

  # --- pull-request mode: THE place. On pull requests (diff: auto) or with
  # diff: true, scan what changed since the base and gate on new findings
  # only, once weaklink has --diff-base (and --new-only).
  local event=${GITHUB_EVENT_NAME:-} diff=${WL_DIFF:-auto} base=""
  if [ "$diff" = true ] || { [ "$diff" = auto ] && [[ $event == pull_request* ]]; }; then
    base=$(event_field pull_request.base.sha)
    [ -n "$base" ] || base=${GITHUB_BASE_REF:+origin/$GITHUB_BASE_REF}
    local help; help=$("$wl" help scan 2>&1)
    if [[ $help != *--diff-base* ]]; then
      notes+=("this weaklink has no --diff-base yet: full scan, every finding counts (not only new ones)")
    elif [ -z "$base" ]; then
      notes+=("diff mode: no base commit in the event: full scan")
    elif ! git cat-file -e "$base^{commit}" 2>/dev/null && ! git fetch -q --no-tags --depth=1 origin "$base" 2>/dev/null; then
      notes+=("diff mode: base $base is not in the checkout (actions/checkout fetch-depth: 0): full scan")
    else
      diff_args=(--diff-base "$base")
      [[ $help == *--new-only* ]] && diff_args+=(--new-only)
    fi
  fi
  # weaklink itself turns to a diff scan on pull requests (GITHUB_BASE_REF):
  # when this action decided on a full scan, say so
  if [ ${#diff_args[@]} -eq 0 ] && [[ $("$wl" help scan 2>&1) == *--full-scan* ]]; then
    diff_args=(--full-scan)
  fi
  local n; for n in "${notes[@]}"; do echo "::notice title=weaklink::$n"; done

  # --- upload decision. auto: upload unless the token is read-only (a pull
  # request from a fork, or Dependabot's); then annotations stand in.
  local upload=${WL_UPLOAD:-auto} can_upload=false why="" head_repo
  head_repo=$(event_field pull_request.head.repo.full_name)
  case $upload in
    true) can_upload=true ;;
    false) why="upload: false" ;;
    auto)
      if [ "${diff_args[0]:-}" = --diff-base ]; then
        # a partial scan uploaded to code scanning would show every alert it
        # did not look at as fixed: annotations and the summary instead
        why="diff scan of the pull request: a partial SARIF would show other alerts as fixed"
      elif [[ $event == pull_request* ]] && [ -n "$head_repo" ] && [ "$head_repo" != "${GITHUB_REPOSITORY:-}" ]; then
        why="pull request from a fork ($head_repo): read-only token"
      elif [ "${GITHUB_ACTOR:-}" = "dependabot[bot]" ]; then
        why="Dependabot run: read-only token"
      else
        can_upload=true
      fi ;;
    *) die "upload must be auto, true or false (got '$upload')" ;;
  esac
  local annotate=${WL_ANNOTATIONS:-auto}
  case $annotate in
    auto) [ "$can_upload" = true ] && annotate=false || annotate=true ;;
    true|false) ;;
    *) die "annotations must be auto, true or false (got '$annotate')" ;;
  esac

  sarif=$tmp/weaklink.sarif
  [ -n "${WL_CONFIG:-}" ] && opts+=(--config "$WL_CONFIG")
  [ -n "${WL_FAIL_ON:-}" ] && opts+=(--fail-on "$WL_FAIL_ON")
  [ -n "${WL_CATEGORY:-}" ] && opts+=(--category "$WL_CATEGORY")
  "$wl" scan "${opts[@]}" "${diff_args[@]}" --color never \
    -o "text:$tmp/report.txt" -o "sarif:$sarif" -o "markdown:$tmp/summary.md" -o "github:$tmp/annotations.txt" \
    "${extra[@]}" -- "${WL_PATH:-.}"
  status=$?
  [ -f "$tmp/report.txt" ] && cat "$tmp/report.txt"

  if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$tmp/summary.md" ]; then
    {
      cat "$tmp/summary.md"
      for n in "${notes[@]}"; do printf '\n> %s\n' "$n"; done
      [ -n "$why" ] && printf '\n> SARIF not uploaded to code scanning: %s.\n' "$why"
    } >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ "$annotate" = true ] && [ -f "$tmp/annotations.txt" ]; then cat "$tmp/annotations.txt"; fi

  local counts
  counts=$(sed -nE 's/.*[( ]([0-9]+) errors?, ([0-9]+) warnings?, ([0-9]+) notes?\).*/\1 \2 \3/p' "$tmp/report.txt" 2>/dev/null | tail -1)
  read -r e w nn <<<"${counts:-0 0 0}"
  out errors "$e"; out warnings "$w"; out notes "$nn"; out total "$((e + w + nn))"
  [ -f "$sarif" ] || { can_upload=false; why=${why:-"no SARIF was written"}; }
  out sarif "$sarif"
  out exit-code "$status"
  out upload "$can_upload"
  out diff-mode "$([ "${diff_args[0]:-}" = --diff-base ] && echo true || echo false)"
  if [ "$can_upload" = false ] && [ -n "$why" ]; then echo "weaklink: SARIF not uploaded: $why"; fi
  exit 0
}

case "${1:-}" in
  prepare) prepare ;;
  scan) scan ;;
  *) echo "usage: $0 prepare|scan" >&2; exit 2 ;;
esac
