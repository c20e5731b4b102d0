/*
 * facts_dep.c - helpers shared by every producer of dependency facts.
 */
#include "facts_dep.h"

#include <ctype.h>

/* PEP 503: lowercase, and every run of '-', '_' and '.' becomes one '-'. */
char *wl_pep503_normalize(struct wl_ctx *ctx, const char *name, size_t len)
{
	char *out = wl_ctx_alloc(ctx, len + 1), *o = out;
	size_t i;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c == '-' || c == '_' || c == '.') {
			if (o == out || o[-1] != '-')
				*o++ = '-';
		} else {
			*o++ = (char)tolower(c);
		}
	}
	*o = '\0';
	return out;
}
