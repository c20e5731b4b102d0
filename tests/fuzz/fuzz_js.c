/*
 * fuzz_js.c - the JavaScript/TypeScript scanner through the engine: the
 * first byte picks the file name (.js, .ts, .tsx, .mjs: three grammars),
 * the rest is the file. Every rule runs too.
 */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const names[] = { "code.js", "code.ts", "code.tsx", "code.mjs" };
	if (size < 1)
		return 0;
	wl_fuzz_scan_as(names[data[0] & 3], data + 1, size - 1);
	return 0;
}
