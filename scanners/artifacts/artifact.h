/*
 * artifact.h - the model-artifact dispatcher: given a span of bytes (a file,
 * or a member of a container), sniff what it really is and hand it to the
 * scanner for that content, recursing into containers up to a depth limit.
 * Formats plug in with one line in the table in artifact.c.
 * It must never trust a name over the bytes, and never let a limit pass silently.
 */
#ifndef WL_ARTIFACT_H
#define WL_ARTIFACT_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "facts_artifact.h"

/* Bounds for one top-level file (defaults; config "artifact.*" may change them). */
struct wl_artifact_limits {
	int max_depth;              /* container nesting (zip in zip in ...) */
	size_t max_members;         /* per container */
	uint64_t max_inflated;      /* bytes decompressed for one member/stream */
	uint64_t max_total_inflated;/* bytes decompressed for the whole file */
	uint64_t max_ratio;         /* decompressed / compressed */
	uint64_t max_ops;           /* pickle opcodes for the whole file */
};

/* One span to scan. Borrowed pointers; valid for the duration of the call. */
struct wl_artifact_span {
	const char *member;         /* path inside the file ("" = the file itself) */
	const unsigned char *data;
	size_t size;
	uint64_t file_offset;       /* where data[0] sits in the file, UINT64_MAX if decompressed */
	int depth;                  /* 0 for the file itself */
	const char *container;      /* "zip", "torch-zip", "npz", "gzip" ... or NULL at top level */
};

/* A content handler: one row of the dispatch table. */
struct wl_artifact_format {
	const char *name;
	/* Is this span for me? (sniffed magic first, bytes if needed) */
	int (*match)(enum wl_magic magic, const struct wl_artifact_span *span);
	/* Scan it: emit facts. Returns 0 or a negative WL_E* (after an issue was emitted). */
	int (*scan)(struct wl_ctx *ctx, const struct wl_artifact_span *span);
};

/*
 * Scan a span: sniff it, pick the first matching format, run it. Depth is
 * checked here (a depth limit hit is an issue, never a silent stop).
 */
int wl_artifact_scan_span(struct wl_ctx *ctx, const struct wl_artifact_span *span);

/* The short form: member bytes at nesting `depth`, not mapped in the file. */
int wl_artifact_scan_bytes(struct wl_ctx *ctx, const char *member, const unsigned char *data,
			   size_t size, int depth);

/* The limits in force for this run (defaults merged with config). */
const struct wl_artifact_limits *wl_artifact_limits(struct wl_ctx *ctx);

/* Join a container path and a member name: "a.zip" + "x/y" -> "a.zip!x/y";
 * "" + "x" -> "x". Arena-allocated. */
const char *wl_artifact_member_path(struct wl_ctx *ctx, const char *outer, const char *inner);

/*
 * Emit a WL_FACT_ARTIFACT issue at line 0 of the current file. `offset` is
 * relative to span->data. `subject` identifies it for the fingerprint.
 */
void wl_artifact_issue(struct wl_ctx *ctx, const struct wl_artifact_span *span, uint64_t offset,
		       const char *kind, const char *subject, const char *fmt, ...) WL_PRINTF(6, 7);

/* Per-file budget of decompressed bytes; returns 0 when `n` more bytes fit. */
int wl_artifact_budget_take(struct wl_ctx *ctx, uint64_t n);

/* Scanners in this family (also usable alone on a span). */
int wl_artifact_scan_pickle(struct wl_ctx *ctx, const struct wl_artifact_span *span, int mode);
/* The same from byte `start` of the span (an .npy object array's payload). */
int wl_artifact_scan_pickle_at(struct wl_ctx *ctx, const struct wl_artifact_span *span, size_t start, int mode);

/* Rows of the dispatcher's table kept in their own files (npy.c, tar.c). */
int wl_artifact_match_npy(enum wl_magic m, const struct wl_artifact_span *s);
int wl_artifact_scan_npy(struct wl_ctx *ctx, const struct wl_artifact_span *s);
int wl_artifact_match_tar(enum wl_magic m, const struct wl_artifact_span *s);
int wl_artifact_scan_tar(struct wl_ctx *ctx, const struct wl_artifact_span *s);

/* Is `ext` (lowercase, with dot) one a model/pickle loader would read? */
int wl_artifact_model_ext(const char *ext);

#endif
