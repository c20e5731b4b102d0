/*
 * hfconfig.c - Hugging Face configs: config.json, tokenizer_config.json and
 * their *_config.json siblings (auto_map in every form, trust_remote_code,
 * chat_template as a string or a list of {name, template}), plus
 * chat_template.json and chat_template.jinja. JSON is parsed with
 * tree-sitter so each fact names its line; the walk is iterative, so
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
	       memmem(d, n, "chat_template", 13) || wl_hub_id_prefilter(d, n);
}

/* Is `"word"` followed by optional spaces and a colon somewhere in d? */
static int hf_has_key(const unsigned char *d, size_t n, const char *word)
{
	size_t wn = strlen(word);
	const unsigned char *p = d, *e = d + n;
	while ((p = memmem(p, (size_t)(e - p), word, wn)) != NULL) {
		const unsigned char *q = p + wn;
		if (p > d && p[-1] == '"' && q < e && *q == '"') {
			q++;
			while (q < e && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
				q++;
			if (q < e && *q == ':')
				return 1;
		}
		p += wn;
	}
	return 0;
}

static void hf_emit_auto_map(struct wl_ctx *ctx, const char *member, TSNode valnode,
			     const char *src, const char *cls)
{
	size_t len;
	char *ref = wl_json_string(valnode, src, &len);
	struct wl_loc loc = wl_ts_node_loc(valnode);
	struct wl_config_fact *c;

	if (!ref)
		return;
	c = wl_config_fact_new(ctx, WL_CFG_AUTO_MAP, member, ts_node_start_byte(valnode));
	c->key = wl_ctx_strdup(ctx, cls);
	c->value = wl_fmt_memdup(ctx, ref, len);
	c->value_len = len;
	if (member)
		loc.line = 1, loc.col = 0;
	wl_fact_emit(ctx, WL_FACT_CONFIG, &loc, c);
	free(ref);
}

/* auto_map: {"AutoModel": "mod.Class"} or {"AutoTokenizer": ["slow.Cls", "fast.Cls" | null]}
 * (values may also be cross-repo "org/repo--mod.Class"). */
static void hf_auto_map(struct wl_ctx *ctx, const char *member, TSNode obj, const char *src)
{
	uint32_t i, n, j, m;

	if (strcmp(ts_node_type(obj), "string") == 0) {
		hf_emit_auto_map(ctx, member, obj, src, "(bare)");
		return;
	}
	if (strcmp(ts_node_type(obj), "array") == 0) {
		m = ts_node_named_child_count(obj);
		for (j = 0; j < m; j++)
			hf_emit_auto_map(ctx, member, ts_node_named_child(obj, j), src, "(list)");
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
				hf_emit_auto_map(ctx, member, ts_node_named_child(v, j), src, cls);
		} else {
			hf_emit_auto_map(ctx, member, v, src, cls);
		}
		free(cls);
	}
}

static void hf_template_node(struct wl_ctx *ctx, const char *member, TSNode v, const char *src,
			     const char *where)
{
	size_t len;
	char *t = wl_json_string(v, src, &len);
	struct wl_loc loc = wl_ts_node_loc(v);

	if (!t)
		return;
	wl_chat_template_emit(ctx, where, member, 0, ts_node_start_byte(v), loc.line, loc.col, 0, t, len);
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

/* Does this string name a template file (x.jinja) rather than hold one? */
static int is_template_path(const char *s, size_t n)
{
	return n > 6 && n < 1024 && !memchr(s, '{', n) && !memchr(s, '\n', n) &&
	       (wl_ends_with(s, ".jinja") || wl_ends_with(s, ".jinja2") || wl_ends_with(s, ".j2"));
}

static void hf_template_ref(struct wl_ctx *ctx, TSNode v, const char *src)
{
	size_t n;
	char *t = wl_json_string(v, src, &n);
	if (t && is_template_path(t, n)) {
		struct wl_template_link *l = wl_ctx_alloc(ctx, sizeof(*l));
		struct wl_loc loc = wl_ts_node_loc(v);
		memset(l, 0, sizeof(*l));
		l->ref = wl_ctx_strdup(ctx, t);
		wl_fact_emit(ctx, WL_FACT_TEMPLATE_LINK, &loc, l);
	}
	free(t);
}

static int hf_is_config_name(const char *name);

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
		/* transformers reads auto_map from its own config files only: in a
		 * JSON of another name it maps nothing (chat_template and
		 * trust_remote_code there are still what they say) */
		const struct wl_file *f = wl_ctx_file(ctx);
		if (member || !f || hf_is_config_name(f->name))
			hf_auto_map(ctx, member, v, src);
	} else if (strcmp(key, "trust_remote_code") == 0 && strcmp(ts_node_type(v), "true") == 0) {
		struct wl_loc loc = wl_ts_node_loc(v);
		struct wl_config_fact *c = wl_config_fact_new(ctx, WL_CFG_TRUST_REMOTE_CODE, member,
							      ts_node_start_byte(v));

		c->key = "trust_remote_code";
		c->value = "true";
		c->value_len = 4;
		if (member)
			loc.line = 1, loc.col = 0;
		wl_fact_emit(ctx, WL_FACT_CONFIG, &loc, c);
	} else if (strcmp(key, "chat_template") == 0) {
		hf_chat_template(ctx, member, v, src);
		if (!member && strcmp(ts_node_type(v), "string") == 0)
			hf_template_ref(ctx, v, src);
	} else if (!member && wl_hub_id_key(key) && strcmp(ts_node_type(v), "string") == 0) {
		/* a model's config names the repository it came from or builds on;
		 * only in the HF config files (data and reports name models too) */
		const struct wl_file *f = wl_ctx_file(ctx);
		char *val = f && hf_is_config_name(f->name) ? wl_json_string(v, src, NULL) : NULL;
		if (val) {
			struct wl_loc loc = wl_ts_node_loc(v);
			wl_hub_id_emit(ctx, key, val, &loc, ts_node_start_byte(v));
			free(val);
		}
	} else if (!member && (strcmp(key, "chat_template_file") == 0 || strcmp(key, "chat_template_path") == 0 ||
			       strcmp(key, "chat_template_jinja") == 0) &&
		   strcmp(ts_node_type(v), "string") == 0) {
		hf_template_ref(ctx, v, src);
	}
	free(key);
}

