/*
 * test_prflow.c - the pull-request workflow's in-process pieces: the
 * configuration read from [tool.weaklink] in pyproject.toml (and found
 * next to .weaklink.toml), and --new-only's line filter. The git modes
 * themselves run end to end in tests/checks/git-modes.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "gitsrc.h"
#include "run.h"

static char *tmpdir(void)
{
	char tmpl[] = "/tmp/wl-prflow-unit.XXXXXX";
	char *d = mkdtemp(tmpl);
	assert_non_null(d);
	return wl_printf_alloc("%s/", d);
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = wl_printf_alloc("%s%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static void rm(const char *dir, const char *name)
{
	char *p = wl_printf_alloc("%s%s", dir, name);
	unlink(p);
	free(p);
}

static void pyproject_table(void **state)
{
	char *d = tmpdir(), *used = NULL, *err = NULL;
	struct wl_config *c = wl_config_new();
	(void)state;
	put(d, "pyproject.toml",
	    "[project]\nname = \"x\"\n\n[tool.black]\nline-length = 100\n\n"
	    "[tool.weaklink.scan]\nexclude = [\"vendor/**\"]\n\n"
	    "[tool.weaklink]\nrules = { disable = [\"WL102\"] }\npickle.allow = [\"a.B\"]\n");
	assert_int_equal(wl_config_discover(c, d, NULL, &used, &err), 0);
	assert_non_null(used);
	assert_true(wl_ends_with(used, "pyproject.toml"));
	assert_string_equal(wl_config_list(c, "scan.exclude")[0], "vendor/**");
	assert_true(wl_config_has(c, "rules.disable", WL102));
	assert_true(wl_config_has(c, "pickle.allow", "a.B"));
	assert_non_null(wl_config_key_at(c, 2));
	assert_null(wl_config_key_at(c, 3)); /* three keys: [tool.black] and [project] are not ours */
	free(used);
	wl_config_free(c);

	/* both: an error naming both */
	put(d, ".weaklink.toml", "[scan]\nfail_on = \"error\"\n");
	c = wl_config_new();
	assert_int_not_equal(wl_config_discover(c, d, NULL, &used, &err), 0);
	assert_non_null(strstr(err, ".weaklink.toml and [tool.weaklink] in "));
	assert_non_null(strstr(err, "pyproject.toml"));
	free(err);
	free(used);
	wl_config_free(c);

	/* a pyproject.toml without the table does not count */
	put(d, "pyproject.toml", "[project]\nname = \"x\" # not tool.weaklink\n");
	c = wl_config_new();
	assert_int_equal(wl_config_discover(c, d, NULL, &used, &err), 0);
	assert_true(wl_ends_with(used, ".weaklink.toml"));
	assert_string_equal(wl_config_str(c, "scan.fail_on"), "error");
	free(used);
	wl_config_free(c);

	/* errors keep the file and line; --config on a pyproject without the table */
	rm(d, ".weaklink.toml");
	put(d, "pyproject.toml", "[project]\nname = \"x\"\n[tool.weaklink.scan]\nfail_on = \"sometimes\"\n");
	c = wl_config_new();
	assert_int_not_equal(wl_config_discover(c, d, NULL, &used, &err), 0);
	assert_non_null(strstr(err, "pyproject.toml:4: [tool.weaklink.scan] fail_on wants"));
	free(err);
	free(used);
	wl_config_free(c);
	put(d, "pyproject.toml", "[project]\nname = \"x\"\n");
	{
		char *p = wl_printf_alloc("%spyproject.toml", d);
		c = wl_config_new();
		assert_int_not_equal(wl_config_discover(c, d, p, &used, &err), 0);
		assert_non_null(strstr(err, "no [tool.weaklink] table"));
		free(err);
		free(used);
		wl_config_free(c);
		free(p);
	}
	rm(d, "pyproject.toml");
	d[strlen(d) - 1] = '\0';
	rmdir(d);
	free(d);
}

static struct wl_finding *finding(const char *path, uint32_t line, uint32_t end_line)
{
	struct wl_finding *f = calloc(1, sizeof(*f));
	f->rule = wl_catalog_at(0);
	f->level = WL_LEVEL_WARNING;
	f->path = wl_strdup(path);
	f->message = wl_strdup("m");
	f->loc.path = f->path;
	f->loc.line = line;
	f->loc.end_line = end_line;
	return f;
}

static void new_only_lines(void **state)
{
	struct wl_changes c;
	struct wl_report r;
	uint32_t a_lines[] = { 3, 4, 10, 10 };
	(void)state;
	memset(&c, 0, sizeof(c));
	memset(&r, 0, sizeof(r));
	c.v = calloc(3, sizeof(*c.v));
	c.n = 3;
	c.v[0].path = wl_strdup("a.py"); /* lines 3-4 and 10 added */
	c.v[0].lines = malloc(sizeof(a_lines));
	memcpy(c.v[0].lines, a_lines, sizeof(a_lines));
	c.v[0].nranges = 2;
	c.v[1].path = wl_strdup("m.pkl"); /* binary: the whole file */
	c.v[1].whole = 1;
	c.v[2].path = wl_strdup("r.py"); /* renamed, unchanged */
	r.findings = calloc(8, sizeof(*r.findings));
	r.findings[r.nfindings++] = finding("a.py", 1, 0);  /* before: out */
	r.findings[r.nfindings++] = finding("a.py", 2, 3);  /* spans into 3: in */
	r.findings[r.nfindings++] = finding("a.py", 5, 9);  /* between: out */
	r.findings[r.nfindings++] = finding("a.py", 10, 0); /* in */
	r.findings[r.nfindings++] = finding("a.py", 0, 0);  /* whole file of a changed file: in */
	r.findings[r.nfindings++] = finding("m.pkl", 0, 0); /* in */
	r.findings[r.nfindings++] = finding("r.py", 2, 0);  /* a pure rename adds no line: out */
	r.findings[r.nfindings++] = finding("z.py", 1, 0);  /* not changed: out */
	wl_changes_filter(&c, &r);
	assert_int_equal(r.nfindings, 4);
	assert_int_equal(r.findings[0]->loc.line, 2);
	assert_int_equal(r.findings[1]->loc.line, 10);
	assert_int_equal(r.findings[2]->loc.line, 0);
	assert_string_equal(r.findings[3]->path, "m.pkl");
	assert_int_equal(r.counts[WL_LEVEL_WARNING], 4);
	wl_report_release(&r);
	wl_changes_release(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pyproject_table),
		cmocka_unit_test(new_only_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
