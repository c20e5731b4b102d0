/*
 * artifact.c - serialized models and their containers: sniff every span
 * (file or member) by content, dispatch through one table, recurse into
 * containers with bounds. Pickles run through the symbolic VM (pickle_vm.c);
 * zips through our lenient reader (zip.c). Scanners here only describe
 * (facts); rules/artifact.c judges. Nothing here ever executes or unpickles,
 * and no limit hit is ever silent.
 */
#include "artifact.h"
#include "formats.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lzma.h>
#include <zlib.h>

#include "pickle_vm.h"
#include "zip.h"

/* ----------------------------------------------------- per-file state */

/*
 * Budgets that span a whole top-level file (decompressed bytes, pickle
 * opcodes). Scanners run one file per thread at a time, so the state is
 * thread-local and lives on the stack of the outermost call.
 */
struct art_state {
	struct wl_ctx *ctx;
	struct wl_artifact_limits lim;
	uint64_t inflated;
	uint64_t ops;
	int ops_reported, budget_reported;
	int model_ext;          /* the file's name says model/pickle/archive of models */
	unsigned pickles_seen;  /* pickle streams scanned so far */
	/* one import fact per (file, global), flags merged over every pickle
	 * of the file; emitted when the file is done */
	struct file_import *imps;
	size_t nimps, aimps;
	unsigned sinks;         /* serial of pickle streams, for `places` */
	int imps_reported;
};

struct file_import {
	struct wl_pickle_import *f;
	unsigned last_sink;
};

static _Thread_local struct art_state *cur;

static uint64_t cfg_u64(struct wl_ctx *ctx, const char *key, uint64_t def)
{
	const char *s = wl_config_str(wl_ctx_config(ctx), key);
	uint64_t v = 0;
	if (!s || !*s)
		return def;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > UINT64_MAX / 10 - 10)
			return def;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s == 'k' || *s == 'K')
		v <<= 10;
	else if (*s == 'm' || *s == 'M')
		v <<= 20;
	else if (*s == 'g' || *s == 'G')
		v <<= 30;
	return v ? v : def;
}

static void state_init(struct art_state *st, struct wl_ctx *ctx)
{
	memset(st, 0, sizeof(*st));
	st->ctx = ctx;
	st->lim.max_depth = (int)cfg_u64(ctx, "artifact.max_depth", 4);
	st->lim.max_members = (size_t)cfg_u64(ctx, "artifact.max_members", 100000);
	st->lim.max_inflated = cfg_u64(ctx, "artifact.max_inflated", (uint64_t)512 << 20);
	st->lim.max_total_inflated = cfg_u64(ctx, "artifact.max_total_inflated", (uint64_t)2 << 30);
	st->lim.max_ratio = cfg_u64(ctx, "artifact.max_ratio", 200);
	st->lim.max_ops = cfg_u64(ctx, "artifact.max_pickle_ops", (uint64_t)1 << 28);
	st->model_ext = 1; /* unknown name (a member handed in by another scanner): assume it matters */
}

const struct wl_artifact_limits *wl_artifact_limits(struct wl_ctx *ctx)
{
	(void)ctx;
	return cur ? &cur->lim : NULL;
}

const char *wl_artifact_member_path(struct wl_ctx *ctx, const char *outer, const char *inner)
{
	if (!outer || !*outer)
		return wl_ctx_strdup(ctx, inner ? inner : "");
	if (!inner || !*inner)
		return wl_ctx_strdup(ctx, outer);
	return wl_ctx_printf(ctx, "%s!%s", outer, inner);
}

static const struct wl_loc whole_file = { NULL, 0, 0, 0, 0 };

void wl_artifact_issue(struct wl_ctx *ctx, const struct wl_artifact_span *span, uint64_t offset,
		       const char *kind, const char *subject, const char *fmt, ...)
{
	struct wl_artifact *a = wl_ctx_alloc(ctx, sizeof(*a));
	va_list ap;
	char *s;
	memset(a, 0, sizeof(*a));
	a->where.member = wl_ctx_strdup(ctx, span && span->member ? span->member : "");
	a->where.offset = offset;
	a->where.file_offset = span && span->file_offset != UINT64_MAX ? span->file_offset + offset : UINT64_MAX;
	a->where.format = span && span->container ? span->container : NULL;
	a->kind = kind;
	a->subject = wl_ctx_strdup(ctx, subject ? subject : "");
	va_start(ap, fmt);
	s = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	a->detail = wl_ctx_strdup(ctx, s);
	free(s);
	wl_fact_emit(ctx, WL_FACT_ARTIFACT, &whole_file, a);
}

int wl_artifact_budget_take(struct wl_ctx *ctx, uint64_t n)
{
	(void)ctx;
	if (!cur)
		return 0;
	if (n > cur->lim.max_total_inflated || cur->inflated > cur->lim.max_total_inflated - n)
		return -1;
	cur->inflated += n;
	return 0;
}

static const struct wl_artifact_format *find_format(enum wl_magic m, const struct wl_artifact_span *s);

/* ------------------------------------------------------------ pickles */

struct pk_sink {
	struct wl_ctx *ctx;
	const struct wl_artifact_span *span;
	const char *format;
	unsigned serial;
};

#define PK_MAX_DISTINCT_IMPORTS 4096

/* What decides a verdict: a later occurrence that runs or hands on the
 * import is the one a reader needs to see. */
#define PKI_WEIGHTY (WL_PKI_INVOKED | WL_PKI_ESCAPED | WL_PKI_MUTATED)

static void fill_import(struct pk_sink *s, struct wl_pickle_import *f, const struct wl_pickle_import_info *i)
{
	struct wl_ctx *ctx = s->ctx;
	f->where.member = wl_ctx_strdup(ctx, s->span->member ? s->span->member : "");
	f->where.offset = i->offset;
	f->where.file_offset = s->span->file_offset != UINT64_MAX ? s->span->file_offset + i->offset : UINT64_MAX;
	f->where.format = s->format;
	f->opcode = i->opcode;
	f->call_opcode = i->call_opcode;
	f->pickle_index = i->pickle_index;
	f->protocol = i->protocol;
}

