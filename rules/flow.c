/*
 * flow.c - WL62x/WL63x: values that travel to where they run. Model output
 * that reaches exec/eval, a shell, an import or a Jinja2 template; a module
 * name taken from a web request; interpreters handed to an LLM agent;
 * templates compiled from caller-supplied strings; weights downloaded and
 * loaded with no digest check between. Judges struct wl_flow facts
 * (pyflow.c, through python.c/notebook.c) and the shell's download-then-load
 * facts (shell.c); parses nothing itself.
 */
#include "facts_ci.h"
#include "facts_code.h"

#include <stdio.h>
#include <string.h>

static const struct wl_rule flow_rules[] = {
	{
		.id = "WL620",
		.name = "model-output-executed",
		.short_desc = "Text returned by a language model reaches exec, eval or compile",
		.full_desc = "The value a model call returns (OpenAI, Anthropic, LiteLLM, a LangChain chain or agent, "
			     "a transformers pipeline) flows, within one function, into exec(), eval() or "
			     "compile(). Model output follows its prompt, and a prompt carries whatever the user, a "
			     "retrieved document or a web page put in it: prompt injection becomes code execution "
			     "in this process.",
		.help_md = "Never run model output in the interpreter that holds your credentials and data.\n\n"
			   "- If you need structured data, ask for JSON and parse it (`json.loads`) into a schema; "
			   "never `eval` it.\n"
			   "- If the model must write code (a code-evaluation harness, a data-analysis agent), run it "
			   "in a separate sandbox: a container or VM with no network and no secrets, a seccomp/"
			   "gVisor jail, or a hosted code interpreter, with time and memory limits.\n\n"
			   "weaklink follows the value through assignments, attribute and subscript reads, "
			   "f-strings, `.format`, `+` and calls that take it; `json.loads` does not clean it (the "
			   "fields of parsed output are still model-chosen). Mark a deliberate, sandboxed use "
			   "`# weaklink: ignore[WL620]` with the reason.",
		.cwe = 94,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.0,
		.precision = "high",
		.tags = "code-injection,llm",
	},
	{
		.id = "WL621",
		.name = "model-output-to-shell",
		.short_desc = "Text returned by a language model reaches a shell command",
		.full_desc = "Model output flows into os.system(), os.popen() or a subprocess call with shell=True. "
			     "The shell interprets `;`, `$(...)` and backquotes, so a prompt-injected reply runs "
			     "any command with this process's rights.",
		.help_md = "Pass an argument list without a shell, and allow only the commands you expect:\n\n"
			   "```python\nALLOWED = {\"ls\", \"cat\"}\nargv = shlex.split(reply)\n"
			   "if argv and argv[0] in ALLOWED:\n    subprocess.run(argv, shell=False, timeout=10)\n```\n\n"
			   "For an agent that must run commands, run them in a disposable sandbox with no secrets "
			   "and no network. `shlex.quote` on the value is accepted as a fix.",
		.cwe = 78,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.0,
		.precision = "high",
		.tags = "command-injection,llm",
	},
	{
		.id = "WL622",
		.name = "model-output-imported",
		.short_desc = "Text returned by a language model chooses a module to import",
		.full_desc = "Model output flows into importlib.import_module() or __import__(). Importing runs a "
			     "module's top-level code, so the model (and whoever injects its prompt) picks which "
			     "installed code runs, with attacker-chosen names such as `os` or a planted file on "
			     "sys.path.",
		.help_md = "Map the model's choice to modules you list:\n\n"
			   "```python\nTOOLS = {\"search\": \"myapp.tools.search\", \"math\": \"myapp.tools.math\"}\n"
			   "module = importlib.import_module(TOOLS[choice])  # KeyError for anything else\n```",
		.cwe = 94,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.1,
		.precision = "high",
		.tags = "code-injection,llm",
	},
	{
		.id = "WL623",
		.name = "model-output-as-template",
		.short_desc = "Text returned by a language model is compiled as a Jinja2 template",
		.full_desc = "Model output becomes the source of a jinja2.Template or Environment.from_string "
			     "outside a SandboxedEnvironment. Jinja2 templates reach Python objects "
			     "(`{{ ''.__class__.__mro__[1].__subclasses__() }}`): server-side template injection "
			     "is code execution.",
		.help_md = "Render model output as data, never as a template: pass it as a variable "
			   "(`template.render(answer=reply)`). If templates must come from outside, compile them "
			   "in `jinja2.sandbox.ImmutableSandboxedEnvironment`.",
		.cwe = 1336,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "high",
		.tags = "code-injection,llm,template",
	},
	{
		.id = "WL624",
		.name = "request-chooses-module",
		.short_desc = "A web request's data names the module a plugin loader imports",
		.full_desc = "A value read from a web request (flask.request, a `request` parameter) flows into "
			     "importlib.import_module() or __import__(). A client chooses which module's "
			     "top-level code runs in the server.",
		.help_md = "Look plugins up in a registry you control (a dict of allowed names, or entry points "
			   "of installed packages) and reject anything else before importing.",
		.cwe = 470,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.1,
		.precision = "high",
		.tags = "code-injection,web",
	},
	{
		.id = "WL625",
		.name = "llm-interpreter-tool",
		.short_desc = "An LLM agent is given a Python interpreter or a dangerous-code switch",
		.full_desc = "LangChain's PythonREPLTool/PythonAstREPLTool/PythonREPL, or a chain or agent "
			     "created with allow_dangerous_code=True or allow_dangerous_requests=True, lets the "
			     "model run Python (or reach arbitrary URLs) in this process. Anyone who can steer "
			     "the prompt (a user, a document in the context) runs code.",
		.help_md = "Run model-written code only in a sandbox (a container or VM without secrets or "
			   "network, or a hosted code interpreter), and keep the agent's tools to narrow, "
			   "typed functions. If this is a local experiment, mark it "
			   "`# weaklink: ignore[WL625]` with the reason.",
		.cwe = 94,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.1,
		.precision = "very-high",
		.tags = "code-injection,llm",
	},
	{
		.id = "WL626",
		.name = "template-from-caller-string",
		.short_desc = "A Jinja2 template is compiled from a string the caller supplies, outside a sandbox",
		.full_desc = "A function compiles one of its parameters (or a web request's data) as a "
			     "jinja2.Template or with Environment.from_string, not in a SandboxedEnvironment. "
			     "Chat templates, prompt templates and report formats that arrive from a model "
			     "repository, a config or a user become server-side template injection.",
		.help_md = "Compile templates from outside in `jinja2.sandbox.ImmutableSandboxedEnvironment` "
			   "(what transformers uses for chat templates):\n\n"
			   "```python\nfrom jinja2.sandbox import ImmutableSandboxedEnvironment\n"
			   "tmpl = ImmutableSandboxedEnvironment().from_string(template_str)\n```",
		.cwe = 1336,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.5,
		.precision = "medium",
		.tags = "code-injection,template",
	},
	{
		.id = "WL630",
		.name = "download-loaded-unverified",
		.short_desc = "Weights downloaded from a URL or bucket are loaded without a digest check",
		.full_desc = "A function downloads a file (urllib urlretrieve, requests/urlopen bytes written to a "
			     "file, boto3 download_file, torch.hub.download_url_to_file without hash_prefix, "
			     "wget/gdown) and loads it (torch.load, safetensors load_file, joblib.load, "
			     "from_pretrained, numpy.load, Keras/ONNX loaders) with no hashlib digest comparison "
			     "in between. Whoever controls the URL, the bucket or the network path controls the "
			     "weights, and for pickle-based formats the code that runs. An HTTP response read "
			     "in memory by a loader that cannot run code (torch.load(weights_only=True), "
			     "numpy.load without allow_pickle, safetensors) is a remote result, not a "
			     "download, and is not reported.",
		.help_md = "Pin the digest of the file in the repository and compare before loading:\n\n"
			   "```python\nEXPECTED = \"3b1c...\"  # sha256 of the released file\n"
			   "h = hashlib.sha256(open(path, \"rb\").read()).hexdigest()\n"
			   "if h != EXPECTED:\n    raise RuntimeError(\"checkpoint digest mismatch\")\n"
			   "state = torch.load(path, weights_only=True)\n```\n\n"
			   "`torch.hub.download_url_to_file(url, dst, hash_prefix=...)` checks for you. Prefer "
			   "safetensors, and a model hub revision pinned to a commit.",
		.cwe = 494,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.5,
		.precision = "high",
		.tags = "supply-chain,integrity,models",
	},
	{
		.id = "WL631",
		.name = "script-download-loaded-unverified",
		.short_desc = "A script downloads weights and hands them to a program without a checksum check",
		.full_desc = "A shell script, Dockerfile RUN or CI step fetches a weights file (curl, wget, "
			     "gsutil cp, aws s3 cp) and a later command loads it (the file is an argument of "
			     "python, torchrun, accelerate ...), with no sha256sum -c, gpg or similar check "
			     "between.",
		.help_md = "Commit the expected digest and verify before use:\n\n"
			   "```sh\ncurl -fsSLo model.pt \"$URL\"\necho \"3b1c...  model.pt\" | sha256sum -c -\n"
			   "python serve.py --weights model.pt\n```",
		.cwe = 494,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.0,
		.precision = "high",
		.tags = "supply-chain,integrity,models,ci",
	},
};

