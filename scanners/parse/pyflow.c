/*
 * pyflow.c - a short intra-procedural data flow for Python (see pyflow.h).
 *
 * Each function body (and the module's top level) is read once, statement
 * by statement in source order. A name, an attribute path (`self.code`) or
 * a path literal (`"model.pt"`) holds a value that came from somewhere: a
 * model call, a web request, a parameter, a download. Assignments, for and
 * with targets carry it; attribute and subscript reads, f-strings,
 * `.format`, `+`, `%`, `await`, containers, and calls that take it (a method
 * of it, or a function given it) keep it; a plain reassignment forgets it;
 * int/len/bool, shlex.quote, json.dumps and comparisons end it. A value
 * that reaches the argument of a call that runs, imports, renders or loads
 * it becomes a struct wl_flow. Nothing here decides a verdict: the lists
 * below say only which calls are worth following, as pyresolve's
 * interesting_roots do.
 *
 * Deliberately NOT a sanitizer: json.loads (the fields of parsed model
 * output are still model-chosen strings: `exec(json.loads(out)["code"])`
 * runs them).
 *
 * Bounded: expressions are followed to a fixed depth, names per scope are
 * capped, the walk is iterative.
 */
#include "pyflow.h"
#include "pyresolve.h"
#include "jsonts.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <tree_sitter/api.h>

#define FLOW_MAX_DEPTH 24
#define FLOW_MAX_VARS 1024
#define FLOW_MAX_ORIGINS 65536
#define FLOW_TEXT 80

struct origin {
	enum wl_flow_origin cls;
	TSNode name; /* the call or name it came from (text made at emission) */
	uint32_t line, pos;
	int checked;
};

struct taint {
	int o; /* origin index, -1: clean */
	TSNode via, through; /* the last name it went through; an unknown helper (null: none) */
};

struct var {
	const char *key;
	uint32_t klen;
	int o;              /* origin, -1 clean */
	TSNode via, through;
	const char *model;  /* a model object: what made it ("" unknown), or NULL */
	const char *hkey;   /* a file opened for writing: its path's text */
	uint32_t hlen;
};

struct env {
	struct var *v;
	size_t n, a;
};

struct flow {
	const char *src;
	size_t n;
	const struct wl_py_sink *sink;
	const struct wl_py_callsite *sites;
	size_t nsites;
	struct origin *o;
	size_t no, ao;
	struct env mod, attrs, *cur;
	uint32_t *checks;
	size_t nchecks, achecks;
	int load_safe; /* of the sink being emitted */
};

static const struct taint CLEAN = { -1, { { 0 }, NULL, NULL }, { { 0 }, NULL, NULL } };
static const TSNode NO_NODE = { { 0 }, NULL, NULL };

enum fk {
	FK_OTHER = 0,
	FK_ARGUMENT_LIST,
	FK_AS_PATTERN,
	FK_AS_PATTERN_TARGET,
	FK_ASSIGNMENT,
	FK_ATTRIBUTE,
	FK_AUGMENTED_ASSIGNMENT,
	FK_AWAIT,
	FK_BINARY_OPERATOR,
	FK_BOOLEAN_OPERATOR,
	FK_CALL,
	FK_COMMENT,
	FK_COMPARISON_OPERATOR,
	FK_CONCATENATED_STRING,
	FK_CONDITIONAL_EXPRESSION,
	FK_DEFAULT_PARAMETER,
	FK_DICTIONARY,
	FK_DICTIONARY_SPLAT,
	FK_DICTIONARY_SPLAT_PATTERN,
	FK_EXPRESSION_LIST,
	FK_FALSE,
	FK_FOR_IN_CLAUSE,
	FK_FOR_STATEMENT,
	FK_FUNCTION_DEFINITION,
	FK_GENERATOR_EXPRESSION,
	FK_IDENTIFIER,
	FK_INTERPOLATION,
	FK_KEYWORD_ARGUMENT,
	FK_LAMBDA,
	FK_LIST,
	FK_LIST_COMPREHENSION,
	FK_LIST_PATTERN,
	FK_LIST_SPLAT,
	FK_LIST_SPLAT_PATTERN,
	FK_NAMED_EXPRESSION,
	FK_NONE,
	FK_NOT_OPERATOR,
	FK_PAIR,
	FK_PARENTHESIZED_EXPRESSION,
	FK_PATTERN_LIST,
	FK_SET,
	FK_STRING,
	FK_STRING_CONTENT,
	FK_SUBSCRIPT,
	FK_TRUE,
	FK_TUPLE,
	FK_TUPLE_PATTERN,
	FK_TYPED_DEFAULT_PARAMETER,
	FK_TYPED_PARAMETER,
	FK__COUNT
};

static const char *const fk_names[FK__COUNT] = {
	"",
	"argument_list",
	"as_pattern",
	"as_pattern_target",
	"assignment",
	"attribute",
	"augmented_assignment",
	"await",
	"binary_operator",
	"boolean_operator",
	"call",
	"comment",
	"comparison_operator",
	"concatenated_string",
	"conditional_expression",
	"default_parameter",
	"dictionary",
	"dictionary_splat",
	"dictionary_splat_pattern",
	"expression_list",
	"false",
	"for_in_clause",
	"for_statement",
	"function_definition",
	"generator_expression",
	"identifier",
	"interpolation",
	"keyword_argument",
	"lambda",
	"list",
	"list_comprehension",
	"list_pattern",
	"list_splat",
	"list_splat_pattern",
	"named_expression",
	"none",
	"not_operator",
	"pair",
	"parenthesized_expression",
	"pattern_list",
	"set",
	"string",
	"string_content",
	"subscript",
	"true",
	"tuple",
	"tuple_pattern",
	"typed_default_parameter",
	"typed_parameter",
};

enum fd {
	FD_ALIAS,
	FD_ARGUMENTS,
	FD_ATTRIBUTE,
	FD_BODY,
	FD_FUNCTION,
	FD_LEFT,
	FD_NAME,
	FD_OBJECT,
	FD_PARAMETERS,
	FD_RIGHT,
	FD_VALUE,
	FD__COUNT
};

static const char *const fd_names[FD__COUNT] = {
	"alias",
	"arguments",
	"attribute",
	"body",
	"function",
	"left",
	"name",
	"object",
	"parameters",
	"right",
	"value",
};
static TSFieldId fd_ids[FD__COUNT];

/* symbol -> enum fk, built once for the grammar (the only one) and shared
 * read-only by the workers, as pyresolve.c does for its kinds */
static pthread_mutex_t fk_lock = PTHREAD_MUTEX_INITIALIZER;
static const TSLanguage *fk_lang;
static unsigned char *fk_table;
static uint32_t fk_count;

static void fk_init(const TSLanguage *lang)
{
	pthread_mutex_lock(&fk_lock);
	if (fk_lang != lang) {
		uint32_t count = ts_language_symbol_count(lang), i;
		unsigned char *t = wl_calloc(count ? count : 1, 1);
		size_t j;
		for (i = 0; i < count; i++) {
			const char *name = ts_language_symbol_name(lang, (TSSymbol)i);
			if (!name || ts_language_symbol_type(lang, (TSSymbol)i) != TSSymbolTypeRegular)
				continue;
			for (j = 1; j < FK__COUNT; j++)
				if (strcmp(fk_names[j], name) == 0)
					t[i] = (unsigned char)j;
		}
		for (j = 0; j < FD__COUNT; j++)
			fd_ids[j] = ts_language_field_id_for_name(lang, fd_names[j], (uint32_t)strlen(fd_names[j]));
		free(fk_table); /* only ever one grammar: this runs once */
		fk_table = t;
		fk_count = count;
		fk_lang = lang;
	}
	pthread_mutex_unlock(&fk_lock);
}

