/*
 * mlyaml.c - YAML that may load code, as WL_FACT_CONFIG facts
 * (facts_config.h): every tag, resolved through %TAG handles, verbatim tags
 * and percent-escapes as PyYAML resolves it; every Hydra / OmegaConf
 * `_target_`; trust_remote_code: true in training/eval configs.
 * rules/mlconfig.c decides which tags and targets are dangerous (the Hydra
 * lists are rules/data/hydra-*.txt).
 * Parsed with tree-sitter for exact lines; walked iteratively. Never loads
 * the YAML with a YAML library and never imports a target.
 */
#include "formats.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tree_sitter/api.h>

#include "jsonts.h"

#include "fmtutil.h"

#define YAML_MAX_HANDLES 16

struct yaml_handle {
	char *handle; /* "!e!" */
	char *prefix; /* "tag:yaml.org,2002:python/" */
};

struct yaml_scan {
	struct wl_ctx *ctx;
	const char *src;
	size_t nhandles;
	struct yaml_handle handles[YAML_MAX_HANDLES];
};

/* ------------------------------------------------------------ scalars */

/* The first scalar node at or under n (through flow_node/block_node), skipping
 * tags and anchors; a null node when the value is a collection. */
static TSNode yaml_scalar(TSNode n)
{
	TSNode none = { 0 };
	int depth;

	for (depth = 0; depth < 8 && !ts_node_is_null(n); depth++) {
		const char *t = ts_node_type(n);
		uint32_t i, c;
		TSNode next = none;

		if (!strcmp(t, "plain_scalar") || !strcmp(t, "double_quote_scalar") ||
		    !strcmp(t, "single_quote_scalar"))
			return n;
		if (strcmp(t, "flow_node") && strcmp(t, "block_node"))
			return none;
		c = ts_node_named_child_count(n);
		for (i = 0; i < c; i++) {
			TSNode ch = ts_node_named_child(n, i);
			const char *ct = ts_node_type(ch);

			if (strcmp(ct, "tag") && strcmp(ct, "anchor") && strcmp(ct, "comment")) {
				next = ch;
				break;
			}
		}
		n = next;
	}
	return none;
}

/* Text of a scalar, quotes removed and the common escapes resolved. */
static char *yaml_scalar_text(TSNode n, const char *src)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n), i;
	const char *t = ts_node_type(n);
	struct wl_buf b;

	wl_buf_init(&b, 0);
	if (!strcmp(t, "plain_scalar")) {
		wl_buf_add(&b, src + s, e - s);
		return wl_buf_detach(&b, NULL);
	}
	if (e - s >= 2) {
		s++;
		e--;
	}
	for (i = s; i < e; i++) {
		if (t[0] == 's' && src[i] == '\'' && i + 1 < e && src[i + 1] == '\'') {
			wl_buf_addch(&b, '\'');
			i++;
		} else if (t[0] == 'd' && src[i] == '\\' && i + 1 < e) {
			char c = src[++i];
			wl_buf_addch(&b, c == 'n' ? '\n' : c == 't' ? '\t' : c);
		} else {
			wl_buf_addch(&b, src[i]);
		}
	}
	return wl_buf_detach(&b, NULL);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* ------------------------------------------------------------ hydra */

static void hydra_target(struct yaml_scan *ys, TSNode value)
{
	TSNode sc = yaml_scalar(value);
	struct wl_config_fact *c;
	struct wl_loc loc;
	char *raw, *target;

	if (ts_node_is_null(sc))
		return;
	raw = yaml_scalar_text(sc, ys->src);
	target = trim(raw);
	loc = wl_ts_node_loc(sc);
	c = wl_config_fact_new(ys->ctx, WL_CFG_HYDRA_TARGET, NULL, ts_node_start_byte(sc));
	c->key = "_target_";
	c->value = wl_ctx_strdup(ys->ctx, target);
	c->value_len = strlen(target);
	wl_fact_emit(ys->ctx, WL_FACT_CONFIG, &loc, c);
	free(raw);
}

/* ------------------------------------------------------------ tags */

static char *percent_decode(const char *s)
{
	struct wl_buf b;
	size_t i, n = strlen(s);

	wl_buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n) {
			hi = s[i + 1];
			lo = s[i + 2];
			hi = wl_hexval(hi);
			lo = wl_hexval(lo);
			if (hi >= 0 && lo >= 0) {
				wl_buf_addch(&b, (char)(hi << 4 | lo));
				i += 2;
				continue;
			}
		}
		wl_buf_addch(&b, s[i]);
	}
	return wl_buf_detach(&b, NULL);
}

