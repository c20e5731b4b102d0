/*
 * test_format_rules.c - the model-format and ML-config rules (rules/formats.c,
 * rules/mlconfig.c, and WL311 for format limits) on hand-built facts, with no
 * parser involved: this test replaces the scanner table with one scanner that
 * emits the facts a case asks for, so each rule is checked on exactly the
 * fact it receives (a Hydra target, a TF op, a Keras object, an integrity
 * issue ...), whatever the parsers do.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "config.h"
#include "facts_config.h"
#include "facts_format.h"
#include "run.h"
#include "wl_test.h"

/* The facts the fake scanner emits for the current case. */
static void (*emit_case)(struct wl_ctx *ctx);

static int fake_wants(const struct wl_file *f)
{
	(void)f;
	return 1;
}

static int fake_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	(void)f;
	emit_case(ctx);
	return 0;
}

static const struct wl_scanner fake_scanner = { .name = "fake", .wants = fake_wants, .scan = fake_scan };

/* Overrides the archive's scanner table (scanners/engine/registry.c is then not linked). */
const struct wl_scanner *const wl_scanners[] = { &fake_scanner, NULL };

static const char text[] = "1\n2\n3\n4\n5\n6\n7 some text\n8\n9\n10\n";

static void run(void (*emit)(struct wl_ctx *), const struct wl_config *cfg, struct wl_report *r)
{
	emit_case = emit;
	/* ten lines of text: the findings' lines must exist in the file */
	wl_test_scan_config("facts.txt", text, sizeof(text) - 1, cfg, r);
}

static const struct wl_loc line7 = { NULL, 7, 3, 0, 0 };

/* ---------------------------------------------------------------- Hydra */

static void emit_target(struct wl_ctx *ctx, const char *target)
{
	struct wl_config_fact *c = wl_ctx_alloc(ctx, sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->kind = WL_CFG_HYDRA_TARGET;
	c->key = "_target_";
	c->value = wl_ctx_strdup(ctx, target);
	c->value_len = strlen(target);
	wl_fact_emit(ctx, WL_FACT_CONFIG, &line7, c);
}

static void emit_targets(struct wl_ctx *ctx)
{
	emit_target(ctx, "os.system");             /* dangerous (hydra-dangerous.txt) */
	emit_target(ctx, "osx.Thing");             /* not under "os": unreviewed */
	emit_target(ctx, "torch.optim.Adam");      /* ordinary (hydra-ordinary.txt) */
	emit_target(ctx, "${oc.env:TARGET}");      /* interpolation: unreviewed */
	emit_target(ctx, "");                      /* null target: nothing */
}

static void hydra_target_rule(void **state)
{
	struct wl_config *c = wl_config_new();
	struct wl_report r;
	size_t i, n410 = 0, n411 = 0;

	(void)state;
	run(emit_targets, NULL, &r);
	assert_int_equal(r.nfindings, 3);
	for (i = 0; i < r.nfindings; i++) {
		assert_int_equal(r.findings[i]->loc.line, 7);
		assert_int_equal(r.findings[i]->loc.col, 3);
		n410 += !strcmp(r.findings[i]->rule->id, WL410);
		n411 += !strcmp(r.findings[i]->rule->id, WL411);
	}
	assert_int_equal(n410, 1);
	assert_int_equal(n411, 2);
	wl_report_release(&r);

	/* [hydra] allow applies to the fact, whichever parser made it */
	wl_config_add(c, "hydra.allow", "os.*");
	wl_config_add(c, "hydra.allow", "osx");
	run(emit_targets, c, &r);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->rule->id, WL411);
	assert_non_null(strstr(r.findings[0]->message, "interpolation"));
	wl_report_release(&r);
	wl_config_free(c);
}

/* ----------------------------------------------------- YAML tags, HF keys */

static void emit_configs(struct wl_ctx *ctx)
{
	struct wl_config_fact *c = wl_ctx_alloc(ctx, sizeof(*c) * 4);

	memset(c, 0, sizeof(*c) * 4);
	c[0].kind = WL_CFG_YAML_TAG;
	c[0].key = "!e!object/apply:os.system";
	c[0].value = "tag:yaml.org,2002:python/object/apply:os.system";
	c[1].kind = WL_CFG_YAML_TAG;
	c[1].key = "!!str";
	c[1].value = "tag:yaml.org,2002:str";
	c[2].kind = WL_CFG_AUTO_MAP;
	c[2].key = "AutoModel";
	c[2].value = "org/repo--modeling.Net";
	c[2].value_len = strlen(c[2].value);
	c[3].kind = WL_CFG_TRUST_REMOTE_CODE;
	c[3].key = "trust_remote_code";
	c[3].value = "true";
	c[3].where.member = "inner/config.json"; /* inside a container: line 1 + member + offset */
	c[3].where.offset = 42;
	wl_fact_emit(ctx, WL_FACT_CONFIG, &line7, &c[0]);
	wl_fact_emit(ctx, WL_FACT_CONFIG, &line7, &c[1]);
	wl_fact_emit(ctx, WL_FACT_CONFIG, &line7, &c[2]);
	wl_fact_emit(ctx, WL_FACT_CONFIG, &line7, &c[3]);
}

