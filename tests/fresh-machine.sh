#!/usr/bin/env bash
# fresh-machine.sh - the README's quick start, tried as a newcomer would: on a
# fresh Debian 12 (bookworm) root that has only build-essential, git, nodejs,
# npm and ca-certificates, clone this checkout and run `make scan`, then
# `make test`; print their exit codes and wall times. Not part of `make test`
# (it needs root, debootstrap and the network: Debian and npm packages only).
#
#   sudo tests/fresh-machine.sh            run it (log: $WORK/fresh-machine.log)
#   KEEP=1 sudo tests/fresh-machine.sh     keep the root afterwards
#   REBUILD=1 sudo tests/fresh-machine.sh  rebuild the cached base root
#   ORDER=test-first sudo tests/fresh-machine.sh   `make test` first, then `make scan`
#
# The pristine base root is cached as a tarball in $CACHE (default
# /var/cache/weaklink-fresh), so a re-run costs the unpacking, not debootstrap.
# From this machine, the root receives only: the CA bundle, npm's global config
# (its cafile setting), the clone of this checkout and ../shared (the corpus the
# tests read). debootstrap itself copies /etc/resolv.conf so the root can
# resolve names. Only /proc is mounted into the root, and the cleanup
# unmounts everything under it before it deletes anything (rm
# --one-file-system, and not at all if a mount is left).
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${CACHE:-/var/cache/weaklink-fresh}
WORK=${WORK:-/var/tmp/weaklink-fresh}
ROOT=$WORK/root
BASE_TAR=$CACHE/bookworm-base.tar
BASE_PKGS=build-essential,git,nodejs,npm,ca-certificates
SHARED=$(cd "$SRC/.." && pwd)/shared

