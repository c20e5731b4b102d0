/*
 * depfacts.c - wl_tv values -> dependency / index / manifest facts, shared by
 * pyproject.c, locks.c, conda.c and setuppy.c. Builds facts, judges nothing.
 */
#include <string.h>

#include "depfacts.h"

struct wl_dep *wl_dep_new(struct wl_ctx *ctx, enum wl_dep_context c, const char *origin)
{
	struct wl_dep *d = wl_ctx_alloc(ctx, sizeof(*d));
	d->ecosystem = "pypi";
	d->context = c;
	d->origin = origin;
	d->spec = "";
	return d;
}

void wl_dep_set_name(struct wl_ctx *ctx, struct wl_dep *d, const char *name)
{
	d->name = wl_ctx_strdup(ctx, name);
	d->normalized = wl_pep503_normalize(ctx, name, strlen(name));
}

void wl_dep_emit(struct wl_ctx *ctx, struct wl_dep *d, const struct wl_tv *at)
{
	struct wl_loc loc = at->key ? at->key_loc : at->loc;
	if (at->key) {
		loc.end_line = at->loc.end_line;
		loc.end_col = at->loc.end_col;
	}
	if (!d->spec)
		d->spec = "";
	wl_fact_emit(ctx, WL_FACT_DEPENDENCY, &loc, d);
}

struct wl_dep *wl_dep_from_pep508(struct wl_ctx *ctx, const struct wl_tv *v, enum wl_dep_context c,
				  const char *origin)
{
	struct wl_dep *d;
	if (!v || v->kind != WL_TV_STRING)
		return NULL;
	d = wl_dep_new(ctx, c, origin);
	if (wl_req_parse(ctx, v->str, strlen(v->str), d) != 0)
		return NULL;
	if (!d->spec)
		d->spec = "";
	{
		/* the string's own span, not its key's */
		struct wl_loc loc = v->loc;
		wl_fact_emit(ctx, WL_FACT_DEPENDENCY, &loc, d);
	}
	return d;
}

void wl_deps_from_array(struct wl_ctx *ctx, const struct wl_tv *arr, enum wl_dep_context c,
			const char *origin, struct wl_manifest *m)
{
	const struct wl_tv *e;
	if (!arr || arr->kind != WL_TV_ARRAY)
		return;
	for (e = arr->child; e; e = e->next) {
		struct wl_dep *d = wl_dep_from_pep508(ctx, e, c, origin);
		if (d && m)
			wl_manifest_count(m, d);
	}
}

struct wl_index *wl_index_emit(struct wl_ctx *ctx, const struct wl_tv *at, const char *url, int primary,
			       int extra, int trusted, const char *option, const char *origin)
{
	struct wl_index *ix = wl_ctx_alloc(ctx, sizeof(*ix));
	struct wl_loc loc = at->key ? at->key_loc : at->loc;
	ix->url = wl_ctx_strdup(ctx, url ? url : "");
	ix->primary = primary;
	ix->extra = extra;
	ix->trusted_host = trusted;
	ix->option = option;
	ix->origin = origin;
	wl_fact_emit(ctx, WL_FACT_INDEX, &loc, ix);
	return ix;
}

struct wl_manifest *wl_manifest_new(struct wl_ctx *ctx, enum wl_manifest_kind kind, const char *format)
{
	struct wl_manifest *m = wl_ctx_alloc(ctx, sizeof(*m));
	m->kind = kind;
	m->format = format;
	return m;
}

void wl_manifest_count(struct wl_manifest *m, const struct wl_dep *d)
{
	m->ndeps++;
	if (d->nhashes)
		m->nhashed++;
	if (d->version)
		m->npinned++;
}

void wl_manifest_emit(struct wl_ctx *ctx, struct wl_manifest *m)
{
	struct wl_loc loc = { NULL, 0, 0, 0, 0 };
	wl_fact_emit(ctx, WL_FACT_MANIFEST, &loc, m);
}

void wl_tv_notify(struct wl_ctx *ctx, const struct wl_tv_doc *doc, const char *what)
{
	if (doc->has_error)
		wl_notify(ctx, WL_LEVEL_NOTE, "%s has syntax errors; the readable parts were checked", what);
	if (doc->truncated)
		wl_notify(ctx, WL_LEVEL_WARNING, "%s nests deeper than %d levels; the deeper parts were not checked",
			  what, WL_TV_MAX_DEPTH);
}
