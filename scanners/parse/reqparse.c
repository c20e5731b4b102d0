/*
 * reqparse.c - pip's requirement-line and requirements-file grammar
 * (pip/_internal/req/req_file.py and constructors.py), reproduced on bytes.
 * Every index is bounds-checked against the given length; nothing here ever
 * touches the network or the filesystem.
 */
#include <stdlib.h>
#include <string.h>

#include "reqparse.h"

#define LINE_CAP ((size_t)1 << 24)

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int is_name_byte(unsigned char c)
{
	/* non-ASCII bytes are kept so that homoglyph names ("tоrch") become facts */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_' || c == '.' || c >= 0x80;
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_ws(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_ws((*s)[*n - 1]))
		(*n)--;
}

int wl_is_commit_sha(const char *s)
{
	size_t i;
	if (!s)
		return 0;
	for (i = 0; i < 40; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return s[40] == '\0';
}

static int has_prefix_ci(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p), i;
	if (n < l)
		return 0;
	for (i = 0; i < l; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != p[i])
			return 0;
	}
	return 1;
}

static const char *const vcs_prefixes[] = { "git+", "hg+", "svn+", "bzr+", "git://", NULL };
static const char *const url_prefixes[] = { "http://", "https://", "ftp://", "file:", NULL };

static int is_url(const char *s, size_t n)
{
	size_t i;
	for (i = 0; vcs_prefixes[i]; i++)
		if (has_prefix_ci(s, n, vcs_prefixes[i]))
			return 1;
	for (i = 0; url_prefixes[i]; i++)
		if (has_prefix_ci(s, n, url_prefixes[i]))
			return 1;
	return 0;
}

