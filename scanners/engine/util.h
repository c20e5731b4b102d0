/*
 * util.h - memory, strings and the project's growable buffer.
 *
 * Out of memory is decided once, here: print and exit(2). Every other error is
 * an int return (0 ok, negative WL_E*) with the message set at the lowest level.
 * Nothing here may ever read past the bounds it is given.
 */
#ifndef WL_UTIL_H
#define WL_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Error codes: 0 is success, these are negative. */
enum {
	WL_OK = 0,
	WL_EIO = -1,       /* read/open/stat failed */
	WL_ELIMIT = -2,    /* a configured bound was reached */
	WL_EFORMAT = -3,   /* input is not what it claims to be */
	WL_EUSAGE = -4,    /* the user asked for something impossible */
	WL_ENOTFOUND = -5,
};

#if defined(__GNUC__)
#define WL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define WL_NORETURN __attribute__((noreturn))
#define WL_HOT_INLINE inline __attribute__((always_inline)) /* in a per-byte loop */
#else
#define WL_PRINTF(f, a)
#define WL_NORETURN
#define WL_HOT_INLINE inline
#endif

#define WL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

WL_NORETURN void wl_die(const char *fmt, ...) WL_PRINTF(1, 2);

/*
 * Route cJSON's allocations through wl_malloc/free, so that cJSON running out
 * of memory aborts with a message like everything else, instead of returning
 * NULL that a caller could mistake for "invalid JSON". Idempotent; util.c
 * runs it before main() (a constructor), so every binary linking the library
 * (the tool, unit tests, fuzzers) has the policy without remembering to call it.
 */
void wl_cjson_hooks(void);

void *wl_malloc(size_t n);
void *wl_calloc(size_t nmemb, size_t size);
void *wl_realloc(void *p, size_t n);
/* Grow an array of *alloc elements of `size` bytes so that it can hold `need`. */
void *wl_grow(void *p, size_t *alloc, size_t need, size_t size);
char *wl_strdup(const char *s);
char *wl_strndup(const char *s, size_t n);
char *wl_printf_alloc(const char *fmt, ...) WL_PRINTF(1, 2);
char *wl_vprintf_alloc(const char *fmt, va_list ap) WL_PRINTF(1, 0);

/*
 * A borrowed span of bytes, usually into a mapped input file.
 * Never owns its memory; never NUL-terminated by contract.
 */
struct wl_slice {
	const char *ptr;
	size_t len;
};

int wl_slice_eq(struct wl_slice s, const char *lit);

/*
 * struct wl_buf - a growable byte buffer with a hard cap (curl's dynbuf).
 * `buf` is never NULL and always NUL-terminated. Appending past `cap` (or a
 * size that overflows) fails with WL_ELIMIT, and the error is sticky, as in
 * libgit2's git_str: every later append is a no-op that returns the same
 * error, so the content is always a prefix of what was appended and never
 * loses a middle piece. wl_buf_error() reports it for callers that check
 * only at the end. wl_buf_reset() and wl_buf_release() start over (and clear
 * it). Running out of memory is not an error here: it aborts (wl_die).
 */
struct wl_buf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t cap;
	int err; /* 0, or the first failed append's WL_E* (sticky) */
};

void wl_buf_init(struct wl_buf *b, size_t cap);
void wl_buf_release(struct wl_buf *b);
void wl_buf_reset(struct wl_buf *b);
int wl_buf_add(struct wl_buf *b, const void *data, size_t n);
int wl_buf_addstr(struct wl_buf *b, const char *s);
int wl_buf_addch(struct wl_buf *b, char c);
int wl_buf_addf(struct wl_buf *b, const char *fmt, ...) WL_PRINTF(2, 3);
/* 0, or the error of the first append that failed since init/reset. */
int wl_buf_error(const struct wl_buf *b);
/* Hand over the allocation to the caller; the buffer is re-initialised. */
char *wl_buf_detach(struct wl_buf *b, size_t *len);

/*
 * struct wl_arena - bump allocator for objects that live as long as a scan
 * result (facts, their strings). Freed all at once.
 */
struct wl_arena_block;
struct wl_arena {
	struct wl_arena_block *head;
};

void *wl_arena_alloc(struct wl_arena *a, size_t n);
char *wl_arena_strdup(struct wl_arena *a, const char *s);
char *wl_arena_strndup(struct wl_arena *a, const char *s, size_t n);
char *wl_arena_printf(struct wl_arena *a, const char *fmt, ...) WL_PRINTF(2, 3);
void wl_arena_release(struct wl_arena *a);

