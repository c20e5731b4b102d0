/*
 * test_pyresolve.c - unit tests for Python name resolution (pyresolve.c):
 * each case parses a snippet and checks the call records it yields, as
 * "callee method(args)" lines. Also checks the prefilter's soundness pairs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <tree_sitter/api.h>

#include "pyresolve.h"

const TSLanguage *tree_sitter_python(void);

struct out {
	struct wl_arena arena;
	struct wl_buf text;
};

static void *t_alloc(void *user, size_t n)
{
	return wl_arena_alloc(&((struct out *)user)->arena, n);
}

static const char *kind_tag(enum wl_arg_kind k)
{
	static const char *const tags[] = { "other", "str", "fstr", "True", "False", "None", "num", "name", "call", "var" };
	return tags[k];
}

static void t_emit(void *user, const struct wl_call *c, const struct wl_loc *loc)
{
	struct out *o = user;
	size_t i;
	wl_buf_addf(&o->text, "%u:%s %s(", loc->line, c->callee ? c->callee : "?", c->method);
	for (i = 0; i < c->nargs; i++) {
		const struct wl_arg *a = &c->args[i];
		if (i)
			wl_buf_addstr(&o->text, ", ");
		if (a->keyword)
			wl_buf_addf(&o->text, "%s=", a->keyword);
		wl_buf_addf(&o->text, "%s:%s", kind_tag(a->kind), a->text);
	}
	wl_buf_addf(&o->text, ")%s%s%s\n", c->has_star_kwargs ? " **" : "", c->via_alias ? " alias" : "",
		    c->form == WL_FORM_STORE ? " store" : c->form == WL_FORM_FALLBACK ? " fallback" : "");
}

static void t_locate(void *user, uint32_t sb, uint32_t eb, uint32_t sr, uint32_t sc, uint32_t er, uint32_t ec,
		     struct wl_loc *out)
{
	(void)user;
	(void)sb;
	(void)eb;
	memset(out, 0, sizeof(*out));
	out->line = sr + 1;
	out->col = sc + 1;
	out->end_line = er + 1;
	out->end_col = ec + 1;
}

/* Resolve src; returns the emitted lines (caller frees). */
static char *calls_of(const char *src)
{
	struct out o;
	struct wl_py_sink sink = { &o, t_alloc, t_emit, t_locate, NULL, 0, NULL, 0, NULL, 0, NULL };
	TSParser *p = ts_parser_new();
	TSTree *t;
	char *s;
	memset(&o, 0, sizeof(o));
	wl_buf_init(&o.text, 0);
	assert_true(ts_parser_set_language(p, tree_sitter_python()));
	t = ts_parser_parse_string(p, NULL, src, (uint32_t)strlen(src));
	wl_py_resolve(t, src, strlen(src), &sink, NULL);
	ts_tree_delete(t);
	ts_parser_delete(p);
	s = wl_buf_detach(&o.text, NULL);
	wl_arena_release(&o.arena);
	return s;
}

#define CHECK(src, expected)                                   \
	do {                                                   \
		char *got_ = calls_of(src);                    \
		if (strcmp(got_, expected) != 0)               \
			print_error("source:\n%s\ngot:\n%s\nexpected:\n%s\n", src, got_, expected); \
		assert_string_equal(got_, expected);           \
		free(got_);                                    \
	} while (0)

static void test_imports(void **state)
{
	(void)state;
	CHECK("import pickle\npickle.loads(b)\n", "2:pickle.loads loads(var:b)\n");
	CHECK("import cPickle as pk\npk.load(f)\n", "2:cPickle.load load(var:f)\n");
	CHECK("from torch import load\nload(p)\n", "2:torch.load load(var:p)\n");
	CHECK("from torch import load as L\nL(p, weights_only=True)\n", "2:torch.load L(var:p, weights_only=True:True)\n");
	CHECK("import torch.hub\ntorch.hub.load('o/r', 'm')\n", "2:torch.hub.load load(str:o/r, str:m)\n");
	CHECK("import os.path as osp\nimport numpy as np\nnp.load(osp.join(a, b), allow_pickle=True)\n",
	      "3:numpy.load load(call:os.path.join, allow_pickle=True:True)\n");
	/* relative imports are the project's own code */
	CHECK("from .io import load\nload(x)\n", "");
	CHECK("from . import pickle\npickle.loads(x)\n", "");
}

