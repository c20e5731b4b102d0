/*
 * deps.c - the dependency rules (WL101-WL114). They judge struct wl_dep /
 * wl_index / wl_manifest facts, whatever produced them: a requirements file,
 * a pyproject, a lock file, a Dockerfile RUN pip install or a workflow step.
 * Everything runs in finish(): pip's hash mode, constraints and "a lock file
 * covers this manifest" are properties of several files at once. Includes
 * (-r/-c) are resolved here over the facts rather than by reading files in
 * the scanner: the walker decides what is in the repository, scanners see one
 * file at a time, and a cycle or a missing file is then a finding, not I/O.
 */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "facts_dep.h"
#include "pkgnames.h"
#include "reqparse.h"
#include "shell.h"

#define TAGS "supply-chain,dependencies"

static const struct wl_rule deps_rules[] = {
	{
		.id = "WL101",
		.name = "unpinned-requirement",
		.short_desc = "Dependency installed without an exact version pin",
		.full_desc = "A requirement in an application context (requirements file, conda environment, CI or "
			     "container install) does not pin an exact version with == or ===, and no constraints "
			     "file pins it. Every install may then pull a different release, including a freshly "
			     "published malicious one.",
		.help_md = "Pin the exact version that you tested, and pin its hashes too:\n\n"
			   "```\nrequests==2.32.3 \\\n    --hash=sha256:<hash>\n```\n\n"
			   "Generate the whole file with `pip-compile --generate-hashes requirements.in` "
			   "(pip-tools) or `uv pip compile --generate-hashes requirements.in -o requirements.txt`, "
			   "and install with `pip install --require-hashes -r requirements.txt`. In a conda "
			   "environment, pin `name=version=build` or use `conda-lock`.",
		.cwe = 1357,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.3,
		.precision = "very-high",
		.tags = TAGS,
	},
	{
		.id = "WL102",
		.name = "requirement-without-hash",
		.short_desc = "Pinned dependency without a hash",
		.full_desc = "The requirement pins a version but carries no --hash. A version number names a "
			     "release, not its bytes: a compromised index or mirror can serve different files "
			     "under the same version.",
		.help_md = "Add the artifact hashes and install in hash-checking mode:\n\n"
			   "```\npip-compile --generate-hashes requirements.in\n"
			   "pip install --require-hashes -r requirements.txt\n```\n\n"
			   "`uv pip compile --generate-hashes` and `pip hash FILE` produce the same `--hash=sha256:` lines.",
		.cwe = 494,
		.level = WL_LEVEL_NOTE,
		.security_severity = 3.1,
		.precision = "very-high",
		.tags = TAGS,
	},
	{
		.id = "WL103",
		.name = "partial-hashes",
		.short_desc = "Requirement that pip's hash-checking mode will reject",
		.full_desc = "The install set is in hash-checking mode (--require-hashes, or a --hash on any "
			     "requirement of it, including included files), but this requirement lacks a hash, is "
			     "not pinned with ==, or is a VCS URL, editable or local directory. pip refuses the whole "
			     "install: a partly hashed file is an install failure that tempts people to drop hashes.",
		.help_md = "Regenerate every requirement with hashes instead of hand-editing: "
			   "`pip-compile --generate-hashes requirements.in` (or `uv pip compile --generate-hashes`). "
			   "Pin VCS dependencies as built wheels with hashes, or move them out of the hashed file.",
		.cwe = 494,
		.level = WL_LEVEL_ERROR,
		.security_severity = 5.0,
		.precision = "very-high",
		.tags = TAGS,
	},
	{
		.id = "WL104",
		.name = "vcs-ref-not-commit",
		.short_desc = "VCS dependency not pinned to a full commit hash",
		.full_desc = "A git/hg/svn dependency names a branch, a tag or nothing instead of a full 40-hex "
			     "commit. Branches move and tags can be force-pushed (as happened to "
			     "aquasecurity/trivy-action in 2026): what gets installed can change under you. "
			     "Subversion and Bazaar revisions are never a pin: the server hands them out, they are "
			     "not hashes of the content.",
		.help_md = "Pin the exact commit: `pkg @ git+https://github.com/org/pkg@<40-hex-sha>`; in poetry "
			   "`{git = \"...\", rev = \"<sha>\"}`, in uv `[tool.uv.sources] pkg = {git = \"...\", rev = \"<sha>\"}`. "
			   "Better, install a released wheel with a hash.",
		.cwe = 829,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.1,
		.precision = "very-high",
		.tags = TAGS,
	},
	{
		.id = "WL105",
		.name = "url-without-hash",
		.short_desc = "Direct URL dependency without a hash",
		.full_desc = "A dependency is downloaded from a URL that carries no #sha256= fragment or --hash. "
			     "Whoever controls that URL (or the network, for http://) decides the code you install. "
			     "The same holds for a wheel or sdist installed from a local path that is not a file of "
			     "the repository (`pip install /tmp/pkg.whl`, `pip install extras.whl` with nothing "
			     "committed there): a committed archive is pinned by its content, and the repository's "
			     "own build output (dist/, build/, wheelhouse/) is its own code.",
		.help_md = "Add the artifact hash to the URL, `pkg @ https://host/pkg-1.0.tar.gz#sha256=<hex>`, or "
			   "as `--hash=sha256:<hex>` in a requirements file (`pip hash FILE` computes it).",
		.cwe = 494,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.5,
		.precision = "very-high",
		.tags = TAGS,
	},
	{
		.id = "WL106",
		.name = "lock-entry-without-hash",
		.short_desc = "Lock file entry without artifact hashes",
		.full_desc = "A lock file pins a package version but records no hash for its files, so the "
			     "installer cannot tell the published artifact from a substituted one.",
		.help_md = "Regenerate the lock with a current tool, which records hashes: `poetry lock`, `uv lock`, "
			   "`pdm lock`, `pipenv lock`, `conda-lock`. Hand-written or merged lock entries without "
			   "hashes should not be committed.",
		.cwe = 494,
		.level = WL_LEVEL_WARNING,
		.security_severity = 4.3,
		.precision = "high",
		.tags = TAGS,
	},
	{
		.id = "WL107",
		.name = "dependency-confusion-index",
		.short_desc = "Second package index that enables dependency confusion",
		.full_desc = "Packages may come from more than one index (--extra-index-url, --find-links, several "
			     "[[source]] / primary sources, poetry supplemental, uv's unsafe index strategies). pip and "
			     "friends then take the highest version from ANY index, so anyone can publish your "
			     "private package name on PyPI with a higher version: the torchtriton attack on PyTorch "
			     "nightly (December 2022). `uv pip install --extra-index-url` is a note: uv's default "
			     "first-index strategy takes each name from the first index that has it. A second index "
			     "with uv told to mix them (`--index-strategy unsafe-best-match`, `UV_INDEX_STRATEGY` in "
			     "the environment, `index-strategy` in [tool.uv]) is an error: confusion opted in.",
		.help_md = "Use one trusted index with `--index-url` (a proxy that mirrors PyPI and serves your "
			   "private packages, with private names reserved), or pin each private package to its "
			   "index: uv `[[tool.uv.index]] explicit = true` plus `[tool.uv.sources]`, poetry "
			   "`priority = \"explicit\"`, pipenv `index = \"name\"`. Lock with hashes so a substituted "
			   "package fails the install.",
		.cwe = 427,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.5,
		.precision = "high",
		.tags = TAGS,
	},
	{
		.id = "WL108",
		.name = "insecure-index",
		.short_desc = "Package index or download over plain http://",
		.full_desc = "An index, find-links page or source is reached over http://. Anyone on the network "
			     "path can replace the packages you install.",
		.help_md = "Use the https:// URL of the index. If a private index has no TLS, fix the index; do "
			   "not install over http://.",
		.cwe = 319,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.1,
		.precision = "very-high",
		.tags = TAGS,
	},
	{
		.id = "WL109",
		.name = "trusted-host",
		.short_desc = "TLS verification turned off for a package host",
		.full_desc = "--trusted-host, verify_ssl = false or allow-insecure-host makes the installer accept "
			     "any certificate (or none) from this host, so its packages can be replaced in transit.",
		.help_md = "Remove `--trusted-host` / `verify_ssl = false` and give the host a valid certificate; "
			   "for a private CA, point pip at it with `PIP_CERT` / `--cert` instead of disabling checks.",
		.cwe = 295,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.4,
		.precision = "very-high",
		.tags = TAGS,
	},
	{
		.id = "WL110",
		.name = "typosquat",
		.short_desc = "Package name that imitates a popular package",
		.full_desc = "The name is one edit, one swapped pair of letters, a py/python variant (swapped, "
			     "dropped or glued on: python-openssl, pythonkafka), a reordering (nmap-python), the "
			     "same words without separators, or a look-alike spelling (Cyrillic or Greek letters, capital I for l, 0 for o) of a "
			     "popular PyPI project, and is not itself popular. Typosquats are the commonest way "
			     "malware reaches PyPI users.",
		.help_md = "Check the name letter by letter and replace it with the real project. If the package "
			   "is genuinely what you want, allow it in `.weaklink.toml`:\n\n"
			   "```toml\n[typosquat]\nallow = [\"the-name\"]\n```",
		.cwe = 1357,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "high",
		.tags = TAGS ",typosquatting",
	},
	{
		.id = "WL111",
		.name = "compromised-release",
		.short_desc = "Known-compromised package or release",
		.full_desc = "The dependency names a release (or a package) that was published with malicious code, "
			     "according to the incident list in rules/data/compromised.tsv (torchtriton, the "
			     "ultralytics 8.3.41/42/45/46 releases, ...).",
		.help_md = "Remove it or move to a release published after the incident, then rotate any secret "
			   "the affected machines could read (CI tokens, cloud keys) and check them for miners or "
			   "backdoors. Lock with hashes (`uv lock`, `pip-compile --generate-hashes`).",
		.cwe = 506,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.8,
		.precision = "very-high",
		.tags = TAGS ",malware",
	},
	{
		.id = "WL112",
		.name = "stale-lock",
		.short_desc = "Lock file out of date with its manifest",
		.full_desc = "A dependency declared in the manifest is missing from the lock file that covers it, "
			     "or Pipfile.lock's _meta.hash does not match the Pipfile. Installs from the lock then "
			     "do not install what the manifest says, and a tool may re-resolve without hashes.",
		.help_md = "Re-lock and commit the result: `uv lock`, `poetry lock`, `pdm lock`, `pipenv lock`, or "
			   "`pip-compile --generate-hashes`. In CI, fail on a stale lock: `uv lock --check`, "
			   "`poetry check --lock`, `pipenv verify`.",
		.cwe = 1357,
		.level = WL_LEVEL_WARNING,
		.security_severity = 4.0,
		.precision = "high",
		.tags = TAGS,
	},
	{
		.id = "WL113",
		.name = "manifest-without-lock",
		.short_desc = "Dependency ranges with no lock file",
		.full_desc = "An application's manifest (a pyproject.toml without a [build-system], a Pipfile, a "
			     "requirements.in) declares version ranges, but no lock file in the repository pins "
			     "what the project itself is built, tested and deployed with. A package that is built "
			     "for an index (a [build-system] with a name, a setup.py, a setup.cfg with a name) is a "
			     "library: its ranges are its contract with users and it is not asked for a lock.",
		.help_md = "Commit a lock file next to the manifest: `uv lock`, `poetry lock`, `pdm lock`, "
			   "`pipenv lock`, or `pip-compile --generate-hashes -o requirements.txt pyproject.toml`, "
			   "and install from it in CI.",
		.cwe = 1357,
		.level = WL_LEVEL_NOTE,
		.security_severity = 2.0,
		.precision = "medium",
		.tags = TAGS,
	},
	{
		.id = "WL114",
		.name = "requirements-include",
		.short_desc = "Requirements include that cannot be followed",
		.full_desc = "A -r/-c include names a file that is not in the repository, lies outside it, is "
			     "fetched from a URL, or includes itself through a cycle. What it installs cannot be "
			     "checked, and a URL include can change at any time.",
		.help_md = "Commit the included file next to the including one and refer to it by a relative "
			   "path; never install requirements from a URL. Break include cycles.",
		.cwe = 829,
		.level = WL_LEVEL_WARNING,
		.security_severity = 4.0,
		.precision = "high",
		.tags = TAGS,
	},
};

