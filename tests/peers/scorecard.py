#!/usr/bin/env python3
"""scorecard.py SCORECARD_GIT_DIR [WEAKLINK] - weaklink against Scorecard's Pinned-Dependencies tests.

Reads checks/raw/pinned_dependencies_test.go. Two kinds of expectations:
  - line rows (`expected: {snippet, startLine, endLine, t}`): one row each; matched
    when weaklink reports an in-scope rule on a line of [startLine, endLine];
  - counts (`warns: N` / `unpinned: N` for one file): N rows; weaklink makes
    min(N, distinct lines it flags with the test's rules) of them.
Choco and NuGet rows are out of scope (weaklink has no scanner for them). Each
fixture is copied to a temporary repository under its own relative path
(`.github/workflows/X` stays a workflow) and scanned. Prints per-test counts,
then every line row weaklink misses and every count test it falls short on.
"""
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wlrun  # noqa: E402

TESTFILE = "checks/raw/pinned_dependencies_test.go"
ACTIONS = {"WL501", "WL502"}
IMAGES = {"WL502"}
COMMANDS = {"WL101", "WL102", "WL103", "WL104", "WL105", "WL107", "WL108", "WL109", "WL503", "WL504",
            "WL507", "WL508"}
FUNC_RULES = {
    "TestGithubWorkflowPinning": ACTIONS, "TestNonGithubWorkflowPinning": ACTIONS,
    "TestGitHubWorkflowUsesLineNumber": ACTIONS,
    "TestDockerfilePinning": IMAGES, "TestDockerfilePinningFromLineNumber": IMAGES,
    "TestDockerfilePinningWithoutHash": IMAGES,
    "TestGithubWorkflowPkgManagerPinning": COMMANDS, "TestDockerfileInsecureDownloadsLineNumber": COMMANDS,
    "TestDockerfileWithHeredocsInsecureDownloadsLineNumber": COMMANDS,
    "TestShellscriptInsecureDownloadsLineNumber": COMMANDS, "TestDockerfileScriptDownload": COMMANDS,
    "TestShellScriptDownload": COMMANDS, "TestShellScriptDownloadPinned": COMMANDS,
    "TestGitHubWorkflowRunDownload": COMMANDS, "TestGitHubWorkInsecureDownloadsLineNumber": COMMANDS,
    "TestDockerfileInsecureDownloadsBrokenCommands": COMMANDS, "TestDockerfileScriptDownloadInfo": COMMANDS,
}
OUT_OF_SCOPE_TYPES = {"ChocoCommand", "NugetCommand"}
# Count tests lump these in with the rest; the fixture lines that are such a
# command and are unpinned by Scorecard's own test (no checksum / lock /
# version flag) are taken out of the count as out of scope.
OOS_CMD = re.compile(r"^\s*(?:-\s*)?(?:RUN\s+|run:\s*)?(?:\S*/)?(choco|nuget|dotnet|msbuild)(?:\.exe)?\s+(.*)$",
                     re.I)
OOS_PINNED = re.compile(r"--require-?checksums?\b|-LockedMode|--locked-mode|RestoreLockedMode=true|"
                        r"\s(?:-Version|-v|--version)\s", re.I)


def out_of_scope_lines(text):
    n = 0
    for line in text.splitlines():
        m = OOS_CMD.match(line)
        if not m:
            continue
        tool, rest = m.group(1).lower(), m.group(2)
        if tool == "dotnet" and not re.match(r"(restore|add\s|build)", rest):
            continue
        if tool == "nuget" and not re.match(r"(install|restore)", rest):
            continue
        if tool == "msbuild" and "restore" not in rest:
            continue
        if tool == "choco" and not rest.startswith("install"):
            continue
        if not OOS_PINNED.search(" " + rest + " "):
            n += 1
    return n

