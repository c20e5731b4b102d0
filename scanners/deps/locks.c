/*
 * locks.c - lock files into dependency facts (context WL_DEPCTX_LOCK):
 * poetry.lock, uv.lock, pdm.lock, pylock.toml (TOML), Pipfile.lock (JSON),
 * conda-lock.yml (YAML). Each entry carries its exact version, how many
 * hashes it records and, for VCS entries, the resolved commit. Reads only.
 */
#include <string.h>

#include "depfacts.h"

static int count_hashes(const struct wl_tv *arr, const char *key)
{
	const struct wl_tv *e;
	int n = 0;
	for (e = arr && arr->kind == WL_TV_ARRAY ? arr->child : NULL; e; e = e->next) {
		const char *h = key ? wl_tv_str(e, key) : (e->kind == WL_TV_STRING ? e->str : NULL);
		if (h && *h)
			n++;
	}
	return n;
}

/* PEP 751 `hashes = {sha256 = "..."}` */
static int count_hash_table(const struct wl_tv *t)
{
	const struct wl_tv *h = wl_tv_get(t, "hashes"), *e;
	int n = 0;
	for (e = h && h->kind == WL_TV_TABLE ? h->child : NULL; e; e = e->next)
		if (e->kind == WL_TV_STRING && *e->str)
			n++;
	return n;
}

static struct wl_dep *lock_dep(struct wl_ctx *ctx, const struct wl_tv *pkg, const char *origin)
{
	const char *name = wl_tv_str(pkg, "name"), *ver = wl_tv_str(pkg, "version");
	struct wl_dep *d;
	if (!name)
		return NULL;
	d = wl_dep_new(ctx, WL_DEPCTX_LOCK, origin);
	wl_dep_set_name(ctx, d, name);
	d->source = WL_DEP_REGISTRY;
	if (ver) {
		d->version = wl_ctx_strdup(ctx, ver);
		d->spec = wl_ctx_printf(ctx, "==%s", ver);
	}
	return d;
}

static void emit_at_name(struct wl_ctx *ctx, struct wl_dep *d, const struct wl_tv *pkg,
			 struct wl_manifest *m)
{
	const struct wl_tv *at = wl_tv_get(pkg, "name");
	wl_manifest_count(m, d);
	wl_dep_emit(ctx, d, at ? at : pkg);
}

static void set_vcs(struct wl_ctx *ctx, struct wl_dep *d, const char *url, const char *commit)
{
	d->source = WL_DEP_VCS;
	d->url = wl_ctx_strdup(ctx, url ? url : "");
	d->vcs_ref = wl_ctx_strdup(ctx, commit);
}

/* poetry.lock: [[package]] + files = [{file, hash}] (or [metadata.files]) */
static void poetry_lock(struct wl_ctx *ctx, const struct wl_tv *root, struct wl_manifest *m)
{
	const struct wl_tv *pk = wl_tv_get(root, "package"), *p;
	const struct wl_tv *old = wl_tv_path(root, "metadata", "files", NULL);
	for (p = pk && pk->kind == WL_TV_ARRAY ? pk->child : NULL; p; p = p->next) {
		struct wl_dep *d = lock_dep(ctx, p, "poetry.lock");
		const struct wl_tv *src = wl_tv_get(p, "source");
		const char *type = wl_tv_str(src, "type");
		if (!d)
			continue;
		d->nhashes = count_hashes(wl_tv_get(p, "files"), "hash");
		if (!d->nhashes && old) {
			const struct wl_tv *e;
			for (e = old->child; e; e = e->next)
				if (e->key && !strcmp(wl_pep503_normalize(ctx, e->key, strlen(e->key)), d->normalized))
					d->nhashes = count_hashes(e, "hash");
		}
		if (type && !strcmp(type, "git"))
			set_vcs(ctx, d, wl_tv_str(src, "url"), wl_tv_str(src, "resolved_reference"));
		else if (type && (!strcmp(type, "directory") || !strcmp(type, "file"))) {
			d->source = WL_DEP_PATH;
			d->url = wl_ctx_strdup(ctx, wl_tv_str(src, "url"));
		} else if (type && !strcmp(type, "url")) {
			d->source = WL_DEP_URL;
			d->url = wl_ctx_strdup(ctx, wl_tv_str(src, "url"));
		}
		emit_at_name(ctx, d, p, m);
	}
}

/* uv.lock: source = {registry|git|url|path|directory|editable|virtual},
 * sdist = {url, hash}, wheels = [{url, hash}] */
