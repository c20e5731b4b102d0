/*
 * cmd.h - subcommands (one cmd_*.c each) and exit codes.
 */
#ifndef WL_CMD_H
#define WL_CMD_H

#include <stdint.h>
#include <stdio.h>

#define WL_VERSION "0.1.0"

/* Exit status, as documented in --help and the README. */
enum {
	WL_EXIT_CLEAN = 0,    /* no finding at or above --fail-on */
	WL_EXIT_FINDINGS = 1, /* findings (or unreadable files) at or above --fail-on */
	WL_EXIT_ERROR = 2,    /* usage error, or the scan itself could not run */
};

struct wl_command {
	const char *name;
	const char *usage;   /* one line */
	const char *summary; /* for `weaklink help` */
	int (*run)(int argc, char **argv);
};

extern const struct wl_command *const wl_commands[];

int cmd_scan(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_baseline(int argc, char **argv);
int cmd_config(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_osv_info(int argc, char **argv);
int cmd_models(int argc, char **argv);

/* The keys and anchors a scan trusts for OMS model signatures (cmd_models.c):
 * [provenance] trusted_keys / trusted_roots (relative to `root`) and the
 * --trusted-key paths. 0, or -1 after a message on stderr (exit 2). */
struct wl_config;
struct wl_oms_trust;
int wl_trust_load(struct wl_oms_trust *t, const struct wl_config *cfg, const char *root, const char *const *cli,
		  size_t ncli);
void wl_trust_release(struct wl_oms_trust *t);

/* The scan's clock (seconds since the epoch): SOURCE_DATE_EPOCH when set, so
 * golden runs and reproducible builds give the same answer. */
long long wl_scan_clock(void);

void wl_usage_main(FILE *out);

/* Write `path` through fn (cmd_scan.c): atomically for a regular file, in
 * place for a device or FIFO. 0, or an error code after a message on stderr. */
int wl_output_file(const char *path, int (*fn)(FILE *f, void *arg), void *arg);

#endif
