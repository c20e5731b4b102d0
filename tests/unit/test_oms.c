/*
 * test_oms.c - the OpenSSF Model Signing primitives (scanners/parse/oms.c)
 * that the end-to-end checks (tests/checks/oms.sh) exercise only through
 * their results: the manifest order (pathlib's component-wise order, shards
 * by offset), base64 in both alphabets, the DSSE PAE, the root digest, the
 * ignore-path match, the statement's exact text and the media types.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "oms.h"
#include "util.h"

static void item(struct wl_oms_item *it, const char *name, char hexc)
{
	memset(it, 0, sizeof *it);
	it->name = wl_strdup(name);
	it->algorithm = wl_strdup("sha256");
	memset(it->hex, hexc, 64);
}

static void free_items(struct wl_oms_item *it, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(it[i].name);
		free(it[i].algorithm);
	}
}

static void order_is_component_wise(void **state)
{
	/* byte order would put "a.b" before "a/b" ('.' < '/'); pathlib compares parts */
	struct wl_oms_item it[5];
	(void)state;
	item(&it[0], "a.b", '1');
	item(&it[1], "a/b", '2');
	item(&it[2], "a", '3');
	item(&it[3], "a-c/x", '4');
	item(&it[4], "B", '5');
	wl_oms_sort_items(it, 5, 0);
	assert_string_equal(it[0].name, "B");
	assert_string_equal(it[1].name, "a");
	assert_string_equal(it[2].name, "a/b");
	assert_string_equal(it[3].name, "a-c/x");
	assert_string_equal(it[4].name, "a.b");
	free_items(it, 5);
}

static void shards_by_offset(void **state)
{
	struct wl_oms_item it[4];
	(void)state;
	item(&it[0], "w.bin:1000:1500", '1');
	item(&it[1], "w.bin:0:500", '2');
	item(&it[2], "w.bin:500:1000", '3');
	item(&it[3], "a:b.bin:0:9", '4'); /* a path holding ':' */
	wl_oms_sort_items(it, 4, 1);
	assert_string_equal(it[0].name, "a:b.bin:0:9");
	assert_string_equal(it[1].name, "w.bin:0:500");
	assert_string_equal(it[2].name, "w.bin:500:1000");
	assert_string_equal(it[3].name, "w.bin:1000:1500");
	free_items(it, 4);
}

