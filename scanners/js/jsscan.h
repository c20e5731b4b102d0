/*
 * jsscan.h - the JavaScript/TypeScript scanner's pieces that tests and the
 * fuzz harness reach: the byte prefilter, the vendored/minified tests and
 * the scan of one buffer (facts_js.h says what it emits).
 */
#ifndef WL_JSSCAN_H
#define WL_JSSCAN_H

#include <stddef.h>

#include "engine.h"

/* Could this source hold a sink at all? (no: not parsed) */
int wl_js_prefilter(const char *src, size_t n);
/* Under node_modules/, bower_components/, dist/ or build/, at any depth. */
int wl_js_vendored_path(const char *path);
/* A minified bundle: *.min.js / *-min.js, or lines of 500 bytes on average. */
int wl_js_minified(const char *name, const char *src, size_t n);
/* Parse `src` as `lang` (WL_LANG_JAVASCRIPT, _TYPESCRIPT, _TSX) and emit
 * WL_FACT_JS_SINK facts; 0, or a negative code after wl_notify(). */
int wl_js_scan_buffer(struct wl_ctx *ctx, const char *src, size_t n, enum wl_lang lang);

#endif
