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

/* Everything the command line says, parsed and checked for contradictions. */
struct scan_opts {
	struct output_req outs[16];
	size_t nouts;
	const char **excludes, **disabled;
	size_t nexcl, aexcl, ndis, adis;
	const char *config_path, *category, *baseline_path, *osv_path;
	const char **trusted_cli;
	size_t ntrusted_cli;
	unsigned shard_k, shard_n;
	int strict, jobs, untracked, no_config, include_suppressed, timestamps, color_mode;
	int no_progress, new_only, full_scan, staged, force_exclude;
	const char *diff_base, *rev;
	enum wl_level fail_on;
	unsigned long long max_text;
	const char *const *paths; /* PATH arguments, or "." */
	size_t npaths;
};

/* What a scan holds from the walk to the exit: released by scan_release. */
struct scan_state {
	struct wl_config *cfg;
	struct wl_walk walk;
	int walked;
	struct wl_walk_options wopt;
	struct wl_baseline *baseline;
	struct wl_vulndb_use vulndb;
	struct wl_oms_trust trust;
	char *osv_owned;
	struct wl_path_classes classes;
	int have_classes;
	struct wl_changes changes;
	int have_changes;
	char *auto_base;
	const char *base_origin;
	struct wl_report rep;
};

/* -o FORMAT[:FILE] */
static int parse_output(struct scan_opts *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char *name = colon ? wl_strndup(arg, (size_t)(colon - arg)) : wl_strdup(arg);
	const struct wl_output_format *fmt = wl_output_find(name);
	if (!fmt) {
		size_t k;
		fprintf(stderr, "weaklink: unknown output format '%s' (", name);
		for (k = 0; wl_output_formats[k]; k++)
			fprintf(stderr, "%s%s", k ? ", " : "", wl_output_formats[k]->name);
		fputs(")\n", stderr);
		free(name);
		return -1;
	}
	free(name);
	if (o->nouts == WL_ARRAY_SIZE(o->outs)) {
		fprintf(stderr, "weaklink: too many outputs\n");
		return -1;
	}
	o->outs[o->nouts].fmt = fmt;
	o->outs[o->nouts].file = colon && colon[1] && strcmp(colon + 1, "-") ? wl_strdup(colon + 1) : NULL;
	o->nouts++;
	return 0;
}

/* --shard K/N */
static int parse_shard(struct scan_opts *o, char *arg)
{
	unsigned long long sk, sn;
	char *slash = strchr(arg, '/');
	if (!slash || (*slash = 0, parse_size(arg, 4096, &sk)) || parse_size(slash + 1, 4096, &sn) || sk > sn) {
		if (slash)
			*slash = '/';
		fprintf(stderr, "weaklink: --shard wants K/N with 1 <= K <= N <= 4096, e.g. 2/4\n");
		return -1;
	}
	*slash = '/';
	o->shard_k = (unsigned)sk;
	o->shard_n = (unsigned)sn;
	return 0;
}

