/*
 * code.c - Python code rules (WL2xx): dynamic code, unsafe deserialization,
 * remote code and unpinned hub downloads. Judges struct wl_call facts from
 * python.c / notebook.c by what each callee RESOLVES to, never by its last
 * name alone, and never parses source itself.
 */
#include "facts_ci.h"
#include "facts_code.h"
#include "facts_dep.h"
#include "hub.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


static const struct wl_rule code_rules[] = {
	{
		.id = "WL201",
		.name = "dynamic-code-execution",
		.short_desc = "eval, exec or compile(..., 'exec') on a value that is not a literal",
		.full_desc = "The code passes a computed string or code object to eval(), exec() (including "
			     "builtins.eval/exec, getattr(builtins, 'eval') and aliases of them) or compiles it "
			     "with compile(..., 'exec'). Whoever controls that value runs arbitrary Python in this "
			     "process: model configs, downloaded files and user input must never reach it.",
		.help_md = "Replace dynamic evaluation with a parser for the data you expect:\n\n"
			   "- literals: `ast.literal_eval(text)` instead of `eval(text)`;\n"
			   "- JSON/YAML/TOML: `json.loads`, `yaml.safe_load`, `tomllib.loads`;\n"
			   "- choosing a function by name: a dict of allowed callables "
			   "(`OPS = {\"relu\": relu}; OPS[name](x)`).\n\n"
			   "If the code really must run generated Python (a REPL, a debugger, a code generator), "
			   "make sure only trusted input reaches it and mark the line "
			   "`# weaklink: ignore[WL201]` with a reason.",
		.cwe = 95,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.8,
		.precision = "high",
		.tags = "code-injection",
	},
	{
		.id = "WL202",
		.name = "dynamic-import",
		.short_desc = "Module imported or run from a computed name or path",
		.full_desc = "__import__(), importlib.import_module() or runpy.run_path/run_module() receive a "
			     "value that is not a literal. Importing a module runs its top-level code, so a name "
			     "taken from a config file, a checkpoint or a command line chooses which code runs.",
		.help_md = "Map the allowed names to modules explicitly:\n\n"
			   "```python\nBACKENDS = {\"torch\": \"myproj.backends.torch\", \"jax\": \"myproj.backends.jax\"}\n"
			   "module = importlib.import_module(BACKENDS[name])  # KeyError for anything else\n```\n\n"
			   "For plugins, use entry points (`importlib.metadata.entry_points`) of installed, pinned "
			   "packages instead of importing arbitrary names.",
		.cwe = 829,
		.level = WL_LEVEL_NOTE,
		.security_severity = 5.5,
		.precision = "medium",
		.tags = "code-injection",
	},
	{
		.id = "WL203",
		.name = "unsafe-deserialization",
		.short_desc = "Deserialization that can run code (pickle and friends)",
		.full_desc = "pickle/cPickle/_pickle/dill/cloudpickle load and Unpickler, joblib.load, "
			     "shelve.open, marshal.load(s), jsonpickle.decode, pandas.read_pickle and "
			     "numpy.load(allow_pickle=True) all rebuild objects by calling functions named in the "
			     "data. Loading an untrusted file runs the attacker's code; model checkpoints shared "
			     "on hubs are the usual carrier.",
		.help_md = "Load data and weights in formats that cannot carry code:\n\n"
			   "- weights: `safetensors.torch.load_file(path)`;\n"
			   "- arrays: `numpy.load(path)` with the default `allow_pickle=False`, or `.npz`;\n"
			   "- tables: Parquet/CSV instead of `read_pickle`;\n"
			   "- settings and metadata: JSON.\n\n"
			   "If a pickle cannot be avoided, load only files you produced yourself, verify their "
			   "SHA-256 against a pinned value before loading, or restrict globals with a custom "
			   "`Unpickler.find_class` allow-list.",
		.cwe = 502,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.1,
		.precision = "high",
		.tags = "deserialization",
	},
	{
		.id = "WL204",
		.name = "torch-load-without-weights-only",
		.short_desc = "torch.load without weights_only=True",
		.full_desc = "torch.load unpickles the checkpoint. Without weights_only=True (the default only "
			     "from PyTorch 2.6 on) any global named in the file is imported and called, so a "
			     "downloaded .pt/.bin/.ckpt file runs code when it is loaded. The level follows the torch "
			     "the project declares: a note where it requires torch >= 2.6; and where it allows "
			     "torch < 2.6, weights_only=True itself is reported, since that unpickler could be made "
			     "to run code before 2.6 (CVE-2025-32434).",
		.help_md = "Pass `weights_only=True`:\n\n"
			   "```python\nstate = torch.load(path, map_location=\"cpu\", weights_only=True)\n```\n\n"
			   "If the checkpoint holds extra Python objects, allow exactly those with "
			   "`torch.serialization.add_safe_globals([...])`, or better, store weights as "
			   "safetensors (`safetensors.torch.load_file`). Require `torch>=2.6` in the project's "
			   "manifests: earlier releases can be made to run code even with weights_only=True "
			   "(CVE-2025-32434).",
		.cwe = 502,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.1,
		.precision = "high",
		.tags = "deserialization,pytorch",
	},
	{
		.id = "WL205",
		.name = "torch-hub-load-unpinned",
		.short_desc = "torch.hub.load of a repository that is not pinned to a commit, or trusted blindly",
		.full_desc = "torch.hub.load downloads a GitHub repository and runs its hubconf.py. Without a "
			     "ref that is a full 40-hex commit ('owner/repo:<sha>') the code that runs is whatever "
			     "the branch holds today; trust_repo=True also skips the confirmation.",
		.help_md = "Pin the repository to a reviewed commit and do not pre-trust it:\n\n"
			   "```python\nmodel = torch.hub.load(\"owner/repo:0123456789abcdef0123456789abcdef01234567\", "
			   "\"model\")\n```\n\n"
			   "Better still, vendor the model code into your repository and load weights with "
			   "safetensors.",
		.cwe = 494,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "high",
		.tags = "supply-chain,pytorch",
	},
	{
		.id = "WL206",
		.name = "unsafe-yaml-load",
		.short_desc = "YAML loaded with a loader that can build arbitrary objects",
		.full_desc = "yaml.load/load_all with a Loader other than SafeLoader/CSafeLoader/BaseLoader "
			     "(resolved through imports and aliases) and yaml.unsafe_load can construct Python "
			     "objects named in the document; a crafted YAML file runs code. yaml.full_load and "
			     "FullLoader are a note: from PyYAML 5.4 they refuse python/object/apply and resolve "
			     "names only in modules already imported; a warning where the project pins PyYAML "
			     "below 5.4 (CVE-2020-14343).",
		.help_md = "Use the safe loader:\n\n"
			   "```python\ncfg = yaml.safe_load(text)          # or yaml.load(text, Loader=yaml.SafeLoader)\n"
			   "docs = list(yaml.safe_load_all(text))\n```\n",
		.cwe = 502,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.5,
		.precision = "very-high",
		.tags = "deserialization,yaml",
	},
	{
		.id = "WL207",
		.name = "keras-unsafe-deserialization",
		.short_desc = "Keras model loading with safe mode turned off",
		.full_desc = "load_model(..., safe_mode=False) and keras.config.enable_unsafe_deserialization() "
			     "allow Lambda layers and arbitrary Python objects from the model file to be "
			     "deserialized, which runs code embedded in the file.",
		.help_md = "Keep Keras' safe mode on (the default): drop `safe_mode=False` and the call to "
			   "`enable_unsafe_deserialization()`. Replace Lambda layers with registered custom layers "
			   "(`@keras.saving.register_keras_serializable`) that live in your code.",
		.cwe = 502,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.1,
		.precision = "very-high",
		.tags = "deserialization,keras",
	},
	{
		.id = "WL208",
		.name = "trust-remote-code",
		.short_desc = "trust_remote_code=True runs Python code downloaded from a model hub",
		.full_desc = "With trust_remote_code=True, transformers (and datasets, sentence-transformers, "
			     "vLLM ...) download Python files from the model repository and import them. Unless "
			     "the revision is pinned to a reviewed commit, whoever can push to that repository "
			     "runs code on every machine that loads the model. HF_DATASETS_TRUST_REMOTE_CODE=1 "
			     "turns it on for every dataset a process loads, whether set from Python or in the "
			     "environment a workflow, GitLab job, Dockerfile ENV or shell export hands it.",
		.help_md = "Prefer models supported natively by the library and drop `trust_remote_code=True`. "
			   "If the custom code is needed, review it, pin `revision=` to that full commit hash, or "
			   "copy the modelling code into your repository:\n\n"
			   "```python\nAutoModel.from_pretrained(\"org/model\", trust_remote_code=True,\n"
			   "                          revision=\"0123456789abcdef0123456789abcdef01234567\")\n```\n",
		.cwe = 829,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "very-high",
		.tags = "supply-chain,huggingface",
	},
	{
		.id = "WL209",
		.name = "unpinned-hub-download",
		.short_desc = "Model or dataset downloaded from a hub without a pinned commit",
		.full_desc = "from_pretrained, hf_hub_download, snapshot_download, pipeline(model=...), "
			     "load_dataset, SentenceTransformer and friends fetch whatever the hub repository "
			     "holds today unless revision= is a full 40-hex commit. A branch or tag can be moved "
			     "to different weights, configs or code by anyone who controls the repository.",
		.help_md = "Pass the commit you reviewed as `revision=`:\n\n"
			   "```python\nAutoModel.from_pretrained(\"org/model\",\n"
			   "                          revision=\"0123456789abcdef0123456789abcdef01234567\")\n```\n\n"
			   "Find it with `huggingface-cli repo info org/model` or on the hub's \"Files and "
			   "versions\" tab. A local path (`./model`, `/models/x`, `os.path.join(...)`) is not a hub "
			   "id and is not flagged.",
		.cwe = 494,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.9,
		.precision = "high",
		.tags = "supply-chain,huggingface",
	},
	{
		.id = "WL210",
		.name = "ml-library-remote-code",
		.short_desc = "An ML library call downloads code or a pickled checkpoint and runs it",
		.full_desc = "Some ML library calls fetch Python from the network and run it without any "
			     "trust_remote_code switch: diffusers' custom_pipeline= imports a community pipeline "
			     "file from the hub or GitHub, evaluate.load() runs a metric script from the hub (a note for "
			     "Hugging Face's canonical metrics, a warning for a community one), "
			     "torch.hub.load_state_dict_from_url() unpickles whatever the URL serves, and "
			     "torch.jit.load() of a downloaded file runs the TorchScript program it holds. Whoever "
			     "controls that hub repository or URL runs code on every machine that executes the line.",
		.help_md = "Keep the code you run in your repository, or pinned:\n\n"
			   "- `custom_pipeline=`: copy the pipeline file into the repository and pass its local path, "
			   "or pin `custom_revision=` to a reviewed commit;\n"
			   "- `evaluate.load`: pass `revision=` a reviewed commit, or the local path of a metric script "
			   "you keep (`evaluate.load(\"./metrics/accuracy.py\")`), or compute the metric with a "
			   "library function (`sklearn.metrics`);\n"
			   "- `load_state_dict_from_url`: pass `weights_only=True`, and `check_hash=True` with a file "
			   "name that carries the SHA-256 prefix, or download with a pinned hash and load safetensors;\n"
			   "- `torch.jit.load`: load only TorchScript files you built, checked against a pinned SHA-256.",
		.cwe = 494,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.1,
		.precision = "high",
		.tags = "supply-chain,remote-code",
	},
	{
		.id = "WL211",
		.name = "unrestricted-unpickler",
		.short_desc = "A 'restricted' Unpickler whose find_class falls back to the unrestricted one",
		.full_desc = "A pickle.Unpickler subclass overrides find_class but ends by returning "
			     "super().find_class(module, name) for every name its checks do not handle. Names "
			     "outside the allow-list are then imported as usual, so a crafted pickle still reaches "
			     "os.system or builtins.exec: every load through this class can run arbitrary code, "
			     "while the code reads as if it were safe.",
		.help_md = "End find_class by refusing what is not allowed:\n\n"
			   "```python\nclass SafeUnpickler(pickle.Unpickler):\n"
			   "    ALLOWED = {(\"collections\", \"OrderedDict\")}\n"
			   "    def find_class(self, module, name):\n"
			   "        if (module, name) in self.ALLOWED:\n"
			   "            return super().find_class(module, name)\n"
			   "        raise pickle.UnpicklingError(f\"global {module}.{name} is forbidden\")\n```\n\n"
			   "A find_class that only remaps names (a CPU unpickler) restricts nothing either: load "
			   "such files only from sources you trust, or move to safetensors.",
		.cwe = 502,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "high",
		.tags = "deserialization",
	},
};

