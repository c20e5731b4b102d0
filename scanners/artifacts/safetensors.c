/*
 * safetensors.c - validate a safetensors file the way its loader would, and
 * stricter: a header that the loader refuses, or that could be read two ways
 * (duplicate keys, overlapping or gapped tensors, bytes no tensor owns), is a
 * file pretending to be something it is not. Never trusts a length it read.
 */
#include "formats.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fmtutil.h"

/* The format's own cap on the header (safetensors MAX_HEADER_SIZE). */
#define ST_MAX_HEADER (100u * 1000u * 1000u)
/* Our cap on what we hand to the JSON parser: far above any real header
 * (a shard with 10k tensors has ~1 MB), far below what would hurt memory. */
#define ST_MAX_PARSE (32u * 1024u * 1024u)
#define ST_MAX_TENSORS 1000000u
#define ST_MAX_DIMS 64
/* Past this many layout issues in one file, summarise the rest. */
#define ST_MAX_REPORTS 8
/* JSON integers are doubles in cJSON: exact up to 2^53, and no offset or
 * dimension of a real file comes near it. */
#define ST_MAX_EXACT 9007199254740992.0

struct st_dtype {
	const char *name;
	unsigned bits;
};

static const struct st_dtype st_dtypes[] = {
	{ "BOOL", 8 }, { "U8", 8 }, { "I8", 8 }, { "F8_E5M2", 8 }, { "F8_E4M3", 8 },
	{ "F8_E8M0", 8 }, { "F4", 4 }, { "F6_E2M3", 6 }, { "F6_E3M2", 6 },
	{ "I16", 16 }, { "U16", 16 }, { "F16", 16 }, { "BF16", 16 },
	{ "I32", 32 }, { "U32", 32 }, { "F32", 32 }, { "C64", 64 },
	{ "F64", 64 }, { "I64", 64 }, { "U64", 64 },
};

struct st_tensor {
	const char *name;
	uint64_t begin, end;
};

struct st_scan {
	struct wl_ctx *ctx;
	const char *member;
	uint64_t header_off; /* file offset of the JSON header (8) */
	unsigned nlayout;    /* layout issues so far */
};

static const struct st_dtype *st_find_dtype(const char *s)
{
	size_t i;

	for (i = 0; i < WL_ARRAY_SIZE(st_dtypes); i++)
		if (strcmp(st_dtypes[i].name, s) == 0)
			return &st_dtypes[i];
	return NULL;
}

