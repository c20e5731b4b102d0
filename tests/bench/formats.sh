#!/usr/bin/env bash
# formats.sh - non-pickle artifact figures: time and peak RSS for
#  1. a safetensors shard with 5,000 tensors over a 4 GiB sparse data section
#     (only the header should be read: time independent of the tensor bytes);
#  2. a GGUF v3 file with a 150,000-token vocabulary, a chat template and
#     300 tensors over a 4 GiB sparse data section;
#  3. an HDF5-shaped file: a 256 MiB sparse body with a model_config
#     attribute message at its end (the locator searches the whole file).
# Inputs are built byte by byte (struct), never by a model library.
set -u
W=${WEAKLINK:?}
T=$(mktemp -d /tmp/wl-bench-fmt.XXXXXX)
trap 'rm -rf "$T"' EXIT

python3 - "$T" <<'PY'
import json, os, struct, sys
t = sys.argv[1]
GiB = 1 << 30

# 1. safetensors: 5,000 F16 tensors of 4096x205 elements tiling ~8 GB? keep 4 GiB
n = 5000
per = (4 * GiB) // n // 2 * 2
hdr = {"__metadata__": {"format": "pt"}}
off = 0
for i in range(n):
    hdr["model.layers.%d.weight" % i] = {"dtype": "F16", "shape": [per // 2], "data_offsets": [off, off + per]}
    off += per
h = json.dumps(hdr, separators=(",", ":")).encode()
h += b" " * ((-len(h)) % 8)
with open(os.path.join(t, "model.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h)
    f.truncate(8 + len(h) + off)

# 2. GGUF v3 with a big vocabulary
def gstr(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b
kv = [(b"general.architecture", 8, gstr("llama")), (b"general.alignment", 4, struct.pack("<I", 32))]
toks = b"".join(gstr("tok%d" % i) for i in range(150000))
kv.append((b"tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 150000) + toks))
kv.append((b"tokenizer.ggml.scores", 9, struct.pack("<IQ", 6, 150000) + b"\0" * 600000))
tmpl = "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] | trim }}{% endfor %}" * 20
kv.append((b"tokenizer.chat_template", 8, gstr(tmpl)))
nt = 300
nbytes = (4 * GiB) // nt // 32 * 32 // 4 * 4
out = b"GGUF" + struct.pack("<IQQ", 3, nt, len(kv))
for k, ty, v in kv:
    out += struct.pack("<Q", len(k)) + k + struct.pack("<I", ty) + v
for i in range(nt):
    out += gstr("blk.%d.weight" % i) + struct.pack("<I", 1) + struct.pack("<Q", nbytes // 4)
    out += struct.pack("<I", 0) + struct.pack("<Q", i * nbytes)
out += b"\0" * ((-len(out)) % 32)
with open(os.path.join(t, "model.gguf"), "wb") as f:
    f.write(out)
    f.truncate(len(out) + nt * nbytes)

# 3. HDF5-shaped: superblock v0 at 0, a model_config attribute message (v1) at the end
sb = b"\x89HDF\r\n\x1a\n" + bytes([0, 0, 0, 0, 0, 8, 8, 0]) + struct.pack("<HHI", 4, 16, 0)
sb += struct.pack("<QQQQ", 0, 0xFFFFFFFFFFFFFFFF, 256 * 1024 * 1024 + 4096, 0xFFFFFFFFFFFFFFFF)
cfg = json.dumps({"class_name": "Sequential", "config": {"layers": [
    {"module": "keras.layers", "class_name": "Dense", "config": {"units": i}} for i in range(2000)]}}).encode()
name = b"model_config\0"
dt = bytes([0x13, 0, 0, 0]) + struct.pack("<I", len(cfg))
ds = bytes([1, 0, 0, 0, 0, 0, 0, 0])
msg = bytes([1, 0]) + struct.pack("<HHH", len(name), len(dt), len(ds))
msg += name + b"\0" * 3 + dt + ds + cfg
with open(os.path.join(t, "model.h5"), "wb") as f:
    f.write(sb)
    f.seek(256 * 1024 * 1024)
    f.write(msg)
PY

run_timed() { # file -> "cpu_seconds maxrss_kb wall_seconds"
  /usr/bin/time -f '%U %S %M %e' -o "$T/time" "$W" scan --no-config -j1 --fail-on none -o text:"$T/out.txt" "$1" >/dev/null 2>&1
  awk '{printf "%.2f %s %s\n", $1 + $2, $3, $4}' "$T/time"
}
mib() { echo $(( $(stat -c %s "$1") / 1048576 )); }

for f in model.safetensors model.gguf model.h5; do
  read -r secs rss wall <<<"$(run_timed "$T/$f")"
  echo "formats: $f $(mib "$T/$f") MiB apparent: $secs s CPU ($wall s wall), peak RSS $((rss / 1024)) MB, findings: $(grep -c ' WL' "$T/out.txt")"
done
