#!/usr/bin/env bash
# html-report.sh BIN - the HTML report (-o html): self-contained (nothing to
# load, a CSP that forbids loading), hostile names stay text, and the report
# of realistic-mixed opens in headless Chromium (Debian's `chromium`): a
# non-empty screenshot and a DOM with the seven stage boxes and every
# finding. Without chromium the browser checks print a SKIP line (not PASS).
# SCREENSHOT=FILE keeps the screenshot. Prints PASS/FAIL/SKIP lines.
set -u
W=$(realpath "$1")
HERE=$(cd "$(dirname "$0")/.." && pwd)
ok() { echo "PASS html/$1"; }
ko() { echo "FAIL html/$1: $2"; }
T=$(mktemp -d /tmp/wl-html.XXXXXX)
trap 'rm -rf "$T"' EXIT

cp -a "$HERE/cases/realistic-mixed/input" "$T/mixed"
(cd "$T/mixed" && NO_COLOR=1 "$W" scan --fail-on none -o "html:$T/mixed.html" . >/dev/null 2>&1)
[ -s "$T/mixed.html" ] && ok written || ko written "no report"

# self-contained: no script, nothing fetched, a CSP that forbids fetching
if grep -qi '<script\|<link\|<img\|<iframe\|<object\|@import\|url(\|src=' "$T/mixed.html"; then
  ko self-contained "the report loads or runs something"
elif ! grep -q "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'" "$T/mixed.html"; then
  ko self-contained "no strict CSP"
else
  ok self-contained
fi

# hostile names: markup, quotes, '&', non-UTF-8, RLO stay text
mkdir "$T/hostile"
(cd "$T/hostile" && bash "$HERE/cases/hostile-names/setup.sh") >/dev/null 2>&1
(cd "$T/hostile" && "$W" scan --fail-on none -o "html:$T/hostile.html" . >/dev/null 2>&1)
if msg=$(/usr/bin/python3 - "$T/hostile.html" 2>&1 <<'PY'
import sys
from html.parser import HTMLParser
ALLOWED = {"html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "p", "span", "code",
           "ul", "ol", "li", "b", "a", "section", "details", "summary", "table", "colgroup", "col", "thead",
           "tbody", "tr", "th", "td", "dl", "dt", "dd", "footer"}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
    def handle_starttag(self, tag, attrs):
        assert tag in ALLOWED, "unexpected element <%s>" % tag
        for k, v in attrs:
            assert not k.startswith("on"), "event handler attribute %s" % k
            if k == "href":
                assert v.startswith("#") or v.startswith("https://github.com/"), "href %s" % v
    def handle_data(self, d):
        self.text.append(d)
raw = open(sys.argv[1], "rb").read()
doc = raw.decode("utf-8")  # must be valid UTF-8 whatever the file names were
p = P(); p.feed(doc); p.close()
text = "".join(p.text)
for want in ["<img src=x onerror=alert(1)>.py", "a&b \"quoted\" 'single'.py", "bad\\xff\\xfename.py",
             "evil\\u{202e}gnp.py", "</td></tr><script>alert(2)</script>/serve.py", "<script>&\"x.system",
             "weights<b>.pkl", "evil.example/<i>img</i>:latest"]:
    assert want in text, "missing as text: %r" % want
assert "\u202e" not in doc, "raw RLO in the page"
PY
); then ok hostile-names-escaped; else ko hostile-names-escaped "$(echo "$msg" | tail -1)"; fi

# the browser
CHROME=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROME" ]; then
  echo "SKIP html/chromium: chromium is not installed (apt-get install chromium); the report was not opened in a browser"
  exit 0
fi
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --window-size=1400,2000)
timeout 120 "$CHROME" "${flags[@]}" --user-data-dir="$T/profile1" --screenshot="$T/shot.png" \
  "file://$T/mixed.html" >"$T/chrome1.log" 2>&1
if /usr/bin/python3 - "$T/shot.png" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read()
assert b[:8] == b"\x89PNG\r\n\x1a\n" and b[12:16] == b"IHDR"
w, h = struct.unpack(">II", b[16:24])
assert (w, h) == (1400, 2000), (w, h)
assert len(b) > 50000, len(b)  # a blank page of that size is a few KB
PY
then ok chromium-screenshot; else ko chromium-screenshot "no PNG of 1400x2000 with content ($(tail -1 "$T/chrome1.log"))"; fi
[ -n "${SCREENSHOT:-}" ] && [ -f "$T/shot.png" ] && cp "$T/shot.png" "$SCREENSHOT"

timeout 120 "$CHROME" "${flags[@]}" --user-data-dir="$T/profile2" --dump-dom "file://$T/mixed.html" \
  >"$T/dom.html" 2>"$T/chrome2.log"
if msg=$(/usr/bin/python3 - "$T/dom.html" "$HERE/cases/realistic-mixed/expected.sarif" 2>&1 <<'PY'
import json, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
nres = len(json.load(open(sys.argv[2]))["runs"][0]["results"])
boxes = re.findall(r'<li class="(error|warning|note|clean)" id="box-([a-z]+)">', dom)
assert [b[1] for b in boxes] == ["deps", "prep", "configs", "weights", "inference", "plugins", "ci"], boxes
want = {"deps": "warning", "prep": "clean", "configs": "warning", "weights": "error", "inference": "warning",
        "plugins": "clean", "ci": "error"}
assert dict((b[1], b[0]) for b in boxes) == want, boxes
for s in want:
    assert 'id="stage-%s"' % s in dom, s
rows = re.findall(r'<tr><td><span class="badge (error|warning|note)">', dom)
assert len(rows) == nres, "%d finding rows, expected %d (the case's SARIF results)" % (len(rows), nres)
for rid in ["WL101", "WL208", "WL209", "WL204", "WL206", "WL203", "WL402", "WL301", "WL501", "WL502", "WL503",
            "WL505", "WL506"]:
    assert ">%s</a>" % rid in dom, rid
assert "model.bin:1:1" in dom and "posix.system" in dom
PY
); then ok chromium-dom; else ko chromium-dom "$(echo "$msg" | tail -1)"; fi
