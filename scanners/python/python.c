/*
 * python.c - the Python source scanner: byte prefilter, tree-sitter parse
 * with the worker's reused parser, then call-site facts through pyresolve.c.
 * It never imports, compiles or runs the code it reads, and a file that does
 * not parse still gets its parsed parts checked, with a note saying so.
 */
#include "engine.h"
#include "facts_code.h"
#include "pyresolve.h"
#include "notebook.h"
#include "pyregion.h"
#include "pyscan.h"

#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#define MAX_CALL_FACTS 20000

static void *sink_alloc(void *user, size_t n)
{
	return wl_ctx_alloc(user, n);
}

static void sink_emit(void *user, const struct wl_call *call, const struct wl_loc *loc)
{
	wl_fact_emit(user, WL_FACT_CALL, loc, call);
}

static void sink_locate(void *user, uint32_t start_byte, uint32_t end_byte, uint32_t start_row, uint32_t start_col,
			uint32_t end_row, uint32_t end_col, struct wl_loc *out)
{
	(void)user;
	(void)start_byte;
	(void)end_byte;
	memset(out, 0, sizeof(*out));
	out->line = start_row + 1;
	out->col = start_col + 1;
	out->end_line = end_row + 1;
	out->end_col = end_col + 1;
}

static void sink_comment(void *user, uint32_t start, uint32_t row, uint32_t col)
{
	(void)start;
	wl_ctx_comment(user, row + 1, col + 1);
}

/* Row of the first syntax error (ERROR or MISSING node), 0-based. */
uint32_t wl_py_first_error_row(const struct TSTree *tree)
{
	TSNode n = ts_tree_root_node(tree);
	for (;;) {
		TSTreeCursor c;
		TSNode next = { { 0 }, NULL, NULL };
		if (ts_node_symbol(n) == (TSSymbol)-1 || ts_node_is_missing(n)) /* ERROR */
			return ts_node_start_point(n).row;
		c = ts_tree_cursor_new(n);
		if (ts_tree_cursor_goto_first_child(&c)) {
			do {
				TSNode ch = ts_tree_cursor_current_node(&c);
				if (ts_node_has_error(ch) || ts_node_is_missing(ch)) {
					next = ch;
					break;
				}
			} while (ts_tree_cursor_goto_next_sibling(&c));
		}
		ts_tree_cursor_delete(&c);
		if (ts_node_is_null(next))
			return ts_node_start_point(n).row;
		n = next;
	}
}

int wl_py_scan_buffer(struct wl_ctx *ctx, const char *src, size_t n, const struct wl_py_sink *sink,
		      const char *what, uint32_t (*row_to_line)(void *user, uint32_t row), void *user)
{
	TSParser *parser;
	TSTree *tree;
	struct wl_py_stats stats;

	if (n > UINT32_MAX) {
		wl_notify(ctx, WL_LEVEL_WARNING, "%s is larger than 4 GiB: code rules not applied", what);
		return WL_ELIMIT;
	}
	parser = wl_ctx_parser(ctx, WL_LANG_PYTHON);
	if (!parser) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no Python parser available: code rules not applied");
		return WL_EIO;
	}
	tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)n);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_WARNING, "%s: the Python parse hit its time limit: code rules not applied", what);
		return WL_ELIMIT;
	}
	if (ts_node_has_error(ts_tree_root_node(tree))) {
		uint32_t row = wl_py_first_error_row(tree);
		wl_notify(ctx, WL_LEVEL_NOTE, "%s has Python syntax errors (first at line %u): the parts that parsed were checked",
			  what, row_to_line ? row_to_line(user, row) : row + 1);
	}
	/* the parse knows the comments: suppressions count only inside them */
	wl_ctx_comments_known(ctx);
	wl_py_resolve(tree, src, n, sink, &stats);
	if (stats.truncated)
		wl_notify(ctx, WL_LEVEL_WARNING, "%s has more than %zu call sites of interest: the rest were not checked",
			  what, sink->max_calls);
	ts_tree_delete(tree);
	return 0;
}

static int python_wants(const struct wl_file *f)
{
	if (strcmp(f->ext, ".py") == 0 || strcmp(f->ext, ".pyw") == 0)
		return f->magic == WL_MAGIC_TEXT || f->magic == WL_MAGIC_UNKNOWN;
	/* an extensionless script with a python shebang */
	if (f->ext[0] == '\0' && f->magic == WL_MAGIC_TEXT && f->size > 2 && f->data[0] == '#' && f->data[1] == '!') {
		size_t n = f->size < 128 ? f->size : 128, i;
		for (i = 2; i + 6 <= n && f->data[i] != '\n'; i++)
			if (memcmp(f->data + i, "python", 6) == 0)
				return 1;
	}
	return 0;
}

