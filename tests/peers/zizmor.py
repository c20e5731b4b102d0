#!/usr/bin/env python3
"""zizmor.py ZIZMOR_GIT_DIR [WEAKLINK] - weaklink against zizmor's own expected findings.

Reads zizmor's integration tests (crates/zizmor/tests/integration/audit/*.rs): every
insta snapshot row `level[audit]: ... --> @@INPUT@@:LINE:COL` of an in-scope audit,
for the test's input file. Tests that pass a custom `.config(...)` or `--fix` are
skipped (weaklink has no equivalent policy file); rows shown only with
--persona=auditor/pedantic are counted separately. Each input is copied into a
temporary repository at .github/workflows/<name> (or kept as action.yml) and
scanned; a row is matched when weaklink reports one of the audit's rules on that
line. Prints per-audit counts and every row weaklink does not make.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlrun  # noqa: E402

AUDITS = {  # zizmor audit -> weaklink rules that make the same finding
    "template-injection": {"WL505"},
    "unpinned-uses": {"WL501"},
}
TESTS = "crates/zizmor/tests/integration/audit/"
DATA = "crates/zizmor/tests/integration/test-data/"

ROW = re.compile(r"^\s*(\w+)\[([\w-]+)\]:[^\n]*\n\s*--> @@INPUT@@:(\d+):(\d+)", re.M)
INPUT = re.compile(r'input_under_test\(\s*"([^"]+)"\s*\)')


def rows(repo, commit):
    out = {}  # (input, line, audit) -> persona
    for audit in AUDITS:
        src = wlrun.git_show(repo, commit, TESTS + audit.replace("-", "_") + ".rs").decode()
        for block in src.split("#[test]")[1:]:
            if ".config(" in block or "--fix" in block:
                continue
            inputs = INPUT.findall(block)
            if len(inputs) != 1:
                continue
            # one block may hold several snapshots (default, then --persona=...)
            for part in re.split(r"(?=zizmor\(\))", block):
                persona = "default"
                m = re.search(r'--persona=(\w+)|"--(pedantic)"', part)
                if m:
                    persona = m.group(1) or m.group(2)
                for lvl, a, line, _col in ROW.findall(part):
                    if a != audit:
                        continue
                    key = (inputs[0], int(line), a)
                    if key not in out or persona == "default":
                        out[key] = persona
    return out


def negatives(repo, commit):
    """Inputs of default-config tests of these audits (with or without rows)."""
    out = set()
    for audit in AUDITS:
        src = wlrun.git_show(repo, commit, TESTS + audit.replace("-", "_") + ".rs").decode()
        for block in src.split("#[test]")[1:]:
            if ".config(" in block or "--fix" in block:
                continue
            inputs = INPUT.findall(block)
            if len(inputs) == 1:
                out.add(inputs[0])
    return out


def main():
    repo = sys.argv[1]
    if os.path.isdir(os.path.join(repo, ".git")):
        repo = os.path.join(repo, ".git")
    binary = wlrun.weaklink_bin(sys.argv[2] if len(sys.argv) > 2 else None)
    commit = wlrun.head(repo)
    want = rows(repo, commit)
    found_cache = {}
    stats = {}
    misses = []
    for (inp, line, audit), persona in sorted(want.items()):
        if inp not in found_cache:
            root = tempfile.mkdtemp(prefix="wl-zizmor.")
            name = os.path.basename(inp)
            rel = name if name in ("action.yml", "action.yaml") else ".github/workflows/" + name
            os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
            with open(os.path.join(root, rel), "wb") as fh:
                fh.write(wlrun.git_show(repo, commit, DATA + inp))
            found_cache[inp] = (rel, wlrun.scan(binary, root))
        rel, results = found_cache[inp]
        hit = any(r[0] in AUDITS[audit] and r[1] == rel and r[2] <= line <= r[3] for r in results)
        group = "default" if persona == "default" else "auditor/pedantic"
        s = stats.setdefault((audit, group), [0, 0])
        s[1] += 1
        if hit:
            s[0] += 1
        else:
            misses.append((audit, group, inp, line))
    print(f"zizmor {commit}")
    for (audit, group), (h, n) in sorted(stats.items()):
        print(f"{audit:20} {group:17} {h:4}/{n:<4} {100.0 * h / n:5.1f}%")
    tot_h = sum(v[0] for v in stats.values())
    tot_n = sum(v[1] for v in stats.values())
    print(f"{'all':38} {tot_h:4}/{tot_n:<4} {100.0 * tot_h / tot_n:5.1f}%")
    for m in misses:
        print("MISS %s [%s] %s:%d" % m)
    # the other direction: weaklink findings of these rules on lines zizmor
    # does not flag in any persona, in files whose tests expect no such row
    rules = set().union(*AUDITS.values())
    for inp, (rel, results) in sorted(found_cache.items()):
        for r in results:
            if r[0] in rules and not any(k[0] == inp and r[2] <= k[1] <= r[3] for k in want):
                print(f"EXTRA {r[0]} {inp}:{r[2]} {r[4]}")
    for inp in sorted(negatives(repo, commit) - set(found_cache)):
        root = tempfile.mkdtemp(prefix="wl-zizmor.")
        name = os.path.basename(inp)
        rel = name if name in ("action.yml", "action.yaml") else ".github/workflows/" + name
        os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
        with open(os.path.join(root, rel), "wb") as fh:
            fh.write(wlrun.git_show(repo, commit, DATA + inp))
        for r in wlrun.scan(binary, root):
            if r[0] in rules:
                print(f"EXTRA {r[0]} {inp}:{r[2]} {r[4]}")


if __name__ == "__main__":
    main()
