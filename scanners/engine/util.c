/*
 * util.c - the out-of-memory policy, the capped buffer, the arena.
 * Everything that allocates goes through here so OOM is handled once.
 */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <cJSON.h>
#include <openssl/evp.h>

void wl_die(const char *fmt, ...)
{
	va_list ap;
	fputs("weaklink: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *wl_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		wl_die("out of memory allocating %zu bytes", n);
	return p;
}

/* cJSON's hooks: its malloc may not return NULL either (see util.h). */
static void *cjson_malloc(size_t n)
{
	return wl_malloc(n);
}

static void cjson_free(void *p)
{
	free(p);
}

void wl_cjson_hooks(void)
{
	cJSON_Hooks h = { cjson_malloc, cjson_free };
	cJSON_InitHooks(&h);
}

#if defined(__GNUC__)
__attribute__((constructor)) static void wl_util_init(void)
{
	wl_cjson_hooks();
}
#endif

void *wl_calloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		wl_die("out of memory allocating %zu x %zu bytes", nmemb, size);
	return p;
}

void *wl_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		wl_die("out of memory allocating %zu bytes", n);
	return q;
}

void *wl_grow(void *p, size_t *alloc, size_t need, size_t size)
{
	size_t n;
	if (need <= *alloc)
		return p;
	n = *alloc ? *alloc : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			wl_die("array too large");
		n *= 2;
	}
	p = wl_realloc(p, n * size);
	*alloc = n;
	return p;
}

char *wl_strdup(const char *s)
{
	return wl_strndup(s, strlen(s));
}