static enum fk kind(TSNode n)
{
	TSSymbol sym;
	if (ts_node_is_null(n))
		return FK_OTHER;
	sym = ts_node_symbol(n);
	return sym < fk_count ? (enum fk)fk_table[sym] : FK_OTHER;
}

static TSNode fld(TSNode n, enum fd f)
{
	return ts_node_child_by_field_id(n, fd_ids[f]);
}

static int is(TSNode n, enum fk k)
{
	return kind(n) == k;
}

static const char *text(const struct flow *fl, TSNode n, uint32_t *len)
{
	return wl_ts_node_bytes(n, fl->src, fl->n, len);
}

static int text_is(const struct flow *fl, TSNode n, const char *lit)
{
	uint32_t len;
	const char *p;
	if (ts_node_is_null(n))
		return 0;
	p = text(fl, n, &len);
	return strlen(lit) == len && memcmp(p, lit, len) == 0;
}

/* The node's source, whitespace squeezed, capped, in the sink's memory. */
static const char *short_text(const struct flow *fl, TSNode n)
{
	uint32_t len;
	const char *p = text(fl, n, &len);
	return wl_squeeze_text(fl->sink->alloc(fl->sink->user, FLOW_TEXT + 4), FLOW_TEXT, p, len);
}

static const char *sink_str(const struct flow *fl, const char *s)
{
	size_t len = strlen(s);
	char *p = fl->sink->alloc(fl->sink->user, len + 1);
	memcpy(p, s, len + 1);
	return p;
}

static void locate(const struct flow *fl, TSNode n, struct wl_loc *out)
{
	TSPoint a = ts_node_start_point(n), b = ts_node_end_point(n);
	fl->sink->locate(fl->sink->user, ts_node_start_byte(n), ts_node_end_byte(n), a.row, a.column, b.row, b.column,
			 out);
}

/* ------------------------------------------------------------- lists */

static int qunder(const char *q, const char *root)
{
	size_t l = strlen(root);
	return q && strncmp(q, root, l) == 0 && (q[l] == '\0' || q[l] == '.');
}

static int qin(const char *q, const char *const *list)
{
	size_t i;
	if (!q)
		return 0;
	for (i = 0; list[i]; i++)
		if (strcmp(q, list[i]) == 0)
			return 1;
	return 0;
}

static int in_list(const char *s, size_t len, const char *const *list)
{
	size_t i;
	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return 1;
	return 0;
}

/* Calls that return model text themselves. */
static const char *const model_calls[] = {
	"litellm.completion", "litellm.acompletion", "litellm.text_completion", "litellm.atext_completion",
	"litellm.batch_completion", "openai.ChatCompletion.create", "openai.ChatCompletion.acreate",
	"openai.Completion.create", "openai.Completion.acreate", "openai.chat.completions.create",
	"openai.completions.create", "openai.responses.create", "ollama.chat", "ollama.generate", NULL,
};

/* Calls that make a client, model or chain whose methods return model text. */
static const char *const model_makers[] = {
	"openai.OpenAI", "openai.AsyncOpenAI", "openai.AzureOpenAI", "openai.AsyncAzureOpenAI",
	"anthropic.Anthropic", "anthropic.AsyncAnthropic", "anthropic.AnthropicBedrock", "anthropic.AnthropicVertex",
	"anthropic.AsyncAnthropicBedrock", "anthropic.AsyncAnthropicVertex", "litellm.Router", "transformers.pipeline",
	"vllm.LLM", "ollama.Client", "ollama.AsyncClient", "google.generativeai.GenerativeModel", "groq.Groq",
	"groq.AsyncGroq", "mistralai.Mistral", "mistralai.client.MistralClient", "cohere.Client", "cohere.ClientV2",
	"together.Together", "huggingface_hub.InferenceClient", "huggingface_hub.AsyncInferenceClient", NULL,
};

static const char *const lc_words[] = {
	"Chat", "LLM", "Chain", "Agent", "Executor", "OpenAI", "Anthropic", "Ollama", "HuggingFace", "Bedrock",
	"VertexAI", "Llama", "Graph", NULL,
};

static int model_maker(const char *q)
{
	const char *last;
	size_t i;
	if (!q)
		return 0;
	if (qin(q, model_makers))
		return 1;
	last = strrchr(q, '.');
	last = last ? last + 1 : q;
	if (strncmp(q, "langchain", 9) == 0 || strncmp(q, "llama_index", 11) == 0) {
		if (strncmp(last, "create_", 7) == 0 || strcmp(last, "initialize_agent") == 0 ||
		    strcmp(last, "load_chain") == 0 || strcmp(last, "init_chat_model") == 0)
			return 1;
		for (i = 0; lc_words[i]; i++)
			if (strstr(last, lc_words[i]))
				return 1;
		return 0;
	}
	/* a generative transformers model: only .generate counts */
	return strncmp(q, "transformers.", 13) == 0 && strcmp(last, "from_pretrained") == 0 &&
	       (strstr(q, "CausalLM") || strstr(q, "Seq2SeqLM") || strstr(q, "ConditionalGeneration"));
}

static const char *const output_methods[] = {
	"invoke", "ainvoke", "run", "arun", "predict", "apredict", "predict_messages", "generate", "agenerate",
	"stream", "astream", "batch", "abatch", "call", "acall", "__call__", "chat", "achat", "complete", "acomplete",
	"generate_content", "generate_content_async", "send_message", "query", "aquery", "stream_chat",
	"text_generation", "chat_completion", "completion", "acompletion", NULL,
};

/* Methods of a model object that return another one. */
static const char *const model_methods[] = {
	"bind", "bind_tools", "with_structured_output", "with_config", "with_retry", "with_fallbacks", "pipe",
	"start_chat", "as_query_engine", "as_chat_engine", "compile", NULL,
};

/* Does `method` of an object made by q (NULL/"" unknown) return model text?
 * ctext: the callee as written (`client.chat.completions.create`). */
static int output_method(const char *q, const char *m, size_t ml, const char *ctext, size_t clen)
{
	if (q && strncmp(q, "transformers.", 13) == 0 && strcmp(q, "transformers.pipeline") != 0)
		return ml == 8 && memcmp(m, "generate", 8) == 0;
	if ((ml == 6 && memcmp(m, "create", 6) == 0) || (ml == 7 && memcmp(m, "acreate", 7) == 0) ||
	    (ml == 5 && memcmp(m, "parse", 5) == 0)) {
		/* client.chat.completions.create, client.messages.create, client.responses.create */
		return memmem(ctext, clen, "ompletion", 9) || memmem(ctext, clen, "messages", 8) ||
		       memmem(ctext, clen, "responses", 9) || memmem(ctext, clen, "chat", 4);
	}
	return in_list(m, ml, output_methods);
}

/* Unresolved callees shaped like a model client's (`self.client.chat.completions.create`). */
static const char *const model_suffixes[] = {
	".chat.completions.create", ".ChatCompletion.create", ".ChatCompletion.acreate", ".completions.create",
	".messages.create", ".responses.create", ".generate_content", ".chat.completions.parse", NULL,
};

