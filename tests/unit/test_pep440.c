/*
 * test_pep440.c - PEP 440 versions and specifiers (scanners/parse/pep440.c): the
 * PEP's own ordering examples, normalisation of every spelling it allows,
 * refusals and bounds, specifier sets with their exclusive-ordering,
 * local-version and pre-release rules, and the bounds helper.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "pep440.h"
#include "util.h"

static struct wl_pep440 V(const char *s)
{
	struct wl_pep440 v;
	int r = wl_pep440_parse(s, strlen(s), &v);
	if (r)
		fail_msg("'%s' did not parse (%d)", s, r);
	return v;
}

static int cmp(const char *a, const char *b)
{
	struct wl_pep440 x = V(a), y = V(b);
	return wl_pep440_cmp(&x, &y);
}

static void strictly_increasing(const char *const *list, size_t n)
{
	size_t i, j;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++) {
			int c = cmp(list[i], list[j]), want = i < j ? -1 : i > j ? 1 : 0;
			if ((c < 0 ? -1 : c > 0) != want)
				fail_msg("cmp(%s, %s) = %d, want %d", list[i], list[j], c, want);
		}
}

/* PEP 440, "Summary of permitted suffixes and relative ordering" */
static void pep_ordering_example(void **state)
{
	static const char *const order[] = {
		"1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12",
		"1.0b1.dev456", "1.0b2", "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1",
		"1.0", "1.0+abc.5", "1.0+abc.7", "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15",
		"1.1.dev1",
	};
	(void)state;
	strictly_increasing(order, WL_ARRAY_SIZE(order));
}

static void epochs_and_dates(void **state)
{
	static const char *const order[] = {
		"1.0", "1.1", "2.0", "2013.10", "2014.04", "1!0", "1!1.0", "1!1.1", "1!2.0", "2!0.1",
	};
	(void)state;
	strictly_increasing(order, WL_ARRAY_SIZE(order));
	assert_int_equal(cmp("0!1.0", "1.0"), 0);
}

static void trailing_zeros_and_leading_zeros(void **state)
{
	(void)state;
	assert_int_equal(cmp("1", "1.0"), 0);
	assert_int_equal(cmp("1.0", "1.0.0.0"), 0);
	assert_int_equal(cmp("01.002", "1.2"), 0);
	assert_int_equal(cmp("1.0a01", "1.0a1"), 0);
	assert_true(cmp("1.0.1", "1.0") > 0);
	assert_true(cmp("1.10", "1.9") > 0);
	assert_true(cmp("1.0.0rc1", "1.0") < 0);
	assert_int_equal(cmp("1.0rc1", "1.0.0rc1"), 0);
}

static void pre_post_dev(void **state)
{
	(void)state;
	assert_true(cmp("1.0.dev1", "1.0a1") < 0);
	assert_true(cmp("1.0a1", "1.0b1") < 0);
	assert_true(cmp("1.0b1", "1.0rc1") < 0);
	assert_true(cmp("1.0rc1", "1.0") < 0);
	assert_true(cmp("1.0", "1.0.post1") < 0);
	assert_true(cmp("1.0.post1.dev1", "1.0.post1") < 0);
	assert_true(cmp("1.0.post1.dev1", "1.0") > 0);
	assert_true(cmp("1.0a1.dev1", "1.0a1") < 0);
	assert_true(cmp("1.0a1.post1", "1.0a2") < 0);
	assert_true(cmp("1.0c1", "1.0rc2") < 0);
	assert_int_equal(cmp("1.0c1", "1.0rc1"), 0);
	assert_true(cmp("1.0.dev2", "1.0.dev10") < 0);
}

