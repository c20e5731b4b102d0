/*
 * svcconfig.c - configuration files of ML servers, as WL_FACT_SERVICE
 * (rules/services.c judges):
 * - TorchServe's config.properties: Java properties lines (`key=value`,
 *   `key: value`, `key value`; `#`/`!` comments; a trailing backslash
 *   continues a line). A config.properties is TorchServe's when it names one
 *   of its addresses or its model store; its settings become one fact.
 * - Jupyter's jupyter_{notebook,server,lab}_config.py / .json: each
 *   `c.App.trait = literal` (module level, through the Python grammar) or
 *   {"App": {"trait": value}} (JSON) becomes the command-line option
 *   `--App.trait=value`, so the file is judged like `jupyter lab --App.trait=...`.
 */
#include "engine.h"
#include "facts_ci.h"
#include "tsutil.h"

#include <stdio.h>
#include <string.h>
#include <tree_sitter/api.h>

#define SVC_MAX_KEYS 256

static int jupyter_config_name(const char *n)
{
	return !strcmp(n, "jupyter_notebook_config.py") || !strcmp(n, "jupyter_server_config.py") ||
	       !strcmp(n, "jupyter_lab_config.py") || !strcmp(n, "jupyter_notebook_config.json") ||
	       !strcmp(n, "jupyter_server_config.json") || !strcmp(n, "jupyter_lab_config.json");
}

static int svc_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT)
		return 0;
	return strcmp(f->name, "config.properties") == 0 || jupyter_config_name(f->name);
}

/* ------------------------------------------------------------ jupyter */

#define JUP_MAX 256

struct jup {
	struct wl_ctx *ctx;
	const char **argv;
	unsigned char *dyn;
	size_t n;
	struct wl_loc at; /* the token setting, else the ip setting, else the file */
	int have_token_loc;
};

static void jup_add(struct jup *j, const char *app, size_t al, const char *trait, size_t tl, const char *val, int dyn,
		    uint32_t line, uint32_t col)
{
	if (j->n >= JUP_MAX)
		return;
	j->argv[j->n] = wl_ctx_printf(j->ctx, "--%.*s.%.*s=%s", (int)al, app, (int)tl, trait, val);
	j->dyn[j->n] = (unsigned char)dyn;
	j->n++;
	if ((tl == 5 && !memcmp(trait, "token", 5)) || (!j->have_token_loc && tl == 2 && !memcmp(trait, "ip", 2))) {
		memset(&j->at, 0, sizeof(j->at));
		j->at.line = line;
		j->at.col = col;
		j->have_token_loc |= tl == 5;
	}
}

static void jup_emit(struct wl_ctx *ctx, struct jup *j, const char *origin)
{
	struct wl_service *sv;
	if (!j->n)
		return;
	j->argv[j->n] = NULL;
	sv = wl_ctx_alloc(ctx, sizeof(*sv));
	memset(sv, 0, sizeof(*sv));
	sv->program = "jupyter";
	sv->argv = j->argv;
	sv->dynamic = j->dyn;
	sv->argc = j->n;
	sv->command = wl_ctx_strdup(ctx, wl_ctx_file(ctx)->name);
	sv->origin = origin;
	wl_fact_emit(ctx, WL_FACT_SERVICE, &j->at, sv);
}

