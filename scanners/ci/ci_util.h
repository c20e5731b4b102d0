/*
 * ci_util.h - pieces shared by the CI/build scanners (Dockerfile, shell,
 * workflows, GitLab CI, pre-commit): a source map from assembled text back to
 * file positions, reference classification, PIP_* environment handling.
 * Nothing here reads outside the spans it is given.
 */
#ifndef WL_CI_UTIL_H
#define WL_CI_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "facts_ci.h"

/*
 * A source map: text assembled from pieces of a file (a Dockerfile RUN joined
 * over continuation lines, a YAML block scalar without its indentation) keeps
 * where each byte came from. A segment maps [off, next segment's off) linearly
 * onto one file line starting at column col.
 */
struct wl_srcmap_seg {
	size_t off;
	uint32_t line, col;
};

struct wl_srcmap {
	struct wl_srcmap_seg *segs;
	size_t n, alloc;
};

void wl_srcmap_init(struct wl_srcmap *m);
void wl_srcmap_release(struct wl_srcmap *m);
void wl_srcmap_reset(struct wl_srcmap *m);
/* Text from offset `off` on comes from file line `line`, column `col`. */
void wl_srcmap_add(struct wl_srcmap *m, size_t off, uint32_t line, uint32_t col);
/* File position of text offset `off` (1-based line and byte column). */
void wl_srcmap_pos(const struct wl_srcmap *m, size_t off, uint32_t *line, uint32_t *col);

/*
 * Text being assembled with its map: append pieces of the file (mapped) or
 * synthetic bytes (mapped to the position of the previous piece's end).
 */
struct wl_mapped_text {
	struct wl_buf text;
	struct wl_srcmap map;
};

void wl_mtext_init(struct wl_mapped_text *t, size_t cap);
void wl_mtext_release(struct wl_mapped_text *t);
void wl_mtext_reset(struct wl_mapped_text *t);
/* Append n bytes that sit at file line/col. Returns 0 or WL_ELIMIT. */
int wl_mtext_add(struct wl_mapped_text *t, const char *s, size_t n, uint32_t line, uint32_t col);
/* Append bytes that are not in the file (a joining space, a decoded escape). */
int wl_mtext_addsyn(struct wl_mapped_text *t, const char *s, size_t n);

/* Is s[0..n) exactly `len` hex digits? */
int wl_is_hex(const char *s, size_t n);
/* Classify a git ref as written (after '@' or in rev:/ref:). */
enum wl_ref_kind wl_classify_git_ref(const char *ref);

/* Parse an image reference "[registry/]name[:tag][@sha256:hex]" into `out`
 * (strings ctx-allocated). `digest` is set only for a well-formed sha256. */
void wl_parse_image_ref(struct wl_ctx *ctx, const char *text, size_t n, struct wl_image_ref *out);

struct wl_tv;
/*
 * Emit WL_FACT_IMAGE_REF for a YAML image value: a scalar, or a table whose
 * `table_key` holds it (GitLab `name:`, GitHub `image:`). A value containing
 * `var_marker` is a variable we cannot resolve: marked unresolved, and when
 * `var_unpins` is set it never counts as pinned (a `${{ }}` expression can
 * swap the whole reference); otherwise only an unpinned one is unresolved.
 */
void wl_ci_emit_image_value(struct wl_ctx *ctx, const struct wl_tv *v, const char *table_key,
			    const char *origin, const char *var_marker, int var_unpins);

/*
 * An environment variable set by ENV / env: / variables: / export. Emits a
 * WL_FACT_INDEX for pip's and uv's index variables and a WL_FACT_CI
 * (WL_CI_REMOTE_CODE_ENV) for HF_DATASETS_TRUST_REMOTE_CODE (`value` NULL:
 * set to something not known here). Returns WL_CI_ENV_REQUIRE_HASHES when the
 * variable turns on hash checking (PIP_REQUIRE_HASHES), WL_CI_ENV_UV_UNSAFE
 * when it relaxes uv's first-index strategy (UV_INDEX_STRATEGY=unsafe-*), else 0.
 */
#define WL_CI_ENV_REQUIRE_HASHES 1
#define WL_CI_ENV_UV_UNSAFE 2
int wl_ci_env_var(struct wl_ctx *ctx, const char *name, const char *value,
		  const struct wl_loc *loc, const char *origin);

/* ${{ ... }} expressions: for each one in text[0..n) call fn with its span
 * (from "${{" through "}}"). Unterminated expressions end at n. */
void wl_gh_expressions(const char *text, size_t n,
		       void (*fn)(void *ud, size_t start, size_t end), void *ud);

/* Where each line of a file starts, to turn (line, col) back into offsets. */
struct wl_lines {
	size_t *start;
	size_t n;
	size_t len;
};

void wl_lines_init(struct wl_lines *l, const char *data, size_t len);
void wl_lines_release(struct wl_lines *l);
/* Byte offset of 1-based (line, col), clamped to the file. */
size_t wl_lines_offset(const struct wl_lines *l, uint32_t line, uint32_t col);

/*
 * Re-read the YAML scalar whose node spans `loc` (from tsutil) directly from
 * the file bytes, decoding it the way YAML does (block literal/folded, plain
 * and quoted folding, escapes) while recording where every byte came from.
 * Appends to `out`. Returns 0, or -1 when the bytes at `loc` are not a scalar
 * (an alias, say) and the caller should fall back to the decoded string.
 */
int wl_yaml_scalar_mapped(const char *data, const struct wl_lines *l, const struct wl_loc *loc,
			  struct wl_mapped_text *out);

#endif
