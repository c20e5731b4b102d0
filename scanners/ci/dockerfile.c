/*
 * dockerfile.c - Dockerfiles and Containerfiles: the instruction parser, and
 * the scanner that turns FROM / COPY --from into image facts and RUN into
 * shell analysis (installs, downloads) with positions in the Dockerfile.
 * It never builds, pulls or runs anything; every length is checked.
 */
#include "dockerfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts_dep.h"
#include "shell.h"

/* --------------------------------------------------------------- parser */

struct line {
	const char *p;   /* start of the line */
	size_t n;        /* without the newline and a trailing \r */
	size_t next;     /* offset of the next line */
};

static struct line get_line(const char *data, size_t len, size_t pos)
{
	struct line l;
	const char *nl = memchr(data + pos, '\n', len - pos);
	size_t end = nl ? (size_t)(nl - data) : len;
	l.p = data + pos;
	l.n = end - pos;
	l.next = nl ? end + 1 : len;
	if (l.n && l.p[l.n - 1] == '\r')
		l.n--;
	return l;
}

static size_t skip_ws(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

static int is_blank(const char *p, size_t n)
{
	return skip_ws(p, n, 0) == n;
}

static int is_comment(const char *p, size_t n)
{
	size_t i = skip_ws(p, n, 0);
	return i < n && p[i] == '#';
}

/* Does the line end with the escape character (ignoring trailing blanks)?
 * Returns the length without it, or n when it does not continue. */
static size_t continuation(const char *p, size_t n, char esc, int *cont)
{
	size_t e = n;
	while (e && (p[e - 1] == ' ' || p[e - 1] == '\t'))
		e--;
	*cont = e && p[e - 1] == esc;
	return *cont ? e - 1 : n;
}

static void instr_reset(struct wl_df_instr *ins)
{
	size_t i;
	ins->keyword[0] = '\0';
	ins->line = ins->col = ins->end_line = 0;
	wl_mtext_reset(&ins->args);
	for (i = 0; i < ins->nheredocs; i++)
		wl_mtext_reset(&ins->heredocs[i].body);
	ins->nheredocs = 0;
	ins->truncated = 0;
}

/* Find heredoc markers (<<EOF, <<-EOF, <<"EOF", <<'EOF') in the args of
 * RUN/COPY/ADD, outside quotes. */
static void find_heredocs(struct wl_df_instr *ins)
{
	const char *t = ins->args.text.buf;
	size_t n = ins->args.text.len, i = 0;
	char quote = 0;
	while (i < n && ins->nheredocs < WL_DF_MAX_HEREDOCS) {
		char c = t[i];
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\\' && quote == '"')
				i++;
			i++;
			continue;
		}
		if (c == '\'' || c == '"') {
			quote = c;
			i++;
			continue;
		}
		if (c == '<' && i + 2 < n && t[i + 1] == '<' && t[i + 2] != '<') {
			struct wl_df_heredoc *h = &ins->heredocs[ins->nheredocs];
			size_t j = i + 2, k = 0;
			char q = 0;
			int strip = 0;
			if (j < n && t[j] == '-') {
				strip = 1;
				j++;
			}
			if (j < n && (t[j] == '"' || t[j] == '\'')) {
				q = t[j];
				j++;
			}
			while (j < n && k + 1 < sizeof(h->delim) &&
			       ((t[j] >= 'A' && t[j] <= 'Z') || (t[j] >= 'a' && t[j] <= 'z') ||
				(t[j] >= '0' && t[j] <= '9') || t[j] == '_' || t[j] == '-' || t[j] == '.'))
				h->delim[k++] = t[j++];
			h->delim[k] = '\0';
			if (q && j < n && t[j] == q)
				j++;
			if (k) {
				h->strip_tabs = strip;
				h->line = 0;
				ins->nheredocs++;
			}
			i = j;
			continue;
		}
		i++;
	}
}

