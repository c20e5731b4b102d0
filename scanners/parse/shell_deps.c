/*
 * shell_deps.c - the package-manager models of the shell analysis: pip,
 * uv, poetry, conda/mamba, npm/yarn/pnpm, go installs (and chat-template
 * arguments) become the same dependency facts requirements lines produce.
 * Moved from shell.c; shared declarations in shell_int.h.
 */
#include "reqparse.h"
#include "shell.h"
#include "shell_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tree_sitter/api.h>

#include "facts_config.h"
#include "facts_dep.h"

/* ------------------------------------------------------ dependency facts */

static char *norm_name(struct wl_ctx *ctx, const char *s, size_t n)
{
	char *out = wl_ctx_alloc(ctx, n + 1);
	size_t i, k = 0;
	int sep = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '-' || c == '_' || c == '.') {
			sep = 1;
			continue;
		}
		if (sep && k)
			out[k++] = '-';
		sep = 0;
		out[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[k] = '\0';
	return out;
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.';
}

static const char *trim_dup(struct wl_ctx *ctx, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return wl_ctx_strndup(ctx, s, n);
}

/* An exact pin: "==1.2.3" / "===x" with no wildcard, no second clause. */
static const char *exact_version(struct wl_ctx *ctx, const char *spec)
{
	const char *v;
	if (wl_starts_with(spec, "==="))
		v = spec + 3;
	else if (wl_starts_with(spec, "=="))
		v = spec + 2;
	else
		return NULL;
	while (*v == ' ')
		v++;
	if (!*v || strchr(v, '*') || strchr(v, ',') || strchr(v, ' '))
		return NULL;
	return wl_ctx_strdup(ctx, v);
}

static void dep_common(struct wl_dep *d, const struct walk *w, const char *eco)
{
	memset(d, 0, sizeof(*d));
	d->ecosystem = eco;
	d->spec = "";
	d->context = WL_DEPCTX_APP;
	d->origin = w->in->origin;
	d->hash_mode = w->st->require_hashes;
}

/*
 * A PEP 508 requirement (the pip/uv/pipx command-line form): name[extras]
 * spec ; marker, name @ url, a VCS/archive URL, or a local path.
 */
static void parse_pep508(const struct walk *w, const char *s, struct wl_dep *d)
{
	/* the one PEP 508 parser (reqparse.c), as for requirements files */
	if (wl_req_parse(w->ctx, s, strlen(s), d) != 0 || !d->name) {
		d->name = d->normalized = wl_ctx_strdup(w->ctx, s);
		d->spec = "";
	}
	if (!d->normalized)
		d->normalized = d->name;
	if (!d->spec)
		d->spec = "";
}

static void emit_dep(const struct walk *w, const struct arg *a, struct wl_dep *d)
{
	struct wl_loc loc;
	struct wl_dep *out = wl_ctx_alloc(w->ctx, sizeof(*out));
	*out = *d;
	sh_loc_of(w, a->start, a->end, &loc);
	wl_fact_emit(w->ctx, WL_FACT_DEPENDENCY, &loc, out);
}

static void emit_index(const struct walk *w, const struct arg *opt, const char *url,
		       const char *option, int primary, int extra, int trusted, int first_index, int unsafe)
{
	struct wl_loc loc;
	struct wl_index *ix = wl_ctx_alloc(w->ctx, sizeof(*ix));
	memset(ix, 0, sizeof(*ix));
	ix->url = wl_ctx_strdup(w->ctx, url);
	ix->primary = primary;
	ix->extra = extra;
	ix->trusted_host = trusted;
	ix->first_index = first_index;
	ix->unsafe_strategy = unsafe;
	ix->option = wl_ctx_strdup(w->ctx, option);
	ix->origin = w->in->origin;
	sh_loc_of(w, opt->start, opt->end, &loc);
	wl_fact_emit(w->ctx, WL_FACT_INDEX, &loc, ix);
}

static size_t default_resolve(const struct walk *w, const char *file, const char **out, size_t max)
{
	size_t n = 0;
	const char *p;
	if (w->in->resolve)
		return w->in->resolve(w->in->resolve_ud, w->ctx, file, out, max);
	p = wl_path_join(w->ctx, w->in->base_dir ? w->in->base_dir : "", file);
	if (p && n < max)
		out[n++] = p;
	if (w->in->base_dir && *w->in->base_dir) {
		p = wl_path_join(w->ctx, "", file);
		if (p && n < max && (!n || strcmp(out[0], p) != 0))
			out[n++] = p;
	}
	return n;
}

