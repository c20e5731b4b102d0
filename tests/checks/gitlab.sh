#!/usr/bin/env bash
# gitlab.sh BIN - the GitLab template from another project's point of view:
# the job's `script:` is read from gitlab/weaklink.gitlab-ci.yml and run in a
# throw-away "foreign" git repository with WEAKLINK_REPO=file://<this checkout>
# and WEAKLINK_REF=<its HEAD> (commit first: the job fetches the commit).
# WEAKLINK_BIN=BIN skips the build; a seeded cache entry checks the cache-hit
# path (no fetch, no build). Validates the SAST report against the 15.2.1
# schema and the Code Quality report's shape; checks the gate fails after the
# reports are saved, WEAKLINK_ARGS quoting, WEAKLINK_FAIL_ON, the MR mode,
# WEAKLINK_REF pinning, and the template's rules/artifacts/image pin.
# WL_GITLAB_BUILD=1 also runs a real build from the fetched sources (minutes).
set -u
W=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
SCHEMA=$ROOT/../shared/schemas/gitlab-sast-report-format-15.2.1.json
TPL=$ROOT/gitlab/weaklink.gitlab-ci.yml
T=$(mktemp -d /tmp/wl-gitlab.XXXXXX)
trap 'rm -rf "$T"' EXIT
REF=$(git -C "$ROOT" rev-parse HEAD)
[ -z "$(git -C "$ROOT" status --porcelain -- gitlab)" ] ||
  echo "note: gitlab/ differs from HEAD; the job fetches the committed gitlab/weaklink-job.sh"

/usr/bin/python3 - "$TPL" "$T/script.sh" <<'PY' || { echo "FAIL gitlab/template-parses"; exit 0; }
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))["weaklink"]
open(sys.argv[2], "w").write("\n".join(job["script"]) + "\n")
PY

proj=$T/project
mkdir -p "$proj/vendor"
git init -q "$proj"
printf 'import pickle\nobj = pickle.loads(blob)\n' >"$proj/app.py"
printf 'import pickle\nobj = pickle.loads(blob)\n' >"$proj/vendor/lib.py"
printf 'FROM scratch\nRUN curl -sSL https://x.example/i.sh | sh\n' >"$proj/Dockerfile"
(cd "$proj" && git add . && git -c user.name=t -c user.email=t@e.invalid commit -qm init)

# job NAME [VAR=value...]: the job's script as the runner runs it, in a fresh copy
job() {
  local name=$1; shift
  rm -rf "$T/run-$name"; cp -a "$proj" "$T/run-$name"
  (cd "$T/run-$name" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$T" GITLAB_CI=true CI=true \
    CI_PROJECT_DIR="$T/run-$name" CI_PIPELINE_SOURCE=push CI_COMMIT_BRANCH=main CI_DEFAULT_BRANCH=main \
    WEAKLINK_REPO="file://$ROOT" WEAKLINK_REF="$REF" WEAKLINK_ARGS= WEAKLINK_FAIL_ON= \
    WEAKLINK_CACHE="$T/run-$name/.weaklink-cache" "$@" sh "$T/script.sh") >"$T/$name.log" 2>&1
  echo $? >"$T/$name.rc"
}
rc() { cat "$T/$1.rc"; }
check() { # check NAME DESCRIPTION TEST...
  local n=$1 d=$2; shift 2
  if "$@"; then echo "PASS gitlab/$n"; else echo "FAIL gitlab/$n: $d"; sed 's/^/    /' "$T/${n%%/*}.log" 2>/dev/null | tail -15; fi
}
validate() { # validate RUNDIR: SAST against the schema, Code Quality's shape
  /usr/bin/python3 - "$1/gl-sast-report.json" "$1/gl-code-quality-report.json" "$SCHEMA" <<'PY'
import json, sys, jsonschema
sast = json.load(open(sys.argv[1]))
jsonschema.validate(sast, json.load(open(sys.argv[3])))
assert sast["vulnerabilities"], "no vulnerabilities"
cq = json.load(open(sys.argv[2]))
assert isinstance(cq, list) and cq, "Code Quality: not a non-empty list"
for i in cq:
    for k in ("description", "check_name", "fingerprint", "severity", "location"):
        assert isinstance(i.get(k), (str, dict)) and i[k], "Code Quality: %s missing" % k
    assert i["severity"] in ("info", "minor", "major", "critical", "blocker"), i["severity"]
    assert isinstance(i["location"].get("path"), str)
    assert isinstance(i["location"]["lines"]["begin"], int)
assert len({i["fingerprint"] for i in cq}) == len(cq), "Code Quality: duplicate fingerprints"
PY
}

