/*
 * walker.c - the list of files to scan, from libgit2's index or a directory.
 * It never opens file contents (the engine does, with O_NOFOLLOW) and never
 * follows a symlink: a link is reported, not traversed, so a hostile
 * repository cannot make us read /etc/passwd or loop forever.
 */
#include "walker.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#define WALK_MAX_DEPTH 128

static void add_entry(struct wl_walk *w, const char *rel, enum wl_entry_kind kind,
		      enum wl_level level, const char *why)
{
	struct wl_entry *e;
	w->entries = wl_grow(w->entries, &w->alloc, w->n + 1, sizeof(*w->entries));
	e = &w->entries[w->n++];
	memset(e, 0, sizeof(*e));
	e->path = wl_strdup(rel);
	e->abspath = wl_printf_alloc("%s%s", w->root, rel);
	e->kind = kind;
	e->level = level;
	e->why = why ? wl_strdup(why) : NULL;
}

int wl_glob_match(const char *pattern, const char *path)
{
	size_t n = strlen(pattern);
	/* "dir/" + "**" and "dir/" exclude a whole subtree. */
	if (n >= 3 && strcmp(pattern + n - 3, "/**") == 0) {
		if (strncmp(path, pattern, n - 2) == 0)
			return 1;
		if (strncmp(path, pattern, n - 3) == 0 && path[n - 3] == '\0')
			return 1;
	}
	if (n >= 1 && pattern[n - 1] == '/' && strncmp(path, pattern, n) == 0)
		return 1;
	if (fnmatch(pattern, path, FNM_PATHNAME | FNM_PERIOD) == 0)
		return 1;
	/* a pattern without '/' matches the base name anywhere, like .gitignore */
	if (!strchr(pattern, '/') && fnmatch(pattern, wl_basename(path), FNM_PERIOD) == 0)
		return 1;
	return 0;
}

static int excluded(const struct wl_walk_options *opt, const char *rel)
{
	const char *const *p;
	if (!opt->excludes)
		return 0;
	for (p = opt->excludes; *p; p++)
		if (wl_glob_match(*p, rel))
			return 1;
	return 0;
}

/* Is the symlink at `abs` pointing inside `root`? (resolves fully) */
static int link_inside_root(const char *abs, const char *root)
{
	char *target = realpath(abs, NULL);
	int inside;
	if (!target)
		return 0;
	inside = strncmp(target, root, strlen(root)) == 0;
	free(target);
	return inside;
}

static void add_symlink(struct wl_walk *w, const char *rel)
{
	char *abs = wl_printf_alloc("%s%s", w->root, rel);
	if (link_inside_root(abs, w->root))
		add_entry(w, rel, WL_ENTRY_SKIP, WL_LEVEL_NONE, "symbolic link (its target is scanned in its own right)");
	else
		add_entry(w, rel, WL_ENTRY_SKIP, WL_LEVEL_NOTE,
			  "symbolic link pointing outside the repository (or dangling): not followed");
	free(abs);
}

/* ---- plain directory walk ---- */

