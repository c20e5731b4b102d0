/*
 * fuzz_python.c - the Python scanner and the notebook cell extraction,
 * through the engine: the first byte picks the file name (odd: a .ipynb
 * notebook, even: a .py file), the rest is the file. Every rule runs too.
 */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (size < 1)
		return 0;
	wl_fuzz_scan_as((data[0] & 1) ? "notebook.ipynb" : "code.py", data + 1, size - 1);
	return 0;
}
