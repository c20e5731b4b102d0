/*
 * gitsrc.h - what a change touches: the files changed between the merge base
 * of a revision and what is scanned (the work tree, the index or a commit),
 * with the line ranges each one adds (--diff-base, --new-only).
 */
#ifndef WL_GITSRC_H
#define WL_GITSRC_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"
#include "walker.h"

struct wl_change {
	char *path;      /* the new path (renames followed) */
	uint32_t *lines; /* [start, end] pairs of added or changed lines, 1-based */
	size_t nranges, alloc;
	int whole;       /* added, or binary: every line counts as changed */
};

struct wl_changes {
	struct wl_change *v; /* sorted by path */
	size_t n, alloc;
	char *base;          /* the merge base, as hex */
};

/*
 * The changes between merge-base(base_rev, HEAD) and the walk's content:
 * the work tree through the index, the index (w's entries from_odb and no
 * `rev`) or the tree of `rev`. Deleted files are left out; renames are
 * followed (the new path). With base_rev NULL, the base is HEAD itself (the
 * staged change of a commit). WL_EUSAGE / WL_EIO with *err on failure.
 */
int wl_changes_collect(struct wl_changes *c, const struct wl_walk *w, const char *base_rev, int staged,
		       const char *rev, char **err);
void wl_changes_release(struct wl_changes *c);

/* Does `spec` name a commit in the walk's repository? */
int wl_git_resolves(const struct wl_walk *w, const char *spec);

/* Mark every entry of the walk whose path did not change as foreign, and
 * ask for the findings that depend on the changed files. */
void wl_changes_restrict(const struct wl_changes *c, struct wl_walk *w);

/* --new-only: drop the findings that touch no added or changed line (a
 * whole-file finding counts when its file changed at all), and recount. */
void wl_changes_filter(const struct wl_changes *c, struct wl_report *r);

#endif
