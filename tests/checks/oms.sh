#!/usr/bin/env bash
# oms.sh BIN - `weaklink models`: OpenSSF Model Signing bundles. Every key and
# certificate fixture model_signing v0.3.1-v1.1.0 signed (tests/oms/mt)
# verifies; tampered, missing and extra files, a wrong key, a wrong hint, a
# bundle over other content and every vector of the OMS spec (tests/oms/spec)
# fail with their reason; sign -> verify round trips (P-256, P-384, shards,
# blake2b, certificate) and the bundles we write validate against the spec's
# JSON schemas. Prints PASS/FAIL lines. Needs openssl(1) and python3-jsonschema.
set -u
W=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ok() { echo "PASS oms/$1"; }
ko() { echo "FAIL oms/$1: $2"; }
HERE=$(cd "$(dirname "$0")/.." && pwd)
MT=$HERE/oms/mt
SPEC=$HERE/oms/spec
PUB=$MT/keys/certificate/signing-key-pub.pem
CA=$MT/keys/certificate/ca-cert.pem
T=$(mktemp -d /tmp/wl-oms.XXXXXX)
trap 'rm -rf "$T"' EXIT

# expect NAME RC PATTERN -- command...: exit status RC and PATTERN in the output
expect() {
  local name=$1 want=$2 pat=$3 rc
  shift 4
  "$@" >"$T/out" 2>&1
  rc=$?
  if [ "$rc" != "$want" ]; then
    ko "$name" "exit $rc, want $want: $(head -c 600 "$T/out")"
  elif [ -n "$pat" ] && ! grep -qE -- "$pat" "$T/out"; then
    ko "$name" "no /$pat/ in: $(head -c 600 "$T/out")"
  else
    ok "$name"
  fi
}

cd "$MT" || exit 1
# --- every fixture verifies, with the reference CLI's own arguments
expect verify-v0.3.1-key 0 '^verified' -- "$W" models verify key v0.3.1-elliptic-key/signme-1 \
  --signature v0.3.1-elliptic-key/model.sig --public_key "$PUB"
expect verify-v1.0.0-key 0 '^verified' -- "$W" models verify key v1.0.0-elliptic-key/signme-1 \
  --signature v1.0.0-elliptic-key/model.sig --public-key "$PUB"
for v in v1.0.1 v1.1.0; do
  expect verify-$v-key 0 '^verified' -- "$W" models verify key ./$v-elliptic-key \
    --ignore-paths ./$v-elliptic-key/ignore-me --signature ./$v-elliptic-key/model.sig --public-key "$PUB"
done
for v in v0.3.1 v1.0.0; do
  expect verify-$v-certificate 0 '^verified' -- "$W" models verify certificate $v-certificate \
    --signature $v-certificate/model.sig --certificate_chain "$CA"
done
for v in v1.0.1 v1.1.0; do
  expect verify-$v-certificate 0 '^verified' -- "$W" models verify certificate $v-certificate/ \
    --ignore-paths $v-certificate/ignore-me --signature $v-certificate/model.sig --certificate-chain "$CA"
done
# a legacy v0.2 bundle is refused with one clear reason
expect legacy-v0.2-refused 1 '^  - legacy model_signing v0.2 signature' -- "$W" models verify certificate \
  v0.2.0-certificate --signature v0.2.0-certificate/model.sig --certificate-chain "$CA"
[ "$(grep -c '^  - ' "$T/out")" = 1 ] && ok legacy-v0.2-one-reason || ko legacy-v0.2-one-reason "$(cat "$T/out")"
# v1.0.1 does not list ignore-me in the bundle: without --ignore-paths it is extra
expect extra-without-ignore-paths 1 'extra file not covered by the signature: ignore-me' -- \
  "$W" models verify key v1.0.1-elliptic-key --signature v1.0.1-elliptic-key/model.sig --public-key "$PUB"
expect ignore-unsigned-files 0 '^verified' -- "$W" models verify key v1.0.1-elliptic-key \
  --signature v1.0.1-elliptic-key/model.sig --public-key "$PUB" --ignore-unsigned-files
# v1.1.0 lists ignore-me in its ignore_paths: no --ignore-paths needed
expect bundle-ignore-paths 0 '^verified' -- "$W" models verify key v1.1.0-elliptic-key \
  --signature v1.1.0-elliptic-key/model.sig --public-key "$PUB"

