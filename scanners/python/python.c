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

static void sink_flow(void *user, const struct wl_flow *flow, const struct wl_loc *loc)
{
	wl_fact_emit(user, WL_FACT_FLOW, loc, flow);
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
 * Only some top-level statements of a file can hold a call a rule judges.
 * The plain statements that import, name a trigger word, bind a constant or
 * an alias are kept (the bindings the rest may use); a def or class is kept
 * when it holds a trigger word, or a module-level name bound to something
 * interesting (`pk` after `import pickle as pk`), found by resolving the
 * kept part once. tree-sitter parses just those ranges, with the file's own
 * positions. Any doubt (lexer unsure, syntax errors, a star import) means a
 * full parse. Small files too: a parse costs by the byte, whatever the size.
 */
#define REGION_MAX_NAMES 64
#define REGION_SMALL_STATEMENT 1024

#define REGION_QNAME 128

/* Lengths and first bytes of a set of names: most identifiers of a file are
 * ruled out without a comparison. */
struct name_filter {
	uint64_t lens; /* bit min(len, 63) */
	unsigned char first[256];
};

static void filter_add(struct name_filter *f, const char *p, size_t len)
{
	f->lens |= (uint64_t)1 << (len < 63 ? len : 63);
	if (len)
		f->first[(unsigned char)p[0]] = 1;
}

static int filter_may(const struct name_filter *f, const char *p, size_t len)
{
	return (f->lens >> (len < 63 ? len : 63) & 1) && f->first[(unsigned char)p[0]];
}

struct names {
	struct wl_slice v[REGION_MAX_NAMES];
	/* the qualified name bound, when the resolver said (`torch` for `th`
	 * after `import torch as th`); "" when unknown: every mention counts */
	char q[REGION_MAX_NAMES][REGION_QNAME];
	size_t n;
	int all; /* too many, or a star import: keep every chunk */
	/* may a call of a bare name be getattr, __import__ or import_module
	 * under an alias (`g = getattr`) and return a module or function?
	 * Asked of the file the first time a statement needs it */
	struct alias_probe *alias;
	struct name_filter filter;
};

struct alias_probe {
	const char *src;
	size_t n;
	int known, yes;
};

static int names_not_called(const char *src, size_t n);

static int calls_may_alias(struct alias_probe *a)
{
	if (!a)
		return 1;
	if (!a->known) {
		a->yes = names_not_called(a->src, a->n);
		a->known = 1;
	}
	return a->yes;
}

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
	filter_add(&nm->filter, name, len);
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

/* Letters, digits, '_' and every byte of a multi-byte character. */
static inline int ident_byte(unsigned char c)
{
	return wl_py_bytes[c] & WL_PYB_IDENT;
}

/* The next identifier run in src[*i..n): [*i, *j) and 1, or 0 at the end. */
static inline int next_ident(const char *src, size_t n, size_t *i, size_t *j)
{
	size_t a = *i, b;
	while (a < n && !ident_byte((unsigned char)src[a]))
		a++;
	if (a >= n)
		return 0;
	for (b = a + 1; b < n && ident_byte((unsigned char)src[b]); b++)
		;
	*i = a;
	*j = b;
	return 1;
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
	if (annotation_at(src, n, i, j))
		return 1;
	if (!q[0] || (i > 0 && src[i - 1] == '.') || j >= n || src[j] != '.')
		return 0;
	return wl_py_chain_is_inert(q, strlen(q), src + j, n - j);
}

/* Is the identifier src[i..j) of src[0..n) one of the names? 1: yes; 2:
 * only inertly (`th.nn.Linear`); 0: no. */
static inline int mention_at(const char *src, size_t n, size_t i, size_t j, const struct names *nm)
{
	size_t k;
	int inert = 0;
	if (!filter_may(&nm->filter, src + i, j - i))
		return 0;
	for (k = 0; k < nm->n; k++) {
		if (nm->v[k].len != j - i || memcmp(nm->v[k].ptr, src + i, j - i) != 0)
			continue;
		if (!inert_at(src, n, i, j, nm->q[k]))
			return 1;
		inert = 2;
	}
	return inert;
}

/* Does src[0..n) hold one of the names as a whole identifier? 1: yes; 2:
 * only in inert mentions (`th.nn.Linear`); 0: no. */
static int mentions(const char *src, size_t n, const struct names *nm)
{
	size_t i = 0, j;
	int inert = 0, m;
	for (; next_ident(src, n, &i, &j); i = j) {
		if ((m = mention_at(src, n, i, j, nm)) == 1)
			return 1;
		inert |= m;
	}
	return inert;
}

struct fstring_scan {
	const struct names *nm;
	int seen;
};

static int fstring_mentions_part(void *user, const char *p, size_t len)
{
	struct fstring_scan *fs = user;
	int m = mentions(p, len, fs->nm);
	if (m == 1)
		return 1;
	fs->seen |= m;
	return 0;
}

/* mentions() in the body of an f-string: its {expressions} are code, the
 * rest is text (a mention there is inert). */
static int fstring_mentions(const char *b, size_t n, const struct names *nm)
{
	struct fstring_scan fs = { nm, 0 };
	if (wl_py_fstring_parts(b, n, fstring_mentions_part, &fs))
		return 1;
	if (!fs.seen) {
		/* the text around: any mention there is inert */
		if (mentions(b, n, nm))
			fs.seen = 2;
	}
	return fs.seen ? 2 : 0;
}

/* mentions() in a def or class: comments and long plain strings are not
 * code (a mention there is inert); f-strings and short strings (`"th"`)
 * are read like code. */
struct mentions_scan {
	const struct names *nm;
	int seen;
};

static int mentions_piece(void *user, const char *p, size_t len, enum wl_py_piece kind, int fstring)
{
	struct mentions_scan *ms = user;
	int m;
	if (kind == WL_PY_PIECE_CODE) {
		if ((m = mentions(p, len, ms->nm)) == 1)
			return 1;
		ms->seen |= m;
	} else if (kind == WL_PY_PIECE_COMMENT || (!fstring && len > 32)) {
		/* text: a mention there is inert, and one is enough */
		if (!ms->seen && mentions(p, len, ms->nm))
			ms->seen = 2;
	} else if (fstring) {
		if ((m = fstring_mentions(p, len, ms->nm)) == 1)
			return 1;
		ms->seen |= m;
	} else if ((m = mentions(p, len, ms->nm)) != 0) {
		if (m == 1) /* a short string: getattr(th, "load") */
			return 1;
		ms->seen = 2;
	}
	return 0;
}

static int code_mentions(const char *src, size_t n, const struct names *nm)
{
	struct mentions_scan ms = { nm, 0 };
	if (wl_py_pieces(src, n, mentions_piece, &ms))
		return 1;
	return ms.seen ? 2 : 0;
}

/*
 * A def or class whose only mentions of interesting modules are inert can
 * be left unparsed, unless it holds what a parse would still report or
 * what changes bindings elsewhere: a call of a method a rule records
 * whatever its receiver (save_pretrained; `def save_pretrained` defines,
 * it does not call), a global/nonlocal statement, or a def/class named
 * like a builtin the resolver knows (`def open(...)`).
 *
 * also_reported (a statement of a def): also an identifier a parse reports
 * whatever binds it: a method or keyword the rules read, or a builtin the
 * rules judge (compile) not after a dot. One pass, one word lookup each.
 */
struct anyway_scan {
	int also_reported;
	const char *prev; /* the identifier before, across pieces */
	size_t pl;
};

static int anyway_code(void *user, const char *src, size_t n);

static int anyway_piece(void *user, const char *src, size_t n, enum wl_py_piece kind, int fstring)
{
	/* no call is written in a comment or a long string, but in the
	 * {expressions} of a long f-string */
	if (kind == WL_PY_PIECE_COMMENT || (kind == WL_PY_PIECE_STRING && !fstring && n > 32))
		return 0;
	if (kind == WL_PY_PIECE_STRING && n > 32)
		return wl_py_fstring_parts(src, n, anyway_code, user);
	return anyway_code(user, src, n);
}

/* One identifier src[i..j) of the keep-anyway scan (lengths: the mask of
 * wl_py_word_lengths()): 1 when it keeps the chunk; else it becomes the
 * identifier before the next. */
static inline int anyway_at(struct anyway_scan *a, const uint64_t *lengths, const char *src, size_t i, size_t j)
{
	unsigned k;
	if (((lengths[(unsigned char)src[i]] >> (j - i < 63 ? j - i : 63)) & 1) &&
	    (k = wl_py_word_kind(src + i, j - i)) != 0) {
		int defines = a->prev && ((a->pl == 3 && memcmp(a->prev, "def", 3) == 0) ||
					  (a->pl == 5 && memcmp(a->prev, "class", 5) == 0));
		if (defines ? (k & WL_WORD_BUILTIN) : (k & (WL_WORD_METHOD | WL_WORD_SCOPE)))
			return 1;
		if (a->also_reported && ((k & (WL_WORD_METHOD | WL_WORD_KEYWORD)) ||
					 ((k & WL_WORD_JUDGED_BUILTIN) && !(i > 0 && src[i - 1] == '.'))))
			return 1;
	}
	a->prev = src + i;
	a->pl = j - i;
	return 0;
}

static int anyway_code(void *user, const char *src, size_t n)
{
	struct anyway_scan *a = user;
	const uint64_t *lengths = wl_py_word_lengths();
	size_t i = 0, j;
	for (; next_ident(src, n, &i, &j); i = j)
		if (anyway_at(a, lengths, src, i, j))
			return 1;
	return 0;
}

static int keep_anyway(const char *src, size_t n)
{
	struct anyway_scan a = { 0, NULL, 0 };
	return wl_py_pieces(src, n, anyway_piece, &a);
}

/*
 * What scan_regions asks of a def chunk, in one walk of its identifiers:
 * its triggers (t, as wl_py_code_triggers_both), its mentions of the
 * module-level names (m, as code_mentions) and keep_anyway (a), each read
 * until the chunk is decided: kept by a trigger (t 2, or t 1 with a), or
 * by a mention (m 1, or m 2 with a). A chunk left out was read to its end.
 */
struct def_walk {
	struct mentions_scan ms; /* nm and the inert mentions seen */
	struct anyway_scan as;   /* also_reported: 0, or 1 for a statement */
	const uint64_t *lengths; /* wl_py_word_lengths() */
	int t, m, a;
};

/* A statement (as.also_reported) is decided by any yes; a def as above. */
static int def_decided(const struct def_walk *w)
{
	return w->t == 2 || w->m == 1 || (w->a && (w->t || w->as.also_reported));
}

static void def_walk_code(struct def_walk *w, const char *src, size_t n)
{
	const struct names *nm = w->ms.nm;
	size_t i = 0, j;
	/* runs of identifier bytes are the trigger scan's runs where all
	 * bytes are ASCII; else wl_py_trigger_at splits them */
	int ascii = !wl_has_high_byte(src, n);
	for (; next_ident(src, n, &i, &j); i = j) {
		if (w->t != 2) {
			int r = ascii ? wl_py_trigger_run(src, n, i, j, 1) : wl_py_trigger_at(src, n, i, j, 1);
			if (r == 2) {
				w->t = 2;
				return;
			}
			w->t |= r;
		}
		if (w->m != 1 && nm->n) {
			int m = mention_at(src, n, i, j, nm);
			if (m == 1)
				w->m = 1;
			else if (m)
				w->ms.seen = 2;
		}
		if (!w->a && anyway_at(&w->as, w->lengths, src, i, j))
			w->a = 1;
		if (def_decided(w))
			return;
	}
}

static int def_walk_piece(void *user, const char *p, size_t len, enum wl_py_piece kind, int fstring)
{
	struct def_walk *w = user;
	if (kind == WL_PY_PIECE_CODE) {
		def_walk_code(w, p, len);
		return def_decided(w);
	}
	if (w->t != 2 && !w->as.also_reported) {
		int r = wl_py_piece_triggers(p, len, kind, fstring, WL_TRIG_REFINED | WL_TRIG_BOTH);
		w->t = r == 2 ? 2 : w->t | r;
	} else if (w->t != 2 && kind == WL_PY_PIECE_STRING && len <= 32 &&
		   wl_py_trigger_scan(p, len, WL_TRIG_REFINED | WL_TRIG_STRING)) {
		w->t = 2; /* a statement: a short string's trigger */
	}
	if (w->m != 1 && w->ms.nm->n && mentions_piece(&w->ms, p, len, kind, fstring))
		w->m = 1;
	if (!w->a && anyway_piece(&w->as, p, len, kind, fstring))
		w->a = 1;
	return def_decided(w);
}

/* 1 when the def chunk src[0..n) is to be parsed; else 0, with *anyway
 * (keep_anyway's answer) */
static int def_kept(const char *src, size_t n, const struct names *nm, int *anyway)
{
	struct def_walk w;
	int m;
	memset(&w, 0, sizeof(w));
	w.ms.nm = nm;
	w.lengths = wl_py_word_lengths();
	wl_py_pieces(src, n, def_walk_piece, &w);
	m = w.m == 1 ? 1 : w.ms.seen ? 2 : 0;
	*anyway = w.a;
	return w.t == 2 || (w.t == 1 && w.a) || m == 1 || (m == 2 && w.a);
}

/* Can one statement of a def make a fact: a trigger word (refined), a
 * mention of an interesting module-level name that is not inert, or what
 * keep_anyway() keeps, or also_reported? The three tests of select_statements
 * in one walk of the statement's identifiers, which stops at the first
 * yes. */
static int statement_matters(const char *src, size_t n, const struct names *nm)
{
	struct def_walk w;
	memset(&w, 0, sizeof(w));
	w.ms.nm = nm;
	w.as.also_reported = 1;
	w.lengths = wl_py_word_lengths();
	wl_py_pieces(src, n, def_walk_piece, &w);
	return def_decided(&w);
}

/* The ranges of the selected chunks of c[0..nc) (skip, may be NULL: those
 * to leave out although selected), adjacent ones merged; *nr of them. */
static TSRange *chunk_ranges(const struct wl_py_chunk *c, size_t nc, const unsigned char *skip, size_t *nr)
{
	TSRange *ranges = wl_malloc((nc ? nc : 1) * sizeof(*ranges));
	size_t i;
	*nr = 0;
	for (i = 0; i < nc; i++) {
		TSRange *last = *nr ? &ranges[*nr - 1] : NULL;
		if (!c[i].selected || (skip && skip[i]))
			continue;
		if (last && last->end_byte == c[i].start) {
			last->end_byte = c[i].end;
			last->end_point.row = c[i].end_row;
			last->end_point.column = c[i].end_col;
			continue;
		}
		last = &ranges[(*nr)++];
		last->start_byte = c[i].start;
		last->start_point.row = c[i].row;
		last->start_point.column = 0;
		last->end_byte = c[i].end;
		last->end_point.row = c[i].end_row;
		last->end_point.column = c[i].end_col;
	}
	return ranges;
}

static TSTree *parse_chunks(TSParser *parser, const TSTree *old, const char *src, size_t n,
			    const struct wl_py_chunk *c, size_t nc, const unsigned char *skip)
{
	size_t nr;
	TSRange *ranges = chunk_ranges(c, nc, skip, &nr);
	TSTree *tree = NULL;
	if (nr && ts_parser_set_included_ranges(parser, ranges, (uint32_t)nr))
		tree = ts_parser_parse_string(parser, old, src, (uint32_t)n);
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
 * may use (`MODEL_ID = "org/model"`, `TRUST = False`), or an alias
 * `NAME = a.b` (`m = AutoModel`: `m.from_pretrained(...)` in a def then
 * resolves as in a whole parse). */
static int constant_or_alias(const char *p, size_t n)
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
	if ((n - i >= 4 && memcmp(p + i, "True", 4) == 0) || (n - i >= 5 && memcmp(p + i, "False", 5) == 0))
		return 1;
	if (!ident_byte((unsigned char)p[i]) || (p[i] >= '0' && p[i] <= '9'))
		return 0;
	while (i < n && (ident_byte((unsigned char)p[i]) || p[i] == '.'))
		i++;
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i < n && p[i] == '#')
		while (i < n && p[i] != '\n')
			i++;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	return i == n;
}