static int walk_dir(struct wl_walk *w, const struct wl_walk_options *opt, const char *rel, int depth)
{
	char *abs = wl_printf_alloc("%s%s", w->root, rel);
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;

	if (depth > WALK_MAX_DEPTH) {
		add_entry(w, rel, WL_ENTRY_SKIP, WL_LEVEL_WARNING, "directory nesting deeper than 128 levels: not scanned");
		free(abs);
		return 0;
	}
	d = opendir(abs[0] ? abs : ".");
	if (!d) {
		char *why = wl_printf_alloc("cannot open directory: %s", strerror(errno));
		add_entry(w, rel[0] ? rel : ".", WL_ENTRY_SKIP, WL_LEVEL_WARNING, why);
		free(why);
		free(abs);
		return 0;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		names = wl_grow(names, &alloc, n + 1, sizeof(*names));
		names[n++] = wl_strdup(de->d_name);
	}
	closedir(d);

	for (i = 0; i < n; i++) {
		char *crel = rel[0] ? wl_printf_alloc("%s/%s", rel, names[i]) : wl_strdup(names[i]);
		char *cabs = wl_printf_alloc("%s%s", w->root, crel);
		struct stat st;
		if (excluded(opt, crel)) {
			/* excluded: not even counted */
		} else if (lstat(cabs, &st) != 0) {
			char *why = wl_printf_alloc("cannot stat: %s", strerror(errno));
			add_entry(w, crel, WL_ENTRY_SKIP, WL_LEVEL_WARNING, why);
			free(why);
		} else if (S_ISLNK(st.st_mode)) {
			add_symlink(w, crel);
		} else if (S_ISDIR(st.st_mode)) {
			if (strcmp(names[i], ".git") != 0)
				walk_dir(w, opt, crel, depth + 1);
		} else {
			/* regular files and specials alike: the engine opens them
			 * with O_NONBLOCK|O_NOFOLLOW and reports what they are */
			add_entry(w, crel, WL_ENTRY_FILE, WL_LEVEL_NONE, NULL);
		}
		free(cabs);
		free(crel);
		free(names[i]);
	}
	free(names);
	free(abs);
	return 0;
}

/* ---- git ---- */

static char *strip_credentials(const char *url)
{
	/* https://user:token@host/x -> https://host/x */
	const char *scheme = strstr(url, "://");
	const char *at, *slash;
	if (!scheme)
		return wl_strdup(url);
	at = strchr(scheme + 3, '@');
	slash = strchr(scheme + 3, '/');
	if (at && (!slash || at < slash))
		return wl_printf_alloc("%.*s%s", (int)(scheme + 3 - url), url, at + 1);
	return wl_strdup(url);
}

static void read_provenance(struct wl_walk *w, git_repository *repo)
{
	git_config *cfg = NULL;
	git_reference *head = NULL;
	const char *url = NULL;
	git_oid oid;

	/* Read remote.origin.url from a config snapshot rather than through
	 * git_remote_lookup(): libgit2 1.5 leaks PCRE2 match data there. */
	if (git_repository_config_snapshot(&cfg, repo) == 0) {
		if (git_config_get_string(&url, cfg, "remote.origin.url") == 0 && url)
			w->prov.repository_uri = strip_credentials(url);
		git_config_free(cfg);
	}
	if (git_reference_name_to_id(&oid, repo, "HEAD") == 0) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &oid);
		w->prov.revision = wl_strdup(hex);
	}
	if (git_repository_head(&head, repo) == 0) {
		if (git_reference_is_branch(head))
			w->prov.branch = wl_strdup(git_reference_shorthand(head));
		git_reference_free(head);
	}
}

