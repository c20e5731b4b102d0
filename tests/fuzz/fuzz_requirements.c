/* fuzz_requirements.c - requirements-file grammar, through the engine. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("requirements.txt", data, size);
	return 0;
}