static void yaml_reset_handles(struct yaml_scan *ys)
{
	size_t i;

	for (i = 0; i < ys->nhandles; i++) {
		free(ys->handles[i].handle);
		free(ys->handles[i].prefix);
	}
	ys->nhandles = 0;
}

static void yaml_tag_directive(struct yaml_scan *ys, TSNode d)
{
	uint32_t i, c = ts_node_named_child_count(d);
	char *handle = NULL, *prefix = NULL;

	for (i = 0; i < c; i++) {
		TSNode ch = ts_node_named_child(d, i);
		uint32_t s = ts_node_start_byte(ch), e = ts_node_end_byte(ch);

		if (!strcmp(ts_node_type(ch), "tag_handle") && !handle)
			handle = wl_strndup(ys->src + s, e - s);
		else if (!strcmp(ts_node_type(ch), "tag_prefix") && !prefix)
			prefix = wl_strndup(ys->src + s, e - s);
	}
	if (handle && prefix && ys->nhandles < YAML_MAX_HANDLES) {
		ys->handles[ys->nhandles].handle = handle;
		ys->handles[ys->nhandles++].prefix = prefix;
		return;
	}
	free(handle);
	free(prefix);
}

static const char *yaml_handle_prefix(const struct yaml_scan *ys, const char *h, size_t n)
{
	size_t i = ys->nhandles;

	while (i-- > 0) /* a later directive wins */
		if (strlen(ys->handles[i].handle) == n && !memcmp(ys->handles[i].handle, h, n))
			return ys->handles[i].prefix;
	if (n == 2 && !memcmp(h, "!!", 2))
		return "tag:yaml.org,2002:";
	if (n == 1)
		return "!";
	return NULL;
}

static void yaml_tag(struct yaml_scan *ys, TSNode tag)
{
	uint32_t s = ts_node_start_byte(tag), e = ts_node_end_byte(tag);
	char *raw = wl_strndup(ys->src + s, e - s), *resolved, *decoded;
	const char *prefix, *suffix;
	struct wl_config_fact *c;
	struct wl_loc loc;
	size_t hlen;

	if (raw[0] != '!') {
		free(raw);
		return;
	}
	if (raw[1] == '<') {
		/* verbatim !<...> */
		size_t n = strlen(raw);
		resolved = wl_strndup(raw + 2, n > 2 && raw[n - 1] == '>' ? n - 3 : n - 2);
	} else {
		const char *second = strchr(raw + 1, '!');

		hlen = second ? (size_t)(second - raw) + 1 : 1;
		prefix = yaml_handle_prefix(ys, raw, hlen);
		suffix = raw + hlen;
		resolved = prefix ? wl_printf_alloc("%s%s", prefix, suffix) : wl_strdup(raw);
	}
	decoded = percent_decode(resolved);
	loc = wl_ts_node_loc(tag);
	c = wl_config_fact_new(ys->ctx, WL_CFG_YAML_TAG, NULL, s);
	c->key = wl_ctx_strdup(ys->ctx, raw);
	c->value = wl_ctx_strdup(ys->ctx, decoded);
	c->value_len = strlen(decoded);
	wl_fact_emit(ys->ctx, WL_FACT_CONFIG, &loc, c);
	free(decoded);
	free(resolved);
	free(raw);
}

/* ------------------------------------------------------------ walk */

static int scalar_is(TSNode n, const char *src, const char *const *words, size_t nwords)
{
	TSNode sc = yaml_scalar(n);
	char *t, *w;
	size_t i;
	int yes = 0;

	if (ts_node_is_null(sc))
		return 0;
	t = yaml_scalar_text(sc, src);
	w = trim(t);
	for (i = 0; i < nwords && !yes; i++)
		yes = strcmp(w, words[i]) == 0;
	free(t);
	return yes;
}

/* trust_remote_code: true in a training/eval config (axolotl, lm-eval,
 * vLLM ...) makes the loader import code shipped with the model. Only a
 * plain YAML 1.1/1.2 true counts. */
