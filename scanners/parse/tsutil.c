/*
 * tsutil.c - tree-sitter TOML / YAML / JSON trees -> struct wl_tv trees.
 * The grammars give positions and error recovery; this file gives the data
 * model (TOML table headers merged, escapes decoded, YAML anchors resolved).
 * It must never recurse without a depth bound nor loop over children by
 * index (ts_node_child(i) is linear: quadratic on hostile files).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "tsutil.h"
#include "jsonts.h"

/* (parent, key) -> child, so TOML table headers are found in O(1) even in a
 * lock file with 100,000 tables. Owned by the doc. */
struct wl_tv_hash {
	struct wl_tv **slot;
	size_t cap, used;
};

struct build {
	struct wl_tv_doc *doc;
	const char *src;
	size_t n;
	enum wl_lang lang;
	/* YAML anchors: name -> node (latest definition wins, as in YAML) */
	struct anchor { const char *name; struct wl_tv *node; } *anchors;
	size_t nanchors, anchors_alloc;
};

static uint64_t key_hash(const struct wl_tv *parent, const char *key)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)parent;
	for (; *key; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ull;
	return h;
}

static void hash_put(struct wl_tv_doc *doc, struct wl_tv *node);

static void hash_grow(struct wl_tv_doc *doc)
{
	struct wl_tv_hash *h = doc->hash;
	struct wl_tv **old = h->slot;
	size_t oldcap = h->cap, i;
	h->cap = oldcap ? oldcap * 2 : 256;
	h->slot = wl_calloc(h->cap, sizeof(*h->slot));
	h->used = 0;
	for (i = 0; i < oldcap; i++)
		if (old[i])
			hash_put(doc, old[i]);
	free(old);
}

static void hash_put(struct wl_tv_doc *doc, struct wl_tv *node)
{
	struct wl_tv_hash *h = doc->hash;
	size_t i;
	if ((h->used + 1) * 2 > h->cap)
		hash_grow(doc);
	i = key_hash(node->parent, node->key) & (h->cap - 1);
	while (h->slot[i]) {
		if (h->slot[i]->parent == node->parent && strcmp(h->slot[i]->key, node->key) == 0)
			return; /* keep the first: duplicates stay reachable by iteration */
		i = (i + 1) & (h->cap - 1);
	}
	h->slot[i] = node;
	h->used++;
}

static struct wl_tv *hash_get(struct wl_tv_doc *doc, const struct wl_tv *parent, const char *key)
{
	struct wl_tv_hash *h = doc->hash;
	size_t i;
	if (!h->cap)
		return NULL;
	i = key_hash(parent, key) & (h->cap - 1);
	while (h->slot[i]) {
		if (h->slot[i]->parent == parent && strcmp(h->slot[i]->key, key) == 0)
			return h->slot[i];
		i = (i + 1) & (h->cap - 1);
	}
	return NULL;
}

/* ------------------------------------------------------------ nodes */

static void set_loc(struct wl_loc *l, TSNode n)
{
	TSPoint s = ts_node_start_point(n), e = ts_node_end_point(n);
	l->path = NULL;
	l->line = s.row + 1;
	l->col = s.column + 1;
	l->end_line = e.row + 1;
	l->end_col = e.column + 1;
}

static struct wl_tv *tv_new(struct build *b, enum wl_tv_kind kind, TSNode at)
{
	struct wl_tv *v = wl_arena_alloc(&b->doc->arena, sizeof(*v));
	v->kind = kind;
	v->str = "";
	if (!ts_node_is_null(at)) {
		set_loc(&v->loc, at);
		v->key_loc = v->loc;
	}
	return v;
}

static void tv_append(struct build *b, struct wl_tv *parent, struct wl_tv *child)
{
	child->parent = parent;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->child = child;
	parent->last = child;
	parent->nchild++;
	if (child->key && parent->kind == WL_TV_TABLE)
		hash_put(b->doc, child);
}

/* Children of `n` through a cursor (linear), into a malloc'd array. */
static TSNode *children(TSNode n, size_t *count, const char ***fields)
{
	TSTreeCursor c = ts_tree_cursor_new(n);
	TSNode *out = NULL;
	const char **f = NULL;
	size_t len = 0, alloc = 0, falloc = 0;
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			out = wl_grow(out, &alloc, len + 1, sizeof(*out));
			if (fields) {
				f = wl_grow(f, &falloc, len + 1, sizeof(*f));
				f[len] = ts_tree_cursor_current_field_name(&c);
			}
			out[len++] = ts_tree_cursor_current_node(&c);
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	*count = len;
	if (fields)
		*fields = f;
	return out;
}

static int is(TSNode n, const char *type)
{
	return strcmp(ts_node_type(n), type) == 0;
}

