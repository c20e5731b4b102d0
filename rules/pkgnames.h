/*
 * pkgnames.h - package-name policy data: the popular PyPI names (typosquat
 * targets), look-alike characters, and known-compromised releases. Loaded
 * once from the embedded rules/data files; read-only and thread-safe after.
 */
#ifndef WL_PKGNAMES_H
#define WL_PKGNAMES_H

#include "engine.h"

/* Names ranked up to this are typosquat targets; every ranked name is
 * "known" and never flagged itself. */
#define WL_SQUAT_TARGET_RANK 5000
#define WL_SQUAT_MIN_TARGET_LEN 5

enum wl_squat_kind {
	WL_SQUAT_NONE = 0,
	WL_SQUAT_HOMOGLYPH,  /* look-alike characters spell a popular name */
	WL_SQUAT_EDIT,       /* one insertion, deletion or substitution */
	WL_SQUAT_SWAP,       /* two adjacent characters swapped */
	WL_SQUAT_PYFORM,     /* py <-> python swapped or dropped */
	WL_SQUAT_ORDER,      /* hyphen-separated words reordered */
	WL_SQUAT_SEPARATOR,  /* the same letters with separators added, dropped or changed */
	WL_SQUAT_EDIT2,      /* two letters dropped from or added to a long name */
};

struct wl_squat {
	enum wl_squat_kind kind;
	char target[128];    /* the popular name it imitates */
	char detail[160];    /* e.g. "Cyrillic 'о' (U+043E) for 'o'" */
};

/* 1-based download rank of a PEP 503 name in popular-pypi.txt, 0 if unranked. */
int wl_popular_rank(const char *normalized);

/*
 * Is `raw` (the name as written) a likely typosquat of a popular name?
 * `allow` (NULL-terminated, may be NULL) lists names the user vouches for;
 * rules/data/typosquat-allow.txt is always applied. Returns 1 and fills *out.
 */
int wl_typosquat_check(const char *raw, const char *const *allow, struct wl_squat *out);

/*
 * Hub organisations (rules/data/hub-orgs.txt, hub-orgs-allow.txt): is `org`
 * (the part of a model or dataset id before '/', as written) a look-alike of
 * a well-known one? `known` (NULL-terminated, may be NULL) adds well-known
 * organisations (`[hub] known_orgs`), `allow` genuine ones (`[hub] allow`).
 * A known name (any case) is never flagged. Homoglyphs (look-alike letters,
 * capital I for l, digits 0/1) of any known name; separators changed; one
 * edit or adjacent swap from a name of WL_HUB_EDIT_MIN_LEN or more; two
 * letters dropped or added to one of WL_HUB_EDIT2_MIN_LEN or more. Returns 1 and fills *out.
 */
#define WL_HUB_EDIT_MIN_LEN 5
#define WL_HUB_EDIT2_MIN_LEN 9
int wl_hub_org_check(const char *org, const char *const *known, const char *const *allow, struct wl_squat *out);

/* Optimal-string-alignment distance (insertions, deletions, substitutions,
 * adjacent swaps) between a and b, or max + 1 when it exceeds max. */
int wl_name_distance(const char *a, const char *b, int max);

struct wl_incident {
	const char *name;     /* PEP 503 */
	const char *versions; /* "all" or "1.0,1.1" */
	const char *date;
	const char *source;
};

/* The incident that makes `normalized`==`version` known-bad, or NULL.
 * `version` may be NULL (only "all" entries match then). */
const struct wl_incident *wl_compromised_find(const char *normalized, const char *version);

#endif