if [ ! -f "$SCHEMA" ]; then echo "FAIL gitlab/schema: $SCHEMA is missing"; exit 0; fi

# 1. fetch weaklink at WEAKLINK_REF from the file:// clone, prebuilt binary
job fetch WEAKLINK_BIN="$W"
check fetch/gate "findings at the default gate: the job fails (exit 1)" test "$(rc fetch)" = 1
check fetch/reports-saved "the three reports exist although the gate failed" \
  test -s "$T/run-fetch/gl-sast-report.json" -a -s "$T/run-fetch/gl-code-quality-report.json" -a -s "$T/run-fetch/weaklink.sarif"
if msg=$(validate "$T/run-fetch" 2>&1); then echo "PASS gitlab/fetch/sast-schema-and-codequality-shape"
else echo "FAIL gitlab/fetch/sast-schema-and-codequality-shape: $(echo "$msg" | tail -1)"; fi
check fetch/report-in-log "the text report is in the job log" grep -q 'WL203' "$T/fetch.log"
check fetch/sources-removed "the fetched sources are not left in the project" test ! -e "$T/run-fetch/.weaklink-cache/src"
check fetch/vendor-scanned "without args, vendor/ is scanned" grep -q '"vendor/lib.py"' "$T/run-fetch/gl-sast-report.json"

# 2. cache hit: no fetch (the repo URL is wrong on purpose), no build
mkdir -p "$T/seed/$REF" && cp "$W" "$T/seed/$REF/weaklink" && cp "$ROOT/gitlab/weaklink-job.sh" "$T/seed/$REF/"
rm -rf "$proj/.weaklink-cache"; cp -a "$T/seed" "$proj/.weaklink-cache"
job cache WEAKLINK_REPO=file:///nonexistent
rm -rf "$proj/.weaklink-cache"
check cache/hit "a cached build for WEAKLINK_REF is used without fetching" \
  bash -c "test \$(cat '$T/cache.rc') = 1 && grep -q 'build cache hit' '$T/cache.log' && test -s '$T/run-cache/gl-sast-report.json'"
check cache/not-scanned "the cache directory is not scanned" bash -c "test -s '$T/run-cache/gl-code-quality-report.json' && ! grep -q weaklink-cache '$T/run-cache/gl-code-quality-report.json'"

# 3. WEAKLINK_ARGS with quotes, WEAKLINK_FAIL_ON
job args WEAKLINK_BIN="$W" WEAKLINK_FAIL_ON=none "WEAKLINK_ARGS=--exclude 'vendor/**' --exclude \"\$(touch $T/pwned)\" --exclude \\\`id\\\`"
check args/fail-on-none "WEAKLINK_FAIL_ON=none passes" test "$(rc args)" = 0
check args/quoted-glob "--exclude 'vendor/**' reaches weaklink without its quotes" bash -c "! grep -q 'vendor/lib.py' '$T/run-args/gl-sast-report.json'"
check args/no-execution "\$(...) in WEAKLINK_ARGS stays a literal word" test ! -e "$T/pwned"
job badargs WEAKLINK_BIN="$W" "WEAKLINK_ARGS=--exclude 'vendor/**"
check badargs/refused "an unterminated quote is an error (exit 2)" bash -c "test \$(cat '$T/badargs.rc') = 2 && grep -q 'unterminated' '$T/badargs.log'"