# Fixture lines where Scorecard's expectation is wrong, argued one by one in
# tests/peers/RESULTS.md. A count test loses one expected row per line listed;
# a line row covering a listed line is reported as disputed, not as a miss.
EXEC = "peer FP: exec-form RUN [...] runs no shell; '&&', '>', '|', '<(...)' are plain arguments"
QUOTED = "peer FP: '\"\\\"...\\\"\"' hands the shell one double-quoted word, a command name that does not exist"
PATHLOOKUP = "peer FP: a bare command name is looked up in PATH, not in the folder the download went to"
NOREQ = "peer FP: pip install with no requirement installs nothing (pip exits with an error)"
STAGE = "peer FP: FROM <stage> pulls nothing; the unpinned image is reported where it is named"
HG = "peer FP: a 40-hex Mercurial changeset id is a hash of the content, as fixed as a git commit"
DUP = "duplicate: the same unverified download (reported at its first run) run a second time"
NODL = "peer FP: the file was 'downloaded' only by an exec-form RUN that runs echo"
DISPUTED = {
    "Dockerfile-not-pinned-as": {23: STAGE},
    "Dockerfile-pinned-as-without-hash": {18: STAGE, 23: STAGE},
    "Dockerfile-wget-bin-sh": {19: EXEC, 20: QUOTED},
    "Dockerfile-curl-file-sh": {31: EXEC, 32: QUOTED},
    "Dockerfile-proc-subs": {20: EXEC, 24: QUOTED},
    "Dockerfile-wget-file": {33: EXEC, 35: QUOTED},
    "Dockerfile-gsutil-file": {49: QUOTED, 51: QUOTED},
    "Dockerfile-aws-file": {19: PATHLOOKUP, 24: PATHLOOKUP, 41: EXEC, 43: QUOTED, 45: QUOTED},
    "Dockerfile-download-multi-runs": {28: EXEC, 30: EXEC, 37: NODL},
    "script-sh": {43: PATHLOOKUP},
    "script-bash": {42: PATHLOOKUP},
    "script.sh": {42: PATHLOOKUP},
    "Dockerfile-download-lines": {46: HG},
    "shell-download-lines.sh": {38: HG},
    "Dockerfile-pkg-managers": {46: NOREQ, 47: NOREQ, 48: NOREQ, 49: NOREQ, 50: NOREQ, 56: NOREQ, 66: HG},
    "script-pkg-managers": {51: NOREQ, 52: NOREQ, 53: NOREQ, 65: HG},
    "github-workflow-pkg-managers.yaml": {80: NOREQ, 82: NOREQ, 98: HG},
    "github-workflow-wget-across-steps.yaml": {46: DUP},
}
# Lines weaklink flags that Scorecard's rules call pinned: taken out of
# weaklink's lines before counting (they would otherwise stand in for a miss).
EXTRA = {
    "Dockerfile-wget-bin-sh": {26: "a script at a commit URL piped to sh: no checksum (WL503 on purpose)"},
    "Dockerfile-pkg-managers": {101: "pip install bla3.whl: a wheel that is not in the repository (WL105)"},
    "script-pkg-managers": {92: "pip install bla.whl: a wheel that is not in the repository (WL105)"},
    "github-workflow-pkg-managers.yaml": {142: "pip install bla3.whl: a wheel that is not in the repository (WL105)"},
}


def logical_lines(text):
    """line -> first line of the command it belongs to (backslash continuations)."""
    first = {}
    start = None
    for i, line in enumerate(text.splitlines(), 1):
        if start is None:
            start = i
        first[i] = start
        if not line.rstrip().endswith("\\"):
            start = None
    return first


GOSTR = r'"((?:[^"\\]|\\.)*)"|`([^`]*)`'
ROW = re.compile(r"snippet:\s*(?:" + GOSTR + r")\s*,\s*startLine:\s*(\d+)\s*,\s*endLine:\s*(\d+)\s*,"
                 r"\s*t:\s*checker\.DependencyUseType(\w+)")


def fixture_path(func, name):
    if name.startswith("./testdata/"):
        return "checks/raw/testdata/" + name[len("./testdata/"):]
    if name.startswith("../testdata/"):
        return "checks/testdata/" + name[len("../testdata/"):]
    if name.startswith("../../testdata/"):
        return None
    return "checks/raw/testdata/" + name  # joined with "testdata" by the test


def parse(src):
    funcs = re.split(r"(?m)^func (Test\w+)\(", src)
    for i in range(1, len(funcs), 2):
        func, body = funcs[i], funcs[i + 1]
        if func not in FUNC_RULES:
            continue
        chunks = re.split(r"filename:\s*", body)
        for ch in chunks[1:]:
            m = re.match(GOSTR, ch)
            if not m:
                continue
            name = m.group(1) or m.group(2)
            cm = re.search(r"\b(?:warns|unpinned):\s*(\d+)", ch)
            rows = [(int(r[2]), int(r[3]), r[4], (r[0] or r[1])) for r in ROW.findall(ch)]
            yield func, name, int(cm.group(1)) if cm else 0, rows


