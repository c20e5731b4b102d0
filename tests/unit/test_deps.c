/*
 * test_deps.c - the dependency family's pieces: pip's requirement grammar,
 * include path joins, the TOML/YAML/JSON value trees (tsutil), typosquat and
 * compromised-release lookups, and requirements files through the pipeline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <tree_sitter/api.h>

#include "pkgnames.h"
#include "reqparse.h"
#include "run.h"
#include "tsutil.h"

/* wl_req_parse needs a ctx only for allocation: run it inside a scan is
 * overkill, so these tests go through the whole pipeline where a ctx is
 * needed, and call the pure helpers directly otherwise. */

static void squat(const char *name, const char *target)
{
	struct wl_squat sq;
	int hit = wl_typosquat_check(name, NULL, &sq);
	if (target) {
		if (!hit)
			fail_msg("'%s' should be flagged as a typosquat of '%s'", name, target);
		assert_string_equal(sq.target, target);
	} else if (hit) {
		fail_msg("'%s' flagged as a typosquat of '%s' (%s)", name, sq.target, sq.detail);
	}
}

static void typosquats_flagged(void **state)
{
	struct wl_squat sq;
	(void)state;
	squat("scikit-Iearn", "scikit-learn");
	squat("transformmers", "transformers");
	squat("torchvison", "torchvision");
	squat("t\xd0\xbe" "rch", "torch"); /* Cyrillic o */
	squat("nupmy", "numpy");           /* adjacent swap */
	squat("learn-scikit", "scikit-learn");
	assert_true(wl_typosquat_check("t\xd0\xbe" "rch", NULL, &sq));
	assert_int_equal(sq.kind, WL_SQUAT_HOMOGLYPH);
	assert_non_null(strstr(sq.detail, "Cyrillic"));
	assert_true(wl_typosquat_check("scikit-Iearn", NULL, &sq));
	assert_int_equal(sq.kind, WL_SQUAT_HOMOGLYPH);
}

static void popular_names_silent(void **state)
{
	(void)state;
	squat("torch", NULL);
	squat("numpy", NULL);
	squat("scikit-learn", NULL);
	squat("Scikit_Learn", NULL);
	squat("transformers", NULL);
	squat("tensorflow-gpu", NULL);
	squat("tensorflow-cpu", NULL);
	squat("transformer", NULL);
	squat("url", NULL); /* too short to say */
	assert_true(wl_popular_rank("numpy") > 0);
	assert_int_equal(wl_popular_rank("surely-not-a-popular-package-name"), 0);
}

static void typosquat_allow_list(void **state)
{
	struct wl_squat sq;
	const char *allow[] = { "TorchVison", NULL }; /* compared after PEP 503 normalisation */
	(void)state;
	assert_false(wl_typosquat_check("torchvison", allow, &sq));
	assert_true(wl_typosquat_check("torchvison", NULL, &sq));
}

static void name_distance(void **state)
{
	(void)state;
	assert_int_equal(wl_name_distance("openai", "openai", 2), 0);
	assert_int_equal(wl_name_distance("opneai", "openai", 2), 1);  /* adjacent swap */
	assert_int_equal(wl_name_distance("openai", "openaii", 2), 1); /* insertion */
	assert_int_equal(wl_name_distance("mistrai", "mistralai", 2), 2);
	assert_int_equal(wl_name_distance("mistrai", "mistralai", 1), 2); /* over the bound: max + 1 */
	assert_int_equal(wl_name_distance("abc", "xyzabc", 2), 3);
	assert_int_equal(wl_name_distance("", "ab", 2), 2);
}

static void hub(const char *org, const char *target, enum wl_squat_kind kind)
{
	struct wl_squat sq;
	int hit = wl_hub_org_check(org, NULL, NULL, &sq);
	if (target) {
		if (!hit)
			fail_msg("'%s' should be flagged as a look-alike of '%s'", org, target);
		assert_string_equal(sq.target, target);
		assert_int_equal(sq.kind, kind);
	} else if (hit) {
		fail_msg("'%s' flagged as a look-alike of '%s' (%s)", org, sq.target, sq.detail);
	}
}

