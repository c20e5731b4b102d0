/* fuzz_protobuf.c - the protobuf wire walker under both users: the first
 * byte picks a TensorFlow saved_model.pb (odd) or an ONNX model (even); the
 * rest is the file. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (!size)
		return 0;
	wl_fuzz_scan_as((data[0] & 1) ? "m/saved_model.pb" : "m/model.onnx", data + 1, size - 1);
	return 0;
}