static void local_versions(void **state)
{
	struct wl_pep440 a = V("1.0+local"), b = V("1.0");
	(void)state;
	assert_true(wl_pep440_cmp(&a, &b) > 0);
	assert_int_equal(wl_pep440_cmp_public(&a, &b), 0);
	assert_true(cmp("1.0+abc", "1.0+abc.1") < 0);  /* prefix first */
	assert_true(cmp("1.0+abc", "1.0+abd") < 0);    /* words lexically */
	assert_true(cmp("1.0+zzz", "1.0+1") < 0);      /* numbers after words */
	assert_true(cmp("1.0+9", "1.0+10") < 0);       /* numbers by value */
	assert_int_equal(cmp("1.0+010", "1.0+10"), 0);
	assert_int_equal(cmp("1.0+Ubuntu-1", "1.0+ubuntu.1"), 0);
	assert_true(cmp("2.5.1+cu121", "2.6.0") < 0);
	assert_true(cmp("1.0+local", "1.0.post1") < 0);
}

static void normalisation(void **state)
{
	static const char *const pairs[][2] = {
		{ "1.0RC1", "1.0rc1" },        { "1.0-post1", "1.0.post1" },  { "v1.0", "1.0" },
		{ "V1.0", "1.0" },             { "1.0alpha1", "1.0a1" },      { "1.0BETA2", "1.0b2" },
		{ "1.0c1", "1.0rc1" },         { "1.0.preview2", "1.0rc2" },  { "1.0-pre_3", "1.0rc3" },
		{ "1.0-1", "1.0.post1" },      { "1.0rev", "1.0.post0" },     { "1.0-r4", "1.0.post4" },
		{ "1.0.DEV", "1.0.dev0" },     { "1.0-dev-2", "1.0.dev2" },   { "1.0a", "1.0a0" },
		{ "1.0.a.1", "1.0a1" },        { "1.0_a_1", "1.0a1" },        { " 1.0 \n", "1.0" },
		{ "01.002", "1.2" },           { "0!1.0", "1.0" },            { "1!1.0", "1!1.0" },
		{ "1.0+Ubuntu-1", "1.0+ubuntu.1" }, { "1.0+abc_7", "1.0+abc.7" },
		{ "1.0a1-post2.dev3+x", "1.0a1.post2.dev3+x" }, { "1.0.post", "1.0.post0" },
		{ "2014.04", "2014.4" },
	};
	size_t i;
	char buf[WL_PEP440_MAX_TEXT];
	(void)state;
	for (i = 0; i < WL_ARRAY_SIZE(pairs); i++) {
		struct wl_pep440 v = V(pairs[i][0]);
		wl_pep440_format(&v, buf, sizeof(buf));
		if (strcmp(buf, pairs[i][1]))
			fail_msg("'%s' normalised to '%s', want '%s'", pairs[i][0], buf, pairs[i][1]);
	}
}

static void refusals_and_limits(void **state)
{
	static const char *const bad[] = {
		"", "   ", "a1.0", "1.0.", "1..0", "1.0-", "1.0 foo", "1!", "!1", "1.0+", "1.0+a..b",
		"1.0+abc!", ">1", "1.0.post1.post2", "1.0rc1rc2", "1.0-dev-", "1,0", "1.0*", "1.0+a/b", "-1",
		"1.0\x01",
	};
	char big[400];
	struct wl_pep440 v;
	size_t i;
	(void)state;
	for (i = 0; i < WL_ARRAY_SIZE(bad); i++)
		if (wl_pep440_parse(bad[i], strlen(bad[i]), &v) == 0)
			fail_msg("'%s' parsed", bad[i]);
	memset(big, '1', sizeof(big));
	assert_int_equal(wl_pep440_parse(big, sizeof(big), &v), WL_ELIMIT);          /* text */
	assert_int_equal(wl_pep440_parse("99999999999999999999", 20, &v), WL_ELIMIT); /* number */
	assert_int_equal(wl_pep440_parse("1.0+" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 79, &v),
			 WL_ELIMIT); /* local label */
	{
		char many[100] = "1";
		size_t o = 1;
		for (i = 0; i < 25; i++)
			o += (size_t)snprintf(many + o, sizeof(many) - o, ".1");
		assert_int_equal(wl_pep440_parse(many, strlen(many), &v), WL_ELIMIT); /* components */
	}
	assert_int_equal(wl_pep440_parse("1.0x", 3, &v), 0); /* only `len` bytes are read */
	assert_int_equal(wl_pep440_parse("1000000000000000000", 19, &v), 0);
}