static void emit_imports(struct art_state *st)
{
	size_t k;
	for (k = 0; k < st->nimps; k++)
		wl_fact_emit(st->ctx, WL_FACT_PICKLE_IMPORT, &whole_file, st->imps[k].f);
	free(st->imps);
	st->imps = NULL;
	st->nimps = st->aimps = 0;
}

static void pk_on_import(void *opaque, const struct wl_pickle_import_info *i)
{
	struct pk_sink *s = opaque;
	struct wl_ctx *ctx = s->ctx;
	struct wl_pickle_import *f;
	size_t k;
	if (cur && cur->ctx == ctx) {
		for (k = 0; k < cur->nimps; k++) {
			struct file_import *fi = &cur->imps[k];
			f = fi->f;
			if (strcmp(f->module, i->module) || strcmp(f->name, i->name))
				continue;
			if ((i->flags & PKI_WEIGHTY) & ~(f->flags & PKI_WEIGHTY))
				fill_import(s, f, i); /* point at the occurrence that matters */
			else if (!f->call_opcode && i->call_opcode)
				f->call_opcode = i->call_opcode;
			f->flags |= i->flags;
			f->count += i->count;
			if (fi->last_sink != s->serial) {
				fi->last_sink = s->serial;
				f->places++;
			}
			return;
		}
		if (cur->nimps >= PK_MAX_DISTINCT_IMPORTS) {
			if (!cur->imps_reported++)
				wl_artifact_issue(ctx, s->span, i->offset, "limit.pickle", "imports",
						  "more than %d distinct imports in this file's pickles; the rest are not reported",
						  PK_MAX_DISTINCT_IMPORTS);
			return;
		}
	}
	f = wl_ctx_alloc(ctx, sizeof(*f));
	memset(f, 0, sizeof(*f));
	fill_import(s, f, i);
	f->module = wl_ctx_strdup(ctx, i->module);
	f->name = wl_ctx_strdup(ctx, i->name);
	f->raw_module = wl_ctx_strdup(ctx, i->raw_module);
	f->raw_name = wl_ctx_strdup(ctx, i->raw_name);
	f->flags = i->flags;
	f->count = i->count;
	f->places = 1;
	if (cur && cur->ctx == ctx) {
		cur->imps = wl_grow(cur->imps, &cur->aimps, cur->nimps + 1, sizeof(*cur->imps));
		cur->imps[cur->nimps].f = f;
		cur->imps[cur->nimps++].last_sink = s->serial;
		return;
	}
	wl_fact_emit(ctx, WL_FACT_PICKLE_IMPORT, &whole_file, f);
}

static void pk_on_issue(void *opaque, const struct wl_pickle_issue *is)
{
	static const char *const kinds[WL_PICKLE_ISSUE__COUNT] = {
		"pickle.broken", "pickle.nonconst", "pickle.ext", "pickle.frame",
		"limit.pickle", "pickle.trailing", "pickle.junk", "pickle.mutation",
	};
	struct pk_sink *s = opaque;
	const char *kind = (unsigned)is->kind < WL_PICKLE_ISSUE__COUNT ? kinds[is->kind] : "pickle.broken";
	wl_artifact_issue(s->ctx, s->span, is->offset, kind, kind, "%s", is->detail);
}

/* Scan the pickle at span->data + start; offsets stay relative to the span
 * (the member), so they match what a hex editor shows for that member. */
int wl_artifact_scan_pickle_at(struct wl_ctx *ctx, const struct wl_artifact_span *span, size_t start, int mode)
{
	struct pk_sink sink = { ctx, span, mode == WL_PICKLE_MODE_TORCH_LEGACY ? "torch-legacy" : "pickle", 0 };
	struct wl_pickle_callbacks cb = { &sink, pk_on_import, pk_on_issue };
	struct wl_pickle_limits lim;
	struct wl_pickle_summary sum;
	wl_pickle_limits_default(&lim);
	lim.max_memo = (size_t)cfg_u64(ctx, "artifact.max_pickle_memo", lim.max_memo);
	if (cur) {
		if (cur->ops >= cur->lim.max_ops) {
			if (!cur->ops_reported)
				wl_artifact_issue(ctx, span, 0, "limit.pickle", "max_pickle_ops",
						  "pickle opcode budget of %llu for this file is spent; this pickle was not checked",
						  (unsigned long long)cur->lim.max_ops);
			cur->ops_reported = 1;
			return WL_ELIMIT;
		}
		lim.max_ops = cur->lim.max_ops - cur->ops;
	}
	if (span->container && mode != WL_PICKLE_MODE_TORCH_LEGACY)
		sink.format = span->container;
	if (cur)
		sink.serial = ++cur->sinks;
	wl_pickle_scan(span->data + start, span->size - start, start, (enum wl_pickle_mode)mode, &lim, &cb, &sum);
	if (cur) {
		cur->pickles_seen++;
		cur->ops += sum.ops;
		if (sum.limited && sum.ops >= lim.max_ops)
			cur->ops_reported = 1;
	}
	return 0;
}

int wl_artifact_scan_pickle(struct wl_ctx *ctx, const struct wl_artifact_span *span, int mode)
{
	return wl_artifact_scan_pickle_at(ctx, span, 0, mode);
}

/* Protocol-0/1 pickles have no header: run the VM briefly to decide. A span
 * counts as a pickle when it runs to STOP (covering the whole span, or
 * importing something), or imports something before breaking. */
static int pickle_v0_like(const unsigned char *data, size_t size, int strict)
{
	return wl_pickle_looks_like(data, size, strict);
}

static int forced_pickle_member(const char *member);

