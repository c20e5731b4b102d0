/*
 * test_core.c - the engine's building blocks: buffer caps, UTF-8, sniffing,
 * suppressions, columns, globs, config, catalog, and one file through the
 * whole pipeline in memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "pathclass.h"
#include "facts_dep.h"
#include "run.h"
#include "wl_test.h"
#include "walker.h"

static void buf_respects_cap(void **state)
{
	struct wl_buf b;
	(void)state;
	wl_buf_init(&b, 8);
	assert_int_equal(wl_buf_addstr(&b, "12345678"), 0);
	assert_int_equal(wl_buf_addch(&b, 'x'), WL_ELIMIT);
	assert_string_equal(b.buf, "12345678");
	assert_int_equal(b.len, 8);
	wl_buf_reset(&b);
	assert_string_equal(b.buf, "");
	wl_buf_release(&b);
	wl_buf_init(&b, 0);
	assert_non_null(b.buf); /* never NULL, even before the first add */
	assert_string_equal(b.buf, "");
	wl_buf_release(&b);
}

static void utf8_validation(void **state)
{
	(void)state;
	assert_true(wl_utf8_valid("t\xd0\xbe" "rch", 6));
	assert_false(wl_utf8_valid("\xc0\xaf", 2));       /* overlong */
	assert_false(wl_utf8_valid("\xed\xa0\x80", 3));   /* surrogate */
	assert_false(wl_utf8_valid("\xe2\x82", 2));       /* truncated */
	{
		/* ASCII is read eight bytes at a time: a bad byte or a
		 * sequence at every offset of a long run is still seen */
		char buf[40];
		size_t at;
		for (at = 0; at < 32; at++) {
			memset(buf, 'a', sizeof(buf));
			buf[at] = (char)0xff;
			assert_false(wl_utf8_valid(buf, sizeof(buf)));
			assert_int_equal(wl_utf8_prefix((const unsigned char *)buf, sizeof(buf)), at);
			buf[at] = (char)0xc3;
			buf[at + 1] = (char)0xa9;
			assert_true(wl_utf8_valid(buf, sizeof(buf)));
			buf[at + 1] = 'a';
			assert_false(wl_utf8_valid(buf, sizeof(buf)));
		}
	}
	char *e = wl_escape_display("a\x01\xff", 3);
	assert_string_equal(e, "a\\x01\\xff");
	free(e);
}

static void sniff_by_content(void **state)
{
	(void)state;
	assert_int_equal(wl_sniff((const unsigned char *)"", 0), WL_MAGIC_EMPTY);
	assert_int_equal(wl_sniff((const unsigned char *)"\x80\x04\x95", 3), WL_MAGIC_PICKLE);
	assert_int_equal(wl_sniff((const unsigned char *)"cos\nsystem\n(S'ls'\ntR.", 20), WL_MAGIC_PICKLE);
	assert_int_equal(wl_sniff((const unsigned char *)"PK\x03\x04rest", 8), WL_MAGIC_ZIP);
	assert_int_equal(wl_sniff((const unsigned char *)"7z\xbc\xaf\x27\x1c", 6), WL_MAGIC_7Z);
	assert_int_equal(wl_sniff((const unsigned char *)"\x93NUMPY\x01", 7), WL_MAGIC_NPY);
	assert_string_equal(wl_magic_name(wl_sniff((const unsigned char *)"GGUF\x03", 5)), "gguf");
	assert_int_equal(wl_sniff((const unsigned char *)"import os\n", 10), WL_MAGIC_TEXT);
	assert_int_equal(wl_sniff((const unsigned char *)"cat\nthis is prose\n", 18), WL_MAGIC_TEXT);
	static const unsigned char st[] = { 2, 0, 0, 0, 0, 0, 0, 0, '{', '}' };
	assert_string_equal(wl_magic_name(wl_sniff(st, sizeof(st))), "safetensors");
	static const char lfs[] = "version https://git-lfs.github.com/spec/v1\noid sha256:"
				  "4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
	assert_int_equal(wl_sniff((const unsigned char *)lfs, sizeof(lfs) - 1), WL_MAGIC_LFS_POINTER);
	/* junk in front of a zip: still a zip, found by its end record */
	unsigned char junky[64];
	memset(junky, 0xee, sizeof(junky));
	memcpy(junky + 30, "PK\x05\x06", 4);
	memset(junky + 34, 0, 18);
	assert_int_equal(wl_sniff(junky, 52), WL_MAGIC_ZIP);
}

