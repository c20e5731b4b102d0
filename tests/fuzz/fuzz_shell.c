/* fuzz_shell.c - shell analysis through the whole pipeline: the input is a
 * shell script (installs, downloads, pipes, -r files, PIP_* variables). */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("scripts/build.sh", data, size);
	return 0;
}
