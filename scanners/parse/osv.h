/*
 * osv.h - an offline OSV database (https://ossf.github.io/osv-schema/): a
 * directory of OSV JSON records, the zip OSV publishes per ecosystem
 * (PyPI/all.zip, read in place with the project's bounded zip reader), or one
 * JSON file (a record or an array of records). Loaded once per scan, read-only
 * afterwards, so rules may query it from any thread.
 *
 * Everything is bounded (record size, record count, total inflated bytes);
 * a database that cannot be read completely is an error, never "no
 * vulnerabilities". Withdrawn records are counted and ignored. Records of one
 * vulnerability (ids and aliases that meet) fold into one cluster.
 *
 * Matching: ECOSYSTEM (and SEMVER) ranges with introduced / fixed /
 * last_affected / limit events as the OSV schema defines them, and `versions`
 * lists; for PyPI every comparison is PEP 440 (pep440.h) and names are
 * compared PEP 503-normalised.
 */
#ifndef WL_OSV_H
#define WL_OSV_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

struct wl_osv_limits {
	size_t max_record;      /* bytes of one JSON record (default 4 MiB) */
	size_t max_records;     /* records (default 1,000,000) */
	uint64_t max_total;     /* bytes read or inflated, all records (default 4 GiB) */
};

struct wl_osv_db;

/* Load `path`. 0, or a negative WL_E* code with *err (caller frees) saying
 * what could not be read and why. `lim` NULL: the defaults. */
int wl_osv_load(const char *path, const struct wl_osv_limits *lim, struct wl_osv_db **out, char **err);
/* An empty database, and one record (or array of records) added to it from
 * memory, named `name` in messages: for fuzzers and unit tests. */
struct wl_osv_db *wl_osv_new(const struct wl_osv_limits *lim);
int wl_osv_add_json(struct wl_osv_db *db, const char *name, const char *json, size_t len, char **err);
/* Build the indexes after the last wl_osv_add_json (wl_osv_load does it). */
void wl_osv_finalize(struct wl_osv_db *db);
void wl_osv_free(struct wl_osv_db *db);

struct wl_osv_info {
	size_t records;         /* records read (withdrawn included) */
	size_t withdrawn;
	size_t clusters;        /* vulnerabilities after folding aliases (withdrawn excluded) */
	size_t bad_versions;    /* range event versions that are not valid for their ecosystem (ignored) */
	const char *const *ecosystems; /* sorted, NULL-terminated, of the affected packages */
	const size_t *eco_records;     /* records per ecosystem, same order */
	int64_t newest;         /* newest `modified` (seconds since the epoch), 0 when none */
	char newest_text[40];   /* as written, "" when none */
};
const struct wl_osv_info *wl_osv_get_info(const struct wl_osv_db *db);

/* One vulnerability that affects a package version (aliases folded). */
struct wl_osv_match {
	const char *id;          /* preferred id of the cluster (a record id) */
	const char *aliases;     /* the other ids and aliases, ", "-joined, sorted ("" none) */
	const char *summary;     /* "" when no record of the cluster has one */
	const char *fixed;       /* the lowest fixed version above the queried one, or NULL */
	enum wl_level level;     /* from CVSS v3 base score or database_specific.severity; WARNING default */
	double score;            /* CVSS v3 base score, or -1 when none */
	const char *severity;    /* "CVSS 9.8 (CVSS:3.1/...)", "HIGH (database_specific)" or "" */
};

/*
 * Every vulnerability affecting `name` (normalised by the caller's
 * ecosystem rules: PEP 503 for PyPI) at `version` in `ecosystem` (OSV's
 * spelling: "PyPI"). Fills *out (free() it; the strings belong to the db)
 * sorted by id, returns the count.
 */
size_t wl_osv_query(const struct wl_osv_db *db, const char *ecosystem, const char *name, const char *version,
		    struct wl_osv_match **out);

/* CVSS v3.0/v3.1 base score of a vector ("CVSS:3.1/AV:N/..."), per the
 * specification's formulas and Roundup. -1 when the vector is not valid. */
double wl_cvss3_base_score(const char *vector);

/* RFC 3339 UTC timestamp -> seconds since the epoch; -1 when not one. */
int64_t wl_osv_parse_time(const char *s);

/* --------------------------------------------------- scan-time settings */

/* What the vulnerability rules receive (wl_ctx_vulndb): the database, the
 * scan's clock and the staleness threshold. */
struct wl_vulndb_use {
	const struct wl_osv_db *db;
	const char *path;        /* as given, for messages */
	int64_t now;             /* the scan's clock: SOURCE_DATE_EPOCH when set */
	int max_age_days;        /* a note when the newest record is older */
};

#endif