/* The scanner table drives classification and the choice of scanners: a
 * signature names its scanner, an extension or base name chooses it unless
 * the content is another format's. */
extern const struct wl_scanner wl_scanner_gguf, wl_scanner_h5, wl_scanner_tfsaved;

static void table_driven_wants(void **state)
{
	struct wl_file f;
	(void)state;
	memset(&f, 0, sizeof(f));
	f.data = (const unsigned char *)"GGUF\x03";
	f.size = 5;
	f.magic = wl_sniff(f.data, f.size);
	assert_ptr_equal(wl_magic_format(f.magic), &wl_scanner_gguf);
	f.name = "model.bin";
	f.ext = ".bin";
	assert_true(wl_scanner_wants(&wl_scanner_gguf, &f));   /* by content */
	assert_false(wl_scanner_wants(&wl_scanner_h5, &f));
	f.name = "model.h5";
	f.ext = ".h5";
	assert_true(wl_scanner_wants(&wl_scanner_h5, &f));     /* by extension */
	f.magic = WL_MAGIC_ZIP;                                 /* a zip named .h5: the artifact scanner's */
	assert_false(wl_scanner_wants(&wl_scanner_h5, &f));
	f.name = "saved_model.pb";
	f.ext = ".pb";
	f.magic = WL_MAGIC_UNKNOWN;
	assert_true(wl_scanner_wants(&wl_scanner_tfsaved, &f)); /* by base name */
	assert_null(wl_magic_format(WL_MAGIC_ZIP));
	assert_string_equal(wl_magic_name(WL_MAGIC_ZIP), "zip");
}

static const struct wl_rule *rule(const char *id)
{
	const struct wl_rule *r = wl_catalog_find(id);
	assert_non_null(r);
	return r;
}

static void suppression_comments(void **state)
{
	const char *c;
	const struct wl_rule *r = rule(WL101);
	(void)state;
#define M(s) wl_suppression_matches(s, strlen(s), r, &c)
	assert_true(M("requests  # nosec"));
	assert_true(M("requests  # NOSEC"));
	assert_true(M("requests  # nosec WL101"));
	assert_true(M("requests  # nosec WL102, wl101"));
	assert_false(M("requests  # nosec WL102"));
	assert_false(M("requests  # nosec B301")); /* B301 is pickle, not WL101 */
	assert_true(M("x = 1  # weaklink: ignore"));
	assert_true(M("x = 1  # weaklink: ignore[unpinned-requirement]"));
	assert_true(M("x = 1  # Weaklink: Ignore[WL300, WL101]"));
	assert_false(M("x = 1  # weaklink: ignore[WL300]"));
	assert_false(M("x = 1  # nosecurity"));
	assert_false(M("x = 1  # weaklink: ignored"));
	assert_false(M("x = 1"));
	assert_false(M("requests  # noqa: WL102"));
	assert_true(M("requests  # noqa: E501, WL101"));
#undef M
	r = rule(WL203);
#define M(s) wl_suppression_matches(s, strlen(s), r, &c)
	assert_true(M("x = pickle.loads(b)  # nosec B301"));
	assert_true(M("x = pickle.loads(b)  # noqa: S301"));
	assert_true(M("x = pickle.loads(b)  # noqa:E501,s301"));
	assert_true(M("x = torch.load(p)  # noqa: S614"));
	assert_false(M("x = pickle.loads(b)  # noqa"));
	assert_false(M("x = pickle.loads(b)  # noqa: E501"));
	assert_false(M("x = pickle.loads(b)  # noqa S301")); /* no colon: a bare noqa */
	assert_false(M("x = pickle.loads(b)  # noqa: S3010"));
	assert_false(M("x = pickle.loads(b)  # nosec B307"));
	assert_false(M("x = pickle.loads(b)  # noqanything: S301"));
#undef M
	r = rule(WL204);
#define M(s) wl_suppression_matches(s, strlen(s), r, &c)
	assert_true(M("x = torch.load(p)  # nosec B614"));
	assert_false(M("x = torch.load(p)  # nosec B301"));
#undef M
}

static void columns_count_code_points(void **state)
{
	const char *line = "x = \"\xd0\xbe\xd0\xbe\" + eval(y)";
	(void)state;
	/* "eval" starts at byte 15 (1-based) but code point 13 */
	assert_int_equal(wl_byte_col_to_codepoint(line, strlen(line), 15), 13);
	assert_int_equal(wl_byte_col_to_codepoint(line, strlen(line), 1), 1);
	assert_int_equal(wl_byte_col_to_codepoint("ab", 2, 10), 10); /* past the end */
}