static int match_pickle(enum wl_magic m, const struct wl_artifact_span *s)
{
	if (m == WL_MAGIC_PICKLE)
		return 1;
	if (m == WL_MAGIC_TEXT || m == WL_MAGIC_UNKNOWN)
		/* a member only pickle.load reads (data.pkl of a torch zip) is
		 * parsed whatever it holds, failing closed, like such a file */
		return forced_pickle_member(s->member) || pickle_v0_like(s->data, s->size, m == WL_MAGIC_TEXT);
	return 0;
}

static int scan_pickle_fmt(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	return wl_artifact_scan_pickle(ctx, s, WL_PICKLE_MODE_PLAIN);
}

/* torch's legacy magic number (a LONG1) as the first object of the first
 * pickle, whatever the protocol (torch.save(pickle_protocol=4) frames it). */
static int torch_legacy_magic(const unsigned char *d, size_t n)
{
	static const unsigned char magic[] = { 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19 };
	size_t at = 2;
	if (n < 2 || d[0] != 0x80 || d[1] < 2 || d[1] > 5)
		return 0;
	if (n > 11 && d[2] == 0x95)
		at = 11;
	return n >= at + sizeof(magic) && !memcmp(d + at, magic, sizeof(magic));
}

static int match_torch_legacy(enum wl_magic m, const struct wl_artifact_span *s)
{
	return m == WL_MAGIC_TORCH_LEGACY || (m == WL_MAGIC_PICKLE && torch_legacy_magic(s->data, s->size));
}

static int scan_torch_legacy(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	struct wl_artifact_span t = *s;
	t.container = "torch-legacy";
	return wl_artifact_scan_pickle(ctx, &t, WL_PICKLE_MODE_TORCH_LEGACY);
}

/* --------------------------------------------------- decompression */

enum codec { C_ZLIB, C_GZIP, C_BZ2, C_XZ, C_LZMA };

/* xz/lzma decoders may allocate up to this for their dictionary */
#define LZMA_MEMLIMIT ((uint64_t)256 << 20)

/*
 * Decompress a whole stream into memory, bounded by the member limit, the
 * ratio limit and the per-file budget. Returns the buffer (free()) and sets
 * *why to a static reason when it stopped early (the bytes so far are kept).
 */
static unsigned char *decompress(enum codec c, const unsigned char *in, size_t inlen, uint64_t max,
				 uint64_t ratio, size_t *outlen, const char **why)
{
	size_t cap = 1 << 16, len = 0;
	unsigned char *buf = wl_malloc(cap);
	*why = NULL;
	if (max > SIZE_MAX / 2)
		max = SIZE_MAX / 2;
	/* GROW: make room or stop at the cap (a `break` out of the codec loop,
	 * so each codec still releases its stream) */
#define GROW() if (len == cap) { if (len >= max) { *why = "size"; break; } \
	cap = cap * 2 > max ? (size_t)max : cap * 2; buf = wl_realloc(buf, cap); }
#define RATIO(total_in) if (ratio && len > (1u << 20) && (total_in) && len / (total_in) > ratio) { \
	*why = "ratio"; break; }
	if (c == C_ZLIB || c == C_GZIP) {
		z_stream zs;
		int rc;
		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, c == C_GZIP ? 31 : 15) != Z_OK) {
			*why = "corrupt";
			goto out;
		}
		zs.next_in = (unsigned char *)(uintptr_t)in;
		zs.avail_in = (uInt)(inlen > UINT32_MAX ? UINT32_MAX : inlen);
		for (;;) {
			GROW();
			zs.next_out = buf + len;
			zs.avail_out = (uInt)((cap - len) > UINT32_MAX ? UINT32_MAX : (cap - len));
			rc = inflate(&zs, Z_NO_FLUSH);
			len = (size_t)(zs.next_out - buf);
			if (rc == Z_STREAM_END) {
				/* gzip members may be concatenated */
				if (c == C_GZIP && zs.avail_in >= 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
					inflateReset(&zs);
					continue;
				}
				break;
			}
			if (rc != Z_OK && rc != Z_BUF_ERROR) {
				*why = "corrupt";
				break;
			}
			if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
				*why = "truncated";
				break;
			}
			if (len / 1 > (1u << 20) && zs.total_in && len / zs.total_in > ratio && ratio) {
				*why = "ratio";
				break;
			}
		}
		inflateEnd(&zs);
	} else if (c == C_BZ2) {
		bz_stream bs;
		int rc;
		memset(&bs, 0, sizeof(bs));
		if (BZ2_bzDecompressInit(&bs, 0, 0) != BZ_OK) {
			*why = "corrupt";
			goto out;
		}
		bs.next_in = (char *)(uintptr_t)in;
		bs.avail_in = (unsigned)(inlen > UINT32_MAX ? UINT32_MAX : inlen);
		for (;;) {
			uint64_t tin;
			GROW();
			bs.next_out = (char *)buf + len;
			bs.avail_out = (unsigned)((cap - len) > UINT32_MAX ? UINT32_MAX : (cap - len));
			rc = BZ2_bzDecompress(&bs);
			len = (size_t)((unsigned char *)bs.next_out - buf);
			if (rc == BZ_STREAM_END)
				break;
			if (rc != BZ_OK) {
				*why = "corrupt";
				break;
			}
			if (bs.avail_in == 0 && bs.avail_out != 0) {
				*why = "truncated";
				break;
			}
			tin = ((uint64_t)bs.total_in_hi32 << 32) | bs.total_in_lo32;
			if (ratio && len > (1u << 20) && tin && len / tin > ratio) {
				*why = "ratio";
				break;
			}
		}
		BZ2_bzDecompressEnd(&bs);
	} else {
		lzma_stream ls = LZMA_STREAM_INIT;
		lzma_ret rc;
		/* the header chooses the dictionary size: cap what it may allocate */
		if ((c == C_XZ ? lzma_stream_decoder(&ls, LZMA_MEMLIMIT, LZMA_CONCATENATED)
			       : lzma_alone_decoder(&ls, LZMA_MEMLIMIT)) != LZMA_OK) {
			*why = "corrupt";
			goto out;
		}
		ls.next_in = in;
		ls.avail_in = inlen;
		for (;;) {
			GROW();
			ls.next_out = buf + len;
			ls.avail_out = cap - len;
			rc = lzma_code(&ls, ls.avail_in ? LZMA_RUN : LZMA_FINISH);
			len = (size_t)(ls.next_out - buf);
			if (rc == LZMA_STREAM_END)
				break;
			if (rc != LZMA_OK) {
				*why = rc == LZMA_BUF_ERROR ? "truncated" : rc == LZMA_MEMLIMIT_ERROR ? "memlimit" : "corrupt";
				break;
			}
			RATIO(ls.total_in);
		}
		lzma_end(&ls);
	}
