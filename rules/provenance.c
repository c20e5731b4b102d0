/*
 * provenance.c - model provenance with OpenSSF Model Signing (OMS): a model
 * signature that does not verify, a signed file that changed, a file a
 * signed model folder holds that the signature does not list, and (when the
 * config asks for signatures) a model nobody signed. Bundles and file
 * digests come from scanners/provenance/provenance.c; the verdict on a file
 * depends on a bundle elsewhere, so the kind is cross-file.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "facts_provenance.h"

static const struct wl_rule provenance_rules[] = {
	{
		.id = "WL700",
		.name = "model-signature-invalid",
		.short_desc = "OMS model signature does not verify",
		.full_desc = "An OpenSSF Model Signing bundle in the repository cannot be read, is not signed by a trusted "
			     "key or certificate anchor, or its statement is inconsistent, or a file it signs is missing: the "
			     "model it covers has no valid provenance.",
		.help_md = "Re-sign the model with the release key (`weaklink models sign key MODEL --private-key K.pem`, "
			   "or `model_signing sign`), and list the public keys or CA certificates you trust under "
			   "`[provenance] trusted_keys` / `trusted_roots` in `.weaklink.toml` (or pass `--trusted-key`). "
			   "`weaklink models verify` names every reason.",
		.cwe = 347,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.0,
		.precision = "very-high",
		.tags = "supply-chain,model,provenance",
	},
	{
		.id = "WL701",
		.name = "model-file-changed",
		.short_desc = "Signed model file differs from its signature",
		.full_desc = "The SHA-256 of this file (or the oid of its Git LFS pointer) is not the digest an OMS model "
			     "signature in its folder records: the file changed after the model was signed.",
		.help_md = "Restore the signed file, or review the change and sign the model again. A model whose bytes "
			   "differ from what its publisher signed may have been tampered with.",
		.cwe = 354,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.0,
		.precision = "very-high",
		.tags = "supply-chain,model,provenance",
	},
	{
		.id = "WL702",
		.name = "model-file-unsigned-in-signed-folder",
		.short_desc = "File in a signed model folder is not covered by its signature",
		.full_desc = "The folder holds an OMS model signature that does not list this file: a verifier following "
			     "the reference implementation rejects the model, and the file is not protected.",
		.help_md = "Sign the model again so that the file is covered, move it out of the model folder, or add it to "
			   "the signature's `ignore_paths` when it is not part of the model.",
		.cwe = 345,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = "supply-chain,model,provenance",
	},
	{
		.id = "WL703",
		.name = "model-not-signed",
		.short_desc = "Model file without a model signature",
		.full_desc = "`[provenance] require_signatures` is set and no OMS model signature covers this model artifact "
			     "(by name or content: pickle, PyTorch, safetensors, GGUF, HDF5, ONNX ... or their Git LFS pointers).",
		.help_md = "Sign the model folder with `weaklink models sign key MODEL --private-key K.pem` (or "
			   "`model_signing sign`) and commit the bundle (`model.sig`) beside it. The level of this finding is "
			   "the value of `require_signatures`.",
		.cwe = 345,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = "supply-chain,model,provenance",
	},
	{
		.id = "WL704",
		.name = "model-signature-sigstore",
		.short_desc = "Model signed with Sigstore, not verified offline",
		.full_desc = "The OMS bundle uses the Sigstore method (a short-lived Fulcio certificate and a Rekor "
			     "transparency-log entry). Checking it needs a Sigstore trusted root and the signer's identity, "
			     "which weaklink does not check offline.",
		.help_md = "Verify it in CI with `model_signing verify sigstore --identity ... --identity_provider ...`, or "
			   "sign with a key or certificate you list under `[provenance]` so that scans verify it.",
		.cwe = 347,
		.level = WL_LEVEL_NOTE,
		.security_severity = 2.0,
		.precision = "very-high",
		.tags = "supply-chain,model,provenance",
	},
	{
		.id = "WL705",
		.name = "model-signature-no-trust",
		.short_desc = "Model signature found, but no trusted key configured",
		.full_desc = "The repository holds an OMS model signature, and the scan has no trusted key or anchor to "
			     "verify it against, so it neither checked who signed it nor whether the files match.",
		.help_md = "List the publisher's public key under `[provenance] trusted_keys` (PEM paths relative to the "
			   "repository root) or pass `--trusted-key PUB.pem`; CA certificates go under `trusted_roots`.",
		.cwe = 345,
		.level = WL_LEVEL_NOTE,
		.security_severity = 2.0,
		.precision = "very-high",
		.tags = "supply-chain,model,provenance",
	},
	{
		.id = "WL706",
		.name = "model-signature-not-checked",
		.short_desc = "Model signature content not checked by the scan",
		.full_desc = "The OMS signature verifies, but the scan cannot compare what it signs with the repository: "
			     "shard or BLAKE2 digests (the scan hashes whole files with SHA-256), or a signed file the scan "
			     "did not read.",
		.help_md = "Run `weaklink models verify key MODEL --signature SIG --public-key PUB.pem` on the model folder, "
			   "which hashes every serialization.",
		.cwe = 345,
		.level = WL_LEVEL_NOTE,
		.security_severity = 2.0,
		.precision = "very-high",
		.tags = "supply-chain,model,provenance",
	},
};

struct pfile {
	const char *path;
	const struct wl_fact *fact;
	const struct wl_provenance *p;
	int claimed; /* named by some bundle */
};