# --- tampering, on a copy
cp -a "$MT/v1.1.0-elliptic-key" "$T/m"
SIG=$T/m/model.sig
printf 'X' | dd of="$T/m/signme-1" bs=1 seek=3 conv=notrunc 2>/dev/null
expect changed-file 1 '^  - changed file: signme-1 has sha256 [0-9a-f]{64}, the signature says bc9a717d' -- \
  "$W" models verify key "$T/m" --signature "$SIG" --public-key "$PUB"
cp "$MT/v1.1.0-elliptic-key/signme-1" "$T/m/signme-1"
mv "$T/m/signme-2" "$T/signme-2"
expect missing-file 1 'missing file: signme-2 is signed but not in the model' -- \
  "$W" models verify key "$T/m" --signature "$SIG" --public-key "$PUB"
mv "$T/signme-2" "$T/m/signme-2"
mkdir -p "$T/m/sub" && echo extra >"$T/m/sub/new.bin"
expect extra-file 1 'extra file not covered by the signature: sub/new.bin' -- \
  "$W" models verify key "$T/m" --signature "$SIG" --public-key "$PUB"
expect extra-file-ignored 0 '^verified' -- \
  "$W" models verify key "$T/m" --signature "$SIG" --public-key "$PUB" --ignore-paths "$T/m/sub"
rm -rf "$T/m/sub"
# git paths are left out unless asked
# (v1.0.1's bundle lists no ignore_paths of its own)
cp -a "$MT/v1.0.1-elliptic-key" "$T/g"
mkdir -p "$T/g/.git" && echo x >"$T/g/.git/HEAD" && echo '*.bin -text' >"$T/g/.gitattributes"
expect git-paths-ignored 0 '^verified' -- "$W" models verify key "$T/g" --signature "$T/g/model.sig" \
  --public-key "$PUB" --ignore-paths "$T/g/ignore-me"
expect no-ignore-git-paths 1 'extra file not covered by the signature: .git/HEAD' -- \
  "$W" models verify key "$T/g" --signature "$T/g/model.sig" --public-key "$PUB" --ignore-paths "$T/g/ignore-me" \
  --no-ignore-git-paths
# every reason is listed, not only the first
printf 'X' | dd of="$T/m/signme-1" bs=1 seek=0 conv=notrunc 2>/dev/null
echo new >"$T/m/new"
"$W" models verify key "$T/m" --signature "$SIG" --public-key "$PUB" >"$T/out" 2>&1
if [ $? = 1 ] && grep -q 'changed file: signme-1' "$T/out" && grep -q 'extra file.*: new' "$T/out"; then
  ok every-reason-listed; else ko every-reason-listed "$(cat "$T/out")"; fi
rm -f "$T/m/new"
cp "$MT/v1.1.0-elliptic-key/signme-1" "$T/m/signme-1"

# --- wrong key, wrong hint, bundle over other content, wrong media type
openssl ecparam -name prime256v1 -genkey -noout -out "$T/other.key" 2>/dev/null
openssl ec -in "$T/other.key" -pubout -out "$T/other.pub" 2>/dev/null
expect wrong-key 1 'key mismatch: the bundle.s key hint' -- \
  "$W" models verify key "$T/m" --signature "$SIG" --public-key "$T/other.pub"
grep -q 'invalid signature' "$T/out" && ok wrong-key-signature || ko wrong-key-signature "$(cat "$T/out")"
sed 's/"hint":"e8450dec/"hint":"00000000/' "$SIG" >"$T/hint.sig"
expect wrong-hint 1 'key mismatch' -- "$W" models verify key "$T/m" --signature "$T/hint.sig" --public-key "$PUB"
sed 's#bundle.v0.3+json#bundle.v9+json#' "$SIG" >"$T/media.sig"
expect wrong-media-type 1 "media type is 'application/vnd.dev.sigstore.bundle.v9\\+json'" -- \
  "$W" models verify key "$T/m" --signature "$T/media.sig" --public-key "$PUB"
sed 's#bundle.v0.3+json#bundle+json;version=0.2#' "$SIG" >"$T/media02.sig"
expect older-media-type 0 '^verified' -- "$W" models verify key "$T/m" --signature "$T/media02.sig" --public-key "$PUB"
expect bundle-over-other-content 1 'changed file: signme-1' -- "$W" models verify key \
  "$MT/v1.1.0-certificate" --signature "$SIG" --public-key "$PUB" --ignore-paths "$MT/v1.1.0-certificate/ignore-me"
