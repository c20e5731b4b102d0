/*
 * test_osv.c - the OSV database (scanners/parse/osv.c): each range event kind
 * (introduced, fixed, last_affected, limit), versions lists, several ranges
 * and affected entries, withdrawn records, other ecosystems, PEP 503 names,
 * alias folding, severity (CVSS v3 base scores from the specification's
 * examples, database_specific), RFC 3339 dates, and the bounds.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "osv.h"
#include "util.h"

static struct wl_osv_db *db_of(const char *const *records, size_t n)
{
	struct wl_osv_db *db = wl_osv_new(NULL);
	size_t i;
	for (i = 0; i < n; i++) {
		char *err = NULL;
		if (wl_osv_add_json(db, "test", records[i], strlen(records[i]), &err))
			fail_msg("record %zu: %s", i, err);
	}
	wl_osv_finalize(db);
	return db;
}

/* The ids affecting name==version, ";"-joined, and the first fixed version. */
static const char *q(const struct wl_osv_db *db, const char *name, const char *ver, const char **fixed)
{
	static char buf[512];
	struct wl_osv_match *m;
	size_t n = wl_osv_query(db, "PyPI", name, ver, &m), i, o = 0;
	buf[0] = '\0';
	for (i = 0; i < n && o < sizeof(buf); i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? ";" : "", m[i].id);
	if (fixed)
		*fixed = n ? m[0].fixed : NULL;
	free(m);
	return buf;
}

#define REC(id, pkg, events) \
	"{\"id\":\"" id "\",\"modified\":\"2026-01-02T03:04:05Z\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\"," \
	"\"name\":\"" pkg "\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[" events "]}]}]}"

static void event_introduced_fixed(void **state)
{
	static const char *const r[] = { REC("A-1", "pkg", "{\"introduced\":\"1.0\"},{\"fixed\":\"1.5\"}") };
	struct wl_osv_db *db = db_of(r, 1);
	const char *fx;
	(void)state;
	assert_string_equal(q(db, "pkg", "0.9", NULL), "");
	assert_string_equal(q(db, "pkg", "1.0", &fx), "A-1");
	assert_string_equal(fx, "1.5");
	assert_string_equal(q(db, "pkg", "1.5rc1", NULL), "A-1"); /* a pre-release of the fix is before it */
	assert_string_equal(q(db, "pkg", "1.4.99.post3", NULL), "A-1");
	assert_string_equal(q(db, "pkg", "1.0.dev1", NULL), ""); /* before 1.0 */
	assert_string_equal(q(db, "pkg", "1.5", NULL), "");
	assert_string_equal(q(db, "pkg", "1.5.0", NULL), "");
	assert_string_equal(q(db, "pkg", "2.0", NULL), "");
	wl_osv_free(db);
}

static void event_introduced_zero_only(void **state)
{
	static const char *const r[] = { REC("A-2", "pkg", "{\"introduced\":\"0\"}") };
	struct wl_osv_db *db = db_of(r, 1);
	const char *fx;
	(void)state;
	assert_string_equal(q(db, "pkg", "0.0.dev0", &fx), "A-2");
	assert_null(fx);
	assert_string_equal(q(db, "pkg", "99!1", NULL), "A-2");
	wl_osv_free(db);
}

static void event_last_affected(void **state)
{
	static const char *const r[] = { REC("A-3", "pkg", "{\"introduced\":\"1.0\"},{\"last_affected\":\"1.4.2\"}") };
	struct wl_osv_db *db = db_of(r, 1);
	(void)state;
	assert_string_equal(q(db, "pkg", "1.4.2", NULL), "A-3");
	assert_string_equal(q(db, "pkg", "1.4.2.0", NULL), "A-3");
	assert_string_equal(q(db, "pkg", "1.4.2+local", NULL), ""); /* after 1.4.2 in PEP 440 order */
	assert_string_equal(q(db, "pkg", "1.4.2.post1", NULL), "");
	assert_string_equal(q(db, "pkg", "1.4.3", NULL), "");
	wl_osv_free(db);
}

static void event_limit(void **state)
{
	static const char *const r[] = {
		REC("A-4", "pkg", "{\"introduced\":\"0\"},{\"fixed\":\"1.5\"},{\"introduced\":\"3.0\"},{\"limit\":\"4.0\"}"),
	};
	struct wl_osv_db *db = db_of(r, 1);
	(void)state;
	assert_string_equal(q(db, "pkg", "1.0", NULL), "A-4");
	assert_string_equal(q(db, "pkg", "2.0", NULL), "");
	assert_string_equal(q(db, "pkg", "3.5", NULL), "A-4");
	assert_string_equal(q(db, "pkg", "4.0", NULL), ""); /* at the limit: outside */
	assert_string_equal(q(db, "pkg", "5.0", NULL), "");
	wl_osv_free(db);
}

