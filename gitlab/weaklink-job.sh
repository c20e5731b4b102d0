#!/usr/bin/env bash
# weaklink-job.sh - the body of the GitLab job (gitlab/weaklink.gitlab-ci.yml).
# Runs in the scanned project's directory (CI_PROJECT_DIR). It finds
# weaklink (WEAKLINK_BIN, the build cache, the image's, or builds it from the
# checkout this script sits in), scans, writes the three reports, and only
# then exits with weaklink's status: the reports are saved even when the gate
# fails (the job's artifacts are `when: always`).
#
# Variables (all optional):
#   WEAKLINK_ARGS     extra `weaklink scan` arguments, split with shell quoting
#                     rules (no expansion, no command substitution)
#   WEAKLINK_FAIL_ON  none|note|warning|error; empty: the project's config decides
#   WEAKLINK_BIN      a weaklink binary to use (no build)
#   WEAKLINK_CACHE    the build cache directory (default .weaklink-cache)
#   WEAKLINK_REF      the commit being used (names the cache entry)
#   WEAKLINK_NODE_MODULES  an existing node_modules for the build (no npm ci)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
src=$(dirname "$here")
project=${CI_PROJECT_DIR:-$PWD}
cache=${WEAKLINK_CACHE:-$project/.weaklink-cache}
cd "$project" || { echo "weaklink: cannot enter $project" >&2; exit 2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

# Runtime libraries of the Debian 12 image (the job's default image).
RUNTIME_PKGS="libgit2-1.5 libpcre2-8-0 libcjson1 libtree-sitter0 zlib1g liblzma5 libbz2-1.0 libssl3"
ensure_libs() { # ensure_libs BIN: install the libraries a cached binary needs
  ldd "$1" 2>/dev/null | grep -q 'not found' || return 0
  echo "weaklink: installing runtime libraries: $RUNTIME_PKGS"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086
  as_root apt-get update -qq && as_root apt-get install -y -qq --no-install-recommends $RUNTIME_PKGS >/dev/null
}

# Build packages only: `scripts/deps.sh build` once weaklink has it; until
# then its `apt` mode (which still brings the test packages) and `npm`.
build_deps() {
  if "$src/scripts/deps.sh" --help 2>&1 | grep -qw build; then
    as_root "$src/scripts/deps.sh" build
  else
    echo "weaklink: scripts/deps.sh has no build-only mode yet: installing its apt + npm sets"
    as_root "$src/scripts/deps.sh" apt && "$src/scripts/deps.sh" npm
  fi
}

find_weaklink() {
  local entry
  if [ -n "${WEAKLINK_BIN:-}" ]; then
    [ -x "$WEAKLINK_BIN" ] || { echo "weaklink: WEAKLINK_BIN=$WEAKLINK_BIN is not executable" >&2; return 1; }
    wl=$WEAKLINK_BIN; return 0
  fi
  if [ -x "$here/weaklink" ]; then
    # a cache entry: this script and the binary side by side
    echo "weaklink: build cache hit ($here)"
    ensure_libs "$here/weaklink" || return 1
    wl=$here/weaklink; return 0
  fi
  if [ ! -f "$src/Makefile" ]; then
    # installed copy of this script (an image built from weaklink's Dockerfile)
    wl=$(command -v weaklink) || { echo "weaklink: no weaklink in this image" >&2; return 1; }
    return 0
  fi
  entry=$cache/${WEAKLINK_REF:-$(git -C "$src" rev-parse HEAD 2>/dev/null || echo local)}
  if [ -x "$entry/weaklink" ]; then
    echo "weaklink: build cache hit ($entry)"
    ensure_libs "$entry/weaklink" || return 1
  else
    echo "weaklink: building weaklink from $src"
    # an existing node_modules (offline runners, tests) instead of npm ci
    if [ -n "${WEAKLINK_NODE_MODULES:-}" ] && [ ! -e "$src/node_modules" ]; then
      ln -s "$WEAKLINK_NODE_MODULES" "$src/node_modules"
    fi
    { build_deps && make -C "$src" --no-print-directory -j"$(nproc)" weaklink; } || {
      echo "weaklink: the build failed" >&2; return 1; }
    mkdir -p "$entry" && install -m 0755 "$src/weaklink" "$entry/weaklink"
    cp -f "$here/weaklink-job.sh" "$entry/weaklink-job.sh"
  fi
  wl=$entry/weaklink
}

# split_words STRING: shell-like words into the array `words`. Quotes '...'
# and "..." and backslash escapes are honoured; nothing is expanded or run.
split_words() {
  local s=$1 i=0 n=${#1} c w="" inword=0 q=""
  words=()
  while [ $i -lt "$n" ]; do
    c=${s:i:1}
    if [ "$q" = "'" ]; then
      if [ "$c" = "'" ]; then q=""; else w+=$c; fi
    elif [ "$q" = '"' ]; then
      if [ "$c" = '"' ]; then q=""
      elif [ "$c" = '\' ] && [[ ${s:i+1:1} == [\"\\\$\`] ]]; then i=$((i + 1)); w+=${s:i:1}
      else w+=$c; fi
    else
      case $c in
        [[:space:]]) [ $inword = 1 ] && words+=("$w"); w=""; inword=0 ;;
        "'"|'"') q=$c; inword=1 ;;
        '\') i=$((i + 1)); [ $i -lt "$n" ] && w+=${s:i:1}; inword=1 ;;
        *) w+=$c; inword=1 ;;
      esac
    fi
    i=$((i + 1))
  done
  [ -n "$q" ] && { echo "weaklink: WEAKLINK_ARGS has an unterminated $q quote" >&2; return 1; }
  [ $inword = 1 ] && words+=("$w")
  return 0
}