static int under_prefix(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);
	if (!n)
		return 1;
	return strncmp(path, prefix, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

static char *git_msg(void)
{
	const git_error *e = git_error_last();
	return wl_strdup(e && e->message ? e->message : "unknown libgit2 error");
}

/* Add the status entries under `prefix`: untracked files that git does not
 * ignore (scanned), and, with `count_ignored`, the ignored ones (counted in
 * w->ignored). Returns the number of ignored files, or -1 with *err. */
static long walk_status(struct wl_walk *w, git_repository *repo, const char *prefix,
			const struct wl_walk_options *opt, int count_ignored, char **err)
{
	git_status_options so;
	git_status_list *list = NULL;
	char *spec[1];
	size_t i, count;
	long ignored = 0;

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	so.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (count_ignored)
		so.flags |= GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_RECURSE_IGNORED_DIRS;
	if (prefix[0]) {
		/* a literal path (no globbing of '[' or '*' in folder names) */
		spec[0] = (char *)(uintptr_t)prefix;
		so.pathspec.strings = spec;
		so.pathspec.count = 1;
		so.flags |= GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	}
	if (git_status_list_new(&list, repo, &so) != 0) {
		char *m = git_msg();
		*err = wl_printf_alloc("%s: cannot list the files of the git work tree: %s", w->root, m);
		free(m);
		return -1;
	}
	count = git_status_list_entrycount(list);
	for (i = 0; i < count; i++) {
		const git_status_entry *st = git_status_byindex(list, i);
		const char *p;
		struct stat lst;
		char *abs;
		if (!st->index_to_workdir || !(st->status & (GIT_STATUS_WT_NEW | GIT_STATUS_IGNORED)))
			continue;
		p = st->index_to_workdir->new_file.path;
		if (!p || !under_prefix(p, prefix) || excluded(opt, p))
			continue;
		if (st->status & GIT_STATUS_IGNORED) {
			if (count_ignored)
				ignored++;
			continue;
		}
		abs = wl_printf_alloc("%s%s", w->root, p);
		if (lstat(abs, &lst) == 0 && S_ISLNK(lst.st_mode))
			add_symlink(w, p);
		else
			add_entry(w, p, WL_ENTRY_FILE, WL_LEVEL_NONE, NULL);
		free(abs);
	}
	git_status_list_free(list);
	return ignored;
}

/* An empty index is normal in a new repository; in one whose HEAD has files
 * it means the index is gone (a deleted .git/index reads as empty). */
static int check_empty_index(struct wl_walk *w, git_repository *repo, char **err)
{
	git_object *tree = NULL;
	int unborn = git_repository_head_unborn(repo), ret = 0;
	if (unborn == 1)
		return 0;
	if (unborn < 0 || git_revparse_single(&tree, repo, "HEAD^{tree}") != 0) {
		char *m = git_msg();
		*err = wl_printf_alloc("%s: the git index is empty and HEAD cannot be read: %s", w->root, m);
		free(m);
		return WL_EIO;
	}
	if (git_tree_entrycount((git_tree *)tree) > 0) {
		*err = wl_printf_alloc("%s: the git index is empty but HEAD has files (was .git/index deleted? "
				       "`git reset` rebuilds it)", w->root);
		ret = WL_EIO;
	}
	git_object_free(tree);
	return ret;
}

/*
 * A folder in a work tree. The root is the repository: its index (plus the
 * untracked files on request). A folder below it was named: everything in it
 * that git does not ignore, tracked or not.
 */
static int walk_git(struct wl_walk *w, git_repository *repo, const char *prefix,
		    const struct wl_walk_options *opt, char **err)
{
	git_index *index = NULL;
	size_t i, count;
	int named = prefix[0] != '\0';

	if (named) {
		int ign = 0;
		if (git_ignore_path_is_ignored(&ign, repo, prefix) != 0) {
			char *m = git_msg();
			*err = wl_printf_alloc("%s: cannot read the git ignore rules: %s", w->root, m);
			free(m);
			return WL_EIO;
		}
		if (ign) /* named although ignored: all of it, like a named file */
			return walk_dir(w, opt, prefix, 0);
	}
	if (git_repository_index(&index, repo) != 0) {
		char *m = git_msg();
		*err = wl_printf_alloc("%s: cannot read the git index (.git/index): %s; the files to scan are not "
				       "known (`rm .git/index; git reset` rebuilds it)", w->root, m);
		free(m);
		return WL_EIO;
	}
	count = git_index_entrycount(index);
	if (!count && check_empty_index(w, repo, err)) {
		git_index_free(index);
		return WL_EIO;
	}
	for (i = 0; i < count; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		if (!e || !under_prefix(e->path, prefix) || excluded(opt, e->path))
			continue;
		if (git_index_entry_stage(e) > 1)
			continue; /* conflict stages: the work tree file is listed once */
		if (e->mode == GIT_FILEMODE_COMMIT)
			add_entry(w, e->path, WL_ENTRY_SKIP, WL_LEVEL_NOTE,
				  "git submodule: not scanned (scan that repository on its own)");
		else if (e->mode == GIT_FILEMODE_LINK)
			add_symlink(w, e->path);
		else
			add_entry(w, e->path, WL_ENTRY_FILE, WL_LEVEL_NONE, NULL);
	}
	git_index_free(index);

	if (named || opt->untracked) {
		long ignored = walk_status(w, repo, prefix, opt, named, err);
		if (ignored < 0)
			return WL_EIO;
		if (ignored > 0) {
			char *why = wl_printf_alloc("%ld %s ignored by git (.gitignore): not scanned; a file named on the "
						    "command line is always scanned",
						    ignored, ignored == 1 ? "file" : "files");
			w->ignored += (size_t)ignored;
			add_entry(w, prefix, WL_ENTRY_NOTICE, WL_LEVEL_NOTE, why);
			free(why);
		}
	}
	return 0;
}

/* ---- the object database: --staged (the index's blobs), --rev (a tree) ---- */

static void add_odb_entry(struct wl_walk *w, const struct wl_walk_options *opt, const char *rel,
			  unsigned mode, const git_oid *oid)
{
	struct wl_entry *e;
	if (excluded(opt, rel))
		return;
	if (mode == GIT_FILEMODE_COMMIT) {
		add_entry(w, rel, WL_ENTRY_SKIP, WL_LEVEL_NOTE, "git submodule: not scanned (scan that repository on its own)");
		return;
	}
	if (mode == GIT_FILEMODE_LINK) {
		add_entry(w, rel, WL_ENTRY_SKIP, WL_LEVEL_NONE, "symbolic link: not followed");
		return;
	}
	add_entry(w, rel, WL_ENTRY_FILE, WL_LEVEL_NONE, NULL);
	e = &w->entries[w->n - 1];
	e->from_odb = 1;
	memcpy(e->oid, oid->id, sizeof(e->oid));
}

struct tree_walk {
	struct wl_walk *w;
	const struct wl_walk_options *opt;
};

static int tree_cb(const char *dir, const git_tree_entry *te, void *payload)
{
	struct tree_walk *tw = payload;
	git_object_t type = git_tree_entry_type(te);
	char *rel;
	if (type == GIT_OBJECT_TREE)
		return 0;
	rel = wl_printf_alloc("%s%s", dir, git_tree_entry_name(te));
	add_odb_entry(tw->w, tw->opt, rel, (unsigned)git_tree_entry_filemode(te), git_tree_entry_id(te));
	free(rel);
	return 0;
}

static int walk_odb(struct wl_walk *w, git_repository *repo, const struct wl_walk_options *opt, char **err)
{
	if (opt->rev) {
		git_object *obj = NULL;
		git_commit *commit = NULL;
		git_tree *tree = NULL;
		struct tree_walk tw = { w, opt };
		char hex[GIT_OID_HEXSZ + 1];
		int rc;
		if (git_revparse_single(&obj, repo, opt->rev) != 0 ||
		    git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) != 0 ||
		    git_commit_tree(&tree, commit) != 0) {
			char *m = git_msg();
			*err = wl_printf_alloc("--rev %s: not a commit in %s: %s", opt->rev, w->gitdir, m);
			free(m);
			git_object_free(obj);
			git_commit_free(commit);
			return WL_EUSAGE;
		}
		git_oid_tostr(hex, sizeof(hex), git_commit_id(commit));
		free(w->prov.revision);
		w->prov.revision = wl_strdup(hex);
		free(w->prov.branch);
		w->prov.branch = NULL;
		rc = git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &tw);
		git_tree_free(tree);
		git_commit_free(commit);
		git_object_free(obj);
		if (rc != 0) {
			char *m = git_msg();
			*err = wl_printf_alloc("--rev %s: cannot read the tree: %s", opt->rev, m);
			free(m);
			return WL_EIO;
		}
	} else {
		git_index *index = NULL;
		size_t i, count;
		if (git_repository_index(&index, repo) != 0) {
			char *m = git_msg();
			*err = wl_printf_alloc("%s: cannot read the git index (.git/index): %s", w->root, m);
			free(m);
			return WL_EIO;
		}
		count = git_index_entrycount(index);
		if (!count && check_empty_index(w, repo, err)) {
			git_index_free(index);
			return WL_EIO;
		}
		for (i = 0; i < count; i++) {
			const git_index_entry *e = git_index_get_byindex(index, i);
			if (!e)
				continue;
			if (git_index_entry_stage(e) > 0) {
				if (git_index_entry_stage(e) == 1)
					add_entry(w, e->path, WL_ENTRY_SKIP, WL_LEVEL_WARNING,
						  "unmerged (a merge conflict): there is no staged content to scan");
				continue;
			}
			add_odb_entry(w, opt, e->path, e->mode, &e->id);
		}
		git_index_free(index);
	}
	return 0;
}