# 4. the project's config decides when WEAKLINK_FAIL_ON is empty
printf '[scan]\nfail_on = "error"\nexclude = ["Dockerfile"]\n' >"$proj/.weaklink.toml"
(cd "$proj" && git add .weaklink.toml && git -c user.name=t -c user.email=t@e.invalid commit -qm cfg)
job cfg WEAKLINK_BIN="$W"
check cfg/config-decides "fail_on = \"error\" in .weaklink.toml lets warnings through" test "$(rc cfg)" = 0
(cd "$proj" && git rm -q .weaklink.toml && git -c user.name=t -c user.email=t@e.invalid commit -qm nocfg)

# 5. merge-request pipeline
base=$(git -C "$proj" rev-parse HEAD~1)
job mr WEAKLINK_BIN="$W" CI_PIPELINE_SOURCE=merge_request_event CI_MERGE_REQUEST_DIFF_BASE_SHA="$base"
if "$W" help scan 2>&1 | grep -q -- --diff-base; then
  check mr/diff-mode "MR pipeline: --diff-base" grep -q 'merge request: --diff-base' "$T/mr.log"
else
  check mr/diff-fallback "MR pipeline without --diff-base: full scan, said in the log" \
    bash -c "grep -q 'no --diff-base yet: full scan' '$T/mr.log' && test \$(cat '$T/mr.rc') = 1"
fi

# 6. WEAKLINK_REF must pin a commit
job tag WEAKLINK_BIN="$W" WEAKLINK_REF=main
check tag/refused "a branch name is refused (exit 2)" bash -c "test \$(cat '$T/tag.rc') = 2 && grep -q '40-hex commit' '$T/tag.log'"
job nocommit WEAKLINK_BIN="$W" WEAKLINK_REF=0123456789abcdef0123456789abcdef01234567
check nocommit/refused "a commit the repository does not have fails the job" bash -c "test \$(cat '$T/nocommit.rc') != 0 && test ! -e '$T/run-nocommit/gl-sast-report.json'"

# 7. the template itself
if msg=$(/usr/bin/python3 - "$TPL" <<'PY' 2>&1
import re, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))["weaklink"]
v = job["variables"]
assert re.fullmatch(r"[\w./-]+:[\w.-]+@sha256:[0-9a-f]{64}", v["WEAKLINK_IMAGE"]), "image not pinned by digest"
assert job["image"]["name"] == "$WEAKLINK_IMAGE"
r = job["rules"]
assert "WEAKLINK_DISABLED" in r[0]["if"] and r[0]["when"] == "never", "WEAKLINK_DISABLED is not the first rule"
assert any(x.get("if") == '$CI_PIPELINE_SOURCE == "merge_request_event"' for x in r), "no MR rule"
assert any("$CI_DEFAULT_BRANCH" in x.get("if", "") for x in r), "no default-branch rule"
a = job["artifacts"]
assert a["when"] == "always", "artifacts not when: always"
assert a["reports"] == {"sast": "gl-sast-report.json", "codequality": "gl-code-quality-report.json"}
assert "weaklink.sarif" in a["paths"]
assert "$WEAKLINK_REF" in job["cache"]["key"], "cache not keyed on WEAKLINK_REF"
PY
); then echo "PASS gitlab/template-shape"; else echo "FAIL gitlab/template-shape: $(echo "$msg" | tail -1)"; fi

# 8. optional: a real build from the fetched sources
if [ "${WL_GITLAB_BUILD:-0}" = 1 ]; then
  job build WEAKLINK_NODE_MODULES="$(readlink -f "$ROOT/node_modules")"
  check build/real "built from WEAKLINK_REF and scanned" bash -c "test \$(cat '$T/build.rc') = 1 && test -x '$T/run-build/.weaklink-cache/$REF/weaklink'"
fi
