/*
 * pyproject.c - pyproject.toml (PEP 621, PEP 735 groups, build-system, poetry,
 * uv, pdm) and Pipfile into dependency, index and manifest facts, through the
 * TOML grammar. Never evaluates markers, never resolves versions.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "depfacts.h"

/* ---------------------------------------------------------- pyproject */

/* [tool.uv.sources] name = {git, rev|tag|branch, url, path, index} */
static void apply_uv_source(struct wl_ctx *ctx, const struct wl_tv *sources, struct wl_dep *d)
{
	const struct wl_tv *s;
	const char *v;
	if (!sources || !d->normalized)
		return;
	for (s = sources->child; s; s = s->next) {
		const struct wl_tv *src = s;
		if (!s->key || strcmp(wl_pep503_normalize(ctx, s->key, strlen(s->key)), d->normalized))
			continue;
		if (src->kind == WL_TV_ARRAY)
			src = src->child; /* several conditional sources: judge the first */
		if (!src || src->kind != WL_TV_TABLE)
			return;
		if ((v = wl_tv_str(src, "git"))) {
			wl_req_classify_url(ctx, wl_ctx_strdup(ctx, v), d);
			d->source = WL_DEP_VCS;
			d->vcs_ref = wl_ctx_strdup(ctx, wl_tv_str(src, "rev") ? wl_tv_str(src, "rev")
				   : wl_tv_str(src, "tag") ? wl_tv_str(src, "tag") : wl_tv_str(src, "branch"));
		} else if ((v = wl_tv_str(src, "url"))) {
			wl_req_classify_url(ctx, wl_ctx_strdup(ctx, v), d);
		} else if ((v = wl_tv_str(src, "path")) || wl_tv_get(src, "workspace")) {
			d->source = WL_DEP_PATH;
			d->url = v ? wl_ctx_strdup(ctx, v) : "(workspace)";
		}
		return;
	}
}

/* `self` is [project].name, normalised: "demo[dev]" in demo's own extras
 * is the project itself, not a third-party dependency */
static void pep621_array(struct wl_ctx *ctx, const struct wl_tv *arr, enum wl_dep_context c,
			 const char *origin, const struct wl_tv *uv_sources, struct wl_manifest *m,
			 const char *self)
{
	const struct wl_tv *e;
	if (!arr || arr->kind != WL_TV_ARRAY)
		return;
	for (e = arr->child; e; e = e->next) {
		struct wl_dep *d;
		if (e->kind != WL_TV_STRING)
			continue; /* {include-group = "x"} */
		d = wl_dep_new(ctx, c, origin);
		if (wl_req_parse(ctx, e->str, strlen(e->str), d) != 0)
			continue;
		if (self && d->normalized && !strcmp(d->normalized, self))
			continue;
		apply_uv_source(ctx, uv_sources, d);
		wl_manifest_count(m, d);
		wl_fact_emit(ctx, WL_FACT_DEPENDENCY, &e->loc, d);
	}
}

/* Poetry / Pipfile table form: name = "spec" | {version, git, rev, ...}. */
static void table_dep(struct wl_ctx *ctx, const struct wl_tv *kv, enum wl_dep_context c,
		      const char *origin, int bare_is_exact, struct wl_manifest *m)
{
	struct wl_dep *d;
	const struct wl_tv *t = kv;
	const char *v;
	if (!kv->key || !strcmp(kv->key, "python"))
		return; /* poetry's python = "^3.10" is the interpreter, not a package */
	if (t->kind == WL_TV_ARRAY) /* several constraints by marker: judge the first */
		t = t->child;
	if (!t)
		return;
	d = wl_dep_new(ctx, c, origin);
	wl_dep_set_name(ctx, d, kv->key);
	d->source = WL_DEP_REGISTRY;
	if (t->kind == WL_TV_STRING) {
		d->spec = wl_ctx_strdup(ctx, t->str);
	} else if (t->kind == WL_TV_TABLE) {
		if ((v = wl_tv_str(t, "version")))
			d->spec = wl_ctx_strdup(ctx, v);
		if ((v = wl_tv_str(t, "markers")))
			d->marker = wl_ctx_strdup(ctx, v);
		if (wl_tv_is_true(wl_tv_get(t, "editable")) || wl_tv_is_true(wl_tv_get(t, "develop")))
			d->editable = 1;
		if ((v = wl_tv_str(t, "git"))) {
			wl_req_classify_url(ctx, wl_ctx_strdup(ctx, v), d);
			d->source = WL_DEP_VCS;
			d->vcs_ref = wl_ctx_strdup(ctx, wl_tv_str(t, "rev") ? wl_tv_str(t, "rev")
				   : wl_tv_str(t, "ref") ? wl_tv_str(t, "ref")
				   : wl_tv_str(t, "tag") ? wl_tv_str(t, "tag") : wl_tv_str(t, "branch"));
		} else if ((v = wl_tv_str(t, "url")) || (v = wl_tv_str(t, "file"))) {
			wl_req_classify_url(ctx, wl_ctx_strdup(ctx, v), d);
		} else if ((v = wl_tv_str(t, "path"))) {
			d->source = WL_DEP_PATH;
			d->url = wl_ctx_strdup(ctx, v);
		}
	}
	if (!strcmp(d->spec, "*"))
		d->spec = "";
	d->version = wl_req_exact_version(ctx, d->spec, bare_is_exact);
	wl_manifest_count(m, d);
	wl_dep_emit(ctx, d, kv);
}