/* ------------------------------------------------------ what we judge */

/* The resolver keeps only the calls these rows name (facts_code.h). A
 * callee compared against below must be under a root: test_code_interest
 * checks every one. */
#define ROW(n, t) { n, t, WL_PY_WORD }
#define ROW_INSIDE(n, t) { n, t, WL_PY_INSIDE }
#define ROW_IMPORTED(n, t) { n, t, WL_PY_IMPORTED }
static const struct wl_py_row interest_roots[] = {
	ROW("builtins.eval", "eval"), ROW("builtins.exec", "exec"),
	ROW("builtins.compile", "exec"), /* judged with mode 'exec' only */
	ROW("builtins.__import__", "__import__"), ROW("importlib.import_module", "import_module"),
	ROW("importlib.__import__", "__import__"), ROW("runpy.run_path", "runpy"), ROW("runpy.run_module", "runpy"),
	/* the pickle modules stay whole: their trigger matches inside any
	 * identifier, so a narrower row would spare no parse */
	ROW_INSIDE("pickle", "pickle"), ROW_INSIDE("cPickle", "pickle"), ROW_INSIDE("_pickle", "pickle"),
	ROW("dill.load", "dill"), ROW("dill.loads", "dill"), ROW("dill.Unpickler", "dill"),
	ROW_INSIDE("cloudpickle", "pickle"), ROW("joblib.load", "joblib"), ROW("sklearn.externals.joblib.load", "joblib"),
	ROW("shelve.open", "shelve"), ROW("shelve.Shelf", "shelve"), ROW("shelve.DbfilenameShelf", "shelve"),
	ROW("shelve.BsdDbShelf", "shelve"), ROW("marshal.load", "marshal"), ROW("marshal.loads", "marshal"),
	ROW_INSIDE("jsonpickle", "pickle"), ROW_INSIDE("pandas.read_pickle", "pickle"),
	ROW_INSIDE("numpy.load", "pickle"), /* judged with allow_pickle=True only */
	ROW("torch.load", "torch"),
	/* torch.hub: what this file and rules/install.c, pyflow.c judge */
	ROW("torch.hub.load", "torch"), ROW("torch.hub.list", "torch"), ROW("torch.hub.help", "torch"),
	ROW("torch.hub.load_state_dict_from_url", "torch"), ROW("torch.hub.download_url_to_file", "torch"),
	/* keras stays whole: check_keras judges any *.load_model and
	 * *.enable_unsafe_deserialization under it, at any depth */
	ROW("keras", "keras"), ROW("tensorflow.keras", "keras"), ROW("tf_keras", "tf_keras"),
	/* check_yaml's loaders (yaml.safe_load, yaml.dump: no parse) */
	ROW("yaml.load", "yaml"), ROW("yaml.load_all", "yaml"), ROW("yaml.full_load", "yaml"),
	ROW("yaml.full_load_all", "yaml"), ROW("yaml.unsafe_load", "yaml"), ROW("yaml.unsafe_load_all", "yaml"),
	/* the hub libraries: only the callees hub_fns, rules/install.c and
	 * pyflow.c (model clients) name; X.from_pretrained(...) and
	 * trust_remote_code= / custom_pipeline= are facts whatever X is (the
	 * method and keyword rows), so `pipe = SomePipeline(**c)` is not */
	ROW("transformers.pipeline", "transformers"),
	ROW("huggingface_hub.hf_hub_download", "huggingface_hub"),
	ROW("huggingface_hub.file_download.hf_hub_download", "huggingface_hub"),
	ROW("huggingface_hub.snapshot_download", "huggingface_hub"),
	ROW("huggingface_hub._snapshot_download.snapshot_download", "huggingface_hub"),
	ROW("huggingface_hub.InferenceClient", "huggingface_hub"),
	ROW("huggingface_hub.AsyncInferenceClient", "huggingface_hub"),
	ROW("datasets.load_dataset", "datasets"),
	ROW("sentence_transformers.SentenceTransformer", "sentence_transformers"),
	ROW("sentence_transformers.CrossEncoder", "sentence_transformers"), ROW("vllm.LLM", "vllm"),
	ROW_IMPORTED("evaluate.load", "evaluate"), ROW("torch.jit.load", "torch"),
	ROW("torch.utils.model_zoo.load_url", "torch"),
	/* setting HF_DATASETS_TRUST_REMOTE_CODE for the process */
	ROW("os.environ.setdefault", "HF_DATASETS_TRUST_REMOTE_CODE"),
	ROW("os.putenv", "HF_DATASETS_TRUST_REMOTE_CODE"),
	/* services that listen (rules/services.c) and setup() (rules/install.c) */
	ROW("ray.init", "ray"), ROW("werkzeug.serving.run_simple", "werkzeug"), ROW("werkzeug.run_simple", "werkzeug"),
	ROW("setuptools.setup", "setuptools"), ROW("distutils.core.setup", "distutils"),
	{ NULL, NULL, WL_PY_WORD },
};