int wl_dockerfile_parse(const char *data, size_t len, wl_df_fn fn, void *ud)
{
	struct wl_df_instr ins;
	size_t pos = 0, i;
	uint32_t lineno = 0;
	char esc = '\\';
	int directives = 1, rc = 0;
	memset(&ins, 0, sizeof(ins));
	wl_mtext_init(&ins.args, WL_DF_MAX_TEXT);
	for (i = 0; i < WL_DF_MAX_HEREDOCS; i++)
		wl_mtext_init(&ins.heredocs[i].body, WL_DF_MAX_TEXT);
	while (pos < len) {
		struct line l = get_line(data, len, pos);
		size_t k, kw_start, a;
		int cont;
		lineno++;
		pos = l.next;
		if (directives && is_comment(l.p, l.n)) {
			/* # escape=` (parser directives: only before anything else) */
			size_t d = skip_ws(l.p, l.n, skip_ws(l.p, l.n, 0) + 1);
			if (l.n - d >= 8 && strncasecmp(l.p + d, "escape", 6) == 0) {
				size_t e = skip_ws(l.p, l.n, d + 6);
				if (e < l.n && l.p[e] == '=') {
					e = skip_ws(l.p, l.n, e + 1);
					if (e < l.n && (l.p[e] == '`' || l.p[e] == '\\'))
						esc = l.p[e];
				}
				continue;
			}
			if (l.n - d >= 6 && strncasecmp(l.p + d, "syntax", 6) == 0)
				continue;
			if (l.n - d >= 5 && strncasecmp(l.p + d, "check", 5) == 0)
				continue;
			directives = 0;
			continue;
		}
		directives = 0;
		if (is_blank(l.p, l.n) || is_comment(l.p, l.n))
			continue;
		instr_reset(&ins);
		kw_start = skip_ws(l.p, l.n, 0);
		for (k = kw_start; k < l.n && l.p[k] != ' ' && l.p[k] != '\t'; k++) {
			if (k - kw_start + 1 < sizeof(ins.keyword)) {
				char c = l.p[k];
				ins.keyword[k - kw_start] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
				ins.keyword[k - kw_start + 1] = '\0';
			}
		}
		ins.line = ins.end_line = lineno;
		ins.col = (uint32_t)kw_start + 1;
		a = skip_ws(l.p, l.n, k);
		{
			size_t e = continuation(l.p, l.n, esc, &cont);
			if (e < a)
				e = a;
			if (wl_mtext_add(&ins.args, l.p + a, e - a, lineno, (uint32_t)a + 1))
				ins.truncated = 1;
		}
		while (cont && pos < len) {
			struct line m = get_line(data, len, pos);
			size_t e;
			lineno++;
			pos = m.next;
			/* comment lines inside a continued instruction are dropped */
			if (is_comment(m.p, m.n))
				continue;
			if (is_blank(m.p, m.n))
				continue; /* Docker accepts (and warns about) empty continuation lines */
			e = continuation(m.p, m.n, esc, &cont);
			/* a newline joins as nothing in Docker; a space keeps words apart
			 * for the shell the same way "\<newline>" would */
			if (wl_mtext_addsyn(&ins.args, " ", 1) ||
			    wl_mtext_add(&ins.args, m.p, e, lineno, 1))
				ins.truncated = 1;
			ins.end_line = lineno;
		}
		if (strcmp(ins.keyword, "RUN") == 0 || strcmp(ins.keyword, "COPY") == 0 ||
		    strcmp(ins.keyword, "ADD") == 0) {
			size_t h;
			find_heredocs(&ins);
			for (h = 0; h < ins.nheredocs; h++) {
				struct wl_df_heredoc *hd = &ins.heredocs[h];
				int closed = 0;
				while (pos < len) {
					struct line m = get_line(data, len, pos);
					size_t s = 0;
					lineno++;
					pos = m.next;
					if (hd->strip_tabs)
						while (s < m.n && m.p[s] == '\t')
							s++;
					if (m.n - s == strlen(hd->delim) && memcmp(m.p + s, hd->delim, m.n - s) == 0) {
						closed = 1;
						break;
					}
					if (!hd->line)
						hd->line = lineno;
					if (wl_mtext_add(&hd->body, m.p + s, m.n - s, lineno, (uint32_t)s + 1) ||
					    wl_mtext_addsyn(&hd->body, "\n", 1))
						ins.truncated = 1;
				}
				ins.end_line = lineno;
				(void)closed; /* an unterminated heredoc runs to the end of file */
			}
		}
		rc = fn(ud, &ins);
		if (rc)
			break;
	}
	wl_mtext_release(&ins.args);
	for (i = 0; i < WL_DF_MAX_HEREDOCS; i++)
		wl_mtext_release(&ins.heredocs[i].body);
	return rc;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int wl_df_json_array(const char *t, size_t n, struct wl_buf *out, size_t *starts,
		     size_t *offs, size_t max)
{
	size_t i = skip_ws(t, n, 0);
	int count = 0;
	wl_buf_reset(out);
	if (i >= n || t[i] != '[')
		return -1;
	i = skip_ws(t, n, i + 1);
	if (i < n && t[i] == ']')
		return skip_ws(t, n, i + 1) == n ? 0 : -1;
	for (;;) {
		if (i >= n || t[i] != '"')
			return -1;
		i++;
		if ((size_t)count < max) {
			starts[count] = out->len;
			offs[count] = i;
		}
		while (i < n && t[i] != '"') {
			char c = t[i];
			if ((unsigned char)c < 0x20)
				return -1;
			if (c == '\\') {
				if (i + 1 >= n)
					return -1;
				i++;
				switch (t[i]) {
				case 'n': c = '\n'; break;
				case 't': c = '\t'; break;
				case 'r': c = '\r'; break;
				case 'b': c = '\b'; break;
				case 'f': c = '\f'; break;
				case '"': case '\\': case '/': c = t[i]; break;
				case 'u': {
					int v = 0, k;
					if (i + 4 >= n)
						return -1;
					for (k = 1; k <= 4; k++) {
						int h = hexval(t[i + k]);
						if (h < 0)
							return -1;
						v = v * 16 + h;
					}
					i += 4;
					c = (v > 0 && v < 0x80) ? (char)v : '?';
					break;
				}
				default:
					return -1;
				}
			}
			if ((size_t)count < max && wl_buf_addch(out, c))
				return -1;
			i++;
		}
		if (i >= n)
			return -1;
		i++; /* closing quote */
		if ((size_t)count < max && wl_buf_addch(out, '\0'))
			return -1;
		count++;
		i = skip_ws(t, n, i);
		if (i < n && t[i] == ',') {
			i = skip_ws(t, n, i + 1);
			continue;
		}
		if (i < n && t[i] == ']')
			return skip_ws(t, n, i + 1) == n ? count : -1;
		return -1;
	}
}

/* -------------------------------------------------------------- scanner */

#define DF_MAX_VARS 256
#define DF_MAX_STAGES 128
#define DF_MAX_COPIES 256

struct df_var {
	char *name, *value;
};

struct df_copy {
	char *src;   /* as written, relative to the build context */
	char *dest;  /* absolute in the image */
	int dest_dir;
};

struct df_scan {
	struct wl_ctx *ctx;
	const struct wl_file *file;
	const char *dir;                 /* the Dockerfile's directory: the usual build context */
	struct df_var global[DF_MAX_VARS];
	size_t nglobal;
	struct df_var stage_vars[DF_MAX_VARS];
	size_t nstage_vars;
	char *stages[DF_MAX_STAGES];
	size_t nstages;
	int in_stage;
	char workdir[1024];
	struct df_copy copies[DF_MAX_COPIES];
	size_t ncopies;
	int non_posix_shell;             /* SHELL ["pwsh", ...] */
	int pwsh_shell;                  /* ... and it is PowerShell */
	struct wl_shell_state shell;
	int start_cmd;                   /* analysing CMD/ENTRYPOINT: only the servers it starts */
};

static void vars_free(struct df_var *v, size_t *n)
{
	size_t i;
	for (i = 0; i < *n; i++) {
		free(v[i].name);
		free(v[i].value);
	}
	*n = 0;
}

static void var_set(struct df_var *v, size_t *n, const char *name, size_t nn, const char *value)
{
	size_t i;
	for (i = 0; i < *n; i++)
		if (strlen(v[i].name) == nn && memcmp(v[i].name, name, nn) == 0) {
			if (value) {
				free(v[i].value);
				v[i].value = wl_strdup(value);
			}
			return;
		}
	if (*n >= DF_MAX_VARS)
		return;
	v[*n].name = wl_strndup(name, nn);
	v[*n].value = value ? wl_strdup(value) : NULL;
	(*n)++;
}

static const char *var_get(const struct df_scan *s, const char *name, size_t nn, int *found, int global)
{
	size_t i;
	*found = 0;
	if (s->in_stage && !global) {
		for (i = 0; i < s->nstage_vars; i++)
			if (strlen(s->stage_vars[i].name) == nn && memcmp(s->stage_vars[i].name, name, nn) == 0) {
				*found = s->stage_vars[i].value != NULL;
				return s->stage_vars[i].value;
			}
		return NULL;
	}
	for (i = 0; i < s->nglobal; i++)
		if (strlen(s->global[i].name) == nn && memcmp(s->global[i].name, name, nn) == 0) {
			*found = s->global[i].value != NULL;
			return s->global[i].value;
		}
	return NULL;
}

/* Substitute $VAR, ${VAR}, ${VAR:-default}, ${VAR:+alt} from ARGs. */
static char *substitute(const struct df_scan *s, const char *t, size_t n, int *unresolved, int global)
{
	struct wl_buf b;
	size_t i = 0;
	wl_buf_init(&b, 8192);
	while (i < n) {
		if (t[i] == '$' && i + 1 < n && (t[i + 1] == '{' || t[i + 1] == '_' ||
						 (t[i + 1] >= 'A' && t[i + 1] <= 'Z') ||
						 (t[i + 1] >= 'a' && t[i + 1] <= 'z'))) {
			size_t j = i + 1, ns, ne;
			int brace = t[j] == '{', found;
			const char *val, *mod = NULL;
			size_t modn = 0;
			char op = 0;
			if (brace)
				j++;
			ns = j;
			while (j < n && (t[j] == '_' || (t[j] >= 'A' && t[j] <= 'Z') || (t[j] >= 'a' && t[j] <= 'z') ||
					 (t[j] >= '0' && t[j] <= '9')))
				j++;
			ne = j;
			if (brace) {
				if (j + 1 < n && t[j] == ':' && (t[j + 1] == '-' || t[j + 1] == '+')) {
					op = t[j + 1];
					mod = t + j + 2;
					j += 2;
				}
				while (j < n && t[j] != '}')
					j++;
				if (mod)
					modn = (size_t)(t + j - mod);
				if (j < n)
					j++;
			}
			val = var_get(s, t + ns, ne - ns, &found, global);
			if (op == '-') {
				if (found && *val)
					(void)wl_buf_addstr(&b, val);
				else
					(void)wl_buf_add(&b, mod, modn);
			} else if (op == '+') {
				if (found && *val)
					(void)wl_buf_add(&b, mod, modn);
			} else if (found) {
				(void)wl_buf_addstr(&b, val);
			} else {
				*unresolved = 1;
			}
			i = j;
			continue;
		}
		(void)wl_buf_addch(&b, t[i]);
		i++;
	}
	return wl_buf_detach(&b, NULL);
}

/* A whitespace-separated token of the args text. */
struct tok {
	size_t off, n;
};

static size_t tokens(const char *t, size_t n, struct tok *out, size_t max)
{
	size_t i = 0, k = 0;
	while (i < n && k < max) {
		while (i < n && (t[i] == ' ' || t[i] == '\t'))
			i++;
		if (i >= n)
			break;
		out[k].off = i;
		while (i < n && t[i] != ' ' && t[i] != '\t')
			i++;
		out[k].n = i - out[k].off;
		k++;
	}
	return k;
}

static void tok_loc(const struct wl_df_instr *ins, const struct tok *t, struct wl_loc *loc)
{
	memset(loc, 0, sizeof(*loc));
	wl_srcmap_pos(&ins->args.map, t->off, &loc->line, &loc->col);
	if (t->n) {
		wl_srcmap_pos(&ins->args.map, t->off + t->n - 1, &loc->end_line, &loc->end_col);
		loc->end_col++;
	}
}

static int is_stage(const struct df_scan *s, const char *name)
{
	size_t i;
	for (i = 0; i < s->nstages; i++)
		if (s->stages[i] && strcasecmp(s->stages[i], name) == 0)
			return 1;
	/* COPY --from=0: a stage index */
	if (*name >= '0' && *name <= '9') {
		size_t k = 0;
		while (name[k] >= '0' && name[k] <= '9')
			k++;
		return name[k] == '\0';
	}
	return 0;
}

static void emit_image(struct df_scan *s, const struct wl_df_instr *ins, const struct tok *t,
		       const char *origin, int global)
{
	const char *text = ins->args.text.buf + t->off;
	struct wl_image_ref *im = wl_ctx_alloc(s->ctx, sizeof(*im));
	struct wl_loc loc;
	int unresolved = 0;
	/* FROM sees only the ARGs declared before the first FROM */
	char *sub = substitute(s, text, t->n, &unresolved, global);
	memset(im, 0, sizeof(*im));
	wl_parse_image_ref(s->ctx, sub, strlen(sub), im);
	im->origin = origin;
	im->unresolved = unresolved && !im->pinned;
	if (strcasecmp(sub, "scratch") == 0)
		im->scratch = 1;
	else if (is_stage(s, sub))
		im->stage = 1;
	else if (!*sub)
		im->unresolved = 1;
	if (im->unresolved)
		im->text = wl_ctx_strndup(s->ctx, text, t->n);
	else if (strlen(sub) != t->n || memcmp(sub, text, t->n) != 0)
		im->written = wl_ctx_strndup(s->ctx, text, t->n);
	tok_loc(ins, t, &loc);
	wl_fact_emit(s->ctx, WL_FACT_IMAGE_REF, &loc, im);
	free(sub);
}

static void do_from(struct df_scan *s, const struct wl_df_instr *ins)
{
	struct tok t[8];
	size_t n = tokens(ins->args.text.buf, ins->args.text.len, t, 8), i = 0;
	const char *a = ins->args.text.buf;
	while (i < n && a[t[i].off] == '-' && a[t[i].off + 1] == '-')
		i++; /* --platform=... */
	if (i < n) {
		emit_image(s, ins, &t[i], "Dockerfile FROM", 1);
	}
	/* the new stage: its ARGs start empty, its alias becomes a name */
	vars_free(s->stage_vars, &s->nstage_vars);
	s->in_stage = 1;
	memcpy(s->workdir, "/", 2);
	s->non_posix_shell = 0;
	wl_shell_state_release(&s->shell);
	wl_shell_state_init(&s->shell);
	if (s->nstages < DF_MAX_STAGES) {
		s->stages[s->nstages] = NULL;
		if (i + 2 < n && t[i + 1].n == 2 && strncasecmp(a + t[i + 1].off, "AS", 2) == 0)
			s->stages[s->nstages] = wl_strndup(a + t[i + 2].off, t[i + 2].n);
		s->nstages++;
	}
}

static void do_arg(struct df_scan *s, const struct wl_df_instr *ins)
{
	struct tok t[32];
	size_t n = tokens(ins->args.text.buf, ins->args.text.len, t, 32), i;
	const char *a = ins->args.text.buf;
	for (i = 0; i < n; i++) {
		const char *eq = memchr(a + t[i].off, '=', t[i].n);
		size_t nn = eq ? (size_t)(eq - (a + t[i].off)) : t[i].n;
		char *val = NULL;
		if (eq) {
			size_t vn = t[i].n - nn - 1;
			const char *v = eq + 1;
			if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) {
				v++;
				vn -= 2;
			}
			val = wl_strndup(v, vn);
		}
		if (s->in_stage) {
			/* ARG X in a stage re-imports the global default */
			const char *g = NULL;
			size_t k;
			if (!val)
				for (k = 0; k < s->nglobal; k++)
					if (strlen(s->global[k].name) == nn &&
					    memcmp(s->global[k].name, a + t[i].off, nn) == 0)
						g = s->global[k].value;
			var_set(s->stage_vars, &s->nstage_vars, a + t[i].off, nn, val ? val : g);
		} else {
			var_set(s->global, &s->nglobal, a + t[i].off, nn, val);
		}
		free(val);
	}
}