static void emit_install_from_file(const struct walk *w, const struct cmd *c, const struct arg *fa,
				   int require_hashes, const char *tool)
{
	struct wl_loc loc;
	const char *cand[SHELL_MAX_CANDIDATES];
	size_t n, i;
	struct wl_shell_fact *sf;
	struct wl_manifest *m;
	if (fa->dynamic)
		return;
	n = default_resolve(w, fa->val, cand, SHELL_MAX_CANDIDATES);
	sh_loc_of(w, fa->start, fa->end, &loc);
	sf = wl_ctx_alloc(w->ctx, sizeof(*sf));
	memset(sf, 0, sizeof(*sf));
	sf->kind = WL_SHELL_INSTALL_FROM_FILE;
	sf->command = sh_display(w, ts_node_start_byte(c->node), ts_node_end_byte(c->node));
	sf->file = wl_ctx_strdup(w->ctx, fa->val);
	sf->interpreter = tool;
	if (n) {
		const char **paths = wl_ctx_alloc(w->ctx, n * sizeof(*paths));
		for (i = 0; i < n; i++) {
			paths[i] = cand[i];
			/* pip reads it as requirements, whatever it is called */
			wl_ctx_request_scan(w->ctx, cand[i], "requirements");
		}
		sf->paths = paths;
		sf->npaths = n;
	}
	sf->require_hashes = require_hashes;
	sf->origin = w->in->origin;
	wl_fact_emit(w->ctx, WL_FACT_SHELL, &loc, sf);
	/* The shared shape, for the dependency rules' own cross-file checks. */
	m = wl_ctx_alloc(w->ctx, sizeof(*m));
	memset(m, 0, sizeof(*m));
	m->kind = WL_MANIFEST_REFERENCE;
	m->format = "pip install -r";
	m->refers_to = n ? cand[0] : sf->file;
	if (n > 1) {
		m->alternatives = sf->paths + 1;
		m->nalternatives = (int)(n - 1);
	}
	m->hash_mode = require_hashes;
	wl_fact_emit(w->ctx, WL_FACT_MANIFEST, &loc, m);
}

/* Options of pip install (and uv pip install) that take a value. */
static int pip_opt_takes_value(const char *o)
{
	static const char *const opts[] = {
		"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
		"--extra-index-url", "-f", "--find-links", "--trusted-host", "-t", "--target",
		"--prefix", "--root", "--src", "--upgrade-strategy", "--python-version", "--platform",
		"--implementation", "--abi", "--progress-bar", "--log", "--log-file", "--proxy",
		"--retries", "--timeout", "--exists-action", "--cert", "--client-cert", "--cache-dir",
		"--config-settings", "-C", "--global-option", "--install-option", "--only-binary",
		"--no-binary", "--python", "-p", "--report", "--root-user-action", "--use-feature",
		"--keyring-provider", "--index-strategy", "--default-index", "--index",
		"--resolution", "--prerelease", "--python-platform", "--link-mode", "--overrides",
		"--override", "--build-constraints", "-b", "--exclude-newer", "--group", "--extra",
		"--optional", "--package", "--tag", "--branch", "--rev", "--source", "-G", "-E",
		"--extras", "--pip-args", "--suffix", "--spec", "--from", "--with", "-w",
		"--torch-backend", "--upgrade-package", "-P", "--reinstall-package", "--no-build-package",
		"--no-binary-package", "--directory", "--project", "--config-file", "--with-requirements",
		NULL,
	};
	size_t i;
	for (i = 0; opts[i]; i++)
		if (strcmp(o, opts[i]) == 0)
			return 1;
	return 0;
}

/* v1.2.3, v1.2.3-rc.1, v0.0.0-20240101-abcdef: three numeric components */
static int go_full_version(const char *v)
{
	int parts = 0;
	if (*v++ != 'v')
		return 0;
	for (;;) {
		if (*v < '0' || *v > '9')
			return 0;
		while (*v >= '0' && *v <= '9')
			v++;
		parts++;
		if (*v != '.' || parts == 3)
			break;
		v++;
	}
	return parts == 3 && (*v == '\0' || *v == '-' || *v == '+');
}

enum pkg_syntax { SYN_PEP508, SYN_POETRY, SYN_CONDA, SYN_NPM, SYN_GO };

