/*
 * cmd_osv.c - `weaklink osv-info PATH`: what an offline OSV database holds
 * (records, withdrawn, vulnerabilities after folding aliases, ecosystems,
 * newest `modified`), so a CI job can check its download before scanning.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "osv.h"
#include "util.h"

long long wl_scan_clock(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0)
			return v;
	}
	return (long long)time(NULL);
}

static const char osv_help[] =
	"usage: weaklink osv-info PATH\n"
	"\n"
	"Read an offline OSV database (a folder of OSV JSON records, the zip OSV\n"
	"publishes per ecosystem such as PyPI/all.zip, or one JSON file) as\n"
	"'scan --osv-db PATH' does, and print the record count, the ecosystems and\n"
	"the newest 'modified' date. Exit 2 when it cannot be read.\n";

int cmd_osv_info(int argc, char **argv)
{
	struct wl_osv_db *db;
	const struct wl_osv_info *in;
	char *err = NULL;
	size_t i;
	long long age;
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(osv_help, stdout);
		return WL_EXIT_CLEAN;
	}
	if (argc != 2) {
		fputs(osv_help, stderr);
		return WL_EXIT_ERROR;
	}
	if (wl_osv_load(argv[1], NULL, &db, &err)) {
		fprintf(stderr, "weaklink: osv-info: %s\n", err);
		free(err);
		return WL_EXIT_ERROR;
	}
	in = wl_osv_get_info(db);
	printf("path: %s\n", argv[1]);
	printf("records: %zu\n", in->records);
	printf("withdrawn: %zu (ignored)\n", in->withdrawn);
	printf("vulnerabilities: %zu (ids and aliases folded)\n", in->clusters);
	if (in->bad_versions)
		printf("unreadable range versions: %zu (ignored)\n", in->bad_versions);
	printf("ecosystems:");
	for (i = 0; in->ecosystems[i]; i++)
		printf("%s %s (%zu)", i ? "," : "", in->ecosystems[i], in->eco_records[i]);
	printf("%s\n", i ? "" : " none");
	if (in->newest) {
		age = (wl_scan_clock() - in->newest) / 86400;
		printf("newest modified: %s (%lld days ago)\n", in->newest_text, age < 0 ? 0 : age);
	} else {
		printf("newest modified: unknown\n");
	}
	wl_osv_free(db);
	return WL_EXIT_CLEAN;
}
