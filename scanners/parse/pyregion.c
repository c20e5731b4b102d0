/*
 * pyregion.c - split Python source into top-level statements ("chunks") with
 * a small lexer (strings, comments, brackets, continuations), so the scanner
 * can parse only the chunks that can matter (tree-sitter included ranges).
 * It must never guess: any doubt (unterminated string or bracket, odd
 * bytes) returns an error and the caller parses the whole file.
 */
#include "pyregion.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <stdlib.h>
#include <string.h>

#include "pyresolve.h"
#include "util.h"

static int word_at(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(end - p) < n || memcmp(p, w, n) != 0)
		return 0;
	if ((size_t)(end - p) == n)
		return 1;
	{
		unsigned char c = (unsigned char)p[n];
		return !(c == '_' || (unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u || c >= 0x80);
	}
}

/* What kind of statement starts at p (a top-level line start)? */
static enum wl_py_chunk_kind kind_at(const char *p, const char *end)
{
	if (*p == '@')
		return WL_PY_CHUNK_DECORATOR;
	if (word_at(p, end, "def") || word_at(p, end, "class"))
		return WL_PY_CHUNK_DEF;
	if (word_at(p, end, "async")) {
		const char *q = p + 5;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (word_at(q, end, "def"))
			return WL_PY_CHUNK_DEF;
	}
	if (word_at(p, end, "else") || word_at(p, end, "elif") || word_at(p, end, "except") ||
	    word_at(p, end, "finally"))
		return WL_PY_CHUNK_CONTINUATION;
	return WL_PY_CHUNK_PLAIN;
}

static void push(struct wl_py_chunk **v, size_t *n, size_t *alloc, uint32_t start, uint32_t row,
		 enum wl_py_chunk_kind kind)
{
	struct wl_py_chunk *c;
	*v = wl_grow(*v, alloc, *n + 1, sizeof(**v));
	c = &(*v)[(*n)++];
	memset(c, 0, sizeof(*c));
	c->start = start;
	c->row = row;
	c->kind = kind;
}

/*
 * The lexer state both chunkers share, and a step of it: from the
 * character at *pp (c) to the start of the next line (a line's end, or a
 * backslash continuation), through whole comments and string literals
 * (the chunkers act only at a line's start). Tracks
 * the row, bracket depth, line starts and backslash continuations. Returns
 * -1 on anything it cannot follow (an unclosed string, a stray closer): the
 * caller gives up and lets tree-sitter see everything.
 */
const unsigned char wl_py_bytes[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 28, 20, 0, 0, 0, 28, 4, 4, 0, 0, 0, 0, 0, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 0, 0, 0, 0, 0,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 12, 4, 0, 3,
	0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 0, 4, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

#if defined(__SSE2__)
/* The bytes of each class the scans skip to (test_byte_classes holds the
 * table to the same sets), compared sixteen at a time. */
#define WL_SKIP_SSE2(p, end, ...)                                                                           \
	do {                                                                                                \
		static const char set_[] = { __VA_ARGS__ };                                                 \
		while ((end) - (p) >= 16) {                                                                 \
			__m128i x_ = _mm_loadu_si128((const __m128i *)(const void *)(p)), m_ = _mm_setzero_si128(); \
			unsigned bits_;                                                                     \
			size_t i_;                                                                          \
			for (i_ = 0; i_ < sizeof(set_); i_++)                                               \
				m_ = _mm_or_si128(m_, _mm_cmpeq_epi8(x_, _mm_set1_epi8(set_[i_])));        \
			bits_ = (unsigned)_mm_movemask_epi8(m_);                                            \
			if (bits_)                                                                          \
				return (p) + __builtin_ctz(bits_);                                          \
			(p) += 16;                                                                          \
		}                                                                                           \
	} while (0)
#else
#define WL_SKIP_SSE2(p, end, ...) do { } while (0)
#endif

/* The first byte of [p, end) in a class (WL_PYB_LEX, _STR, _PIECE), or end:
 * sixteen bytes at a time where SSE2 is (every x86-64), then by the table. */
static const char *skip_to_lex(const char *p, const char *end)
{
#if defined(__SSE2__)
	/* the eleven bytes in fewer compares: ( ) by x & ~1, " # likewise,
	 * [ \ ] { | } by x | 0x20 in 0x7b..0x7d ('|' too: a stop the lexer
	 * steps over) */
	while (end - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i even = _mm_and_si128(x, _mm_set1_epi8((char)0xfe));
		__m128i br = _mm_sub_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x7b));
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(even, _mm_set1_epi8(0x28)),
						      _mm_cmpeq_epi8(even, _mm_set1_epi8(0x22))),
					 _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
						      _mm_cmpeq_epi8(x, _mm_set1_epi8('\''))));
		unsigned bits;
		m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_subs_epu8(br, _mm_set1_epi8(2)), _mm_setzero_si128()));
		bits = (unsigned)_mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz(bits);
		p += 16;
	}
