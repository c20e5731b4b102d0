#!/usr/bin/env bash
# validate-sarif.sh FILE... - Microsoft's SARIF Multitool (`validate --rule-kind
# "Sarif;Ghas"`, the spec's rules plus GitHub's ingestion rules), against the
# OASIS schema in ../shared/schemas when that file is present. Zero errors
# required; warnings are listed. Prints PASS/FAIL sarif/<file> per input.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
M="$HERE/../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
SCHEMA="$HERE/../../shared/schemas/sarif-schema-2.1.0.json"
[ -x "$M" ] || { echo "FAIL sarif/multitool: $M missing (make deps)"; exit 0; }
schema_args=()
[ -f "$SCHEMA" ] && schema_args=(-j "$SCHEMA")
T=$(mktemp -d /tmp/wl-sarif.XXXXXX)
for f in "$@"; do
  name=${f#"$HERE/"}
  out="$T/$(echo "$name" | tr '/' '_').log.sarif"
  "$M" validate --rule-kind "Sarif;Ghas" "${schema_args[@]}" -o "$out" "$f" >"$T/log" 2>&1
  if [ ! -f "$out" ]; then
    echo "FAIL sarif/$name: the Multitool produced no log: $(tail -3 "$T/log")"
    continue
  fi
  verdict=$(/usr/bin/python3 - "$out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
errs, warns = [], []
for run in d.get("runs", []):
    for r in run.get("results", []):
        msg = r.get("message", {})
        text = msg.get("text") or " ".join(msg.get("arguments", []))
        line = "%s %s" % (r.get("ruleId"), text)
        (errs if r.get("level", "warning") == "error" else warns).append(line)
print("ERR" if errs else "OK", "; ".join(errs[:5]) if errs else "; ".join(sorted(set(warns))[:3]))
PY
)
  case "$verdict" in
    OK*) echo "PASS sarif/$name${verdict#OK}" | sed 's/PASS \(sarif\/[^ ]*\) \(.\+\)/PASS \1 (warnings: \2)/' ;;
    *) echo "FAIL sarif/$name: ${verdict#ERR }" ;;
  esac
done
rm -rf "$T"
