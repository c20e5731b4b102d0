/*
 * pep440.h - Python version numbers and specifiers, exactly as PEP 440 (and
 * the `packaging` library) order and match them. One module for the whole
 * project: the OSV matcher uses it, and any rule that asks "is this version
 * below 2.6" or "does this specifier admit 1.0rc1" should too.
 *
 *   parse:    "1.0RC1", "v1.0-post1", "1!2.0.dev3+local.7" -> struct wl_pep440
 *             (every spelling PEP 440 normalises is accepted: case, a leading
 *             v, '-', '_', '.' separators, alpha/beta/c/pre/preview/rev/r,
 *             implicit numbers, "1.0-1" as a post-release)
 *   compare:  epochs, release with trailing zeros ignored, dev < pre < final
 *             < post, local versions after their public version, local
 *             segments numeric > alphanumeric
 *   specifier sets: "~=", "==" (with ".*"), "!=", "<", "<=", ">", ">=", "==="
 *             with PEP 440's exclusive-ordering and pre-release rules
 *
 * Untrusted input: inputs longer than WL_PEP440_MAX_TEXT, with more release
 * components than WL_PEP440_MAX_RELEASE or numbers above 10^18 are refused
 * (WL_EFORMAT / WL_ELIMIT), never truncated into a different version.
 */
#ifndef WL_PEP440_H
#define WL_PEP440_H

#include <stddef.h>
#include <stdint.h>

#define WL_PEP440_MAX_TEXT 256     /* bytes of one version string */
#define WL_PEP440_MAX_RELEASE 20   /* components of N(.N)* */
#define WL_PEP440_MAX_LOCAL 64     /* bytes of the normalised local label */
#define WL_PEP440_MAX_CLAUSES 32   /* clauses in one specifier set */

struct wl_pep440 {
	uint64_t epoch;
	uint64_t release[WL_PEP440_MAX_RELEASE];
	unsigned nrelease;      /* >= 1 */
	char pre_kind;          /* 0 (none), 'a', 'b' or 'c' (rc) */
	uint64_t pre;
	unsigned char has_post, has_dev;
	uint64_t post, dev;
	char local[WL_PEP440_MAX_LOCAL]; /* normalised ("ubuntu.1"), "" when none */
};

/* Parse `len` bytes of `s` (surrounding whitespace allowed). 0, WL_EFORMAT
 * (not a PEP 440 version) or WL_ELIMIT (a bound above was exceeded). */
int wl_pep440_parse(const char *s, size_t len, struct wl_pep440 *out);
/* <0, 0, >0 as a orders before, equal to, after b (PEP 440 ordering;
 * "1.0" == "1.0.0", local labels compared). */
int wl_pep440_cmp(const struct wl_pep440 *a, const struct wl_pep440 *b);
/* Without the local label, the release padded/truncated to neither side. */
int wl_pep440_cmp_public(const struct wl_pep440 *a, const struct wl_pep440 *b);
int wl_pep440_is_prerelease(const struct wl_pep440 *v); /* a/b/rc or dev */
/* The normalised form ("1!1.0rc1.post2.dev3+abc.5"), always NUL-terminated;
 * returns the length it needed. */
size_t wl_pep440_format(const struct wl_pep440 *v, char *buf, size_t n);

/* ------------------------------------------------------------ specifiers */

enum wl_pep440_op {
	WL_PEP440_OP_COMPATIBLE, /* ~= */
	WL_PEP440_OP_EQ,         /* == (prefix match when `wildcard`) */
	WL_PEP440_OP_NE,         /* != (prefix exclusion when `wildcard`) */
	WL_PEP440_OP_LE,
	WL_PEP440_OP_GE,
	WL_PEP440_OP_LT,
	WL_PEP440_OP_GT,
	WL_PEP440_OP_ARBITRARY,  /* === : string equality */
};

struct wl_pep440_clause {
	enum wl_pep440_op op;
	int wildcard;            /* "==1.2.*" / "!=1.2.*" */
	struct wl_pep440 v;
	char text[WL_PEP440_MAX_TEXT]; /* the version as written (for ===) */
};

struct wl_pep440_spec {
	struct wl_pep440_clause clause[WL_PEP440_MAX_CLAUSES];
	unsigned n;              /* 0: the empty set of clauses, matches everything */
};

/* "  >=1.0 , <2 ,!=1.5.*" -> clauses. 0, WL_EFORMAT or WL_ELIMIT. */
int wl_pep440_spec_parse(const char *s, size_t len, struct wl_pep440_spec *out);

enum {
	WL_PEP440_PRE_DEFAULT = -1, /* PEP 440: pre-releases only when a clause names one */
	WL_PEP440_PRE_EXCLUDE = 0,
	WL_PEP440_PRE_INCLUDE = 1,
};
/* Is `v` in the set? `raw` is the candidate as written (for ===; may be NULL). */
int wl_pep440_spec_contains(const struct wl_pep440_spec *s, const struct wl_pep440 *v, const char *raw,
			    int prereleases);

/*
 * The tightest bounds the ordered clauses give (~=, ==, ==X.*, <, <=, >, >=;
 * != only removes points and is ignored): for rules that ask "can this
 * specifier install a version below T?" -> !(has_lo && cmp(lo, T) >= 0).
 * ==X.* and ~=X.Y give lo = X (incl) and hi = the next prefix's .dev0 (excl).
 */
struct wl_pep440_bounds {
	int has_lo, lo_incl, has_hi, hi_incl;
	struct wl_pep440 lo, hi;
};
void wl_pep440_spec_bounds(const struct wl_pep440_spec *s, struct wl_pep440_bounds *b);

#endif