#endif
	while (p < end && !(wl_py_bytes[(unsigned char)*p] & WL_PYB_LEX))
		p++;
	return p;
}

static const char *skip_to_str(const char *p, const char *end)
{
	WL_SKIP_SSE2(p, end, '\\', '\n', '\'', '"');
	while (p < end && !(wl_py_bytes[(unsigned char)*p] & WL_PYB_STR))
		p++;
	return p;
}

static const char *skip_to_piece(const char *p, const char *end)
{
	WL_SKIP_SSE2(p, end, '#', '\'', '"');
	while (p < end && !(wl_py_bytes[(unsigned char)*p] & WL_PYB_PIECE))
		p++;
	return p;
}

struct lex {
	uint32_t row;
	int depth, at_line_start, continued;
};

/* The line end at p: 1 for "\n", 2 for "\r\n" (wl_py_chunks lets no other
 * '\r' through), else 0. */
static size_t eol_at(const char *p, const char *end)
{
	if (p < end && *p == '\n')
		return 1;
	return end - p >= 2 && p[0] == '\r' && p[1] == '\n' ? 2 : 0;
}

static int lex_step(const char **pp, const char *end, char c, struct lex *st)
{
	const char *p = *pp;
	/* the callers act only at a line's start: on to the next one */
	for (;;) {
		switch (c) {
		case '\n':
			st->row++;
			st->at_line_start = 1;
			p++;
			break;
		case '\\':
			if (eol_at(p + 1, end)) {
				st->continued = 1;
				st->row++;
				st->at_line_start = 1;
				p += 1 + eol_at(p + 1, end);
			} else {
				p++;
			}
			break;
		case '#': {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl : end;
			break;
		}
		case '(': case '[': case '{':
			st->depth++;
			p++;
			break;
		case ')': case ']': case '}':
			if (--st->depth < 0)
				return -1;
			p++;
			break;
		case '\'': case '"': {
			int triple = end - p >= 3 && p[1] == c && p[2] == c;
			p += triple ? 3 : 1;
			for (;;) {
				p = skip_to_str(p, end);
				if (p >= end)
					return -1;
				if (*p == '\\') {
					size_t k = eol_at(p + 1, end);
					st->row += k != 0;
					p += 1 + (k ? k : 1);
					continue;
				}
				if (*p == '\n') {
					if (!triple)
						return -1;
					st->row++;
					p++;
					continue;
				}
				if (*p == c && (!triple || (end - p >= 3 && p[1] == c && p[2] == c))) {
					p += triple ? 3 : 1;
					break;
				}
				p++;
			}
			break;
		}
		default:
			p = skip_to_lex(p + 1, end);
		}
		if (st->at_line_start || p >= end)
			break;
		c = *p;
	}
	*pp = p;
	return 0;
}

const char *wl_py_string_body_end(const char *p, const char *end, char quote, int triple)
{
	while (p < end) {
		if (!(wl_py_bytes[(unsigned char)*p] & WL_PYB_STR)) {
			p = skip_to_str(p + 1, end);
			continue;
		}
		if (*p == '\\') {
			size_t k = eol_at(p + 1, end);
			p += 1 + (k ? k : 1);
			continue;
		}
		if (*p == quote && (!triple || (end - p >= 3 && p[1] == quote && p[2] == quote)))
			break;
		p++;
	}
	return p > end ? end : p;
}

