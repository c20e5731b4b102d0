#!/usr/bin/env python3
"""hub_orgs_fp.py - false-positive rate of the hub look-alike rules (WL640,
WL641) on genuine organisation names.

    tests/realworld/hub_orgs_fp.py BINARY DIR... [--exclude-from DIR...]

Collects the organisations of the hub ids written in the trees under DIR
(from_pretrained / load_dataset / hf_hub_download / snapshot_download /
SentenceTransformer / pipeline(model=) literals, huggingface.co/ORG/NAME
links, base_model:/model_name_or_path:-style config keys, huggingface-cli
and hf download, ms-swift's Model('ORG/NAME', ...) registry), drops those named under --exclude-from (to measure on a
held-out set), writes one from_pretrained("ORG/m") per organisation into a
temporary tree, scans it with BINARY and prints how many organisations not
on rules/data/hub-orgs.txt were flagged, and which. Standard library only;
reads the trees, never imports or runs them.
"""
import os
import re
import subprocess
import sys
import tempfile

NAME = r"([A-Za-z0-9][A-Za-z0-9._-]{0,95})/([A-Za-z0-9][A-Za-z0-9._-]{0,95})"
URL = re.compile(r"huggingface\.co/(?:datasets/|spaces/)?" + NAME)
CALL = re.compile(r"(?:from_pretrained|load_dataset|hf_hub_download|snapshot_download|SentenceTransformer|"
                  r"pipeline\([^)]*model)\s*\(?\s*(?:[a-z_]+\s*=\s*)?[\"']" + NAME + r"[\"']")
KEY = re.compile(r"^\s*-?\s*(?:base_model|base_model_config|model_name_or_path|tokenizer_name_or_path|"
                 r"pretrained_model_name_or_path|tokenizer_config|model_id|hub_model_id|model_name|dataset_name|"
                 r"path|model|pretrained|repo_id)\s*[:=]\s*[\"']?" + NAME + r"[\"']?\s*$", re.M)
CLI = re.compile(r"(?:huggingface-cli|hf) download\s+(?:--[a-z-]+\s+)*" + NAME)
# ms-swift's model registry: Model('modelscope/id', 'hf/id')
SWIFT = re.compile(r"\bModel\(\s*'" + NAME + r"'(?:\s*,\s*'" + NAME + r"')?")
SITE = {"datasets", "spaces", "docs", "blog", "models", "api", "settings", "join", "login", "papers", "new",
        "organizations", "transformers", "learn", "tasks", "collections", "pricing", "inference-api", "course",
        "chat", "hub"}
EXTS = (".py", ".yaml", ".yml", ".json", ".md", ".sh", ".ipynb", ".rst", ".txt", ".toml", ".cfg", ".mdx")


def orgs_in(roots):
    found = set()
    for root in roots:
        for dp, dn, fn in os.walk(root):
            dn[:] = [d for d in dn if d not in (".git", "node_modules")]
            for f in fn:
                if not f.endswith(EXTS):
                    continue
                try:
                    with open(os.path.join(dp, f), encoding="utf-8", errors="replace") as fh:
                        s = fh.read(2_000_000)
                except OSError:
                    continue
                for rx in (URL, CALL, KEY, CLI, SWIFT):
                    for m in rx.finditer(s):
                        if rx is URL and m.group(1) in SITE:
                            continue
                        found.add(m.group(1))
                        if rx is SWIFT and m.group(3):
                            found.add(m.group(3))
    return found


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    binary, rest = args[0], args[1:]
    dirs, excl = (rest[:rest.index("--exclude-from")], rest[rest.index("--exclude-from") + 1:]) \
        if "--exclude-from" in rest else (rest, [])
    orgs = sorted(orgs_in(dirs) - orgs_in(excl))
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "rules", "data", "hub-orgs.txt"), encoding="utf-8") as fh:
        listed = {l.strip().lower() for l in fh if l.strip() and not l.startswith("#")}
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "probe.py"), "w", encoding="utf-8") as fh:
            fh.write("from transformers import AutoModel\nREV = '%s'\n" % ("0" * 40))
            for o in orgs:
                fh.write("AutoModel.from_pretrained(%r, revision=REV)\n" % (o + "/m"))
        out = subprocess.run([binary, "scan", "--no-config", "--fail-on", "none", tmp],
                             capture_output=True, text=True).stdout
    flagged = sorted({m.group(1) for m in re.finditer(r"the organisation '([^']+)'", out)})
    off = [o for o in orgs if o.lower() not in listed]
    print("organisations: %d, not on hub-orgs.txt: %d, flagged: %d" % (len(orgs), len(off), len(flagged)))
    for line in out.splitlines():
        if "WL640" in line or "WL641" in line:
            print("  " + line.strip())


if __name__ == "__main__":
    main()
