/*
 * facts_code.h - call-site facts from Python source and notebooks. The
 * scanners (python.c, notebook.c, through pyresolve.c) resolve names; the rules
 * in rules/code.c judge these facts and nothing else. A fact never carries a
 * verdict: only what the call resolves to and what its arguments are.
 */
#ifndef WL_FACTS_CODE_H
#define WL_FACTS_CODE_H

#include "engine.h"

enum wl_arg_kind {
	WL_ARG_OTHER = 0, /* an expression we do not evaluate; text = its source */
	WL_ARG_STRING,    /* a string literal (or a name bound to one); text = value */
	WL_ARG_FSTRING,   /* a string with interpolations; text = its source */
	WL_ARG_TRUE,
	WL_ARG_FALSE,
	WL_ARG_NONE,
	WL_ARG_NUMBER,
	WL_ARG_NAME,      /* a name that resolves through imports; text = qualified name */
	WL_ARG_CALL,      /* a call; text = the callee's qualified name, or its source */
	WL_ARG_VARIABLE,  /* a plain name we could not resolve; text = the name */
};

struct wl_arg {
	const char *keyword;    /* NULL for a positional argument */
	enum wl_arg_kind kind;
	const char *text;       /* see the kinds; never NULL */
	int via_name;           /* the value came through a name (`flag = True; f(x=flag)`) */
	int allowlisted;        /* every name in it (a variable, or an f-string's
				   {names}) is checked by an enclosing
				   `if name in ("a", "b"):` against literal strings */
	struct wl_loc loc;      /* the value expression */
};

/*
 * WL_FACT_CALL: one call whose callee, method or keywords may interest a
 * rule (wl_py_interesting decides, see pyresolve.h). loc spans the whole
 * call, so a suppression on any of its lines applies.
 */
/* What a wl_call stands for. Most are calls; two statements that act like
 * one are reported through the same record. */
enum wl_call_form {
	WL_FORM_CALL = 0,
	WL_FORM_STORE,    /* `target = value` (or `obj["KEY"] = value`): callee is the
			     target's qualified name ("os.environ.KEY"), args[0] the value */
	WL_FORM_FALLBACK, /* a method of a subclass whose last statement returns the
			     base class's method (`return super().find_class(m, n)`):
			     callee is "<base>.<method>", written "Class.method", loc the return */
};

struct wl_call {
	const char *callee;     /* resolved qualified name ("pickle.loads",
				   "builtins.eval", "transformers.AutoModel.from_pretrained"),
				   or NULL when the callee does not resolve */
	const char *written;    /* the callee as written, shortened for messages */
	const char *method;     /* last name of the callee ("loads", "from_pretrained") */
	const struct wl_arg *args;
	size_t nargs;
	int has_star_args;      /* *args present: positionals are not all known */
	int has_star_kwargs;    /* **kwargs present: any keyword may be set */
	int via_alias;          /* the callee resolved through an assignment or getattr */
	struct wl_loc method_loc;   /* the last name of the callee (for renaming fixes) */
	struct wl_loc close_paren;  /* zero-width, just before ')' (for appending) */
	int args_trailing_comma;    /* argument list ends with ',' before ')' */
	enum wl_call_form form;     /* WL_FORM_CALL unless said otherwise */
	int in_function;            /* inside a def or lambda (whatever encloses that): runs
				       only when called; 0 at module level and in class bodies */
};

/*
 * WL_FACT_FLOW (pyflow.c): a value that reaches a call within one function
 * (assignments, attribute and subscript reads, f-strings, .format, `+`,
 * calls that take it), or a call that hands a model an interpreter. The
 * scanner says where the value came from and where it went; rules/flow.c
 * decides what that means. loc spans the receiving call.
 */
enum wl_flow_kind {
	WL_FLOW_VALUE = 0, /* origin -> sink */
	WL_FLOW_TOOL,      /* an interpreter or a dangerous switch given to an LLM framework */
};

enum wl_flow_origin {
	WL_ORIGIN_MODEL = 0, /* text returned by a model call (OpenAI, Anthropic, LiteLLM, LangChain, pipeline) */
	WL_ORIGIN_REQUEST,   /* a web request's data (flask.request, a `request` parameter) */
	WL_ORIGIN_PARAM,     /* a parameter of the enclosing function: whatever the caller passes */
	WL_ORIGIN_NETWORK,   /* bytes fetched from a URL or a bucket (requests.get, urlopen) */
	WL_ORIGIN_DOWNLOAD,  /* a file a download call saved (urlretrieve, boto3 download_file, f.write(r.content)) */
};

