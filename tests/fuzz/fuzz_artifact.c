/* fuzz_artifact.c - any bytes as a model file through the whole engine:
 * sniffing, zip/torch/npz, compressed streams (joblib), nesting, pickles. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("model.pt", data, size);
	return 0;
}
