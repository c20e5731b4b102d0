/*
 * reqparse.h - pip's requirement grammar, shared by every producer of
 * struct wl_dep: requirements files, PEP 621 / setup.py / setup.cfg strings,
 * conda's pip: list, and (for the CI helper) `pip install` arguments.
 * Pure parsing of bytes: no network, no filesystem, no evaluation of markers.
 */
#ifndef WL_REQPARSE_H
#define WL_REQPARSE_H

#include "facts_dep.h"

/*
 * Parse one requirement string (PEP 508 `name[extras] spec ; marker`,
 * `name @ URL`, a bare URL / VCS URL / local path as pip accepts them) into
 * `dep`. Strings are ctx-allocated; ecosystem, context and origin are left to
 * the caller (zeroed fields stay zero). Returns 0, or WL_EFORMAT when the text
 * holds no requirement (dep->name then NULL).
 */
int wl_req_parse(struct wl_ctx *ctx, const char *s, size_t n, struct wl_dep *dep);

/* The exact version pinned by `spec` ("==1.2", "=== 1.2", "1.2" when
 * `bare_is_exact`), or NULL for ranges, wildcards and several clauses. */
const char *wl_req_exact_version(struct wl_ctx *ctx, const char *spec, int bare_is_exact);

/* Classify a URL as WL_DEP_VCS / WL_DEP_URL / WL_DEP_PATH and pull out the
 * VCS ref (text after the path's '@', before '#') and a `#sha256=` style hash. */
void wl_req_classify_url(struct wl_ctx *ctx, const char *url, struct wl_dep *dep);

/* Is `s` exactly 40 hex digits (a full git commit)? */
int wl_is_commit_sha(const char *s);

/* Join `rel` onto the directory of repo-relative `from`, collapsing "." and
 * "..". NULL (ctx-allocated otherwise) when it climbs out of the repository
 * or is absolute. */
char *wl_req_join_path(struct wl_ctx *ctx, const char *from, const char *rel);

struct wl_reqfile_opts {
	const char *origin;            /* "requirements", "conda pip:" ... */
	const char *path;              /* repo-relative path of the file (for -r joins) */
	enum wl_dep_context context;
	int constraints;               /* a constraints file (-c target) */
	uint32_t first_line;           /* line of data[0] in the file (0 = 1) */
	uint32_t first_col;            /* column of data[0] on that line (0 = 1) */
	int no_manifest;               /* embedded list: emit no WL_FACT_MANIFEST */
};

/* A whole requirements file, pip's req_file.py semantics. Emits dependency,
 * index and manifest facts. Returns 0. */
int wl_reqfile_parse(struct wl_ctx *ctx, const char *data, size_t size,
		     const struct wl_reqfile_opts *o);

#endif