/* One option (getopt's c, optarg): 0, -1 after a message, -2 if unknown. */
static int parse_option(struct scan_opts *o, int c, char *arg, int argc)
{
	unsigned long long v;
	switch (c) {
	case 'o':
		return parse_output(o, arg);
	case 'j':
		if (parse_size(arg, 1024, &v)) {
			fprintf(stderr, "weaklink: --jobs wants a number from 1 to 1024\n");
			return -1;
		}
		o->jobs = (int)v;
		return 0;
	case OPT_FAIL_ON:
		if (wl_level_parse(arg, &o->fail_on)) {
			fprintf(stderr, "weaklink: --fail-on wants none, note, warning or error\n");
			return -1;
		}
		return 0;
	case OPT_DISABLE:
		if (!wl_catalog_find(arg)) {
			fprintf(stderr, "weaklink: --disable: no rule '%s' (see 'weaklink rules')\n", arg);
			return -1;
		}
		push(&o->disabled, &o->ndis, &o->adis, arg);
		return 0;
	case OPT_MAX_TEXT:
		if (parse_size(arg, 1ull << 40, &o->max_text)) {
			fprintf(stderr, "weaklink: --max-text-size wants a positive number of bytes\n");
			return -1;
		}
		return 0;
	case OPT_SHARD:
		return parse_shard(o, arg);
	case OPT_TRUSTED_KEY:
		if (!o->trusted_cli)
			o->trusted_cli = wl_calloc((size_t)argc, sizeof *o->trusted_cli);
		o->trusted_cli[o->ntrusted_cli++] = arg;
		return 0;
	case OPT_COLOR:
		if (!strcmp(arg, "auto"))
			o->color_mode = 0;
		else if (!strcmp(arg, "always"))
			o->color_mode = 1;
		else if (!strcmp(arg, "never"))
			o->color_mode = -1;
		else {
			fprintf(stderr, "weaklink: --color wants auto, always or never\n");
			return -1;
		}
		return 0;
	case OPT_EXCLUDE: push(&o->excludes, &o->nexcl, &o->aexcl, arg); return 0;
	case OPT_UNTRACKED: o->untracked = 1; return 0;
	case OPT_CATEGORY: o->category = arg; return 0;
	case OPT_CONFIG: o->config_path = arg; return 0;
	case OPT_NO_CONFIG: o->no_config = 1; return 0;
	case OPT_INCLUDE_SUPPRESSED: o->include_suppressed = 1; return 0;
	case OPT_TIMESTAMPS: o->timestamps = 1; return 0;
	case OPT_BASELINE: o->baseline_path = arg; return 0;
	case OPT_NO_PROGRESS: o->no_progress = 1; return 0;
	case OPT_DIFF_BASE: o->diff_base = arg; return 0;
	case OPT_NEW_ONLY: o->new_only = 1; return 0;
	case OPT_FULL_SCAN: o->full_scan = 1; return 0;
	case OPT_STAGED: o->staged = 1; return 0;
	case OPT_REV: o->rev = arg; return 0;
	case OPT_FORCE_EXCLUDE: o->force_exclude = 1; return 0;
	case OPT_STRICT: o->strict = 1; return 0;
	case OPT_OSV_DB: o->osv_path = arg; return 0;
	}
	return -2;
}

/* The command line: 0 to scan, 1 after --help, -1 after a message. */
static int parse_options(struct scan_opts *o, int argc, char **argv)
{
	static const char *const default_path[] = { "." };
	int c, r;
	o->fail_on = WL_LEVEL_WARNING;
	o->max_text = 64ull << 20;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":o:j:h", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(scan_help, stdout);
			fputs(scan_help_pr, stdout);
			return 1;
		case ':':
			fprintf(stderr, "weaklink: option '%s' needs a value\n\n%s%s", argv[optind - 1], scan_help, scan_help_pr);
			return -1;
		default:
			r = parse_option(o, c, optarg, argc);
			if (r == -2)
				fprintf(stderr, "weaklink: unknown option '%s'\n\n%s%s", argv[optind - 1], scan_help,
					scan_help_pr);
			if (r)
				return -1;
		}
	}
	o->paths = optind < argc ? (const char *const *)argv + optind : default_path;
	o->npaths = optind < argc ? (size_t)(argc - optind) : 1;
	if (!o->nouts) {
		o->outs[0].fmt = wl_output_find("text");
		o->outs[0].file = NULL;
		o->nouts = 1;
	}
	if (o->staged && o->rev) {
		fprintf(stderr, "weaklink: --staged and --rev scan different content: give one\n");
		return -1;
	}
	if (o->shard_n && (o->diff_base || o->staged || o->rev)) {
		fprintf(stderr, "weaklink: --shard splits a full scan; %s scans a part already\n",
			o->diff_base ? "--diff-base" : o->staged ? "--staged" : "--rev");
		return -1;
	}
	if (o->full_scan && (o->diff_base || o->new_only)) {
		fprintf(stderr, "weaklink: --full-scan contradicts %s\n", o->diff_base ? "--diff-base" : "--new-only");
		return -1;
	}
	if (!o->jobs) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		o->jobs = n > 0 && n < 1024 ? (int)n : 1;
	}
	return 0;
}