/* ------------------------------------------------------------ regions */

/*
 * Past the parse floor: in a large file only some top-level statements can
 * hold a call a rule judges. Every plain statement is kept (imports and
 * module-level aliases live there); a def or class is kept when it holds a
 * trigger word, or a module-level name bound to something interesting
 * (`pk` after `import pickle as pk`), found by resolving the kept part once.
 * tree-sitter parses just those ranges, with the file's own positions. Any
 * doubt (lexer unsure, syntax errors, a star import) means a full parse.
 */
#define REGION_MIN_BYTES 8192
#define REGION_MAX_NAMES 64
#define REGION_SMALL_STATEMENT 1024

#define REGION_QNAME 128

struct names {
	struct wl_slice v[REGION_MAX_NAMES];
	/* the qualified name bound, when the resolver said (`torch` for `th`
	 * after `import torch as th`); "" when unknown: every mention counts */
	char q[REGION_MAX_NAMES][REGION_QNAME];
	size_t n;
	int all; /* too many, or a star import: keep every chunk */
};

static void collect_name(void *user, const char *name, size_t len)
{
	struct names *nm = user;
	if (len == 1 && name[0] == '*') {
		nm->all = 1;
		return;
	}
	if (nm->n >= REGION_MAX_NAMES) {
		nm->all = 1;
		return;
	}
	nm->v[nm->n].ptr = name;
	nm->v[nm->n].len = len;
	nm->q[nm->n][0] = '\0';
	nm->n++;
}

static void collect_qname(void *user, const char *name, size_t len, const char *qname)
{
	struct names *nm = user;
	size_t i = nm->n, ql = strlen(qname);
	collect_name(user, name, len);
	if (nm->n > i && ql < REGION_QNAME)
		memcpy(nm->q[i], qname, ql + 1);
}

