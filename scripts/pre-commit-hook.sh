#!/usr/bin/env bash
# pre-commit-hook.sh - the entry of weaklink's pre-commit hooks
# (.pre-commit-hooks.yaml). pre-commit runs it from the root of the checked
# repository with the staged file names as arguments.
#
#   pre-commit-hook.sh FILE...           hook `weaklink`: build weaklink once from
#                                        this checkout (pre-commit's clone of the
#                                        pinned rev) and run that binary, never
#                                        whatever `weaklink` is first on PATH
#   pre-commit-hook.sh --system FILE...  hooks `weaklink-system` and
#                                        `weaklink-docker`: the installed weaklink
#
# No --fail-on here: the repository's .weaklink.toml decides (fail_on).
#
# The build goes into <this checkout>/build/hook/: pre-commit keeps one clone
# per repo and rev, so the cache is keyed on the pinned rev; the stamp holds
# the commit (or, outside git, a hash of the sources) it was built from, so a
# clone reused for another rev rebuilds. Building needs a C compiler, the
# Debian -dev packages (README "Dependencies") and npm for the pinned
# grammars; WEAKLINK_NODE_MODULES=DIR uses an existing node_modules instead
# (offline machines, tests). WEAKLINK_HOOK_VERBOSE=1 logs the build.
set -uo pipefail

mode=build
if [ "${1:-}" = --system ]; then mode=system; shift; fi

if [ "$mode" = system ]; then
  bin=$(command -v weaklink) || {
    echo "weaklink-system: no weaklink on PATH; install it (make install) or use the hook id 'weaklink', which builds it" >&2
    exit 2
  }
else
  src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
  bin=$src/build/hook/weaklink
  stamp=$src/build/hook/built-from
  if rev=$(git -C "$src" rev-parse -q --verify HEAD 2>/dev/null); then :; else
    rev=$(cd "$src" && find Makefile cmd scanners rules sarif gitlab scripts package-lock.json -type f -print0 \
          | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  fi
  if [ ! -x "$bin" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$rev" ]; then
    # Build once, under a lock: two hook runs may share this clone.
    lock=$src/build/hook.lock
    mkdir -p "$src/build"
    exec 9>"$lock"
    if command -v flock >/dev/null 2>&1; then flock 9; fi
    if [ ! -x "$bin" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$rev" ]; then
      echo "weaklink: first run for this rev: building weaklink ${rev:0:12} (once; about a minute)" >&2
      log=$src/build/hook-build.log
      (
        set -e
        cd "$src"
        if [ -n "${WEAKLINK_NODE_MODULES:-}" ] && [ ! -e node_modules ]; then
          ln -s "$WEAKLINK_NODE_MODULES" node_modules
        fi
        # `make weaklink` fetches the pinned grammars itself when missing.
        make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" weaklink
        mkdir -p build/hook
        install -m 0755 weaklink build/hook/weaklink.tmp
        mv -f build/hook/weaklink.tmp build/hook/weaklink
        printf '%s\n' "$rev" >build/hook/built-from
      ) >"$log" 2>&1
      st=$?
      [ "${WEAKLINK_HOOK_VERBOSE:-0}" = 1 ] && cat "$log" >&2
      if [ $st -ne 0 ]; then
        echo "weaklink: the build failed (log: $log); last lines:" >&2
        tail -n 15 "$log" >&2
        echo "weaklink: it needs cc, make, pkg-config, npm and: libgit2-dev libpcre2-dev libcjson-dev libtree-sitter-dev zlib1g-dev liblzma-dev libbz2-dev libssl-dev" >&2
        exit 2
      fi
    fi
    exec 9>&-
  fi
fi

# Options that appear in newer weaklink versions, used when this binary has
# them. THE place for the staged-content mode: once `--staged` exists the
# hook judges the index (what will be committed), not the work tree;
# `--force-exclude` applies the config's excludes to the names passed in.
hook_args=()
scan_help=$("$bin" help scan 2>&1)
case $scan_help in *--staged*) hook_args+=(--staged) ;; esac
case $scan_help in *--force-exclude*) hook_args+=(--force-exclude) ;; esac

exec "$bin" scan "${hook_args[@]}" -- "$@"