static void hub_lookalikes(void **state)
{
	struct wl_squat sq;
	const char *known[] = { "acme-research", NULL }, *allow[] = { "Mistrai", NULL };
	(void)state;
	hub("0penai", "openai", WL_SQUAT_HOMOGLYPH);
	hub("googIe", "google", WL_SQUAT_HOMOGLYPH);
	hub("meta-IIama", "meta-llama", WL_SQUAT_HOMOGLYPH);
	hub("\xd0\xbepenai", "openai", WL_SQUAT_HOMOGLYPH); /* Cyrillic o */
	hub("rnistralai", "mistralai", WL_SQUAT_HOMOGLYPH); /* rn for m */
	hub("rneta-llama", "meta-llama", WL_SQUAT_HOMOGLYPH);
	hub("mistrai", "mistralai", WL_SQUAT_EDIT2);
	/* a homoglyph wins over an edit found first, and says which letter */
	assert_true(wl_hub_org_check("0penai", NULL, NULL, &sq));
	assert_string_equal(sq.detail, "digit '0' for 'o'");
	assert_true(wl_hub_org_check("rnistralai", NULL, NULL, &sq));
	assert_string_equal(sq.detail, "'rn' for 'm'");
	hub("meta_llama", "meta-llama", WL_SQUAT_SEPARATOR);
	hub("deepseekai", "deepseek-ai", WL_SQUAT_SEPARATOR);
	hub("micorsoft", "microsoft", WL_SQUAT_SWAP);
	hub("nvidiaa", "nvidia", WL_SQUAT_EDIT);
	/* genuine: known names in any case, near neighbours that are known too,
	 * users, short names, two substitutions in a name of the same length */
	hub("openai", NULL, 0);
	hub("OpenAI", NULL, 0);
	hub("openai-community", NULL, 0);
	hub("google", NULL, 0);
	hub("qwen", NULL, 0);
	hub("HuggingFaceM4", NULL, 0);
	hub("01-ai", NULL, 0);
	hub("ylacombe", NULL, 0);
	hub("ibn", NULL, 0);      /* ibm: short names only by homoglyphs */
	hub("openmmlab", NULL, 0); /* OpenGVLab: two substitutions */
	hub("Alibaba-AAIG", NULL, 0); /* alibaba-pai: a substitution and an insertion */
	hub("mistralaiai", "mistralai", WL_SQUAT_EDIT2);
	/* config: targets and vouched-for names */
	assert_true(wl_hub_org_check("acme-reserch", known, NULL, &sq));
	assert_string_equal(sq.target, "acme-research");
	assert_false(wl_hub_org_check("acme-research", known, NULL, &sq));
	assert_false(wl_hub_org_check("mistrai", NULL, allow, &sq));
}

static void compromised_releases(void **state)
{
	(void)state;
	assert_non_null(wl_compromised_find("torchtriton", NULL));
	assert_non_null(wl_compromised_find("torchtriton", "2.0.0"));
	assert_non_null(wl_compromised_find("ultralytics", "8.3.41"));
	assert_non_null(wl_compromised_find("ultralytics", "8.3.46"));
	assert_null(wl_compromised_find("ultralytics", "8.3.40"));
	assert_null(wl_compromised_find("ultralytics", "8.3.4"));
	assert_null(wl_compromised_find("ultralytics", NULL));
	assert_non_null(wl_compromised_find("litellm", "1.82.8"));
}

static void commit_shas(void **state)
{
	(void)state;
	assert_true(wl_is_commit_sha("0123456789abcdef0123456789abcdef01234567"));
	assert_false(wl_is_commit_sha("0123456789abcdef0123456789abcdef0123456"));
	assert_false(wl_is_commit_sha("0123456789abcdef0123456789abcdef012345678"));
	assert_false(wl_is_commit_sha("main"));
	assert_false(wl_is_commit_sha(NULL));
}

/* ------------------------------------------------------------ tsutil */

static TSParser *parser;

static int setup_parser(void **state)
{
	(void)state;
	parser = ts_parser_new();
	return parser ? 0 : -1;
}

static int teardown_parser(void **state)
{
	(void)state;
	ts_parser_delete(parser);
	return 0;
}

