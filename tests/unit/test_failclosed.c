/*
 * test_failclosed.c - fail closed, never silently clean: sticky buffer
 * errors, cJSON's out-of-memory policy, scanner errors that become
 * notifications, files that change while they are scanned, the config schema.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "run.h"
#include "walker.h"

/* The cJSON test asks for an impossible allocation: under ASan, let malloc
 * return NULL (as libc does) instead of aborting inside the sanitizer. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* ------------------------------------------------------------ wl_buf */

static void buf_error_is_sticky(void **state)
{
	struct wl_buf b;
	(void)state;
	wl_buf_init(&b, 8);
	assert_int_equal(wl_buf_addstr(&b, "12345"), 0);
	assert_int_equal(wl_buf_error(&b), 0);
	/* the middle piece does not fit ... */
	assert_int_equal(wl_buf_addstr(&b, "6789"), WL_ELIMIT);
	/* ... so a later piece that would fit must not follow it */
	assert_int_equal(wl_buf_addch(&b, 'x'), WL_ELIMIT);
	assert_int_equal(wl_buf_addf(&b, "%d", 1), WL_ELIMIT);
	assert_string_equal(b.buf, "12345");
	assert_int_equal(b.len, 5);
	/* a caller that checks only at the end still sees it */
	assert_int_equal(wl_buf_error(&b), WL_ELIMIT);
	/* starting over clears it */
	wl_buf_reset(&b);
	assert_int_equal(wl_buf_error(&b), 0);
	assert_int_equal(wl_buf_addstr(&b, "abc"), 0);
	assert_string_equal(b.buf, "abc");
	wl_buf_release(&b);
	assert_int_equal(wl_buf_error(&b), 0);
}

static void buf_size_overflow_fails(void **state)
{
	struct wl_buf b;
	(void)state;
	wl_buf_init(&b, SIZE_MAX);
	assert_int_equal(wl_buf_addstr(&b, "ab"), 0);
	/* len + n would wrap around: refused, not wrapped */
	assert_int_equal(wl_buf_add(&b, "c", SIZE_MAX - 1), WL_ELIMIT);
	assert_int_equal(wl_buf_error(&b), WL_ELIMIT);
	assert_string_equal(b.buf, "ab");
	wl_buf_release(&b);
}

/* ------------------------------------------------------ cJSON and OOM */

static void cjson_out_of_memory_aborts(void **state)
{
	int fds[2], status;
	char msg[512];
	ssize_t n;
	size_t got = 0;
	pid_t pid;
	(void)state;
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		void *p;
		dup2(fds[1], 2);
		close(fds[0]);
		p = cJSON_malloc(SIZE_MAX / 4);
		/* without the hooks cJSON hands back NULL and carries on */
		_exit(p ? 3 : 0);
	}
	close(fds[1]);
	while (got < sizeof(msg) - 1 && (n = read(fds[0], msg + got, sizeof(msg) - 1 - got)) > 0)
		got += (size_t)n;
	msg[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
	assert_non_null(strstr(msg, "weaklink: fatal: out of memory"));
}

static void cjson_still_works(void **state)
{
	cJSON *j;
	char *s;
	(void)state;
	j = cJSON_Parse("{\"a\":[1,2,{\"b\":\"c\"}]}");
	assert_non_null(j);
	s = cJSON_PrintUnformatted(j);
	assert_string_equal(s, "{\"a\":[1,2,{\"b\":\"c\"}]}");
	cJSON_free(s);
	cJSON_Delete(j);
}

/* ------------------------------------------------ scanner error returns */

static int wants_all(const struct wl_file *f)
{
	(void)f;
	return 1;
}

static int scan_fails_silently(struct wl_ctx *ctx, const struct wl_file *f)
{
	(void)ctx;
	(void)f;
	return WL_EFORMAT;
}

static int scan_fails_with_note(struct wl_ctx *ctx, const struct wl_file *f)
{
	(void)f;
	wl_notify(ctx, WL_LEVEL_NOTE, "header is garbage");
	return WL_EFORMAT;
}