static int ident_byte(unsigned char c)
{
	return c == '_' || (unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u || c >= 0x80;
}

/* The identifier src[i..j) names a module bound to q: is this mention
 * inert (`th.nn` for th = torch: nothing under it is judged)? */
/* The identifier src[i..j) right after a colon or `|` and right before
 * `,` `)` `]` `|` or `=` (`text_encoder: CLIPTextModel,`, `x: A | B = None`,
 * `{"k": X}`, `lambda: X)`): an annotation, an operand of `|`, a dict value
 * or a lambda body, which the resolver never reads as a callee, an argument
 * or a bound value. */
static int annotation_at(const char *src, size_t n, size_t i, size_t j)
{
	size_t a = i;
	while (a > 0 && (src[a - 1] == ' ' || src[a - 1] == '\t'))
		a--;
	if (a == 0 || (src[a - 1] != ':' && src[a - 1] != '|') || (src[a - 1] == '|' && a >= 2 && src[a - 2] == '|'))
		return 0;
	while (j < n && (src[j] == ' ' || src[j] == '\t'))
		j++;
	if (j >= n)
		return 0;
	return src[j] == ',' || src[j] == ')' || src[j] == ']' || src[j] == '|' ||
	       (src[j] == '=' && (j + 1 >= n || src[j + 1] != '='));
}

static int inert_at(const char *src, size_t n, size_t i, size_t j, const char *q)
{
	size_t k;
	if (annotation_at(src, n, i, j))
		return 1;
	if (!q[0] || (i > 0 && src[i - 1] == '.') || j >= n || src[j] != '.')
		return 0;
	for (k = j + 1; k < n && ident_byte((unsigned char)src[k]); k++)
		if ((unsigned char)src[k] >= 0x80)
			return 0;
	return k > j + 1 && wl_py_member_is_inert(q, strlen(q), src + j + 1, k - j - 1);
}

/* Does src[0..n) hold one of the names as a whole identifier? 1: yes; 2:
 * only in inert mentions (`th.nn.Linear`); 0: no. */
static int mentions(const char *src, size_t n, const struct names *nm)
{
	size_t i = 0, k;
	int inert = 0;
	while (i < n) {
		size_t j;
		if (!ident_byte((unsigned char)src[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && ident_byte((unsigned char)src[j]); j++)
			;
		for (k = 0; k < nm->n; k++) {
			if (nm->v[k].len != j - i || memcmp(nm->v[k].ptr, src + i, j - i) != 0)
				continue;
			if (!inert_at(src, n, i, j, nm->q[k]))
				return 1;
			inert = 2;
		}
		i = j;
	}
	return inert;
}

/* mentions() in the body of an f-string: its {expressions} are code, the
 * rest is text (a mention there is inert). */
static int fstring_mentions(const char *b, size_t n, const struct names *nm)
{
	size_t i = 0;
	int seen = 0;
	while (i < n) {
		size_t k, depth;
		if (b[i] != '{') {
			if (b[i] == '\\')
				i++;
			i++;
			continue;
		}
		if (i + 1 < n && b[i + 1] == '{') {
			i += 2;
			continue;
		}
		for (k = i + 1, depth = 1; k < n; k++) {
			if (b[k] == '{')
				depth++;
			else if (b[k] == '}' && --depth == 0)
				break;
		}
		{
			int m = mentions(b + i + 1, k - i - 1 < n ? k - i - 1 : 0, nm);
			if (m == 1)
				return 1;
			seen |= m;
		}
		i = k + 1;
	}
	if (!seen) {
		/* the text around: any mention there is inert */
		if (mentions(b, n, nm))
			seen = 2;
	}
	return seen ? 2 : 0;
}

/* mentions() in a def or class: comments and long plain strings are not
 * code (a mention there is inert); f-strings and short strings (`"th"`)
 * are read like code. */
static int code_mentions(const char *src, size_t n, const struct names *nm)
{
	const char *p = src, *end = src + n, *seg = src;
	int seen = 0, m;
	while (p < end) {
		char c = *p;
		if (c != '#' && c != '\'' && c != '"') {
			p++;
			continue;
		}
		if ((m = mentions(seg, (size_t)(p - seg), nm)) == 1)
			return 1;
		seen |= m;
		if (c == '#') {
			const char *q = p;
			while (p < end && *p != '\n')
				p++;
			if (mentions(q, (size_t)(p - q), nm))
				seen = 2;
		} else {
			int triple = end - p >= 3 && p[1] == c && p[2] == c;
			int fstr = (p > src && (p[-1] | 32) == 'f') || (p - 1 > src && (p[-2] | 32) == 'f');
			const char *body;
			p += triple ? 3 : 1;
			body = p;
			p = wl_py_string_body_end(p, end, c, triple);
			if (fstr) {
				if ((m = fstring_mentions(body, (size_t)(p - body), nm)) == 1)
					return 1;
				seen |= m;
			} else if ((m = mentions(body, (size_t)(p - body), nm)) != 0) {
				if (m == 1 && p - body <= 32)
					return 1;
				seen = 2;
			}
			p += p < end ? (triple ? 3 : 1) : 0;
			if (p > end)
				p = end;
		}
		seg = p;
	}
	if ((m = mentions(seg, (size_t)(end - seg), nm)) == 1)
		return 1;
	return seen | m ? 2 : 0;
}

/*
 * A def or class whose only mentions of interesting modules are inert can
 * be left unparsed, unless it holds what a parse would still report or
 * what changes bindings elsewhere: a call of a method a rule records
 * whatever its receiver (save_pretrained; `def save_pretrained` defines,
 * it does not call), a global/nonlocal statement, or a def/class named
 * like a builtin the resolver knows (`def open(...)`).
 */
static int keep_anyway(const char *src, size_t n)
{
	size_t i = 0, pl = 0;
	const char *prev = NULL;
	while (i < n) {
		size_t j;
		if (!ident_byte((unsigned char)src[i])) {
			i++;
			continue;
		}
		for (j = i; j < n && ident_byte((unsigned char)src[j]); j++)
			;
		int defines = prev && ((pl == 3 && memcmp(prev, "def", 3) == 0) || (pl == 5 && memcmp(prev, "class", 5) == 0));
		if (defines ? wl_py_builtin_name(src + i, j - i)
			    : (wl_py_interesting_method(src + i, j - i) || (j - i == 6 && memcmp(src + i, "global", 6) == 0) ||
			       (j - i == 8 && memcmp(src + i, "nonlocal", 8) == 0)))
			return 1;
		prev = src + i;
		pl = j - i;
		i = j;
	}
	return 0;
}

/* skip (may be NULL): chunks to leave out although selected */
static TSTree *parse_chunks(TSParser *parser, const char *src, size_t n, const struct wl_py_chunk *c, size_t nc,
			    const unsigned char *skip)
{
	TSRange *ranges = wl_malloc((nc ? nc : 1) * sizeof(*ranges));
	size_t nr = 0, i;
	TSTree *tree;
	for (i = 0; i < nc; i++) {
		if (!c[i].selected || (skip && skip[i]))
			continue;
		if (nr && ranges[nr - 1].end_byte == c[i].start) {
			ranges[nr - 1].end_byte = c[i].end;
			ranges[nr - 1].end_point.row = c[i].end_row;
			ranges[nr - 1].end_point.column = c[i].end_col;
			continue;
		}
		ranges[nr].start_byte = c[i].start;
		ranges[nr].start_point.row = c[i].row;
		ranges[nr].start_point.column = 0;
		ranges[nr].end_byte = c[i].end;
		ranges[nr].end_point.row = c[i].end_row;
		ranges[nr].end_point.column = c[i].end_col;
		nr++;
	}
	tree = NULL;
	if (nr && ts_parser_set_included_ranges(parser, ranges, (uint32_t)nr))
		tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)n);
	ts_parser_set_included_ranges(parser, NULL, 0);
	free(ranges);
	return tree;
}

/* `name = ...` / `name: T = ...` at the start of a statement: name joins the
 * interesting names (text only; it decides what gets parsed, not what a
 * call resolves to). */
static void assigned_name(const char *p, size_t n, struct names *nm)
{
	size_t i = 0, k;
	while (i < n && ident_byte((unsigned char)p[i]))
		i++;
	if (!i || (p[0] >= '0' && p[0] <= '9'))
		return;
	k = i;
	while (k < n && (p[k] == ' ' || p[k] == '\t'))
		k++;
	if (k < n && (p[k] == ':' || (p[k] == '=' && (k + 1 >= n || p[k + 1] != '=')))) {
		size_t j;
		for (j = 0; j < nm->n; j++)
			if (nm->v[j].len == i && memcmp(nm->v[j].ptr, p, i) == 0)
				return;
		collect_name(nm, p, i);
	}
}

/* A small `NAME = "literal"` / `NAME = True` statement: a constant a call
 * may use (`MODEL_ID = "org/model"`, `TRUST = False`). */
static int constant_assignment(const char *p, size_t n)
{
	size_t i = 0;
	if (n > REGION_SMALL_STATEMENT)
		return 0;
	while (i < n && ident_byte((unsigned char)p[i]))
		i++;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == ':' || ident_byte((unsigned char)p[i]) ||
			 p[i] == '[' || p[i] == ']' || p[i] == '.'))
		i++; /* an annotation: `NAME: str` */
	if (i >= n || p[i] != '=' || (i + 1 < n && p[i + 1] == '='))
		return 0;
	i++;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= n)
		return 0;
	if (p[i] == '"' || p[i] == '\'' || p[i] == '(')
		return 1;
	if ((p[i] == 'r' || p[i] == 'u' || p[i] == 'R' || p[i] == 'U') && i + 1 < n && (p[i + 1] == '"' || p[i + 1] == '\''))
		return 1;
	return (n - i >= 4 && memcmp(p + i, "True", 4) == 0) || (n - i >= 5 && memcmp(p + i, "False", 5) == 0);
}

