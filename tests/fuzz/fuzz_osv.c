/* fuzz_osv.c - the OSV record reader: the input as one JSON record (or an
 * array of records) with small limits, then indexing, folding and a query
 * of every affected package at a few versions. */
#include <stdlib.h>
#include <string.h>

#include "osv.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned sink;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const names[] = { "pkg", "torch", "a", "demo-lib", "" };
	static const char *const versions[] = { "0", "1.0", "1.0rc1", "1!2.0", "2.5.1+cu121", "not a version" };
	struct wl_osv_limits lim = { .max_record = 1 << 16, .max_records = 64, .max_total = 1 << 20 };
	struct wl_osv_db *db = wl_osv_new(&lim);
	const struct wl_osv_info *in;
	char *err = NULL;
	size_t i, j, k;
	if (wl_osv_add_json(db, "fuzz", (const char *)data, size, &err))
		sink += (unsigned)strlen(err);
	free(err);
	wl_osv_finalize(db);
	in = wl_osv_get_info(db);
	for (i = 0; in->ecosystems[i]; i++)
		sink += (unsigned)in->eco_records[i];
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (j = 0; j < sizeof(versions) / sizeof(versions[0]); j++) {
			struct wl_osv_match *m;
			size_t n = wl_osv_query(db, "PyPI", names[i], versions[j], &m);
			for (k = 0; k < n; k++)
				sink += (unsigned)(strlen(m[k].id) + strlen(m[k].aliases) + strlen(m[k].summary) +
						   (m[k].fixed ? strlen(m[k].fixed) : 0) + strlen(m[k].severity));
			free(m);
		}
	{
		char *t = malloc(size + 1);
		memcpy(t, data, size);
		t[size] = '\0';
		sink += (unsigned)(wl_cvss3_base_score(t) > 0);
		sink += (unsigned)(wl_osv_parse_time(t) > 0);
		free(t);
	}
	wl_osv_free(db);
	return 0;
}
