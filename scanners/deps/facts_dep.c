/*
 * facts_dep.c - helpers shared by every producer of dependency facts.
 */
#include "facts_dep.h"

#include <ctype.h>

/* PEP 503: lowercase, and every run of '-', '_' and '.' becomes one '-'.
 * `out` holds at least len + 1 bytes; returns the normalised length. */
size_t wl_pep503_normalize_into(char *out, const char *name, size_t len)
{
	char *o = out;
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
	return (size_t)(o - out);
}

char *wl_pep503_normalize(struct wl_ctx *ctx, const char *name, size_t len)
{
	char *out = wl_ctx_alloc(ctx, len + 1);
	wl_pep503_normalize_into(out, name, len);
	return out;
}