out:
#undef GROW
#undef RATIO
	*outlen = len;
	return buf;
}

static int match_compressed(enum wl_magic m, const struct wl_artifact_span *s)
{
	(void)s;
	return m == WL_MAGIC_ZLIB || m == WL_MAGIC_GZIP || m == WL_MAGIC_BZIP2 || m == WL_MAGIC_XZ ||
	       m == WL_MAGIC_LZMA || (s->size > 24 && !memcmp(s->data, "ZF0x", 4));
}

static int scan_compressed(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	enum wl_magic m = wl_sniff(s->data, s->size);
	enum codec c = C_ZLIB;
	const char *name = "zlib", *why;
	size_t skip = 0, outlen;
	unsigned char *out;
	uint64_t max = cur ? cur->lim.max_inflated : (uint64_t)512 << 20;
	uint64_t ratio = cur ? cur->lim.max_ratio : 200;
	struct wl_artifact_span t;
	int rc;
	switch (m) {
	case WL_MAGIC_GZIP: c = C_GZIP; name = "gzip"; break;
	case WL_MAGIC_BZIP2: c = C_BZ2; name = "bz2"; break;
	case WL_MAGIC_XZ: c = C_XZ; name = "xz"; break;
	case WL_MAGIC_LZMA: c = C_LZMA; name = "lzma"; break;
	default:
		if (s->size > 24 && !memcmp(s->data, "ZF0x", 4)) {
			/* joblib < 0.10: "ZF" + hex length, then a zlib stream */
			const unsigned char *z = memchr(s->data + 4, 0x78, s->size - 4 < 40 ? s->size - 4 : 40);
			if (!z) {
				wl_artifact_issue(ctx, s, 0, "container.unverifiable", "joblib-zf",
						  "old joblib compressed file without a zlib stream: cannot verify");
				return WL_EFORMAT;
			}
			skip = (size_t)(z - s->data);
			name = "joblib-zf";
		}
		break;
	}
	if (cur && cur->inflated >= cur->lim.max_total_inflated) {
		wl_artifact_issue(ctx, s, 0, "limit.inflate", "max_total_inflated",
				  "%s stream not decompressed: the %llu-byte decompression budget for this file is spent",
				  name, (unsigned long long)cur->lim.max_total_inflated);
		return WL_ELIMIT;
	}
	if (cur && max > cur->lim.max_total_inflated - cur->inflated)
		max = cur->lim.max_total_inflated - cur->inflated;
	/* a head first: a .csv.gz is not worth inflating, a pickle is */
	out = decompress(c, s->data + skip, s->size - skip, max < 65536 ? max : 65536, 0, &outlen, &why);
	if (why && !strcmp(why, "size")) {
		struct wl_artifact_span h = *s;
		h.data = out;
		h.size = outlen;
		h.file_offset = UINT64_MAX;
		enum wl_magic hm = wl_sniff(out, outlen);
		/* a compressed tarball under a dataset name (.tar.gz, .tgz) is
		 * data: only inflate it whole when the name says model */
		if (!find_format(hm, &h) || (hm == WL_MAGIC_TAR && cur && !cur->model_ext)) {
			free(out);
			return 0;
		}
		free(out);
		out = decompress(c, s->data + skip, s->size - skip, max, ratio, &outlen, &why);
	}
	if (cur)
		cur->inflated += outlen;
	if (why && !strcmp(why, "size"))
		wl_artifact_issue(ctx, s, 0, "limit.inflate", "max_inflated",
				  "%s stream decompresses to more than %llu bytes; only the first %zu were checked", name,
				  (unsigned long long)max, outlen);
	else if (why && !strcmp(why, "memlimit"))
		wl_artifact_issue(ctx, s, 0, "limit.inflate", "lzma-memlimit",
				  "%s stream asks for a dictionary larger than %llu MiB; it was not decompressed", name,
				  (unsigned long long)(LZMA_MEMLIMIT >> 20));
	else if (why && !strcmp(why, "ratio"))
		wl_artifact_issue(ctx, s, 0, "limit.ratio", "max_ratio",
				  "%s stream expands more than %llu times (decompression bomb?); only the first %zu bytes were checked",
				  name, (unsigned long long)ratio, outlen);
	else if (why)
		wl_artifact_issue(ctx, s, 0, "container.corrupt", name,
				  "%s stream is %s after %zu decompressed bytes; the rest cannot be verified", name, why, outlen);
	t.member = wl_artifact_member_path(ctx, s->member, wl_ctx_printf(ctx, "<%s>", name));
	t.data = out;
	t.size = outlen;
	t.file_offset = UINT64_MAX;
	t.depth = s->depth + 1;
	t.container = name;
	rc = outlen ? wl_artifact_scan_span(ctx, &t) : 0;
	free(out);
	return rc;
}

/* ------------------------------------------------------------- zips */

static int match_zip(enum wl_magic m, const struct wl_artifact_span *s)
{
	(void)s;
	return m == WL_MAGIC_ZIP;
}

static int is_torch_zip(const struct wl_zip *z)
{
	size_t i;
	for (i = 0; i < z->count; i++) {
		const char *n = z->entries[i].name;
		size_t l = strlen(n);
		if ((l >= 9 && !strcmp(n + l - 9, "/data.pkl")) || !strcmp(n, "data.pkl"))
			return 1;
	}
	return 0;
}

