/* fuzz_gguf.c - GGUF key/value and tensor-info walk plus the chat-template
 * check, through the engine. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("model.gguf", data, size);
	return 0;
}