static void env_var(struct df_scan *s, const char *name, const char *value, const struct wl_loc *loc)
{
	int fl = wl_ci_env_var(s->ctx, name, value, loc, "Dockerfile ENV");
	if (fl & WL_CI_ENV_REQUIRE_HASHES)
		s->shell.require_hashes = 1;
	if (fl & WL_CI_ENV_UV_UNSAFE)
		s->shell.uv_unsafe_index = 1;
}

static void do_env(struct df_scan *s, const struct wl_df_instr *ins)
{
	struct tok t[64];
	const char *a = ins->args.text.buf;
	size_t n = tokens(a, ins->args.text.len, t, 64), i;
	if (!n)
		return;
	if (!memchr(a + t[0].off, '=', t[0].n)) {
		/* legacy form: ENV KEY value with spaces */
		struct wl_loc loc;
		char *name = wl_strndup(a + t[0].off, t[0].n);
		char *value = n > 1 ? wl_strndup(a + t[1].off, ins->args.text.len - t[1].off) : wl_strdup("");
		tok_loc(ins, &t[0], &loc);
		env_var(s, name, value, &loc);
		if (s->in_stage)
			var_set(s->stage_vars, &s->nstage_vars, name, strlen(name), value);
		free(name);
		free(value);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *eq = memchr(a + t[i].off, '=', t[i].n);
		struct wl_loc loc;
		char *name, *value;
		size_t vn;
		const char *v;
		if (!eq)
			continue;
		name = wl_strndup(a + t[i].off, (size_t)(eq - (a + t[i].off)));
		v = eq + 1;
		vn = t[i].n - (size_t)(v - (a + t[i].off));
		if (vn >= 2 && (v[0] == '"' || v[0] == '\'') && v[vn - 1] == v[0]) {
			v++;
			vn -= 2;
		}
		value = wl_strndup(v, vn);
		tok_loc(ins, &t[i], &loc);
		env_var(s, name, value, &loc);
		/* ENV values are visible to later FROM-less substitution in this stage */
		if (s->in_stage)
			var_set(s->stage_vars, &s->nstage_vars, name, strlen(name), value);
		free(name);
		free(value);
	}
}