static void base64_both_alphabets(void **state)
{
	unsigned char *out;
	size_t n;
	char *enc;
	(void)state;
	assert_int_equal(wl_oms_b64decode("aGk/Pz8=", &out, &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "hi???", 5);
	free(out);
	assert_int_equal(wl_oms_b64decode("aGk_Pz8", &out, &n), 0); /* URL-safe, unpadded */
	assert_int_equal(n, 5);
	assert_memory_equal(out, "hi???", 5);
	free(out);
	assert_int_equal(wl_oms_b64decode("", &out, &n), 0);
	assert_int_equal(n, 0);
	free(out);
	assert_int_equal(wl_oms_b64decode("aGk=x", &out, &n), -1);  /* data after padding */
	assert_int_equal(wl_oms_b64decode("a", &out, &n), -1);      /* impossible length */
	assert_int_equal(wl_oms_b64decode("aG k=", &out, &n), -1);  /* not the alphabet */
	enc = wl_oms_b64encode((const unsigned char *)"hi???", 5);
	assert_string_equal(enc, "aGk/Pz8=");
	free(enc);
}

static void pae_and_root_digest(void **state)
{
	size_t n;
	unsigned char *p = wl_oms_pae((const unsigned char *)"{}", 2, &n);
	struct wl_oms_item it[1];
	char root[65];
	(void)state;
	assert_int_equal(n, strlen("DSSEv1 28 application/vnd.in-toto+json 2 {}"));
	assert_memory_equal(p, "DSSEv1 28 application/vnd.in-toto+json 2 {}", n);
	free(p);
	/* the v1.0.1 fixture's two resources hash to its subject digest */
	item(&it[0], "x", '0');
	assert_int_equal(wl_oms_root_digest(it, 0, root), 0);
	assert_string_equal(root, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	free_items(it, 1);
	{
		struct wl_oms_item two[2];
		item(&two[0], "signme-1", '0');
		item(&two[1], "signme-2", '0');
		memcpy(two[0].hex, "bc9a717db6064a32cbe9eae6fc40651dd6d36ef1757183f590eff2b1765d7ebc", 65);
		memcpy(two[1].hex, "32dcb1f8e1ae52d5963e56a6ba06ab58b424c15ed2a6b70d2feca1d089370028", 65);
		assert_int_equal(wl_oms_root_digest(two, 2, root), 0);
		assert_string_equal(root, "92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4");
		memcpy(two[1].hex, "zz", 3);
		assert_int_equal(wl_oms_root_digest(two, 2, root), -1);
		free_items(two, 2);
	}
}

static void ignore_paths_match_components(void **state)
{
	char a[] = ".git", b[] = "./sub/", c[] = "ignore-me";
	char *paths[] = { a, b, c };
	(void)state;
	assert_true(wl_oms_path_ignored(".git/HEAD", paths, 3));
	assert_true(wl_oms_path_ignored(".git", paths, 3));
	assert_false(wl_oms_path_ignored(".github/x", paths, 3));
	assert_false(wl_oms_path_ignored(".gitx", paths, 3));
	assert_true(wl_oms_path_ignored("sub/a/b", paths, 3));
	assert_false(wl_oms_path_ignored("subway", paths, 3));
	assert_true(wl_oms_path_ignored("ignore-me", paths, 3));
	assert_false(wl_oms_path_ignored("ignore-me-not", paths, 3));
}

static void statement_text(void **state)
{
	static const char want[] =
		"{\n"
		"  \"_type\": \"https://in-toto.io/Statement/v1\",\n"
		"  \"subject\": [\n"
		"    {\n"
		"      \"name\": \"m\\\"q\",\n"
		"      \"digest\": {\n"
		"        \"sha256\": \"92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4\"\n"
		"      }\n"
		"    }\n"
		"  ],\n"
		"  \"predicateType\": \"https://model_signing/signature/v1.0\",\n"
		"  \"predicate\": {\n"
		"    \"serialization\": {\n"
		"      \"method\": \"files\",\n"
		"      \"hash_type\": \"sha256\",\n"
		"      \"allow_symlinks\": false,\n"
		"      \"ignore_paths\": [\n"
		"        \".git\",\n"
		"        \"model.sig\"\n"
		"      ]\n"
		"    },\n"
		"    \"resources\": [\n"
		"      {\n"
		"        \"name\": \"signme-1\",\n"
		"        \"algorithm\": \"sha256\",\n"
		"        \"digest\": \"bc9a717db6064a32cbe9eae6fc40651dd6d36ef1757183f590eff2b1765d7ebc\"\n"
		"      },\n"
		"      {\n"
		"        \"name\": \"signme-2\",\n"
		"        \"algorithm\": \"sha256\",\n"
		"        \"digest\": \"32dcb1f8e1ae52d5963e56a6ba06ab58b424c15ed2a6b70d2feca1d089370028\"\n"
		"      }\n"
		"    ]\n"
		"  }\n"
		"}";
	static const char *const ign[] = { ".git", "model.sig", NULL };
	struct wl_oms_serialization s = { "files", "sha256", 0, 0, ign };
	struct wl_oms_item two[2];
	size_t n;
	char *st;
	(void)state;
	item(&two[0], "signme-1", '0');
	item(&two[1], "signme-2", '0');
	memcpy(two[0].hex, "bc9a717db6064a32cbe9eae6fc40651dd6d36ef1757183f590eff2b1765d7ebc", 65);
	memcpy(two[1].hex, "32dcb1f8e1ae52d5963e56a6ba06ab58b424c15ed2a6b70d2feca1d089370028", 65);
	st = wl_oms_statement("m\"q", &s, two, 2, &n);
	assert_string_equal(st, want);
	assert_int_equal(n, strlen(want));
	free(st);
	/* no resources: an empty list on one line, as json.dumps writes it */
	st = wl_oms_statement("e", &s, two, 0, &n);
	assert_non_null(strstr(st, "\"resources\": []\n"));
	free(st);
	free_items(two, 2);
}

static void media_types_and_malformed(void **state)
{
	static const char *const bad[] = {
		"", "[]", "{}", "{\"mediaType\": 1, \"verificationMaterial\": {}}",
		"{\"verificationMaterial\": {\"publicKey\": {\"hint\": \"x\"}}}",
		"{\"verificationMaterial\": {\"publicKey\": {}}, \"dsseEnvelope\": {\"payload\": \"e30=\"}}",
		"{\"verificationMaterial\": {\"publicKey\": {}}, \"dsseEnvelope\": {\"payload\": \"!!\", \"signatures\": [{\"sig\": \"AA==\"}]}}",
		"{\"verificationMaterial\": {\"certificate\": {\"rawBytes\": \"AA==\"}}, \"dsseEnvelope\": {\"payload\": \"e30=\", \"signatures\": [{\"sig\": \"AA==\"}]}}",
		"{\"verificationMaterial\": {\"publicKey\": {}}, \"messageSignature\": {}}",
	};
	static const char ok_fmt[] =
		"{\"mediaType\": \"%s\", \"verificationMaterial\": {\"publicKey\": {}}, "
		"\"dsseEnvelope\": {\"payload\": \"e30=\", \"payloadType\": \"application/vnd.in-toto+json\", "
		"\"signatures\": [{\"sig\": \"AA==\"}]}}";
	static const char *const media[] = { "application/vnd.dev.sigstore.bundle.v0.3+json",
					     "application/vnd.dev.sigstore.bundle+json;version=0.2",
					     "application/vnd.dev.sigstore.bundle.v0.4+json", "text/plain" };
	struct wl_oms_bundle *b;
	struct wl_oms_reasons r = { 0 };
	char *err, buf[512];
	size_t i;
	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err = NULL;
		assert_int_equal(wl_oms_parse((const unsigned char *)bad[i], strlen(bad[i]), &b, &err), -1);
		assert_non_null(err);
		assert_null(b);
		free(err);
	}
	for (i = 0; i < 4; i++) {
		snprintf(buf, sizeof buf, ok_fmt, media[i]);
		assert_int_equal(wl_oms_parse((const unsigned char *)buf, strlen(buf), &b, &err), 0);
		assert_int_equal(wl_oms_check_media_type(b, &r), i < 2 ? 0 : -1);
		/* "{}" is no statement: every layer that is missing is named */
		assert_int_equal(wl_oms_check_statement(b, &r), -1);
		assert_false(b->statement_ok);
		wl_oms_free(b);
	}
	assert_true(r.n >= 6);
	wl_oms_reasons_free(&r);
	assert_true(wl_oms_sniff((const unsigned char *)"  {\"mediaType\": \"application/vnd.dev.sigstore.bundle.v0.3+json\"}", 62));
	assert_false(wl_oms_sniff((const unsigned char *)"[\"application/vnd.dev.sigstore.bundle\"]", 39));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(order_is_component_wise),
		cmocka_unit_test(shards_by_offset),
		cmocka_unit_test(base64_both_alphabets),
		cmocka_unit_test(pae_and_root_digest),
		cmocka_unit_test(ignore_paths_match_components),
		cmocka_unit_test(statement_text),
		cmocka_unit_test(media_types_and_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