static int scan_notes_and_succeeds(struct wl_ctx *ctx, const struct wl_file *f)
{
	(void)f;
	wl_notify(ctx, WL_LEVEL_NOTE, "parsed with errors, rest still checked");
	return 0;
}

static const struct wl_scanner silent_failer = { .name = "silent", .wants = wants_all, .scan = scan_fails_silently };
static const struct wl_scanner noting_failer = { .name = "noting", .wants = wants_all, .scan = scan_fails_with_note };
static const struct wl_scanner noting_ok = { .name = "noting-ok", .wants = wants_all, .scan = scan_notes_and_succeeds };

static void scan_with(const struct wl_scanner *const *scanners, struct wl_report *r)
{
	struct wl_scan_options opt;
	memset(&opt, 0, sizeof(opt));
	memset(r, 0, sizeof(*r));
	opt.jobs = 1;
	opt.max_text_size = 1 << 20;
	opt.scanners = scanners;
	wl_scan_memory(&opt, "model.bin", (const unsigned char *)"abc", 3, r);
}

static void scanner_error_without_notice(void **state)
{
	const struct wl_scanner *const table[] = { &silent_failer, NULL };
	struct wl_report r;
	(void)state;
	scan_with(table, &r);
	assert_int_equal(r.files_failed, 1);
	assert_int_equal(r.files_scanned, 0);
	assert_int_equal(r.nnotices, 1);
	assert_int_equal(r.notices[0].level, WL_LEVEL_WARNING);
	assert_string_equal(r.notices[0].path, "model.bin");
	assert_string_equal(r.notices[0].message,
			    "the silent scanner stopped with an error (malformed input, -3): not fully scanned");
	wl_report_release(&r);
}

static void scanner_error_raises_its_note(void **state)
{
	const struct wl_scanner *const table[] = { &noting_failer, NULL };
	struct wl_report r;
	(void)state;
	scan_with(table, &r);
	assert_int_equal(r.files_failed, 1);
	assert_int_equal(r.nnotices, 1);
	assert_int_equal(r.notices[0].level, WL_LEVEL_WARNING);
	assert_string_equal(r.notices[0].message, "header is garbage");
	wl_report_release(&r);
}

static void scanner_note_without_error_is_a_note(void **state)
{
	const struct wl_scanner *const table[] = { &noting_ok, NULL };
	struct wl_report r;
	(void)state;
	scan_with(table, &r);
	assert_int_equal(r.files_failed, 0);
	assert_int_equal(r.files_scanned, 1);
	assert_int_equal(r.nnotices, 1);
	assert_int_equal(r.notices[0].level, WL_LEVEL_NOTE);
	wl_report_release(&r);
}

/* --------------------------------------- a file that changes under us */

static char changing_path[256];

/* A scanner that appends to the file it is scanning: deterministic stand-in
 * for a download still being written while the scan runs. */
static int scan_appends(struct wl_ctx *ctx, const struct wl_file *f)
{
	int fd = open(changing_path, O_WRONLY | O_APPEND);
	(void)ctx;
	(void)f;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "more bytes\n", 11), 11);
	close(fd);
	return 0;
}

static int scan_reads(struct wl_ctx *ctx, const struct wl_file *f)
{
	(void)ctx;
	(void)f;
	return 0;
}

/* Truncates the file, then reads what was its first byte: the mapping's
 * page now lies past the end of the file, and the read faults (SIGBUS). */
static int scan_truncates(struct wl_ctx *ctx, const struct wl_file *f)
{
	volatile unsigned char c;
	(void)ctx;
	assert_int_equal(truncate(changing_path, 0), 0);
	c = f->data[0];
	(void)c;
	fail_msg("read past the end of a truncated mapping did not fault");
	return 0;
}

static const struct wl_scanner appender = { .name = "appender", .wants = wants_all, .scan = scan_appends };
static const struct wl_scanner truncator = { .name = "truncator", .wants = wants_all, .scan = scan_truncates };
static const struct wl_scanner reader = { .name = "reader", .wants = wants_all, .scan = scan_reads };