static int any_selected(const struct wl_py_chunk *c, size_t nc)
{
	size_t i;
	for (i = 0; i < nc; i++)
		if (c[i].selected)
			return 1;
	return 0;
}

/* Does a def/class chunk's header (decorators, `class X(...):`) define a
 * class? */
static int header_is_class(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((n - i > 6 && memcmp(p + i, "class", 5) == 0 && !ident_byte((unsigned char)p[i + 5])))
			return 1;
		if (n - i > 4 && (memcmp(p + i, "def", 3) == 0 || memcmp(p + i, "async", 5) == 0))
			return 0;
		while (i < n && p[i] != '\n')
			i++;
		i++;
	}
	return 0;
}

#define REGION_CLASS_MIN 2048

/*
 * A selected class is often large and only one method in it matters: parse
 * its header, every plain statement of its body and only the methods that
 * can matter, by the rules for top-level defs (methods see module names,
 * never class names, so a method left out changes no lookup elsewhere:
 * one named like a builtin, an interesting module-level name or holding a
 * global statement is kept). Returns the chunk list to parse (c itself
 * when nothing is split; else a new array the caller frees).
 */
static struct wl_py_chunk *split_classes(const char *src, struct wl_py_chunk *c, size_t nc, const struct names *nm,
					 size_t *nout)
{
	struct wl_py_chunk *ex = NULL;
	size_t nex = 0, aex = 0, i, k;
	int split = 0;
	for (i = 0; i < nc; i++) {
		struct wl_py_chunk *sub = NULL;
		size_t ns = 0;
		int any = 0;
		if (c[i].selected && c[i].kind == WL_PY_CHUNK_DEF && c[i].end - c[i].start >= REGION_CLASS_MIN &&
		    wl_py_body_chunks(src, c[i].start, c[i].end, c[i].row, &sub, &ns) == 0 &&
		    header_is_class(src + sub[0].start, sub[0].end - sub[0].start)) {
			sub[0].selected = 1;
			for (k = 1; k < ns; k++) {
				const char *p = src + sub[k].start;
				size_t len = sub[k].end - sub[k].start;
				int imports, m;
				if (sub[k].kind != WL_PY_CHUNK_DEF) {
					sub[k].selected = 1;
					continue;
				}
				m = nm->n ? code_mentions(p, len, nm) : 0;
				sub[k].selected = wl_py_code_triggers_refined(p, len, &imports) || m == 1 ||
						  ((m == 2 || wl_py_code_triggers(p, len, &imports)) && keep_anyway(p, len));
				any |= sub[k].selected;
			}
			if (any) {
				sub[ns - 1].end_col = c[i].end_col;
				ex = wl_grow(ex, &aex, nex + ns, sizeof(*ex));
				memcpy(ex + nex, sub, ns * sizeof(*ex));
				nex += ns;
				split = 1;
				free(sub);
				continue;
			}
		}
		free(sub);
		ex = wl_grow(ex, &aex, nex + 1, sizeof(*ex));
		ex[nex++] = c[i];
	}
	if (!split) {
		free(ex);
		*nout = nc;
		return c;
	}
	*nout = nex;
	return ex;
}