static void set_workdir(struct df_scan *s, const char *p, size_t n)
{
	char buf[1024];
	int w;
	if (!n)
		return;
	if (p[0] == '/')
		w = snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
	else
		w = snprintf(buf, sizeof(buf), "%s%s%.*s", s->workdir,
			     s->workdir[strlen(s->workdir) - 1] == '/' ? "" : "/", (int)n, p);
	if (w > 0 && (size_t)w < sizeof(buf))
		memcpy(s->workdir, buf, (size_t)w + 1);
}

static void do_copy(struct df_scan *s, const struct wl_df_instr *ins)
{
	struct tok t[64];
	const char *a = ins->args.text.buf;
	size_t n = tokens(a, ins->args.text.len, t, 64), i = 0, k, first_src;
	int from_other = 0;
	if (a[0] == '[')
		return; /* JSON form: rare for COPY; skip the mapping */
	for (; i < n && a[t[i].off] == '-' && t[i].n > 2 && a[t[i].off + 1] == '-'; i++) {
		if (t[i].n > 7 && strncmp(a + t[i].off, "--from=", 7) == 0) {
			struct tok ft = {t[i].off + 7, t[i].n - 7};
			char *name = wl_strndup(a + ft.off, ft.n);
			from_other = 1;
			if (!is_stage(s, name))
				emit_image(s, ins, &ft, "Dockerfile COPY --from", 0);
			free(name);
		}
	}
	if (from_other || n < i + 2 || ins->nheredocs)
		return;
	first_src = i;
	for (k = first_src; k + 1 < n && s->ncopies < DF_MAX_COPIES; k++) {
		struct df_copy *c = &s->copies[s->ncopies];
		const char *d = a + t[n - 1].off;
		size_t dn = t[n - 1].n;
		char dest[1024];
		int w;
		if (d[0] == '/')
			w = snprintf(dest, sizeof(dest), "%.*s", (int)dn, d);
		else
			w = snprintf(dest, sizeof(dest), "%s/%.*s", s->workdir, (int)dn, d);
		if (w <= 0 || (size_t)w >= sizeof(dest))
			continue;
		c->src = wl_strndup(a + t[k].off, t[k].n);
		c->dest = wl_strdup(dest);
		/* COPY . /src copies the context's contents into /src, a folder */
		c->dest_dir = n - first_src > 2 || (dn && d[dn - 1] == '/') || (dn == 1 && d[0] == '.') ||
			      (t[k].n == 1 && a[t[k].off] == '.') || (t[k].n && a[t[k].off + t[k].n - 1] == '/');
		s->ncopies++;
	}
}

