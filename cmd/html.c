/*
 * html.c - a self-contained HTML report (`-o html[:FILE]`) that draws the
 * repository's supply chain as the pipeline an attacker walks:
 *
 *   dependencies and indexes -> pre-processing code -> tokenizer and configs
 *   -> model weights and where they come from -> inference code
 *   -> plugins and tools -> CI/CD
 *
 * Each stage is a box coloured by its worst finding, with its counts, and
 * its findings are listed under it; then the files that could not be fully
 * scanned and the summary counts. Which stage a finding belongs to is decided
 * by ONE table, stage_map[] below (documented in the README).
 *
 * One file, no network: inline CSS only, no script, no fonts, no images,
 * and a Content-Security-Policy that forbids loading anything. Everything
 * that comes from the scanned repository (paths, messages, properties,
 * provenance) is HTML-escaped after bytes that are not valid UTF-8 or are
 * control characters have been made visible (\xNN), and Unicode bidi
 * controls are shown as \u{...} so a file name cannot reorder the page.
 * Deterministic: no timestamps unless --timestamps.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "sarif.h"

#define WL_HTML_STAGE_MAX 500 /* findings listed per stage (the SARIF has all) */

enum stage {
	ST_DEPS,
	ST_PREP,
	ST_TOKCFG,
	ST_WEIGHTS,
	ST_INFER,
	ST_PLUGINS,
	ST_CI,
	ST_OTHER, /* a rule family no row maps: drawn only when it has findings */
	ST__COUNT
};

static const struct {
	const char *anchor, *title, *what;
} stages[ST__COUNT] = {
	[ST_DEPS] = { "deps", "Dependencies and indexes", "requirements, locks, manifests, package indexes" },
	[ST_PREP] = { "prep", "Pre-processing code", "data preparation, training scripts, notebooks" },
	[ST_TOKCFG] = { "configs", "Tokenizer and configs", "chat templates, model configs, Hydra/YAML" },
	[ST_WEIGHTS] = { "weights", "Model weights and where they come from",
			 "pickles, archives, tensors; hub and torch.hub downloads" },
	[ST_INFER] = { "inference", "Inference code", "the code that loads and serves the model" },
	[ST_PLUGINS] = { "plugins", "Plugins and tools", "plugins, agents' tools, dynamic imports, pre-commit hooks" },
	[ST_CI] = { "ci", "CI/CD", "workflows, GitLab CI, Dockerfiles, build scripts" },
	[ST_OTHER] = { "other", "Other findings", "rules no stage claims" },
};

/*
 * THE mapping from findings to stages: the first row whose rule pattern
 * matches the rule id and whose path pattern (NULL: any) matches the path
 * wins. Patterns are fnmatch(3) globs; paths match case-insensitively and
 * '*' crosses '/'. Rule families: WL1xx dependencies, WL2xx Python code,
 * WL3xx model artifacts, WL4xx ML configs, WL5xx CI/CD.
 */
static const struct stage_row {
	const char *rule, *path;
	enum stage stage;
} stage_map[] = {
	{ "WL1*", NULL, ST_DEPS },                 /* dependencies and package indexes */
	{ "WL20[45789]", NULL, ST_WEIGHTS },       /* torch.load, torch.hub, keras load, trust_remote_code, hub */
	{ "WL2*", "*setup.py", ST_DEPS },          /* runs at install time */
	{ "WL2*", "*tokeniz*", ST_TOKCFG },
	{ "WL2*", "*plugin*", ST_PLUGINS },
	{ "WL2*", "*tool*", ST_PLUGINS },
	{ "WL2*", "*agent*", ST_PLUGINS },
	{ "WL2*", "*extension*", ST_PLUGINS },
	{ WL202, NULL, ST_PLUGINS },             /* import by computed name: how plugins load */
	{ "WL2*", "*preproc*", ST_PREP },
	{ "WL2*", "*prepar*", ST_PREP },
	{ "WL2*", "*data*", ST_PREP },
	{ "WL2*", "*etl*", ST_PREP },
	{ "WL2*", "*ingest*", ST_PREP },
	{ "WL2*", "*feature*", ST_PREP },
	{ "WL2*", "*train*", ST_PREP },
	{ "WL2*", "*.ipynb", ST_PREP },
	{ "WL2*", NULL, ST_INFER },                /* any other Python code */
	{ "WL3*", NULL, ST_WEIGHTS },              /* model artifacts, LFS objects */
	{ "WL4*", NULL, ST_TOKCFG },               /* chat templates, auto_map, Hydra, YAML tags */
	{ "WL51[01]", NULL, ST_PLUGINS },          /* pre-commit hooks run on developers' machines */
	{ "WL5*", NULL, ST_CI },
};

