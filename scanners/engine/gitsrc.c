/*
 * gitsrc.c - the change a pull request or a commit makes, from libgit2's
 * diff: which files (renames followed, deletions left out) and which lines
 * of them (hunks without context). No shelling out to git.
 */
#include "gitsrc.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "run.h"

static char *git_msg(void)
{
	const git_error *e = git_error_last();
	return wl_strdup(e && e->message ? e->message : "unknown libgit2 error");
}

static struct wl_change *change_add(struct wl_changes *c, const char *path)
{
	struct wl_change *ch;
	if (c->n && !strcmp(c->v[c->n - 1].path, path))
		return &c->v[c->n - 1];
	c->v = wl_grow(c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	ch = &c->v[c->n++];
	memset(ch, 0, sizeof(*ch));
	ch->path = wl_strdup(path);
	return ch;
}

static int file_cb(const git_diff_delta *d, float progress, void *payload)
{
	struct wl_changes *c = payload;
	struct wl_change *ch;
	(void)progress;
	if (d->status == GIT_DELTA_DELETED || !d->new_file.path)
		return 0; /* deleted files are not scanned */
	ch = change_add(c, d->new_file.path);
	if (d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_UNTRACKED || d->status == GIT_DELTA_COPIED ||
	    (d->flags & GIT_DIFF_FLAG_BINARY))
		ch->whole = 1;
	return 0;
}

static int binary_cb(const git_diff_delta *d, const git_diff_binary *b, void *payload)
{
	struct wl_changes *c = payload;
	(void)b;
	if (d->status != GIT_DELTA_DELETED && d->new_file.path)
		change_add(c, d->new_file.path)->whole = 1;
	return 0;
}

static int hunk_cb(const git_diff_delta *d, const git_diff_hunk *h, void *payload)
{
	struct wl_changes *c = payload;
	struct wl_change *ch;
	if (d->status == GIT_DELTA_DELETED || !d->new_file.path || h->new_lines <= 0)
		return 0; /* a pure deletion adds no line */
	ch = change_add(c, d->new_file.path);
	ch->lines = wl_grow(ch->lines, &ch->alloc, 2 * (ch->nranges + 1), sizeof(*ch->lines));
	ch->lines[2 * ch->nranges] = (uint32_t)h->new_start;
	ch->lines[2 * ch->nranges + 1] = (uint32_t)(h->new_start + h->new_lines - 1);
	ch->nranges++;
	return 0;
}

static int cmp_change(const void *a, const void *b)
{
	return strcmp(((const struct wl_change *)a)->path, ((const struct wl_change *)b)->path);
}

/* The commit `spec` names, peeled. */
static int commit_of(git_repository *repo, const char *spec, git_oid *out)
{
	git_object *obj = NULL, *peeled = NULL;
	int rc = git_revparse_single(&obj, repo, spec);
	if (!rc)
		rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	if (!rc)
		git_oid_cpy(out, git_object_id(peeled));
	git_object_free(peeled);
	git_object_free(obj);
	return rc;
}

int wl_changes_collect(struct wl_changes *c, const struct wl_walk *w, const char *base_rev, int staged,
		       const char *rev, char **err)
{
	git_repository *repo = NULL;
	git_oid head, base, mb;
	git_commit *bc = NULL, *rc_commit = NULL;
	git_tree *btree = NULL, *rtree = NULL;
	git_diff *diff = NULL;
	git_diff_options dopt;
	git_diff_find_options fopt;
	const char *tip = rev ? rev : "HEAD";
	char hex[GIT_OID_HEXSZ + 1] = "HEAD";
	int ret = WL_EIO;

	memset(c, 0, sizeof(*c));
	*err = NULL;
	if (!w->gitdir || git_repository_open(&repo, w->gitdir) != 0) {
		char *m = git_msg();
		*err = wl_printf_alloc("a diff needs a git repository (%s)", m);
		free(m);
		return WL_EUSAGE;
	}
	if (!rev && !base_rev && git_repository_head_unborn(repo) == 1) {
		/* the first commit: everything staged is new (an empty base tree) */
		c->base = wl_strdup("(no commit yet)");
		if (git_diff_tree_to_index(&diff, repo, NULL, NULL, NULL) != 0)
			goto git_fail;
		ret = 0;
		if (git_diff_foreach(diff, file_cb, binary_cb, hunk_cb, NULL, c) != 0) {
			ret = WL_EIO;
			goto git_fail;
		}
		for (size_t i = 0; i < c->n; i++)
			c->v[i].whole = 1;
		if (c->n)
			qsort(c->v, c->n, sizeof(*c->v), cmp_change);
		goto out;
	}
	if (commit_of(repo, tip, &head) != 0) {
		char *m = git_msg();
		*err = wl_printf_alloc("cannot resolve %s: %s", tip, m);
		free(m);
		goto out;
	}
	if (base_rev) {
		if (commit_of(repo, base_rev, &base) != 0) {
			char *m = git_msg();
			*err = wl_printf_alloc("cannot resolve the diff base %s: %s (in CI, fetch it: a shallow clone may "
					       "lack it)", base_rev, m);
			free(m);
			ret = WL_EUSAGE;
			goto out;
		}
		if (git_merge_base(&mb, repo, &base, &head) != 0) {
			char *m = git_msg();
			*err = wl_printf_alloc("no merge base between %s and %s: %s", base_rev, tip, m);
			free(m);
			ret = WL_EUSAGE;
			goto out;
		}
	} else {
		git_oid_cpy(&mb, &head);
	}
	git_oid_tostr(hex, sizeof(hex), &mb);
	c->base = wl_strdup(hex);
	if (git_commit_lookup(&bc, repo, &mb) != 0 || git_commit_tree(&btree, bc) != 0)
		goto git_fail;

	git_diff_options_init(&dopt, GIT_DIFF_OPTIONS_VERSION);
	dopt.context_lines = 0;
	dopt.interhunk_lines = 0;
	if (rev) {
		if (git_commit_lookup(&rc_commit, repo, &head) != 0 || git_commit_tree(&rtree, rc_commit) != 0 ||
		    git_diff_tree_to_tree(&diff, repo, btree, rtree, &dopt) != 0)
			goto git_fail;
	} else if (staged) {
		if (git_diff_tree_to_index(&diff, repo, btree, NULL, &dopt) != 0)
			goto git_fail;
	} else {
		/* untracked files that git does not ignore are changes too (a
		 * named folder or --untracked scans them) */
		dopt.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		if (git_diff_tree_to_workdir_with_index(&diff, repo, btree, &dopt) != 0)
			goto git_fail;
	}
	git_diff_find_options_init(&fopt, GIT_DIFF_FIND_OPTIONS_VERSION);
	fopt.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_find_similar(diff, &fopt) != 0)
		goto git_fail;
	if (git_diff_foreach(diff, file_cb, binary_cb, hunk_cb, NULL, c) != 0)
		goto git_fail;
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cmp_change);
	ret = 0;
	goto out;
