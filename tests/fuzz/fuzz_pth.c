/* fuzz_pth.c - Python path-configuration files (.pth: paths, comments and
 * import lines site.py executes), through the engine. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("hook.pth", data, size);
	return 0;
}