expect method-mismatch 1 'signed by the key method, not with a certificate chain' -- \
  "$W" models verify certificate "$T/m" --signature "$SIG" --certificate-chain "$CA"
expect sigstore-note 1 'signed with Sigstore' -- "$W" models verify key "$MT/v1.1.0-sigstore" \
  --signature "$MT/v1.1.0-sigstore/model.sig" --public-key "$PUB"
# the older rawBytes key form, with another key
expect rawbytes-wrong-key 1 'key mismatch: the public key in the bundle' -- "$W" models verify key \
  v1.0.0-elliptic-key/signme-1 --signature v1.0.0-elliptic-key/model.sig --public-key "$T/other.pub"
# a tampered payload: the signature no longer matches
python3 - "$SIG" "$T/payload.sig" <<'EOF'
import base64, json, sys
b = json.load(open(sys.argv[1]))
p = base64.b64decode(b["dsseEnvelope"]["payload"]).replace(b'"signme-2"', b'"signme-3"')
b["dsseEnvelope"]["payload"] = base64.b64encode(p).decode()
json.dump(b, open(sys.argv[2], "w"))
EOF
expect tampered-payload 1 'invalid signature' -- "$W" models verify key "$T/m" --signature "$T/payload.sig" --public-key "$PUB"

# --- the spec's vectors (signed by the fixtures' key over the v1.1.0 model files)
mkdir -p "$T/vec" && cp "$MT/v1.1.0-elliptic-key/signme-1" "$MT/v1.1.0-elliptic-key/signme-2" "$T/vec/"
V=$SPEC/test-vectors/v1.0
expect vector-valid-key 0 '^verified' -- "$W" models verify key "$T/vec" --signature "$V/valid/key.bundle.json" --public-key "$PUB"
expect vector-valid-sigstore 1 'signed with Sigstore' -- "$W" models verify key "$T/vec" \
  --signature "$V/valid/sigstore.bundle.json" --public-key "$PUB"
expect vector-valid-certificate 1 'signed by the certificate method' -- "$W" models verify key "$T/vec" \
  --signature "$V/valid/certificate.bundle.json" --public-key "$PUB"
expect vector-invalid-empty 2 'malformed bundle: not a JSON document' -- "$W" models verify key "$T/vec" \
  --signature "$V/invalid/empty.bundle.json" --public-key "$PUB"
expect vector-invalid-missing-envelope 2 'malformed bundle: no dsseEnvelope' -- "$W" models verify key "$T/vec" \
  --signature "$V/invalid/missing-envelope.bundle.json" --public-key "$PUB"
expect vector-invalid-missing-tlog-entries 2 'malformed bundle: Sigstore bundle .* without tlogEntries' -- \
  "$W" models verify key "$T/vec" --signature "$V/invalid/missing-tlog-entries.bundle.json" --public-key "$PUB"
expect vector-invalid-missing-verification-material 2 'malformed bundle: no verificationMaterial' -- \
  "$W" models verify key "$T/vec" --signature "$V/invalid/missing-verification-material.bundle.json" --public-key "$PUB"
expect vector-invalid-payload-wrong-predicate 1 "predicateType is 'https://example.com/wrong-predicate/v1.0'" -- \
  "$W" models verify key "$T/vec" --signature "$V/invalid-payload/wrong-predicate.bundle.json" --public-key "$PUB"

# --- usage and unreadable input: exit 2
expect usage-no-signature 2 'signature is required' -- "$W" models verify key "$T/vec" --public-key "$PUB"
expect usage-no-key 2 'public-key is required' -- "$W" models verify key "$T/vec" --signature "$SIG"
expect usage-bad-mode 2 'usage:' -- "$W" models check key "$T/vec"
expect usage-bad-key 2 'not a PEM public key' -- "$W" models verify key "$T/vec" --signature "$SIG" --public-key "$SIG"
expect missing-model 2 'No such file' -- "$W" models verify key "$T/nothere" --signature "$SIG" --public-key "$PUB"

