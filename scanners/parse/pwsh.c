/*
 * pwsh.c - PowerShell scripts and steps: the download-and-run shapes
 * (Invoke-WebRequest / iwr / curl then iex, & or the file run) become the
 * same shell facts the bash model (shell.c) emits. Reads text only; never
 * runs anything.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"
#include "facts_ci.h"
#include "shell.h"

static const char *ci_find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;
	for (i = 0; i + k <= n; i++)
		if (strncasecmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* Is the word at s[0..n) a PowerShell downloader call? */
static int pwsh_downloads(const char *s, size_t n)
{
	static const char *const dl[] = { "iwr ", "invoke-webrequest", "irm ", "invoke-restmethod", "downloadstring",
					  "downloaddata", "curl.exe", "wget.exe", "start-bitstransfer", "downloadfile",
					  NULL };
	size_t i;
	for (i = 0; dl[i]; i++)
		if (ci_find(s, n, dl[i]))
			return 1;
	return 0;
}

/* The first http(s) URL in s[0..n) (quotes and parentheses end it). */
static char *pwsh_url(const char *s, size_t n)
{
	const char *u = ci_find(s, n, "https://");
	size_t k = 0;
	if (!u)
		u = ci_find(s, n, "http://");
	if (!u)
		return NULL;
	while (u + k < s + n && !strchr(" \t'\"),;|`", u[k]))
		k++;
	return wl_strndup(u, k);
}

/* The word after `opt` (case-insensitive) in s[0..n), unquoted; NULL if none. */
static char *pwsh_opt_value(const char *s, size_t n, const char *opt)
{
	const char *o = ci_find(s, n, opt), *e = s + n, *v;
	size_t k = 0;
	if (!o)
		return NULL;
	v = o + strlen(opt);
	while (v < e && (*v == ' ' || *v == '\t' || *v == ':'))
		v++;
	if (v < e && (*v == '"' || *v == '\''))
		v++;
	while (v + k < e && !strchr(" \t'\");|", v[k]))
		k++;
	return k ? wl_strndup(v, k) : NULL;
}

static void pwsh_loc(const struct wl_shell_input *in, const struct wl_lines *lines, size_t off, size_t end,
		     struct wl_loc *loc)
{
	memset(loc, 0, sizeof(*loc));
	if (in->map) {
		wl_srcmap_pos(in->map, off, &loc->line, &loc->col);
		wl_srcmap_pos(in->map, end ? end - 1 : 0, &loc->end_line, &loc->end_col);
		loc->end_col++;
	} else {
		size_t l = 0;
		while (l + 1 < lines->n && lines->start[l + 1] <= off)
			l++;
		loc->line = (uint32_t)l + 1;
		loc->col = (uint32_t)(off - lines->start[l]) + 1;
		loc->end_line = loc->line;
		loc->end_col = loc->col + (uint32_t)(end - off);
	}
	if (loc->end_line != loc->line || loc->end_col <= loc->col)
		loc->end_line = loc->end_col = 0;
}

static void pwsh_emit(struct wl_ctx *ctx, const struct wl_shell_input *in, const struct wl_lines *lines,
		      enum wl_shell_kind kind, size_t off, size_t end, const char *url, const char *file,
		      uint32_t dl_line)
{
	struct wl_loc loc;
	struct wl_shell_fact *sf = wl_ctx_alloc(ctx, sizeof(*sf));
	const char *orig = in->orig ? in->orig : in->text;
	memset(sf, 0, sizeof(*sf));
	sf->kind = kind;
	sf->command = wl_ctx_strndup(ctx, orig + off, end - off > 200 ? 200 : end - off);
	sf->url = url ? wl_ctx_strdup(ctx, url) : NULL;
	sf->interpreter = "PowerShell";
	sf->file = file ? wl_ctx_strdup(ctx, file) : NULL;
	sf->download_line = dl_line;
	sf->origin = in->origin;
	pwsh_loc(in, lines, off, end, &loc);
	wl_fact_emit(ctx, WL_FACT_SHELL, &loc, sf);
}

/* Strip ./ .\ and surrounding quotes for comparing a run target with a download. */
static const char *pwsh_norm(const char *f)
{
	while ((f[0] == '.' && (f[1] == '/' || f[1] == '\\')) || f[0] == '"' || f[0] == '\'')
		f += f[0] == '.' ? 2 : 1;
	return f;
}

static int pwsh_same(const char *a, const char *b)
{
	size_t an, bn;
	a = pwsh_norm(a);
	b = pwsh_norm(b);
	an = strcspn(a, "\"'");
	bn = strcspn(b, "\"'");
	return an == bn && an && strncasecmp(a, b, an) == 0;
}

