/*
 * oms.c - OpenSSF Model Signing bundles (see oms.h). The order of the checks
 * and the shape of what is written follow the reference implementation,
 * sigstore/model-transparency (model_signing 1.x), so that a model signed by
 * either verifies with the other.
 */
#include "oms.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <time.h>

#include "util.h"

/* -------------------------------------------------------------- reasons */

void wl_oms_reason(struct wl_oms_reasons *r, const char *fmt, ...)
{
	va_list ap;
	r->v = wl_grow(r->v, &r->alloc, r->n + 1, sizeof *r->v);
	va_start(ap, fmt);
	r->v[r->n++] = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
}

void wl_oms_reasons_free(struct wl_oms_reasons *r)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		free(r->v[i]);
	free(r->v);
	memset(r, 0, sizeof *r);
}

const char *wl_oms_method_name(enum wl_oms_method m)
{
	switch (m) {
	case WL_OMS_KEY: return "key";
	case WL_OMS_CERT: return "certificate";
	case WL_OMS_SIGSTORE: return "sigstore";
	}
	return "?";
}

/* --------------------------------------------------------------- base64 */

int wl_oms_b64decode(const char *s, unsigned char **out, size_t *out_len)
{
	size_t n = strlen(s), i, m = 0, pad = 0;
	char *norm;
	unsigned char *buf;
	int got;
	norm = wl_malloc(n + 4);
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '-')
			c = '+';
		else if (c == '_')
			c = '/';
		if (c == '=') {
			/* padding only at the end */
			size_t j;
			for (j = i; j < n; j++)
				if (s[j] != '=')
					goto bad;
			break;
		}
		if (!(isalnum((unsigned char)c) || c == '+' || c == '/'))
			goto bad;
		norm[m++] = c;
	}
	if (m % 4 == 1)
		goto bad;
	while (m % 4) {
		norm[m++] = '=';
		pad++;
	}
	norm[m] = 0;
	/* count the padding the decoder will turn into zero bytes */
	pad = 0;
	if (m >= 1 && norm[m - 1] == '=')
		pad++;
	if (m >= 2 && norm[m - 2] == '=')
		pad++;
	buf = wl_malloc(m / 4 * 3 + 1);
	got = m ? EVP_DecodeBlock(buf, (const unsigned char *)norm, (int)m) : 0;
	free(norm);
	if (got < 0 || (size_t)got < pad) {
		free(buf);
		return -1;
	}
	*out = buf;
	*out_len = (size_t)got - pad;
	return 0;
bad:
	free(norm);
	return -1;
}

char *wl_oms_b64encode(const unsigned char *data, size_t n)
{
	char *out = wl_malloc((n + 2) / 3 * 4 + 1);
	size_t off = 0, o = 0;
	/* EVP_EncodeBlock takes an int: feed it in multiples of 3 bytes */
	while (off < n) {
		size_t chunk = n - off > (1u << 30) ? (1u << 30) : n - off;
		o += (size_t)EVP_EncodeBlock((unsigned char *)out + o, data + off, (int)chunk);
		off += chunk;
	}
	out[o] = 0;
	return out;
}

/* ---------------------------------------------------------------- parse */

