/*
 * where.c - locating findings about bytes inside artifacts (where.h).
 */
#include "where.h"

#include <stdarg.h>
#include <stdlib.h>

struct wl_finding *wl_report_where(struct wl_ctx *ctx, const char *rule, const struct wl_loc *loc,
				   const struct wl_artifact_where *w, int have_offset, const char *fmt, ...)
{
	const char *member = w->member && *w->member ? w->member : NULL;
	struct wl_finding *f;
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	if (member && have_offset)
		f = wl_report(ctx, rule, loc, "%s (member %s, offset %llu)", msg, member,
			      (unsigned long long)w->offset);
	else if (member)
		f = wl_report(ctx, rule, loc, "%s (member %s)", msg, member);
	else if (have_offset)
		f = wl_report(ctx, rule, loc, "%s (offset %llu)", msg, (unsigned long long)w->offset);
	else
		f = wl_report(ctx, rule, loc, "%s", msg);
	free(msg);
	if (member)
		wl_finding_prop(f, "member", "%s", member);
	if (have_offset)
		wl_finding_prop(f, "offset", "%llu", (unsigned long long)w->offset);
	return f;
}
