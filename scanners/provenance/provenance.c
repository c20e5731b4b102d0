/*
 * provenance.c - OpenSSF Model Signing (OMS) bundles found by content, and
 * the digests of the files they may cover.
 *
 * A bundle (a Sigstore bundle JSON, whatever its name) is parsed and its
 * layers checked with scanners/parse/oms.c against the run's trusted keys
 * and anchors: media type, key hint, signature, statement, root digest. The
 * verdict on the files it covers is rules/provenance.c's, in finish(), from
 * the WL_PROV_FILE facts this scanner emits for every file when provenance
 * is configured: the SHA-256 of the content, or a Git LFS pointer's oid (the
 * SHA-256 of the content the pointer stands for, checked without fetching
 * it). It wants every file (an observer: it claims no format), and returns
 * at once unless provenance is configured or the file is a bundle.
 */
#include <string.h>

#include <openssl/evp.h>

#include "artifact.h"
#include "config.h"
#include "facts_provenance.h"
#include "lfs.h"
#include "oms.h"

static int is_lfs_pointer(const unsigned char *d, size_t n)
{
	static const char head[] = "version https://git-lfs.github.com/spec/";
	return n > sizeof(head) && !memcmp(d, head, sizeof(head) - 1);
}

static int prov_wants(const struct wl_file *f)
{
	/* every file may be covered by a signature; scan() decides cheaply */
	(void)f;
	return 1;
}

/* A model artifact by name: the artifact scanner's model names, less the
 * generic archive and data names (a .csv.zip or a .dat table is no model;
 * a pickle or a PyTorch checkpoint under such a name is caught by content). */
static int model_name(const char *ext)
{
	static const char *const generic[] = { ".zip", ".tar", ".dat", ".data", NULL };
	size_t i;
	for (i = 0; generic[i]; i++)
		if (!strcmp(ext, generic[i]))
			return 0;
	return wl_artifact_model_ext(ext);
}

static int active(struct wl_ctx *ctx)
{
	const char *req = wl_config_str(wl_ctx_config(ctx), "provenance.require_signatures");
	return wl_ctx_trust(ctx) || (req && strcmp(req, "none"));
}

static const char *const *arena_list(struct wl_ctx *ctx, char *const *v, size_t n)
{
	const char **out = wl_ctx_alloc(ctx, (n + 1) * sizeof *out);
	size_t i;
	for (i = 0; i < n; i++)
		out[i] = wl_ctx_strdup(ctx, v[i]);
	return out;
}

/* The folder a bundle covers: its own ("" at the root). */
static char *folder_of(struct wl_ctx *ctx, const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? wl_ctx_strndup(ctx, path, (size_t)(slash - path)) : wl_ctx_strdup(ctx, "");
}

static void check_trust(const struct wl_oms_trust *trust, const struct wl_oms_bundle *b, struct wl_provenance *p,
			struct wl_ctx *ctx, struct wl_oms_reasons *r)
{
	size_t i;
	if (b->method == WL_OMS_KEY) {
		for (i = 0; i < trust->nkeys && !p->signer; i++) {
			struct wl_oms_reasons tmp = { 0 };
			if (!wl_oms_check_hint(b, trust->keys[i], &tmp) && !wl_oms_check_signature(b, trust->keys[i], &tmp))
				p->signer = wl_ctx_strdup(ctx, trust->key_names[i]);
			wl_oms_reasons_free(&tmp);
		}
		if (!p->signer && b->hint)
			wl_oms_reason(r, "not signed by a trusted key (the signer's key hint is %.16s...)", b->hint);
		else if (!p->signer)
			wl_oms_reason(r, "not signed by a trusted key");
	} else if (b->method == WL_OMS_CERT) {
		EVP_PKEY *leaf;
		if (!trust->roots || !sk_X509_num(trust->roots)) {
			wl_oms_reason(r, "signed with a certificate, and no [provenance] trusted_roots anchor it");
			return;
		}
		leaf = wl_oms_check_chain(b, trust->roots, r);
		if (leaf) {
			if (!wl_oms_check_signature(b, leaf, r))
				p->signer = "a certificate chained to trusted_roots";
			EVP_PKEY_free(leaf);
		}
	}
}