static void yaml_trust_remote_code(struct yaml_scan *ys, TSNode value)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "on", "On" };
	TSNode sc = yaml_scalar(value);
	struct wl_config_fact *c;
	struct wl_loc loc;

	if (ts_node_is_null(sc) || strcmp(ts_node_type(sc), "plain_scalar") ||
	    !scalar_is(value, ys->src, yes, WL_ARRAY_SIZE(yes)))
		return;
	loc = wl_ts_node_loc(sc);
	c = wl_config_fact_new(ys->ctx, WL_CFG_TRUST_REMOTE_CODE, NULL, ts_node_start_byte(sc));
	c->key = "trust_remote_code";
	c->value = "true";
	c->value_len = 4;
	wl_fact_emit(ys->ctx, WL_FACT_CONFIG, &loc, c);
}

/* Is the mapping that holds `pair` an item of a `datasets:` list (axolotl's
 * `datasets: [{path: org/name, type: alpaca}]`)? */
static int in_datasets_list(const struct yaml_scan *ys, TSNode pair)
{
	static const char *const lists[] = { "datasets", "test_datasets", "pretraining_dataset" };
	TSNode n = ts_node_parent(pair);
	int depth, seq = 0;

	for (depth = 0; depth < 8 && !ts_node_is_null(n); depth++, n = ts_node_parent(n)) {
		const char *t = ts_node_type(n);
		if (!strcmp(t, "block_sequence_item") || !strcmp(t, "flow_sequence"))
			seq = 1;
		if (!strcmp(t, "block_mapping_pair") || !strcmp(t, "flow_pair")) {
			TSNode k = ts_node_child_by_field_name(n, "key", 3);
			return seq && !ts_node_is_null(k) && scalar_is(k, ys->src, lists, WL_ARRAY_SIZE(lists));
		}
	}
	return 0;
}

/* base_model: org/name and the other keys that name a hub repository */
static void yaml_hub_id(struct yaml_scan *ys, TSNode pair, TSNode key, TSNode value)
{
	TSNode ks = yaml_scalar(key), sc = yaml_scalar(value);
	char *k, *v;
	struct wl_loc loc;

	if (ts_node_is_null(ks) || ts_node_is_null(sc))
		return;
	k = yaml_scalar_text(ks, ys->src);
	if (wl_hub_id_key(trim(k)) || (!strcmp(trim(k), "path") && in_datasets_list(ys, pair))) {
		v = yaml_scalar_text(sc, ys->src);
		loc = wl_ts_node_loc(sc);
		wl_hub_id_emit(ys->ctx, trim(k), trim(v), &loc, ts_node_start_byte(sc));
		free(v);
	}
	free(k);
}

/* chat_template: in a training or serving config: the template itself
 * (a block scalar), or the path of a template file. */
static void yaml_chat_template(struct yaml_scan *ys, TSNode value, int path_only)
{
	TSNode sc = yaml_scalar(value);
	char *t;
	size_t n;
	struct wl_loc loc;

	if (ts_node_is_null(sc) && !strcmp(ts_node_type(value), "block_node") &&
	    ts_node_named_child_count(value) > 0) {
		/* `chat_template: |` - the block as written (indentation kept: the
		 * check looks for constructs, not layout), from its first line */
		TSNode b = ts_node_named_child(value, ts_node_named_child_count(value) - 1);
		uint32_t s = ts_node_start_byte(b), e = ts_node_end_byte(b);
		const char *nl;
		if (strcmp(ts_node_type(b), "block_scalar") || path_only)
			return;
		nl = memchr(ys->src + s, '\n', e - s);
		if (!nl)
			return;
		s = (uint32_t)(nl + 1 - ys->src);
		loc = wl_ts_node_loc(b);
		loc.line++;
		loc.col = 1;
		if (memmem(ys->src + s, e - s, "{{", 2) || memmem(ys->src + s, e - s, "{%", 2))
			wl_chat_template_emit(ys->ctx, "chat_template", NULL, 0, s, loc.line, loc.col, 0, ys->src + s,
					      e - s);
		return;
	}
	if (ts_node_is_null(sc))
		return;
	t = yaml_scalar_text(sc, ys->src);
	n = strlen(t);
	loc = wl_ts_node_loc(sc);
	if (n > 6 && n < 1024 && !strchr(t, '{') && !strchr(t, '\n') &&
	    (wl_ends_with(t, ".jinja") || wl_ends_with(t, ".jinja2") || wl_ends_with(t, ".j2"))) {
		struct wl_template_link *l = wl_ctx_alloc(ys->ctx, sizeof(*l));
		memset(l, 0, sizeof(*l));
		l->ref = wl_ctx_strdup(ys->ctx, t);
		wl_fact_emit(ys->ctx, WL_FACT_TEMPLATE_LINK, &loc, l);
	} else if (!path_only && (strstr(t, "{{") || strstr(t, "{%"))) {
		wl_chat_template_emit(ys->ctx, "chat_template", NULL, 0, ts_node_start_byte(sc), loc.line, loc.col, 0,
				      t, n);
	}
	free(t);
}