static void test_not_by_last_name(void **state)
{
	(void)state;
	CHECK("model.eval()\nself.eval()\nimport ast\nast.literal_eval(x)\n", "");
	CHECK("def eval(x):\n    return x\neval(y)\n", "");
	CHECK("def f(pickle):\n    pickle.loads(x)\n", "");
	CHECK("eval(x)\nexec(code, g)\n", "1:builtins.eval eval(var:x)\n2:builtins.exec exec(var:code, var:g)\n");
	CHECK("# eval(x)\ns = 'eval(x)'\n", "");
	/* a plain string's text is not walked; an f-string's {expressions}
	 * are, whatever its prefix's case and order */
	CHECK("s = 'eval(x)' + b'{eval(y)}' + r\"{exec(z)}\"\n", "");
	CHECK("s = f'{eval(x)}' + rF\"{exec(z)}\"\n", "1:builtins.eval eval(var:x)\n1:builtins.exec exec(var:z)\n");
	/* an expression without a call is not walked, unless it may bind:
	 * a walrus in a list, a call in a subscript or a dict */
	CHECK("import pickle\nitems = [ld := pickle.loads, 2]\nld(b)\n", "3:pickle.loads ld(var:b) alias\n");
	CHECK("import pickle\nv = cache[pickle.loads(b)].x\nw = {'k': [pickle.load(f)]}\n",
	      "2:pickle.loads loads(var:b)\n3:pickle.load load(var:f)\n");
}

static void test_try_except(void **state)
{
	(void)state;
	CHECK("try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\npickle.loads(d)\n",
	      "5:pickle.loads loads(var:d)\n");
	CHECK("try:\n    import pickle\nexcept ImportError:\n    pickle = None\npickle.loads(d)\n",
	      "5:pickle.loads loads(var:d)\n");
	CHECK("try:\n    import cPickle as pickle\nexcept ImportError:\n    pickle = None\n"
	      "def f(d):\n    return pickle.loads(d)\n",
	      "6:cPickle.loads loads(var:d)\n");
	/* a namespace no row judges whole (facts_code.h) is still preferred:
	 * the callee keeps its library's name, for messages and keys */
	CHECK("try:\n    from diffusers import DiffusionPipeline\nexcept ImportError:\n    DiffusionPipeline = None\n"
	      "DiffusionPipeline.from_pretrained(p)\n",
	      "5:diffusers.DiffusionPipeline.from_pretrained from_pretrained(var:p)\n");
	CHECK("from transformers import *\nAutoModel.from_pretrained(p, trust_remote_code=True)\n",
	      "2:transformers.AutoModel.from_pretrained from_pretrained(var:p, trust_remote_code=True:True)\n");
}

static void test_assignment_aliases(void **state)
{
	(void)state;
	CHECK("import pickle\nloader = pickle.loads\nloader(x)\n", "3:pickle.loads loader(var:x) alias\n");
	CHECK("from transformers import AutoModel\nm = AutoModel\nm.from_pretrained('bert-base-uncased')\n",
	      "3:transformers.AutoModel.from_pretrained from_pretrained(str:bert-base-uncased) alias\n");
	CHECK("import pickle\nloader = getattr(pickle, 'loads')\nloader(x)\n", "3:pickle.loads loader(var:x) alias\n");
	CHECK("import pickle\ngetattr(pickle, \"load\")(f)\n",
	      "2:pickle.load load(var:f) alias\n");
	CHECK("__import__('pickle').loads(x)\n", "1:pickle.loads loads(var:x) alias\n1:builtins.__import__ __import__(str:pickle)\n");
	CHECK("import yaml\nfrom yaml import SafeLoader as SL\nyaml.load(s, Loader=SL)\n",
	      "3:yaml.load load(var:s, Loader=name:yaml.SafeLoader)\n");
	CHECK("import yaml\nL = yaml.Loader\nyaml.load(s, Loader=L)\n",
	      "3:yaml.load load(var:s, Loader=name:yaml.Loader)\n");
	CHECK("import torch\nflag = True\ntorch.load(p, weights_only=flag)\n",
	      "3:torch.load load(var:p, weights_only=True:flag)\n");
	CHECK("import torch\ndef f(flag):\n    torch.load(p, weights_only=flag)\n",
	      "3:torch.load load(var:p, weights_only=var:flag)\n");
	/* a later rebinding in the same scope wins */
	CHECK("import pickle, json\nload = pickle.load\nload = json.load\nload(f)\n", "");
	/* cycles end */
	CHECK("import pickle\na = b\nb = a\na(x)\n", "");
}

