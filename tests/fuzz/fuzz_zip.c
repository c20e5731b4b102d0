/* fuzz_zip.c - the lenient zip reader alone: index, then read every entry
 * (head and whole, with a ratio limit), touching every byte returned. */
#include <string.h>

#include "zip.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned sink;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct wl_zip z;
	size_t i, j;
	if (wl_zip_open(&z, data, size, 256) != 0)
		return 0;
	for (i = 0; i < z.count; i++) {
		struct wl_zip_data d;
		sink += (unsigned)strlen(z.entries[i].name);
		if (z.entries[i].local_name)
			sink += (unsigned)strlen(z.entries[i].local_name);
		if (wl_zip_read(&z, &z.entries[i], 64, 0, &d) == 0) {
			for (j = 0; j < d.len; j++)
				sink += d.ptr[j];
			wl_zip_data_release(&d);
		}
		if (wl_zip_read(&z, &z.entries[i], 1u << 20, 50, &d) == 0) {
			for (j = 0; j < d.len; j++)
				sink += d.ptr[j];
			wl_zip_data_release(&d);
		}
	}
	wl_zip_close(&z);
	return 0;
}
