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
        mine = [r for r in res if r[0] in rules and r[1] == rel]
        if rows:
            for start, end, typ, snippet in rows:
                key = ("line", typ)
                s = stats.setdefault(key, [0, 0, 0])
                if typ in OUT_OF_SCOPE_TYPES:
                    s[2] += 1
                    continue
                s[1] += 1
                if any(r[2] <= end and start <= r[3] for r in mine):
                    s[0] += 1
                else:
                    notes.append(f"MISS line {func} {name}:{start}-{end} [{typ}] {snippet}")
        elif count:
            lines = {r[2] for r in mine}
            key = ("count", func)
            s = stats.setdefault(key, [0, 0, 0])
            oos = 0
            if rules is COMMANDS:
                oos = min(count, out_of_scope_lines(wlrun.git_show(repo, commit, path).decode("utf-8", "replace")))
            s[2] += oos
            s[1] += count - oos
            s[0] += min(count - oos, len(lines))
            if len(lines) < count - oos:
                notes.append(f"SHORT count {func} {name}: expected {count} ({oos} out of scope), "
                             f"weaklink flags {len(lines)} lines")
    print(f"scorecard {commit}")
    th = tn = 0
    for (kind, what), (h, n, oos) in sorted(stats.items()):
        extra = f" (+{oos} out of scope)" if oos else ""
        if n:
            print(f"{kind:5} {what:52} {h:4}/{n:<4} {100.0 * h / n:5.1f}%{extra}")
        else:
            print(f"{kind:5} {what:52}    -/-   {extra}")
        th += h
        tn += n
    print(f"{'all':58} {th:4}/{tn:<4} {100.0 * th / tn:5.1f}%")
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