static void table_deps(struct wl_ctx *ctx, const struct wl_tv *tbl, enum wl_dep_context c,
		       const char *origin, int bare_is_exact, struct wl_manifest *m)
{
	const struct wl_tv *kv;
	if (!tbl || tbl->kind != WL_TV_TABLE)
		return;
	for (kv = tbl->child; kv; kv = kv->next)
		table_dep(ctx, kv, c, origin, bare_is_exact, m);
}

static void pyproject(struct wl_ctx *ctx, const struct wl_tv *root)
{
	struct wl_manifest *m = wl_manifest_new(ctx, WL_MANIFEST_PYPROJECT, "pyproject.toml");
	const struct wl_tv *uv = wl_tv_path(root, "tool", "uv", NULL);
	const struct wl_tv *uv_sources = wl_tv_get(uv, "sources");
	const struct wl_tv *t, *e;
	const char *strategy, *pname = wl_tv_str(wl_tv_get(root, "project"), "name");
	int unsafe;

	const char *self = pname ? wl_pep503_normalize(ctx, pname, strlen(pname)) : NULL;
	m->package = (pname || wl_tv_str(wl_tv_path(root, "tool", "poetry", NULL), "name")) &&
		     wl_tv_get(root, "build-system");
	pep621_array(ctx, wl_tv_path(root, "project", "dependencies", NULL), WL_DEPCTX_LIBRARY,
		     "pyproject [project]", uv_sources, m, self);
	t = wl_tv_path(root, "project", "optional-dependencies", NULL);
	for (e = t && t->kind == WL_TV_TABLE ? t->child : NULL; e; e = e->next)
		pep621_array(ctx, e, WL_DEPCTX_LIBRARY, "pyproject [project.optional-dependencies]",
			     uv_sources, m, self);
	t = wl_tv_get(root, "dependency-groups");
	for (e = t && t->kind == WL_TV_TABLE ? t->child : NULL; e; e = e->next)
		pep621_array(ctx, e, WL_DEPCTX_LIBRARY, "pyproject [dependency-groups]", uv_sources, m, self);
	pep621_array(ctx, wl_tv_path(root, "build-system", "requires", NULL), WL_DEPCTX_BUILD,
		     "pyproject [build-system]", NULL, m, self);
	/* an in-tree build backend (PEP 517 backend-path): the repository's own
	 * code runs when the project is built or installed */
	t = wl_tv_path(root, "build-system", "backend-path", NULL);
	if (t) {
		const struct wl_tv *one = t->kind == WL_TV_ARRAY ? t->child : t;
		for (; one; one = t->kind == WL_TV_ARRAY ? one->next : NULL) {
			struct wl_install_hook *h;
			if (!wl_tv_is_scalar(one))
				continue;
			h = wl_ctx_alloc(ctx, sizeof(*h));
			memset(h, 0, sizeof(*h));
			h->kind = WL_HOOK_BACKEND_PATH;
			h->path = one->str;
			h->target = wl_tv_str(wl_tv_get(root, "build-system"), "build-backend");
			wl_fact_emit(ctx, WL_FACT_INSTALL_HOOK, &one->loc, h);
		}
	}

	/* poetry: a bare "1.2.3" is an exact pin */
	t = wl_tv_path(root, "tool", "poetry", NULL);
	if (t) {
		const struct wl_tv *g;
		table_deps(ctx, wl_tv_get(t, "dependencies"), WL_DEPCTX_LIBRARY, "poetry dependencies", 1, m);
		table_deps(ctx, wl_tv_get(t, "dev-dependencies"), WL_DEPCTX_LIBRARY, "poetry dev-dependencies", 1, m);
		g = wl_tv_get(t, "group");
		for (e = g && g->kind == WL_TV_TABLE ? g->child : NULL; e; e = e->next)
			table_deps(ctx, wl_tv_get(e, "dependencies"), WL_DEPCTX_LIBRARY, "poetry group", 1, m);
		g = wl_tv_get(t, "source");
		for (e = g && g->kind == WL_TV_ARRAY ? g->child : NULL; e; e = e->next) {
			const char *prio = wl_tv_str(e, "priority");
			int primary = (prio && (!strcmp(prio, "primary") || !strcmp(prio, "default"))) ||
				      wl_tv_is_true(wl_tv_get(e, "default"));
			int extra = (prio && (!strcmp(prio, "supplemental") || !strcmp(prio, "secondary"))) ||
				    wl_tv_is_true(wl_tv_get(e, "secondary"));
			/* no priority: poetry >= 1.5 treats it as primary */
			if (!prio && !extra)
				primary = 1;
			if (prio && !strcmp(prio, "explicit"))
				primary = extra = 0; /* used only by packages that name it */
			wl_index_emit(ctx, e, wl_tv_str(e, "url"), primary, extra, 0,
				      extra ? "[[tool.poetry.source]] priority = \"supplemental\"" : "[[tool.poetry.source]]",
				      "pyproject.toml");
		}
	}

	/* uv: extra indexes are searched first and, by default, the first index
	 * that has a name wins (no confusion); unsafe-* strategies mix them */
	if (uv) {
		strategy = wl_tv_str(uv, "index-strategy");
		unsafe = strategy && wl_starts_with(strategy, "unsafe-");
		pep621_array(ctx, wl_tv_get(uv, "dev-dependencies"), WL_DEPCTX_LIBRARY, "uv dev-dependencies",
			     uv_sources, m, self);
		if ((t = wl_tv_get(uv, "index-url")) && t->kind == WL_TV_STRING)
			wl_index_emit(ctx, t, t->str, 1, 0, 0, "[tool.uv] index-url", "pyproject.toml");
		t = wl_tv_get(uv, "extra-index-url");
		for (e = t && t->kind == WL_TV_ARRAY ? t->child : NULL; e; e = e->next)
			if (e->kind == WL_TV_STRING)
				wl_index_emit(ctx, e, e->str, 0, unsafe, 0,
					      unsafe ? "[tool.uv] extra-index-url with an unsafe index-strategy"
						     : "[tool.uv] extra-index-url", "pyproject.toml")
					->unsafe_strategy = unsafe;
		t = wl_tv_get(uv, "index");
		for (e = t && t->kind == WL_TV_ARRAY ? t->child : NULL; e; e = e->next) {
			int dflt = wl_tv_is_true(wl_tv_get(e, "default"));
			int explicit_ = wl_tv_is_true(wl_tv_get(e, "explicit"));
			wl_index_emit(ctx, e, wl_tv_str(e, "url"), dflt, !dflt && !explicit_ && unsafe, 0,
				      unsafe ? "[[tool.uv.index]] with an unsafe index-strategy" : "[[tool.uv.index]]",
				      "pyproject.toml")
				->unsafe_strategy = !dflt && !explicit_ && unsafe;
		}
		t = wl_tv_get(uv, "allow-insecure-host");
		for (e = t && t->kind == WL_TV_ARRAY ? t->child : NULL; e; e = e->next)
			if (e->kind == WL_TV_STRING)
				wl_index_emit(ctx, e, e->str, 0, 0, 1, "[tool.uv] allow-insecure-host", "pyproject.toml");
	}

	/* pdm */
	t = wl_tv_path(root, "tool", "pdm", NULL);
	if (t) {
		const struct wl_tv *g = wl_tv_get(t, "dev-dependencies");
		int n = 0;
		for (e = g && g->kind == WL_TV_TABLE ? g->child : NULL; e; e = e->next)
			pep621_array(ctx, e, WL_DEPCTX_LIBRARY, "pdm dev-dependencies", NULL, m, self);
		g = wl_tv_get(t, "source");
		for (e = g && g->kind == WL_TV_ARRAY ? g->child : NULL; e; e = e->next) {
			const char *name = wl_tv_str(e, "name");
			int is_pypi = name && !strcmp(name, "pypi"); /* overrides the default index */
			const struct wl_tv *vs = wl_tv_get(e, "verify_ssl");
			wl_index_emit(ctx, e, wl_tv_str(e, "url"), is_pypi, !is_pypi, 0, "[[tool.pdm.source]]",
				      "pyproject.toml");
			if (vs && vs->kind == WL_TV_BOOL && !wl_tv_is_true(vs))
				wl_index_emit(ctx, vs, wl_tv_str(e, "url"), 0, 0, 1,
					      "[[tool.pdm.source]] verify_ssl = false", "pyproject.toml");
			n++;
		}
	}
	wl_manifest_emit(ctx, m);
}

