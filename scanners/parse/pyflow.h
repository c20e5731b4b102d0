/*
 * pyflow.h - a short intra-procedural data flow over a Python tree, run by
 * pyresolve.c after its call facts when the sink asks for flow facts
 * (emit_flow). Knows nothing of rules: it says which value reached which
 * call, through which names (struct wl_flow, facts_code.h).
 */
#ifndef WL_PYFLOW_H
#define WL_PYFLOW_H

#include <stddef.h>

#include "pyresolve.h"

struct TSTree;

/* sites: every call the resolver saw, in source order. Bounded: no
 * recursion on the tree's depth beyond a fixed cap, names per function
 * capped. Emits through sink->emit_flow, locates through sink->locate. */
void wl_py_flow(const struct TSTree *tree, const char *src, size_t n, const struct wl_py_sink *sink,
		const struct wl_py_callsite *sites, size_t nsites);

#endif