int wl_oms_sniff(const unsigned char *data, size_t n)
{
	size_t lim = n < 4096 ? n : 4096;
	const char *needle = "application/vnd.dev.sigstore.bundle";
	size_t nl = strlen(needle), i;
	size_t k = 0;
	while (k < lim && isspace(data[k]))
		k++;
	if (k >= lim || data[k] != '{')
		return 0;
	for (i = k; i + nl <= lim; i++)
		if (data[i] == 'a' && !memcmp(data + i, needle, nl))
			return 1;
	return 0;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int fail(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(char **err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	*err = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	return -1;
}

static int add_cert(struct wl_oms_bundle *b, const cJSON *c, char **err)
{
	const char *raw = jstr(c, "rawBytes");
	unsigned char *der;
	size_t len;
	if (!raw || !*raw)
		return fail(err, "a certificate has no rawBytes");
	if (wl_oms_b64decode(raw, &der, &len))
		return fail(err, "a certificate's rawBytes is not base64");
	b->certs = wl_realloc(b->certs, (b->ncerts + 1) * sizeof *b->certs);
	b->cert_lens = wl_realloc(b->cert_lens, (b->ncerts + 1) * sizeof *b->cert_lens);
	b->certs[b->ncerts] = der;
	b->cert_lens[b->ncerts++] = len;
	return 0;
}

int wl_oms_parse(const unsigned char *data, size_t n, struct wl_oms_bundle **out, char **err)
{
	cJSON *root, *vm, *env, *x, *sigs, *s0;
	struct wl_oms_bundle *b;
	const char *p;
	int rc = -1;
	*out = NULL;
	*err = NULL;
	if (n > WL_OMS_MAX_BUNDLE)
		return fail(err, "bundle larger than %u MB", WL_OMS_MAX_BUNDLE >> 20);
	root = cJSON_ParseWithLength((const char *)data, n);
	if (!root)
		return fail(err, "not a JSON document");
	b = wl_calloc(1, sizeof *b);
	if (!cJSON_IsObject(root)) {
		fail(err, "not a JSON object");
		goto out;
	}
	if ((p = jstr(root, "mediaType")))
		b->media_type = wl_strdup(p);
	vm = cJSON_GetObjectItemCaseSensitive(root, "verificationMaterial");
	if (!cJSON_IsObject(vm)) {
		fail(err, "no verificationMaterial (a Sigstore bundle carries the key, certificate chain or certificate there)");
		goto out;
	}
	x = cJSON_GetObjectItemCaseSensitive(vm, "tlogEntries");
	if (cJSON_IsArray(x))
		b->ntlog = (size_t)cJSON_GetArraySize(x);
	if (cJSON_IsObject(x = cJSON_GetObjectItemCaseSensitive(vm, "publicKey"))) {
		b->method = WL_OMS_KEY;
		if ((p = jstr(x, "hint")) && *p)
			b->hint = wl_strdup(p);
		if ((p = jstr(x, "rawBytes")) && *p &&
		    wl_oms_b64decode(p, &b->raw_key, &b->raw_key_len)) {
			fail(err, "verificationMaterial.publicKey.rawBytes is not base64");
			goto out;
		}
	} else if (cJSON_IsObject(x = cJSON_GetObjectItemCaseSensitive(vm, "x509CertificateChain"))) {
		const cJSON *c, *certs = cJSON_GetObjectItemCaseSensitive(x, "certificates");
		b->method = WL_OMS_CERT;
		if (!cJSON_IsArray(certs) || cJSON_GetArraySize(certs) < 1) {
			fail(err, "x509CertificateChain has no certificates");
			goto out;
		}
		cJSON_ArrayForEach(c, certs)
			if (add_cert(b, c, err))
				goto out;
	} else if (cJSON_IsObject(x = cJSON_GetObjectItemCaseSensitive(vm, "certificate"))) {
		b->method = WL_OMS_SIGSTORE;
		if (add_cert(b, x, err))
			goto out;
		if (!b->ntlog) {
			fail(err, "Sigstore bundle (Fulcio certificate) without tlogEntries: the transparency log entry is required");
			goto out;
		}
	} else {
		fail(err, "verificationMaterial has no publicKey, x509CertificateChain or certificate");
		goto out;
	}
	env = cJSON_GetObjectItemCaseSensitive(root, "dsseEnvelope");
	if (!cJSON_IsObject(env)) {
		if (cJSON_GetObjectItemCaseSensitive(root, "messageSignature"))
			fail(err, "the bundle signs a message digest, not a DSSE envelope: not an OMS model signature");
		else
			fail(err, "no dsseEnvelope");
		goto out;
	}
	if (!(p = jstr(env, "payload"))) {
		fail(err, "dsseEnvelope has no payload");
		goto out;
	}
	if (wl_oms_b64decode(p, &b->payload, &b->payload_len)) {
		fail(err, "dsseEnvelope.payload is not base64");
		goto out;
	}
	if ((p = jstr(env, "payloadType")))
		b->payload_type = wl_strdup(p);
	sigs = cJSON_GetObjectItemCaseSensitive(env, "signatures");
	if (!cJSON_IsArray(sigs) || !(s0 = cJSON_GetArrayItem(sigs, 0))) {
		fail(err, "dsseEnvelope has no signatures");
		goto out;
	}
	b->nsigs = (size_t)cJSON_GetArraySize(sigs);
	if (!(p = jstr(s0, "sig")) || !*p || wl_oms_b64decode(p, &b->sig, &b->sig_len)) {
		fail(err, "dsseEnvelope.signatures[0].sig is missing or not base64");
		goto out;
	}
	rc = 0;
out:
	cJSON_Delete(root);
	if (rc)
		wl_oms_free(b);
	else
		*out = b;
	return rc;
}

void wl_oms_free(struct wl_oms_bundle *b)
{
	size_t i;
	if (!b)
		return;
	free(b->media_type);
	free(b->hint);
	free(b->raw_key);
	for (i = 0; i < b->ncerts; i++)
		free(b->certs[i]);
	free(b->certs);
	free(b->cert_lens);
	free(b->payload_type);
	free(b->payload);
	free(b->sig);
	free(b->model_name);
	free(b->ser_method);
	free(b->hash_type);
	for (i = 0; i < b->nignore; i++)
		free(b->ignore_paths[i]);
	free(b->ignore_paths);
	for (i = 0; i < b->nitems; i++) {
		free(b->items[i].name);
		free(b->items[i].algorithm);
	}
	free(b->items);
	free(b);
}

/* --------------------------------------------------------------- checks */

int wl_oms_check_media_type(const struct wl_oms_bundle *b, struct wl_oms_reasons *r)
{
	const char *m = b->media_type;
	if (!m) {
		wl_oms_reason(r, "bundle has no mediaType (expected %s)", WL_OMS_MEDIA_TYPE);
		return -1;
	}
	if (!strcmp(m, WL_OMS_MEDIA_TYPE))
		return 0;
	/* the older spellings: application/vnd.dev.sigstore.bundle+json;version=0.x */
	if (wl_starts_with(m, "application/vnd.dev.sigstore.bundle+json;version=0."))
		return 0;
	wl_oms_reason(r, "bundle media type is '%s', expected %s", m, WL_OMS_MEDIA_TYPE);
	return -1;
}

const EVP_MD *wl_oms_key_md(EVP_PKEY *pub, const char **why)
{
	char group[64];
	size_t len = 0;
	if (EVP_PKEY_get_base_id(pub) != EVP_PKEY_EC) {
		*why = "only elliptic-curve keys are supported (P-256, P-384, P-521)";
		return NULL;
	}
	if (!EVP_PKEY_get_utf8_string_param(pub, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len)) {
		*why = "the key's curve cannot be read";
		return NULL;
	}
	if (!strcmp(group, "prime256v1") || !strcmp(group, "P-256"))
		return EVP_sha256();
	if (!strcmp(group, "secp384r1") || !strcmp(group, "P-384"))
		return EVP_sha384();
	if (!strcmp(group, "secp521r1") || !strcmp(group, "P-521"))
		return EVP_sha512();
	*why = "unsupported curve (OMS keys are P-256, P-384 or P-521)";
	return NULL;
}

int wl_oms_key_hint(EVP_PKEY *pub, char out[65])
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *pem;
	long len;
	if (!bio || !PEM_write_bio_PUBKEY(bio, pub)) {
		BIO_free(bio);
		return -1;
	}
	len = BIO_get_mem_data(bio, &pem);
	wl_sha256_hex(pem, (size_t)len, out);
	BIO_free(bio);
	return 0;
}

int wl_oms_check_hint(const struct wl_oms_bundle *b, EVP_PKEY *pub, struct wl_oms_reasons *r)
{
	char hint[65];
	if (b->method != WL_OMS_KEY) {
		wl_oms_reason(r, "bundle is signed by the %s method, not with a public key", wl_oms_method_name(b->method));
		return -1;
	}
	if (b->hint) {
		if (wl_oms_key_hint(pub, hint)) {
			wl_oms_reason(r, "cannot compute the public key's hint");
			return -1;
		}
		if (strcasecmp(hint, b->hint)) {
			wl_oms_reason(r, "key mismatch: the bundle's key hint %s is not the given public key's (%s)",
				      b->hint, hint);
			return -1;
		}
		return 0;
	}
	if (b->raw_key) {
		/* the older form: the signer's public key PEM in rawBytes */
		BIO *bio = BIO_new_mem_buf(b->raw_key, (int)b->raw_key_len);
		EVP_PKEY *k = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
		int eq = k && EVP_PKEY_eq(k, pub) == 1;
		EVP_PKEY_free(k);
		BIO_free(bio);
		if (!eq) {
			wl_oms_reason(r, "key mismatch: the public key in the bundle (publicKey.rawBytes) is not the given one");
			return -1;
		}
	}
	/* neither: the reference accepts it with a warning; the signature decides */
	return 0;
}

unsigned char *wl_oms_pae(const unsigned char *payload, size_t n, size_t *out_len)
{
	char head[160];
	int h = snprintf(head, sizeof head, "DSSEv1 %zu %s %zu ", strlen(WL_OMS_PAYLOAD_TYPE),
			 WL_OMS_PAYLOAD_TYPE, n);
	unsigned char *out = wl_malloc((size_t)h + n + 1);
	memcpy(out, head, (size_t)h);
	if (n)
		memcpy(out + h, payload, n);
	*out_len = (size_t)h + n;
	return out;
}

int wl_oms_check_signature(const struct wl_oms_bundle *b, EVP_PKEY *pub, struct wl_oms_reasons *r)
{
	const char *why = NULL;
	const EVP_MD *md = wl_oms_key_md(pub, &why);
	EVP_MD_CTX *ctx;
	unsigned char *pae;
	size_t pae_len;
	int ok;
	if (!md) {
		wl_oms_reason(r, "signature not checked: %s", why);
		return -1;
	}
	pae = wl_oms_pae(b->payload, b->payload_len, &pae_len);
	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, pub) == 1 &&
	     EVP_DigestVerify(ctx, b->sig, b->sig_len, pae, pae_len) == 1;
	EVP_MD_CTX_free(ctx);
	free(pae);
	if (!ok) {
		wl_oms_reason(r, "invalid signature: the DSSE envelope was not signed by this key (or was changed after signing)");
		return -1;
	}
	if (b->nsigs > 1)
		wl_oms_reason(r, "the envelope has %zu signatures; OMS bundles carry one", b->nsigs);
	return b->nsigs > 1 ? -1 : 0;
}

