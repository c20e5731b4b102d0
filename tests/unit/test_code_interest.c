/*
 * test_code_interest.c - the code rules' table (rules/code.c, wl_py_interest)
 * is what the resolver keeps. A callee rules/code.c compares against that no
 * root covers would be a call silently dropped before any rule sees it: this
 * test reads rules/code.c, takes every qualified name it compares callees
 * with (callee_is, strncmp on c->callee, the hub and pickle tables) and fails
 * for one the resolver would not keep, or whose row's trigger word would not
 * let a plain call of it through the byte prefilter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pyresolve.h"

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;
	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static const struct wl_py_row *root_of(const char *q)
{
	const struct wl_py_row *r;
	for (r = wl_py_interest.roots; r->name; r++) {
		size_t n = strlen(r->name);
		if (strncmp(q, r->name, n) == 0 && (q[n] == '\0' || q[n] == '.'))
			return r;
	}
	return NULL;
}

static int checked;

static int conditional(const char *root)
{
	static const char *const rows[] = { "builtins.compile", "numpy.load", "os.environ.setdefault", "os.putenv" };
	size_t i;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (strcmp(root, rows[i]) == 0)
			return 1;
	return 0;
}

/* A namespace a rule tests callees against ("builtins.", "keras."): some
 * row must be in it or cover it. */
static void check_namespace(const char *q)
{
	const struct wl_py_row *r;
	size_t n = strlen(q);
	checked++;
	if (root_of(q))
		return;
	for (r = wl_py_interest.roots; r->name; r++)
		if (strncmp(r->name, q, n) == 0 && r->name[n] == '.')
			return;
	fail_msg("rules/code.c tests callees under '%s.', where no row of wl_py_interest.roots is", q);
}

/* One qualified name a rule compares callees with. */
static void check_callee(const char *q)
{
	const struct wl_py_row *r = root_of(q);
	char src[256];
	const char *dot = strchr(q, '.');
	checked++;
	if (!r || !wl_py_interesting_callee(q))
		fail_msg("rules/code.c judges '%s', which no row of wl_py_interest.roots covers: "
			 "the resolver would drop every call of it", q);
	/* A plain call must pass the prefilter, except for the rows judged only
	 * with their trigger present: compile with 'exec', numpy.load with
	 * allow_pickle, os.putenv / os.environ.setdefault of
	 * HF_DATASETS_TRUST_REMOTE_CODE. */
	if (conditional(r->name))
		return;
	if (strncmp(q, "builtins.", 9) == 0)
		snprintf(src, sizeof(src), "%s(x)\n", q + 9);
	else
		snprintf(src, sizeof(src), "import %.*s\n%s(x)\n", (int)(dot ? (size_t)(dot - q) : strlen(q)), q, q);
	if (!wl_py_prefilter(src, strlen(src)))
		fail_msg("the prefilter drops a plain call of '%s' (row '%s', trigger '%s')", q, r->name, r->trigger);
}

/* Every string literal right after `pat` in src. */
static void each_literal_after(const char *src, const char *pat, int add_dot_load)
{
	const char *p = src;
	char q[160];
	while ((p = strstr(p, pat)) != NULL) {
		const char *s = p + strlen(pat), *e = strchr(s, '"');
		size_t n;
		if (!e)
			break;
		p = e + 1;
		if ((size_t)(e - s) >= sizeof(q) - 8)
			continue;
		n = (size_t)(e - s);
		memcpy(q, s, n);
		q[n] = '\0';
		if (!n || strchr(q, '%'))
			continue;
		if (q[n - 1] == '.') { /* a namespace: "keras." */
			q[n - 1] = '\0';
			check_namespace(q);
			continue;
		}
		if (add_dot_load)
			memcpy(q + n, ".load", sizeof(".load")); /* fits: n < sizeof(q) - 8 */
		check_callee(q);
	}
}