static const char *sink_word(const struct wl_flow *w)
{
	const char *d = strrchr(w->sink_name, '.');
	return d && strncmp(w->sink_name, "builtins.", 9) == 0 ? d + 1 : w->sink_name;
}

static void add_path(struct wl_finding *f, const struct wl_flow *w)
{
	wl_finding_prop(f, "source", "%s", w->origin_name ? w->origin_name : "");
	wl_finding_prop(f, "sink", "%s", w->sink_name);
	if (w->via)
		wl_finding_prop(f, "via", "%s", w->via);
	if (w->through)
		wl_finding_prop(f, "through", "%s", w->through);
	wl_finding_key(f, "%s|%s|%s", w->origin_name ? w->origin_name : "", w->sink_name, w->via ? w->via : "");
}

static void check_value(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_flow *w = fact->data;
	const char *rule = NULL, *what = NULL;
	struct wl_finding *f;
	char via[256] = "";
	const char *via_name = w->via;
	if (w->via && w->origin_name && strcmp(w->via, w->origin_name) == 0)
		via_name = NULL;
	if (via_name && w->through)
		snprintf(via, sizeof(via), " through `%s` and `%s(...)`", via_name, w->through);
	else if (via_name)
		snprintf(via, sizeof(via), " through `%s`", via_name);
	else if (w->through)
		snprintf(via, sizeof(via), " through `%s(...)`", w->through);
	switch (w->origin) {
	case WL_ORIGIN_MODEL:
		switch (w->sink) {
		case WL_SINK_CODE: rule = WL620; what = "the model chooses the code that runs"; break;
		case WL_SINK_SHELL: rule = WL621; what = "the model chooses the shell command"; break;
		case WL_SINK_IMPORT: rule = WL622; what = "the model chooses the module whose code runs"; break;
		case WL_SINK_TEMPLATE: rule = WL623; what = "the model's text is compiled as a Jinja2 template"; break;
		case WL_SINK_LOAD: return;
		}
		f = wl_report(ctx, rule, &fact->loc, "text returned by `%s` (line %u) reaches `%s`%s: %s",
			      w->origin_name, w->origin_line, sink_word(w), via, what);
		add_path(f, w);
		return;
	case WL_ORIGIN_REQUEST:
		if (w->sink == WL_SINK_IMPORT) {
			f = wl_report(ctx, WL624, &fact->loc,
				      "`%s` (line %u), from a web request, names the module `%s` imports%s: the client "
				      "chooses which code runs",
				      w->origin_name, w->origin_line, sink_word(w), via);
			add_path(f, w);
			return;
		}
		/* a request's string compiled as a template */
		/* fall through */
	case WL_ORIGIN_PARAM:
		if (w->sink != WL_SINK_TEMPLATE)
			return;
		f = wl_report(ctx, WL626, &fact->loc,
			      "`%s` compiles a template from %s `%s` (line %u)%s, outside a sandboxed environment",
			      w->sink_name, w->origin == WL_ORIGIN_REQUEST ? "the web request's" : "the caller's",
			      w->origin_name, w->origin_line, via);
		add_path(f, w);
		return;
	case WL_ORIGIN_NETWORK:
	case WL_ORIGIN_DOWNLOAD:
		if (w->sink != WL_SINK_LOAD || w->checked)
			return;
		/* bytes of an API response read by a loader that cannot run
		 * code: a remote computation's result, not a weights download */
		if (w->origin == WL_ORIGIN_NETWORK && w->load_safe)
			return;
		f = wl_report(ctx, WL630, &fact->loc,
			      "`%s` loads what `%s` downloaded on line %u%s, with no digest check in between",
			      w->sink_name, w->origin_name, w->origin_line, via);
		add_path(f, w);
		return;
	}
}