struct wl_odb_reader {
	git_repository *repo;
};

struct wl_odb_reader *wl_odb_reader_open(const struct wl_walk *w, char **err)
{
	struct wl_odb_reader *r;
	git_repository *repo = NULL;
	*err = NULL;
	if (!w->gitdir || git_repository_open_bare(&repo, w->gitdir) != 0) {
		char *m = git_msg();
		*err = wl_printf_alloc("cannot open the git repository %s: %s", w->gitdir ? w->gitdir : "(none)", m);
		free(m);
		return NULL;
	}
	r = wl_calloc(1, sizeof(*r));
	r->repo = repo;
	return r;
}

int wl_odb_read(struct wl_odb_reader *r, const struct wl_entry *e, const unsigned char **data, size_t *size,
		void **hold, char **err)
{
	git_blob *blob = NULL;
	git_oid oid;
	*hold = NULL;
	*err = NULL;
	memcpy(oid.id, e->oid, sizeof(e->oid));
	if (git_blob_lookup(&blob, r->repo, &oid) != 0) {
		char *m = git_msg();
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), &oid);
		*err = wl_printf_alloc("cannot read blob %s from the object database: %s", hex, m);
		free(m);
		return WL_EIO;
	}
	*data = git_blob_rawcontent(blob);
	*size = (size_t)git_blob_rawsize(blob);
	*hold = blob;
	return 0;
}

