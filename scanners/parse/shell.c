/*
 * shell.c - shell analysis on the tree-sitter Bash grammar, and the scanner
 * for shell scripts. Turns installs into the same dependency facts that
 * requirements lines produce, and downloads that are run into shell facts.
 * It must never execute, expand or follow anything it reads; every word
 * value is copied with a cap, every recursion is depth-bounded.
 */
#include "reqparse.h"
#include "shell.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tree_sitter/api.h>

#include "facts_config.h"
#include "facts_dep.h"

#define SHELL_MAX_TEXT (8u << 20)  /* larger scripts are noted, not parsed */
#define SHELL_MAX_DEPTH 256
#define SHELL_MAX_ARGS 512
#define SHELL_MAX_WORD 4096
#define SHELL_MAX_DOWNLOADS 256
#define SHELL_MAX_CANDIDATES 4

/* One argument of a command, its static value when it has one. */
struct arg {
	char *val;        /* heap, NUL-terminated; placeholders for expansions */
	int dynamic;      /* contains $VAR, $(...), `...`, globs we cannot resolve */
	uint32_t start, end; /* byte span in the parsed text */
	TSNode node;
};

struct cmd {
	struct arg *argv;
	size_t argc, alloc;
	size_t first;     /* index of the real command after sudo/env/... */
	TSNode node;      /* the command node */
	TSNode stmt;      /* the redirected statement around it, if any */
	int has_stmt;
};

struct walk {
	struct wl_ctx *ctx;
	const struct wl_shell_input *in;
	struct wl_shell_state *st;
	const char *text;
	const char *orig;
	size_t len;
	int depth_noted;
	struct wl_lines lines; /* line starts, when the text is the whole file */
};

/* ------------------------------------------------------------ helpers */

void wl_shell_state_init(struct wl_shell_state *st)
{
	memset(st, 0, sizeof(*st));
}

void wl_shell_state_release(struct wl_shell_state *st)
{
	size_t i;
	for (i = 0; i < st->ndl; i++) {
		free(st->dl[i].file);
		free(st->dl[i].url);
	}
	free(st->dl);
	wl_shell_state_init(st);
}

static void line_col(const struct walk *w, size_t off, uint32_t *line, uint32_t *col)
{
	wl_lines_pos(&w->lines, off > w->len ? w->len : off, line, col);
}

static void loc_of(const struct walk *w, uint32_t start, uint32_t end, struct wl_loc *loc)
{
	memset(loc, 0, sizeof(*loc));
	if (w->in->map) {
		wl_srcmap_pos(w->in->map, start, &loc->line, &loc->col);
		if (end > start) {
			wl_srcmap_pos(w->in->map, end - 1, &loc->end_line, &loc->end_col);
			loc->end_col++;
		}
	} else {
		/* text is the whole file: binary search the line starts */
		line_col(w, start, &loc->line, &loc->col);
		line_col(w, end, &loc->end_line, &loc->end_col);
	}
	if (loc->end_line < loc->line || (loc->end_line == loc->line && loc->end_col <= loc->col)) {
		loc->end_line = 0;
		loc->end_col = 0;
	}
}

static int node_is(TSNode n, const char *type)
{
	return strcmp(ts_node_type(n), type) == 0;
}

/* The display text of a span: from orig, newlines and runs of blanks folded. */
static const char *display(const struct walk *w, uint32_t start, uint32_t end)
{
	struct wl_buf b;
	const char *res;
	uint32_t i;
	int space = 0;
	if (end > w->len)
		end = (uint32_t)w->len;
	wl_buf_init(&b, 240);
	for (i = start; i < end; i++) {
		char c = w->orig[i];
		if (c == '\\' && i + 1 < end && w->orig[i + 1] == '\n') {
			i++;
			space = 1;
			continue;
		}
		if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && b.len)
			(void)wl_buf_addch(&b, ' ');
		space = 0;
		if (wl_buf_addch(&b, c)) {
			/* truncated: mark it */
			if (b.len >= 3)
				memcpy(b.buf + b.len - 3, "...", 3);
			break;
		}
	}
	res = wl_ctx_strndup(w->ctx, b.buf, b.len);
	wl_buf_release(&b);
	return res;
}

/* Static value of a word-like node: unquote, unescape; expansions mark dynamic. */
static void word_value(const struct walk *w, TSNode n, struct wl_buf *b, int *dynamic, int depth)
{
	const char *type = ts_node_type(n);
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
	uint32_t i, nc;
	if (e > w->len || s > e)
		return;
	if (depth > 32) {
		*dynamic = 1;
		return;
	}
	if (strcmp(type, "word") == 0 || strcmp(type, "number") == 0) {
		for (i = s; i < e; i++) {
			char c = w->text[i];
			if (c == '\\' && i + 1 < e) {
				i++;
				if (w->text[i] == '\n')
					continue;
				c = w->text[i];
			} else if (c == '*' || c == '?') {
				/* globs are kept literally; pip sees them as written when quoted */
			}
			(void)wl_buf_addch(b, c);
		}
		return;
	}
	if (strcmp(type, "raw_string") == 0) {
		if (e - s >= 2)
			(void)wl_buf_add(b, w->text + s + 1, e - s - 2);
		return;
	}
	if (strcmp(type, "ansi_c_string") == 0) {
		if (e - s >= 3)
			(void)wl_buf_add(b, w->text + s + 2, e - s - 3);
		return;
	}
	if (strcmp(type, "string") == 0 || strcmp(type, "translated_string") == 0 ||
	    strcmp(type, "concatenation") == 0) {
		uint32_t last = s + (strcmp(type, "concatenation") ? 1 : 0);
		nc = ts_node_child_count(n);
		for (i = 0; i < nc; i++) {
			TSNode c = ts_node_child(n, i);
			const char *ct = ts_node_type(c);
			uint32_t cs = ts_node_start_byte(c);
			if (!ts_node_is_named(c))
				continue;
			if (strcmp(type, "string") == 0 && cs > last && cs <= e) {
				/* text between children inside "..." (older grammars) */
				(void)wl_buf_add(b, w->text + last, cs - last);
			}
			if (strcmp(ct, "string_content") == 0) {
				uint32_t k, ce = ts_node_end_byte(c);
				for (k = cs; k < ce && ce <= w->len; k++) {
					char ch = w->text[k];
					if (ch == '\\' && k + 1 < ce &&
					    strchr("$`\"\\\n", w->text[k + 1])) {
						k++;
						if (w->text[k] == '\n')
							continue;
						ch = w->text[k];
					}
					(void)wl_buf_addch(b, ch);
				}
			} else {
				word_value(w, c, b, dynamic, depth + 1);
			}
			last = ts_node_end_byte(c);
		}
		return;
	}
	/* expansions, substitutions, arithmetic ...: keep the text, mark dynamic */
	*dynamic = 1;
	(void)wl_buf_add(b, w->text + s, e - s);
}

