/*
 * github.c - GitHub Actions workflow-command annotations (`-o github`):
 *
 *   ::error file=src/x.py,line=3,endLine=3,col=5,endColumn=17,title=WL201 unsafe-deserialization::message
 *
 * For repositories without code scanning and for pull requests from forks
 * (whose token cannot upload SARIF). GitHub shows at most 10 errors and 10
 * warnings per step and 50 annotations per job, so the most severe come
 * first and the writer stops after WL_GITHUB_MAX annotations with a notice
 * that says how many were left out (the SARIF and text reports have all).
 * Escaping follows @actions/core: '%', CR and LF in the message; in property
 * values also ':' and ','.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

#define WL_GITHUB_MAX 50

static void put_escaped(FILE *out, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			fputs("%25", out);
			break;
		case '\r':
			fputs("%0D", out);
			break;
		case '\n':
			fputs("%0A", out);
			break;
		case ':':
			fputs(property ? "%3A" : ":", out);
			break;
		case ',':
			fputs(property ? "%2C" : ",", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static const char *command_for(enum wl_level l)
{
	switch (l) {
	case WL_LEVEL_ERROR:
		return "error";
	case WL_LEVEL_WARNING:
		return "warning";
	default:
		return "notice";
	}
}

static void annotate(FILE *out, const struct wl_finding *f)
{
	uint32_t line = f->loc.line ? f->loc.line : 1;
	fprintf(out, "::%s file=", command_for(f->level));
	put_escaped(out, f->path, 1);
	fprintf(out, ",line=%u", line);
	if (f->loc.end_line)
		fprintf(out, ",endLine=%u", f->loc.end_line);
	/* GitHub takes columns only on single-line annotations */
	if (f->loc.col && (!f->loc.end_line || f->loc.end_line == line)) {
		fprintf(out, ",col=%u", f->loc.col);
		if (f->loc.end_col)
			fprintf(out, ",endColumn=%u", f->loc.end_col);
	}
	fputs(",title=", out);
	put_escaped(out, f->rule->id, 1);
	fputc(' ', out);
	put_escaped(out, f->rule->name, 1);
	fputs("::", out);
	put_escaped(out, f->message, 0);
	fputc('\n', out);
}

int wl_github_write(const struct wl_report *r, FILE *out, int color)
{
	size_t i, shown = 0, left = 0;
	int lvl;
	(void)color;
	/* most severe first; within a level, the report's own (sorted) order */
	for (lvl = WL_LEVEL_ERROR; lvl >= WL_LEVEL_NOTE; lvl--) {
		for (i = 0; i < r->nfindings; i++) {
			const struct wl_finding *f = r->findings[i];
			if (f->suppressed || (int)f->level != lvl)
				continue;
			if (shown == WL_GITHUB_MAX) {
				left++;
				continue;
			}
			annotate(out, f);
			shown++;
		}
	}
	for (i = 0; i < r->nnotices; i++) {
		const struct wl_notice *n = &r->notices[i];
		fputs(n->level >= WL_LEVEL_WARNING ? "::warning " : "::notice ", out);
		if (n->path) {
			fputs("file=", out);
			put_escaped(out, n->path, 1);
			fputc(',', out);
		}
		fputs("title=weaklink could not fully scan::", out);
		put_escaped(out, n->message, 0);
		fputc('\n', out);
	}
	if (left)
		fprintf(out, "::notice title=weaklink::%zu more finding%s not annotated (GitHub shows at most %d "
			"per job); the SARIF and text reports list them all\n",
			left, left == 1 ? " was" : "s were", WL_GITHUB_MAX);
	return ferror(out) ? WL_EIO : 0;
}