static int walk_paths(struct scan_opts *o, struct scan_state *s)
{
	char *err = NULL;
	if (wl_walk_collect(&s->walk, o->paths, o->npaths, &s->wopt, &err)) {
		fprintf(stderr, "weaklink: %s\n", err);
		free(err);
		return -1;
	}
	s->walked = 1;
	return 0;
}

/* The walk decides the root; the config at the root may add excludes,
 * so walk once for the root, then again if the config changes the walk.
 * Then the config's scan.fail_on and rules.disable. */
static int walk_and_config(struct scan_opts *o, struct scan_state *s, int argc, char **argv)
{
	const char *const *cfg_list;
	size_t i;
	s->wopt.untracked = o->untracked;
	s->wopt.excludes = o->excludes;
	s->wopt.force_exclude = o->force_exclude;
	s->wopt.staged = o->staged;
	s->wopt.rev = o->rev;
	if (walk_paths(o, s))
		return -1;
	s->cfg = wl_config_new();
	if (load_config(s->cfg, o->config_path, s->walk.root, o->no_config))
		return -1;
	cfg_list = wl_config_list(s->cfg, "scan.exclude");
	if (cfg_list && cfg_list[0]) {
		/* the config excludes paths: walk again with them and ours */
		for (i = 0; o->excludes && o->excludes[i]; i++)
			wl_config_add(s->cfg, "scan.exclude", o->excludes[i]);
		cfg_list = wl_config_list(s->cfg, "scan.exclude");
		wl_walk_release(&s->walk);
		s->walked = 0;
		s->wopt.excludes = cfg_list;
		if (walk_paths(o, s))
			return -1;
	}
	if (wl_config_str(s->cfg, "scan.fail_on") && !getenv("WEAKLINK_IGNORE_CONFIG_FAIL_ON")) {
		int explicit_fail_on = 0;
		for (i = 1; i < (size_t)argc; i++)
			if (!strncmp(argv[i], "--fail-on", 9))
				explicit_fail_on = 1;
		if (!explicit_fail_on && wl_level_parse(wl_config_str(s->cfg, "scan.fail_on"), &o->fail_on)) {
			fprintf(stderr, "weaklink: config: scan.fail_on wants none, note, warning or error\n");
			return -1;
		}
	}
	for (cfg_list = wl_config_list(s->cfg, "rules.disable"); cfg_list && *cfg_list; cfg_list++) {
		if (!wl_catalog_find(*cfg_list)) {
			fprintf(stderr, "weaklink: config: rules.disable: no rule '%s'\n", *cfg_list);
			return -1;
		}
		push(&o->disabled, &o->ndis, &o->adis, *cfg_list);
	}
	return 0;
}

/* [vulnerabilities]: db, max_age_days (schema rows in config.c), --osv-db */
static int load_vulndb(struct scan_opts *o, struct scan_state *s)
{
	const char *osv_path = o->osv_path;
	unsigned long long v;
	char *err = NULL;
	if (!osv_path && wl_config_str(s->cfg, "vulnerabilities.db")) {
		/* relative to the scanned root, where .weaklink.toml lives */
		const char *p = wl_config_str(s->cfg, "vulnerabilities.db");
		osv_path = s->osv_owned = p[0] == '/' ? wl_strdup(p) : wl_printf_alloc("%s%s", s->walk.root, p);
	}
	s->vulndb.max_age_days = 7;
	if (wl_config_str(s->cfg, "vulnerabilities.max_age_days")) {
		if (parse_size(wl_config_str(s->cfg, "vulnerabilities.max_age_days"), 36500, &v)) {
			fprintf(stderr, "weaklink: config: vulnerabilities.max_age_days wants a number of days from 1 to 36500\n");
			return -1;
		}
		s->vulndb.max_age_days = (int)v;
	}
	if (osv_path) {
		struct wl_osv_db *db = NULL;
		if (wl_osv_load(osv_path, NULL, &db, &err)) {
			fprintf(stderr, "weaklink: --osv-db: %s\n", err);
			free(err);
			return -1;
		}
		s->vulndb.db = db;
		s->vulndb.path = s->osv_owned ? wl_config_str(s->cfg, "vulnerabilities.db") : osv_path; /* as written */
		s->vulndb.now = wl_scan_clock();
	}
	return 0;
}

