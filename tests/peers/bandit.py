#!/usr/bin/env python3
"""bandit.py BANDIT_GIT_DIR [WEAKLINK] - weaklink against Bandit's functional tests.

Reads tests/functional/test_functional.py: each test names an example file
(examples/X.py) and the expected issue counts by severity. In scope are the
tests of what weaklink judges (eval/exec, pickle and its relatives, yaml.load,
torch.load, hub downloads without a pinned revision). Rows are the MEDIUM and
HIGH issues of a test; LOW ones there are Bandit's import blacklist (B403
`import pickle` ...), which weaklink does not report: an import runs nothing.
weaklink makes min(rows, distinct lines it flags with the test's rules).
Lines where Bandit is wrong are listed in DISPUTED with the reason.
"""
import ast
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlrun  # noqa: E402

TESTFILE = "tests/functional/test_functional.py"
CODE = {"WL201", "WL202"}
DESER = {"WL203"}
IN_SCOPE = {
    "eval.py": CODE, "exec.py": CODE,
    "pickle_deserialize.py": DESER, "dill.py": DESER, "shelve_open.py": DESER,
    "jsonpickle.py": DESER, "pandas_read_pickle.py": DESER, "marshal_deserialize.py": DESER,
    "yaml_load.py": {"WL206"}, "pytorch_load.py": {"WL204"},
    "huggingface_unsafe_download.py": {"WL209"},
}
LITERAL = "peer FP: the argument is a string literal written in the file, code the author wrote, not input"
DISPUTED = {
    "eval.py": {3: LITERAL, 4: LITERAL},
    "exec.py": {1: LITERAL},
}


def expectations(src):
    """(example, {severity: n}) for each check_example call with a literal dict."""
    tree = ast.parse(src)
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef):
            continue
        expect = None
        for node in ast.walk(fn):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "expect" for t in node.targets):
                try:
                    expect = ast.literal_eval(node.value)
                except ValueError:
                    expect = None
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "check_example" and
                    node.args and isinstance(node.args[0], ast.Constant) and expect and
                    not any(k.arg == "ignore_nosec" for k in node.keywords)):
                yield fn.name, node.args[0].value, expect.get("SEVERITY", {})


def main():
    repo = sys.argv[1]
    if os.path.isdir(os.path.join(repo, ".git")):
        repo = os.path.join(repo, ".git")
    binary = wlrun.weaklink_bin(sys.argv[2] if len(sys.argv) > 2 else None)
    commit = wlrun.head(repo)
    src = wlrun.git_show(repo, commit, TESTFILE).decode()
    print(f"bandit {commit}")
    print(f"{'test':40} {'example':34} rows made disputed")
    tot = [0, 0, 0]
    notes = []
    for test, example, sev in expectations(src):
        if example not in IN_SCOPE:
            continue
        rows = sev.get("MEDIUM", 0) + sev.get("HIGH", 0)
        root = tempfile.mkdtemp(prefix="wl-bandit.")
        with open(os.path.join(root, example), "wb") as fh:
            fh.write(wlrun.git_show(repo, commit, "examples/" + example))
        res = wlrun.scan(binary, root)
        lines = sorted({r[2] for r in res if r[0] in IN_SCOPE[example] and r[1] == example})
        disputed = DISPUTED.get(example, {})
        made = min(rows, len(lines))
        nd = min(len(disputed), rows - made)
        tot[0] += rows
        tot[1] += made
        tot[2] += nd
        print(f"{test:40} {example:34} {rows:4} {made:4} {nd:4}")
        if len(lines) > rows:
            notes.append(f"EXTRA {example}: weaklink flags {len(lines)} lines {lines}, Bandit counts {rows}")
        for ln, why in sorted(disputed.items()):
            notes.append(f"DISPUTED {example}:{ln}: {why}")
        if rows - made > nd:
            notes.append(f"MISS {example}: {rows - made - nd} rows (weaklink lines {lines})")
    print(f"{'all':75} {tot[0]:4} {tot[1]:4} {tot[2]:4}  raw {100.0 * tot[1] / tot[0]:.1f}%, "
          f"undisputed {tot[1]}/{tot[0] - tot[2]} = {100.0 * tot[1] / (tot[0] - tot[2]):.1f}%")
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