static void cmd_free(struct cmd *c)
{
	size_t i;
	for (i = 0; i < c->argc; i++)
		free(c->argv[i].val);
	free(c->argv);
	memset(c, 0, sizeof(*c));
}

static void cmd_push(const struct walk *w, struct cmd *c, TSNode n)
{
	struct wl_buf b;
	struct arg *a;
	int dyn = 0;
	if (c->argc >= SHELL_MAX_ARGS)
		return;
	wl_buf_init(&b, SHELL_MAX_WORD);
	word_value(w, n, &b, &dyn, 0);
	c->argv = wl_grow(c->argv, &c->alloc, c->argc + 1, sizeof(*c->argv));
	a = &c->argv[c->argc++];
	a->val = wl_buf_detach(&b, NULL);
	a->dynamic = dyn;
	a->start = ts_node_start_byte(n);
	a->end = ts_node_end_byte(n);
	a->node = n;
}

static void cmd_build(const struct walk *w, TSNode n, struct cmd *c)
{
	uint32_t i, nc = ts_node_named_child_count(n);
	int seen_name = 0;
	memset(c, 0, sizeof(*c));
	c->node = n;
	/* Field lookups per child are unreliable in tree-sitter 0.20, so go by
	 * node type: command_name, then every argument-like node after it. */
	for (i = 0; i < nc; i++) {
		TSNode ch = ts_node_named_child(n, i);
		const char *t = ts_node_type(ch);
		if (strcmp(t, "command_name") == 0) {
			if (ts_node_named_child_count(ch) > 0)
				cmd_push(w, c, ts_node_named_child(ch, 0));
			else
				cmd_push(w, c, ch);
			seen_name = 1;
		} else if (seen_name && strcmp(t, "file_redirect") != 0 && strcmp(t, "heredoc_redirect") != 0 &&
			   strcmp(t, "herestring_redirect") != 0 && strcmp(t, "variable_assignment") != 0 &&
			   strcmp(t, "comment") != 0) {
			cmd_push(w, c, ch);
		}
	}
}

static const char *base_name(const char *s)
{
	const char *p = strrchr(s, '/');
	return p ? p + 1 : s;
}

/* Skip wrappers that run another command: sudo, env, exec, nohup ... */
static size_t unwrap(const struct cmd *c)
{
	size_t i = 0;
	while (i < c->argc) {
		const char *a = base_name(c->argv[i].val);
		if (strcmp(a, "sudo") == 0 || strcmp(a, "doas") == 0) {
			i++;
			while (i < c->argc && c->argv[i].val[0] == '-') {
				const char *o = c->argv[i].val;
				i++;
				if ((strcmp(o, "-u") == 0 || strcmp(o, "-g") == 0 || strcmp(o, "-U") == 0 ||
				     strcmp(o, "-C") == 0 || strcmp(o, "-D") == 0 || strcmp(o, "-h") == 0) && i < c->argc)
					i++;
			}
		} else if (strcmp(a, "env") == 0) {
			i++;
			while (i < c->argc && (c->argv[i].val[0] == '-' || strchr(c->argv[i].val, '='))) {
				const char *o = c->argv[i].val;
				i++;
				if ((strcmp(o, "-u") == 0 || strcmp(o, "-C") == 0) && i < c->argc)
					i++;
			}
		} else if (strcmp(a, "exec") == 0 || strcmp(a, "command") == 0 || strcmp(a, "nohup") == 0 ||
			   strcmp(a, "time") == 0 || strcmp(a, "eatmydata") == 0 || strcmp(a, "builtin") == 0) {
			i++;
			while (i < c->argc && c->argv[i].val[0] == '-' && c->argv[i].val[1])
				i++;
		} else if (strcmp(a, "nice") == 0 || strcmp(a, "ionice") == 0) {
			i++;
			while (i < c->argc && c->argv[i].val[0] == '-') {
				const char *o = c->argv[i].val;
				i++;
				if ((strcmp(o, "-n") == 0 || strcmp(o, "-c") == 0) && i < c->argc)
					i++;
			}
		} else if (strcmp(a, "timeout") == 0) {
			i++;
			while (i < c->argc && c->argv[i].val[0] == '-') {
				const char *o = c->argv[i].val;
				i++;
				if ((strcmp(o, "-s") == 0 || strcmp(o, "-k") == 0) && i < c->argc)
					i++;
			}
			if (i < c->argc)
				i++; /* the duration */
		} else {
			break;
		}
	}
	return i;
}

/* pip, pip3, pip3.11 */
static int is_pip_name(const char *a)
{
	a = base_name(a);
	if (strncmp(a, "pip", 3) != 0)
		return 0;
	a += 3;
	if (!*a)
		return 1;
	if (*a < '0' || *a > '9')
		return 0;
	a++;
	if (!*a)
		return 1;
	if (*a != '.')
		return 0;
	a++;
	if (!*a)
		return 0;
	while (*a >= '0' && *a <= '9')
		a++;
	return *a == '\0';
}

/* python, python3, python3.11, py, python.exe */
static int is_python_name(const char *a)
{
	a = base_name(a);
	if (strcmp(a, "py") == 0 || strcmp(a, "python.exe") == 0 || strcmp(a, "python3.exe") == 0)
		return 1;
	if (strncmp(a, "python", 6) != 0)
		return 0;
	a += 6;
	while ((*a >= '0' && *a <= '9') || *a == '.')
		a++;
	return *a == '\0';
}

/* Is the command's base name one of `names` (NULL-terminated)? */
static int base_name_in(const char *a, const char *const *names)
{
	size_t i;
	a = base_name(a);
	for (i = 0; names[i]; i++)
		if (strcmp(a, names[i]) == 0)
			return 1;
	return 0;
}

