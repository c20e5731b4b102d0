/*
 * test_pyregion.c - unit tests for the top-level statement splitter
 * (pyregion.c), the code-only trigger scan, and notebook cell extraction
 * with IPython magics (notebook.c).
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

#include "notebook.h"
#include "pyregion.h"
#include "pyscan.h"
#include "pyresolve.h"
#include "util.h"

const TSLanguage *tree_sitter_json(void);

/* "K<row>:first line|" per chunk, K = P(lain) D(ef) @; frees c */
static char *describe(const char *src, struct wl_py_chunk *c, size_t n)
{
	struct wl_buf b;
	size_t i;
	wl_buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		const char *s = src + c[i].start, *e = memchr(s, '\n', c[i].end - c[i].start);
		wl_buf_addf(&b, "%c%u:%.*s|", c[i].kind == WL_PY_CHUNK_DEF ? 'D' : c[i].kind == WL_PY_CHUNK_PLAIN ? 'P' : '@',
			    c[i].row, (int)(e ? e - s : (long)(c[i].end - c[i].start)), s);
	}
	free(c);
	return wl_buf_detach(&b, NULL);
}

static char *chunks_of(const char *src)
{
	struct wl_py_chunk *c;
	size_t n;
	if (wl_py_chunks(src, strlen(src), &c, &n) != 0)
		return wl_strdup("FAIL");
	return describe(src, c, n);
}

/* a described result (allocated) against the expected text */
#define EXPECT_TEXT(got, want)                              \
	do {                                                \
		char *got_ = (got);                         \
		assert_string_equal(got_, want);            \
		free(got_);                                 \
	} while (0)
#define CHUNKS(src, want) EXPECT_TEXT(chunks_of(src), want)

static void test_chunks(void **state)
{
	(void)state;
	CHUNKS("import os\nx = 1\n", "P0:import os|P1:x = 1|");
	CHUNKS("def f():\n    return 1\n\nclass C:\n    pass\n", "D0:def f():|D3:class C:|");
	CHUNKS("@dec\n@dec2(1)\ndef f():\n    pass\ny = 2\n", "D0:@dec|P4:y = 2|");
	CHUNKS("if a:\n    x = 1\nelse:\n    x = 2\ntry:\n    import y\nexcept ImportError:\n    y = None\n",
	       "P0:if a:|P4:try:|");
	/* strings, brackets and continuations hide line starts */
	CHUNKS("s = '''\ndef not_a_def():\n'''\nt = (1,\n2)\nu = 1 + \\\n3\n", "P0:s = '''|P3:t = (1,|P5:u = 1 + \\|");
	CHUNKS("x = '# not a comment'  # (\ny = 1\n", "P0:x = '# not a comment'  # (|P1:y = 1|");
	CHUNKS("async def f():\n    pass\n", "D0:async def f():|");
	/* doubt: the whole file is parsed */
	CHUNKS("x = (1,\n", "FAIL");
	CHUNKS("s = 'unterminated\n", "FAIL");
	CHUNKS("s = '''never closed\n", "FAIL");
	CHUNKS("x = 1\ry = 2\r", "FAIL"); /* old Mac line ends */
	CHUNKS("x = 1\ry = 2\r\n", "FAIL");
	/* Windows line ends read as line ends (the '\r' stays in the line) */
	CHUNKS("x = 1\r\ny = 2\r\n", "P0:x = 1\r|P1:y = 2\r|");
	CHUNKS("if a:\r\n    x = 1\r\n\r\n  \r\nelse:\r\n    x = 2\r\ny = 3\r\n", "P0:if a:\r|P6:y = 3\r|");
	CHUNKS("u = 1 + \\\r\n3\r\ns = 'a\\\r\nb'\r\nv = 2\r\n", "P0:u = 1 + \\\r|P2:s = 'a\\\r|P4:v = 2\r|");
}

static void test_code_triggers(void **state)
{
	int imp;
	(void)state;
	assert_true(wl_py_code_triggers("eval(x)", 7, &imp));
	assert_true(wl_py_code_triggers("import pickle\n", 14, NULL)); /* imports not asked */
	assert_false(wl_py_code_triggers("x = 1  # eval(x)\n", 17, &imp));
	{
		/* a docstring longer than a name: its words are prose */
		const char *doc = "\"\"\"The docs say that eval(x) is a bad idea.\"\"\"\n";
		assert_false(wl_py_code_triggers(doc, strlen(doc), &imp));
	}
	assert_true(wl_py_code_triggers("getattr(b, \"eval\")(x)", 21, &imp));
	assert_true(wl_py_code_triggers("compile(s, f, 'exec')", 21, &imp));
	assert_false(wl_py_code_triggers("import os\n", 10, &imp));
	assert_true(imp);
	assert_false(wl_py_code_triggers("x = 'import'\n", 13, &imp));
	assert_false(imp);
}