static struct wl_tv *scalar(struct build *b, enum wl_tv_kind kind, TSNode n,
			    const char *text, size_t len)
{
	struct wl_tv *v = tv_new(b, kind, n);
	v->str = wl_arena_strndup(&b->doc->arena, text, len);
	v->len = len;
	return v;
}

static const char *node_text(struct build *b, TSNode n, size_t *len)
{
	uint32_t l;
	const char *p = wl_ts_node_bytes(n, b->src, b->n, &l);
	*len = l;
	return p;
}

/* UTF-8 encode a code point (invalid ones become U+FFFD). */
static void put_utf8(struct wl_buf *o, unsigned long cp)
{
	wl_buf_add_utf8(o, cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0xFFFD : (uint32_t)cp);
}

/* Backslash escapes shared by TOML basic strings, JSON and YAML double-quoted
 * scalars. Returns bytes consumed after the backslash (at least 1). */
static size_t unescape(struct wl_buf *o, const char *s, size_t n)
{
	size_t want = 0;
	uint32_t cp = 0;
	if (!n)
		return 0;
	switch (s[0]) {
	case 'n': wl_buf_addch(o, '\n'); return 1;
	case 't': wl_buf_addch(o, '\t'); return 1;
	case 'r': wl_buf_addch(o, '\r'); return 1;
	case 'b': wl_buf_addch(o, '\b'); return 1;
	case 'f': wl_buf_addch(o, '\f'); return 1;
	case 'e': wl_buf_addch(o, 0x1b); return 1;
	case '0': wl_buf_addch(o, '\0'); return 1;
	case 'a': wl_buf_addch(o, '\a'); return 1;
	case 'v': wl_buf_addch(o, '\v'); return 1;
	case 'x': want = 2; break;
	case 'u': want = 4; break;
	case 'U': want = 8; break;
	case 'N': put_utf8(o, 0x85); return 1;
	case '_': put_utf8(o, 0xA0); return 1;
	case 'L': put_utf8(o, 0x2028); return 1;
	case 'P': put_utf8(o, 0x2029); return 1;
	default: wl_buf_addch(o, s[0]); return 1; /* \" \\ \/ and unknowns */
	}
	if (n - 1 < want || wl_hex_parse(s + 1, want, &cp)) { /* malformed: keep it literally */
		wl_buf_addch(o, '\\');
		wl_buf_addch(o, s[0]);
		return 1;
	}
	/* JSON surrogate pair \uD83D\uDE00 */
	if (want == 4 && cp >= 0xD800 && cp <= 0xDBFF && n >= 11 && s[5] == '\\' && s[6] == 'u') {
		uint32_t lo;
		if (!wl_hex_parse(s + 7, 4, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
			put_utf8(o, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
			return 11;
		}
	}
	put_utf8(o, cp);
	return want + 1;
}

#define STR_CAP (64u << 20)

static struct wl_tv *finish_str(struct build *b, TSNode n, struct wl_buf *o)
{
	struct wl_tv *v = tv_new(b, WL_TV_STRING, n);
	v->str = wl_arena_strndup(&b->doc->arena, o->buf, o->len);
	v->len = o->len;
	v->quoted = 1;
	wl_buf_release(o);
	return v;
}

/* TOML string in any of its four forms. */
static struct wl_tv *toml_string(struct build *b, TSNode n)
{
	size_t len, i, q;
	const char *t = node_text(b, n, &len);
	struct wl_buf o;
	int literal, multi;
	wl_buf_init(&o, STR_CAP);
	if (len < 2)
		return finish_str(b, n, &o);
	literal = t[0] == '\'';
	multi = len >= 6 && (memcmp(t, "\"\"\"", 3) == 0 || memcmp(t, "'''", 3) == 0);
	q = multi ? 3 : 1;
	if (len < 2 * q)
		return finish_str(b, n, &o);
	i = q;
	len -= q;
	if (multi && i < len && t[i] == '\n')
		i++; /* a newline right after the opening quotes is trimmed */
	else if (multi && i + 1 < len && t[i] == '\r' && t[i + 1] == '\n')
		i += 2;
	while (i < len) {
		if (!literal && t[i] == '\\' && i + 1 < len) {
			size_t j = i + 1;
			/* line-ending backslash: skip the newline and following whitespace */
			while (multi && j < len && (t[j] == ' ' || t[j] == '\t'))
				j++;
			if (multi && j < len && (t[j] == '\n' || t[j] == '\r')) {
				while (j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r'))
					j++;
				i = j;
				continue;
			}
			i += 1 + unescape(&o, t + i + 1, len - i - 1);
			continue;
		}
		wl_buf_addch(&o, t[i++]);
	}
	return finish_str(b, n, &o);
}

/* JSON string: raw text between the quotes, escapes decoded. */
static struct wl_tv *json_string(struct build *b, TSNode n)
{
	size_t len, i;
	const char *t = node_text(b, n, &len);
	struct wl_buf o;
	wl_buf_init(&o, STR_CAP);
	if (len >= 2 && t[0] == '"') {
		for (i = 1; i < len - 1;) {
			if (t[i] == '\\' && i + 1 < len - 1)
				i += 1 + unescape(&o, t + i + 1, len - 1 - i - 1);
			else
				wl_buf_addch(&o, t[i++]);
		}
	}
	return finish_str(b, n, &o);
}

/* ------------------------------------------------------------ TOML */

static struct wl_tv *toml_value(struct build *b, TSNode n, int depth);

/* Decoded key parts of a bare_key / quoted_key / dotted_key, in order. */
static size_t toml_key_parts(struct build *b, TSNode n, TSNode *nodes, const char **parts,
			     size_t max, size_t have, int depth)
{
	if (depth > WL_TV_MAX_DEPTH || have >= max) {
		b->doc->truncated = 1;
		return have;
	}
	if (is(n, "dotted_key")) {
		size_t cnt, i;
		TSNode *ch = children(n, &cnt, NULL);
		for (i = 0; i < cnt; i++)
			if (ts_node_is_named(ch[i]))
				have = toml_key_parts(b, ch[i], nodes, parts, max, have, depth + 1);
		free(ch);
		return have;
	}
	if (is(n, "bare_key")) {
		size_t len;
		const char *t = node_text(b, n, &len);
		parts[have] = wl_arena_strndup(&b->doc->arena, t, len);
	} else if (is(n, "quoted_key")) {
		struct wl_tv *s = toml_string(b, n);
		parts[have] = s->str;
	} else {
		return have;
	}
	nodes[have] = n;
	return have + 1;
}

#define MAX_KEY_PARTS 64

static int is_key_node(TSNode n)
{
	return is(n, "bare_key") || is(n, "quoted_key") || is(n, "dotted_key");
}

/* Find or create the table `key` under `t`; an array of tables yields its
 * last element (TOML: [a.b] after [[a]] extends the last a). */
static struct wl_tv *toml_descend(struct build *b, struct wl_tv *t, const char *key, TSNode at)
{
	struct wl_tv *c = hash_get(b->doc, t, key);
	if (c && c->kind == WL_TV_ARRAY && c->last && c->last->kind == WL_TV_TABLE)
		return c->last;
	if (c && c->kind == WL_TV_TABLE)
		return c;
	if (c)
		return NULL; /* a scalar in the way: invalid TOML, drop the rest */
	c = tv_new(b, WL_TV_TABLE, at);
	c->key = key;
	tv_append(b, t, c);
	return c;
}

static void toml_pair(struct build *b, struct wl_tv *table, TSNode pair, int depth)
{
	size_t cnt, i, np = 0;
	TSNode *ch = children(pair, &cnt, NULL);
	TSNode knodes[MAX_KEY_PARTS];
	const char *parts[MAX_KEY_PARTS];
	TSNode keynode = {0}, valnode = {0};
	int have_key = 0, have_val = 0;
	for (i = 0; i < cnt; i++) {
		if (!ts_node_is_named(ch[i]) || is(ch[i], "comment"))
			continue;
		if (!have_key && is_key_node(ch[i])) {
			keynode = ch[i];
			have_key = 1;
		} else if (have_key && !have_val) {
			valnode = ch[i];
			have_val = 1;
		}
	}
	free(ch);
	if (!have_key || !have_val)
		return;
	np = toml_key_parts(b, keynode, knodes, parts, MAX_KEY_PARTS, 0, 0);
	for (i = 0; i + 1 < np && table; i++)
		table = toml_descend(b, table, parts[i], knodes[i]);
	if (!table || np == 0)
		return;
	{
		struct wl_tv *v = toml_value(b, valnode, depth + 1);
		v->key = parts[np - 1];
		set_loc(&v->key_loc, knodes[np - 1]);
		tv_append(b, table, v);
	}
}

/* The one container walk of the TOML and JSON trees: an array's elements
 * through `value`, a table's or object's pairs through `pair`, comments and
 * missing nodes skipped; `depth` bounds the nesting. */
typedef struct wl_tv *(*tv_value_fn)(struct build *b, TSNode n, int depth);
typedef void (*tv_pair_fn)(struct build *b, struct wl_tv *table, TSNode pair, int depth);

static struct wl_tv *too_deep(struct build *b, TSNode n)
{
	b->doc->truncated = 1;
	return tv_new(b, WL_TV_NULL, n);
}

static struct wl_tv *container(struct build *b, TSNode n, int arr, int depth, tv_value_fn value, tv_pair_fn pair)
{
	struct wl_tv *v = tv_new(b, arr ? WL_TV_ARRAY : WL_TV_TABLE, n);
	size_t cnt, i;
	TSNode *ch = children(n, &cnt, NULL);
	for (i = 0; i < cnt; i++) {
		if (!ts_node_is_named(ch[i]) || is(ch[i], "comment") || ts_node_is_missing(ch[i]))
			continue;
		if (arr)
			tv_append(b, v, value(b, ch[i], depth + 1));
		else if (is(ch[i], "pair"))
			pair(b, v, ch[i], depth + 1);
	}
	free(ch);
	return v;
}

static struct wl_tv *toml_value(struct build *b, TSNode n, int depth)
{
	const char *type = ts_node_type(n);
	size_t len;
	const char *t;
	if (depth > WL_TV_MAX_DEPTH)
		return too_deep(b, n);
	if (strcmp(type, "string") == 0)
		return toml_string(b, n);
	if (strcmp(type, "array") == 0 || strcmp(type, "inline_table") == 0)
		return container(b, n, type[0] == 'a', depth, toml_value, toml_pair);
	t = node_text(b, n, &len);
	if (strcmp(type, "integer") == 0)
		return scalar(b, WL_TV_INTEGER, n, t, len);
	if (strcmp(type, "float") == 0)
		return scalar(b, WL_TV_FLOAT, n, t, len);
	if (strcmp(type, "boolean") == 0)
		return scalar(b, WL_TV_BOOL, n, t, len);
	if (strstr(type, "date") || strstr(type, "time"))
		return scalar(b, WL_TV_DATETIME, n, t, len);
	return tv_new(b, WL_TV_NULL, n); /* ERROR and friends */
}

static void toml_document(struct build *b, TSNode root)
{
	size_t cnt, i, j;
	TSNode *ch = children(root, &cnt, NULL);
	struct wl_tv *top = b->doc->root;
	for (i = 0; i < cnt; i++) {
		TSNode n = ch[i];
		if (is(n, "pair")) {
			toml_pair(b, top, n, 0);
		} else if (is(n, "table") || is(n, "table_array_element")) {
			int array = is(n, "table_array_element");
			size_t cc, np = 0;
			TSNode *sub = children(n, &cc, NULL);
			TSNode knodes[MAX_KEY_PARTS];
			const char *parts[MAX_KEY_PARTS];
			struct wl_tv *t = top;
			for (j = 0; j < cc; j++)
				if (is_key_node(sub[j])) {
					np = toml_key_parts(b, sub[j], knodes, parts, MAX_KEY_PARTS, 0, 0);
					break;
				}
			if (np == 0) {
				free(sub);
				continue;
			}
			for (j = 0; j + 1 < np && t; j++)
				t = toml_descend(b, t, parts[j], knodes[j]);
			if (t && array) {
				struct wl_tv *arr = hash_get(b->doc, t, parts[np - 1]), *el;
				if (!arr) {
					arr = tv_new(b, WL_TV_ARRAY, knodes[np - 1]);
					arr->key = parts[np - 1];
					tv_append(b, t, arr);
				}
				if (arr->kind != WL_TV_ARRAY) {
					t = NULL;
				} else {
					el = tv_new(b, WL_TV_TABLE, n);
					set_loc(&el->key_loc, knodes[np - 1]);
					tv_append(b, arr, el);
					t = el;
				}
			} else if (t) {
				t = toml_descend(b, t, parts[np - 1], knodes[np - 1]);
				if (t) {
					set_loc(&t->loc, n);
					set_loc(&t->key_loc, knodes[np - 1]);
				}
			}
			for (j = 0; j < cc && t; j++)
				if (is(sub[j], "pair"))
					toml_pair(b, t, sub[j], 0);
			free(sub);
		}
	}
	free(ch);
}

/* ------------------------------------------------------------ JSON */

static struct wl_tv *json_value(struct build *b, TSNode n, int depth);

static void json_pair(struct build *b, struct wl_tv *obj, TSNode pair, int depth)
{
	TSNode k = ts_node_child_by_field_name(pair, "key", 3);
	TSNode val = ts_node_child_by_field_name(pair, "value", 5);
	struct wl_tv *kv, *vv;
	if (ts_node_is_null(k) || !is(k, "string"))
		return;
	kv = json_string(b, k);
	vv = ts_node_is_null(val) ? tv_new(b, WL_TV_NULL, pair) : json_value(b, val, depth);
	vv->key = kv->str;
	vv->key_loc = kv->loc;
	tv_append(b, obj, vv);
}

static struct wl_tv *json_value(struct build *b, TSNode n, int depth)
{
	const char *type = ts_node_type(n);
	size_t len;
	const char *t;
	if (depth > WL_TV_MAX_DEPTH)
		return too_deep(b, n);
	if (strcmp(type, "string") == 0)
		return json_string(b, n);
	if (strcmp(type, "object") == 0 || strcmp(type, "array") == 0)
		return container(b, n, type[0] == 'a', depth, json_value, json_pair);
	t = node_text(b, n, &len);
	if (strcmp(type, "number") == 0)
		return scalar(b, memchr(t, '.', len) || memchr(t, 'e', len) || memchr(t, 'E', len)
				 ? WL_TV_FLOAT : WL_TV_INTEGER, n, t, len);
	if (strcmp(type, "true") == 0 || strcmp(type, "false") == 0)
		return scalar(b, WL_TV_BOOL, n, t, len);
	return tv_new(b, WL_TV_NULL, n);
}

/* ------------------------------------------------------------ YAML */

static struct wl_tv *yaml_node(struct build *b, TSNode n, int depth);

/* Fold a plain or quoted multi-line scalar: line breaks become one space,
 * an empty line becomes a newline (YAML 1.2 §6.5). */
static void yaml_fold(struct wl_buf *o, const char *t, size_t len, int dq)
{
	size_t i = 0;
	while (i < len) {
		char c = t[i];
		if (dq && c == '\\' && i + 1 < len) {
			if (t[i + 1] == '\n') { /* escaped line break: join without space */
				i += 2;
				while (i < len && (t[i] == ' ' || t[i] == '\t'))
					i++;
				continue;
			}
			i += 1 + unescape(o, t + i + 1, len - i - 1);
			continue;
		}
		if (c == '\n' || c == '\r') {
			size_t breaks = 0;
			while (o->len && (o->buf[o->len - 1] == ' ' || o->buf[o->len - 1] == '\t'))
				o->buf[--o->len] = '\0';
			while (i < len && (t[i] == '\n' || t[i] == '\r' || t[i] == ' ' || t[i] == '\t')) {
				if (t[i] == '\n')
					breaks++;
				i++;
			}
			if (breaks > 1) {
				size_t k;
				for (k = 1; k < breaks; k++)
					wl_buf_addch(o, '\n');
			} else {
				wl_buf_addch(o, ' ');
			}
			continue;
		}
		wl_buf_addch(o, c);
		i++;
	}
}

static struct wl_tv *yaml_block_scalar(struct build *b, TSNode n)
{
	size_t len, i = 0, indent = 0, line_start;
	const char *t = node_text(b, n, &len);
	struct wl_buf o;
	int folded = len && t[0] == '>', chomp = 0; /* -1 strip, 0 clip, 1 keep */
	size_t explicit_indent = 0, base_col = ts_node_start_point(n).column;
	wl_buf_init(&o, STR_CAP);
	/* header: indicator, then chomping/indentation indicators, then comment */
	for (i = 1; i < len && t[i] != '\n'; i++) {
		if (t[i] == '-')
			chomp = -1;
		else if (t[i] == '+')
			chomp = 1;
		else if (t[i] >= '1' && t[i] <= '9' && !explicit_indent)
			explicit_indent = (size_t)(t[i] - '0');
		else if (t[i] == '#')
			break;
	}
	while (i < len && t[i] != '\n')
		i++;
	if (i < len)
		i++;
	/* content indentation: explicit, else the first non-empty line's */
	(void)base_col;
	if (explicit_indent) {
		indent = explicit_indent; /* relative to the parent; approximate with the first line */
	}
	{
		size_t j = i, k;
		while (j < len) {
			k = j;
			while (k < len && t[k] == ' ')
				k++;
			if (k < len && t[k] != '\n') {
				if (!explicit_indent)
					indent = k - j;
				break;
			}
			j = k + 1;
		}
	}
	{
		int prev_more = 0, first = 1;
		size_t pending_breaks = 0;
		while (i < len) {
			size_t sp = 0;
			line_start = i;
			while (i < len && t[i] == ' ' && sp < indent) {
				i++;
				sp++;
			}
			if (i >= len || t[i] == '\n') { /* empty line */
				pending_breaks++;
				i++;
				continue;
			}
			(void)line_start;
			{
				int more = t[i] == ' ' || t[i] == '\t';
				if (!first) {
					if (folded && !more && !prev_more && pending_breaks == 0)
						wl_buf_addch(&o, ' ');
					else if (folded && !more && !prev_more)
						; /* the empty lines below stand for the breaks */
					else
						wl_buf_addch(&o, '\n');
				}
				while (pending_breaks) {
					wl_buf_addch(&o, '\n');
					pending_breaks--;
				}
				while (i < len && t[i] != '\n')
					wl_buf_addch(&o, t[i++]);
				if (i < len)
					i++;
				prev_more = more;
				first = 0;
			}
		}
		if (!first && chomp >= 0)
			wl_buf_addch(&o, '\n');
		if (chomp == 1)
			while (pending_breaks--)
				wl_buf_addch(&o, '\n');
	}
	return finish_str(b, n, &o);
}

static struct wl_tv *yaml_scalar_typed(struct build *b, TSNode inner, TSNode at)
{
	size_t len;
	const char *t = node_text(b, inner, &len);
	const char *type = ts_node_type(inner);
	enum wl_tv_kind k = WL_TV_STRING;
	struct wl_tv *v;
	if (strcmp(type, "integer_scalar") == 0)
		k = WL_TV_INTEGER;
	else if (strcmp(type, "float_scalar") == 0)
		k = WL_TV_FLOAT;
	else if (strcmp(type, "boolean_scalar") == 0)
		k = WL_TV_BOOL;
	else if (strcmp(type, "null_scalar") == 0)
		k = WL_TV_NULL;
	else if (strcmp(type, "timestamp_scalar") == 0)
		k = WL_TV_DATETIME;
	if (k == WL_TV_BOOL) {
		int yes = len && (t[0] == 't' || t[0] == 'T' || t[0] == 'y' || t[0] == 'Y' ||
				  ((t[0] == 'o' || t[0] == 'O') && len == 2));
		v = scalar(b, k, at, yes ? "true" : "false", yes ? 4 : 5);
		return v;
	}
	if (k == WL_TV_STRING && memchr(t, '\n', len)) {
		struct wl_buf o;
		wl_buf_init(&o, STR_CAP);
		yaml_fold(&o, t, len, 0);
		v = finish_str(b, at, &o);
		v->quoted = 0;
		return v;
	}
	v = scalar(b, k, at, t, len);
	return v;
}

static struct wl_tv *yaml_mapping(struct build *b, TSNode n, int depth, int flow)
{
	struct wl_tv *v = tv_new(b, WL_TV_TABLE, n);
	size_t cnt, i;
	TSNode *ch = children(n, &cnt, NULL);
	for (i = 0; i < cnt; i++) {
		TSNode p = ch[i], k, val;
		struct wl_tv *kv = NULL, *vv;
		if (is(p, "flow_node")) { /* {a, b}: keys with null values */
			k = p;
			val = (TSNode){0};
		} else if (is(p, flow ? "flow_pair" : "block_mapping_pair")) {
			k = ts_node_child_by_field_name(p, "key", 3);
			val = ts_node_child_by_field_name(p, "value", 5);
		} else {
			continue;
		}
		if (!ts_node_is_null(k))
			kv = yaml_node(b, k, depth + 1);
		vv = ts_node_is_null(val) ? tv_new(b, WL_TV_NULL, p) : yaml_node(b, val, depth + 1);
		if (ts_node_is_null(val)) {
			vv->loc.line = vv->loc.end_line;
			vv->loc.col = vv->loc.end_col;
		}
		if (kv && wl_tv_is_scalar(kv)) {
			vv->key = kv->str;
			vv->key_loc = kv->loc;
		} else {
			vv->key = kv && kv->kind == WL_TV_NULL ? "" : "?"; /* complex keys are not addressable */
			if (kv)
				vv->key_loc = kv->loc;
		}
		tv_append(b, v, vv);
	}
	free(ch);
	return v;
}

static struct wl_tv *yaml_sequence(struct build *b, TSNode n, int depth, int flow)
{
	struct wl_tv *v = tv_new(b, WL_TV_ARRAY, n);
	size_t cnt, i;
	TSNode *ch = children(n, &cnt, NULL);
	for (i = 0; i < cnt; i++) {
		TSNode it = ch[i];
		if (!flow && is(it, "block_sequence_item")) {
			TSNode inner = ts_node_named_child(it, 0);
			size_t nn = ts_node_named_child_count(it), j;
			/* skip comments to the item's node */
			for (j = 0; j < nn; j++) {
				inner = ts_node_named_child(it, (uint32_t)j);
				if (!is(inner, "comment"))
					break;
			}
			if (nn == 0 || j == nn)
				tv_append(b, v, tv_new(b, WL_TV_NULL, it));
			else
				tv_append(b, v, yaml_node(b, inner, depth + 1));
		} else if (flow && (is(it, "flow_node") || is(it, "flow_pair"))) {
			if (is(it, "flow_pair")) { /* [a: b] is a one-pair mapping */
				struct wl_tv *m = tv_new(b, WL_TV_TABLE, it);
				TSNode k = ts_node_child_by_field_name(it, "key", 3);
				TSNode val = ts_node_child_by_field_name(it, "value", 5);
				struct wl_tv *kv = ts_node_is_null(k) ? NULL : yaml_node(b, k, depth + 1);
				struct wl_tv *vv = ts_node_is_null(val) ? tv_new(b, WL_TV_NULL, it)
									: yaml_node(b, val, depth + 1);
				vv->key = kv && wl_tv_is_scalar(kv) ? kv->str : "?";
				if (kv)
					vv->key_loc = kv->loc;
				tv_append(b, m, vv);
				tv_append(b, v, m);
			} else {
				tv_append(b, v, yaml_node(b, it, depth + 1));
			}
		}
	}
	free(ch);
	return v;
}

static void anchor_put(struct build *b, const char *name, struct wl_tv *node)
{
	b->anchors = wl_grow(b->anchors, &b->anchors_alloc, b->nanchors + 1, sizeof(*b->anchors));
	b->anchors[b->nanchors].name = name;
	b->anchors[b->nanchors].node = node;
	b->nanchors++;
}

static struct wl_tv *yaml_node(struct build *b, TSNode n, int depth)
{
	const char *type = ts_node_type(n);
	size_t len;
	const char *t;
	if (depth > WL_TV_MAX_DEPTH)
		return too_deep(b, n);
	if (strcmp(type, "block_node") == 0 || strcmp(type, "flow_node") == 0) {
		size_t cnt, i;
		TSNode *ch = children(n, &cnt, NULL);
		const char *anchor = NULL;
		struct wl_tv *v = NULL;
		for (i = 0; i < cnt; i++) {
			if (!ts_node_is_named(ch[i]) || is(ch[i], "comment") || is(ch[i], "tag"))
				continue;
			if (is(ch[i], "anchor")) {
				TSNode nm = ts_node_named_child(ch[i], 0);
				if (!ts_node_is_null(nm)) {
					t = node_text(b, nm, &len);
					anchor = wl_arena_strndup(&b->doc->arena, t, len);
				}
				continue;
			}
			v = yaml_node(b, ch[i], depth + 1);
			break;
		}
		free(ch);
		if (!v)
			v = tv_new(b, WL_TV_NULL, n);
		if (anchor)
			anchor_put(b, anchor, v);
		return v;
	}
	if (strcmp(type, "block_mapping") == 0)
		return yaml_mapping(b, n, depth, 0);
	if (strcmp(type, "flow_mapping") == 0)
		return yaml_mapping(b, n, depth, 1);
	if (strcmp(type, "block_sequence") == 0)
		return yaml_sequence(b, n, depth, 0);
	if (strcmp(type, "flow_sequence") == 0)
		return yaml_sequence(b, n, depth, 1);
	if (strcmp(type, "block_scalar") == 0)
		return yaml_block_scalar(b, n);
	if (strcmp(type, "plain_scalar") == 0) {
		TSNode inner = ts_node_named_child(n, 0);
		return yaml_scalar_typed(b, ts_node_is_null(inner) ? n : inner, n);
	}
	if (strcmp(type, "double_quote_scalar") == 0 || strcmp(type, "single_quote_scalar") == 0) {
		struct wl_buf o;
		int dq = type[0] == 'd';
		wl_buf_init(&o, STR_CAP);
		t = node_text(b, n, &len);
		if (len >= 2) {
			if (dq) {
				yaml_fold(&o, t + 1, len - 2, 1);
			} else {
				size_t i;
				struct wl_buf raw;
				wl_buf_init(&raw, STR_CAP);
				for (i = 1; i + 1 < len; i++) {
					wl_buf_addch(&raw, t[i]);
					if (t[i] == '\'' && t[i + 1] == '\'' && i + 2 < len)
						i++;
				}
				yaml_fold(&o, raw.buf, raw.len, 0);
				wl_buf_release(&raw);
			}
		}
		return finish_str(b, n, &o);
	}
	if (strcmp(type, "alias") == 0) {
		TSNode nm = ts_node_named_child(n, 0);
		size_t i;
		if (!ts_node_is_null(nm)) {
			t = node_text(b, nm, &len);
			for (i = b->nanchors; i-- > 0;)
				if (strlen(b->anchors[i].name) == len && memcmp(b->anchors[i].name, t, len) == 0) {
					struct wl_tv *copy = tv_new(b, WL_TV_NULL, n);
					*copy = *b->anchors[i].node; /* shares the children */
					set_loc(&copy->loc, n);
					copy->key_loc = copy->loc;
					copy->key = NULL;
					copy->next = NULL;
					copy->parent = NULL;
					return copy;
				}
		}
		return tv_new(b, WL_TV_NULL, n);
	}
	if (strstr(type, "_scalar"))
		return yaml_scalar_typed(b, n, n);
	return tv_new(b, WL_TV_NULL, n);
}

static void yaml_stream(struct build *b, TSNode root)
{
	size_t cnt, i, j;
	TSNode *ch = children(root, &cnt, NULL);
	b->doc->docs = tv_new(b, WL_TV_ARRAY, root);
	for (i = 0; i < cnt; i++) {
		if (!is(ch[i], "document"))
			continue;
		{
			size_t dc;
			TSNode *dch = children(ch[i], &dc, NULL);
			struct wl_tv *v = NULL;
			for (j = 0; j < dc; j++)
				if (is(dch[j], "block_node") || is(dch[j], "flow_node")) {
					v = yaml_node(b, dch[j], 0);
					break;
				}
			free(dch);
			tv_append(b, b->doc->docs, v ? v : tv_new(b, WL_TV_NULL, ch[i]));
		}
	}
	free(ch);
	b->doc->root = b->doc->docs->child ? b->doc->docs->child : tv_new(b, WL_TV_NULL, root);
}

/* ------------------------------------------------------------ API */

int wl_tv_parse_with(struct TSParser *parser, enum wl_lang lang, const char *src,
		     size_t n, struct wl_tv_doc *doc)
{
	struct build b;
	TSTree *tree;
	TSNode root;
	memset(doc, 0, sizeof(*doc));
	doc->hash = wl_calloc(1, sizeof(*doc->hash));
	if (!parser || n > UINT32_MAX)
		return WL_EFORMAT;
	if (!ts_parser_set_language(parser, wl_language(lang)))
		return WL_EFORMAT;
	tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)n);
	if (!tree)
		return WL_EFORMAT;
	root = ts_tree_root_node(tree);
	memset(&b, 0, sizeof(b));
	b.doc = doc;
	b.src = src;
	b.n = n;
	b.lang = lang;
	doc->has_error = ts_node_has_error(root);
	if (lang == WL_LANG_TOML) {
		doc->root = tv_new(&b, WL_TV_TABLE, root);
		toml_document(&b, root);
	} else if (lang == WL_LANG_JSON) {
		size_t cnt, i;
		TSNode *ch = children(root, &cnt, NULL);
		doc->root = NULL;
		for (i = 0; i < cnt; i++)
			if (ts_node_is_named(ch[i]) && !is(ch[i], "comment")) {
				doc->root = json_value(&b, ch[i], 0);
				break;
			}
		free(ch);
		if (!doc->root)
			doc->root = tv_new(&b, WL_TV_NULL, root);
	} else if (lang == WL_LANG_YAML) {
		yaml_stream(&b, root);
	} else {
		doc->root = tv_new(&b, WL_TV_NULL, root);
	}
	free(b.anchors);
	ts_tree_delete(tree);
	return 0;
}

int wl_tv_parse(struct wl_ctx *ctx, enum wl_lang lang, const char *src, size_t n,
		struct wl_tv_doc *doc)
{
	return wl_tv_parse_with(wl_ctx_parser(ctx, lang), lang, src, n, doc);
}

void wl_tv_doc_release(struct wl_tv_doc *doc)
{
	if (doc->hash) {
		free(doc->hash->slot);
		free(doc->hash);
		doc->hash = NULL;
	}
	wl_arena_release(&doc->arena);
	doc->root = doc->docs = NULL;
}

const struct wl_tv *wl_tv_get(const struct wl_tv *t, const char *key)
{
	const struct wl_tv *c;
	if (!t || t->kind != WL_TV_TABLE)
		return NULL;
	for (c = t->child; c; c = c->next)
		if (c->key && strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

const struct wl_tv *wl_tv_path(const struct wl_tv *t, ...)
{
	va_list ap;
	const char *k;
	va_start(ap, t);
	while (t && (k = va_arg(ap, const char *)) != NULL)
		t = wl_tv_get(t, k);
	va_end(ap);
	return t;
}

int wl_tv_is_scalar(const struct wl_tv *v)
{
	return v && v->kind != WL_TV_TABLE && v->kind != WL_TV_ARRAY && v->kind != WL_TV_NULL;
}

const char *wl_tv_str(const struct wl_tv *t, const char *key)
{
	const struct wl_tv *v = wl_tv_get(t, key);
	return wl_tv_is_scalar(v) ? v->str : NULL;
}

int wl_tv_is_true(const struct wl_tv *v)
{
	return v && v->kind == WL_TV_BOOL && strcmp(v->str, "true") == 0;
}