/* `c.App.trait = value` statements at module level of a .py config */
static int jupyter_py(struct wl_ctx *ctx, const struct wl_file *f, struct jup *j)
{
	TSParser *p = wl_ctx_parser(ctx, WL_LANG_PYTHON);
	const char *src = (const char *)f->data;
	TSTree *tree;
	TSNode root;
	uint32_t i, nc;
	if (!p || f->size > UINT32_MAX)
		return WL_EFORMAT;
	if (!(tree = ts_parser_parse_string(p, NULL, src, (uint32_t)f->size))) {
		wl_notify(ctx, WL_LEVEL_WARNING, "the Jupyter config could not be parsed");
		return WL_EFORMAT;
	}
	root = ts_tree_root_node(tree);
	nc = ts_node_named_child_count(root);
	for (i = 0; i < nc; i++) {
		TSNode st = ts_node_named_child(root, i), a, l, r, o, oo, app, trait;
		const char *val;
		char *tmp = NULL;
		int dyn = 0;
		if (strcmp(ts_node_type(st), "expression_statement") != 0)
			continue;
		a = ts_node_named_child(st, 0);
		if (ts_node_is_null(a) || strcmp(ts_node_type(a), "assignment") != 0)
			continue;
		l = ts_node_child_by_field_name(a, "left", 4);
		r = ts_node_child_by_field_name(a, "right", 5);
		/* c.App.trait: attribute(attribute(identifier c, App), trait) */
		if (ts_node_is_null(l) || ts_node_is_null(r) || strcmp(ts_node_type(l), "attribute") != 0)
			continue;
		o = ts_node_child_by_field_name(l, "object", 6);
		trait = ts_node_child_by_field_name(l, "attribute", 9);
		if (ts_node_is_null(o) || ts_node_is_null(trait) || strcmp(ts_node_type(o), "attribute") != 0)
			continue;
		oo = ts_node_child_by_field_name(o, "object", 6);
		app = ts_node_child_by_field_name(o, "attribute", 9);
		if (ts_node_is_null(oo) || ts_node_is_null(app) || strcmp(ts_node_type(oo), "identifier") != 0)
			continue;
		if (!strcmp(ts_node_type(r), "string") && ts_node_named_child_count(r) <= 3) {
			/* string_start, [string_content], string_end: a plain literal */
			uint32_t k, n2 = ts_node_named_child_count(r);
			val = "";
			for (k = 0; k < n2; k++) {
				TSNode ch = ts_node_named_child(r, k);
				if (!strcmp(ts_node_type(ch), "string_content"))
					val = tmp = wl_ctx_strndup(ctx, src + ts_node_start_byte(ch),
								   ts_node_end_byte(ch) - ts_node_start_byte(ch));
				else if (!strcmp(ts_node_type(ch), "interpolation") || !strcmp(ts_node_type(ch), "escape_sequence"))
					dyn = 1;
			}
		} else {
			val = tmp = wl_ctx_strndup(ctx, src + ts_node_start_byte(r),
						   ts_node_end_byte(r) - ts_node_start_byte(r));
			dyn = strcmp(ts_node_type(r), "true") != 0 && strcmp(ts_node_type(r), "false") != 0 &&
			      strcmp(ts_node_type(r), "integer") != 0;
		}
		(void)tmp;
		jup_add(j, src + ts_node_start_byte(app), ts_node_end_byte(app) - ts_node_start_byte(app),
			src + ts_node_start_byte(trait), ts_node_end_byte(trait) - ts_node_start_byte(trait), val, dyn,
			ts_node_start_point(st).row + 1, ts_node_start_point(st).column + 1);
	}
	ts_tree_delete(tree);
	jup_emit(ctx, j, "Jupyter config");
	return 0;
}

static int jupyter_json(struct wl_ctx *ctx, const struct wl_file *f, struct jup *j)
{
	struct wl_tv_doc doc;
	const struct wl_tv *app, *t;
	memset(&doc, 0, sizeof(doc));
	if (wl_tv_parse(ctx, WL_LANG_JSON, (const char *)f->data, f->size, &doc) || !doc.root) {
		wl_notify(ctx, WL_LEVEL_WARNING, "the Jupyter config could not be parsed as JSON");
		wl_tv_doc_release(&doc);
		return WL_EFORMAT;
	}
	if (doc.has_error)
		wl_notify(ctx, WL_LEVEL_NOTE, "the Jupyter config does not fully parse; the rest was still checked");
	for (app = doc.root->kind == WL_TV_TABLE ? doc.root->child : NULL; app; app = app->next) {
		if (!app->key || app->kind != WL_TV_TABLE)
			continue;
		for (t = app->child; t; t = t->next)
			if (t->key && wl_tv_is_scalar(t))
				jup_add(j, app->key, strlen(app->key), t->key, strlen(t->key), t->str, 0, t->key_loc.line,
					t->key_loc.col);
	}
	jup_emit(ctx, j, "Jupyter config");
	wl_tv_doc_release(&doc);
	return 0;
}

static int jupyter_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct jup j;
	memset(&j, 0, sizeof(j));
	j.ctx = ctx;
	j.argv = wl_ctx_alloc(ctx, (JUP_MAX + 1) * sizeof(*j.argv));
	j.dyn = wl_ctx_alloc(ctx, JUP_MAX + 1);
	return strcmp(f->ext, ".json") == 0 ? jupyter_json(ctx, f, &j) : jupyter_py(ctx, f, &j);
}

/* ---------------------------------------------------- config.properties */

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

static int properties_scan(struct wl_ctx *ctx, const struct wl_file *f)
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

static int svc_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	return jupyter_config_name(f->name) ? jupyter_scan(ctx, f) : properties_scan(ctx, f);
}

const struct wl_scanner wl_scanner_svcconfig = {
	.name = "svcconfig",
	.wants = svc_wants,
	.scan = svc_scan,
};
