/*
 * shell.c - shell analysis on the tree-sitter Bash grammar, and the scanner
 * for shell scripts. Turns installs into the same dependency facts that
 * requirements lines produce, and downloads that are run into shell facts.
 * It must never execute, expand or follow anything it reads; every word
 * value is copied with a cap, every recursion is depth-bounded.
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

void sh_loc_of(const struct walk *w, uint32_t start, uint32_t end, struct wl_loc *loc)
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

int sh_node_is(TSNode n, const char *type)
{
	return strcmp(ts_node_type(n), type) == 0;
}

/* The display text of a span: from orig, newlines and runs of blanks folded. */
const char *sh_display(const struct walk *w, uint32_t start, uint32_t end)
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
void sh_word_value(const struct walk *w, TSNode n, struct wl_buf *b, int *dynamic, int depth)
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
				sh_word_value(w, c, b, dynamic, depth + 1);
			}
			last = ts_node_end_byte(c);
		}
		return;
	}
	/* expansions, substitutions, arithmetic ...: keep the text, mark dynamic */
	*dynamic = 1;
	(void)wl_buf_add(b, w->text + s, e - s);
}

void sh_cmd_free(struct cmd *c)
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
	sh_word_value(w, n, &b, &dyn, 0);
	c->argv = wl_grow(c->argv, &c->alloc, c->argc + 1, sizeof(*c->argv));
	a = &c->argv[c->argc++];
	a->val = wl_buf_detach(&b, NULL);
	a->dynamic = dyn;
	a->start = ts_node_start_byte(n);
	a->end = ts_node_end_byte(n);
	a->node = n;
}

void sh_cmd_build(const struct walk *w, TSNode n, struct cmd *c)
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

const char *sh_base_name(const char *s)
{
	const char *p = strrchr(s, '/');
	return p ? p + 1 : s;
}