static void test_scopes(void **state)
{
	(void)state;
	CHECK("def f():\n    import pickle as p\n    return p.loads(x)\ndef g():\n    return p.loads(x)\n",
	      "3:pickle.loads loads(var:x)\n");
	CHECK("def f(x):\n    return pickle.loads(x)\nimport pickle\n", "2:pickle.loads loads(var:x)\n");
	CHECK("class C:\n    import pickle\n    def m(self):\n        return pickle.loads(x)\n", "");
	CHECK("from pickle import *\nloads(x)\n", "2:pickle.loads loads(var:x)\n");
	CHECK("import builtins\nbuiltins.exec(c)\nimport builtins as b\nb.eval(c)\n",
	      "2:builtins.exec exec(var:c)\n4:builtins.eval eval(var:c)\n");
	CHECK("x = [pickle.loads(b) for pickle in xs]\n", "");
}

static void test_keywords_and_methods(void **state)
{
	(void)state;
	CHECK("foo.bar(x, trust_remote_code=True)\n", "1:? bar(var:x, trust_remote_code=True:True)\n");
	CHECK("self.cls.from_pretrained(path, **kw)\n", "1:? from_pretrained(var:path) **\n");
	CHECK("from transformers import pipeline\npipeline('text-generation', model=f'{org}/m', revision='abc')\n",
	      "2:transformers.pipeline pipeline(str:text-generation, model=fstr:f'{org}/m', revision=str:abc)\n");
	CHECK("import yaml\nyaml.load(s, Loader=yaml.Loader,)\n",
	      "2:yaml.load load(var:s, Loader=name:yaml.Loader)\n");
}

static void test_broken_source(void **state)
{
	(void)state;
	/* tree-sitter recovers; the parts that parsed still resolve */
	CHECK("import pickle\ndef f(:\n    pass\npickle.loads(x)\n", "4:pickle.loads loads(var:x)\n");
	CHECK("import pickle\nx = [1, 2\npickle.loads(x)\n", "3:pickle.loads loads(var:x)\n");
}

static void test_prefilter(void **state)
{
	static const char *const must_pass[] = {
		"eval(x)", "x.eval()", "exec(c)", "__import__(m)", "importlib.import_module(m)", "import runpy",
		"import cPickle", "import _pickle", "import cloudpickle", "import dill", "import joblib",
		"import shelve", "import marshal", "import jsonpickle", "pd.read_pickle(p)",
		"np.load(p, allow_pickle=True)", "import torch", "from tensorflow import keras", "import yaml",
		"from transformers import AutoModel", "import huggingface_hub",
		"import datasets", "import sentence_transformers", "import vllm",
		"from diffusers import DiffusionPipeline\nDiffusionPipeline.from_pretrained(p, custom_pipeline=c)",
		"from peft import PeftModel\nPeftModel.from_pretrained(m, p)",
		"m.from_pretrained(x)", "f(trust_remote_code=True)", "compile(s, f, 'exec')", "x.Unpickler(f)",
		"import evaluate", "from evaluate import load", "os.environ['HF_DATASETS_TRUST_REMOTE_CODE'] = '1'",
		"import gradio as gr", "demo.launch(share=True)", "from flask import Flask", "import ray",
		"from werkzeug.serving import run_simple", "from setuptools import setup", "from distutils.core import setup",
		/* inside an identifier: at the buffer's end, past sixteen bytes, and
		 * as the tail of a run longer than sixteen */
		"Unpickler", "x = myUnpickler(f) + load(g)\n", "x = restore_with_the_unpickler_of(f)\n", "state = the_quite_long_name_of_an_unpickler",
		"import evaluate_extra", "from evaluate.loading import load",
	};
	static const char *const must_skip[] = {
		"model.evaluate()", "import os\nprint(1)\n", "retrieval(x)", "executor.submit(f)",
		/* no rule judges a diffusers or peft name as such: only from_pretrained,
		 * custom_pipeline= and trust_remote_code= (any receiver) */
		"from diffusers import ConsistencyModelPipeline\npipe = ConsistencyModelPipeline(**components)\n",
		"import peft\nmodel = peft.get_peft_model(m, cfg)\n",
		/* the rare byte without the word, a word after no import */
		"pack_like_kettle_tickets = quickly_pick_free", "x = evaluate_run(y)", "evaluate.load(p)",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(must_pass) / sizeof(must_pass[0]); i++) {
		if (!wl_py_prefilter(must_pass[i], strlen(must_pass[i])))
			print_error("prefilter dropped: %s\n", must_pass[i]);
		assert_true(wl_py_prefilter(must_pass[i], strlen(must_pass[i])));
	}
	for (i = 0; i < sizeof(must_skip) / sizeof(must_skip[0]); i++)
		assert_false(wl_py_prefilter(must_skip[i], strlen(must_skip[i])));
}