static int is_shell_name(const char *a)
{
	static const char *const names[] = {"sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "mksh", "csh", "tcsh", NULL};
	return base_name_in(a, names);
}

static int is_interpreter_name(const char *a)
{
	static const char *const names[] = {"perl", "ruby", "node", "nodejs", "php", "pwsh", "powershell",
					    "deno", "bun", "lua", "Rscript", "osascript", NULL};
	return is_shell_name(a) || is_python_name(a) || base_name_in(a, names);
}

static int is_downloader_name(const char *a)
{
	static const char *const names[] = {"curl", "wget", "fetch", "aria2c", "http", "https", "xh",
					    "lwp-download", "lwp-request", "GET", "iwr", "Invoke-WebRequest", NULL};
	return base_name_in(a, names);
}

static int is_url(const char *s)
{
	return wl_starts_with(s, "http://") || wl_starts_with(s, "https://") || wl_starts_with(s, "ftp://");
}

/* The first URL-looking argument of a download command. */
static const char *download_url(const struct cmd *c, size_t first)
{
	size_t i;
	for (i = first + 1; i < c->argc; i++) {
		const char *v = c->argv[i].val;
		if (is_url(v) || strstr(v, "://"))
			return v;
	}
	for (i = first + 1; i < c->argc; i++) {
		const char *v = c->argv[i].val;
		if (v[0] != '-' && strchr(v, '.') && strchr(v, '/'))
			return v;
	}
	return NULL;
}

/* Does this interpreter invocation read the program from stdin? */
static int reads_program_from_stdin(const struct cmd *c, size_t first)
{
	const char *name = c->argv[first].val;
	int shell = is_shell_name(name);
	size_t i;
	for (i = first + 1; i < c->argc; i++) {
		const char *v = c->argv[i].val;
		if (strcmp(v, "-") == 0 || strcmp(v, "/dev/stdin") == 0 || strcmp(v, "/dev/fd/0") == 0 ||
		    strcmp(v, "/proc/self/fd/0") == 0)
			return 1;
		if (strcmp(v, "--") == 0)
			return shell ? (i + 1 >= c->argc) : 0;
		if (v[0] == '-' && v[1] != '-') {
			/* -c / -e / -m take the program from elsewhere */
			if (strchr(v, 'c') || (!shell && (strchr(v, 'e') || strchr(v, 'm') || strchr(v, 'E'))))
				return 0;
			if (shell && strchr(v, 's'))
				return 1;
			if (!shell && (strcmp(v, "-W") == 0 || strcmp(v, "-X") == 0))
				i++;
			continue;
		}
		if (v[0] == '-')
			continue;
		/* a script file argument: stdin is data */
		return 0;
	}
	return 1;
}

static const char *interp_display(const struct cmd *c, size_t first)
{
	return base_name(c->argv[first].val);
}

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
	loc_of(w, a->start, a->end, &loc);
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
	loc_of(w, opt->start, opt->end, &loc);
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
	loc_of(w, fa->start, fa->end, &loc);
	sf = wl_ctx_alloc(w->ctx, sizeof(*sf));
	memset(sf, 0, sizeof(*sf));
	sf->kind = WL_SHELL_INSTALL_FROM_FILE;
	sf->command = display(w, ts_node_start_byte(c->node), ts_node_end_byte(c->node));
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
		sf->command = display(w, ts_node_start_byte(c->node), ts_node_end_byte(c->node));
		sf->origin = w->in->origin;
		loc_of(w, c->argv[first].start, c->argv[i > first + 1 ? i - 1 : first].end, &loc);
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
static void chat_template_args(const struct walk *w, const struct cmd *c, size_t f)
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
		loc_of(w, a->start, a->end, &loc);
		wl_fact_emit(w->ctx, WL_FACT_TEMPLATE_LINK, &loc, l);
	}
}

