/*
 * pyscan.h - the parse-and-resolve step shared by the .py and .ipynb
 * scanners (python.c). Parses a buffer of Python with the worker's parser
 * and hands resolved call sites to a sink; never executes anything.
 */
#ifndef WL_PYSCAN_H
#define WL_PYSCAN_H

#include "engine.h"
#include "pyresolve.h"

/* Parse src[0..n) and emit its call facts through sink. `what` names the
 * buffer in notifications ("this file", "the notebook's code cells");
 * row_to_line (may be NULL) maps a 0-based row of src to a file line. */
int wl_py_scan_buffer(struct wl_ctx *ctx, const char *src, size_t n, const struct wl_py_sink *sink,
		      const char *what, uint32_t (*row_to_line)(void *user, uint32_t row), void *user);

/* The byte ranges [start, end) of src that the .py scanner hands to
 * tree-sitter for its findings (python.c: only the statements that can
 * matter, with their bindings). 0 with *out (the caller frees) and *nout
 * set; 1 when the file would be parsed whole; -1 without a parser. For
 * tests: what is left out is what a scan does not pay for. */
struct wl_span {
	uint32_t start, end;
};
int wl_py_region_plan(const char *src, size_t n, struct wl_span **out, size_t *nout);

/* 0-based row of the first ERROR/MISSING node of a tree with errors. */
uint32_t wl_py_first_error_row(const struct TSTree *tree);

extern const struct wl_scanner wl_scanner_python;
extern const struct wl_scanner wl_scanner_notebook;

#endif