/* 0: scanned through regions; 1: the caller must parse the whole file. */
static int scan_regions(struct wl_ctx *ctx, const char *src, size_t n, const struct wl_py_sink *sink)
{
	struct wl_py_chunk *c = NULL;
	struct wl_py_sink probe;
	struct names nm;
	size_t nc = 0, i;
	unsigned char *trig = NULL;
	TSParser *parser;
	TSTree *tree = NULL;
	struct wl_py_stats stats;
	unsigned char *probe_skip = NULL;
	int rc = 1, round, pulled = 0, skipped = 0;

	if (n < REGION_MIN_BYTES || n > UINT32_MAX || wl_py_chunks(src, n, &c, &nc) != 0)
		return 1;
	if (!(parser = wl_ctx_parser(ctx, WL_LANG_PYTHON)))
		goto done;
	trig = wl_calloc(nc, 1);
	for (i = 0; i < nc; i++) {
		int imports;
		const char *p = src + c[i].start;
		size_t len = c[i].end - c[i].start;
		if (c[i].kind == WL_PY_CHUNK_DEF) {
			/* `torch.nn.Linear` alone does not make a def worth a parse */
			trig[i] = (unsigned char)wl_py_code_triggers_refined(p, len, &imports);
			if (!trig[i] && wl_py_code_triggers(p, len, &imports) && keep_anyway(p, len))
				trig[i] = 1;
		} else {
			trig[i] = (unsigned char)wl_py_code_triggers(p, len, &imports);
		}
		/* module-level statements that import, name a trigger, or are
		 * small (`MODEL_ID = "org/model"`): the bindings defs may use */
		c[i].selected = c[i].kind == WL_PY_CHUNK_PLAIN &&
				(trig[i] || imports || constant_assignment(src + c[i].start, c[i].end - c[i].start));
	}
	memset(&nm, 0, sizeof(nm));
	memset(&probe, 0, sizeof(probe));
	probe.user = &nm;
	probe.module_name = collect_name;
	probe.module_qname = collect_qname;
	probe.bindings_only = 1;
	for (i = 0; i < nc; i++)
		if (trig[i])
			c[i].selected = 1;
	/* names bound to something interesting pull in the statements that
	 * use them; a statement `name = ...pk...` taints `name` in turn
	 * (`loader = pk.loads` after `import pickle as pk`). Usually there is
	 * nothing to pull, and the first parse is the last. */
	if (!any_selected(c, nc)) {
		wl_ctx_comments_known(ctx);
		rc = 0;
		goto done;
	}
	/* the bindings probe needs the module-level statements only: a def
	 * binds nothing there but its own name (never an interesting value),
	 * unless it declares a global */
	probe_skip = wl_calloc(nc, 1);
	for (i = 0; i < nc; i++)
		if (c[i].selected && c[i].kind == WL_PY_CHUNK_DEF &&
		    !memmem(src + c[i].start, c[i].end - c[i].start, "global", 6))
			probe_skip[i] = 1, skipped = 1;
	tree = parse_chunks(parser, src, n, c, nc, probe_skip);
	if (!tree || ts_node_has_error(ts_tree_root_node(tree)))
		goto done;
	wl_py_resolve(tree, src, n, &probe, NULL);
	if (nm.all)
		goto done;
	for (round = 0; nm.n && round < REGION_MAX_NAMES; round++) {
		int more = 0;
		for (i = 0; i < nc; i++) {
			int m;
			if (c[i].selected)
				continue;
			m = c[i].kind == WL_PY_CHUNK_DEF ? code_mentions(src + c[i].start, c[i].end - c[i].start, &nm)
							  : mentions(src + c[i].start, c[i].end - c[i].start, &nm);
			if (!m)
				continue;
			if (m == 2 && c[i].kind == WL_PY_CHUNK_DEF && !keep_anyway(src + c[i].start, c[i].end - c[i].start))
				continue; /* only inert mentions (`th.nn`) */
			c[i].selected = 1;
			pulled = 1;
			if (c[i].kind == WL_PY_CHUNK_PLAIN) {
				size_t before = nm.n;
				assigned_name(src + c[i].start, c[i].end - c[i].start, &nm);
				more |= nm.n != before;
			}
		}
		if (!more || nm.all)
			break;
	}
	if (nm.all)
		goto done;
	{
		size_t nx;
		struct wl_py_chunk *x = split_classes(src, c, nc, &nm, &nx);
		if (pulled || skipped || x != c) {
			ts_tree_delete(tree);
			tree = parse_chunks(parser, src, n, x, nx, NULL);
		}
		if (x != c)
			free(x);
		if (!tree || ts_node_has_error(ts_tree_root_node(tree)))
			goto done;
	}
	wl_ctx_comments_known(ctx);
	wl_py_resolve(tree, src, n, sink, &stats);
	if (stats.truncated)
		wl_notify(ctx, WL_LEVEL_WARNING,
			  "this file has more than %zu call sites of interest: the rest were not checked", sink->max_calls);
	rc = 0;
done:
	if (tree)
		ts_tree_delete(tree);
	free(probe_skip);
	free(trig);
	free(c);
	return rc;
}

