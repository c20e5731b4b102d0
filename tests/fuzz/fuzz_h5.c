/* fuzz_h5.c - the HDF5 model_config locator (superblock, attribute
 * messages, global heap) and the Keras config check, through the engine. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("model.h5", data, size);
	return 0;
}
