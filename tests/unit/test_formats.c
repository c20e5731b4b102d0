/*
 * test_formats.c - the artifact and ML-config format checks: the chat
 * template check on real-world and hostile templates, the protobuf wire
 * reader's bounds, UTF-8 prefixes, and safetensors / GGUF / YAML / HF config
 * files through the whole pipeline in memory (rule ids, lines, props, config
 * allow lists).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "fmtutil.h"
#include "protowire.h"
#include "run.h"
#include "wl_test.h"
#include "template_check.h"

/* ------------------------------------------------------------ templates */

static const char *const benign_templates[] = {
	/* ChatML (Qwen, many fine-tunes) */
	"{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
	"{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
	/* Mistral */
	"{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
	"{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
	"{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'] + ' [/INST]' }}"
	"{% elif message['role'] == 'assistant' %}{{ message['content'] + eos_token}}{% endif %}{% endfor %}",
	/* Gemma */
	"{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
	"{% for message in messages %}{% if (message['role'] == 'assistant') %}{% set role = 'model' %}"
	"{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + "
	"'<end_of_turn>\\n' }}{% endfor %}{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}",
	/* Qwen2.5 tool use */
	"{%- if tools %}{{- '<|im_start|>system\\n' }}{%- if messages[0]['role'] == 'system' %}{{- messages[0]['content'] }}"
	"{%- endif %}{%- for tool in tools %}{{- \"\\n\" }}{{- tool | tojson }}{%- endfor %}{%- endif %}"
	"{%- for message in messages %}{%- if message.tool_calls %}{%- for tool_call in message.tool_calls %}"
	"{%- if tool_call.function is defined %}{%- set tool_call = tool_call.function %}{%- endif %}"
	"{{- '{\"name\": \"' }}{{- tool_call.name }}{{- '\", \"arguments\": ' }}{{- tool_call.arguments | tojson }}"
	"{%- endfor %}{%- endif %}{%- endfor %}",
	/* DeepSeek style namespace use */
	"{% set ns = namespace(is_first=false, is_tool=false, system_prompt='') %}{%- for message in messages %}"
	"{%- if message['role'] == 'system' %}{% set ns.system_prompt = message['content'] %}{%- endif %}{%- endfor %}"
	"{{ bos_token }}{{ ns.system_prompt }}{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}",
	/* a system prompt that talks about dangerous things in literal text */
	"You must never run os.system(), eval() or __import__ for the user. {{ messages[0]['content'] }}",
	/* Llama 3.1 date handling */
	"{%- if strftime_now is defined %}{%- set date_string = strftime_now(\"%d %b %Y\") %}{%- endif %}{{ date_string }}",
};

static const char *const evil_templates[] = {
	"{{ self.__init__.__globals__.__builtins__.__import__('os').popen('id').read() }}",
	"{% for c in ''.__class__.__mro__[1].__subclasses__() %}{{ c.__name__ }}{% endfor %}",
	"{{ cycler|attr('__in'+'it__') }}",
	"{{ request|attr('application')|attr('\\x5f\\x5fglobals\\x5f\\x5f') }}",
	"{% set u = '_' ~ '_' %}{{ lipsum|attr(u ~ 'globals' ~ u) }}",
	"{{ ('%c%c' | format(95, 95)) }}",
	"{{ namespace.__init__ }}",
	"{{ x.os.popen('id') }}",
	"{{ joiner }}",
	"{{ x['__glo' + 'bals__'] }}",
	"{{ messages|map(attribute='__class__')|list }}",
	"{{ ''|attr('\\u005f\\u005fclass\\u005f\\u005f') }}",
	"{{ x.system('id') }}",
	"{{ '{0:c}'.format(95) }}",
	"{{ x }}{{ y.__class__", /* unterminated final tag still checked */
};

static void template_benign_is_silent(void **state)
{
	struct wl_tmpl_result r;
	size_t i;
	(void)state;
	for (i = 0; i < WL_ARRAY_SIZE(benign_templates); i++) {
		size_t hits = wl_template_check(benign_templates[i], strlen(benign_templates[i]), &r);
		if (hits)
			print_error("benign template %zu flagged: %s (%s)\n", i, r.hits[0].what, r.hits[0].why);
		assert_int_equal(hits, 0);
	}
}

static void template_evil_is_flagged(void **state)
{
	struct wl_tmpl_result r;
	size_t i;
	(void)state;
	for (i = 0; i < WL_ARRAY_SIZE(evil_templates); i++) {
		size_t hits = wl_template_check(evil_templates[i], strlen(evil_templates[i]), &r);
		if (!hits)
			print_error("evil template %zu not flagged: %s\n", i, evil_templates[i]);
		assert_true(hits > 0);
		assert_true(r.hits[0].offset < strlen(evil_templates[i]));
	}
}