#define REFINED(src) wl_py_code_triggers_refined(src, strlen(src), &imp)

/* inert module mentions (`torch.nn`) do not count; every spelling that can
 * reach a judged name (torch.load, torch.hub, bare torch, x.torch) still does */
static void test_code_triggers_refined(void **state)
{
	int imp;
	(void)state;
	assert_false(REFINED("y = torch.nn.Linear(3, 3)(x).to(torch.float16)\n"));
	assert_true(wl_py_code_triggers("y = torch.nn.Linear(3, 3)\n", 26, &imp));
	assert_true(REFINED("y = torch.load(f)\n"));
	assert_true(REFINED("m = torch.hub.load('o/r', 'x')\n"));
	assert_true(REFINED("t = torch\n"));
	assert_true(REFINED("getattr(torch, 'load')\n"));
	assert_true(REFINED("torch .load(f)\n"));
	assert_true(REFINED("torch.\\\n  load(f)\n"));
	assert_true(REFINED("x.torch.nn\n"));
	assert_true(REFINED("torch.nn\xc3\xa9(x)\n")); /* a non-ASCII member: never inert */
	assert_false(REFINED("s = 'torch.nn'\n"));
	assert_true(REFINED("s = 'torch.load'\n"));
	/* words that are not modules on the way (eval, from_pretrained) always count */
	assert_true(REFINED("model.eval()\n"));
	assert_true(REFINED("M.from_pretrained(p)\n"));
	assert_false(REFINED("r = joblib.Parallel(n_jobs=2)(joblib.delayed(f)(x) for x in xs)\n"));
	assert_true(REFINED("m = joblib.load(p)\n"));
	/* yaml: only its loaders are judged */
	assert_false(REFINED("yaml.dump(x)\n"));
	assert_true(REFINED("yaml.load(s)\n"));
	assert_true(REFINED("yaml.unsafe_load(s)\n"));
	/* the hub libraries: only the callees a rule names */
	assert_false(REFINED("m = transformers.AutoModel(cfg)\n"));
	assert_true(REFINED("p = transformers.pipeline('text-generation')\n"));
	/* a def/class defines a name, it does not call it (builtins excepted:
	 * `def eval` shadows the builtin for everything after it) */
	assert_false(REFINED("    def from_pretrained(cls, *args):\n        return cls()\n"));
	assert_true(REFINED("    def eval(self):\n        return self\n"));
	assert_true(REFINED("    return cls.from_pretrained(p)\n"));
	/* a short string naming a module is no call; a function's name is */
	assert_false(REFINED("requires_backends(cls, [\"torch\", \"transformers\"])\n"));
	assert_true(REFINED("getattr(builtins, \"eval\")(s)\n"));
	assert_true(REFINED("load = 'torch.load'\n"));
	assert_true(wl_py_code_triggers("x = [\"torch\"]\n", 12, &imp));
	/* both answers in one walk: 2 refined, 1 plain only, 0 none; a later
	 * piece that counts for both wins over an earlier plain-only one */
#define BOTH(src) wl_py_code_triggers_both(src, strlen(src), &imp)
	assert_int_equal(BOTH("y = torch.nn.Linear(3, 3)\n"), 1);
	assert_int_equal(BOTH("y = torch.load(f)\n"), 2);
	assert_int_equal(BOTH("x = 1\n"), 0);
	assert_int_equal(BOTH("a = torch.nn.X  # c\nb = 'x'\nc = eval(s)\n"), 2);
	assert_int_equal(BOTH("requires_backends(cls, [\"torch\"])\n"), 1);
	assert_int_equal(BOTH("import cPickle\n"), 2);
	/* torch.utils leads to torch.utils.model_zoo.load_url, torch.utils.data to nothing judged */
	assert_int_equal(BOTH("dl = torch.utils.data.DataLoader(ds)\n"), 1);
	assert_int_equal(BOTH("w = torch.utils.model_zoo.load_url(u)\n"), 2);
	assert_int_equal(BOTH("z = torch.utils\n"), 2);
#undef BOTH
#define CHAIN(q, rest) wl_py_chain_is_inert(q, strlen(q), rest, strlen(rest))
	assert_true(CHAIN("torch", ".utils.data.DataLoader(ds)"));
	assert_true(CHAIN("torch", ".nn.Linear"));
	assert_false(CHAIN("torch", ".utils.model_zoo.load_url(u)"));
	assert_false(CHAIN("torch", ".utils"));         /* on the way, and the chain ends */
	assert_false(CHAIN("torch", ".hub.load(x)"));
	assert_false(CHAIN("torch", ".load.__doc__"));  /* past a judged callee */
	assert_false(CHAIN("torch", ".utils.\xc3\xa9"));  /* not ASCII: unsure */
	assert_false(CHAIN("torch", " .nn"));
#undef CHAIN
	assert_true(wl_py_member_is_inert("torch", 5, "nn", 2));
	assert_false(wl_py_member_is_inert("torch", 5, "load", 4));
	assert_false(wl_py_member_is_inert("torch", 5, "hub", 3));
	assert_true(wl_py_member_is_inert("yaml", 4, "dump", 4));
	assert_false(wl_py_member_is_inert("yaml", 4, "load", 4));
	assert_false(wl_py_member_is_inert("yaml", 4, "full_load", 9));
	assert_true(wl_py_member_is_inert("transformers", 12, "AutoModel", 9));
	assert_false(wl_py_member_is_inert("transformers", 12, "pipeline", 8));
	assert_true(wl_py_member_is_inert("huggingface_hub", 15, "HfApi", 5));
	assert_false(wl_py_member_is_inert("huggingface_hub", 15, "hf_hub_download", 15));
	assert_true(wl_py_member_is_inert("torch.hub", 9, "get_dir", 7));
	assert_true(wl_py_member_is_inert("joblib", 6, "Parallel", 8));
	assert_false(wl_py_member_is_inert("joblib", 6, "load", 4));
	assert_true(wl_py_member_is_inert("dill", 4, "dump", 4));
	assert_false(wl_py_member_is_inert("dill", 4, "loads", 5));
	assert_true(wl_py_member_is_inert("marshal", 7, "dumps", 5));
	assert_false(wl_py_member_is_inert("runpy", 5, "run_path", 8));
	assert_false(wl_py_member_is_inert("torch.hub", 9, "load", 4));
	assert_false(wl_py_member_is_inert("torch", 5, "", 0));
}

