/*
 * jsscan.c - the JavaScript/TypeScript scanner (.js .mjs .cjs .jsx .ts .mts
 * .cts .tsx): a byte prefilter, a tree-sitter parse with the worker's reused
 * parser, then one walk that resolves names and emits sink facts
 * (facts_js.h). It never runs, imports or evaluates what it reads.
 *
 * Resolution, the JavaScript counterpart of pyresolve.c:
 *   - `import x from "m"`, `import * as x from "m"`, `import {a as b} from "m"`,
 *     `const x = require("m")`, `const {a, b: c} = require("m")`,
 *     `require("m").a`, `await import("m")`, TypeScript `import x = require("m")`;
 *     "node:vm" is "vm";
 *   - aliases: `const e = eval`, `const run = cp.exec`, `promisify(exec)`;
 *   - block and function scopes: a parameter, a local function or variable
 *     named `exec` or `eval` is not the module's or the global one.
 * Unbound names are globals ("global.eval"); `globalThis.x`, `window.x`,
 * `self.x` and `global.x` are the global x.
 *
 * Values are followed inside the function that holds them: a variable bound
 * to an LLM call's result (openai.chat.completions.create, Anthropic's
 * messages.create, the AI SDK's generateText, LangChain.js invoke ...), to
 * request data (req.body, req.query, await request.json() ...) or to a
 * tool's arguments (the function a LangChain/AI SDK tool or an MCP server
 * runs with the arguments the model chose) carries that origin through
 * member access, templates, concatenation and await.
 *
 * Minified bundles and vendored trees (node_modules/, bower_components/,
 * dist/, build/) are not parsed: the file counts as skipped
 * ([javascript] scan_vendored = true scans them).
 */
#include "engine.h"
#include "util.h"
#include "jsonts.h"
#include "facts_js.h"
#include "jsscan.h"

#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#define MAX_SINK_FACTS 20000
#define MAX_WALK_DEPTH 2000 /* walk() recursion; tree-sitter trees of real code stay far below */
#define MAX_EVAL_DEPTH 48
#define MAX_TOOL_FNS 256
#define SHOW_MAX 60
#define MAX_SUMMARIES 64

struct jsv {
	const char *q;   /* qualified name ("child_process.exec", "global.eval"), or NULL */
	int taint;       /* enum wl_js_origin */
	const char *src; /* where the taint came from, for messages */
	int literal;     /* a literal constant */
	int stringy;     /* known to be a string (literal, template, concatenation) */
	int file;        /* a file's content (fs.readFileSync ...): a template that ships */
};

struct bind {
	const char *name;
	uint32_t len;
	struct jsv v;
};

struct st {
	struct wl_ctx *ctx;
	const char *src;
	size_t n;
	struct wl_arena ar; /* scratch: names and descriptions, freed after the file */
	struct bind *b;
	size_t nb, ab;
	uint32_t tool_fn[MAX_TOOL_FNS]; /* start bytes of functions that get a tool's arguments */
	size_t ntool;
	int langchain, mcp, ai_sdk;
	/* functions of this file that return model output or request data
	 * (`async function ask(q) { ...; return r.choices[0].message.content }`),
	 * found by a first walk that emits nothing; calls to them carry it */
	struct fsum {
		const char *name;
		uint32_t len;
		int taint;
		const char *src;
		int file;
	} sums[MAX_SUMMARIES];
	size_t nsums;
	const char *fn_name; /* the function being walked (NULL: anonymous) */
	uint32_t fn_len;
	const char *pending_name; /* `const ask = async () => ...`: the declarator's name */
	uint32_t pending_len;
	int pass;             /* 0: collect summaries, 1: emit */
	size_t nfacts;
	int truncated, too_deep;
};

static const struct jsv NOVAL = { NULL, 0, NULL, 0, 0, 0 };

/* ------------------------------------------------------------ helpers */

static int is(TSNode n, const char *t)
{
	return !ts_node_is_null(n) && strcmp(ts_node_type(n), t) == 0;
}

static TSNode field(TSNode n, const char *f)
{
	return ts_node_child_by_field_name(n, f, (uint32_t)strlen(f));
}

static const char *text(struct st *s, TSNode n, uint32_t *len)
{
	return wl_ts_node_bytes(n, s->src, s->n, len);
}

static int text_eq(struct st *s, TSNode n, const char *lit)
{
	uint32_t l;
	const char *t = text(s, n, &l);
	return l == strlen(lit) && memcmp(t, lit, l) == 0;
}

static char *dup_text(struct st *s, TSNode n)
{
	uint32_t l;
	const char *t = text(s, n, &l);
	return wl_arena_strndup(&s->ar, t, l);
}

/* Source text for a message: one line, at most SHOW_MAX bytes (cut on a
 * UTF-8 boundary), "..." when shortened. */
static char *shown(struct st *s, TSNode n)
{
	uint32_t l, i, o = 0;
	const char *t = text(s, n, &l);
	char *out = wl_arena_alloc(&s->ar, SHOW_MAX + 8);
	int space = 0, cut = 0;
	for (i = 0; i < l; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
			space = 1;
			continue;
		}
		if (o >= SHOW_MAX && (c & 0xC0) != 0x80) {
			cut = 1;
			break;
		}
		if (space && o) {
			if (o >= SHOW_MAX) {
				cut = 1;
				break;
			}
			out[o++] = ' ';
		}
		space = 0;
		out[o++] = (char)c;
	}
	if (cut) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	return out;
}

static uint32_t line_of(TSNode n)
{
	return ts_node_start_point(n).row + 1;
}

/* The content of a string literal without its quotes (escapes kept as
 * written: module names have none), or NULL when `n` is not a plain string. */
static char *string_value(struct st *s, TSNode n)
{
	uint32_t l;
	const char *t;
	if (is(n, "template_string")) {
		uint32_t i;
		for (i = 0; i < ts_node_named_child_count(n); i++)
			if (is(ts_node_named_child(n, i), "template_substitution"))
				return NULL;
	} else if (!is(n, "string"))
		return NULL;
	t = text(s, n, &l);
	if (l < 2)
		return NULL;
	return wl_arena_strndup(&s->ar, t + 1, l - 2);
}

/* "node:vm" -> "vm"; "lodash/template", "lodash-es" -> "lodash.template", "lodash" */
static const char *module_name(struct st *s, const char *m)
{
	char *o, *p;
	if (!strncmp(m, "node:", 5))
		m += 5;
	if (!strncmp(m, "@langchain/", 11) || !strncmp(m, "langchain", 9))
		s->langchain = 1;
	if (!strncmp(m, "@modelcontextprotocol/", 22))
		s->mcp = 1;
	if (!strcmp(m, "ai") || !strncmp(m, "@ai-sdk/", 8))
		s->ai_sdk = 1;
	if (!strcmp(m, "lodash-es") || !strcmp(m, "underscore"))
		return "lodash";
	if (!strncmp(m, "lodash/", 7) || !strncmp(m, "lodash-es/", 10)) {
		o = wl_arena_printf(&s->ar, "lodash.%s", strchr(m, '/') + 1);
		return o;
	}
	if (!strcmp(m, "@n8n/vm2"))
		return "vm2";
	if (!strcmp(m, "handlebars/runtime") || !strcmp(m, "handlebars/dist/handlebars"))
		return "handlebars";
	o = wl_arena_strdup(&s->ar, m);
	for (p = o; *p; p++)
		if (*p >= 'A' && *p <= 'Z' && !strchr(o, '/'))
			*p = (char)(*p - 'A' + 'a'); /* "Handlebars" as a package name */
	return o;
}