int wl_py_chunks(const char *src, size_t n, struct wl_py_chunk **out, size_t *nout)
{
	const char *p = src, *end = src + n;
	struct wl_py_chunk *v = NULL;
	size_t nv = 0, alloc = 0;
	struct lex st = { 0, 0, 1, 0 };
	int pending_decorator = 0;

	*out = NULL;
	*nout = 0;
	if (n >= UINT32_MAX || memchr(src, '\0', n))
		return -1; /* NULs: let tree-sitter see all */
	for (p = src; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p += 2)
		if (!eol_at(p, end))
			return -1; /* a '\r' not ending a line (old Mac endings) */
	p = src;
	push(&v, &nv, &alloc, 0, 0, WL_PY_CHUNK_PLAIN);
	while (p < end) {
		char c = *p;
		if (st.at_line_start) {
			st.at_line_start = 0;
			if (st.depth == 0 && !st.continued && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '#' &&
			    c != '\f') {
				enum wl_py_chunk_kind k = kind_at(p, end);
				uint32_t off = (uint32_t)(p - src);
				if (off == 0) {
					v[0].kind = k;
				} else if (k == WL_PY_CHUNK_CONTINUATION || pending_decorator) {
					/* `else:` belongs to its `if`; a decorated def to its decorator */
					if (pending_decorator && k == WL_PY_CHUNK_DEF)
						v[nv - 1].kind = WL_PY_CHUNK_DEF;
				} else {
					push(&v, &nv, &alloc, off, st.row, k);
				}
				pending_decorator = k == WL_PY_CHUNK_DECORATOR || (pending_decorator && k == WL_PY_CHUNK_DECORATOR);
			}
			st.continued = 0;
		}
		if (lex_step(&p, end, c, &st))
			goto fail;
	}
	if (st.depth != 0 || p > end)
		goto fail;
	{
		size_t i;
		for (i = 0; i < nv; i++) {
			v[i].end = i + 1 < nv ? v[i + 1].start : (uint32_t)n;
			v[i].end_row = i + 1 < nv ? v[i + 1].row : st.row;
		}
		/* the last chunk ends at the end of the file: its column */
		{
			const char *q = end;
			while (q > src && q[-1] != '\n')
				q--;
			v[nv - 1].end_col = (uint32_t)(end - q);
		}
	}
	*out = v;
	*nout = nv;
	return 0;
fail:
	free(v);
	return -1;
}

int wl_py_pieces(const char *src, size_t n, wl_py_piece_fn fn, void *user)
{
	const char *p = src, *end = src + n, *seg = src;
	int rc;
	while (p < end) {
		char c;
		p = skip_to_piece(p, end);
		if (p >= end)
			break;
		c = *p;
		if (p > seg && (rc = fn(user, seg, (size_t)(p - seg), WL_PY_PIECE_CODE, 0)) != 0)
			return rc;
		if (c == '#') {
			const char *q = p, *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl : end;
			if ((rc = fn(user, q, (size_t)(p - q), WL_PY_PIECE_COMMENT, 0)) != 0)
				return rc;
		} else {
			int triple = end - p >= 3 && p[1] == c && p[2] == c;
			int fstr = (p > src && (p[-1] | 32) == 'f') || (p - 1 > src && (p[-2] | 32) == 'f');
			const char *body;
			p += triple ? 3 : 1;
			body = p;
			p = wl_py_string_body_end(p, end, c, triple);
			if ((rc = fn(user, body, (size_t)(p - body), WL_PY_PIECE_STRING, fstr)) != 0)
				return rc;
			p += p < end ? (triple ? 3 : 1) : 0;
			if (p > end)
				p = end;
		}
		seg = p;
	}
	if (seg < end && (rc = fn(user, seg, (size_t)(end - seg), WL_PY_PIECE_CODE, 0)) != 0)
		return rc;
	return 0;
}

