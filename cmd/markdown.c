/*
 * markdown.c - a markdown summary (`-o markdown`), written for a GitHub job
 * summary ($GITHUB_STEP_SUMMARY) or a merge-request comment: counts by
 * level, then the findings grouped (one row per rule, level and message,
 * with how many places and the first few of them) most severe first, each
 * rule linked to its help, then the files that could not be fully scanned.
 * Everything from the scanned repository is escaped, so a file name or a
 * message cannot inject markdown or HTML into the page. Bounded: at most
 * WL_MD_GROUPS groups and WL_MD_LOCS places each (GitHub takes 1 MiB).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sarif.h"

#define WL_MD_GROUPS 50
#define WL_MD_LOCS 5

struct group {
	const struct wl_finding *first; /* rule, level and message of the group */
	size_t *members;                /* indexes into r->findings */
	size_t n, cap;
};

/* Write s into a table cell. Outside code spans, markdown punctuation and
 * HTML are escaped; the message's own `code spans` are kept (when its
 * backticks pair up), where only '|' needs escaping (GFM splits table rows
 * before it parses spans). Line breaks become spaces. */
static void put_md(FILE *out, const char *s)
{
	char *e = wl_escape_display(s, strlen(s));
	const char *p;
	size_t ticks = 0;
	int code = 0;
	for (p = e; *p; p++)
		ticks += *p == '`';
	for (p = e; *p; p++) {
		char c = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;
		if (c == '`' && ticks % 2 == 0) {
			code = !code;
		} else if (c == '|' || (!code && strchr("\\`*_[]<>~#!&", c))) {
			fputc('\\', out);
		}
		fputc(c, out);
	}
	free(e);
}

static int same_group(const struct wl_finding *a, const struct wl_finding *b)
{
	return a->rule == b->rule && a->level == b->level && !strcmp(a->message, b->message);
}

static int group_cmp(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;
	int c;
	if (a->first->level != b->first->level)
		return a->first->level > b->first->level ? -1 : 1;
	if (a->n != b->n)
		return a->n > b->n ? -1 : 1;
	if ((c = strcmp(a->first->rule->id, b->first->rule->id)))
		return c;
	if ((c = strcmp(a->first->message, b->first->message)))
		return c;
	/* groups are built in report order: keep it */
	return a->members[0] < b->members[0] ? -1 : a->members[0] > b->members[0];
}

