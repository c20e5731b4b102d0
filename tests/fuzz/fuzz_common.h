/*
 * fuzz_common.h - run the whole pipeline (every scanner that wants the
 * file, every rule) on one in-memory input under a chosen file name.
 */
#ifndef WL_FUZZ_COMMON_H
#define WL_FUZZ_COMMON_H

#include "wl_test.h"

static inline void wl_fuzz_scan_as(const char *path, const unsigned char *data, size_t size)
{
	struct wl_report r;
	wl_test_scan(path, data, size, &r);
	wl_report_release(&r);
}

#endif
