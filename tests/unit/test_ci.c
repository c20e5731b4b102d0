/*
 * test_ci.c - the CI/build pieces below the golden cases: the Dockerfile
 * instruction parser (continuations, comments, escape directive, heredocs,
 * JSON form), source maps, git ref and image ref classification, path joins,
 * YAML block scalars mapped back to their lines, and shell positions through
 * the whole pipeline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ci_util.h"
#include "dockerfile.h"
#include "report.h"
#include "run.h"
#include "wl_test.h"
#include "shell.h"

struct seen {
	char kw[8][16];
	char args[8][256];
	uint32_t line[8], end_line[8];
	char heredoc[8][256];
	struct wl_loc argpos[8]; /* where args byte 0 came from */
	size_t n;
};

static int collect(void *ud, const struct wl_df_instr *ins)
{
	struct seen *s = ud;
	if (s->n >= 8)
		return 1;
	memcpy(s->kw[s->n], ins->keyword, sizeof(ins->keyword));
	snprintf(s->args[s->n], sizeof(s->args[0]), "%s", ins->args.text.buf);
	s->line[s->n] = ins->line;
	s->end_line[s->n] = ins->end_line;
	s->heredoc[s->n][0] = '\0';
	if (ins->nheredocs)
		snprintf(s->heredoc[s->n], sizeof(s->heredoc[0]), "%s", ins->heredocs[0].body.text.buf);
	wl_srcmap_pos(&ins->args.map, 0, &s->argpos[s->n].line, &s->argpos[s->n].col);
	s->n++;
	return 0;
}

static void dockerfile_continuations_and_comments(void **state)
{
	const char *df = "# syntax=docker/dockerfile:1\n"
			 "FROM python:3.11 AS build\n"
			 "RUN pip install \\\n"
			 "    # dropped by Docker\n"
			 "    torch \\\n"
			 "\n"
			 "    numpy\n"
			 "run echo done\n";
	struct seen s;
	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(wl_dockerfile_parse(df, strlen(df), collect, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.kw[0], "FROM");
	assert_string_equal(s.args[0], "python:3.11 AS build");
	assert_string_equal(s.kw[1], "RUN");
	assert_string_equal(s.args[1], "pip install      torch      numpy");
	assert_int_equal(s.line[1], 3);
	assert_int_equal(s.end_line[1], 7);
	assert_int_equal(s.argpos[1].line, 3);
	assert_int_equal(s.argpos[1].col, 5);
	assert_string_equal(s.kw[2], "RUN"); /* keywords are case-insensitive */
}

static void dockerfile_escape_directive_and_heredoc(void **state)
{
	const char *df = "# escape=`\n"
			 "FROM busybox\n"
			 "RUN echo a `\n"
			 "  b\n"
			 "RUN <<-EOF\n"
			 "\tcurl -o x https://e/x\n"
			 "\tsh x\n"
			 "\tEOF\n"
			 "COPY a b\n";
	struct seen s;
	(void)state;
	memset(&s, 0, sizeof(s));
	wl_dockerfile_parse(df, strlen(df), collect, &s);
	assert_int_equal(s.n, 4);
	assert_string_equal(s.args[1], "echo a    b");
	assert_string_equal(s.args[2], "<<-EOF");
	assert_string_equal(s.heredoc[2], "curl -o x https://e/x\nsh x\n");
	assert_int_equal(s.end_line[2], 8);
	assert_string_equal(s.kw[3], "COPY");
	assert_int_equal(s.line[3], 9);
}

static void dockerfile_hostile_input_is_bounded(void **state)
{
	/* unterminated heredoc, lone escape, NULs, no newline at the end */
	const char df[] = "RUN <<EOF\nnever ends \\\n\0\0\\";
	struct seen s;
	(void)state;
	memset(&s, 0, sizeof(s));
	wl_dockerfile_parse(df, sizeof(df) - 1, collect, &s);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.kw[0], "RUN");
	memset(&s, 0, sizeof(s));
	wl_dockerfile_parse("", 0, collect, &s);
	assert_int_equal(s.n, 0);
}

static void json_array_form(void **state)
{
	struct wl_buf out;
	size_t starts[4], offs[4];
	const char *t = "[\"/bin/sh\", \"-c\", \"pip install \\\"x\\\" \\u0041\"]";
	(void)state;
	wl_buf_init(&out, 4096);
	assert_int_equal(wl_df_json_array(t, strlen(t), &out, starts, offs, 4), 3);
	assert_string_equal(out.buf + starts[0], "/bin/sh");
	assert_string_equal(out.buf + starts[2], "pip install \"x\" A");
	assert_int_equal(offs[1], 13);
	assert_int_equal(wl_df_json_array("[\"a\",]", 6, &out, starts, offs, 4), -1);
	assert_int_equal(wl_df_json_array("[\"a\"", 4, &out, starts, offs, 4), -1);
	assert_int_equal(wl_df_json_array("pip install", 11, &out, starts, offs, 4), -1);
	assert_int_equal(wl_df_json_array("[]", 2, &out, starts, offs, 4), 0);
	wl_buf_release(&out);
}