/* "K:first line" per body chunk of a class, as chunks_of() */
static char *body_of(const char *src)
{
	struct wl_py_chunk *c;
	size_t n;
	if (wl_py_body_chunks(src, 0, (uint32_t)strlen(src), 0, &c, &n) != 0)
		return wl_strdup("FAIL");
	return describe(src, c, n);
}

#define BODY(src, want) EXPECT_TEXT(body_of(src), want)

static void test_body_chunks(void **state)
{
	(void)state;
	BODY("@dec\nclass A(B,\n      C):\n    \"\"\"Doc.\n\nmore\"\"\"\n    x = 1\n\n    @classmethod\n    def f(cls):\n"
	     "        return 1\n# a comment at column 0\n    async def g(self):\n        if x:\n            pass\n"
	     "    if y:\n        z = 1\n    else:\n        z = 2\n",
	     "P0:@dec|P3:    \"\"\"Doc.|P6:    x = 1|D8:    @classmethod|D12:    async def g(self):|P15:    if y:|");
	BODY("class A: pass\n", "FAIL");                  /* no indented body */
	BODY("class A:\n    x = 1\n  y = 2\n", "FAIL");    /* indented less than the body */
	BODY("class A:\n    x = 1\n\ty = 2\n", "FAIL");   /* tabs and spaces */
	BODY("class A:\n    x = (1,\n", "FAIL");          /* open bracket */
	BODY("class A:\n    @dec\n", "FAIL");             /* a decorator without its def */
}

static char *cell_python(const char *cell)
{
	struct wl_nb nb;
	size_t n = strlen(cell), i;
	uint32_t *off = wl_malloc((n + 1) * sizeof(*off));
	uint8_t *enc = wl_malloc(n + 1);
	char *out;
	for (i = 0; i < n; i++) {
		off[i] = (uint32_t)i;
		enc[i] = 1;
	}
	wl_nb_init(&nb);
	wl_nb_add_cell(&nb, cell, off, enc, n);
	out = wl_strndup(nb.py ? nb.py : "", nb.len);
	wl_nb_release(&nb);
	free(off);
	free(enc);
	return out;
}

#define CELL(src, want)                              \
	do {                                         \
		char *got_ = cell_python(src);       \
		assert_string_equal(got_, want);     \
		free(got_);                          \
	} while (0)