static int in(const char *spec, const char *ver, int pre)
{
	struct wl_pep440_spec s;
	struct wl_pep440 v = V(ver);
	int r = wl_pep440_spec_parse(spec, strlen(spec), &s);
	if (r)
		fail_msg("spec '%s' did not parse (%d)", spec, r);
	return wl_pep440_spec_contains(&s, &v, ver, pre);
}

#define IN(spec, ver) assert_true(in(spec, ver, WL_PEP440_PRE_DEFAULT))
#define OUT(spec, ver) assert_false(in(spec, ver, WL_PEP440_PRE_DEFAULT))
#define IN_PRE(spec, ver) assert_true(in(spec, ver, WL_PEP440_PRE_INCLUDE))
#define OUT_PRE(spec, ver) assert_false(in(spec, ver, WL_PEP440_PRE_INCLUDE))

static void specifier_compatible(void **state)
{
	(void)state;
	IN("~=2.2", "2.2");
	IN("~=2.2", "2.3");
	IN("~=2.2", "2.9.9.post1");
	OUT("~=2.2", "3.0");
	OUT("~=2.2", "2.1");
	IN("~=1.4.5", "1.4.9");
	OUT("~=1.4.5", "1.5.0");
	OUT("~=1.4.5", "1.4.4");
	IN("~=2.2.post3", "2.2.post3");
	IN("~=2.2.post3", "2.9");
	OUT("~=2.2.post3", "2.2");
	OUT("~=2.2.post3", "3.0");
	IN("~=1.4.5a4", "1.4.5a4");
	IN("~=1.4.5a4", "1.4.7");
	OUT("~=1.4.5a4", "1.5");
	IN("~=1!2.0", "1!2.5");
	OUT("~=1!2.0", "2.5");
}

static void specifier_equality(void **state)
{
	(void)state;
	IN("==1.1", "1.1.0");
	IN("==1.1", "1.1+local"); /* the candidate's local label is ignored */
	OUT("==1.1", "1.1.post1");
	OUT("==1.1+local", "1.1");
	IN("==1.1+local", "1.1+local");
	IN("==1.1.*", "1.1.0");
	IN("==1.1.*", "1.1.post1");
	IN("==1.1.*", "1.1.5+x");
	OUT("==1.1.*", "1.10");
	OUT("==1.1.*", "1.2");
	IN_PRE("==1.1.*", "1.1a1");
	OUT("==1.1.*", "1.1a1"); /* a pre-release, not asked for */
	IN("==1.*", "1");
	IN("!=1.1.*", "1.2");
	OUT("!=1.1.*", "1.1.3");
	OUT("!=1.1", "1.1.0");
	IN("!=1.1", "1.1.post1");
	assert_true(in("===1.0", "1.0", WL_PEP440_PRE_DEFAULT));
	OUT("===1.0", "1.0.0");
}

static void specifier_exclusive_ordering(void **state)
{
	(void)state;
	IN(">1.7", "1.7.1");
	OUT(">1.7", "1.7");
	OUT(">1.7", "1.7.0.post1"); /* not a post-release of the bound */
	OUT(">1.7", "1.7+local");
	IN(">1.7.post2", "1.7.0.post3");
	IN(">1.7.post2", "1.7.1");
	OUT(">1.7.post2", "1.7.post2");
	IN("<1.7", "1.6");
	OUT_PRE("<1.7", "1.7.0rc1"); /* not a pre-release of the bound */
	OUT_PRE("<1.7", "1.7.dev0");
	IN_PRE("<1.7", "1.6rc1");
	IN("<1.7rc2", "1.7rc1");
	OUT("<1.7", "1.7");
	IN("<=1.7", "1.7+local");
	IN("<=1.7", "1.7");
	OUT("<=1.7", "1.7.post1");
	IN(">=1.7", "1.7+local");
	OUT(">=1.7", "1.6.99");
}