/* Where `pip install -r FILE` inside the image came from in the repository. */
static size_t df_resolve(void *ud, struct wl_ctx *ctx, const char *file, const char **out, size_t max)
{
	struct df_scan *s = ud;
	char abs[1024];
	size_t n = 0, i;
	int w;
	const char *p;
	if (file[0] == '/')
		w = snprintf(abs, sizeof(abs), "%s", file);
	else
		w = snprintf(abs, sizeof(abs), "%s%s%s", s->workdir,
			     s->workdir[strlen(s->workdir) - 1] == '/' ? "" : "/", file);
	if (w <= 0 || (size_t)w >= sizeof(abs))
		return 0;
	/* normalise "/app/./x" and "//" via the join helper on the image side */
	p = wl_path_join(ctx, "", abs + 1);
	if (p)
		w = snprintf(abs, sizeof(abs), "/%s", p);
	for (i = s->ncopies; i-- > 0 && n < max;) {
		const struct df_copy *c = &s->copies[i];
		const char *dest = wl_path_join(ctx, "", c->dest + 1);
		char destabs[1024];
		const char *src_rel = NULL;
		if (!dest)
			dest = "";
		snprintf(destabs, sizeof(destabs), "/%s", dest);
		if (!c->dest_dir && strcmp(destabs, abs) == 0) {
			src_rel = c->src;
		} else if (c->dest_dir) {
			size_t dl = strlen(destabs);
			const char *rest = NULL;
			if (dl == 1)
				rest = abs + 1;
			else if (strncmp(abs, destabs, dl) == 0 && abs[dl] == '/')
				rest = abs + dl + 1;
			if (rest) {
				size_t sl = strlen(c->src);
				if (strcmp(c->src, ".") == 0 || (sl && c->src[sl - 1] == '/'))
					src_rel = wl_ctx_printf(ctx, "%s/%s", c->src, rest);
				else if (strcmp(wl_basename(c->src), rest) == 0)
					src_rel = c->src;
				else if (!strchr(c->src, '.') && !strchr(c->src, '*'))
					src_rel = wl_ctx_printf(ctx, "%s/%s", c->src, rest); /* a directory */
			}
		}
		if (src_rel) {
			const char *cand = wl_path_join(ctx, s->dir, src_rel);
			if (cand && n < max)
				out[n++] = cand;
			if (*s->dir) {
				cand = wl_path_join(ctx, "", src_rel);
				if (cand && n < max)
					out[n++] = cand;
			}
			return n;
		}
	}
	/* not copied in: assume the build context holds it at the same path */
	if (file[0] != '/') {
		p = wl_path_join(ctx, s->dir, file);
		if (p && n < max)
			out[n++] = p;
	}
	return n;
}