static void flow_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	struct wl_finding *f;
	if (fact->kind == WL_FACT_SHELL) {
		const struct wl_shell_fact *s = fact->data;
		if (s->kind != WL_SHELL_DOWNLOAD_LOAD)
			return;
		f = wl_report(ctx, WL631, &fact->loc,
			      "%s passes `%s`, downloaded%s%s on line %u, to `%s` without verifying a checksum",
			      s->origin, s->file, s->url && *s->url ? " from " : "", s->url ? s->url : "",
			      s->download_line, s->command);
		wl_finding_key(f, "%s|%s", s->file, s->url ? s->url : "");
		return;
	}
	if (fact->kind != WL_FACT_FLOW)
		return;
	{
		const struct wl_flow *w = fact->data;
		if (w->kind == WL_FLOW_TOOL) {
			if (strchr(w->tool, '=')) {
				f = wl_report(ctx, WL625, &fact->loc, "`%s` is created with `%s`: %s", w->sink_name, w->tool,
					      strstr(w->tool, "requests") ? "the model can make this process fetch any URL"
									  : "a prompt can run code in this process");
				wl_finding_prop(f, "switch", "%s", w->tool);
			} else {
				f = wl_report(ctx, WL625, &fact->loc,
					      "`%s` gives the model a Python interpreter: a prompt can run code in this process",
					      w->sink_name);
			}
			wl_finding_key(f, "%s|%s", w->sink_name, w->tool);
			return;
		}
		check_value(ctx, fact);
	}
}

const struct wl_rule_module wl_rules_flow = {
	.name = "flow",
	.rules = flow_rules,
	.nrules = WL_ARRAY_SIZE(flow_rules),
	.facts = WL_FACT_BIT(WL_FACT_FLOW) | WL_FACT_BIT(WL_FACT_SHELL),
	.cross = 0,
	.check = flow_check,
	.finish = NULL,
};
