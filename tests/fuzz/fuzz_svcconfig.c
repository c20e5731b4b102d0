/* fuzz_svcconfig.c - config.properties through every scanner and rule that wants it. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("config.properties", data, size);
	return 0;
}