static int is_hex(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (wl_hexval((unsigned char)*s) < 0)
			return 0;
	return 1;
}

int wl_oms_root_digest(const struct wl_oms_item *items, size_t n, char out[65])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE], raw[64];
	unsigned int len = 0, k;
	size_t i, j, hl;
	int rc = -1;
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		goto out;
	for (i = 0; i < n; i++) {
		hl = strlen(items[i].hex);
		if (hl % 2 || hl / 2 > sizeof raw || !is_hex(items[i].hex))
			goto out;
		for (j = 0; j < hl / 2; j++)
			raw[j] = (unsigned char)(wl_hexval(items[i].hex[2 * j]) << 4 | wl_hexval(items[i].hex[2 * j + 1]));
		if (!EVP_DigestUpdate(ctx, raw, hl / 2))
			goto out;
	}
	if (!EVP_DigestFinal_ex(ctx, md, &len))
		goto out;
	for (k = 0; k < len; k++)
		snprintf(out + 2 * k, 3, "%02x", md[k]);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;
	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return (*end || errno) ? -1 : 0;
}

/* name "path:start:end" -> path length, start, end (path may hold ':') */
static int shard_split(const char *name, size_t *plen, uint64_t *start, uint64_t *end)
{
	const char *c2 = strrchr(name, ':'), *c1;
	char tmp[32];
	size_t l;
	if (!c2 || c2 == name)
		return -1;
	for (c1 = c2 - 1; c1 > name && *c1 != ':'; c1--)
		;
	if (*c1 != ':' || c1 == name)
		return -1;
	l = (size_t)(c2 - c1 - 1);
	if (!l || l >= sizeof tmp)
		return -1;
	memcpy(tmp, c1 + 1, l);
	tmp[l] = 0;
	if (parse_u64(tmp, start) || parse_u64(c2 + 1, end) || *end <= *start)
		return -1;
	*plen = (size_t)(c1 - name);
	return 0;
}

