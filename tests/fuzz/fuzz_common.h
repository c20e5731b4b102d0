/*
 * fuzz_common.h - run the whole pipeline (every scanner that wants the
 * file, every rule) on one in-memory input under a chosen file name.
 */
#ifndef WL_FUZZ_COMMON_H
#define WL_FUZZ_COMMON_H

#include <string.h>

#include "run.h"

static inline void wl_fuzz_scan_as(const char *path, const unsigned char *data, size_t size)
{
	struct wl_scan_options opt;
	struct wl_report r;
	memset(&opt, 0, sizeof(opt));
	memset(&r, 0, sizeof(r));
	opt.jobs = 1;
	opt.max_text_size = 1 << 24;
	wl_scan_memory(&opt, path, data, size, &r);
	wl_report_release(&r);
}

#endif