static const char *member_q(struct st *s, const char *q, const char *name, size_t len)
{
	if (!q)
		return NULL;
	/* globalThis.eval, window.eval, self.eval, global.eval: the global eval */
	if (!strcmp(q, "global.globalThis") || !strcmp(q, "global.window") || !strcmp(q, "global.self") ||
	    !strcmp(q, "global.global"))
		return wl_arena_printf(&s->ar, "global.%.*s", (int)len, name);
	return wl_arena_printf(&s->ar, "%s.%.*s", q, (int)len, name);
}

static struct jsv taint_of(struct jsv a, struct jsv b)
{
	struct jsv r = NOVAL;
	if (a.taint) {
		r.taint = a.taint;
		r.src = a.src;
	} else if (b.taint) {
		r.taint = b.taint;
		r.src = b.src;
	}
	return r;
}

/* ------------------------------------------------------------ bindings */

static void bind(struct st *s, const char *name, uint32_t len, struct jsv v)
{
	s->b = wl_grow(s->b, &s->ab, s->nb + 1, sizeof(*s->b));
	s->b[s->nb].name = name;
	s->b[s->nb].len = len;
	s->b[s->nb].v = v;
	s->nb++;
}

static void bind_node(struct st *s, TSNode id, struct jsv v)
{
	uint32_t l;
	const char *t = text(s, id, &l);
	bind(s, t, l, v);
}

static struct bind *lookup(struct st *s, const char *name, uint32_t len)
{
	size_t i;
	for (i = s->nb; i-- > 0;)
		if (s->b[i].len == len && memcmp(s->b[i].name, name, len) == 0)
			return &s->b[i];
	return NULL;
}

static struct jsv member_of(struct st *s, struct jsv v, const char *name, size_t len)
{
	struct jsv r = v;
	r.q = member_q(s, v.q, name, len);
	r.literal = r.stringy = 0;
	return r;
}

/* Bind every name a pattern declares (`x`, `{a, b: c, ...rest}`, `[x, y]`,
 * `x = default`, TypeScript parameters) to the matching part of `v`. */
static void bind_pattern(struct st *s, TSNode p, struct jsv v, unsigned depth)
{
	uint32_t i;
	if (ts_node_is_null(p) || depth > 32)
		return;
	if (is(p, "identifier") || is(p, "shorthand_property_identifier_pattern")) {
		bind_node(s, p, v);
		return;
	}
	if (is(p, "required_parameter") || is(p, "optional_parameter")) {
		bind_pattern(s, field(p, "pattern"), v, depth + 1);
		return;
	}
	if (is(p, "assignment_pattern")) {
		bind_pattern(s, field(p, "left"), v, depth + 1);
		return;
	}
	if (is(p, "rest_pattern")) {
		struct jsv r = taint_of(v, NOVAL);
		for (i = 0; i < ts_node_named_child_count(p); i++)
			bind_pattern(s, ts_node_named_child(p, i), r, depth + 1);
		return;
	}
	if (is(p, "object_pattern")) {
		for (i = 0; i < ts_node_named_child_count(p); i++) {
			TSNode c = ts_node_named_child(p, i);
			uint32_t l;
			const char *t;
			if (is(c, "shorthand_property_identifier_pattern")) {
				t = text(s, c, &l);
				bind(s, t, l, member_of(s, v, t, l));
			} else if (is(c, "object_assignment_pattern")) {
				TSNode left = field(c, "left");
				t = text(s, left, &l);
				if (is(left, "shorthand_property_identifier_pattern"))
					bind(s, t, l, member_of(s, v, t, l));
				else
					bind_pattern(s, left, taint_of(v, NOVAL), depth + 1);
			} else if (is(c, "pair_pattern")) {
				TSNode key = field(c, "key");
				char *k = string_value(s, key);
				if (!k && is(key, "property_identifier")) {
					t = text(s, key, &l);
					bind_pattern(s, field(c, "value"), member_of(s, v, t, l), depth + 1);
				} else if (k) {
					bind_pattern(s, field(c, "value"), member_of(s, v, k, strlen(k)), depth + 1);
				} else {
					bind_pattern(s, field(c, "value"), taint_of(v, NOVAL), depth + 1);
				}
			} else {
				bind_pattern(s, c, taint_of(v, NOVAL), depth + 1);
			}
		}
		return;
	}
	if (is(p, "array_pattern")) {
		struct jsv r = taint_of(v, NOVAL);
		r.literal = v.literal; /* the items of an array of literals */
		for (i = 0; i < ts_node_named_child_count(p); i++)
			bind_pattern(s, ts_node_named_child(p, i), r, depth + 1);
	}
}

/* ------------------------------------------------------------ sources */

/* req.body, request.query, ctx.request.body, c.req.param ... */
static int request_object(struct st *s, TSNode obj)
{
	if (is(obj, "identifier"))
		return text_eq(s, obj, "req") || text_eq(s, obj, "request");
	if (is(obj, "member_expression")) {
		TSNode p = field(obj, "property");
		return text_eq(s, p, "request") || text_eq(s, p, "req");
	}
	return 0;
}

static int request_field(struct st *s, TSNode prop)
{
	static const char *const f[] = { "body", "query", "params", "headers", "cookies", "files", "file" };
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(f); i++)
		if (text_eq(s, prop, f[i]))
			return 1;
	return 0;
}

/* The property path of a callee ("client.chat.completions.create" for
 * this.client.chat.completions.create), for the LLM SDK shapes. */
static int path_ends(struct st *s, TSNode fn, const char *suffix)
{
	/* compare the dotted property names from the end */
	const char *end = suffix + strlen(suffix);
	TSNode n = fn;
	while (end > suffix) {
		const char *dot = end;
		TSNode prop;
		uint32_t l;
		const char *t;
		while (dot > suffix && dot[-1] != '.')
			dot--;
		if (dot == suffix && is(n, "identifier")) { /* the first name: `searchParams`.get */
			t = text(s, n, &l);
			return l == (size_t)(end - dot) && memcmp(t, dot, l) == 0;
		}
		if (!is(n, "member_expression"))
			return 0;
		prop = field(n, "property");
		t = text(s, prop, &l);
		if (l != (size_t)(end - dot) || memcmp(t, dot, l) != 0)
			return 0;
		end = dot > suffix ? dot - 1 : suffix;
		if (dot == suffix)
			return 1;
		n = field(n, "object");
	}
	return 1;
}

