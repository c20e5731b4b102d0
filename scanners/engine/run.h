/*
 * run.h - drive a whole scan: walk -> scan files in a thread pool -> rules'
 * finish() -> sort, suppress, fingerprint -> a struct wl_report.
 * The result is a pure function of the inputs, whatever the thread count.
 */
#ifndef WL_RUN_H
#define WL_RUN_H

#include "engine.h"
#include "report.h"
#include "walker.h"

struct wl_scan_options {
	int jobs;                     /* worker threads (>= 1) */
	const struct wl_config *config;
	size_t max_text_size;         /* text files above this are not parsed (notice) */
	const char *const *disabled;  /* rule ids or names, NULL-terminated or NULL */
	/* The scanners to run, NULL-terminated; NULL means wl_scanners (the
	 * registry). Unit tests pass their own to make a scanner fail. */
	const struct wl_scanner *const *scanners;
	/* Called on the calling thread about every 100 ms while the workers
	 * scan, with files done and the total (the progress line); NULL: none. */
	void (*progress)(size_t done, size_t total, void *arg);
	void *progress_arg;
	/* Where code lives: findings in tests/, examples/... drop by their
	 * class's levels (pathclass.h). NULL (--strict): every rule at its level. */
	const struct wl_path_classes *path_classes;
	const struct wl_vulndb_use *vulndb; /* --osv-db (osv.h), or NULL */
	const struct wl_oms_trust *trust;    /* [provenance] keys and anchors (oms.h), or NULL */
	/* Observer scanners (wl_scanner.observer) read foreign files too: set
	 * when their facts decide verdicts on other files in this run (model
	 * signatures are checked: trusted keys or require_signatures). */
	int observe_foreign;
};

/* Scan everything in `walk`, filling `r` (findings, notices, counts).
 * Foreign entries (--shard, --diff-base, --staged FILE) are read only by the
 * scanners whose facts feed cross-file rules (and only when one of them could
 * want the file), and nothing is reported on them, except, when
 * walk->report_dependents is set, the cross-file findings that depend on a
 * file that is not foreign: those that do not come out identical when
 * finish() runs on the foreign files' facts alone. Entries marked from_odb
 * are read from the object database (one repository handle per worker). */
void wl_run(const struct wl_scan_options *opt, const struct wl_walk *walk, struct wl_report *r);
void wl_report_release(struct wl_report *r);

/*
 * Scan one in-memory file as if it were `path` at the root of a repository:
 * every scanner that wants it, every rule, finish() included. For fuzzers and
 * unit tests; reads nothing from disk. (`r` must be zeroed or released.)
 */
void wl_scan_memory(const struct wl_scan_options *opt, const char *path, const unsigned char *data, size_t size,
		    struct wl_report *r);

/* Exposed for unit tests. */
int wl_suppression_matches(const char *line, size_t len, const struct wl_rule *rule, const char **comment);
uint32_t wl_byte_col_to_codepoint(const char *line, size_t linelen, uint32_t bytecol);

#endif