static void template_offsets_point_at_construct(void **state)
{
	const char *t = "hello {{ x.__class__ }}";
	struct wl_tmpl_result r;
	(void)state;
	assert_int_equal(wl_template_check(t, strlen(t), &r), 1);
	assert_string_equal(r.hits[0].what, "__class__");
	assert_int_equal(r.hits[0].offset, 11);
}

/* ------------------------------------------------------------ protobuf */

static void protowire_bounds(void **state)
{
	struct wl_pb pb;
	struct wl_pb_field f;
	static const unsigned char ok[] = { 0x08, 0x96, 0x01, 0x12, 0x02, 'h', 'i' };
	static const unsigned char long_len[] = { 0x12, 0x05, 'h', 'i' };
	static const unsigned char big_varint[] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f };
	static const unsigned char group[] = { 0x0b };
	static const unsigned char field0[] = { 0x00, 0x01 };
	(void)state;

	wl_pb_init(&pb, ok, sizeof(ok), 100);
	assert_int_equal(wl_pb_next(&pb, &f), 1);
	assert_int_equal(f.num, 1);
	assert_int_equal(f.varint, 150);
	assert_int_equal(wl_pb_next(&pb, &f), 1);
	assert_int_equal(f.num, 2);
	assert_int_equal(f.len, 2);
	assert_int_equal(f.off, 105);
	assert_int_equal(wl_pb_next(&pb, &f), 0);

	wl_pb_init(&pb, long_len, sizeof(long_len), 0);
	assert_int_equal(wl_pb_next(&pb, &f), -1);
	assert_non_null(pb.error);
	wl_pb_init(&pb, big_varint, sizeof(big_varint), 0);
	assert_int_equal(wl_pb_next(&pb, &f), -1);
	wl_pb_init(&pb, group, sizeof(group), 0);
	assert_int_equal(wl_pb_next(&pb, &f), -1);
	wl_pb_init(&pb, field0, sizeof(field0), 0);
	assert_int_equal(wl_pb_next(&pb, &f), -1);
}

static void utf8_prefix(void **state)
{
	(void)state;
	assert_int_equal(wl_utf8_prefix((const unsigned char *)"abc", 3), 3);
	assert_int_equal(wl_utf8_prefix((const unsigned char *)"a\xc3\xa9z", 4), 4);
	assert_int_equal(wl_utf8_prefix((const unsigned char *)"ab\xff", 3), 2);
	assert_int_equal(wl_utf8_prefix((const unsigned char *)"a\xe2\x82", 3), 1);      /* truncated */
	assert_int_equal(wl_utf8_prefix((const unsigned char *)"\xc0\xaf", 2), 0);        /* overlong */
	assert_int_equal(wl_utf8_prefix((const unsigned char *)"x\xed\xa0\x80", 4), 1); /* surrogate */
}

/* ------------------------------------------------------------ pipeline */

static void scan(const char *path, const void *data, size_t n, const struct wl_config *cfg, struct wl_report *r)
{
	struct wl_scan_options opt;
	memset(&opt, 0, sizeof(opt));
	memset(r, 0, sizeof(*r));
	opt.jobs = 1;
	opt.max_text_size = 1 << 20;
	opt.config = cfg;
	wl_scan_memory(&opt, path, data, n, r);
}

/* an 8-byte length, a padded header, and `data` bytes of tensor data */
static unsigned char *safetensors(const char *hdr, size_t data, size_t *n)
{
	size_t h = strlen(hdr), pad = (8 - h % 8) % 8;
	unsigned char *b = calloc(1, 8 + h + pad + data);
	uint64_t len = h + pad;
	size_t i;
	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(len >> (8 * i));
	memcpy(b + 8, hdr, h);
	memset(b + 8 + h, ' ', pad);
	*n = 8 + h + pad + data;
	return b;
}

static void safetensors_ok_and_duplicate(void **state)
{
	struct wl_report r;
	size_t n;
	unsigned char *ok = safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
					"\"__metadata__\":{\"format\":\"pt\"}}", 8, &n);
	unsigned char *dup;
	(void)state;
	scan("m.safetensors", ok, n, NULL, &r);
	assert_int_equal(r.nfindings, 0);
	wl_report_release(&r);
	free(ok);

	dup = safetensors("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
			  "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, &n);
	scan("m.safetensors", dup, n, NULL, &r);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->rule->id, WL330);
	assert_int_equal(r.findings[0]->loc.line, 1);
	assert_string_equal(wl_test_prop(r.findings[0], "offset"), "8");
	wl_report_release(&r);
	free(dup);
}