static const char *model_call(struct st *s, TSNode fn, const struct jsv *cv)
{
	static const char *const sdk[] = {
		"chat.completions.create", "chat.completions.parse", "completions.create", "responses.create",
		"messages.create", "models.generateContent", "generateContent", "chat.completions.stream",
	};
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(sdk); i++)
		if (path_ends(s, fn, sdk[i]))
			return sdk[i];
	if (cv->q && (!strcmp(cv->q, "ai.generateText") || !strcmp(cv->q, "ai.streamText") ||
		      !strcmp(cv->q, "ai.generateObject") || !strcmp(cv->q, "ai.streamObject") ||
		      !strcmp(cv->q, "ollama.chat") || !strcmp(cv->q, "ollama.generate")))
		return cv->q;
	if (s->langchain && is(fn, "member_expression")) {
		TSNode p = field(fn, "property");
		if (text_eq(s, p, "invoke") || text_eq(s, p, "predict"))
			return "invoke";
	}
	return NULL;
}

/* ------------------------------------------------------------ values */

static struct jsv eval(struct st *s, TSNode n, unsigned depth);

static TSNode arg_at(TSNode call, uint32_t i)
{
	TSNode args = field(call, "arguments");
	TSNode none = { { 0 }, NULL, NULL };
	uint32_t k, j = 0;
	if (ts_node_is_null(args) || !is(args, "arguments"))
		return none;
	for (k = 0; k < ts_node_named_child_count(args); k++) {
		TSNode a = ts_node_named_child(args, k);
		if (is(a, "comment"))
			continue;
		if (j++ == i)
			return a;
	}
	return none;
}

static uint32_t arg_count(TSNode call)
{
	TSNode args = field(call, "arguments");
	uint32_t k, j = 0;
	if (ts_node_is_null(args) || !is(args, "arguments"))
		return 0;
	for (k = 0; k < ts_node_named_child_count(args); k++)
		if (!is(ts_node_named_child(args, k), "comment"))
			j++;
	return j;
}

static struct jsv eval_call(struct st *s, TSNode n, unsigned depth)
{
	TSNode fn = field(n, "function"), a0 = arg_at(n, 0);
	struct jsv cv, r = NOVAL;
	const char *m;
	if (is(fn, "import")) {
		char *spec = ts_node_is_null(a0) ? NULL : string_value(s, a0);
		if (spec)
			r.q = module_name(s, spec);
		return r;
	}
	cv = eval(s, fn, depth + 1);
	if (cv.q && !strcmp(cv.q, "global.require")) {
		char *spec = ts_node_is_null(a0) ? NULL : string_value(s, a0);
		if (spec)
			r.q = module_name(s, spec);
		return r;
	}
	if (cv.q && (!strcmp(cv.q, "util.promisify") || !strcmp(cv.q, "global.require.main.require")) &&
	    !ts_node_is_null(a0))
		return eval(s, a0, depth + 1);
	if (is(fn, "identifier")) {
		uint32_t l;
		const char *nm = text(s, fn, &l);
		size_t i;
		for (i = 0; i < s->nsums; i++)
			if (s->sums[i].len == l && !memcmp(s->sums[i].name, nm, l)) {
				r.taint = s->sums[i].taint;
				r.file = s->sums[i].file;
				if (r.taint)
					r.src = wl_arena_printf(&s->ar, "`%.*s()`, which returns %s", (int)l, nm,
								s->sums[i].src);
				return r;
			}
	}
	if (cv.q && (!strcmp(cv.q, "fs.readFileSync") || !strcmp(cv.q, "fs.readFile") ||
		     !strcmp(cv.q, "fs.promises.readFile") || !strcmp(cv.q, "fs/promises.readFile"))) {
		r.file = 1;
		return r;
	}
	if ((m = model_call(s, fn, &cv))) {
		uint32_t l;
		const char *t;
		r.taint = WL_JS_ORIGIN_MODEL;
		(void)text(s, fn, &l);
		t = shown(s, fn);
		r.src = wl_arena_printf(&s->ar, "the result of `%s` (line %u)", t, line_of(n));
		return r;
	}
	/* await req.json(), request.formData(), c.req.json() */
	if (is(fn, "member_expression") && request_object(s, field(fn, "object"))) {
		TSNode p = field(fn, "property");
		if (text_eq(s, p, "json") || text_eq(s, p, "formData") || text_eq(s, p, "text") ||
		    text_eq(s, p, "param") || text_eq(s, p, "query")) {
			r.taint = WL_JS_ORIGIN_REQUEST;
			r.src = wl_arena_printf(&s->ar, "`%s` (line %u)", shown(s, n), line_of(n));
			return r;
		}
	}
	/* url.searchParams.get("x") */
	if (path_ends(s, fn, "searchParams.get")) {
		r.taint = WL_JS_ORIGIN_REQUEST;
		r.src = wl_arena_printf(&s->ar, "`%s` (line %u)", shown(s, n), line_of(n));
		return r;
	}
	/* JSON.parse(x), String(x), decodeURIComponent(x), Buffer.from(x): x's origin */
	if (cv.q && (!strcmp(cv.q, "global.JSON.parse") || !strcmp(cv.q, "global.String") ||
		     !strcmp(cv.q, "global.decodeURIComponent") || !strcmp(cv.q, "global.atob") ||
		     !strcmp(cv.q, "global.Buffer.from")) &&
	    !ts_node_is_null(a0)) {
		struct jsv a = eval(s, a0, depth + 1);
		r = taint_of(a, NOVAL);
		r.stringy = strcmp(cv.q, "global.JSON.parse") != 0;
		return r;
	}
	/* a method of a tainted value (text.trim(), out.content.replace(...)) */
	r = taint_of(cv, NOVAL);
	r.file = cv.file; /* readFileSync(p).toString() */
	return r;
}