/* ---------------------------------------------------------- Pipfile */

/*
 * The Pipfile hash pipenv writes to Pipfile.lock _meta.hash.sha256 (pipenv's
 * vendored plette, Pipfile.get_hash): sha256 of
 *   json.dumps({"_meta": {"sources": <[[source]], or pipenv's default pypi
 *               source when absent>, "requires": <[requires] or {}>},
 *               "default": <[packages] or {}>, "develop": <[dev-packages] or {}>,
 *               <every other top-level table but source, packages,
 *                dev-packages, requires, scripts, pipenv>},
 *              sort_keys=True, separators=(",", ":"))
 * encoded as UTF-8; json.dumps escapes non-ASCII as \uXXXX (ensure_ascii).
 * Values are TOML's: strings, ints (Python repr), floats (Python repr), bools.
 */
static int json_canon(struct wl_buf *o, const struct wl_tv *v, int depth);

static void json_str(struct wl_buf *o, const char *s, size_t n)
{
	size_t i = 0;
	wl_buf_addch(o, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		unsigned long cp;
		size_t l;
		if (c < 0x80) {
			i++;
			if (c == '"' || c == '\\') {
				wl_buf_addch(o, '\\');
				wl_buf_addch(o, (char)c);
			} else if (c == '\n') {
				wl_buf_addstr(o, "\\n");
			} else if (c == '\r') {
				wl_buf_addstr(o, "\\r");
			} else if (c == '\t') {
				wl_buf_addstr(o, "\\t");
			} else if (c == '\b') {
				wl_buf_addstr(o, "\\b");
			} else if (c == '\f') {
				wl_buf_addstr(o, "\\f");
			} else if (c < 0x20 || c == 0x7f) {
				wl_buf_addf(o, "\\u%04x", c);
			} else {
				wl_buf_addch(o, (char)c);
			}
			continue;
		}
		l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		cp = l == 4 ? c & 0x07u : l == 3 ? c & 0x0Fu : l == 2 ? c & 0x1Fu : 0xFFFDu;
		if (i + l > n) {
			l = 1;
			cp = 0xFFFD;
		} else {
			size_t k;
			for (k = 1; k < l; k++)
				cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3Fu);
		}
		i += l;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			wl_buf_addf(o, "\\u%04lx\\u%04lx", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
		} else {
			wl_buf_addf(o, "\\u%04lx", cp);
		}
	}
	wl_buf_addch(o, '"');
}