static enum stage stage_of(const struct wl_finding *f)
{
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(stage_map); i++)
		if (!fnmatch(stage_map[i].rule, f->rule->id, 0) &&
		    (!stage_map[i].path || !fnmatch(stage_map[i].path, f->path, FNM_CASEFOLD)))
			return stage_map[i].stage;
	return ST_OTHER;
}

/* Bidi controls and marks (U+061C, U+200E/F, U+202A-E, U+2066-9): shown, not obeyed. */
static int bidi_control(const unsigned char *p, size_t left, unsigned *cp)
{
	if (left >= 2 && p[0] == 0xd8 && p[1] == 0x9c) {
		*cp = 0x61c;
		return 2;
	}
	if (left >= 3 && p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae))) {
		*cp = 0x2000u + (p[2] - 0x80u);
		return 3;
	}
	if (left >= 3 && p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) {
		*cp = 0x2040u + (p[2] - 0x80u);
		return 3;
	}
	return 0;
}

/* Untrusted text into HTML (element content or a quoted attribute). With
 * code_spans, `...` pairs become <code> (only when the backticks pair up). */
static void put_text(FILE *out, const char *s, int code_spans)
{
	char *e = wl_escape_display(s, strlen(s));
	const unsigned char *p, *end = (const unsigned char *)e + strlen(e);
	size_t ticks = 0;
	int code = 0;
	unsigned cp;
	int k;
	for (p = (const unsigned char *)e; *p; p++)
		ticks += *p == '`';
	if (!code_spans || ticks % 2)
		ticks = 1;
	for (p = (const unsigned char *)e; *p; p++) {
		switch (*p) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		case '`':
			if (ticks % 2 == 0) {
				fputs(code ? "</code>" : "<code>", out);
				code = !code;
			} else {
				fputs("&#96;", out);
			}
			break;
		default:
			if ((k = bidi_control(p, (size_t)(end - p), &cp))) {
				fprintf(out, "\\u{%04x}", cp);
				p += k - 1;
			} else {
				fputc(*p, out);
			}
		}
	}
	if (code)
		fputs("</code>", out);
	free(e);
}

static const char *level_symbol(enum wl_level l)
{
	switch (l) {
	case WL_LEVEL_ERROR:
		return "&#x2716;"; /* heavy multiplication x */
	case WL_LEVEL_WARNING:
		return "&#x25B2;"; /* triangle */
	case WL_LEVEL_NOTE:
		return "&#x25CF;"; /* circle */
	default:
		return "&#x2714;"; /* check mark */
	}
}

static const char *level_class(enum wl_level l)
{
	switch (l) {
	case WL_LEVEL_ERROR:
		return "error";
	case WL_LEVEL_WARNING:
		return "warning";
	case WL_LEVEL_NOTE:
		return "note";
	default:
		return "clean";
	}
}