static int is_shell_path(const char *a)
{
	const char *b = wl_basename(a);
	return strcmp(b, "sh") == 0 || strcmp(b, "bash") == 0 || strcmp(b, "dash") == 0 ||
	       strcmp(b, "ash") == 0 || strcmp(b, "zsh") == 0;
}

static void run_shell(struct df_scan *s, const char *text, size_t n, const struct wl_srcmap *map)
{
	struct wl_shell_input in;
	memset(&in, 0, sizeof(in));
	in.text = text;
	in.len = n;
	in.map = map;
	in.origin = s->start_cmd == 2 ? "Dockerfile ENTRYPOINT" : s->start_cmd ? "Dockerfile CMD" : "Dockerfile RUN";
	in.base_dir = s->dir;
	in.resolve = df_resolve;
	in.resolve_ud = s;
	in.state = &s->shell;
	in.services_only = s->start_cmd != 0;
	(void)wl_shell_analyze(s->ctx, &in);
}

static void do_run(struct df_scan *s, const struct wl_df_instr *ins)
{
	const char *a = ins->args.text.buf;
	size_t n = ins->args.text.len, i = 0, h;
	struct wl_srcmap sub;
	if (s->non_posix_shell) {
		if (s->pwsh_shell && n && a[0] != '[') {
			struct wl_shell_input in;
			memset(&in, 0, sizeof(in));
			in.text = a;
			in.len = n;
			in.map = &ins->args.map;
			in.origin = "Dockerfile RUN";
			in.state = &s->shell;
			(void)wl_pwsh_analyze(s->ctx, &in);
		}
		return;
	}
	/* RUN --mount=... --network=... command */
	while (i + 2 < n && a[i] == '-' && a[i + 1] == '-') {
		while (i < n && a[i] != ' ' && a[i] != '\t')
			i++;
		i = skip_ws(a, n, i);
	}
	if (i < n && a[i] == '[') {
		struct wl_buf out;
		size_t starts[64], offs[64];
		int cnt;
		wl_buf_init(&out, WL_DF_MAX_TEXT);
		cnt = wl_df_json_array(a + i, n - i, &out, starts, offs, 64);
		if (cnt > 0) {
			int k = 0;
			wl_srcmap_init(&sub);
			if (cnt >= 3 && is_shell_path(out.buf + starts[0]) && strcmp(out.buf + starts[1], "-c") == 0) {
				uint32_t line, col;
				wl_srcmap_pos(&ins->args.map, i + offs[2], &line, &col);
				wl_srcmap_add(&sub, 0, line, col);
				run_shell(s, out.buf + starts[2], strlen(out.buf + starts[2]), &sub);
			} else {
				/* exec form: the argv as one command line */
				struct wl_buf cmd;
				wl_buf_init(&cmd, WL_DF_MAX_TEXT);
				for (k = 0; k < cnt && k < 64; k++) {
					uint32_t line, col;
					const char *arg = out.buf + starts[k];
					size_t q;
					wl_srcmap_pos(&ins->args.map, i + offs[k], &line, &col);
					if (k)
						(void)wl_buf_addch(&cmd, ' ');
					wl_srcmap_add(&sub, cmd.len, line, col);
					/* single-quote each word for the shell parser */
					(void)wl_buf_addch(&cmd, '\'');
					for (q = 0; arg[q]; q++) {
						if (arg[q] == '\'')
							(void)wl_buf_addstr(&cmd, "'\\''");
						else
							(void)wl_buf_addch(&cmd, arg[q]);
					}
					(void)wl_buf_addch(&cmd, '\'');
				}
				run_shell(s, cmd.buf, cmd.len, &sub);
				wl_buf_release(&cmd);
			}
			wl_srcmap_release(&sub);
			wl_buf_release(&out);
			return;
		}
		wl_buf_release(&out);
	}
	/* shell form, with the RUN flags cut off (offsets shift by i) */
	wl_srcmap_init(&sub);
	{
		size_t k;
		for (k = 0; k < ins->args.map.n; k++) {
			const struct wl_srcmap_seg *g = &ins->args.map.segs[k];
			if (g->off >= i) {
				if (!sub.n && g->off > i) {
					uint32_t line, col;
					wl_srcmap_pos(&ins->args.map, i, &line, &col);
					wl_srcmap_add(&sub, 0, line, col);
				}
				wl_srcmap_add(&sub, g->off - i, g->line, g->col);
			}
		}
		if (!sub.n) {
			uint32_t line, col;
			wl_srcmap_pos(&ins->args.map, i, &line, &col);
			wl_srcmap_add(&sub, 0, line, col);
		}
	}
	if (ins->nheredocs) {
		/* RUN <<EOF / RUN bash <<EOF: the body is the script; RUN <<A <<B
		 * (nothing but markers): BuildKit runs every body. Otherwise
		 * (python3 <<EOF, <<EOF cat > f) it is data for another command. */
		size_t j = i, k = i;
		int script_body, only_markers = 1;
		char first[64];
		size_t fl = 0;
		while (j < n && a[j] != '<')
			j++;
		first[0] = '\0';
		while (k < n) {
			if (a[k] == ' ' || a[k] == '\t') {
				k++;
			} else if (k + 1 < n && a[k] == '<' && a[k + 1] == '<') {
				while (k < n && a[k] != ' ' && a[k] != '\t')
					k++;
			} else {
				if (only_markers) {
					while (k < n && a[k] != ' ' && a[k] != '\t' && fl + 1 < sizeof(first))
						first[fl++] = a[k++];
					first[fl] = '\0';
				}
				only_markers = 0;
				while (k < n && a[k] != ' ' && a[k] != '\t')
					k++;
			}
		}
		script_body = only_markers || is_shell_path(first);
		if (j > i)
			run_shell(s, a + i, j - i, &sub);
		for (h = 0; h < ins->nheredocs; h++)
			if (script_body && (h == 0 || only_markers))
				run_shell(s, ins->heredocs[h].body.text.buf, ins->heredocs[h].body.text.len,
					  &ins->heredocs[h].body.map);
	} else {
		run_shell(s, a + i, n - i, &sub);
	}
	wl_srcmap_release(&sub);
}