static void dep_from_arg(const struct walk *w, const struct arg *a, enum pkg_syntax syn,
			 int editable, int require_hashes)
{
	struct wl_dep d;
	const char *v = a->val;
	if (a->dynamic || !*v)
		return;
	switch (syn) {
	case SYN_PEP508:
		dep_common(&d, w, "pypi");
		parse_pep508(w, v, &d);
		break;
	case SYN_POETRY: {
		/* name@^1.2 / name@1.2.3 (exact) / name@latest, else PEP 508 */
		const char *at = strchr(v, '@');
		dep_common(&d, w, "pypi");
		if (at && at > v && !strstr(v, "://") && !wl_starts_with(v, "git+")) {
			const char *ver = at + 1;
			size_t nn = (size_t)(at - v);
			while (nn && v[nn - 1] == ' ')
				nn--;
			d.name = wl_ctx_strndup(w->ctx, v, nn);
			d.normalized = norm_name(w->ctx, v, nn);
			while (*ver == ' ')
				ver++;
			d.spec = wl_ctx_strdup(w->ctx, at);
			if (*ver >= '0' && *ver <= '9' && !strchr(ver, '*') && !strchr(ver, ','))
				d.version = wl_ctx_strdup(w->ctx, ver);
			else if (wl_starts_with(ver, "=="))
				d.version = exact_version(w->ctx, ver);
		} else {
			parse_pep508(w, v, &d);
		}
		break;
	}
	case SYN_CONDA: {
		const char *p = strstr(v, "::");
		size_t i = 0, n;
		dep_common(&d, w, "conda");
		if (p)
			v = p + 2;
		n = strlen(v);
		while (i < n && (is_name_char(v[i])))
			i++;
		/* a name may not end in '.', which begins no spec either */
		d.name = wl_ctx_strndup(w->ctx, v, i);
		d.normalized = norm_name(w->ctx, v, i);
		d.spec = trim_dup(w->ctx, v + i, n - i);
		if (wl_starts_with(d.spec, "==")) {
			d.version = exact_version(w->ctx, d.spec);
		} else if (d.spec[0] == '=' || (d.spec[0] >= '0' && d.spec[0] <= '9')) {
			/* conda "name=1.2.3" or "name 1.2.3[ build]": the version up
			 * to the build string */
			const char *ver = d.spec[0] == '=' ? d.spec + 1 : d.spec;
			size_t vn = 0;
			while (ver[vn] && ver[vn] != '=' && ver[vn] != ' ')
				vn++;
			if (vn && !memchr(ver, '*', vn) && !memchr(ver, ',', vn) && !memchr(ver, '|', vn) &&
			    !memchr(ver, '<', vn) && !memchr(ver, '>', vn))
				d.version = wl_ctx_strndup(w->ctx, ver, vn);
		}
		break;
	}
	case SYN_NPM: {
		const char *at = strchr(v[0] == '@' ? v + 1 : v, '@');
		size_t nn = at ? (size_t)(at - v) : strlen(v);
		dep_common(&d, w, "npm");
		if (strstr(v, "://") || wl_starts_with(v, "git+") || wl_starts_with(v, "github:")) {
			d.source = strstr(v, "git") ? WL_DEP_VCS : WL_DEP_URL;
			d.url = wl_ctx_strdup(w->ctx, v);
			d.name = d.normalized = d.url;
			{
				const char *hash = strrchr(v, '#');
				if (hash)
					d.vcs_ref = wl_ctx_strdup(w->ctx, hash + 1);
			}
			break;
		}
		if (v[0] == '.' || v[0] == '/' || wl_starts_with(v, "file:")) {
			d.source = WL_DEP_PATH;
			d.url = wl_ctx_strdup(w->ctx, v);
			d.name = d.normalized = d.url;
			break;
		}
		d.name = wl_ctx_strndup(w->ctx, v, nn);
		d.normalized = d.name;
		if (at) {
			const char *ver = at + 1;
			size_t k;
			int exact = *ver >= '0' && *ver <= '9';
			d.spec = wl_ctx_strdup(w->ctx, at);
			for (k = 0; ver[k] && exact; k++)
				if (strchr("^~<>=*xX| ,", ver[k]))
					exact = 0;
			if (exact)
				d.version = wl_ctx_strdup(w->ctx, ver);
		}
		break;
	}
	case SYN_GO: {
		const char *at = strrchr(v, '@');
		size_t nn = at ? (size_t)(at - v) : strlen(v);
		dep_common(&d, w, "go");
		d.name = wl_ctx_strndup(w->ctx, v, nn);
		d.normalized = d.name;
		if (at) {
			const char *ver = at + 1;
			d.spec = wl_ctx_strdup(w->ctx, at);
			if (strcmp(ver, "none") == 0)
				return; /* go get x@none removes x: not an install */
			/* an exact version is vMAJOR.MINOR.PATCH[-pre][+build] (or a
			 * commit); @v1 and @v1.2 are queries for the newest match */
			if (strcmp(ver, "latest") != 0 && strcmp(ver, "upgrade") != 0 &&
			    strcmp(ver, "patch") != 0 && *ver &&
			    (go_full_version(ver) || wl_is_hex(ver, strlen(ver)))) {
				d.version = wl_ctx_strdup(w->ctx, ver);
				/* the go command checks every module version it downloads
				 * against the checksum database (sum.golang.org): an exact
				 * version is hash-verified */
				d.nhashes = 1;
			}
		}
		break;
	}
	default:
		return;
	}
	/* `pip install -e X`: pip edits only a local project or a VCS checkout,
	 * so a bare word there is a folder, never a package from an index */
	if (editable && syn == SYN_PEP508 && d.source == WL_DEP_REGISTRY && !d.spec[0]) {
		d.source = WL_DEP_PATH;
		d.url = wl_ctx_strdup(w->ctx, v);
	}
	d.editable = editable;
	if (require_hashes)
		d.hash_mode = 1;
	emit_dep(w, a, &d);
}

