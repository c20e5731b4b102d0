/*
 * data.h - policy data files from rules/data/, embedded at build time
 * (scripts/embed-data.sh via the Makefile) so weaklink needs no data path.
 * The bytes are read-only and NUL-terminated (size excludes the NUL).
 */
#ifndef WL_DATA_H
#define WL_DATA_H

#include <stddef.h>

struct wl_blob {
	const char *name; /* basename, e.g. "popular-pypi.txt" */
	const unsigned char *data;
	size_t size;
};

extern const struct wl_blob wl_data_blobs[]; /* terminated by a NULL name */

/* The embedded file named `name`, or NULL. */
const struct wl_blob *wl_data_find(const char *name);

#endif
