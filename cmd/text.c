/*
 * text.c - the human report: findings grouped by file, one line each with
 * line:col, level, rule and why; then notices (files not fully scanned);
 * then a summary. Colour only when asked or on a terminal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
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

/*
 * Repeats: the same rule, level, message and properties in N places (the same
 * unpinned action in 22 jobs, one requirement in 19 requirements variants)
 * are one entry with N locations, listed under the first. SARIF keeps one
 * result per location.
 */
#define TEXT_MAX_ALSO 20

struct text_entry {
	char *key;
	size_t index;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct text_entry *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->index < y->index ? -1 : x->index > y->index);
}

static char *group_key(const struct wl_finding *f)
{
	struct wl_buf b;
	size_t k;
	char *s;
	wl_buf_init(&b, 0);
	wl_buf_addf(&b, "%s%c%d%c%d%c%s", f->rule->id, 1, (int)f->level, 1, f->suppressed, 1, f->message);
	for (k = 0; k < f->nprops; k++)
		wl_buf_addf(&b, "%c%s%c%s", 1, f->props[k].key, 2, f->props[k].value);
	s = wl_strndup(b.buf ? b.buf : "", b.len);
	wl_buf_release(&b);
	return s;
}

/* leader[i]: index of the first finding of i's group; next[i]: the group's
 * following member (or SIZE_MAX). Only findings that are shown take part. */
static void group_repeats(const struct wl_report *r, size_t *leader, size_t *next)
{
	struct text_entry *e = wl_calloc(r->nfindings ? r->nfindings : 1, sizeof(*e));
	size_t n = 0, i, j;
	for (i = 0; i < r->nfindings; i++) {
		leader[i] = i;
		next[i] = SIZE_MAX;
		if (r->findings[i]->suppressed && !r->include_suppressed)
			continue;
		e[n].key = group_key(r->findings[i]);
		e[n].index = i;
		n++;
	}
	qsort(e, n, sizeof(*e), cmp_entry);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && !strcmp(e[j].key, e[i].key); j++) {
			leader[e[j].index] = e[i].index;
			next[e[j - 1].index] = e[j].index;
		}
	}
	for (i = 0; i < n; i++)
		free(e[i].key);
	free(e);
}

int wl_text_write(const struct wl_report *r, FILE *out, int color)
{
	size_t i, k, shown = 0, entries = 0;
	const char *prev = NULL;
	size_t *leader = wl_calloc(r->nfindings ? r->nfindings : 1, sizeof(*leader));
	size_t *next = wl_calloc(r->nfindings ? r->nfindings : 1, sizeof(*next));

	group_repeats(r, leader, next);
	for (i = 0; i < r->nfindings; i++) {
		const struct wl_finding *f = r->findings[i];
		if (f->suppressed && !r->include_suppressed)
			continue;
		shown++;
		if (leader[i] != i)
			continue; /* listed under the first of its group */
		entries++;
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
		if (f->baseline == WL_BASELINE_NEW)
			fputs("(new) ", out);
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
		if (next[i] != SIZE_MAX) {
			size_t m, more = 0, listed = 0;
			for (m = next[i]; m != SIZE_MAX; m = next[m])
				more++;
			fprintf(out, "      same in %zu more %s:\n", more, plural(more, "place", "places"));
			for (m = next[i]; m != SIZE_MAX && listed < TEXT_MAX_ALSO; m = next[m], listed++) {
				const struct wl_finding *g = r->findings[m];
				fputs("        ", out);
				print_escaped(out, g->path);
				fprintf(out, ":%u:%u\n", g->loc.line, g->loc.col);
			}
			if (more > listed)
				fprintf(out, "        ... and %zu more (every location is in the SARIF report)\n",
					more - listed);
		}
	}
	free(leader);
	free(next);
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
	fprintf(out, "%zu %s", shown, plural(shown, "finding", "findings"));
	if (entries != shown)
		fprintf(out, " in %zu %s", entries, plural(entries, "entry", "entries"));
	fprintf(out, " (%zu %s, %zu %s, %zu %s)",
		r->counts[WL_LEVEL_ERROR], plural(r->counts[WL_LEVEL_ERROR], "error", "errors"),
		r->counts[WL_LEVEL_WARNING], plural(r->counts[WL_LEVEL_WARNING], "warning", "warnings"),
		r->counts[WL_LEVEL_NOTE], plural(r->counts[WL_LEVEL_NOTE], "note", "notes"));
	if (r->nsuppressed)
		fprintf(out, ", %zu suppressed", r->nsuppressed);
	fprintf(out, "; %zu %s scanned, %zu skipped, %zu failed\n", r->files_scanned,
		plural(r->files_scanned, "file", "files"), r->files_skipped, r->files_failed);
	if (r->has_baseline)
		fprintf(out, "against the baseline: %zu new, %zu unchanged, %zu updated, %zu absent\n",
			r->baseline_counts[WL_BASELINE_NEW], r->baseline_counts[WL_BASELINE_UNCHANGED],
			r->baseline_counts[WL_BASELINE_UPDATED], r->baseline_counts[WL_BASELINE_ABSENT]);
	return ferror(out) ? WL_EIO : 0;
}
