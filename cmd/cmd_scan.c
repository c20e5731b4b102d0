/*
 * cmd_scan.c - `weaklink scan`: options, config, walk, run, outputs, exit
 * status. Output files are written to a temporary name and renamed, so a
 * failed run never leaves a half-written SARIF for an upload step to send.
 * An output that exists and is not a regular file (/dev/null, /dev/stdout, a
 * FIFO) is written in place: renaming over it would replace the device.
 */
#include <sys/stat.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "baseline.h"
#include "config.h"
#include "gitsrc.h"
#include "pathclass.h"
#include "oms.h"
#include "osv.h"
#include "report.h"
#include "run.h"
#include "walker.h"

static const char scan_help[] =
	"usage: weaklink scan [options] [PATH...]\n"
	"\n"
	"Scan PATH (default: .). In a git work tree, the work tree's root means\n"
	"the files in the index, read from the work tree; a folder below it means\n"
	"every file under it that git does not ignore, tracked or not. A folder\n"
	"that is not a repository is walked directly; a file is scanned as given,\n"
	"even when git ignores it. A repository that cannot be read (corrupt\n"
	"index, broken .git) stops the scan.\n"
	"\n"
	"options:\n"
	"  -o, --output FORMAT[:FILE]  write a report; repeatable. FORMAT is text,\n"
	"                              sarif, gitlab-sast, codequality, github\n"
	"                              (workflow annotations), markdown (a job\n"
	"                              summary) or html (a self-contained report);\n"
	"                              FILE '-' or none is standard\n"
	"                              output. Default: text:-\n"
	"  -j, --jobs N                worker threads (default: number of cores)\n"
	"      --fail-on LEVEL         exit 1 on findings at or above LEVEL:\n"
	"                              none, note, warning (default), error\n"
	"      --untracked             at the work-tree root, also scan untracked files\n"
	"                              that are not ignored (a folder named below the\n"
	"                              root always includes them)\n"
	"      --exclude GLOB          skip matching paths; repeatable ('dir/**')\n"
	"      --disable RULE          turn a rule off (id or name); repeatable\n"
	"      --category ID           SARIF automationDetails.id (one per upload)\n"
	"      --config FILE           read FILE instead of <root>/.weaklink.toml or\n"
	"                              [tool.weaklink] in <root>/pyproject.toml\n"
	"      --no-config             read no configuration file\n"
	"      --strict                every rule at its own level, wherever the file\n"
	"                              lives (by default findings in tests/, examples/,\n"
	"                              docs/, notebooks, benchmarks/, scripts/ drop one\n"
	"                              level; see [path_classes] in the README)\n"
	"      --include-suppressed    keep in-source suppressed results in SARIF\n"
	"                              (marked as suppressions) and the text report\n"
	"      --max-text-size BYTES   do not parse text files larger than this\n"
	"                              (default 67108864; a notice says so)\n"
	"      --timestamps            write start/end times into SARIF\n"
	"      --color WHEN            auto (default), always, never; NO_COLOR is honoured\n"
	"      --no-progress           no progress line (shown on stderr when it is a\n"
	"                              terminal and the scan takes over a second)\n"
	"      --shard K/N             report only shard K of N (files split by a hash\n"
	"                              of their path); 'weaklink merge' joins the\n"
	"                              shards' SARIF into the bytes of a full scan\n"
	"      --baseline FILE         compare with an earlier SARIF run: results get\n"
	"                              baselineState new/unchanged/updated/absent, and\n"
	"                              --fail-on counts new results only\n"
	"      --osv-db PATH           check pinned versions against an offline OSV\n"
	"                              database: a folder of OSV JSON records or the\n"
	"                              zip OSV publishes (PyPI/all.zip); unreadable\n"
	"                              is exit 2. Config: [vulnerabilities] db\n"
	"      --trusted-key PEM       verify OpenSSF Model Signing bundles found in the\n"
	"                              repository against this EC public key\n"
	"                              (repeatable). Config: [provenance] trusted_keys,\n"
	"                              trusted_roots, require_signatures\n";

