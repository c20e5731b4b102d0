/*
 * gguf.c - walk a GGUF file (versions 1-3, either byte order): every
 * key/value with bounds on every length and count, then the tensor infos
 * against the data section. Chat templates in the metadata go through the
 * template-injection check. Never trusts a count without checking that the
 * bytes to back it exist.
 */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include "fmtutil.h"

enum gguf_type {
	GGUF_U8 = 0, GGUF_I8, GGUF_U16, GGUF_I16, GGUF_U32, GGUF_I32, GGUF_F32, GGUF_BOOL,
	GGUF_STRING, GGUF_ARRAY, GGUF_U64, GGUF_I64, GGUF_F64, GGUF__COUNT
};

/* Byte size of each scalar type (0: not a scalar). */
static const unsigned char gguf_scalar_size[GGUF__COUNT] = { 1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8 };

#define GGUF_MAX_DEPTH 4          /* nested arrays */
#define GGUF_MAX_VISITS 50000000u /* strings and arrays walked one by one */
#define GGUF_MAX_KV 1000000u
#define GGUF_MAX_TENSORS 10000000u
#define GGUF_MAX_DIMS 4           /* GGML_MAX_DIMS */
#define GGUF_MAX_NAME 64          /* GGML_MAX_NAME, terminator included */
#define GGUF_MAX_REPORTS 8

/* ggml tensor types: elements per block and bytes per block (gguf-py's
 * GGML_QUANT_SIZES). 0/0 marks a removed or unknown type. */
static const struct {
	uint16_t blck;
	uint16_t size;
} ggml_types[] = {
	[0] = { 1, 4 }, [1] = { 1, 2 }, [2] = { 32, 18 }, [3] = { 32, 20 },
	[6] = { 32, 22 }, [7] = { 32, 24 }, [8] = { 32, 34 }, [9] = { 32, 40 },
	[10] = { 256, 84 }, [11] = { 256, 110 }, [12] = { 256, 144 }, [13] = { 256, 176 },
	[14] = { 256, 210 }, [15] = { 256, 292 }, [16] = { 256, 66 }, [17] = { 256, 74 },
	[18] = { 256, 98 }, [19] = { 256, 50 }, [20] = { 32, 18 }, [21] = { 256, 110 },
	[22] = { 256, 82 }, [23] = { 256, 136 }, [24] = { 1, 1 }, [25] = { 1, 2 },
	[26] = { 1, 4 }, [27] = { 1, 8 }, [28] = { 1, 8 }, [29] = { 256, 56 },
	[30] = { 1, 2 }, [34] = { 256, 54 }, [35] = { 256, 66 }, [39] = { 32, 17 },
	[40] = { 64, 36 }, [41] = { 128, 18 }, [42] = { 64, 18 },
};

struct gguf_key {
	const char *ptr;
	size_t len;
	uint64_t off;
};

struct gguf_tensor {
	uint64_t off;   /* file offset of the tensor info */
	uint64_t dataoff;
	uint64_t nbytes; /* UINT64_MAX: unknown */
	uint32_t type;
	const char *name;
	size_t nlen;
};

struct gguf_scan {
	struct wl_ctx *ctx;
	const char *member;
	struct wl_cur c;
	uint32_t version;
	uint64_t visits;
	uint64_t alignment;
	unsigned nlayout;
	int stopped; /* a limit or malformed record ended the walk */
};

static void gguf_malformed(struct gguf_scan *s, uint64_t off, const char *fmt, ...) WL_PRINTF(3, 4);
static void gguf_malformed(struct gguf_scan *s, uint64_t off, const char *fmt, ...)
{
	char *msg, *key;
	va_list ap;

	va_start(ap, fmt);
	msg = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	key = wl_printf_alloc("gguf:%s", msg);
	wl_format_issue(s->ctx, "gguf.malformed", "gguf", s->member, off, key, NULL,
			  "GGUF file is malformed: %s", msg);
	free(key);
	free(msg);
	s->stopped = 1;
}

static void gguf_limit(struct gguf_scan *s, uint64_t off, const char *what)
{
	char *key = wl_printf_alloc("gguf-limit:%s", what);

	wl_format_issue(s->ctx, "limit.gguf", "gguf", s->member, off, key, NULL,
			  "GGUF %s exceeds what weaklink verifies; the rest of the file was not checked", what);
	free(key);
	s->stopped = 1;
}

static void gguf_layout(struct gguf_scan *s, uint64_t off, const struct gguf_tensor *t,
			const char *fmt, ...) WL_PRINTF(4, 5);