enum wl_flow_sink {
	WL_SINK_CODE = 0, /* exec / eval / compile */
	WL_SINK_SHELL,    /* os.system, os.popen, subprocess with shell=True */
	WL_SINK_IMPORT,   /* importlib.import_module, __import__ */
	WL_SINK_TEMPLATE, /* jinja2.Template / Environment.from_string (not a sandboxed environment) */
	WL_SINK_LOAD,     /* torch.load, safetensors load_file, joblib.load, from_pretrained ... */
};

struct wl_flow {
	enum wl_flow_kind kind;
	enum wl_flow_sink sink;
	const char *sink_name;     /* resolved callee ("builtins.exec") or the callee as written */
	enum wl_flow_origin origin;
	const char *origin_name;   /* the call or name the value came from, as written (shortened) */
	uint32_t origin_line;      /* its line in the file */
	const char *via;           /* the last variable the value went through, or NULL */
	const char *through;       /* a call of a function we do not model it went through, or NULL */
	int checked;               /* a digest/checksum check runs between origin and sink (downloads) */
	int load_safe;             /* WL_SINK_LOAD: the loader cannot run code here (safetensors,
				      torch.load(weights_only=<not False>), numpy.load without allow_pickle) */
	const char *tool;          /* WL_FLOW_TOOL: "PythonREPLTool", "allow_dangerous_code=True" */
};

/* Argument helpers for rules: the i-th positional argument, or the keyword
 * argument `kw`; NULL when absent. */
const struct wl_arg *wl_call_positional(const struct wl_call *c, size_t i);
const struct wl_arg *wl_call_keyword(const struct wl_call *c, const char *kw);
/* positional i, or keyword kw when given by name */
const struct wl_arg *wl_call_arg(const struct wl_call *c, size_t i, const char *kw);

/*
 * What the code rules judge, as data: the rule module owns the table
 * (rules/code.c, wl_py_interest) and the resolver (scanners/parse/
 * pyresolve.c) keeps exactly the calls it names, so a new callee is one row.
 * Each row carries its trigger: a word every source that can reach the name
 * contains, which the byte prefilter looks for before anything is parsed
 * (`eval` for builtins.eval, `torch` for torch.load). tests/unit/
 * test_code_interest.c fails when a callee rules/code.c compares against is
 * under no row, or its row's trigger does not let a call of it through.
 */
enum wl_py_trigger_how {
	WL_PY_WORD = 0, /* a whole identifier */
	WL_PY_INSIDE,   /* inside an identifier, first letter in either case (cPickle, allow_pickle, Unpickler) */
	WL_PY_IMPORTED, /* only right after "import " or "from " (model.evaluate() is everywhere) */
};

struct wl_py_row {
	const char *name;    /* a qualified name, method name or keyword */
	const char *trigger; /* its prefilter word (<= 32 bytes) */
	enum wl_py_trigger_how how;
};

struct wl_py_interest {
	const struct wl_py_row *roots;    /* callees, and everything under them */
	const struct wl_py_row *stores;   /* assignment targets, exactly ("os.environ.K" for os.environ["K"] = v) */
	const struct wl_py_row *methods;  /* method names, whatever the object */
	const struct wl_py_row *keywords; /* keyword arguments, whatever the callee */
	/* Words that only let a file through the prefilter: what the flow pass
	 * (pyflow.c) and the followed call results (gradio, Flask) start from;
	 * the name is the trigger's reason, not a callee. */
	const struct wl_py_row *triggers;
	/* Modules whose judged members are all trigger words themselves: a name
	 * bound to one of them need not pull in the statements that use it. */
	const char *const *member_triggers;
	/* Modules no longer judged whole, whose names the resolver still
	 * prefers among alternative bindings and guesses under a star import,
	 * as when they were roots: a name resolves the same whatever the rows
	 * say. Not judged, not triggers. */
	const char *const *namespaces;
};

/* Each row list ends with a row whose name is NULL. Defined in rules/code.c. */
extern const struct wl_py_interest wl_py_interest;

#endif
