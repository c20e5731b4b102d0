/* fuzz_safetensors.c - safetensors header validation, through the engine. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("model.safetensors", data, size);
	return 0;
}