static void gguf_layout(struct gguf_scan *s, uint64_t off, const struct gguf_tensor *t,
			const char *fmt, ...)
{
	char *msg, *key, *disp = NULL;
	va_list ap;

	if (++s->nlayout > GGUF_MAX_REPORTS)
		return;
	va_start(ap, fmt);
	msg = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	if (t)
		disp = wl_fmt_display(t->name, t->nlen, 80);
	key = wl_printf_alloc("gguf-layout:%s:%s", t ? disp : "", msg);
	wl_format_issue(s->ctx, "gguf.layout", "gguf", s->member, off, key, disp,
			  "GGUF tensor data is inconsistent: %s%s%s%s", t ? "tensor \"" : "", t ? disp : "",
			  t ? "\" " : "", msg);
	free(key);
	free(disp);
	free(msg);
}

/* Counts and lengths are u32 in version 1, u64 after. */
static uint64_t gguf_count(struct gguf_scan *s)
{
	return s->version == 1 ? wl_cur_u32(&s->c) : wl_cur_u64(&s->c);
}

/* Read a string; NULL (and a finding) when its length runs past the end. */
static const char *gguf_string(struct gguf_scan *s, size_t *len, const char *what)
{
	uint64_t at = s->c.pos;
	uint64_t n = gguf_count(s);
	const unsigned char *p;

	if (s->c.err) {
		gguf_malformed(s, at, "file ends inside the length of %s", what);
		return NULL;
	}
	if (n > wl_cur_left(&s->c)) {
		gguf_malformed(s, at, "%s length %llu runs past the end of the file", what,
			       (unsigned long long)n);
		return NULL;
	}
	p = wl_cur_take(&s->c, (size_t)n);
	*len = (size_t)n;
	return (const char *)p;
}

static int is_chat_template_key(const char *k, size_t n)
{
	static const char base[] = "tokenizer.chat_template";
	size_t bl = sizeof(base) - 1;

	return n >= bl && memcmp(k, base, bl) == 0 && (n == bl || k[bl] == '.');
}

static void gguf_template(struct gguf_scan *s, const char *key, size_t klen,
			  const char *val, size_t vlen, uint64_t off)
{
	char *disp = wl_fmt_display(key, klen, 120);
	char *where = wl_printf_alloc("GGUF metadata key %s", disp);

	wl_chat_template_emit(s->ctx, where, s->member, 1, off, 1, 0, 0, val, vlen);
	free(where);
	free(disp);
}

/* Walk one value of type `type`. Returns 0, -1 once the walk must stop. */
static int gguf_value(struct gguf_scan *s, uint32_t type, int depth, const char *key, size_t klen,
		      int templ)
{
	uint64_t at = s->c.pos, count, i, bytes;
	uint32_t etype;
	const char *str;
	size_t len;

	if (type >= GGUF__COUNT) {
		gguf_malformed(s, at, "unknown value type %u", type);
		return -1;
	}
	if (gguf_scalar_size[type]) {
		if (!wl_cur_take(&s->c, gguf_scalar_size[type])) {
			gguf_malformed(s, at, "file ends inside a value");
			return -1;
		}
		return 0;
	}
	if (++s->visits > GGUF_MAX_VISITS) {
		gguf_limit(s, at, "number of strings and arrays");
		return -1;
	}
	if (type == GGUF_STRING) {
		uint64_t soff = s->c.pos + (s->version == 1 ? 4 : 8);

		if (!(str = gguf_string(s, &len, "a string value")))
			return -1;
		if (templ)
			gguf_template(s, key, klen, str, len, soff);
		return 0;
	}
	/* array */
	if (depth >= GGUF_MAX_DEPTH) {
		gguf_limit(s, at, "array nesting depth");
		return -1;
	}
	etype = wl_cur_u32(&s->c);
	count = gguf_count(s);
	if (s->c.err) {
		gguf_malformed(s, at, "file ends inside an array header");
		return -1;
	}
	if (etype >= GGUF__COUNT) {
		gguf_malformed(s, at, "array of unknown value type %u", etype);
		return -1;
	}
	if (gguf_scalar_size[etype]) {
		if (wl_mul_u64(count, gguf_scalar_size[etype], &bytes) || bytes > wl_cur_left(&s->c)) {
			gguf_malformed(s, at, "array of %llu elements runs past the end of the file",
				       (unsigned long long)count);
			return -1;
		}
		wl_cur_take(&s->c, (size_t)bytes);
		return 0;
	}
	/* Strings need >= 4 or 8 bytes each, arrays >= 8 or 12: a count the file
	 * cannot back is malformed before we loop over it. */
	if (count > wl_cur_left(&s->c) / 4) {
		gguf_malformed(s, at, "array of %llu elements runs past the end of the file",
			       (unsigned long long)count);
		return -1;
	}
	for (i = 0; i < count; i++)
		if (gguf_value(s, etype, depth + 1, key, klen, templ))
			return -1;
	return 0;
}