static void yaml_walk(struct yaml_scan *ys, TSNode root)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	unsigned depth = 0;

	do {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *t = ts_node_type(n);

		if (!strcmp(t, "document")) {
			yaml_reset_handles(ys);
		} else if (!strcmp(t, "tag_directive")) {
			yaml_tag_directive(ys, n);
		} else if (!strcmp(t, "tag")) {
			yaml_tag(ys, n);
		} else if (!strcmp(t, "block_mapping_pair") || !strcmp(t, "flow_pair")) {
			TSNode k = ts_node_child_by_field_name(n, "key", 3);
			TSNode v = ts_node_child_by_field_name(n, "value", 5);

			static const char *const target[] = { "_target_" };
			static const char *const trc[] = { "trust_remote_code" };
			static const char *const ct[] = { "chat_template", "chat_template_jinja" };
			static const char *const ctpath[] = { "chat_template_file", "chat_template_path" };

			if (!ts_node_is_null(k) && !ts_node_is_null(v)) {
				if (scalar_is(k, ys->src, target, 1))
					hydra_target(ys, v);
				else if (scalar_is(k, ys->src, trc, 1))
					yaml_trust_remote_code(ys, v);
				else if (scalar_is(k, ys->src, ct, 2))
					yaml_chat_template(ys, v, 0);
				else if (scalar_is(k, ys->src, ctpath, 2))
					yaml_chat_template(ys, v, 1);
				else
					yaml_hub_id(ys, n, k, v);
			}
		}
	} while (wl_ts_walk_next(&cur, &depth, 1));
	ts_tree_cursor_delete(&cur);
	yaml_reset_handles(ys);
}

static int mlyaml_prefilter(const unsigned char *d, size_t n)
{
	return memmem(d, n, "_target_", 8) || memmem(d, n, "trust_remote_code", 17) || memmem(d, n, "chat_template", 13) || memmem(d, n, "!!", 2) || memmem(d, n, "%TAG", 4) ||
	       memmem(d, n, "!<", 2) || memmem(d, n, "python/", 7) ||
	       memmem(d, n, "python%", 7) || wl_hub_id_prefilter(d, n) || memmem(d, n, "datasets", 8);
}

static int mlyaml_wants(const struct wl_file *f)
{
	int by_content;
	return wl_config_syntax(f, &by_content) == WL_CFG_SYNTAX_YAML;
}

static int mlyaml_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct yaml_scan ys;
	TSParser *p;
	TSTree *tree;

	if (!mlyaml_prefilter(f->data, f->size))
		return 0;
	if (f->size > UINT32_MAX) {
		wl_notify(ctx, WL_LEVEL_WARNING, "YAML file too large to parse (%zu bytes)", f->size);
		return WL_ELIMIT;
	}
	p = wl_ctx_parser(ctx, WL_LANG_YAML);
	if (!p) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no YAML parser available");
		return WL_EIO;
	}
	tree = ts_parser_parse_string(p, NULL, (const char *)f->data, (uint32_t)f->size);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_WARNING, "YAML could not be parsed in time; python tags and _target_ not checked");
		return WL_ELIMIT;
	}
	if (ts_node_has_error(ts_tree_root_node(tree))) {
		int by_content;
		if (wl_config_syntax(f, &by_content) == WL_CFG_SYNTAX_YAML && by_content) {
			/* only looked like YAML: not a config after all */
			ts_tree_delete(tree);
			return 0;
		}
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML has syntax errors; the readable parts were checked for python tags and _target_");
	}
	memset(&ys, 0, sizeof(ys));
	ys.ctx = ctx;
	ys.src = (const char *)f->data;
	yaml_walk(&ys, ts_tree_root_node(tree));
	ts_tree_delete(tree);
	return 0;
}

const struct wl_scanner wl_scanner_mlyaml = {
	.name = "mlyaml",
	.wants = mlyaml_wants,
	.scan = mlyaml_scan,
	.emits = WL_FACT_BIT(WL_FACT_TEMPLATE_LINK),
};