int wl_oms_is_legacy(const struct wl_oms_bundle *b)
{
	cJSON *st = cJSON_ParseWithLength((const char *)b->payload, b->payload_len);
	const char *p = cJSON_IsObject(st) ? jstr(st, "predicateType") : NULL;
	int legacy = p && !strcmp(p, WL_OMS_PREDICATE_V02);
	cJSON_Delete(st);
	return legacy;
}

int wl_oms_check_statement(struct wl_oms_bundle *b, struct wl_oms_reasons *r)
{
	cJSON *st, *subj, *s0, *pred, *ser, *res, *x;
	const char *p, *digest;
	size_t before = r->n;
	char root[65];
	if (!b->payload_type || strcmp(b->payload_type, WL_OMS_PAYLOAD_TYPE))
		wl_oms_reason(r, "payloadType is '%s', expected %s", b->payload_type ? b->payload_type : "(none)",
			      WL_OMS_PAYLOAD_TYPE);
	st = cJSON_ParseWithLength((const char *)b->payload, b->payload_len);
	if (!cJSON_IsObject(st)) {
		wl_oms_reason(r, "the signed payload is not a JSON object");
		cJSON_Delete(st);
		return -1;
	}
	p = jstr(st, "_type");
	if (!p || strcmp(p, WL_OMS_STATEMENT_TYPE))
		wl_oms_reason(r, "statement _type is '%s', expected %s", p ? p : "(none)", WL_OMS_STATEMENT_TYPE);
	p = jstr(st, "predicateType");
	if (p && !strcmp(p, WL_OMS_PREDICATE_V02)) {
		wl_oms_reason(r, "%s", WL_OMS_LEGACY_REASON);
		goto fail;
	}
	if (!p || strcmp(p, WL_OMS_PREDICATE_TYPE)) {
		wl_oms_reason(r, "predicateType is '%s', expected %s", p ? p : "(none)", WL_OMS_PREDICATE_TYPE);
		goto fail;
	}
	subj = cJSON_GetObjectItemCaseSensitive(st, "subject");
	if (!cJSON_IsArray(subj) || cJSON_GetArraySize(subj) != 1) {
		wl_oms_reason(r, "the statement must have exactly one subject, it has %d",
			      cJSON_IsArray(subj) ? cJSON_GetArraySize(subj) : 0);
		goto fail;
	}
	s0 = cJSON_GetArrayItem(subj, 0);
	p = jstr(s0, "name");
	b->model_name = wl_strdup(p ? p : "");
	digest = jstr(cJSON_GetObjectItemCaseSensitive(s0, "digest"), "sha256");
	if (!digest || strlen(digest) != 64 || !is_hex(digest)) {
		wl_oms_reason(r, "the subject has no sha256 root digest");
		goto fail;
	}
	for (size_t i = 0; i < 64; i++)
		b->root_hex[i] = (char)tolower((unsigned char)digest[i]);
	pred = cJSON_GetObjectItemCaseSensitive(st, "predicate");
	ser = cJSON_GetObjectItemCaseSensitive(pred, "serialization");
	res = cJSON_GetObjectItemCaseSensitive(pred, "resources");
	if (!cJSON_IsObject(ser) || !cJSON_IsArray(res)) {
		wl_oms_reason(r, "the predicate has no serialization or no resources");
		goto fail;
	}
	p = jstr(ser, "method");
	if (!p || (strcmp(p, "files") && strcmp(p, "shards"))) {
		wl_oms_reason(r, "unknown serialization method '%s' (files and shards are supported)", p ? p : "(none)");
		goto fail;
	}
	b->ser_method = wl_strdup(p);
	p = jstr(ser, "hash_type");
	if (!p || (strcmp(p, "sha256") && strcmp(p, "blake2b"))) {
		wl_oms_reason(r, "hash_type '%s' is not supported (sha256 and blake2b are)", p ? p : "(none)");
		goto fail;
	}
	b->hash_type = wl_strdup(p);
	x = cJSON_GetObjectItemCaseSensitive(ser, "allow_symlinks");
	b->allow_symlinks = cJSON_IsTrue(x);
	if (!strcmp(b->ser_method, "shards")) {
		x = cJSON_GetObjectItemCaseSensitive(ser, "shard_size");
		if (!cJSON_IsNumber(x) || x->valuedouble < 1 || x->valuedouble > 9.0e15 ||
		    x->valuedouble != (double)(uint64_t)x->valuedouble) {
			wl_oms_reason(r, "shards serialization without a positive integer shard_size");
			goto fail;
		}
		b->shard_size = (uint64_t)x->valuedouble;
	}
	x = cJSON_GetObjectItemCaseSensitive(ser, "ignore_paths");
	if (cJSON_IsArray(x)) {
		const cJSON *e;
		cJSON_ArrayForEach(e, x) {
			if (!cJSON_IsString(e))
				continue;
			b->ignore_paths = wl_realloc(b->ignore_paths, (b->nignore + 1) * sizeof *b->ignore_paths);
			b->ignore_paths[b->nignore++] = wl_strdup(e->valuestring);
		}
	}
	{
		const cJSON *e;
		size_t n = (size_t)cJSON_GetArraySize(res), i = 0;
		b->items = wl_calloc(n ? n : 1, sizeof *b->items);
		cJSON_ArrayForEach(e, res) {
			const char *name = jstr(e, "name"), *alg = jstr(e, "algorithm"), *dg = jstr(e, "digest");
			size_t dl, k;
			if (!name || !*name || !alg || !dg) {
				wl_oms_reason(r, "resource %zu lacks a name, algorithm or digest", i + 1);
				goto fail;
			}
			dl = strlen(dg);
			if (dl % 2 || dl > 128 || !is_hex(dg)) {
				wl_oms_reason(r, "resource '%s' has a digest that is not hex", name);
				goto fail;
			}
			if (strcmp(alg, b->hash_type) && !(wl_starts_with(alg, b->hash_type) &&
							   wl_starts_with(alg + strlen(b->hash_type), "-sharded-"))) {
				wl_oms_reason(r, "resource '%s' is hashed with %s, the serialization says %s", name, alg,
					      b->hash_type);
				goto fail;
			}
			if (!strcmp(b->ser_method, "shards")) {
				size_t pl;
				uint64_t s, en;
				if (shard_split(name, &pl, &s, &en)) {
					wl_oms_reason(r, "shard resource '%s' is not path:start:end", name);
					goto fail;
				}
			}
			b->items[i].name = wl_strdup(name);
			b->items[i].algorithm = wl_strdup(alg);
			for (k = 0; k <= dl; k++)
				b->items[i].hex[k] = (char)tolower((unsigned char)dg[k]);
			b->nitems = ++i;
		}
	}
	if (wl_oms_root_digest(b->items, b->nitems, root)) {
		wl_oms_reason(r, "cannot compute the root digest");
		goto fail;
	}
	if (strcmp(root, b->root_hex)) {
		wl_oms_reason(r, "manifest inconsistent: the subject's root digest is %s, the resources hash to %s",
			      b->root_hex, root);
		goto fail;
	}
	cJSON_Delete(st);
	b->statement_ok = 1;
	return r->n > before ? -1 : 0;
fail:
	cJSON_Delete(st);
	return -1;
}