static int cmp_pfile(const void *a, const void *b)
{
	return strcmp(((const struct pfile *)a)->path, ((const struct pfile *)b)->path);
}

static struct pfile *find_file(struct pfile *files, size_t n, const char *path)
{
	struct pfile key;
	key.path = path;
	return bsearch(&key, files, n, sizeof *files, cmp_pfile);
}

static int ignored(const char *rel, const struct wl_provenance *b)
{
	static const char *const git[] = { ".git", ".gitattributes", ".github", ".gitignore" };
	size_t i, l;
	for (i = 0; i < WL_ARRAY_SIZE(git); i++) {
		l = strlen(git[i]);
		if (!strncmp(rel, git[i], l) && (!rel[l] || rel[l] == '/'))
			return 1;
	}
	for (i = 0; b->ignore_paths && b->ignore_paths[i]; i++) {
		const char *p = b->ignore_paths[i];
		while (p[0] == '.' && p[1] == '/')
			p += 2;
		l = strlen(p);
		while (l > 1 && p[l - 1] == '/')
			l--;
		if (l && !strncmp(rel, p, l) && (!rel[l] || rel[l] == '/'))
			return 1;
	}
	return 0;
}

static void check_bundle(struct wl_ctx *ctx, const struct wl_fact *bf, struct pfile *files, size_t nfiles)
{
	const struct wl_provenance *b = bf->data;
	const char *bpath = bf->loc.path;
	struct wl_finding *f;
	struct wl_buf msg;
	size_t i, dl;
	char *dir;
	int one_file;
	if (b->malformed) {
		f = wl_report(ctx, WL700, &bf->loc, "OMS model signature cannot be read: %s", b->malformed);
		wl_finding_key(f, "malformed");
		return;
	}
	if (!strcmp(b->method, "sigstore")) {
		f = wl_report(ctx, WL704, &bf->loc,
			      "model signed with Sigstore (Fulcio certificate, Rekor entry): verify it with a Sigstore trusted root");
		wl_finding_key(f, "sigstore");
		return;
	}
	if (!b->trust_configured) {
		f = wl_report(ctx, WL705, &bf->loc,
			      "OMS model signature (%s method) not verified: no [provenance] trusted_keys or trusted_roots configured",
			      b->method);
		wl_finding_key(f, "no-trust");
		return;
	}
	if (b->problems && b->problems[0]) {
		wl_buf_init(&msg, 4096);
		for (i = 0; b->problems[i]; i++)
			wl_buf_addf(&msg, "%s%s", i ? "; " : "", b->problems[i]);
		f = wl_report(ctx, WL700, &bf->loc, "OMS model signature does not verify: %s%s", msg.buf,
			      wl_buf_error(&msg) ? " ..." : "");
		wl_finding_key(f, "invalid");
		wl_buf_release(&msg);
	}
	if (!b->items)
		return;
	if (!b->checkable) {
		f = wl_report(ctx, WL706, &bf->loc, "the %s serialization is not compared by the scan: run weaklink models verify",
			      b->serialization);
		wl_finding_key(f, "serialization");
		return;
	}
	one_file = b->nitems == 1 && !strcmp(b->items[0].name, ".");
	/* signed files: changed, missing, unread */
	wl_buf_init(&msg, 4096);
	for (i = 0; i < b->nitems; i++) {
		const struct wl_prov_item *it = &b->items[i];
		struct pfile *pf = it->path ? find_file(files, nfiles, it->path) : NULL;
		if (!it->path) {
			wl_buf_addf(&msg, "%s%s (cannot tell which file)", msg.len ? ", " : "", it->name);
		} else if (pf) {
			pf->claimed = 1;
			if (strcmp(pf->p->sha256, it->hex)) {
				f = wl_report(ctx, WL701, &pf->fact->loc,
					      "%s differs from the OMS model signature %s: %s%.16s..., signed %.16s...",
					      pf->p->lfs ? "Git LFS object" : "file", bpath,
					      pf->p->lfs ? "oid sha256:" : "sha256 ", pf->p->sha256, it->hex);
				wl_finding_key(f, "%s", bpath);
				wl_finding_prop(f, "signature", "%s", bpath);
				wl_finding_prop(f, "signed-sha256", "%s", it->hex);
			}
		} else if (wl_ctx_repo_has(ctx, it->path)) {
			f = wl_report(ctx, WL706, &bf->loc, "signed file %s was not read by the scan: its digest is not checked",
				      it->path);
			wl_finding_key(f, "unread:%s", it->path);
		} else {
			wl_buf_addf(&msg, "%s%s", msg.len ? ", " : "", it->path);
		}
	}
	if (msg.len) {
		f = wl_report(ctx, WL700, &bf->loc, "files the OMS model signature covers are missing: %s%s", msg.buf,
			      wl_buf_error(&msg) ? " ..." : "");
		wl_finding_key(f, "missing");
	}
	wl_buf_release(&msg);
	if (one_file)
		return;
	/* files in the signed folder that the signature does not list */
	dir = strrchr(bpath, '/') ? wl_strndup(bpath, (size_t)(strrchr(bpath, '/') - bpath)) : wl_strdup("");
	dl = strlen(dir);
	for (i = 0; i < nfiles; i++) {
		const char *p = files[i].path, *rel;
		size_t k;
		int listed = 0;
		if (dl && (strncmp(p, dir, dl) || p[dl] != '/'))
			continue;
		rel = dl ? p + dl + 1 : p;
		if (ignored(rel, b))
			continue;
		for (k = 0; k < b->nitems && !listed; k++)
			listed = b->items[k].path && !strcmp(b->items[k].path, p);
		if (listed)
			continue;
		files[i].claimed = 1;
		f = wl_report(ctx, WL702, &files[i].fact->loc,
			      "%s is in the signed model folder of %s but its OMS signature does not cover it", rel, bpath);
		wl_finding_key(f, "%s", bpath);
	}
	free(dir);
}

