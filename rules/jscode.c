/*
 * jscode.c - JavaScript and TypeScript code rules (WL220-WL225): dynamic
 * code, node:vm, shell commands, computed module specifiers, template
 * compilation and LangChain.js code-running tools. Judges struct wl_js_sink
 * facts from scanners/js/jsscan.c by what each callee RESOLVED to and where
 * its argument came from; a value from an LLM call or an HTTP request makes
 * the finding an error, any other computed value a warning, a literal
 * nothing.
 *
 * These are not WL201/WL202: those rows' help is Python's (ast.literal_eval,
 * importlib), and a JavaScript reader needs JavaScript fixes.
 */
#include "facts_js.h"

#include <stdio.h>
#include <string.h>

static const struct wl_rule js_rules[] = {
	{
		.id = "WL220",
		.name = "js-dynamic-code-execution",
		.short_desc = "JavaScript eval, new Function or setTimeout/setInterval with a string on a value that is not a literal",
		.full_desc = "eval() (also globalThis.eval, window.eval and aliases of it), new Function(...) / Function(...) "
			     "and setTimeout/setInterval given a string instead of a function compile that string into "
			     "JavaScript and run it with the process's (or the page's) full rights. An error when the "
			     "value comes from a language model's output (an LLM SDK call's result, a tool's arguments) "
			     "or from an HTTP request, a warning for any other computed value.",
		.help_md = "Do not run generated JavaScript:\n\n"
			   "- data: `JSON.parse(text)` instead of `eval(text)`;\n"
			   "- arithmetic from a model or a user: a math expression parser (`mathjs`'s `evaluate` with "
			   "its function scope limited, or `expr-eval`) instead of `eval`;\n"
			   "- choosing a function by name: a map of allowed functions "
			   "(`const OPS = { add, mul }; OPS[name]?.(x)`);\n"
			   "- timers: pass a function, `setTimeout(() => run(x), 10)`.\n\n"
			   "If the code really must run generated JavaScript, run it in a separate process or isolate "
			   "with no credentials (not `node:vm`), and mark the line `// weaklink: ignore[WL220]` with "
			   "a reason.",
		.cwe = 95,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.8,
		.precision = "high",
		.tags = "code-injection,javascript",
	},
	{
		.id = "WL221",
		.name = "js-vm-not-a-sandbox",
		.short_desc = "node:vm or vm2 runs a computed string as code: neither is a security boundary",
		.full_desc = "vm.runInNewContext, vm.runInThisContext, vm.runInContext, vm.compileFunction and new "
			     "vm.Script compile a string into JavaScript. Node's documentation says it plainly: the vm "
			     "module is not a security mechanism; code in a new context reaches the host through "
			     "`this.constructor.constructor('return process')()`. vm2 (VM/NodeVM run, VMScript) is "
			     "discontinued after sandbox escapes it could not fix (CVE-2023-37466, CVE-2023-37903). "
			     "An error when the code comes from a model's output or a request, a warning otherwise.",
		.help_md = "Do not treat `node:vm` or vm2 as a sandbox for code a model or a user wrote. Run such code in "
			   "a separate, unprivileged process or container with no secrets in its environment and a "
			   "time limit, or in a real isolate (a WebAssembly interpreter, `isolated-vm` with a memory "
			   "limit). For data, parse it (`JSON.parse`) instead of running it.",
		.cwe = 94,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.8,
		.precision = "high",
		.tags = "code-injection,javascript",
	},
	{
		.id = "WL222",
		.name = "js-shell-command",
		.short_desc = "child_process runs a computed command line through a shell",
		.full_desc = "child_process.exec/execSync always run their command through /bin/sh, and spawn, "
			     "spawnSync, execFile and execFileSync do when given `shell: true`. A command line built "
			     "from a value that is not a literal lets whoever controls the value append `; rm -rf ~` "
			     "or `$(curl ... | sh)`. An error when the value comes from a model's output (an agent's "
			     "tool, an LLM call) or a request, a warning otherwise.",
		.help_md = "Run the program directly, with its arguments as an array and no shell:\n\n"
			   "```js\nimport { execFile } from \"node:child_process\";\n"
			   "execFile(\"git\", [\"log\", \"--oneline\", branch], (err, out) => { /* ... */ });\n```\n\n"
			   "Check model- or user-chosen arguments against an allow-list (a known subcommand, a path "
			   "inside an allowed folder) and put `--` before positional arguments so they are not read "
			   "as options.",
		.cwe = 78,
		.level = WL_LEVEL_WARNING,
		.security_severity = 9.1,
		.precision = "high",
		.tags = "command-injection,javascript",
	},
	{
		.id = "WL223",
		.name = "js-dynamic-require",
		.short_desc = "require() or import() of a computed module specifier",
		.full_desc = "require(x) and import(x) load and run the module x names. A plugin loader that takes "
			     "the name or path from a config file, a request or a model's output lets that input "
			     "choose which code runs (a file it uploaded, any installed package). An error when the "
			     "specifier comes from a model's output or a request, a warning otherwise.",
		.help_md = "Map the allowed names to modules explicitly:\n\n"
			   "```js\nconst PLUGINS = { markdown: () => import(\"./plugins/markdown.js\"),\n"
			   "                  csv: () => import(\"./plugins/csv.js\") };\n"
			   "const load = PLUGINS[name];\nif (!load) throw new Error(`unknown plugin ${name}`);\n```\n\n"
			   "For third-party plugins, install them as pinned dependencies and list them in the "
			   "configuration by package name, checked against that list.",
		.cwe = 829,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.5,
		.precision = "medium",
		.tags = "code-injection,javascript",
	},
	{
		.id = "WL224",
		.name = "js-template-compile",
		.short_desc = "A template engine compiles a template that is not a literal",
		.full_desc = "Handlebars.compile, ejs.render/compile, lodash's _.template, pug.compile/render, "
			     "nunjucks.renderString and doT compile the template text into a JavaScript function. "
			     "ejs, lodash, pug and doT templates run arbitrary JavaScript by design ("
			     "`<%= process.mainModule.require('child_process').execSync('id') %>`), and Handlebars' "
			     "prototype-access bugs have done the same; a template a caller, a plugin or a model "
			     "supplies is code. An error when it comes from a model's output or a request, a "
			     "warning otherwise.",
		.help_md = "Compile only templates that ship with the application (files in the repository, "
			   "literals: a template read with fs.readFile/readFileSync is not reported), and pass "
			   "caller-supplied text as *data* to them:\n\n"
			   "```js\nconst render = Handlebars.compile(fs.readFileSync(\"templates/reply.hbs\", \"utf8\"));\n"
			   "render({ userText });\n```\n\n"
			   "If users must write templates, use a logic-less engine that cannot call functions "
			   "(Mustache) and run it without prototype access.",
		.cwe = 1336,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.1,
		.precision = "medium",
		.tags = "template-injection,javascript",
	},
	{
		.id = "WL225",
		.name = "langchain-js-code-tool",
		.short_desc = "A LangChain.js tool that runs the code the model writes",
		.full_desc = "PythonInterpreterTool (@langchain/community's experimental pyinterpreter) gives an "
			     "agent a tool whose input is Python written by the model, run in Pyodide inside this "
			     "Node process. A prompt injection in any document, web page or tool result the agent "
			     "reads becomes code that runs with the process's network access and files mounted into "
			     "Pyodide.",
		.help_md = "Give agents narrow tools (a calculator that parses arithmetic, a query with fixed "
			   "shape) instead of an interpreter. If code execution is the point, run it in a remote "
			   "sandbox with no credentials (a container per session with no network, E2B, a "
			   "Firecracker VM), and require a human's approval for each run.",
		.cwe = 94,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.0,
		.precision = "high",
		.tags = "code-injection,javascript,llm",
	},
};

