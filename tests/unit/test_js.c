/*
 * test_js.c - the JavaScript/TypeScript scanner's building blocks: the
 * pinned grammars load into Debian's libtree-sitter 0.20 (ABI <= 14) and
 * parse, the byte prefilter, and the vendored/minified skips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <tree_sitter/api.h>

#include "engine.h"
#include "jsscan.h"

static void parses(enum wl_lang lang, const char *src)
{
	TSParser *p = ts_parser_new();
	TSTree *t;
	assert_non_null(wl_language(lang));
	assert_true(ts_language_version(wl_language(lang)) <= TREE_SITTER_LANGUAGE_VERSION);
	assert_true(ts_parser_set_language(p, wl_language(lang)));
	t = ts_parser_parse_string(p, NULL, src, (uint32_t)strlen(src));
	assert_non_null(t);
	assert_false(ts_node_has_error(ts_tree_root_node(t)));
	ts_tree_delete(t);
	ts_parser_delete(p);
}

static void test_grammars_load(void **state)
{
	(void)state;
	parses(WL_LANG_JAVASCRIPT, "const { exec } = require('child_process');\nexec(`ls ${x}`);\nconst el = <div>{x}</div>;\n");
	parses(WL_LANG_TYPESCRIPT, "import vm from 'node:vm';\nconst s: string = x as string;\nvm.runInNewContext(s!);\n");
	parses(WL_LANG_TSX, "export function V({ a }: { a: string[] }) { return <ul>{a.map((x) => <li>{x}</li>)}</ul>; }\n");
}

static int pf(const char *s)
{
	return wl_js_prefilter(s, strlen(s));
}

static void test_prefilter(void **state)
{
	(void)state;
	assert_true(pf("eval(x)"));
	assert_true(pf("const e = eval;"));
	assert_false(pf("const retrieval = evaluate(x); model.evaluation;"));
	assert_true(pf("new Function('a', body)"));
	assert_true(pf("require('child_process')"));
	assert_true(pf("import vm from 'node:vm'"));
	assert_true(pf("const vm = require(\"vm\")"));
	assert_false(pf("const x = require('fs'); import('./lazy.js');"));
	assert_true(pf("require(name)"));
	assert_true(pf("await import(`./plugins/${name}.js`)"));
	assert_true(pf("setTimeout('poll()', 10)"));
	assert_false(pf("setTimeout(() => poll(), 10); setInterval(poll, 5);"));
	assert_true(pf("import Handlebars from 'handlebars'"));
	assert_true(pf("_.template(t)"));
	assert_true(pf("import tmpl from 'lodash/template'"));
	assert_false(pf("import _ from 'lodash'; _.get(a, 'b');"));
	assert_true(pf("PythonInterpreterTool.initialize({})"));
	assert_true(pf("import { NodeVM } from 'vm2'"));
	assert_true(pf("const pug = require('pug')"));
	assert_true(pf("import doT from \"dot\""));
	assert_false(pf("const vm = this; vm.$emit('x'); const dot = a.dot(b); pug;"));
	assert_true(pf("new Function ( 'return 1' )"));
	assert_false(pf("type F = Function; const f: Function = g;"));
	assert_false(pf("export const x = 1;\n"));
	assert_false(pf(""));
}

static void test_vendored(void **state)
{
	(void)state;
	assert_true(wl_js_vendored_path("node_modules/x/index.js"));
	assert_true(wl_js_vendored_path("web/node_modules/x/index.js"));
	assert_true(wl_js_vendored_path("dist/app.js"));
	assert_true(wl_js_vendored_path("packages/ui/build/app.js"));
	assert_false(wl_js_vendored_path("src/build.js"));
	assert_false(wl_js_vendored_path("src/distance/app.js"));
	assert_false(wl_js_vendored_path("mybuild/app.js"));
}

static void test_minified(void **state)
{
	char *big;
	size_t i;
	(void)state;
	assert_true(wl_js_minified("jquery.min.js", "x", 1));
	assert_true(wl_js_minified("lib-min.js", "x", 1));
	assert_false(wl_js_minified("app.js", "x\ny\n", 4));
	big = malloc(4096);
	memset(big, 'a', 4096);
	assert_true(wl_js_minified("bundle.js", big, 4096));
	for (i = 40; i < 4096; i += 40)
		big[i] = '\n';
	assert_false(wl_js_minified("bundle.js", big, 4096));
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grammars_load),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_vendored),
		cmocka_unit_test(test_minified),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
