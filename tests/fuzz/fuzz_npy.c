/* fuzz_npy.c - .npy headers (and the pickle after an object dtype) through
 * the whole engine: sniffing, the artifact dispatcher, the rules. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const unsigned char magic[] = "\x93NUMPY";
	unsigned char buf[1 << 16];
	/* keep the magic so inputs reach the header parser */
	if (size > sizeof(buf) - 6)
		size = sizeof(buf) - 6;
	memcpy(buf, magic, 6);
	memcpy(buf + 6, data, size);
	wl_fuzz_scan_as("array.npy", buf, size + 6);
	return 0;
}