static void safetensors_lfs_pointer_is_not_malformed(void **state)
{
	const char *ptr = "version https://git-lfs.github.com/spec/v1\n"
			  "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";
	struct wl_report r;
	size_t i;
	(void)state;
	scan("model.safetensors", ptr, strlen(ptr), NULL, &r);
	for (i = 0; i < r.nfindings; i++)
		assert_string_not_equal(r.findings[i]->rule->id, WL330);
	wl_report_release(&r);
}

static void gguf_count_past_end(void **state)
{
	/* GGUF v3, 0 tensors, 2^40 key/values in a 24-byte file */
	static const unsigned char g[] = { 'G', 'G', 'U', 'F', 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
					   0, 0, 0, 0, 0, 1, 0, 0 };
	struct wl_report r;
	(void)state;
	scan("x.gguf", g, sizeof(g), NULL, &r);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->rule->id, WL340);
	wl_report_release(&r);
}

static void yaml_lines_and_hydra_allow(void **state)
{
	const char *y = "a: 1\nm:\n  _target_: mypkg.models.Net\nx: !!python/name:os.system\n";
	struct wl_config *c = wl_config_new();
	struct wl_report r;
	(void)state;
	scan("conf.yaml", y, strlen(y), NULL, &r);
	assert_int_equal(r.nfindings, 2);
	assert_string_equal(r.findings[0]->rule->id, WL411);
	assert_int_equal(r.findings[0]->loc.line, 3);
	assert_int_equal(r.findings[0]->loc.col, 13);
	assert_string_equal(r.findings[1]->rule->id, WL420);
	assert_int_equal(r.findings[1]->loc.line, 4);
	wl_report_release(&r);

	wl_config_add(c, "hydra.allow", "mypkg.*");
	scan("conf.yaml", y, strlen(y), c, &r);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->rule->id, WL420);
	wl_report_release(&r);
	wl_config_free(c);
}

static void hf_auto_map_forms(void **state)
{
	const char *j = "{\n \"auto_map\": {\n  \"AutoModel\": \"m.C\",\n  \"AutoTokenizer\": [\"t.T\", null],\n"
			"  \"AutoConfig\": \"o/r--c.C\"\n },\n \"trust_remote_code\": false\n}\n";
	struct wl_report r;
	(void)state;
	scan("config.json", j, strlen(j), NULL, &r);
	assert_int_equal(r.nfindings, 3);
	assert_string_equal(r.findings[0]->rule->id, WL402);
	assert_int_equal(r.findings[0]->loc.line, 3);
	assert_string_equal(r.findings[1]->rule->id, WL402);
	assert_int_equal(r.findings[1]->loc.line, 4);
	assert_string_equal(r.findings[2]->rule->id, WL403);
	assert_int_equal(r.findings[2]->loc.line, 5);
	wl_report_release(&r);
}

/* A bare template longer than the checked bound is a WL311 limit finding even
 * when the checked part is clean (it used to pass silently). */
static void long_template_is_a_limit(void **state)
{
	static const char line[] = "{{ message }}\n";
	size_t i, n = (WL_TMPL_MAX_LEN / (sizeof(line) - 1) + 2) * (sizeof(line) - 1);
	char *t = malloc(n);
	struct wl_report r;
	(void)state;
	assert_non_null(t);
	for (i = 0; i + sizeof(line) - 1 <= n; i += sizeof(line) - 1)
		memcpy(t + i, line, sizeof(line) - 1);
	wl_test_scan("chat_template.jinja", t, n, &r);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->rule->id, WL311);
	assert_string_equal(wl_test_prop(r.findings[0], "kind"), "limit.template");
	wl_report_release(&r);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(template_benign_is_silent),
		cmocka_unit_test(template_evil_is_flagged),
		cmocka_unit_test(template_offsets_point_at_construct),
		cmocka_unit_test(protowire_bounds),
		cmocka_unit_test(utf8_prefix),
		cmocka_unit_test(safetensors_ok_and_duplicate),
		cmocka_unit_test(safetensors_lfs_pointer_is_not_malformed),
		cmocka_unit_test(gguf_count_past_end),
		cmocka_unit_test(yaml_lines_and_hydra_allow),
		cmocka_unit_test(hf_auto_map_forms),
		cmocka_unit_test(long_template_is_a_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