int wl_pwsh_analyze(struct wl_ctx *ctx, const struct wl_shell_input *in)
{
	struct wl_shell_state local, *st = in->state;
	struct wl_lines lines;
	size_t i = 0, n = in->len;
	const char *t = in->text;
	memset(&lines, 0, sizeof(lines));
	if (!in->map)
		wl_lines_init(&lines, t, n);
	if (!st) {
		wl_shell_state_init(&local);
		st = &local;
	}
	while (i < n) {
		size_t e = i, s0;
		const char *stmt;
		size_t sn;
		while (e < n && t[e] != '\n' && t[e] != ';')
			e++;
		s0 = i;
		while (s0 < e && (t[s0] == ' ' || t[s0] == '\t' || t[s0] == '\r'))
			s0++;
		stmt = t + s0;
		sn = e - s0;
		if (sn && stmt[0] != '#') {
			int dl = pwsh_downloads(stmt, sn);
			const char *pipe_iex = NULL;
			if (dl) {
				const char *bar;
				for (bar = memchr(stmt, '|', sn); bar; bar = memchr(bar + 1, '|', (size_t)(stmt + sn - bar - 1))) {
					const char *w = bar + 1;
					while (w < stmt + sn && (*w == ' ' || *w == '\t'))
						w++;
					if ((stmt + sn - w >= 3 && strncasecmp(w, "iex", 3) == 0 &&
					     (w + 3 == stmt + sn || !isalnum((unsigned char)w[3]))) ||
					    ci_find(w, (size_t)(stmt + sn - w), "invoke-expression") == w) {
						pipe_iex = w;
						break;
					}
					if (bar + 1 >= stmt + sn)
						break;
				}
				if (!pipe_iex && ((sn > 4 && strncasecmp(stmt, "iex", 3) == 0 && !isalnum((unsigned char)stmt[3])) ||
						  ci_find(stmt, sn, "invoke-expression") == stmt))
					pipe_iex = stmt;
			}
			if (pipe_iex) {
				char *u = pwsh_url(stmt, sn);
				pwsh_emit(ctx, in, &lines, WL_SHELL_PIPE_TO_INTERPRETER, s0, e, u, NULL, 0);
				free(u);
			} else if (dl) {
				char *u = pwsh_url(stmt, sn);
				char *f = pwsh_opt_value(stmt, sn, "-OutFile");
				if (!f)
					f = pwsh_opt_value(stmt, sn, "-Destination");
				if (!f)
					f = pwsh_opt_value(stmt, sn, " -o ");
				if (!f) {
					const char *df = ci_find(stmt, sn, "downloadfile(");
					if (df) {
						const char *comma = memchr(df, ',', (size_t)(stmt + sn - df));
						if (comma)
							f = pwsh_opt_value(comma, (size_t)(stmt + sn - comma), ",");
						if (f && f[0] && f[strlen(f) - 1] == ')')
							f[strlen(f) - 1] = '\0';
					}
				}
				if (f) {
					struct wl_loc l;
					pwsh_loc(in, &lines, s0, s0, &l);
					st->dl = wl_grow(st->dl, &st->adl, st->ndl + 1, sizeof(*st->dl));
					st->dl[st->ndl].file = f;
					st->dl[st->ndl].url = wl_strdup(u ? u : "");
					st->dl[st->ndl].line = l.line;
					st->dl[st->ndl].verified = 0;
					st->ndl++;
				}
				free(u);
			} else if (ci_find(stmt, sn, "get-filehash") || ci_find(stmt, sn, "authenticodesignature")) {
				size_t k;
				for (k = 0; k < st->ndl; k++)
					st->dl[k].verified = 1;
			} else if (st->ndl) {
				/* & F, .\F, Start-Process F, pwsh -File F, msiexec /i F, or F itself */
				const char *w = stmt;
				size_t wn = sn, k;
				static const char *const pre[] = { "& ", ". ", "start-process ", "pwsh -file ",
								   "powershell -file ", "powershell.exe -file ",
								   "msiexec /i ", "msiexec.exe /i ", "cmd /c ", NULL };
				for (k = 0; pre[k]; k++)
					if (wn > strlen(pre[k]) && strncasecmp(w, pre[k], strlen(pre[k])) == 0) {
						w += strlen(pre[k]);
						wn -= strlen(pre[k]);
						break;
					}
				while (wn && (*w == ' ' || *w == '\t'))
					w++, wn--;
				{
					size_t tn = 0;
					char *target;
					while (tn < wn && !strchr(" \t;|", w[tn]))
						tn++;
					target = wl_strndup(w, tn);
					for (k = st->ndl; k-- > 0;) {
						struct wl_shell_download *d = &st->dl[k];
						if (!d->verified && pwsh_same(d->file, target) &&
						    (strchr(target, '\\') || strchr(target, '/') || w != stmt ||
						     target[0] == '.' || target[0] == '$')) {
							pwsh_emit(ctx, in, &lines, WL_SHELL_DOWNLOAD_EXEC, s0, e, d->url, d->file,
								  d->line);
							d->verified = 1;
							break;
						}
					}
					free(target);
				}
			}
		}
		i = e + 1;
	}
	if (st == &local)
		wl_shell_state_release(&local);
	if (!in->map)
		wl_lines_release(&lines);
	return 0;
}