static int scan_bundle(struct wl_ctx *ctx, const struct wl_file *f)
{
	const struct wl_oms_trust *trust = wl_ctx_trust(ctx);
	struct wl_provenance *p = wl_ctx_alloc(ctx, sizeof *p);
	struct wl_loc loc = { NULL, 0, 0, 0, 0 };
	struct wl_oms_bundle *b = NULL;
	struct wl_oms_reasons r = { 0 };
	char *err = NULL;
	size_t i;
	p->kind = WL_PROV_BUNDLE;
	p->trust_configured = trust != NULL;
	if (wl_oms_parse(f->data, f->size, &b, &err)) {
		p->malformed = wl_ctx_strdup(ctx, err);
		free(err);
		wl_fact_emit(ctx, WL_FACT_PROVENANCE, &loc, p);
		return 0;
	}
	p->method = wl_oms_method_name(b->method);
	if (b->method != WL_OMS_SIGSTORE && wl_oms_is_legacy(b)) {
		wl_oms_reason(&r, "%s", WL_OMS_LEGACY_REASON);
	} else if (b->method != WL_OMS_SIGSTORE) {
		wl_oms_check_media_type(b, &r);
		if (trust)
			check_trust(trust, b, p, ctx, &r);
		wl_oms_check_statement(b, &r);
	}
	if (b->statement_ok) {
		const char *dir = folder_of(ctx, f->path);
		struct wl_prov_item *items = wl_ctx_alloc(ctx, (b->nitems ? b->nitems : 1) * sizeof *items);
		p->checkable = !strcmp(b->ser_method, "files") && !strcmp(b->hash_type, "sha256");
		p->serialization = wl_ctx_printf(ctx, "%s/%s", b->ser_method, b->hash_type);
		p->ignore_paths = arena_list(ctx, b->ignore_paths, b->nignore);
		for (i = 0; i < b->nitems; i++) {
			const char *name = b->items[i].name;
			items[i].name = wl_ctx_strdup(ctx, name);
			items[i].hex = wl_ctx_strdup(ctx, b->items[i].hex);
			if (!strcmp(name, ".")) {
				/* a one-file model: the reference names its bundle MODEL.sig by default */
				size_t l = strlen(f->path);
				if (l > 4 && !strcmp(f->path + l - 4, ".sig"))
					items[i].path = wl_ctx_strndup(ctx, f->path, l - 4);
			} else if (name[0] != '/' && !strstr(name, "..")) {
				items[i].path = *dir ? wl_ctx_printf(ctx, "%s/%s", dir, name) : wl_ctx_strdup(ctx, name);
			}
		}
		p->items = items;
		p->nitems = b->nitems;
	}
	p->problems = arena_list(ctx, r.v, r.n);
	wl_oms_reasons_free(&r);
	wl_oms_free(b);
	wl_fact_emit(ctx, WL_FACT_PROVENANCE, &loc, p);
	return 0;
}

static int prov_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_provenance *p;
	struct wl_loc loc = { NULL, 0, 0, 0, 0 };
	if (wl_oms_sniff(f->data, f->size))
		return scan_bundle(ctx, f);
	if (!active(ctx))
		return 0;
	p = wl_ctx_alloc(ctx, sizeof *p);
	p->kind = WL_PROV_FILE;
	p->model = model_name(f->ext);
	if (is_lfs_pointer(f->data, f->size)) {
		struct wl_lfs_pointer ptr;
		uint32_t line;
		if (wl_lfs_parse(f->data, f->size, &ptr, &line) == 0) {
			memcpy(p->sha256, ptr.oid, sizeof p->sha256);
			p->lfs = 1;
		}
	}
	if (!p->lfs) {
		wl_sha256_hex(f->data, f->size, p->sha256);
		switch (f->magic) {
		case WL_MAGIC_PICKLE:
		case WL_MAGIC_NPY:
		case WL_MAGIC_TORCH_LEGACY:
			p->model = 1;
			break;
		case WL_MAGIC_ZIP:
			/* a PyTorch zip checkpoint (archive/data.pkl), whatever its name */
			if (f->size > 64 && memmem(f->data, f->size < 4096 ? f->size : 4096, "data.pkl", 8))
				p->model = 1;
			break;
		default:
			/* a binary format of the scanner table (safetensors, GGUF, HDF5) */
			if (wl_magic_format(f->magic))
				p->model = 1;
			break;
		}
	}
	wl_fact_emit(ctx, WL_FACT_PROVENANCE, &loc, p);
	return 0;
}

const struct wl_scanner wl_scanner_provenance = {
	.name = "provenance",
	.wants = prov_wants,
	.scan = prov_scan,
	.emits = WL_FACT_BIT(WL_FACT_PROVENANCE),
	.observer = 1,
};
