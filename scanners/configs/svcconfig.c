/*
 * svcconfig.c - TorchServe's config.properties: Java properties lines
 * (`key=value`, `key: value`, `key value`; `#`/`!` comments; a trailing
 * backslash continues a line). A config.properties is TorchServe's when it
 * names one of its addresses or its model store; its settings become one
 * WL_FACT_SERVICE (rules/services.c judges the bind addresses).
 */
#include "engine.h"
#include "facts_ci.h"

#include <string.h>

#define SVC_MAX_KEYS 256

static int svc_wants(const struct wl_file *f)
{
	return strcmp(f->name, "config.properties") == 0 && f->magic == WL_MAGIC_TEXT;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

static int svc_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	const char *p = (const char *)f->data, *end = p + f->size;
	const char **keys = wl_ctx_alloc(ctx, SVC_MAX_KEYS * sizeof(*keys));
	const char **vals = wl_ctx_alloc(ctx, (SVC_MAX_KEYS + 1) * sizeof(*vals));
	unsigned char *dyn = wl_ctx_alloc(ctx, SVC_MAX_KEYS + 1);
	struct wl_loc *locs = wl_ctx_alloc(ctx, SVC_MAX_KEYS * sizeof(*locs));
	size_t n = 0;
	uint32_t line = 0;
	int torchserve = 0;
	struct wl_service *sv;
	struct wl_loc whole;

	while (p < end) {
		const char *ls = p, *le, *k, *ke, *v, *ve;
		uint32_t here = ++line;
		le = memchr(p, '\n', (size_t)(end - p));
		if (!le)
			le = end;
		p = le < end ? le + 1 : end;
		while (le > ls && le[-1] == '\r')
			le--;
		/* a continued value: join the next lines (kept only up to this line's end) */
		while (le > ls && le[-1] == '\\' && p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl + 1 : end;
			line++;
		}
		k = ls;
		while (k < le && is_ws(*k))
			k++;
		if (k >= le || *k == '#' || *k == '!')
			continue;
		ke = k;
		while (ke < le && *ke != '=' && *ke != ':' && !is_ws(*ke))
			ke++;
		v = ke;
		while (v < le && is_ws(*v))
			v++;
		if (v < le && (*v == '=' || *v == ':'))
			v++;
		while (v < le && is_ws(*v))
			v++;
		ve = le;
		while (ve > v && (is_ws(ve[-1]) || ve[-1] == '\\'))
			ve--;
		if (n >= SVC_MAX_KEYS) {
			wl_notify(ctx, WL_LEVEL_NOTE, "config.properties has more than %d settings: the rest were not read",
				  SVC_MAX_KEYS);
			break;
		}
		keys[n] = wl_ctx_strndup(ctx, k, (size_t)(ke - k));
		vals[n] = wl_ctx_strndup(ctx, v, (size_t)(ve - v));
		dyn[n] = memchr(v, '$', (size_t)(ve - v)) != NULL;
		memset(&locs[n], 0, sizeof(locs[n]));
		locs[n].line = here;
		locs[n].col = (uint32_t)(k - ls) + 1;
		locs[n].end_line = here;
		locs[n].end_col = (uint32_t)(ve - ls) + 1;
		if (!strcmp(keys[n], "inference_address") || !strcmp(keys[n], "management_address") ||
		    !strcmp(keys[n], "metrics_address") || !strcmp(keys[n], "model_store"))
			torchserve = 1;
		n++;
	}
	if (!torchserve)
		return 0;
	vals[n] = NULL;
	sv = wl_ctx_alloc(ctx, sizeof(*sv));
	memset(sv, 0, sizeof(*sv));
	sv->program = "torchserve";
	sv->argv = vals;
	sv->dynamic = dyn;
	sv->argc = n;
	sv->keys = keys;
	sv->locs = locs;
	sv->command = "config.properties";
	sv->origin = "TorchServe config.properties";
	memset(&whole, 0, sizeof(whole));
	wl_fact_emit(ctx, WL_FACT_SERVICE, &whole, sv);
	return 0;
}

const struct wl_scanner wl_scanner_svcconfig = {
	.name = "svcconfig",
	.wants = svc_wants,
	.scan = svc_scan,
};