/* Visit every pair of the tree, iteratively (a cursor, not recursion). */
static void hf_walk(struct wl_ctx *ctx, const char *member, TSNode root, const char *src)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	unsigned depth = 0;

	do {
		TSNode n = ts_tree_cursor_current_node(&cur);

		if (strcmp(ts_node_type(n), "pair") == 0)
			hf_pair(ctx, member, n, src);
	} while (wl_ts_walk_next(&cur, &depth, 1));
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

static int is_jinja(const struct wl_file *f)
{
	return strcmp(f->ext, ".jinja") == 0 || strcmp(f->ext, ".jinja2") == 0 || strcmp(f->ext, ".j2") == 0;
}

/* Named as a chat template: transformers saves chat_template.jinja and
 * additional_chat_templates/<name>.jinja. */
static int named_chat_template(const struct wl_file *f)
{
	return strstr(f->name, "chat_template") || strstr(f->path, "additional_chat_templates/");
}

static int hfconfig_wants(const struct wl_file *f)
{
	int by_content;
	if (f->magic != WL_MAGIC_TEXT)
		return 0;
	if (hf_is_config_name(f->name))
		return 1;
	/* every template file: one not named as a chat template is checked only
	 * when a config points at it (web, Ansible or dbt templates use
	 * joiner(), cycler() and friends legitimately) */
	if (is_jinja(f))
		return 1;
	/* JSON config of any name, and JSON by content in a file without an
	 * extension (evaluation harnesses keep configs so): the one sniffer */
	return wl_config_syntax(f, &by_content) == WL_CFG_SYNTAX_JSON;
}

static int hfconfig_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	if (is_jinja(f)) {
		if (named_chat_template(f)) {
			/* A bare template file (transformers saves chat_template.jinja). */
			wl_chat_template_emit(ctx, f->name, NULL, 0, 0, 1, 1, 1, (const char *)f->data, f->size);
		} else if (f->size <= WL_TMPL_MAX_LEN) {
			struct wl_config_fact *c = wl_config_fact_new(ctx, WL_CFG_CHAT_TEMPLATE, NULL, 0);
			struct wl_template_link *l = wl_ctx_alloc(ctx, sizeof(*l));
			struct wl_loc loc = { 0 };
			c->label = wl_ctx_strdup(ctx, f->name);
			c->key = "chat_template";
			c->value = wl_fmt_memdup(ctx, (const char *)f->data, f->size);
			c->value_len = f->size;
			c->whole_file = 1;
			memset(l, 0, sizeof(*l));
			l->tmpl = c;
			loc.line = 1;
			wl_fact_emit(ctx, WL_FACT_TEMPLATE_LINK, &loc, l);
		}
		return 0;
	}
	if (!hf_prefilter(f->data, f->size))
		return 0;
	/* JSON of any other name (data, reports, SARIF): parse it only when one
	 * of the words is a key, not text inside some string */
	if (!hf_is_config_name(f->name) && !hf_has_key(f->data, f->size, "chat_template") &&
	    !hf_has_key(f->data, f->size, "auto_map") && !hf_has_key(f->data, f->size, "trust_remote_code"))
		return 0;
	return hf_scan_json(ctx, NULL, (const char *)f->data, f->size) == WL_EIO ? WL_EIO : 0;
}

const struct wl_scanner wl_scanner_hfconfig = {
	.name = "hfconfig",
	.wants = hfconfig_wants,
	.scan = hfconfig_scan,
	.emits = WL_FACT_BIT(WL_FACT_TEMPLATE_LINK),
};