/* Strings. */
int wl_starts_with(const char *s, const char *prefix);
int wl_ends_with(const char *s, const char *suffix);
const char *wl_basename(const char *path);
/* UTF-8 (no overlong forms, surrogates or values past U+10FFFF): the length
 * of the longest valid prefix, and whether all n bytes are valid. */
size_t wl_utf8_prefix(const unsigned char *p, size_t n);
/* p[0..len) squeezed for a message into out (room for cap + 4 bytes): runs of
 * whitespace become one space, at most cap bytes are kept, never splitting a
 * UTF-8 sequence, and "..." marks a cut. Returns out, NUL-terminated. */
char *wl_squeeze_text(char *out, size_t cap, const char *p, size_t len);
int wl_utf8_valid(const char *s, size_t n);
/* Encode a code point (< 0x200000; callers reject surrogates and values past
 * U+10FFFF where they must) into o; returns its length (1-4). */
size_t wl_utf8_encode(unsigned char o[4], uint32_t cp);
void wl_buf_add_utf8(struct wl_buf *b, uint32_t cp);
/* Escape bytes that are not printable ASCII/valid UTF-8 for messages. */
char *wl_escape_display(const char *s, size_t n);

/* The line index of a buffer: where each line starts ('\n' ends a line),
 * to turn offsets into (line, col) and back. */
struct wl_lines {
	const char *data;
	size_t len;
	size_t *start; /* start[0] == 0 */
	size_t n;      /* lines (at least 1) */
};
void wl_lines_init(struct wl_lines *li, const char *data, size_t len);
void wl_lines_release(struct wl_lines *li);
/* Byte offset of 1-based (line, col), clamped to the line's end. */
size_t wl_lines_offset(const struct wl_lines *l, uint32_t line, uint32_t col);
/* Line `l` (1-based) without its newline (nor a '\r' before it); 0 when out of range. */
int wl_lines_get(const struct wl_lines *li, uint32_t l, const char **p, size_t *len);
/* The 1-based line and byte column of byte offset `off`. */
void wl_lines_pos(const struct wl_lines *li, size_t off, uint32_t *line, uint32_t *col);

/* FNV-1a over p[0..n), going on from h (WL_FNV1A_INIT for a new hash):
 * the hash of the in-memory tables (names, words, imports). */
#define WL_FNV1A_INIT 2166136261u
uint32_t wl_fnv1a(uint32_t h, const void *p, size_t n);
/* A hash of a short key (an identifier, a dotted name) for in-memory
 * tables: its first and last eight bytes (fewer: all of them) and its
 * length, mixed; a table compares the bytes in full. */
static inline size_t wl_hash_short(const char *p, size_t len)
{
	uint64_t a = 0, b = 0, h;
	if (len >= 8) {
		memcpy(&a, p, 8);
		memcpy(&b, p + len - 8, 8);
	} else {
		memcpy(&a, p, len);
	}
	h = (a * 0x9e3779b97f4a7c15ull) ^ (b * 0xc2b2ae3d27d4eb4full) ^ len;
	h ^= h >> 31;
	h *= 0xff51afd7ed558ccdull;
	return (size_t)(h ^ (h >> 29));
}
/* memmem for a needle of 2 bytes or more, sixteen positions at a time where
 * SSE2 is: candidates are where the needle's first and last bytes are. */
const char *wl_memmem(const char *h, size_t hn, const char *needle, size_t m);
/* Does p[0..n) hold a byte of 0x80 or more? */
int wl_has_high_byte(const char *p, size_t n);

/* The value of a hex digit, or -1; exactly n hex digits at p into *out
 * (0, or -1 when one is not a hex digit). */
int wl_hexval(int c);
int wl_hex_parse(const char *p, size_t n, uint32_t *out);

/* Read a whole file of at most `max` bytes into *out (NUL-terminated;
 * the caller releases it). On failure *err says why, naming the path. */
int wl_read_file(const char *path, size_t max, struct wl_buf *out, char **err);

/*
 * Damerau-Levenshtein distance (optimal string alignment: insertions,
 * deletions, substitutions and swaps of two neighbours each cost 1),
 * ASCII case-insensitive. For "did you mean" suggestions. O(len(a) x len(b))
 * time, O(len(b)) memory.
 */
size_t wl_edit_distance(const char *a, const char *b);

/* SHA-256 (OpenSSL libcrypto) as 64 lowercase hex chars + NUL. */
void wl_sha256_hex(const void *data, size_t n, char out[65]);

#endif