static int any_selected_but(const struct wl_py_chunk *c, size_t nc, const unsigned char *skip)
{
	size_t i;
	for (i = 0; i < nc; i++)
		if (c[i].selected && !(skip && skip[i]))
			return 1;
	return 0;
}

static int any_selected(const struct wl_py_chunk *c, size_t nc)
{
	return any_selected_but(c, nc, NULL);
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

#define REGION_CLASS_MIN 512

/*
 * A selected class is often large and only one method in it matters: parse
 * its header, every plain statement of its body and only the methods that
 * can matter, by the rules for top-level defs (methods see module names,
 * never class names, so a method left out changes no lookup elsewhere:
 * one named like a builtin, an interesting module-level name or holding a
 * global statement is kept). 0 with *out and *nout set (the caller frees
 * *out), or -1: keep the chunk whole. A cut for expand_chunks().
 */
static int cut_class(const char *src, const struct wl_py_chunk *c, const struct names *nm, struct wl_py_chunk **out,
		     size_t *nout)
{
	struct wl_py_chunk *sub = NULL;
	size_t ns = 0, k;
	int any = 0;
	if (c->end - c->start < REGION_CLASS_MIN || wl_py_body_chunks(src, c->start, c->end, c->row, &sub, &ns) != 0)
		return -1;
	if (!header_is_class(src + sub[0].start, sub[0].end - sub[0].start)) {
		free(sub);
		return -1;
	}
	sub[0].selected = 1;
	for (k = 1; k < ns; k++) {
		const char *p = src + sub[k].start;
		size_t len = sub[k].end - sub[k].start;
		int a;
		if (sub[k].kind != WL_PY_CHUNK_DEF) {
			sub[k].selected = 1;
			continue;
		}
		sub[k].selected = def_kept(p, len, nm, &a);
		any |= sub[k].selected;
	}
	if (!any) {
		/* the class matters as a whole (a trigger word in one method,
		 * a method word in another) but no method does by itself:
		 * its header and plain statements; a body of methods only
		 * keeps its smallest one, so that the class still parses */
		size_t small = 0;
		for (k = 1; k < ns && !any; k++)
			any = sub[k].kind != WL_PY_CHUNK_DEF;
		for (k = 1; k < ns && !any; k++)
			if (!small || sub[k].end - sub[k].start < sub[small].end - sub[small].start)
				small = k;
		if (small)
			sub[small].selected = 1;
	}
	sub[ns - 1].end_col = c->end_col;
	*out = sub;
	*nout = ns;
	return 0;
}

/* ------------------------------------------------- statements of a def */

/*
 * A selected def is often long and only a few of its statements can make
 * a fact: parse its header and those statements, plus every statement of
 * its body that binds a name they use (so arguments and aliases resolve
 * the same), plus every statement that uses a name such a statement may
 * bind to a module or function (`f = torch.load` ... `f(p)`). The unit is
 * a statement of the def's body, or of a clause of a long compound
 * statement in it (see unit_flatten): the headers around a kept statement,
 * every clause of its statement and the last statement of each kept block
 * are kept, so enclosing branches, dead-branch ranges and allow-listing
 * ifs read the same. Names are found by a small lexer and over-approximated
 * (any identifier left of an `=`, after `for`/`as`/`import`/`def`/`class`);
 * any doubt keeps the def whole.
 */

struct slices {
	struct wl_slice *v;
	size_t n, alloc;
};

static void slices_push(struct slices *s, const char *p, size_t len)
{
	s->v = wl_grow(s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	s->v[s->n].ptr = p;
	s->v[s->n].len = len;
	s->n++;
}

/* a set of names: open addressing over slices of the source */
struct nameset {
	struct wl_slice *v;
	size_t cap, n;
};

static int nameset_has(const struct nameset *s, const char *p, size_t n)
{
	size_t i;
	if (!s->n)
		return 0;
	for (i = wl_hash_short(p, n) & (s->cap - 1); s->v[i].ptr; i = (i + 1) & (s->cap - 1))
		if (s->v[i].len == n && memcmp(s->v[i].ptr, p, n) == 0)
			return 1;
	return 0;
}

/* 1 when p[0..n) was not in the set */
static int nameset_add(struct nameset *s, const char *p, size_t n)
{
	size_t i;
	if (nameset_has(s, p, n))
		return 0;
	if (2 * (s->n + 1) > s->cap) {
		struct nameset g = { NULL, s->cap ? 2 * s->cap : 64, 0 };
		g.v = wl_calloc(g.cap, sizeof(*g.v));
		for (i = 0; i < s->cap; i++)
			if (s->v[i].ptr)
				nameset_add(&g, s->v[i].ptr, s->v[i].len);
		free(s->v);
		*s = g;
	}
	for (i = wl_hash_short(p, n) & (s->cap - 1); s->v[i].ptr; i = (i + 1) & (s->cap - 1))
		;
	s->v[i].ptr = p;
	s->v[i].len = n;
	s->n++;
	return 1;
}

enum { T_IDENT = 1, T_OP, T_STR, T_OTHER, T_EOL };

struct tok {
	const char *p;
	uint32_t len;
	unsigned char type, dot_before, depth;
};

static int tok_is(const struct tok *t, const char *w)
{
	size_t n = strlen(w);
	return t->type == T_IDENT && t->len == n && memcmp(t->p, w, n) == 0;
}

static int op_is(const struct tok *t, char c)
{
	return t->type == T_OP && t->p[0] == c;
}

static inline void tok_push(struct tok **v, size_t *n, size_t *alloc, const char *p, size_t len, int type, int depth)
{
	struct tok *t;
	if (*n >= *alloc)
		*v = wl_grow(*v, alloc, *n + 1, sizeof(**v));
	t = &(*v)[(*n)++];
	t->p = p;
	t->len = (uint32_t)len;
	t->type = (unsigned char)type;
	t->depth = (unsigned char)(depth > 255 ? 255 : depth); /* stmt_tokens gives up past 200 */
	t->dot_before = *n >= 2 && op_is(t - 1, '.');
}

/* Tokens of one statement: identifiers, one-byte operators, strings (an
 * f-string's identifiers go to *fnames), logical line ends (T_EOL at depth
 * 0, `;` included). -1 on doubt. */
static int stmt_tokens(const char *src, size_t n, struct tok **out, size_t *nout, struct slices *fnames)
{
	/* room for a token every four bytes at first: code has fewer */
	size_t nv = 0, alloc = n / 4 + 8, i = 0;
	struct tok *v = wl_malloc(alloc * sizeof(*v));
	int depth = 0;
	while (i < n) {
		unsigned char c = (unsigned char)src[i];
		if (c == '#') {
			while (i < n && src[i] != '\n')
				i++;
		} else if (c == '\\' && i + 1 < n && src[i + 1] == '\n') {
			i += 2;
		} else if (c == '\\' && i + 2 < n && src[i + 1] == '\r' && src[i + 2] == '\n') {
			i += 3;
		} else if (c == '\n' || (c == ';' && depth == 0)) {
			if (depth == 0)
				tok_push(&v, &nv, &alloc, src + i, 1, T_EOL, 0);
			i++;
		} else if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
			i++;
		} else if (c == '\'' || c == '"') {
			int triple = n - i >= 3 && src[i + 1] == (char)c && src[i + 2] == (char)c, fstr = 0;
			const char *body, *e;
			if (nv && v[nv - 1].type == T_IDENT && v[nv - 1].p + v[nv - 1].len == src + i && v[nv - 1].len <= 2 &&
			    strspn(v[nv - 1].p, "rRbBuUfFtT") >= v[nv - 1].len) {
				/* a prefix (r, b, f, rb, fr ...) read as a name: it is not one */
				uint32_t k;
				for (k = 0; k < v[nv - 1].len; k++)
					fstr |= (v[nv - 1].p[k] | 32) == 'f' || (v[nv - 1].p[k] | 32) == 't';
				nv--;
			}
			body = src + i + (triple ? 3 : 1);
			e = wl_py_string_body_end(body, src + n, (char)c, triple);
			if (e >= src + n)
				goto fail;
			if (fstr) {
				size_t k = 0, bl = (size_t)(e - body);
				if (memmem(body, bl, ":=", 2))
					goto fail; /* a binding inside an f-string */
				while (k < bl) {
					size_t j;
					if (!ident_byte((unsigned char)body[k])) {
						k++;
						continue;
					}
					for (j = k; j < bl && ident_byte((unsigned char)body[j]); j++)
						;
					if (!(k > 0 && body[k - 1] == '.'))
						slices_push(fnames, body + k, j - k);
					k = j;
				}
			}
			i = (size_t)(e - src) + (triple ? 3 : 1);
			tok_push(&v, &nv, &alloc, src + i - 1, 1, T_STR, depth);
		} else if (c >= '0' && c <= '9') {
			size_t j = i;
			while (j < n && (ident_byte((unsigned char)src[j]) || src[j] == '.'))
				j++;
			tok_push(&v, &nv, &alloc, src + i, j - i, T_OTHER, depth);
			i = j;
		} else if (ident_byte(c)) {
			size_t j = i;
			while (j < n && ident_byte((unsigned char)src[j]))
				j++;
			tok_push(&v, &nv, &alloc, src + i, j - i, T_IDENT, depth);
			i = j;
		} else {
			if (c == '(' || c == '[' || c == '{')
				depth++;
			else if (c == ')' || c == ']' || c == '}')
				depth--;
			if (depth < 0 || depth > 200)
				goto fail;
			tok_push(&v, &nv, &alloc, src + i, 1, T_OP, c == '(' || c == '[' || c == '{' ? depth - 1 : depth);
			i++;
		}
	}
	if (depth != 0)
		goto fail;
	tok_push(&v, &nv, &alloc, src + n, 0, T_EOL, 0);
	*out = v;
	*nout = nv;
	return 0;
fail:
	free(v);
	return -1;
}

/* The bracket closing t[i] (an opener), or b when none before b. */
static size_t tok_close(const struct tok *t, size_t i, size_t b)
{
	size_t k;
	for (k = i + 1; k < b; k++)
		if (t[k].type == T_OP && t[k].depth == t[i].depth && (t[k].p[0] == ')' || t[k].p[0] == ']' || t[k].p[0] == '}'))
			return k;
	return b;
}

/* Can the expression t[a..b) resolve to a module or function (pyresolve's
 * resolve_expr gives a qualified name only for a name, an attribute, a
 * parenthesised one, or a call of getattr / __import__ / import_module,
 * which may be aliased when called by a bare name)? 1 when unsure. */
static int may_be_qname(const struct tok *t, size_t a, size_t b, struct alias_probe *alias)
{
	size_t i, ncomp = 1;
	const struct tok *last = NULL;
	enum { E_NAME, E_ATTR, E_CALL, E_SUB } k = E_NAME;
	int unwrap;
	for (unwrap = 0; a < b && op_is(&t[a], '('); unwrap++) {
		size_t c = tok_close(t, a, b);
		if (c + 1 != b || unwrap >= 8)
			return 1;
		a++, b--; /* (expr) */
	}
	if (a >= b)
		return 1;
	if (t[a].type != T_IDENT)
		return 0;
	last = &t[a];
	for (i = a + 1; i < b;) {
		if (op_is(&t[i], '.') && i + 1 < b && t[i + 1].type == T_IDENT) {
			if (k == E_NAME || k == E_ATTR)
				ncomp++;
			last = &t[i + 1];
			k = E_ATTR;
			i += 2;
		} else if (op_is(&t[i], '(') || op_is(&t[i], '[')) {
			size_t c = tok_close(t, i, b);
			if (c >= b)
				return 1;
			if (op_is(&t[i], '[')) {
				k = E_SUB;
			} else if (k == E_NAME || k == E_ATTR) {
				/* a call of a name or an attribute: getattr & co. */
				if ((k == E_NAME && ncomp == 1 && calls_may_alias(alias)) || tok_is(last, "getattr") || tok_is(last, "__import__") ||
				    tok_is(last, "import_module"))
					k = E_NAME; /* may be a qualified name: read on */
				else
					k = E_CALL;
			} else {
				k = E_CALL;
			}
			ncomp = 2; /* past a call: only the last name counts */
			last = &t[i];
			i = c + 1;
		} else {
			return 0; /* an operator, a keyword, a tuple: not a plain reference */
		}
	}
	return k == E_NAME || k == E_ATTR;
}

/* Names a statement uses (identifiers not after a dot) and binds (an
 * over-approximation), and of those bound the ones that may hold a module
 * or function. -1 on doubt. */
static int stmt_names(const char *src, size_t n, struct slices *uses, struct slices *binds, struct slices *qbinds,
		      struct alias_probe *alias)
{
	struct tok *t = NULL;
	size_t nt = 0, a = 0, i;
	if (stmt_tokens(src, n, &t, &nt, uses) != 0)
		return -1;
	for (i = 0; i < nt; i++)
		if (t[i].type == T_IDENT && !t[i].dot_before)
			slices_push(uses, t[i].p, t[i].len);
	while (a < nt) {
		size_t b = a, last_eq = SIZE_MAX, k;
		int importing = 0, plain = 0, lambda = 0;
		while (b < nt && t[b].type != T_EOL)
			b++;
		for (i = a; i < b; i++) {
			const struct tok *x = &t[i];
			if (x->type == T_IDENT && !x->dot_before) {
				if (tok_is(x, "import"))
					importing = 1;
				else if (importing)
					slices_push(binds, x->p, x->len), slices_push(qbinds, x->p, x->len);
				if (tok_is(x, "lambda") && x->depth == 0)
					lambda = 1;
				if ((tok_is(x, "def") || tok_is(x, "class")) && i + 1 < b && t[i + 1].type == T_IDENT)
					slices_push(binds, t[i + 1].p, t[i + 1].len);
				if (tok_is(x, "for")) {
					for (k = i + 1; k < b && !tok_is(&t[k], "in"); k++)
						if (t[k].type == T_IDENT)
							slices_push(binds, t[k].p, t[k].len);
				}
				if (tok_is(x, "as")) {
					for (k = i + 1; k < b && (t[k].type == T_IDENT || op_is(&t[k], '(') || op_is(&t[k], ')') ||
								  op_is(&t[k], '[') || op_is(&t[k], ']') || op_is(&t[k], ',') ||
								  op_is(&t[k], '*'));
					     k++)
						if (t[k].type == T_IDENT)
							slices_push(binds, t[k].p, t[k].len);
				}
			}
			if (op_is(x, '=')) {
				const char *q = x->p;
				char prev = q > src ? q[-1] : 0, next = q + 1 < src + n ? q[1] : 0;
				if (prev == ':') {
					/* name := value, at any depth */
					if (i >= 2 && t[i - 2].type == T_IDENT)
						slices_push(binds, t[i - 2].p, t[i - 2].len),
							slices_push(qbinds, t[i - 2].p, t[i - 2].len);
					continue;
				}
				if (x->depth != 0 || next == '=' || prev == '=' || prev == '!')
					continue;
				if ((prev == '<' || prev == '>') && !(q - 1 > src && q[-2] == prev))
					continue; /* <= >= */
				last_eq = i;
				plain = !strchr("+-*/%&|^@<>", prev);
			}
		}
		if (last_eq != SIZE_MAX) {
			int q = lambda || (plain && may_be_qname(t, last_eq + 1, b, alias));
			for (k = a; k < last_eq; k++) {
				if (t[k].type != T_IDENT || t[k].dot_before ||
				    (k + 1 < nt && (op_is(&t[k + 1], '.') || op_is(&t[k + 1], '(') || op_is(&t[k + 1], '['))))
					continue;
				slices_push(binds, t[k].p, t[k].len);
				if (q)
					slices_push(qbinds, t[k].p, t[k].len);
			}
		}
		a = b + 1;
	}
	free(t);
	return 0;
}

/* The def's name is find_class: pyresolve reads the last statement of that
 * method (a fallback to the base class), so it is never cut. */
static int defines_find_class(const char *p, size_t n)
{
	const char *d = memmem(p, n, "def ", 4);
	return d && memmem(d, (size_t)(p + n - d), "find_class", 10) != NULL;
}

#define STMT_MIN_BYTES 256
#define STMT_MAX 4096   /* statements of one body; more: the def stays whole */
#define STMT_ROUNDS 64  /* fixed-point rounds; more: the def stays whole */

/*
 * A long for/while/with/if statement of one clause (no else, elif, except:
 * those stay whole) is read as its header and the statements of its body,
 * down to SPLIT_DEPTH levels: a trigger deep in a training loop then keeps
 * the loop's headers and that statement, not the loop. A kept header keeps
 * the last statement of its body (whether the block ends in a return,
 * raise, break or continue reads the same); a kept statement keeps the
 * headers around it.
 */
#define SPLIT_MIN_BYTES 256
#define SPLIT_DEPTH 8

struct units {
	struct wl_py_chunk *v; /* in source order; v[0] is the def's header */
	size_t n, alloc;
	size_t *parent;        /* the header unit a unit's statement is in, 0 at the def's level */
	size_t *last;          /* of a header unit: the last statement of its body; else 0 */
	size_t *top;           /* the def-level statement a unit belongs to */
	size_t *group;         /* of a clause's header unit: the next clause's of its statement (a ring); else 0 */
	size_t aparent, alast, atop, agroup;
};

static size_t unit_push(struct units *u, const struct wl_py_chunk *c, size_t parent, size_t top)
{
	u->v = wl_grow(u->v, &u->alloc, u->n + 1, sizeof(*u->v));
	u->parent = wl_grow(u->parent, &u->aparent, u->n + 1, sizeof(*u->parent));
	u->last = wl_grow(u->last, &u->alast, u->n + 1, sizeof(*u->last));
	u->top = wl_grow(u->top, &u->atop, u->n + 1, sizeof(*u->top));
	u->group = wl_grow(u->group, &u->agroup, u->n + 1, sizeof(*u->group));
	u->group[u->n] = 0;
	u->v[u->n] = *c;
	u->v[u->n].selected = 0;
	u->parent[u->n] = parent;
	u->last[u->n] = 0;
	u->top[u->n] = top;
	return u->n++;
}

/* Does the statement at p open a block the split reads into (for, while,
 * with, if, and their async forms)? */
static int splits(const char *p, const char *end)
{
	static const char *const words[] = { "for", "while", "with", "if", "try", NULL };
	size_t i;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p > 6 && memcmp(p, "async", 5) == 0 && (p[5] == ' ' || p[5] == '\t')) {
		p += 6;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
	for (i = 0; words[i]; i++) {
		size_t wl = strlen(words[i]);
		if ((size_t)(end - p) > wl && memcmp(p, words[i], wl) == 0 && !ident_byte((unsigned char)p[wl]))
			return 1;
	}
	return 0;
}

/* The statement st (at the def's level: top) as units: itself, or for
 * each of its clauses a header and, in turn, the statements of its body.
 * -1: too many. */
static int unit_flatten(const char *src, const struct wl_py_chunk *st, size_t parent, size_t top, int depth,
			struct units *u)
{
	struct wl_py_chunk *sub = NULL;
	size_t nsub = 0, k, first = 0, prev = 0, me = 0, child = 0;
	int rc = 0;
	if (u->n >= STMT_MAX)
		return -1;
	if (depth >= SPLIT_DEPTH || st->kind != WL_PY_CHUNK_PLAIN || st->end - st->start < SPLIT_MIN_BYTES ||
	    !splits(src + st->start, src + st->end) ||
	    wl_py_clause_chunks(src, st->start, st->end, st->row, &sub, &nsub) != 0) {
		unit_push(u, st, parent, top);
		return 0;
	}
	for (k = 0; k < nsub && !rc; k++) {
		if (k == 0 || sub[k].kind == WL_PY_CHUNK_CONTINUATION) {
			/* a clause's header: the next of its statement's ring */
			if (k)
				u->last[me] = child;
			me = unit_push(u, &sub[k], parent, top);
			if (k)
				u->group[prev] = me;
			else
				first = me;
			prev = me;
			continue;
		}
		child = u->n;
		rc = unit_flatten(src, &sub[k], me, top, depth + 1, u);
	}
	u->last[me] = child;
	if (prev != first)
		u->group[prev] = first;
	free(sub);
	return rc;
}

/*
 * Split one selected def chunk into header + body statements and select
 * the statements that matter (see above). 0 with *out and *nout set (the caller
 * frees *out), or -1: keep the def whole.
 */
static int select_statements(const char *src, const struct wl_py_chunk *def, const struct names *nm,
			     struct wl_py_chunk **out, size_t *nout)
{
	struct wl_py_chunk *s = NULL;
	struct units u = { 0 };
	size_t ns = 0, k, nkept = 0, n;
	struct slices uses = { 0 }, binds = { 0 }, qbinds = { 0 };
	size_t *ub = NULL, *bb = NULL, *qb = NULL; /* per unit: end index in each list */
	unsigned char *hot = NULL, *skel = NULL; /* skel: kept only as the last statement of a kept block */
	struct nameset need = { 0 }, taint = { 0 };
	size_t stand_in = 0; /* the def-level statement standing for an unneeded body */
	int rc = -1, changed, rounds = 0;

	if (def->end - def->start < STMT_MIN_BYTES ||
	    wl_py_body_chunks(src, def->start, def->end, def->row, &s, &ns) != 0 || ns < 3 || ns > STMT_MAX ||
	    header_is_class(src + s[0].start, s[0].end - s[0].start) ||
	    defines_find_class(src + s[0].start, s[0].end - s[0].start))
		goto done;
	unit_push(&u, &s[0], 0, 0);
	for (k = 1; k < ns; k++)
		if (unit_flatten(src, &s[k], 0, k, 0, &u) != 0)
			goto done;
	n = u.n;
	ub = wl_calloc(n, sizeof(*ub));
	bb = wl_calloc(n, sizeof(*bb));
	qb = wl_calloc(n, sizeof(*qb));
	hot = wl_calloc(n, 1);
	skel = wl_calloc(n, 1);
	u.v[0].selected = 1;
	for (k = 1; k < n; k++) {
		const char *p = src + u.v[k].start;
		size_t len = u.v[k].end - u.v[k].start;
		if (stmt_names(p, len, &uses, &binds, &qbinds, nm->alias) != 0)
			goto done;
		ub[k] = uses.n;
		bb[k] = binds.n;
		qb[k] = qbinds.n;
		/* what the def-level test asks of a whole def, asked of one statement */
		u.v[k].selected = statement_matters(p, len, nm);
		hot[k] = (unsigned char)u.v[k].selected;
		nkept += u.v[k].selected;
	}
	if (!nkept) {
		/* what made the def matter is in its header (a decorator, a
		 * default): that runs in the enclosing scope, and no statement
		 * of its body can change it. The smallest statement stands for
		 * the body, so that the header still parses as a def; it makes
		 * no fact, so the names it uses need no bindings. */
		stand_in = 1;
		for (k = 2; k < ns; k++)
			if (s[k].end - s[k].start < s[stand_in].end - s[stand_in].start)
				stand_in = k;
		for (k = 1; k < n; k++)
			if (u.top[k] == stand_in)
				u.v[k].selected = 1, nkept++;
	}
	if (nkept == n - 1)
		goto done;
	/* grow to a fixed point: the bindings of every name a kept statement
	 * uses; the statements using a name a hot statement may bind to a
	 * module or function (hot in turn); the headers around a kept
	 * statement and the last statement under a kept header */
	do {
		size_t step;
		changed = 0;
		/* forward rounds carry taint down, backward rounds carry needs up */
		for (step = 1; step < n; step++) {
			size_t i;
			k = rounds & 1 ? n - step : step;
			if (u.v[k].selected && !hot[k])
				for (i = ub[k - 1]; i < ub[k] && !hot[k]; i++)
					if (nameset_has(&taint, uses.v[i].ptr, uses.v[i].len))
						hot[k] = 1, changed = 1;
			if (!u.v[k].selected || skel[k]) {
				int why = 0;
				for (i = bb[k - 1]; i < bb[k] && !why; i++)
					if (nameset_has(&need, binds.v[i].ptr, binds.v[i].len))
						why = 1;
				for (i = ub[k - 1]; i < ub[k] && !hot[k]; i++)
					if (nameset_has(&taint, uses.v[i].ptr, uses.v[i].len))
						why = 1, hot[k] = 1;
				if (why) {
					nkept += !u.v[k].selected;
					u.v[k].selected = 1;
					skel[k] = 0;
					changed = 1;
				}
			}
			if (!u.v[k].selected)
				continue;
			if (u.parent[k] && (!u.v[u.parent[k]].selected || skel[u.parent[k]]) && !skel[k]) {
				nkept += !u.v[u.parent[k]].selected;
				u.v[u.parent[k]].selected = 1;
				skel[u.parent[k]] = 0;
				changed = 1;
			}
			if (u.group[k] && !u.v[u.group[k]].selected) {
				/* every clause of a kept statement, for what it is */
				u.v[u.group[k]].selected = 1;
				skel[u.group[k]] = 1;
				changed = 1;
				nkept++;
			}
			if (u.last[k] && !u.v[u.last[k]].selected) {
				/* kept for what it is (a return or not), not for what
				 * it does: like the stand-in, it needs no bindings */
				u.v[u.last[k]].selected = 1;
				skel[u.last[k]] = 1;
				changed = 1;
				nkept++;
			}
			if (u.top[k] != stand_in && !skel[k])
				for (i = ub[k - 1]; i < ub[k]; i++)
					changed |= nameset_add(&need, uses.v[i].ptr, uses.v[i].len);
			if (hot[k])
				for (i = qb[k - 1]; i < qb[k]; i++)
					changed |= nameset_add(&taint, qbinds.v[i].ptr, qbinds.v[i].len);
		}
	} while (changed && nkept < n - 1 && ++rounds < STMT_ROUNDS);
	if (nkept == n - 1 || changed)
		goto done;
	u.v[n - 1].end_col = def->end_col;
	*out = u.v;
	*nout = n;
	u.v = NULL;
	rc = 0;
done:
	free(s);
	free(u.v);
	free(u.parent);
	free(u.last);
	free(u.top);
	free(u.group);
	free(uses.v);
	free(binds.v);
	free(qbinds.v);
	free(ub);
	free(bb);
	free(qb);
	free(hot);
	free(skel);
	free(need.v);
	free(taint.v);
	return rc;
}

/* Every selected def of c[0..nc) replaced by the chunks cut() makes of it
 * (cut_class, select_statements). Returns c itself when nothing is cut,
 * else a new array the caller frees. */
static struct wl_py_chunk *expand_chunks(const char *src, struct wl_py_chunk *c, size_t nc, const struct names *nm,
					 int (*cut)(const char *, const struct wl_py_chunk *, const struct names *,
						    struct wl_py_chunk **, size_t *),
					 size_t *nout)
{
	struct wl_py_chunk *ex = NULL;
	size_t nex = 0, aex = 0, i;
	int split = 0;
	for (i = 0; i < nc; i++) {
		struct wl_py_chunk *sub = NULL;
		size_t ns = 0;
		if (c[i].selected && c[i].kind == WL_PY_CHUNK_DEF && cut(src, &c[i], nm, &sub, &ns) == 0) {
			ex = wl_grow(ex, &aex, nex + ns, sizeof(*ex));
			memcpy(ex + nex, sub, ns * sizeof(*ex));
			nex += ns;
			split = 1;
			free(sub);
			continue;
		}
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

/* Can src[0..n) hold a `global` statement: the word, not after a dot or
 * inside a longer name, followed by a blank (`global_step`, `x.global`
 * and `globals()` are not)? */
static int has_global_statement(const char *src, size_t n)
{
	const char *p = src, *end = src + n;
	while ((p = wl_memmem(p, (size_t)(end - p), "global", 6)) != NULL) {
		if ((p == src || (!ident_byte((unsigned char)p[-1]) && p[-1] != '.')) && end - p > 6 &&
		    (p[6] == ' ' || p[6] == '\t' || p[6] == '\\'))
			return 1;
		p += 6;
	}
	return 0;
}

/* ------------------------------------------- module-level bindings */

/*
 * The module-level statements selected only as possible bindings (imports,
 * constants: no trigger word) are parsed for the probe when they may bind a
 * module or function, and in the final parse only when the code it reads
 * uses a name they bind (in turn: `BASE = "org/"`, `MODEL = BASE + "x"`).
 * A relative import (`from .models import X`: never a judged module), a
 * literal or a container of them binds nothing the probe looks for; on
 * a package's __init__.py that is all of it.
 */

/* Does the chunk bind only in ways stmt_names() spells out (imports,
 * assignments, for and with targets, def and class names)? Not with
 * match/case patterns, global, nonlocal, del; for the probe (probe 1),
 * not with a with (it may bind what gradio.Blocks() returns), a for
 * statement, a def or a class either (a comprehension's for binds
 * nothing outside it). */
static int binds_plainly(const struct tok *t, size_t nt, int probe)
{
	static const char *const odd[] = { "match", "case", "global", "nonlocal", "del", NULL };
	static const char *const odd_probe[] = { "with", "def", "class", "lambda", NULL };
	size_t i, k;
	for (i = 0; i < nt; i++) {
		if (t[i].type != T_IDENT || t[i].dot_before)
			continue;
		for (k = 0; odd[k]; k++)
			if (tok_is(&t[i], odd[k]))
				return 0;
		if (!probe)
			continue;
		for (k = 0; odd_probe[k]; k++)
			if (tok_is(&t[i], odd_probe[k]))
				return 0;
		if (tok_is(&t[i], "for") && t[i].depth == 0)
			return 0;
	}
	return 1;
}

/* Can the chunk p[0..n) bind a name the probe looks for (a module or a
 * function): an absolute import, an assignment of a name or attribute, a
 * walrus? 1 when unsure. */
static int may_bind_module(const char *p, size_t n, struct alias_probe *alias)
{
	struct tok *t = NULL;
	struct slices fnames = { 0 };
	size_t nt = 0, a = 0, b, i;
	int yes = 0;
	if (stmt_tokens(p, n, &t, &nt, &fnames) != 0) {
		free(fnames.v);
		return 1;
	}
	if (!binds_plainly(t, nt, 1))
		yes = 1;
	for (i = 0; i + 1 < nt && !yes; i++)
		if (op_is(&t[i], ':') && op_is(&t[i + 1], '=') && t[i].p + 1 == t[i + 1].p)
			yes = 1; /* a walrus, at any depth: `x = (m := pk.loads)` */
	while (!yes && a < nt) {
		size_t first = a;
		for (b = a; b < nt && t[b].type != T_EOL; b++)
			;
		/* a compound statement's header: the statement after its colon */
		for (i = a; i < b; i++)
			if (op_is(&t[i], ':') && t[i].depth == 0 && i + 1 < b)
				first = i + 1;
		if (first < b && tok_is(&t[first], "import"))
			yes = 1;
		else if (first < b && tok_is(&t[first], "from") && !(first + 1 < b && op_is(&t[first + 1], '.')))
			yes = 1;
		for (i = a; i < b && !yes; i++) {
			if (!op_is(&t[i], '=') || t[i].depth != 0)
				continue;
			if ((t[i].p > p && strchr(":=!<>", t[i].p[-1])) || (t[i].p + 1 < p + n && t[i].p[1] == '='))
				continue; /* a walrus (above); ==, <=, >=, != are no binding */
			else
				yes = may_be_qname(t, i + 1, b, alias);
		}
		a = b + 1;
	}
	free(t);
	free(fnames.v);
	return yes;
}

struct bound {
	struct nameset names; /* every name a candidate binds */
	struct name_filter filter;
	struct nameset needed;
};

/* Mark the names of b that src[0..n) uses as needed; 1 when one was new. */
static int mark_uses(struct bound *b, const char *src, size_t n)
{
	size_t i = 0, j;
	int changed = 0;
	for (; next_ident(src, n, &i, &j); i = j)
		if (filter_may(&b->filter, src + i, j - i) && !(i > 0 && src[i - 1] == '.') &&
		    nameset_has(&b->names, src + i, j - i))
			changed |= nameset_add(&b->needed, src + i, j - i);
	return changed;
}

/* Is t[0..nt) one import statement (`import a.b as c`, `from m import
 * (x, y)`), which binds and makes no fact whatever it names? */
static int import_only(const struct tok *t, size_t nt)
{
	size_t k = 0;
	if (!nt || !(tok_is(&t[0], "import") || tok_is(&t[0], "from")))
		return 0;
	while (k < nt && t[k].type != T_EOL)
		k++;
	for (; k < nt; k++)
		if (t[k].type != T_EOL)
			return 0; /* `import os; os.system(x)`: a second statement */
	return 1;
}

/*
 * Leave out of y[0..ny) (the final chunks) the module-level chunks c[i]
 * with cand[i] (selected only as possible bindings) that make no fact, or
 * with trig[i] that are one import statement (a trigger word names the
 * module, `import torch`, but an import makes no fact), and that bind
 * nothing the rest of y uses, a use being any identifier not right after
 * a dot, in code, strings or comments alike (more kept, never fewer).
 * Returns 1 when any was left out.
 */
static int drop_unused_bindings(const char *src, const struct wl_py_chunk *c, size_t nc, const unsigned char *cand,
				const unsigned char *trig, const struct names *nm, struct wl_py_chunk *y, size_t ny)
{
	struct bound b;
	struct slices uses = { 0 }, binds = { 0 }, qbinds = { 0 };
	size_t *bend = wl_calloc(nc + 1, sizeof(*bend)); /* binds of chunk i: [bend[i], bend[i + 1]) */
	unsigned char *drop = wl_calloc(nc, 1);
	size_t i, k, j, ndrop = 0;
	int changed;

	memset(&b, 0, sizeof(b));
	for (i = 0; i < nc; i++) {
		const char *p = src + c[i].start;
		size_t len = c[i].end - c[i].start;
		struct tok *t = NULL;
		struct slices fnames = { 0 };
		size_t nt = 0;
		int plain;
		int import = 0;
		bend[i] = binds.n;
		if (!c[i].selected || !(cand[i] || (trig[i] && c[i].kind == WL_PY_CHUNK_PLAIN)))
			continue;
		plain = stmt_tokens(p, len, &t, &nt, &fnames) == 0 && binds_plainly(t, nt, 0);
		for (k = 0; plain && k + 1 < nt; k++)
			if (tok_is(&t[k], "import") && op_is(&t[k + 1], '*'))
				plain = 0; /* a star import: any name may resolve through it */
		import = plain && import_only(t, nt);
		free(t);
		free(fnames.v);
		if (!plain || (!cand[i] && !import) || (!import && statement_matters(p, len, nm)) ||
		    stmt_names(p, len, &uses, &binds, &qbinds, nm->alias) != 0) {
			binds.n = bend[i]; /* a failed scan may have pushed some */
			continue;
		}
		drop[i] = 1;
		ndrop++;
		for (k = bend[i]; k < binds.n; k++) {
			nameset_add(&b.names, binds.v[k].ptr, binds.v[k].len);
			filter_add(&b.filter, binds.v[k].ptr, binds.v[k].len);
		}
	}
	bend[nc] = binds.n;
	if (!ndrop)
		goto done;
	/* the uses of everything else that is parsed */
	for (i = 0, k = 0; k < ny; k++) {
		while (i < nc && c[i].start < y[k].start)
			i++;
		if (!y[k].selected || (i < nc && drop[i] && c[i].start == y[k].start && c[i].end == y[k].end))
			continue;
		mark_uses(&b, src + y[k].start, y[k].end - y[k].start);
	}
	/* a candidate binding a needed name is kept, and its uses needed */
	do {
		changed = 0;
		for (i = 0; i < nc; i++) {
			if (!drop[i])
				continue;
			for (k = bend[i]; k < bend[i + 1]; k++)
				if (nameset_has(&b.needed, binds.v[k].ptr, binds.v[k].len))
					break;
			if (k == bend[i + 1])
				continue;
			drop[i] = 0;
			ndrop--;
			changed |= mark_uses(&b, src + c[i].start, c[i].end - c[i].start);
		}
	} while (changed && ndrop);
	for (i = 0, j = 0; i < nc && ndrop; i++) {
		if (!drop[i])
			continue;
		while (j < ny && y[j].start < c[i].start)
			j++;
		if (j < ny && y[j].start == c[i].start && y[j].end == c[i].end)
			y[j].selected = 0;
	}
done:
	free(uses.v);
	free(binds.v);
	free(qbinds.v);
	free(b.names.v);
	free(b.needed.v);
	free(bend);
	free(drop);
	return ndrop != 0;
}

/* Does src[0..n) name getattr, __import__ or import_module other than
 * right before a `(` (`g = getattr`, `import import_module`, `"getattr"`):
 * where a name may be bound to one of them? Called directly
 * (`getattr(obj, "x")`), they bind nothing. One search for each. */
static int called_at(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p < end && *p == '(';
}

static int names_not_called(const char *src, size_t n)
{
	static const char *const names[] = { "getattr", "__import__", "import_module" };
	const char *p, *end = src + n;
	size_t k;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		size_t m = strlen(names[k]);
		for (p = src; (p = wl_memmem(p, (size_t)(end - p), names[k], m)) != NULL;) {
			p += m;
			if (!called_at(p, end))
				return 1;
		}
	}
	return 0;
}

/* What wl_py_region_plan() reports: the final parse's ranges. */
struct region_plan {
	TSRange *v;
	size_t n;
};

/*
 * 0: scanned through regions; 1: the caller must parse the whole file.
 * With plan, nothing is resolved or reported: the ranges the final parse
 * reads are stored there (ctx may then be NULL).
 */
static int scan_regions(struct wl_ctx *ctx, TSParser *parser, const char *src, size_t n,
			const struct wl_py_sink *sink, struct region_plan *plan)
{
	struct wl_py_chunk *c = NULL;
	struct wl_py_sink probe;
	struct names nm;
	size_t nc = 0, i;
	struct alias_probe alias = { NULL, 0, 0, 0 };
	unsigned char *trig = NULL, *anyway_memo = NULL, *cand = NULL, *deferred = NULL;
	TSTree *tree = NULL;
	struct wl_py_stats stats;
	unsigned char *probe_skip = NULL;
	int rc = 1, round, pulled = 0, skipped = 0, dropped = 0, any_plain;

	if (n > UINT32_MAX || wl_py_chunks(src, n, &c, &nc) != 0)
		return 1;
	trig = wl_calloc(nc, 1);
	cand = wl_calloc(nc, 1);
	anyway_memo = wl_calloc(nc, 1); /* 0: not asked; 1: no; 2: yes */
	deferred = wl_calloc(nc, 1);
	for (i = 0; i < nc; i++) {
		int imports;
		const char *p = src + c[i].start;
		size_t len = c[i].end - c[i].start;
		if (c[i].kind == WL_PY_CHUNK_DEF)
			continue;
		trig[i] = (unsigned char)wl_py_code_triggers(p, len, &imports);
		/* module-level statements that import, name a trigger, or are
		 * small (`MODEL_ID = "org/model"`): the bindings defs may use */
		c[i].selected = c[i].kind == WL_PY_CHUNK_PLAIN &&
				(trig[i] || imports || constant_or_alias(src + c[i].start, c[i].end - c[i].start));
		cand[i] = (unsigned char)(c[i].selected && !trig[i]);
	}
	/* a def is asked in one walk (def_kept) once the probe has named the
	 * module-level names; first only where the probe's input or the
	 * early return depends on it: a def with a global statement, or any
	 * def of a file with no module-level statement selected */
	any_plain = any_selected(c, nc);
	for (i = 0; i < nc; i++) {
		const char *p = src + c[i].start;
		size_t len = c[i].end - c[i].start;
		int t;
		if (c[i].kind != WL_PY_CHUNK_DEF)
			continue;
		if (any_plain && !has_global_statement(p, len)) {
			deferred[i] = 1;
			continue;
		}
		/* `torch.nn.Linear` alone does not make a def worth a parse */
		t = wl_py_code_triggers_both(p, len, NULL);
		if (t == 1)
			anyway_memo[i] = (unsigned char)(1 + keep_anyway(p, len));
		trig[i] = (unsigned char)(t == 2 || anyway_memo[i] == 2);
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
		if (plan)
			plan->v = chunk_ranges(c, nc, NULL, &plan->n);
		else
			wl_ctx_comments_known(ctx);
		rc = 0;
		goto done;
	}
	/* the bindings probe needs the module-level statements only: a def
	 * binds nothing there but its own name (never an interesting value),
	 * unless it declares a global */
	alias.src = src;
	alias.n = n;
	nm.alias = &alias;
	probe_skip = wl_calloc(nc, 1);
	for (i = 0; i < nc; i++)
		if ((c[i].selected && c[i].kind == WL_PY_CHUNK_DEF &&
		     !has_global_statement(src + c[i].start, c[i].end - c[i].start)) ||
		    (cand[i] && !may_bind_module(src + c[i].start, c[i].end - c[i].start, &alias)))
			probe_skip[i] = 1, skipped = 1;
	if (any_selected_but(c, nc, probe_skip)) {
		tree = parse_chunks(parser, NULL, src, n, c, nc, probe_skip);
		if (!tree || ts_node_has_error(ts_tree_root_node(tree)))
			goto done;
		wl_py_resolve(tree, src, n, &probe, NULL);
	}
	if (nm.all)
		goto done;
	for (i = 0; i < nc; i++) {
		int a;
		if (!deferred[i])
			continue;
		if (def_kept(src + c[i].start, c[i].end - c[i].start, &nm, &a))
			c[i].selected = 1, pulled = 1;
		else
			anyway_memo[i] = (unsigned char)(1 + a);
	}
	for (round = 0; nm.n && round < REGION_MAX_NAMES; round++) {
		int more = 0;
		for (i = 0; i < nc; i++) {
			int m;
			if (c[i].selected || (round == 0 && deferred[i]))
				continue;
			m = c[i].kind == WL_PY_CHUNK_DEF ? code_mentions(src + c[i].start, c[i].end - c[i].start, &nm)
							  : mentions(src + c[i].start, c[i].end - c[i].start, &nm);
			if (!m)
				continue;
			if (m == 2 && c[i].kind == WL_PY_CHUNK_DEF) {
				/* only inert mentions (`th.nn`): what keep_anyway()
				 * said of the chunk, once */
				if (!anyway_memo[i])
					anyway_memo[i] = (unsigned char)(1 + keep_anyway(src + c[i].start, c[i].end - c[i].start));
				if (anyway_memo[i] != 2)
					continue;
			}
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
		struct wl_py_chunk *x = expand_chunks(src, c, nc, &nm, cut_class, &nx), *y;
		size_t ny;
		y = expand_chunks(src, x, nx, &nm, select_statements, &ny);
		dropped = drop_unused_bindings(src, c, nc, cand, trig, &nm, y, ny);
		if (!any_selected(y, ny)) {
			/* nothing left that can make a fact */
			if (y != x)
				free(y);
			if (x != c)
				free(x);
			if (plan)
				plan->v = chunk_ranges(c, 0, NULL, &plan->n);
			else
				wl_ctx_comments_known(ctx);
			rc = 0;
			goto done;
		}
		if (plan)
			plan->v = chunk_ranges(y, ny, NULL, &plan->n);
		if (pulled || skipped || dropped || y != c) {
			/* the probe's tree is reused where the ranges did not change */
			TSTree *probe_tree = tree;
			tree = parse_chunks(parser, probe_tree, src, n, y, ny, NULL);
			if (probe_tree)
				ts_tree_delete(probe_tree);
		}
		if (y != x)
			free(y);
		if (x != c)
			free(x);
		if (!tree || ts_node_has_error(ts_tree_root_node(tree)))
			goto done;
	}
	if (plan) {
		rc = 0;
		goto done;
	}
	wl_ctx_comments_known(ctx);
	wl_py_resolve(tree, src, n, sink, &stats);
	if (stats.truncated)
		wl_notify(ctx, WL_LEVEL_WARNING,
			  "this file has more than %zu call sites of interest: the rest were not checked", sink->max_calls);
	rc = 0;
done:
	if (rc && plan) {
		free(plan->v);
		plan->v = NULL;
		plan->n = 0;
	}
	if (tree)
		ts_tree_delete(tree);
	free(probe_skip);
	free(deferred);
	free(cand);
	free(trig);
	free(anyway_memo);
	free(c);
	return rc;
}

int wl_py_region_plan(const char *src, size_t n, struct wl_span **out, size_t *nout)
{
	TSParser *parser = ts_parser_new();
	struct wl_py_sink sink = { NULL, NULL, NULL, NULL, NULL, MAX_CALL_FACTS, NULL, 0, NULL, 0, NULL };
	struct region_plan plan = { NULL, 0 };
	size_t i;
	int rc;
	*out = NULL;
	*nout = 0;
	if (!parser || !ts_parser_set_language(parser, wl_language(WL_LANG_PYTHON))) {
		if (parser)
			ts_parser_delete(parser);
		return -1;
	}
	rc = scan_regions(NULL, parser, src, n, &sink, &plan);
	ts_parser_delete(parser);
	if (rc)
		return 1;
	*out = wl_calloc(plan.n ? plan.n : 1, sizeof(**out));
	for (i = 0; i < plan.n; i++) {
		(*out)[i].start = plan.v[i].start_byte;
		(*out)[i].end = plan.v[i].end_byte;
	}
	*nout = plan.n;
	free(plan.v);
	return 0;
}

static int python_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_py_sink sink = { ctx, sink_alloc, sink_emit, sink_locate, sink_comment, MAX_CALL_FACTS, NULL, 0, NULL, 0, sink_flow };
	const char *src = (const char *)f->data;
	TSParser *parser;
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
	parser = wl_ctx_parser(ctx, WL_LANG_PYTHON);
	if (parser && scan_regions(ctx, parser, src, f->size, &sink, NULL) == 0)
		return 0;
	return wl_py_scan_buffer(ctx, src, f->size, &sink, "this file", NULL, NULL);
}

const struct wl_scanner wl_scanner_python = {
	.name = "python",
	.wants = python_wants,
	.scan = python_scan,
	.emits = WL_FACT_BIT(WL_FACT_CALL),
};