static void test_magics(void **state)
{
	(void)state;
	CELL("import os\n%matplotlib inline\n!pip install x\n", "import os\npass\npass\n");
	CELL("for f in fs:\n    !rm $f\n    x = 1", "for f in fs:\n    pass\n    x = 1\n");
	CELL("files = !ls\nobj?\n??obj\nx = y == 1\n", "pass\npass\npass\nx = y == 1\n");
	CELL("%%bash\npython -c 'eval(1)'\n", "\n\n");
	CELL("%%time\neval(x)\n", "pass\neval(x)\n");
	CELL("%time \\\n  f()\ng()\n", "pass\n\ng()\n");
	CELL("# comment with a ?\nx = 1\n", "# comment with a ?\nx = 1\n");
}

static void test_notebook_positions(void **state)
{
	static const char nbjson[] = "{\"cells\": [\n"
				     " {\"cell_type\": \"markdown\", \"source\": [\"eval(x)\\n\"]},\n"
				     " {\"cell_type\": \"code\", \"source\": [\"import os\\n\", \"y = \\\"\\u00e9\\\"\\n\"]},\n"
				     " {\"cell_type\": \"code\", \"source\": \"a = 1\\nb = 2\"}\n"
				     "]}\n";
	TSParser *p = ts_parser_new();
	TSTree *t;
	struct wl_nb nb;
	const char *y;
	(void)state;
	assert_true(ts_parser_set_language(p, tree_sitter_json()));
	t = ts_parser_parse_string(p, NULL, nbjson, (uint32_t)strlen(nbjson));
	wl_nb_init(&nb);
	assert_int_equal(wl_nb_extract(&nb, t, nbjson, strlen(nbjson)), 0);
	assert_string_equal(nb.py, "import os\ny = \"\xc3\xa9\"\na = 1\nb = 2\n");
	assert_int_equal(nb.ncells, 2);
	/* each byte maps back to where it is written in the JSON */
	y = strstr(nb.py, "y = ");
	assert_int_equal(nb.off[y - nb.py], (uint32_t)(strstr(nbjson, "y = ") - nbjson));
	assert_int_equal(nb.off[y - nb.py + 5], (uint32_t)(strstr(nbjson, "\\u00e9") - nbjson));
	assert_int_equal(nb.enc[y - nb.py + 5], 6);
	assert_int_equal(nb.off[strstr(nb.py, "b = 2") - nb.py], (uint32_t)(strstr(nbjson, "b = 2") - nbjson));
	wl_nb_release(&nb);
	ts_tree_delete(t);
	/* not a JSON object */
	t = ts_parser_parse_string(p, NULL, "[1, 2]", 6);
	wl_nb_init(&nb);
	assert_int_equal(wl_nb_extract(&nb, t, "[1, 2]", 6), WL_EFORMAT);
	wl_nb_release(&nb);
	ts_tree_delete(t);
	ts_parser_delete(p);
}

/* The byte classes, each by its definition, for all 256 bytes. */
static void test_byte_classes(void **state)
{
	int c;
	(void)state;
	for (c = 0; c < 256; c++) {
		int ascii_ident = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
		assert_int_equal(!!(wl_py_bytes[c] & WL_PYB_ASCII_IDENT), ascii_ident);
		assert_int_equal(!!(wl_py_bytes[c] & WL_PYB_IDENT), ascii_ident || c >= 0x80);
		assert_int_equal(!!(wl_py_bytes[c] & WL_PYB_LEX), c && strchr("\n\\#([{)]}'\"", c) != NULL);
		assert_int_equal(!!(wl_py_bytes[c] & WL_PYB_STR), c && strchr("\\\n'\"", c) != NULL);
		assert_int_equal(!!(wl_py_bytes[c] & WL_PYB_PIECE), c && strchr("#'\"", c) != NULL);
	}
}

/* Every byte the statement lexer acts on is seen at every distance from
 * where it looks (the byte loop, then sixteen at a time): a bracket, a
 * string, a comment or a continuation that hides a line end keeps the
 * next line in the statement; a '|' or other bytes near them do not. */