static const struct wl_py_row interest_stores[] = {
	ROW("os.environ.HF_DATASETS_TRUST_REMOTE_CODE", "HF_DATASETS_TRUST_REMOTE_CODE"),
	ROW("datasets.config.HF_DATASETS_TRUST_REMOTE_CODE", "HF_DATASETS_TRUST_REMOTE_CODE"),
	{ NULL, NULL, WL_PY_WORD },
};

/* save_pretrained / save_model: where a file writes a model folder, so a
 * from_pretrained of the same path is a local load (hub_load below) */
static const struct wl_py_row interest_methods[] = {
	ROW("from_pretrained", "from_pretrained"), ROW("save_pretrained", "from_pretrained"),
	ROW("save_model", "from_pretrained"),
	ROW("launch", "launch"), /* a gradio app built elsewhere (`demo = build_demo()`; rules/services.c) */
	{ NULL, NULL, WL_PY_WORD },
};

static const struct wl_py_row interest_keywords[] = {
	ROW("trust_remote_code", "trust_remote_code"), ROW("custom_pipeline", "from_pretrained"),
	{ NULL, NULL, WL_PY_WORD },
};

/* prefilter words only: the objects pyresolve follows through call results
 * (gradio, flask.Flask, flask_socketio.SocketIO: rules/services.c) and what
 * the flow pass (pyflow.c, rules/flow.c) starts from: model clients and
 * calls, LLM tools, Jinja2 templates, safetensors loads (exec/eval/import
 * sinks and the other loaders are triggers already) */
static const struct wl_py_row interest_triggers[] = {
	ROW("gradio", "gradio"), ROW("flask", "flask"), ROW("flask_socketio", "flask_socketio"),
	ROW("openai", "openai"), ROW("OpenAI", "OpenAI"), ROW("AsyncOpenAI", "AsyncOpenAI"),
	ROW("AzureOpenAI", "AzureOpenAI"), ROW("anthropic", "anthropic"), ROW("Anthropic", "Anthropic"),
	ROW("litellm", "litellm"), ROW("langchain", "langchain"), ROW("ChatOpenAI", "ChatOpenAI"),
	ROW("ChatAnthropic", "ChatAnthropic"), ROW("ChatCompletion", "ChatCompletion"),
	ROW("completions", "completions"), ROW("jinja2", "jinja2"), ROW("Template", "Template"),
	ROW("from_string", "from_string"), ROW("Environment", "Environment"), ROW("PythonREPL", "PythonREPL"),
	ROW("PythonREPLTool", "PythonREPLTool"), ROW("PythonAstREPLTool", "PythonAstREPLTool"),
	ROW("allow_dangerous_code", "allow_dangerous_code"), ROW("allow_dangerous_requests", "allow_dangerous_requests"),
	ROW("load_file", "load_file"),
	{ NULL, NULL, WL_PY_WORD },
};

const struct wl_py_interest wl_py_interest = {
	.triggers = interest_triggers,
	.roots = interest_roots,
	.stores = interest_stores,
	.methods = interest_methods,
	.keywords = interest_keywords,
	/* eval, exec, "exec", __import__, import_module, allow_pickle, read_pickle */
	.member_triggers = WL_LIST("builtins", "importlib", "numpy", "pandas"),
	/* `try: from diffusers import X / except ImportError: X = None`: X
	 * still resolves to diffusers.X (for messages and keys) */
	.namespaces = WL_LIST("transformers", "diffusers", "huggingface_hub", "datasets", "sentence_transformers", "vllm",
			      "peft", "torch.hub", "yaml", "runpy", "dill", "joblib", "sklearn.externals.joblib", "shelve",
			      "marshal"),
};

/* ------------------------------------------------------------ helpers */

static int callee_is(const struct wl_call *c, const char *q)
{
	return c->callee && strcmp(c->callee, q) == 0;
}

static int is_literalish(const struct wl_arg *a)
{
	return a && (a->kind == WL_ARG_STRING || a->kind == WL_ARG_NUMBER || a->kind == WL_ARG_NONE ||
		     a->kind == WL_ARG_TRUE || a->kind == WL_ARG_FALSE);
}

