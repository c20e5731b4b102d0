/*
 * oms.h - OpenSSF Model Signing (OMS v1.0) bundles: read, check and write.
 *
 * An OMS signature is a Sigstore bundle (JSON) holding a DSSE envelope whose
 * payload is an in-toto Statement v1 with predicate type
 * https://model_signing/signature/v1.0 and a `resources` list of file (or
 * file shard) digests. This module knows the bytes: it parses a bundle,
 * checks each layer in the order the reference implementation
 * (sigstore/model-transparency) does and names every reason a check fails,
 * and writes statements and bundles the reference reads. It never touches
 * the file system: the caller hashes the model (cmd_models.c, or the scan's
 * provenance scanner) and hands the digests to wl_oms_compare().
 *
 * Crypto (ECDSA P-256/384/521, SHA-256/384/512, X.509) goes through OpenSSL's
 * libcrypto; JSON through cJSON.
 */
#ifndef WL_OMS_H
#define WL_OMS_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#define WL_OMS_MEDIA_TYPE "application/vnd.dev.sigstore.bundle.v0.3+json"
#define WL_OMS_PAYLOAD_TYPE "application/vnd.in-toto+json"
#define WL_OMS_STATEMENT_TYPE "https://in-toto.io/Statement/v1"
#define WL_OMS_PREDICATE_TYPE "https://model_signing/signature/v1.0"
#define WL_OMS_PREDICATE_V02 "https://model_signing/Digests/v0.1"
/* Largest bundle read (a manifest of a huge sharded model is a few MB). */
#define WL_OMS_MAX_BUNDLE (64u << 20)