static void config_rules(void **state)
{
	struct wl_report r;
	size_t i;
	int seen420 = 0, seen403 = 0, seen404 = 0;

	(void)state;
	run(emit_configs, NULL, &r);
	assert_int_equal(r.nfindings, 3);
	for (i = 0; i < r.nfindings; i++) {
		const struct wl_finding *f = r.findings[i];

		if (!strcmp(f->rule->id, WL420)) {
			seen420 = 1;
			assert_string_equal(wl_test_prop(f, "import"), "os.system");
			assert_non_null(strstr(f->message, "call"));
		} else if (!strcmp(f->rule->id, WL403)) {
			seen403 = 1;
		} else if (!strcmp(f->rule->id, WL404)) {
			seen404 = 1;
			assert_string_equal(wl_test_prop(f, "member"), "inner/config.json");
			assert_string_equal(wl_test_prop(f, "offset"), "42");
		}
	}
	assert_true(seen420 && seen403 && seen404);
	wl_report_release(&r);
}

/* ------------------------------------------------------- chat templates */

static void emit_template(struct wl_ctx *ctx)
{
	static const char t[] = "hello\n{{ cycler.__init__.__globals__.os.popen('id').read() }}";
	struct wl_config_fact *c = wl_ctx_alloc(ctx, sizeof(*c));
	struct wl_loc top = { NULL, 1, 1, 0, 0 };

	memset(c, 0, sizeof(*c));
	c->kind = WL_CFG_CHAT_TEMPLATE;
	c->label = "chat_template.jinja";
	c->value = t;
	c->value_len = sizeof(t) - 1;
	c->whole_file = 1;
	wl_fact_emit(ctx, WL_FACT_CONFIG, &top, c);
}

static void template_rule_locates_hit(void **state)
{
	struct wl_report r;

	(void)state;
	run(emit_template, NULL, &r);
	assert_int_equal(r.nfindings, 1);
	assert_string_equal(r.findings[0]->rule->id, WL401);
	assert_int_equal(r.findings[0]->loc.line, 2); /* the line of the first construct */
	wl_report_release(&r);
}

/* -------------------------------------------------- model references */

static struct wl_model_ref *ref(struct wl_ctx *ctx, enum wl_model_ref_kind kind, const char *format,
				struct wl_ref_scope *scope)
{
	struct wl_model_ref *m = wl_ctx_alloc(ctx, sizeof(*m));

	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->where.format = format;
	m->where.file_offset = UINT64_MAX;
	m->binary = 1;
	m->scope = scope;
	return m;
}

static const struct wl_loc line1 = { NULL, 1, 0, 0, 0 };

/* 20 PyFunc nodes and one harmless op: 16 findings, then "4 more". */
static void emit_tf(struct wl_ctx *ctx)
{
	struct wl_ref_scope *scope = wl_ctx_alloc(ctx, sizeof(*scope));
	struct wl_model_ref *m;
	int i;

	memset(scope, 0, sizeof(*scope));
	m = ref(ctx, WL_REF_TF_OP, "savedmodel", scope);
	m->context = "graph";
	m->value = "MatMul";
	m->value_len = 6;
	m->name = "mm";
	m->name_len = 2;
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, m);
	for (i = 0; i < 20; i++) {
		m = ref(ctx, WL_REF_TF_OP, "savedmodel", scope);
		m->context = "graph";
		m->value = "PyFunc";
		m->value_len = 6;
		m->name = wl_ctx_printf(ctx, "n%d", i);
		m->name_len = strlen(m->name);
		m->where.offset = (uint64_t)i;
		wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, m);
	}
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, ref(ctx, WL_REF_END, "savedmodel", scope));
}

static void tf_op_rule_caps(void **state)
{
	struct wl_report r;
	size_t i, n360 = 0, more = 0;

	(void)state;
	run(emit_tf, NULL, &r);
	assert_int_equal(r.nfindings, 17);
	for (i = 0; i < r.nfindings; i++) {
		n360 += !strcmp(r.findings[i]->rule->id, WL360);
		if (strstr(r.findings[i]->message, "4 more Python or file ops")) {
			more++;
			assert_string_equal(r.findings[i]->rule->id, WL361);
		}
	}
	assert_int_equal(n360, 16);
	assert_int_equal(more, 1);
	wl_report_release(&r);
}

