/*
 * hfconfig.c - Hugging Face configs: config.json, tokenizer_config.json and
 * their *_config.json siblings (auto_map in every form, trust_remote_code,
 * chat_template as a string or a list of {name, template}), plus
 * chat_template.json and chat_template.jinja. JSON is parsed with
 * tree-sitter so each finding names its line; the walk is iterative, so
 * hostile nesting cannot exhaust the stack. Never imports or runs anything.
 */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "fmtutil.h"
#include "jsonts.h"
#include "template_check.h"

/* Cheap gate: without one of these words there is nothing to check. */
static int hf_prefilter(const unsigned char *d, size_t n)
{
	return memmem(d, n, "auto_map", 8) || memmem(d, n, "trust_remote_code", 17) ||
	       memmem(d, n, "chat_template", 13);
}

static struct wl_loc node_loc(TSNode n)
{
	struct wl_loc loc = { 0 };
	TSPoint p = ts_node_start_point(n);

	loc.line = p.row + 1;
	loc.col = p.column + 1;
	return loc;
}

static void hf_report_auto_map(struct wl_ctx *ctx, const char *member, TSNode valnode,
			       const char *src, const char *cls)
{
	size_t len;
	char *ref = wl_json_string(valnode, src, &len);
	struct wl_loc loc = node_loc(valnode);
	struct wl_finding *f;
	char *disp, *dcls;
	const char *sep;

	if (!ref)
		return;
	disp = wl_fmt_display(ref, len, 200);
	dcls = wl_fmt_display(cls, strlen(cls), 80);
	sep = strstr(ref, "--");
	if (sep && memchr(ref, '/', (size_t)(sep - ref))) {
		f = wl_report_at(ctx, "WL403", member, ts_node_start_byte(valnode), loc.line, loc.col,
				 "auto_map %s loads code from another Hub repository: \"%s\"", dcls, disp);
	} else {
		f = wl_report_at(ctx, "WL402", member, ts_node_start_byte(valnode), loc.line, loc.col,
				 "auto_map %s runs repository code with trust_remote_code: \"%s\"", dcls, disp);
	}
	if (f) {
		wl_finding_key(f, "auto_map:%s=%s", dcls, disp);
		wl_finding_prop(f, "auto-map-class", "%s", dcls);
		wl_finding_prop(f, "code-reference", "%s", disp);
	}
	free(dcls);
	free(disp);
	free(ref);
}

/* auto_map: {"AutoModel": "mod.Class"} or {"AutoTokenizer": ["slow.Cls", "fast.Cls" | null]}
 * (values may also be cross-repo "org/repo--mod.Class"). */
static void hf_auto_map(struct wl_ctx *ctx, const char *member, TSNode obj, const char *src)
{
	uint32_t i, n, j, m;

	if (strcmp(ts_node_type(obj), "string") == 0) {
		hf_report_auto_map(ctx, member, obj, src, "(bare)");
		return;
	}
	if (strcmp(ts_node_type(obj), "array") == 0) {
		m = ts_node_named_child_count(obj);
		for (j = 0; j < m; j++)
			hf_report_auto_map(ctx, member, ts_node_named_child(obj, j), src, "(list)");
		return;
	}
	if (strcmp(ts_node_type(obj), "object") != 0)
		return;
	n = ts_node_named_child_count(obj);
	for (i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(obj, i), k, v;
		char *cls;

		if (strcmp(ts_node_type(p), "pair") != 0)
			continue;
		k = ts_node_child_by_field_name(p, "key", 3);
		v = ts_node_child_by_field_name(p, "value", 5);
		if (ts_node_is_null(v))
			continue;
		cls = wl_json_string(k, src, NULL);
		if (!cls)
			cls = wl_strdup("?");
		if (strcmp(ts_node_type(v), "array") == 0) {
			m = ts_node_named_child_count(v);
			for (j = 0; j < m; j++)
				hf_report_auto_map(ctx, member, ts_node_named_child(v, j), src, cls);
		} else {
			hf_report_auto_map(ctx, member, v, src, cls);
		}
		free(cls);
	}
}

static void hf_template_node(struct wl_ctx *ctx, const char *member, TSNode v, const char *src,
			     const char *where)
{
	size_t len;
	char *t = wl_json_string(v, src, &len);
	struct wl_loc loc = node_loc(v);

	if (!t)
		return;
	wl_template_report(ctx, where, member, 0, ts_node_start_byte(v), loc.line, loc.col, t, len);
	free(t);
}