void wl_odb_release(void *hold)
{
	git_blob_free(hold);
}

void wl_odb_reader_close(struct wl_odb_reader *r)
{
	if (!r)
		return;
	git_repository_free(r->repo);
	free(r);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct wl_entry *)a)->path, ((const struct wl_entry *)b)->path);
}

static void sort_unique(struct wl_walk *w)
{
	size_t i, j = 0;
	if (!w->n)
		return;
	qsort(w->entries, w->n, sizeof(*w->entries), cmp_entry);
	for (i = 1; i < w->n; i++) {
		if (strcmp(w->entries[i].path, w->entries[j].path) == 0) {
			free(w->entries[i].path);
			free(w->entries[i].abspath);
			free(w->entries[i].why);
			continue;
		}
		w->entries[++j] = w->entries[i];
	}
	w->n = j + 1;
}

static char *dir_with_slash(const char *p)
{
	return wl_ends_with(p, "/") ? wl_strdup(p) : wl_printf_alloc("%s/", p);
}

/* Is `path` the folder `dir` (ends with '/') or inside it? */
static int within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) || (strlen(path) == n - 1 && !strncmp(path, dir, n - 1));
}

/*
 * The root outside git: one folder is its own root (paths read relative to
 * the repository given); otherwise the current folder when every path is
 * under it (paths read as typed), else the deepest folder holding them all.
 */
