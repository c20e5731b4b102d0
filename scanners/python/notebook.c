/*
 * notebook.c - the Jupyter notebook (.ipynb) scanner: the notebook JSON is
 * parsed with tree-sitter-json (positions kept), the code cells are joined
 * into one Python buffer (cells share one namespace) with IPython magics and
 * shell escapes blanked out, and every byte is mapped back to its place in
 * the .ipynb so findings point at the notebook line that holds the code.
 * Never runs a cell, and never trusts the notebook to be well-formed.
 */
#include "engine.h"
#include "facts_code.h"
#include "notebook.h"
#include "pyresolve.h"
#include "pyscan.h"

#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "jsonts.h"

#define MAX_CALL_FACTS 20000

/* ------------------------------------------------------- the builder */

void wl_nb_init(struct wl_nb *nb)
{
	memset(nb, 0, sizeof(*nb));
}

void wl_nb_release(struct wl_nb *nb)
{
	free(nb->py);
	free(nb->off);
	free(nb->enc);
	free(nb->cell);
	wl_nb_init(nb);
}

/* Append one byte of Python that came from file offset `off` (`enc` bytes). */
static void nb_put(struct wl_nb *nb, char c, uint32_t off, uint8_t enc)
{
	if (nb->len + 1 >= nb->alloc) {
		size_t a = nb->alloc;
		nb->py = wl_grow(nb->py, &a, nb->len + 2, 1);
		a = nb->alloc;
		nb->off = wl_grow(nb->off, &a, nb->len + 2, sizeof(*nb->off));
		a = nb->alloc;
		nb->enc = wl_grow(nb->enc, &a, nb->len + 2, sizeof(*nb->enc));
		nb->alloc = a;
	}
	nb->py[nb->len] = c;
	nb->off[nb->len] = off;
	nb->enc[nb->len] = enc;
	nb->len++;
	nb->py[nb->len] = '\0';
}


/* One decoded JSON string: bytes plus where each came from. */
struct jstr {
	char *s;
	uint32_t *off;
	uint8_t *enc;
	size_t len, alloc;
};

static void js_put(struct jstr *j, char c, uint32_t off, uint8_t enc)
{
	if (j->len + 1 >= j->alloc) {
		size_t a = j->alloc;
		j->s = wl_grow(j->s, &a, j->len + 2, 1);
		a = j->alloc;
		j->off = wl_grow(j->off, &a, j->len + 2, sizeof(*j->off));
		a = j->alloc;
		j->enc = wl_grow(j->enc, &a, j->len + 2, sizeof(*j->enc));
		j->alloc = a;
	}
	j->s[j->len] = c;
	j->off[j->len] = off;
	j->enc[j->len] = enc;
	j->len++;
}

static void js_put_cb(void *u, char c, uint32_t off, uint8_t enc)
{
	js_put(u, c, off, enc);
}

