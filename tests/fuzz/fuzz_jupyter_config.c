/* fuzz_jupyter_config.c - jupyter_server_config.json through every scanner and rule that wants it. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("jupyter_server_config.json", data, size);
	return 0;
}
