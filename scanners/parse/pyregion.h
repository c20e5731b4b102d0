/*
 * pyregion.h - top-level statements of Python source (pyregion.c), so that
 * the scanner parses only the statements that can matter. Never a guess:
 * any lexical doubt makes wl_py_chunks() fail, and the whole file is parsed.
 */
#ifndef WL_PYREGION_H
#define WL_PYREGION_H

#include <stddef.h>
#include <stdint.h>

enum wl_py_chunk_kind {
	WL_PY_CHUNK_PLAIN = 0,     /* imports, assignments, if/try/for/with/while blocks ... */
	WL_PY_CHUNK_DEF,           /* def / async def / class, with its decorators */
	WL_PY_CHUNK_DECORATOR,     /* decorators not (yet) followed by a def */
	WL_PY_CHUNK_CONTINUATION,  /* internal: else/elif/except/finally (merged) */
};

struct wl_py_chunk {
	uint32_t start, end;       /* bytes [start, end) */
	uint32_t row, end_row;     /* 0-based rows of start and end */
	uint32_t end_col;          /* column of end (0 except for the last chunk) */
	enum wl_py_chunk_kind kind;
	int selected;
};

/* The classes of a byte for the Python scans (WL_PYB_ bits): ASCII_IDENT a
 * letter, digit or '_'; IDENT those and every byte of a multi-byte character;
 * LEX what the statement lexer acts on (newline, backslash, '#', brackets,
 * quotes); STR what ends or escapes in a string body; PIECE what starts a
 * comment or a string. The scans skip runs of other bytes by one load each. */
enum {
	WL_PYB_ASCII_IDENT = 1, WL_PYB_IDENT = 2, WL_PYB_LEX = 4, WL_PYB_STR = 8, WL_PYB_PIECE = 16,
};
extern const unsigned char wl_py_bytes[256];

/* Split src into chunks covering it entirely, in order. 0, or -1 when the
 * lexer is not sure (unterminated string or bracket, NUL or CR bytes): then
 * *out is NULL. The caller frees *out. */
int wl_py_chunks(const char *src, size_t n, struct wl_py_chunk **out, size_t *nout);

/* Split one class or def chunk src[start..end) (first row row0; a method's
 * chunk starts with its indentation) into its header (chunk 0, kind PLAIN)
 * and the statements of its indented body, with the file's offsets and
 * rows; end_col is left 0 (the caller copies the chunk's). 0, or -1 on any
 * doubt: then the chunk stays whole. */
int wl_py_body_chunks(const char *src, uint32_t start, uint32_t end, uint32_t row0, struct wl_py_chunk **out,
		      size_t *nout);

/* The same for one compound statement of a body (if, try, for, while,
 * with): its clauses' headers (the first kind PLAIN, the next ones, at
 * its indentation, else/elif/except/finally, kind CONTINUATION), each
 * followed by the statements of its indented body. -1 on the same doubts,
 * and on a clause without an indented body. */
int wl_py_clause_chunks(const char *src, uint32_t start, uint32_t end, uint32_t row0, struct wl_py_chunk **out,
			size_t *nout);

/* Does the code of src[0..n) (comments and long strings skipped, short
 * strings kept) hold a trigger word? *imports (when not NULL): it holds
 * `import`. */
int wl_py_code_triggers(const char *src, size_t n, int *imports);

/* The same with wl_py_trigger_scan(.., WL_TRIG_REFINED): inert module mentions (`torch.nn`)
 * do not count. */
int wl_py_code_triggers_refined(const char *src, size_t n, int *imports);

/* Both in one walk: 2 when the refined test says yes, 1 when only the
 * plain one does, 0 when neither. */
int wl_py_code_triggers_both(const char *src, size_t n, int *imports);

/* The pieces of Python source: code, a string's body (its prefix and quotes
 * left out; fstring when an f- or t-string), a comment. */
enum wl_py_piece { WL_PY_PIECE_CODE, WL_PY_PIECE_STRING, WL_PY_PIECE_COMMENT };
typedef int (*wl_py_piece_fn)(void *user, const char *p, size_t len, enum wl_py_piece kind, int fstring);

/* Call fn for each piece of src[0..n), in order, stopping at the first
 * nonzero return, which is returned (0 when every call returned 0). An
 * unterminated string runs to the end. */
int wl_py_pieces(const char *src, size_t n, wl_py_piece_fn fn, void *user);

/* The {expression} parts of an f-string's body b[0..n) ({{ is text), each
 * given to fn; stops at fn's first nonzero return and gives it. Where the
 * braces cannot be matched for sure (a quote or a backslash inside a
 * part, an unclosed brace) the rest of the body is one part. */
int wl_py_fstring_parts(const char *b, size_t n, int (*fn)(void *, const char *, size_t), void *user);

/* The trigger words of one piece, as wl_py_trigger_scan() counts them (how:
 * its WL_TRIG_ flags): code, a short string (32 bytes or less, refined as
 * a string), the {expressions} of a long f-string; never a comment or a
 * long plain string. With WL_TRIG_BOTH: 2 when a word counts refined, 1
 * when only plain mentions are there. */
int wl_py_piece_triggers(const char *p, size_t len, enum wl_py_piece kind, int fstring, unsigned how);

/* The end of a string literal's body that starts at p (just past its opening
 * quote or quotes): the closing quote, or `end` if the file ends first.
 * Backslash escapes are skipped. */
const char *wl_py_string_body_end(const char *p, const char *end, char quote, int triple);

/* Can the string literal at p (its prefix letters, then a quote) hold an
 * {interpolation}, code a walk must read: an f-string (as the grammar
 * reads it), or anything unexpected. A plain string's children are its
 * text alone. */
static inline int wl_py_string_may_interpolate(const char *p, const char *end)
{
	int i;
	for (i = 0; i < 4 && p + i < end; i++) {
		if (p[i] == '\'' || p[i] == '"')
			return 0;
		if ((p[i] | 32) == 'f')
			return 1;
	}
	return 1;
}

#endif