/* Decode the JSON string literal at data[a..b) (quotes included). */
static void json_decode(struct jstr *j, const char *data, uint32_t a, uint32_t b)
{
	if (b < a + 2 || data[a] != '"')
		return;
	wl_json_decode(data, a + 1, b - 1, js_put_cb, j);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

/* Cell magics whose body is still Python. */
static int python_cell_magic(const char *p, size_t n)
{
	static const char *const ok[] = { "time", "timeit", "capture", "prun", "debug", "python", "python3" };
	size_t i, k = 0;
	while (k < n && (p[k] == '_' || (p[k] >= 'a' && p[k] <= 'z') || (p[k] >= '0' && p[k] <= '9')))
		k++;
	for (i = 0; i < WL_ARRAY_SIZE(ok); i++)
		if (strlen(ok[i]) == k && memcmp(p, ok[i], k) == 0)
			return 1;
	return 0;
}

/* Is this line IPython syntax rather than Python? (`%magic`, `!cmd`,
 * `x = !cmd`, `x = %magic`, `obj?`, `?obj`) */
static int ipython_line(const char *p, size_t n)
{
	size_t i = 0, k;
	while (i < n && is_space(p[i]))
		i++;
	if (i >= n)
		return 0;
	if (p[i] == '%' || p[i] == '!' || p[i] == '?')
		return 1;
	if (p[i] == '#')
		return 0;
	k = n;
	while (k > i && (is_space(p[k - 1]) || p[k - 1] == '\r'))
		k--;
	if (k > i && p[k - 1] == '?' && memchr(p + i, '#', k - i) == NULL)
		return 1;
	/* name(s) = !cmd / %magic */
	for (k = i; k < n && (p[k] == '_' || p[k] == ',' || p[k] == '.' || is_space(p[k]) ||
			      (p[k] >= 'a' && p[k] <= 'z') || (p[k] >= 'A' && p[k] <= 'Z') ||
			      (p[k] >= '0' && p[k] <= '9'));
	     k++)
		;
	if (k > i && k < n && p[k] == '=' && (k + 1 >= n || p[k + 1] != '=')) {
		k++;
		while (k < n && is_space(p[k]))
			k++;
		if (k < n && (p[k] == '!' || p[k] == '%'))
			return 1;
	}
	return 0;
}

void wl_nb_add_cell(struct wl_nb *nb, const char *s, const uint32_t *off, const uint8_t *enc, size_t n)
{
	size_t i = 0;
	int first = 1, skip_cell = 0, continued = 0, was_continued;
	uint32_t last_off = n ? off[n - 1] + enc[n - 1] : 0;
	{
		size_t a = nb->ncells;
		nb->cell = wl_grow(nb->cell, &a, nb->ncells + 1, sizeof(*nb->cell));
		nb->cell[nb->ncells++] = (uint32_t)nb->len;
	}
	while (i < n) {
		size_t e = i, k;
		int magic;
		while (e < n && s[e] != '\n')
			e++;
		k = i;
		while (k < e && is_space(s[k]))
			k++;
		magic = continued;
		was_continued = continued;
		if (first && k < e) {
			first = 0;
			if (e - k >= 2 && s[k] == '%' && s[k + 1] == '%') {
				magic = 1;
				if (!python_cell_magic(s + k + 2, e - k - 2))
					skip_cell = 1;
			}
		}
		if (!magic && !skip_cell)
			magic = ipython_line(s + i, e - i);
		continued = magic && e > i && (s[e - 1] == '\\' || (e - i > 1 && s[e - 1] == '\r' && s[e - 2] == '\\'));
		if (was_continued) {
			/* the rest of a magic continued with '\\': nothing */
		} else if (skip_cell || magic) {
			/* keep the indentation so a magic inside a block still parses */
			size_t j;
			for (j = i; j < k && !skip_cell; j++)
				nb_put(nb, s[j], off[j], enc[j]);
			if (!skip_cell && k < e) {
				const char *pass = "pass";
				for (j = 0; j < 4; j++)
					nb_put(nb, pass[j], off[k], 0);
			}
		} else {
			size_t j;
			for (j = i; j < e; j++)
				nb_put(nb, s[j], off[j], enc[j]);
		}
		if (e < n) {
			nb_put(nb, '\n', off[e], enc[e]);
			i = e + 1;
		} else {
			i = e;
		}
	}
	/* every cell ends a logical line; the synthetic newline sits where the
	 * cell's last string ends */
	if (!nb->len || nb->py[nb->len - 1] != '\n')
		nb_put(nb, '\n', last_off, 0);
}

/* ------------------------------------------------- the JSON structure */

struct nbparse {
	const char *data;
	size_t size;
	const TSLanguage *lang;
	TSSymbol sym_object, sym_pair, sym_array, sym_string;
	TSFieldId f_key, f_value;
	struct wl_nb *nb;
	size_t nstrings; /* code-cell strings seen (bounded work) */
};

static int key_is(struct nbparse *p, TSNode key, const char *lit)
{
	uint32_t a = ts_node_start_byte(key), b = ts_node_end_byte(key);
	size_t n = strlen(lit);
	/* keys in notebooks are plain ASCII: compare the raw literal */
	return ts_node_symbol(key) == p->sym_string && b - a == n + 2 && memcmp(p->data + a + 1, lit, n) == 0;
}

/* The value of `key` in a JSON object node, or a null node. */
static TSNode member(struct nbparse *p, TSNode obj, const char *key)
{
	TSTreeCursor c;
	TSNode out = { { 0 }, NULL, NULL };
	if (ts_node_is_null(obj) || ts_node_symbol(obj) != p->sym_object)
		return out;
	c = ts_tree_cursor_new(obj);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			TSNode pair = ts_tree_cursor_current_node(&c);
			if (ts_node_symbol(pair) != p->sym_pair)
				continue;
			if (key_is(p, ts_node_child_by_field_id(pair, p->f_key), key))
				out = ts_node_child_by_field_id(pair, p->f_value); /* last one wins, as in json.load */
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return out;
}

static void add_source(struct nbparse *p, TSNode src)
{
	struct jstr j;
	memset(&j, 0, sizeof(j));
	if (ts_node_symbol(src) == p->sym_string) {
		json_decode(&j, p->data, ts_node_start_byte(src), ts_node_end_byte(src));
		p->nstrings++;
	} else if (ts_node_symbol(src) == p->sym_array) {
		TSTreeCursor c = ts_tree_cursor_new(src);
		if (ts_tree_cursor_goto_first_child(&c)) {
			do {
				TSNode s = ts_tree_cursor_current_node(&c);
				if (ts_node_symbol(s) != p->sym_string)
					continue;
				json_decode(&j, p->data, ts_node_start_byte(s), ts_node_end_byte(s));
				p->nstrings++;
			} while (ts_tree_cursor_goto_next_sibling(&c));
		}
		ts_tree_cursor_delete(&c);
	} else {
		return;
	}
	wl_nb_add_cell(p->nb, j.s ? j.s : "", j.off, j.enc, j.len);
	free(j.s);
	free(j.off);
	free(j.enc);
}

/* A code cell: an object with "cell_type": "code" and its source under
 * "source" (nbformat 4) or "input" (nbformat 3). */
static int add_if_cell(struct nbparse *p, TSNode obj)
{
	TSNode type = member(p, obj, "cell_type"), src;
	if (ts_node_is_null(type) || !key_is(p, type, "code"))
		return 0;
	src = member(p, obj, "source");
	if (ts_node_is_null(src))
		src = member(p, obj, "input");
	if (!ts_node_is_null(src))
		add_source(p, src);
	return 1;
}

/*
 * Extract the code cells of a notebook. Every object that looks like a code
 * cell is taken, in document order, wherever it sits: that reads nbformat 3
 * (worksheets[].cells[]) and 4 (cells[]) alike, and still finds the cells
 * of a notebook whose JSON is broken (tree-sitter recovers around the
 * damage). Returns 0, or WL_EFORMAT when there is no JSON object at all.
 */
int wl_nb_extract(struct wl_nb *nb, const TSTree *tree, const char *data, size_t size)
{
	struct nbparse p;
	TSNode root = ts_tree_root_node(tree);
	TSTreeCursor c;
	int objects = 0;
	unsigned depth = 0;
	memset(&p, 0, sizeof(p));
	p.data = data;
	p.size = size;
	p.nb = nb;
	p.lang = ts_tree_language(tree);
	p.sym_object = ts_language_symbol_for_name(p.lang, "object", 6, true);
	p.sym_pair = ts_language_symbol_for_name(p.lang, "pair", 4, true);
	p.sym_array = ts_language_symbol_for_name(p.lang, "array", 5, true);
	p.sym_string = ts_language_symbol_for_name(p.lang, "string", 6, true);
	p.f_key = ts_language_field_id_for_name(p.lang, "key", 3);
	p.f_value = ts_language_field_id_for_name(p.lang, "value", 5);
	c = ts_tree_cursor_new(root);
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		int descend = 1;
		if (ts_node_symbol(n) == p.sym_object) {
			objects = 1;
			if (add_if_cell(&p, n))
				descend = 0;
		} else if (ts_node_symbol(n) == p.sym_string) {
			descend = 0;
		}
		if (!wl_ts_walk_next(&c, &depth, descend))
			break;
	}
	ts_tree_cursor_delete(&c);
	return objects ? 0 : WL_EFORMAT;
}

