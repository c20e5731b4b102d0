#!/usr/bin/env python3
"""fickling.py FICKLING_GIT_DIR [WEAKLINK] - weaklink against fickling's bypass tests.

fickling's test/test_bypasses.py and test/test_scanner_deactivation_analysis.py
build each pickle as a literal list of opcodes, `Pickled([op.Proto.create(4),
op.ShortBinUnicode("pty"), ...])`, and assert check_safety's verdict. This
script reads those lists with ast (nothing of fickling is imported or run),
encodes the opcodes itself and scans the bytes. A loop over a literal list
(`for module in ["_interpreters", ...]`) gives one pickle per element. A
test whose assertions want a severity above LIKELY_SAFE is a "must flag" row
(made when weaklink reports an error or a warning on the pickle); one that
wants LIKELY_SAFE is a "must not flag" row. Tests that build their bytes
another way (raw byte strings, fickling's own module tables) or assert both
ways in one function are listed as not rebuilt.
"""
import ast
import os
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlrun  # noqa: E402

FILES = ["test/test_bypasses.py", "test/test_scanner_deactivation_analysis.py"]


class Unsupported(Exception):
    pass


def uni(tag, s):
    b = s.encode("utf-8", "surrogatepass")
    return tag + b + b"\n"


def encode(name, args):
    a = args
    if name == "Proto":
        return b"\x80" + bytes([a[0] if a else 4])
    if name == "Frame":
        return b"\x95" + struct.pack("<Q", a[0])
    if name == "ShortBinUnicode":
        b = a[0].encode()
        return b"\x8c" + bytes([len(b)]) + b
    if name == "BinUnicode":
        b = a[0].encode()
        return b"X" + struct.pack("<I", len(b)) + b
    if name == "ShortBinBytes":
        b = a[0]
        return b"C" + bytes([len(b)]) + b
    if name == "Global":
        if len(a) == 2:
            return f"c{a[0]}\n{a[1]}\n".encode()
        mod, _, nm = a[0].partition(" ")
        return f"c{mod}\n{nm}\n".encode()
    if name == "Inst":
        mod, _, nm = a[0].partition(" ")
        return f"i{mod}\n{nm}\n".encode()
    if name == "String":
        return ("S" + repr(a[0]) + "\n").encode()
    if name == "Unicode":
        return uni(b"V", a[0])
    if name in ("Put", "Get"):
        return (("p" if name == "Put" else "g") + str(a[0]) + "\n").encode()
    if name in ("BinGet", "BinPut"):
        return (b"h" if name == "BinGet" else b"q") + bytes([a[0]])
    if name == "BinInt":
        return b"J" + struct.pack("<i", a[0])
    if name == "BinInt2":
        return b"M" + struct.pack("<H", a[0])
    if name == "BinInt1":
        return b"K" + bytes([a[0]])
    simple = {"Memoize": b"\x94", "StackGlobal": b"\x93", "Reduce": b"R", "Stop": b".", "Mark": b"(",
              "TupleOne": b"\x85", "TupleTwo": b"\x86", "TupleThree": b"\x87", "EmptyTuple": b")",
              "Tuple": b"t", "Build": b"b", "Obj": b"o", "Pop": b"0", "NoneOpcode": b"N",
              "NewTrue": b"\x88", "NewFalse": b"\x89", "EmptyDict": b"}", "EmptyList": b"]", "List": b"l",
              "Appends": b"e", "Append": b"a", "SetItem": b"s", "SetItems": b"u", "Dict": b"d",
              "NewObj": b"\x81", "Dup": b"2"}
    if name in simple:
        return simple[name]
    raise Unsupported(name)


def value(node, env):
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in env:
        return env[node.id]
    if isinstance(node, ast.JoinedStr):
        out = ""
        for v in node.values:
            if isinstance(v, ast.Constant):
                out += v.value
            else:
                out += str(value(v.value, env))
        return out
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "dumps":
        return b"\x00"  # a payload the pickle carries as bytes: its content does not matter here
    raise Unsupported(ast.dump(node)[:60])


def pickled_bytes(call, env):
    ops = call.args[0]
    if not isinstance(ops, ast.List):
        raise Unsupported("not a literal list")
    out = b""
    for e in ops.elts:
        if not isinstance(e, ast.Call):
            raise Unsupported("op")
        f = e.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        if name == "create" and isinstance(f.value, ast.Attribute):
            name = f.value.attr
        out += encode(name, [value(x, env) for x in e.args])
    return out


def expectation(fn):
    want = set()
    for n in ast.walk(fn):
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)):
            continue
        text = ast.unparse(n)
        if n.func.attr in ("assertGreater", "assertGreaterEqual") and "Severity." in text:
            want.add("flag")
        elif n.func.attr == "assertEqual" and "Severity.LIKELY_SAFE" in text:
            want.add("clean")
        elif n.func.attr == "assertEqual" and "Severity." in text:
            want.add("flag")
        elif n.func.attr == "assertIsNotNone" and ("Unsafe" in text or "ScannerDeactivation" in text):
            want.add("flag")
        elif n.func.attr == "assertIsNone" and ("Unsafe" in text or "ScannerDeactivation" in text):
            want.add("clean")
    return want