# --- sign -> verify round trips; the bundles validate against the spec's schemas
schema_check() {
  python3 - "$SPEC/schemas/v1.0" "$1" <<'EOF'
import base64, json, os, sys
from jsonschema import Draft202012Validator
d = sys.argv[1]
schemas = {n: json.load(open(os.path.join(d, n))) for n in os.listdir(d) if n.endswith(".json")}
try:
    from referencing import Registry, Resource
    reg = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    V = lambda s: Draft202012Validator(s, registry=reg)
except ImportError:  # Debian 12's python3-jsonschema 4.10 has no referencing: a RefResolver store
    from jsonschema import RefResolver
    store = {s["$id"]: s for s in schemas.values()}
    V = lambda s: Draft202012Validator(s, resolver=RefResolver.from_schema(s, store=store))
b = json.load(open(sys.argv[2]))
V(schemas["bundle.schema.json"]).validate(b)
st = json.loads(base64.b64decode(b["dsseEnvelope"]["payload"]))
V(schemas["statement.schema.json"]).validate(st)
V(schemas["predicate.schema.json"]).validate(st["predicate"])
EOF
}
mkdir -p "$T/model/sub"
head -c 100000 /dev/urandom >"$T/model/weights.bin"
echo '{"a": 1}' >"$T/model/config.json"
echo 'x' >"$T/model/sub/tok.txt"
: >"$T/model/empty"
for curve in prime256v1 secp384r1 secp521r1; do
  openssl ecparam -name $curve -genkey -noout -out "$T/$curve.key" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$T/$curve.key" -out "$T/$curve.p8" 2>/dev/null
  openssl ec -in "$T/$curve.key" -pubout -out "$T/$curve.pub" 2>/dev/null
  expect sign-$curve 0 '^signed' -- "$W" models sign key "$T/model" --private-key "$T/$curve.p8"
  expect roundtrip-$curve 0 '^verified' -- "$W" models verify key "$T/model" --signature "$T/model/model.sig" \
    --public-key "$T/$curve.pub"
  if schema_check "$T/model/model.sig" >"$T/out" 2>&1; then ok schema-$curve; else ko schema-$curve "$(tail -3 "$T/out")"; fi
done
# the statement is the reference's shape: ignore_paths recorded, resources sorted, hint = sha256(PEM)
python3 - "$T/model/model.sig" "$T/secp521r1.pub" <<'EOF' >"$T/out" 2>&1 && ok statement-shape || ko statement-shape "$(cat "$T/out")"
import base64, hashlib, json, subprocess, sys
b = json.load(open(sys.argv[1]))
st = json.loads(base64.b64decode(b["dsseEnvelope"]["payload"]))
names = [r["name"] for r in st["predicate"]["resources"]]
assert names == ["config.json", "empty", "sub/tok.txt", "weights.bin"], names
assert st["predicate"]["serialization"]["ignore_paths"] == [".git", ".gitattributes", ".github", ".gitignore", "model.sig"]
root = hashlib.sha256(b"".join(bytes.fromhex(r["digest"]) for r in st["predicate"]["resources"])).hexdigest()
assert st["subject"][0]["digest"]["sha256"] == root
pem = subprocess.run(["openssl", "ec", "-pubin", "-in", sys.argv[2], "-pubout"], capture_output=True).stdout
assert b["verificationMaterial"]["publicKey"]["hint"] == hashlib.sha256(pem).hexdigest()
assert b["verificationMaterial"]["tlogEntries"] == []
EOF
# the signature checks out with openssl(1) over the DSSE PAE, independently of weaklink
python3 - "$T/model/model.sig" "$T/pae" "$T/sig.der" <<'EOF'
import base64, json, sys
b = json.load(open(sys.argv[1]))
p = base64.b64decode(b["dsseEnvelope"]["payload"])
t = b["dsseEnvelope"]["payloadType"].encode()
open(sys.argv[2], "wb").write(b"DSSEv1 %d %s %d %s" % (len(t), t, len(p), p))
open(sys.argv[3], "wb").write(base64.b64decode(b["dsseEnvelope"]["signatures"][0]["sig"]))
EOF
openssl dgst -sha512 -verify "$T/secp521r1.pub" -signature "$T/sig.der" "$T/pae" >"$T/out" 2>&1 &&
  ok openssl-verifies-pae || ko openssl-verifies-pae "$(cat "$T/out")"
expect roundtrip-wrong-curve-key 1 'key mismatch' -- "$W" models verify key "$T/model" --signature "$T/model/model.sig" \
  --public-key "$T/prime256v1.pub"
# shards and blake2b
expect sign-shards 0 '^signed' -- "$W" models sign key "$T/model" --private-key "$T/secp384r1.key" \
  --shard-size 30000 --signature "$T/shards.sig"