static void uv_lock(struct wl_ctx *ctx, const struct wl_tv *root, struct wl_manifest *m)
{
	const struct wl_tv *pk = wl_tv_get(root, "package"), *p;
	for (p = pk && pk->kind == WL_TV_ARRAY ? pk->child : NULL; p; p = p->next) {
		struct wl_dep *d = lock_dep(ctx, p, "uv.lock");
		const struct wl_tv *src = wl_tv_get(p, "source");
		const char *v;
		if (!d)
			continue;
		d->nhashes = count_hashes(wl_tv_get(p, "wheels"), "hash") +
			     (wl_tv_str(wl_tv_get(p, "sdist"), "hash") ? 1 : 0);
		if ((v = wl_tv_str(src, "git"))) {
			/* git+https://host/repo?rev=x#<commit> */
			const char *hash = strrchr(v, '#');
			set_vcs(ctx, d, v, hash ? hash + 1 : NULL);
		} else if ((v = wl_tv_str(src, "url"))) {
			d->source = WL_DEP_URL;
			d->url = wl_ctx_strdup(ctx, v);
		} else if ((v = wl_tv_str(src, "editable")) || (v = wl_tv_str(src, "virtual")) ||
			   (v = wl_tv_str(src, "directory")) || (v = wl_tv_str(src, "path"))) {
			d->source = WL_DEP_PATH;
			d->url = wl_ctx_strdup(ctx, v);
			d->editable = wl_tv_get(src, "editable") != NULL;
		}
		emit_at_name(ctx, d, p, m);
	}
}

/* pdm.lock: files = [{file|url, hash}], git = url + revision */
static void pdm_lock(struct wl_ctx *ctx, const struct wl_tv *root, struct wl_manifest *m)
{
	const struct wl_tv *pk = wl_tv_get(root, "package"), *p;
	for (p = pk && pk->kind == WL_TV_ARRAY ? pk->child : NULL; p; p = p->next) {
		struct wl_dep *d = lock_dep(ctx, p, "pdm.lock");
		const char *v;
		if (!d)
			continue;
		d->nhashes = count_hashes(wl_tv_get(p, "files"), "hash");
		if ((v = wl_tv_str(p, "git")))
			set_vcs(ctx, d, v, wl_tv_str(p, "revision"));
		else if ((v = wl_tv_str(p, "path"))) {
			d->source = WL_DEP_PATH;
			d->url = wl_ctx_strdup(ctx, v);
			d->editable = wl_tv_is_true(wl_tv_get(p, "editable"));
		} else if ((v = wl_tv_str(p, "url"))) {
			d->source = WL_DEP_URL;
			d->url = wl_ctx_strdup(ctx, v);
		}
		emit_at_name(ctx, d, p, m);
	}
}

/* pylock.toml (PEP 751): [[packages]] with vcs / directory / archive /
 * sdist / wheels, each artifact with hashes = {alg = hex} */
static void pylock(struct wl_ctx *ctx, const struct wl_tv *root, struct wl_manifest *m)
{
	const struct wl_tv *pk = wl_tv_get(root, "packages"), *p;
	for (p = pk && pk->kind == WL_TV_ARRAY ? pk->child : NULL; p; p = p->next) {
		struct wl_dep *d = lock_dep(ctx, p, "pylock.toml");
		const struct wl_tv *vcs = wl_tv_get(p, "vcs"), *dir = wl_tv_get(p, "directory");
		const struct wl_tv *arch = wl_tv_get(p, "archive"), *w;
		if (!d)
			continue;
		d->nhashes = count_hash_table(wl_tv_get(p, "sdist")) + count_hash_table(arch);
		for (w = wl_tv_get(p, "wheels") ? wl_tv_get(p, "wheels")->child : NULL; w; w = w->next)
			d->nhashes += count_hash_table(w) ? 1 : 0;
		if (vcs) {
			set_vcs(ctx, d, wl_tv_str(vcs, "url") ? wl_tv_str(vcs, "url") : wl_tv_str(vcs, "path"),
				wl_tv_str(vcs, "commit-id"));
		} else if (dir) {
			d->source = WL_DEP_PATH;
			d->url = wl_ctx_strdup(ctx, wl_tv_str(dir, "path"));
			d->editable = wl_tv_is_true(wl_tv_get(dir, "editable"));
		} else if (arch) {
			d->source = wl_tv_str(arch, "url") ? WL_DEP_URL : WL_DEP_PATH;
			d->url = wl_ctx_strdup(ctx, wl_tv_str(arch, "url") ? wl_tv_str(arch, "url") : wl_tv_str(arch, "path"));
		}
		emit_at_name(ctx, d, p, m);
	}
}

/* Pipfile.lock (JSON): _meta.hash.sha256; default / develop / custom
 * categories: name -> {version "==x", hashes [...], git + ref, path, file} */
