/*
 * conda.c - conda environment files (environment.yml and friends) into
 * dependency facts: conda MatchSpecs from `dependencies:` and the pip
 * requirements under its `pip:` list, read with pip's own line grammar.
 * Environments are installed as written: context WL_DEPCTX_APP.
 */
#include <string.h>

#include "depfacts.h"

/* MatchSpec: [channel::]name[ version[ build]] | name=ver[=build] | name op ver */
static void conda_spec(struct wl_ctx *ctx, const struct wl_tv *v, struct wl_manifest *m)
{
	const char *s = v->str, *sep = strstr(s, "::"), *p;
	struct wl_dep *d = wl_dep_new(ctx, WL_DEPCTX_APP, "environment.yml");
	size_t nl;
	d->ecosystem = "conda";
	if (sep)
		s = sep + 2;
	while (*s == ' ')
		s++;
	p = s;
	while (*p && !strchr("=<>!~ [", *p))
		p++;
	nl = (size_t)(p - s);
	if (!nl)
		return;
	d->name = wl_ctx_strndup(ctx, s, nl);
	d->normalized = wl_pep503_normalize(ctx, s, nl);
	while (*p == ' ')
		p++;
	d->spec = wl_ctx_strdup(ctx, p);
	/* "=1.2", "==1.2", "1.2" (space form) and "=1.2=build" pin a version;
	 * ranges and wildcards do not */
	{
		const char *q = p;
		size_t vl;
		if (q[0] == '=' && q[1] == '=')
			q += 2;
		else if (q[0] == '=')
			q += 1;
		else if (!(q[0] >= '0' && q[0] <= '9'))
			q = NULL;
		if (q) {
			vl = strcspn(q, "= ,|");
			if (vl && !memchr(q, '*', vl) && !strpbrk(q, "<>!~,|"))
				d->version = wl_ctx_strndup(ctx, q, vl);
		}
	}
	if (sep)
		d->url = wl_ctx_strndup(ctx, v->str, (size_t)(sep - v->str)); /* the channel */
	wl_manifest_count(m, d);
	wl_dep_emit(ctx, d, v);
}

static void pip_list(struct wl_ctx *ctx, const struct wl_file *f, const struct wl_tv *arr)
{
	const struct wl_tv *e;
	for (e = arr && arr->kind == WL_TV_ARRAY ? arr->child : NULL; e; e = e->next) {
		struct wl_reqfile_opts o = {0};
		if (!wl_tv_is_scalar(e))
			continue;
		o.origin = "environment.yml pip:";
		o.path = f->path;
		o.context = WL_DEPCTX_APP;
		o.first_line = e->loc.line;
		o.first_col = e->loc.col;
		o.no_manifest = 1;
		/* one list item is one requirements line (options included) */
		wl_reqfile_parse(ctx, e->str, strlen(e->str), &o);
	}
}

static int conda_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT && f->magic != WL_MAGIC_EMPTY)
		return 0;
	if (strcmp(f->ext, ".yml") && strcmp(f->ext, ".yaml"))
		return 0;
	return wl_starts_with(f->name, "environment") || wl_starts_with(f->name, "conda") ||
	       strstr(f->name, "-environment.") || strstr(f->name, "_environment.") ||
	       strstr(f->name, "-env.") || wl_starts_with(f->name, "env.");
}

static int conda_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_tv_doc doc;
	const struct wl_tv *deps, *e;
	struct wl_manifest *m;
	if (wl_starts_with(f->name, "conda-lock."))
		return 0; /* locks.c */
	if (wl_tv_parse(ctx, WL_LANG_YAML, (const char *)f->data, f->size, &doc)) {
		wl_notify(ctx, WL_LEVEL_WARNING, "%s could not be parsed as YAML", f->name);
		wl_tv_doc_release(&doc);
		return WL_EFORMAT;
	}
	deps = wl_tv_get(doc.root, "dependencies");
	if (!deps || deps->kind != WL_TV_ARRAY) {
		wl_tv_doc_release(&doc); /* some other YAML file: not ours */
		return 0;
	}
	wl_tv_notify(ctx, &doc, f->name);
	m = wl_manifest_new(ctx, WL_MANIFEST_CONDA_ENV, "environment.yml");
	/* channels are searched in priority order (no confusion across them),
	 * but one reached over http:// can be tampered with in transit */
	{
		const struct wl_tv *ch = wl_tv_get(doc.root, "channels");
		for (e = ch && ch->kind == WL_TV_ARRAY ? ch->child : NULL; e; e = e->next)
			if (wl_tv_is_scalar(e) && wl_starts_with(e->str, "http://"))
				wl_index_emit(ctx, e, e->str, 0, 0, 0, "conda channel", "environment.yml");
	}
	for (e = deps->child; e; e = e->next) {
		if (e->kind == WL_TV_TABLE)
			pip_list(ctx, f, wl_tv_get(e, "pip"));
		else if (wl_tv_is_scalar(e))
			conda_spec(ctx, e, m);
	}
	wl_manifest_emit(ctx, m);
	wl_tv_doc_release(&doc);
	return 0;
}

const struct wl_scanner wl_scanner_conda = {
	.name = "conda",
	.wants = conda_wants,
	.scan = conda_scan,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST),
};