static void test_lexer_stops(void **state)
{
	static const char *const tails[] = {
		"(\n1)\n", "[\n1]\n", "{\n1}\n", "'''\nq\n'''\n", "\"\"\"\nq\n\"\"\"\n",
		"# (\n", "\\\n  + 1\n", "| b\n", "'(' + \"[\"\n", "[1] + {2: (3)}\n",
	};
	char src[256];
	size_t k, t;
	(void)state;
	for (t = 0; t < sizeof(tails) / sizeof(tails[0]); t++)
		for (k = 0; k < 48; k++) {
			struct wl_py_chunk *c;
			size_t n;
			int len = snprintf(src, sizeof(src), "x = %.*s%sy = 2\n", (int)k,
					   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", tails[t]);
			assert_int_equal(wl_py_chunks(src, (size_t)len, &c, &n), 0);
			if (n != 2 || strncmp(src + c[1].start, "y = 2", 5) != 0)
				fail_msg("tail %zu at %zu: %zu chunks", t, k, n);
			free(c);
		}
}

/* Only a code point Python folds to ASCII asks for the folded scan: the
 * lead bytes alone (a fullwidth comma, a trade mark sign) do not. */
static void test_needs_fold(void **state)
{
#define FOLD(s) wl_py_needs_fold(s, sizeof(s) - 1)
	(void)state;
	assert_false(FOLD("x = 1\n"));
	assert_false(FOLD("# a\xef\xbc\x8c b\n"));               /* U+FF0C fullwidth comma */
	assert_false(FOLD("s = 'Acme\xe2\x84\xa2'\n"));           /* U+2122 trade mark */
	assert_false(FOLD("# caf\xc3\xa9, na\xc3\xafve, \xe4\xb8\xad\n")); /* no look-alike */
	assert_true(FOLD("\xef\xbd\x85val(x)\n"));                /* U+FF45 fullwidth e */
	assert_true(FOLD("x = 1; y = 2; z = 3; \xf0\x9d\x90\x9eval(x)")); /* U+1D41E bold e, past 16 ASCII bytes */
	assert_true(FOLD("# \xc3\xa9 then\n\xe2\x84\x8e = 1\n"));    /* U+210E after a 2-byte sequence */
	assert_false(FOLD("\xef\xbd"));                              /* cut short */
#undef FOLD
}

/* Is the first byte of `what` in src inside a planned range? */
static int planned(const char *src, const struct wl_span *v, size_t n, const char *what)
{
	const char *at = strstr(src, what);
	size_t i;
	assert_non_null(at);
	for (i = 0; i < n; i++)
		if ((uint32_t)(at - src) >= v[i].start && (uint32_t)(at - src) < v[i].end)
			return 1;
	return 0;
}

/* What the .py scanner leaves to tree-sitter (python.c, scan_regions): the
 * statements that can make a finding and their bindings, nothing else. */
static void test_region_plan(void **state)
{
	/* the def matters only by its decorator: its header and its smallest
	 * statement are parsed, the long statements of its body are not, nor
	 * the binding of a name the stand-in uses (it makes no fact) */
	static const char header_only[] =
		"import yaml\n"
		"\n"
		"\n"
		"@register(yaml.load(open('c.yml')))\n"
		"def handler(data, scale=1):\n"
		"    total = sum(item * scale for item in data if item is not None and item > 0 and item < 1000)\n"
		"    mean = total / max(1, len([item for item in data if item is not None and item > 0 and item < 1000]))\n"
		"    spread = max(data) - min(data) if data else 0  # the spread of the values, zero when empty\n"
		"    ratio = mean / spread if spread else 0.0  # how the mean compares with the spread of the values\n"
		"    return {'total': total, 'mean': mean, 'spread': spread, 'ratio': ratio, 'n': len(data)}\n"
		"    return total\n";
	/* a method word in a docstring or a comment makes no call: that
	 * statement is not parsed, the one calling torch.load is */
	static const char docstring[] =
		"import torch\n"
		"\n"
		"\n"
		"def restore(path, strict=True):\n"
		"    \"\"\"Restore a checkpoint; AutoModel.from_pretrained(path) reads hub folders instead.\"\"\"\n"
		"    # save_pretrained writes such a folder; this one reads a single file\n"
		"    options = {'strict': strict, 'verbose': False, 'retries': 3, 'timeout': 30, 'mode': 'read'}\n"
		"    report(options, 'checkpoint at ' + str(path) + ' with options ' + repr(sorted(options.items())))\n"
		"    report(options, 'the same checkpoint again, for the log: ' + str(path) + repr(options))\n"
		"    state = torch.load(path, weights_only=True)\n"
		"    return state\n";
	/* a small file with nothing to judge in its def: not parsed at all */
	static const char small[] =
		"import os\n"
		"\n"
		"\n"
		"def helper(path):\n"
		"    return os.path.join(path, 'x')\n";
	/* a class that matters only as a whole (torch named in one method,
	 * a method word in another) but by none of its methods: its header
	 * and plain statements are parsed, no method; with methods only, the
	 * smallest (build) stands in so that the class still parses */
	static const char class_head[] = "import torch\n"
					  "\n"
					  "\n"
					  "class Holder:\n"
					  "    \"\"\"Keeps a model.\"\"\"\n"
					  "\n"
					  "    def build(self):\n"
					  "        return torch.nn.ReLU()\n"
					  "\n"
					  "    def keep(self, d):\n"
					  "        self.model.save_pretrained(d)\n";
	static const char class_defs[] = "import torch\n"
					 "\n"
					 "\n"
					 "class Holder:\n"
					 "    def build(self):\n"
					 "        return torch.nn.ReLU()\n"
					 "\n"
					 "    def keep(self, d):\n"
					 "        self.model.save_pretrained(d)\n";
	static const char pad[] = "\n"
				  "    def pad(self, items, scale=1):\n"
				  "        total = sum(item * scale for item in items if item is not None and item > 0)\n"
				  "        return total / max(1, len([item for item in items if item is not None]))\n";
	/* a bare call's result is a module or function only through an
	 * alias of getattr, __import__ or import_module: with none of them
	 * named but called, `model` binds no module, and the statements
	 * using it are not parsed */
	static const char bare_call[] =
		"import torch\n"
		"\n"
		"\n"
		"def restore(path, items):\n"
		"    model = build(torch.load(path, weights_only=True), getattr(torch, 'float32'))\n"
		"    model.train(True)\n"
		"    total = sum(item * 2 for item in items if item is not None and item > 0 and item < 1000)\n"
		"    mean = total / max(1, len([item for item in items if item is not None and item > 0]))\n"
		"    spread = max(items) - min(items) if items else 0  # the spread of the values, zero when empty\n"
		"    ratio = mean / spread if spread else 0.0  # how the mean compares with the spread of the values\n"
		"    return model, mean, spread, ratio\n";
	/* a long loop is read as its header and its statements: the one that
	 * loads is parsed with the headers around it and the last statement
	 * of each kept block, not the rest of the loop nor the bindings only
	 * the rest uses */
	static const char loop[] =
		"import torch\n"
		"\n"
		"\n"
		"def train(paths, steps):\n"
		"    counter = 0\n"
		"    history = []\n"
		"    for epoch in range(steps):\n"
		"        counter += 1\n"
		"        history.append(counter * 2 + epoch)  # the running count of steps, for the log\n"
		"        if epoch % 10 == 0:\n"
		"            state = torch.load(paths[epoch], weights_only=True)\n"
		"            print('restored', len(state))\n"
		"        total = sum(item * 2 for item in history if item is not None and item > 0 and item < 1000)\n"
		"        mean = total / max(1, len([item for item in history if item is not None and item > 0]))\n"
		"        print(epoch, mean)\n"
		"    return None\n";
	/* ... and a try statement as its clauses: the header of each, the
	 * load, the last statement of each clause */
	static const char guarded[] =
		"import torch\n"
		"\n"
		"\n"
		"def restore(path, items):\n"
		"    try:\n"
		"        size = len(items)\n"
		"        state = torch.load(path, weights_only=True)\n"
		"        total = sum(item * 2 for item in items if item is not None and item > 0 and item < 1000)\n"
		"        mean = total / max(1, len([item for item in items if item is not None and item > 0]))\n"
		"    except (OSError, ValueError) as err:\n"
		"        message = 'cannot restore ' + str(path) + ': ' + str(err) + ' after ' + str(size)\n"
		"        raise RuntimeError(message)\n"
		"    spread = max(items) - min(items) if items else 0  # the spread of the values, zero when empty\n"
		"    return state, spread\n";
	/* module-level imports and constants selected only as bindings are
	 * parsed when the code that is parsed uses what they bind; a relative
	 * import never binds a judged module, and is not parsed for the probe */
	static const char package[] =
		"from .models import AutoencoderKL, UNet2DModel\n"
		"from .config import WEIGHTS\n"
		"from .io import open\n"
		"_import_structure = {\"models\": [\"AutoencoderKL\"]}\n"
		"import torch\n"
		"\n"
		"\n"
		"def restore():\n"
		"    with open(WEIGHTS) as f:\n"
		"        return torch.load(f, weights_only=True)\n";
	static const char package_only[] = "from .models import AutoencoderKL\n"
					   "_import_structure = {\"models\": [\"AutoencoderKL\"]}\n"
					   "try:\n"
					   "    from .utils import dummy_objects\n"
					   "except ImportError:\n"
					   "    _import_structure[\"dummy\"] = [n for n in dir(dummy_objects) if n[0] != \"_\"]\n"
					   "__all__ = [\"AutoencoderKL\"]\n";
	/* a walrus binds at any depth; a star import may bind any name */
	static const char walrus[] = "import pickle as pk\n"
				     "x = (L := pk.loads)\n"
				     "\n"
				     "\n"
				     "def f(data):\n"
				     "    return L(data)\n";
	static const char star[] = "from mypkg.utils import *\n"
				   "\n"
				   "\n"
				   "def f(name):\n"
				   "    return build(name, trust_remote_code=True)\n";
	/* an import names a judged module but makes no fact: parsed only
	 * when the parsed code uses a name it binds (torch, not pickle) */
	static const char unused_import[] = "import pickle\n"
					    "import torch\n"
					    "import os; os.system('true')\n"
					    "\n"
					    "\n"
					    "def restore(path):\n"
					    "    return torch.load(path, weights_only=True)\n";
	/* the text of a long f-string is no code, its {expressions} are: a
	 * method word in the text keeps nothing, a trigger in braces does */
	static const char fstring_text[] =
		"import torch\n"
		"\n"
		"\n"
		"def card(repo_id, base_model):\n"
		"    return f\"Use it: pipe.load_lora_weights('{repo_id}') on {base_model}, from the hub.\"\n"
		"\n"
		"\n"
		"def show(expr, d):\n"
		"    return f\"value {eval(expr)} of the expression, printed for the folder {d} in the log\"\n"
		"\n"
		"\n"
		"def later(expr, d):\n"
		"    return f\"dtype {torch.float16} then the value {exec(expr)} of the code, for the folder {d}\"\n";
	char big[8192];
	struct wl_span *v;
	size_t n, k;
	(void)state;

	for (k = 0; k < 2; k++) {
		const char *head = k ? class_defs : class_head;
		size_t len = strlen(head);
		memcpy(big, head, len);
		while (len + sizeof(pad) < 4096) {
			memcpy(big + len, pad, sizeof(pad) - 1);
			len += sizeof(pad) - 1;
		}
		big[len] = '\0';
		assert_int_equal(wl_py_region_plan(big, len, &v, &n), 0);
		assert_true(planned(big, v, n, "class Holder"));
		assert_false(planned(big, v, n, "def keep"));
		assert_false(planned(big, v, n, "def pad"));
		if (k)
			assert_true(planned(big, v, n, "def build")); /* the smallest, standing in */
		else
			assert_true(planned(big, v, n, "Keeps a model") && !planned(big, v, n, "def build"));
		free(v);
	}

	{
		/* each source: what is parsed ("+") and what is not ("-") */
		static const struct {
			const char *src;
			const char *marks[10];
		} cases[] = {
			{ package, { "+import torch", "+return torch.load", "+from .config" /* WEIGHTS is used */,
				     "+from .io" /* so is open, not the builtin */, "-from .models", "-_import_structure" } },
			{ package_only, { "-from .models", "-_import_structure", "-try:", "-__all__" } },
			{ loop, { "+for epoch", "+if epoch % 10", "+state = torch.load",
				  "+print('restored'" /* the last of its block */, "+print(epoch, mean)" /* of the loop */,
				  "-counter += 1", "-total = sum", "-counter = 0" } },
			{ guarded, { "+    try:", "+state = torch.load", "+mean = total" /* the last of the try block */,
				     "+except (OSError", "+raise RuntimeError", "-size = len", "-message = " } },
			{ bare_call, { "+model = build", "-model.train" } },
			{ header_only, { "+import yaml", "+@register", "+def handler",
					 "+return total" /* the smallest, standing in */, "-total = sum", "-return {" } },
			{ docstring, { "+state = torch.load", "+def restore", "-\"\"\"Restore", "-options = {" } },
			{ small, { "-import os", "-def helper" } },
			{ walrus, { "+x = (L := pk.loads)", "+return L(data)" } },
			{ star, { "+from mypkg.utils import *", "+trust_remote_code=True" } },
			{ unused_import, { "+import torch", "-import pickle", "+os.system", "+return torch.load" } },
			{ fstring_text, { "-def card", "-load_lora_weights", "+def show", "+eval(expr)", "+exec(expr)" } },
		};
		size_t c, m;
		for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
			assert_int_equal(wl_py_region_plan(cases[c].src, strlen(cases[c].src), &v, &n), 0);
			for (m = 0; m < 10 && cases[c].marks[m]; m++)
				if (planned(cases[c].src, v, n, cases[c].marks[m] + 1) != (cases[c].marks[m][0] == '+'))
					fail_msg("case %zu: %s", c, cases[c].marks[m]);
			free(v);
		}
	}
	/* ... but `g = getattr` makes any bare call a possible getattr */
	snprintf(big, sizeof(big), "g = getattr\n%s", bare_call);
	assert_int_equal(wl_py_region_plan(big, strlen(big), &v, &n), 0);
	assert_true(planned(big, v, n, "model.train"));
	free(v);
}

