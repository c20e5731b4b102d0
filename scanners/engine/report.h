/*
 * report.h - what a run produced, as the output formats see it.
 * Scanners and rules never include this: they use the setters in engine.h.
 * Everything here is sorted and final by the time an output sees it.
 */
#ifndef WL_REPORT_H
#define WL_REPORT_H

#include "engine.h"

struct wl_prop {
	char *key, *value;
};

struct wl_fix {
	char *description;
	struct wl_loc region;
	char *text;
};

/* --baseline: how a result compares with the baseline run (SARIF baselineState). */
enum wl_baseline_state {
	WL_BASELINE_NONE = 0, /* no baseline given */
	WL_BASELINE_NEW,
	WL_BASELINE_UNCHANGED,
	WL_BASELINE_UPDATED,  /* same fingerprint; level or message changed */
	WL_BASELINE_ABSENT,   /* in the baseline, gone now */
};

struct wl_finding {
	const struct wl_rule *rule;
	enum wl_level level;
	struct wl_loc loc;
	char *path;           /* owned copy of loc.path */
	char *message;
	char *key;            /* line-independent identity (fingerprint input) */
	char fingerprint[65]; /* weaklink/v1 */
	struct wl_prop *props;
	size_t nprops, aprops;
	struct wl_fix *fixes;
	size_t nfixes, afixes;
	int suppressed;       /* an in-source suppression matched */
	char *suppression;    /* the comment text that suppressed it */
	char *snippet;        /* the source line(s), text files only */
	uint32_t file_index;  /* position of the file in the walk (sorting) */
	uint32_t seq;
	enum wl_baseline_state baseline;
};

struct wl_notice {
	enum wl_level level;
	char *path; /* NULL: about the run, not a file */
	char *message;
};

struct wl_provenance {
	char *repository_uri; /* remote "origin" without credentials, or NULL */
	char *revision;       /* HEAD commit, or NULL */
	char *branch;         /* current branch, or NULL */
};

struct wl_report {
	const char *tool_version;
	char *root;           /* absolute path of %SRCROOT%, ends with '/' */
	const char *category; /* --category, or NULL */
	struct wl_provenance prov;
	char **argv;          /* the command line, for invocations */
	int argc;
	int include_suppressed;
	int timestamps;       /* write start/end times (opt-in; breaks byte identity) */
	char start_time[32], end_time[32];

	struct wl_finding **findings; /* sorted: path, line, col, rule id, message */
	size_t nfindings;
	struct wl_notice *notices;    /* sorted by path, then message */
	size_t nnotices;

	/* --baseline: results of the baseline that are gone (baseline ABSENT),
	 * and counts of unsuppressed findings by state */
	int has_baseline;
	struct wl_finding **absent;
	size_t nabsent, nabsent_alloc;
	size_t baseline_counts[5];

	size_t files_scanned, files_skipped, files_failed;
	size_t counts[4];       /* unsuppressed findings by level */
	size_t nsuppressed;
	int execution_successful;
};

/* Output formats (cmd/outputs.c): name + writer. */
struct wl_output_format {
	const char *name;
	const char *description;
	int (*write)(const struct wl_report *r, FILE *out, int color);
};

extern const struct wl_output_format *const wl_output_formats[];
const struct wl_output_format *wl_output_find(const char *name);

/* The human report (cmd/text.c). */
int wl_text_write(const struct wl_report *r, FILE *out, int color);
/* GitHub workflow-command annotations (cmd/github.c). */
int wl_github_write(const struct wl_report *r, FILE *out, int color);
/* A markdown summary for job summaries and MR comments (cmd/markdown.c). */
int wl_markdown_write(const struct wl_report *r, FILE *out, int color);
/* A self-contained HTML report drawing the supply chain (cmd/html.c). */
int wl_html_write(const struct wl_report *r, FILE *out, int color);

#endif