/* ------------------------------------------------- positions in the file */

struct nbscan {
	struct wl_ctx *ctx;
	const struct wl_nb *nb;
	const char *data;
	size_t size;
	struct wl_lines lines;   /* the lines of the .ipynb */
	struct wl_lines pylines; /* the Python rows (in nb->py) */
};

static void file_pos(const struct nbscan *s, uint32_t off, uint32_t *line, uint32_t *col)
{
	wl_lines_pos(&s->lines, off, line, col);
}

static void nb_locate(void *user, uint32_t sb, uint32_t eb, uint32_t sr, uint32_t sc, uint32_t er, uint32_t ec,
		      struct wl_loc *out)
{
	const struct nbscan *s = user;
	uint32_t a, b;
	(void)sr;
	(void)sc;
	(void)er;
	(void)ec;
	memset(out, 0, sizeof(*out));
	if (!s->nb->len)
		return;
	if (sb >= s->nb->len)
		sb = (uint32_t)s->nb->len - 1;
	a = s->nb->off[sb];
	if (eb > sb && eb <= s->nb->len)
		b = s->nb->off[eb - 1] + s->nb->enc[eb - 1];
	else
		b = a;
	if (b < a)
		b = a;
	file_pos(s, a, &out->line, &out->col);
	file_pos(s, b, &out->end_line, &out->end_col);
}

