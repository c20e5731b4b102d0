/*
 * setuppy.c - setup.py (literal install_requires / setup_requires /
 * extras_require / tests_require of a setup() call, through the Python
 * grammar; names bound once at module level to a literal list are followed)
 * and setup.cfg ([options] and [options.extras_require], INI lines).
 * Never imports or runs setup.py: a value that is not a literal is a note.
 */
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "jsonts.h"

#include "depfacts.h"

#define MAX_DEPTH 200

struct sp {
	struct wl_ctx *ctx;
	const char *src;
	size_t n;
	TSNode module;
	struct wl_manifest *m;
	int nonliteral;
};

static int is(TSNode n, const char *t)
{
	return strcmp(ts_node_type(n), t) == 0;
}

static size_t text(const struct sp *s, TSNode n, const char **p)
{
	uint32_t a = ts_node_start_byte(n), b = ts_node_end_byte(n);
	if (b > s->n)
		b = (uint32_t)s->n;
	if (a > b)
		a = b;
	*p = s->src + a;
	return b - a;
}

/* A Python string literal's value, or NULL for f-strings and bytes. */
static char *py_string(const struct sp *s, TSNode n)
{
	const char *t;
	size_t len = text(s, n, &t), i = 0, q;
	int raw = 0;
	struct wl_buf o;
	char quote, *out;
	while (i < len && t[i] != '\'' && t[i] != '"') {
		char c = t[i] | 0x20;
		if (c == 'f' || c == 'b')
			return NULL;
		if (c == 'r')
			raw = 1;
		i++;
	}
	if (i >= len)
		return NULL;
	quote = t[i];
	q = (i + 2 < len && t[i + 1] == quote && t[i + 2] == quote) ? 3 : 1;
	if (len < i + 2 * q)
		return NULL;
	wl_buf_init(&o, (size_t)1 << 20);
	for (i += q; i < len - q; i++) {
		if (!raw && t[i] == '\\' && i + 1 < len - q) {
			char c = t[++i];
			wl_buf_addch(&o, c == 'n' ? '\n' : c == 't' ? '\t' : c == '\n' ? '\0' : c);
			if (c == '\n')
				o.buf[--o.len] = '\0';
			continue;
		}
		wl_buf_addch(&o, t[i]);
	}
	out = wl_ctx_strndup(s->ctx, o.buf, o.len);
	wl_buf_release(&o);
	return out;
}

static void emit_req(struct sp *s, TSNode str, const char *val, enum wl_dep_context c, const char *origin)
{
	struct wl_dep *d = wl_dep_new(s->ctx, c, origin);
	struct wl_loc loc;
	TSPoint a = ts_node_start_point(str), b = ts_node_end_point(str);
	if (wl_req_parse(s->ctx, val, strlen(val), d) != 0)
		return;
	loc.path = NULL;
	loc.line = a.row + 1;
	loc.col = a.column + 1;
	loc.end_line = b.row + 1;
	loc.end_col = b.column + 1;
	wl_manifest_count(s->m, d);
	wl_fact_emit(s->ctx, WL_FACT_DEPENDENCY, &loc, d);
}

static TSNode assigned_value(struct sp *s, const char *name, size_t nl, int *found);