static void do_shell_instr(struct df_scan *s, const struct wl_df_instr *ins)
{
	struct wl_buf out;
	size_t starts[8], offs[8];
	int cnt;
	wl_buf_init(&out, 4096);
	cnt = wl_df_json_array(ins->args.text.buf, ins->args.text.len, &out, starts, offs, 8);
	s->non_posix_shell = cnt > 0 && !is_shell_path(out.buf + starts[0]);
	s->pwsh_shell = s->non_posix_shell && (strcasestr(out.buf + starts[0], "powershell") ||
					       strcasestr(out.buf + starts[0], "pwsh"));
	wl_buf_release(&out);
}

static int df_instr(void *ud, const struct wl_df_instr *ins)
{
	struct df_scan *s = ud;
	const char *k = ins->keyword;
	if (ins->truncated)
		wl_notify(s->ctx, WL_LEVEL_NOTE, "Dockerfile instruction at line %u is longer than %u bytes; "
			  "only its start was checked", ins->line, WL_DF_MAX_TEXT);
	if (strcmp(k, "FROM") == 0)
		do_from(s, ins);
	else if (strcmp(k, "ARG") == 0)
		do_arg(s, ins);
	else if (strcmp(k, "ENV") == 0)
		do_env(s, ins);
	else if (strcmp(k, "RUN") == 0)
		do_run(s, ins);
	else if (strcmp(k, "CMD") == 0 || strcmp(k, "ENTRYPOINT") == 0) {
		/* the container's command: the servers it starts (WL_FACT_SERVICE) */
		s->start_cmd = k[0] == 'E' ? 2 : 1;
		if (!s->non_posix_shell && !ins->nheredocs)
			do_run(s, ins);
		s->start_cmd = 0;
	}
	else if (strcmp(k, "COPY") == 0 || strcmp(k, "ADD") == 0)
		do_copy(s, ins);
	else if (strcmp(k, "WORKDIR") == 0)
		set_workdir(s, ins->args.text.buf, ins->args.text.len);
	else if (strcmp(k, "SHELL") == 0)
		do_shell_instr(s, ins);
	return 0;
}

