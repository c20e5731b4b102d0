#!/usr/bin/env python3
"""typosquat-fp.py [PYPI_TSV] [WEAKLINK] [N] - WL110's flag rate on recent genuine PyPI names.

Takes the PyPI list (name, version, month of the newest release, download rank,
summary; default /work/.library/env/packages/pypi.tsv, the list `make
popular-data` reads), keeps the projects released in the list's last two
months that are not among the ranked popular names (new, real projects: what
a requirements file of a young ML repository names), draws N of them (default
5000) with a fixed seed, writes them as `name==1.0` lines and counts how many
WL110 flags. Every flag is printed with the name it is said to imitate, so the
rate is an upper bound on false positives (a few may be real squats).
"""
import os
import random
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlrun  # noqa: E402


def main():
    tsv = sys.argv[1] if len(sys.argv) > 1 else "/work/.library/env/packages/pypi.tsv"
    binary = wlrun.weaklink_bin(sys.argv[2] if len(sys.argv) > 2 else None)
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
    rows = []
    with open(tsv, encoding="utf-8", errors="replace") as fh:
        next(fh)
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) >= 4:
                rows.append((f[0], f[2], f[3]))
    months = sorted({m for _, m, _ in rows if m})
    recent = set(months[-2:])
    names = sorted(name for name, m, rank in rows if m in recent and not rank)
    random.Random(20261129).shuffle(names)
    sample = names[:n]
    root = tempfile.mkdtemp(prefix="wl-typofp.")
    with open(os.path.join(root, "requirements.txt"), "w") as fh:
        for name in sample:
            fh.write(f"{name}==1.0\n")
    flagged = [r for r in wlrun.scan(binary, root) if r[0] == "WL110"]
    print(f"recent months {sorted(recent)}: {len(names)} unranked names, sample {len(sample)}")
    print(f"WL110 flags {len(flagged)} of {len(sample)} = {100.0 * len(flagged) / len(sample):.2f}%")
    for r in sorted(flagged, key=lambda r: r[2]):
        print(f"  {sample[r[2] - 1]}: {r[4]}")


if __name__ == "__main__":
    main()
