/*
 * python.c - the Python source scanner: byte prefilter, tree-sitter parse
 * with the worker's reused parser, then call-site facts through pyresolve.c.
 * It never imports, compiles or runs the code it reads, and a file that does
 * not parse still gets its parsed parts checked, with a note saying so.
 */
#include "engine.h"
#include "facts_code.h"
#include "pyresolve.h"
#include "pyscan.h"

#include <string.h>
#include <tree_sitter/api.h>

#define MAX_CALL_FACTS 20000

static void *sink_alloc(void *user, size_t n)
{
	return wl_ctx_alloc(user, n);
}

static void sink_emit(void *user, const struct wl_call *call, const struct wl_loc *loc)
{
	wl_fact_emit(user, WL_FACT_CALL, loc, call);
}

static void sink_locate(void *user, uint32_t start_byte, uint32_t end_byte, uint32_t start_row, uint32_t start_col,
			uint32_t end_row, uint32_t end_col, struct wl_loc *out)
{
	(void)user;
	(void)start_byte;
	(void)end_byte;
	memset(out, 0, sizeof(*out));
	out->line = start_row + 1;
	out->col = start_col + 1;
	out->end_line = end_row + 1;
	out->end_col = end_col + 1;
}

static void sink_comment(void *user, uint32_t start, uint32_t row, uint32_t col)
{
	(void)start;
	wl_ctx_comment(user, row + 1, col + 1);
}

/* Row of the first syntax error (ERROR or MISSING node), 0-based. */
uint32_t wl_py_first_error_row(const struct TSTree *tree)
{
	TSNode n = ts_tree_root_node(tree);
	for (;;) {
		TSTreeCursor c;
		TSNode next = { { 0 }, NULL, NULL };
		if (ts_node_symbol(n) == (TSSymbol)-1 || ts_node_is_missing(n)) /* ERROR */
			return ts_node_start_point(n).row;
		c = ts_tree_cursor_new(n);
		if (ts_tree_cursor_goto_first_child(&c)) {
			do {
				TSNode ch = ts_tree_cursor_current_node(&c);
				if (ts_node_has_error(ch) || ts_node_is_missing(ch)) {
					next = ch;
					break;
				}
			} while (ts_tree_cursor_goto_next_sibling(&c));
		}
		ts_tree_cursor_delete(&c);
		if (ts_node_is_null(next))
			return ts_node_start_point(n).row;
		n = next;
	}
}

int wl_py_scan_buffer(struct wl_ctx *ctx, const char *src, size_t n, const struct wl_py_sink *sink,
		      const char *what, uint32_t (*row_to_line)(void *user, uint32_t row), void *user)
{
	TSParser *parser;
	TSTree *tree;
	struct wl_py_stats stats;

	if (n > UINT32_MAX) {
		wl_notify(ctx, WL_LEVEL_WARNING, "%s is larger than 4 GiB: code rules not applied", what);
		return WL_ELIMIT;
	}
	parser = wl_ctx_parser(ctx, WL_LANG_PYTHON);
	if (!parser) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no Python parser available: code rules not applied");
		return WL_EIO;
	}
	tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)n);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_WARNING, "%s: the Python parse hit its time limit: code rules not applied", what);
		return WL_ELIMIT;
	}
	if (ts_node_has_error(ts_tree_root_node(tree))) {
		uint32_t row = wl_py_first_error_row(tree);
		wl_notify(ctx, WL_LEVEL_NOTE, "%s has Python syntax errors (first at line %u): the parts that parsed were checked",
			  what, row_to_line ? row_to_line(user, row) : row + 1);
	}
	/* the parse knows the comments: suppressions count only inside them */
	wl_ctx_comments_known(ctx);
	wl_py_resolve(tree, src, n, sink, &stats);
	if (stats.truncated)
		wl_notify(ctx, WL_LEVEL_WARNING, "%s has more than %zu call sites of interest: the rest were not checked",
			  what, sink->max_calls);
	ts_tree_delete(tree);
	return 0;
}

static int python_wants(const struct wl_file *f)
{
	if (strcmp(f->ext, ".py") == 0 || strcmp(f->ext, ".pyw") == 0)
		return f->magic == WL_MAGIC_TEXT || f->magic == WL_MAGIC_UNKNOWN;
	/* an extensionless script with a python shebang */
	if (f->ext[0] == '\0' && f->magic == WL_MAGIC_TEXT && f->size > 2 && f->data[0] == '#' && f->data[1] == '!') {
		size_t n = f->size < 128 ? f->size : 128, i;
		for (i = 2; i + 6 <= n && f->data[i] != '\n'; i++)
			if (memcmp(f->data + i, "python", 6) == 0)
				return 1;
	}
	return 0;
}

static int python_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_py_sink sink = { ctx, sink_alloc, sink_emit, sink_locate, sink_comment, MAX_CALL_FACTS };
	if (!wl_py_prefilter((const char *)f->data, f->size))
		return 0;
	return wl_py_scan_buffer(ctx, (const char *)f->data, f->size, &sink, "this file", NULL, NULL);
}

const struct wl_scanner wl_scanner_python = {
	.name = "python",
	.wants = python_wants,
	.scan = python_scan,
};