static int ends_with(const char *s, size_t len, const char *suf)
{
	size_t l = strlen(suf);
	return len >= l && memcmp(s + len - l, suf, l) == 0;
}

static const char *const request_roots[] = { "flask.request", "quart.request", "bottle.request", NULL };

static const char *const network_calls[] = {
	"requests.get", "requests.post", "requests.request", "requests.api.get", "urllib.request.urlopen",
	"urllib2.urlopen", "httpx.get", "httpx.stream", "urllib3.request", NULL,
};
/* instances whose get/request/stream fetch: requests.Session(), httpx.Client(), urllib3.PoolManager() */
static const char *const network_makers[] = {
	"requests.Session", "requests.session", "httpx.Client", "httpx.AsyncClient", "urllib3.PoolManager", NULL,
};

/* downloads that save to a path (argument index and keyword of the path) and return it */
static const struct {
	const char *q;
	unsigned idx;
	const char *kw;
	const char *hash_kw; /* passing this verifies the download */
} downloads[] = {
	{ "urllib.request.urlretrieve", 1, "filename", NULL },
	{ "urllib.urlretrieve", 1, "filename", NULL },
	{ "torch.hub.download_url_to_file", 1, "dst", "hash_prefix" },
	{ "wget.download", 1, "out", NULL },
	{ "gdown.download", 1, "output", "md5" },
	{ "gdown.cached_download", 1, "path", "md5" },
};

static const char *const load_calls[] = {
	"torch.load", "torch.jit.load", "safetensors.torch.load_file", "safetensors.numpy.load_file",
	"safetensors.flax.load_file", "safetensors.tensorflow.load_file", "safetensors.paddle.load_file",
	"safetensors.safe_open", "joblib.load", "pickle.load", "dill.load", "cloudpickle.load", "numpy.load",
	"keras.models.load_model", "keras.saving.load_model", "tensorflow.keras.models.load_model",
	"onnx.load", "onnxruntime.InferenceSession", "tensorflow.saved_model.load", NULL,
};

static const char *const sanitizer_calls[] = {
	"builtins.int", "builtins.float", "builtins.bool", "builtins.len", "builtins.isinstance", "builtins.hash",
	"builtins.id", "builtins.type", "builtins.print", "json.dumps", "shlex.quote", "pipes.quote", "re.escape",
	"ast.literal_eval", "html.escape", "markupsafe.escape", "builtins.hasattr", NULL,
};

static const char *const sanitizer_methods[] = {
	"startswith", "endswith", "count", "find", "rfind", "index", "isdigit", "isalpha", "isalnum", "isnumeric",
	"isidentifier", "isspace", "isupper", "islower", "__len__", "__contains__", NULL,
};

/* ------------------------------------------------------------ names */

static struct var *env_find(struct env *e, const char *k, uint32_t len)
{
	size_t i = e->n;
	while (i-- > 0)
		if (e->v[i].klen == len && memcmp(e->v[i].key, k, len) == 0)
			return &e->v[i];
	return NULL;
}

static struct var *lookup(struct flow *fl, const char *k, uint32_t len)
{
	struct var *v = env_find(fl->cur, k, len);
	if (!v && fl->cur != &fl->mod)
		v = env_find(&fl->mod, k, len);
	if (!v && len > 5 && memcmp(k, "self.", 5) == 0)
		v = env_find(&fl->attrs, k, len);
	return v;
}

static struct var *lookup_node(struct flow *fl, TSNode n)
{
	uint32_t len;
	const char *p = text(fl, n, &len);
	return lookup(fl, p, len);
}

static struct var *env_set(struct env *e, const char *k, uint32_t len)
{
	struct var *v = env_find(e, k, len);
	if (v)
		return v;
	if (e->n >= FLOW_MAX_VARS)
		return NULL;
	e->v = wl_grow(e->v, &e->a, e->n + 1, sizeof(*e->v));
	v = &e->v[e->n++];
	memset(v, 0, sizeof(*v));
	v->key = k;
	v->klen = len;
	v->o = -1;
	return v;
}

static int origin_new(struct flow *fl, enum wl_flow_origin cls, TSNode at, TSNode name)
{
	struct origin *o;
	struct wl_loc loc;
	if (fl->no >= FLOW_MAX_ORIGINS)
		return -1;
	fl->o = wl_grow(fl->o, &fl->ao, fl->no + 1, sizeof(*fl->o));
	o = &fl->o[fl->no];
	locate(fl, at, &loc);
	o->cls = cls;
	o->name = name;
	o->line = loc.line;
	o->pos = ts_node_start_byte(at);
	o->checked = 0;
	return (int)fl->no++;
}

/* The bytes of origin o, saved to a file: a download. */
static int as_download(struct flow *fl, int o)
{
	if (o < 0 || fl->o[o].cls == WL_ORIGIN_DOWNLOAD || fl->no >= FLOW_MAX_ORIGINS)
		return o;
	fl->o = wl_grow(fl->o, &fl->ao, fl->no + 1, sizeof(*fl->o));
	fl->o[fl->no] = fl->o[o];
	fl->o[fl->no].cls = WL_ORIGIN_DOWNLOAD;
	return (int)fl->no++;
}

static const struct wl_py_callsite *site_of(const struct flow *fl, TSNode n)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
	size_t lo = 0, hi = fl->nsites, i;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (fl->sites[mid].start < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < fl->nsites && fl->sites[i].start == s; i++)
		if (fl->sites[i].end == e)
			return &fl->sites[i];
	return NULL;
}

/* The last name of a callee node (`create` of `a.b.create`), or NULL. */
static const char *method_of(const struct flow *fl, TSNode f, uint32_t *len)
{
	TSNode m = f;
	if (is(f, FK_ATTRIBUTE))
		m = fld(f, FD_ATTRIBUTE);
	if (!is(m, FK_IDENTIFIER))
		return NULL;
	return text(fl, m, len);
}

/* positional argument i or keyword kw of a call's argument list */
static TSNode call_arg(TSNode args, unsigned i, const char *kw)
{
	TSNode none = { { 0 }, NULL, NULL };
	uint32_t k, c, pos = 0;
	if (ts_node_is_null(args) || !is(args, FK_ARGUMENT_LIST))
		return none;
	c = ts_node_named_child_count(args);
	for (k = 0; k < c; k++) {
		TSNode a = ts_node_named_child(args, k);
		if (is(a, FK_KEYWORD_ARGUMENT)) {
			TSNode nm = fld(a, FD_NAME);
			uint32_t l = ts_node_end_byte(nm) - ts_node_start_byte(nm);
			(void)l;
			continue;
		}
		if (is(a, FK_COMMENT) || is(a, FK_LIST_SPLAT) || is(a, FK_DICTIONARY_SPLAT))
			continue;
		if (pos++ == i)
			return a;
	}
	(void)kw;
	return none;
}

static TSNode call_kwarg(const struct flow *fl, TSNode args, const char *kw)
{
	TSNode none = { { 0 }, NULL, NULL };
	uint32_t k, c;
	if (ts_node_is_null(args) || !is(args, FK_ARGUMENT_LIST))
		return none;
	c = ts_node_named_child_count(args);
	for (k = 0; k < c; k++) {
		TSNode a = ts_node_named_child(args, k);
		if (is(a, FK_KEYWORD_ARGUMENT) && text_is(fl, fld(a, FD_NAME), kw))
			return fld(a, FD_VALUE);
	}
	return none;
}

