/* fuzz_compose.c - docker-compose.yml through every scanner and rule that wants it. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("docker-compose.yml", data, size);
	return 0;
}
