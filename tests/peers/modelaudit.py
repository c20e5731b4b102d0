#!/usr/bin/env python3
"""modelaudit.py MODELAUDIT_GIT_DIR [WEAKLINK] - weaklink against ModelAudit's committed fixtures.

ModelAudit (promptfoo/modelaudit) commits its attack fixtures under
tests/assets/ and names each by what its tests expect of it: files whose
name says malicious / exploit / attack / evil / bypass / injection /
nested_pickle / decode_exec / path_traversal must be flagged (e.g.
tests/test_bug1_confidence_exploit.py asserts every file of
assets/exploits is reported, tests/test_os_alias_detection.py the nt/posix
alias pickles, tests/test_nested_pickle_integration.py the nested ones);
files named safe / benign must not be. Edge-case fixtures (malformed, empty,
oversized) and license scenarios are not rows. The fixtures are copied to a
temporary tree (not under tests/, so no path class lowers them) and scanned
once; a positive row is made when weaklink reports an error or a warning on
the file, a negative row when it reports neither.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlrun  # noqa: E402

POS = re.compile(r"malicious|exploit|attack|evil|bypass|injection|nested_pickle|decode_exec|path_traversal|"
                 r"suspicious_url|shell_commands|multiple_patterns|obfuscated|dill_func")
NEG = re.compile(r"(^|/)(safe|benign)[^/]*$")
SKIP = re.compile(r"generators/|license_scenarios/|edge_cases/|\.py$|bypass_pocs/")
# where weaklink and ModelAudit disagree, with the reason (see RESULTS.md);
# "peer FP" rows are left out of the undisputed figure, "scope" rows are not
NOIMPORT = ("peer FP: the pickle has no GLOBAL/STACK_GLOBAL/INST/OBJ/REDUCE opcode: loading it builds dicts, "
            "strings and bytes and runs nothing; a pickle nested in a bytes/str field runs only if the "
            "application unpickles it again, and that call is what WL203 reports in the code")
SAFET = ("peer FP: safetensors metadata is a map of strings that no loader evaluates (the format has no "
         "code path); text that looks like code there is data")
TEMPLATE = ("scope: a template file that no tokenizer or serving config names is not loaded as a chat "
            "template; weaklink checks *.jinja files a config refers to (and chat_template values)")
CONFIGURL = "peer FP: a URL string in a JSON file that no library reads code from"
WHY = {
    "fx/samples/pickles/decode_exec_chain.pkl": NOIMPORT,
    "fx/samples/pickles/malicious_model_realistic.pkl": NOIMPORT,
    "fx/samples/pickles/nested_pickle_raw.pkl": NOIMPORT,
    "fx/samples/pickles/nested_pickle_hex.pkl": NOIMPORT,
    "fx/samples/pickles/nested_pickle_base64.pkl": NOIMPORT,
    "fx/samples/pickles/nested_pickle_multistage.pkl": NOIMPORT,
    "fx/samples/safetensors/malicious_import.safetensors": SAFET,
    "fx/samples/safetensors/multiple_patterns.safetensors": SAFET,
    "fx/samples/safetensors/obfuscated_metadata.safetensors": SAFET,
    "fx/samples/safetensors/script_injection.safetensors": SAFET,
    "fx/samples/safetensors/shell_commands.safetensors": SAFET,
    "fx/samples/safetensors/suspicious_url.safetensors": SAFET,
    "fx/samples/jinja2/malicious_subprocess.template": TEMPLATE,
    "fx/samples/jinja2/standalone/malicious_standalone.jinja": TEMPLATE,
    "fx/scenarios/security_scenarios/mixed_malicious_model/config.json": CONFIGURL,
}


def main():
    repo = sys.argv[1]
    if os.path.isdir(os.path.join(repo, ".git")):
        repo = os.path.join(repo, ".git")
    binary = wlrun.weaklink_bin(sys.argv[2] if len(sys.argv) > 2 else None)
    commit = wlrun.head(repo)
    root = tempfile.mkdtemp(prefix="wl-modelaudit.")
    rows = []
    for path in wlrun.git_ls(repo, commit, "tests/assets"):
        rel = path[len("tests/assets/"):]
        if SKIP.search(rel):
            continue
        base = os.path.basename(rel)
        pos = bool(POS.search(rel)) and not NEG.search(rel)
        neg = bool(NEG.search(rel)) and not re.search(r"malicious|exploit|attack|evil", base)
        if not (pos or neg):
            continue
        dst = os.path.join(root, "fx", rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        with open(dst, "wb") as fh:
            fh.write(wlrun.git_show(repo, commit, path))
        rows.append(("fx/" + rel, pos))
    flagged = {}
    levels = {}
    for uri, lvl in wlrun.scan_levels(binary, root):
        flagged.setdefault(uri, set()).add(lvl)
        if lvl in ("error", "warning"):
            levels[uri] = True
    print(f"modelaudit {commit}")
    tp = np_ = tn = nn = disputed = 0
    notes = []
    for rel, pos in sorted(rows):
        hit = levels.get(rel, False)
        if pos:
            np_ += 1
            tp += hit
            if not hit and WHY.get(rel, "").startswith("peer FP"):
                disputed += 1
            if not hit:
                notes.append(f"MISS {rel}{': ' + WHY[rel] if rel in WHY else ''}")
        else:
            nn += 1
            tn += not hit
            if hit:
                notes.append(f"FLAGGED-NEGATIVE {rel} {sorted(flagged.get(rel, []))}"
                             f"{': ' + WHY[rel] if rel in WHY else ''}")
    print(f"must flag:     {tp}/{np_} = {100.0 * tp / max(1, np_):.1f}%; {disputed} disputed (peer FP), "
          f"undisputed {tp}/{np_ - disputed} = {100.0 * tp / max(1, np_ - disputed):.1f}%")
    print(f"must not flag: {tn}/{nn} = {100.0 * tn / max(1, nn):.1f}%")
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