/* ------------------------------------------------------- certificates */

/*
 * The certificate method: the bundle's chain (leaf first) against the
 * anchors, at the leaf's notBefore; the leaf must allow digitalSignature or
 * codeSigning. Returns the leaf's public key (owned by the caller) or NULL
 * with a reason.
 */
EVP_PKEY *wl_oms_check_chain(const struct wl_oms_bundle *b, const STACK_OF(X509) *anchors, struct wl_oms_reasons *r)
{
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	X509 *leaf = NULL;
	EVP_PKEY *pub = NULL;
	struct tm tm;
	size_t i;
	int j, ok = 0;
	uint32_t flags;
	for (j = 0; j < sk_X509_num(anchors); j++)
		X509_STORE_add_cert(store, sk_X509_value(anchors, j));
	for (i = 0; i < b->ncerts; i++) {
		const unsigned char *p = b->certs[i];
		X509 *x = d2i_X509(NULL, &p, (long)b->cert_lens[i]);
		if (!x) {
			wl_oms_reason(r, "certificate %zu of the bundle's chain is not DER X.509", i + 1);
			goto out;
		}
		if (!i)
			leaf = x;
		else
			sk_X509_push(untrusted, x);
	}
	if (!leaf)
		goto out;
	if (!ASN1_TIME_to_tm(X509_get0_notBefore(leaf), &tm)) {
		wl_oms_reason(r, "the signing certificate's notBefore cannot be read");
		goto out;
	}
	X509_STORE_CTX_init(ctx, store, leaf, untrusted);
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx), timegm(&tm));
	if (X509_verify_cert(ctx) != 1) {
		wl_oms_reason(r, "certificate chain not trusted: %s",
			      X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
		goto out;
	}
	flags = X509_get_extension_flags(leaf);
	if ((flags & EXFLAG_KUSAGE) && (X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE))
		ok = 1;
	if (!ok && (flags & EXFLAG_XKUSAGE) && (X509_get_extended_key_usage(leaf) & XKU_CODE_SIGN))
		ok = 1;
	if (!ok) {
		wl_oms_reason(r, "the signing certificate allows neither digitalSignature nor codeSigning");
		goto out;
	}
	pub = X509_get_pubkey(leaf);
out:
	X509_free(leaf);
	sk_X509_pop_free(untrusted, X509_free);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return pub;
}