static uint32_t nb_row_to_line(void *user, uint32_t row)
{
	const struct nbscan *s = user;
	uint32_t line, col;
	size_t at;
	if (row >= s->pylines.n || !s->nb->len)
		return 0;
	at = s->pylines.start[row];
	file_pos(s, s->nb->off[at < s->nb->len ? at : s->nb->len - 1], &line, &col);
	return line;
}

static void *sink_alloc(void *user, size_t n)
{
	return wl_ctx_alloc(((struct nbscan *)user)->ctx, n);
}

static void sink_emit(void *user, const struct wl_call *call, const struct wl_loc *loc)
{
	wl_fact_emit(((struct nbscan *)user)->ctx, WL_FACT_CALL, loc, call);
}

static void sink_flow(void *user, const struct wl_flow *flow, const struct wl_loc *loc)
{
	wl_fact_emit(((struct nbscan *)user)->ctx, WL_FACT_FLOW, loc, flow);
}

static void sink_comment(void *user, uint32_t start, uint32_t row, uint32_t col)
{
	struct nbscan *s = user;
	uint32_t line, fcol;
	(void)row;
	(void)col;
	if (start >= s->nb->len)
		return;
	file_pos(s, s->nb->off[start], &line, &fcol);
	wl_ctx_comment(s->ctx, line, fcol);
}

int wl_py_scan_mapped(struct wl_ctx *ctx, const struct wl_nb *nb, const char *data, size_t size, const char *what)
{
	struct nbscan s;
	struct wl_py_sink sink = { &s, sink_alloc, sink_emit, nb_locate, sink_comment, MAX_CALL_FACTS, NULL, 0, NULL, 0, sink_flow };
	int rc;
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.nb = nb;
	s.data = data;
	s.size = size;
	wl_lines_init(&s.lines, data, size);
	wl_lines_init(&s.pylines, nb->py, nb->len);
	rc = wl_py_scan_buffer(ctx, nb->py, nb->len, &sink, what, nb_row_to_line, &s);
	wl_lines_release(&s.lines);
	wl_lines_release(&s.pylines);
	return rc;
}

/* ------------------------------------------- identifiers Python folds */