/*
 * torch.load never unpickles a storage, and weights are arbitrary bytes: only
 * a real embedded pickle (it imports a plausible name and runs to STOP or
 * calls it), a zip that opens, or a 7z signature is worth a look.
 */
static int storage_worth_scanning(enum wl_magic m, const unsigned char *p, size_t n)
{
	if (m == WL_MAGIC_PICKLE || m == WL_MAGIC_TORCH_LEGACY) {
		struct wl_pickle_probe_result r;
		wl_pickle_probe(p, n, (uint64_t)1 << 20, &r);
		return r.imports && (r.stopped || r.called);
	}
	if (m == WL_MAGIC_ZIP) {
		struct wl_zip z;
		int ok;
		if (wl_zip_open(&z, p, n, 16) != 0)
			return 0;
		ok = z.count > 0 && !(z.anomalies & WL_ZIP_A_NO_CD);
		wl_zip_close(&z);
		return ok;
	}
	return m == WL_MAGIC_7Z;
}

/* Tensor storages of a torch zip ("<root>/data/<digits>") are raw numbers:
 * never probe them for headerless pickles (no pattern-matching in weights). */
static int is_torch_storage(const char *name)
{
	const char *p = strstr(name, "/data/");
	if (!p)
		return 0;
	p += 6;
	if (!*p)
		return 0;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}


/*
 * Zip anomalies are buffered and reported only when the archive matters for
 * models: a torch zip, a model-ish file name, or a pickle found inside. A
 * .jar, .docx or self-extracting installer stays quiet unless it hides one.
 */
struct pending_issue {
	uint64_t offset;
	const char *kind, *subject;
	char *detail;
};

struct pending {
	struct wl_ctx *ctx;
	const struct wl_artifact_span *span;
	struct pending_issue *v;
	size_t n, alloc;
};

static void pend(struct pending *p, uint64_t offset, const char *kind, const char *subject, const char *fmt, ...)
	WL_PRINTF(5, 6);

static void pend(struct pending *p, uint64_t offset, const char *kind, const char *subject, const char *fmt, ...)
{
	va_list ap;
	p->v = wl_grow(p->v, &p->alloc, p->n + 1, sizeof(*p->v));
	p->v[p->n].offset = offset;
	p->v[p->n].kind = kind;
	p->v[p->n].subject = subject;
	va_start(ap, fmt);
	p->v[p->n].detail = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	p->n++;
}

