/*
 * where.h - how a rule locates a finding about bytes inside a model or config
 * artifact: SARIF needs a line, so a spot in a binary file (or inside a
 * container member) sits on line 1 and its member and byte offset go into
 * the message and into the "member" and "offset" properties, so a reader
 * can find it with a hex editor. Shared by rules/formats.c and rules/mlconfig.c.
 */
#ifndef WL_RULES_WHERE_H
#define WL_RULES_WHERE_H

#include "engine.h"
#include "facts_artifact.h"

/* Report `rule` at `loc` with message `fmt` + " (member M, offset N)" (the
 * parts that apply: member when w->member is set, offset when have_offset). */
struct wl_finding *wl_report_where(struct wl_ctx *ctx, const char *rule, const struct wl_loc *loc,
				   const struct wl_artifact_where *w, int have_offset, const char *fmt, ...)
	WL_PRINTF(6, 7);

#endif