static int cmp_key(const void *a, const void *b)
{
	const struct wl_tv *x = *(const struct wl_tv *const *)a, *y = *(const struct wl_tv *const *)b;
	return strcmp(x->key ? x->key : "", y->key ? y->key : "");
}

static int json_number(struct wl_buf *o, const struct wl_tv *v)
{
	char clean[128];
	size_t i, k = 0;
	for (i = 0; v->str[i] && k + 1 < sizeof(clean); i++)
		if (v->str[i] != '_')
			clean[k++] = v->str[i];
	clean[k] = '\0';
	if (v->kind == WL_TV_INTEGER) {
		char *end;
		long long x;
		int base = 10;
		const char *p = clean;
		if (p[0] == '+')
			p++;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o' || p[1] == 'b')) {
			base = p[1] == 'x' ? 16 : p[1] == 'o' ? 8 : 2;
			p += 2;
		}
		x = strtoll(p, &end, base);
		if (*end)
			return -1;
		wl_buf_addf(o, "%lld", x);
		return 0;
	}
	{
		/* Python float repr: the shortest digits that round-trip */
		double d = strtod(clean, NULL);
		char buf[64];
		int prec, e10;
		if (!isfinite(d))
			return -1; /* json.dumps writes Infinity/NaN: not worth matching */
		for (prec = 1; prec <= 17; prec++) {
			(void)snprintf(buf, sizeof(buf), "%.*e", prec - 1, d);
			if (strtod(buf, NULL) == d)
				break;
		}
		e10 = d == 0 ? 0 : (int)floor(log10(fabs(d)));
		if (e10 < -4 || e10 >= 16) {
			/* 1e+16 style: mantissa without trailing zeros, exponent >= 2 digits */
			char mant[64], *ep = strchr(buf, 'e');
			int ex = ep ? (int)strtol(ep + 1, NULL, 10) : 0;
			size_t ml = ep ? (size_t)(ep - buf) : strlen(buf);
			memcpy(mant, buf, ml);
			mant[ml] = '\0';
			if (strchr(mant, '.')) {
				while (ml && mant[ml - 1] == '0')
					mant[--ml] = '\0';
				if (ml && mant[ml - 1] == '.')
					mant[--ml] = '\0';
			}
			wl_buf_addf(o, "%se%c%02d", mant, ex < 0 ? '-' : '+', ex < 0 ? -ex : ex);
		} else {
			int decimals = prec - 1 - e10;
			(void)snprintf(buf, sizeof(buf), "%.*f", decimals > 0 ? decimals : 0, d);
			wl_buf_addstr(o, buf);
			if (!strchr(buf, '.'))
				wl_buf_addstr(o, ".0");
		}
		return 0;
	}
}