static void pending_flush(struct pending *p, int emit)
{
	size_t i;
	for (i = 0; i < p->n; i++) {
		if (emit)
			wl_artifact_issue(p->ctx, p->span, p->v[i].offset, p->v[i].kind, p->v[i].subject, "%s",
					  p->v[i].detail);
		free(p->v[i].detail);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = 0;
}

static void zip_entry_issues(struct pending *z, const struct wl_zip_entry *e, const char *mpath)
{
	if (e->anomalies & WL_ZIP_BAD_LOCAL)
		pend(z, e->local_offset, "zip.bad-local-header", mpath,
				  "zip member '%s': no local header at offset %llu; its data cannot be read", mpath,
				  (unsigned long long)e->local_offset);
	if (e->anomalies & WL_ZIP_NAME_MISMATCH)
		pend(z, e->local_offset, "zip.name-mismatch", mpath,
				  "zip member '%s' is named '%s' in its local header (central directory and local header disagree)",
				  e->name, e->local_name ? e->local_name : "");
	if (e->anomalies & (WL_ZIP_FLAGS_MISMATCH | WL_ZIP_ODD_FLAGS))
		pend(z, e->local_offset, "zip.flags", mpath,
				  "zip member '%s' has tampered general-purpose flags (central 0x%04x, local 0x%04x)", e->name,
				  e->flags, e->local_flags);
	if (e->anomalies & WL_ZIP_DUPLICATE)
		pend(z, e->local_offset, "zip.duplicate", mpath,
				  "zip member name '%s' appears more than once; loaders disagree on which copy they read",
				  e->name);
	if (e->anomalies & WL_ZIP_TRUNCATED)
		pend(z, e->data_offset, "zip.truncated", mpath,
				  "zip member '%s' runs past the end of the file", e->name);
	if (e->anomalies & WL_ZIP_SIZE_MISMATCH)
		pend(z, e->local_offset, "zip.size-mismatch", mpath,
				  "zip member '%s': local header sizes differ from the central directory", e->name);
	if (e->anomalies & WL_ZIP_UNSAFE_NAME)
		pend(z, e->local_offset, "zip.unsafe-name", mpath,
				  "zip member name '%s' is absolute or climbs out of the archive", e->name);
}

static int scan_zip(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	struct wl_zip z;
	size_t i, maxm = cur ? cur->lim.max_members : 100000;
	int torch, relevant;
	const char *kind;
	struct pending pd = { ctx, s, NULL, 0, 0 };
	unsigned pickles_before = cur ? cur->pickles_seen : 0;
	if (wl_zip_open(&z, s->data, s->size, maxm) != 0) {
		if (!cur || cur->model_ext || s->depth > 0)
			wl_artifact_issue(ctx, s, 0, "container.corrupt", "zip",
					  "zip archive has neither a central directory nor local headers; it cannot be verified");
		return WL_EFORMAT;
	}
	torch = is_torch_zip(&z);
	kind = torch ? "torch-zip" : s->container && !strcmp(s->container, "npz") ? "npz" : "zip";
	if (z.anomalies & WL_ZIP_A_PREFIX)
		pend(&pd, 0, "zip.prefix", "prefix",
				  "%llu bytes of other data precede the zip archive (readers that seek to the central directory still load it)",
				  (unsigned long long)z.prefix);
	if (z.anomalies & WL_ZIP_A_NO_CD)
		pend(&pd, 0, "zip.no-central-directory", "central-directory",
				  "zip archive has no usable central directory; %zu members were recovered from local headers",
				  z.count);
	if (z.anomalies & WL_ZIP_A_COUNT)
		pend(&pd, 0, "zip.count-mismatch", "count",
				  "zip end record announces a different member count than the %zu found", z.count);
	if (z.anomalies & WL_ZIP_A_CD_TRUNCATED)
		pend(&pd, 0, "zip.truncated", "central-directory",
				  "zip central directory is cut short after %zu members", z.count);
	if (z.anomalies & WL_ZIP_A_TOO_MANY)
		pend(&pd, 0, "limit.members", "max_members",
				  "zip archive has more than %zu members; the rest were not checked", maxm);
	for (i = 0; i < z.count; i++) {
		const struct wl_zip_entry *e = &z.entries[i];
		const char *mpath = wl_artifact_member_path(ctx, s->member, e->name);
		struct wl_zip_data d;
		struct wl_artifact_span m;
		enum wl_magic mm;
		uint64_t max = cur ? cur->lim.max_inflated : (uint64_t)512 << 20;
		size_t nl = strlen(e->name);
		zip_entry_issues(&pd, e, mpath);
		if (nl && e->name[nl - 1] == '/' && e->size == 0)
			continue; /* a directory */
		if (e->anomalies & WL_ZIP_METHOD) {
			pend(&pd, e->local_offset, "container.unverifiable", mpath,
					  "zip member '%s' uses compression method %u, which cannot be verified", mpath,
					  e->method);
			continue;
		}
		if (e->anomalies & WL_ZIP_BAD_LOCAL)
			continue;
		/* sniff a head first: only inflate whole members someone would parse */
		if (e->method == 8) {
			if (wl_zip_read(&z, e, max < 65536 ? max : 65536, 0, &d) != 0)
				continue;
			m.data = d.ptr;
			m.size = d.len;
			mm = wl_sniff(d.ptr, d.len);
			m.member = mpath;
			m.file_offset = UINT64_MAX;
			m.depth = s->depth + 1;
			m.container = torch ? "torch-zip" : kind;
			if (d.len && (find_format(mm, &m) || (e->anomalies & WL_ZIP_ENCRYPTED)) && d.truncated) {
				wl_zip_data_release(&d);
				if (cur && max > cur->lim.max_total_inflated - cur->inflated)
					max = cur->lim.max_total_inflated - cur->inflated;
				if (wl_zip_read(&z, e, max, cur ? cur->lim.max_ratio : 200, &d) != 0)
					continue;
				if (cur)
					cur->inflated += d.len;
				if (d.truncated)
					pend(&pd, e->local_offset, "limit.inflate", mpath,
							  "zip member '%s' inflates to more than %llu bytes; only the first %zu were checked",
							  mpath, (unsigned long long)max, d.len);
				if (d.limit_ratio)
					pend(&pd, e->local_offset, "limit.ratio", mpath,
							  "zip member '%s' expands more than %llu times (decompression bomb?); only the first %zu bytes were checked",
							  mpath, (unsigned long long)(cur ? cur->lim.max_ratio : 200), d.len);
			}
		} else {
			if (wl_zip_read(&z, e, UINT64_MAX, 0, &d) != 0)
				continue;
		}
		if (d.corrupt && !d.truncated)
			pend(&pd, e->data_offset, "container.corrupt", mpath,
					  "zip member '%s' has a corrupt deflate stream after %zu bytes; the rest cannot be verified",
					  mpath, d.len);
		mm = wl_sniff(d.ptr, d.len);
		if (d.crc_checked && !d.crc_ok && !((e->anomalies & WL_ZIP_ENCRYPTED) && mm == WL_MAGIC_UNKNOWN))
			pend(&pd, e->local_offset, "zip.bad-crc", mpath,
					  "zip member '%s' fails its CRC-32 check (Python's zipfile refuses it; PyTorch loads it)",
					  mpath);
		m.member = mpath;
		m.data = d.ptr;
		m.size = d.len;
		m.file_offset = e->method == 0 ? s->file_offset == UINT64_MAX ? UINT64_MAX : s->file_offset + e->data_offset
					       : UINT64_MAX;
		m.depth = s->depth + 1;
		m.container = torch ? "torch-zip" : kind;
		if (e->anomalies & WL_ZIP_ENCRYPTED) {
			if (!find_format(mm, &m) || mm == WL_MAGIC_UNKNOWN)
				pend(&pd, e->local_offset, "container.encrypted", mpath,
						  "zip member '%s' is encrypted; its content cannot be verified", mpath);
			else if (!(e->anomalies & (WL_ZIP_FLAGS_MISMATCH | WL_ZIP_ODD_FLAGS)))
				pend(&pd, e->local_offset, "zip.flags", mpath,
						  "zip member '%s' is flagged as encrypted but holds readable %s (tampered flags: Python's zipfile refuses it, PyTorch loads it)",
						  mpath, wl_magic_name(mm));
		}
		if (torch && is_torch_storage(e->name) && !storage_worth_scanning(mm, d.ptr, d.len)) {
			wl_zip_data_release(&d);
			continue;
		}
		if (d.len)
			wl_artifact_scan_span(ctx, &m);
		wl_zip_data_release(&d);
	}
	relevant = torch || !cur || cur->model_ext || cur->pickles_seen > pickles_before;
	pending_flush(&pd, relevant);
	wl_zip_close(&z);
	return 0;
}

/* -------------------------------------------------- cannot verify */

static int match_unverifiable(enum wl_magic m, const struct wl_artifact_span *s)
{
	(void)s;
	return m == WL_MAGIC_7Z || m == WL_MAGIC_RAR || m == WL_MAGIC_LZ4 || m == WL_MAGIC_ZSTD;
}

static int scan_unverifiable(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	const char *what = wl_magic_name(wl_sniff(s->data, s->size));
	wl_artifact_issue(ctx, s, 0, "container.unverifiable", what,
			  "%s container: weaklink cannot look inside it, so a pickle in it would go unchecked", what);
	return 0;
}

/* ------------------------------------------- the scanner table's formats */

/* A container member for a scanner of the table (engine.h: scan_bytes):
 * one whose content carries the scanner's signature, or a text member whose
 * base name it lists (a .keras archive's config.json). Top-level files reach
 * those scanners through the engine instead, so nothing is scanned twice. */
static const struct wl_scanner *member_scanner(enum wl_magic m, const struct wl_artifact_span *s)
{
	const struct wl_scanner *fmt;
	const char *name, *bang;
	size_t i;
	if (s->depth == 0)
		return NULL;
	fmt = wl_magic_format(m);
	if (fmt)
		return fmt->scan_bytes ? fmt : NULL;
	if (m != WL_MAGIC_TEXT || !s->member)
		return NULL;
	bang = strrchr(s->member, '!');
	name = bang ? bang + 1 : s->member;
	for (i = 0; wl_scanners[i]; i++) {
		const char *const *n;
		for (n = wl_scanners[i]->member_names; n && *n; n++)
			if (wl_scanners[i]->scan_bytes && strcmp(*n, name) == 0)
				return wl_scanners[i];
	}
	return NULL;
}

static int match_registered(enum wl_magic m, const struct wl_artifact_span *s)
{
	return member_scanner(m, s) != NULL;
}

static int scan_registered(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	const struct wl_scanner *fmt = member_scanner(wl_sniff(s->data, s->size), s);
	return fmt ? fmt->scan_bytes(ctx, s->member && *s->member ? s->member : NULL, s->data, s->size) : 0;
}

/* ------------------------------------------------------ the table */

/*
 * One line per content handler, first match wins. Formats from other
 * modules (safetensors, gguf, hdf5/keras, ...) add their line here.
 */
static const struct wl_artifact_format formats[] = {
	{ "torch-legacy", match_torch_legacy, scan_torch_legacy },
	{ "zip", match_zip, scan_zip },
	{ "npy", wl_artifact_match_npy, wl_artifact_scan_npy },
	{ "compressed", match_compressed, scan_compressed },
	{ "tar", wl_artifact_match_tar, wl_artifact_scan_tar },
	{ "unverifiable", match_unverifiable, scan_unverifiable },
	{ "registered", match_registered, scan_registered },
	{ "pickle", match_pickle, scan_pickle_fmt },
	{ NULL, NULL, NULL },
};

static const struct wl_artifact_format *find_format(enum wl_magic m, const struct wl_artifact_span *s)
{
	const struct wl_artifact_format *f;
	for (f = formats; f->name; f++)
		if (f->match(m, s))
			return f;
	return NULL;
}

int wl_artifact_scan_span(struct wl_ctx *ctx, const struct wl_artifact_span *span)
{
	struct art_state local;
	const struct wl_artifact_format *f;
	enum wl_magic m;
	int rc = 0, own = 0;
	if (!cur || cur->ctx != ctx) {
		state_init(&local, ctx);
		cur = &local;
		own = 1;
	}
	if (span->depth > cur->lim.max_depth) {
		wl_artifact_issue(ctx, span, 0, "limit.depth", "max_depth",
				  "containers nested deeper than %d; '%s' was not opened", cur->lim.max_depth,
				  span->member ? span->member : "");
		rc = WL_ELIMIT;
		goto done;
	}
	m = wl_sniff(span->data, span->size);
	f = find_format(m, span);
	if (f)
		rc = f->scan(ctx, span);
done:
	if (own) {
		emit_imports(&local);
		cur = NULL;
	}
	return rc;
}

int wl_artifact_scan_bytes(struct wl_ctx *ctx, const char *member, const unsigned char *data,
			   size_t size, int depth)
{
	struct wl_artifact_span s;
	s.member = member ? member : "";
	s.data = data;
	s.size = size;
	s.file_offset = UINT64_MAX;
	s.depth = depth;
	s.container = NULL;
	return wl_artifact_scan_span(ctx, &s);
}

/* ------------------------------------------- the file-level scanner */

static const char *const pickle_exts[] = {
	".pkl", ".pickle", ".pt", ".pth", ".bin", ".ckpt", ".joblib", ".jbl", ".p", ".pck", ".pcl",
	".dat", ".data", ".model", ".mar", ".sav", ".dill", ".th", ".tar", NULL,
};
/* names only pickle.load reads: content nothing recognises is still parsed */
static const char *const forced_pickle_exts[] = { ".pkl", ".pickle", ".joblib", ".dill", ".pck", ".pcl", NULL };
static const char *const zip_exts[] = { ".zip", ".npz", ".keras", ".nemo", ".pyt", NULL };
static const char *const compressed_exts[] = { ".gz", ".z", ".bz2", ".xz", ".lzma", ".tgz", ".zlib", NULL };
/* formats that cannot hold a pickle: content that can is a disguise */
static const char *const inert_exts[] = {
	".safetensors", ".h5", ".hdf5", ".gguf", ".ggml", ".onnx", ".tflite", ".npy", ".msgpack",
	".txt", ".json", ".md", ".csv", ".tsv", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".py",
	".png", ".jpg", ".jpeg", ".gif", ".webp", ".wav", ".mp3", ".html", ".xml", ".log", NULL,
};

static int ext_in(const char *ext, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(ext, *list))
			return 1;
	return 0;
}