static void provenance_finish(struct wl_ctx *ctx, const struct wl_fact *const *facts, size_t n)
{
	struct pfile *files = wl_calloc(n + 1, sizeof *files);
	const char *req = wl_config_str(wl_ctx_config(ctx), "provenance.require_signatures");
	enum wl_level level = WL_LEVEL_NONE;
	size_t nfiles = 0, i;
	for (i = 0; i < n; i++) {
		const struct wl_provenance *p = facts[i]->data;
		if (facts[i]->kind != WL_FACT_PROVENANCE || p->kind != WL_PROV_FILE)
			continue;
		files[nfiles].path = facts[i]->loc.path;
		files[nfiles].fact = facts[i];
		files[nfiles].p = p;
		nfiles++;
	}
	qsort(files, nfiles, sizeof *files, cmp_pfile);
	for (i = 0; i < n; i++) {
		const struct wl_provenance *p = facts[i]->data;
		if (facts[i]->kind == WL_FACT_PROVENANCE && p->kind == WL_PROV_BUNDLE)
			check_bundle(ctx, facts[i], files, nfiles);
	}
	if (req && !wl_level_parse(req, &level) && level != WL_LEVEL_NONE)
		for (i = 0; i < nfiles; i++) {
			struct wl_finding *f;
			if (!files[i].p->model || files[i].claimed)
				continue;
			f = wl_report(ctx, WL703, &files[i].fact->loc,
				      "model %s is not covered by an OMS model signature (require_signatures)",
				      files[i].p->lfs ? "stored in Git LFS" : "file");
			wl_finding_level(f, level);
		}
	free(files);
}

const struct wl_rule_module wl_rules_provenance = {
	.name = "provenance",
	.rules = provenance_rules,
	.nrules = WL_ARRAY_SIZE(provenance_rules),
	.facts = WL_FACT_BIT(WL_FACT_PROVENANCE),
	.cross = WL_FACT_BIT(WL_FACT_PROVENANCE),
	.finish = provenance_finish,
};