static int cmp_key(const void *a, const void *b)
{
	const struct gguf_key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->ptr, y->ptr, n);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static void gguf_duplicates(struct gguf_scan *s, struct gguf_key *keys, size_t n, const char *what)
{
	size_t i;

	qsort(keys, n, sizeof(*keys), cmp_key);
	for (i = 1; i < n; i++) {
		if (cmp_key(&keys[i - 1], &keys[i]) == 0) {
			char *disp = wl_fmt_display(keys[i].ptr, keys[i].len, 120);
			int stopped = s->stopped;

			gguf_malformed(s, keys[i].off,
				       "duplicate %s \"%s\" (readers disagree on which one wins)", what, disp);
			s->stopped = stopped;
			free(disp);
			return;
		}
	}
}

static int gguf_kvs(struct gguf_scan *s, uint64_t nkv)
{
	struct gguf_key *keys;
	uint64_t i;
	size_t nkeys = 0;

	keys = wl_calloc(nkv ? (size_t)nkv : 1, sizeof(*keys));
	for (i = 0; i < nkv && !s->stopped; i++) {
		uint64_t at = s->c.pos;
		const char *key;
		size_t klen;
		uint32_t type;
		int templ;

		if (!(key = gguf_string(s, &klen, "a metadata key")))
			break;
		keys[nkeys].ptr = key;
		keys[nkeys].len = klen;
		keys[nkeys++].off = at;
		type = wl_cur_u32(&s->c);
		if (s->c.err) {
			gguf_malformed(s, at, "file ends inside a metadata entry");
			break;
		}
		templ = is_chat_template_key(key, klen);
		if (klen == 17 && memcmp(key, "general.alignment", 17) == 0) {
			uint64_t vat = s->c.pos;
			uint32_t a;

			if (type != GGUF_U32) {
				gguf_malformed(s, at, "general.alignment is not a u32");
				break;
			}
			a = wl_cur_u32(&s->c);
			if (s->c.err || a == 0 || (a & (a - 1))) {
				gguf_malformed(s, vat, "general.alignment %u is not a power of two", a);
				break;
			}
			s->alignment = a;
			continue;
		}
		if (gguf_value(s, type, 0, key, klen, templ))
			break;
	}
	gguf_duplicates(s, keys, nkeys, "metadata key");
	free(keys);
	return s->stopped ? -1 : 0;
}


static int gguf_tensors(struct gguf_scan *s, uint64_t nt)
{
	struct gguf_tensor *t;
	struct gguf_key *names;
	uint64_t i, data_start, expect;
	int rc = -1;

	t = wl_calloc(nt ? (size_t)nt : 1, sizeof(*t));
	names = wl_calloc(nt ? (size_t)nt : 1, sizeof(*names));
	for (i = 0; i < nt; i++) {
		uint64_t at = s->c.pos, ne = 1, dim, blocks;
		uint32_t ndims, d;
		int overflow = 0;

		t[i].off = at;
		if (!(t[i].name = gguf_string(s, &t[i].nlen, "a tensor name")))
			goto done;
		names[i].ptr = t[i].name;
		names[i].len = t[i].nlen;
		names[i].off = at;
		if (t[i].nlen >= GGUF_MAX_NAME) {
			char *disp = wl_fmt_display(t[i].name, t[i].nlen, 80);
			gguf_malformed(s, at, "tensor name \"%s\" is longer than ggml allows", disp);
			free(disp);
			goto done;
		}
		ndims = wl_cur_u32(&s->c);
		if (!s->c.err && ndims > GGUF_MAX_DIMS) {
			gguf_malformed(s, at, "tensor has %u dimensions (at most %d)", ndims, GGUF_MAX_DIMS);
			goto done;
		}
		for (d = 0; d < ndims; d++) {
			dim = gguf_count(s);
			if (wl_mul_u64(ne, dim, &ne))
				overflow = 1;
		}
		t[i].type = wl_cur_u32(&s->c);
		t[i].dataoff = wl_cur_u64(&s->c);
		if (s->c.err) {
			gguf_malformed(s, at, "file ends inside a tensor info");
			goto done;
		}
		t[i].nbytes = UINT64_MAX;
		if (t[i].type >= WL_ARRAY_SIZE(ggml_types) || !ggml_types[t[i].type].blck) {
			gguf_layout(s, at, &t[i], "has unknown ggml type %u; its size cannot be verified", t[i].type);
			continue;
		}
		if (overflow) {
			gguf_layout(s, at, &t[i], "element count overflows 64 bits");
			continue;
		}
		if (ne % ggml_types[t[i].type].blck) {
			gguf_layout(s, at, &t[i], "has %llu elements, not a multiple of its block size %u", (unsigned long long)ne, ggml_types[t[i].type].blck);
			continue;
		}
		blocks = ne / ggml_types[t[i].type].blck;
		if (wl_mul_u64(blocks, ggml_types[t[i].type].size, &t[i].nbytes)) {
			t[i].nbytes = UINT64_MAX;
			gguf_layout(s, at, &t[i], "byte size overflows 64 bits");
		}
	}
	gguf_duplicates(s, names, (size_t)nt, "tensor name");

	/* Data section: aligned after the infos; tensors in order, each padded
	 * to the alignment, as ggml's reader requires. */
	data_start = (s->c.pos + s->alignment - 1) / s->alignment * s->alignment;
	if (nt && data_start > s->c.size) {
		gguf_layout(s, s->c.pos, NULL, "data section starts past the end of the file");
		rc = 0;
		goto done;
	}
	expect = 0;
	for (i = 0; i < nt; i++) {
		uint64_t end, padded;

		if (t[i].dataoff != expect) {
			gguf_layout(s, t[i].off, &t[i], "data offset %llu, expected %llu", (unsigned long long)t[i].dataoff,
				    (unsigned long long)expect);
		}
		if (t[i].nbytes == UINT64_MAX)
			break; /* size unknown: the rest cannot be placed */
		if (wl_add_u64(t[i].dataoff, t[i].nbytes, &end) || end > s->c.size - data_start) {
			gguf_layout(s, t[i].off, &t[i], "data (%llu bytes at %llu) runs past the end of the file", (unsigned long long)t[i].nbytes,
				    (unsigned long long)t[i].dataoff);
			break;
		}
		padded = (end + s->alignment - 1) / s->alignment * s->alignment;
		expect = padded;
	}
	if (i == nt && nt && data_start + expect < s->c.size)
		gguf_layout(s, data_start + expect, NULL, "%llu bytes after the last tensor belong to no tensor",
			    (unsigned long long)(s->c.size - data_start - expect));
	if (s->nlayout > GGUF_MAX_REPORTS) {
		wl_format_issue(s->ctx, "gguf.layout", "gguf", s->member, 0, "gguf-layout:more", NULL,
			"GGUF tensor data is inconsistent: %u more problems not listed",
			s->nlayout - GGUF_MAX_REPORTS);
	}
	rc = 0;
done:
	free(names);
	free(t);
	return rc;
}