/* (two strings: C11 compilers need only take 4095 bytes in one) */
static const char scan_help_pr[] =
	"      --diff-base REV         scan only the files changed since the merge base\n"
	"                              of REV and HEAD (renames followed), and the\n"
	"                              cross-file findings those changes cause on other\n"
	"                              files; in a pull/merge request (GITHUB_BASE_REF,\n"
	"                              CI_MERGE_REQUEST_DIFF_BASE_SHA) this is automatic\n"
	"                              when the repository root is scanned\n"
	"      --new-only              keep only findings on added or changed lines\n"
	"                              (with --diff-base, a pull request, or --staged:\n"
	"                              the lines staged since HEAD)\n"
	"      --full-scan             no automatic --diff-base in a pull request\n"
	"      --staged                scan the blobs in the git index, not the work\n"
	"                              tree (pre-commit); FILE arguments restrict what\n"
	"                              is reported, the other staged files still feed\n"
	"                              cross-file checks (a manifest and its lock)\n"
	"      --rev REV               scan the tree of commit REV from the object\n"
	"                              database, without a checkout (bare repositories too)\n"
	"      --force-exclude         apply excludes to files named on the command line\n"
	"  -h, --help                  this help\n"
	"\n"
	"exit status:\n"
	"  0  no finding at or above --fail-on\n"
	"  1  findings at or above --fail-on (a file that could not be read or\n"
	"     fully scanned counts as a warning)\n"
	"  2  usage error, missing path, bad config, a git repository that cannot\n"
	"     be read, an unreadable --osv-db, or an output that could not be written\n";

struct output_req {
	const struct wl_output_format *fmt;
	char *file; /* NULL: stdout */
};

enum {
	OPT_FAIL_ON = 256,
	OPT_UNTRACKED,
	OPT_EXCLUDE,
	OPT_DISABLE,
	OPT_CATEGORY,
	OPT_CONFIG,
	OPT_NO_CONFIG,
	OPT_INCLUDE_SUPPRESSED,
	OPT_MAX_TEXT,
	OPT_TIMESTAMPS,
	OPT_COLOR,
	OPT_SHARD,
	OPT_BASELINE,
	OPT_NO_PROGRESS,
	OPT_DIFF_BASE,
	OPT_NEW_ONLY,
	OPT_FULL_SCAN,
	OPT_STAGED,
	OPT_REV,
	OPT_FORCE_EXCLUDE,
	OPT_STRICT,
	OPT_OSV_DB,
	OPT_TRUSTED_KEY,
};