static TSNode arg_or_kw(const struct flow *fl, TSNode args, unsigned i, const char *kw)
{
	TSNode a = kw ? call_kwarg(fl, args, kw) : call_arg(args, 0, NULL);
	if (kw && !ts_node_is_null(a))
		return a;
	return call_arg(args, i, NULL);
}

/* ------------------------------------------------------- model objects */

/* What made the model object this expression is, or NULL ("" unknown). */
static const char *model_obj(struct flow *fl, TSNode n, int depth)
{
	uint32_t len;
	const char *p;
	if (ts_node_is_null(n) || depth > FLOW_MAX_DEPTH)
		return NULL;
	if (is(n, FK_IDENTIFIER) || is(n, FK_ATTRIBUTE)) {
		struct var *v;
		p = text(fl, n, &len);
		v = lookup(fl, p, len);
		return v ? v->model : NULL;
	}
	if (is(n, FK_PARENTHESIZED_EXPRESSION) || is(n, FK_AWAIT))
		return ts_node_named_child_count(n) ? model_obj(fl, ts_node_named_child(n, 0), depth + 1) : NULL;
	if (is(n, FK_BINARY_OPERATOR)) { /* prompt | llm | parser */
		const char *a = model_obj(fl, fld(n, FD_LEFT), depth + 1);
		return a ? a : model_obj(fl, fld(n, FD_RIGHT), depth + 1);
	}
	if (is(n, FK_CALL)) {
		const struct wl_py_callsite *s = site_of(fl, n);
		TSNode f = fld(n, FD_FUNCTION);
		const char *m;
		if (s && s->callee && model_maker(s->callee))
			return s->callee;
		m = method_of(fl, f, &len);
		if (m && is(f, FK_ATTRIBUTE) && in_list(m, len, model_methods)) {
			if (s && s->instance_of && model_maker(s->instance_of))
				return s->instance_of;
			return model_obj(fl, fld(f, FD_OBJECT), depth + 1);
		}
	}
	return NULL;
}

/* ------------------------------------------------------- classifying */

static int source_of(struct flow *fl, TSNode call, const struct wl_py_callsite *s, enum wl_flow_origin *cls)
{
	TSNode f = fld(call, FD_FUNCTION);
	const char *callee = s ? s->callee : NULL, *inst = s ? s->instance_of : NULL, *m, *ct;
	uint32_t ml = 0, cl;
	if (ts_node_is_null(f))
		return 0;
	m = method_of(fl, f, &ml);
	ct = text(fl, f, &cl);
	if (qin(callee, model_calls)) {
		*cls = WL_ORIGIN_MODEL;
		return 1;
	}
	if (inst && model_maker(inst)) {
		if (is(f, FK_IDENTIFIER) ? !strncmp(inst, "transformers.pipeline", 21) || !strncmp(inst, "langchain", 9)
					: m && output_method(inst, m, ml, ct, cl)) {
			*cls = WL_ORIGIN_MODEL;
			return 1;
		}
	}
	if (!callee) {
		const char *mo;
		size_t i;
		if (is(f, FK_IDENTIFIER)) {
			mo = model_obj(fl, f, 0);
			if (mo && (!*mo || !strncmp(mo, "transformers.pipeline", 21) || !strncmp(mo, "langchain", 9))) {
				*cls = WL_ORIGIN_MODEL;
				return 1;
			}
		} else if (m) {
			TSNode obj = fld(f, FD_OBJECT);
			mo = model_obj(fl, obj, 0);
			if (mo && output_method(*mo ? mo : NULL, m, ml, ct, cl)) {
				*cls = WL_ORIGIN_MODEL;
				return 1;
			}
			for (i = 0; model_suffixes[i]; i++)
				if (ends_with(ct, cl, model_suffixes[i])) {
					*cls = WL_ORIGIN_MODEL;
					return 1;
				}
		}
	}
	if (callee) {
		size_t i;
		for (i = 0; request_roots[i]; i++)
			if (qunder(callee, request_roots[i])) {
				*cls = WL_ORIGIN_REQUEST;
				return 1;
			}
		if (qin(callee, network_calls)) {
			*cls = WL_ORIGIN_NETWORK;
			return 1;
		}
		for (i = 0; i < WL_ARRAY_SIZE(downloads); i++)
			if (strcmp(callee, downloads[i].q) == 0) {
				*cls = WL_ORIGIN_DOWNLOAD;
				return 1;
			}
	}
	if (inst && qin(inst, network_makers) && m &&
	    (in_list(m, ml, (const char *const[]){ "get", "post", "request", "stream", NULL }))) {
		*cls = WL_ORIGIN_NETWORK;
		return 1;
	}
	return 0;
}

/* A call that checks a digest: hashlib, .hexdigest(), verify_checksum(...). */
static int is_check(const struct flow *fl, TSNode f, const char *callee)
{
	static const char *const words[] = { "sha256", "sha512", "sha1", "md5", "checksum", "digest", "verify",
					     "hash_file", "file_hash", "integrity", NULL };
	const char *m;
	uint32_t ml;
	size_t i;
	if (callee && qunder(callee, "hashlib"))
		return 1;
	m = method_of(fl, f, &ml);
	if (!m)
		return 0;
	for (i = 0; words[i]; i++) {
		size_t wl = strlen(words[i]), k;
		for (k = 0; k + wl <= ml; k++)
			if (strncasecmp(m + k, words[i], wl) == 0)
				return 1;
	}
	return 0;
}

/* ------------------------------------------------------------ taint */

static struct taint ev(struct flow *fl, TSNode n, int depth);

static struct taint ev_children(struct flow *fl, TSNode n, int depth)
{
	TSTreeCursor cur = ts_tree_cursor_new(n);
	struct taint t = CLEAN;
	if (ts_tree_cursor_goto_first_child(&cur)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&cur);
			if (ts_node_is_named(ch))
				t = ev(fl, ch, depth + 1);
		} while (t.o < 0 && ts_tree_cursor_goto_next_sibling(&cur));
	}
	ts_tree_cursor_delete(&cur);
	return t;
}

static struct taint ev_call(struct flow *fl, TSNode n, int depth)
{
	const struct wl_py_callsite *s = site_of(fl, n);
	TSNode f = fld(n, FD_FUNCTION), args = fld(n, FD_ARGUMENTS);
	enum wl_flow_origin cls;
	const char *callee = s ? s->callee : NULL, *m;
	uint32_t ml = 0, i, c;
	struct taint t = CLEAN;
	if (source_of(fl, n, s, &cls)) {
		t.o = origin_new(fl, cls, n, f);
		return t;
	}
	if (qin(callee, sanitizer_calls))
		return CLEAN;
	m = method_of(fl, f, &ml);
	if (is(f, FK_ATTRIBUTE)) {
		if (m && in_list(m, ml, sanitizer_methods))
			return CLEAN;
		t = ev(fl, fld(f, FD_OBJECT), depth + 1);
		if (t.o >= 0)
			return t; /* a method of the value: .strip(), .split(), ["x"].get() */
	}
	if (ts_node_is_null(args))
		return CLEAN;
	c = ts_node_named_child_count(args);
	for (i = 0; i < c; i++) {
		TSNode a = ts_node_named_child(args, i);
		if (is(a, FK_KEYWORD_ARGUMENT))
			a = fld(a, FD_VALUE);
		t = ev(fl, a, depth + 1);
		if (t.o >= 0) {
			int known = callee && (qunder(callee, "builtins") || qunder(callee, "os") || qunder(callee, "re") ||
					       qunder(callee, "json") || qunder(callee, "textwrap") || qunder(callee, "io") ||
					       qunder(callee, "pathlib") || qunder(callee, "codecs"));
			if (!known && ts_node_is_null(t.through) && !(m && is(f, FK_ATTRIBUTE) && (in_list(m, ml, (const char *const[]){
								   "format", "join", "decode", "batch_decode", "replace",
								   "format_map", NULL }))))
				t.through = f;
			return t;
		}
	}
	return CLEAN;
}