static void git_ref_kinds(void **state)
{
	(void)state;
	assert_int_equal(wl_classify_git_ref("b4ffde65f46336ab88eb53be808477a3936bae11"), WL_REF_SHA);
	assert_int_equal(wl_classify_git_ref("b4ffde6"), WL_REF_SHORT_SHA);
	assert_int_equal(wl_classify_git_ref("v4"), WL_REF_TAG);
	assert_int_equal(wl_classify_git_ref("24.2.0"), WL_REF_TAG);
	assert_int_equal(wl_classify_git_ref("main"), WL_REF_BRANCH);
	assert_int_equal(wl_classify_git_ref("release/2.1"), WL_REF_BRANCH);
	assert_int_equal(wl_classify_git_ref("refs/tags/v1"), WL_REF_TAG);
	assert_int_equal(wl_classify_git_ref("${{ inputs.ref }}"), WL_REF_DYNAMIC);
	assert_int_equal(wl_classify_git_ref(NULL), WL_REF_NONE);
}

static void srcmap_segments(void **state)
{
	(void)state;
	{
		struct wl_srcmap m;
		uint32_t line, col;
		wl_srcmap_init(&m);
		wl_srcmap_add(&m, 0, 3, 5);
		wl_srcmap_add(&m, 10, 4, 1);
		wl_srcmap_pos(&m, 0, &line, &col);
		assert_int_equal(line, 3);
		assert_int_equal(col, 5);
		wl_srcmap_pos(&m, 9, &line, &col);
		assert_int_equal(line, 3);
		assert_int_equal(col, 14);
		wl_srcmap_pos(&m, 12, &line, &col);
		assert_int_equal(line, 4);
		assert_int_equal(col, 3);
		wl_srcmap_release(&m);
	}
}

static void yaml_block_scalar_positions(void **state)
{
	const char *y = "steps:\n"
			"  - run: |\n"
			"      pip install a\n"
			"\n"
			"      echo b\n"
			"  - run: >\n"
			"      pip install\n"
			"      c\n";
	struct wl_lines l;
	struct wl_mapped_text mt;
	struct wl_loc loc = {NULL, 2, 10, 5, 13};
	uint32_t line, col;
	(void)state;
	wl_lines_init(&l, y, strlen(y));
	wl_mtext_init(&mt, 4096);
	assert_int_equal(wl_yaml_scalar_mapped(y, &l, &loc, &mt), 0);
	assert_string_equal(mt.text.buf, "pip install a\n\necho b\n");
	wl_srcmap_pos(&mt.map, 15, &line, &col); /* "echo" */
	assert_int_equal(line, 5);
	assert_int_equal(col, 7);
	wl_mtext_reset(&mt);
	loc.line = 6;
	loc.col = 10;
	loc.end_line = 8;
	loc.end_col = 8;
	assert_int_equal(wl_yaml_scalar_mapped(y, &l, &loc, &mt), 0);
	assert_string_equal(mt.text.buf, "pip install c\n");
	wl_srcmap_pos(&mt.map, 12, &line, &col); /* "c" */
	assert_int_equal(line, 8);
	assert_int_equal(col, 7);
	wl_mtext_release(&mt);
	wl_lines_release(&l);
}

static void image_refs(void **state)
{
	struct wl_report r;
	const char *df = "FROM localhost:5000/img:1.0\n"
			 "FROM img@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"
			 "FROM img@sha256:short\n";
	(void)state;
	wl_test_scan("Dockerfile", df, strlen(df), &r);
	/* the registry port is not a tag; a malformed digest does not pin */
	assert_int_equal(r.nfindings, 2);
	assert_string_equal(r.findings[0]->rule->id, WL502);
	assert_int_equal(r.findings[0]->loc.line, 1);
	assert_non_null(strstr(r.findings[0]->message, "`localhost:5000/img:1.0@sha256:"));
	assert_int_equal(r.findings[1]->loc.line, 3);
	wl_report_release(&r);
}

static void shell_positions_and_precision(void **state)
{
	struct wl_report r;
	const char *sh = "#!/bin/sh\n"
			 "curl -s https://x.example/a.json | python3 -c 'import json,sys'\n"
			 "  curl -fsSL https://x.example/i.sh \\\n"
			 "    | sudo -E bash\n";
	(void)state;
	wl_test_scan("install.sh", sh, strlen(sh), &r);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->rule->id, WL503);
	assert_int_equal(r.findings[0]->loc.line, 3);
	assert_int_equal(r.findings[0]->loc.col, 3);
	assert_int_equal(r.findings[0]->loc.end_line, 4);
	wl_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dockerfile_continuations_and_comments),
		cmocka_unit_test(dockerfile_escape_directive_and_heredoc),
		cmocka_unit_test(dockerfile_hostile_input_is_bounded),
		cmocka_unit_test(json_array_form),
		cmocka_unit_test(git_ref_kinds),
		cmocka_unit_test(srcmap_segments),
		cmocka_unit_test(yaml_block_scalar_positions),
		cmocka_unit_test(image_refs),
		cmocka_unit_test(shell_positions_and_precision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