static void put_badge(FILE *out, enum wl_level l)
{
	fprintf(out, "<span class=\"badge %s\">%s %s</span>", level_class(l), level_symbol(l),
		l == WL_LEVEL_NONE ? "clean" : wl_level_name(l));
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "2 errors · 1 warning" or "no findings" */
static void put_counts(FILE *out, const size_t c[4])
{
	int lvl, any = 0;
	static const char *const one[] = { "", "note", "warning", "error" };
	static const char *const many[] = { "", "notes", "warnings", "errors" };
	for (lvl = WL_LEVEL_ERROR; lvl >= WL_LEVEL_NOTE; lvl--) {
		if (!c[lvl])
			continue;
		fprintf(out, "%s%zu %s", any ? " &middot; " : "", c[lvl], plural(c[lvl], one[lvl], many[lvl]));
		any = 1;
	}
	if (!any)
		fputs("no findings", out);
}

static const char *const css[] = {
	":root{--err:#b33c00;--err-bg:#fde4d4;--warn:#8a6d00;--warn-fill:#f0e442;--warn-bg:#fdf8cf;"
	"--note:#0b5f9e;--note-bg:#dcecf8;--ok:#00775a;--ok-bg:#d8f1e8;--ink:#1b1f24;--muted:#57606a;"
	"--line:#d0d7de}\n",
	"*{box-sizing:border-box}\n",
	"body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
	"color:var(--ink);background:#f6f8fa}\n",
	"main{max-width:1360px;margin:0 auto;padding:24px 28px 40px}\n",
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0}h3{font-size:16px;margin:0}\n",
	"code,pre,.loc{font-family:ui-monospace,SFMono-Regular,'DejaVu Sans Mono',Menlo,Consolas,monospace;"
	"font-size:13px}\n",
	"code{background:#eef1f4;border-radius:4px;padding:0 3px;overflow-wrap:anywhere}\n",
	"a{color:#0550ae}\n",
	".sub{color:var(--muted);margin:0 0 18px}.sub span{margin-right:18px}\n",
	".brand{margin:0;font-size:13px;font-weight:700;letter-spacing:.06em;text-transform:uppercase;color:#6e7781}\n",
	".totals{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 26px;padding:0;list-style:none}\n",
	".totals li{background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px 16px;min-width:130px}\n",
	".totals b{display:block;font-size:24px;line-height:1.2}\n",
	".totals li.error{border-left:6px solid var(--err)}.totals li.warning{border-left:6px solid var(--warn-fill)}\n",
	".totals li.note{border-left:6px solid var(--note)}.totals li.files{border-left:6px solid #8c959f}\n",
	".flow-title{font-size:13px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted);margin:0 0 8px}\n",
	".pipeline{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:22px;margin:0 0 10px;"
	"padding:0;list-style:none}\n",
	".pipeline li{position:relative}\n",
	".pipeline li:not(:last-child)::after{content:'';position:absolute;right:-18px;top:50%;margin-top:-9px;"
	"border:9px solid transparent;border-left:12px solid #6e7781}\n",
	".pipeline a{display:flex;flex-direction:column;height:100%;min-height:158px;text-decoration:none;"
	"color:var(--ink);background:#fff;border:2px solid var(--line);border-top-width:10px;border-radius:10px;"
	"padding:10px 12px}\n",
	".pipeline a:hover{box-shadow:0 2px 8px rgba(0,0,0,.15)}\n",
	".pipeline .n{font-size:12px;color:var(--muted);font-weight:600}\n",
	".pipeline .t{font-weight:700;font-size:15px;line-height:1.25;margin:2px 0 6px}\n",
	".pipeline .w{font-size:12px;color:var(--muted);flex:1}\n",
	".pipeline .b{margin-top:8px}.pipeline .c{font-size:13px;font-weight:600;margin-top:6px}\n",
	".pipeline li.error a{border-color:var(--err);background:var(--err-bg)}\n",
	".pipeline li.warning a{border-color:var(--warn-fill);background:var(--warn-bg)}\n",
	".pipeline li.note a{border-color:var(--note);background:var(--note-bg)}\n",
	".pipeline li.clean a{border-color:var(--ok);background:var(--ok-bg)}\n",
	".legend{font-size:13px;color:var(--muted);margin:8px 0 28px}.legend .badge{margin:0 4px 0 10px}\n",
	".badge{display:inline-block;font-size:12px;font-weight:700;border-radius:999px;padding:1px 9px;"
	"white-space:nowrap;border:1px solid transparent}\n",
	".badge.error{background:var(--err);color:#fff}\n",
	".badge.warning{background:var(--warn-fill);color:#000;border-color:#b8a800}\n",
	".badge.note{background:var(--note);color:#fff}\n",
	".badge.clean{background:var(--ok);color:#fff}\n",
	"section{background:#fff;border:1px solid var(--line);border-left:8px solid var(--line);border-radius:8px;"
	"margin:0 0 16px}\n",
	"section.error{border-left-color:var(--err)}section.warning{border-left-color:var(--warn-fill)}\n",
	"section.note{border-left-color:var(--note)}section.clean{border-left-color:var(--ok)}\n",
	"summary{cursor:pointer;padding:12px 16px;display:flex;align-items:center;gap:12px;flex-wrap:wrap;"
	"list-style:none}\n",
	"summary::-webkit-details-marker{display:none}\n",
	"summary::before{content:'\\25B6';font-size:11px;color:var(--muted);width:12px}\n",
	"details[open]>summary::before{content:'\\25BC'}\n",
	"summary h2{flex:0 1 auto}summary .c{color:var(--muted);font-size:14px}\n",
	".what{margin:-6px 16px 10px 44px;color:var(--muted);font-size:13px}\n",
	"table{border-collapse:collapse;width:100%;table-layout:fixed}\n",
	"th,td{text-align:left;vertical-align:top;padding:8px 12px;border-top:1px solid #eaeef2;overflow-wrap:anywhere}\n",
	"th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);background:#f6f8fa}\n",
	"col.lv{width:110px}col.ru{width:220px}col.lo{width:300px}\n",
	".rn{display:block;font-size:12px;color:var(--muted)}\n",
	"dl.props{margin:6px 0 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;font-size:13px}\n",
	"dl.props dt{color:var(--muted)}dl.props dd{margin:0}\n",
	".fix{margin:6px 0 0;font-size:13px}.tag{font-size:11px;font-weight:700;text-transform:uppercase;"
	"border:1px solid var(--line);border-radius:4px;padding:0 4px;margin-left:6px;color:var(--muted)}\n",
	".empty{padding:0 16px 14px 44px;margin:0;color:var(--muted)}\n",
	".more{padding:10px 16px;margin:0;color:var(--muted)}\n",
	"ul.notices{margin:0;padding:4px 16px 14px 36px}ul.notices li{margin:4px 0}\n",
	"footer{color:var(--muted);font-size:13px;margin-top:24px}\n",
	"@media print{body{background:#fff}.pipeline a{min-height:0}}\n",
	NULL,
};