static struct taint ev(struct flow *fl, TSNode n, int depth)
{
	const char *p;
	uint32_t len;
	enum fk k;
	if (ts_node_is_null(n) || depth > FLOW_MAX_DEPTH)
		return CLEAN;
	k = kind(n);
	if (k == FK_IDENTIFIER || k == FK_ATTRIBUTE || k == FK_SUBSCRIPT ||
	    k == FK_STRING) {
		struct var *v;
		p = text(fl, n, &len);
		v = lookup(fl, p, len);
		if (v) {
			struct taint t = CLEAN;
			if (v->o < 0)
				return CLEAN;
			t.o = v->o;
			t.via = v->via;
			t.through = v->through;
			return t;
		}
		if (k == FK_ATTRIBUTE)
			return ev(fl, fld(n, FD_OBJECT), depth + 1);
		if (k == FK_SUBSCRIPT)
			return ev(fl, fld(n, FD_VALUE), depth + 1);
		if (k == FK_STRING) {
			uint32_t i, c = ts_node_named_child_count(n);
			for (i = 0; i < c; i++) {
				TSNode ch = ts_node_named_child(n, i);
				if (is(ch, FK_INTERPOLATION)) {
					struct taint t = ev_children(fl, ch, depth + 1);
					if (t.o >= 0)
						return t;
				}
			}
		}
		return CLEAN;
	}
	if (k == FK_CALL)
		return ev_call(fl, n, depth);
	if (k == FK_COMPARISON_OPERATOR || k == FK_NOT_OPERATOR || k == FK_LAMBDA)
		return CLEAN;
	if (k == FK_AWAIT || k == FK_PARENTHESIZED_EXPRESSION || k == FK_CONCATENATED_STRING ||
	    k == FK_BINARY_OPERATOR || k == FK_BOOLEAN_OPERATOR ||
	    k == FK_CONDITIONAL_EXPRESSION || k == FK_LIST || k == FK_TUPLE ||
	    k == FK_SET || k == FK_DICTIONARY || k == FK_PAIR ||
	    k == FK_LIST_COMPREHENSION || k == FK_GENERATOR_EXPRESSION ||
	    k == FK_EXPRESSION_LIST || k == FK_LIST_SPLAT || k == FK_DICTIONARY_SPLAT ||
	    k == FK_INTERPOLATION || k == FK_FOR_IN_CLAUSE || k == FK_KEYWORD_ARGUMENT)
		return ev_children(fl, n, depth);
	return CLEAN;
}

/* ------------------------------------------------------------ binding */

static void bind(struct flow *fl, TSNode target, struct taint t, const char *model, int depth)
{
	const char *p;
	uint32_t len;
	struct var *v;
	if (ts_node_is_null(target) || depth > 8)
		return;
	if (is(target, FK_PATTERN_LIST) || is(target, FK_TUPLE_PATTERN) || is(target, FK_LIST_PATTERN) ||
	    is(target, FK_TUPLE) || is(target, FK_LIST)) {
		uint32_t i, c = ts_node_named_child_count(target);
		for (i = 0; i < c; i++)
			bind(fl, ts_node_named_child(target, i), t, NULL, depth + 1);
		return;
	}
	if (is(target, FK_LIST_SPLAT_PATTERN) && ts_node_named_child_count(target)) {
		bind(fl, ts_node_named_child(target, 0), t, NULL, depth + 1);
		return;
	}
	if (!is(target, FK_IDENTIFIER) && !is(target, FK_ATTRIBUTE) && !is(target, FK_SUBSCRIPT))
		return;
	p = text(fl, target, &len);
	if (is(target, FK_SUBSCRIPT)) {
		/* d["k"] = tainted taints d; a clean store leaves it as it was */
		if (t.o < 0)
			return;
		target = fld(target, FD_VALUE);
		if (ts_node_is_null(target))
			return;
		p = text(fl, target, &len);
	}
	v = env_set(fl->cur, p, len);
	if (!v)
		return;
	v->o = t.o;
	v->via = t.o >= 0 ? target : NO_NODE;
	v->through = t.through;
	v->model = model;
	v->hkey = NULL;
	if (model && len > 5 && memcmp(p, "self.", 5) == 0) {
		struct var *a = env_set(&fl->attrs, p, len);
		if (a)
			a->model = model;
	}
}

/* Mark the names a download's destination is built from (`dst`,
 * `os.path.join(d, "m.pt")`, `d / "m.pt"`, `"m.pt"`) as downloaded. */
static void mark_path(struct flow *fl, TSNode d, int o, int depth)
{
	uint32_t len, i, c;
	const char *p;
	struct var *v;
	if (ts_node_is_null(d) || depth > 6)
		return;
	if (is(d, FK_IDENTIFIER) || is(d, FK_ATTRIBUTE) || is(d, FK_STRING)) {
		p = text(fl, d, &len);
		if ((v = env_set(fl->cur, p, len))) {
			v->o = o;
			v->via = d;
			v->through = NO_NODE;
		}
		if (!is(d, FK_STRING))
			return;
	}
	if (is(d, FK_CALL)) {
		d = fld(d, FD_ARGUMENTS);
		if (ts_node_is_null(d))
			return;
	}
	c = ts_node_named_child_count(d);
	for (i = 0; i < c; i++) {
		TSNode ch = ts_node_named_child(d, i);
		if (is(ch, FK_INTERPOLATION) && ts_node_named_child_count(ch))
			ch = ts_node_named_child(ch, 0);
		if (is(ch, FK_IDENTIFIER) || is(ch, FK_ATTRIBUTE) || is(ch, FK_CALL) || is(ch, FK_BINARY_OPERATOR) ||
		    is(ch, FK_PARENTHESIZED_EXPRESSION) || is(ch, FK_KEYWORD_ARGUMENT))
			mark_path(fl, is(ch, FK_KEYWORD_ARGUMENT) ? fld(ch, FD_VALUE) : ch, o,
				  depth + 1);
	}
}

/* `open(P, "wb")`: the text of P, or NULL when not opened for writing */
static int open_for_write(struct flow *fl, TSNode call, TSNode *path)
{
	const struct wl_py_callsite *s = site_of(fl, call);
	TSNode args = fld(call, FD_ARGUMENTS), mode;
	uint32_t len;
	const char *p;
	if (!s || !s->callee || (strcmp(s->callee, "builtins.open") && strcmp(s->callee, "io.open")))
		return 0;
	mode = arg_or_kw(fl, args, 1, "mode");
	if (!is(mode, FK_STRING))
		return 0;
	p = text(fl, mode, &len);
	if (!memchr(p, 'w', len) && !memchr(p, 'a', len) && !memchr(p, 'x', len))
		return 0;
	*path = call_arg(args, 0, NULL);
	return !ts_node_is_null(*path);
}

/* ------------------------------------------------------------ sinks */

