/* fuzz_config.c - .weaklink.toml parsing (the TOML grammar + our flattening). */
#include <stdlib.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct wl_config *c = wl_config_new();
	char *err = NULL;
	if (size > 1 << 16)
		size = 1 << 16;
	wl_config_parse(c, (const char *)data, size, &err);
	free(err);
	wl_config_list(c, "scan.exclude");
	wl_config_free(c);
	return 0;
}