def main():
    repo = sys.argv[1]
    if os.path.isdir(os.path.join(repo, ".git")):
        repo = os.path.join(repo, ".git")
    binary = wlrun.weaklink_bin(sys.argv[2] if len(sys.argv) > 2 else None)
    commit = wlrun.head(repo)
    src = wlrun.git_show(repo, commit, TESTFILE).decode()
    cache = {}
    stats = {}
    notes = []

    def results(path):
        if path not in cache:
            root = tempfile.mkdtemp(prefix="wl-scorecard.")
            rel = path.split("testdata/", 1)[1]
            dst = os.path.join(root, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            with open(dst, "wb") as fh:
                fh.write(wlrun.git_show(repo, commit, path))
            cache[path] = (rel, wlrun.scan(binary, root))
        return cache[path]

    for func, name, count, rows in parse(src):
        path = fixture_path(func, name)
        if path is None or "vendor" in name or "third_party" in name:
            continue
        try:
            rel, res = results(path)
        except Exception:  # a fixture the test builds in memory
            continue
        rules = FUNC_RULES[func]
        base = os.path.basename(rel)
        extra = EXTRA.get(base, {})
        disputed = DISPUTED.get(base, {})
        first = logical_lines(wlrun.git_show(repo, commit, path).decode("utf-8", "replace"))
        mine = [r for r in res if r[0] in rules and r[1] == rel and first.get(r[2], r[2]) not in extra]
        if rows:
            for start, end, typ, snippet in rows:
                key = ("line", typ)
                s = stats.setdefault(key, [0, 0, 0, 0])
                if typ in OUT_OF_SCOPE_TYPES:
                    s[2] += 1
                    continue
                s[1] += 1
                if any(r[2] <= end and start <= r[3] for r in mine):
                    s[0] += 1
                elif any(start <= ln <= end for ln in disputed):
                    s[3] += 1
                    why = [disputed[ln] for ln in disputed if start <= ln <= end][0]
                    notes.append(f"DISPUTED line {func} {name}:{start}-{end} [{typ}] {snippet}: {why}")
                else:
                    notes.append(f"MISS line {func} {name}:{start}-{end} [{typ}] {snippet}")
        elif count:
            lines = {first.get(r[2], r[2]) for r in mine}
            key = ("count", func)
            s = stats.setdefault(key, [0, 0, 0, 0])
            oos = 0
            if rules is COMMANDS:
                oos = min(count, out_of_scope_lines(wlrun.git_show(repo, commit, path).decode("utf-8", "replace")))
            s[2] += oos
            s[1] += count - oos
            s[0] += min(count - oos, len(lines))
            nd = min(len(disputed), count - oos - min(count - oos, len(lines)))
            s[3] += nd
            if len(lines) < count - oos:
                notes.append(f"SHORT count {func} {name}: expected {count} ({oos} out of scope), "
                             f"weaklink flags {len(lines)} commands; {len(disputed)} disputed lines " +
                             ", ".join(f"{ln}" for ln in sorted(disputed)))
    print(f"scorecard {commit}")
    th = tn = td = 0
    print(f"{'':58} made/rows   raw  | disputed  made/undisputed")
    for (kind, what), (h, n, oos, d) in sorted(stats.items()):
        extra = f" (+{oos} out of scope)" if oos else ""
        if n:
            print(f"{kind:5} {what:52} {h:4}/{n:<4} {100.0 * h / n:5.1f}% | {d:4}  {h:4}/{n - d:<4} "
                  f"{100.0 * h / max(1, n - d):5.1f}%{extra}")
        else:
            print(f"{kind:5} {what:52}    -/-   {extra}")
        th += h
        tn += n
        td += d
    print(f"{'all':58} {th:4}/{tn:<4} {100.0 * th / tn:5.1f}% | {td:4}  {th:4}/{tn - td:<4} "
          f"{100.0 * th / (tn - td):5.1f}%")
    for base, lines in sorted(EXTRA.items()):
        for ln, why in sorted(lines.items()):
            print(f"EXTRA {base}:{ln}: {why}")
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