/* What the sink does with the value: the words before and after what the
 * value is ("model output", "a computed value"). */
struct phrase {
	const char *pre, *post;
};

static struct phrase does(enum wl_js_sink_kind kind)
{
	static const struct phrase p[] = {
		[WL_JS_EVAL] = { "runs ", " as JavaScript" },
		[WL_JS_FUNCTION] = { "compiles ", " into a function" },
		[WL_JS_TIMER] = { "runs ", " as JavaScript (a string, not a function)" },
		[WL_JS_VM] = { "runs ", " in node:vm, which is not a sandbox" },
		[WL_JS_SHELL] = { "runs a shell command built from ", "" },
		[WL_JS_REQUIRE] = { "loads a module named by ", "" },
		[WL_JS_TEMPLATE] = { "compiles a template (code) from ", "" },
		[WL_JS_CODE_TOOL] = { "uses ", "" },
	};
	return p[kind];
}

static const char *rule_of(enum wl_js_sink_kind kind)
{
	switch (kind) {
	case WL_JS_EVAL:
	case WL_JS_FUNCTION:
	case WL_JS_TIMER:
		return WL220;
	case WL_JS_VM:
		return WL221;
	case WL_JS_SHELL:
		return WL222;
	case WL_JS_REQUIRE:
		return WL223;
	case WL_JS_TEMPLATE:
		return WL224;
	case WL_JS_CODE_TOOL:
		break;
	}
	return WL225;
}