static void specifier_prereleases_and_sets(void **state)
{
	(void)state;
	OUT(">=1.0", "2.0a1");
	IN_PRE(">=1.0", "2.0a1");
	IN(">=1.0a1", "2.0b1"); /* a clause names a pre-release */
	OUT("!=1.0a1", "2.0b1");
	assert_false(in(">=1.0a1", "2.0b1", WL_PEP440_PRE_EXCLUDE));
	IN(">=1.0, <2.0, !=1.5.*", "1.4");
	OUT(">=1.0, <2.0, !=1.5.*", "1.5.2");
	OUT(">=1.0, <2.0, !=1.5.*", "2.0");
	IN("", "3.0");
	IN("  >= 1.0 ,< 2 ", "1.9");
}

static void specifier_refusals(void **state)
{
	static const char *const bad[] = {
		"~=1", "==1.0.*+local", ">=1.0+local", "~=1.0.*", "=>1.0", "1.0", ">=", ",", ">=1.0,,<2",
		">=1.0,", "==1.0a1.*", "<>1", "== 1.0 2",
	};
	struct wl_pep440_spec s;
	size_t i;
	(void)state;
	for (i = 0; i < WL_ARRAY_SIZE(bad); i++)
		if (wl_pep440_spec_parse(bad[i], strlen(bad[i]), &s) == 0)
			fail_msg("spec '%s' parsed", bad[i]);
	{
		char many[400] = ">=1";
		size_t o = 3;
		for (i = 0; i < 40; i++)
			o += (size_t)snprintf(many + o, sizeof(many) - o, ",>=1");
		assert_int_equal(wl_pep440_spec_parse(many, strlen(many), &s), WL_ELIMIT);
	}
}

static void bounds(void **state)
{
	struct wl_pep440_spec s;
	struct wl_pep440_bounds b;
	struct wl_pep440 t = V("2.6");
	char buf[64];
	(void)state;
	assert_int_equal(wl_pep440_spec_parse(">=2.1,<2.6", 10, &s), 0);
	wl_pep440_spec_bounds(&s, &b);
	assert_true(b.has_lo && b.lo_incl && b.has_hi && !b.hi_incl);
	assert_int_equal(wl_pep440_cmp(&b.hi, &t), 0);
	assert_int_equal(wl_pep440_spec_parse("~=2.6", 5, &s), 0);
	wl_pep440_spec_bounds(&s, &b);
	wl_pep440_format(&b.hi, buf, sizeof(buf));
	assert_string_equal(buf, "3.dev0");
	assert_true(wl_pep440_cmp(&b.lo, &t) >= 0); /* admits nothing below 2.6 */
	assert_int_equal(wl_pep440_spec_parse("==2.5.*", 7, &s), 0);
	wl_pep440_spec_bounds(&s, &b);
	wl_pep440_format(&b.lo, buf, sizeof(buf));
	assert_string_equal(buf, "2.5");
	wl_pep440_format(&b.hi, buf, sizeof(buf));
	assert_string_equal(buf, "2.6.dev0");
	assert_int_equal(wl_pep440_spec_parse(">1,>=1,<=3,<3", 13, &s), 0);
	wl_pep440_spec_bounds(&s, &b);
	assert_false(b.lo_incl); /* >1 is tighter than >=1 */
	assert_false(b.hi_incl);
	assert_int_equal(wl_pep440_spec_parse("!=2.0", 5, &s), 0);
	wl_pep440_spec_bounds(&s, &b);
	assert_false(b.has_lo || b.has_hi);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pep_ordering_example),
		cmocka_unit_test(epochs_and_dates),
		cmocka_unit_test(trailing_zeros_and_leading_zeros),
		cmocka_unit_test(pre_post_dev),
		cmocka_unit_test(local_versions),
		cmocka_unit_test(normalisation),
		cmocka_unit_test(refusals_and_limits),
		cmocka_unit_test(specifier_compatible),
		cmocka_unit_test(specifier_equality),
		cmocka_unit_test(specifier_exclusive_ordering),
		cmocka_unit_test(specifier_prereleases_and_sets),
		cmocka_unit_test(specifier_refusals),
		cmocka_unit_test(bounds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
