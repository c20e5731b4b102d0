/* fuzz_pickle.c - the symbolic pickle VM alone, in every stream mode, plus
 * the sniffing probe. Checks that callbacks see NUL-terminated strings. */
#include <string.h>

#include "pickle_vm.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static size_t sink;

static void on_import(void *o, const struct wl_pickle_import_info *i)
{
	(void)o;
	sink += strlen(i->module) + strlen(i->name) + strlen(i->raw_module) + strlen(i->raw_name);
}

static void on_issue(void *o, const struct wl_pickle_issue *is)
{
	(void)o;
	sink += strlen(is->detail);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct wl_pickle_callbacks cb = { NULL, on_import, on_issue };
	struct wl_pickle_limits lim;
	struct wl_pickle_summary s;
	struct wl_pickle_probe_result r;
	int mode;
	wl_pickle_limits_default(&lim);
	lim.max_ops = 1u << 20;
	lim.max_memo = 1u << 16;
	lim.max_stack = 1u << 16;
	for (mode = 0; mode < 3; mode++)
		wl_pickle_scan(data, size, 7, (enum wl_pickle_mode)mode, &lim, &cb, &s);
	wl_pickle_probe(data, size, 1u << 16, &r);
	(void)wl_pickle_looks_like(data, size, 0);
	(void)wl_pickle_looks_like(data, size, 1);
	return 0;
}