/* A list / tuple of string literals (or a name bound to one). */
static void req_list(struct sp *s, TSNode v, enum wl_dep_context c, const char *origin, int depth)
{
	TSTreeCursor cur;
	if (depth > 4)
		return;
	if (is(v, "identifier")) {
		const char *nm;
		size_t nl = text(s, v, &nm);
		int found = 0;
		TSNode a = assigned_value(s, nm, nl, &found);
		if (found)
			req_list(s, a, c, origin, depth + 1);
		else
			s->nonliteral++;
		return;
	}
	if (is(v, "string")) { /* setuptools also takes one newline-separated string */
		char *val = py_string(s, v), *line, *save;
		if (!val) {
			s->nonliteral++;
			return;
		}
		for (line = val; line && *line; line = save) {
			save = strchr(line, '\n');
			if (save)
				*save++ = '\0';
			if (*line && line[strspn(line, " \t")] && line[strspn(line, " \t")] != '#')
				emit_req(s, v, line, c, origin);
		}
		return;
	}
	if (!is(v, "list") && !is(v, "tuple")) {
		s->nonliteral++;
		return;
	}
	cur = ts_tree_cursor_new(v);
	if (ts_tree_cursor_goto_first_child(&cur)) {
		do {
			TSNode e = ts_tree_cursor_current_node(&cur);
			char *val;
			if (!ts_node_is_named(e) || is(e, "comment"))
				continue;
			if (is(e, "string") && (val = py_string(s, e)))
				emit_req(s, e, val, c, origin);
			else
				s->nonliteral++;
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
}

/* Is the statement st `LEFT = RIGHT` (one assignment, both sides there)?
 * Its sides in *l and *r. */
static int plain_assignment(TSNode st, TSNode *l, TSNode *r)
{
	TSNode a;
	if (!is(st, "expression_statement"))
		return 0;
	a = ts_node_named_child(st, 0);
	if (ts_node_is_null(a) || !is(a, "assignment"))
		return 0;
	*l = ts_node_child_by_field_name(a, "left", 4);
	*r = ts_node_child_by_field_name(a, "right", 5);
	return !ts_node_is_null(*l) && !ts_node_is_null(*r);
}

/* module-level NAME = <value> (the last binding wins, as at import time) */
static TSNode assigned_value(struct sp *s, const char *name, size_t nl, int *found)
{
	TSTreeCursor cur = ts_tree_cursor_new(s->module);
	TSNode out = s->module;
	*found = 0;
	if (ts_tree_cursor_goto_first_child(&cur)) {
		do {
			TSNode l, r;
			const char *t;
			if (!plain_assignment(ts_tree_cursor_current_node(&cur), &l, &r) || !is(l, "identifier"))
				continue;
			if (text(s, l, &t) == nl && !memcmp(t, name, nl)) {
				out = r;
				*found = 1;
			}
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
	return out;
}

/* ---- cmdclass: the setuptools commands this setup.py replaces */

/* The module-level class NAME (plain or decorated): its first base as
 * written, in *base (NULL when it has none). 1 when found. */
static int local_class(struct sp *s, const char *name, size_t nl, const char **base)
{
	TSTreeCursor cur = ts_tree_cursor_new(s->module);
	int found = 0;
	*base = NULL;
	if (ts_tree_cursor_goto_first_child(&cur)) {
		do {
			TSNode st = ts_tree_cursor_current_node(&cur), nm, sup;
			const char *t;
			if (is(st, "decorated_definition"))
				st = ts_node_child_by_field_name(st, "definition", 10);
			if (ts_node_is_null(st) || !is(st, "class_definition"))
				continue;
			nm = ts_node_child_by_field_name(st, "name", 4);
			if (ts_node_is_null(nm) || text(s, nm, &t) != nl || memcmp(t, name, nl) != 0)
				continue;
			found = 1;
			*base = NULL;
			sup = ts_node_child_by_field_name(st, "superclasses", 12);
			if (!ts_node_is_null(sup) && ts_node_named_child_count(sup) > 0) {
				TSNode b0 = ts_node_named_child(sup, 0);
				size_t bl = text(s, b0, &t);
				*base = wl_ctx_strndup(s->ctx, t, bl < 120 ? bl : 120);
			}
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
	return found;
}

static void emit_cmdclass(struct sp *s, TSNode keynode, const char *command, TSNode value)
{
	struct wl_install_hook *h = wl_ctx_alloc(s->ctx, sizeof(*h));
	struct wl_loc loc;
	TSPoint a = ts_node_start_point(keynode), b = ts_node_end_point(value);
	const char *t;
	size_t l = text(s, value, &t);
	memset(h, 0, sizeof(*h));
	h->kind = WL_HOOK_CMDCLASS;
	h->command = command;
	h->target = wl_ctx_strndup(s->ctx, t, l < 120 ? l : 120);
	if (is(value, "identifier"))
		h->local = local_class(s, t, l, &h->base);
	memset(&loc, 0, sizeof(loc));
	loc.line = a.row + 1;
	loc.col = a.column + 1;
	loc.end_line = b.row + 1;
	loc.end_col = b.column + 1;
	wl_fact_emit(s->ctx, WL_FACT_INSTALL_HOOK, &loc, h);
}

/* {"install": X, ...} or dict(install=X, ...) */
static void cmdclass_entries(struct sp *s, TSNode v)
{
	TSTreeCursor dc;
	int dict_call = 0;
	if (is(v, "call")) {
		TSNode fn = ts_node_child_by_field_name(v, "function", 8);
		const char *t;
		if (ts_node_is_null(fn) || text(s, fn, &t) != 4 || memcmp(t, "dict", 4) != 0)
			return;
		v = ts_node_child_by_field_name(v, "arguments", 9);
		if (ts_node_is_null(v))
			return;
		dict_call = 1;
	} else if (!is(v, "dictionary")) {
		return;
	}
	dc = ts_tree_cursor_new(v);
	if (ts_tree_cursor_goto_first_child(&dc)) {
		do {
			TSNode pr = ts_tree_cursor_current_node(&dc), pk, pv;
			char *key = NULL;
			if (!is(pr, dict_call ? "keyword_argument" : "pair"))
				continue;
			pk = ts_node_child_by_field_name(pr, dict_call ? "name" : "key", dict_call ? 4 : 3);
			pv = ts_node_child_by_field_name(pr, "value", 5);
			if (ts_node_is_null(pk) || ts_node_is_null(pv))
				continue;
			if (dict_call) {
				const char *t;
				size_t l = text(s, pk, &t);
				key = wl_ctx_strndup(s->ctx, t, l);
			} else if (is(pk, "string")) {
				key = py_string(s, pk);
			}
			if (key)
				emit_cmdclass(s, pk, key, pv);
		} while (ts_tree_cursor_goto_next_sibling(&dc));
	}
	ts_tree_cursor_delete(&dc);
}

/* `NAME["install"] = X` at module level, for cmdclass=NAME */
static void cmdclass_stores(struct sp *s, const char *name, size_t nl)
{
	TSTreeCursor cur = ts_tree_cursor_new(s->module);
	if (ts_tree_cursor_goto_first_child(&cur)) {
		do {
			TSNode l, r, obj, sub;
			const char *t;
			char *key;
			if (!plain_assignment(ts_tree_cursor_current_node(&cur), &l, &r) || !is(l, "subscript"))
				continue;
			obj = ts_node_child_by_field_name(l, "value", 5);
			sub = ts_node_child_by_field_name(l, "subscript", 9);
			if (ts_node_is_null(obj) || ts_node_is_null(sub) || !is(obj, "identifier") || !is(sub, "string"))
				continue;
			if (text(s, obj, &t) != nl || memcmp(t, name, nl) != 0)
				continue;
			if ((key = py_string(s, sub)) != NULL)
				emit_cmdclass(s, sub, key, r);
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
}

static void cmdclass_value(struct sp *s, TSNode v)
{
	if (is(v, "identifier")) {
		int found = 0;
		const char *nm;
		size_t nl = text(s, v, &nm);
		TSNode a = assigned_value(s, nm, nl, &found);
		if (found)
			cmdclass_entries(s, a);
		cmdclass_stores(s, nm, nl);
		return;
	}
	cmdclass_entries(s, v);
}

static void setup_call(struct sp *s, TSNode call)
{
	TSNode args = ts_node_child_by_field_name(call, "arguments", 9);
	TSTreeCursor cur;
	if (ts_node_is_null(args))
		return;
	cur = ts_tree_cursor_new(args);
	if (ts_tree_cursor_goto_first_child(&cur)) {
		do {
			TSNode kw = ts_tree_cursor_current_node(&cur), k, v;
			const char *t;
			size_t l;
			if (!is(kw, "keyword_argument"))
				continue;
			k = ts_node_child_by_field_name(kw, "name", 4);
			v = ts_node_child_by_field_name(kw, "value", 5);
			if (ts_node_is_null(k) || ts_node_is_null(v))
				continue;
			l = text(s, k, &t);
			if (l == 16 && !memcmp(t, "install_requires", 16))
				req_list(s, v, WL_DEPCTX_LIBRARY, "setup.py install_requires", 0);
			else if (l == 14 && !memcmp(t, "setup_requires", 14))
				req_list(s, v, WL_DEPCTX_BUILD, "setup.py setup_requires", 0);
			else if (l == 8 && !memcmp(t, "cmdclass", 8))
				cmdclass_value(s, v);
			else if (l == 13 && !memcmp(t, "tests_require", 13))
				req_list(s, v, WL_DEPCTX_LIBRARY, "setup.py tests_require", 0);
			else if (l == 14 && !memcmp(t, "extras_require", 14)) {
				TSTreeCursor dc;
				if (is(v, "identifier")) {
					int found = 0;
					const char *nm;
					size_t nl = text(s, v, &nm);
					v = assigned_value(s, nm, nl, &found);
					if (!found)
						s->nonliteral++;
				}
				if (!is(v, "dictionary"))
					continue;
				dc = ts_tree_cursor_new(v);
				if (ts_tree_cursor_goto_first_child(&dc)) {
					do {
						TSNode pr = ts_tree_cursor_current_node(&dc), pv;
						if (!is(pr, "pair"))
							continue;
						pv = ts_node_child_by_field_name(pr, "value", 5);
						if (!ts_node_is_null(pv))
							req_list(s, pv, WL_DEPCTX_LIBRARY, "setup.py extras_require", 0);
					} while (ts_tree_cursor_goto_next_sibling(&dc));
				}
				ts_tree_cursor_delete(&dc);
			}
		} while (ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
}

/* Find setup(...) / setuptools.setup(...) calls, depth-bounded, via a cursor. */
static void find_setup(struct sp *s, TSNode root)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	unsigned depth = 0;
	do {
		TSNode n = ts_tree_cursor_current_node(&cur);
		if (is(n, "call")) {
			TSNode fn = ts_node_child_by_field_name(n, "function", 8);
			const char *t;
			size_t l = ts_node_is_null(fn) ? 0 : text(s, fn, &t);
			if (l >= 5 && !memcmp(t + l - 5, "setup", 5) && (l == 5 || t[l - 6] == '.')) {
				s->m->package = 1;
				setup_call(s, n);
			}
		}
	} while (wl_ts_walk_next(&cur, &depth, depth < MAX_DEPTH));
	ts_tree_cursor_delete(&cur);
}

static int setup_py(struct wl_ctx *ctx, const struct wl_file *f)
{
	TSParser *p = wl_ctx_parser(ctx, WL_LANG_PYTHON);
	TSTree *tree;
	struct sp s;
	if (!p || f->size > UINT32_MAX)
		return WL_EFORMAT;
	tree = ts_parser_parse_string(p, NULL, (const char *)f->data, (uint32_t)f->size);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_WARNING, "setup.py could not be parsed");
		return WL_EFORMAT;
	}
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.src = (const char *)f->data;
	s.n = f->size;
	s.module = ts_tree_root_node(tree);
	s.m = wl_manifest_new(ctx, WL_MANIFEST_SETUP, "setup.py");
	find_setup(&s, s.module);
	if (s.nonliteral)
		wl_notify(ctx, WL_LEVEL_NOTE,
			  "setup.py computes %d requirement value(s) at run time; only literal requirements were checked",
			  s.nonliteral);
	wl_manifest_emit(ctx, s.m);
	ts_tree_delete(tree);
	return 0;
}

/* ------------------------------------------------------------ setup.cfg */

/* INI as setuptools reads it: [section], key = value, indented continuation
 * lines, '#'/';' comment lines. A small line reader (INI has no grammar in
 * node_modules; the format is line-based by definition). */
static int setup_cfg(struct wl_ctx *ctx, const struct wl_file *f)
{
	const char *p = (const char *)f->data, *end = p + f->size;
	char section[128] = "";
	int in_list = 0; /* inside a requirements-valued key */
	enum wl_dep_context c = WL_DEPCTX_LIBRARY;
	const char *origin = "setup.cfg";
	uint32_t line = 0;
	struct wl_manifest *m = wl_manifest_new(ctx, WL_MANIFEST_SETUP, "setup.cfg");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end, *s = p, *val = NULL;
		size_t len;
		int indented = p < e && (*p == ' ' || *p == '\t');
		line++;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		len = (size_t)(e - s);
		while (len && (s[len - 1] == '\r' || s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		p = nl ? nl + 1 : end;
		if (!len || *s == '#' || *s == ';')
			continue;
		if (!indented && *s == '[') {
			const char *rb = memchr(s, ']', len);
			size_t sl = rb ? (size_t)(rb - s - 1) : 0;
			if (sl >= sizeof(section))
				sl = sizeof(section) - 1;
			memcpy(section, s + 1, sl);
			section[sl] = '\0';
			in_list = 0;
			continue;
		}
		if (!indented) {
			const char *eq = memchr(s, '=', len);
			size_t kl;
			in_list = 0;
			if (!eq)
				continue;
			kl = (size_t)(eq - s);
			while (kl && (s[kl - 1] == ' ' || s[kl - 1] == '\t'))
				kl--;
			if (!strcmp(section, "metadata") && kl == 4 && !memcmp(s, "name", 4))
				m->package = 1;
			if (!strcmp(section, "options") &&
			    ((kl == 16 && !memcmp(s, "install_requires", 16)) || (kl == 14 && !memcmp(s, "setup_requires", 14)) ||
			     (kl == 13 && !memcmp(s, "tests_require", 13)))) {
				in_list = 1;
				c = kl == 14 ? WL_DEPCTX_BUILD : WL_DEPCTX_LIBRARY;
				origin = kl == 14 ? "setup.cfg setup_requires" : "setup.cfg install_requires";
			} else if (!strcmp(section, "options.extras_require")) {
				in_list = 1;
				c = WL_DEPCTX_LIBRARY;
				origin = "setup.cfg extras_require";
			}
			if (!in_list)
				continue;
			val = eq + 1;
			while (val < s + len && (*val == ' ' || *val == '\t'))
				val++;
			if (val >= s + len)
				continue;
			len = (size_t)(s + len - val);
			s = val;
		} else if (!in_list) {
			continue;
		}
		/* one value line: requirements separated by ';' only when the
		 * setuptools "list-semi" form is used; ';' is also a marker start,
		 * so split only on "; " followed by a name with no operator */
		{
			struct wl_dep *d = wl_dep_new(ctx, c, origin);
			struct wl_loc loc = { NULL, line, (uint32_t)(s - (const char *)f->data), line, 0 };
			const char *ls = s;
			while (ls > (const char *)f->data && ls[-1] != '\n')
				ls--;
			loc.col = (uint32_t)(s - ls) + 1;
			loc.end_col = loc.col + (uint32_t)len;
			if (wl_req_parse(ctx, s, len, d) == 0) {
				wl_manifest_count(m, d);
				wl_fact_emit(ctx, WL_FACT_DEPENDENCY, &loc, d);
			}
		}
	}
	wl_manifest_emit(ctx, m);
	return 0;
}

static int setup_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT && f->magic != WL_MAGIC_EMPTY)
		return 0;
	return !strcmp(f->name, "setup.py") || !strcmp(f->name, "setup.cfg");
}

static int setup_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	return !strcmp(f->name, "setup.py") ? setup_py(ctx, f) : setup_cfg(ctx, f);
}

const struct wl_scanner wl_scanner_setup = {
	.name = "setup",
	.wants = setup_wants,
	.scan = setup_scan,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST),
};