[ "$(id -u)" -eq 0 ] || { echo "fresh-machine: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "fresh-machine: apt-get install debootstrap" >&2; exit 2; }
case "$ROOT" in /*/*) ;; *) echo "fresh-machine: refusing WORK=$WORK" >&2; exit 2 ;; esac

# The Debian mirror apt already uses here (deb822 or one-line sources).
mirror() {
  local u
  u=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -E '/debian/?$' | head -1 || true)
  [ -n "$u" ] || u=$(grep -hsE '^deb +(\[[^]]*\] +)?https?://' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    | sed -E 's/^deb +(\[[^]]*\] +)?//' | awk '{print $1}' | grep -E '/debian/?$' | head -1 || true)
  echo "${u:-http://deb.debian.org/debian}"
}

# Unmount everything under $ROOT, deepest first; never delete through a mount.
unmount_all() {
  local m i
  for i in 1 2 3; do
    m=$(findmnt -rn -o TARGET | awk -v r="$ROOT" 'index($0, r "/") == 1 || $0 == r' | sort -r)
    [ -z "$m" ] && return 0
    while IFS= read -r t; do umount "$t" 2>/dev/null || umount -l "$t" || true; done <<<"$m"
  done
  findmnt -rn -o TARGET | awk -v r="$ROOT" 'index($0, r "/") == 1 || $0 == r' | grep -q . && return 1
  return 0
}

remove_root() {
  [ -e "$ROOT" ] || return 0
  if ! unmount_all; then
    echo "fresh-machine: something is still mounted under $ROOT; NOT deleting it" >&2
    findmnt -R "$ROOT" >&2 || true
    return 1
  fi
  if mountpoint -q "$ROOT/dev" || mountpoint -q "$ROOT/proc"; then
    echo "fresh-machine: a mount is left under $ROOT; NOT deleting it" >&2
    return 1
  fi
  rm -rf --one-file-system "$ROOT"
}

cleanup() {
  local rc=$?
  if [ "${KEEP:-0}" = 1 ]; then
    unmount_all || echo "fresh-machine: could not unmount everything under $ROOT" >&2
    echo "fresh-machine: root kept at $ROOT"
  else
    remove_root || true
  fi
  exit $rc
}

mkdir -p "$CACHE" "$WORK"
LOG=$WORK/fresh-machine.log
: >"$LOG"
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. the base root, cached: debootstrap's minbase, then the five packages
#    installed by apt-get inside it as a newcomer would (without Recommends:
#    the build must not lean on anything they do not pull in)
if [ ! -f "$BASE_TAR" ] || [ "${REBUILD:-0}" = 1 ]; then
  remove_root
  M=$(mirror)
  echo "fresh-machine: debootstrap --variant=minbase bookworm from $M, then apt-get install ${BASE_PKGS//,/ }"
  debootstrap --variant=minbase bookworm "$ROOT" "$M" >>"$LOG" 2>&1 \
    || { echo "fresh-machine: debootstrap failed; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
  mount -t proc proc "$ROOT/proc"
  chroot "$ROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${BASE_PKGS//,/ } && apt-get clean" \
    >>"$LOG" 2>&1 || { echo "fresh-machine: apt-get install in the root failed; see $LOG" >&2; tail -20 "$LOG" >&2; exit 1; }
  unmount_all || { echo "fresh-machine: could not unmount under $ROOT" >&2; exit 1; }
  tar -C "$ROOT" -cf "$BASE_TAR.tmp" . && mv "$BASE_TAR.tmp" "$BASE_TAR"
  remove_root
fi
[ "${BASE_ONLY:-0}" = 1 ] && exit 0

remove_root
mkdir -p "$ROOT"
tar -C "$ROOT" -xf "$BASE_TAR"

# 2. what the root receives from this machine: the CA bundle, npm's cafile
#    setting (from npm's global config), the checkout and ../shared
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/ca-certificates.crt"
host_global=$(npm config get globalconfig 2>/dev/null || true)
root_global=$(chroot "$ROOT" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/root npm config get globalconfig 2>/dev/null || echo /etc/npmrc)
if [ -n "$host_global" ] && [ -f "$host_global" ]; then
  mkdir -p "$ROOT$(dirname "$root_global")"
  cp "$host_global" "$ROOT$root_global"
fi
git clone -q --no-hardlinks "$SRC" "$ROOT/work/weaklink"
git -C "$ROOT/work/weaklink" log -1 --format='fresh-machine: cloned %h %s'
if [ -d "$SHARED" ]; then cp -a "$SHARED" "$ROOT/work/shared"; fi

# Only /proc is mounted. The root keeps the device nodes debootstrap made
# (null, zero, random, tty...): a bind-mounted host /dev would let anything in
# the root replace the host's nodes (weaklink once renamed a file over
# /dev/null when asked to write a report there).
mount -t proc proc "$ROOT/proc"

# 3. the README's two commands, in order, as root (deps.sh installs with apt-get)
run() { # run NAME COMMAND: time one command inside the root
  local name=$1 t0 t1 rc
  shift
  echo "==== $name" >>"$LOG"
  t0=$(date +%s.%N)
  set +e
  chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    bash -c "cd /work/weaklink && $*" >>"$LOG" 2>&1
  rc=$?
  set -e
  t1=$(date +%s.%N)
  awk -v n="$name" -v rc="$rc" -v a="$t0" -v b="$t1" 'BEGIN { printf "%-10s exit %d  %7.1f s\n", n, rc, b - a }'
  echo "==== $name: exit $rc" >>"$LOG"
  return 0
}
echo "fresh-machine: Debian $(cat "$ROOT/etc/debian_version"), $(nproc) cores, log $LOG"
if [ "${ORDER:-}" = test-first ]; then
  run "make test" make test
  run "make scan" make scan
else
  run "make scan" make scan
  run "make test" make test
fi
echo "fresh-machine: last lines of make test:"
sed -n '/^==== make test$/,$p' "$LOG" | grep -E '^[0-9]+ passed, [0-9]+ failed|^  FAIL ' | tail -15