static struct jsv eval(struct st *s, TSNode n, unsigned depth)
{
	struct jsv r = NOVAL;
	const char *t = ts_node_is_null(n) ? "" : ts_node_type(n);
	uint32_t i, l;
	if (ts_node_is_null(n) || depth > MAX_EVAL_DEPTH)
		return r;
	if (!strcmp(t, "string") || !strcmp(t, "template_string")) {
		if (!strcmp(t, "template_string")) {
			for (i = 0; i < ts_node_named_child_count(n); i++) {
				TSNode c = ts_node_named_child(n, i);
				if (is(c, "template_substitution") && ts_node_named_child_count(c)) {
					struct jsv v = eval(s, ts_node_named_child(c, 0), depth + 1);
					int lit = r.literal;
					if (!r.taint && v.taint)
						r = taint_of(v, NOVAL);
					/* `${which} ffmpeg` with a literal `which` stays literal */
					r.literal = v.literal ? lit : -1;
				}
			}
		}
		r.literal = r.literal == 0;
		r.stringy = 1;
		return r;
	}
	if (!strcmp(t, "number") || !strcmp(t, "true") || !strcmp(t, "false") || !strcmp(t, "null") ||
	    !strcmp(t, "undefined") || !strcmp(t, "regex")) {
		r.literal = 1;
		return r;
	}
	if (!strcmp(t, "identifier")) {
		const char *name = text(s, n, &l);
		struct bind *b = lookup(s, name, l);
		if (b)
			return b->v;
		if (l == 9 && !memcmp(name, "undefined", 9)) {
			r.literal = 1;
			return r;
		}
		r.q = wl_arena_printf(&s->ar, "global.%.*s", (int)l, name);
		if ((l == 9 && !memcmp(name, "__dirname", 9)) || (l == 10 && !memcmp(name, "__filename", 10)))
			r.literal = 1; /* this file's own folder and name */
		return r;
	}
	if (!strcmp(t, "member_expression")) {
		TSNode obj = field(n, "object"), prop = field(n, "property");
		struct jsv ov;
		const char *pn;
		if (request_object(s, obj) && request_field(s, prop)) {
			r.taint = WL_JS_ORIGIN_REQUEST;
			r.src = wl_arena_printf(&s->ar, "`%s` (line %u)", shown(s, n), line_of(n));
			return r;
		}
		ov = eval(s, obj, depth + 1);
		pn = text(s, prop, &l);
		r = member_of(s, ov, pn, l);
		if (r.q && !strcmp(r.q, "global.process.execPath"))
			r.literal = 1; /* the running node binary */
		return r;
	}
	if (!strcmp(t, "subscript_expression")) {
		struct jsv ov = eval(s, field(n, "object"), depth + 1);
		char *k = string_value(s, field(n, "index"));
		if (ov.q && !strcmp(ov.q, "global.process.argv") && text_eq(s, field(n, "index"), "0")) {
			r.literal = 1; /* process.argv[0]: the node binary */
			return r;
		}
		if (k)
			return member_of(s, ov, k, strlen(k));
		r = taint_of(ov, NOVAL);
		return r;
	}
	if (!strcmp(t, "call_expression"))
		return eval_call(s, n, depth);
	if (!strcmp(t, "new_expression")) {
		/* `new NodeVM(...)`: an instance, "vm2.NodeVM()", whose methods
		 * resolve ("vm2.NodeVM().run") */
		struct jsv cv = eval(s, field(n, "constructor"), depth + 1);
		if (cv.q)
			r.q = wl_arena_printf(&s->ar, "%s()", cv.q);
		return r;
	}
	if (!strcmp(t, "await_expression") || !strcmp(t, "parenthesized_expression") ||
	    !strcmp(t, "non_null_expression") || !strcmp(t, "as_expression") ||
	    !strcmp(t, "satisfies_expression")) {
		if (ts_node_named_child_count(n))
			return eval(s, ts_node_named_child(n, 0), depth + 1);
		return r;
	}
	if (!strcmp(t, "type_assertion") || !strcmp(t, "sequence_expression")) {
		if (ts_node_named_child_count(n))
			return eval(s, ts_node_named_child(n, ts_node_named_child_count(n) - 1), depth + 1);
		return r;
	}
	if (!strcmp(t, "binary_expression")) {
		struct jsv a = eval(s, field(n, "left"), depth + 1), b = eval(s, field(n, "right"), depth + 1);
		r = taint_of(a, b);
		r.literal = a.literal && b.literal;
		r.stringy = a.stringy || b.stringy;
		return r;
	}
	if (!strcmp(t, "ternary_expression")) {
		struct jsv a = eval(s, field(n, "consequence"), depth + 1),
			   b = eval(s, field(n, "alternative"), depth + 1);
		r = taint_of(a, b);
		r.literal = a.literal && b.literal;
		r.stringy = a.stringy && b.stringy;
		r.file = a.file && b.file;
		return r;
	}
	if (!strcmp(t, "assignment_expression") || !strcmp(t, "augmented_assignment_expression"))
		return eval(s, field(n, "right"), depth + 1);
	if (!strcmp(t, "array")) {
		/* an array of literals is a literal (argv for spawn) */
		r.literal = 1;
		for (i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode c = ts_node_named_child(n, i);
			struct jsv v;
			if (is(c, "comment"))
				continue;
			v = eval(s, c, depth + 1);
			if (!v.literal)
				r.literal = 0;
			if (!r.taint && v.taint) {
				r.taint = v.taint;
				r.src = v.src;
			}
		}
		return r;
	}
	return r;
}

/* ------------------------------------------------------------ sinks */

static void emit(struct st *s, TSNode call, enum wl_js_sink_kind kind, const char *callee, TSNode fn,
		 TSNode value, struct jsv v)
{
	struct wl_js_sink *k;
	struct wl_loc loc;
	TSPoint a = ts_node_start_point(call), b = ts_node_end_point(call);
	if (s->pass == 0)
		return;
	if (s->nfacts >= MAX_SINK_FACTS) {
		s->truncated = 1;
		return;
	}
	s->nfacts++;
	k = wl_ctx_alloc(s->ctx, sizeof(*k));
	memset(k, 0, sizeof(*k));
	k->kind = kind;
	k->callee = wl_ctx_strdup(s->ctx, callee);
	k->written = wl_ctx_strdup(s->ctx, ts_node_is_null(fn) ? callee : shown(s, fn));
	k->present = !ts_node_is_null(value);
	k->value = wl_ctx_strdup(s->ctx, k->present ? shown(s, value) : "");
	k->literal = v.literal;
	k->from_file = v.file;
	k->origin = (enum wl_js_origin)v.taint;
	k->origin_what = wl_ctx_strdup(s->ctx, v.taint && v.src ? v.src : "");
	memset(&loc, 0, sizeof(loc));
	loc.line = a.row + 1;
	loc.col = a.column + 1;
	loc.end_line = b.row + 1;
	loc.end_col = b.column + 1;
	wl_fact_emit(s->ctx, WL_FACT_JS_SINK, &loc, k);
}

static int q_is(const char *q, const char *const *list, size_t n)
{
	size_t i;
	for (i = 0; q && i < n; i++)
		if (!strcmp(q, list[i]))
			return 1;
	return 0;
}

static const char *const vm_sinks[] = {
	"vm.runInNewContext", "vm.runInThisContext", "vm.runInContext", "vm.compileFunction", "vm.Script",
	"vm.SourceTextModule",
	/* vm2: discontinued, with published sandbox escapes */
	"vm2.VM().run", "vm2.NodeVM().run", "vm2.VMScript",
};
static const char *const shell_always[] = { "child_process.exec", "child_process.execSync" };
static const char *const shell_opt[] = {
	"child_process.spawn", "child_process.spawnSync", "child_process.execFile", "child_process.execFileSync",
};
static const char *const template_sinks[] = {
	"handlebars.compile", "handlebars.precompile", "ejs.render", "ejs.compile", "lodash.template",
	"pug.compile", "pug.render", "pug.compileClient", "nunjucks.renderString", "nunjucks.compile",
	"dot.template", "dot.compile", "global.Handlebars.compile", "global._.template",
};

static const char *shown_q(const char *q)
{
	return !strncmp(q, "global.", 7) ? q + 7 : q;
}

/* spawn(cmd, args, { shell: true }): the options object's shell is set to
 * something other than false (a literal false, or no shell key, is no shell) */
