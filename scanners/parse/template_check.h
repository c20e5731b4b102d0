/*
 * template_check.h - one check for Jinja chat templates (GGUF metadata,
 * tokenizer_config.json): does the template reach Python internals, the way
 * server-side template injection does (CVE-2024-34359 class)?
 * Pure function of the bytes; never renders or evaluates a template.
 * A policy (which constructs are dangerous), used by rules/mlconfig.c on
 * WL_FACT_CONFIG chat-template facts; it belongs in rules/ when the layout
 * moves files.
 */
#ifndef WL_TEMPLATE_CHECK_H
#define WL_TEMPLATE_CHECK_H

#include <stddef.h>

#define WL_TMPL_MAX_HITS 4

struct wl_tmpl_result {
	size_t nhits;
	struct {
		size_t offset;    /* byte offset of the construct in the template */
		char what[48];    /* the construct as written, e.g. "__globals__" */
		const char *why;  /* static: what class of escape it is */
	} hits[WL_TMPL_MAX_HITS];
	int truncated; /* template longer than the checked bound */
};

/* Longest template checked; longer ones are checked up to here and flagged. */
#define WL_TMPL_MAX_LEN (4u * 1024u * 1024u)

/*
 * Scan the Jinja tags ({{ }}, {% %}) of a template for constructs that
 * escape to Python: dunder attributes (__globals__, __class__, __mro__ ...),
 * the attr filter, strings built to spell a dunder ("__glo"+"bals__", "_"~"_",
 * \x5f escapes, "%c"|format), Jinja's default globals that leak Python
 * objects (lipsum, cycler, joiner) and os/subprocess/popen/eval-style calls.
 * Literal text outside tags is never matched. Returns the number of hits.
 */
size_t wl_template_check(const char *tmpl, size_t n, struct wl_tmpl_result *out);

#endif
