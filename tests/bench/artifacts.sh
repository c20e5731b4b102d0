#!/usr/bin/env bash
# artifacts.sh - model-artifact figures:
#  1. pickle opcode throughput of the symbolic VM on an opcode-dense pickle
#     generated on the fly (and Python's pickletools.genops, the parser
#     picklescan uses, on the same bytes as the reference);
#  2. time and peak RSS scanning PyTorch-style zips whose tensor members are
#     sparse holes (1 GiB and 8 GiB of "weights"): time must not grow with the
#     tensor bytes, peak RSS should stay under 32 MB.
# Inputs are built byte by byte; nothing is unpickled.
set -u
W=${WEAKLINK:?}
T=$(mktemp -d /tmp/wl-bench-art.XXXXXX)
trap 'rm -rf "$T"' EXIT
MB=${PICKLE_MB:-128}

python3 - "$T" "$MB" <<'PY'
import os, struct, sys, zlib
t, mb = sys.argv[1], int(sys.argv[2])
# MARK, BININT1, SHORT_BINUNICODE, BINGET, NONE, NEWTRUE, TUPLE2 x3, APPENDS: 11 opcodes in 16 bytes
chunk = b"(K\x07\x8c\x02abh\x00N\x88\x86\x86\x86e"
n = mb * 1024 * 1024 // len(chunk)
with open(os.path.join(t, "dense.pkl"), "wb") as f:
    f.write(b"\x80\x04]q\x00")
    block = chunk * 65536
    for _ in range(n // 65536):
        f.write(block)
    f.write(chunk * (n % 65536))
    f.write(b".")
with open(os.path.join(t, "dense-small.pkl"), "wb") as f:
    f.write(b"\x80\x04]q\x00" + chunk * (8 * 1024 * 1024 // len(chunk)) + b".")
with open(os.path.join(t, "ops"), "w") as f:
    f.write("%d\n" % (n * 11 + 4))

def sbu(s):
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b

def sparse_torch_zip(path, nstorages, storage_bytes):
    # a state-dict-shaped data.pkl: an OrderedDict of rebuilt tensors whose
    # storages are persistent ids ('storage', FloatStorage, key, 'cpu', n)
    pk = bytearray(b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01(")
    for i in range(nstorages):
        pk += sbu("layer%d.weight" % i)
        pk += b"ctorch._utils\n_rebuild_tensor_v2\n("
        pk += b"(" + sbu("storage") + b"ctorch\nFloatStorage\n" + sbu(str(i)) + sbu("cpu")
        pk += b"\x8a\x08" + struct.pack("<q", storage_bytes // 4) + b"tQ"
        pk += b"K\x00" + b"\x8a\x08" + struct.pack("<q", storage_bytes // 4) + b"\x85" + b"K\x01\x85"
        pk += b"\x89ccollections\nOrderedDict\n)RtR"
    pk += b"u."
    members = [("archive/data.pkl", bytes(pk)), ("archive/version", b"3\n"), ("archive/byteorder", b"little")]
    members += [("archive/data/%d" % i, storage_bytes) for i in range(nstorages)]
    zero_crc = {}
    def crc_zeros(size):
        if size not in zero_crc:
            c, z, left = 0, bytes(1 << 24), size
            while left:
                k = min(left, len(z)); c = zlib.crc32(z[:k], c); left -= k
            zero_crc[size] = c & 0xFFFFFFFF
        return zero_crc[size]
    central = bytearray()
    with open(path, "wb") as f:
        for name, data in members:
            nb = name.encode()
            size = data if isinstance(data, int) else len(data)
            crc = crc_zeros(size) if isinstance(data, int) else zlib.crc32(data) & 0xFFFFFFFF
            off = f.tell()
            z64 = size >= 0xFFFFFFFF or off >= 0xFFFFFFFF
            lextra = struct.pack("<HHQQ", 1, 16, size, size) if z64 else b""
            f.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 0, 0, 0x21, crc,
                                0xFFFFFFFF if z64 else size, 0xFFFFFFFF if z64 else size, len(nb), len(lextra)) + nb + lextra)
            if isinstance(data, int):
                f.seek(size, 1)          # a hole: the weights are never written
            else:
                f.write(data)
            cextra = struct.pack("<HHQQQ", 1, 24, size, size, off) if z64 else b""
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 0, 0, 0x21, crc,
                                   0xFFFFFFFF if z64 else size, 0xFFFFFFFF if z64 else size, len(nb),
                                   len(cextra), 0, 0, 0, 0, 0xFFFFFFFF if z64 else off) + nb + cextra
        cd_off = f.tell()
        f.write(central)
        eocd64 = f.tell()
        n = len(members)
        f.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, len(central), cd_off))
        f.write(struct.pack("<IIQI", 0x07064B50, 0, eocd64, 1))
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))

sparse_torch_zip(os.path.join(t, "small.pt"), 4, 256 << 20)      # 1 GiB of tensors
sparse_torch_zip(os.path.join(t, "large.pt"), 8, 1 << 30)        # 8 GiB of tensors
PY

mb_of() { awk "BEGIN{printf \"%.1f\", $(stat -c %s "$1") / 1048576}"; }
# CPU seconds (user + sys), not wall time: other jobs may share the machine
run_timed() { # file -> "cpu_seconds maxrss_kb wall_seconds"
  /usr/bin/time -f '%U %S %M %e' -o "$T/time" "$W" scan --no-config -j1 --fail-on none -o text:"$T/out.txt" "$1" >/dev/null 2>&1
  awk '{printf "%.2f %s %s\n", $1 + $2, $3, $4}' "$T/time"
}

ops=$(cat "$T/ops")
read -r secs rss wall <<<"$(run_timed "$T/dense.pkl")"
grep -q "WL3" "$T/out.txt" && echo "artifacts: WARNING the dense pickle produced findings"
echo "artifacts: opcode-dense pickle $(mb_of "$T/dense.pkl") MiB, $ops opcodes"
awk -v s="$secs" -v b="$(stat -c %s "$T/dense.pkl")" -v o="$ops" 'BEGIN{
  printf "artifacts: pickle VM throughput: %.0f MB/s (%.1f M opcodes/s; %.2f s CPU incl. startup and reading)\n", b/1e6/s, o/1e6/s, s }'
echo "artifacts: pickle VM wall time $wall s; peak RSS $((rss / 1024)) MB (the mapped input pages count here)"

# Python reference: pickletools.genops walks opcodes the way picklescan does
if command -v python3 >/dev/null; then
  py=$(python3 - "$T/dense-small.pkl" <<'PY'
import pickletools, sys, time
data = open(sys.argv[1], "rb").read()
t0 = time.perf_counter(); n = sum(1 for _ in pickletools.genops(data)); t = time.perf_counter() - t0
print("%.1f %.2f" % (len(data) / 1e6 / t, n / 1e6 / t))
PY
)
  echo "artifacts: python3 pickletools.genops reference: ${py% *} MB/s (${py#* } M opcodes/s)"
fi
for p in picklescan modelscan; do
  command -v "$p" >/dev/null || echo "artifacts: $p not installed (no PyPI access here); pickletools.genops is the Python reference"
done

for z in small large; do
  f="$T/$z.pt"
  read -r secs rss wall <<<"$(run_timed "$f")"
  alloc=$(du -k "$f" | cut -f1)
  echo "artifacts: sparse torch zip $z: $(mb_of "$f") MiB apparent ($alloc KiB on disk): $secs s CPU ($wall s wall), peak RSS $((rss / 1024)) MB, findings: $(grep -c ' WL' "$T/out.txt")"
done