/* ---------------------------------------------------------------- order */

/* Component-wise path order (pathlib's): '/' sorts below every other byte,
 * and a path sorts before the longer paths under it. */
static int path_cmp_n(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0;
	for (;; i++) {
		int ca, cb;
		if (i == an && i == bn)
			return 0;
		if (i == an)
			return -1;
		if (i == bn)
			return 1;
		ca = a[i] == '/' ? -1 : (unsigned char)a[i];
		cb = b[i] == '/' ? -1 : (unsigned char)b[i];
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
}

static int cmp_files(const void *x, const void *y)
{
	const struct wl_oms_item *a = x, *b = y;
	return path_cmp_n(a->name, strlen(a->name), b->name, strlen(b->name));
}

static int cmp_shards(const void *x, const void *y)
{
	const struct wl_oms_item *a = x, *b = y;
	size_t pa, pb;
	uint64_t sa, ea, sb, eb;
	int c;
	if (shard_split(a->name, &pa, &sa, &ea) || shard_split(b->name, &pb, &sb, &eb))
		return strcmp(a->name, b->name);
	c = path_cmp_n(a->name, pa, b->name, pb);
	if (c)
		return c;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return ea < eb ? -1 : ea > eb;
}

void wl_oms_sort_items(struct wl_oms_item *items, size_t n, int shards)
{
	if (n > 1)
		qsort(items, n, sizeof *items, shards ? cmp_shards : cmp_files);
}

static int cmp_name(const void *x, const void *y)
{
	const struct wl_oms_item *const *a = x, *const *b = y;
	return strcmp((*a)->name, (*b)->name);
}

const struct wl_oms_item *wl_oms_find(const struct wl_oms_bundle *b, const char *name)
{
	size_t i;
	for (i = 0; i < b->nitems; i++)
		if (!strcmp(b->items[i].name, name))
			return &b->items[i];
	return NULL;
}

int wl_oms_compare(const struct wl_oms_bundle *b, const struct wl_oms_item *actual, size_t nactual,
		   int ignore_unsigned, struct wl_oms_reasons *r)
{
	const struct wl_oms_item **sa = wl_calloc(b->nitems + 1, sizeof *sa);
	const struct wl_oms_item **aa = wl_calloc(nactual + 1, sizeof *aa);
	size_t i = 0, j = 0, before = r->n;
	for (i = 0; i < b->nitems; i++)
		sa[i] = &b->items[i];
	for (i = 0; i < nactual; i++)
		aa[i] = &actual[i];
	qsort(sa, b->nitems, sizeof *sa, cmp_name);
	qsort(aa, nactual, sizeof *aa, cmp_name);
	for (i = 1; i < b->nitems; i++)
		if (!strcmp(sa[i]->name, sa[i - 1]->name))
			wl_oms_reason(r, "the manifest names '%s' twice", sa[i]->name);
	/* extra, then missing, then changed (the reference's order) */
	for (i = 0, j = 0; j < nactual;) {
		int c = i < b->nitems ? strcmp(sa[i]->name, aa[j]->name) : 1;
		if (c == 0) {
			i++, j++;
		} else if (c < 0) {
			i++;
		} else {
			if (!ignore_unsigned)
				wl_oms_reason(r, "extra file not covered by the signature: %s", aa[j]->name);
			j++;
		}
	}
	for (i = 0, j = 0; i < b->nitems;) {
		int c = j < nactual ? strcmp(sa[i]->name, aa[j]->name) : -1;
		if (c == 0) {
			i++, j++;
		} else if (c > 0) {
			j++;
		} else {
			wl_oms_reason(r, "missing file: %s is signed but not in the model", sa[i]->name);
			i++;
		}
	}
	for (i = 0, j = 0; i < b->nitems && j < nactual;) {
		int c = strcmp(sa[i]->name, aa[j]->name);
		if (c == 0) {
			if (strcmp(sa[i]->hex, aa[j]->hex))
				wl_oms_reason(r, "changed file: %s has %s %s, the signature says %s", aa[j]->name,
					      b->hash_type ? b->hash_type : "digest", aa[j]->hex, sa[i]->hex);
			i++, j++;
		} else if (c < 0) {
			i++;
		} else {
			j++;
		}
	}
	free(sa);
	free(aa);
	return r->n > before ? -1 : 0;
}

int wl_oms_path_ignored(const char *rel, char *const *paths, size_t npaths)
{
	size_t i;
	for (i = 0; i < npaths; i++) {
		const char *p = paths[i];
		size_t l;
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		l = strlen(p);
		while (l > 1 && p[l - 1] == '/')
			l--;
		if (!l)
			continue;
		if (l == 1 && p[0] == '.')
			return 1;
		if (!strncmp(rel, p, l) && (rel[l] == 0 || rel[l] == '/'))
			return 1;
	}
	return 0;
}

/* ---------------------------------------------------------------- write */

/* A JSON string as Python's json.dumps(ensure_ascii=False) writes it. */
static void put_str(struct wl_buf *o, const char *s)
{
	wl_buf_addch(o, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '"': wl_buf_addstr(o, "\\\""); break;
		case '\\': wl_buf_addstr(o, "\\\\"); break;
		case '\n': wl_buf_addstr(o, "\\n"); break;
		case '\r': wl_buf_addstr(o, "\\r"); break;
		case '\t': wl_buf_addstr(o, "\\t"); break;
		case '\b': wl_buf_addstr(o, "\\b"); break;
		case '\f': wl_buf_addstr(o, "\\f"); break;
		default:
			if (c < 0x20)
				wl_buf_addf(o, "\\u%04x", c);
			else
				wl_buf_addch(o, (char)c);
		}
	}
	wl_buf_addch(o, '"');
}

