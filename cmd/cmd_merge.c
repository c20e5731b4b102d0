/*
 * cmd_merge.c - `weaklink merge` (join shard SARIF files into one run) and
 * `weaklink baseline` (write the SARIF file that --baseline compares with).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "merge.h"

static const char merge_help[] =
	"usage: weaklink merge [-o FILE] SHARD.sarif...\n"
	"\n"
	"Join the SARIF files of the shards of one scan ('weaklink scan --shard K/N')\n"
	"into one run: the same bytes as a single full scan. FILE defaults to\n"
	"standard output; it is written to a temporary name and renamed.\n"
	"\n"
	"exit status: 0 merged; 2 usage error, or a file that is not a shard of\n"
	"the same scan (another weaklink version, not weaklink's SARIF).\n";

static const char baseline_help[] =
	"usage: weaklink baseline [-o FILE] [scan options] [PATH...]\n"
	"\n"
	"Scan as 'weaklink scan' does and write the SARIF file that a later\n"
	"'weaklink scan --baseline FILE' compares with (default FILE:\n"
	"weaklink-baseline.sarif). Findings do not fail this command: a team adopts\n"
	"weaklink on a legacy repository by recording what is there, then gates\n"
	"only what is new.\n"
	"\n"
	"exit status: 0 written; 2 usage error or scan error.\n";

struct merge_in {
	const char **inputs;
	size_t n;
};

static int write_merged(FILE *out, void *arg)
{
	const struct merge_in *m = arg;
	char *err = NULL;
	int ret = wl_sarif_merge(m->inputs, m->n, out, &err);
	if (ret) {
		fprintf(stderr, "weaklink: merge: %s\n", err);
		free(err);
	}
	return ret;
}

int cmd_merge(int argc, char **argv)
{
	const char *out_path = NULL;
	struct merge_in m;
	int i, ret = WL_EXIT_ERROR;

	m.inputs = wl_calloc((size_t)argc + 1, sizeof(*m.inputs));
	m.n = 0;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(merge_help, stdout);
			ret = WL_EXIT_CLEAN;
			goto done;
		} else if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (++i == argc) {
				fprintf(stderr, "weaklink: merge: -o needs a file\n\n%s", merge_help);
				goto done;
			}
			out_path = argv[i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "weaklink: merge: unknown option '%s'\n\n%s", argv[i], merge_help);
			goto done;
		} else {
			m.inputs[m.n++] = argv[i];
		}
	}
	if (!m.n) {
		fprintf(stderr, "weaklink: merge: no SARIF files given\n\n%s", merge_help);
		goto done;
	}
	if (out_path && strcmp(out_path, "-"))
		ret = wl_output_file(out_path, write_merged, &m) ? WL_EXIT_ERROR : WL_EXIT_CLEAN;
	else
		ret = write_merged(stdout, &m) || fflush(stdout) ? WL_EXIT_ERROR : WL_EXIT_CLEAN;
done:
	free(m.inputs);
	return ret;
}

int cmd_baseline(int argc, char **argv)
{
	char **args = wl_calloc((size_t)argc + 7, sizeof(*args));
	char *out_spec = NULL;
	const char *out_path = "weaklink-baseline.sarif";
	int i, n = 0, ret;
	char scan_name[] = "scan", fail_opt[] = "--fail-on", fail_none[] = "none", o_opt[] = "-o";
	char full_opt[] = "--full-scan";

	args[n++] = scan_name;
	args[n++] = full_opt; /* a baseline records everything, even in a pull request */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(baseline_help, stdout);
			free(args);
			return WL_EXIT_CLEAN;
		}
		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
			if (++i == argc) {
				fprintf(stderr, "weaklink: baseline: -o needs a file\n\n%s", baseline_help);
				free(args);
				return WL_EXIT_ERROR;
			}
			out_path = argv[i];
			continue;
		}
		if (!strcmp(argv[i], "--fail-on") || !strcmp(argv[i], "--baseline") || !strcmp(argv[i], "--shard")) {
			fprintf(stderr, "weaklink: baseline: %s does not apply here\n\n%s", argv[i], baseline_help);
			free(args);
			return WL_EXIT_ERROR;
		}
		args[n++] = argv[i];
	}
	out_spec = wl_printf_alloc("sarif:%s", out_path);
	/* GNU getopt permutes: options after the paths are still options */
	args[n++] = fail_opt;
	args[n++] = fail_none;
	args[n++] = o_opt;
	args[n++] = out_spec;
	ret = cmd_scan(n, args);
	if (ret == WL_EXIT_CLEAN)
		fprintf(stderr, "weaklink: baseline written to %s\n", out_path);
	free(out_spec);
	free(args);
	return ret;
}