struct stage_info {
	size_t counts[4];
	size_t shown; /* findings listed (suppressed ones only with --include-suppressed) */
	enum wl_level worst;
};

static void put_finding(FILE *out, const struct wl_report *r, const struct wl_finding *f, struct wl_buf *b)
{
	size_t k;
	fputs("<tr><td>", out);
	put_badge(out, f->level);
	fprintf(out, "</td><td><a href=\"%s\">%s</a><span class=\"rn\">", wl_rule_help_uri(f->rule, b), f->rule->id);
	put_text(out, f->rule->name, 0);
	fputs("</span></td><td>", out);
	put_text(out, f->message, 1);
	if (f->suppressed)
		fputs("<span class=\"tag\">suppressed</span>", out);
	if (r->has_baseline) {
		static const char *const st[] = { "", "new", "unchanged", "updated", "absent" };
		if (f->baseline > WL_BASELINE_NONE && f->baseline <= WL_BASELINE_ABSENT)
			fprintf(out, "<span class=\"tag\">%s</span>", st[f->baseline]);
	}
	if (f->nprops) {
		fputs("<dl class=\"props\">", out);
		for (k = 0; k < f->nprops; k++) {
			fputs("<dt>", out);
			put_text(out, f->props[k].key, 0);
			fputs("</dt><dd><code>", out);
			put_text(out, f->props[k].value, 0);
			fputs("</code></dd>", out);
		}
		fputs("</dl>", out);
	}
	for (k = 0; k < f->nfixes; k++) {
		fputs("<p class=\"fix\">Fix: ", out);
		put_text(out, f->fixes[k].description, 1);
		fputs("</p>", out);
	}
	fputs("</td><td class=\"loc\">", out);
	put_text(out, f->path, 0);
	if (f->loc.line) {
		fprintf(out, ":%u", f->loc.line);
		if (f->loc.col)
			fprintf(out, ":%u", f->loc.col);
	}
	fputs("</td></tr>\n", out);
}