/* Installers: returns 1 when the command was one. */
static int analyze_install(const struct walk *w, const struct cmd *c, size_t f)
{
	const char *name = c->argv[f].val;
	const char *b = base_name(name);
	size_t s;
	if (is_pip_name(name)) {
		s = subcommand(c, f + 1);
		if (s < c->argc && strcmp(c->argv[s].val, "install") == 0)
			pip_install_args(w, c, s + 1, SYN_PEP508, "pip");
		return 1;
	}
	if (is_python_name(name)) {
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

/* ------------------------------------------------- downloads, execution */

static void emit_shell(const struct walk *w, enum wl_shell_kind kind, uint32_t start, uint32_t end,
		       const char *url, const char *interp, const char *file, uint32_t dl_line)
{
	struct wl_loc loc;
	struct wl_shell_fact *sf = wl_ctx_alloc(w->ctx, sizeof(*sf));
	memset(sf, 0, sizeof(*sf));
	sf->kind = kind;
	sf->command = display(w, start, end);
	sf->url = url ? wl_ctx_strdup(w->ctx, url) : NULL;
	sf->interpreter = interp ? wl_ctx_strdup(w->ctx, interp) : NULL;
	sf->file = file ? wl_ctx_strdup(w->ctx, file) : NULL;
	sf->download_line = dl_line;
	sf->origin = w->in->origin;
	loc_of(w, start, end, &loc);
	wl_fact_emit(w->ctx, WL_FACT_SHELL, &loc, sf);
}

static const char *strip_dot_slash(const char *s)
{
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	return s;
}

static void record_download(const struct walk *w, const char *file, const char *url, uint32_t start)
{
	struct wl_shell_state *st = w->st;
	struct wl_shell_download *d;
	struct wl_loc loc;
	if (!file || !*file || strcmp(file, "-") == 0 || strcmp(file, "/dev/null") == 0)
		return;
	if (st->ndl >= SHELL_MAX_DOWNLOADS) {
		/* full: forget downloads already run or verified, else the oldest */
		size_t i, k = 0;
		for (i = 0; i < st->ndl; i++) {
			if (st->dl[i].verified) {
				free(st->dl[i].file);
				free(st->dl[i].url);
			} else {
				st->dl[k++] = st->dl[i];
			}
		}
		st->ndl = k;
		if (st->ndl >= SHELL_MAX_DOWNLOADS) {
			free(st->dl[0].file);
			free(st->dl[0].url);
			memmove(st->dl, st->dl + 1, (st->ndl - 1) * sizeof(*st->dl));
			st->ndl--;
		}
	}
	loc_of(w, start, start, &loc);
	st->dl = wl_grow(st->dl, &st->adl, st->ndl + 1, sizeof(*st->dl));
	d = &st->dl[st->ndl++];
	d->file = wl_strdup(strip_dot_slash(file));
	d->url = wl_strdup(url ? url : "");
	d->line = loc.line;
	d->verified = 0;
	d->loaded = 0;
}

/* Where does this curl/wget save its download? NULL: stdout or unknown. */
static const char *download_target(const struct walk *w, const struct cmd *c, size_t f,
				   const char *url, char **owned)
{
	const char *b = base_name(c->argv[f].val);
	size_t k;
	int remote_name = 0;
	const char *dir = NULL;
	*owned = NULL;
	for (k = f + 1; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (strcmp(b, "curl") == 0) {
			if ((strcmp(v, "-o") == 0 || strcmp(v, "--output") == 0) && k + 1 < c->argc)
				return c->argv[k + 1].val;
			if (wl_starts_with(v, "--output="))
				return v + 9;
			if (v[0] == '-' && v[1] != '-' && strchr(v, 'o')) {
				/* -fsSLo file, -ofile */
				const char *o = strchr(v, 'o');
				if (o[1])
					return o + 1;
				if (k + 1 < c->argc)
					return c->argv[k + 1].val;
			}
			if (strcmp(v, "-O") == 0 || strcmp(v, "--remote-name") == 0 ||
			    (v[0] == '-' && v[1] != '-' && strchr(v, 'O')))
				remote_name = 1;
		} else if (strcmp(b, "wget") == 0) {
			if (strcmp(v, "-O") == 0 && k + 1 < c->argc)
				return c->argv[k + 1].val;
			if (wl_starts_with(v, "-O") && v[2])
				return v + 2;
			if (wl_starts_with(v, "--output-document="))
				return v + 18;
			if ((strcmp(v, "-P") == 0 || strcmp(v, "--directory-prefix") == 0) && k + 1 < c->argc)
				dir = c->argv[k + 1].val;
			if (v[0] == '-' && v[1] == 'q' && strchr(v, 'O'))
				return strchr(v, 'O')[1] ? strchr(v, 'O') + 1 : (k + 1 < c->argc ? c->argv[k + 1].val : NULL);
		}
	}
	(void)w;
	if (url && (remote_name || strcmp(b, "wget") == 0)) {
		const char *base = strrchr(url, '/');
		size_t n;
		if (!base || !base[1])
			return NULL;
		base++;
		n = strcspn(base, "?#");
		if (!n)
			return NULL;
		if (dir)
			*owned = wl_printf_alloc("%s/%.*s", dir, (int)n, base);
		else
			*owned = wl_strndup(base, n);
		return *owned;
	}
	return NULL;
}

static int same_file(const char *a, const char *b)
{
	a = strip_dot_slash(a);
	b = strip_dot_slash(b);
	if (strcmp(a, b) == 0)
		return 1;
	/* "$HOME/x.sh" vs "x.sh" and the like: only when one side is bare */
	if (!strchr(a, '/') && strcmp(a, base_name(b)) == 0 && strchr(b, '$'))
		return 1;
	if (!strchr(b, '/') && strcmp(b, base_name(a)) == 0 && strchr(a, '$'))
		return 1;
	return 0;
}

static int is_verifier(const char *b)
{
	return strcmp(b, "sha256sum") == 0 || strcmp(b, "sha512sum") == 0 || strcmp(b, "shasum") == 0 ||
	       strcmp(b, "sha384sum") == 0 || strcmp(b, "gpg") == 0 || strcmp(b, "gpgv") == 0 ||
	       strcmp(b, "cosign") == 0 || strcmp(b, "minisign") == 0 || strcmp(b, "signify") == 0 ||
	       strcmp(b, "b2sum") == 0 || strcmp(b, "slsa-verifier") == 0 || strcmp(b, "openssl") == 0;
}

/* Does this command run a file downloaded earlier? */
static void check_exec_download(const struct walk *w, const struct cmd *c, size_t f)
{
	const char *name = c->argv[f].val;
	const char *target = NULL;
	const char *interp = NULL;
	size_t i, k;
	if (!w->st->ndl)
		return;
	if (is_interpreter_name(name) || strcmp(name, "source") == 0 || strcmp(name, ".") == 0) {
		for (k = f + 1; k < c->argc; k++) {
			const char *v = c->argv[k].val;
			if (v[0] == '-') {
				if (strcmp(v, "-c") == 0 || strcmp(v, "-m") == 0 || strcmp(v, "-e") == 0)
					return;
				continue;
			}
			target = v;
			break;
		}
		interp = base_name(name);
	} else if (strchr(name, '/')) {
		target = name; /* ./install.sh, /tmp/x */
	} else {
		return;
	}
	if (!target)
		return;
	for (i = w->st->ndl; i-- > 0;) {
		struct wl_shell_download *d = &w->st->dl[i];
		if (d->verified || !same_file(d->file, target))
			continue;
		emit_shell(w, WL_SHELL_DOWNLOAD_EXEC, ts_node_start_byte(c->node), ts_node_end_byte(c->node),
			   d->url, interp, d->file, d->line);
		d->verified = 1; /* one finding per download */
		return;
	}
}

/* A weights file by its extension (what a loader reads). */
static int weights_file(const char *f)
{
	static const char *const exts[] = { ".pt", ".pth", ".bin", ".ckpt", ".safetensors", ".pkl", ".pickle",
					    ".joblib", ".h5", ".keras", ".onnx", ".gguf", ".npz", ".npy", ".msgpack",
					    ".tflite", ".pb", NULL };
	const char *dot = strrchr(base_name(f), '.');
	size_t i;
	for (i = 0; dot && exts[i]; i++)
		if (strcmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

/* Does this command hand a downloaded, unverified weights file to a
 * program that loads models (python x.py --ckpt m.pt, torchrun ...)? */
static void check_load_download(const struct walk *w, const struct cmd *c, size_t f)
{
	static const char *const loaders[] = { "torchrun", "accelerate", "deepspeed", "vllm", "llamafactory-cli",
					       "llama-server", "llama-cli", "ollama", "text-generation-launcher", NULL };
	const char *name = c->argv[f].val;
	size_t i, k;
	if (!w->st->ndl || (!is_python_name(name) && !base_name_in(name, loaders)))
		return;
	for (k = f + 1; k < c->argc; k++) {
		const char *v = c->argv[k].val, *eq = v[0] == '-' ? strchr(v, '=') : NULL;
		if (eq)
			v = eq + 1;
		for (i = w->st->ndl; i-- > 0;) {
			struct wl_shell_download *d = &w->st->dl[i];
			if (d->verified || d->loaded || !weights_file(d->file) || !same_file(d->file, v))
				continue;
			emit_shell(w, WL_SHELL_DOWNLOAD_LOAD, ts_node_start_byte(c->node), ts_node_end_byte(c->node),
				   d->url, base_name(name), d->file, d->line);
			d->loaded = 1;
			return;
		}
	}
}

/* bash <(curl ...), sh -c "$(curl ...)", eval "$(wget -O- ...)" */
static int subst_downloads(const struct walk *w, TSNode n, const char **url_out, int depth);

static int cmd_is_download(const struct walk *w, TSNode cmdnode, const char **url_out)
{
	struct cmd c;
	size_t f;
	int r = 0;
	cmd_build(w, cmdnode, &c);
	f = unwrap(&c);
	if (f < c.argc && is_downloader_name(c.argv[f].val)) {
		const char *u = download_url(&c, f);
		*url_out = u ? wl_ctx_strdup(w->ctx, u) : NULL;
		r = 1;
	}
	cmd_free(&c);
	return r;
}

static int subst_downloads(const struct walk *w, TSNode n, const char **url_out, int depth)
{
	uint32_t i, nc;
	if (depth > 24)
		return 0;
	if (node_is(n, "command"))
		return cmd_is_download(w, n, url_out);
	nc = ts_node_named_child_count(n);
	for (i = 0; i < nc; i++)
		if (subst_downloads(w, ts_node_named_child(n, i), url_out, depth + 1))
			return 1;
	return 0;
}

static void check_subst_exec(const struct walk *w, const struct cmd *c, size_t f)
{
	const char *name = base_name(c->argv[f].val);
	size_t k;
	int evaluator = strcmp(name, "eval") == 0 || strcmp(name, "source") == 0 || strcmp(name, ".") == 0;
	if (!evaluator && !is_interpreter_name(name))
		return;
	for (k = f + 1; k < c->argc; k++) {
		const char *url = NULL;
		if (!c->argv[k].dynamic)
			continue;
		if (subst_downloads(w, c->argv[k].node, &url, 0)) {
			emit_shell(w, WL_SHELL_PIPE_TO_INTERPRETER, ts_node_start_byte(c->node),
				   ts_node_end_byte(c->node), url, name, NULL, 0);
			return;
		}
	}
}

/* sh -c 'pip install x': the string is a script of its own. Its positions
 * map back through this text, line by line. */
static void analyze_inline_script(const struct walk *w, const struct cmd *c, size_t f)
{
	size_t k;
	/* sh -c STRING, and su / runuser [-] [USER] -c STRING (run by USER's shell) */
	if (!(is_shell_name(c->argv[f].val) || strcmp(base_name(c->argv[f].val), "su") == 0 ||
	      strcmp(base_name(c->argv[f].val), "runuser") == 0) ||
	    w->st->nesting >= 4)
		return;
	for (k = f + 1; k + 1 < c->argc; k++) {
		const char *o = c->argv[k].val;
		const struct arg *a;
		struct wl_srcmap map;
		struct wl_shell_input in;
		size_t i, len, quote;
		if (o[0] != '-' || o[1] == '-' || !strchr(o, 'c'))
			continue;
		a = &c->argv[k + 1];
		if (a->dynamic)
			return;
		len = strlen(a->val);
		/* the content starts after an opening quote, if there is one */
		quote = (a->start < w->len && (w->text[a->start] == '\'' || w->text[a->start] == '"')) ? 1 : 0;
		wl_srcmap_init(&map);
		for (i = 0; i <= len; i++) {
			if (i == 0 || a->val[i - 1] == '\n') {
				struct wl_loc l;
				uint32_t src = a->start + (uint32_t)quote + (uint32_t)i;
				if (src >= a->end)
					src = a->end ? a->end - 1 : 0;
				loc_of(w, src, src, &l);
				wl_srcmap_add(&map, i, l.line, l.col);
			}
		}
		memset(&in, 0, sizeof(in));
		in.text = a->val;
		in.len = len;
		in.map = &map;
		in.origin = w->in->origin;
		in.base_dir = w->in->base_dir;
		in.resolve = w->in->resolve;
		in.resolve_ud = w->in->resolve_ud;
		in.state = w->st;
		in.services_only = w->in->services_only;
		w->st->nesting++;
		(void)wl_shell_analyze(w->ctx, &in);
		w->st->nesting--;
		wl_srcmap_release(&map);
		return;
	}
}

/* ---------------------------------------------------------------- walk */

static void env_assignment(const struct walk *w, TSNode asg)
{
	TSNode name = ts_node_child_by_field_name(asg, "name", 4);
	TSNode value = ts_node_child_by_field_name(asg, "value", 5);
	struct wl_buf nb, vb;
	int dyn = 0;
	struct wl_loc loc;
	uint32_t s, e;
	if (ts_node_is_null(name))
		return;
	s = ts_node_start_byte(name);
	e = ts_node_end_byte(name);
	if (e > w->len || e - s > 64 || e - s < 4)
		return;
	if (!(w->text[s] == 'P' || w->text[s] == 'U' || w->text[s] == 'H'))
		return; /* PIP_* / UV_* / HF_* only */
	wl_buf_init(&nb, 128);
	wl_buf_init(&vb, SHELL_MAX_WORD);
	(void)wl_buf_add(&nb, w->text + s, e - s);
	if (!ts_node_is_null(value))
		word_value(w, value, &vb, &dyn, 0);
	loc_of(w, ts_node_start_byte(asg), ts_node_end_byte(asg), &loc);
	if (!dyn) {
		int fl = wl_ci_env_var(w->ctx, nb.buf, vb.buf, &loc, w->in->origin);
		if (fl & WL_CI_ENV_REQUIRE_HASHES)
			w->st->require_hashes = 1;
		if (fl & WL_CI_ENV_UV_UNSAFE)
			w->st->uv_unsafe_index = 1;
	} else if (strcmp(nb.buf, "HF_DATASETS_TRUST_REMOTE_CODE") == 0) {
		(void)wl_ci_env_var(w->ctx, nb.buf, NULL, &loc, w->in->origin);
	}
	wl_buf_release(&nb);
	wl_buf_release(&vb);
}

/*
 * Cloud storage copies that fetch a file: `gsutil [-m] cp gs://b/o DST`,
 * `gcloud storage cp gs://b/o DST`, `aws s3 cp s3://b/k DST`,
 * `aws s3api get-object --bucket B --key K DST`, and `python -m wget URL`.
 * Sets the source URL and the
 * local file (DST, or DST/basename when DST is a folder or `.`); returns 1
 * when the command is one of them, with *file NULL when it saves nowhere known.
 */
static int cloud_copy(const struct cmd *c, size_t f, char **url, char **file)
{
	const char *b = base_name(c->argv[f].val);
	const char *pos[8];
	const char *bucket = NULL, *key = NULL, *src = NULL, *dst = NULL;
	size_t np = 0, k;
	int s3api = 0;
	*url = *file = NULL;
	/* python -m wget [-o FILE] URL: saves to FILE or the URL's last segment */
	if (is_python_name(b) && f + 2 < c->argc && strcmp(c->argv[f + 1].val, "-m") == 0 &&
	    strcmp(c->argv[f + 2].val, "wget") == 0) {
		const char *out = NULL, *u = NULL;
		for (k = f + 3; k < c->argc; k++) {
			const char *v = c->argv[k].val;
			if ((strcmp(v, "-o") == 0 || strcmp(v, "--output") == 0) && k + 1 < c->argc)
				out = c->argv[++k].val;
			else if (v[0] != '-' && !u)
				u = v;
		}
		if (!u)
			return 1;
		*url = wl_strdup(u);
		if (out && !(*out && out[strlen(out) - 1] == '/')) {
			*file = wl_strdup(out);
		} else {
			const char *base = strrchr(u, '/');
			size_t bn;
			base = base ? base + 1 : u;
			bn = strcspn(base, "?#");
			if (bn)
				*file = out ? wl_printf_alloc("%s%.*s", out, (int)bn, base) : wl_strndup(base, bn);
		}
		return 1;
	}
	if (strcmp(b, "gsutil") != 0 && strcmp(b, "aws") != 0 && strcmp(b, "gcloud") != 0)
		return 0;
	for (k = f + 1; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (c->argv[k].dynamic && !*v)
			continue;
		if (strcmp(v, "--bucket") == 0 && k + 1 < c->argc) {
			bucket = c->argv[++k].val;
		} else if (strcmp(v, "--key") == 0 && k + 1 < c->argc) {
			key = c->argv[++k].val;
		} else if (v[0] == '-') {
			if (strcmp(b, "aws") == 0 && v[1] == '-' && !strchr(v, '=') && k + 1 < c->argc &&
			    c->argv[k + 1].val[0] != '-' && strcmp(v, "--recursive") != 0 && strcmp(v, "--quiet") != 0 &&
			    strcmp(v, "--no-sign-request") != 0 && strcmp(v, "--dryrun") != 0)
				k++; /* --region x, --profile y */
		} else if (np < 8) {
			pos[np++] = v;
		}
	}
	/* the verb: gsutil cp (scorecard's fixtures also write it bare), gcloud
	 * storage cp, aws s3 cp, aws s3api get-object */
	k = 0;
	if (strcmp(b, "gcloud") == 0) {
		if (np < 2 || strcmp(pos[0], "storage") != 0 || strcmp(pos[1], "cp") != 0)
			return 0;
		k = 2;
	} else if (strcmp(b, "aws") == 0) {
		if (np >= 2 && strcmp(pos[0], "s3") == 0 && strcmp(pos[1], "cp") == 0)
			k = 2;
		else if (np >= 2 && strcmp(pos[0], "s3api") == 0 && strcmp(pos[1], "get-object") == 0)
			k = 2, s3api = 1;
		else
			return 0;
	} else if (np && strcmp(pos[0], "cp") == 0) {
		k = 1;
	} else if (np && !wl_starts_with(pos[0], "gs://")) {
		return 0; /* gsutil ls, rm, rsync ... */
	}
	if (s3api) {
		if (!bucket || !key || np - k < 1)
			return 1;
		*url = wl_printf_alloc("s3://%s/%s", bucket, key);
		src = key;
		dst = pos[np - 1];
	} else {
		if (np - k < 2)
			return 1;
		src = pos[k];
		dst = pos[np - 1];
		if (!wl_starts_with(src, "gs://") && !wl_starts_with(src, "s3://"))
			return 1; /* an upload */
		*url = wl_strdup(src);
	}
	if (strcmp(dst, ".") == 0 || strcmp(dst, "./") == 0 || (*dst && dst[strlen(dst) - 1] == '/')) {
		const char *base = strrchr(src, '/');
		base = base ? base + 1 : src;
		if (!*base)
			return 1;
		*file = strcmp(dst, ".") == 0 || strcmp(dst, "./") == 0 ? wl_strdup(base)
								      : wl_printf_alloc("%s%s", dst, base);
	} else if (!wl_starts_with(dst, "gs://") && !wl_starts_with(dst, "s3://")) {
		*file = wl_strdup(dst);
	}
	return 1;
}

/* huggingface-cli download REPO_ID [FILES...] and `hf download` (the newer
 * CLI): the repository id, as written, for the rule on its organisation. */
static int hub_cli_download(const struct walk *w, const struct cmd *c, size_t f)
{
	const char *b = base_name(c->argv[f].val);
	size_t k;
	if ((strcmp(b, "huggingface-cli") && strcmp(b, "hf")) || f + 1 >= c->argc ||
	    strcmp(c->argv[f + 1].val, "download"))
		return 0;
	for (k = f + 2; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (v[0] == '-') {
			if (!strchr(v, '=') &&
			    (!strcmp(v, "--repo-type") || !strcmp(v, "--revision") || !strcmp(v, "--local-dir") ||
			     !strcmp(v, "--cache-dir") || !strcmp(v, "--token") || !strcmp(v, "--max-workers") ||
			     !strcmp(v, "--local-dir-use-symlinks") || !strcmp(v, "--format")))
				k++;
			continue;
		}
		if (!c->argv[k].dynamic)
			emit_shell(w, WL_SHELL_HUB_DOWNLOAD, ts_node_start_byte(c->node), ts_node_end_byte(c->node), NULL,
				   NULL, v, 0);
		return 1;
	}
	return 1;
}

/* ---------------------------------------------------------- services */

/* Servers an ML project starts whose exposure a rule judges (the program,
 * or `python -m` the module); `jupyter-lab` is jupyter. */
static const char *service_program(const struct cmd *c, size_t f, size_t *args)
{
	static const char *const names[] = {"jupyter", "ray", "mlflow", "tritonserver", "torchserve", "flask", NULL};
	const char *b = base_name(c->argv[f].val);
	size_t i;
	*args = f + 1;
	if (is_python_name(b)) {
		b = NULL;
		for (i = f + 1; i < c->argc && c->argv[i].val[0] == '-'; i++) {
			if (strcmp(c->argv[i].val, "-m") == 0) {
				if (i + 1 < c->argc && !c->argv[i + 1].dynamic) {
					b = c->argv[i + 1].val;
					*args = i + 2;
				}
				break;
			}
		}
		if (!b)
			return NULL;
		if (strncmp(b, "ray.scripts", 11) == 0)
			b = "ray";
	}
	if (strcmp(b, "jupyter-lab") == 0 || strcmp(b, "jupyter-notebook") == 0 || strcmp(b, "jupyter-server") == 0 ||
	    strcmp(b, "jupyterlab") == 0 || strcmp(b, "notebook") == 0)
		return "jupyter";
	for (i = 0; names[i]; i++)
		if (strcmp(b, names[i]) == 0)
			return names[i];
	return NULL;
}

static void analyze_service(const struct walk *w, const struct cmd *c, size_t f)
{
	struct wl_service *sv;
	struct wl_loc loc;
	const char *prog;
	const char **argv;
	unsigned char *dyn;
	size_t a, i;
	if (!(prog = service_program(c, f, &a)))
		return;
	sv = wl_ctx_alloc(w->ctx, sizeof(*sv));
	memset(sv, 0, sizeof(*sv));
	sv->program = prog;
	sv->argc = a < c->argc ? c->argc - a : 0;
	argv = wl_ctx_alloc(w->ctx, (sv->argc + 1) * sizeof(*argv));
	dyn = wl_ctx_alloc(w->ctx, sv->argc + 1);
	for (i = 0; i < sv->argc; i++) {
		argv[i] = wl_ctx_strdup(w->ctx, c->argv[a + i].val);
		dyn[i] = (unsigned char)c->argv[a + i].dynamic;
	}
	argv[sv->argc] = NULL;
	sv->argv = argv;
	sv->dynamic = dyn;
	{
		/* NAME=value before the command, or after `env` */
		uint32_t k, nc = ts_node_named_child_count(c->node);
		const char **env = wl_ctx_alloc(w->ctx, (nc + f + 1) * sizeof(*env));
		size_t ne = 0;
		for (k = 0; k < nc; k++) {
			TSNode ch = ts_node_named_child(c->node, k), name, value;
			struct wl_buf vb;
			int d = 0;
			if (!node_is(ch, "variable_assignment"))
				continue;
			name = ts_node_child_by_field_name(ch, "name", 4);
			value = ts_node_child_by_field_name(ch, "value", 5);
			if (ts_node_is_null(name) || ts_node_end_byte(name) > w->len)
				continue;
			wl_buf_init(&vb, SHELL_MAX_WORD);
			if (!ts_node_is_null(value))
				word_value(w, value, &vb, &d, 0);
			if (!d)
				env[ne++] = wl_ctx_printf(w->ctx, "%.*s=%s",
							  (int)(ts_node_end_byte(name) - ts_node_start_byte(name)),
							  w->text + ts_node_start_byte(name), vb.buf ? vb.buf : "");
			wl_buf_release(&vb);
		}
		for (i = 0; i < f; i++)
			if (!c->argv[i].dynamic && strchr(c->argv[i].val, '=') && c->argv[i].val[0] != '-')
				env[ne++] = wl_ctx_strdup(w->ctx, c->argv[i].val);
		env[ne] = NULL;
		sv->env = env;
		sv->nenv = ne;
	}
	sv->command = display(w, ts_node_start_byte(c->node), ts_node_end_byte(c->node));
	sv->origin = w->in->origin;
	loc_of(w, ts_node_start_byte(c->node), ts_node_end_byte(c->node), &loc);
	wl_fact_emit(w->ctx, WL_FACT_SERVICE, &loc, sv);
}

static void analyze_command(const struct walk *w, TSNode n, TSNode stmt, int has_stmt)
{
	struct cmd c;
	size_t f;
	const char *b;
	uint32_t i, nc;
	cmd_build(w, n, &c);
	/* VAR=value cmd ...: PIP_* prefixes apply to this command */
	nc = ts_node_named_child_count(n);
	for (i = 0; i < nc; i++) {
		TSNode ch = ts_node_named_child(n, i);
		if (node_is(ch, "variable_assignment"))
			env_assignment(w, ch);
	}
	f = unwrap(&c);
	if (f >= c.argc || c.argv[f].dynamic)
		goto done;
	if (w->in->services_only) {
		analyze_service(w, &c, f);
		analyze_inline_script(w, &c, f);
		goto done;
	}
	b = base_name(c.argv[f].val);
	if (is_verifier(b)) {
		size_t k;
		for (k = 0; k < w->st->ndl; k++)
			w->st->dl[k].verified = 1;
		goto done;
	}
	{
		char *curl_ = NULL, *cfile = NULL;
		if (cloud_copy(&c, f, &curl_, &cfile)) {
			if (cfile)
				record_download(w, cfile, curl_, ts_node_start_byte(n));
			free(curl_);
			free(cfile);
			goto done;
		}
	}
	if (is_downloader_name(b)) {
		const char *url = download_url(&c, f);
		char *owned = NULL;
		const char *target = download_target(w, &c, f, url, &owned);
		/* curl URL > file */
		if (!target && has_stmt) {
			uint32_t k, sc = ts_node_named_child_count(stmt);
			for (k = 0; k < sc; k++) {
				TSNode r = ts_node_named_child(stmt, k);
				if (node_is(r, "file_redirect")) {
					TSNode dest = ts_node_child_by_field_name(r, "destination", 11);
					uint32_t rs = ts_node_start_byte(r);
					if (!ts_node_is_null(dest) && rs < w->len && w->text[rs] == '>') {
						struct wl_buf db;
						int dyn = 0;
						wl_buf_init(&db, SHELL_MAX_WORD);
						word_value(w, dest, &db, &dyn, 0);
						free(owned); /* the last redirect wins, as in the shell */
						owned = wl_buf_detach(&db, NULL);
						target = owned;
					}
				}
			}
		}
		/* a download saved to a file is followed even when its source is
		 * not a literal URL (`curl "$U" > f`, `curl exe > f`) */
		if (target)
			record_download(w, target, url, ts_node_start_byte(n));
		free(owned);
		goto done;
	}
	analyze_service(w, &c, f);
	if (analyze_install(w, &c, f) || hub_cli_download(w, &c, f))
		goto done;
	chat_template_args(w, &c, f);
	check_subst_exec(w, &c, f);
	check_exec_download(w, &c, f);
	check_load_download(w, &c, f);
	analyze_inline_script(w, &c, f);
done:
	cmd_free(&c);
}

static void analyze_pipeline(const struct walk *w, TSNode n)
{
	uint32_t i, nc = ts_node_named_child_count(n);
	int seen_download = 0;
	const char *url = NULL;
	uint32_t start = 0;
	for (i = 0; i < nc; i++) {
		TSNode ch = ts_node_named_child(n, i);
		struct cmd c;
		size_t f;
		if (node_is(ch, "redirected_statement")) {
			TSNode body = ts_node_child_by_field_name(ch, "body", 4);
			if (!ts_node_is_null(body))
				ch = body;
		}
		if (!node_is(ch, "command"))
			continue;
		cmd_build(w, ch, &c);
		f = unwrap(&c);
		if (f < c.argc && !c.argv[f].dynamic) {
			if (is_downloader_name(c.argv[f].val)) {
				if (!seen_download) {
					const char *u = download_url(&c, f);
					url = u ? wl_ctx_strdup(w->ctx, u) : NULL;
					start = ts_node_start_byte(ch);
				}
				seen_download = 1;
			} else if (seen_download && is_interpreter_name(c.argv[f].val) &&
				   reads_program_from_stdin(&c, f)) {
				emit_shell(w, WL_SHELL_PIPE_TO_INTERPRETER, start, ts_node_end_byte(ch), url,
					   interp_display(&c, f), NULL, 0);
				cmd_free(&c);
				return;
			}
		}
		cmd_free(&c);
	}
}

static void walk_node(struct walk *w, TSNode n, int depth)
{
	const char *type;
	if (depth > SHELL_MAX_DEPTH) {
		if (!w->depth_noted) {
			wl_notify(w->ctx, WL_LEVEL_NOTE, "shell nesting deeper than %d levels was not analysed",
				  SHELL_MAX_DEPTH);
			w->depth_noted = 1;
		}
		return;
	}
	type = ts_node_type(n);
	if (strcmp(type, "command") == 0) {
		TSNode parent = ts_node_parent(n);
		int has_stmt = !ts_node_is_null(parent) && node_is(parent, "redirected_statement");
		analyze_command(w, n, parent, has_stmt);
	} else if (strcmp(type, "pipeline") == 0) {
		if (!w->in->services_only)
			analyze_pipeline(w, n);
	} else if (strcmp(type, "declaration_command") == 0 || strcmp(type, "variable_assignment") == 0) {
		if (strcmp(type, "variable_assignment") == 0) {
			TSNode parent = ts_node_parent(n);
			/* prefix assignments are handled with their command */
			if (ts_node_is_null(parent) || !node_is(parent, "command"))
				env_assignment(w, n);
		}
	}
	/* a cursor, not ts_node_named_child(i): that is linear per call, and a
	 * script's root has one child per statement */
	{
		TSTreeCursor cur = ts_tree_cursor_new(n);
		if (ts_tree_cursor_goto_first_child(&cur)) {
			do {
				TSNode ch = ts_tree_cursor_current_node(&cur);
				if (!ts_node_is_named(ch))
					continue;
				if (strcmp(type, "declaration_command") == 0 && node_is(ch, "variable_assignment")) {
					env_assignment(w, ch);
					continue;
				}
				walk_node(w, ch, depth + 1);
			} while (ts_tree_cursor_goto_next_sibling(&cur));
		}
		ts_tree_cursor_delete(&cur);
	}
}

/*
 * Valid shell the pinned Bash grammar rejects, rewritten byte for byte (same
 * length, so every position still holds) into a form it accepts:
 *   for NAME do ...      (POSIX: loop over "$@")   -> for NAME;do ...
 *   a backslash-newline (or a backslash) ending the file -> a space
 * Only tried when the text does not parse as written. Returns a malloc'd
 * copy, or NULL when nothing applied.
 */
static int name_char(char c, int first)
{
	return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (!first && c >= '0' && c <= '9');
}

static char *shell_grammar_patch(const char *text, size_t len)
{
	char *out = NULL;
	size_t i, e;
	for (i = 0; i + 3 < len; i++) {
		size_t k, ns;
		/* `for` in command position: after a line start, ; & | ( { and blanks */
		if (memcmp(text + i, "for", 3) != 0)
			continue;
		for (k = i; k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t'); k--)
			;
		if (k > 0 && !strchr("\n;&|({", text[k - 1]))
			continue;
		k = i + 3;
		if (k >= len || (text[k] != ' ' && text[k] != '\t'))
			continue;
		while (k < len && (text[k] == ' ' || text[k] == '\t'))
			k++;
		if (k >= len || !name_char(text[k], 1))
			continue;
		while (k < len && name_char(text[k], 0))
			k++;
		ns = k;
		while (k < len && (text[k] == ' ' || text[k] == '\t'))
			k++;
		if (k == ns || k + 2 > len || memcmp(text + k, "do", 2) != 0 ||
		    (k + 2 < len && !strchr(" \t\r\n;", text[k + 2])))
			continue;
		if (!out) {
			out = wl_malloc(len);
			memcpy(out, text, len);
		}
		out[ns] = ';';
	}
	/* a line continuation at the very end joins the last line to nothing */
	e = len;
	while (e > 0 && (text[e - 1] == '\n' || text[e - 1] == '\r'))
		e--;
	if (e > 0 && text[e - 1] == '\\' && len - e <= 2) {
		size_t b = 0;
		while (b < e && text[e - 1 - b] == '\\')
			b++;
		if (b % 2) {
			if (!out) {
				out = wl_malloc(len);
				memcpy(out, text, len);
			}
			out[e - 1] = ' ';
		}
	}
	return out;
}

int wl_shell_analyze(struct wl_ctx *ctx, const struct wl_shell_input *in)
{
	char *patched = NULL;
	struct walk w;
	struct wl_shell_state local;
	TSParser *p;
	TSTree *tree;
	TSNode root;
	if (!in->len)
		return 0;
	if (in->len > SHELL_MAX_TEXT) {
		wl_notify(ctx, WL_LEVEL_NOTE, "shell text of %zu bytes is over the %u-byte limit; not analysed",
			  in->len, SHELL_MAX_TEXT);
		return 0;
	}
	memset(&w, 0, sizeof(w));
	w.ctx = ctx;
	w.in = in;
	w.text = in->text;
	w.orig = in->orig ? in->orig : in->text;
	w.len = in->len;
	if (!in->map)
		wl_lines_init(&w.lines, in->text, in->len);
	if (in->state) {
		w.st = in->state;
	} else {
		wl_shell_state_init(&local);
		w.st = &local;
	}
	p = (TSParser *)wl_ctx_parser(ctx, WL_LANG_BASH);
	if (!p) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no Bash parser available; shell not analysed");
		goto out;
	}
	tree = ts_parser_parse_string(p, NULL, in->text, (uint32_t)in->len);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_NOTE, "shell could not be parsed");
		goto out;
	}
	root = ts_tree_root_node(tree);
	if (ts_node_has_error(root) && (patched = shell_grammar_patch(in->text, in->len))) {
		TSTree *t2 = ts_parser_parse_string(p, NULL, patched, (uint32_t)in->len);
		if (t2 && !ts_node_has_error(ts_tree_root_node(t2))) {
			ts_tree_delete(tree);
			tree = t2;
			root = ts_tree_root_node(tree);
			w.text = patched;
		} else if (t2) {
			ts_tree_delete(t2);
		}
	}
	if (ts_node_has_error(root) && !w.st->noted_parse_error) {
		uint32_t line = 1, col = 1;
		/* the first error position, for the note */
		TSTreeCursor cur = ts_tree_cursor_new(root);
		TSNode e = root;
		for (;;) {
			TSNode cn = ts_tree_cursor_current_node(&cur);
			if (strcmp(ts_node_type(cn), "ERROR") == 0 || ts_node_is_missing(cn)) {
				e = cn;
				break;
			}
			if (ts_node_has_error(cn) && ts_tree_cursor_goto_first_child(&cur))
				continue;
			if (ts_tree_cursor_goto_next_sibling(&cur))
				continue;
			break;
		}
		ts_tree_cursor_delete(&cur);
		{
			struct wl_loc l;
			loc_of(&w, ts_node_start_byte(e), ts_node_start_byte(e), &l);
			line = l.line;
			col = l.col;
		}
		wl_notify(ctx, WL_LEVEL_NOTE,
			  "%s: shell does not parse at line %u column %u; the rest was still checked",
			  in->origin, line, col);
		w.st->noted_parse_error = 1;
	}
	walk_node(&w, root, 0);
	ts_tree_delete(tree);
	free(patched);
out:
	if (!in->map)
		wl_lines_release(&w.lines);
	if (!in->state)
		wl_shell_state_release(&local);
	return 0;
}