static int python_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_py_sink sink = { ctx, sink_alloc, sink_emit, sink_locate, sink_comment, MAX_CALL_FACTS, NULL, 0, NULL, 0 };
	const char *src = (const char *)f->data;
	/* setup.py runs on `pip install`: every call whose callee resolves is a
	 * fact (rules/install.c judges what runs at install time), whatever the
	 * prefilter says; it is parsed whole */
	if (strcmp(f->name, "setup.py") == 0 && !wl_py_needs_fold(src, f->size)) {
		sink.all_resolved = 1;
		return wl_py_scan_buffer(ctx, src, f->size, &sink, "this file", NULL, NULL);
	}
	if (wl_py_needs_fold(src, f->size)) {
		/* identifiers Python folds to ASCII (`ｅｖａｌ`): scan the folded
		 * text, with every byte mapped back to the file */
		struct wl_nb nb;
		int rc = 0;
		wl_nb_init(&nb);
		wl_nb_fold(&nb, src, f->size);
		if (nb.len && wl_py_prefilter(nb.py, nb.len))
			rc = wl_py_scan_mapped(ctx, &nb, src, f->size, "this file");
		wl_nb_release(&nb);
		return rc;
	}
	if (!wl_py_prefilter(src, f->size))
		return 0;
	if (scan_regions(ctx, src, f->size, &sink) == 0)
		return 0;
	return wl_py_scan_buffer(ctx, src, f->size, &sink, "this file", NULL, NULL);
}

const struct wl_scanner wl_scanner_python = {
	.name = "python",
	.wants = python_wants,
	.scan = python_scan,
	.emits = WL_FACT_BIT(WL_FACT_CALL),
};
