"""Shared helpers for the peer comparisons: run weaklink on a tree, read its SARIF.

Nothing here executes or imports a peer's code; the peers' fixtures are only
copied into a temporary directory and scanned.
"""
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BIN = os.path.join(HERE, "..", "..", "build", "release", "weaklink")


def weaklink_bin(arg=None):
    b = arg or os.environ.get("WEAKLINK") or DEFAULT_BIN
    return os.path.abspath(b)


def scan(binary, root, paths=(".",)):
    """Scan `paths` under `root`; return [(rule, path, line, end_line, message)]."""
    out = os.path.join(tempfile.mkdtemp(prefix="wl-peer-out."), "r.sarif")
    subprocess.run([binary, "scan", "--no-config", "--no-progress", "-j1", "--fail-on", "none",
                    "-o", "sarif:" + out, *paths], cwd=root,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(out, encoding="utf-8") as fh:
        sarif = json.load(fh)
    res = []
    for run in sarif.get("runs", []):
        for r in run.get("results", []):
            for loc in r.get("locations", [])[:1]:
                pl = loc["physicalLocation"]
                reg = pl.get("region", {})
                line = reg.get("startLine", 1)
                res.append((r["ruleId"], pl["artifactLocation"]["uri"], line,
                            reg.get("endLine", line), r["message"]["text"]))
    return res


def scan_levels(binary, root, paths=(".",)):
    """Scan like scan(); return [(path, level)] (level: error/warning/note)."""
    out = os.path.join(tempfile.mkdtemp(prefix="wl-peer-out."), "r.sarif")
    subprocess.run([binary, "scan", "--no-config", "--no-progress", "-j1", "--fail-on", "none",
                    "-o", "sarif:" + out, *paths], cwd=root,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    with open(out, encoding="utf-8") as fh:
        sarif = json.load(fh)
    return [(loc["physicalLocation"]["artifactLocation"]["uri"], r.get("level", "warning"))
            for run in sarif.get("runs", []) for r in run.get("results", [])
            for loc in r.get("locations", [])[:1]]


def git_show(repo, commit, path):
    return subprocess.run(["git", "--git-dir", repo, "show", f"{commit}:{path}"],
                          capture_output=True, check=True).stdout


def git_ls(repo, commit, prefix):
    out = subprocess.run(["git", "--git-dir", repo, "ls-tree", "-r", "--name-only", commit, prefix],
                         capture_output=True, check=True, text=True).stdout
    return [l for l in out.splitlines() if l]


def head(repo):
    return subprocess.run(["git", "--git-dir", repo, "rev-parse", "HEAD"], capture_output=True,
                          check=True, text=True).stdout.strip()