static void emit_keras(struct wl_ctx *ctx)
{
	struct wl_ref_scope *scope = wl_ctx_alloc(ctx, sizeof(*scope));
	struct wl_model_ref *m;

	memset(scope, 0, sizeof(*scope));
	m = ref(ctx, WL_REF_KERAS_OBJECT, "keras", scope);
	m->label = "config.json";
	m->class_name = "keras.layers.Lambda";
	m->name = "evil";
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, m);
	m = ref(ctx, WL_REF_KERAS_OBJECT, "keras", scope);
	m->label = "config.json";
	m->class_name = "Dense";
	m->module = "keras.layers";
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, m);
	m = ref(ctx, WL_REF_KERAS_OBJECT, "keras", scope);
	m->label = "config.json";
	m->class_name = "function";
	m->module = "keras.utils";
	m->function = "get_file";
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, m);
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, ref(ctx, WL_REF_END, "keras", scope));
}

static void keras_rule(void **state)
{
	struct wl_report r;

	(void)state;
	run(emit_keras, NULL, &r);
	assert_int_equal(r.nfindings, 2);
	assert_string_equal(r.findings[0]->rule->id, WL350);
	assert_string_equal(wl_test_prop(r.findings[0], "layer"), "evil");
	assert_string_equal(r.findings[1]->rule->id, WL351);
	assert_string_equal(wl_test_prop(r.findings[1], "import"), "keras.utils.get_file");
	wl_report_release(&r);
}

/* ---------------------------------------------- integrity and limits */

static void emit_issues(struct wl_ctx *ctx)
{
	struct wl_artifact *a = wl_ctx_alloc(ctx, sizeof(*a) * 2);

	memset(a, 0, sizeof(*a) * 2);
	a[0].where.member = "model/weights.gguf";
	a[0].where.offset = 99;
	a[0].where.file_offset = UINT64_MAX;
	a[0].where.format = "gguf";
	a[0].kind = "gguf.layout";
	a[0].detail = "GGUF tensor data is inconsistent: tensor \"w\" overlaps";
	a[0].subject = "gguf-layout:w";
	a[0].tensor = "w";
	a[1].where.offset = 8;
	a[1].where.file_offset = UINT64_MAX;
	a[1].where.format = "safetensors";
	a[1].kind = "limit.safetensors-header";
	a[1].detail = "safetensors header is too large";
	a[1].subject = "safetensors-header-size";
	wl_fact_emit(ctx, WL_FACT_ARTIFACT, &line1, &a[0]);
	wl_fact_emit(ctx, WL_FACT_ARTIFACT, &line1, &a[1]);
}

static void integrity_and_limit_rules(void **state)
{
	struct wl_report r;

	(void)state;
	run(emit_issues, NULL, &r);
	assert_int_equal(r.nfindings, 2);
	/* sorted by rule id: the limit (WL311, one rule for every format) first */
	assert_string_equal(r.findings[0]->rule->id, WL311);
	assert_string_equal(r.findings[1]->rule->id, WL341);
	assert_string_equal(r.findings[1]->message,
			    "GGUF tensor data is inconsistent: tensor \"w\" overlaps (member model/weights.gguf, offset 99)");
	assert_string_equal(wl_test_prop(r.findings[1], "tensor"), "w");
	assert_string_equal(wl_test_prop(r.findings[1], "offset"), "99");
	wl_report_release(&r);
}

/* A finding on a line the file does not have (a parser's bug, or a count
 * from a hostile header) keeps its place; finalising it read past the line
 * index before. */
static void emit_past_end(struct wl_ctx *ctx)
{
	static const struct wl_loc far = { NULL, 5000, 3, 0, 0 };
	struct wl_config_fact *c = wl_ctx_alloc(ctx, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->kind = WL_CFG_HYDRA_TARGET;
	c->key = "_target_";
	c->value = "os.system";
	c->value_len = 9;
	wl_fact_emit(ctx, WL_FACT_CONFIG, &far, c);
}

static void finding_past_last_line(void **state)
{
	struct wl_report r;
	(void)state;
	memset(&r, 0, sizeof(r));
	run(emit_past_end, NULL, &r);
	assert_int_equal(r.nfindings, 1);
	assert_int_equal(r.findings[0]->loc.line, 5000);
	assert_int_equal(r.findings[0]->loc.end_line, 5000);
	assert_int_equal(r.findings[0]->loc.end_col, 3);
	wl_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hydra_target_rule),
		cmocka_unit_test(config_rules),
		cmocka_unit_test(template_rule_locates_hit),
		cmocka_unit_test(tf_op_rule_caps),
		cmocka_unit_test(keras_rule),
		cmocka_unit_test(integrity_and_limit_rules),
		cmocka_unit_test(finding_past_last_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