expect roundtrip-shards 0 'key method, [0-9]+ shards' -- "$W" models verify key "$T/model" --signature "$T/shards.sig" --public-key "$T/secp384r1.pub"
python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(65000); c = f.read(1); f.seek(65000); f.write(bytes([c[0] ^ 0xff]))' "$T/model/weights.bin"
expect shards-changed 1 'changed file: weights.bin:60000:90000' -- "$W" models verify key "$T/model" \
  --signature "$T/shards.sig" --public-key "$T/secp384r1.pub"
expect sign-blake2b 0 '^signed' -- "$W" models sign key "$T/model" --private-key "$T/secp384r1.key" --hash blake2b
expect roundtrip-blake2b 0 '^verified' -- "$W" models verify key "$T/model" --signature "$T/model/model.sig" \
  --public-key "$T/secp384r1.pub"
if schema_check "$T/model/model.sig" >"$T/out" 2>&1; then ok schema-blake2b; else ko schema-blake2b "$(tail -3 "$T/out")"; fi
# a one-file model: resource ".", signature beside it
expect sign-one-file 0 'weights.bin.sig' -- "$W" models sign key "$T/model/weights.bin" --private-key "$T/secp384r1.key"
expect roundtrip-one-file 0 '^verified' -- "$W" models verify key "$T/model/weights.bin" \
  --signature "$T/model/weights.bin.sig" --public-key "$T/secp384r1.pub"
rm -f "$T/model/weights.bin.sig"
# a symlink fails unless allowed
ln -s weights.bin "$T/model/link.bin"
expect symlink-refused 2 'link.bin is a symbolic link' -- "$W" models sign key "$T/model" --private-key "$T/secp384r1.key"
rm -f "$T/model/link.bin"

