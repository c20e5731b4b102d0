/*
 * tsutil.h - read a TOML, YAML or JSON file through its tree-sitter grammar
 * into one small "key -> value" tree that keeps every position, so scanners of
 * manifests, lock files, workflows and configs never walk grammar nodes or
 * regex structured text. It only reads: scanned content is never evaluated.
 */
#ifndef WL_TSUTIL_H
#define WL_TSUTIL_H

#include <stddef.h>

#include "engine.h"

enum wl_tv_kind {
	WL_TV_NULL = 0,  /* YAML null / empty value, or an unparsable value */
	WL_TV_STRING,    /* decoded text in `str` */
	WL_TV_INTEGER,   /* scalars keep their source text in `str` */
	WL_TV_FLOAT,
	WL_TV_BOOL,      /* str is "true" or "false" (YAML spellings normalised) */
	WL_TV_DATETIME,
	WL_TV_TABLE,     /* TOML table / YAML mapping / JSON object */
	WL_TV_ARRAY,     /* TOML array / YAML sequence / JSON array */
};

/*
 * One value. Children of a TABLE carry their `key`. Lookups are linear: for
 * tables with many keys (a lock file's packages), iterate `child`/`next`.
 * All memory belongs to the wl_tv_doc.
 */
struct wl_tv {
	enum wl_tv_kind kind;
	const char *key;        /* decoded key under the parent table, else NULL */
	const char *str;        /* NUL-terminated scalar text; "" for containers */
	size_t len;             /* bytes in str (it may contain NULs from escapes) */
	struct wl_loc loc;      /* the value's span (path NULL) */
	struct wl_loc key_loc;  /* the key's span; == loc when there is no key */
	struct wl_tv *parent, *child, *last, *next;
	size_t nchild;
	int quoted;             /* scalar was a quoted string (YAML/TOML/JSON) */
};

struct wl_tv_arena_node;
struct wl_tv_doc {
	struct wl_tv *root;     /* the first document; a TABLE or ARRAY, or NULL kind */
	struct wl_tv *docs;     /* YAML: ARRAY of every document; else NULL */
	int has_error;          /* the grammar reported syntax errors (rest still read) */
	int truncated;          /* nesting deeper than WL_TV_MAX_DEPTH was cut */
	/* private */
	struct wl_arena arena;
	struct wl_tv_hash *hash;
};

#define WL_TV_MAX_DEPTH 128

/*
 * Parse `src` (n bytes) as `lang` (WL_LANG_TOML, WL_LANG_YAML or WL_LANG_JSON)
 * with the worker's parser. Returns 0 (check doc->has_error), or WL_EFORMAT
 * when the parser gave up (timeout, unsupported language). Release the doc
 * with wl_tv_doc_release() in every case.
 */
int wl_tv_parse(struct wl_ctx *ctx, enum wl_lang lang, const char *src, size_t n,
		struct wl_tv_doc *doc);
/* Same, with an explicit parser (unit tests, fuzzers). */
int wl_tv_parse_with(struct TSParser *parser, enum wl_lang lang, const char *src,
		     size_t n, struct wl_tv_doc *doc);
void wl_tv_doc_release(struct wl_tv_doc *doc);

/* The first child of TABLE `t` named `key`, or NULL (t may be NULL). */
const struct wl_tv *wl_tv_get(const struct wl_tv *t, const char *key);
/* Follow a NULL-terminated list of keys: wl_tv_path(root, "tool", "uv", NULL). */
const struct wl_tv *wl_tv_path(const struct wl_tv *t, ...);
/* The scalar text at `key` in `t`, or NULL when absent or not a scalar. */
const char *wl_tv_str(const struct wl_tv *t, const char *key);
/* Is `v` a scalar (string, number, bool, datetime)? */
int wl_tv_is_scalar(const struct wl_tv *v);
/* Is `v` a true boolean (TOML/JSON true, YAML true/yes/on)? */
int wl_tv_is_true(const struct wl_tv *v);

#endif