static const struct option long_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "untracked", no_argument, NULL, OPT_UNTRACKED },
	{ "exclude", required_argument, NULL, OPT_EXCLUDE },
	{ "disable", required_argument, NULL, OPT_DISABLE },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "include-suppressed", no_argument, NULL, OPT_INCLUDE_SUPPRESSED },
	{ "max-text-size", required_argument, NULL, OPT_MAX_TEXT },
	{ "timestamps", no_argument, NULL, OPT_TIMESTAMPS },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "diff-base", required_argument, NULL, OPT_DIFF_BASE },
	{ "new-only", no_argument, NULL, OPT_NEW_ONLY },
	{ "full-scan", no_argument, NULL, OPT_FULL_SCAN },
	{ "staged", no_argument, NULL, OPT_STAGED },
	{ "rev", required_argument, NULL, OPT_REV },
	{ "force-exclude", no_argument, NULL, OPT_FORCE_EXCLUDE },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "osv-db", required_argument, NULL, OPT_OSV_DB },
	{ "trusted-key", required_argument, NULL, OPT_TRUSTED_KEY },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_size(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || v == 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

static void utc_now(char *buf, size_t n, int gitlab)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, gitlab ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * Write a file through `fn`: to a temporary name renamed into place, so a
 * reader never sees half a report; but an existing path that is not a
 * regular file (/dev/null, /dev/stdout, a FIFO) is written in place:
 * renaming over it would replace a device with a file (as root, /dev/null).
 */
int wl_output_file(const char *path, int (*fn)(FILE *f, void *arg), void *arg)
{
	FILE *f;
	char *tmp;
	struct stat st;
	int ret;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		f = fopen(path, "wb");
		if (!f) {
			fprintf(stderr, "weaklink: cannot write %s: %s\n", path, strerror(errno));
			return WL_EIO;
		}
		ret = fn(f, arg);
		if (fclose(f) != 0)
			ret = WL_EIO;
		if (ret)
			fprintf(stderr, "weaklink: cannot write %s: %s\n", path, strerror(errno));
		return ret;
	}
	tmp = wl_printf_alloc("%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f) {
		fprintf(stderr, "weaklink: cannot write %s: %s\n", path, strerror(errno));
		free(tmp);
		return WL_EIO;
	}
	ret = fn(f, arg);
	if (fclose(f) != 0)
		ret = WL_EIO;
	if (!ret && rename(tmp, path) != 0)
		ret = WL_EIO;
	if (ret) {
		fprintf(stderr, "weaklink: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ret;
}

struct report_out {
	const struct wl_report *r;
	const struct output_req *o;
	int color;
};

static int write_report(FILE *f, void *arg)
{
	const struct report_out *ro = arg;
	return ro->o->fmt->write(ro->r, f, ro->color);
}

static int write_output(const struct wl_report *r, const struct output_req *o, int color_mode)
{
	struct report_out ro = { r, o, color_mode == 1 };
	int ret;
	if (!o->file) {
		int color = color_mode == 1 || (color_mode == 0 && isatty(STDOUT_FILENO) && !getenv("NO_COLOR") &&
						!(getenv("TERM") && !strcmp(getenv("TERM"), "dumb")));
		ret = o->fmt->write(r, stdout, color);
		fflush(stdout);
		return ret;
	}
	return wl_output_file(o->file, write_report, &ro);
}

/* The progress line: on stderr when it is a terminal, once the scan has run
 * for a second (WEAKLINK_PROGRESS_AFTER=SECONDS changes that, for tests),
 * rewritten in place and cleared at the end. */
struct progress {
	struct timespec start;
	double after;
	int shown;
};

static double since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void progress_line(size_t done, size_t total, void *arg)
{
	struct progress *p = arg;
	double el = since(&p->start);
	if (el < p->after)
		return;
	fprintf(stderr, "\rweaklink: scanning %zu/%zu files (%zu%%), %.0f files/s\033[K", done, total,
		total ? done * 100 / total : 100, el > 0 ? (double)done / el : 0.0);
	fflush(stderr);
	p->shown = 1;
}

/* Config lookup: --config, else .weaklink.toml or [tool.weaklink] in
 * pyproject.toml at the root (config.c: wl_config_discover). */
static int load_config(struct wl_config *cfg, const char *explicit_path, const char *root, int no_config)
{
	char *err = NULL, *used = NULL;
	int ret = 0;
	if (no_config)
		return 0;
	if (wl_config_discover(cfg, root, explicit_path, &used, &err)) {
		fprintf(stderr, "weaklink: config: %s\n", err ? err : "cannot be read");
		ret = -1;
	}
	free(used);
	free(err);
	return ret;
}

static void push(const char ***list, size_t *n, size_t *alloc, const char *v)
{
	*list = wl_grow(*list, alloc, *n + 2, sizeof(**list));
	(*list)[(*n)++] = v;
	(*list)[*n] = NULL;
}

/* A baseline result on a file this run did not report on (foreign: not
 * changed, not named, another shard's) is not "absent": it was not looked
 * at. Drop those, and count the states of what is left. */
static void baseline_scope(struct wl_report *r, const struct wl_walk *w)
{
	struct wl_report gone;
	size_t i, n = 0;
	memset(&gone, 0, sizeof(gone));
	for (i = 0; i < r->nabsent; i++) {
		struct wl_finding *f = r->absent[i];
		size_t lo = 0, hi = w->n;
		int foreign = 0;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(w->entries[mid].path, f->path);
			if (!c) {
				foreign = w->entries[mid].foreign;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (foreign) {
			gone.findings = wl_grow(gone.findings, &gone.nabsent_alloc, gone.nfindings + 1,
						sizeof(*gone.findings));
			gone.findings[gone.nfindings++] = f;
		} else {
			r->absent[n++] = f;
		}
	}
	r->nabsent = n;
	gone.nabsent_alloc = 0;
	wl_report_release(&gone);
	memset(r->baseline_counts, 0, sizeof(r->baseline_counts));
	for (i = 0; i < r->nfindings; i++)
		if (!r->findings[i]->suppressed)
			r->baseline_counts[r->findings[i]->baseline]++;
	r->baseline_counts[WL_BASELINE_ABSENT] = r->nabsent;
}

/* Is every path the root of the walk (the repository as a whole)? */
static int scans_root(const struct wl_walk *w, const char *const *paths, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		char *abs = realpath(paths[i], NULL);
		int root = abs && !strncmp(abs, w->root, strlen(abs)) && strlen(abs) + 1 == strlen(w->root);
		free(abs);
		if (!root)
			return 0;
	}
	return 1;
}

/* GITHUB_BASE_REF is a branch name: the remote's copy first, then a local one. */
static char *resolve_branch(const struct wl_walk *w, const char *name)
{
	char *spec = wl_printf_alloc("origin/%s", name);
	if (wl_git_resolves(w, spec))
		return spec;
	free(spec);
	return wl_git_resolves(w, name) ? wl_strdup(name) : NULL;
}

int cmd_scan(int argc, char **argv)
{
	struct output_req outs[16];
	size_t nouts = 0, i, nexcl = 0, aexcl = 0, ndis = 0, adis = 0;
	const char **excludes = NULL, **disabled = NULL;
	const char *config_path = NULL, *category = NULL, *baseline_path = NULL, *osv_path = NULL;
	struct wl_vulndb_use vulndb;
	struct wl_oms_trust trust;
	const char **trusted_cli = NULL;
	size_t ntrusted_cli = 0;
	char *osv_owned = NULL;
	unsigned shard_k = 0, shard_n = 0;
	struct wl_baseline *baseline = NULL;
	int strict = 0, have_classes = 0;
	struct wl_path_classes classes;
	int jobs = 0, untracked = 0, no_config = 0, include_suppressed = 0, timestamps = 0, color_mode = 0;
	int no_progress = 0, new_only = 0, full_scan = 0, staged = 0, force_exclude = 0, have_changes = 0;
	const char *diff_base = NULL, *rev = NULL, *base_origin = NULL;
	char *auto_base = NULL;
	struct wl_changes changes;
	struct progress prog;
	enum wl_level fail_on = WL_LEVEL_WARNING;
	unsigned long long max_text = 64ull << 20, v;
	struct wl_config *cfg = NULL;
	struct wl_walk walk;
	struct wl_walk_options wopt;
	struct wl_scan_options sopt;
	struct wl_report rep;
	const char *const *cfg_list;
	const char *default_path[] = { "." };
	char *err = NULL;
	int c, status = WL_EXIT_ERROR, walked = 0;

	memset(&rep, 0, sizeof(rep));
	memset(&changes, 0, sizeof(changes));
	memset(&classes, 0, sizeof(classes));
	memset(&vulndb, 0, sizeof(vulndb));
	memset(&trust, 0, sizeof(trust));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o': {
			char *colon = strchr(optarg, ':');
			char *name = colon ? wl_strndup(optarg, (size_t)(colon - optarg)) : wl_strdup(optarg);
			const struct wl_output_format *fmt = wl_output_find(name);
			if (!fmt) {
				size_t k;
				fprintf(stderr, "weaklink: unknown output format '%s' (", name);
				for (k = 0; wl_output_formats[k]; k++)
					fprintf(stderr, "%s%s", k ? ", " : "", wl_output_formats[k]->name);
				fputs(")\n", stderr);
				free(name);
				goto done;
			}
			free(name);
			if (nouts == WL_ARRAY_SIZE(outs)) {
				fprintf(stderr, "weaklink: too many outputs\n");
				goto done;
			}
			outs[nouts].fmt = fmt;
			outs[nouts].file = colon && colon[1] && strcmp(colon + 1, "-") ? wl_strdup(colon + 1) : NULL;
			nouts++;
			break;
		}
		case 'j':
			if (parse_size(optarg, 1024, &v)) {
				fprintf(stderr, "weaklink: --jobs wants a number from 1 to 1024\n");
				goto done;
			}
			jobs = (int)v;
			break;
		case OPT_FAIL_ON:
			if (wl_level_parse(optarg, &fail_on)) {
				fprintf(stderr, "weaklink: --fail-on wants none, note, warning or error\n");
				goto done;
			}
			break;
		case OPT_UNTRACKED:
			untracked = 1;
			break;
		case OPT_EXCLUDE:
			push(&excludes, &nexcl, &aexcl, optarg);
			break;
		case OPT_DISABLE:
			if (!wl_catalog_find(optarg)) {
				fprintf(stderr, "weaklink: --disable: no rule '%s' (see 'weaklink rules')\n", optarg);
				goto done;
			}
			push(&disabled, &ndis, &adis, optarg);
			break;
		case OPT_CATEGORY:
			category = optarg;
			break;
		case OPT_CONFIG:
			config_path = optarg;
			break;
		case OPT_NO_CONFIG:
			no_config = 1;
			break;
		case OPT_INCLUDE_SUPPRESSED:
			include_suppressed = 1;
			break;
		case OPT_MAX_TEXT:
			if (parse_size(optarg, 1ull << 40, &max_text)) {
				fprintf(stderr, "weaklink: --max-text-size wants a positive number of bytes\n");
				goto done;
			}
			break;
		case OPT_TIMESTAMPS:
			timestamps = 1;
			break;
		case OPT_SHARD: {
			unsigned long long sk, sn;
			char *slash = strchr(optarg, '/');
			if (!slash || (*slash = 0, parse_size(optarg, 4096, &sk)) || parse_size(slash + 1, 4096, &sn) ||
			    sk > sn) {
				if (slash)
					*slash = '/';
				fprintf(stderr, "weaklink: --shard wants K/N with 1 <= K <= N <= 4096, e.g. 2/4\n");
				goto done;
			}
			*slash = '/';
			shard_k = (unsigned)sk;
			shard_n = (unsigned)sn;
			break;
		}
		case OPT_BASELINE:
			baseline_path = optarg;
			break;
		case OPT_NO_PROGRESS:
			no_progress = 1;
			break;
		case OPT_DIFF_BASE:
			diff_base = optarg;
			break;
		case OPT_NEW_ONLY:
			new_only = 1;
			break;
		case OPT_FULL_SCAN:
			full_scan = 1;
			break;
		case OPT_STAGED:
			staged = 1;
			break;
		case OPT_REV:
			rev = optarg;
			break;
		case OPT_FORCE_EXCLUDE:
			force_exclude = 1;
			break;
		case OPT_STRICT:
			strict = 1;
			break;
		case OPT_OSV_DB:
			osv_path = optarg;
			break;
		case OPT_TRUSTED_KEY:
			if (!trusted_cli)
				trusted_cli = wl_calloc((size_t)argc, sizeof *trusted_cli);
			trusted_cli[ntrusted_cli++] = optarg;
			break;
		case OPT_COLOR:
			if (!strcmp(optarg, "auto"))
				color_mode = 0;
			else if (!strcmp(optarg, "always"))
				color_mode = 1;
			else if (!strcmp(optarg, "never"))
				color_mode = -1;
			else {
				fprintf(stderr, "weaklink: --color wants auto, always or never\n");
				goto done;
			}
			break;
		case 'h':
			fputs(scan_help, stdout);
			fputs(scan_help_pr, stdout);
			status = WL_EXIT_CLEAN;
			goto done;
		case ':':
			fprintf(stderr, "weaklink: option '%s' needs a value\n\n%s%s", argv[optind - 1], scan_help, scan_help_pr);
			goto done;
		default:
			fprintf(stderr, "weaklink: unknown option '%s'\n\n%s%s", argv[optind - 1], scan_help, scan_help_pr);
			goto done;
		}
	}
	if (!nouts) {
		outs[0].fmt = wl_output_find("text");
		outs[0].file = NULL;
		nouts = 1;
	}
	if (staged && rev) {
		fprintf(stderr, "weaklink: --staged and --rev scan different content: give one\n");
		goto done;
	}
	if (shard_n && (diff_base || staged || rev)) {
		fprintf(stderr, "weaklink: --shard splits a full scan; %s scans a part already\n",
			diff_base ? "--diff-base" : staged ? "--staged" : "--rev");
		goto done;
	}
	if (full_scan && (diff_base || new_only)) {
		fprintf(stderr, "weaklink: --full-scan contradicts %s\n", diff_base ? "--diff-base" : "--new-only");
		goto done;
	}
	if (!jobs) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = n > 0 && n < 1024 ? (int)n : 1;
	}

	/* The walk decides the root; the config at the root may add excludes,
	 * so walk once for the root, then again if the config changes the walk. */
	memset(&wopt, 0, sizeof(wopt));
	wopt.untracked = untracked;
	wopt.excludes = excludes;
	wopt.force_exclude = force_exclude;
	wopt.staged = staged;
	wopt.rev = rev;
	if (wl_walk_collect(&walk, optind < argc ? (const char *const *)argv + optind : default_path,
			    optind < argc ? (size_t)(argc - optind) : 1, &wopt, &err)) {
		fprintf(stderr, "weaklink: %s\n", err);
		free(err);
		goto done;
	}
	walked = 1;
	cfg = wl_config_new();
	if (load_config(cfg, config_path, walk.root, no_config))
		goto done;
	cfg_list = wl_config_list(cfg, "scan.exclude");
	if (cfg_list && cfg_list[0]) {
		/* the config excludes paths: walk again with them and ours */
		for (i = 0; excludes && excludes[i]; i++)
			wl_config_add(cfg, "scan.exclude", excludes[i]);
		cfg_list = wl_config_list(cfg, "scan.exclude");
		wl_walk_release(&walk);
		walked = 0;
		wopt.excludes = cfg_list;
		if (wl_walk_collect(&walk, optind < argc ? (const char *const *)argv + optind : default_path,
				    optind < argc ? (size_t)(argc - optind) : 1, &wopt, &err)) {
			fprintf(stderr, "weaklink: %s\n", err);
			free(err);
			goto done;
		}
		walked = 1;
	}
	if (wl_config_str(cfg, "scan.fail_on") && !getenv("WEAKLINK_IGNORE_CONFIG_FAIL_ON")) {
		int explicit_fail_on = 0;
		for (i = 1; i < (size_t)argc; i++)
			if (!strncmp(argv[i], "--fail-on", 9))
				explicit_fail_on = 1;
		if (!explicit_fail_on && wl_level_parse(wl_config_str(cfg, "scan.fail_on"), &fail_on)) {
			fprintf(stderr, "weaklink: config: scan.fail_on wants none, note, warning or error\n");
			goto done;
		}
	}
	for (cfg_list = wl_config_list(cfg, "rules.disable"); cfg_list && *cfg_list; cfg_list++) {
		if (!wl_catalog_find(*cfg_list)) {
			fprintf(stderr, "weaklink: config: rules.disable: no rule '%s'\n", *cfg_list);
			goto done;
		}
		push(&disabled, &ndis, &adis, *cfg_list);
	}

	if (baseline_path && wl_baseline_load(baseline_path, &baseline, &err)) {
		fprintf(stderr, "weaklink: --baseline: %s\n", err);
		free(err);
		goto done;
	}
	/* ---- [vulnerabilities]: db, max_age_days (schema rows in config.c) ---- */
	if (!osv_path && wl_config_str(cfg, "vulnerabilities.db")) {
		/* relative to the scanned root, where .weaklink.toml lives */
		const char *p = wl_config_str(cfg, "vulnerabilities.db");
		osv_path = osv_owned = p[0] == '/' ? wl_strdup(p) : wl_printf_alloc("%s%s", walk.root, p);
	}
	vulndb.max_age_days = 7;
	if (wl_config_str(cfg, "vulnerabilities.max_age_days")) {
		if (parse_size(wl_config_str(cfg, "vulnerabilities.max_age_days"), 36500, &v)) {
			fprintf(stderr, "weaklink: config: vulnerabilities.max_age_days wants a number of days from 1 to 36500\n");
			goto done;
		}
		vulndb.max_age_days = (int)v;
	}
	if (osv_path) {
		struct wl_osv_db *db = NULL;
		if (wl_osv_load(osv_path, NULL, &db, &err)) {
			fprintf(stderr, "weaklink: --osv-db: %s\n", err);
			free(err);
			goto done;
		}
		vulndb.db = db;
		vulndb.path = osv_owned ? wl_config_str(cfg, "vulnerabilities.db") : osv_path; /* as written */
		vulndb.now = wl_scan_clock();
	}
	/* ---- end [vulnerabilities] ---- */
	/* [provenance] trusted_keys, trusted_roots (relative to the root), --trusted-key */
	if (wl_trust_load(&trust, cfg, walk.root, trusted_cli, ntrusted_cli))
		goto done;
	if (shard_n)
		wl_walk_shard(&walk, shard_k, shard_n);
	/* path classes are checked even under --strict: a bad config is an error */
	if (wl_path_classes_init(&classes, cfg, &err)) {
		fprintf(stderr, "weaklink: config: %s\n", err);
		free(err);
		goto done;
	}
	have_classes = 1;

	/* In a pull/merge request, scanning the repository means scanning its
	 * change, unless a mode was chosen (--diff-base, --staged, --rev,
	 * --shard, --full-scan) or something below the root was named. */
	if (!diff_base && !staged && !rev && !shard_n && !full_scan && walk.is_git &&
	    scans_root(&walk, optind < argc ? (const char *const *)argv + optind : default_path,
		       optind < argc ? (size_t)(argc - optind) : 1)) {
		const char *gh = getenv("GITHUB_BASE_REF"), *gl = getenv("CI_MERGE_REQUEST_DIFF_BASE_SHA");
		if (gh && *gh) {
			auto_base = resolve_branch(&walk, gh);
			base_origin = "GITHUB_BASE_REF";
			if (!auto_base)
				fprintf(stderr, "weaklink: GITHUB_BASE_REF=%s: neither origin/%s nor %s is in the repository "
					"(fetch it, e.g. fetch-depth: 0): scanning everything\n", gh, gh, gh);
		} else if (gl && *gl) {
			auto_base = wl_strdup(gl);
			base_origin = "CI_MERGE_REQUEST_DIFF_BASE_SHA";
		}
		diff_base = auto_base;
	}
	if (new_only && !diff_base && !staged) {
		fprintf(stderr, "weaklink: --new-only needs a diff base: --diff-base REV, a pull/merge request, or "
			"--staged\n");
		goto done;
	}
	if (diff_base || (staged && new_only)) {
		if (wl_changes_collect(&changes, &walk, diff_base, staged, rev, &err)) {
			fprintf(stderr, "weaklink: %s%s%s\n", base_origin ? base_origin : "", base_origin ? ": " : "", err);
			free(err);
			goto done;
		}
		have_changes = 1;
		if (diff_base || new_only) /* --staged --new-only: only the staged change */
			wl_changes_restrict(&changes, &walk);
		if (diff_base) {
			fprintf(stderr, "weaklink: scanning the change since %.12s, the merge base of %s%s%s%s and %s: "
				"%zu changed %s\n", changes.base, diff_base, base_origin ? " (" : "",
				base_origin ? base_origin : "", base_origin ? ")" : "", rev ? rev : "HEAD", changes.n,
				changes.n == 1 ? "file" : "files");
		}
	}

	memset(&sopt, 0, sizeof(sopt));
	sopt.path_classes = strict ? NULL : &classes;
	sopt.jobs = jobs;
	sopt.config = cfg;
	sopt.max_text_size = (size_t)max_text;
	sopt.disabled = disabled;
	memset(&prog, 0, sizeof(prog));
	if (!no_progress && isatty(STDERR_FILENO) && !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"))) {
		const char *after = getenv("WEAKLINK_PROGRESS_AFTER");
		prog.after = after && *after ? strtod(after, NULL) : 1.0;
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		sopt.progress = progress_line;
		sopt.progress_arg = &prog;
	}
	sopt.vulndb = vulndb.db ? &vulndb : NULL;
	sopt.trust = trust.nkeys || trust.roots ? &trust : NULL;
	{
		const char *req = wl_config_str(cfg, "provenance.require_signatures");
		sopt.observe_foreign = sopt.trust || (req && strcmp(req, "none"));
	}

	rep.tool_version = WL_VERSION;
	rep.root = wl_strdup(walk.root);
	rep.category = category;
	rep.prov = walk.prov;
	rep.argc = argc;
	rep.argv = argv;
	rep.include_suppressed = include_suppressed;
	rep.timestamps = timestamps;
	utc_now(rep.start_time, sizeof(rep.start_time), 0);
	wl_run(&sopt, &walk, &rep);
	if (prog.shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	utc_now(rep.end_time, sizeof(rep.end_time), 0);
	/* the baseline first, on every finding of the files scanned; then
	 * --new-only narrows them, and the scope drops what was not looked at */
	if (baseline)
		wl_baseline_apply(baseline, &rep);
	if (new_only && have_changes)
		wl_changes_filter(&changes, &rep);
	if (baseline)
		baseline_scope(&rep, &walk);

	status = WL_EXIT_CLEAN;
	for (i = 0; i < nouts; i++)
		if (write_output(&rep, &outs[i], color_mode))
			status = WL_EXIT_ERROR;
	if (status == WL_EXIT_CLEAN && fail_on != WL_LEVEL_NONE) {
		/* with a baseline, only what is new can fail the gate */
		for (i = 0; i < rep.nfindings; i++) {
			const struct wl_finding *f = rep.findings[i];
			if (!f->suppressed && f->level >= fail_on && (!baseline || f->baseline == WL_BASELINE_NEW))
				status = WL_EXIT_FINDINGS;
		}
		if (rep.files_failed && fail_on <= WL_LEVEL_WARNING)
			status = WL_EXIT_FINDINGS;
	}
done:
	if (rep.root) {
		rep.prov.repository_uri = rep.prov.revision = rep.prov.branch = NULL; /* owned by walk */
		wl_report_release(&rep);
	}
	if (have_classes)
		wl_path_classes_release(&classes);
	if (walked)
		wl_walk_release(&walk);
	wl_config_free(cfg);
	wl_baseline_free(baseline);
	wl_changes_release(&changes);
	free(auto_base);
	if (vulndb.db)
		wl_osv_free((struct wl_osv_db *)(uintptr_t)vulndb.db);
	free(osv_owned);
	wl_trust_release(&trust);
	free(trusted_cli);
	for (i = 0; i < nouts; i++)
		free(outs[i].file);
	free(excludes);
	free(disabled);
	return status;
}