static void toml_tree(void **state)
{
	const char *src = "a.b = 1\n"
			  "s = \"x\\u00e9\\n\"\n"
			  "lit = 'C:\\path'\n"
			  "ml = \"\"\"\nline1 \\\n   line2\"\"\"\n"
			  "[[pkg]]\nname = \"one\"\n"
			  "[pkg.source]\ntype = \"git\"\n"
			  "[[pkg]]\nname = \"two\"\n"
			  "[t]\ninline = {x = [1, 2], \"q.k\" = true}\n";
	struct wl_tv_doc doc;
	const struct wl_tv *pkg, *v;
	(void)state;
	assert_int_equal(wl_tv_parse_with(parser, WL_LANG_TOML, src, strlen(src), &doc), 0);
	assert_false(doc.has_error);
	assert_string_equal(wl_tv_path(doc.root, "a", "b", NULL)->str, "1");
	assert_string_equal(wl_tv_str(doc.root, "s"), "x\xc3\xa9\n");
	assert_string_equal(wl_tv_str(doc.root, "lit"), "C:\\path");
	assert_string_equal(wl_tv_str(doc.root, "ml"), "line1 line2");
	pkg = wl_tv_get(doc.root, "pkg");
	assert_int_equal(pkg->kind, WL_TV_ARRAY);
	assert_int_equal(pkg->nchild, 2);
	assert_string_equal(wl_tv_str(wl_tv_get(pkg->child, "source"), "type"), "git");
	assert_string_equal(wl_tv_str(pkg->last, "name"), "two");
	assert_null(wl_tv_get(pkg->last, "source"));
	v = wl_tv_path(doc.root, "t", "inline", NULL);
	assert_int_equal(wl_tv_get(v, "x")->nchild, 2);
	assert_true(wl_tv_is_true(wl_tv_get(v, "q.k")));
	/* positions: 1-based lines and byte columns */
	v = wl_tv_get(pkg->last, "name");
	assert_int_equal(v->key_loc.line, 12);
	assert_int_equal(v->key_loc.col, 1);
	assert_int_equal(v->loc.col, 8);
	wl_tv_doc_release(&doc);
}

static void yaml_tree(void **state)
{
	const char *src = "base: &b {x: 1, y: [a, 'it''s']}\n"
			  "copy: *b\n"
			  "lit: |\n  one\n  two\n"
			  "fold: >-\n  one\n  two\n"
			  "flag: true\nword: yes\n"
			  "list:\n  - \"q\\tz\"\n  - pip:\n      - torch==2.5.0\n";
	struct wl_tv_doc doc;
	const struct wl_tv *v;
	(void)state;
	assert_int_equal(wl_tv_parse_with(parser, WL_LANG_YAML, src, strlen(src), &doc), 0);
	assert_string_equal(wl_tv_str(wl_tv_get(doc.root, "copy"), "x"), "1");
	v = wl_tv_path(doc.root, "base", "y", NULL);
	assert_string_equal(v->last->str, "it's");
	assert_string_equal(wl_tv_str(doc.root, "lit"), "one\ntwo\n");
	assert_string_equal(wl_tv_str(doc.root, "fold"), "one two");
	assert_true(wl_tv_is_true(wl_tv_get(doc.root, "flag")));
	assert_int_equal(wl_tv_get(doc.root, "word")->kind, WL_TV_STRING); /* YAML 1.2: yes is a string */
	v = wl_tv_get(doc.root, "list");
	assert_string_equal(v->child->str, "q\tz");
	v = wl_tv_get(v->last, "pip");
	assert_string_equal(v->child->str, "torch==2.5.0");
	assert_int_equal(v->child->loc.line, 14);
	assert_int_equal(v->child->loc.col, 9);
	wl_tv_doc_release(&doc);
}

static void json_tree(void **state)
{
	const char *src = "{\"a\": {\"b\": [1, 2.5, true, null]}, \"s\": \"\\u00e9\\ud83d\\ude00\\\"\"}";
	struct wl_tv_doc doc;
	const struct wl_tv *v;
	(void)state;
	assert_int_equal(wl_tv_parse_with(parser, WL_LANG_JSON, src, strlen(src), &doc), 0);
	v = wl_tv_path(doc.root, "a", "b", NULL);
	assert_int_equal(v->nchild, 4);
	assert_int_equal(v->child->next->kind, WL_TV_FLOAT);
	assert_string_equal(wl_tv_str(doc.root, "s"), "\xc3\xa9\xf0\x9f\x98\x80\"");
	wl_tv_doc_release(&doc);
}

static void deep_nesting_is_cut(void **state)
{
	char src[4096];
	struct wl_tv_doc doc;
	size_t i, n = 0;
	(void)state;
	n += (size_t)snprintf(src, sizeof(src), "a = ");
	for (i = 0; i < 1000; i++)
		src[n++] = '[';
	for (i = 0; i < 1000; i++)
		src[n++] = ']';
	src[n] = '\0';
	assert_int_equal(wl_tv_parse_with(parser, WL_LANG_TOML, src, n, &doc), 0);
	assert_true(doc.truncated);
	wl_tv_doc_release(&doc);
}