def class_tables(src, builtins_src):
    """fickling's own module tables the loop tests iterate over (literals in its source)."""
    out = {}
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.ClassDef):
            for st in node.body:
                tgt = st.target if isinstance(st, ast.AnnAssign) else \
                    st.targets[0] if isinstance(st, ast.Assign) and len(st.targets) == 1 else None
                if not isinstance(tgt, ast.Name) or st.value is None:
                    continue
                v = st.value
                if isinstance(v, ast.Call) and getattr(v.func, "id", "") == "frozenset" and v.args:
                    v = v.args[0]
                try:
                    val = ast.literal_eval(v)
                except ValueError:
                    continue
                key = f"{node.name}.{tgt.id}"
                if isinstance(val, dict) and all(isinstance(x, dict) for x in val.values()):
                    out[key + ".items()"] = [(m, list(f)) for m, f in val.items()]
                out[key] = list(val) if isinstance(val, (dict, set, frozenset, list, tuple)) else val
    bmn = []
    for node in ast.walk(ast.parse(builtins_src)):
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "BUILTIN_MODULE_NAMES":
            bmn = ast.literal_eval(node.value.args[0])
    return out, set(bmn)


def cases(src, tables=None, builtin_names=()):
    tables = tables or {}
    tree = ast.parse(src)
    for fn in ast.walk(tree):
        if not (isinstance(fn, ast.FunctionDef) and fn.name.startswith("test_")):
            continue
        want = expectation(fn)
        calls = [n for n in ast.walk(fn) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Pickled"]
        if len(want) != 1 or not calls:
            yield fn.name, None, [], "not rebuilt: " + ("asserts both ways" if len(want) > 1 else
                                                      "no Pickled([...]) list or no verdict asserted")
            continue
        envs = [{}]
        bound = {}
        for n in ast.walk(fn):
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                try:
                    bound[n.targets[0].id] = ast.literal_eval(n.value)
                except ValueError:
                    pass
        for n in ast.walk(fn):
            if isinstance(n, ast.For):
                it = n.iter
                try:
                    if isinstance(it, (ast.List, ast.Tuple)):
                        vals = [ast.literal_eval(x) for x in it.elts]
                    elif isinstance(it, ast.Name) and isinstance(bound.get(it.id), (list, tuple)):
                        vals = list(bound[it.id])
                    elif ast.unparse(it) in tables:
                        vals = tables[ast.unparse(it)]
                    elif isinstance(it, ast.Name) and envs and all(it.id in e for e in envs):
                        envs = [dict(e, **{n.target.id: v}) for e in envs for v in e[it.id]]
                        continue
                    else:
                        envs = None
                        break
                except ValueError:
                    envs = None
                    break
                names = [n.target.id] if isinstance(n.target, ast.Name) else \
                    [t.id for t in n.target.elts] if isinstance(n.target, ast.Tuple) else None
                if names is None:
                    envs = None
                    break
                envs = [dict(e, **dict(zip(names, v if len(names) > 1 else [v]))) for e in envs for v in vals]
        if envs is None:
            yield fn.name, None, [], "not rebuilt: loop over a computed list"
            continue
        for env in envs:
            # `func = "eval" if module in BUILTIN_MODULE_NAMES else "dangerous"`
            if "module" in env and "func" not in env and "BUILTIN_MODULE_NAMES" in ast.unparse(fn):
                env["func"] = "eval" if env["module"] in builtin_names else "dangerous"
        blobs = []
        try:
            for env in envs:
                for c in calls:
                    blobs.append(pickled_bytes(c, env))
        except Unsupported as e:
            yield fn.name, None, [], f"not rebuilt: {e}"
            continue
        yield fn.name, want.pop(), blobs, ""


def main():
    repo = sys.argv[1]
    if os.path.isdir(os.path.join(repo, ".git")):
        repo = os.path.join(repo, ".git")
    binary = wlrun.weaklink_bin(sys.argv[2] if len(sys.argv) > 2 else None)
    commit = wlrun.head(repo)
    root = tempfile.mkdtemp(prefix="wl-fickling.")
    rows = []
    skipped = []
    tables, builtin_names = class_tables(wlrun.git_show(repo, commit, "fickling/analysis.py").decode(),
                                         wlrun.git_show(repo, commit, "fickling/fickle.py").decode())
    for f in FILES:
        for name, want, blobs, why in cases(wlrun.git_show(repo, commit, f).decode(), tables, builtin_names):
            if want is None:
                skipped.append(f"{name}: {why}")
                continue
            for i, b in enumerate(blobs):
                p = f"{name}-{i}.pkl"
                with open(os.path.join(root, p), "wb") as fh:
                    fh.write(b)
                rows.append((p, want))
    hit = {}
    for uri, lvl in wlrun.scan_levels(binary, root):
        if lvl in ("error", "warning"):
            hit[uri] = True
    print(f"fickling {commit}")
    fl = [r for r in rows if r[1] == "flag"]
    cl = [r for r in rows if r[1] == "clean"]
    mf = sum(1 for p, _ in fl if hit.get(p))
    mc = sum(1 for p, _ in cl if not hit.get(p))
    print(f"must flag:     {mf}/{len(fl)} pickles")
    print(f"must not flag: {mc}/{len(cl)} pickles")
    for p, w in rows:
        if (w == "flag") != bool(hit.get(p)):
            print(f"DISAGREE {p}: fickling {w}, weaklink {'flags' if hit.get(p) else 'silent'}")
    for s in skipped:
        print(f"SKIPPED {s}")


if __name__ == "__main__":
    main()