/* The header (what was scanned, where, when) and the summary counts. */
static void put_header_and_totals(FILE *out, const struct wl_report *r)
{
	int lvl;

	/* header: what was scanned */
	fprintf(out, "<header>\n<p class=\"brand\">weaklink %s</p>\n<h1>Supply-chain report</h1>\n<p class=\"sub\">",
		r->tool_version ? r->tool_version : "");
	fputs("<span>Scanned <code>", out);
	put_text(out, r->root ? r->root : ".", 0);
	fputs("</code></span>", out);
	if (r->prov.repository_uri) {
		fputs("<span>Repository <code>", out);
		put_text(out, r->prov.repository_uri, 0);
		fputs("</code></span>", out);
	}
	if (r->prov.branch) {
		fputs("<span>Branch <code>", out);
		put_text(out, r->prov.branch, 0);
		fputs("</code></span>", out);
	}
	if (r->prov.revision) {
		fputs("<span>Commit <code>", out);
		put_text(out, r->prov.revision, 0);
		fputs("</code></span>", out);
	}
	if (r->category) {
		fputs("<span>Category <code>", out);
		put_text(out, r->category, 0);
		fputs("</code></span>", out);
	}
	if (r->timestamps) {
		fputs("<span>Started ", out);
		put_text(out, r->start_time, 0);
		fputs(", ended ", out);
		put_text(out, r->end_time, 0);
		fputs("</span>", out);
	}
	fputs("</p>\n</header>\n", out);

	/* summary counts */
	fputs("<ul class=\"totals\" aria-label=\"Summary\">\n", out);
	for (lvl = WL_LEVEL_ERROR; lvl >= WL_LEVEL_NOTE; lvl--) {
		static const char *const many[] = { "", "Notes", "Warnings", "Errors" };
		fprintf(out, "<li class=\"%s\"><b>%zu</b>%s %s</li>\n", level_class((enum wl_level)lvl), r->counts[lvl],
			level_symbol((enum wl_level)lvl), many[lvl]);
	}
	fprintf(out, "<li class=\"files\"><b>%zu</b>files scanned</li>\n", r->files_scanned);
	fprintf(out, "<li class=\"files\"><b>%zu</b>not fully scanned</li>\n", r->files_failed);
	fprintf(out, "<li class=\"files\"><b>%zu</b>skipped</li>\n", r->files_skipped);
	if (r->nsuppressed)
		fprintf(out, "<li class=\"files\"><b>%zu</b>suppressed in source</li>\n", r->nsuppressed);
	if (r->has_baseline)
		fprintf(out, "<li class=\"files\"><b>%zu</b>new since the baseline (%zu unchanged, %zu updated, "
			"%zu gone)</li>\n", r->baseline_counts[WL_BASELINE_NEW], r->baseline_counts[WL_BASELINE_UNCHANGED],
			r->baseline_counts[WL_BASELINE_UPDATED], r->baseline_counts[WL_BASELINE_ABSENT]);
	fputs("</ul>\n", out);
}