/* error: "`exec` runs a shell command built from model output: `cmd` comes
 * from the result of `openai.chat.completions.create` (line 12)";
 * warning: "`exec` runs a shell command built from a computed value (`cmd`)" */
static void js_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_js_sink *k = fact->data;
	struct wl_finding *f;
	struct phrase ph;
	char head[160];
	if (k->kind == WL_JS_CODE_TOOL) {
		f = wl_report(ctx, WL225, &fact->loc, "`%s` gives the agent a tool that runs the Python the model writes",
			      k->written);
		wl_finding_key(f, "%s", k->callee);
		return;
	}
	if (!k->present || (k->literal && k->origin == WL_JS_ORIGIN_NONE))
		return; /* a literal: the code is right there */
	if (k->kind == WL_JS_TEMPLATE && k->from_file && k->origin == WL_JS_ORIGIN_NONE)
		return; /* a template file the application reads: it ships with it */
	ph = does(k->kind);
	if (k->kind == WL_JS_VM && !strncmp(k->callee, "vm2", 3))
		ph.post = " in vm2, which is not a sandbox";
	snprintf(head, sizeof(head), "%s%s%s", ph.pre,
		 k->origin == WL_JS_ORIGIN_MODEL	? "model output"
		 : k->origin == WL_JS_ORIGIN_REQUEST ? "request data"
						     : "a computed value",
		 ph.post);
	if (k->origin != WL_JS_ORIGIN_NONE) {
		f = wl_report(ctx, rule_of(k->kind), &fact->loc, "`%s` %s: `%s` comes from %s", k->written, head,
			      k->value, k->origin_what);
		wl_finding_level(f, WL_LEVEL_ERROR);
	} else {
		f = wl_report(ctx, rule_of(k->kind), &fact->loc, "`%s` %s (`%s`)", k->written, head, k->value);
	}
	wl_finding_key(f, "%s %s", k->callee, k->value);
	if (strcmp(k->callee, k->written) != 0)
		wl_finding_prop(f, "resolved", "%s", k->callee);
}

const struct wl_rule_module wl_rules_jscode = {
	.name = "jscode",
	.rules = js_rules,
	.nrules = WL_ARRAY_SIZE(js_rules),
	.facts = WL_FACT_BIT(WL_FACT_JS_SINK),
	.cross = 0,
	.check = js_check,
	.finish = NULL,
};
