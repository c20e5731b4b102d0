/*
 * data.c - lookup of the policy data files embedded from rules/data/.
 */
#include <string.h>

#include "data.h"

const struct wl_blob *wl_data_find(const char *name)
{
	const struct wl_blob *b;
	for (b = wl_data_blobs; b->name; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}