/* chat_template: "..." or [{"name": "default", "template": "..."}, ...] */
static void hf_chat_template(struct wl_ctx *ctx, const char *member, TSNode v, const char *src)
{
	uint32_t i, n;

	if (strcmp(ts_node_type(v), "string") == 0) {
		hf_template_node(ctx, member, v, src, "chat_template");
		return;
	}
	if (strcmp(ts_node_type(v), "array") != 0)
		return;
	n = ts_node_named_child_count(v);
	for (i = 0; i < n; i++) {
		TSNode e = ts_node_named_child(v, i);
		TSNode name = wl_json_get(e, src, "name");
		TSNode tmpl = wl_json_get(e, src, "template");
		size_t nlen = 0;
		char *nm = ts_node_is_null(name) ? NULL : wl_json_string(name, src, &nlen);
		char *disp = nm ? wl_fmt_display(nm, nlen, 80) : wl_strdup("?");
		char *where = wl_printf_alloc("chat_template \"%s\"", disp);

		if (!ts_node_is_null(tmpl))
			hf_template_node(ctx, member, tmpl, src, where);
		else if (strcmp(ts_node_type(e), "string") == 0)
			hf_template_node(ctx, member, e, src, "chat_template");
		free(where);
		free(disp);
		free(nm);
	}
}

static void hf_pair(struct wl_ctx *ctx, const char *member, TSNode pair, const char *src)
{
	TSNode k = ts_node_child_by_field_name(pair, "key", 3);
	TSNode v = ts_node_child_by_field_name(pair, "value", 5);
	size_t klen;
	char *key;

	if (ts_node_is_null(k) || ts_node_is_null(v))
		return;
	key = wl_json_string(k, src, &klen);
	if (!key)
		return;
	if (strcmp(key, "auto_map") == 0) {
		hf_auto_map(ctx, member, v, src);
	} else if (strcmp(key, "trust_remote_code") == 0 && strcmp(ts_node_type(v), "true") == 0) {
		struct wl_loc loc = node_loc(v);
		struct wl_finding *f = wl_report_at(ctx, "WL404", member, ts_node_start_byte(v), loc.line,
						    loc.col, "config sets trust_remote_code to true");
		if (f)
			wl_finding_key(f, "trust_remote_code");
	} else if (strcmp(key, "chat_template") == 0) {
		hf_chat_template(ctx, member, v, src);
	}
	free(key);
}

/* Visit every pair of the tree, iteratively (a cursor, not recursion). */
static void hf_walk(struct wl_ctx *ctx, const char *member, TSNode root, const char *src)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	int done = 0;

	while (!done) {
		TSNode n = ts_tree_cursor_current_node(&cur);

		if (strcmp(ts_node_type(n), "pair") == 0)
			hf_pair(ctx, member, n, src);
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				done = 1;
				break;
			}
		}
	}
	ts_tree_cursor_delete(&cur);
}

static int hf_scan_json(struct wl_ctx *ctx, const char *member, const char *src, size_t len)
{
	TSParser *p;
	TSTree *tree;

	if (len > UINT32_MAX) {
		wl_notify(ctx, WL_LEVEL_WARNING, "JSON config too large to parse (%zu bytes)", len);
		return WL_ELIMIT;
	}
	p = wl_ctx_parser(ctx, WL_LANG_JSON);
	if (!p) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no JSON parser available");
		return WL_EIO;
	}
	tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_WARNING, "JSON config could not be parsed in time; not checked");
		return WL_ELIMIT;
	}
	if (ts_node_has_error(ts_tree_root_node(tree)))
		wl_notify(ctx, WL_LEVEL_NOTE, "JSON config has syntax errors; the readable parts were checked");
	hf_walk(ctx, member, ts_tree_root_node(tree), src);
	ts_tree_delete(tree);
	return WL_OK;
}

static int hf_is_config_name(const char *name)
{
	return strcmp(name, "config.json") == 0 || wl_ends_with(name, "_config.json") ||
	       strcmp(name, "chat_template.json") == 0;
}

static int hfconfig_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT)
		return 0;
	if (hf_is_config_name(f->name))
		return 1;
	/* Only chat templates: transformers saves chat_template.jinja and
	 * additional_chat_templates/<name>.jinja. Web, Ansible or dbt templates
	 * legitimately use joiner(), cycler() and friends. */
	return (strcmp(f->ext, ".jinja") == 0 || strcmp(f->ext, ".jinja2") == 0) &&
	       (strstr(f->name, "chat_template") || strstr(f->path, "additional_chat_templates/"));
}

static int hfconfig_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	if (strcmp(f->ext, ".jinja") == 0 || strcmp(f->ext, ".jinja2") == 0) {
		/* A bare template file (transformers saves chat_template.jinja):
		 * locate the hit by counting lines up to it. */
		struct wl_tmpl_result r;
		uint32_t line = 1, col = 1;
		size_t i;

		if (!wl_template_check((const char *)f->data, f->size, &r))
			return 0;
		for (i = 0; i < r.hits[0].offset && i < f->size; i++) {
			if (f->data[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		wl_template_report(ctx, f->name, NULL, 0, 0, line, col, (const char *)f->data, f->size);
		return 0;
	}
	if (!hf_prefilter(f->data, f->size))
		return 0;
	return hf_scan_json(ctx, NULL, (const char *)f->data, f->size) == WL_EIO ? WL_EIO : 0;
}

const struct wl_scanner wl_scanner_hfconfig = {
	.name = "hfconfig",
	.wants = hfconfig_wants,
	.scan = hfconfig_scan,
};
