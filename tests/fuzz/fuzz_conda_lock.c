/* fuzz_conda_lock.c - conda-lock.yml through every scanner and rule that wants it. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("conda-lock.yml", data, size);
	return 0;
}
