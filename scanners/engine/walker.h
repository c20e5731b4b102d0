/*
 * walker.h - decide which files a scan covers, without reading them.
 * In a git work tree: the index (plus untracked, not ignored, on request),
 * read from the work tree. Elsewhere: the directory tree. Never follows a
 * symlink; never writes anything.
 */
#ifndef WL_WALKER_H
#define WL_WALKER_H

#include "engine.h"
#include "report.h"

enum wl_entry_kind {
	WL_ENTRY_FILE = 0,      /* scan it */
	WL_ENTRY_SKIP,          /* not scanned; `why` says why (notice level in `level`) */
	WL_ENTRY_NOTICE,        /* not a file: a notice (`level`, `why`) about the folder
				 * `path`, counted neither scanned nor skipped */
};

struct wl_entry {
	char *path;     /* relative to the root, '/'-separated */
	char *abspath;
	enum wl_entry_kind kind;
	enum wl_level level; /* for SKIP: NONE = count silently, NOTE/WARNING = notify */
	char *why;
	int foreign;    /* not reported: another shard's (--shard), unchanged (--diff-base)
			 * or not named (--staged FILE); see run.h */
	int from_odb;   /* the content is the blob `oid` in the repository's object
			 * database (--staged, --rev), not the file at abspath */
	unsigned char oid[20];
};

struct wl_walk_options {
	int untracked;
	const char *const *excludes; /* fnmatch globs on the relative path; NULL-terminated or NULL */
	int force_exclude;  /* the excludes apply to files named on the command line too */
	int staged;         /* the blobs in the index, not the work tree (--staged) */
	const char *rev;    /* a commit's tree from the object database (--rev); works bare */
};

struct wl_walk {
	char *root;          /* absolute, with trailing '/' */
	int is_git;
	struct wl_provenance prov;
	struct wl_entry *entries; /* sorted by path, unique */
	size_t n, alloc;
	size_t ignored;      /* files git ignores under a named folder: skipped, counted only */
	char *gitdir;        /* the repository, for from_odb entries (NULL: none) */
	int git_started;     /* libgit2 was started (only where a repository may be) */
	/* Foreign files' cross-file (finish()) findings are reported when they
	 * depend on a file that is not foreign: set by --diff-base and by
	 * --staged/--rev with file arguments. Without it (--shard) they never are. */
	int report_dependents;
};

/*
 * Resolve `paths` (npaths >= 1; files or folders) into a walk. The first
 * path decides the root (its git work tree, else the folder itself, else the
 * folder holding the file). In a work tree:
 *   - the root folder: the files in the index (plus, with opt->untracked,
 *     the untracked files git does not ignore);
 *   - a folder below the root: the files under it that git does not ignore,
 *     tracked or not; the ignored ones are counted in `ignored` and one
 *     notice says how many (a folder that is itself ignored is walked whole:
 *     it was named);
 *   - a file: scanned, even when untracked, ignored or excluded.
 * Returns 0; WL_EUSAGE with a message in *err (caller frees) for a path
 * that does not exist or lies outside the root; WL_EIO with a message for a
 * repository libgit2 cannot read (a corrupt index, a broken .git): scanning
 * what could be read would pass for a clean scan of the whole. After a
 * failure there is nothing to release.
 */
int wl_walk_collect(struct wl_walk *w, const char *const *paths, size_t npaths,
		    const struct wl_walk_options *opt, char **err);
void wl_walk_release(struct wl_walk *w);

/*
 * --shard K/N: mark the entries that shard K of N does not own as foreign.
 * A file's shard is a hash of its path, so adding a file moves no other.
 */
void wl_walk_shard(struct wl_walk *w, unsigned k, unsigned n);

/*
 * Object-database content for from_odb entries. One reader per thread (each
 * holds its own git_repository: libgit2 objects are not shared between
 * threads). wl_odb_read() gives the blob's bytes in *data / *size, valid
 * until wl_odb_release(*hold); WL_EIO with *err (caller frees) on failure.
 */
struct wl_odb_reader;
struct wl_odb_reader *wl_odb_reader_open(const struct wl_walk *w, char **err);
int wl_odb_read(struct wl_odb_reader *r, const struct wl_entry *e, const unsigned char **data, size_t *size,
		void **hold, char **err);
void wl_odb_release(void *hold);
void wl_odb_reader_close(struct wl_odb_reader *r);

/* Exposed for unit tests: does an LFS pointer / glob match. */
int wl_glob_match(const char *pattern, const char *path);

#endif