/* ------------------------------------------------------------ pipeline */

static struct wl_report scan(const char *path, const char *text)
{
	struct wl_scan_options opt;
	struct wl_report r;
	memset(&opt, 0, sizeof(opt));
	memset(&r, 0, sizeof(r));
	opt.jobs = 1;
	opt.max_text_size = 1 << 20;
	wl_scan_memory(&opt, path, (const unsigned char *)text, strlen(text), &r);
	return r;
}

static int count_rule(const struct wl_report *r, const char *id)
{
	size_t i;
	int n = 0;
	for (i = 0; i < r->nfindings; i++)
		n += strcmp(r->findings[i]->rule->id, id) == 0;
	return n;
}

static void continuation_and_comments(void **state)
{
	/* a comment line ends a continuation; '#' needs whitespace before it;
	 * a joined line keeps its first line's number */
	struct wl_report r = scan("requirements.txt", "alpha \\\n# comment\nbeta>=1 \\\n  ; python_version > '3'\n"
						      "gamma @ https://h/gamma-1.0.tar.gz#sha256=00  # c\n");
	(void)state;
	assert_int_equal(count_rule(&r, WL101), 2);
	assert_int_equal(r.findings[0]->loc.line, 1);
	assert_int_equal(r.findings[1]->loc.line, 3);
	assert_int_equal(count_rule(&r, WL105), 0); /* the #sha256 fragment survived */
	wl_report_release(&r);
}

static void hash_mode_is_per_install(void **state)
{
	struct wl_report r = scan("requirements.txt", "a==1 --hash=sha256:00\nb==2\nc>=1\n-e git+https://h/x#egg=x\n");
	(void)state;
	assert_int_equal(count_rule(&r, WL103), 3);
	assert_int_equal(count_rule(&r, WL101), 0);
	assert_int_equal(count_rule(&r, WL102), 0);
	wl_report_release(&r);
}

static void options_prefixes_and_indexes(void **state)
{
	/* optparse accepts unique prefixes of long options */
	struct wl_report r = scan("requirements.txt", "--extra-index https://x/simple\n--trusted-host=x\n"
						      "--index-url=http://y/simple\n");
	(void)state;
	assert_int_equal(count_rule(&r, WL107), 1);
	assert_int_equal(count_rule(&r, WL109), 1);
	assert_int_equal(count_rule(&r, WL108), 1);
	wl_report_release(&r);
}

static void pipfile_and_locks(void **state)
{
	struct wl_report r = scan("poetry.lock", "[[package]]\nname = \"torchtriton\"\nversion = \"2.0.0\"\nfiles = []\n");
	(void)state;
	assert_int_equal(count_rule(&r, WL111), 1);
	assert_int_equal(count_rule(&r, WL106), 1);
	wl_report_release(&r);
	r = scan("Pipfile.lock", "{\"default\": {\"ultralytics\": {\"version\": \"==8.3.41\", \"hashes\": [\"sha256:00\"]}}}");
	assert_int_equal(count_rule(&r, WL111), 1);
	assert_int_equal(count_rule(&r, WL106), 0);
	wl_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(typosquats_flagged),
		cmocka_unit_test(popular_names_silent),
		cmocka_unit_test(typosquat_allow_list),
		cmocka_unit_test(name_distance),
		cmocka_unit_test(hub_lookalikes),
		cmocka_unit_test(compromised_releases),
		cmocka_unit_test(commit_shas),
		cmocka_unit_test_setup_teardown(toml_tree, setup_parser, teardown_parser),
		cmocka_unit_test_setup_teardown(yaml_tree, setup_parser, teardown_parser),
		cmocka_unit_test_setup_teardown(json_tree, setup_parser, teardown_parser),
		cmocka_unit_test_setup_teardown(deep_nesting_is_cut, setup_parser, teardown_parser),
		cmocka_unit_test(continuation_and_comments),
		cmocka_unit_test(hash_mode_is_per_install),
		cmocka_unit_test(options_prefixes_and_indexes),
		cmocka_unit_test(pipfile_and_locks),
	};
	return cmocka_run_group_tests_name("deps", tests, NULL, NULL);
}