static int shell_true(const struct flow *fl, TSNode args)
{
	TSNode v = call_kwarg(fl, args, "shell");
	return is(v, FK_TRUE);
}

static int sink_of(struct flow *fl, TSNode call, const struct wl_py_callsite *s, enum wl_flow_sink *k, TSNode *arg)
{
	TSNode f = fld(call, FD_FUNCTION), args = fld(call, FD_ARGUMENTS);
	const char *callee = s ? s->callee : NULL, *inst = s ? s->instance_of : NULL, *m;
	uint32_t ml = 0;
	if (callee) {
		if (!strcmp(callee, "builtins.exec") || !strcmp(callee, "builtins.eval") || !strcmp(callee, "builtins.compile")) {
			*k = WL_SINK_CODE;
			*arg = arg_or_kw(fl, args, 0, "source");
			return 1;
		}
		if (!strcmp(callee, "os.system") || !strcmp(callee, "os.popen") || !strcmp(callee, "subprocess.getoutput") ||
		    !strcmp(callee, "subprocess.getstatusoutput") || !strcmp(callee, "commands.getoutput") ||
		    ((!strcmp(callee, "subprocess.run") || !strcmp(callee, "subprocess.call") ||
		      !strcmp(callee, "subprocess.check_call") || !strcmp(callee, "subprocess.check_output") ||
		      !strcmp(callee, "subprocess.Popen")) &&
		     shell_true(fl, args))) {
			*k = WL_SINK_SHELL;
			*arg = arg_or_kw(fl, args, 0, strncmp(callee, "subprocess.", 11) ? "command" : "args");
			return 1;
		}
		if (!strcmp(callee, "importlib.import_module") || !strcmp(callee, "builtins.__import__") ||
		    !strcmp(callee, "importlib.__import__")) {
			*k = WL_SINK_IMPORT;
			*arg = arg_or_kw(fl, args, 0, "name");
			return 1;
		}
		if (!strcmp(callee, "jinja2.Template") || !strcmp(callee, "jinja2.environment.Template")) {
			*k = WL_SINK_TEMPLATE;
			*arg = arg_or_kw(fl, args, 0, "source");
			return 1;
		}
		if (qin(callee, load_calls)) {
			*k = WL_SINK_LOAD;
			*arg = call_arg(args, 0, NULL);
			return 1;
		}
	}
	m = method_of(fl, f, &ml);
	if (m && ml == 11 && !memcmp(m, "from_string", 11) && inst &&
	    (!strcmp(inst, "jinja2.Environment") || !strcmp(inst, "jinja2.environment.Environment"))) {
		*k = WL_SINK_TEMPLATE;
		*arg = arg_or_kw(fl, args, 0, "source");
		return 1;
	}
	if (m && ml == 15 && !memcmp(m, "from_pretrained", 15)) {
		*k = WL_SINK_LOAD;
		*arg = arg_or_kw(fl, args, 0, "pretrained_model_name_or_path");
		return 1;
	}
	return 0;
}

static int pair_wanted(enum wl_flow_origin o, enum wl_flow_sink k)
{
	switch (o) {
	case WL_ORIGIN_MODEL:
	case WL_ORIGIN_REQUEST: return k != WL_SINK_LOAD;
	case WL_ORIGIN_PARAM: return k == WL_SINK_TEMPLATE;
	case WL_ORIGIN_NETWORK:
	case WL_ORIGIN_DOWNLOAD: return k == WL_SINK_LOAD;
	}
	return 0;
}

static void emit(struct flow *fl, TSNode call, enum wl_flow_kind kind, enum wl_flow_sink k, const char *sink_name,
		 struct taint t, const char *tool)
{
	struct wl_flow *w = fl->sink->alloc(fl->sink->user, sizeof(*w));
	struct wl_loc loc;
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->sink = k;
	w->sink_name = sink_name;
	w->tool = tool;
	w->load_safe = fl->load_safe;
	if (t.o >= 0) {
		const struct origin *o = &fl->o[t.o];
		size_t i;
		w->origin = o->cls;
		w->origin_name = short_text(fl, o->name);
		w->origin_line = o->line;
		w->via = ts_node_is_null(t.via) ? NULL : short_text(fl, t.via);
		w->through = ts_node_is_null(t.through) ? NULL : short_text(fl, t.through);
		w->checked = o->checked;
		for (i = 0; i < fl->nchecks && !w->checked; i++)
			if (fl->checks[i] > o->pos && fl->checks[i] < ts_node_start_byte(call))
				w->checked = 1;
	}
	locate(fl, call, &loc);
	fl->sink->emit_flow(fl->sink->user, w, &loc);
}

/* A loader that cannot run code with these arguments. */
static int load_safe(const struct flow *fl, const char *callee, TSNode args)
{
	TSNode v;
	if (!callee)
		return 0;
	if (!strncmp(callee, "safetensors.", 12))
		return 1;
	if (!strcmp(callee, "torch.load")) {
		v = call_kwarg(fl, args, "weights_only");
		return !ts_node_is_null(v) && !is(v, FK_FALSE) && !is(v, FK_NONE);
	}
	if (!strcmp(callee, "numpy.load")) {
		v = call_kwarg(fl, args, "allow_pickle");
		return ts_node_is_null(v) || is(v, FK_FALSE);
	}
	return 0;
}

static const char *const tool_names[] = { "PythonREPLTool", "PythonAstREPLTool", "PythonREPL", NULL };