static void globs(void **state)
{
	(void)state;
	assert_true(wl_glob_match("tests/**", "tests/cases/a/input/x.py"));
	assert_true(wl_glob_match("tests/**", "tests"));
	assert_false(wl_glob_match("tests/**", "testsuite/x.py"));
	assert_true(wl_glob_match("*.pkl", "models/a.pkl"));
	assert_true(wl_glob_match("models/*.pkl", "models/a.pkl"));
	assert_false(wl_glob_match("models/*.pkl", "models/sub/a.pkl"));
	assert_true(wl_glob_match("vendor/", "vendor/x"));
	assert_true(wl_path_glob_match("**/tests/**", "tests/a.py"));
	assert_true(wl_path_glob_match("**/tests/**", "src/pkg/tests/a.py"));
	assert_false(wl_path_glob_match("**/tests/**", "src/pkg/latests/a.py"));
	assert_false(wl_path_glob_match("**/tests/**", "src/tests.py"));
	assert_true(wl_path_glob_match("test_*.py", "src/pkg/test_io.py"));
	assert_false(wl_path_glob_match("scripts/**", "src/pkg/scripts/cli.py"));
}

static void config_toml(void **state)
{
	struct wl_config *c = wl_config_new();
	char *err = NULL;
	const char *src = "[scan]\nexclude = [\"tests/**\", 'vendor/']\nfail_on = \"error\"\n"
			  "[typosquat]\nallow = [\"reqeusts\"]\n[pickle]\nallow = []\n";
	(void)state;
	assert_int_equal(wl_config_parse(c, src, strlen(src), &err), 0);
	assert_null(err);
	assert_string_equal(wl_config_list(c, "scan.exclude")[0], "tests/**");
	assert_string_equal(wl_config_list(c, "scan.exclude")[1], "vendor/");
	assert_null(wl_config_list(c, "scan.exclude")[2]);
	assert_string_equal(wl_config_str(c, "scan.fail_on"), "error");
	assert_true(wl_config_has(c, "typosquat.allow", "reqeusts"));
	assert_non_null(wl_config_list(c, "pickle.allow"));
	assert_null(wl_config_list(c, "pickle.allow")[0]);
	assert_null(wl_config_list(c, "hydra.allow")); /* in the schema, not set */
	wl_config_free(c);

	c = wl_config_new();
	assert_int_not_equal(wl_config_parse(c, "[scan\nx = ", 10, &err), 0);
	assert_non_null(err);
	free(err);
	wl_config_free(c);
}

static void catalog_sorted_and_unique(void **state)
{
	size_t i, n = wl_catalog_count();
	(void)state;
	assert_true(n >= 3);
	for (i = 1; i < n; i++)
		assert_true(strcmp(wl_catalog_at(i - 1)->id, wl_catalog_at(i)->id) < 0);
	for (i = 0; i < n; i++) {
		const struct wl_rule *r = wl_catalog_at(i);
		assert_non_null(r->name);
		assert_non_null(r->short_desc);
		assert_true(strlen(r->full_desc) <= 1024);
		assert_non_null(r->help_md);
		assert_true(r->security_severity > 0 && r->security_severity <= 10);
		assert_ptr_equal(wl_catalog_find(r->name), r);
	}
	assert_null(wl_catalog_find("WL999999"));
}

/* wl_memmem agrees with memmem at every offset, near either end, with
 * first-and-last-byte decoys, for needles of 0 to 12 bytes */
static void memmem_agrees(void **state)
{
	static const char *const needles[] = { "", "g", "ge", "getattr", "__import__", "import_module", "aXa" };
	char hay[96];
	size_t k, at, n;
	(void)state;
	for (k = 0; k < sizeof(needles) / sizeof(needles[0]); k++) {
		size_t m = strlen(needles[k]);
		for (n = 0; n <= sizeof(hay); n += 7) {
			for (at = 0; at + m <= n; at++) {
				size_t i;
				/* decoys: the needle's first and last bytes everywhere */
				for (i = 0; i < n; i++)
					hay[i] = m && i % 3 == 0 ? needles[k][0] : m && i % 3 == 1 ? needles[k][m - 1] : 'z';
				memcpy(hay + at, needles[k], m);
				assert_ptr_equal(wl_memmem(hay, n, needles[k], m), memmem(hay, n, needles[k], m));
			}
			for (size_t i = 0; i < n; i++)
				hay[i] = 'z';
			assert_ptr_equal(wl_memmem(hay, n, needles[k], m), memmem(hay, n, needles[k], m));
		}
	}
}

