#!/usr/bin/env python3
"""guarddog.py GUARDDOG_GIT_DIR [WEAKLINK] - weaklink against GuardDog's typosquatting tests.

Reads tests/analyzer/metadata/test_typosquatting.py: the PyPI rows
(`pypi_typosquats` pairs: the squat must be flagged and name the real package;
the no-duplicate case `pdfminer.sid`) and the negatives (`negative_cases`,
`same_names`, the normalisation case) that must not be flagged. npm and Go rows
are out of scope: weaklink judges PyPI names (it has no popular npm/Go list).
Each name goes on its own line of a requirements file (`name==1.0`), which is
scanned once; a row is made when WL110 is on its line and names the target.
"""
import ast
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlrun  # noqa: E402

TESTFILE = "tests/analyzer/metadata/test_typosquatting.py"


def lists(src):
    tree = ast.parse(src)
    out = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                out[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                pass
    # the single-name regression tests: generate_pypi_project_info("name", "X")
    singles = re.findall(r'def (test_\w+)\(self\):.*?generate_pypi_project_info\("name", "([^"]+)"\).*?assert (not )?matches',
                         src, re.S)
    return out, singles


def main():
    repo = sys.argv[1]
    if os.path.isdir(os.path.join(repo, ".git")):
        repo = os.path.join(repo, ".git")
    binary = wlrun.weaklink_bin(sys.argv[2] if len(sys.argv) > 2 else None)
    commit = wlrun.head(repo)
    src = wlrun.git_show(repo, commit, TESTFILE).decode()
    ls, singles = lists(src)
    pos = [(t, r) for t, r in ls["pypi_typosquats"]]
    neg = list(ls["negative_cases"]) + list(ls["same_names"])
    for _test, name, negated in singles:
        (neg.append(name) if negated else pos.append((name, None)))
    names = [t for t, _ in pos] + neg
    root = tempfile.mkdtemp(prefix="wl-guarddog.")
    with open(os.path.join(root, "requirements.txt"), "w") as fh:
        for n in names:
            fh.write(f"{n}==1.0\n")
    res = [r for r in wlrun.scan(binary, root) if r[0] == "WL110"]
    by_line = {r[2]: r[4] for r in res}
    hit = 0
    notes = []
    for i, (typo, real) in enumerate(pos, 1):
        msg = by_line.get(i)
        if msg and (real is None or f"'{real.lower()}'" in msg.lower()):
            hit += 1
        else:
            notes.append(f"MISS {typo} (imitates {real}): {msg or 'not flagged'}")
    clean = 0
    for j, n in enumerate(neg, len(pos) + 1):
        if j in by_line:
            notes.append(f"FALSE POSITIVE {n}: {by_line[j]}")
        else:
            clean += 1
    print(f"guarddog {commit}")
    print(f"pypi typosquats flagged (naming the real package) {hit:3}/{len(pos):<3} {100.0 * hit / len(pos):5.1f}%")
    print(f"pypi negatives left alone                        {clean:3}/{len(neg):<3} {100.0 * clean / len(neg):5.1f}%")
    print(f"out of scope: {len(ls['npm_typosquats'])} npm rows, {len(ls['golang_typosquats'])} Go rows")
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
