/* fuzz_hfconfig.c - Hugging Face JSON configs (auto_map, trust_remote_code,
 * chat_template) and bare Jinja templates, through the engine. The first
 * byte picks the file name so one corpus covers both entry points. */
#include "fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *name = size && data[0] == '!' ? "chat_template.jinja" : "tokenizer_config.json";
	wl_fuzz_scan_as(name, data, size);
	return 0;
}