static void events_out_of_order_and_several_ranges(void **state)
{
	static const char *const r[] = {
		"{\"id\":\"A-5\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"Multi_Pkg\"},\"ranges\":["
		"{\"type\":\"ECOSYSTEM\",\"events\":[{\"fixed\":\"0.5\"},{\"introduced\":\"0\"}]},"
		"{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0.7\"},{\"fixed\":\"0.9\"}]},"
		"{\"type\":\"GIT\",\"repo\":\"https://x\",\"events\":[{\"introduced\":\"0\"}]}]},"
		"{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"other\"},\"versions\":[\"1.0\"]}]}",
	};
	struct wl_osv_db *db = db_of(r, 1);
	const char *fx;
	(void)state;
	assert_string_equal(q(db, "multi-pkg", "0.4", &fx), "A-5");
	assert_string_equal(fx, "0.5");
	assert_string_equal(q(db, "multi-pkg", "0.6", NULL), ""); /* the GIT range does not apply */
	assert_string_equal(q(db, "multi-pkg", "0.8", &fx), "A-5");
	assert_string_equal(fx, "0.9");
	assert_string_equal(q(db, "other", "1.0.0", NULL), "A-5");
	assert_string_equal(q(db, "Multi_Pkg", "0.4", NULL), ""); /* callers pass normalised names */
	wl_osv_free(db);
}

static void versions_list(void **state)
{
	static const char *const r[] = {
		"{\"id\":\"A-6\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"listed\"},"
		"\"versions\":[\"3.1\",\"3.2.0\",\"1!4.0\",\"weird-tag\"]}]}",
	};
	struct wl_osv_db *db = db_of(r, 1);
	(void)state;
	assert_string_equal(q(db, "listed", "3.1", NULL), "A-6");
	assert_string_equal(q(db, "listed", "3.2", NULL), "A-6");
	assert_string_equal(q(db, "listed", "3.1.0.0", NULL), "A-6");
	assert_string_equal(q(db, "listed", "1!4", NULL), "A-6");
	assert_string_equal(q(db, "listed", "4.0", NULL), "");
	assert_string_equal(q(db, "listed", "3.1+cu121", NULL), "A-6"); /* a local build of a listed release */
	assert_string_equal(q(db, "listed", "3.1.post1", NULL), "");
	assert_string_equal(q(db, "listed", "weird-tag", NULL), "A-6");
	assert_string_equal(q(db, "listed", "3.3", NULL), "");
	wl_osv_free(db);
}

static void withdrawn_other_ecosystem_and_folding(void **state)
{
	static const char *const r[] = {
		"{\"id\":\"W-1\",\"withdrawn\":\"2026-01-01T00:00:00Z\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\","
		"\"name\":\"pkg\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]}]}",
		"{\"id\":\"N-1\",\"affected\":[{\"package\":{\"ecosystem\":\"npm\",\"name\":\"pkg\"},\"ranges\":[{\"type\":"
		"\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"}]}]}]}",
		"{\"id\":\"PYSEC-1\",\"aliases\":[\"CVE-1\"],\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":"
		"\"pkg\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"2.0\"}]}]}]}",
		"{\"id\":\"GHSA-1\",\"aliases\":[\"CVE-1\"],\"summary\":\"s\",\"affected\":[{\"package\":{\"ecosystem\":"
		"\"PyPI\",\"name\":\"pkg\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
		"{\"fixed\":\"1.5\"}]}]}]}",
	};
	struct wl_osv_db *db = db_of(r, 4);
	const struct wl_osv_info *in = wl_osv_get_info(db);
	struct wl_osv_match *m;
	size_t n;
	(void)state;
	n = wl_osv_query(db, "PyPI", "pkg", "1.0", &m);
	assert_int_equal(n, 1);
	assert_string_equal(m[0].id, "GHSA-1");
	assert_string_equal(m[0].aliases, "CVE-1, PYSEC-1");
	assert_string_equal(m[0].summary, "s");
	assert_string_equal(m[0].fixed, "1.5"); /* the lowest fix above the version */
	assert_int_equal(m[0].level, WL_LEVEL_WARNING);
	free(m);
	assert_string_equal(q(db, "pkg", "1.7", NULL), "GHSA-1"); /* PYSEC-1 alone still matches */
	assert_string_equal(q(db, "pkg", "2.0", NULL), "");     /* W-1 is withdrawn, N-1 is npm */
	assert_int_equal(in->records, 4);
	assert_int_equal(in->withdrawn, 1);
	assert_int_equal(in->clusters, 2);
	assert_string_equal(in->ecosystems[0], "PyPI");
	assert_string_equal(in->ecosystems[1], "npm");
	assert_null(in->ecosystems[2]);
	wl_osv_free(db);
}