static int is_archive(const char *s, size_t n)
{
	static const char *const ext[] = { ".whl", ".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2",
					   ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma", NULL };
	size_t i;
	for (i = 0; ext[i]; i++) {
		size_t l = strlen(ext[i]);
		if (n >= l && has_prefix_ci(s + n - l, l, ext[i]))
			return 1;
	}
	return 0;
}

void wl_req_classify_url(struct wl_ctx *ctx, const char *url, struct wl_dep *dep)
{
	size_t n = strlen(url), i;
	const char *frag = strchr(url, '#');
	dep->url = url;
	dep->source = WL_DEP_URL;
	for (i = 0; vcs_prefixes[i]; i++)
		if (has_prefix_ci(url, n, vcs_prefixes[i]))
			dep->source = WL_DEP_VCS;
	if (dep->source == WL_DEP_URL && !has_prefix_ci(url, n, "http://") &&
	    !has_prefix_ci(url, n, "https://") && !has_prefix_ci(url, n, "ftp://"))
		dep->source = WL_DEP_PATH; /* file: URLs and plain paths */
	if (dep->source == WL_DEP_VCS) {
		/* the ref follows the last '@' of the path (not the user@ of the host) */
		const char *p = strstr(url, "://"), *end = frag ? frag : url + n, *at = NULL, *q;
		p = p ? p + 3 : url;
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = p;
		for (; q < end; q++)
			if (*q == '@')
				at = q;
		if (at && at + 1 < end)
			dep->vcs_ref = wl_ctx_strndup(ctx, at + 1, (size_t)(end - at - 1));
	}
	/* #sha256=<hex> (pip's Link hash fragment); several '&'-separated keys */
	if (frag) {
		static const char *const algs[] = { "sha256=", "sha384=", "sha512=", "sha224=", "sha1=", "md5=", NULL };
		const char *f = frag + 1;
		while (*f) {
			for (i = 0; algs[i]; i++)
				if (wl_starts_with(f, algs[i]) && f[strlen(algs[i])] && f[strlen(algs[i])] != '&')
					dep->nhashes++;
			f = strchr(f, '&');
			if (!f)
				break;
			f++;
		}
	}
}

/* #egg=NAME, or the project name in a wheel / sdist file name. */
static void name_from_url(struct wl_ctx *ctx, const char *url, struct wl_dep *dep)
{
	const char *egg = strstr(url, "#egg="), *e;
	if (!egg)
		egg = strstr(url, "&egg=");
	if (egg) {
		egg += 5;
		e = egg;
		while (*e && is_name_byte((unsigned char)*e) && *e != '&')
			e++;
		if (e > egg) {
			dep->name = wl_ctx_strndup(ctx, egg, (size_t)(e - egg));
			dep->normalized = wl_pep503_normalize(ctx, egg, (size_t)(e - egg));
			return;
		}
	}
	{
		const char *end = strchr(url, '#'), *base;
		size_t n = end ? (size_t)(end - url) : strlen(url), bl;
		if (n && (url[n - 1] == '/'))
			n--;
		base = url + n;
		while (base > url && base[-1] != '/' && base[-1] != '\\' && base[-1] != ':')
			base--;
		bl = (size_t)(url + n - base);
		if (is_archive(base, bl)) {
			/* name-1.0.tar.gz / name-1.0-py3-none-any.whl: the name ends
			 * before the first '-' followed by a digit */
			size_t i;
			for (i = 0; i + 1 < bl; i++)
				if (base[i] == '-' && base[i + 1] >= '0' && base[i + 1] <= '9')
					break;
			if (i + 1 < bl && i > 0) {
				dep->name = wl_ctx_strndup(ctx, base, i);
				dep->normalized = wl_pep503_normalize(ctx, base, i);
				return;
			}
		}
	}
	/* nameless (a local project directory): the URL stands for the name */
	dep->name = url;
	dep->normalized = url;
}

const char *wl_req_exact_version(struct wl_ctx *ctx, const char *spec, int bare_is_exact)
{
	const char *s = spec, *e;
	size_t n;
	if (!s)
		return NULL;
	while (*s && is_ws(*s))
		s++;
	if (*s == '(')
		s++;
	if (s[0] == '=' && s[1] == '=') {
		s += s[2] == '=' ? 3 : 2;
	} else if (!bare_is_exact || !((*s >= '0' && *s <= '9') || *s == 'v')) {
		return NULL;
	}
	while (*s && is_ws(*s))
		s++;
	e = s;
	while (*e && !is_ws(*e) && *e != ')' && *e != ',' && *e != ';')
		e++;
	n = (size_t)(e - s);
	if (!n || memchr(s, '*', n))
		return NULL;
	while (*e && (is_ws(*e) || *e == ')'))
		e++;
	if (*e && *e != ';')
		return NULL; /* another clause follows: a range */
	return wl_ctx_strndup(ctx, s, n);
}

int wl_req_parse(struct wl_ctx *ctx, const char *s, size_t n, struct wl_dep *dep)
{
	size_t i = 0, at = n, slash = n, ns, ne;
	trim(&s, &n);
	if (!n)
		return WL_EFORMAT;
	for (i = 0; i < n; i++) {
		if (s[i] == '@' && at == n)
			at = i;
		if ((s[i] == '/' || s[i] == '\\') && slash == n)
			slash = i;
	}
	/* A bare URL, VCS URL or path (no "name @" in front of it). */
	if (is_url(s, n) || ((slash < at || at == n) &&
			     (slash < n || s[0] == '.' || is_archive(s, n)))) {
		size_t ue = n, me = n;
		const char *semi = NULL;
		/* pip splits URL requirements on "; " (a ';' in a URL is legal) */
		for (i = 0; i + 1 < n; i++)
			if (s[i] == ';' && is_ws(s[i + 1])) {
				semi = s + i;
				break;
			}
		if (semi) {
			ue = (size_t)(semi - s);
			dep->marker = wl_ctx_strndup(ctx, semi + 1, me - ue - 1);
			while (ue && is_ws(s[ue - 1]))
				ue--;
		}
		wl_req_classify_url(ctx, wl_ctx_strndup(ctx, s, ue), dep);
		name_from_url(ctx, dep->url, dep);
		dep->spec = "";
		return 0;
	}
	/* PEP 508 */
	i = 0;
	ns = i;
	while (i < n && is_name_byte((unsigned char)s[i]))
		i++;
	ne = i;
	if (ne == ns)
		return WL_EFORMAT;
	dep->name = wl_ctx_strndup(ctx, s + ns, ne - ns);
	dep->normalized = wl_pep503_normalize(ctx, s + ns, ne - ns);
	while (i < n && is_ws(s[i]))
		i++;
	if (i < n && s[i] == '[') {
		size_t e = i;
		while (e < n && s[e] != ']')
			e++;
		dep->extras = wl_ctx_strndup(ctx, s + i, e < n ? e - i + 1 : e - i);
		i = e < n ? e + 1 : e;
		while (i < n && is_ws(s[i]))
			i++;
	}
	if (i < n && s[i] == '@') {
		size_t us, ue, m;
		i++;
		while (i < n && is_ws(s[i]))
			i++;
		us = i;
		while (i < n && !is_ws(s[i]))
			i++;
		ue = i;
		/* "name @ url;marker" without a space is a URL ending in ';' per PEP
		 * 508, but pip accepts it: split at the first ';' after the URL */
		for (m = us; m < ue; m++)
			if (s[m] == ';' && (m + 1 == ue || s[m + 1] != '/')) {
				ue = m;
				i = m;
				break;
			}
		wl_req_classify_url(ctx, wl_ctx_strndup(ctx, s + us, ue - us), dep);
		dep->spec = "";
		while (i < n && (is_ws(s[i]) || s[i] == ';'))
			i++;
		if (i < n)
			dep->marker = wl_ctx_strndup(ctx, s + i, n - i);
		return 0;
	}
	{
		size_t ss = i, se;
		while (i < n && s[i] != ';')
			i++;
		se = i;
		while (se > ss && is_ws(s[se - 1]))
			se--;
		if (se > ss && s[ss] == '(' && s[se - 1] == ')') {
			ss++;
			se--;
		}
		dep->spec = wl_ctx_strndup(ctx, s + ss, se - ss);
		dep->version = wl_req_exact_version(ctx, dep->spec, 0);
		if (i < n) {
			i++;
			while (i < n && is_ws(s[i]))
				i++;
			if (i < n)
				dep->marker = wl_ctx_strndup(ctx, s + i, n - i);
		}
	}
	dep->source = WL_DEP_REGISTRY;
	return 0;
}

char *wl_req_join_path(struct wl_ctx *ctx, const char *from, const char *rel)
{
	struct wl_buf b;
	const char *slash = strrchr(from, '/'), *p;
	char *out;
	size_t *seg = NULL, nseg = 0, segalloc = 0;
	if (!rel || !*rel || rel[0] == '/' || strstr(rel, "://"))
		return NULL;
	wl_buf_init(&b, 1 << 16);
	if (slash)
		wl_buf_add(&b, from, (size_t)(slash - from));
	/* segment starts for "..": walk the pieces of dir + rel */
	{
		struct wl_buf all;
		wl_buf_init(&all, 1 << 16);
		wl_buf_add(&all, b.buf, b.len);
		if (all.len)
			wl_buf_addch(&all, '/');
		wl_buf_addstr(&all, rel);
		wl_buf_reset(&b);
		p = all.buf;
		while (*p) {
			const char *e = p;
			size_t l;
			while (*e && *e != '/' && *e != '\\')
				e++;
			l = (size_t)(e - p);
			if (l == 0 || (l == 1 && p[0] == '.')) {
				/* skip */
			} else if (l == 2 && p[0] == '.' && p[1] == '.') {
				if (!nseg) {
					wl_buf_release(&all);
					wl_buf_release(&b);
					free(seg);
					return NULL;
				}
				b.len = seg[--nseg];
				b.buf[b.len] = '\0';
			} else {
				seg = wl_grow(seg, &segalloc, nseg + 1, sizeof(*seg));
				seg[nseg++] = b.len;
				if (b.len)
					wl_buf_addch(&b, '/');
				wl_buf_add(&b, p, l);
			}
			p = *e ? e + 1 : e;
		}
		wl_buf_release(&all);
	}
	free(seg);
	out = b.len ? wl_ctx_strndup(ctx, b.buf, b.len) : NULL;
	wl_buf_release(&b);
	return out;
}

/* --------------------------------------------------- requirements files */

/* What one requirements file produced, emitted once the whole file is read
 * (hash mode is a property of the file: one --hash anywhere turns it on). */
struct pending {
	enum wl_fact_kind kind;
	struct wl_loc loc;
	void *data;
};

struct rf {
	struct wl_ctx *ctx;
	const struct wl_reqfile_opts *o;
	struct pending *facts;
	size_t nfacts, alloc;
	struct wl_manifest *man;
	int hash_mode;
	int env_noted;
};

static void push(struct rf *r, enum wl_fact_kind kind, const struct wl_loc *loc, void *data)
{
	r->facts = wl_grow(r->facts, &r->alloc, r->nfacts + 1, sizeof(*r->facts));
	r->facts[r->nfacts].kind = kind;
	r->facts[r->nfacts].loc = *loc;
	r->facts[r->nfacts].data = data;
	r->nfacts++;
}

/* shlex.split, POSIX mode, enough for option values: quotes and backslashes. */
static size_t shlex(const char *s, size_t n, char **out, size_t max, struct wl_buf *store)
{
	size_t i = 0, k = 0;
	wl_buf_reset(store);
	while (i < n && k < max) {
		size_t start;
		int any = 0;
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			break;
		start = store->len;
		while (i < n && !is_ws(s[i])) {
			any = 1;
			if (s[i] == '\'' ) {
				i++;
				while (i < n && s[i] != '\'')
					wl_buf_addch(store, s[i++]);
				if (i < n)
					i++;
			} else if (s[i] == '"') {
				i++;
				while (i < n && s[i] != '"') {
					if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\'))
						i++;
					wl_buf_addch(store, s[i++]);
				}
				if (i < n)
					i++;
			} else if (s[i] == '\\' && i + 1 < n) {
				wl_buf_addch(store, s[i + 1]);
				i += 2;
			} else {
				wl_buf_addch(store, s[i++]);
			}
		}
		if (any) {
			wl_buf_addch(store, '\0');
			out[k++] = (char *)(uintptr_t)start; /* offsets now, pointers below */
		}
	}
	for (i = 0; i < k; i++)
		out[i] = store->buf + (size_t)(uintptr_t)out[i];
	return k;
}

enum opt_id {
	O_REQUIREMENT, O_CONSTRAINT, O_EDITABLE, O_INDEX_URL, O_EXTRA_INDEX_URL, O_NO_INDEX,
	O_FIND_LINKS, O_TRUSTED_HOST, O_REQUIRE_HASHES, O_PRE, O_ONLY_BINARY, O_NO_BINARY,
	O_PREFER_BINARY, O_USE_FEATURE, O_HASH, O_CONFIG_SETTINGS, O_GLOBAL_OPTION, O_UNKNOWN
};

static const struct opt_def {
	const char *lng;
	char shrt;
	int arg;
	enum opt_id id;
} opt_defs[] = {
	{ "requirement", 'r', 1, O_REQUIREMENT },
	{ "constraint", 'c', 1, O_CONSTRAINT },
	{ "editable", 'e', 1, O_EDITABLE },
	{ "index-url", 'i', 1, O_INDEX_URL },
	{ "extra-index-url", 0, 1, O_EXTRA_INDEX_URL },
	{ "no-index", 0, 0, O_NO_INDEX },
	{ "find-links", 'f', 1, O_FIND_LINKS },
	{ "trusted-host", 0, 1, O_TRUSTED_HOST },
	{ "require-hashes", 0, 0, O_REQUIRE_HASHES },
	{ "pre", 0, 0, O_PRE },
	{ "only-binary", 0, 1, O_ONLY_BINARY },
	{ "no-binary", 0, 1, O_NO_BINARY },
	{ "prefer-binary", 0, 0, O_PREFER_BINARY },
	{ "use-feature", 0, 1, O_USE_FEATURE },
	{ "hash", 0, 1, O_HASH },
	{ "config-settings", 'C', 1, O_CONFIG_SETTINGS },
	{ "global-option", 0, 1, O_GLOBAL_OPTION },
};

/* optparse: exact long name, else a unique prefix ("--extra-index" works). */
static const struct opt_def *find_long(const char *name, size_t len)
{
	const struct opt_def *hit = NULL;
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(opt_defs); i++)
		if (strlen(opt_defs[i].lng) == len && !memcmp(opt_defs[i].lng, name, len))
			return &opt_defs[i];
	for (i = 0; i < WL_ARRAY_SIZE(opt_defs); i++)
		if (strlen(opt_defs[i].lng) > len && !memcmp(opt_defs[i].lng, name, len)) {
			if (hit)
				return NULL; /* ambiguous */
			hit = &opt_defs[i];
		}
	return hit;
}