static char *plain_root(char **abs, size_t n, int first_is_dir)
{
	char *cwd, *cwd_slash, *root;
	size_t i, len;
	if (n == 1 && first_is_dir)
		return dir_with_slash(abs[0]);
	cwd = realpath(".", NULL);
	cwd_slash = cwd ? dir_with_slash(cwd) : NULL;
	free(cwd);
	for (i = 0; cwd_slash && i < n; i++)
		if (!within(abs[i], cwd_slash))
			break;
	if (cwd_slash && i == n)
		return cwd_slash;
	free(cwd_slash);
	/* common prefix, cut back to a '/' boundary */
	root = wl_strdup(abs[0]);
	for (i = 1; i < n; i++) {
		size_t k = 0;
		while (root[k] && root[k] == abs[i][k])
			k++;
		if (root[k] || (abs[i][k] && abs[i][k] != '/'))
			while (k > 0 && root[k - 1] != '/')
				k--;
		root[k] = '\0';
	}
	len = strlen(root);
	if (n == 1 || (len && root[len - 1] != '/')) {
		/* a single file, or a common prefix that is a file: its folder */
		struct stat st;
		if (!(stat(root, &st) == 0 && S_ISDIR(st.st_mode))) {
			char *slash = strrchr(root, '/');
			if (slash)
				slash[1] = '\0';
		}
	}
	cwd_slash = dir_with_slash(root[0] ? root : "/");
	free(root);
	return cwd_slash;
}

/* Is there a .git (folder or file) in `start` or above it, or, with bare,
 * a bare repository's layout (HEAD, objects/, refs/)? *where: the .git
 * found (NULL for a bare layout). */
static int find_upward(const char *start, int is_dir, int bare, char **where)
{
	static const char *const layout[] = { "HEAD", "objects", "refs" };
	char *dir = wl_strdup(start);
	int found = 0;
	*where = NULL;
	if (!is_dir) {
		char *slash = strrchr(dir, '/');
		if (slash)
			slash[slash == dir ? 1 : 0] = '\0';
	}
	for (;;) {
		struct stat st;
		const char *sep = wl_ends_with(dir, "/") ? "" : "/";
		char *p = wl_printf_alloc("%s%s.git", dir, sep);
		size_t k, have = 0;
		if (lstat(p, &st) == 0) {
			*where = p;
			found = 1;
			break;
		}
		free(p);
		for (k = 0; bare && k < 3; k++) {
			p = wl_printf_alloc("%s%s%s", dir, sep, layout[k]);
			have += stat(p, &st) == 0;
			free(p);
		}
		if (bare && have == 3) {
			found = 1;
			break;
		}
		{
			char *slash = strrchr(dir, '/');
			if (!slash || !strcmp(dir, "/"))
				break;
			slash[slash == dir ? 1 : 0] = '\0';
		}
	}
	free(dir);
	return found;
}

/* libgit2 found no repository from `start`: is there a .git (folder or
 * file) in it or above it all the same? Then it is a broken repository. */
static int find_dot_git(const char *start, int is_dir, char **where)
{
	return find_upward(start, is_dir, 0, where);
}

/* Could libgit2's discovery (git_repository_open_ext, no flags) find a
 * repository from start: a .git entry there or above, or there or above a
 * bare repository's layout? When it cannot, the walk never starts
 * libgit2, whose start-up reads the TLS CA bundle. */
static int may_find_repo(const char *start, int is_dir)
{
	char *where;
	int found = find_upward(start, is_dir, 1, &where);
	free(where);
	return found;
}

/* --staged / --rev with paths: every blob stays in the walk (a manifest named
 * alone is still judged against its lock file), but only the blobs under the
 * paths named are reported; the others are foreign. */