/* dir/name holding text; the path in path[cap] */
static void put_file(char *path, size_t cap, const char *dir, const char *name, const char *text)
{
	FILE *f;
	snprintf(path, cap, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void run_on_tempdir(const struct wl_scanner *s, struct wl_report *r)
{
	const struct wl_scanner *const table[] = { s, NULL };
	char dir[] = "/tmp/wl-change.XXXXXX";
	const char *paths[1];
	struct wl_walk w;
	struct wl_walk_options wo;
	struct wl_scan_options opt;
	char *err = NULL;

	assert_non_null(mkdtemp(dir));
	put_file(changing_path, sizeof(changing_path), dir, "download.bin", "first part\n");

	memset(&wo, 0, sizeof(wo));
	paths[0] = dir;
	assert_int_equal(wl_walk_collect(&w, paths, 1, &wo, &err), 0);
	memset(&opt, 0, sizeof(opt));
	memset(r, 0, sizeof(*r));
	opt.jobs = 1;
	opt.max_text_size = 1 << 20;
	opt.scanners = table;
	r->root = wl_strdup(w.root);
	wl_run(&opt, &w, r);
	wl_walk_release(&w);
	unlink(changing_path);
	rmdir(dir);
}

/* libgit2 starts (and reads its TLS bundle) only where discovery may find
 * a repository: a .git entry, or a bare repository's layout, there or above */
static void walk_starts_git_only_near_a_repo(void **state)
{
	char dir[] = "/tmp/wl-nogit.XXXXXX", path[256];
	const char *paths[1];
	struct wl_walk w;
	struct wl_walk_options wo;
	char *err = NULL;
	(void)state;
	assert_non_null(mkdtemp(dir));
	put_file(path, sizeof(path), dir, "a.py", "x = 1\n");
	memset(&wo, 0, sizeof(wo));
	paths[0] = dir;
	assert_int_equal(wl_walk_collect(&w, paths, 1, &wo, &err), 0);
	assert_false(w.git_started);
	assert_false(w.is_git);
	assert_int_equal(w.n, 1);
	wl_walk_release(&w);
	/* a bare repository's layout */
	put_file(path, sizeof(path), dir, "HEAD", "ref: refs/heads/main\n");
	snprintf(path, sizeof(path), "%s/objects", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/refs", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	(void)wl_walk_collect(&w, paths, 1, &wo, &err);
	assert_true(w.git_started);
	wl_walk_release(&w);
	free(err);
	err = NULL;
	rmdir(path);
	snprintf(path, sizeof(path), "%s/objects", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/HEAD", dir);
	unlink(path);
	/* a .git entry (here a broken one: opening it fails, as it should) */
	snprintf(path, sizeof(path), "%s/.git", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_not_equal(wl_walk_collect(&w, paths, 1, &wo, &err), 0);
	assert_non_null(err);
	assert_non_null(strstr(err, "libgit2")); /* a failed walk has released itself */
	free(err);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/a.py", dir);
	unlink(path);
	rmdir(dir);
}

static void file_changed_while_scanned(void **state)
{
	struct wl_report r;
	(void)state;
	run_on_tempdir(&appender, &r);
	assert_int_equal(r.files_failed, 1);
	assert_int_equal(r.nnotices, 1);
	assert_int_equal(r.notices[0].level, WL_LEVEL_WARNING);
	assert_string_equal(r.notices[0].path, "download.bin");
	assert_string_equal(r.notices[0].message, "the file changed while it was scanned (11 bytes before, 22 after): "
						  "results may be incomplete; scan it again");
	wl_report_release(&r);

	run_on_tempdir(&truncator, &r);
	assert_int_equal(r.files_failed, 1);
	assert_int_equal(r.nnotices, 1);
	assert_int_equal(r.notices[0].level, WL_LEVEL_WARNING);
	assert_string_equal(r.notices[0].message, "the file shrank while it was scanned (11 bytes when opened): what lay "
						  "past its new end could not be read; results are incomplete, scan it again");
	wl_report_release(&r);

	run_on_tempdir(&reader, &r);
	assert_int_equal(r.files_failed, 0);
	assert_int_equal(r.files_scanned, 1);
	assert_int_equal(r.nnotices, 0);
	wl_report_release(&r);
}

/* ------------------------------------------------------ config schema */

static void edit_distance(void **state)
{
	(void)state;
	assert_int_equal(wl_edit_distance("max_dept", "max_depth"), 1);
	assert_int_equal(wl_edit_distance("rulez", "rules"), 1);
	assert_int_equal(wl_edit_distance("fial_on", "fail_on"), 1); /* a swap is one edit */
	assert_int_equal(wl_edit_distance("MAX_DEPTH", "max_depth"), 0);
	assert_int_equal(wl_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(wl_edit_distance("", "abc"), 3);
	assert_int_equal(wl_edit_distance("abc", ""), 3);
	assert_int_equal(wl_edit_distance("ca", "abc"), 3); /* optimal string alignment */
}

static void schema_rows_are_sound(void **state)
{
	size_t i, k, n = wl_config_schema_count();
	(void)state;
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		const struct wl_config_key *r = wl_config_schema_at(i);
		char *dotted;
		assert_true(r->table[0] && r->key[0] && r->description[0]);
		assert_null(strchr(r->key, '.'));
		assert_non_null(wl_config_type_name(r->type));
		for (k = 0; k < i; k++)
			assert_false(!strcmp(r->table, wl_config_schema_at(k)->table) &&
				     !strcmp(r->key, wl_config_schema_at(k)->key));
		if (!strchr(r->table, '*')) {
			dotted = wl_printf_alloc("%s.%s", r->table, r->key);
			assert_ptr_equal(wl_config_schema_find(dotted), r);
			free(dotted);
		}
	}
	assert_null(wl_config_schema_at(n));
}

/* Every key the code reads (grep wl_config_list/str/has) has a row. */
static void schema_has_every_key_read(void **state)
{
	static const char *const read[] = {
		"scan.exclude", "scan.fail_on", "rules.disable", "typosquat.allow", "pickle.allow", "pickle.deny",
		"artifact.max_inflated", "artifact.max_total_inflated", "artifact.max_ratio", "artifact.max_depth",
		"artifact.max_members", "artifact.max_pickle_ops", "hydra.allow",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(read) / sizeof(read[0]); i++)
		if (!wl_config_schema_find(read[i]))
			fail_msg("%s is read but not in the schema", read[i]);
}

static void lookup_outside_schema_dies(void **state)
{
	pid_t pid;
	int status;
	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		dup2(devnull, 2);
		wl_config_list(NULL, "artifact.max_dept");
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 2);
}

/* Parse `src`; expect failure with exactly `msg`, or success when msg is NULL. */
static void expect_config(const char *src, const char *msg)
{
	struct wl_config *c = wl_config_new();
	char *err = NULL;
	int rc = wl_config_parse(c, src, strlen(src), &err);
	if (msg) {
		assert_int_not_equal(rc, 0);
		assert_non_null(err);
		assert_string_equal(err, msg);
	} else {
		if (rc)
			fail_msg("unexpected config error: %s", err);
		assert_null(err);
	}
	free(err);
	wl_config_free(c);
}

static void config_checked_against_schema(void **state)
{
	(void)state;
	expect_config("[rulez]\ndisable = [\"WL102\"]\n",
		      ".weaklink.toml:1: unknown table [rulez]; did you mean [rules]?");
	{
		/* the list names every table of the schema once, in schema order */
		struct wl_buf want;
		size_t i, k, n = 0;
		wl_buf_init(&want, 0);
		wl_buf_addstr(&want, ".weaklink.toml:1: unknown table [zzzzzz] (weaklink reads: ");
		for (i = 0; i < wl_config_schema_count(); i++) {
			const char *t = wl_config_schema_at(i)->table;
			int seen = 0;
			for (k = 0; k < i; k++)
				seen |= !strcmp(wl_config_schema_at(k)->table, t);
			if (!seen)
				wl_buf_addf(&want, "%s%s", n++ ? ", " : "", t);
		}
		wl_buf_addch(&want, ')');
		assert_non_null(strstr(want.buf, "scan, rules, typosquat, pickle, artifact, hydra"));
		expect_config("[zzzzzz]\n", want.buf);
		wl_buf_release(&want);
	}
	expect_config("# limits\n[artifact]\nmax_dept = 3\n",
		      ".weaklink.toml:3: unknown key max_dept in [artifact]; did you mean max_depth?");
	expect_config("[scan]\nfoo = 1\n", ".weaklink.toml:2: unknown key foo in [scan] (valid keys: exclude, fail_on)");
	expect_config("exclude = []\n", ".weaklink.toml:1: unknown key exclude outside any table; did you mean exclude in [scan]?");
	expect_config("rulez.disable = []\n", ".weaklink.toml:1: unknown table [rulez]; did you mean [rules]?");
	expect_config("[scan]\nexclude = \"vendor/\"\n",
		      ".weaklink.toml:2: [scan] exclude wants an array of strings, not a string");
	expect_config("[pickle]\nallow = [\"a\", 3]\n",
		      ".weaklink.toml:2: [pickle] allow wants an array of strings, not an array holding an integer");
	expect_config("[scan]\nfail_on = \"fatal\"\n",
		      ".weaklink.toml:2: [scan] fail_on wants one of \"none\", \"note\", \"warning\", \"error\", not \"fatal\"");
	expect_config("[artifact]\nmax_depth = true\n",
		      ".weaklink.toml:2: [artifact] max_depth wants a positive whole number, or a string such as \"512M\" "
		      "(K, M, G), not a boolean");
	expect_config("[artifact]\nmax_depth = 0\n",
		      ".weaklink.toml:2: [artifact] max_depth wants a positive whole number, or a string such as \"512M\" "
		      "(K, M, G), not 0");
	expect_config("[artifact]\nmax_inflated = 1_000\n",
		      ".weaklink.toml:2: [artifact] max_inflated wants a positive whole number, or a string such as \"512M\" "
		      "(K, M, G), not 1_000");
	expect_config("[rules]\ndisable = [\"unpined-action\"]\n",
		      ".weaklink.toml:2: [rules] disable: no rule 'unpined-action'; did you mean unpinned-action?");
	expect_config("[scan]\nfail_on = \"error\"\n[rules]\n[scan]\nfail_on = \"note\"\n",
		      ".weaklink.toml:5: [scan] fail_on is set twice");
	expect_config("[[scan]]\n", ".weaklink.toml:1: [[scan]]: weaklink's config has no arrays of tables");
	expect_config("[scan]\n\nexclude = [\n", ".weaklink.toml:3: not valid TOML");
	/* what is valid stays valid */
	expect_config("[scan]\nexclude = [\"a/**\"] # c\nfail_on = 'error'\n[rules]\ndisable = [\"WL102\", \"unpinned-action\"]\n"
		      "[typosquat]\nallow = []\n[pickle]\nallow = [\"m n\"]\ndeny = [\"m.x\"]\n"
		      "[artifact]\nmax_inflated = \"512M\"\nmax_total_inflated = \"2g\"\nmax_ratio = 200\n"
		      "max_depth = \"2\"\nmax_members = 100000\nmax_pickle_ops = 268435456\n[hydra]\nallow = [\"my.*\"]\n",
		      NULL);
	expect_config("scan = { exclude = [\"vendor/\"], fail_on = \"error\" }\n", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_error_is_sticky),
		cmocka_unit_test(buf_size_overflow_fails),
		cmocka_unit_test(cjson_out_of_memory_aborts),
		cmocka_unit_test(cjson_still_works),
		cmocka_unit_test(scanner_error_without_notice),
		cmocka_unit_test(scanner_error_raises_its_note),
		cmocka_unit_test(scanner_note_without_error_is_a_note),
		cmocka_unit_test(file_changed_while_scanned),
		cmocka_unit_test(walk_starts_git_only_near_a_repo),
		cmocka_unit_test(edit_distance),
		cmocka_unit_test(schema_rows_are_sound),
		cmocka_unit_test(schema_has_every_key_read),
		cmocka_unit_test(lookup_outside_schema_dies),
		cmocka_unit_test(config_checked_against_schema),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