int wl_gguf_scan_bytes(struct wl_ctx *ctx, const char *member,
		       const unsigned char *data, size_t size)
{
	struct gguf_scan s;
	uint64_t nt, nkv;
	uint32_t v;

	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.member = member;
	s.alignment = 32;
	wl_cur_init(&s.c, data, size);
	if (size < 8 || memcmp(data, "GGUF", 4) != 0) {
		gguf_malformed(&s, 0, "no GGUF header");
		return WL_EFORMAT;
	}
	wl_cur_take(&s.c, 4);
	v = wl_le32(data + 4);
	if (v < 1 || v > 3) {
		/* big-endian files exist (s390x builds): same layout, swapped bytes */
		uint32_t sw = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);

		if (sw < 1 || sw > 3) {
			gguf_malformed(&s, 4, "unsupported version %u", v);
			return WL_EFORMAT;
		}
		s.c.big_endian = 1;
		v = sw;
	}
	wl_cur_take(&s.c, 4);
	s.version = v;
	nt = gguf_count(&s);
	nkv = gguf_count(&s);
	if (s.c.err) {
		gguf_malformed(&s, 8, "file ends inside the header");
		return WL_EFORMAT;
	}
	/* every key/value needs >= 9 bytes, every tensor info >= 20 (version 1) */
	if (nkv > wl_cur_left(&s.c) / 9 || nt > wl_cur_left(&s.c) / 20 ||
	    nkv * 9 + nt * 20 > wl_cur_left(&s.c)) {
		gguf_malformed(&s, 8, "header claims %llu tensors and %llu metadata entries, more than the file holds",
			       (unsigned long long)nt, (unsigned long long)nkv);
		return WL_EFORMAT;
	}
	if (nkv > GGUF_MAX_KV || nt > GGUF_MAX_TENSORS) {
		gguf_limit(&s, 8, nkv > GGUF_MAX_KV ? "metadata entry count" : "tensor count");
		return WL_ELIMIT;
	}
	if (gguf_kvs(&s, nkv))
		return WL_EFORMAT;
	if (gguf_tensors(&s, nt))
		return WL_EFORMAT;
	return WL_OK;
}

static int gguf_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	int rc = wl_gguf_scan_bytes(ctx, NULL, f->data, f->size);

	return rc == WL_EFORMAT || rc == WL_ELIMIT ? 0 : rc;
}

const struct wl_scanner wl_scanner_gguf = {
	.name = "gguf",
	.exts = WL_LIST(".gguf"),
	.content = "gguf",
	.magic = "GGUF",
	.magic_len = 4,
	.scan = gguf_scan,
	.scan_bytes = wl_gguf_scan_bytes,
};