static void emit_index(struct rf *r, const struct wl_loc *loc, const char *url, enum opt_id id,
		       const char *option)
{
	struct wl_index *ix = wl_ctx_alloc(r->ctx, sizeof(*ix));
	ix->url = wl_ctx_strdup(r->ctx, url);
	ix->primary = id == O_INDEX_URL;
	ix->extra = id == O_EXTRA_INDEX_URL || id == O_FIND_LINKS;
	ix->trusted_host = id == O_TRUSTED_HOST;
	ix->option = option;
	ix->origin = r->o->origin;
	push(r, WL_FACT_INDEX, loc, ix);
}

/* pip expands only ${NAME} with NAME in [A-Z0-9_] (req_file.py ENV_VAR_RE) */
static int has_env_var(const char *s, size_t n)
{
	size_t i, j;
	for (i = 0; i + 3 < n; i++) {
		if (s[i] != '$' || s[i + 1] != '{')
			continue;
		for (j = i + 2; j < n && ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9') || s[j] == '_'); j++)
			;
		if (j > i + 2 && j < n && s[j] == '}')
			return 1;
	}
	return 0;
}

static void emit_dep(struct rf *r, const struct wl_loc *loc, const char *s, size_t n, int editable,
		     int nhashes)
{
	struct wl_dep *dep = wl_ctx_alloc(r->ctx, sizeof(*dep));
	if (wl_req_parse(r->ctx, s, n, dep) != 0)
		return;
	dep->ecosystem = "pypi";
	dep->editable = editable;
	dep->nhashes += nhashes;
	dep->context = r->o->context;
	dep->origin = r->o->origin;
	if (!dep->spec)
		dep->spec = "";
	if (editable && dep->source == WL_DEP_REGISTRY)
		dep->source = WL_DEP_PATH;
	if (!r->env_noted && has_env_var(s, n)) {
		r->env_noted = 1;
		wl_notify(r->ctx, WL_LEVEL_NOTE,
			  "line %u: ${VAR} in a requirement is expanded by pip from the environment at install time; checked as written",
			  loc->line);
	}
	r->man->ndeps++;
	if (dep->nhashes)
		r->man->nhashed++;
	if (dep->version)
		r->man->npinned++;
	push(r, WL_FACT_DEPENDENCY, loc, dep);
}

static void emit_ref(struct rf *r, const struct wl_loc *loc, const char *target, int constraint)
{
	struct wl_manifest *m = wl_ctx_alloc(r->ctx, sizeof(*m));
	m->kind = WL_MANIFEST_REFERENCE;
	m->format = constraint ? "-c" : "-r";
	if (strstr(target, "://"))
		m->refers_to = wl_ctx_strdup(r->ctx, target);
	else
		m->refers_to = r->o->path ? wl_req_join_path(r->ctx, r->o->path, target)
					  : wl_ctx_strdup(r->ctx, target);
	if (!m->refers_to)
		m->refers_to = wl_ctx_printf(r->ctx, "(outside the repository) %s", target);
	else if (!strstr(target, "://"))
		/* pip reads the include as requirements, whatever it is called */
		wl_ctx_request_scan(r->ctx, m->refers_to, "requirements");
	push(r, WL_FACT_MANIFEST, loc, m);
}

/* One logical line, comments removed and stripped. */
static void parse_line(struct rf *r, const char *s, size_t n, const struct wl_loc *loc)
{
	size_t i, args_end = n, k, nt;
	char *tok[256];
	struct wl_buf store;
	int nhashes = 0, any_opt = 0;
	const char *editable = NULL;
	/* break_args_options: tokens split on ' '; args end at the first token
	 * that starts with '-' */
	i = 0;
	while (i <= n) {
		size_t e = i;
		while (e < n && s[e] != ' ')
			e++;
		if (e > i && s[i] == '-') {
			args_end = i;
			break;
		}
		i = e + 1;
	}
	wl_buf_init(&store, LINE_CAP);
	nt = args_end < n ? shlex(s + args_end, n - args_end, tok, WL_ARRAY_SIZE(tok), &store) : 0;
	for (k = 0; k < nt; k++) {
		const char *t = tok[k], *val = NULL;
		const struct opt_def *d = NULL;
		char optname[64];
		if (t[0] == '-' && t[1] == '-') {
			const char *eq = strchr(t + 2, '=');
			size_t l = eq ? (size_t)(eq - t - 2) : strlen(t + 2);
			d = find_long(t + 2, l);
			if (d && d->arg)
				val = eq ? eq + 1 : (k + 1 < nt ? tok[++k] : NULL);
		} else if (t[0] == '-' && t[1]) {
			size_t j;
			for (j = 0; j < WL_ARRAY_SIZE(opt_defs); j++)
				if (opt_defs[j].shrt == t[1])
					d = &opt_defs[j];
			if (d && d->arg)
				val = t[2] ? t + 2 : (k + 1 < nt ? tok[++k] : NULL);
		}
		if (!d) {
			wl_notify(r->ctx, WL_LEVEL_NOTE, "line %u: pip does not accept option '%s' in a requirements file",
				  loc->line, t);
			continue;
		}
		any_opt = 1;
		if (d->arg && !val) {
			wl_notify(r->ctx, WL_LEVEL_NOTE, "line %u: option --%s has no value", loc->line, d->lng);
			continue;
		}
		(void)snprintf(optname, sizeof(optname), "--%s", d->lng);
		switch (d->id) {
		case O_REQUIREMENT:
		case O_CONSTRAINT:
			emit_ref(r, loc, val, d->id == O_CONSTRAINT);
			break;
		case O_EDITABLE:
			editable = val;
			break;
		case O_INDEX_URL:
		case O_EXTRA_INDEX_URL:
		case O_FIND_LINKS:
		case O_TRUSTED_HOST:
			if (d->id == O_FIND_LINKS && !strstr(val, "://"))
				break; /* a local wheel directory is not a second index */
			emit_index(r, loc, val, d->id, d->id == O_INDEX_URL ? "--index-url"
						   : d->id == O_EXTRA_INDEX_URL ? "--extra-index-url"
						   : d->id == O_FIND_LINKS ? "--find-links" : "--trusted-host");
			break;
		case O_REQUIRE_HASHES:
			r->hash_mode = 1;
			break;
		case O_HASH:
			nhashes++;
			r->hash_mode = 1;
			break;
		default:
			break;
		}
	}
	(void)any_opt;
	{
		const char *a = s;
		size_t al = args_end;
		trim(&a, &al);
		if (editable) {
			emit_dep(r, loc, editable, strlen(editable), 1, nhashes);
		} else if (al) {
			emit_dep(r, loc, a, al, 0, nhashes);
		}
	}
	wl_buf_release(&store);
}

/* Length of the line break at p (str.splitlines' set), 0 if none. */
static size_t line_break(const unsigned char *p, const unsigned char *end)
{
	if (p >= end)
		return 0;
	switch (*p) {
	case '\n': case '\v': case '\f': case 0x1c: case 0x1d: case 0x1e:
		return 1;
	case '\r':
		return p + 1 < end && p[1] == '\n' ? 2 : 1;
	case 0xC2:
		return p + 1 < end && p[1] == 0x85 ? 2 : 0;
	case 0xE2:
		return p + 2 < end && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9) ? 3 : 0;
	default:
		return 0;
	}
}