git_fail: {
		char *m = git_msg();
		*err = wl_printf_alloc("cannot compute the diff against %s: %s", hex, m);
		free(m);
	}
out:
	git_diff_free(diff);
	git_tree_free(rtree);
	git_tree_free(btree);
	git_commit_free(rc_commit);
	git_commit_free(bc);
	git_repository_free(repo);
	if (ret)
		wl_changes_release(c);
	return ret;
}

int wl_git_resolves(const struct wl_walk *w, const char *spec)
{
	git_repository *repo = NULL;
	git_oid oid;
	int ok;
	if (!w->gitdir || git_repository_open(&repo, w->gitdir) != 0)
		return 0;
	ok = commit_of(repo, spec, &oid) == 0;
	git_repository_free(repo);
	return ok;
}

void wl_changes_release(struct wl_changes *c)
{
	size_t i;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].lines);
	}
	free(c->v);
	free(c->base);
	memset(c, 0, sizeof(*c));
}

static const struct wl_change *find_change(const struct wl_changes *c, const char *path)
{
	struct wl_change key;
	key.path = (char *)(uintptr_t)path;
	return c->n ? bsearch(&key, c->v, c->n, sizeof(*c->v), cmp_change) : NULL;
}

void wl_changes_restrict(const struct wl_changes *c, struct wl_walk *w)
{
	size_t i;
	for (i = 0; i < w->n; i++)
		if (!find_change(c, w->entries[i].path))
			w->entries[i].foreign = 1;
	w->report_dependents = 1;
}

static int touches(const struct wl_change *ch, const struct wl_finding *f)
{
	uint32_t a = f->loc.line, b = f->loc.end_line > a ? f->loc.end_line : a;
	size_t k;
	if (ch->whole)
		return 1;
	if (a == 0) /* the file as a whole: it changed if any line did */
		return ch->nranges > 0;
	for (k = 0; k < ch->nranges; k++)
		if (a <= ch->lines[2 * k + 1] && b >= ch->lines[2 * k])
			return 1;
	return 0;
}

void wl_changes_filter(const struct wl_changes *c, struct wl_report *r)
{
	struct wl_report dropped;
	size_t i, n = 0;
	memset(&dropped, 0, sizeof(dropped));
	memset(r->counts, 0, sizeof(r->counts));
	r->nsuppressed = 0;
	for (i = 0; i < r->nfindings; i++) {
		struct wl_finding *f = r->findings[i];
		const struct wl_change *ch = find_change(c, f->path);
		if (ch && touches(ch, f)) {
			r->findings[n++] = f;
			if (f->suppressed)
				r->nsuppressed++;
			else
				r->counts[f->level]++;
		} else {
			dropped.findings = wl_grow(dropped.findings, &dropped.nabsent_alloc, dropped.nfindings + 1,
						   sizeof(*dropped.findings));
			dropped.findings[dropped.nfindings++] = f;
		}
	}
	r->nfindings = n;
	dropped.nabsent_alloc = 0;
	wl_report_release(&dropped); /* frees the findings left out */
}