/* statements reported like calls: stores to a judged target, and an
 * Unpickler subclass's find_class that ends in the base class's */
static void test_forms(void **state)
{
	(void)state;
	CHECK("import os\nos.environ['HF_DATASETS_TRUST_REMOTE_CODE'] = '1'\nos.environ['OTHER'] = '1'\n",
	      "2:os.environ.HF_DATASETS_TRUST_REMOTE_CODE HF_DATASETS_TRUST_REMOTE_CODE(str:1) store\n");
	CHECK("import datasets as d\nd.config.HF_DATASETS_TRUST_REMOTE_CODE = True\n",
	      "2:datasets.config.HF_DATASETS_TRUST_REMOTE_CODE HF_DATASETS_TRUST_REMOTE_CODE(True:True) store\n");
	CHECK("from pickle import Unpickler as U\nclass C(U):\n    def find_class(self, m, n):\n"
	      "        if m == 'a':\n            return 1\n        return super().find_class(m, n)\n",
	      "6:pickle.Unpickler.find_class find_class() fallback\n");
	CHECK("import pickle\nclass C(pickle.Unpickler):\n    def find_class(self, m, n):\n"
	      "        if m == 'a':\n            return super().find_class(m, n)\n        raise ValueError(m)\n",
	      "");
	CHECK("class C(dict):\n    def find_class(self, m, n):\n        return super().find_class(m, n)\n", "");
}

/* objects returned by followed calls (a gradio app, a Flask app) keep a
 * name, so their launch()/run() resolve; and in_function says whether a
 * call runs at import time */
static void test_services(void **state)
{
	(void)state;
	CHECK("import gradio as gr\ndemo = gr.Blocks()\ndemo.queue().launch(share=True)\n",
	      "3:gradio.Blocks().queue().launch launch(share=True:True)\n");
	CHECK("import gradio as gr\nwith gr.Blocks() as demo:\n    pass\ndemo.launch(server_name='0.0.0.0')\n",
	      "4:gradio.Blocks().launch launch(server_name=str:0.0.0.0) alias\n");
	CHECK("import gradio as gr\ngr.Interface(fn=f).launch()\ngr.Button('x')\n", "2:gradio.Interface().launch launch()\n");
	CHECK("from flask import Flask\napp = Flask(__name__)\napp.run(host='0.0.0.0', debug=True)\napp.route('/')\n",
	      "3:flask.Flask().run run(host=str:0.0.0.0, debug=True:True) alias\n");
	CHECK("import ray\nray.init(dashboard_host='0.0.0.0')\n", "2:ray.init init(dashboard_host=str:0.0.0.0)\n");
	/* a load's result is not followed: torch.load(p).eval() is no load */
	CHECK("import torch\ntorch.load(p, weights_only=True).eval()\n",
	      "2:torch.load load(var:p, weights_only=True:True)\n");
}

static void test_interest(void **state)
{
	(void)state;
	assert_true(wl_py_interesting_callee("pickle.loads"));
	assert_true(wl_py_interesting_callee("builtins.eval"));
	assert_false(wl_py_interesting_callee("builtins.evaluate"));
	assert_false(wl_py_interesting_callee("pickletools.dis"));
	assert_false(wl_py_interesting_callee("numpy.array"));
	assert_true(wl_py_interesting_callee("numpy.load"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_imports),
		cmocka_unit_test(test_not_by_last_name),
		cmocka_unit_test(test_try_except),
		cmocka_unit_test(test_assignment_aliases),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_keywords_and_methods),
		cmocka_unit_test(test_broken_source),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_interest),
		cmocka_unit_test(test_services),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