static int json_canon(struct wl_buf *o, const struct wl_tv *v, int depth)
{
	if (depth > WL_TV_MAX_DEPTH)
		return -1;
	switch (v->kind) {
	case WL_TV_STRING:
		json_str(o, v->str, v->len);
		return 0;
	case WL_TV_BOOL:
		wl_buf_addstr(o, v->str);
		return 0;
	case WL_TV_INTEGER:
	case WL_TV_FLOAT:
		return json_number(o, v);
	case WL_TV_ARRAY: {
		const struct wl_tv *c;
		wl_buf_addch(o, '[');
		for (c = v->child; c; c = c->next) {
			if (c != v->child)
				wl_buf_addch(o, ',');
			if (json_canon(o, c, depth + 1))
				return -1;
		}
		wl_buf_addch(o, ']');
		return 0;
	}
	case WL_TV_TABLE: {
		const struct wl_tv **kids = wl_calloc(v->nchild + 1, sizeof(*kids)), *c;
		size_t n = 0, i;
		int rc = 0;
		for (c = v->child; c; c = c->next)
			kids[n++] = c;
		qsort(kids, n, sizeof(*kids), cmp_key);
		wl_buf_addch(o, '{');
		for (i = 0; i < n && !rc; i++) {
			if (i)
				wl_buf_addch(o, ',');
			json_str(o, kids[i]->key ? kids[i]->key : "", strlen(kids[i]->key ? kids[i]->key : ""));
			wl_buf_addch(o, ':');
			rc = json_canon(o, kids[i], depth + 1);
		}
		wl_buf_addch(o, '}');
		free(kids);
		return rc;
	}
	default:
		return -1; /* dates: pipenv's json.dumps would fail on them */
	}
}