/*
 * Python reads identifiers in NFKC form: `ｅｖａｌ(x)` (fullwidth) and
 * `𝐞𝐯𝐚𝐥(x)` (mathematical bold) both call eval. These are the code points
 * that fold to ASCII letters, digits or '_' and have been used to hide calls;
 * 0 for anything else.
 */
static char fold_cp(uint32_t cp)
{
	static const struct {
		uint32_t cp;
		char c;
	} letterlike[] = {
		{ 0x210A, 'g' }, { 0x210B, 'H' }, { 0x210C, 'H' }, { 0x210D, 'H' }, { 0x210E, 'h' }, { 0x2110, 'I' },
		{ 0x2111, 'I' }, { 0x2112, 'L' }, { 0x2113, 'l' }, { 0x2115, 'N' }, { 0x2119, 'P' }, { 0x211A, 'Q' },
		{ 0x211B, 'R' }, { 0x211C, 'R' }, { 0x211D, 'R' }, { 0x2124, 'Z' }, { 0x2128, 'Z' }, { 0x212C, 'B' },
		{ 0x212D, 'C' }, { 0x212F, 'e' }, { 0x2130, 'E' }, { 0x2131, 'F' }, { 0x2133, 'M' }, { 0x2134, 'o' },
		{ 0x2139, 'i' },
	};
	size_t i;
	if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A) ||
	    cp == 0xFF3F)
		return (char)(cp - 0xFEE0);
	if (cp >= 0x1D400 && cp <= 0x1D6A3) {
		uint32_t k = (cp - 0x1D400) % 52;
		return (char)(k < 26 ? 'A' + k : 'a' + (k - 26));
	}
	if (cp == 0x1D6A4)
		return 'i';
	if (cp == 0x1D6A5)
		return 'j';
	if (cp >= 0x1D7CE && cp <= 0x1D7FF)
		return (char)('0' + (cp - 0x1D7CE) % 10);
	for (i = 0; i < WL_ARRAY_SIZE(letterlike); i++)
		if (letterlike[i].cp == cp)
			return letterlike[i].c;
	return 0;
}

/* The code point of the 3- or 4-byte UTF-8 sequence at src[i..n), with its
 * length in *len; 0 when there is none there. */
static uint32_t utf8_wide_at(const unsigned char *s, size_t i, size_t n, size_t *len)
{
	unsigned char c = s[i];
	*len = 0;
	if (c >= 0xE0 && c < 0xF0 && i + 2 < n) {
		*len = 3;
		return ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (uint32_t)(s[i + 2] & 0x3F);
	}
	if (c >= 0xF0 && c < 0xF8 && i + 3 < n) {
		*len = 4;
		return ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(s[i + 1] & 0x3F) << 12) |
		       ((uint32_t)(s[i + 2] & 0x3F) << 6) | (uint32_t)(s[i + 3] & 0x3F);
	}
	return 0;
}

/* The ASCII byte the sequence at src[i..n) folds to (its length in *len), or
 * 0 when it folds to none. */
static char fold_at(const char *src, size_t i, size_t n, size_t *len)
{
	const unsigned char *s = (const unsigned char *)src;
	uint32_t cp = utf8_wide_at(s, i, n, len);
	char f = cp ? fold_cp(cp) : 0;
	size_t k;
	for (k = 1; f && k < *len; k++)
		if ((s[i + k] & 0xC0) != 0x80)
			f = 0;
	return f;
}

/* Does src hold a code point fold_cp() folds? Lead bytes first: most text
 * has none of 0xE2 0x84, 0xEF 0xBC/0xBD, 0xF0 0x9D; where one is, the code
 * point decides (a fullwidth comma or a trade mark sign folds to nothing). */