static void pipfile_lock(struct wl_ctx *ctx, const struct wl_tv *root, struct wl_manifest *m)
{
	const struct wl_tv *cat, *p;
	m->digest = wl_ctx_strdup(ctx, wl_tv_str(wl_tv_path(root, "_meta", "hash", NULL), "sha256"));
	for (cat = root && root->kind == WL_TV_TABLE ? root->child : NULL; cat; cat = cat->next) {
		if (!cat->key || !strcmp(cat->key, "_meta") || cat->kind != WL_TV_TABLE)
			continue;
		for (p = cat->child; p; p = p->next) {
			struct wl_dep *d;
			const char *v;
			if (!p->key || p->kind != WL_TV_TABLE)
				continue;
			d = wl_dep_new(ctx, WL_DEPCTX_LOCK, "Pipfile.lock");
			wl_dep_set_name(ctx, d, p->key);
			d->source = WL_DEP_REGISTRY;
			if ((v = wl_tv_str(p, "version"))) {
				d->spec = wl_ctx_strdup(ctx, v);
				d->version = wl_req_exact_version(ctx, v, 0);
			}
			d->nhashes = count_hashes(wl_tv_get(p, "hashes"), NULL);
			d->editable = wl_tv_is_true(wl_tv_get(p, "editable"));
			if ((v = wl_tv_str(p, "git")))
				set_vcs(ctx, d, v, wl_tv_str(p, "ref"));
			else if ((v = wl_tv_str(p, "path"))) {
				d->source = WL_DEP_PATH;
				d->url = wl_ctx_strdup(ctx, v);
			} else if ((v = wl_tv_str(p, "file"))) {
				wl_req_classify_url(ctx, wl_ctx_strdup(ctx, v), d);
			}
			wl_manifest_count(m, d);
			wl_dep_emit(ctx, d, p);
		}
	}
}

/* conda-lock.yml v1: package: [{name, version, manager, url, hash: {md5, sha256}}] */
static void conda_lock(struct wl_ctx *ctx, const struct wl_tv *root, struct wl_manifest *m)
{
	const struct wl_tv *pk = wl_tv_get(root, "package"), *p, *h;
	for (p = pk && pk->kind == WL_TV_ARRAY ? pk->child : NULL; p; p = p->next) {
		struct wl_dep *d = lock_dep(ctx, p, "conda-lock.yml");
		const char *mgr = wl_tv_str(p, "manager"), *url = wl_tv_str(p, "url");
		if (!d)
			continue;
		d->ecosystem = mgr && !strcmp(mgr, "pip") ? "pypi" : "conda";
		if (url && !wl_starts_with(url, "https://conda.anaconda.org/") &&
		    !wl_starts_with(url, "https://repo.anaconda.com/") && !wl_starts_with(url, "https://files.pythonhosted.org/"))
			d->url = wl_ctx_strdup(ctx, url); /* unusual origins stay visible */
		h = wl_tv_get(p, "hash");
		if (h && h->kind == WL_TV_TABLE) {
			const struct wl_tv *e;
			for (e = h->child; e; e = e->next)
				if (e->kind == WL_TV_STRING && *e->str)
					d->nhashes++;
		}
		emit_at_name(ctx, d, p, m);
	}
}

static const struct lock_format {
	const char *name;
	enum wl_lang lang;
	void (*parse)(struct wl_ctx *, const struct wl_tv *, struct wl_manifest *);
} formats[] = {
	{ "poetry.lock", WL_LANG_TOML, poetry_lock },
	{ "uv.lock", WL_LANG_TOML, uv_lock },
	{ "pdm.lock", WL_LANG_TOML, pdm_lock },
	{ "pylock.toml", WL_LANG_TOML, pylock },
	{ "Pipfile.lock", WL_LANG_JSON, pipfile_lock },
	{ "conda-lock.yml", WL_LANG_YAML, conda_lock },
	{ "conda-lock.yaml", WL_LANG_YAML, conda_lock },
};

static const struct lock_format *lock_format(const struct wl_file *f)
{
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(formats); i++)
		if (!strcmp(f->name, formats[i].name))
			return &formats[i];
	/* PEP 751 named lock files: pylock.<name>.toml */
	if (wl_starts_with(f->name, "pylock.") && wl_ends_with(f->name, ".toml"))
		return &formats[3];
	return NULL;
}

static int lock_wants(const struct wl_file *f)
{
	return (f->magic == WL_MAGIC_TEXT || f->magic == WL_MAGIC_EMPTY) && lock_format(f);
}

static int lock_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	const struct lock_format *fmt = lock_format(f);
	struct wl_tv_doc doc;
	struct wl_manifest *m;
	int rc;
	if (!fmt)
		return 0;
	rc = wl_tv_parse(ctx, fmt->lang, (const char *)f->data, f->size, &doc);
	if (rc) {
		wl_notify(ctx, WL_LEVEL_WARNING, "%s could not be parsed", f->name);
		wl_tv_doc_release(&doc);
		return rc;
	}
	wl_tv_notify(ctx, &doc, f->name);
	m = wl_manifest_new(ctx, WL_MANIFEST_LOCK, fmt->name);
	fmt->parse(ctx, doc.root, m);
	m->hash_mode = 1;
	wl_manifest_emit(ctx, m);
	wl_tv_doc_release(&doc);
	return 0;
}

const struct wl_scanner wl_scanner_locks = {
	.name = "locks",
	.wants = lock_wants,
	.scan = lock_scan,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST),
};