static const char *pipfile_hash(struct wl_ctx *ctx, const struct wl_tv *root)
{
	struct wl_buf o;
	const struct wl_tv *src = wl_tv_get(root, "source"), *req = wl_tv_get(root, "requires");
	const struct wl_tv *pk = wl_tv_get(root, "packages"), *dev = wl_tv_get(root, "dev-packages");
	const struct wl_tv *c, **extra;
	size_t nextra = 0, i;
	int rc = 0;
	char hex[65];
	/* top-level keys in sorted order: "_meta" < "default" < "develop" < others,
	 * except that custom categories may sort anywhere: collect and sort */
	extra = wl_calloc(root->nchild + 4, sizeof(*extra));
	for (c = root->child; c; c = c->next) {
		static const char *const skip[] = { "source", "packages", "dev-packages", "requires",
						    "scripts", "pipenv", "default", "develop", NULL };
		int k, s = 0;
		for (k = 0; skip[k]; k++)
			if (!strcmp(c->key, skip[k]))
				s = 1;
		if (!s)
			extra[nextra++] = c;
	}
	qsort(extra, nextra, sizeof(*extra), cmp_key);
	wl_buf_init(&o, (size_t)1 << 26);
	wl_buf_addstr(&o, "{\"_meta\":{\"requires\":");
	if (req)
		rc |= json_canon(&o, req, 1);
	else
		wl_buf_addstr(&o, "{}");
	wl_buf_addstr(&o, ",\"sources\":");
	if (src)
		rc |= json_canon(&o, src, 1);
	else
		wl_buf_addstr(&o, "[{\"name\":\"pypi\",\"url\":\"https://pypi.org/simple\",\"verify_ssl\":true}]");
	wl_buf_addstr(&o, "}");
	/* "default" and "develop" sort among the custom categories */
	{
		const char *names[2] = { "default", "develop" };
		const struct wl_tv *vals[2] = { pk, dev };
		size_t ni = 0;
		for (i = 0; i <= nextra && !rc; i++) {
			while (ni < 2 && (i == nextra || strcmp(names[ni], extra[i]->key) < 0)) {
				wl_buf_addf(&o, ",\"%s\":", names[ni]);
				if (vals[ni])
					rc |= json_canon(&o, vals[ni], 1);
				else
					wl_buf_addstr(&o, "{}");
				ni++;
			}
			if (i < nextra) {
				wl_buf_addch(&o, ',');
				json_str(&o, extra[i]->key, strlen(extra[i]->key));
				wl_buf_addch(&o, ':');
				rc |= json_canon(&o, extra[i], 1);
			}
		}
	}
	wl_buf_addch(&o, '}');
	free(extra);
	if (rc || o.len + 1 >= o.cap) {
		wl_buf_release(&o);
		return NULL;
	}
	wl_sha256_hex(o.buf, o.len, hex);
	wl_buf_release(&o);
	return wl_ctx_strdup(ctx, hex);
}

static void pipfile(struct wl_ctx *ctx, const struct wl_tv *root)
{
	struct wl_manifest *m = wl_manifest_new(ctx, WL_MANIFEST_PIPFILE, "Pipfile");
	const struct wl_tv *c, *src = wl_tv_get(root, "source");
	int nsrc = 0;
	for (c = root->child; c; c = c->next) {
		if (!strcmp(c->key, "source") || !strcmp(c->key, "requires") || !strcmp(c->key, "scripts") ||
		    !strcmp(c->key, "pipenv") || c->kind != WL_TV_TABLE)
			continue;
		table_deps(ctx, c, WL_DEPCTX_LIBRARY, "Pipfile", 0, m);
	}
	for (c = src && src->kind == WL_TV_ARRAY ? src->child : NULL; c; c = c->next) {
		const struct wl_tv *vs = wl_tv_get(c, "verify_ssl");
		wl_index_emit(ctx, c, wl_tv_str(c, "url"), nsrc == 0, nsrc > 0, 0, "[[source]]", "Pipfile");
		if (vs && vs->kind == WL_TV_BOOL && !wl_tv_is_true(vs))
			wl_index_emit(ctx, vs, wl_tv_str(c, "url"), 0, 0, 1, "[[source]] verify_ssl = false", "Pipfile");
		nsrc++;
	}
	m->digest = pipfile_hash(ctx, root);
	wl_manifest_emit(ctx, m);
}

/* ---------------------------------------------------------- scanner */

static int toml_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT && f->magic != WL_MAGIC_EMPTY)
		return 0;
	return !strcmp(f->name, "pyproject.toml") || !strcmp(f->name, "Pipfile");
}

static int toml_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_tv_doc doc;
	int rc = wl_tv_parse(ctx, WL_LANG_TOML, (const char *)f->data, f->size, &doc);
	if (rc) {
		wl_notify(ctx, WL_LEVEL_WARNING, "%s could not be parsed as TOML", f->name);
		wl_tv_doc_release(&doc);
		return rc;
	}
	wl_tv_notify(ctx, &doc, f->name);
	if (!strcmp(f->name, "Pipfile"))
		pipfile(ctx, doc.root);
	else
		pyproject(ctx, doc.root);
	wl_tv_doc_release(&doc);
	return 0;
}

const struct wl_scanner wl_scanner_pyproject = {
	.name = "pyproject",
	.wants = toml_wants,
	.scan = toml_scan,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST),
};