static uint64_t group_hash(const struct wl_finding *f)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	const char *p;
	for (p = f->rule->id; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	for (p = f->message; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h ^ (uint64_t)f->level;
}

/* Slot of f's group in an open-addressing table of group indexes + 1. */
static size_t probe(const size_t *slot, size_t hcap, const struct group *g, const struct wl_finding *f)
{
	size_t k;
	for (k = group_hash(f) & (hcap - 1); slot[k] && !same_group(g[slot[k] - 1].first, f); k = (k + 1) & (hcap - 1))
		;
	return k;
}

/* Group the unsuppressed findings in one pass. Findings are sorted by
 * place, so a group's members are in place order. */
static struct group *build_groups(const struct wl_report *r, size_t *ngroups)
{
	size_t i, n = 0, cap = 64, hcap = 128;
	struct group *g = wl_calloc(cap, sizeof(*g));
	size_t *slot = wl_calloc(hcap, sizeof(*slot));
	for (i = 0; i < r->nfindings; i++) {
		const struct wl_finding *f = r->findings[i];
		struct group *gr;
		size_t k;
		if (f->suppressed)
			continue;
		k = probe(slot, hcap, g, f);
		if (!slot[k]) {
			g = wl_grow(g, &cap, n + 1, sizeof(*g));
			memset(&g[n], 0, sizeof(g[n]));
			g[n].first = f;
			slot[k] = ++n;
			if (n * 2 > hcap) { /* grow and re-insert */
				size_t j, *ns = wl_calloc(hcap * 2, sizeof(*ns));
				for (j = 0; j < n; j++)
					ns[probe(ns, hcap * 2, g, g[j].first)] = j + 1;
				free(slot);
				slot = ns;
				hcap *= 2;
			}
			gr = &g[n - 1];
		} else {
			gr = &g[slot[k] - 1];
		}
		gr->members = wl_grow(gr->members, &gr->cap, gr->n + 1, sizeof(*gr->members));
		gr->members[gr->n++] = i;
	}
	free(slot);
	qsort(g, n, sizeof(*g), group_cmp);
	*ngroups = n;
	return g;
}

static void put_place(FILE *out, const struct wl_finding *f)
{
	fputc('`', out);
	/* inside a code span only the backtick needs care: drop it */
	{
		char *e = wl_escape_display(f->path, strlen(f->path));
		const char *p;
		for (p = e; *p; p++)
			fputc(*p == '`' ? '\'' : (*p == '|' ? '/' : *p), out);
		free(e);
	}
	if (f->loc.line)
		fprintf(out, ":%u", f->loc.line);
	fputc('`', out);
}

int wl_markdown_write(const struct wl_report *r, FILE *out, int color)
{
	size_t ng = 0, i, k, total;
	struct group *g;
	struct wl_buf b;
	(void)color;

	total = r->counts[WL_LEVEL_ERROR] + r->counts[WL_LEVEL_WARNING] + r->counts[WL_LEVEL_NOTE];
	fprintf(out, "## weaklink: %zu error%s, %zu warning%s, %zu note%s\n\n",
		r->counts[WL_LEVEL_ERROR], r->counts[WL_LEVEL_ERROR] == 1 ? "" : "s",
		r->counts[WL_LEVEL_WARNING], r->counts[WL_LEVEL_WARNING] == 1 ? "" : "s",
		r->counts[WL_LEVEL_NOTE], r->counts[WL_LEVEL_NOTE] == 1 ? "" : "s");
	fprintf(out, "%zu file%s scanned, %zu skipped, %zu could not be fully scanned",
		r->files_scanned, r->files_scanned == 1 ? "" : "s", r->files_skipped, r->files_failed);
	if (r->nsuppressed)
		fprintf(out, "; %zu finding%s suppressed in source", r->nsuppressed,
			r->nsuppressed == 1 ? "" : "s");
	fputs(".\n", out);
	if (r->has_baseline)
		fprintf(out, "Against the baseline: **%zu new**, %zu unchanged, %zu updated, %zu gone.\n",
			r->baseline_counts[WL_BASELINE_NEW], r->baseline_counts[WL_BASELINE_UNCHANGED],
			r->baseline_counts[WL_BASELINE_UPDATED], r->baseline_counts[WL_BASELINE_ABSENT]);

	g = build_groups(r, &ng);
	wl_buf_init(&b, 0);
	if (total) {
		fputs("\n| level | rule | finding | places |\n| --- | --- | --- | --- |\n", out);
		for (i = 0; i < ng && i < WL_MD_GROUPS; i++) {
			const struct wl_finding *f = g[i].first;
			fprintf(out, "| %s | [%s](%s) ", wl_level_name(f->level), f->rule->id,
				wl_rule_help_uri(f->rule, &b));
			put_md(out, f->rule->name);
			fputs(" | ", out);
			put_md(out, f->message);
			fprintf(out, " | %zu: ", g[i].n);
			for (k = 0; k < g[i].n && k < WL_MD_LOCS; k++) {
				if (k)
					fputs(", ", out);
				put_place(out, r->findings[g[i].members[k]]);
			}
			if (g[i].n > WL_MD_LOCS)
				fprintf(out, ", and %zu more", g[i].n - WL_MD_LOCS);
			fputs(" |\n", out);
		}
		if (ng > WL_MD_GROUPS)
			fprintf(out, "\n%zu more groups of findings are in the SARIF and text reports.\n",
				ng - WL_MD_GROUPS);
	} else {
		fputs("\nNo findings.\n", out);
	}
	if (r->nnotices) {
		fputs("\n### Not fully scanned\n\n", out);
		for (i = 0; i < r->nnotices && i < WL_MD_GROUPS; i++) {
			fprintf(out, "- %s: ", wl_level_name(r->notices[i].level));
			if (r->notices[i].path) {
				put_md(out, r->notices[i].path);
				fputs(": ", out);
			}
			put_md(out, r->notices[i].message);
			fputc('\n', out);
		}
		if (r->nnotices > WL_MD_GROUPS)
			fprintf(out, "- and %zu more\n", r->nnotices - WL_MD_GROUPS);
	}
	wl_buf_release(&b);
	for (i = 0; i < ng; i++)
		free(g[i].members);
	free(g);
	return ferror(out) ? WL_EIO : 0;
}
