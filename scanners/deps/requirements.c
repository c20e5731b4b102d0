/*
 * requirements.c - pip requirements / constraints files into dependency,
 * index and manifest facts, following pip's own req_file.py line by line:
 * physical lines -> joined lines -> comments -> ${VAR} -> args | options.
 * It never fetches, resolves or runs anything; includes (-r/-c) become
 * WL_MANIFEST_REFERENCE facts that rules/deps.c resolves across files.
 */
#include <string.h>

#include "facts_dep.h"
#include "reqparse.h"

static int is_reqs_name(const char *name, const char *ext)
{
	return (strstr(name, "requirements") || strstr(name, "constraints")) &&
	       (!strcmp(ext, ".txt") || !strcmp(ext, ".in") || !strcmp(ext, ".pip"));
}

static int req_wants(const struct wl_file *f)
{
	const char *slash;
	if (f->magic != WL_MAGIC_TEXT && f->magic != WL_MAGIC_EMPTY)
		return 0;
	if (is_reqs_name(f->name, f->ext))
		return 1;
	/* requirements/base.txt, requirements/dev.in: the directory names the role */
	slash = strrchr(f->path, '/');
	if (slash && (!strcmp(f->ext, ".txt") || !strcmp(f->ext, ".in"))) {
		size_t dl = (size_t)(slash - f->path);
		const char *d = f->path;
		const char *prev = d + dl;
		while (prev > d && prev[-1] != '/')
			prev--;
		if ((size_t)(d + dl - prev) == 12 && !memcmp(prev, "requirements", 12))
			return 1;
		if ((size_t)(d + dl - prev) == 4 && !memcmp(prev, "reqs", 4))
			return 1;
	}
	return 0;
}

static int req_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_reqfile_opts o = {0};
	o.origin = "requirements";
	o.path = f->path;
	/* pip-compile inputs are abstract: the compiled .txt is their lock */
	o.context = !strcmp(f->ext, ".in") ? WL_DEPCTX_LIBRARY : WL_DEPCTX_APP;
	o.constraints = strstr(f->name, "constraints") != NULL;
	return wl_reqfile_parse(ctx, (const char *)f->data, f->size, &o);
}

const struct wl_scanner wl_scanner_requirements = {
	.name = "requirements",
	.wants = req_wants,
	.scan = req_scan,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST),
};