int wl_ci_dep_from_spec(struct wl_ctx *ctx, const char *spec, int npm_syntax, const char *origin,
			const struct wl_loc *loc)
{
	struct walk w;
	struct wl_shell_input in;
	struct wl_shell_state st;
	struct wl_dep d;
	struct wl_dep *out;
	if (!spec || !*spec || strchr(spec, '$'))
		return 0;
	memset(&w, 0, sizeof(w));
	memset(&in, 0, sizeof(in));
	wl_shell_state_init(&st);
	in.origin = origin;
	w.ctx = ctx;
	w.in = &in;
	w.st = &st;
	if (npm_syntax) {
		const char *at = strchr(spec[0] == '@' ? spec + 1 : spec, '@');
		size_t nn = at ? (size_t)(at - spec) : strlen(spec);
		dep_common(&d, &w, "npm");
		d.name = wl_ctx_strndup(ctx, spec, nn);
		d.normalized = d.name;
		if (at) {
			d.spec = wl_ctx_strdup(ctx, at);
			if (at[1] >= '0' && at[1] <= '9' && !strpbrk(at + 1, "^~<>=*xX| ,"))
				d.version = wl_ctx_strdup(ctx, at + 1);
		}
	} else {
		dep_common(&d, &w, "pypi");
		parse_pep508(&w, spec, &d);
	}
	out = wl_ctx_alloc(ctx, sizeof(*out));
	*out = d;
	wl_fact_emit(ctx, WL_FACT_DEPENDENCY, loc, out);
	return 1;
}

/*
 * pip-style install arguments from argv[i]: options, -r files, indexes,
 * then requirements. `tool` names the installer for messages.
 */