static void visit_call(struct flow *fl, TSNode n)
{
	const struct wl_py_callsite *s = site_of(fl, n);
	TSNode f = fld(n, FD_FUNCTION), args = fld(n, FD_ARGUMENTS);
	const char *callee = s ? s->callee : NULL, *inst = s ? s->instance_of : NULL, *m;
	uint32_t ml = 0;
	enum wl_flow_sink k;
	TSNode arg, path;
	size_t i;

	fl->load_safe = 0;
	if (ts_node_is_null(f))
		return;
	m = method_of(fl, f, &ml);
	if (is_check(fl, f, callee)) {
		fl->checks = wl_grow(fl->checks, &fl->achecks, fl->nchecks + 1, sizeof(*fl->checks));
		fl->checks[fl->nchecks++] = ts_node_start_byte(n);
	}
	/* interpreters handed to an LLM framework */
	if (callee && strncmp(callee, "langchain", 9) == 0 && m && in_list(m, ml, tool_names))
		emit(fl, n, WL_FLOW_TOOL, WL_SINK_CODE, sink_str(fl, callee), CLEAN, sink_str(fl, callee));
	else if (callee || inst) {
		static const char *const kws[] = { "allow_dangerous_code", "allow_dangerous_requests", NULL };
		static const char *const shown[] = { "allow_dangerous_code=True", "allow_dangerous_requests=True" };
		for (i = 0; kws[i]; i++) {
			TSNode v = call_kwarg(fl, args, kws[i]);
			if (is(v, FK_TRUE)) {
				const char *who = callee ? callee : short_text(fl, f);
				if ((callee && strncmp(callee, "langchain", 9) == 0) || (inst && strncmp(inst, "langchain", 9) == 0))
					emit(fl, n, WL_FLOW_TOOL, WL_SINK_CODE, sink_str(fl, who),
					     CLEAN, shown[i]);
			}
		}
	}
	/* downloads saved to a path */
	if (callee)
		for (i = 0; i < WL_ARRAY_SIZE(downloads); i++)
			if (strcmp(callee, downloads[i].q) == 0) {
				int o = origin_new(fl, WL_ORIGIN_DOWNLOAD, n, f);
				TSNode hk = { { 0 }, NULL, NULL };
				if (o < 0)
					break;
				if (downloads[i].hash_kw)
					hk = call_kwarg(fl, args, downloads[i].hash_kw);
				if (!ts_node_is_null(hk) && !is(hk, FK_NONE))
					fl->o[o].checked = 1;
				mark_path(fl, arg_or_kw(fl, args, downloads[i].idx, downloads[i].kw), o, 0);
				break;
			}
	if (m && ((ml == 13 && !memcmp(m, "download_file", 13) && (!inst || !strncmp(inst, "boto3", 5))) ||
		  (ml == 20 && !memcmp(m, "download_to_filename", 20)) ||
		  (ml == 15 && !memcmp(m, "download_fileobj", 15) && (!inst || !strncmp(inst, "boto3", 5))))) {
		/* boto3: download_file(Bucket, Key, Filename) on a client,
		 * download_file(Key, Filename) on a Bucket, (Filename) on an Object */
		TSNode d = call_kwarg(fl, args, ml == 13 ? "Filename" : ml == 20 ? "filename" : "Fileobj");
		int o;
		if (ts_node_is_null(d)) {
			unsigned np = 0;
			while (!ts_node_is_null(call_arg(args, np, NULL)))
				np++;
			if (np)
				d = call_arg(args, np - 1, NULL);
		}
		if (!ts_node_is_null(d) && (o = origin_new(fl, WL_ORIGIN_DOWNLOAD, n, f)) >= 0) {
			if (ml == 15 && is(d, FK_IDENTIFIER)) {
				uint32_t len;
				const char *p = text(fl, d, &len);
				struct var *v = lookup(fl, p, len);
				if (v && v->hkey && (v = env_set(fl->cur, v->hkey, v->hlen))) {
					v->o = o;
					v->via = NO_NODE;
				}
			} else {
				mark_path(fl, d, o, 0);
			}
		}
	}
	/* f.write(data) / open(P, "wb").write(data) / shutil.copyfileobj(src, f) */
	if (m && is(f, FK_ATTRIBUTE) && ml == 5 && !memcmp(m, "write", 5)) {
		TSNode obj = fld(f, FD_OBJECT);
		struct taint t = ev(fl, call_arg(args, 0, NULL), 0);
		const char *hk = NULL;
		uint32_t hl = 0;
		if (t.o >= 0 && (fl->o[t.o].cls == WL_ORIGIN_NETWORK || fl->o[t.o].cls == WL_ORIGIN_DOWNLOAD)) {
			if (is(obj, FK_IDENTIFIER)) {
				struct var *v = lookup_node(fl, obj);
				if (v && v->hkey) {
					hk = v->hkey;
					hl = v->hlen;
				}
			} else if (is(obj, FK_CALL) && open_for_write(fl, obj, &path)) {
				hk = text(fl, path, &hl);
			}
			if (hk) {
				struct var *v = env_set(fl->cur, hk, hl);
				if (v) {
					v->o = as_download(fl, t.o);
					v->via = NO_NODE;
				}
			}
		}
	}
	if (callee && !strcmp(callee, "shutil.copyfileobj")) {
		struct taint t = ev(fl, call_arg(args, 0, NULL), 0);
		TSNode dst = call_arg(args, 1, NULL);
		if (t.o >= 0 && is(dst, FK_IDENTIFIER)) {
			struct var *v = lookup_node(fl, dst);
			if (v && v->hkey && (v = env_set(fl->cur, v->hkey, v->hlen))) {
				v->o = as_download(fl, t.o);
				v->via = NO_NODE;
			}
		}
	}
	if (sink_of(fl, n, s, &k, &arg) && !ts_node_is_null(arg)) {
		struct taint t = ev(fl, arg, 0);
		if (t.o < 0 && k == WL_SINK_LOAD && is(arg, FK_CALL)) {
			/* torch.load(open(P, "rb")), torch.load(io.BytesIO(r.content)) */
			t = ev(fl, call_arg(fld(arg, FD_ARGUMENTS), 0, NULL), 0);
		}
		if (t.o >= 0 && pair_wanted(fl->o[t.o].cls, k))
			fl->load_safe = k == WL_SINK_LOAD && load_safe(fl, callee, args);
		if (t.o >= 0 && pair_wanted(fl->o[t.o].cls, k))
			emit(fl, n, WL_FLOW_VALUE, k,
			     callee  ? sink_str(fl, callee)
			     : inst && k == WL_SINK_TEMPLATE ? sink_str(fl, "jinja2.Environment.from_string")
							     : short_text(fl, f),
			     t, NULL);
	}
}

/* ------------------------------------------------------------ statements */

static void visit(struct flow *fl, TSNode n)
{
	enum fk k = kind(n);
	if (k == FK_CALL) {
		visit_call(fl, n);
	} else if (k == FK_ASSIGNMENT || k == FK_AUGMENTED_ASSIGNMENT) {
		TSNode left = fld(n, FD_LEFT), right = fld(n, FD_RIGHT);
		struct taint t;
		TSNode path;
		if (ts_node_is_null(right))
			return; /* `x: int` */
		t = ev(fl, right, 0);
		if (k == FK_AUGMENTED_ASSIGNMENT && t.o < 0) {
			/* x += clean keeps what x held */
			struct var *v = is(left, FK_IDENTIFIER) ? lookup_node(fl, left) : NULL;
			if (v && v->o >= 0)
				return;
		}
		bind(fl, left, t, model_obj(fl, right, 0), 0);
		if (is(right, FK_CALL) && is(left, FK_IDENTIFIER) && open_for_write(fl, right, &path)) {
			struct var *v = lookup_node(fl, left);
			if (v) {
				v->hkey = text(fl, path, &v->hlen);
			}
		}
	} else if (k == FK_NAMED_EXPRESSION) {
		TSNode val = fld(n, FD_VALUE);
		bind(fl, fld(n, FD_NAME), ev(fl, val, 0), model_obj(fl, val, 0), 0);
	} else if (k == FK_FOR_STATEMENT || k == FK_FOR_IN_CLAUSE) {
		bind(fl, fld(n, FD_LEFT), ev(fl, fld(n, FD_RIGHT), 0),
		     NULL, 0);
	} else if (k == FK_AS_PATTERN) {
		/* with X as y */
		TSNode val = ts_node_named_child(n, 0), alias = fld(n, FD_ALIAS), path;
		if (is(alias, FK_AS_PATTERN_TARGET) && ts_node_named_child_count(alias))
			alias = ts_node_named_child(alias, 0);
		bind(fl, alias, ev(fl, val, 0), model_obj(fl, val, 0), 0);
		if (is(val, FK_CALL) && is(alias, FK_IDENTIFIER) && open_for_write(fl, val, &path)) {
			struct var *v = lookup_node(fl, alias);
			if (v)
				v->hkey = text(fl, path, &v->hlen);
		}
	}
}