static int shell_option(struct st *s, TSNode call)
{
	uint32_t k, n = arg_count(call);
	for (k = 0; k < n; k++) {
		TSNode o = arg_at(call, k);
		uint32_t i;
		if (!is(o, "object"))
			continue;
		for (i = 0; i < ts_node_named_child_count(o); i++) {
			TSNode p = ts_node_named_child(o, i);
			if (is(p, "pair") && text_eq(s, field(p, "key"), "shell")) {
				TSNode v = field(p, "value");
				return !(is(v, "false") || is(v, "null") || is(v, "undefined"));
			}
			if (is(p, "shorthand_property_identifier") && text_eq(s, p, "shell"))
				return 1;
		}
	}
	return 0;
}

static void mark_tool_fn(struct st *s, TSNode f)
{
	if (is(f, "arrow_function") || is(f, "function_expression") || is(f, "function")) {
		if (s->ntool < MAX_TOOL_FNS)
			s->tool_fn[s->ntool++] = ts_node_start_byte(f);
	}
}

/* Functions that run with arguments the model chose: LangChain tool(fn, ...),
 * new DynamicTool({ func }), the AI SDK's tool({ execute }), an MCP server's
 * server.tool(name, ..., handler) / registerTool / CallTool request handler. */
static void mark_tool_args(struct st *s, TSNode call)
{
	uint32_t k, n = arg_count(call);
	for (k = 0; k < n; k++) {
		TSNode a = arg_at(call, k);
		uint32_t i;
		mark_tool_fn(s, a);
		if (!is(a, "object"))
			continue;
		for (i = 0; i < ts_node_named_child_count(a); i++) {
			TSNode p = ts_node_named_child(a, i);
			if (is(p, "pair")) {
				TSNode key = field(p, "key");
				if (text_eq(s, key, "func") || text_eq(s, key, "execute") || text_eq(s, key, "handler"))
					mark_tool_fn(s, field(p, "value"));
			} else if (is(p, "method_definition")) {
				TSNode nm = field(p, "name");
				if (text_eq(s, nm, "func") || text_eq(s, nm, "execute") || text_eq(s, nm, "handler"))
					mark_tool_fn(s, p);
			}
		}
	}
}

static int tool_registration(struct st *s, TSNode fn, const struct jsv *cv)
{
	const char *q = cv->q;
	if (q && (!strncmp(q, "@langchain/", 11) || !strncmp(q, "langchain", 9) || !strncmp(q, "ai.", 3))) {
		const char *dot = strrchr(q, '.');
		if (dot && (!strcmp(dot, ".tool") || !strcmp(dot, ".DynamicTool") || !strcmp(dot, ".DynamicStructuredTool")))
			return 1;
	}
	if (s->mcp && is(fn, "member_expression")) {
		TSNode p = field(fn, "property");
		if (text_eq(s, p, "tool") || text_eq(s, p, "registerTool"))
			return 1;
	}
	return 0;
}

static void check_call(struct st *s, TSNode n, int is_new)
{
	TSNode fn = field(n, is_new ? "constructor" : "function");
	TSNode a0 = arg_at(n, 0);
	struct jsv cv, v;
	const char *q;
	if (ts_node_is_null(fn))
		return;
	if (!is_new && is(fn, "import")) {
		if (ts_node_is_null(a0))
			return;
		v = eval(s, a0, 0);
		emit(s, n, WL_JS_REQUIRE, "import", fn, a0, v);
		return;
	}
	cv = eval(s, fn, 0);
	q = cv.q;
	if (!is_new && s->mcp && is(fn, "member_expression") && text_eq(s, field(fn, "property"), "setRequestHandler") &&
	    !ts_node_is_null(a0) && strstr(dup_text(s, a0), "CallToolRequestSchema"))
		mark_tool_args(s, n);
	else if (tool_registration(s, fn, &cv))
		mark_tool_args(s, n);
	if (!q)
		return;
	if (!strcmp(q, "global.eval") && !is_new) {
		emit(s, n, WL_JS_EVAL, "eval", fn, a0, eval(s, a0, 0));
		return;
	}
	if (!strcmp(q, "global.Function")) {
		/* the body is the last argument; every argument is code */
		uint32_t k, c = arg_count(n);
		struct jsv all = NOVAL;
		TSNode last = c ? arg_at(n, c - 1) : a0;
		all.literal = 1;
		for (k = 0; k < c; k++) {
			struct jsv x = eval(s, arg_at(n, k), 0);
			if (!x.literal)
				all.literal = 0;
			if (!all.taint && x.taint) {
				all.taint = x.taint;
				all.src = x.src;
			}
		}
		if (c)
			emit(s, n, WL_JS_FUNCTION, "Function", fn, last, all);
		return;
	}
	if ((!strcmp(q, "global.setTimeout") || !strcmp(q, "global.setInterval")) && !is_new) {
		v = eval(s, a0, 0);
		if (!ts_node_is_null(a0) && (v.stringy || v.taint))
			emit(s, n, WL_JS_TIMER, shown_q(q), fn, a0, v);
		return;
	}
	if (!strcmp(q, "global.require") && !is_new) {
		if (ts_node_is_null(a0))
			return;
		emit(s, n, WL_JS_REQUIRE, "require", fn, a0, eval(s, a0, 0));
		return;
	}
	if (q_is(q, vm_sinks, WL_ARRAY_SIZE(vm_sinks))) {
		emit(s, n, WL_JS_VM, q, fn, a0, eval(s, a0, 0));
		return;
	}
	if (q_is(q, shell_always, WL_ARRAY_SIZE(shell_always)) && !is_new) {
		emit(s, n, WL_JS_SHELL, q, fn, a0, eval(s, a0, 0));
		return;
	}
	if (q_is(q, shell_opt, WL_ARRAY_SIZE(shell_opt)) && !is_new) {
		TSNode a1 = arg_at(n, 1);
		if (!shell_option(s, n))
			return;
		v = eval(s, a0, 0);
		if (is(a1, "array")) { /* the arguments join the command line too */
			struct jsv w = eval(s, a1, 0);
			int show_args = (v.literal && !w.literal) || (!v.taint && w.taint);
			if (!w.literal)
				v.literal = 0;
			if (!v.taint && w.taint) {
				v.taint = w.taint;
				v.src = w.src;
			}
			if (show_args) {
				emit(s, n, WL_JS_SHELL, q, fn, a1, v);
				return;
			}
		}
		emit(s, n, WL_JS_SHELL, q, fn, a0, v);
		return;
	}
	if (q_is(q, template_sinks, WL_ARRAY_SIZE(template_sinks)) && !is_new) {
		const char *canon = !strncmp(q, "global.Handlebars", 17) ? "handlebars.compile"
				    : !strcmp(q, "global._.template")    ? "lodash.template"
									 : q;
		emit(s, n, WL_JS_TEMPLATE, canon, fn, a0, eval(s, a0, 0));
		return;
	}
	{
		const char *dot = strrchr(q, '.');
		if (dot && (!strncmp(q, "@langchain/", 11) || !strncmp(q, "langchain", 9)) &&
		    ((is_new && !strcmp(dot, ".PythonInterpreterTool")) ||
		     (!is_new && wl_ends_with(q, ".PythonInterpreterTool.initialize")))) {
			struct jsv m = NOVAL;
			m.taint = WL_JS_ORIGIN_MODEL;
			m.src = "the code the model writes";
			emit(s, n, WL_JS_CODE_TOOL, "PythonInterpreterTool", fn, a0, m);
		}
	}
}