static void pip_install_args(const struct walk *w, const struct cmd *c, size_t i,
			     enum pkg_syntax syn, const char *tool)
{
	size_t k;
	int require_hashes = w->st->require_hashes;
	/* uv searches indexes in order and takes a name from the first that
	 * has it, unless --index-strategy relaxes that (unsafe-*) */
	int first_index = wl_starts_with(tool, "uv");
	/* ... and an unsafe-* strategy written out (or UV_INDEX_STRATEGY in
	 * scope) mixes the indexes on purpose: dependency confusion opted in */
	int unsafe = first_index && w->st->uv_unsafe_index;
	int no_index = 0;
	/* first pass: flags that change how every requirement is judged */
	for (k = i; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (strcmp(v, "--require-hashes") == 0)
			require_hashes = 1;
		if (strcmp(v, "--no-index") == 0)
			no_index = 1; /* find-links are then the only source, not a second one */
		if (strcmp(v, "--index-strategy") == 0 && k + 1 < c->argc) {
			const struct arg *sa = &c->argv[k + 1];
			first_index = !sa->dynamic && wl_starts_with(sa->val, "first") && wl_starts_with(tool, "uv");
			unsafe = !sa->dynamic && wl_starts_with(sa->val, "unsafe-") && wl_starts_with(tool, "uv");
		} else if (wl_starts_with(v, "--index-strategy=")) {
			first_index = wl_starts_with(v + 17, "first") && wl_starts_with(tool, "uv");
			unsafe = wl_starts_with(v + 17, "unsafe-") && wl_starts_with(tool, "uv");
		}
	}
	if (unsafe)
		first_index = 0;
	for (k = i; k < c->argc; k++) {
		const struct arg *a = &c->argv[k];
		const char *v = a->val;
		const char *opt = v, *val = NULL;
		const struct arg *va = NULL;
		char optbuf[64];
		if (strcmp(v, "--") == 0)
			continue;
		if (v[0] == '-' && v[1]) {
			const char *eq = strchr(v, '=');
			if (v[1] == '-' && eq) {
				size_t on = (size_t)(eq - v);
				if (on >= sizeof(optbuf))
					continue;
				memcpy(optbuf, v, on);
				optbuf[on] = '\0';
				opt = optbuf;
				val = eq + 1;
				va = a;
			} else if (v[1] != '-' && v[2] && pip_opt_takes_value((char[]){'-', v[1], '\0'})) {
				/* -rrequirements.txt */
				optbuf[0] = '-';
				optbuf[1] = v[1];
				optbuf[2] = '\0';
				opt = optbuf;
				val = v + 2;
				va = a;
			} else if (pip_opt_takes_value(v)) {
				if (k + 1 >= c->argc)
					break;
				va = &c->argv[++k];
				val = va->val;
			} else {
				continue;
			}
			if (va->dynamic)
				continue;
			if (strcmp(opt, "-r") == 0 || strcmp(opt, "--requirement") == 0 ||
			    strcmp(opt, "--with-requirements") == 0) {
				struct arg fa = *va;
				fa.val = wl_strdup(val);
				emit_install_from_file(w, c, &fa, require_hashes, tool);
				free(fa.val);
			} else if (strcmp(opt, "-e") == 0 || strcmp(opt, "--editable") == 0) {
				struct arg ea = *va;
				ea.val = wl_strdup(val);
				dep_from_arg(w, &ea, SYN_PEP508, 1, require_hashes);
				free(ea.val);
			} else if (strcmp(opt, "-i") == 0 || strcmp(opt, "--index-url") == 0 ||
				   strcmp(opt, "--default-index") == 0) {
				emit_index(w, a, val, opt, 1, 0, 0, 0, 0);
			} else if (no_index && (strcmp(opt, "-f") == 0 || strcmp(opt, "--find-links") == 0)) {
				emit_index(w, a, val, opt, 1, 0, 0, 0, 0);
			} else if (strcmp(opt, "--extra-index-url") == 0 || strcmp(opt, "--index") == 0 ||
				   strcmp(opt, "-f") == 0 || strcmp(opt, "--find-links") == 0) {
				emit_index(w, a, val, opt, 0, 1, 0, first_index && strcmp(opt, "-f") && strcmp(opt, "--find-links"),
					   unsafe);
			} else if (strcmp(opt, "--trusted-host") == 0) {
				emit_index(w, a, val, opt, 0, 0, 1, 0, 0);
			} else if (strcmp(opt, "--with") == 0 || strcmp(opt, "--from") == 0 ||
				   strcmp(opt, "--spec") == 0 || strcmp(opt, "-w") == 0) {
				struct arg ea = *va;
				ea.val = wl_strdup(val);
				dep_from_arg(w, &ea, syn, 0, require_hashes);
				free(ea.val);
			}
			continue;
		}
		dep_from_arg(w, a, syn, 0, require_hashes);
	}
}

/* First non-option word at or after i (the subcommand), skipping global
 * options that take a value. Returns c->argc when none. */
/*
 * `uvx`, `pipx run`: runners that take one package and then a command. From
 * argv[k], skip options; an option in `spec_opts` names the package in its
 * value (what follows is the command); else the first word is the package.
 */