wl=""
find_weaklink || exit 2
words=()
split_words "${WEAKLINK_ARGS:-}" || exit 2
extra=("${words[@]}")

# libgit2 refuses a repository owned by another user (an image that runs as
# a non-root user over the runner's checkout): trust this one checkout.
if [ "$(stat -c %u "$project")" != "$(id -u)" ]; then
  export HOME
  HOME=$(mktemp -d)
  printf '[safe]\n\tdirectory = %s\n' "$project" >"$HOME/.gitconfig"
fi

opts=()
[ -n "${WEAKLINK_FAIL_ON:-}" ] && opts+=(--fail-on "$WEAKLINK_FAIL_ON")

# --- merge-request mode: THE place. On a merge-request pipeline scan what
# changed since the MR's base and gate on new findings only, once weaklink
# has --diff-base (and --new-only).
diff_args=()
if [ -n "${CI_MERGE_REQUEST_DIFF_BASE_SHA:-}" ]; then
  help=$("$wl" help scan 2>&1)
  if [[ $help != *--diff-base* ]]; then
    echo "weaklink: merge request, but this weaklink has no --diff-base yet: full scan, every finding counts"
  elif ! git cat-file -e "$CI_MERGE_REQUEST_DIFF_BASE_SHA^{commit}" 2>/dev/null; then
    echo "weaklink: the MR base $CI_MERGE_REQUEST_DIFF_BASE_SHA is not in the clone (GIT_DEPTH: 0): full scan"
  else
    diff_args=(--diff-base "$CI_MERGE_REQUEST_DIFF_BASE_SHA")
    [[ $help == *--new-only* ]] && diff_args+=(--new-only)
    echo "weaklink: merge request: ${diff_args[*]}"
  fi
fi

rm -f gl-sast-report.json gl-code-quality-report.json weaklink.sarif
"$wl" scan "${opts[@]}" "${diff_args[@]}" --exclude '.weaklink-cache/**' \
  -o text:- -o gitlab-sast:gl-sast-report.json -o codequality:gl-code-quality-report.json -o sarif:weaklink.sarif \
  "${extra[@]}" -- .
status=$?
for f in gl-sast-report.json gl-code-quality-report.json weaklink.sarif; do
  [ -f "$f" ] || echo "weaklink: $f was not written"
done
echo "weaklink: exit status $status (0 clean, 1 findings at or above the gate, 2 error); reports saved"
exit "$status"