int wl_py_fstring_parts(const char *b, size_t n, int (*fn)(void *, const char *, size_t), void *user)
{
	size_t i = 0;
	int r;
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
			if (b[k] == '\'' || b[k] == '"' || b[k] == '\\')
				break;
			if (b[k] == '{')
				depth++;
			else if (b[k] == '}' && --depth == 0)
				break;
		}
		if (k >= n || b[k] != '}')
			return fn(user, b + i + 1, n - i - 1);
		if ((r = fn(user, b + i + 1, k - i - 1)) != 0)
			return r;
		i = k + 1;
	}
	return 0;
}

/* The parts of a long f-string, for wl_py_piece_triggers: with
 * WL_TRIG_BOTH a part with plain mentions only is noted and the next read */
struct parts_scan {
	unsigned how;
	int plain;
};

static int triggers_part(void *user, const char *p, size_t len)
{
	struct parts_scan *ps = user;
	int r = wl_py_trigger_scan(p, len, ps->how);
	if (r == 1 && (ps->how & WL_TRIG_BOTH)) {
		ps->plain = 1;
		return 0;
	}
	return r;
}

int wl_py_piece_triggers(const char *p, size_t len, enum wl_py_piece kind, int fstring, unsigned how)
{
	if (kind == WL_PY_PIECE_CODE)
		return wl_py_trigger_scan(p, len, how);
	if (kind == WL_PY_PIECE_STRING && len <= 32)
		return wl_py_trigger_scan(p, len, how ? how | WL_TRIG_STRING : 0);
	if (kind == WL_PY_PIECE_STRING && fstring) {
		/* a long f-string: its {expressions} are code */
		struct parts_scan ps = { how, 0 };
		int r = wl_py_fstring_parts(p, len, triggers_part, &ps);
		return r ? r : ps.plain;
	}
	return 0;
}

/*
 * Trigger words in the code of src[0..n) (a chunk): comments and long
 * strings are skipped, because a word there cannot make a call; short
 * strings are kept (getattr(x, "eval"), compile(s, f, "exec"),
 * __import__("pickle")). *imports is set when the code has an `import`.
 */
struct triggers_scan {
	unsigned how;
	int imports, plain; /* plain: with WL_TRIG_BOTH, a piece only the plain scan counts */
	int want_imports;
};

static int triggers_piece(void *user, const char *p, size_t len, enum wl_py_piece kind, int fstring)
{
	struct triggers_scan *t = user;
	int r;
	if (kind == WL_PY_PIECE_CODE && t->want_imports && !t->imports && memmem(p, len, "import", 6))
		t->imports = 1;
	r = wl_py_piece_triggers(p, len, kind, fstring, t->how);
	if (r == 1 && (t->how & WL_TRIG_BOTH)) {
		t->plain = 1; /* read on: a later piece may count for both */
		return 0;
	}
	return r;
}

static int code_triggers(const char *src, size_t n, int *imports, unsigned how)
{
	struct triggers_scan t = { how, 0, 0, imports != NULL };
	int hit = wl_py_pieces(src, n, triggers_piece, &t);
	if (imports)
		*imports = t.imports;
	return hit ? hit : t.plain;
}

int wl_py_code_triggers_both(const char *src, size_t n, int *imports)
{
	return code_triggers(src, n, imports, WL_TRIG_REFINED | WL_TRIG_BOTH);
}

int wl_py_code_triggers(const char *src, size_t n, int *imports)
{
	return code_triggers(src, n, imports, 0);
}

int wl_py_code_triggers_refined(const char *src, size_t n, int *imports)
{
	return code_triggers(src, n, imports, WL_TRIG_REFINED);
}

/*
 * The statements of a class body: src[start..end) is one top-level chunk
 * (decorators, `class X(...):`, an indented body). Chunk 0 is the header
 * (up to the first body statement), then one chunk per statement at the
 * body's indentation (decorators join their def; else/except/finally join
 * their statement). -1 on any doubt (no indented body, a line indented
 * less than the body, a tab/space mix, lexer trouble).
 */