static void run_target_dep(const struct walk *w, const struct cmd *c, size_t k, const char *const *spec_opts)
{
	while (k < c->argc && c->argv[k].val[0] == '-') {
		const char *o = c->argv[k].val;
		size_t i;
		for (i = 0; spec_opts[i]; i++)
			if (strcmp(o, spec_opts[i]) == 0) {
				if (k + 1 < c->argc)
					dep_from_arg(w, &c->argv[k + 1], SYN_PEP508, 0, 0);
				return;
			}
		if (pip_opt_takes_value(o) && !strchr(o, '='))
			k++;
		k++;
	}
	if (k < c->argc)
		dep_from_arg(w, &c->argv[k], SYN_PEP508, 0, 0);
}

static size_t subcommand(const struct cmd *c, size_t i)
{
	while (i < c->argc) {
		const char *v = c->argv[i].val;
		if (v[0] != '-')
			return i;
		if (!strchr(v, '=') &&
		    (strcmp(v, "--proxy") == 0 || strcmp(v, "--log") == 0 || strcmp(v, "--cache-dir") == 0 ||
		     strcmp(v, "--python") == 0 || strcmp(v, "--retries") == 0 || strcmp(v, "--timeout") == 0 ||
		     strcmp(v, "--cert") == 0 || strcmp(v, "--client-cert") == 0 || strcmp(v, "--exists-action") == 0 ||
		     strcmp(v, "--directory") == 0 || strcmp(v, "--project") == 0 || strcmp(v, "-C") == 0 ||
		     strcmp(v, "--config-file") == 0 || strcmp(v, "--prefix") == 0 || strcmp(v, "--color") == 0))
			i++;
		i++;
	}
	return c->argc;
}

/* conda/mamba install|create: channels are not indexes we judge; specs are deps. */
static void conda_install_args(const struct walk *w, const struct cmd *c, size_t i)
{
	size_t k;
	for (k = i; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (v[0] == '-') {
			if (!strchr(v, '=') &&
			    (strcmp(v, "-c") == 0 || strcmp(v, "--channel") == 0 || strcmp(v, "-n") == 0 ||
			     strcmp(v, "--name") == 0 || strcmp(v, "-p") == 0 || strcmp(v, "--prefix") == 0 ||
			     strcmp(v, "--file") == 0 || strcmp(v, "-f") == 0 || strcmp(v, "--solver") == 0 ||
			     strcmp(v, "--repodata-fn") == 0 || strcmp(v, "-r") == 0 || strcmp(v, "--root-prefix") == 0 ||
			     strcmp(v, "--platform") == 0 || strcmp(v, "--subdir") == 0))
				k++;
			continue;
		}
		dep_from_arg(w, &c->argv[k], SYN_CONDA, 0, 0);
	}
}

static void npm_install_args(const struct walk *w, const struct cmd *c, size_t i, size_t first)
{
	size_t k, npkgs = 0;
	for (k = i; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (v[0] == '-') {
			if (!strchr(v, '=') && (strcmp(v, "--prefix") == 0 || strcmp(v, "--registry") == 0 ||
						strcmp(v, "--cache") == 0 || strcmp(v, "-w") == 0 ||
						strcmp(v, "--workspace") == 0 || strcmp(v, "--omit") == 0 ||
						strcmp(v, "--include") == 0 || strcmp(v, "--install-strategy") == 0))
				k++;
			continue;
		}
		npkgs++;
		dep_from_arg(w, &c->argv[k], SYN_NPM, 0, 0);
	}
	if (!npkgs) {
		struct wl_loc loc;
		struct wl_shell_fact *sf = wl_ctx_alloc(w->ctx, sizeof(*sf));
		memset(sf, 0, sizeof(*sf));
		sf->kind = WL_SHELL_NPM_INSTALL;
		sf->command = sh_display(w, ts_node_start_byte(c->node), ts_node_end_byte(c->node));
		sf->origin = w->in->origin;
		sh_loc_of(w, c->argv[first].start, c->argv[i > first + 1 ? i - 1 : first].end, &loc);
		wl_fact_emit(w->ctx, WL_FACT_SHELL, &loc, sf);
	}
}