static void report_only_named(struct wl_walk *w, const struct wl_walk_options *opt, char **rels, size_t nrel)
{
	size_t nblobs = w->n, j, k;
	unsigned char *hit = wl_calloc(nrel, 1);
	w->report_dependents = 1;
	for (k = 0; k < nblobs; k++) {
		int named = 0;
		for (j = 0; j < nrel; j++)
			if (under_prefix(w->entries[k].path, rels[j]))
				named = hit[j] = 1;
		if (named && opt->force_exclude && excluded(opt, w->entries[k].path))
			named = 0;
		w->entries[k].foreign = !named;
	}
	/* a path named that holds no blob is said, not silently passed */
	for (j = 0; j < nrel; j++)
		if (!hit[j] && !(opt->force_exclude && excluded(opt, rels[j])))
			add_entry(w, rels[j], WL_ENTRY_NOTICE, WL_LEVEL_NOTE,
				  opt->rev ? "not in the commit's tree (--rev): not scanned"
					   : "not in the git index (--staged: `git add` it first): not scanned");
	free(hit);
}

int wl_walk_collect(struct wl_walk *w, const char *const *paths, size_t npaths,
		    const struct wl_walk_options *opt, char **err)
{
	git_repository *repo = NULL;
	char **abs = wl_calloc(npaths, sizeof(char *));
	struct stat st0;
	size_t i;
	int ret = 0, rc;
	char *dotgit = NULL;

	memset(w, 0, sizeof(*w));
	*err = NULL;
	for (i = 0; i < npaths; i++) {
		abs[i] = realpath(paths[i], NULL);
		if (!abs[i]) {
			*err = wl_printf_alloc("%s: %s", paths[i], strerror(errno));
			ret = WL_EUSAGE;
			goto done;
		}
	}
	if (stat(abs[0], &st0) != 0) {
		*err = wl_printf_alloc("%s: %s", paths[0], strerror(errno));
		ret = WL_EUSAGE;
		goto done;
	}

	if (opt->staged || opt->rev || may_find_repo(abs[0], S_ISDIR(st0.st_mode))) {
		git_libgit2_init(); /* balanced by wl_walk_release() */
		w->git_started = 1;
		rc = git_repository_open_ext(&repo, abs[0], 0, NULL);
	} else {
		rc = GIT_ENOTFOUND;
	}
	if (rc != 0 && (rc != GIT_ENOTFOUND || find_dot_git(abs[0], S_ISDIR(st0.st_mode), &dotgit))) {
		/* a repository is there but cannot be opened: walking it as a plain
		 * folder would ignore what git ignores and miss what it tracks */
		char *m = git_msg();
		*err = dotgit ? wl_printf_alloc("%s: not a git repository libgit2 can open: %s", dotgit, m)
			      : wl_printf_alloc("%s: cannot open the git repository: %s", paths[0], m);
		free(m);
		free(dotgit);
		repo = NULL;
		ret = WL_EIO;
		goto done;
	}
	if (rc == 0)
		w->gitdir = wl_strdup(git_repository_path(repo));
	if (rc == 0 && !git_repository_is_bare(repo) && git_repository_workdir(repo)) {
		char *wd = realpath(git_repository_workdir(repo), NULL);
		w->root = dir_with_slash(wd ? wd : git_repository_workdir(repo));
		free(wd);
		w->is_git = 1;
		read_provenance(w, repo);
	} else if (rc == 0 && opt->rev) {
		/* a bare repository: its folder is the root (paths, config) */
		char *gd = realpath(git_repository_path(repo), NULL);
		w->root = dir_with_slash(gd ? gd : git_repository_path(repo));
		free(gd);
		w->is_git = 1;
		read_provenance(w, repo);
	} else if (rc == 0) {
		*err = wl_printf_alloc("%s: a bare repository has no work tree to scan: use --rev REV (e.g. --rev HEAD)",
				       paths[0]);
		ret = WL_EUSAGE;
		goto done;
	} else {
		w->root = plain_root(abs, npaths, S_ISDIR(st0.st_mode));
	}
	if ((opt->staged || opt->rev) && !w->is_git) {
		*err = wl_printf_alloc("%s: %s needs a git repository", paths[0], opt->rev ? "--rev" : "--staged");
		ret = WL_EUSAGE;
		goto done;
	}
	if (opt->staged || opt->rev) {
		/* every blob of the index or tree; the paths named restrict what is
		 * reported, the others stay as foreign files (a manifest named
		 * alone is still judged against its lock file) */
		size_t k, nrel = 0;
		char **rels = wl_calloc(npaths, sizeof(char *));
		size_t rl = strlen(w->root);
		if ((ret = walk_odb(w, repo, opt, err)) != 0) {
			free(rels);
			goto done;
		}
		for (i = 0; i < npaths; i++) {
			if (strncmp(abs[i], w->root, rl) != 0 &&
			    !(strlen(abs[i]) == rl - 1 && !strncmp(abs[i], w->root, rl - 1))) {
				*err = wl_printf_alloc("%s: outside the scan root %s", paths[i], w->root);
				ret = WL_EUSAGE;
				for (k = 0; k < nrel; k++)
					free(rels[k]);
				free(rels);
				goto done;
			}
			if (strlen(abs[i]) <= rl) {
				nrel = 0; /* the root: everything */
				break;
			}
			rels[nrel++] = wl_strdup(abs[i] + rl);
		}
		if (i == npaths && nrel)
			report_only_named(w, opt, rels, nrel);
		for (k = 0; k < nrel; k++)
			free(rels[k]);
		free(rels);
		sort_unique(w);
		goto done;
	}

	for (i = 0; i < npaths; i++) {
		size_t rl = strlen(w->root);
		const char *rel;
		struct stat st;
		/* inside the root, or the root itself (given without its slash) */
		if (strncmp(abs[i], w->root, rl) != 0 && !(strlen(abs[i]) == rl - 1 && !strncmp(abs[i], w->root, rl - 1))) {
			*err = wl_printf_alloc("%s: outside the scan root %s", paths[i], w->root);
			ret = WL_EUSAGE;
			goto done;
		}
		rel = strlen(abs[i]) >= rl ? abs[i] + rl : "";
		if (stat(abs[i], &st) != 0) {
			*err = wl_printf_alloc("%s: %s", paths[i], strerror(errno));
			ret = WL_EUSAGE;
			goto done;
		}
		if (S_ISDIR(st.st_mode)) {
			if (w->is_git) {
				if ((ret = walk_git(w, repo, rel, opt, err)) != 0)
					goto done;
			} else
				walk_dir(w, opt, rel, 0);
		} else if (opt->force_exclude && excluded(opt, rel)) {
			/* --force-exclude: a named file is excluded like any other */
		} else {
			/* an explicit file is scanned even when untracked or excluded */
			add_entry(w, rel, WL_ENTRY_FILE, WL_LEVEL_NONE, NULL);
		}
	}
	sort_unique(w);
done:
	if (repo)
		git_repository_free(repo);
	if (ret)
		wl_walk_release(w); /* a failed walk leaves nothing for the caller to release */
	for (i = 0; i < npaths; i++)
		free(abs[i]);
	free(abs);
	return ret;
}

void wl_walk_release(struct wl_walk *w)
{
	size_t i;
	for (i = 0; i < w->n; i++) {
		free(w->entries[i].path);
		free(w->entries[i].abspath);
		free(w->entries[i].why);
	}
	free(w->entries);
	free(w->root);
	free(w->gitdir);
	free(w->prov.repository_uri);
	free(w->prov.revision);
	free(w->prov.branch);
	if (w->git_started)
		git_libgit2_shutdown();
	memset(w, 0, sizeof(*w));
}

void wl_walk_shard(struct wl_walk *w, unsigned k, unsigned n)
{
	size_t i;
	for (i = 0; i < w->n; i++) {
		uint64_t h = 1469598103934665603ull; /* FNV-1a of the path */
		const unsigned char *p;
		for (p = (const unsigned char *)w->entries[i].path; *p; p++)
			h = (h ^ *p) * 1099511628211ull;
		w->entries[i].foreign = h % n != k - 1;
	}
	/* files git ignores under a named folder are counted once, by shard 1 */
	if (k != 1)
		w->ignored = 0;
}