/* wl_py_body_chunks(), and with clauses wl_py_clause_chunks(): a line at
 * the header's indentation that starts an else/elif/except/finally opens
 * the next clause, after a clause with an indented body. */
static int body_chunks(const char *src, uint32_t start, uint32_t end, uint32_t row0, struct wl_py_chunk **out,
		       size_t *nout, int clauses)
{
	const char *p = src + start, *e = src + end, *indent = NULL, *base = src + start;
	struct wl_py_chunk *v = NULL;
	size_t nv = 0, alloc = 0, ilen = 0, blen = 0;
	struct lex st = { row0, 0, 1, 0 };
	int pending_decorator = 0;

	*out = NULL;
	*nout = 0;
	/* the header's own indentation (a method's): body lines go deeper */
	while (base + blen < e && (base[blen] == ' ' || base[blen] == '\t'))
		blen++;
	push(&v, &nv, &alloc, start, row0, WL_PY_CHUNK_PLAIN);
	while (p < e) {
		char c = *p;
		if (st.at_line_start) {
			const char *q = p;
			st.at_line_start = 0;
			while (q < e && (*q == ' ' || *q == '\t'))
				q++;
			if (st.depth == 0 && !st.continued && q < e && *q != '\n' && *q != '\r' && *q != '#' && *q != '\f') {
				size_t ws = (size_t)(q - p);
				if (clauses && ws == blen && p > base && kind_at(q, e) == WL_PY_CHUNK_CONTINUATION) {
					/* the next clause: the one before has its body */
					if (!indent || pending_decorator || memcmp(p, base, blen) != 0)
						goto fail;
					push(&v, &nv, &alloc, (uint32_t)(p - src), st.row, WL_PY_CHUNK_CONTINUATION);
					indent = NULL;
				} else if (ws <= blen) {
					if (indent || ws != blen || memcmp(p, base, blen) != 0)
						goto fail; /* a statement at the header's level inside the body */
				} else if (!indent) {
					if (memcmp(p, base, blen) != 0)
						goto fail; /* tabs and spaces mixed */
					indent = p;
					ilen = ws;
					push(&v, &nv, &alloc, (uint32_t)(p - src), st.row, kind_at(q, e));
					pending_decorator = v[nv - 1].kind == WL_PY_CHUNK_DECORATOR;
				} else if (ws < ilen || memcmp(p, indent, ilen) != 0) {
					goto fail;
				} else if (ws == ilen) {
					enum wl_py_chunk_kind k = kind_at(q, e);
					if (k == WL_PY_CHUNK_CONTINUATION || pending_decorator) {
						if (pending_decorator && k == WL_PY_CHUNK_DEF)
							v[nv - 1].kind = WL_PY_CHUNK_DEF;
					} else {
						push(&v, &nv, &alloc, (uint32_t)(p - src), st.row, k);
					}
					pending_decorator = k == WL_PY_CHUNK_DECORATOR ||
							    (pending_decorator && k == WL_PY_CHUNK_DECORATOR);
				}
			}
			st.continued = 0;
			p = q;
			if (p >= e)
				break;
			c = *p;
		}
		if (lex_step(&p, e, c, &st))
			goto fail;
	}
	if (st.depth != 0 || p > e || nv < 2 || pending_decorator || !indent)
		goto fail;
	{
		size_t i;
		for (i = 0; i < nv; i++) {
			v[i].end = i + 1 < nv ? v[i + 1].start : end;
			v[i].end_row = i + 1 < nv ? v[i + 1].row : st.row;
		}
	}
	*out = v;
	*nout = nv;
	return 0;
fail:
	free(v);
	return -1;
}

int wl_py_body_chunks(const char *src, uint32_t start, uint32_t end, uint32_t row0, struct wl_py_chunk **out,
		      size_t *nout)
{
	return body_chunks(src, start, end, row0, out, nout, 0);
}

int wl_py_clause_chunks(const char *src, uint32_t start, uint32_t end, uint32_t row0, struct wl_py_chunk **out,
			size_t *nout)
{
	return body_chunks(src, start, end, row0, out, nout, 1);
}