/* ------------------------------------------------------------ walk */

static void walk(struct st *s, TSNode n, unsigned depth);

static void walk_children(struct st *s, TSNode n, unsigned depth)
{
	uint32_t i, c = ts_node_named_child_count(n);
	for (i = 0; i < c; i++)
		walk(s, ts_node_named_child(n, i), depth + 1);
}

static void hoist(struct st *s, TSNode block)
{
	uint32_t i;
	for (i = 0; i < ts_node_named_child_count(block); i++) {
		TSNode c = ts_node_named_child(block, i), nm;
		if (is(c, "export_statement"))
			c = field(c, "declaration");
		if (ts_node_is_null(c))
			continue;
		if (is(c, "function_declaration") || is(c, "generator_function_declaration") ||
		    is(c, "class_declaration") || is(c, "abstract_class_declaration")) {
			nm = field(c, "name");
			if (is(nm, "identifier") || is(nm, "type_identifier"))
				bind_node(s, nm, NOVAL);
		}
	}
}

static void do_import(struct st *s, TSNode n)
{
	TSNode source = field(n, "source");
	char *spec = ts_node_is_null(source) ? NULL : string_value(s, source);
	const char *m;
	uint32_t i, j, k;
	if (!spec) {
		/* TypeScript: import x = require("m") */
		for (i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode c = ts_node_named_child(n, i);
			if (is(c, "import_require_clause")) {
				TSNode id = ts_node_named_child(c, 0), src = field(c, "source");
				char *sp = ts_node_is_null(src) ? NULL : string_value(s, src);
				struct jsv v = NOVAL;
				if (sp && is(id, "identifier")) {
					v.q = module_name(s, sp);
					bind_node(s, id, v);
				}
			}
		}
		return;
	}
	m = module_name(s, spec);
	for (i = 0; i < ts_node_named_child_count(n); i++) {
		TSNode clause = ts_node_named_child(n, i);
		if (!is(clause, "import_clause"))
			continue;
		for (j = 0; j < ts_node_named_child_count(clause); j++) {
			TSNode c = ts_node_named_child(clause, j);
			struct jsv v = NOVAL;
			if (is(c, "identifier")) { /* default import: the CommonJS module object */
				v.q = m;
				bind_node(s, c, v);
			} else if (is(c, "namespace_import")) {
				for (k = 0; k < ts_node_named_child_count(c); k++)
					if (is(ts_node_named_child(c, k), "identifier")) {
						v.q = m;
						bind_node(s, ts_node_named_child(c, k), v);
					}
			} else if (is(c, "named_imports")) {
				for (k = 0; k < ts_node_named_child_count(c); k++) {
					TSNode sp = ts_node_named_child(c, k), name, alias;
					uint32_t l;
					const char *t;
					if (!is(sp, "import_specifier"))
						continue;
					name = field(sp, "name");
					alias = field(sp, "alias");
					t = text(s, name, &l);
					if (is(name, "string")) {
						char *sv = string_value(s, name);
						t = sv ? sv : "";
						l = (uint32_t)strlen(t);
					}
					v.q = l == 7 && !memcmp(t, "default", 7) ? m : member_q(s, m, t, l);
					bind_node(s, ts_node_is_null(alias) ? name : alias, v);
				}
			}
		}
	}
}

static int is_function(TSNode n)
{
	return is(n, "function_declaration") || is(n, "generator_function_declaration") ||
	       is(n, "function_expression") || is(n, "function") || is(n, "arrow_function") ||
	       is(n, "method_definition") || is(n, "generator_function");
}

/* A function of this file returns a value with an origin: remember it by
 * name (first pass only; the first origin found wins). */
static void note_return(struct st *s, TSNode value)
{
	struct jsv v;
	size_t i;
	if (s->pass != 0 || !s->fn_name || ts_node_is_null(value) || s->nsums >= MAX_SUMMARIES)
		return;
	v = eval(s, value, 0);
	if ((!v.taint || !v.src) && !v.file)
		return;
	if (v.taint && !strcmp(v.src, "the arguments the model passes to this tool"))
		return; /* a tool's own arguments mean nothing to its callers */
	for (i = 0; i < s->nsums; i++)
		if (s->sums[i].len == s->fn_len && !memcmp(s->sums[i].name, s->fn_name, s->fn_len))
			return;
	s->sums[s->nsums].name = s->fn_name;
	s->sums[s->nsums].len = s->fn_len;
	s->sums[s->nsums].taint = v.taint;
	s->sums[s->nsums].src = v.src;
	s->sums[s->nsums].file = v.file;
	s->nsums++;
}

static void walk_function(struct st *s, TSNode n, unsigned depth)
{
	size_t save = s->nb, i;
	uint32_t k;
	TSNode params = field(n, "parameters"), one = field(n, "parameter"), body = field(n, "body"), nm;
	struct jsv pv = NOVAL;
	uint32_t start = ts_node_start_byte(n);
	for (i = 0; i < s->ntool; i++)
		if (s->tool_fn[i] == start) {
			pv.taint = WL_JS_ORIGIN_MODEL;
			pv.src = "the arguments the model passes to this tool";
			break;
		}
	const char *outer_name = s->fn_name;
	uint32_t outer_len = s->fn_len;
	s->fn_name = s->pending_name;
	s->fn_len = s->pending_len;
	s->pending_name = NULL;
	if (is(n, "function_declaration") || is(n, "generator_function_declaration")) {
		nm = field(n, "name");
		if (is(nm, "identifier"))
			s->fn_name = text(s, nm, &s->fn_len);
	}
	if (is(n, "function_expression") || is(n, "function")) {
		nm = field(n, "name");
		if (is(nm, "identifier"))
			bind_node(s, nm, NOVAL);
	}
	if (!ts_node_is_null(one))
		bind_pattern(s, one, pv, 0);
	if (!ts_node_is_null(params))
		for (k = 0; k < ts_node_named_child_count(params); k++)
			bind_pattern(s, ts_node_named_child(params, k), pv, 0);
	/* default values may call things too */
	if (!ts_node_is_null(params))
		walk_children(s, params, depth);
	if (!ts_node_is_null(body)) {
		if (is(body, "statement_block")) {
			hoist(s, body);
			walk_children(s, body, depth);
		} else {
			walk(s, body, depth + 1);
			note_return(s, body); /* async (q) => llm.invoke(q) */
		}
	}
	s->nb = save;
	s->fn_name = outer_name;
	s->fn_len = outer_len;
}

