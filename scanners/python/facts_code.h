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

/* Argument helpers for rules: the i-th positional argument, or the keyword
 * argument `kw`; NULL when absent. */
const struct wl_arg *wl_call_positional(const struct wl_call *c, size_t i);
const struct wl_arg *wl_call_keyword(const struct wl_call *c, const char *kw);
/* positional i, or keyword kw when given by name */
const struct wl_arg *wl_call_arg(const struct wl_call *c, size_t i, const char *kw);

#endif
