#!/usr/bin/env python3
"""normalise-sarif.py IN ROOT > OUT - make a SARIF log comparable as a golden file.

The temp root becomes /ROOT/. tool.driver.rules keeps only the rules the
results use, and ruleIndex is renumbered to match, so adding a rule to the
catalog does not rewrite every golden file (the catalog itself is checked by
tests/checks/cli.sh and the generated docs). Before renumbering, each
result's ruleIndex must point at its ruleId in the real output: a wrong
ruleIndex fails here (exit 1).
"""
import json
import sys

path, root = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = text.replace(root, "/ROOT/").replace(root.rstrip("/"), "/ROOT")
log = json.loads(text)
for run in log.get("runs", []):
    rules = run["tool"]["driver"].get("rules", [])
    used = []
    for res in run.get("results", []):
        idx = res.get("ruleIndex")
        if idx is None or idx >= len(rules) or rules[idx]["id"] != res["ruleId"]:
            sys.exit("ruleIndex %r does not point at %s" % (idx, res["ruleId"]))
        if res["ruleId"] not in used:
            used.append(res["ruleId"])
    by_id = {r["id"]: r for r in rules}
    kept = sorted(used)
    run["tool"]["driver"]["rules"] = [by_id[i] for i in kept]
    for res in run.get("results", []):
        res["ruleIndex"] = kept.index(res["ruleId"])
json.dump(log, sys.stdout, indent=2, ensure_ascii=False)
sys.stdout.write("\n")