/* "archive/data.pkl", "outer.zip!model.pickle" */
static int forced_pickle_member(const char *member)
{
	const char *base, *dot;
	char ext[16];
	size_t i, n;
	if (!member || !*member)
		return 0;
	base = strrchr(member, '/');
	base = base ? base + 1 : member;
	if (strrchr(base, '!'))
		base = strrchr(base, '!') + 1;
	dot = strrchr(base, '.');
	if (!dot || dot == base || (n = strlen(dot)) >= sizeof(ext))
		return 0;
	for (i = 0; i <= n; i++)
		ext[i] = (char)(dot[i] >= 'A' && dot[i] <= 'Z' ? dot[i] + 32 : dot[i]);
	return ext_in(ext, forced_pickle_exts);
}

int wl_artifact_model_ext(const char *ext)
{
	return ext && (ext_in(ext, pickle_exts) || ext_in(ext, zip_exts) || !strcmp(ext, ".npy") ||
		       !strcmp(ext, ".safetensors") || !strcmp(ext, ".h5") || !strcmp(ext, ".gguf") ||
		       !strcmp(ext, ".onnx") || !strcmp(ext, ".pb"));
}

/* "model.pkl.gz", "clf.joblib.xz": a compressed stream named after a model
 * format ("data.tar.gz" and "train.csv.gz" are not). */