static void go_install_args(const struct walk *w, const struct cmd *c, size_t i)
{
	size_t k;
	const struct arg *insecure = NULL;
	for (k = i; k < c->argc; k++)
		if (strcmp(c->argv[k].val, "-insecure") == 0 || strcmp(c->argv[k].val, "-insecure=true") == 0)
			insecure = &c->argv[k];
	for (k = i; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (insecure && v[0] != '-' && (strchr(v, '@') || (v[0] != '.' && strchr(v, '.'))))
			/* plain http and no checksum database for what it fetches */
			emit_index(w, insecure, v, "go get -insecure", 0, 0, 1, 0, 0);
		if (v[0] == '-') {
			if (!strchr(v, '=') && (strcmp(v, "-o") == 0 || strcmp(v, "-C") == 0 ||
						strcmp(v, "-tags") == 0 || strcmp(v, "-ldflags") == 0 ||
						strcmp(v, "-gcflags") == 0 || strcmp(v, "-mod") == 0 ||
						strcmp(v, "-modfile") == 0 || strcmp(v, "-p") == 0))
				k++;
			continue;
		}
		/* only module paths (with a dot in the first element) are fetched */
		if (!strchr(v, '@') && (v[0] == '.' || !strchr(v, '.')))
			continue;
		dep_from_arg(w, &c->argv[k], SYN_GO, 0, 0);
	}
}

/*
 * `vllm serve M --chat-template tmpl.jinja`, sglang, lmdeploy and the
 * OpenAI-compatible servers: the server renders that file as the chat
 * template. A template link names it, so the template checks (WL401) read
 * the file as they read one a tokenizer config names.
 */
void sh_chat_template_args(const struct walk *w, const struct cmd *c, size_t f)
{
	size_t k;
	for (k = f + 1; k < c->argc; k++) {
		const struct arg *a = &c->argv[k];
		const char *v = a->val;
		struct wl_template_link *l;
		struct wl_loc loc;
		size_t n;
		if (strcmp(v, "--chat-template") == 0 && k + 1 < c->argc) {
			a = &c->argv[++k];
			v = a->val;
		} else if (wl_starts_with(v, "--chat-template=")) {
			v += 16;
		} else {
			continue;
		}
		n = strlen(v);
		if (a->dynamic || n < 7 || n > 1024 || strchr(v, '{') ||
		    !(wl_ends_with(v, ".jinja") || wl_ends_with(v, ".jinja2") || wl_ends_with(v, ".j2")))
			continue;
		l = wl_ctx_alloc(w->ctx, sizeof(*l));
		memset(l, 0, sizeof(*l));
		l->ref = wl_ctx_strdup(w->ctx, v);
		sh_loc_of(w, a->start, a->end, &loc);
		wl_fact_emit(w->ctx, WL_FACT_TEMPLATE_LINK, &loc, l);
	}
}