static void ind(struct wl_buf *o, int n)
{
	wl_buf_addch(o, '\n');
	while (n--)
		wl_buf_addstr(o, "  ");
}

char *wl_oms_statement(const char *model_name, const struct wl_oms_serialization *s,
		       const struct wl_oms_item *items, size_t n, size_t *out_len)
{
	struct wl_buf o;
	char root[65];
	size_t i;
	if (wl_oms_root_digest(items, n, root))
		return NULL;
	wl_buf_init(&o, WL_OMS_MAX_BUNDLE);
	wl_buf_addstr(&o, "{");
	ind(&o, 1), wl_buf_addstr(&o, "\"_type\": "), put_str(&o, WL_OMS_STATEMENT_TYPE), wl_buf_addch(&o, ',');
	ind(&o, 1), wl_buf_addstr(&o, "\"subject\": [");
	ind(&o, 2), wl_buf_addch(&o, '{');
	ind(&o, 3), wl_buf_addstr(&o, "\"name\": "), put_str(&o, model_name), wl_buf_addch(&o, ',');
	ind(&o, 3), wl_buf_addstr(&o, "\"digest\": {");
	ind(&o, 4), wl_buf_addf(&o, "\"sha256\": \"%s\"", root);
	ind(&o, 3), wl_buf_addch(&o, '}');
	ind(&o, 2), wl_buf_addch(&o, '}');
	ind(&o, 1), wl_buf_addstr(&o, "],");
	ind(&o, 1), wl_buf_addstr(&o, "\"predicateType\": "), put_str(&o, WL_OMS_PREDICATE_TYPE), wl_buf_addch(&o, ',');
	ind(&o, 1), wl_buf_addstr(&o, "\"predicate\": {");
	ind(&o, 2), wl_buf_addstr(&o, "\"serialization\": {");
	ind(&o, 3), wl_buf_addstr(&o, "\"method\": "), put_str(&o, s->method), wl_buf_addch(&o, ',');
	ind(&o, 3), wl_buf_addstr(&o, "\"hash_type\": "), put_str(&o, s->hash_type), wl_buf_addch(&o, ',');
	if (!strcmp(s->method, "shards"))
		ind(&o, 3), wl_buf_addf(&o, "\"shard_size\": %llu,", (unsigned long long)s->shard_size);
	ind(&o, 3), wl_buf_addf(&o, "\"allow_symlinks\": %s", s->allow_symlinks ? "true" : "false");
	if (s->ignore_paths && s->ignore_paths[0]) {
		wl_buf_addch(&o, ',');
		ind(&o, 3), wl_buf_addstr(&o, "\"ignore_paths\": [");
		for (i = 0; s->ignore_paths[i]; i++) {
			if (i)
				wl_buf_addch(&o, ',');
			ind(&o, 4), put_str(&o, s->ignore_paths[i]);
		}
		ind(&o, 3), wl_buf_addch(&o, ']');
	}
	ind(&o, 2), wl_buf_addstr(&o, "},");
	ind(&o, 2), wl_buf_addstr(&o, "\"resources\": [");
	for (i = 0; i < n; i++) {
		if (i)
			wl_buf_addch(&o, ',');
		ind(&o, 3), wl_buf_addch(&o, '{');
		ind(&o, 4), wl_buf_addstr(&o, "\"name\": "), put_str(&o, items[i].name), wl_buf_addch(&o, ',');
		ind(&o, 4), wl_buf_addstr(&o, "\"algorithm\": "), put_str(&o, items[i].algorithm), wl_buf_addch(&o, ',');
		ind(&o, 4), wl_buf_addstr(&o, "\"digest\": "), put_str(&o, items[i].hex);
		ind(&o, 3), wl_buf_addch(&o, '}');
	}
	if (n)
		ind(&o, 2);
	wl_buf_addch(&o, ']');
	ind(&o, 1), wl_buf_addch(&o, '}');
	ind(&o, 0), wl_buf_addch(&o, '}');
	if (wl_buf_error(&o)) {
		wl_buf_release(&o);
		return NULL;
	}
	return wl_buf_detach(&o, out_len);
}