/* What the rules consult besides the files: baseline, OSV database,
 * trusted keys, the shard, path classes. */
static int load_inputs(struct scan_opts *o, struct scan_state *s)
{
	char *err = NULL;
	if (o->baseline_path && wl_baseline_load(o->baseline_path, &s->baseline, &err)) {
		fprintf(stderr, "weaklink: --baseline: %s\n", err);
		free(err);
		return -1;
	}
	if (load_vulndb(o, s))
		return -1;
	/* [provenance] trusted_keys, trusted_roots (relative to the root), --trusted-key */
	if (wl_trust_load(&s->trust, s->cfg, s->walk.root, o->trusted_cli, o->ntrusted_cli))
		return -1;
	if (o->shard_n)
		wl_walk_shard(&s->walk, o->shard_k, o->shard_n);
	/* path classes are checked even under --strict: a bad config is an error */
	if (wl_path_classes_init(&s->classes, s->cfg, &err)) {
		fprintf(stderr, "weaklink: config: %s\n", err);
		free(err);
		return -1;
	}
	s->have_classes = 1;
	return 0;
}

/* In a pull/merge request, scanning the repository means scanning its
 * change, unless a mode was chosen (--diff-base, --staged, --rev,
 * --shard, --full-scan) or something below the root was named. */
static int collect_changes(struct scan_opts *o, struct scan_state *s)
{
	char *err = NULL;
	if (!o->diff_base && !o->staged && !o->rev && !o->shard_n && !o->full_scan && s->walk.is_git &&
	    scans_root(&s->walk, o->paths, o->npaths)) {
		const char *gh = getenv("GITHUB_BASE_REF"), *gl = getenv("CI_MERGE_REQUEST_DIFF_BASE_SHA");
		if (gh && *gh) {
			s->auto_base = resolve_branch(&s->walk, gh);
			s->base_origin = "GITHUB_BASE_REF";
			if (!s->auto_base)
				fprintf(stderr, "weaklink: GITHUB_BASE_REF=%s: neither origin/%s nor %s is in the repository "
					"(fetch it, e.g. fetch-depth: 0): scanning everything\n", gh, gh, gh);
		} else if (gl && *gl) {
			s->auto_base = wl_strdup(gl);
			s->base_origin = "CI_MERGE_REQUEST_DIFF_BASE_SHA";
		}
		o->diff_base = s->auto_base;
	}
	if (o->new_only && !o->diff_base && !o->staged) {
		fprintf(stderr, "weaklink: --new-only needs a diff base: --diff-base REV, a pull/merge request, or "
			"--staged\n");
		return -1;
	}
	if (o->diff_base || (o->staged && o->new_only)) {
		const char *origin = s->base_origin;
		if (wl_changes_collect(&s->changes, &s->walk, o->diff_base, o->staged, o->rev, &err)) {
			fprintf(stderr, "weaklink: %s%s%s\n", origin ? origin : "", origin ? ": " : "", err);
			free(err);
			return -1;
		}
		s->have_changes = 1;
		if (o->diff_base || o->new_only) /* --staged --new-only: only the staged change */
			wl_changes_restrict(&s->changes, &s->walk);
		if (o->diff_base) {
			fprintf(stderr, "weaklink: scanning the change since %.12s, the merge base of %s%s%s%s and %s: "
				"%zu changed %s\n", s->changes.base, o->diff_base, origin ? " (" : "",
				origin ? origin : "", origin ? ")" : "", o->rev ? o->rev : "HEAD", s->changes.n,
				s->changes.n == 1 ? "file" : "files");
		}
	}
	return 0;
}