# --- the certificate method: a CA, a leaf for signing, a leaf without digitalSignature
cat >"$T/ext.cnf" <<'EOF'
[ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
[leaf]
basicConstraints = CA:false
keyUsage = critical, digitalSignature
[leafcs]
basicConstraints = CA:false
extendedKeyUsage = codeSigning
[leafbad]
basicConstraints = CA:false
keyUsage = critical, keyEncipherment
EOF
openssl req -x509 -new -key "$T/secp384r1.key" -subj /CN=test-root -days 3650 -out "$T/ca.pem" \
  -config /dev/null -extensions ca -extfile "$T/ext.cnf" >/dev/null 2>&1 ||
  openssl req -x509 -new -key "$T/secp384r1.key" -subj /CN=test-root -days 3650 -out "$T/ca.pem" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign" >/dev/null 2>&1
for leaf in leaf leafcs leafbad; do
  openssl req -new -key "$T/prime256v1.key" -subj /CN=$leaf -out "$T/$leaf.csr" 2>/dev/null
  openssl x509 -req -in "$T/$leaf.csr" -CA "$T/ca.pem" -CAkey "$T/secp384r1.key" -CAcreateserial -days 365 \
    -extfile "$T/ext.cnf" -extensions $leaf -out "$T/$leaf.pem" 2>/dev/null
done
expect sign-certificate 0 '^signed' -- "$W" models sign certificate "$T/model" --private-key "$T/prime256v1.p8" \
  --signing-certificate "$T/leaf.pem" --certificate-chain "$T/ca.pem" --signature "$T/cert.sig"
expect roundtrip-certificate 0 'certificate method' -- "$W" models verify certificate "$T/model" \
  --signature "$T/cert.sig" --certificate-chain "$T/ca.pem"
if schema_check "$T/cert.sig" >"$T/out" 2>&1; then ok schema-certificate; else ko schema-certificate "$(tail -3 "$T/out")"; fi
expect certificate-untrusted-anchor 1 'certificate chain not trusted' -- "$W" models verify certificate "$T/model" \
  --signature "$T/cert.sig" --certificate-chain "$CA"
expect sign-certificate-codesigning 0 '^signed' -- "$W" models sign certificate "$T/model" --private-key "$T/prime256v1.p8" \
  --signing-certificate "$T/leafcs.pem" --signature "$T/certcs.sig"
expect roundtrip-certificate-codesigning 0 'certificate method' -- "$W" models verify certificate "$T/model" \
  --signature "$T/certcs.sig" --certificate-chain "$T/ca.pem"
expect sign-certificate-no-usage 0 '^signed' -- "$W" models sign certificate "$T/model" --private-key "$T/prime256v1.p8" \
  --signing-certificate "$T/leafbad.pem" --signature "$T/certbad.sig"
expect certificate-no-usage 1 'allows neither digitalSignature nor codeSigning' -- "$W" models verify certificate \
  "$T/model" --signature "$T/certbad.sig" --certificate-chain "$T/ca.pem"
expect sign-certificate-wrong-key 2 'does not certify the key' -- "$W" models sign certificate "$T/model" \
  --private-key "$T/secp521r1.key" --signing-certificate "$T/leaf.pem" --signature "$T/x.sig"

# --- scan: --trusted-key, and keys that cannot be read are exit 2
mkdir -p "$T/repo/models/m"
cp "$MT/v1.1.0-elliptic-key/signme-1" "$MT/v1.1.0-elliptic-key/signme-2" "$MT/v1.1.0-elliptic-key/model.sig" "$T/repo/models/m/"
expect scan-trusted-key 0 '^0 findings' -- "$W" scan --no-config --trusted-key "$PUB" "$T/repo"
expect scan-other-key 1 'WL700 .*not signed by a trusted key' -- "$W" scan --no-config --trusted-key "$T/other.pub" "$T/repo"
expect scan-no-key 0 'WL705' -- "$W" scan --no-config "$T/repo"
echo x >>"$T/repo/models/m/signme-2"
expect scan-changed 1 'WL701 .*file differs from the OMS model signature models/m/model.sig' -- \
  "$W" scan --no-config --trusted-key "$PUB" "$T/repo"
expect scan-bad-trusted-key 2 'trusted-key:.*not a readable PEM public key' -- \
  "$W" scan --no-config --trusted-key "$SIG" "$T/repo"
printf '[provenance]\ntrusted_keys = ["nothere.pem"]\n' >"$T/repo/.weaklink.toml"
expect scan-bad-config-key 2 'provenance.trusted_keys' -- "$W" scan "$T/repo"
printf '[provenance]\nrequire_signatures = "always"\n' >"$T/repo/.weaklink.toml"
expect scan-bad-require 2 'require_signatures' -- "$W" scan "$T/repo"
rm -f "$T/repo/.weaklink.toml"
# shards of a scan merge into the full scan's bytes (the verdicts join files)
mkdir -p "$T/srepo" && cp -a "$HERE/cases/provenance-file-changed/input/." "$T/srepo/"
for k in 1 2 3; do
  (cd "$T/srepo" && "$W" scan --fail-on none --shard "$k/3" -o sarif:"$T/s$k.sarif" . >/dev/null 2>&1)
done
(cd "$T/srepo" && "$W" scan --fail-on none -o sarif:"$T/full.sarif" . >/dev/null 2>&1)
"$W" merge -o "$T/merged.sarif" "$T/s1.sarif" "$T/s2.sarif" "$T/s3.sarif" 2>/dev/null
if cmp -s "$T/full.sarif" "$T/merged.sarif" && grep -q '"WL701"' "$T/merged.sarif"; then ok shards-merge; else
  ko shards-merge "merged SARIF differs from the full scan's"; fi

# the certificate method in a scan: [provenance] trusted_roots anchors the chain
mkdir -p "$T/crepo/m" "$T/crepo/keys"
cp "$MT/v1.1.0-certificate/signme-1" "$MT/v1.1.0-certificate/signme-2" "$MT/v1.1.0-certificate/model.sig" "$T/crepo/m/"
cp "$CA" "$T/crepo/keys/ca.pem"
printf '[provenance]\ntrusted_roots = ["keys/ca.pem"]\n' >"$T/crepo/.weaklink.toml"
expect scan-trusted-root 0 '^0 findings' -- "$W" scan "$T/crepo"
cp "$T/ca.pem" "$T/crepo/keys/ca.pem"
expect scan-untrusted-root 1 'WL700 .*certificate chain not trusted' -- "$W" scan "$T/crepo"
printf '[provenance]\ntrusted_keys = ["keys/ca.pem"]\n' >"$T/crepo/.weaklink.toml"
expect scan-certificate-as-key 2 'provenance.trusted_keys' -- "$W" scan "$T/crepo"
expect scan-certificate-without-roots 1 'WL700 .*no \[provenance\] trusted_roots anchor it' -- \
  "$W" scan --no-config --trusted-key "$PUB" "$T/crepo"

# --- digest: the root digest model_signing's `digest` prints
expect digest 0 '^sha256:92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4$' -- \
  "$W" models digest "$T/vec"
exit 0
