/*
 * depfacts.h - small helpers shared by the manifest and lock scanners to turn
 * struct wl_tv values into dependency / index / manifest facts. Helpers only
 * build facts; they never judge them (that is rules/deps.c).
 */
#ifndef WL_DEPFACTS_H
#define WL_DEPFACTS_H

#include "facts_dep.h"
#include "reqparse.h"
#include "tsutil.h"

/* A new zeroed dep with ecosystem "pypi", context and origin set. */
struct wl_dep *wl_dep_new(struct wl_ctx *ctx, enum wl_dep_context c, const char *origin);
/* Set name + normalized from `name` (ctx copies). */
void wl_dep_set_name(struct wl_ctx *ctx, struct wl_dep *d, const char *name);
/* Emit a dependency at the span of `at` (and its key when it has one). */
void wl_dep_emit(struct wl_ctx *ctx, struct wl_dep *d, const struct wl_tv *at);
/* A PEP 508 string value -> dependency fact. Returns the dep or NULL. */
struct wl_dep *wl_dep_from_pep508(struct wl_ctx *ctx, const struct wl_tv *v,
				  enum wl_dep_context c, const char *origin);
/* Every string in ARRAY `arr` as PEP 508. */
void wl_deps_from_array(struct wl_ctx *ctx, const struct wl_tv *arr,
			enum wl_dep_context c, const char *origin, struct wl_manifest *m);
struct wl_index *wl_index_emit(struct wl_ctx *ctx, const struct wl_tv *at, const char *url, int primary,
			       int extra, int trusted, const char *option, const char *origin);
/* The manifest fact (line 0), counting what was emitted. */
struct wl_manifest *wl_manifest_new(struct wl_ctx *ctx, enum wl_manifest_kind kind, const char *format);
void wl_manifest_count(struct wl_manifest *m, const struct wl_dep *d);
void wl_manifest_emit(struct wl_ctx *ctx, struct wl_manifest *m);
/* Say (NOTE) that the file had syntax errors or was cut; the rest is still read. */
void wl_tv_notify(struct wl_ctx *ctx, const struct wl_tv_doc *doc, const char *what);

#endif
