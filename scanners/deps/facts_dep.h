/*
 * facts_dep.h - dependency facts: one shape for a requirement, whatever file
 * or command it came from (requirements.txt, pyproject, a lock file, a
 * Dockerfile RUN pip install, a workflow run: step). Rules in rules/deps*.c
 * judge these and nothing else.
 */
#ifndef WL_FACTS_DEP_H
#define WL_FACTS_DEP_H

#include "engine.h"

enum wl_dep_source {
	WL_DEP_REGISTRY = 0, /* name + version spec from an index */
	WL_DEP_URL,          /* name @ https://... or a bare archive URL */
	WL_DEP_VCS,          /* git+https://...@ref */
	WL_DEP_PATH,         /* a local path / editable project */
};

enum wl_dep_context {
	WL_DEPCTX_APP = 0,   /* installed as-is: requirements, CI/Docker installs, conda env */
	WL_DEPCTX_LIBRARY,   /* abstract: pyproject/setup.py/Pipfile ranges */
	WL_DEPCTX_LOCK,      /* a resolved lock entry */
	WL_DEPCTX_BUILD,     /* build-system requires */
};

struct wl_dep {
	const char *ecosystem;  /* "pypi", "conda", "npm", "go" */
	const char *name;       /* as written */
	const char *normalized; /* PEP 503: lowercase, runs of -_. -> '-' */
	const char *spec;       /* version specifier as written ("" if none) */
	const char *version;    /* exact version when pinned with == / === (no wildcard), else NULL */
	const char *extras;     /* "[a,b]" or NULL */
	const char *marker;     /* environment marker or NULL */
	enum wl_dep_source source;
	const char *url;        /* URL / VCS URL / path, else NULL */
	const char *vcs_ref;    /* the @ref of a VCS URL, else NULL */
	int nhashes;            /* --hash= values (or lock file hashes) */
	int hash_mode;          /* the containing file/command requires hashes */
	int editable;
	enum wl_dep_context context;
	const char *origin;     /* what produced it: "requirements", "poetry.lock", "Dockerfile RUN" ... */
};

/* WL_FACT_INDEX: where packages come from (--index-url, [[source]], ...). */
struct wl_index {
	const char *url;
	int primary;        /* replaces the default index (--index-url, default source) */
	int extra;          /* an additional index (--extra-index-url, supplemental, ...) */
	int trusted_host;   /* --trusted-host / TLS checks off */
	int first_index;    /* extra, but searched with uv's first-index strategy:
			     * the first index that has a name wins, so a public
			     * twin of a private package cannot */
	int unsafe_strategy;/* extra, and uv told outright to mix indexes
			     * (index-strategy unsafe-*): confusion opted in */
	const char *option; /* as written: "--extra-index-url", "[[tool.poetry.source]]" ... */
	const char *origin;
};

/* WL_FACT_MANIFEST: one per manifest/lock file (or install command that names
 * one), so cross-file rules (lock covers manifest, `pip install -r f` is really
 * hashed) can reason in finish(). Emitted once per file, at line 0. */
enum wl_manifest_kind {
	WL_MANIFEST_REQUIREMENTS = 0,
	WL_MANIFEST_PYPROJECT,
	WL_MANIFEST_SETUP,
	WL_MANIFEST_PIPFILE,
	WL_MANIFEST_CONDA_ENV,
	WL_MANIFEST_LOCK,        /* any lock file */
	WL_MANIFEST_REFERENCE,   /* a command/file that installs from another file: `pip install -r x` */
};

struct wl_manifest {
	enum wl_manifest_kind kind;
	const char *format;     /* "requirements", "poetry.lock", "uv.lock", ... */
	const char *refers_to;  /* REFERENCE: repo-relative path of the file it installs from */
	/* REFERENCE: other places the file may be, in order, when refers_to is
	 * not in the repository (a Dockerfile's build context: its own folder,
	 * or the repository root) */
	const char *const *alternatives;
	int nalternatives;
	int hash_mode;          /* every entry must carry a hash */
	int ndeps, nhashed, npinned;
	/* Pipfile: sha256 of its canonical JSON as pipenv computes it;
	 * Pipfile.lock: its _meta.hash.sha256. NULL elsewhere. */
	const char *digest;
	/* Builds a distribution for an index (a library): pyproject with a name
	 * ([project] or [tool.poetry]) and a [build-system], a setup.py with a
	 * setup() call, a setup.cfg with [metadata] name. Its ranges are its
	 * contract with users, not an install. */
	int package;
};

/* WL_FACT_INSTALL_HOOK: code of the repository that a build front end runs
 * when it builds or installs the project (rules/install.c judges). */
enum wl_install_hook_kind {
	WL_HOOK_CMDCLASS = 0,   /* setup(cmdclass={"install": X}): one entry */
	WL_HOOK_BACKEND_PATH,   /* pyproject [build-system] backend-path: one entry */
};

struct wl_install_hook {
	enum wl_install_hook_kind kind;
	const char *command;  /* CMDCLASS: the command ("install", "build_ext"); else NULL */
	const char *target;   /* CMDCLASS: the class as written; BACKEND_PATH: build-backend (or NULL) */
	const char *path;     /* BACKEND_PATH: the backend-path entry; else NULL */
	int local;            /* CMDCLASS: a class defined at module level of this setup.py */
	const char *base;     /* CMDCLASS, local: its first base class as written (or NULL) */
};

/* Normalise a package name per PEP 503 into a ctx-allocated string. */
char *wl_pep503_normalize(struct wl_ctx *ctx, const char *name, size_t len);
/* The same into `out` (at least len + 1 bytes), for callers without a ctx
 * (the OSV database); returns the normalised length. */
size_t wl_pep503_normalize_into(char *out, const char *name, size_t len);

#endif
