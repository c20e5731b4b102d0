/*
 * facts_js.h - sink facts from JavaScript and TypeScript source (jsscan.c).
 * The scanner resolves names through imports, require() and aliases, and
 * follows a value back to where it came from inside one function; the rules
 * in rules/jscode.c judge these facts. A fact carries what the call resolves
 * to, what its code argument is and where that value came from, no verdict.
 */
#ifndef WL_FACTS_JS_H
#define WL_FACTS_JS_H

#include "engine.h"

enum wl_js_sink_kind {
	WL_JS_EVAL = 0,   /* eval(code) (also globalThis.eval, aliases) */
	WL_JS_FUNCTION,   /* new Function(...) / Function(...) */
	WL_JS_TIMER,      /* setTimeout/setInterval with a string first argument */
	WL_JS_VM,         /* vm.runInNewContext/runInThisContext/runInContext/compileFunction, new vm.Script, vm2 run */
	WL_JS_SHELL,      /* child_process.exec/execSync, or spawn/execFile... with shell */
	WL_JS_REQUIRE,    /* require(x) / import(x) */
	WL_JS_TEMPLATE,   /* Handlebars.compile, ejs.render, lodash.template, pug.compile ... */
	WL_JS_CODE_TOOL,  /* LangChain.js PythonInterpreterTool: a tool that runs model-written code */
};

/* Where the judged value came from, as far as one function shows. */
enum wl_js_origin {
	WL_JS_ORIGIN_NONE = 0, /* nothing known (a parameter, a computed value) */
	WL_JS_ORIGIN_MODEL,    /* an LLM call's result, or a tool's model-chosen arguments */
	WL_JS_ORIGIN_REQUEST,  /* an HTTP request: req.body, req.query, request.json() ... */
};

struct wl_js_sink {
	enum wl_js_sink_kind kind;
	const char *callee;     /* resolved: "eval", "child_process.exec", "vm.Script",
				   "handlebars.compile", "require", "import" */
	const char *written;    /* the callee as written, shortened */
	const char *value;      /* the judged argument's source, shortened ("" when absent) */
	int literal;            /* the argument is a literal (string, number, array of
				   literals): the code is right there in the file */
	int present;            /* the argument is there at all */
	int from_file;          /* the argument is a file's content (fs.readFileSync, or a
				   function of the file that returns one) */
	enum wl_js_origin origin;
	const char *origin_what;/* "the result of `openai.chat.completions.create` (line 12)",
				   "`req.body` (line 5)"; "" when NONE */
};

#endif