/* A compound statement's clauses, at its own indentation: "H" a clause's
 * header, "S" a statement of its body */
static char *clauses_of(const char *src)
{
	struct wl_py_chunk *c;
	size_t n, i;
	struct wl_buf b;
	if (wl_py_clause_chunks(src, 0, (uint32_t)strlen(src), 0, &c, &n) != 0)
		return wl_strdup("FAIL");
	wl_buf_init(&b, 0);
	for (i = 0; i < n; i++)
		wl_buf_addf(&b, "%c%u ", i == 0 || c[i].kind == WL_PY_CHUNK_CONTINUATION ? 'H' : 'S', c[i].row);
	free(c);
	return wl_buf_detach(&b, NULL);
}

#define CLAUSES(src, want) EXPECT_TEXT(clauses_of(src), want)

static void test_clauses(void **state)
{
	(void)state;
	CLAUSES("    if a:\n        x = 1\n    elif b:  # b\n        x = (2,\n 3)\n        y = 1\n    else:\n        x = 3\n",
		"H0 S1 H2 S3 S5 H6 S7 ");
	CLAUSES("try:\n    a()\nexcept E as e:\n    b(e)\nfinally:\n    c()\n", "H0 S1 H2 S3 H4 S5 ");
	CLAUSES("for x in y:\n    a(x)\n\n    # done\nelse:\n    b()\n", "H0 S1 H4 S5 ");
	CLAUSES("with a as b:\n    if c:\n        d()\n    else:\n        e()\n", "H0 S1 ");
	CLAUSES("x = 1\ny = 2\n", "FAIL");                               /* two statements */
	CLAUSES("    if a:\n        x = 1\n  else:\n        x = 2\n", "FAIL"); /* less indented */
	CLAUSES("if a: x = 1\nelse:\n    x = 2\n", "FAIL");                 /* a body on the header's line */
	CLAUSES("if a:\n    x = 1\nelse: x = 2\n", "FAIL");
	CLAUSES("if a:\n    @d\nelse:\n    x = 2\n", "FAIL");
}