/* Does the head of the file read as a Dockerfile? Its first instruction
 * (after comments, parser directives and blank lines) is FROM, or ARG with a
 * FROM on a later line of the head, in capitals as everyone writes them (prose
 * that starts "From here..." is not a Dockerfile). For files without an extension named
 * otherwise (`build/gpu`, `docker/cuda12`). */
static int looks_like_dockerfile(const unsigned char *d, size_t n)
{
	size_t i = 0, lim = n < 4096 ? n : 4096;
	while (i < lim) {
		size_t e = i;
		while (e < lim && d[e] != '\n')
			e++;
		while (i < e && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r'))
			i++;
		if (i < e && d[i] != '#') {
			if (e - i > 5 && memcmp(d + i, "FROM", 4) == 0 && (d[i + 4] == ' ' || d[i + 4] == '\t'))
				return 1;
			if (e - i > 4 && memcmp(d + i, "ARG", 3) == 0 && (d[i + 3] == ' ' || d[i + 3] == '\t')) {
				size_t k;
				for (k = e; k + 6 < lim; k++)
					if (d[k] == '\n' && memcmp(d + k + 1, "FROM", 4) == 0 &&
					    (d[k + 5] == ' ' || d[k + 5] == '\t'))
						return 1;
			}
			return 0;
		}
		i = e + 1;
	}
	return 0;
}

static int name_is(const char *n, const char *base)
{
	size_t bn = strlen(base);
	return strncasecmp(n, base, bn) == 0 && (n[bn] == '\0' || n[bn] == '.' || n[bn] == '-' || n[bn] == '_');
}

static int name_ends(const char *n, const char *suffix)
{
	size_t ln = strlen(n), sn = strlen(suffix);
	return ln > sn && strcasecmp(n + ln - sn, suffix) == 0;
}

int wl_dockerfile_wants(const struct wl_file *f)
{
	const char *n = f->name;
	if (f->magic != WL_MAGIC_TEXT && f->magic != WL_MAGIC_EMPTY)
		return 0;
	/* Dockerfile, Dockerfile.gpu, Dockerfile-gpu, Dockerfile_cuda,
	 * gpu.Dockerfile, Containerfile and the same forms of it */
	if (name_is(n, "Dockerfile") || name_is(n, "Containerfile") || name_ends(n, ".Dockerfile") ||
	    name_ends(n, ".Containerfile"))
		return 1;
	return !*f->ext && f->magic == WL_MAGIC_TEXT && looks_like_dockerfile(f->data, f->size);
}

static int dockerfile_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct df_scan *s = wl_calloc(1, sizeof(*s));
	size_t i;
	s->ctx = ctx;
	s->file = f;
	s->dir = wl_path_dir(ctx, f->path);
	memcpy(s->workdir, "/", 2);
	wl_shell_state_init(&s->shell);
	(void)wl_dockerfile_parse((const char *)f->data, f->size, df_instr, s);
	vars_free(s->global, &s->nglobal);
	vars_free(s->stage_vars, &s->nstage_vars);
	for (i = 0; i < s->nstages; i++)
		free(s->stages[i]);
	for (i = 0; i < s->ncopies; i++) {
		free(s->copies[i].src);
		free(s->copies[i].dest);
	}
	wl_shell_state_release(&s->shell);
	free(s);
	return 0;
}

const struct wl_scanner wl_scanner_dockerfile = {
	.name = "dockerfile",
	.wants = wl_dockerfile_wants,
	.scan = dockerfile_scan,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST) |
		 WL_FACT_BIT(WL_FACT_ACTION_REF) | WL_FACT_BIT(WL_FACT_IMAGE_REF) | WL_FACT_BIT(WL_FACT_SHELL) | WL_FACT_BIT(WL_FACT_CI) |
		 WL_FACT_BIT(WL_FACT_TEMPLATE_LINK),
};
