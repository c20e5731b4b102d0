# Limits that legitimate files hit are defects (issue 9 item 5): generated at
# test time rather than committed (62 MB). pickle.dumps of plain data only;
# the scanner never unpickles anything.
python3 - <<'PY'
import pickle, struct
# a million small dicts: ~4 million memo entries, protocol 2 (clean)
with open("million-dicts.pkl", "wb") as f:
    f.write(pickle.dumps([{'k%d' % i: [i, str(i), float(i)]} for i in range(10**6)], protocol=2))
# a tuple of two million ints: the stack holds them all before TUPLE (clean)
with open("big-tuple.pkl", "wb") as f:
    f.write(pickle.dumps(tuple(range(2 * 10**6)), protocol=2))

PAYLOAD = b"cos\nsystem\nX\x04\x00\x00\x00echo\x85R."
def memo_flood(n):
    # n memo entries (NONE, LONG_BINPUT i, POP), as a real huge memo would be
    return b"".join(b"Nr" + struct.pack("<I", i) + b"0" for i in range(n))
# 2.1 million memo entries, then GLOBAL os.system + REDUCE (caught)
with open("huge-memo-payload.pkl", "wb") as f:
    f.write(b"\x80\x02" + memo_flood(2_100_000) + PAYLOAD)
# scattered keys up to 2**32-1: memory follows entries, not key values (caught)
with open("sparse-memo-payload.pkl", "wb") as f:
    f.write(b"\x80\x02" + b"".join(b"Nr" + struct.pack("<I", 0xffffffff - 7919 * i) + b"0" for i in range(300000))
            + PAYLOAD)
# more scattered keys than tracked (2**20), the callable routed through one of
# them: the limit is reported with what was not checked, the import still judged
with open("scattered-limit-payload.pkl", "wb") as f:
    f.write(b"\x80\x02" + b"".join(b"Nr" + struct.pack("<I", 0xffffffff - 3889 * i) + b"0" for i in range(1_100_000))
            + b"cos\nsystem\nr" + struct.pack("<I", 0xfffffff0) + b"0j" + struct.pack("<I", 0xfffffff0)
            + b"X\x04\x00\x00\x00echo\x85R.")
PY