/* The lexers skip sixteen bytes at a time: what ends a string, starts a
 * piece or a chunk is found at every offset, in the block and the tail. */
static int count_piece(void *user, const char *p, size_t len, enum wl_py_piece kind, int fstring)
{
	(void)p, (void)len, (void)fstring;
	((int *)user)[kind]++;
	return 0;
}

static void test_skips(void **state)
{
	char buf[80];
	size_t at, n = 70;
	(void)state;
	for (at = 0; at < n; at++) {
		int counts[3] = { 0, 0, 0 };
		struct wl_py_chunk *c;
		size_t nc;
		memset(buf, 'a', n);
		buf[n] = '\0';
		buf[at] = '"';
		assert_ptr_equal(wl_py_string_body_end(buf, buf + n, '"', 0), buf + at);
		buf[at] = '\\'; /* escapes the next byte: the quote after it is not the end */
		if (at + 2 < n) {
			buf[at + 1] = '"';
			buf[at + 2] = '"';
			assert_ptr_equal(wl_py_string_body_end(buf, buf + n, '"', 0), buf + at + 2);
		}
		memset(buf, 'a', n);
		buf[at] = '#';
		assert_int_equal(wl_py_pieces(buf, n, count_piece, counts), 0);
		assert_int_equal(counts[WL_PY_PIECE_COMMENT], 1);
		assert_int_equal(counts[WL_PY_PIECE_CODE], at > 0);
		/* a bracket opened at `at` and never closed: the chunker sees it */
		memset(buf, 'a', n);
		buf[at] = '(';
		assert_int_equal(wl_py_chunks(buf, n, &c, &nc), -1);
		buf[n - 1] = ')';
		if (at < n - 1) {
			assert_int_equal(wl_py_chunks(buf, n, &c, &nc), 0);
			free(c);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_code_triggers),
		cmocka_unit_test(test_code_triggers_refined),
		cmocka_unit_test(test_body_chunks),
		cmocka_unit_test(test_magics),
		cmocka_unit_test(test_notebook_positions),
		cmocka_unit_test(test_needs_fold),
		cmocka_unit_test(test_byte_classes),
		cmocka_unit_test(test_lexer_stops),
		cmocka_unit_test(test_region_plan),
		cmocka_unit_test(test_skips),
		cmocka_unit_test(test_clauses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