static void walk(struct st *s, TSNode n, unsigned depth)
{
	const char *t;
	if (ts_node_is_null(n))
		return;
	if (depth > MAX_WALK_DEPTH) {
		s->too_deep = 1;
		return;
	}
	t = ts_node_type(n);
	if (is_function(n)) {
		walk_function(s, n, depth);
		return;
	}
	if (!strcmp(t, "statement_block") || !strcmp(t, "class_body") || !strcmp(t, "for_statement") ||
	    !strcmp(t, "for_in_statement") || !strcmp(t, "catch_clause") || !strcmp(t, "switch_body")) {
		size_t save = s->nb;
		if (!strcmp(t, "catch_clause"))
			bind_pattern(s, field(n, "parameter"), NOVAL, 0);
		if (!strcmp(t, "for_in_statement")) {
			/* for (const [pkg, label] of [["a", "A"], ...]): each item of
			 * an array of literals is a literal; of a tainted value, tainted */
			TSNode right = field(n, "right");
			struct jsv rv = eval(s, right, 0), item = taint_of(rv, NOVAL);
			int of = 0;
			uint32_t i;
			for (i = 0; i < ts_node_child_count(n); i++)
				if (!strcmp(ts_node_type(ts_node_child(n, i)), "of"))
					of = 1;
			item.literal = of && is(right, "array") && rv.literal;
			walk(s, right, depth + 1);
			bind_pattern(s, field(n, "left"), item, 0);
			walk(s, field(n, "body"), depth + 1);
			s->nb = save;
			return;
		}
		hoist(s, n);
		walk_children(s, n, depth);
		s->nb = save;
		return;
	}
	if (!strcmp(t, "import_statement")) {
		do_import(s, n);
		return;
	}
	if (!strcmp(t, "lexical_declaration") || !strcmp(t, "variable_declaration")) {
		uint32_t i;
		for (i = 0; i < ts_node_named_child_count(n); i++) {
			TSNode d = ts_node_named_child(n, i), value;
			if (!is(d, "variable_declarator"))
				continue;
			value = field(d, "value");
			if (!ts_node_is_null(value)) {
				TSNode nm = field(d, "name");
				if (is_function(value) && is(nm, "identifier"))
					s->pending_name = text(s, nm, &s->pending_len);
				walk(s, value, depth + 1);
				s->pending_name = NULL;
				bind_pattern(s, field(d, "name"), eval(s, value, 0), 0);
			} else {
				bind_pattern(s, field(d, "name"), NOVAL, 0);
			}
		}
		return;
	}
	if (!strcmp(t, "assignment_expression")) {
		TSNode left = field(n, "left"), right = field(n, "right");
		walk(s, right, depth + 1);
		if (is(left, "identifier")) {
			uint32_t l;
			const char *nm = text(s, left, &l);
			struct bind *b = lookup(s, nm, l);
			struct jsv v = eval(s, right, 0);
			if (b && (v.taint || v.q || !b->v.taint))
				b->v = v; /* a later plain value does not wash an origin off */
		} else {
			walk(s, left, depth + 1);
		}
		return;
	}
	if (!strcmp(t, "return_statement")) {
		walk_children(s, n, depth);
		if (ts_node_named_child_count(n))
			note_return(s, ts_node_named_child(n, 0));
		return;
	}
	if (!strcmp(t, "call_expression")) {
		check_call(s, n, 0);
		walk_children(s, n, depth);
		return;
	}
	if (!strcmp(t, "new_expression")) {
		check_call(s, n, 1);
		walk_children(s, n, depth);
		return;
	}
	if (!strcmp(t, "pair") && (s->ai_sdk || s->langchain || s->mcp)) {
		/* `tools: { calc: { execute: async ({ expression }) => ... } }`
		 * handed to generateText/streamText, or a LangChain `func:`: the
		 * function runs with the arguments the model chose */
		TSNode key = field(n, "key");
		if (text_eq(s, key, "execute") || text_eq(s, key, "func"))
			mark_tool_fn(s, field(n, "value"));
		walk_children(s, n, depth);
		return;
	}
	if (!strcmp(t, "program")) {
		hoist(s, n);
		walk_children(s, n, depth);
		return;
	}
	walk_children(s, n, depth);
}

/* ------------------------------------------------------------ prefilter */


static const char *find(const char *h, size_t n, const char *needle)
{
	return memmem(h, n, needle, strlen(needle));
}

/* Bytes of identifiers (1), and the first letters of trigger words (2):
 * e F s r i c H h l u n P v p d _ */
static const unsigned char js_ident[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 2, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2,
	0, 1, 1, 2, 2, 2, 1, 1, 2, 2, 1, 1, 2, 1, 2, 1, 2, 1, 2, 2, 1, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static size_t skip_space(const unsigned char *s, size_t n, size_t j)
{
	while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
		j++;
	return j;
}

static int tok_is(const unsigned char *s, size_t len, const char *w)
{
	return len == strlen(w) && memcmp(s, w, len) == 0;
}

/*
 * Could this file hold a sink? Every sink needs one of these in the file:
 * the word eval; Function( ; setTimeout/setInterval( with a string first;
 * require( / import( of something other than a string literal; the module
 * names child_process, vm, vm2, handlebars, ejs, pug, nunjucks, dot (the
 * short ones only inside a string: "vm", 'node:vm'), lodash or underscore
 * with the word template somewhere;
 * _.template; PythonInterpreterTool. Aliases keep the word
 * (`const e = eval`, `require("child_process")`). One pass over the
 * identifiers, like the Python prefilter.
 */
int wl_js_prefilter(const char *src, size_t n)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0;
	int lodash = 0;
	while (i < n) {
		size_t j, len, k;
		const unsigned char *t;
		unsigned char first = js_ident[s[i]];
		if (!first) {
			i++;
			continue;
		}
		j = i + 1;
		while (j < n && js_ident[s[j]])
			j++;
		if (first != 2) {
			i = j;
			continue;
		}
		len = j - i;
		t = s + i;
		switch (t[0]) {
		case 'e':
			if (tok_is(t, len, "eval"))
				return 1;
			if (tok_is(t, len, "ejs") && i && (s[i - 1] == '"' || s[i - 1] == '\''))
				return 1;
			break;
		case 'F':
			if (tok_is(t, len, "Function") && (k = skip_space(s, n, j)) < n && s[k] == '(')
				return 1;
			break;
		case 's':
			if ((tok_is(t, len, "setTimeout") || tok_is(t, len, "setInterval")) &&
			    (k = skip_space(s, n, j)) < n && s[k] == '(' && (k = skip_space(s, n, k + 1)) < n &&
			    (s[k] == '"' || s[k] == '\'' || s[k] == '`'))
				return 1;
			break;
		case 'r':
		case 'i':
			if ((tok_is(t, len, "require") || tok_is(t, len, "import")) && (k = skip_space(s, n, j)) < n &&
			    s[k] == '(' && (k = skip_space(s, n, k + 1)) < n && s[k] != '"' && s[k] != '\'' && s[k] != ')')
				return 1; /* a template literal counts: `${dir}/x` */
			break;
		case 'c':
			if (tok_is(t, len, "child_process"))
				return 1;
			break;
		case 'H':
		case 'h':
			if (tok_is(t + 1, len - 1, "andlebars"))
				return 1;
			break;
		case 'l':
		case 'u':
			/* lodash is everywhere; only its template() compiles code */
			if (tok_is(t, len, "lodash") || tok_is(t, len, "underscore"))
				lodash = 1;
			break;
		case 'n':
			if (tok_is(t, len, "nunjucks"))
				return 1;
			break;
		case 'P':
			if (tok_is(t, len, "PythonInterpreterTool"))
				return 1;
			break;
		case 'v':
		case 'p':
		case 'd':
			/* "vm", 'node:vm', "vm2", "pug", "dot": module names in a string */
			if ((tok_is(t, len, "vm") || tok_is(t, len, "vm2") || tok_is(t, len, "pug") || tok_is(t, len, "dot")) &&
			    i && (s[i - 1] == '"' || s[i - 1] == '\'' || s[i - 1] == ':' || s[i - 1] == '/') && j < n &&
			    (s[j] == '"' || s[j] == '\'' || s[j] == '/'))
				return 1;
			break;
		case '_':
			if (len == 1 && j + 9 <= n && !memcmp(s + j, ".template", 9))
				return 1;
			break;
		default:
			break;
		}
		i = j;
	}
	return lodash && find(src, n, "template");
}