/* Installers: returns 1 when the command was one. */
int sh_analyze_install(const struct walk *w, const struct cmd *c, size_t f)
{
	const char *name = c->argv[f].val;
	const char *b = sh_base_name(name);
	size_t s;
	if (sh_is_pip_name(name)) {
		s = subcommand(c, f + 1);
		if (s < c->argc && strcmp(c->argv[s].val, "install") == 0)
			pip_install_args(w, c, s + 1, SYN_PEP508, "pip");
		return 1;
	}
	if (sh_is_python_name(name)) {
		size_t k = f + 1;
		while (k < c->argc && c->argv[k].val[0] == '-' && strcmp(c->argv[k].val, "-m") != 0) {
			const char *o = c->argv[k].val;
			if (strcmp(o, "-c") == 0)
				return 0;
			if (strcmp(o, "-W") == 0 || strcmp(o, "-X") == 0)
				k++;
			k++;
		}
		if (k + 1 < c->argc && strcmp(c->argv[k].val, "-m") == 0) {
			const char *mod = c->argv[k + 1].val;
			if (strcmp(mod, "pip") == 0) {
				s = subcommand(c, k + 2);
				if (s < c->argc && strcmp(c->argv[s].val, "install") == 0)
					pip_install_args(w, c, s + 1, SYN_PEP508, "pip");
				return 1;
			}
			if (strcmp(mod, "pipx") == 0 || strcmp(mod, "uv") == 0 || strcmp(mod, "poetry") == 0) {
				/* python -m uv pip install ...: treat as the tool itself */
				struct cmd sub = *c;
				sub.first = k + 1;
				(void)sub;
				name = mod;
				b = mod;
				f = k + 1;
			} else {
				return 0;
			}
		} else {
			return 0;
		}
	}
	if (strcmp(b, "uv") == 0) {
		s = subcommand(c, f + 1);
		if (s >= c->argc)
			return 1;
		if (strcmp(c->argv[s].val, "pip") == 0) {
			size_t t = subcommand(c, s + 1);
			if (t < c->argc && strcmp(c->argv[t].val, "install") == 0)
				pip_install_args(w, c, t + 1, SYN_PEP508, "uv pip");
			else if (t < c->argc && strcmp(c->argv[t].val, "sync") == 0) {
				size_t k;
				for (k = t + 1; k < c->argc; k++)
					if (c->argv[k].val[0] != '-') {
						emit_install_from_file(w, c, &c->argv[k], 0, "uv pip sync");
						break;
					}
			}
		} else if (strcmp(c->argv[s].val, "add") == 0) {
			pip_install_args(w, c, s + 1, SYN_PEP508, "uv add");
		} else if (strcmp(c->argv[s].val, "tool") == 0) {
			size_t t = subcommand(c, s + 1);
			if (t < c->argc && (strcmp(c->argv[t].val, "install") == 0 || strcmp(c->argv[t].val, "run") == 0)) {
				pip_install_args(w, c, t + 1, SYN_PEP508, "uv tool");
			}
		}
		return 1;
	}
	if (strcmp(b, "uvx") == 0) {
		/* uvx [opts] pkg [args...]: only the package is a dependency */
		static const char *const spec_opts[] = { "--from", "--with", "-w", NULL };
		run_target_dep(w, c, f + 1, spec_opts);
		return 1;
	}
	if (strcmp(b, "pipx") == 0) {
		s = subcommand(c, f + 1);
		if (s >= c->argc)
			return 1;
		if (strcmp(c->argv[s].val, "install") == 0) {
			pip_install_args(w, c, s + 1, SYN_PEP508, "pipx");
		} else if (strcmp(c->argv[s].val, "inject") == 0) {
			size_t t = subcommand(c, s + 1); /* the venv name */
			if (t < c->argc)
				pip_install_args(w, c, t + 1, SYN_PEP508, "pipx");
		} else if (strcmp(c->argv[s].val, "run") == 0) {
			static const char *const spec_opts[] = { "--spec", NULL };
			run_target_dep(w, c, s + 1, spec_opts);
		}
		return 1;
	}
	if (strcmp(b, "poetry") == 0) {
		s = subcommand(c, f + 1);
		if (s < c->argc && strcmp(c->argv[s].val, "add") == 0)
			pip_install_args(w, c, s + 1, SYN_POETRY, "poetry add");
		else if (s + 1 < c->argc && strcmp(c->argv[s].val, "self") == 0 &&
			 strcmp(c->argv[s + 1].val, "add") == 0)
			pip_install_args(w, c, s + 2, SYN_POETRY, "poetry self add");
		return 1;
	}
	if (strcmp(b, "conda") == 0 || strcmp(b, "mamba") == 0 || strcmp(b, "micromamba") == 0) {
		s = subcommand(c, f + 1);
		if (s < c->argc && (strcmp(c->argv[s].val, "install") == 0 || strcmp(c->argv[s].val, "create") == 0 ||
				    strcmp(c->argv[s].val, "update") == 0))
			conda_install_args(w, c, s + 1);
		return 1;
	}
	if (strcmp(b, "npm") == 0 || strcmp(b, "pnpm") == 0 || strcmp(b, "yarn") == 0) {
		s = subcommand(c, f + 1);
		if (s >= c->argc) {
			return 1;
		}
		if (strcmp(b, "npm") == 0 && (strcmp(c->argv[s].val, "install") == 0 || strcmp(c->argv[s].val, "i") == 0 ||
					      strcmp(c->argv[s].val, "install-test") == 0 || strcmp(c->argv[s].val, "it") == 0 ||
					      strcmp(c->argv[s].val, "add") == 0 || strcmp(c->argv[s].val, "isntall") == 0))
			npm_install_args(w, c, s + 1, f);
		else if (strcmp(b, "npm") != 0 && strcmp(c->argv[s].val, "add") == 0) {
			size_t k;
			for (k = s + 1; k < c->argc; k++)
				if (c->argv[k].val[0] != '-')
					dep_from_arg(w, &c->argv[k], SYN_NPM, 0, 0);
		}
		return 1;
	}
	if (strcmp(b, "go") == 0) {
		s = subcommand(c, f + 1);
		if (s < c->argc && (strcmp(c->argv[s].val, "install") == 0 || strcmp(c->argv[s].val, "get") == 0))
			go_install_args(w, c, s + 1);
		return 1;
	}
	return 0;
}