static int compressed_model_name(const char *name)
{
	const char *last = strrchr(name, '.'), *p;
	char inner[16];
	size_t n;
	if (!last || last == name)
		return 0;
	{
		char ext[16];
		size_t i, el = strlen(last);
		if (el >= sizeof(ext))
			return 0;
		for (i = 0; i <= el; i++)
			ext[i] = (char)((last[i] >= 'A' && last[i] <= 'Z') ? last[i] + 32 : last[i]);
		if (!ext_in(ext, compressed_exts))
			return 0;
	}
	for (p = last; p > name && p[-1] != '.';)
		p--;
	if (p == name)
		return 0;
	n = (size_t)(last - p) + 1;
	if (n >= sizeof(inner))
		return 0;
	inner[0] = '.';
	for (size_t i = 1; i < n; i++)
		inner[i] = (char)((p[i - 1] >= 'A' && p[i - 1] <= 'Z') ? p[i - 1] + 32 : p[i - 1]);
	inner[n] = '\0';
	return strcmp(inner, ".tar") && wl_artifact_model_ext(inner);
}

static int artifact_wants(const struct wl_file *f)
{
	switch (f->magic) {
	case WL_MAGIC_PICKLE: case WL_MAGIC_TORCH_LEGACY: case WL_MAGIC_ZIP: case WL_MAGIC_7Z:
	case WL_MAGIC_RAR: case WL_MAGIC_GZIP: case WL_MAGIC_BZIP2: case WL_MAGIC_XZ:
	case WL_MAGIC_LZMA: case WL_MAGIC_ZLIB: case WL_MAGIC_LZ4: case WL_MAGIC_ZSTD:
	case WL_MAGIC_NPY: case WL_MAGIC_TAR:
		return 1;
	case WL_MAGIC_TEXT: case WL_MAGIC_UNKNOWN:
		return ext_in(f->ext, pickle_exts) || pickle_v0_like(f->data, f->size, f->magic == WL_MAGIC_TEXT);
	default:
		return 0;
	}
}

/* "extension says X, content is Y" */
static void check_disguise(struct wl_ctx *ctx, const struct wl_file *f, const struct wl_artifact_span *s,
			   int is_pickle)
{
	enum wl_magic m = f->magic;
	const char *ext = f->ext && *f->ext ? f->ext : "(none)";
	const char *what = NULL;
	if (is_pickle && !ext_in(f->ext, pickle_exts) && !ext_in(f->ext, compressed_exts))
		what = "a pickle";
	else if ((m == WL_MAGIC_7Z || m == WL_MAGIC_RAR) && wl_artifact_model_ext(f->ext))
		what = m == WL_MAGIC_7Z ? "a 7z archive" : "a RAR archive";
	else if (m == WL_MAGIC_ZIP && ext_in(f->ext, inert_exts))
		what = "a zip archive";
	else if ((m == WL_MAGIC_GZIP || m == WL_MAGIC_BZIP2 || m == WL_MAGIC_XZ || m == WL_MAGIC_LZMA ||
		  m == WL_MAGIC_ZLIB) && ext_in(f->ext, inert_exts))
		what = "compressed data";
	if (!what)
		return;
	wl_artifact_issue(ctx, s, 0, "sniff.mismatch", wl_ctx_printf(ctx, "%s:%s", ext, wl_magic_name(m)),
			  "file named '%s' (extension %s) actually holds %s", f->name, ext, what);
}

static int artifact_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct art_state st;
	struct wl_artifact_span s;
	struct art_state *saved = cur;
	const struct wl_artifact_format *fmt;
	int rc = 0, is_pickle;
	state_init(&st, ctx);
	st.model_ext = wl_artifact_model_ext(f->ext) || compressed_model_name(f->name);
	cur = &st;
	s.member = "";
	s.data = f->data;
	s.size = f->size;
	s.file_offset = 0;
	s.depth = 0;
	s.container = NULL;
	fmt = find_format(f->magic, &s);
	is_pickle = fmt && (!strcmp(fmt->name, "pickle") || !strcmp(fmt->name, "torch-legacy"));
	check_disguise(ctx, f, &s, is_pickle);
	if (fmt)
		rc = fmt->scan(ctx, &s);
	else if (f->size && (f->magic == WL_MAGIC_UNKNOWN || f->magic == WL_MAGIC_TEXT) &&
		 (ext_in(f->ext, forced_pickle_exts) ||
		  (ext_in(f->ext, pickle_exts) && pickle_v0_like(f->data, f->size, 0))))
		/* a pickle name, content nothing recognises (or a pickle that
		 * breaks): parse it as a pickle anyway, failing closed - the
		 * break is reported and what came before it is judged */
		rc = wl_artifact_scan_pickle(ctx, &s, WL_PICKLE_MODE_PLAIN);
	emit_imports(&st);
	cur = saved;
	return rc < 0 && rc != WL_ELIMIT && rc != WL_EFORMAT ? rc : 0;
}

const struct wl_scanner wl_scanner_artifact = {
	.name = "artifact",
	.wants = artifact_wants,
	.scan = artifact_scan,
};
