/*
 * wl_test.h - one in-memory file through the whole pipeline (every scanner
 * that wants it, every rule, finish() included) with the default options,
 * for unit tests and fuzz harnesses. Release `r` with wl_report_release().
 */
#ifndef WL_TEST_H
#define WL_TEST_H

#include <string.h>

#include "run.h"

/* Same, with a config (NULL: the defaults). */
static inline void wl_test_scan_config(const char *path, const void *data, size_t size,
				       const struct wl_config *cfg, struct wl_report *r)
{
	struct wl_scan_options opt;
	memset(&opt, 0, sizeof(opt));
	memset(r, 0, sizeof(*r));
	opt.jobs = 1;
	opt.max_text_size = 1 << 24;
	opt.config = cfg;
	wl_scan_memory(&opt, path, (const unsigned char *)data, size, r);
}

static inline void wl_test_scan(const char *path, const void *data, size_t size, struct wl_report *r)
{
	wl_test_scan_config(path, data, size, NULL, r);
}

/* The value of a finding's property `key`, or NULL. */
static inline const char *wl_test_prop(const struct wl_finding *f, const char *key)
{
	size_t i;
	for (i = 0; i < f->nprops; i++)
		if (!strcmp(f->props[i].key, key))
			return f->props[i].value;
	return NULL;
}

#endif
