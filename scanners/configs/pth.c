/*
 * pth.c - Python path-configuration files (`*.pth`). At every interpreter
 * start, site.py reads each .pth file in site-packages: a line that starts
 * with "import" and a space or a tab is executed as Python code; any other
 * line that is not blank or a comment ('#' in the first column) is a path
 * added to sys.path. Each code line becomes a WL_CFG_PTH_IMPORT fact (the
 * line as written); rules/mlconfig.c decides. A .pth that lists paths says
 * nothing. Text only: a .pth holding weights (a zip or a pickle) is the
 * artifact scanner's.
 */
#include <string.h>

#include "engine.h"
#include "facts_config.h"

#define PTH_MAX_FACTS 64

/* site.addpackage: `line.startswith(("import ", "import\t"))` on the line as
 * read, so leading white space makes it a path, not code. */
static int pth_code_line(const char *p, size_t n)
{
	return n >= 7 && memcmp(p, "import", 6) == 0 && (p[6] == ' ' || p[6] == '\t');
}

static void emit_code_line(struct wl_ctx *ctx, const struct wl_file *f, uint32_t line, uint32_t col,
			   const char *p, size_t n)
{
	struct wl_config_fact *c = wl_ctx_alloc(ctx, sizeof(*c));
	struct wl_loc loc = { NULL, line, col, line, col + (uint32_t)n };
	memset(c, 0, sizeof(*c));
	c->kind = WL_CFG_PTH_IMPORT;
	c->label = f->name;
	c->key = "import";
	c->value = wl_ctx_strndup(ctx, p, n);
	c->value_len = n;
	wl_fact_emit(ctx, WL_FACT_CONFIG, &loc, c);
}

static int pth_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	const char *s = (const char *)f->data, *end = s + f->size, *p = s;
	uint32_t line = 1, col = 1;
	unsigned nfacts = 0, more = 0;

	/* Python 3.13 reads .pth files as utf-8-sig: a BOM does not hide line 1 */
	if (f->size >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		p += 3;
		col = 4;
	}
	while (p < end) {
		/* universal newlines, as a text-mode file reads them */
		const char *e = p;
		while (e < end && *e != '\n' && *e != '\r')
			e++;
		if (pth_code_line(p, (size_t)(e - p))) {
			if (nfacts < PTH_MAX_FACTS)
				emit_code_line(ctx, f, line, col, p, (size_t)(e - p));
			else
				more++;
			nfacts++;
		}
		if (e < end && *e == '\r' && e + 1 < end && e[1] == '\n')
			e++;
		p = e + 1;
		line++;
		col = 1;
	}
	if (more)
		wl_notify(ctx, WL_LEVEL_NOTE, "%u more code lines in this .pth file not listed (limit %d)", more,
			  PTH_MAX_FACTS);
	return 0;
}

const struct wl_scanner wl_scanner_pth = {
	.name = "pth",
	.exts = WL_LIST(".pth"),
	.text = 1,
	.scan = pth_scan,
};