/* ------------------------------------------------------------ scanner */

static int js_ext(const char *ext)
{
	return !strcmp(ext, ".js") || !strcmp(ext, ".mjs") || !strcmp(ext, ".cjs") || !strcmp(ext, ".jsx") ||
	       !strcmp(ext, ".ts") || !strcmp(ext, ".mts") || !strcmp(ext, ".cts") || !strcmp(ext, ".tsx");
}

static int js_wants(const struct wl_file *f)
{
	if (!js_ext(f->ext) || (f->magic != WL_MAGIC_TEXT && f->magic != WL_MAGIC_UNKNOWN))
		return 0;
	/* TypeScript declarations hold no code */
	if (wl_ends_with(f->name, ".d.ts") || wl_ends_with(f->name, ".d.mts") || wl_ends_with(f->name, ".d.cts"))
		return 0;
	return 1;
}

/* node_modules/, bower_components/, dist/, build/ at any depth */
int wl_js_vendored_path(const char *path)
{
	static const char *const dirs[] = { "node_modules", "bower_components", "dist", "build" };
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(dirs); i++) {
		size_t l = strlen(dirs[i]);
		const char *p = path;
		while ((p = strstr(p, dirs[i]))) {
			if ((p == path || p[-1] == '/') && p[l] == '/')
				return 1;
			p++;
		}
	}
	return 0;
}

/* A minified bundle: *.min.js, or long lines throughout (at least 2 KiB
 * with lines of 500 bytes on average). */
int wl_js_minified(const char *name, const char *src, size_t n)
{
	size_t lines = 1;
	if (strstr(name, ".min.") || strstr(name, "-min."))
		return 1;
	const char *p = src, *end = src + n;
	if (n < 2048)
		return 0;
	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		lines++;
		p++;
	}
	return n / lines >= 500;
}

static enum wl_lang lang_of(const char *ext)
{
	if (!strcmp(ext, ".ts") || !strcmp(ext, ".mts") || !strcmp(ext, ".cts"))
		return WL_LANG_TYPESCRIPT;
	if (!strcmp(ext, ".tsx"))
		return WL_LANG_TSX;
	return WL_LANG_JAVASCRIPT;
}

/* Row of the first syntax error, 0-based. */
static uint32_t first_error_row(TSNode n, unsigned depth)
{
	uint32_t i;
	if (ts_node_symbol(n) == (TSSymbol)-1 || ts_node_is_missing(n) || depth > 200)
		return ts_node_start_point(n).row;
	for (i = 0; i < ts_node_child_count(n); i++) {
		TSNode c = ts_node_child(n, i);
		if (ts_node_has_error(c) || ts_node_is_missing(c))
			return first_error_row(c, depth + 1);
	}
	return ts_node_start_point(n).row;
}

int wl_js_scan_buffer(struct wl_ctx *ctx, const char *src, size_t n, enum wl_lang lang)
{
	struct st s;
	TSParser *parser;
	TSTree *tree;
	TSNode root;
	const char *what = lang == WL_LANG_JAVASCRIPT ? "JavaScript" : "TypeScript";
	if (n > UINT32_MAX) {
		wl_notify(ctx, WL_LEVEL_WARNING, "this file is larger than 4 GiB: %s code rules not applied", what);
		return WL_ELIMIT;
	}
	parser = wl_ctx_parser(ctx, lang);
	if (!parser) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no %s parser available: code rules not applied", what);
		return WL_EIO;
	}
	tree = ts_parser_parse_string(parser, NULL, src, (uint32_t)n);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_WARNING, "the %s parse hit its time limit: code rules not applied", what);
		return WL_ELIMIT;
	}
	root = ts_tree_root_node(tree);
	if (ts_node_has_error(root))
		wl_notify(ctx, WL_LEVEL_NOTE, "this file has %s syntax errors (first at line %u): the parts that parsed were checked",
			  what, first_error_row(root, 0) + 1);
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	s.src = src;
	s.n = n;
	/* the import flags must be known before the first call: a first pass
	 * over the top-level imports and requires */
	{
		uint32_t i;
		for (i = 0; i < ts_node_named_child_count(root); i++) {
			TSNode c = ts_node_named_child(root, i);
			if (is(c, "import_statement")) {
				TSNode source = field(c, "source");
				char *spec = ts_node_is_null(source) ? NULL : string_value(&s, source);
				if (spec)
					(void)module_name(&s, spec);
			}
		}
		if (find(src, n, "@langchain/") || find(src, n, "\"langchain") || find(src, n, "'langchain"))
			s.langchain = 1;
		if (find(src, n, "@modelcontextprotocol/"))
			s.mcp = 1;
	}
	/* first walk: which of the file's functions return model output or
	 * request data; second walk: the facts */
	walk(&s, root, 0);
	s.pass = 1;
	s.nb = 0;
	s.ntool = 0;
	s.too_deep = 0;
	walk(&s, root, 0);
	if (s.truncated)
		wl_notify(ctx, WL_LEVEL_WARNING, "this file has more than %d sinks of interest: the rest were not checked",
			  MAX_SINK_FACTS);
	if (s.too_deep)
		wl_notify(ctx, WL_LEVEL_WARNING, "this file nests deeper than %d levels: the code past that depth was not checked",
			  MAX_WALK_DEPTH);
	free(s.b);
	wl_arena_release(&s.ar);
	ts_tree_delete(tree);
	return s.truncated || s.too_deep ? WL_ELIMIT : 0;
}

static int js_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	const char *src = (const char *)f->data;
	const char *v = wl_config_str(wl_ctx_config(ctx), "javascript.scan_vendored");
	int all = v && !strcmp(v, "true");
	if (!all && (wl_js_vendored_path(f->path) || wl_js_minified(f->name, src, f->size))) {
		wl_ctx_skip(ctx);
		return 0;
	}
	if (!wl_js_prefilter(src, f->size))
		return 0;
	return wl_js_scan_buffer(ctx, src, f->size, lang_of(f->ext));
}

const struct wl_scanner wl_scanner_js = {
	.name = "javascript",
	.wants = js_wants,
	.scan = js_scan,
	.emits = 0,
};