/* The literals of a table `static const ... name[] = { ... };` in src. */
static void each_table_literal(const char *src, const char *decl, const char *row_start, int add_dot_load)
{
	const char *s = strstr(src, decl), *e;
	char *part;
	assert_non_null(s);
	e = strstr(s, "};");
	assert_non_null(e);
	part = strndup(s, (size_t)(e - s));
	each_literal_after(part, row_start, add_dot_load);
	free(part);
}

static void every_judged_callee_is_kept(void **state)
{
	char *src = slurp("rules/code.c");
	(void)state;
	if (!src)
		src = slurp("../../rules/code.c");
	assert_non_null(src);
	each_literal_after(src, "callee_is(c, \"", 0);
	each_literal_after(src, "strncmp(c->callee, \"", 0);
	each_table_literal(src, "hub_fns[] = {", "{ \"", 0);
	each_table_literal(src, "pickle_modules[] = {", "\"", 1);
	/* and every root itself (a module a rule judges anything under) */
	{
		const struct wl_py_row *r;
		for (r = wl_py_interest.roots; r->name; r++)
			check_callee(r->name);
	}
	/* the scan found the comparisons (a reformatting must not make this vacuous) */
	assert_true(checked >= 40);
	free(src);
}

/* Stores and keyword/method rows resolve to themselves. */
static void rows_are_kept(void **state)
{
	const struct wl_py_row *r;
	(void)state;
	for (r = wl_py_interest.methods; r->name; r++)
		assert_true(wl_py_interesting_method(r->name, strlen(r->name)));
	for (r = wl_py_interest.keywords; r->name; r++)
		assert_true(wl_py_interesting_keyword(r->name, strlen(r->name)));
	for (r = wl_py_interest.roots; r->name; r++) {
		/* under a root, not beside it; a dotted prefix is not the root */
		char q[256];
		const char *dot = strrchr(r->name, '.');
		assert_true(wl_py_interesting_callee(r->name));
		snprintf(q, sizeof(q), "%s.attr", r->name);
		assert_true(wl_py_interesting_callee(q));
		snprintf(q, sizeof(q), "%sx", r->name);
		assert_false(wl_py_interesting_callee(q));
		if (dot) {
			snprintf(q, sizeof(q), "%.*s", (int)(dot - r->name), r->name);
			if (!wl_py_interesting_callee(q)) /* "torch" for torch.load; builtins is no root */
				assert_true(wl_py_member_is_inert(q, strlen(q), "surely_not_judged", 17));
			assert_false(wl_py_member_is_inert(q, strlen(q), dot + 1, strlen(dot + 1)));
		}
	}
}

/* The one word table (pyresolve.c) answers each question for its own
 * words only: a method is no keyword, a prefix or an extension of a word
 * is not the word, a trigger is not a method. */
static void word_kinds_stay_apart(void **state)
{
	(void)state;
	assert_true(wl_py_interesting_method("from_pretrained", 15));
	assert_false(wl_py_interesting_method("from_pretraine", 14));
	assert_false(wl_py_interesting_method("from_pretrained_", 16));
	assert_false(wl_py_interesting_method("trust_remote_code", 17));
	assert_false(wl_py_interesting_method("eval", 4));
	assert_true(wl_py_interesting_keyword("trust_remote_code", 17));
	assert_false(wl_py_interesting_keyword("from_pretrained", 15));
	assert_true(wl_py_builtin_name("eval", 4));
	assert_true(wl_py_builtin_name("__builtins__", 12));
	assert_true(wl_py_builtin_name("breakpoint", 10));
	assert_false(wl_py_builtin_name("evaluate", 8));
	assert_false(wl_py_builtin_name("eva", 3));
	assert_false(wl_py_builtin_name("torch", 5));
	assert_false(wl_py_builtin_name("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_judged_callee_is_kept),
		cmocka_unit_test(rows_are_kept),
		cmocka_unit_test(word_kinds_stay_apart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