char *wl_strndup(const char *s, size_t n)
{
	char *p = wl_malloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *wl_vprintf_alloc(const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *p;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		wl_die("bad format string");
	p = wl_malloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *wl_printf_alloc(const char *fmt, ...)
{
	va_list ap;
	char *p;
	va_start(ap, fmt);
	p = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	return p;
}

int wl_slice_eq(struct wl_slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

/* ---- buffer ---- */

static char wl_buf_empty[1];

void wl_buf_init(struct wl_buf *b, size_t cap)
{
	b->buf = wl_buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap ? cap : SIZE_MAX / 2;
	b->err = 0;
}

void wl_buf_release(struct wl_buf *b)
{
	if (b->alloc)
		free(b->buf);
	wl_buf_init(b, b->cap);
}

void wl_buf_reset(struct wl_buf *b)
{
	b->len = 0;
	b->err = 0;
	/* an unallocated buffer points at the shared static "": writing even its
	 * NUL from two threads is a data race (TSan), and it is already "" */
	if (b->alloc)
		b->buf[0] = '\0';
}

int wl_buf_error(const struct wl_buf *b)
{
	return b->err;
}

int wl_buf_add(struct wl_buf *b, const void *data, size_t n)
{
	size_t need;
	if (b->err)
		return b->err; /* sticky: a later piece must not follow a lost one */
	if (n > b->cap || b->len > b->cap - n || b->len + n > SIZE_MAX - 1)
		return b->err = WL_ELIMIT;
	need = b->len + n + 1;
	if (need > b->alloc) {
		size_t na = b->alloc ? b->alloc : 64;
		char *nb;
		while (na < need)
			na = na > SIZE_MAX / 2 ? need : na * 2;
		nb = b->alloc ? wl_realloc(b->buf, na) : wl_malloc(na);
		if (!b->alloc)
			memcpy(nb, b->buf, b->len);
		b->buf = nb;
		b->alloc = na;
	}
	if (n)
		memcpy(b->buf + b->len, data, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return WL_OK;
}

int wl_buf_addstr(struct wl_buf *b, const char *s)
{
	return wl_buf_add(b, s, strlen(s));
}

int wl_buf_addch(struct wl_buf *b, char c)
{
	return wl_buf_add(b, &c, 1);
}

int wl_buf_addf(struct wl_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;
	va_start(ap, fmt);
	s = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	r = wl_buf_addstr(b, s);
	free(s);
	return r;
}

char *wl_buf_detach(struct wl_buf *b, size_t *len)
{
	char *p = b->alloc ? b->buf : wl_strdup("");
	if (len)
		*len = b->len;
	wl_buf_init(b, b->cap);
	return p;
}

/* ---- arena ---- */

struct wl_arena_block {
	struct wl_arena_block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

void *wl_arena_alloc(struct wl_arena *a, size_t n)
{
	struct wl_arena_block *b = a->head;
	void *p;
	n = (n + 15) & ~(size_t)15;
	if (!b || b->size - b->used < n) {
		size_t size = n > 16384 ? n : 16384;
		b = wl_malloc(sizeof(*b) + size);
		b->next = a->head;
		b->used = 0;
		b->size = size;
		a->head = b;
	}
	p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *wl_arena_strndup(struct wl_arena *a, const char *s, size_t n)
{
	char *p = wl_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *wl_arena_strdup(struct wl_arena *a, const char *s)
{
	return s ? wl_arena_strndup(a, s, strlen(s)) : NULL;
}

char *wl_arena_printf(struct wl_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *s, *r;
	va_start(ap, fmt);
	s = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	r = wl_arena_strdup(a, s);
	free(s);
	return r;
}

void wl_arena_release(struct wl_arena *a)
{
	struct wl_arena_block *b = a->head, *n;
	while (b) {
		n = b->next;
		free(b);
		b = n;
	}
	a->head = NULL;
}

/* ---- strings ---- */

int wl_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

int wl_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

const char *wl_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Length in bytes of the UTF-8 sequence at s (n available), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, cp = c & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return len;
}

size_t wl_utf8_prefix(const unsigned char *p, size_t n)
{
	size_t i = 0, k;
	while (i < n) {
		/* ASCII eight bytes at a time: most of any text file */
		uint64_t w;
		if (n - i >= 8 && (memcpy(&w, p + i, 8), (w & 0x8080808080808080u) == 0)) {
			i += 8;
			continue;
		}
		if ((k = utf8_seq(p + i, n - i)) == 0)
			break;
		i += k;
	}
	return i;
}

int wl_utf8_valid(const char *s, size_t n)
{
	return wl_utf8_prefix((const unsigned char *)s, n) == n;
}

size_t wl_utf8_encode(unsigned char o[4], uint32_t cp)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | ((cp >> 18) & 7));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

void wl_buf_add_utf8(struct wl_buf *b, uint32_t cp)
{
	unsigned char u[4];
	wl_buf_add(b, (const char *)u, wl_utf8_encode(u, cp));
}

int wl_hex_parse(const char *p, size_t n, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;
	for (i = 0; i < n; i++) {
		int h = wl_hexval((unsigned char)p[i]);
		if (h < 0)
			return -1;
		v = v << 4 | (uint32_t)h;
	}
	*out = v;
	return 0;
}

void wl_lines_init(struct wl_lines *li, const char *data, size_t len)
{
	size_t alloc = 0, i;
	li->data = data;
	li->len = len;
	li->start = wl_grow(NULL, &alloc, 1, sizeof(size_t));
	li->start[0] = 0;
	li->n = 1;
	for (i = 0; i < len; i++)
		if (data[i] == '\n') {
			li->start = wl_grow(li->start, &alloc, li->n + 1, sizeof(size_t));
			li->start[li->n++] = i + 1;
		}
}

void wl_lines_release(struct wl_lines *li)
{
	free(li->start);
	li->start = NULL;
	li->n = 0;
}

int wl_lines_get(const struct wl_lines *li, uint32_t l, const char **p, size_t *len)
{
	size_t s, e;
	if (l == 0 || l > li->n)
		return 0;
	s = li->start[l - 1];
	e = l < li->n ? li->start[l] - 1 : li->len;
	if (e > s && li->data[e - 1] == '\r')
		e--;
	*p = li->data + s;
	*len = e - s;
	return 1;
}

void wl_lines_pos(const struct wl_lines *li, size_t off, uint32_t *line, uint32_t *col)
{
	size_t lo = 0, hi = li->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (li->start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	*line = (uint32_t)lo + 1;
	*col = (uint32_t)(off - li->start[lo] + 1);
}

size_t wl_lines_offset(const struct wl_lines *l, uint32_t line, uint32_t col)
{
	size_t off, end;
	if (!line || !l->n)
		return 0;
	if (line > l->n)
		return l->len;
	off = l->start[line - 1];
	end = line < l->n ? l->start[line] : l->len;
	if (col > 1)
		off += col - 1;
	return off > end ? end : off;
}

uint32_t wl_fnv1a(uint32_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

int wl_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int wl_read_file(const char *path, size_t max, struct wl_buf *out, char **err)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	*err = NULL;
	wl_buf_init(out, max);
	if (!f) {
		*err = wl_printf_alloc("%s: %s", path, strerror(errno));
		return WL_EIO;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (wl_buf_add(out, chunk, n)) {
			fclose(f);
			wl_buf_release(out);
			*err = wl_printf_alloc("%s: larger than %zu bytes", path, max);
			return WL_ELIMIT;
		}
	if (ferror(f)) {
		*err = wl_printf_alloc("%s: %s", path, strerror(errno));
		fclose(f);
		wl_buf_release(out);
		return WL_EIO;
	}
	fclose(f);
	return 0; /* wl_buf keeps a NUL after the content */
}

char *wl_escape_display(const char *s, size_t n)
{
	struct wl_buf b;
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	wl_buf_init(&b, 0);
	while (i < n) {
		k = utf8_seq(p + i, n - i);
		if (k == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			wl_buf_addf(&b, "\\x%02x", p[i]);
		} else if (k) {
			wl_buf_add(&b, p + i, k);
			i += k;
			continue;
		} else {
			wl_buf_addf(&b, "\\x%02x", p[i]);
		}
		i++;
	}
	return wl_buf_detach(&b, NULL);
}

static int lc(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

size_t wl_edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), i, j, d;
	/* three rows: i-2, i-1, i */
	size_t *pp = wl_calloc(m + 1, sizeof(size_t)), *p = wl_calloc(m + 1, sizeof(size_t));
	size_t *cur = wl_calloc(m + 1, sizeof(size_t)), *t;
	for (j = 0; j <= m; j++)
		p[j] = j;
	for (i = 1; i <= n; i++) {
		cur[0] = i;
		for (j = 1; j <= m; j++) {
			size_t cost = lc((unsigned char)a[i - 1]) != lc((unsigned char)b[j - 1]);
			size_t best = p[j] + 1;                 /* deletion */
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;          /* insertion */
			if (p[j - 1] + cost < best)
				best = p[j - 1] + cost;         /* substitution */
			if (i > 1 && j > 1 && lc((unsigned char)a[i - 1]) == lc((unsigned char)b[j - 2]) &&
			    lc((unsigned char)a[i - 2]) == lc((unsigned char)b[j - 1]) && pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;           /* swap of neighbours */
			cur[j] = best;
		}
		t = pp;
		pp = p;
		p = cur;
		cur = t;
	}
	d = p[m];
	free(pp);
	free(p);
	free(cur);
	return d;
}

void wl_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	static const char hex[] = "0123456789abcdef";
	if (!EVP_Digest(data, n, md, &len, EVP_sha256(), NULL))
		wl_die("SHA-256 failed");
	for (i = 0; i < len && i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

char *wl_squeeze_text(char *out, size_t cap, const char *p, size_t len)
{
	size_t i, o = 0;
	int space = 0;
	for (i = 0; i < len && o < cap; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			space = 1;
			continue;
		}
		if (space && o) {
			out[o++] = ' ';
			if (o >= cap)
				break;
		}
		space = 0;
		out[o++] = (char)c;
	}
	if (i < len) {
		while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
			o--;
		if (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
			o--;
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

const char *wl_memmem(const char *h, size_t hn, const char *needle, size_t m)
{
	size_t i = 0;
	if (m == 0)
		return h;
	if (hn < m)
		return NULL;
	if (m == 1)
		return memchr(h, needle[0], hn);
#if defined(__SSE2__)
	{
		const __m128i first = _mm_set1_epi8(needle[0]), last = _mm_set1_epi8(needle[m - 1]);
		for (; i + m - 1 + 16 <= hn; i += 16) {
			__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(h + i));
			__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(h + i + m - 1));
			unsigned bits = (unsigned)_mm_movemask_epi8(
				_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last)));
			while (bits) {
				unsigned k = (unsigned)__builtin_ctz(bits);
				if (memcmp(h + i + k + 1, needle + 1, m - 2) == 0)
					return h + i + k;
				bits &= bits - 1;
			}
		}
	}
#endif
	for (; i + m <= hn; i++)
		if (h[i] == needle[0] && h[i + m - 1] == needle[m - 1] && memcmp(h + i + 1, needle + 1, m - 2) == 0)
			return h + i;
	return NULL;
}

int wl_has_high_byte(const char *p, size_t n)
{
	size_t i = 0;
#if defined(__SSE2__)
	for (; i + 16 <= n; i += 16)
		if (_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i))))
			return 1;
#endif
	for (; i < n; i++)
		if ((unsigned char)p[i] >= 0x80)
			return 1;
	return 0;
}