char *wl_oms_sign_bundle(EVP_PKEY *key, const unsigned char *payload, size_t n,
			 unsigned char *const *certs, const size_t *cert_lens, size_t ncerts, char **err)
{
	const char *why = NULL;
	const EVP_MD *md = wl_oms_key_md(key, &why);
	EVP_MD_CTX *ctx;
	unsigned char *pae, *sig = NULL;
	size_t pae_len, sig_len = 0, i;
	cJSON *root, *vm, *env, *sigs, *s0;
	char *b64, *out;
	char hint[65];
	*err = NULL;
	if (!md) {
		*err = wl_strdup(why);
		return NULL;
	}
	pae = wl_oms_pae(payload, n, &pae_len);
	ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestSignInit(ctx, NULL, md, NULL, key) != 1 ||
	    EVP_DigestSign(ctx, NULL, &sig_len, pae, pae_len) != 1) {
		EVP_MD_CTX_free(ctx);
		free(pae);
		*err = wl_strdup("the private key cannot sign");
		return NULL;
	}
	sig = wl_malloc(sig_len);
	if (EVP_DigestSign(ctx, sig, &sig_len, pae, pae_len) != 1) {
		EVP_MD_CTX_free(ctx);
		free(pae);
		free(sig);
		*err = wl_strdup("signing failed");
		return NULL;
	}
	EVP_MD_CTX_free(ctx);
	free(pae);

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "mediaType", WL_OMS_MEDIA_TYPE);
	vm = cJSON_AddObjectToObject(root, "verificationMaterial");
	if (ncerts) {
		cJSON *chain = cJSON_AddObjectToObject(vm, "x509CertificateChain");
		cJSON *arr = cJSON_AddArrayToObject(chain, "certificates");
		for (i = 0; i < ncerts; i++) {
			cJSON *c = cJSON_CreateObject();
			b64 = wl_oms_b64encode(certs[i], cert_lens[i]);
			cJSON_AddStringToObject(c, "rawBytes", b64);
			free(b64);
			cJSON_AddItemToArray(arr, c);
		}
	} else {
		cJSON *pk = cJSON_AddObjectToObject(vm, "publicKey");
		if (wl_oms_key_hint(key, hint)) {
			cJSON_Delete(root);
			free(sig);
			*err = wl_strdup("cannot compute the public key's hint");
			return NULL;
		}
		cJSON_AddStringToObject(pk, "hint", hint);
	}
	cJSON_AddArrayToObject(vm, "tlogEntries");
	env = cJSON_AddObjectToObject(root, "dsseEnvelope");
	b64 = wl_oms_b64encode(payload, n);
	cJSON_AddStringToObject(env, "payload", b64);
	free(b64);
	cJSON_AddStringToObject(env, "payloadType", WL_OMS_PAYLOAD_TYPE);
	sigs = cJSON_AddArrayToObject(env, "signatures");
	s0 = cJSON_CreateObject();
	b64 = wl_oms_b64encode(sig, sig_len);
	cJSON_AddStringToObject(s0, "sig", b64);
	free(b64);
	free(sig);
	cJSON_AddStringToObject(s0, "keyid", "");
	cJSON_AddItemToArray(sigs, s0);
	out = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return out;
}
