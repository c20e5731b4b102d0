# OSV's per-ecosystem export is a zip of JSON records: build one from tests/osv/db
python3 - "$(dirname "$0")/../../osv/db" ../PyPI-all.zip <<'PY'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(src)):
        zi = zipfile.ZipInfo(name, date_time=(2026, 11, 25, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, open(os.path.join(src, name), "rb").read())
PY