/* Parameters start as what the caller passes; `request` is a web request. */
static void bind_params(struct flow *fl, TSNode def)
{
	TSNode ps = fld(def, FD_PARAMETERS);
	uint32_t i, c;
	if (ts_node_is_null(ps))
		return;
	c = ts_node_named_child_count(ps);
	for (i = 0; i < c; i++) {
		TSNode p = ts_node_named_child(ps, i), name = p;
		struct taint t = CLEAN;
		struct var *v;
		uint32_t len;
		const char *s;
		if (is(p, FK_DEFAULT_PARAMETER) || is(p, FK_TYPED_DEFAULT_PARAMETER))
			name = fld(p, FD_NAME);
		else if (is(p, FK_TYPED_PARAMETER) || is(p, FK_LIST_SPLAT_PATTERN) || is(p, FK_DICTIONARY_SPLAT_PATTERN))
			name = ts_node_named_child_count(p) ? ts_node_named_child(p, 0) : name;
		if (!is(name, FK_IDENTIFIER))
			continue;
		s = text(fl, name, &len);
		if ((len == 4 && !memcmp(s, "self", 4)) || (len == 3 && !memcmp(s, "cls", 3)))
			continue;
		t.o = origin_new(fl,
				 (len == 7 && !memcmp(s, "request", 7)) || (len == 3 && !memcmp(s, "req", 3))
					 ? WL_ORIGIN_REQUEST
					 : WL_ORIGIN_PARAM,
				 name, name);
		if (t.o < 0)
			return;
		if ((v = env_set(fl->cur, s, len))) {
			v->o = t.o;
			v->via = name;
		}
	}
}

/* One scope: its statements in source order, nested defs queued. */
#define FEW_CHILDREN 4

static void scope_walk(struct flow *fl, TSNode body, TSNode **defs, size_t *ndefs, size_t *adefs)
{
	TSNode *stack = NULL;
	size_t n = 0, a = 0;
	stack = wl_grow(stack, &a, 1, sizeof(*stack));
	stack[n++] = body;
	while (n) {
		TSNode x = stack[--n];
		enum fk k = kind(x);
		uint32_t i, c;
		if (k == FK_FUNCTION_DEFINITION && !ts_node_eq(x, body)) {
			*defs = wl_grow(*defs, adefs, *ndefs + 1, sizeof(**defs));
			(*defs)[(*ndefs)++] = x;
			continue;
		}
		if (k == FK_LAMBDA || k == FK_COMMENT || k == FK_STRING_CONTENT ||
		    wl_py_quiet(ts_node_symbol(x), ts_node_start_byte(x), ts_node_end_byte(x), fl->src, fl->n))
			continue;
		if (ts_node_eq(x, body) && k == FK_FUNCTION_DEFINITION) {
			x = fld(x, FD_BODY);
			if (ts_node_is_null(x))
				continue;
		} else {
			visit(fl, x);
		}
		/* named children, pushed last first (a cursor: ts_node_named_child(x, i) walks from the start) */
		c = ts_node_named_child_count(x);
		if (!c)
			continue;
		stack = wl_grow(stack, &a, n + c, sizeof(*stack));
		if (c <= FEW_CHILDREN) {
			/* a few: each by index, last first (ts_node_named_child
			 * walks from the start, cheap for a few) */
			for (i = c; i-- > 0;)
				stack[n++] = ts_node_named_child(x, i);
		} else {
			TSTreeCursor cur = ts_tree_cursor_new(x);
			size_t base = n, m = 0;
			if (ts_tree_cursor_goto_first_child(&cur)) {
				do {
					TSNode ch = ts_tree_cursor_current_node(&cur);
					if (ts_node_is_named(ch) && m < c)
						stack[base + m++] = ch;
				} while (ts_tree_cursor_goto_next_sibling(&cur));
			}
			ts_tree_cursor_delete(&cur);
			for (i = 0; i < m / 2; i++) {
				TSNode tmp = stack[base + i];
				stack[base + i] = stack[base + m - 1 - i];
				stack[base + m - 1 - i] = tmp;
			}
			n = base + m;
		}
	}
	free(stack);
}

static void env_free(struct env *e)
{
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* Is there a call in this file a flow could end at (or a tool)? Most
 * files have none, and the walk is skipped. */
static int worth_it(const struct wl_py_callsite *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		const char *q = s[i].callee;
		if (s[i].instance_of && !strncmp(s[i].instance_of, "jinja2", 6))
			return 1;
		if (!q)
			continue;
		if (qunder(q, "jinja2") || qin(q, load_calls) || !strncmp(q, "langchain", 9) || qunder(q, "importlib") ||
		    !strcmp(q, "builtins.__import__") || !strcmp(q, "builtins.exec") || !strcmp(q, "builtins.eval") ||
		    !strcmp(q, "builtins.compile") || !strcmp(q, "os.system") || !strcmp(q, "os.popen") ||
		    qunder(q, "subprocess") || qunder(q, "commands") || ends_with(q, strlen(q), ".from_pretrained"))
			return 1;
	}
	return 0;
}

static int ident_char(unsigned char c)
{
	return c == '_' || (unsigned)((c | 32) - 'a') < 26u || (unsigned)(c - '0') < 10u || c >= 0x80;
}

/* Can anything in this def end a flow (or set a model attribute for the
 * other methods)? A def that names no sink as a whole identifier is not
 * walked. One pass over its identifiers, each compared only with the
 * words of its length. */
static int may_matter(const struct flow *fl, TSNode def)
{
	static const char *const words[] = { "exec", "eval", "compile", "system", "popen", "Popen", "subprocess",
					     "shell", "getoutput", "import_module", "__import__", "Template",
					     "from_string", "load", "load_file", "load_model", "from_pretrained",
					     "PythonREPL", "PythonREPLTool", "PythonAstREPLTool", "allow_dangerous_code",
					     "allow_dangerous_requests", "InferenceSession", "safe_open", "__init__", NULL };
	uint64_t lens = 0;
	uint32_t len;
	const char *p = text(fl, def, &len), *end = p + len;
	size_t i;
	for (i = 0; words[i]; i++)
		lens |= (uint64_t)1 << strlen(words[i]);
	while (p < end) {
		const char *q = p;
		size_t wl;
		if (!ident_char((unsigned char)*p)) {
			p++;
			continue;
		}
		while (p < end && ident_char((unsigned char)*p))
			p++;
		wl = (size_t)(p - q);
		if (wl >= 64 || !(lens >> wl & 1))
			continue;
		for (i = 0; words[i]; i++)
			if (strlen(words[i]) == wl && memcmp(words[i], q, wl) == 0)
				return 1;
	}
	return 0;
}

void wl_py_flow(const struct TSTree *tree, const char *src, size_t n, const struct wl_py_sink *sink,
		const struct wl_py_callsite *sites, size_t nsites)
{
	struct flow fl;
	TSNode *defs = NULL;
	size_t ndefs = 0, adefs = 0, i;
	if (!sink->emit_flow || !worth_it(sites, nsites))
		return;
	fk_init(ts_tree_language(tree));
	memset(&fl, 0, sizeof(fl));
	fl.src = src;
	fl.n = n;
	fl.sink = sink;
	fl.sites = sites;
	fl.nsites = nsites;
	fl.cur = &fl.mod;
	scope_walk(&fl, ts_tree_root_node(tree), &defs, &ndefs, &adefs);
	for (i = 0; i < ndefs; i++) {
		struct env local;
		if (!may_matter(&fl, defs[i]))
			continue;
		memset(&local, 0, sizeof(local));
		fl.cur = &local;
		fl.nchecks = 0;
		bind_params(&fl, defs[i]);
		scope_walk(&fl, defs[i], &defs, &ndefs, &adefs);
		env_free(&local);
	}
	env_free(&fl.mod);
	env_free(&fl.attrs);
	free(fl.checks);
	free(fl.o);
	free(defs);
}