/* Run the scanners and rules into s->rep, then the baseline and --new-only. */
static void run_scan(struct scan_opts *o, struct scan_state *s, int argc, char **argv)
{
	struct wl_scan_options sopt;
	struct progress prog;
	memset(&sopt, 0, sizeof(sopt));
	sopt.path_classes = o->strict ? NULL : &s->classes;
	sopt.jobs = o->jobs;
	sopt.config = s->cfg;
	sopt.max_text_size = (size_t)o->max_text;
	sopt.disabled = o->disabled;
	memset(&prog, 0, sizeof(prog));
	if (!o->no_progress && isatty(STDERR_FILENO) && !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"))) {
		const char *after = getenv("WEAKLINK_PROGRESS_AFTER");
		prog.after = after && *after ? strtod(after, NULL) : 1.0;
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		sopt.progress = progress_line;
		sopt.progress_arg = &prog;
	}
	sopt.vulndb = s->vulndb.db ? &s->vulndb : NULL;
	sopt.trust = s->trust.nkeys || s->trust.roots ? &s->trust : NULL;
	{
		const char *req = wl_config_str(s->cfg, "provenance.require_signatures");
		sopt.observe_foreign = sopt.trust || (req && strcmp(req, "none"));
	}

	s->rep.tool_version = WL_VERSION;
	s->rep.root = wl_strdup(s->walk.root);
	s->rep.category = o->category;
	s->rep.prov = s->walk.prov;
	s->rep.argc = argc;
	s->rep.argv = argv;
	s->rep.include_suppressed = o->include_suppressed;
	s->rep.timestamps = o->timestamps;
	utc_now(s->rep.start_time, sizeof(s->rep.start_time), 0);
	wl_run(&sopt, &s->walk, &s->rep);
	if (prog.shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	utc_now(s->rep.end_time, sizeof(s->rep.end_time), 0);
	/* the baseline first, on every finding of the files scanned; then
	 * --new-only narrows them, and the scope drops what was not looked at */
	if (s->baseline)
		wl_baseline_apply(s->baseline, &s->rep);
	if (o->new_only && s->have_changes)
		wl_changes_filter(&s->changes, &s->rep);
	if (s->baseline)
		baseline_scope(&s->rep, &s->walk);
}

/* Write every output; the exit status from them and --fail-on. */
static int write_outputs(const struct scan_opts *o, const struct scan_state *s)
{
	int status = WL_EXIT_CLEAN;
	size_t i;
	for (i = 0; i < o->nouts; i++)
		if (write_output(&s->rep, &o->outs[i], o->color_mode))
			status = WL_EXIT_ERROR;
	if (status == WL_EXIT_CLEAN && o->fail_on != WL_LEVEL_NONE) {
		/* with a baseline, only what is new can fail the gate */
		for (i = 0; i < s->rep.nfindings; i++) {
			const struct wl_finding *f = s->rep.findings[i];
			if (!f->suppressed && f->level >= o->fail_on &&
			    (!s->baseline || f->baseline == WL_BASELINE_NEW))
				status = WL_EXIT_FINDINGS;
		}
		if (s->rep.files_failed && o->fail_on <= WL_LEVEL_WARNING)
			status = WL_EXIT_FINDINGS;
	}
	return status;
}

static void scan_release(struct scan_opts *o, struct scan_state *s)
{
	size_t i;
	if (s->rep.root) {
		s->rep.prov.repository_uri = s->rep.prov.revision = s->rep.prov.branch = NULL; /* owned by walk */
		wl_report_release(&s->rep);
	}
	if (s->have_classes)
		wl_path_classes_release(&s->classes);
	if (s->walked)
		wl_walk_release(&s->walk);
	wl_config_free(s->cfg);
	wl_baseline_free(s->baseline);
	wl_changes_release(&s->changes);
	free(s->auto_base);
	if (s->vulndb.db)
		wl_osv_free((struct wl_osv_db *)(uintptr_t)s->vulndb.db);
	free(s->osv_owned);
	wl_trust_release(&s->trust);
	free(o->trusted_cli);
	for (i = 0; i < o->nouts; i++)
		free(o->outs[i].file);
	free(o->excludes);
	free(o->disabled);
}

int cmd_scan(int argc, char **argv)
{
	struct scan_opts o;
	struct scan_state s;
	int status = WL_EXIT_ERROR, r;
	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	r = parse_options(&o, argc, argv);
	if (r > 0)
		status = WL_EXIT_CLEAN;
	else if (!r && !walk_and_config(&o, &s, argc, argv) && !load_inputs(&o, &s) && !collect_changes(&o, &s)) {
		run_scan(&o, &s, argc, argv);
		status = write_outputs(&o, &s);
	}
	scan_release(&o, &s);
	return status;
}
