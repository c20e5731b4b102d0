/*
 * text.c - the human report: findings grouped by file, one line each with
 * line:col, level, rule and why; then notices (files not fully scanned);
 * then a summary. Colour only when asked or on a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"

static const char *level_color(enum wl_level l)
{
	switch (l) {
	case WL_LEVEL_ERROR:
		return "\033[1;31m";
	case WL_LEVEL_WARNING:
		return "\033[33m";
	case WL_LEVEL_NOTE:
		return "\033[36m";
	default:
		return "";
	}
}

static void print_escaped(FILE *out, const char *s)
{
	char *e = wl_escape_display(s, strlen(s));
	fputs(e, out);
	free(e);
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int wl_text_write(const struct wl_report *r, FILE *out, int color)
{
	size_t i, k, shown = 0;
	const char *prev = NULL;

	for (i = 0; i < r->nfindings; i++) {
		const struct wl_finding *f = r->findings[i];
		if (f->suppressed && !r->include_suppressed)
			continue;
		if (!prev || strcmp(prev, f->path)) {
			if (prev)
				fputc('\n', out);
			if (color)
				fputs(C_BOLD, out);
			print_escaped(out, f->path);
			if (color)
				fputs(C_RESET, out);
			fputc('\n', out);
			prev = f->path;
		}
		fprintf(out, "  %u:%u  ", f->loc.line, f->loc.col);
		if (color)
			fputs(level_color(f->level), out);
		fprintf(out, "%-7s", wl_level_name(f->level));
		if (color)
			fputs(C_RESET, out);
		fprintf(out, "  %s  ", f->rule->id);
		print_escaped(out, f->message);
		if (color)
			fputs(C_DIM, out);
		fprintf(out, "  [%s]", f->rule->name);
		if (f->suppressed)
			fputs(" (suppressed)", out);
		if (color)
			fputs(C_RESET, out);
		fputc('\n', out);
		for (k = 0; k < f->nprops; k++) {
			if (!strcmp(f->props[k].key, "pathClass") && k + 1 < f->nprops &&
			    !strcmp(f->props[k + 1].key, "originalLevel")) {
				/* engine.c apply_path_class(): one line that says why */
				fputs("      level: ", out);
				print_escaped(out, f->props[k + 1].value);
				fputs(" in product code, lowered in ", out);
				print_escaped(out, f->props[k].value);
				fputs(" (path class; --strict keeps it)\n", out);
				k++;
				continue;
			}
			fprintf(out, "      %s: ", f->props[k].key);
			print_escaped(out, f->props[k].value);
			fputc('\n', out);
		}
		for (k = 0; k < f->nfixes; k++) {
			fputs("      fix: ", out);
			print_escaped(out, f->fixes[k].description);
			fputc('\n', out);
		}
		shown++;
	}
	if (r->nnotices) {
		if (prev)
			fputc('\n', out);
		fputs("not fully scanned:\n", out);
		for (i = 0; i < r->nnotices; i++) {
			const struct wl_notice *n = &r->notices[i];
			fputs("  ", out);
			if (color)
				fputs(level_color(n->level), out);
			fprintf(out, "%-7s", wl_level_name(n->level));
			if (color)
				fputs(C_RESET, out);
			fputs("  ", out);
			if (n->path) {
				print_escaped(out, n->path);
				fputs(": ", out);
			}
			print_escaped(out, n->message);
			fputc('\n', out);
		}
	}
	if (prev || r->nnotices)
		fputc('\n', out);
	fprintf(out, "%zu %s (%zu %s, %zu %s, %zu %s)", shown, plural(shown, "finding", "findings"),
		r->counts[WL_LEVEL_ERROR], plural(r->counts[WL_LEVEL_ERROR], "error", "errors"),
		r->counts[WL_LEVEL_WARNING], plural(r->counts[WL_LEVEL_WARNING], "warning", "warnings"),
		r->counts[WL_LEVEL_NOTE], plural(r->counts[WL_LEVEL_NOTE], "note", "notes"));
	if (r->nsuppressed)
		fprintf(out, ", %zu suppressed", r->nsuppressed);
	fprintf(out, "; %zu %s scanned, %zu skipped, %zu failed\n", r->files_scanned,
		plural(r->files_scanned, "file", "files"), r->files_skipped, r->files_failed);
	return ferror(out) ? WL_EIO : 0;
}