int wl_html_write(const struct wl_report *r, FILE *out, int color)
{
	struct stage_info st[ST__COUNT];
	unsigned char *stage_idx;
	size_t i, total;
	int s, lvl;
	struct wl_buf b;
	(void)color;

	memset(st, 0, sizeof(st));
	stage_idx = wl_calloc(r->nfindings ? r->nfindings : 1, 1);
	for (i = 0; i < r->nfindings; i++) {
		const struct wl_finding *f = r->findings[i];
		enum stage sg = stage_of(f);
		stage_idx[i] = (unsigned char)sg;
		if (f->suppressed) {
			if (r->include_suppressed)
				st[sg].shown++;
			continue;
		}
		st[sg].counts[f->level]++;
		st[sg].shown++;
		if (f->level > st[sg].worst)
			st[sg].worst = f->level;
	}
	total = r->counts[WL_LEVEL_ERROR] + r->counts[WL_LEVEL_WARNING] + r->counts[WL_LEVEL_NOTE];

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
	      "base-uri 'none'; form-action 'none'\">\n"
	      "<meta name=\"referrer\" content=\"no-referrer\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
	      out);
	fprintf(out, "<title>weaklink: %zu %s, %zu %s, %zu %s</title>\n", r->counts[WL_LEVEL_ERROR],
		plural(r->counts[WL_LEVEL_ERROR], "error", "errors"), r->counts[WL_LEVEL_WARNING],
		plural(r->counts[WL_LEVEL_WARNING], "warning", "warnings"), r->counts[WL_LEVEL_NOTE],
		plural(r->counts[WL_LEVEL_NOTE], "note", "notes"));
	fputs("<style>\n", out);
	for (i = 0; css[i]; i++)
		fputs(css[i], out);
	fputs("</style>\n</head>\n<body>\n<main>\n", out);

	put_header_and_totals(out, r);

	/* the pipeline */
	fputs("<p class=\"flow-title\">The supply chain, in the order an attacker walks it</p>\n"
	      "<ol class=\"pipeline\" aria-label=\"Supply-chain stages\">\n",
	      out);
	for (s = 0; s < ST__COUNT; s++) {
		if (s == ST_OTHER && !st[s].shown)
			continue;
		fprintf(out, "<li class=\"%s\" id=\"box-%s\"><a href=\"#stage-%s\"><span class=\"n\">%d</span>"
			"<span class=\"t\">%s</span><span class=\"w\">%s</span><span class=\"b\">",
			level_class(st[s].worst), stages[s].anchor, stages[s].anchor, s + 1, stages[s].title,
			stages[s].what);
		put_badge(out, st[s].worst);
		fputs("</span><span class=\"c\">", out);
		put_counts(out, st[s].counts);
		fputs("</span></a></li>\n", out);
	}
	fputs("</ol>\n<p class=\"legend\">Each stage is marked by its most severe finding:", out);
	for (lvl = WL_LEVEL_ERROR; lvl >= WL_LEVEL_NONE; lvl--)
		put_badge(out, (enum wl_level)lvl);
	fputs("</p>\n", out);

	/* the findings, stage by stage: most severe first, then in report order */
	wl_buf_init(&b, 0);
	for (s = 0; s < ST__COUNT; s++) {
		size_t listed = 0;
		if (s == ST_OTHER && !st[s].shown)
			continue;
		fprintf(out, "<section class=\"%s\" id=\"stage-%s\">\n<details%s>\n<summary><h2>%d. %s</h2>",
			level_class(st[s].worst), stages[s].anchor, st[s].shown ? " open" : "", s + 1, stages[s].title);
		put_badge(out, st[s].worst);
		fputs("<span class=\"c\">", out);
		put_counts(out, st[s].counts);
		fprintf(out, "</span></summary>\n<p class=\"what\">%s</p>\n", stages[s].what);
		if (!st[s].shown) {
			fputs("<p class=\"empty\">Nothing found in this stage.</p>\n</details>\n</section>\n", out);
			continue;
		}
		fputs("<table>\n<colgroup><col class=\"lv\"><col class=\"ru\"><col><col class=\"lo\"></colgroup>\n"
		      "<thead><tr><th>Level</th><th>Rule</th><th>Finding</th><th>Location</th></tr></thead>\n<tbody>\n",
		      out);
		for (lvl = WL_LEVEL_ERROR; lvl >= WL_LEVEL_NOTE; lvl--) {
			for (i = 0; i < r->nfindings; i++) {
				const struct wl_finding *f = r->findings[i];
				if (stage_idx[i] != s || (int)f->level != lvl || (f->suppressed && !r->include_suppressed))
					continue;
				if (listed < WL_HTML_STAGE_MAX)
					put_finding(out, r, f, &b);
				listed++;
			}
		}
		fputs("</tbody>\n</table>\n", out);
		if (listed > WL_HTML_STAGE_MAX)
			fprintf(out, "<p class=\"more\">%zu more %s in this stage are in the SARIF and text reports.</p>\n",
				listed - WL_HTML_STAGE_MAX, plural(listed - WL_HTML_STAGE_MAX, "finding", "findings"));
		fputs("</details>\n</section>\n", out);
	}
	wl_buf_release(&b);

	/* files not fully scanned */
	fprintf(out, "<section class=\"%s\" id=\"not-scanned\">\n<details%s>\n<summary><h2>Not fully scanned</h2>"
		"<span class=\"c\">%zu %s</span></summary>\n",
		r->nnotices ? (r->files_failed ? "warning" : "note") : "clean", r->nnotices ? " open" : "", r->nnotices,
		plural(r->nnotices, "notice", "notices"));
	if (!r->nnotices) {
		fputs("<p class=\"empty\">Every file was read completely.</p>\n", out);
	} else {
		fputs("<ul class=\"notices\">\n", out);
		for (i = 0; i < r->nnotices; i++) {
			const struct wl_notice *n = &r->notices[i];
			fputs("<li>", out);
			put_badge(out, n->level);
			fputc(' ', out);
			if (n->path) {
				fputs("<span class=\"loc\">", out);
				put_text(out, n->path, 0);
				fputs("</span>: ", out);
			}
			put_text(out, n->message, 1);
			fputs("</li>\n", out);
		}
		fputs("</ul>\n", out);
	}
	fputs("</details>\n</section>\n", out);

	fprintf(out, "<footer><p>%zu %s (%zu %s, %zu %s, %zu %s)", total, plural(total, "finding", "findings"),
		r->counts[WL_LEVEL_ERROR], plural(r->counts[WL_LEVEL_ERROR], "error", "errors"),
		r->counts[WL_LEVEL_WARNING], plural(r->counts[WL_LEVEL_WARNING], "warning", "warnings"),
		r->counts[WL_LEVEL_NOTE], plural(r->counts[WL_LEVEL_NOTE], "note", "notes"));
	if (r->nsuppressed)
		fprintf(out, ", %zu suppressed", r->nsuppressed);
	fprintf(out, "; %zu %s scanned, %zu skipped, %zu not fully scanned. Written by weaklink %s; this file loads "
		"nothing from the network.</p></footer>\n</main>\n</body>\n</html>\n",
		r->files_scanned, plural(r->files_scanned, "file", "files"), r->files_skipped, r->files_failed,
		r->tool_version ? r->tool_version : "");
	free(stage_idx);
	return ferror(out) ? WL_EIO : 0;
}