static int st_u64(const cJSON *j, uint64_t *out)
{
	double d;

	if (!cJSON_IsNumber(j))
		return -1;
	d = j->valuedouble;
	if (!(d >= 0.0) || d > ST_MAX_EXACT || d != (double)(uint64_t)d)
		return -1;
	*out = (uint64_t)d;
	return 0;
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* First duplicated key among the children of an object, or NULL. */
static const char *st_duplicate_key(const cJSON *obj)
{
	const cJSON *c;
	const char **names;
	const char *dup = NULL;
	size_t n = 0, i;

	for (c = obj->child; c; c = c->next)
		n++;
	if (n < 2)
		return NULL;
	names = wl_malloc(n * sizeof(*names));
	n = 0;
	for (c = obj->child; c; c = c->next)
		names[n++] = c->string ? c->string : "";
	qsort(names, n, sizeof(*names), cmp_str_ptr);
	for (i = 1; i < n && !dup; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			dup = names[i];
	free(names);
	return dup;
}

static void st_invalid(struct st_scan *s, uint64_t off, const char *what, const char *name)
{
	char *disp = name ? wl_fmt_display(name, strlen(name), 80) : NULL;
	char *key = wl_printf_alloc("safetensors:%s", what);

	if (disp)
		wl_format_issue(s->ctx, "safetensors.invalid", "safetensors", s->member, off, key, disp,
				  "safetensors header is invalid: %s (tensor \"%s\")", what, disp);
	else
		wl_format_issue(s->ctx, "safetensors.invalid", "safetensors", s->member, off, key, NULL,
				  "safetensors header is invalid: %s", what);
	free(key);
	free(disp);
}

static void st_layout(struct st_scan *s, uint64_t off, const char *name, const char *fmt, ...)
	WL_PRINTF(4, 5);

static void st_layout(struct st_scan *s, uint64_t off, const char *name, const char *fmt, ...)
{
	char *msg, *disp, *key;
	va_list ap;

	if (++s->nlayout > ST_MAX_REPORTS)
		return;
	va_start(ap, fmt);
	msg = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	disp = name ? wl_fmt_display(name, strlen(name), 80) : wl_strdup("");
	key = wl_printf_alloc("safetensors-layout:%s:%s", disp, msg);
	wl_format_issue(s->ctx, "safetensors.layout", "safetensors", s->member, off, key, name ? disp : NULL,
			  "safetensors layout is inconsistent: %s%s%s%s", msg, name ? " (tensor \"" : "", disp,
			  name ? "\")" : "");
	free(key);
	free(disp);
	free(msg);
}

static int cmp_tensor(const void *a, const void *b)
{
	const struct st_tensor *x = a, *y = b;

	if (x->begin != y->begin)
		return x->begin < y->begin ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return 0;
}

/* Check one tensor entry; fill *t. Returns 0 when its offsets are usable. */
static int st_check_entry(struct st_scan *s, const cJSON *e, struct st_tensor *t)
{
	const cJSON *dtype, *shape, *offs, *d;
	const struct st_dtype *dt;
	const char *dup;
	uint64_t nelem = 1, bits, dim, want;
	int ndims = 0, shape_ok = 1;

	t->name = e->string ? e->string : "";
	if (!cJSON_IsObject(e)) {
		st_invalid(s, s->header_off, "tensor entry is not an object", t->name);
		return -1;
	}
	if ((dup = st_duplicate_key(e)) != NULL) {
		char *what = wl_printf_alloc("duplicate field \"%s\" in a tensor entry", dup);
		st_invalid(s, s->header_off, what, t->name);
		free(what);
	}
	dtype = cJSON_GetObjectItemCaseSensitive(e, "dtype");
	shape = cJSON_GetObjectItemCaseSensitive(e, "shape");
	offs = cJSON_GetObjectItemCaseSensitive(e, "data_offsets");
	if (!cJSON_IsString(dtype) || !cJSON_IsArray(shape) || !cJSON_IsArray(offs)) {
		st_invalid(s, s->header_off, "tensor entry lacks dtype, shape or data_offsets", t->name);
		return -1;
	}
	if (cJSON_GetArraySize(offs) != 2 || st_u64(cJSON_GetArrayItem(offs, 0), &t->begin) ||
	    st_u64(cJSON_GetArrayItem(offs, 1), &t->end)) {
		st_invalid(s, s->header_off, "data_offsets is not a pair of non-negative integers", t->name);
		return -1;
	}
	if (t->end < t->begin) {
		st_layout(s, s->header_off, t->name, "data_offsets end %llu is before begin %llu",
			  (unsigned long long)t->end, (unsigned long long)t->begin);
		return -1;
	}
	dt = st_find_dtype(dtype->valuestring);
	if (!dt) {
		char *disp = wl_fmt_display(dtype->valuestring, strlen(dtype->valuestring), 40);
		char *what = wl_printf_alloc("unknown dtype \"%s\"", disp);
		st_invalid(s, s->header_off, what, t->name);
		free(what);
		free(disp);
		return 0; /* offsets still take part in the layout check */
	}
	cJSON_ArrayForEach(d, shape) {
		if (++ndims > ST_MAX_DIMS || st_u64(d, &dim)) {
			shape_ok = 0;
			break;
		}
		if (wl_mul_u64(nelem, dim, &nelem)) {
			st_layout(s, s->header_off, t->name, "shape element count overflows 64 bits");
			return 0;
		}
	}
	if (!shape_ok) {
		st_invalid(s, s->header_off, "shape is not a list of non-negative integers", t->name);
		return 0;
	}
	if (wl_mul_u64(nelem, dt->bits, &bits)) {
		st_layout(s, s->header_off, t->name, "shape x dtype size overflows 64 bits");
		return 0;
	}
	if (bits % 8) {
		st_layout(s, s->header_off, t->name, "%llu elements of %s do not fill whole bytes",
			  (unsigned long long)nelem, dt->name);
		return 0;
	}
	want = bits / 8;
	if (t->end - t->begin != want)
		st_layout(s, s->header_off, t->name,
			  "data_offsets span %llu bytes but dtype %s x shape needs %llu",
			  (unsigned long long)(t->end - t->begin), dt->name, (unsigned long long)want);
	return 0;
}

static void st_check_metadata(struct st_scan *s, const cJSON *m)
{
	const cJSON *c;
	const char *dup;

	if (!cJSON_IsObject(m)) {
		st_invalid(s, s->header_off, "__metadata__ is not an object", NULL);
		return;
	}
	if ((dup = st_duplicate_key(m)) != NULL) {
		char *what = wl_printf_alloc("duplicate key \"%s\" in __metadata__", dup);
		st_invalid(s, s->header_off, what, NULL);
		free(what);
	}
	cJSON_ArrayForEach(c, m) {
		if (!cJSON_IsString(c)) {
			const char *k = c->string ? c->string : "";
			char *dk = wl_fmt_display(k, strlen(k), 80);
			char *what = wl_printf_alloc("__metadata__ key \"%s\" holds a value that is not a string", dk);

			st_invalid(s, s->header_off, what, NULL);
			free(what);
			free(dk);
			return;
		}
	}
}

int wl_safetensors_scan_bytes(struct wl_ctx *ctx, const char *member,
			      const unsigned char *data, size_t size)
{
	struct st_scan s = { ctx, member, 8, 0 };
	struct st_tensor *tensors = NULL;
	const char *hdr, *end = NULL, *dup;
	size_t ntensors = 0, nentries = 0, i, valid;
	uint64_t n, datalen, expect;
	cJSON *root = NULL, *c;
	int rc = WL_EFORMAT;

	if (size < 8) {
		st_invalid(&s, 0, "file is shorter than the 8-byte header length", NULL);
		return WL_EFORMAT;
	}
	n = wl_le64(data);
	if (n < 8 || n > ST_MAX_HEADER || n > size - 8) {
		char *what = wl_printf_alloc("header length %llu is outside 8..%llu", (unsigned long long)n,
					     (unsigned long long)(size - 8 < ST_MAX_HEADER ? size - 8 : ST_MAX_HEADER));
		st_invalid(&s, 0, what, NULL);
		free(what);
		return WL_EFORMAT;
	}
	hdr = (const char *)data + 8;
	if (hdr[0] != '{') {
		st_invalid(&s, 8, "header does not start with '{'", NULL);
		return WL_EFORMAT;
	}
	valid = wl_utf8_prefix(data + 8, (size_t)n);
	if (valid != n) {
		st_invalid(&s, 8 + valid, "header is not valid UTF-8", NULL);
		return WL_EFORMAT;
	}
	if (memchr(hdr, '\0', (size_t)n)) {
		st_invalid(&s, 8 + (uint64_t)((const char *)memchr(hdr, '\0', (size_t)n) - hdr),
			   "header contains a NUL byte", NULL);
		return WL_EFORMAT;
	}
	if (n > ST_MAX_PARSE) {
		wl_format_issue(ctx, "limit.safetensors-header", "safetensors", member, 8,
			"safetensors-header-size", NULL,
			"safetensors header of %llu bytes is larger than the %u bytes weaklink parses; tensors not verified",
			(unsigned long long)n, ST_MAX_PARSE);
		return WL_ELIMIT;
	}
	root = cJSON_ParseWithLengthOpts(hdr, (size_t)n, &end, 0);
	if (!root) {
		uint64_t at = 8 + (end && end >= hdr && end <= hdr + n ? (uint64_t)(end - hdr) : 0);
		st_invalid(&s, at, "header is not valid JSON", NULL);
		return WL_EFORMAT;
	}
	/* The writer pads with spaces to a multiple of 8; anything else after the
	 * JSON value is a second payload the loader would not see. */
	for (; end && end < hdr + n; end++) {
		if (*end != ' ' && *end != '\t' && *end != '\r' && *end != '\n') {
			st_invalid(&s, 8 + (uint64_t)(end - hdr), "bytes after the JSON header object", NULL);
			goto done;
		}
	}
	if (!cJSON_IsObject(root)) {
		st_invalid(&s, 8, "header is not a JSON object", NULL);
		goto done;
	}
	if ((dup = st_duplicate_key(root)) != NULL) {
		char *disp = wl_fmt_display(dup, strlen(dup), 80);
		char *what = wl_printf_alloc("duplicate key \"%s\" (readers disagree on which one wins)", disp);
		st_invalid(&s, 8, what, NULL);
		free(what);
		free(disp);
	}
	cJSON_ArrayForEach(c, root)
		nentries++;
	if (nentries > ST_MAX_TENSORS) {
		wl_format_issue(ctx, "limit.safetensors-tensors", "safetensors", member, 8,
			"safetensors-tensor-count", NULL,
			"safetensors header lists %zu entries, more than the %u weaklink verifies",
			nentries, ST_MAX_TENSORS);
		rc = WL_ELIMIT;
		goto done;
	}
	tensors = wl_calloc(nentries ? nentries : 1, sizeof(*tensors));
	cJSON_ArrayForEach(c, root) {
		if (c->string && strcmp(c->string, "__metadata__") == 0) {
			st_check_metadata(&s, c);
			continue;
		}
		if (st_check_entry(&s, c, &tensors[ntensors]) == 0)
			ntensors++;
	}

	datalen = (uint64_t)size - 8 - n;
	qsort(tensors, ntensors, sizeof(*tensors), cmp_tensor);
	expect = 0;
	for (i = 0; i < ntensors; i++) {
		const struct st_tensor *t = &tensors[i];

		if (t->end > datalen) {
			st_layout(&s, 8 + n + t->begin, t->name,
				  "tensor bytes %llu..%llu end past the %llu-byte data section",
				  (unsigned long long)t->begin, (unsigned long long)t->end,
				  (unsigned long long)datalen);
		} else if (t->begin < expect) {
			st_layout(&s, 8 + n + t->begin, t->name,
				  "tensor bytes %llu..%llu overlap the previous tensor (ends at %llu)",
				  (unsigned long long)t->begin, (unsigned long long)t->end,
				  (unsigned long long)expect);
		} else if (t->begin > expect) {
			st_layout(&s, 8 + n + expect, t->name,
				  "%llu bytes before this tensor belong to no tensor",
				  (unsigned long long)(t->begin - expect));
		}
		if (t->end > expect)
			expect = t->end;
	}
	if (expect < datalen)
		st_layout(&s, 8 + n + expect, NULL,
			  "%llu bytes after the last tensor belong to no tensor",
			  (unsigned long long)(datalen - expect));
	if (s.nlayout > ST_MAX_REPORTS) {
		wl_format_issue(ctx, "safetensors.layout", "safetensors", member, 8, "safetensors-layout:more",
			NULL, "safetensors layout is inconsistent: %u more problems not listed",
			s.nlayout - ST_MAX_REPORTS);
	}
	rc = WL_OK;
done:
	free(tensors);
	cJSON_Delete(root);
	return rc;
}

/* A little-endian u64 header length that fits, then the header's '{'. */
static int safetensors_sniff(const unsigned char *data, size_t size)
{
	uint64_t n = 0;
	int i;
	if (size < 10)
		return 0;
	for (i = 7; i >= 0; i--)
		n = (n << 8) | data[i];
	return n >= 2 && n <= size - 8 && data[8] == '{';
}

static int safetensors_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	int rc = wl_safetensors_scan_bytes(ctx, NULL, f->data, f->size);

	/* Problems are findings already; only a real failure is an error. */
	return rc == WL_EFORMAT || rc == WL_ELIMIT ? 0 : rc;
}

/* A Git LFS pointer named .safetensors is the normal state of a checkout
 * without LFS, not a broken model; a pickle or archive under this name is
 * the artifact scanner's "extension says X" finding (wl_magic_claimed). */
const struct wl_scanner wl_scanner_safetensors = {
	.name = "safetensors",
	.exts = WL_LIST(".safetensors"),
	.content = "safetensors",
	.sniff = safetensors_sniff,
	.scan = safetensors_scan,
	.scan_bytes = wl_safetensors_scan_bytes,
};