/* ------------------------------------------------------------ grouping */

struct group {
	const char *path;
	const struct wl_manifest *man; /* the file's own manifest (not a reference) */
	size_t start, end;             /* facts[start, end) */
	int hash_required;
	int is_constraints;            /* a constraints file, or the target of a -c */
	int ci_installed;              /* a Dockerfile/CI/shell `pip install -r` reaches it */
	int beside_package;            /* a package manifest (a library) sits in its folder */
	/* constraint files that apply to this file through some install root */
	size_t *cons;
	size_t ncons, acons;
	/* names in this file (locks and pinned requirements), for coverage */
	char **names;
	size_t nnames, anames;
	int sorted;
};

struct run {
	struct wl_ctx *ctx;
	const struct wl_fact *const *facts;
	size_t n;
	struct group *g;
	size_t ng;
	size_t *byname; /* group indices sorted by path */
};

/* qsort has no context argument; finish() runs single-threaded */
static const struct run *sort_ctx;
static int cmp_group_path_q(const void *a, const void *b)
{
	return strcmp(sort_ctx->g[*(const size_t *)a].path, sort_ctx->g[*(const size_t *)b].path);
}

static long find_group(const struct run *r, const char *path)
{
	size_t lo = 0, hi = r->ng;
	if (!path)
		return -1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(r->g[r->byname[mid]].path, path);
		if (!c)
			return (long)r->byname[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* The file a reference installs from: refers_to, else the first of its
 * alternatives that the repository has (a Dockerfile's build context). */
static long ref_target(const struct run *r, const struct wl_manifest *m)
{
	long t = find_group(r, m->refers_to);
	int i;
	for (i = 0; (t < 0 || !r->g[t].man) && i < m->nalternatives; i++) {
		long a = find_group(r, m->alternatives[i]);
		if (a >= 0 && r->g[a].man)
			t = a;
	}
	return t;
}

static const struct wl_fact *F(const struct run *r, size_t i)
{
	return r->facts[i];
}

static int is_ref(const struct wl_fact *f)
{
	return f->kind == WL_FACT_MANIFEST && ((const struct wl_manifest *)f->data)->kind == WL_MANIFEST_REFERENCE;
}

static void add_cons(struct group *g, size_t c)
{
	size_t i;
	for (i = 0; i < g->ncons; i++)
		if (g->cons[i] == c)
			return;
	g->cons = wl_grow(g->cons, &g->acons, g->ncons + 1, sizeof(*g->cons));
	g->cons[g->ncons++] = c;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int group_has_name(struct group *g, const char *name)
{
	size_t lo = 0, hi;
	if (!g->sorted) {
		qsort(g->names, g->nnames, sizeof(*g->names), cmp_str);
		g->sorted = 1;
	}
	hi = g->nnames;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(g->names[mid], name);
		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int is_requirements(const struct group *g)
{
	return g->man && (g->man->kind == WL_MANIFEST_REQUIREMENTS);
}

/* ------------------------------------------------------- include graph */

struct walk {
	struct run *r;
	char *on_path;   /* DFS stack membership */
	char *seen;      /* visited from the current root */
	size_t *members;
	size_t nmembers, amembers;
	int any_hash;
	char *cycle_reported; /* per fact index */
	size_t stack[257];    /* the DFS path, root first */
};

static struct wl_finding *last_include; /* finish() is single-threaded */

static void report_include(struct run *r, const struct wl_fact *f, const char *why)
{
	const struct wl_manifest *m = f->data;
	struct wl_finding *fi = wl_report(r->ctx, WL114, &f->loc, "'%s %s' %s", m->format, m->refers_to, why);
	wl_finding_key(fi, "%s %s", m->format, m->refers_to);
	last_include = fi;
}

static void dfs(struct walk *w, size_t gi, int depth)
{
	struct group *g = &w->r->g[gi];
	size_t i;
	if (w->seen[gi] || depth > 256)
		return;
	w->seen[gi] = 1;
	w->on_path[gi] = 1;
	w->stack[depth] = gi;
	w->members = wl_grow(w->members, &w->amembers, w->nmembers + 1, sizeof(*w->members));
	w->members[w->nmembers++] = gi;
	if (g->man && g->man->hash_mode)
		w->any_hash = 1;
	for (i = g->start; i < g->end; i++) {
		const struct wl_fact *f = F(w->r, i);
		const struct wl_manifest *m;
		long t;
		if (!is_ref(f))
			continue;
		m = f->data;
		t = ref_target(w->r, m);
		if (t < 0 || !is_requirements(&w->r->g[t]))
			continue;
		if (w->on_path[t]) {
			/* one report per cycle: from the walk rooted at its
			 * alphabetically first file, at the edge that closes it */
			int first = w->stack[0] == (size_t)t;
			int k;
			for (k = depth; k >= 0 && first && w->stack[k] != (size_t)t; k--)
				if (strcmp(w->r->g[w->stack[k]].path, w->r->g[t].path) < 0)
					first = 0;
			if (first && !w->cycle_reported[i]) {
				w->cycle_reported[i] = 1;
				report_include(w->r, f, "closes an include cycle; pip recurses through these files until it fails");
			}
			continue;
		}
		if (!strcmp(m->format, "-c"))
			continue; /* constraints do not install; handled by the caller */
		dfs(w, (size_t)t, depth + 1);
	}
	w->on_path[gi] = 0;
}

/* Every requirements file and every reference from another file (a CI
 * `pip install -r`) is an install root. Hash mode and constraints spread over
 * what a root installs. */
static void include_graph(struct run *r)
{
	struct walk w;
	size_t gi, i, k;
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.on_path = wl_calloc(r->ng + 1, 1);
	w.seen = wl_calloc(r->ng + 1, 1);
	w.cycle_reported = wl_calloc(r->n + 1, 1);
	/* references that cannot be followed */
	for (i = 0; i < r->n; i++) {
		const struct wl_fact *f = F(r, i);
		const struct wl_manifest *m;
		long t;
		if (!is_ref(f))
			continue;
		m = f->data;
		if (strstr(m->refers_to, "://"))
			report_include(r, f, "installs requirements fetched from a URL at install time");
		else if (wl_starts_with(m->refers_to, "(outside the repository)"))
			report_include(r, f, "points outside the repository");
		else if ((t = ref_target(r, m)) < 0 || !r->g[t].man) {
			/* nothing there was read as requirements: the file is missing,
			 * not text, or over the size limit (an include of any other name
			 * is read as requirements through wl_ctx_request_scan) */
			report_include(r, f, "names no text file in the repository; its requirements were not checked");
			wl_finding_level(last_include, WL_LEVEL_NOTE);
		}
	}
	for (gi = 0; gi < r->ng; gi++) {
		struct group *g = &r->g[gi];
		int is_root_file = is_requirements(g);
		for (i = is_root_file ? g->end : g->start; i <= g->end; i++) {
			/* roots: the file itself (i == end), or each reference fact in a
			 * non-requirements file */
			const struct wl_manifest *ref = NULL;
			size_t start;
			if (i < g->end) {
				if (!is_ref(F(r, i)))
					continue;
				ref = F(r, i)->data;
			} else if (!is_root_file) {
				break;
			}
			memset(w.seen, 0, r->ng);
			w.nmembers = 0;
			w.any_hash = ref ? ref->hash_mode : 0;
			if (ref) {
				long t = ref_target(r, ref);
				if (t < 0 || !is_requirements(&r->g[t]))
					continue;
				start = (size_t)t;
			} else {
				start = gi;
			}
			dfs(&w, start, 0);
			for (k = 0; k < w.nmembers; k++) {
				struct group *m = &r->g[w.members[k]];
				size_t j;
				if (w.any_hash)
					m->hash_required = 1;
				if (ref)
					m->ci_installed = 1;
				/* constraints named anywhere in this install set apply to all of it */
				for (size_t q = 0; q < w.nmembers; q++) {
					struct group *src = &r->g[w.members[q]];
					for (j = src->start; j < src->end; j++) {
						const struct wl_manifest *cm;
						long t;
						if (!is_ref(F(r, j)))
							continue;
						cm = F(r, j)->data;
						if (strcmp(cm->format, "-c") || (t = ref_target(r, cm)) < 0)
							continue;
						add_cons(m, (size_t)t);
					}
				}
			}
		}
	}
	free(w.on_path);
	free(w.seen);
	free(w.members);
	free(w.cycle_reported);
}

static int constraint_pins(const struct run *r, const struct group *g, const char *name)
{
	size_t c, i;
	for (c = 0; c < g->ncons; c++) {
		const struct group *cg = &r->g[g->cons[c]];
		for (i = cg->start; i < cg->end; i++) {
			const struct wl_fact *f = F(r, i);
			const struct wl_dep *d = f->data;
			if (f->kind == WL_FACT_DEPENDENCY && d->version && !strcmp(d->normalized, name))
				return 1;
		}
	}
	return 0;
}

/* ---------------------------------------------------- per-dependency rules */

static const char *src_word(const struct wl_dep *d)
{
	return d->origin ? d->origin : "dependency";
}

static int is_http_url(const char *u)
{
	return u && (wl_starts_with(u, "http://") || wl_starts_with(u, "https://"));
}

/* A VCS whose revisions are numbers or ids the server hands out, not hashes
 * of the content: no reference pins what is checked out. */
static int vcs_not_content_addressed(const char *url)
{
	return url && (!strncasecmp(url, "svn+", 4) || !strncasecmp(url, "bzr+", 4));
}

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/*
 * A built package archive (wheel, sdist) installed from a local path. One
 * committed in the repository is pinned by its content, like any other file
 * of the repository; the repository's own build output (dist/, build/,
 * wheelhouse/, or a glob the shell expands) is its own code. Any other path
 * names a file that something else put there before the install, outside
 * review and with no hash: returns 1.
 */
static int unverified_local_archive(struct wl_ctx *ctx, const struct wl_fact *f, const struct wl_dep *d)
{
	static const char *const ext[] = { ".whl", ".tar.gz", ".tgz", ".zip", ".tar.bz2", ".tar.xz", ".egg", NULL };
	static const char *const own[] = { "dist/", "build/", "wheelhouse/", NULL };
	const char *p = d->url;
	size_t i;
	int is_arch = 0;
	if (!p || d->editable)
		return 0;
	if (!strncasecmp(p, "file:", 5))
		return 0; /* a file: URL is judged as written elsewhere */
	for (i = 0; ext[i]; i++)
		if (ends_with_ci(p, ext[i]))
			is_arch = 1;
	if (!is_arch || strpbrk(p, "*?[$"))
		return 0;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	for (i = 0; own[i]; i++) {
		const char *at = strstr(p, own[i]);
		if (at && (at == p || at[-1] == '/'))
			return 0; /* a dist/ folder anywhere: the repository's build, copied or not */
	}
	{
		/* the repository root, then the installing file's folder ("../x.whl" too) */
		const char *dir = f->loc.path ? wl_path_dir(ctx, f->loc.path) : "";
		const char *c1 = wl_path_join(ctx, "", p), *c2 = wl_path_join(ctx, dir, p);
		if ((c1 && wl_ctx_repo_has(ctx, c1)) || (c2 && wl_ctx_repo_has(ctx, c2)))
			return 0;
	}
	return 1;
}

static void judge_dep(struct run *r, const struct group *g, const struct wl_fact *f)
{
	const struct wl_dep *d = f->data;
	struct wl_ctx *ctx = r->ctx;
	struct wl_finding *fi;
	int pypi = d->ecosystem && !strcmp(d->ecosystem, "pypi");
	int hash_required = d->hash_mode || (g && g->hash_required);
	int reported_hash = 0;

	/* known-bad and look-alike names first: they matter most */
	if (pypi || (d->ecosystem && !strcmp(d->ecosystem, "conda"))) {
		const struct wl_incident *x = wl_compromised_find(d->normalized, d->version);
		if (x && pypi) {
			if (!strcmp(x->versions, "all"))
				fi = wl_report(ctx, WL111, &f->loc, "'%s' is a known-malicious package (%s): %s", d->name,
					       x->date, x->source);
			else
				fi = wl_report(ctx, WL111, &f->loc, "'%s==%s' is a known-compromised release (%s): %s",
					       d->name, d->version, x->date, x->source);
			wl_finding_key(fi, "%s==%s", d->normalized, d->version ? d->version : "*");
		}
	}
	if (pypi && (d->source == WL_DEP_REGISTRY)) {
		struct wl_squat sq;
		const char *const *allow = wl_config_list(wl_ctx_config(ctx), "typosquat.allow");
		if (wl_typosquat_check(d->name, allow, &sq)) {
			fi = wl_report(ctx, WL110, &f->loc, "'%s' looks like a typosquat of the popular package '%s' (%s)",
				       d->name, sq.target, sq.detail);
			wl_finding_key(fi, "%s~%s", d->normalized, sq.target);
			wl_finding_prop(fi, "imitates", "%s", sq.target);
		}
	}

	if (d->context == WL_DEPCTX_APP) {
		if (hash_required && pypi) {
			const char *why = NULL;
			if (d->source == WL_DEP_VCS)
				why = "is a VCS reference, which pip cannot hash";
			else if (d->editable)
				why = "is editable, which pip's hash mode rejects";
			else if (d->source == WL_DEP_PATH)
				why = "is a local path, which pip cannot hash";
			else if (d->source == WL_DEP_REGISTRY && !d->version)
				why = "is not pinned with ==";
			else if (!d->nhashes)
				why = "has no --hash";
			if (why) {
				fi = wl_report(ctx, WL103, &f->loc,
					       "'%s' %s, but this install is in hash-checking mode: pip will refuse the whole install",
					       d->name, why);
				wl_finding_key(fi, "%s", d->normalized);
				reported_hash = 1;
			}
		} else if (g && g->is_constraints) {
			/* a constraints file installs nothing by itself */
		} else if (d->source == WL_DEP_REGISTRY && !d->version) {
			if (g && g->beside_package && !g->ci_installed) {
				/* a library's requirements file (setup.py often reads it):
				 * ranges are its contract, not an install */
				fi = wl_report(ctx, WL101, &f->loc,
					       "'%s' is not pinned to an exact version%s%s%s in a library's requirements file "
					       "(ranges are expected there; pin what CI and images install)",
					       d->name, d->spec[0] ? " (" : "", d->spec, d->spec[0] ? ")" : "");
				wl_finding_key(fi, "%s", d->normalized);
				wl_finding_level(fi, WL_LEVEL_NOTE);
			} else if (!g || !constraint_pins(r, g, d->normalized)) {
				fi = wl_report(ctx, WL101, &f->loc, "'%s' is not pinned to an exact version%s%s%s", d->name,
					       d->spec[0] ? " (" : "", d->spec, d->spec[0] ? ")" : "");
				wl_finding_key(fi, "%s", d->normalized);
			}
		} else if (d->source == WL_DEP_REGISTRY && !d->nhashes && pypi) {
			fi = wl_report(ctx, WL102, &f->loc, "'%s==%s' is pinned but has no --hash", d->name, d->version);
			wl_finding_key(fi, "%s", d->normalized);
		}
	}

	if (d->source == WL_DEP_VCS && wl_is_commit_sha(d->vcs_ref) && vcs_not_content_addressed(d->url)) {
		fi = wl_report(ctx, WL104, &f->loc,
			       "'%s' installs from %s at '%s': Subversion and Bazaar revisions are handed out by the "
			       "server, not hashes of the content, so nothing pins the code",
			       d->name, d->url, d->vcs_ref);
		wl_finding_key(fi, "%s", d->normalized);
	} else if (d->source == WL_DEP_VCS && !wl_is_commit_sha(d->vcs_ref)) {
		if (d->vcs_ref && *d->vcs_ref)
			fi = wl_report(ctx, WL104, &f->loc, "'%s' installs from %s at '%s', a branch or tag, not a commit",
				       d->name, d->url ? d->url : "a VCS URL", d->vcs_ref);
		else
			fi = wl_report(ctx, WL104, &f->loc, "'%s' installs from %s with no commit pinned", d->name,
				       d->url ? d->url : "a VCS URL");
		wl_finding_key(fi, "%s", d->normalized);
	}
	if (d->source == WL_DEP_URL && !d->nhashes && !reported_hash && d->context != WL_DEPCTX_LOCK &&
	    is_http_url(d->url)) {
		fi = wl_report(ctx, WL105, &f->loc, "'%s' downloads %s without a hash", d->name, d->url);
		wl_finding_key(fi, "%s", d->normalized);
	}
	if (d->source == WL_DEP_PATH && !reported_hash && d->context != WL_DEPCTX_LOCK &&
	    unverified_local_archive(ctx, f, d)) {
		fi = wl_report(ctx, WL105, &f->loc,
			       "pip installs the package archive '%s', which is not a file of the repository: whatever "
			       "put it there before the install decides the code, and no hash checks it",
			       d->url);
		wl_finding_key(fi, "%s", d->url);
	}
	if (d->source == WL_DEP_URL && d->url && wl_starts_with(d->url, "http://")) {
		fi = wl_report(ctx, WL108, &f->loc, "'%s' is downloaded over plain http: %s", d->name, d->url);
		wl_finding_key(fi, "%s", d->url);
	}
	if (d->context == WL_DEPCTX_LOCK && !d->nhashes &&
	    (d->source == WL_DEP_REGISTRY || d->source == WL_DEP_URL)) {
		fi = wl_report(ctx, WL106, &f->loc, "%s entry '%s%s%s' records no artifact hash", src_word(d), d->name,
			       d->version ? "==" : "", d->version ? d->version : "");
		wl_finding_key(fi, "%s", d->normalized);
	}
}

/* ------------------------------------------------------------ indexes */

static int loopback(const char *url)
{
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	return wl_starts_with(h, "localhost") || wl_starts_with(h, "127.") || wl_starts_with(h, "[::1]");
}

static void judge_indexes(struct run *r, const struct group *g)
{
	size_t i;
	int primaries = 0;
	for (i = g->start; i < g->end; i++) {
		const struct wl_fact *f = F(r, i);
		const struct wl_index *x;
		struct wl_finding *fi;
		if (f->kind != WL_FACT_INDEX)
			continue;
		x = f->data;
		if (x->trusted_host) {
			fi = wl_report(r->ctx, WL109, &f->loc, "%s turns off TLS verification for '%s'", x->option, x->url);
			wl_finding_key(fi, "%s", x->url);
			continue;
		}
		if (wl_starts_with(x->url, "http://") && !loopback(x->url)) {
			fi = wl_report(r->ctx, WL108, &f->loc, "%s '%s' is fetched over plain http", x->option, x->url);
			wl_finding_key(fi, "%s", x->url);
		}
		/* a repeated pip --index-url replaces the earlier one; repeated
		 * [[source]] / primary sources accumulate */
		if (x->extra && x->first_index) {
			fi = wl_report(r->ctx, WL107, &f->loc,
				       "%s '%s' adds a second package index; uv's first-index strategy takes each name from the "
				       "first index that has it, which blocks dependency confusion unless --index-strategy is relaxed",
				       x->option, x->url);
			wl_finding_key(fi, "%s", x->url);
			wl_finding_level(fi, WL_LEVEL_NOTE);
		} else if (x->extra && x->unsafe_strategy) {
			fi = wl_report(r->ctx, WL107, &f->loc,
				       "%s '%s' adds a second package index, and the unsafe index strategy lets uv take a "
				       "name from any index: a public package with the same name as a private one can win "
				       "(dependency confusion, opted in)",
				       x->option, x->url);
			wl_finding_key(fi, "%s", x->url);
			wl_finding_level(fi, WL_LEVEL_ERROR);
		} else if (x->extra || (x->primary && primaries > 0 && !wl_starts_with(x->option, "--"))) {
			fi = wl_report(r->ctx, WL107, &f->loc,
				       "%s '%s' adds a second package index: a public package with the same name as a private one can win (dependency confusion)",
				       x->option, x->url);
			wl_finding_key(fi, "%s", x->url);
		}
		if (x->primary)
			primaries++;
	}
}

/* ------------------------------------------------------------ lock coverage */

static const char *dir_of(struct wl_ctx *ctx, const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? wl_ctx_strndup(ctx, path, (size_t)(s - path)) : "";
}

static int is_lockish(const struct group *g)
{
	if (!g->man)
		return 0;
	if (g->man->kind == WL_MANIFEST_LOCK)
		return 1;
	/* a fully pinned requirements file compiled from the manifest */
	return g->man->kind == WL_MANIFEST_REQUIREMENTS && g->man->ndeps > 0 && g->man->npinned == g->man->ndeps;
}

/* Does lock group `l` cover manifest group `m`? */
static int covers(struct run *r, const struct group *m, const struct group *l)
{
	const char *md = dir_of(r->ctx, m->path), *ld = dir_of(r->ctx, l->path);
	const char *lname = wl_basename(l->path), *mname = wl_basename(m->path);
	if (m == l || !is_lockish(l))
		return 0;
	if (m->man->kind == WL_MANIFEST_PIPFILE)
		return !strcmp(lname, "Pipfile.lock") && !strcmp(md, ld);
	if (!strcmp(lname, "Pipfile.lock") || !strcmp(lname, "conda-lock.yml") || !strcmp(lname, "conda-lock.yaml"))
		return 0;
	if (m->man->kind == WL_MANIFEST_REQUIREMENTS) {
		/* requirements.in -> requirements.txt, same directory and stem */
		size_t sl = strlen(mname) - (wl_ends_with(mname, ".in") ? 3 : 0);
		return !strcmp(md, ld) && !strncmp(lname, mname, sl) && !strcmp(lname + sl, ".txt") &&
		       strlen(lname) == sl + 4;
	}
	if (l->man->kind == WL_MANIFEST_REQUIREMENTS)
		return !strcmp(md, ld);
	/* poetry/uv/pdm/pylock: same directory or a workspace root above it */
	return !*ld || !strcmp(md, ld) || (wl_starts_with(md, ld) && md[strlen(ld)] == '/');
}

static void collect_names(struct run *r, struct group *g)
{
	size_t i;
	for (i = g->start; i < g->end; i++) {
		const struct wl_fact *f = F(r, i);
		if (f->kind != WL_FACT_DEPENDENCY)
			continue;
		g->names = wl_grow(g->names, &g->anames, g->nnames + 1, sizeof(*g->names));
		g->names[g->nnames++] = (char *)(uintptr_t)((const struct wl_dep *)f->data)->normalized;
	}
}

static void judge_coverage(struct run *r, struct group *m)
{
	size_t *locks = NULL, nl = 0, al = 0, li, i;
	const struct wl_fact *first_range = NULL;
	int nranges = 0;
	struct wl_finding *fi;
	int lib = 0;
	if (!m->man)
		return;
	switch (m->man->kind) {
	case WL_MANIFEST_PYPROJECT:
	case WL_MANIFEST_SETUP:
	case WL_MANIFEST_PIPFILE:
		lib = 1;
		break;
	case WL_MANIFEST_REQUIREMENTS:
		for (i = m->start; i < m->end; i++)
			if (F(r, i)->kind == WL_FACT_DEPENDENCY &&
			    ((const struct wl_dep *)F(r, i)->data)->context == WL_DEPCTX_LIBRARY)
				lib = 1;
		break;
	default:
		break;
	}
	if (!lib)
		return;
	for (li = 0; li < r->ng; li++)
		if (covers(r, m, &r->g[li])) {
			locks = wl_grow(locks, &al, nl + 1, sizeof(*locks));
			locks[nl++] = li;
		}
	for (i = m->start; i < m->end; i++) {
		const struct wl_fact *f = F(r, i);
		const struct wl_dep *d = f->data;
		size_t k;
		int found = 0, req_lock_only = 1;
		if (f->kind != WL_FACT_DEPENDENCY || d->context != WL_DEPCTX_LIBRARY || d->source == WL_DEP_PATH)
			continue;
		if (!d->version && d->source == WL_DEP_REGISTRY) {
			nranges++;
			if (!first_range)
				first_range = f;
		}
		if (!nl)
			continue;
		for (k = 0; k < nl && !found; k++) {
			struct group *l = &r->g[locks[k]];
			if (!l->names)
				collect_names(r, l);
			found = group_has_name(l, d->normalized);
			if (l->man->kind == WL_MANIFEST_LOCK)
				req_lock_only = 0;
		}
		/* a compiled requirements.txt is platform-specific: marker deps may be absent */
		if (!found && !(req_lock_only && d->marker)) {
			fi = wl_report(r->ctx, WL112, &f->loc,
				       "'%s' is declared in %s but missing from %s: the lock file is stale", d->name,
				       wl_basename(m->path), wl_basename(r->g[locks[0]].path));
			wl_finding_key(fi, "%s", d->normalized);
		}
	}
	/* a package (a library) declares ranges on purpose; its users' installs
	 * resolve them. Only an application's manifest wants a lock. */
	if (!nl && first_range && !m->man->package) {
		fi = wl_report(r->ctx, WL113, &first_range->loc,
			       "%s declares %d dependenc%s with version ranges and no lock file in the repository covers it",
			       wl_basename(m->path), nranges, nranges == 1 ? "y" : "ies");
		wl_finding_key(fi, "%s", wl_basename(m->path));
	}
	/* Pipfile.lock records the Pipfile's hash: compare */
	if (m->man->kind == WL_MANIFEST_PIPFILE && m->man->digest) {
		for (li = 0; li < nl; li++) {
			const struct group *l = &r->g[locks[li]];
			if (l->man->digest && strcmp(l->man->digest, m->man->digest)) {
				struct wl_loc loc = { l->path, 0, 0, 0, 0 };
				fi = wl_report(r->ctx, WL112, &loc,
					       "Pipfile.lock was locked from a different Pipfile (_meta.hash %.12s..., the Pipfile hashes to %.12s...): the lock file is stale",
					       l->man->digest, m->man->digest);
				wl_finding_key(fi, "pipfile-hash");
			}
		}
	}
	free(locks);
}

/* ------------------------------------------------------------ module */

static void deps_finish(struct wl_ctx *ctx, const struct wl_fact *const *facts, size_t n)
{
	struct run r;
	size_t i, ag = 0;
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.facts = facts;
	r.n = n;
	for (i = 0; i < n; i++) {
		const char *p = facts[i]->loc.path ? facts[i]->loc.path : "";
		if (!r.ng || strcmp(r.g[r.ng - 1].path, p)) {
			r.g = wl_grow(r.g, &ag, r.ng + 1, sizeof(*r.g));
			memset(&r.g[r.ng], 0, sizeof(r.g[r.ng]));
			r.g[r.ng].path = p;
			r.g[r.ng].start = i;
			r.ng++;
		}
		r.g[r.ng - 1].end = i + 1;
		if (facts[i]->kind == WL_FACT_MANIFEST && !is_ref(facts[i]) && !r.g[r.ng - 1].man)
			r.g[r.ng - 1].man = facts[i]->data;
	}
	for (i = 0; i < r.ng; i++)
		if (r.g[i].man && r.g[i].man->format && !strcmp(r.g[i].man->format, "constraints"))
			r.g[i].is_constraints = 1;
	r.byname = wl_calloc(r.ng + 1, sizeof(*r.byname));
	for (i = 0; i < r.ng; i++)
		r.byname[i] = i;
	sort_ctx = &r; /* finish() is single-threaded */
	qsort(r.byname, r.ng, sizeof(*r.byname), cmp_group_path_q);
	sort_ctx = NULL;

	include_graph(&r);
	for (i = 0; i < n; i++) {
		const struct wl_manifest *m = facts[i]->data;
		long t;
		if (is_ref(facts[i]) && !strcmp(m->format, "-c") && (t = ref_target(&r, m)) >= 0)
			r.g[t].is_constraints = 1;
	}
	for (i = 0; i < r.ng; i++) {
		size_t k;
		if (!r.g[i].man || !r.g[i].man->package)
			continue;
		for (k = 0; k < r.ng; k++)
			if (is_requirements(&r.g[k]) && !strcmp(dir_of(ctx, r.g[k].path), dir_of(ctx, r.g[i].path)))
				r.g[k].beside_package = 1;
	}
	for (i = 0; i < r.ng; i++) {
		struct group *g = &r.g[i];
		size_t k;
		for (k = g->start; k < g->end; k++)
			if (facts[k]->kind == WL_FACT_DEPENDENCY)
				judge_dep(&r, is_requirements(g) ? g : NULL, facts[k]);
		judge_indexes(&r, g);
		judge_coverage(&r, g);
	}
	for (i = 0; i < r.ng; i++) {
		free(r.g[i].cons);
		free(r.g[i].names);
	}
	free(r.g);
	free(r.byname);
}

const struct wl_rule_module wl_rules_deps = {
	.name = "dependencies",
	.rules = deps_rules,
	.nrules = WL_ARRAY_SIZE(deps_rules),
	.facts = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST),
	.cross = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST),
	.finish = deps_finish,
};
