/* fuzz_mlyaml.c - YAML python tags (%TAG handles, verbatim, percent-escapes)
 * and Hydra _target_, through the engine. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	wl_fuzz_scan_as("conf/train.yaml", data, size);
	return 0;
}
