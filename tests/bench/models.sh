#!/usr/bin/env bash
# models.sh - `weaklink models` hashing against sha256sum on a generated
# multi-GB model: a sparse weights file (MODELS_GB GiB, default 4; no disk
# blocks, so both read zero pages from the page cache and the figure is the
# hashing loop itself) beside a small config. Prints both wall times, the
# throughput and weaklink's peak RSS (the streamed loop holds one 1 MiB
# buffer whatever the size), and checks that both digests agree.
set -u
W=${WEAKLINK:?}
GB=${MODELS_GB:-4}
T=$(mktemp -d /tmp/wl-bench-models.XXXXXX)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/model"
truncate -s "${GB}G" "$T/model/model.safetensors"
echo '{"model_type": "bert"}' >"$T/model/config.json"
bytes=$((GB * 1024 * 1024 * 1024))

/usr/bin/time -f '%e %M' -o "$T/wl.time" "$W" models digest "$T/model" >"$T/wl.out" 2>&1 || {
  echo "models: weaklink models digest failed: $(head -3 "$T/wl.out")"; exit 1; }
/usr/bin/time -f '%e %M' -o "$T/ss.time" sha256sum "$T/model/model.safetensors" >"$T/ss.out" 2>&1
read -r wl_s wl_kb <"$T/wl.time"
read -r ss_s ss_kb <"$T/ss.time"
wl_hex=$(grep ' model.safetensors$' "$T/wl.out" | cut -d' ' -f1)
ss_hex=$(cut -d' ' -f1 "$T/ss.out")
[ "$wl_hex" = "$ss_hex" ] && same=yes || same="NO ($wl_hex vs $ss_hex)"
rate() { awk -v b="$bytes" -v s="$1" 'BEGIN { if (s > 0) printf "%.0f", b / s / 1048576; else print "inf" }'; }
echo "models: sparse ${GB} GiB model: weaklink models digest ${wl_s} s ($(rate "$wl_s") MiB/s, peak RSS $((wl_kb / 1024)) MB)"
echo "models: sparse ${GB} GiB model: sha256sum              ${ss_s} s ($(rate "$ss_s") MiB/s, peak RSS $((ss_kb / 1024)) MB)"
echo "models: same digest: $same; weaklink / sha256sum time: $(awk -v a="$wl_s" -v b="$ss_s" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
