#!/usr/bin/env python3
"""modelscan.py MODELSCAN_GIT_DIR [WEAKLINK] - weaklink against ModelScan's expected detections.

ModelScan's tests/test_modelscan.py builds its malicious pickles at test time
(pickle.dumps of objects whose __reduce__ returns os.system, eval, ...), so the
fixtures are not in its repository. This script reads every expected
`OperatorIssueDetails(module, operator, severity, source)` from the test file
(parsed with ast, nothing run) and writes, per source file, a pickle that
imports and calls exactly those globals (protocol 4, STACK_GLOBAL + REDUCE).
A row is made when weaklink reports WL301 (dangerous import, error) naming
module.operator. Rows whose module is "Keras" or "Tensorflow" are counted
apart: the `.keras` ones (two Lambda layers in config.json) are rebuilt as a
Keras v3 zip holding a config.json with two Lambda layers and made when
weaklink reports WL350 on it; the HDF5 (.h5), SavedModel (.pb) and
TensorFlow ReadFile/WriteFile rows need models built by running TensorFlow
and are not rebuilt. The committed fixture tests/data/unsafe_zip_pytorch.pt
is scanned as it is.
"""
import ast
import os
import json
import struct
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlrun  # noqa: E402

TESTFILE = "tests/test_modelscan.py"


def details(src):
    tree = ast.parse(src)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "OperatorIssueDetails":
            a = node.args
            if len(a) < 4 or not all(isinstance(x, ast.Constant) for x in a[:2]):
                continue
            srcnode = a[3]
            tail = ""
            if isinstance(srcnode, ast.JoinedStr):
                tail = "".join(v.value for v in srcnode.values if isinstance(v, ast.Constant))
            elif isinstance(srcnode, ast.Constant):
                tail = str(srcnode.value)
            yield a[0].value, a[1].value, tail


def unicode_op(s):
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b if len(b) < 256 else b"\x8d" + struct.pack("<Q", len(b)) + b


def pickle_calling(pairs):
    out = b"\x80\x04"
    for mod, name in pairs:
        out += unicode_op(mod) + unicode_op(name) + b"\x93" + b")" + b"R" + b"0"
    return out + b"N."


def main():
    repo = sys.argv[1]
    if os.path.isdir(os.path.join(repo, ".git")):
        repo = os.path.join(repo, ".git")
    binary = wlrun.weaklink_bin(sys.argv[2] if len(sys.argv) > 2 else None)
    commit = wlrun.head(repo)
    src = wlrun.git_show(repo, commit, TESTFILE).decode()
    groups = {}
    model_rows = 0
    keras_rows = []
    for mod, op, tail in details(src):
        if mod == "Keras" and tail.endswith("unsafe:config.json"):  # unsafe{file_extension}:config.json
            keras_rows.append(op)
            continue
        if mod in ("Keras", "Tensorflow"):
            model_rows += 1
            continue
        if "unsafe_zip_pytorch" in tail:
            key = "committed:tests/data/unsafe_zip_pytorch.pt"
        else:
            key = os.path.basename(tail) or "unnamed"
        groups.setdefault(key, set()).add((mod, op))
    root = tempfile.mkdtemp(prefix="wl-modelscan.")
    files = {}
    for i, (key, pairs) in enumerate(sorted(groups.items())):
        if key.startswith("committed:"):
            name = os.path.basename(key.split(":", 1)[1])
            data = wlrun.git_show(repo, commit, key.split(":", 1)[1])
        else:
            name = f"{i:02d}-{key}.pkl".replace(":", "_")
            data = pickle_calling(sorted(pairs))
        with open(os.path.join(root, name), "wb") as fh:
            fh.write(data)
        files[name] = pairs
    layer = {"module": "keras.layers", "class_name": "Lambda", "registered_name": None,
             "config": {"name": "lambda", "function": {"class_name": "__lambda__", "config": {
                 "code": "4wEAAAAAAAAAAAAAAAEAAAADAAAAQwAAAHMOAAAAdABkAYMBAQB8AFMAKQJO",
                 "defaults": None, "closure": None}}}}
    cfg = {"module": "keras", "class_name": "Functional", "registered_name": None,
           "config": {"name": "model", "layers": [layer, dict(layer, config=dict(layer["config"], name="lambda_1"))]}}
    with zipfile.ZipFile(os.path.join(root, "unsafe.keras"), "w") as z:
        z.writestr("metadata.json", json.dumps({"keras_version": "3.0.0"}))
        z.writestr("config.json", json.dumps(cfg))
    res = wlrun.scan(binary, root)
    print(f"modelscan {commit}")
    made = rows = 0
    notes = []
    for name, pairs in sorted(files.items()):
        mine = [r for r in res if r[1] == name]
        for mod, op in sorted(pairs):
            rows += 1
            want = f"imports {mod}.{op} "
            if any(r[0] == "WL301" and want in r[4] for r in mine):
                made += 1
            else:
                other = sorted({r[0] for r in mine if f"{mod}.{op}" in r[4]})
                notes.append(f"MISS {name}: {mod}.{op} (weaklink: {', '.join(other) or 'nothing'})")
    kmade = sum(1 for r in res if r[0] == "WL350" and r[1] == "unsafe.keras")
    kmade = min(kmade, len(keras_rows))
    print(f"pickle rows: {made}/{rows} = {100.0 * made / max(1, rows):.1f}% ({len(files)} files)")
    print(f".keras Lambda rows: {kmade}/{len(keras_rows)}; "
          f"HDF5/SavedModel/TensorFlow rows not rebuilt: {model_rows}")
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