/* Skip wrappers that run another command: sudo, env, exec, nohup ... */
size_t sh_unwrap(const struct cmd *c)
{
	size_t i = 0;
	while (i < c->argc) {
		const char *a = sh_base_name(c->argv[i].val);
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
int sh_is_pip_name(const char *a)
{
	a = sh_base_name(a);
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
int sh_is_python_name(const char *a)
{
	a = sh_base_name(a);
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
int sh_base_name_in(const char *a, const char *const *names)
{
	size_t i;
	a = sh_base_name(a);
	for (i = 0; names[i]; i++)
		if (strcmp(a, names[i]) == 0)
			return 1;
	return 0;
}

int sh_is_shell_name(const char *a)
{
	static const char *const names[] = {"sh", "bash", "zsh", "dash", "ksh", "ash", "fish", "mksh", "csh", "tcsh", NULL};
	return sh_base_name_in(a, names);
}

int sh_is_interpreter_name(const char *a)
{
	static const char *const names[] = {"perl", "ruby", "node", "nodejs", "php", "pwsh", "powershell",
					    "deno", "bun", "lua", "Rscript", "osascript", NULL};
	return sh_is_shell_name(a) || sh_is_python_name(a) || sh_base_name_in(a, names);
}

int sh_is_downloader_name(const char *a)
{
	static const char *const names[] = {"curl", "wget", "fetch", "aria2c", "http", "https", "xh",
					    "lwp-download", "lwp-request", "GET", "iwr", "Invoke-WebRequest", NULL};
	return sh_base_name_in(a, names);
}

static int is_url(const char *s)
{
	return wl_starts_with(s, "http://") || wl_starts_with(s, "https://") || wl_starts_with(s, "ftp://");
}

/* The first URL-looking argument of a download command. */
const char *sh_download_url(const struct cmd *c, size_t first)
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
	int shell = sh_is_shell_name(name);
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
	return sh_base_name(c->argv[first].val);
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
		sh_word_value(w, value, &vb, &dyn, 0);
	sh_loc_of(w, ts_node_start_byte(asg), ts_node_end_byte(asg), &loc);
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

static void analyze_command(const struct walk *w, TSNode n, TSNode stmt, int has_stmt)
{
	struct cmd c;
	size_t f;
	const char *b;
	uint32_t i, nc;
	sh_cmd_build(w, n, &c);
	/* VAR=value cmd ...: PIP_* prefixes apply to this command */
	nc = ts_node_named_child_count(n);
	for (i = 0; i < nc; i++) {
		TSNode ch = ts_node_named_child(n, i);
		if (sh_node_is(ch, "variable_assignment"))
			env_assignment(w, ch);
	}
	f = sh_unwrap(&c);
	if (f >= c.argc || c.argv[f].dynamic)
		goto done;
	if (w->in->services_only) {
		sh_analyze_service(w, &c, f);
		sh_analyze_inline_script(w, &c, f);
		goto done;
	}
	b = sh_base_name(c.argv[f].val);
	if (sh_is_verifier(b)) {
		size_t k;
		for (k = 0; k < w->st->ndl; k++)
			w->st->dl[k].verified = 1;
		goto done;
	}
	{
		char *curl_ = NULL, *cfile = NULL;
		if (sh_cloud_copy(&c, f, &curl_, &cfile)) {
			if (cfile)
				sh_record_download(w, cfile, curl_, ts_node_start_byte(n));
			free(curl_);
			free(cfile);
			goto done;
		}
	}
	if (sh_is_downloader_name(b)) {
		const char *url = sh_download_url(&c, f);
		char *owned = NULL;
		const char *target = sh_download_target(w, &c, f, url, &owned);
		/* curl URL > file */
		if (!target && has_stmt) {
			uint32_t k, sc = ts_node_named_child_count(stmt);
			for (k = 0; k < sc; k++) {
				TSNode r = ts_node_named_child(stmt, k);
				if (sh_node_is(r, "file_redirect")) {
					TSNode dest = ts_node_child_by_field_name(r, "destination", 11);
					uint32_t rs = ts_node_start_byte(r);
					if (!ts_node_is_null(dest) && rs < w->len && w->text[rs] == '>') {
						struct wl_buf db;
						int dyn = 0;
						wl_buf_init(&db, SHELL_MAX_WORD);
						sh_word_value(w, dest, &db, &dyn, 0);
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
			sh_record_download(w, target, url, ts_node_start_byte(n));
		free(owned);
		goto done;
	}
	sh_analyze_service(w, &c, f);
	if (sh_analyze_install(w, &c, f) || sh_hub_cli_download(w, &c, f))
		goto done;
	sh_chat_template_args(w, &c, f);
	sh_check_subst_exec(w, &c, f);
	sh_check_exec_download(w, &c, f);
	sh_check_load_download(w, &c, f);
	sh_analyze_inline_script(w, &c, f);
done:
	sh_cmd_free(&c);
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
		if (sh_node_is(ch, "redirected_statement")) {
			TSNode body = ts_node_child_by_field_name(ch, "body", 4);
			if (!ts_node_is_null(body))
				ch = body;
		}
		if (!sh_node_is(ch, "command"))
			continue;
		sh_cmd_build(w, ch, &c);
		f = sh_unwrap(&c);
		if (f < c.argc && !c.argv[f].dynamic) {
			if (sh_is_downloader_name(c.argv[f].val)) {
				if (!seen_download) {
					const char *u = sh_download_url(&c, f);
					url = u ? wl_ctx_strdup(w->ctx, u) : NULL;
					start = ts_node_start_byte(ch);
				}
				seen_download = 1;
			} else if (seen_download && sh_is_interpreter_name(c.argv[f].val) &&
				   reads_program_from_stdin(&c, f)) {
				sh_emit_shell(w, WL_SHELL_PIPE_TO_INTERPRETER, start, ts_node_end_byte(ch), url,
					   interp_display(&c, f), NULL, 0);
				sh_cmd_free(&c);
				return;
			}
		}
		sh_cmd_free(&c);
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
		int has_stmt = !ts_node_is_null(parent) && sh_node_is(parent, "redirected_statement");
		analyze_command(w, n, parent, has_stmt);
	} else if (strcmp(type, "pipeline") == 0) {
		if (!w->in->services_only)
			analyze_pipeline(w, n);
	} else if (strcmp(type, "declaration_command") == 0 || strcmp(type, "variable_assignment") == 0) {
		if (strcmp(type, "variable_assignment") == 0) {
			TSNode parent = ts_node_parent(n);
			/* prefix assignments are handled with their command */
			if (ts_node_is_null(parent) || !sh_node_is(parent, "command"))
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
				if (strcmp(type, "declaration_command") == 0 && sh_node_is(ch, "variable_assignment")) {
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
			sh_loc_of(&w, ts_node_start_byte(e), ts_node_start_byte(e), &l);
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