/* Reasons a verification failed, in the order found. */
struct wl_oms_reasons {
	char **v;
	size_t n, alloc;
};
void wl_oms_reason(struct wl_oms_reasons *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wl_oms_reasons_free(struct wl_oms_reasons *r);

enum wl_oms_method {
	WL_OMS_KEY = 0,   /* verificationMaterial.publicKey */
	WL_OMS_CERT,      /* verificationMaterial.x509CertificateChain */
	WL_OMS_SIGSTORE,  /* verificationMaterial.certificate + tlogEntries (Fulcio/Rekor) */
};
const char *wl_oms_method_name(enum wl_oms_method m);

/* One signed (or computed) item: a file, or a shard path:start:end. */
struct wl_oms_item {
	char *name;           /* resource name as in the manifest */
	char *algorithm;      /* "sha256", "blake2b", "sha256-sharded-N" ... */
	char hex[129];        /* lowercase hex digest */
};

struct wl_oms_bundle {
	char *media_type;
	enum wl_oms_method method;
	char *hint;                  /* publicKey.hint, or NULL */
	unsigned char *raw_key;      /* older publicKey.rawBytes (PEM text), or NULL */
	size_t raw_key_len;
	unsigned char **certs;       /* DER: the chain (leaf first), or the Sigstore certificate */
	size_t *cert_lens;
	size_t ncerts;
	size_t ntlog;                /* tlogEntries */
	char *payload_type;
	unsigned char *payload;      /* decoded payload bytes, exactly as signed */
	size_t payload_len;
	unsigned char *sig;          /* signatures[0].sig, DER */
	size_t sig_len;
	size_t nsigs;

	/* Filled by wl_oms_check_statement() */
	int statement_ok;            /* the payload parsed into a manifest */
	char *model_name;
	char root_hex[65];
	char *ser_method;            /* "files" | "shards" */
	char *hash_type;             /* "sha256" | "blake2b" | ... */
	uint64_t shard_size;
	int allow_symlinks;
	char **ignore_paths;
	size_t nignore;
	struct wl_oms_item *items;
	size_t nitems;
};

/* Does this look like a Sigstore bundle (cheap: the head of the bytes)? */
int wl_oms_sniff(const unsigned char *data, size_t n);

/*
 * Parse the bundle's structure. Returns 0, or -1 with *err (malloc'd) when
 * the bytes are not a bundle this module can check (not JSON, no envelope,
 * no verification material ...): malformed input, exit 2 for the CLI.
 */
int wl_oms_parse(const unsigned char *data, size_t n, struct wl_oms_bundle **out, char **err);
void wl_oms_free(struct wl_oms_bundle *b);

/* The checks, in the reference's order; each appends reasons and returns 0 ok / -1 failed. */
int wl_oms_check_media_type(const struct wl_oms_bundle *b, struct wl_oms_reasons *r);
/* Key method: publicKey.hint (hex SHA-256 of the key's PEM text) or the
 * older rawBytes form against `pub`. */
int wl_oms_check_hint(const struct wl_oms_bundle *b, EVP_PKEY *pub, struct wl_oms_reasons *r);
/* ECDSA over the DSSE PAE of the payload bytes, digest by curve. */
int wl_oms_check_signature(const struct wl_oms_bundle *b, EVP_PKEY *pub, struct wl_oms_reasons *r);
/*
 * Certificate method: the bundle's chain (leaf first) against `anchors`, at
 * the leaf's notBefore; the leaf must allow digitalSignature or codeSigning.
 * Returns the leaf's public key (the caller frees it) or NULL with a reason.
 */
EVP_PKEY *wl_oms_check_chain(const struct wl_oms_bundle *b, const STACK_OF(X509) *anchors, struct wl_oms_reasons *r);
/* Is the payload a legacy model_signing v0.2 statement (predicate
 * Digests/v0.1, signed over a PAE with a bug)? Those are refused with one
 * clear reason instead of a misleading signature failure. */
int wl_oms_is_legacy(const struct wl_oms_bundle *b);
#define WL_OMS_LEGACY_REASON "legacy model_signing v0.2 signature (predicate " WL_OMS_PREDICATE_V02 ") is not supported: re-sign the model with model_signing 1.x or weaklink models sign"
/* payloadType, _type, predicateType, one subject, root digest; fills the manifest fields. */
int wl_oms_check_statement(struct wl_oms_bundle *b, struct wl_oms_reasons *r);
/*
 * The model: `actual` (sorted or not) against the signed resources. Extra,
 * missing and changed items are each named. With ignore_unsigned, items
 * not in the manifest are not extra.
 */
int wl_oms_compare(const struct wl_oms_bundle *b, const struct wl_oms_item *actual, size_t nactual,
		   int ignore_unsigned, struct wl_oms_reasons *r);
/* Find the signed item named `name`, or NULL. */
const struct wl_oms_item *wl_oms_find(const struct wl_oms_bundle *b, const char *name);

/* Is `rel` (model-relative, '/'-separated) excluded by the bundle's
 * ignore_paths (or `extra`, NULL-terminated)? Component-wise prefix, as
 * pathlib's is_relative_to. */
int wl_oms_path_ignored(const char *rel, char *const *paths, size_t npaths);

/* ---------------------------------------------------------------- crypto */

/* The EC curve's digest (P-256 SHA-256, P-384 SHA-384, P-521 SHA-512), or
 * NULL with a message in *why for any other key. */
const EVP_MD *wl_oms_key_md(EVP_PKEY *pub, const char **why);
/* Hex SHA-256 of the public key's PEM SubjectPublicKeyInfo text. */
int wl_oms_key_hint(EVP_PKEY *pub, char out[65]);
/* DSSE PAE of the payload: "DSSEv1 <len> <type> <len> <payload>" (malloc'd). */
unsigned char *wl_oms_pae(const unsigned char *payload, size_t n, size_t *out_len);
/* Base64 (standard alphabet, padded): decode to malloc'd bytes; -1 if invalid. */
int wl_oms_b64decode(const char *s, unsigned char **out, size_t *out_len);
char *wl_oms_b64encode(const unsigned char *data, size_t n);

/* Hex SHA-256 over the raw digests of `items` in order (the subject digest);
 * -1 if a digest is not hex. */
int wl_oms_root_digest(const struct wl_oms_item *items, size_t n, char out[65]);

/* ----------------------------------------------------------------- write */

struct wl_oms_serialization {
	const char *method;      /* "files" | "shards" */
	const char *hash_type;   /* "sha256" | "blake2b" */
	uint64_t shard_size;     /* shards only */
	int allow_symlinks;
	const char *const *ignore_paths; /* NULL-terminated, written in order */
};

/* Sort items as the reference's manifest does (path component-wise, then
 * shard start/end numerically). */
void wl_oms_sort_items(struct wl_oms_item *items, size_t n, int shards);

/* The in-toto statement exactly as the reference writes it (protobuf's
 * MessageToJson: two-space indent, no trailing newline). malloc'd. */
char *wl_oms_statement(const char *model_name, const struct wl_oms_serialization *s,
		       const struct wl_oms_item *items, size_t n, size_t *out_len);

/* Sign `payload` with `key` and write the bundle (compact JSON, as the
 * reference's sigstore_models writes it). With certs (DER, leaf first) the
 * certificate method, otherwise the key method with its hint. malloc'd, or
 * NULL with *err. */
char *wl_oms_sign_bundle(EVP_PKEY *key, const unsigned char *payload, size_t n,
			 unsigned char *const *certs, const size_t *cert_lens, size_t ncerts, char **err);

/* What a scan trusts ([provenance] trusted_keys / trusted_roots,
 * --trusted-key), loaded once by cmd_scan. */
struct wl_oms_trust {
	EVP_PKEY **keys;
	char **key_names;       /* as configured, for messages */
	size_t nkeys;
	STACK_OF(X509) *roots;  /* anchors for the certificate method, or NULL */
};

#endif