static void high_bytes(void **state)
{
	char buf[70];
	size_t at;
	(void)state;
	memset(buf, 'a', sizeof(buf));
	assert_false(wl_has_high_byte(buf, sizeof(buf)));
	assert_false(wl_has_high_byte(buf, 0));
	for (at = 0; at < sizeof(buf); at++) {
		buf[at] = (char)0xc3;
		assert_true(wl_has_high_byte(buf, sizeof(buf)));
		assert_int_equal(wl_has_high_byte(buf, at), 0); /* before it */
		buf[at] = 'a';
	}
}

static void pep503(void **state)
{
	(void)state;
	/* needs a ctx for the arena: go through the pipeline instead */
	struct wl_report r;
	const char *req = "Foo_Bar.baz\n";
	wl_test_scan("requirements.txt", req, strlen(req), &r);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->key, "foo-bar-baz");
	wl_report_release(&r);
}

static void pipeline_in_memory(void **state)
{
	struct wl_report r;
	/* no --hash anywhere: one would put the whole file in pip's hash mode (WL103) */
	const char *req = "requests\nnumpy==1.26.4\ntorch==2.3.0 \\\n  ; python_version > '3'\nflask  # nosec\n";
	(void)state;
	wl_test_scan("requirements.txt", req, strlen(req), &r);
	assert_int_equal(r.nfindings, 4);
	assert_string_equal(r.findings[0]->rule->id, WL101);
	assert_int_equal(r.findings[0]->loc.line, 1);
	assert_string_equal(r.findings[1]->rule->id, WL102);
	assert_int_equal(r.findings[1]->loc.line, 2);
	assert_string_equal(r.findings[2]->rule->id, WL102);
	assert_int_equal(r.findings[2]->loc.line, 3);
	assert_string_equal(r.findings[3]->rule->id, WL101);
	assert_int_equal(r.findings[3]->loc.line, 5);
	assert_true(r.findings[3]->suppressed);
	assert_int_equal(r.counts[WL_LEVEL_WARNING], 1);
	assert_int_equal(r.nsuppressed, 1);
	/* fingerprints are hex and differ */
	assert_int_equal(strlen(r.findings[0]->fingerprint), 64);
	assert_string_not_equal(r.findings[0]->fingerprint, r.findings[3]->fingerprint);
	wl_report_release(&r);
}

static void fingerprint_ignores_line_numbers(void **state)
{
	struct wl_report a, b;
	const char *one = "requests\n";
	const char *two = "# a comment moves it down\n\nrequests\n";
	(void)state;
	wl_test_scan("requirements.txt", one, strlen(one), &a);
	wl_test_scan("requirements.txt", two, strlen(two), &b);
	assert_int_equal(a.nfindings, 1);
	assert_int_equal(b.nfindings, 1);
	assert_int_not_equal(a.findings[0]->loc.line, b.findings[0]->loc.line);
	assert_string_equal(a.findings[0]->fingerprint, b.findings[0]->fingerprint);
	wl_report_release(&a);
	wl_report_release(&b);
}

/* FNV-1a: the published vectors, and a hash goes on across pieces. */
static void fnv1a_vectors(void **state)
{
	(void)state;
	assert_int_equal(wl_fnv1a(WL_FNV1A_INIT, "", 0), 0x811c9dc5u);
	assert_int_equal(wl_fnv1a(WL_FNV1A_INIT, "a", 1), 0xe40c292cu);
	assert_int_equal(wl_fnv1a(WL_FNV1A_INIT, "foobar", 6), 0xbf9cf968u);
	assert_int_equal(wl_fnv1a(wl_fnv1a(WL_FNV1A_INIT, "foo", 3), "bar", 3), 0xbf9cf968u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_respects_cap),
		cmocka_unit_test(fnv1a_vectors),
		cmocka_unit_test(utf8_validation),
		cmocka_unit_test(sniff_by_content),
		cmocka_unit_test(table_driven_wants),
		cmocka_unit_test(suppression_comments),
		cmocka_unit_test(columns_count_code_points),
		cmocka_unit_test(globs),
		cmocka_unit_test(config_toml),
		cmocka_unit_test(catalog_sorted_and_unique),
		cmocka_unit_test(memmem_agrees),
		cmocka_unit_test(high_bytes),
		cmocka_unit_test(pep503),
		cmocka_unit_test(pipeline_in_memory),
		cmocka_unit_test(fingerprint_ignores_line_numbers),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