int wl_py_needs_fold(const char *src, size_t n)
{
	const unsigned char *q = (const unsigned char *)src, *end = q + n;
	size_t len;
	while (end - q >= 2) {
		uint64_t w;
		/* ASCII eight bytes at a time: most source has no other byte */
		if (end - q >= 8 && (memcpy(&w, q, 8), !(w & 0x8080808080808080ull))) {
			q += 8;
			continue;
		}
		if (((q[0] == 0xEF && (q[1] == 0xBC || q[1] == 0xBD)) || (q[0] == 0xF0 && q[1] == 0x9D) ||
		     (q[0] == 0xE2 && q[1] == 0x84)) &&
		    fold_at(src, (size_t)(q - (const unsigned char *)src), n, &len))
			return 1;
		q++;
	}
	return 0;
}

void wl_nb_fold(struct wl_nb *nb, const char *src, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len = 0;
		char f = (unsigned char)src[i] >= 0xE0 ? fold_at(src, i, n, &len) : 0;
		if (f) {
			nb_put(nb, f, (uint32_t)i, (uint8_t)len);
			i += len;
		} else {
			nb_put(nb, src[i], (uint32_t)i, 1);
			i++;
		}
	}
}

static int notebook_wants(const struct wl_file *f)
{
	return strcmp(f->ext, ".ipynb") == 0 && (f->magic == WL_MAGIC_TEXT || f->magic == WL_MAGIC_UNKNOWN);
}

static int notebook_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	const char *data = (const char *)f->data;
	struct wl_nb nb;
	TSParser *parser;
	TSTree *tree;
	int rc = 0;

	/* a \u escape can spell any trigger word: then the raw bytes prove nothing */
	if (!wl_py_prefilter(data, f->size) && !memmem(data, f->size, "\\u", 2))
		return 0;
	if (f->size > UINT32_MAX) {
		wl_notify(ctx, WL_LEVEL_WARNING, "notebook larger than 4 GiB: code rules not applied");
		return WL_ELIMIT;
	}
	parser = wl_ctx_parser(ctx, WL_LANG_JSON);
	if (!parser) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no JSON parser available: notebook not checked");
		return WL_EIO;
	}
	tree = ts_parser_parse_string(parser, NULL, data, (uint32_t)f->size);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_WARNING, "the notebook's JSON parse hit its time limit: code rules not applied");
		return WL_ELIMIT;
	}
	if (ts_node_has_error(ts_tree_root_node(tree)))
		wl_notify(ctx, WL_LEVEL_NOTE, "the notebook is not valid JSON: the cells that could be read were checked");
	wl_nb_init(&nb);
	if (wl_nb_extract(&nb, tree, data, f->size) != 0) {
		ts_tree_delete(tree);
		wl_notify(ctx, WL_LEVEL_WARNING, "not a notebook (the JSON is not an object): code rules not applied");
		return WL_EFORMAT;
	}
	ts_tree_delete(tree);
	if (nb.len && wl_py_needs_fold(nb.py, nb.len)) {
		/* fold look-alike identifiers, composing the two byte maps */
		struct wl_nb folded;
		size_t i;
		wl_nb_init(&folded);
		wl_nb_fold(&folded, nb.py, nb.len);
		for (i = 0; i < folded.len; i++) {
			uint32_t local = folded.off[i], last = local + (folded.enc[i] ? folded.enc[i] : 1) - 1;
			uint32_t a, b;
			if (last >= nb.len)
				last = (uint32_t)nb.len - 1;
			a = nb.off[local];
			b = nb.off[last] + nb.enc[last];
			folded.off[i] = a;
			folded.enc[i] = (uint8_t)(b > a ? (b - a > 255 ? 255 : b - a) : 0);
		}
		wl_nb_release(&nb);
		nb = folded;
	}
	if (nb.len && wl_py_prefilter(nb.py, nb.len))
		rc = wl_py_scan_mapped(ctx, &nb, data, f->size, "the notebook's code cells");
	wl_nb_release(&nb);
	return rc;
}

const struct wl_scanner wl_scanner_notebook = {
	.name = "notebook",
	.wants = notebook_wants,
	.scan = notebook_scan,
	.emits = WL_FACT_BIT(WL_FACT_CALL),
};