static int is_hex40(const char *s)
{
	size_t i;
	for (i = 0; i < 40; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return s[40] == '\0';
}

/* The written callee, for messages: `pk.loads`. */
static const char *shown(const struct wl_call *c)
{
	return c->written && c->written[0] ? c->written : c->callee ? c->callee : c->method;
}

static void key_and_alias(struct wl_finding *f, const struct wl_call *c, const char *extra)
{
	wl_finding_key(f, "%s%s%s", c->callee ? c->callee : c->method, extra ? " " : "", extra ? extra : "");
	if (c->callee && c->written && strcmp(c->callee, c->written) != 0 &&
	    !(strncmp(c->callee, "builtins.", 9) == 0 && strcmp(c->callee + 9, c->written) == 0))
		wl_finding_prop(f, "resolved", "%s", c->callee);
}

/* Fix: append a keyword argument before the closing parenthesis. */
static void fix_append_kw(struct wl_finding *f, const struct wl_call *c, const char *desc, const char *kw)
{
	char text[96];
	if (!c->close_paren.line)
		return;
	if (c->nargs == 0 && !c->has_star_args && !c->has_star_kwargs)
		return; /* torch.load() is broken anyway; nothing to append to */
	snprintf(text, sizeof(text), "%s%s", c->args_trailing_comma ? " " : ", ", kw);
	wl_finding_fix(f, desc, &c->close_paren, text);
}

/* Fix: rename the method as written (yaml.load -> yaml.safe_load), only when
 * the call is written with the real name, not through an alias. */
static void fix_rename(struct wl_finding *f, const struct wl_call *c, const char *to)
{
	const char *dot;
	if (!c->method_loc.line || !c->callee)
		return;
	dot = strrchr(c->callee, '.');
	if (!dot || strcmp(dot + 1, c->method) != 0)
		return;
	{
		char desc[96];
		snprintf(desc, sizeof(desc), "Use %s", to);
		wl_finding_fix(f, desc, &c->method_loc, to);
	}
}

/* Fix: replace an argument's value. */
static void fix_value(struct wl_finding *f, const struct wl_arg *a, const char *desc, const char *text)
{
	if (a && a->loc.line)
		wl_finding_fix(f, desc, &a->loc, text);
}

/* ---------------------------------------------------------- dynamic code */

static void check_dynamic(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	const struct wl_arg *src;
	struct wl_finding *f;
	if (callee_is(c, "builtins.eval") || callee_is(c, "builtins.exec")) {
		src = wl_call_arg(c, 0, "source");
		if (!src && !c->has_star_args)
			return;
		if (src && src->kind == WL_ARG_STRING && !src->via_name)
			return; /* a literal: the code is right there */
		if (src && src->allowlisted)
			return; /* one of a few literal strings an if checked it against */
		f = wl_report(ctx, WL201, &fact->loc, "`%s` runs %s as Python code", shown(c),
			      src ? src->kind == WL_ARG_STRING ? "a string from a variable" : "a computed value"
				  : "computed arguments");
		key_and_alias(f, c, NULL);
		return;
	}
	if (callee_is(c, "builtins.compile")) {
		const struct wl_arg *mode = wl_call_arg(c, 2, "mode");
		src = wl_call_arg(c, 0, "source");
		if (!mode || mode->kind != WL_ARG_STRING || strcmp(mode->text, "exec") != 0)
			return;
		if (!src || (src->kind == WL_ARG_STRING && !src->via_name))
			return;
		f = wl_report(ctx, WL201, &fact->loc, "`%s(..., \"exec\")` compiles a computed value into code to run",
			      shown(c));
		key_and_alias(f, c, "exec");
		return;
	}
	if (callee_is(c, "builtins.__import__") || callee_is(c, "importlib.import_module") ||
	    callee_is(c, "importlib.__import__") || callee_is(c, "runpy.run_path") || callee_is(c, "runpy.run_module")) {
		src = wl_call_arg(c, 0, callee_is(c, "runpy.run_path") ? "path_name"
					: callee_is(c, "runpy.run_module") ? "mod_name" : "name");
		if (!src && !c->has_star_args)
			return;
		if (src && is_literalish(src) && !src->via_name)
			return;
		f = wl_report(ctx, WL202, &fact->loc, "`%s` %s a module chosen at run time (%s)", shown(c),
			      strncmp(c->callee, "runpy.", 6) == 0 ? "runs" : "imports", src ? src->text : "*args");
		key_and_alias(f, c, NULL);
	}
}

/* ---------------------------------------------------- deserialization */

static const char *const pickle_modules[] = { "pickle", "cPickle", "_pickle", "dill", "cloudpickle" };

static void check_deserialize(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	struct wl_finding *f;
	const char *what = NULL;
	size_t i;

	for (i = 0; i < WL_ARRAY_SIZE(pickle_modules) && !what; i++) {
		char q[64];
		snprintf(q, sizeof(q), "%s.load", pickle_modules[i]);
		if (callee_is(c, q))
			what = "unpickles a file";
		snprintf(q, sizeof(q), "%s.loads", pickle_modules[i]);
		if (callee_is(c, q))
			what = "unpickles bytes";
		snprintf(q, sizeof(q), "%s.Unpickler", pickle_modules[i]);
		if (callee_is(c, q))
			what = "creates an unpickler";
	}
	if (!what && (callee_is(c, "joblib.load") || callee_is(c, "sklearn.externals.joblib.load")))
		what = "loads a joblib file, which is a pickle";
	if (!what && (callee_is(c, "shelve.open") || callee_is(c, "shelve.DbfilenameShelf") ||
		      callee_is(c, "shelve.BsdDbShelf") || callee_is(c, "shelve.Shelf")))
		what = "opens a shelf, whose values are pickles";
	if (!what && (callee_is(c, "marshal.load") || callee_is(c, "marshal.loads")))
		what = "unmarshals code objects and data that are not validated";
	if (!what && (callee_is(c, "jsonpickle.decode") || callee_is(c, "jsonpickle.unpickler.decode") ||
		      callee_is(c, "jsonpickle.Unpickler") || callee_is(c, "jsonpickle.unpickler.Unpickler")))
		what = "rebuilds arbitrary Python objects from JSON";
	if (!what && callee_is(c, "pandas.read_pickle"))
		what = "unpickles a file";
	if (what) {
		/* pickle.loads(pickle.dumps(x)): an in-process round trip (a deep
		 * copy), no bytes from outside */
		const struct wl_arg *src = wl_call_positional(c, 0);
		if (src && src->kind == WL_ARG_CALL && !src->via_name && c->method && !strcmp(c->method, "loads")) {
			size_t tl = strlen(src->text);
			if (tl > 6 && !strcmp(src->text + tl - 6, ".dumps"))
				return;
		}
		f = wl_report(ctx, WL203, &fact->loc, "`%s` %s: loading untrusted data runs code", shown(c), what);
		key_and_alias(f, c, NULL);
		return;
	}
	if (callee_is(c, "numpy.load")) {
		const struct wl_arg *ap = wl_call_keyword(c, "allow_pickle");
		if (!ap || ap->kind == WL_ARG_FALSE || ap->kind == WL_ARG_NONE)
			return;
		if (ap->kind == WL_ARG_TRUE) {
			f = wl_report(ctx, WL203, &fact->loc,
				      "`%s(..., allow_pickle=True)` unpickles object arrays: loading an untrusted file runs code",
				      shown(c));
			fix_value(f, ap, "Refuse pickled object arrays", "False");
		} else {
			f = wl_report(ctx, WL203, &fact->loc, "`%s(..., allow_pickle=%s)` may unpickle object arrays",
				      shown(c), ap->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		}
		key_and_alias(f, c, "allow_pickle");
	}
}

/* ------------------------------------------- versions the project declares */

/*
 * What the repository's manifests say about one package (torch, PyYAML), for
 * rules whose risk depends on the version: every declaration with a version
 * clause counts (requirements, pyproject, setup.py, lock files, conda; not
 * build requirements). A bare name says nothing and is ignored.
 */
struct declared {
	int n;                  /* declarations with a clause */
	int all_at_least;       /* every one admits only versions >= the threshold */
	int any_below;          /* some admits a version < the threshold */
	int all_below;          /* every one admits only versions < the threshold */
	const char *spec, *path;/* the first declaration that admits a version below
				 * (or, when none does, the first one), for messages */
};

struct versions {
	struct declared torch;  /* threshold 2.6: weights_only=True by default, CVE-2025-32434 fixed */
	struct declared pyyaml; /* threshold 5.4: FullLoader hardened (CVE-2020-14343) */
};

/* Up to three numeric release components; missing ones are 0. */
static int parse_ver(const char *s, int v[3])
{
	int k = 0;
	v[0] = v[1] = v[2] = 0;
	if (*s < '0' || *s > '9')
		return 0;
	while (k < 3 && *s >= '0' && *s <= '9') {
		char *end;
		long x = strtol(s, &end, 10);
		s = end;
		v[k++] = x > 100000 ? 100000 : (int)x;
		if (*s != '.')
			break;
		s++;
	}
	return k;
}

static int cmp_ver(const int a[3], const int b[3])
{
	int i;
	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/*
 * Bounds of a specifier (">=2.1,<2.6", "==2.5.*", "~=2.6", conda "=2.5"):
 * the highest lower bound and the lowest upper bound. Returns 0 when the
 * spec has no clause we can read.
 */
static int spec_bounds(const char *spec, int lo[3], int *has_lo, int hi[3], int *has_hi, int *hi_incl)
{
	const char *p = spec;
	int any = 0;
	*has_lo = *has_hi = 0;
	*hi_incl = 0;
	while (*p) {
		char op[4] = "";
		size_t n = 0;
		int v[3], k;
		while (*p == ' ' || *p == ',' || *p == '(' || *p == ')')
			p++;
		while (n < 3 && (*p == '=' || *p == '<' || *p == '>' || *p == '!' || *p == '~'))
			op[n++] = *p++;
		op[n] = '\0';
		while (*p == ' ')
			p++;
		k = parse_ver(p, v);
		while (*p && *p != ',' && *p != ';')
			p++;
		if (*p == ';')
			break; /* an environment marker */
		if (!k || !n)
			continue;
		any = 1;
		if (!strcmp(op, "==") || !strcmp(op, "===") || !strcmp(op, "=") || !strcmp(op, "~=") ||
		    !strcmp(op, ">=") || !strcmp(op, ">")) {
			if (!*has_lo || cmp_ver(v, lo) > 0)
				memcpy(lo, v, sizeof(v));
			*has_lo = 1;
		}
		if (!strcmp(op, "<") || !strcmp(op, "<=")) {
			if (!*has_hi || cmp_ver(v, hi) < 0) {
				memcpy(hi, v, sizeof(v));
				*hi_incl = op[1] == '=';
			}
			*has_hi = 1;
		}
		if ((!strcmp(op, "==") || !strcmp(op, "===") || !strcmp(op, "=")) && !strchr(spec, '*')) {
			if (!*has_hi || cmp_ver(v, hi) < 0) {
				memcpy(hi, v, sizeof(v));
				*hi_incl = 1;
			}
			*has_hi = 1;
		}
	}
	return any;
}

static void declare(struct declared *d, const struct wl_fact *f, const struct wl_dep *dep, const int t[3])
{
	int lo[3], hi[3], has_lo, has_hi, hi_incl, at_least, below, all_below;
	const char *spec = dep->spec && dep->spec[0] ? dep->spec : NULL;
	char buf[64];
	if (!spec && dep->version) {
		snprintf(buf, sizeof(buf), "==%s", dep->version);
		spec = buf;
	}
	if (!spec) {
		/* a bare `torch` requires nothing: it does not make the project
		 * require >= 2.6 (though pip would pick the newest, so it does not
		 * count as allowing an older one either) */
		d->n++;
		d->all_at_least = 0;
		d->all_below = 0;
		return;
	}
	if (!spec_bounds(spec, lo, &has_lo, hi, &has_hi, &hi_incl))
		return;
	at_least = has_lo && cmp_ver(lo, t) >= 0;
	below = !at_least;
	all_below = has_hi && (cmp_ver(hi, t) < 0 || (cmp_ver(hi, t) == 0 && !hi_incl));
	if (!d->n) {
		d->all_at_least = 1;
		d->all_below = 1;
	}
	d->n++;
	d->all_at_least &= at_least;
	d->all_below &= all_below;
	if ((below && !d->any_below) || !d->spec) {
		d->spec = spec == buf ? dep->version : dep->spec;
		d->path = f->loc.path;
	}
	d->any_below |= below;
}

static void collect_versions(const struct wl_fact *const *facts, size_t n, struct versions *v)
{
	static const int torch26[3] = { 2, 6, 0 }, yaml54[3] = { 5, 4, 0 };
	size_t i;
	memset(v, 0, sizeof(*v));
	for (i = 0; i < n; i++) {
		const struct wl_dep *d;
		if (facts[i]->kind != WL_FACT_DEPENDENCY)
			continue;
		d = facts[i]->data;
		if (!d->normalized || d->context == WL_DEPCTX_BUILD || d->source != WL_DEP_REGISTRY)
			continue;
		if (!strcmp(d->normalized, "torch") || !strcmp(d->normalized, "pytorch"))
			declare(&v->torch, facts[i], d, torch26);
		else if (!strcmp(d->normalized, "pyyaml"))
			declare(&v->pyyaml, facts[i], d, yaml54);
	}
}

/* " (torch>=2.1 in requirements.txt)" */
static const char *where(struct wl_ctx *ctx, const char *name, const struct declared *d)
{
	const char *s = d->spec ? d->spec : "";
	int op = *s == '=' || *s == '<' || *s == '>' || *s == '!' || *s == '~' || *s == '(';
	return wl_ctx_printf(ctx, "%s%s%s in %s", name, op ? "" : "==", s, d->path ? d->path : "a manifest");
}

static void check_torch_load(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c,
			     const struct versions *v)
{
	struct wl_finding *f;
	{
		const struct wl_arg *wo = wl_call_keyword(c, "weights_only");
		if (wo && wo->kind == WL_ARG_TRUE) {
			/* no defence below 2.6: the weights_only unpickler could be
			 * made to run code (CVE-2025-32434, fixed in 2.6.0) */
			if (!v->torch.any_below)
				return;
			f = wl_report(ctx, WL204, &fact->loc,
				      "`%s(..., weights_only=True)` can still run code from a crafted checkpoint in PyTorch < 2.6 "
				      "(CVE-2025-32434), and the project allows it (%s)",
				      shown(c), where(ctx, "torch", &v->torch));
			wl_finding_key(f, "%s weights_only<2.6", c->callee);
			return;
		}
		if (!wo && !c->has_star_kwargs && v->torch.n && v->torch.all_at_least) {
			f = wl_report(ctx, WL204, &fact->loc,
				      "`%s` without weights_only: PyTorch >= 2.6 loads tensors only by default, and the "
				      "project requires it (%s); say weights_only=True to keep it that way",
				      shown(c), where(ctx, "torch", &v->torch));
			wl_finding_level(f, WL_LEVEL_NOTE);
			fix_append_kw(f, c, "Load tensors only", "weights_only=True");
		} else if (!wo && c->has_star_kwargs) {
			f = wl_report(ctx, WL204, &fact->loc,
				      "`%s` gets its options from **kwargs: weights_only=True could not be confirmed", shown(c));
			wl_finding_level(f, WL_LEVEL_NOTE);
		} else if (!wo) {
			f = wl_report(ctx, WL204, &fact->loc,
				      "`%s` without weights_only=True unpickles the checkpoint (the default before PyTorch 2.6)",
				      shown(c));
			fix_append_kw(f, c, "Load tensors only", "weights_only=True");
		} else if (wo->kind == WL_ARG_FALSE) {
			f = wl_report(ctx, WL204, &fact->loc,
				      "`%s(..., weights_only=False)` unpickles the checkpoint: loading an untrusted file runs code",
				      shown(c));
			fix_value(f, wo, "Load tensors only", "True");
		} else {
			f = wl_report(ctx, WL204, &fact->loc,
				      "`%s(..., weights_only=%s)`: weights_only is not a literal True", shown(c), wo->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		}
		key_and_alias(f, c, NULL);
	}
}

static void check_torch(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	struct wl_finding *f;
	if (callee_is(c, "torch.hub.load") || callee_is(c, "torch.hub.list") || callee_is(c, "torch.hub.help")) {
		/* list() and help() import hubconf.py as load() does */
		const struct wl_arg *repo = wl_call_arg(c, 0, callee_is(c, "torch.hub.load") ? "repo_or_dir" : "github");
		const struct wl_arg *source = wl_call_keyword(c, "source");
		const struct wl_arg *trust = wl_call_keyword(c, "trust_repo");
		int trusted = trust && trust->kind == WL_ARG_TRUE;
		const char *colon;
		if (source && source->kind == WL_ARG_STRING && strcmp(source->text, "local") == 0)
			return;
		if (!repo)
			return;
		if (repo->kind == WL_ARG_STRING) {
			colon = strchr(repo->text, ':');
			if (colon && is_hex40(colon + 1) && !trusted)
				return;
			f = wl_report(ctx, WL205, &fact->loc, "`%s(\"%s\", ...)` runs hubconf.py from %s%s", shown(c),
				      repo->text,
				      colon && is_hex40(colon + 1) ? "a pinned commit" : colon ? "a branch or tag, not a commit" :
				      "the default branch",
				      trusted ? " and trust_repo=True skips the prompt" : "");
			wl_finding_key(f, "%s %s", c->callee, repo->text);
		} else {
			f = wl_report(ctx, WL205, &fact->loc, "`%s(%s, ...)` runs hubconf.py from a repository chosen at run time%s",
				      shown(c), repo->text, trusted ? " with trust_repo=True" : "");
			if (!trusted)
				wl_finding_level(f, WL_LEVEL_WARNING);
			wl_finding_key(f, "%s", c->callee);
		}
	}
}

static int yaml_safe_loader(const char *q)
{
	static const char *const safe[] = {
		"yaml.SafeLoader", "yaml.CSafeLoader", "yaml.BaseLoader", "yaml.CBaseLoader",
		"yaml.loader.SafeLoader", "yaml.loader.BaseLoader", "yaml.cyaml.CSafeLoader", "yaml.cyaml.CBaseLoader",
	};
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(safe); i++)
		if (strcmp(q, safe[i]) == 0)
			return 1;
	return 0;
}

static int yaml_full_loader(const char *q)
{
	return !strcmp(q, "yaml.FullLoader") || !strcmp(q, "yaml.loader.FullLoader");
}

/*
 * FullLoader (yaml.full_load, Loader=FullLoader): from PyYAML 5.4 it refuses
 * python/object/apply, blocks the known python/object/new paths and resolves
 * python/name only in modules already imported, so it is below the unsafe
 * loaders: a note, unless the project pins PyYAML < 5.4 (CVE-2020-14343).
 */
static void report_full_loader(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c,
			       const struct versions *v, const char *what, const char *safe)
{
	struct wl_finding *f;
	if (v->pyyaml.n && v->pyyaml.all_below) {
		f = wl_report(ctx, WL206, &fact->loc,
			      "`%s` %s, which in PyYAML < 5.4 runs code through python/object/apply (CVE-2020-14343), "
			      "and the project pins it below 5.4 (%s)",
			      shown(c), what, where(ctx, "pyyaml", &v->pyyaml));
	} else {
		f = wl_report(ctx, WL206, &fact->loc,
			      "`%s` %s: PyYAML >= 5.4 refuses python/object/apply and resolves python/name only in modules "
			      "already imported, but it still builds instances of those classes from the document",
			      shown(c), what);
		wl_finding_level(f, WL_LEVEL_NOTE);
	}
	if (safe) {
		fix_rename(f, c, safe);
		key_and_alias(f, c, NULL);
	} else {
		/* the key the finding had before FullLoader had its own level */
		wl_finding_key(f, "%s %s", c->callee, what + sizeof("with Loader=") - 1);
	}
}

static void check_yaml(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c,
		       const struct versions *v)
{
	struct wl_finding *f;
	const char *safe;
	if (callee_is(c, "yaml.full_load") || callee_is(c, "yaml.full_load_all")) {
		report_full_loader(ctx, fact, c, v, "uses FullLoader",
				   strstr(c->callee, "_all") ? "safe_load_all" : "safe_load");
		return;
	}
	if (callee_is(c, "yaml.unsafe_load") || callee_is(c, "yaml.unsafe_load_all")) {
		safe = strstr(c->callee, "_all") ? "safe_load_all" : "safe_load";
		f = wl_report(ctx, WL206, &fact->loc, "`%s` can construct arbitrary Python objects from the document",
			      shown(c));
		fix_rename(f, c, safe);
		key_and_alias(f, c, NULL);
		return;
	}
	if (callee_is(c, "yaml.load") || callee_is(c, "yaml.load_all")) {
		const struct wl_arg *loader = wl_call_arg(c, 1, "Loader");
		safe = strcmp(c->callee, "yaml.load") == 0 ? "safe_load" : "safe_load_all";
		if (!loader) {
			if (c->has_star_kwargs || c->has_star_args)
				return;
			f = wl_report(ctx, WL206, &fact->loc, "`%s` without a Loader uses an unsafe default loader in PyYAML < 6",
				      shown(c));
			fix_rename(f, c, safe);
		} else if (loader->kind == WL_ARG_NAME) {
			if (yaml_safe_loader(loader->text))
				return;
			if (yaml_full_loader(loader->text)) {
				report_full_loader(ctx, fact, c, v, wl_ctx_printf(ctx, "with Loader=%s", loader->text), NULL);
				return;
			}
			f = wl_report(ctx, WL206, &fact->loc, "`%s` with Loader=%s can construct arbitrary Python objects",
				      shown(c), loader->text);
			wl_finding_key(f, "%s %s", c->callee, loader->text);
			return;
		} else {
			f = wl_report(ctx, WL206, &fact->loc,
				      "`%s` with Loader=%s: the loader could not be resolved to yaml.SafeLoader", shown(c),
				      loader->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		}
		key_and_alias(f, c, NULL);
	}
}

static int under_keras(const struct wl_call *c)
{
	return c->callee && (strncmp(c->callee, "keras.", 6) == 0 || strncmp(c->callee, "tensorflow.keras.", 17) == 0 ||
			     strncmp(c->callee, "tf_keras.", 9) == 0);
}

static void check_keras(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	struct wl_finding *f;
	size_t lc;
	if (!under_keras(c))
		return;
	lc = strlen(c->callee);
	if (lc >= 30 && strcmp(c->callee + lc - 30, ".enable_unsafe_deserialization") == 0) {
		f = wl_report(ctx, WL207, &fact->loc, "`%s()` lets every later Keras load deserialize arbitrary code",
			      shown(c));
		key_and_alias(f, c, NULL);
		return;
	}
	if (lc >= 11 && strcmp(c->callee + lc - 11, ".load_model") == 0) {
		const struct wl_arg *sm = wl_call_keyword(c, "safe_mode");
		if (!sm || sm->kind == WL_ARG_TRUE)
			return;
		if (sm->kind == WL_ARG_FALSE) {
			f = wl_report(ctx, WL207, &fact->loc,
				      "`%s(..., safe_mode=False)` deserializes Lambda layers and arbitrary objects from the file",
				      shown(c));
			fix_value(f, sm, "Keep safe mode on", "True");
		} else {
			f = wl_report(ctx, WL207, &fact->loc, "`%s(..., safe_mode=%s)`: safe mode may be off", shown(c),
				      sm->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		}
		key_and_alias(f, c, NULL);
	}
}

/* ------------------------------------------------------- remote code */

/* A value that only passes a setting on: a parameter or variable
 * (`trust_remote_code`), an attribute of one (`args.trust_remote_code`,
 * `self.config.trust_remote_code`), or a name bound to `kwargs.pop(...)` /
 * `config.get(...)`. */
static int forwards_setting(const struct wl_arg *t)
{
	const char *p;
	if (t->kind == WL_ARG_VARIABLE)
		return 1;
	/* trust_remote_code = kwargs.pop("trust_remote_code", False): a name
	 * bound to a call that does not resolve (text is then the name, or
	 * the call's source) — the caller's keyword or a setting, passed on */
	if (t->kind == WL_ARG_CALL && t->via_name &&
	    (wl_ends_with(t->text, ".pop") || wl_ends_with(t->text, ".get") || !strpbrk(t->text, ".(")))
		return 1;
	if (t->kind != WL_ARG_OTHER || !t->text[0])
		return 0;
	for (p = t->text; *p; p++)
		if (!(*p == '_' || *p == '.' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

static void check_trust_remote_code(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	const struct wl_arg *t = wl_call_keyword(c, "trust_remote_code");
	struct wl_finding *f;
	if (!t || t->kind == WL_ARG_FALSE || t->kind == WL_ARG_NONE)
		return;
	if (t->kind == WL_ARG_TRUE) {
		const struct wl_arg *rev = wl_call_keyword(c, "revision");
		if (rev && rev->kind == WL_ARG_STRING && is_hex40(rev->text)) {
			/* the code is fixed at a commit someone can review */
			f = wl_report(ctx, WL208, &fact->loc,
				      "`%s(..., trust_remote_code=True)` runs Python code from the %s at commit %.12s: review it",
				      shown(c), c->callee && !strncmp(c->callee, "datasets.", 9) ? "dataset repository" : "model repository",
				      rev->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		} else {
			f = wl_report(ctx, WL208, &fact->loc, "`%s(..., trust_remote_code=True)` runs Python code from the %s",
				      shown(c), c->callee && !strncmp(c->callee, "datasets.", 9) ?
				      "dataset repository (its loading script)" : "model repository");
		}
	} else if (forwards_setting(t)) {
		/* a library or CLI passing on its caller's choice: the decision
		 * (and the finding that matters) is where True is written */
		f = wl_report(ctx, WL208, &fact->loc,
			      "`%s(..., trust_remote_code=%s)` forwards a setting made elsewhere: whoever sets it to True "
			      "runs Python code from the model repository",
			      shown(c), t->text);
		wl_finding_level(f, WL_LEVEL_NOTE);
	} else {
		f = wl_report(ctx, WL208, &fact->loc, "`%s(..., trust_remote_code=%s)` may run Python code from the model repository",
			      shown(c), t->text);
		wl_finding_level(f, WL_LEVEL_WARNING);
	}
	key_and_alias(f, c, "trust_remote_code");
}

/* Where the repository id is: positional index and keyword names. */
struct hub_fn {
	const char *qname; /* exact callee; NULL: any from_pretrained */
	int pos;
	const char *kw;
	const char *kw2;
	int dataset;       /* `datasets` packaged builders ("json", "csv") are local */
};

static const struct hub_fn hub_fns[] = {
	{ NULL, 0, "pretrained_model_name_or_path", "pretrained_model_link_or_path", 0 },
	{ "huggingface_hub.hf_hub_download", 0, "repo_id", NULL, 0 },
	{ "huggingface_hub.file_download.hf_hub_download", 0, "repo_id", NULL, 0 },
	{ "huggingface_hub.snapshot_download", 0, "repo_id", NULL, 0 },
	{ "huggingface_hub._snapshot_download.snapshot_download", 0, "repo_id", NULL, 0 },
	{ "transformers.pipeline", 1, "model", NULL, 0 },
	{ "datasets.load_dataset", 0, "path", NULL, 1 },
	{ "sentence_transformers.SentenceTransformer", 0, "model_name_or_path", NULL, 0 },
	{ "sentence_transformers.CrossEncoder", 0, "model_name", "model_name_or_path", 0 },
	{ "vllm.LLM", 0, "model", NULL, 0 },
};

/* Packaged dataset builders of `datasets` that read local files. */
static const char *const local_builders[] = {
	"json", "csv", "parquet", "text", "arrow", "pandas", "imagefolder", "audiofolder", "videofolder",
	"webdataset", "sql", "generator", "xml", "folder",
};

const struct wl_arg *wl_hub_call_arg(const struct wl_call *c, int *dataset)
{
	const struct hub_fn *h = NULL;
	const struct wl_arg *id;
	size_t i;
	if (c->form != WL_FORM_CALL || !c->method)
		return NULL;
	if (strcmp(c->method, "from_pretrained") == 0) {
		h = &hub_fns[0];
	} else {
		for (i = 1; i < WL_ARRAY_SIZE(hub_fns) && !h; i++)
			if (callee_is(c, hub_fns[i].qname))
				h = &hub_fns[i];
	}
	if (!h)
		return NULL;
	id = wl_call_keyword(c, h->kw);
	if (!id && h->kw2)
		id = wl_call_keyword(c, h->kw2);
	if (!id)
		id = wl_call_positional(c, (size_t)h->pos);
	if (dataset)
		*dataset = h->dataset;
	return id;
}

/* Does a literal look like a hub repository id rather than a local path? */
static int looks_like_hub_id(const char *s, int dataset)
{
	size_t i, n = strlen(s), slashes = 0;
	if (!n || s[0] == '.' || s[0] == '/' || s[0] == '~' || s[0] == '\\' || strchr(s, '\\') ||
	    (n > 1 && s[1] == ':'))
		return 0;
	if (strstr(s, "://"))
		return 0; /* a URL: judged by other rules */
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '/')
			slashes++;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			   c == '_' || c == '.'))
			return 0;
	}
	if (slashes > 1 || s[n - 1] == '/')
		return 0;
	if (dataset && !slashes)
		for (i = 0; i < WL_ARRAY_SIZE(local_builders); i++)
			if (strcmp(s, local_builders[i]) == 0)
				return 0;
	return 1;
}

/* Paths a file writes a model to (save_pretrained / save_model with a
 * literal folder), so loading them back is local, not a hub download. */
struct saved_paths {
	const char **v;
	size_t n, alloc;
};

static void note_saved_path(struct saved_paths *sp, const struct wl_call *c)
{
	const struct wl_arg *a;
	if (!c->method || (strcmp(c->method, "save_pretrained") && strcmp(c->method, "save_model")))
		return;
	a = wl_call_arg(c, 0, strcmp(c->method, "save_model") ? "save_directory" : "output_dir");
	if (!a || a->kind != WL_ARG_STRING)
		return;
	sp->v = wl_grow(sp->v, &sp->alloc, sp->n + 1, sizeof(*sp->v));
	sp->v[sp->n++] = a->text;
}

static int is_saved_path(const struct saved_paths *sp, const char *s)
{
	size_t i, n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	for (i = 0; sp && i < sp->n; i++) {
		const char *t = sp->v[i];
		size_t m = strlen(t);
		if (wl_starts_with(t, "./"))
			t += 2, m -= 2;
		while (m > 1 && t[m - 1] == '/')
			m--;
		if (m == n && !memcmp(t, s, n))
			return 1;
	}
	return 0;
}

static void check_hub_download(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c,
			       const struct saved_paths *saved)
{
	const struct wl_arg *id, *rev;
	struct wl_finding *f;
	int dataset = 0;
	id = wl_hub_call_arg(c, &dataset);
	/* only a literal (or a name bound to one) is known to be a hub id;
	 * paths, os.path.join(...) and values from elsewhere are not judged */
	if (!id || id->kind != WL_ARG_STRING || !looks_like_hub_id(id->text, dataset))
		return;
	/* the same file saved a model there: loading it back is local */
	if (is_saved_path(saved, id->text))
		return;
	rev = wl_call_keyword(c, "revision");
	if (rev && rev->kind == WL_ARG_STRING && is_hex40(rev->text))
		return;
	if (!rev && c->has_star_kwargs) {
		f = wl_report(ctx, WL209, &fact->loc, "`%s` downloads '%s': revision may come from **kwargs, not confirmed pinned",
			      shown(c), id->text);
		wl_finding_level(f, WL_LEVEL_NOTE);
	} else if (!rev) {
		f = wl_report(ctx, WL209, &fact->loc, "`%s` downloads '%s' from the hub without revision= pinned to a commit",
			      shown(c), id->text);
	} else if (rev->kind == WL_ARG_STRING) {
		f = wl_report(ctx, WL209, &fact->loc,
			      "`%s` downloads '%s' at revision '%s', a branch or tag that can move, not a 40-hex commit",
			      shown(c), id->text, rev->text);
	} else {
		f = wl_report(ctx, WL209, &fact->loc, "`%s` downloads '%s' at revision=%s, not known to be a commit",
			      shown(c), id->text, rev->text);
		wl_finding_level(f, WL_LEVEL_NOTE);
	}
	wl_finding_key(f, "%s %s", c->callee ? c->callee : c->method, id->text);
}

/* ------------------------------------------- code fetched by ML libraries */

/* A literal that names a local file or folder rather than a hub id. */
static int local_literal(const char *s)
{
	return !looks_like_hub_id(s, 0) || wl_ends_with(s, ".py");
}

static int is_truthy_env(const char *v)
{
	static const char *const yes[] = { "1", "true", "True", "TRUE", "yes", "YES", "on", "ON" };
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(yes); i++)
		if (strcmp(v, yes[i]) == 0)
			return 1;
	return 0;
}

/* A value passed as an environment variable or a config flag turns the
 * switch on: 1 yes, 0 no, -1 not known. */
static int switch_value(const struct wl_arg *v)
{
	if (!v)
		return -1;
	if (v->kind == WL_ARG_TRUE)
		return 1;
	if (v->kind == WL_ARG_FALSE || v->kind == WL_ARG_NONE)
		return 0;
	if (v->kind == WL_ARG_STRING)
		return is_truthy_env(v->text);
	if (v->kind == WL_ARG_NUMBER)
		return strcmp(v->text, "0") != 0;
	return -1;
}

static const char ds_switch_msg[] = "every datasets.load_dataset in the process then runs the loading script "
				    "(Python) of the dataset repository without asking";

/* HF_DATASETS_TRUST_REMOTE_CODE set for the whole process. */
static void check_datasets_switch(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	const struct wl_arg *v = NULL;
	struct wl_finding *f;
	int on;
	if (c->form == WL_FORM_STORE && c->callee && !strcmp(c->method, "HF_DATASETS_TRUST_REMOTE_CODE")) {
		v = wl_call_positional(c, 0);
	} else if (c->form == WL_FORM_CALL && (callee_is(c, "os.environ.setdefault") || callee_is(c, "os.putenv"))) {
		const struct wl_arg *k = wl_call_positional(c, 0);
		if (!k || k->kind != WL_ARG_STRING || strcmp(k->text, "HF_DATASETS_TRUST_REMOTE_CODE"))
			return;
		v = wl_call_positional(c, 1);
	} else {
		return;
	}
	on = switch_value(v);
	if (on == 0)
		return;
	if (on == 1)
		f = wl_report(ctx, WL208, &fact->loc, "`%s` turns HF_DATASETS_TRUST_REMOTE_CODE on: %s",
			      c->form == WL_FORM_STORE ? c->written : shown(c), ds_switch_msg);
	else
		f = wl_report(ctx, WL208, &fact->loc, "`%s` sets HF_DATASETS_TRUST_REMOTE_CODE to %s; when true, %s",
			      c->form == WL_FORM_STORE ? c->written : shown(c), v ? v->text : "a value", ds_switch_msg);
	if (on != 1)
		wl_finding_level(f, WL_LEVEL_WARNING);
	wl_finding_key(f, "HF_DATASETS_TRUST_REMOTE_CODE");
}

/* HF_DATASETS_TRUST_REMOTE_CODE in the environment a CI job, an image or a
 * script hands its processes (env:, variables:, ENV, export): the same switch.
 * datasets reads it as on for 1/true/yes/on in any case. */
static void check_datasets_env(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_ci_fact *c)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	struct wl_finding *f;
	size_t i;
	int on = -1;
	if (c->expr && !strchr(c->expr, '$')) {
		/* a literal: on only for datasets' true values */
		for (on = 0, i = 0; i < WL_ARRAY_SIZE(yes); i++)
			if (!strcasecmp(c->expr, yes[i]))
				on = 1;
		if (!on)
			return;
	}
	if (on == 1)
		f = wl_report(ctx, WL208, &fact->loc, "HF_DATASETS_TRUST_REMOTE_CODE=%s in %s: %s", c->expr, c->where,
			      ds_switch_msg);
	else
		f = wl_report(ctx, WL208, &fact->loc, "HF_DATASETS_TRUST_REMOTE_CODE is set to %s in %s; when true, %s",
			      c->expr ? c->expr : "a value computed at run time", c->where, ds_switch_msg);
	if (on != 1)
		wl_finding_level(f, WL_LEVEL_WARNING);
	wl_finding_key(f, "HF_DATASETS_TRUST_REMOTE_CODE");
}

/* diffusers custom_pipeline=: a community pipeline or a hub repository's
 * pipeline.py, downloaded and imported. */
static void check_custom_pipeline(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	const struct wl_arg *p = wl_call_keyword(c, "custom_pipeline"), *rev;
	struct wl_finding *f;
	if (!p || p->kind == WL_ARG_NONE || p->kind == WL_ARG_FALSE)
		return;
	if (p->kind == WL_ARG_STRING) {
		if (local_literal(p->text))
			return;
		f = wl_report(ctx, WL210, &fact->loc,
			      strchr(p->text, '/') ?
			      "`%s(..., custom_pipeline=\"%s\")` downloads pipeline.py from the hub repository '%s' and imports "
			      "it; diffusers asks for no trust_remote_code" :
			      "`%s(..., custom_pipeline=\"%s\")` downloads the community pipeline '%s' (Python) and imports "
			      "it; diffusers asks for no trust_remote_code",
			      shown(c), p->text, p->text);
		rev = wl_call_keyword(c, "custom_revision");
		if (rev && rev->kind == WL_ARG_STRING && is_hex40(rev->text))
			wl_finding_level(f, WL_LEVEL_NOTE);
		wl_finding_key(f, "custom_pipeline %s", p->text);
		return;
	}
	f = wl_report(ctx, WL210, &fact->loc,
		      "`%s(..., custom_pipeline=%s)` imports pipeline code named at run time, downloaded unless it is a local path",
		      shown(c), p->text);
	wl_finding_level(f, WL_LEVEL_NOTE);
	wl_finding_key(f, "custom_pipeline");
}

static void check_evaluate_load(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	const struct wl_arg *p = wl_call_arg(c, 0, "path"), *rev = wl_call_keyword(c, "revision");
	struct wl_finding *f;
	if (!p)
		return;
	if (p->kind == WL_ARG_STRING) {
		if (local_literal(p->text))
			return;
		if (rev && rev->kind == WL_ARG_STRING && is_hex40(rev->text)) {
			f = wl_report(ctx, WL210, &fact->loc,
				      "`%s(\"%s\")` runs the metric script of '%s' from the hub at commit %.12s: review it",
				      shown(c), p->text, p->text, rev->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		} else if (!strchr(p->text, '/')) {
			/* a canonical metric: Hugging Face's evaluate-metric org */
			f = wl_report(ctx, WL210, &fact->loc,
				      "`%s(\"%s\")` downloads the metric script '%s' (evaluate-metric on the hub) and runs it as Python%s",
				      shown(c), p->text, p->text, rev ? ", at a revision that is not a commit" : "");
			wl_finding_level(f, WL_LEVEL_NOTE);
		} else {
			f = wl_report(ctx, WL210, &fact->loc,
				      "`%s(\"%s\")` downloads the community metric script '%s' from the hub and runs it as Python%s",
				      shown(c), p->text, p->text, rev ? ", at a revision that is not a commit" : "");
		}
		wl_finding_key(f, "%s %s", c->callee, p->text);
		return;
	}
	f = wl_report(ctx, WL210, &fact->loc,
		      "`%s(%s)` runs a metric script named at run time, downloaded from the hub unless it is a local path",
		      shown(c), p->text);
	wl_finding_level(f, WL_LEVEL_NOTE);
	wl_finding_key(f, "%s", c->callee);
}

static void check_state_dict_url(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	const struct wl_arg *u = wl_call_arg(c, 0, "url"), *wo = wl_call_keyword(c, "weights_only");
	struct wl_finding *f;
	if (!u)
		return;
	if (wo && wo->kind == WL_ARG_TRUE) {
		f = wl_report(ctx, WL210, &fact->loc,
			      u->kind == WL_ARG_STRING ? "`%s(\"%s\", weights_only=True)` downloads a checkpoint whose content nothing pins" :
			      "`%s(%s, weights_only=True)` downloads a checkpoint whose content nothing pins", shown(c), u->text);
		wl_finding_level(f, WL_LEVEL_NOTE);
	} else {
		f = wl_report(ctx, WL210, &fact->loc,
			      u->kind == WL_ARG_STRING ?
			      "`%s(\"%s\")` downloads a checkpoint and unpickles it: whoever serves that URL chooses the code "
			      "that runs (pass weights_only=True)" :
			      "`%s(%s)` downloads a checkpoint and unpickles it: whoever serves the URL chooses the code "
			      "that runs (pass weights_only=True)",
			      shown(c), u->text);
	}
	wl_finding_key(f, "%s %s", c->callee, u->kind == WL_ARG_STRING ? u->text : "");
}

/* torch.jit.load of a file the repository does not hold: a download, or a
 * path chosen at run time. A relative literal path is the repository's own. */
static void check_jit_load(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	const struct wl_arg *a = wl_call_arg(c, 0, "f");
	struct wl_finding *f;
	if (!a)
		return;
	if (a->kind == WL_ARG_STRING) {
		if (strstr(a->text, "://")) {
			f = wl_report(ctx, WL210, &fact->loc, "`%s(\"%s\")` runs the TorchScript program of a downloaded file",
				      shown(c), a->text);
		} else if (a->text[0] == '/' || a->text[0] == '~') {
			f = wl_report(ctx, WL210, &fact->loc,
				      "`%s(\"%s\")` runs the TorchScript program of a file outside the repository", shown(c),
				      a->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		} else {
			return;
		}
	} else if (a->kind == WL_ARG_CALL && (strstr(a->text, "download") || strstr(a->text, "hub") ||
					      strstr(a->text, "url") || strstr(a->text, "fetch") ||
					      strstr(a->text, "cached_path") || strstr(a->text, "get_file"))) {
		f = wl_report(ctx, WL210, &fact->loc, "`%s(...)` runs the TorchScript program of a file fetched by `%s`",
			      shown(c), a->text);
	} else {
		return;
	}
	wl_finding_key(f, "%s %s", c->callee, a->text);
}

/* A "restricted" unpickler that falls back to the unrestricted find_class. */
static void check_fallback_unpickler(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	struct wl_finding *f;
	size_t n = strlen(c->written);
	f = wl_report(ctx, WL211, &fact->loc,
		      "`%s` ends by returning the base class's find_class for every name it does not handle: loads through "
		      "%.*s can still import os.system or any other global",
		      c->written, (int)(n > 11 ? n - 11 : n), c->written);
	wl_finding_prop(f, "base", "%s", c->callee);
	wl_finding_key(f, "%s %s", c->callee, c->written);
}

static void check_ml_remote(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	if (c->form == WL_FORM_FALLBACK) {
		check_fallback_unpickler(ctx, fact, c);
		return;
	}
	check_datasets_switch(ctx, fact, c);
	if (c->form != WL_FORM_CALL)
		return;
	check_custom_pipeline(ctx, fact, c);
	if (callee_is(c, "evaluate.load"))
		check_evaluate_load(ctx, fact, c);
	else if (callee_is(c, "torch.hub.load_state_dict_from_url") || callee_is(c, "torch.utils.model_zoo.load_url"))
		check_state_dict_url(ctx, fact, c);
	else if (callee_is(c, "torch.jit.load"))
		check_jit_load(ctx, fact, c);
}

static void code_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_call *c = fact->data;
	if (fact->kind == WL_FACT_CI && fact->data &&
	    ((const struct wl_ci_fact *)fact->data)->kind == WL_CI_REMOTE_CODE_ENV) {
		check_datasets_env(ctx, fact, fact->data);
		return;
	}
	if (fact->kind != WL_FACT_CALL || !c)
		return;
	check_ml_remote(ctx, fact, c);
	if (c->form != WL_FORM_CALL)
		return;
	check_dynamic(ctx, fact, c);
	check_deserialize(ctx, fact, c);
	check_torch(ctx, fact, c);
	check_keras(ctx, fact, c);
	check_trust_remote_code(ctx, fact, c);
}

/* torch.load and yaml loaders: their risk follows the versions of torch and
 * PyYAML the repository declares, so they are judged once every manifest
 * has been read. */
static void code_finish(struct wl_ctx *ctx, const struct wl_fact *const *facts, size_t n)
{
	struct versions v;
	struct saved_paths saved;
	size_t i, start, k;
	collect_versions(facts, n, &v);
	memset(&saved, 0, sizeof(saved));
	for (start = 0; start < n; start = i) {
		/* one file at a time (facts are sorted by path) */
		const char *path = facts[start]->loc.path ? facts[start]->loc.path : "";
		saved.n = 0;
		for (i = start; i < n && !strcmp(facts[i]->loc.path ? facts[i]->loc.path : "", path); i++)
			if (facts[i]->kind == WL_FACT_CALL && facts[i]->data)
				note_saved_path(&saved, facts[i]->data);
		for (k = start; k < i; k++) {
			const struct wl_call *c = facts[k]->data;
			if (facts[k]->kind != WL_FACT_CALL || !c || c->form != WL_FORM_CALL)
				continue;
			if (c->method)
				check_hub_download(ctx, facts[k], c, &saved);
			if (!c->callee)
				continue;
			if (callee_is(c, "torch.load"))
				check_torch_load(ctx, facts[k], c, &v);
			else if (!strncmp(c->callee, "yaml.", 5))
				check_yaml(ctx, facts[k], c, &v);
		}
	}
	free(saved.v);
}

const struct wl_rule_module wl_rules_code = {
	.name = "code",
	.rules = code_rules,
	.nrules = WL_ARRAY_SIZE(code_rules),
	.facts = WL_FACT_BIT(WL_FACT_CALL) | WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_CI),
	/* a call is judged on its own file; the declared versions come from all */
	.cross = WL_FACT_BIT(WL_FACT_DEPENDENCY),
	.check = code_check,
	.finish = code_finish,
};
