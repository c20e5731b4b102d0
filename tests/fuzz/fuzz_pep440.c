/* fuzz_pep440.c - the PEP 440 parser and specifier parser: the input is
 * split at the first newline into a specifier and a version; both parse
 * results are used (format, compare, contains, bounds), and a version that
 * parses must re-parse from its normalised form to an equal version. */
#include <stdlib.h>
#include <string.h>

#include "pep440.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned sink;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const char *s = (const char *)data;
	const unsigned char *nl = memchr(data, '\n', size);
	size_t spec_len = nl ? (size_t)(nl - data) : 0, vlen = nl ? size - spec_len - 1 : size;
	const char *vtext = nl ? s + spec_len + 1 : s;
	struct wl_pep440 v, w;
	struct wl_pep440_spec *spec = malloc(sizeof(*spec));
	struct wl_pep440_bounds b;
	char buf[WL_PEP440_MAX_TEXT * 2], raw[WL_PEP440_MAX_TEXT];
	int vok = wl_pep440_parse(vtext, vlen, &v) == 0;
	if (vok) {
		size_t n = wl_pep440_format(&v, buf, sizeof(buf));
		if (n >= sizeof(buf) || wl_pep440_parse(buf, n, &w) || wl_pep440_cmp(&v, &w))
			abort(); /* normalised form must round-trip */
		sink += (unsigned)wl_pep440_is_prerelease(&v);
	}
	if (wl_pep440_spec_parse(s, spec_len, spec) == 0) {
		wl_pep440_spec_bounds(spec, &b);
		sink += (unsigned)b.has_lo;
		if (vok) {
			size_t k = vlen < sizeof(raw) - 1 ? vlen : sizeof(raw) - 1;
			memcpy(raw, vtext, k);
			raw[k] = '\0';
			sink += (unsigned)wl_pep440_spec_contains(spec, &v, raw, WL_PEP440_PRE_DEFAULT);
			sink += (unsigned)wl_pep440_spec_contains(spec, &v, NULL, WL_PEP440_PRE_INCLUDE);
		}
	}
	free(spec);
	return 0;
}