/* COMMENT_RE.match: the line is a comment line ("#..." or whitespace + "#"). */
static int is_comment_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_ws(s[i]))
		i++;
	return i < n && s[i] == '#';
}

/* COMMENT_RE.sub: cut at the whitespace run before the first '#' that is at
 * the start or preceded by whitespace. */
static size_t strip_comment(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] == '#' && (i == 0 || is_ws(s[i - 1]))) {
			while (i > 0 && is_ws(s[i - 1]))
				i--;
			return i;
		}
	return n;
}

static void logical_line(struct rf *r, struct wl_buf *j, uint32_t line, uint32_t col, uint32_t end_col)
{
	const char *s = j->buf;
	size_t n = strip_comment(j->buf, j->len);
	struct wl_loc loc = { NULL, line, col, line, end_col };
	trim(&s, &n);
	/* end at the requirement, not at a trailing comment */
	if (col + n < end_col)
		loc.end_col = col + (uint32_t)n;
	if (n)
		parse_line(r, s, n, &loc);
}

int wl_reqfile_parse(struct wl_ctx *ctx, const char *data, size_t size, const struct wl_reqfile_opts *o)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + size;
	struct rf r;
	struct wl_buf joined;
	uint32_t line = o->first_line ? o->first_line : 1, primary = 0, pcol = 0, pend = 0;
	const uint32_t first = line, col0 = o->first_col ? o->first_col - 1 : 0;
	int pending = 0;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.o = o;
	r.man = wl_ctx_alloc(ctx, sizeof(*r.man));
	r.man->kind = WL_MANIFEST_REQUIREMENTS;
	r.man->format = o->constraints ? "constraints" : "requirements";
	wl_buf_init(&joined, LINE_CAP);
	while (p < end) {
		const unsigned char *e = p;
		size_t br, len, lead = 0;
		const char *s = (const char *)p;
		while (e < end && !(br = line_break(e, end)))
			e++;
		if (e >= end)
			br = 0;
		len = (size_t)(e - p);
		while (lead < len && is_ws(s[lead]))
			lead++;
		if (!len || s[len - 1] != '\\' || is_comment_line(s, len)) {
			if (pending) {
				if (is_comment_line(s, len))
					wl_buf_addch(&joined, ' ');
				if (wl_buf_add(&joined, s, len) != 0)
					wl_notify(ctx, WL_LEVEL_WARNING, "line %u: joined line longer than %zu bytes, cut",
						  primary, LINE_CAP);
				logical_line(&r, &joined, primary, pcol, pend);
				pending = 0;
			} else {
				wl_buf_reset(&joined);
				wl_buf_add(&joined, s, len);
				uint32_t c0 = line == first ? col0 : 0;
				logical_line(&r, &joined, line, c0 + (uint32_t)lead + 1, c0 + (uint32_t)len + 1);
			}
			wl_buf_reset(&joined);
		} else {
			size_t a = 0, b = len;
			/* line.strip("\\"): both ends */
			while (a < b && s[a] == '\\')
				a++;
			while (b > a && s[b - 1] == '\\')
				b--;
			if (!pending) {
				pending = 1;
				primary = line;
				pcol = (line == first ? col0 : 0) + (uint32_t)lead + 1;
				pend = (line == first ? col0 : 0) + (uint32_t)len + 1;
				wl_buf_reset(&joined);
			}
			if (wl_buf_add(&joined, s + a, b - a) != 0)
				wl_notify(ctx, WL_LEVEL_WARNING, "line %u: joined line longer than %zu bytes, cut",
					  primary, LINE_CAP);
		}
		/* editor line numbers count '\n' (a lone '\r' or '\f' is no new
		 * line for the reader of the report, though pip splits there) */
		if (br && (e[0] == '\n' || (br == 2 && e[0] == '\r')))
			line++;
		p = e + br;
	}
	if (pending)
		logical_line(&r, &joined, primary, pcol, pend);
	wl_buf_release(&joined);

	r.man->hash_mode = r.hash_mode;
	for (i = 0; i < r.nfacts; i++) {
		if (r.facts[i].kind == WL_FACT_DEPENDENCY)
			((struct wl_dep *)r.facts[i].data)->hash_mode = r.hash_mode;
		if (r.facts[i].kind == WL_FACT_MANIFEST)
			((struct wl_manifest *)r.facts[i].data)->hash_mode = r.hash_mode;
		wl_fact_emit(ctx, r.facts[i].kind, &r.facts[i].loc, r.facts[i].data);
	}
	free(r.facts);
	if (!o->no_manifest) {
		struct wl_loc ml = { NULL, 0, 0, 0, 0 };
		wl_fact_emit(ctx, WL_FACT_MANIFEST, &ml, r.man);
	}
	return 0;
}