static void cvss3_scores(void **state)
{
	static const struct { const char *v; double s; } t[] = {
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8 },
		{ "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9 },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1 },
		{ "CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8 },
		{ "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:L/A:N", 5.9 },
		{ "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6 },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0 },
		{ "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1 },
		{ "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 6.5 },
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O", 9.8 }, /* temporal: base unchanged */
		{ "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", -1 },               /* A missing */
		{ "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", -1 },      /* twice */
		{ "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", -1 },
		{ "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", -1 },
		{ "CVSS:3.1/AV:N/AC:LL/PR:N/UI:N/S:U/C:H/I:H/A:H", -1 },
		{ "", -1 },
	};
	size_t i;
	(void)state;
	for (i = 0; i < WL_ARRAY_SIZE(t); i++) {
		double s = wl_cvss3_base_score(t[i].v);
		if (fabs(s - t[i].s) > 1e-9)
			fail_msg("%s: %.2f, want %.1f", t[i].v, s, t[i].s);
	}
}

static void severity_levels(void **state)
{
	static const char *const r[] = {
		"{\"id\":\"S-1\",\"severity\":[{\"type\":\"CVSS_V3\",\"score\":\"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N\"}],"
		"\"database_specific\":{\"severity\":\"CRITICAL\"},"
		"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"a\"},\"versions\":[\"1\"]}]}",
		"{\"id\":\"S-2\",\"database_specific\":{\"severity\":\"HIGH\"},"
		"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"b\"},\"versions\":[\"1\"]}]}",
		"{\"id\":\"S-3\",\"severity\":[{\"type\":\"CVSS_V4\",\"score\":\"CVSS:4.0/AV:N\"}],"
		"\"database_specific\":{\"severity\":\"LOW\"},"
		"\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"c\"},\"versions\":[\"1\"]}]}",
		"{\"id\":\"S-4\",\"affected\":[{\"package\":{\"ecosystem\":\"PyPI\",\"name\":\"d\"},\"versions\":[\"1\"]}]}",
	};
	static const struct { const char *name; enum wl_level l; } want[] = {
		{ "a", WL_LEVEL_NOTE }, /* the CVSS vector (1.6) wins over database_specific */
		{ "b", WL_LEVEL_ERROR },
		{ "c", WL_LEVEL_NOTE },
		{ "d", WL_LEVEL_WARNING },
	};
	struct wl_osv_db *db = db_of(r, 4);
	size_t i;
	(void)state;
	for (i = 0; i < 4; i++) {
		struct wl_osv_match *m;
		assert_int_equal(wl_osv_query(db, "PyPI", want[i].name, "1", &m), 1);
		assert_int_equal(m[0].level, want[i].l);
		free(m);
	}
	wl_osv_free(db);
}

static void dates(void **state)
{
	(void)state;
	assert_int_equal(wl_osv_parse_time("1970-01-02T00:00:00Z"), 86400);
	assert_int_equal(wl_osv_parse_time("2026-11-25T08:30:00.123456Z"), 1795595400);
	assert_int_equal(wl_osv_parse_time("2026-11-25T08:30:00+00:00"), 1795595400);
	assert_int_equal(wl_osv_parse_time("2026-11-25"), -1);
	assert_int_equal(wl_osv_parse_time("2026-13-25T08:30:00Z"), -1);
	assert_int_equal(wl_osv_parse_time("2026-11-25T08:30:00+02:00"), -1);
}

static void bounds_and_errors(void **state)
{
	struct wl_osv_limits lim = { .max_record = 64, .max_records = 2, .max_total = 1000 };
	struct wl_osv_db *db = wl_osv_new(&lim);
	char *err = NULL;
	const char *small = "{\"id\":\"X\"}";
	char big[100];
	(void)state;
	memset(big, ' ', sizeof(big));
	assert_int_equal(wl_osv_add_json(db, "big", big, sizeof(big), &err), WL_ELIMIT);
	assert_non_null(strstr(err, "larger than 64 bytes"));
	free(err);
	assert_int_equal(wl_osv_add_json(db, "bad", "{\"id\":", 6, &err), WL_EFORMAT);
	assert_non_null(strstr(err, "not valid JSON"));
	free(err);
	assert_int_equal(wl_osv_add_json(db, "noid", "{}", 2, &err), WL_EFORMAT);
	free(err);
	assert_int_equal(wl_osv_add_json(db, "a", small, strlen(small), &err), 0);
	assert_int_equal(wl_osv_add_json(db, "b", small, strlen(small), &err), 0);
	assert_int_equal(wl_osv_add_json(db, "c", small, strlen(small), &err), WL_ELIMIT);
	assert_non_null(strstr(err, "more than 2 records"));
	free(err);
	wl_osv_free(db);
	assert_int_not_equal(wl_osv_load("/nonexistent/osv", NULL, &db, &err), 0);
	assert_non_null(strstr(err, "No such file"));
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(event_introduced_fixed),
		cmocka_unit_test(event_introduced_zero_only),
		cmocka_unit_test(event_last_affected),
		cmocka_unit_test(event_limit),
		cmocka_unit_test(events_out_of_order_and_several_ranges),
		cmocka_unit_test(versions_list),
		cmocka_unit_test(withdrawn_other_ecosystem_and_folding),
		cmocka_unit_test(cvss3_scores),
		cmocka_unit_test(severity_levels),
		cmocka_unit_test(dates),
		cmocka_unit_test(bounds_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
