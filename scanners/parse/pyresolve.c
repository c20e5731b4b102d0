/*
 * pyresolve.c - name resolution for Python call sites on a tree-sitter tree
 * (see pyresolve.h). Two passes: the first records every binding of every
 * scope (imports, assignments, defs, parameters, loop and with targets); the
 * second resolves each call's callee and arguments against them. A call is
 * known by what it resolves to, never by its last name alone: `model.eval()`
 * is not `eval`. Never recurses on the tree's depth; every lookup is capped.
 */
#include "pyresolve.h"
#include "jsonts.h"
#include "util.h"
#include "pyflow.h"
#include "pyregion.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <strings.h>
#include <tree_sitter/api.h>

#define NONE_IDX UINT32_MAX
#define MAX_DEPTH 32        /* resolve_expr nesting (attribute chains, aliases) */
#define MAX_LOOKUP_STEPS 256 /* bindings examined per lookup */
#define MAX_QNAME 256
#define MAX_ARGS 64
#define MAX_TEXT 120        /* source snippets kept for messages */

/* ------------------------------------------------------------ interest */

/* What the code rules judge is their table (rules/code.c, wl_py_interest in
 * facts_code.h): callees under its roots, its stores, methods and keywords;
 * each row names the trigger word the prefilter below looks for. */
#define INTEREST wl_py_interest

/* Modules whose call results are objects a rule follows: `demo =
 * gr.Blocks()` then `demo.queue().launch(...)` resolves to
 * "gradio.Blocks().queue().launch" (the "()" keeps such a name apart from
 * every module member). Of those names, the ones whose last part is one of
 * serve_methods are judged. */
static const char *const result_roots[] = { "gradio", "flask.Flask", "flask_socketio.SocketIO" };
static const char *const serve_methods[] = { "launch", "run" };


/* Is `a` equal to `b` or `b` followed by ".more"? */
static int qname_under(const char *a, const char *b)
{
	size_t lb = strlen(b);
	return strncmp(a, b, lb) == 0 && (a[lb] == '\0' || a[lb] == '.');
}

/* Is qname a result root, under one, or what one returns ("flask.Flask()...")? */
static int result_root(const char *qname)
{
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(result_roots); i++) {
		size_t l = strlen(result_roots[i]);
		if (strncmp(qname, result_roots[i], l) == 0 && (qname[l] == '\0' || qname[l] == '.' || qname[l] == '('))
			return 1;
	}
	return 0;
}

/*
 * The roots as a set, and every dotted prefix of a root ("torch" and
 * "torch.hub" for "torch.hub.load") as another: both questions below are
 * then a lookup per dotted prefix of the name asked about, not a pass over
 * the table (they run on every mention of a module in every candidate
 * file). Built once; a name that does not fit is a table error.
 */
#define QSET_CAP 1024
enum { QS_ROOT = 1, QS_PREFIX = 2 };
static struct {
	struct {
		const char *s;
		uint32_t len;
		unsigned flags;
	} slot[QSET_CAP];
	size_t n;
} qset;
static pthread_once_t qset_once = PTHREAD_ONCE_INIT;

static void qset_add(const char *s, size_t len, unsigned flags)
{
	size_t i;
	if (2 * (qset.n + 1) > QSET_CAP) {
		fprintf(stderr, "weaklink: code-rule table: root '%.*s' does not fit the root set\n", (int)len, s);
		abort();
	}
	for (i = wl_hash_short(s, len) & (QSET_CAP - 1); qset.slot[i].s; i = (i + 1) & (QSET_CAP - 1))
		if (qset.slot[i].len == len && memcmp(qset.slot[i].s, s, len) == 0) {
			qset.slot[i].flags |= flags;
			return;
		}
	qset.slot[i].s = s;
	qset.slot[i].len = (uint32_t)len;
	qset.slot[i].flags = flags;
	qset.n++;
}

static void qset_init(void)
{
	const struct wl_py_row *r;
	for (r = INTEREST.roots; r->name; r++) {
		const char *d;
		qset_add(r->name, strlen(r->name), QS_ROOT | QS_PREFIX);
		for (d = strchr(r->name, '.'); d; d = strchr(d + 1, '.'))
			qset_add(r->name, (size_t)(d - r->name), QS_PREFIX);
	}
}

static unsigned qset_flags(const char *s, size_t len)
{
	size_t i;
	for (i = wl_hash_short(s, len) & (QSET_CAP - 1); qset.slot[i].s; i = (i + 1) & (QSET_CAP - 1))
		if (qset.slot[i].len == len && memcmp(qset.slot[i].s, s, len) == 0)
			return qset.slot[i].flags;
	return 0;
}

/* Is qname under a root (the root itself or a dotted prefix of it is one)? */
static int under_root(const char *qname)
{
	const char *d = qname;
	pthread_once(&qset_once, qset_init);
	for (;;) {
		const char *e = strchr(d, '.');
		size_t len = e ? (size_t)(e - qname) : strlen(qname);
		if (qset_flags(qname, len) & QS_ROOT)
			return 1;
		if (!e)
			return 0;
		d = e + 1;
	}
}

int wl_py_interesting_callee(const char *qname)
{
	size_t i;
	if (!qname)
		return 0;
	if (under_root(qname))
		return 1;
	if (result_root(qname)) {
		const char *last = strrchr(qname, '.');
		for (i = 0; last && i < WL_ARRAY_SIZE(serve_methods); i++)
			if (strcmp(last + 1, serve_methods[i]) == 0)
				return 1;
	}
	return 0;
}

/* Interesting, or on the way to something interesting ("torch" for
 * "torch.load", "builtins" for "builtins.eval"); every name under a
 * result root may lead to its launch(). */
static int interesting_prefix(const char *qname)
{
	size_t i;
	if (under_root(qname) || (qset_flags(qname, strlen(qname)) & QS_PREFIX))
		return 1;
	for (i = 0; i < WL_ARRAY_SIZE(result_roots); i++)
		if (qname_under(qname, result_roots[i]) || qname_under(result_roots[i], qname))
			return 1;
	return 0;
}

/* Under one of the table's namespaces (facts_code.h): resolution prefers
 * it, as it prefers what is interesting. */
static int preferred(const char *qname)
{
	const char *const *m;
	for (m = INTEREST.namespaces; m && *m; m++)
		if (qname_under(qname, *m))
			return 1;
	return 0;
}

/* Modules whose judged members are all trigger words themselves (eval,
 * exec, "exec", __import__, import_module, allow_pickle, read_pickle): a
 * name bound to one of them need not pull in the statements that use it. */
static int members_are_triggers(const char *qname)
{
	const char *const *m;
	for (m = INTEREST.member_triggers; m && *m; m++)
		if (strcmp(qname, *m) == 0)
			return 1;
	return 0;
}

static int span_is(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}


/* ----------------------------------------------------------- prefilter */

/* The rows' trigger words, gathered once: whole identifiers (WL_PY_WORD),
 * words matched inside identifiers (WL_PY_INSIDE: "pickle" in cPickle,
 * _pickle, cloudpickle, jsonpickle, read_pickle, allow_pickle, Unpickler)
 * and words that count only as an imported module (WL_PY_IMPORTED). */
#define TRIGGER_CAP 32
#define MAX_TRIGGERS 96
struct trigger {
	const char *word;
	size_t len;
	char gate; /* a byte of word[1..] that identifiers seldom hold ('k' of pickle) */
};
static struct {
	struct trigger word[MAX_TRIGGERS], inside[8], imported[8];
	size_t nword, ninside, nimported, min, max;
	size_t inside_min; /* the shortest word matched inside identifiers */
	uint64_t lengths[256];    /* for each first byte, the lengths of its whole words (bit len) */
	unsigned char imported_first[256]; /* first bytes of the imported words */
} trig;
static pthread_once_t trig_once = PTHREAD_ONCE_INIT;

/* The builtins the resolver knows (`eval` is builtins.eval unless bound). */
static const char *const builtin_names[] = {
	"eval", "exec", "compile", "__import__", "getattr", "open", "globals", "locals", "vars",
	"input", "breakpoint",
};

/*
 * Every word the scanners ask about, once: the whole-word triggers, the
 * methods and keywords a rule reads, the builtins the resolver knows. One
 * open-addressing table behind a (first byte, length) mask, so that most
 * identifiers of a file are ruled out by one load. Built with the triggers.
 */
enum { W_TRIGGER = WL_WORD_TRIGGER, W_METHOD = WL_WORD_METHOD, W_KEYWORD = WL_WORD_KEYWORD, W_BUILTIN = WL_WORD_BUILTIN };
#define WORDS_CAP 1024
static struct {
	struct {
		const char *w;
		unsigned char len, flags;
	} slot[WORDS_CAP];
	size_t n;
	uint64_t lengths[256]; /* for each first byte, the lengths of its words (bit min(len, 63)) */
} words;

static void word_add(const char *w, unsigned flags)
{
	size_t len = strlen(w), i;
	if (!len || len > 255 || 2 * (words.n + 1) > WORDS_CAP) {
		/* a table error: fail loudly rather than let calls through unseen */
		fprintf(stderr, "weaklink: code-rule table: word '%s' does not fit the word table\n", w);
		abort();
	}
	for (i = wl_hash_short(w, len) & (WORDS_CAP - 1); words.slot[i].w; i = (i + 1) & (WORDS_CAP - 1))
		if (words.slot[i].len == len && memcmp(words.slot[i].w, w, len) == 0) {
			words.slot[i].flags |= (unsigned char)flags;
			return;
		}
	words.slot[i].w = w;
	words.slot[i].len = (unsigned char)len;
	words.slot[i].flags = (unsigned char)flags;
	words.n++;
	words.lengths[(unsigned char)w[0]] |= (uint64_t)1 << (len < 63 ? len : 63);
}

/* The W_ flags of the word p[0..len); the table must be built. */
static unsigned word_flags_of(const char *p, size_t len)
{
	size_t i;
	if (!len || !((words.lengths[(unsigned char)p[0]] >> (len < 63 ? len : 63)) & 1u))
		return 0;
	for (i = wl_hash_short(p, len) & (WORDS_CAP - 1); words.slot[i].w; i = (i + 1) & (WORDS_CAP - 1))
		if (words.slot[i].len == len && memcmp(words.slot[i].w, p, len) == 0)
			return words.slot[i].flags;
	return 0;
}

static void triggers_init(void);

static unsigned word_flags(const char *p, size_t len)
{
	pthread_once(&trig_once, triggers_init);
	return word_flags_of(p, len);
}

unsigned wl_py_word_kind(const char *name, size_t len)
{
	return word_flags(name, len);
}

const uint64_t *wl_py_word_lengths(void)
{
	pthread_once(&trig_once, triggers_init);
	return words.lengths;
}

int wl_py_interesting_method(const char *name, size_t len)
{
	return (word_flags(name, len) & W_METHOD) != 0;
}

int wl_py_interesting_keyword(const char *name, size_t len)
{
	return (word_flags(name, len) & W_KEYWORD) != 0;
}

int wl_py_builtin_name(const char *name, size_t len)
{
	return (word_flags(name, len) & W_BUILTIN) != 0;
}

/* The byte of w[0..len) latest in a frequency order of English letters,
 * so the one an identifier least often holds. */
static char rare_byte(const char *w, size_t len)
{
	static const char order[] = "etaoinsrhldcumfpgwybvkxjqz";
	size_t i;
	const char *best = NULL, *o;
	char c = w[0];
	for (i = 0; i < len; i++)
		if ((o = strchr(order, w[i])) != NULL && (!best || o > best))
			best = o, c = w[i];
	return c;
}

static void trigger_add(const struct wl_py_row *r)
{
	struct trigger *list = r->how == WL_PY_INSIDE ? trig.inside : r->how == WL_PY_IMPORTED ? trig.imported : trig.word;
	size_t *n = r->how == WL_PY_INSIDE ? &trig.ninside : r->how == WL_PY_IMPORTED ? &trig.nimported : &trig.nword;
	size_t cap = r->how == WL_PY_WORD ? MAX_TRIGGERS : 8, len = strlen(r->trigger), i;
	for (i = 0; i < *n; i++)
		if (strcmp(list[i].word, r->trigger) == 0)
			return;
	if (*n >= cap || len < 2 || len > TRIGGER_CAP) {
		/* a table error: fail loudly rather than let calls through unseen */
		fprintf(stderr, "weaklink: code-rule table: trigger '%s' of '%s' does not fit the prefilter\n",
			r->trigger, r->name);
		abort();
	}
	list[*n].word = r->trigger;
	list[*n].len = len;
	list[*n].gate = rare_byte(r->trigger + 1, len - 1);
	(*n)++;
	if (r->how == WL_PY_IMPORTED)
		trig.imported_first[(unsigned char)r->trigger[0]] = 1;
	if (r->how == WL_PY_INSIDE && (!trig.inside_min || len < trig.inside_min))
		trig.inside_min = len;
	if (r->how == WL_PY_WORD) {
		word_add(r->trigger, W_TRIGGER);
		trig.lengths[(unsigned char)r->trigger[0]] |= (uint64_t)1 << len;
		if (!trig.min || len < trig.min)
			trig.min = len;
		if (len > trig.max)
			trig.max = len;
	}
}

static void triggers_init(void)
{
	const struct wl_py_row *const lists[] = { INTEREST.roots, INTEREST.stores, INTEREST.methods, INTEREST.keywords,
						   INTEREST.triggers };
	const struct wl_py_row *r;
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(lists); i++)
		for (r = lists[i]; r->name; r++)
			trigger_add(r);
	for (r = INTEREST.methods; r->name; r++)
		word_add(r->name, W_METHOD);
	for (r = INTEREST.keywords; r->name; r++)
		word_add(r->name, W_KEYWORD);
	for (i = 0; i < WL_ARRAY_SIZE(builtin_names); i++) {
		char q[64];
		snprintf(q, sizeof(q), "builtins.%s", builtin_names[i]);
		word_add(builtin_names[i], W_BUILTIN | (wl_py_interesting_callee(q) ? WL_WORD_JUDGED_BUILTIN : 0));
	}
	word_add("__builtins__", W_BUILTIN | WL_WORD_JUDGED_BUILTIN);
	word_add("global", WL_WORD_SCOPE);
	word_add("nonlocal", WL_WORD_SCOPE);
}

static inline int is_ident_byte(unsigned char c)
{
	return wl_py_bytes[c] & WL_PYB_ASCII_IDENT;
}

/* Is the token one of the trigger words? Compared only against words of its
 * length: this runs on every identifier of every candidate file. */
static int trigger_token(const char *t, size_t len)
{
	return (word_flags_of(t, len) & W_TRIGGER) != 0;
}

int wl_py_member_is_inert(const char *q, size_t qlen, const char *member, size_t mlen)
{
	char buf[MAX_QNAME];
	if (!qlen || !mlen || qlen + 1 + mlen >= sizeof(buf))
		return 0;
	memcpy(buf, q, qlen);
	buf[qlen] = '\0';
	if (wl_py_interesting_callee(buf))
		return 0;
	buf[qlen] = '.';
	memcpy(buf + qlen + 1, member, mlen);
	buf[qlen + 1 + mlen] = '\0';
	return !interesting_prefix(buf);
}

int wl_py_chain_is_inert(const char *q, size_t qlen, const char *p, size_t n)
{
	char buf[MAX_QNAME];
	size_t len = qlen, i = 0;
	if (!qlen || qlen >= sizeof(buf))
		return 0;
	memcpy(buf, q, qlen);
	buf[len] = '\0';
	while (i < n && p[i] == '.') {
		size_t k = i + 1;
		while (k < n && is_ident_byte((unsigned char)p[k]))
			k++;
		if (k == i + 1 || (k < n && (unsigned char)p[k] >= 0x80) || wl_py_interesting_callee(buf) ||
		    len + (k - i) >= sizeof(buf))
			return 0;
		memcpy(buf + len, p + i, k - i); /* ".member" */
		len += k - i;
		buf[len] = '\0';
		if (!interesting_prefix(buf))
			return 1;
		i = k;
	}
	return 0;
}

/* Does the trigger word s[i..j) name a module (judged, like yaml, or on
 * the way to judged names, like torch), rather than a function, method or
 * keyword (eval, from_pretrained, trust_remote_code)? */
static int module_word(const unsigned char *s, size_t i, size_t j)
{
	char buf[TRIGGER_CAP + 1];
	memcpy(buf, s + i, j - i);
	buf[j - i] = '\0';
	return interesting_prefix(buf);
}

/* The identifier at s[i..j) is a trigger word: is this mention inert?
 * In code (refined 1): `torch.nn` (no dot before, an inert member after),
 * or the name a def/class defines (`def from_pretrained(cls, ...)`: a
 * definition, not a call) unless it is a builtin's. In a short string
 * (refined 2) also a bare module name (`["torch", "transformers"]`): a
 * string names a module to the resolver only as the argument of getattr,
 * __import__ or import_module, whose own spelling, or an alias bound at
 * module level (pulled in by name), makes the statement count anyway. */
static int inert_mention(const unsigned char *s, size_t n, size_t i, size_t j, int refined)
{
	size_t k;
	if (refined == 1 && i >= 4) {
		k = i;
		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
			k--;
		if (k < i && ((k >= 3 && memcmp(s + k - 3, "def", 3) == 0 && (k == 3 || !is_ident_byte(s[k - 4]))) ||
			      (k >= 5 && memcmp(s + k - 5, "class", 5) == 0 && (k == 5 || !is_ident_byte(s[k - 6])))))
			return !wl_py_builtin_name((const char *)s + i, j - i);
	}
	if (i > 0 && s[i - 1] == '.')
		return 0;
	if (j >= n || s[j] != '.')
		return refined == 2 && (j >= n || s[j] < 0x80) && module_word(s, i, j);
	return wl_py_chain_is_inert((const char *)s + i, j - i, (const char *)s + j, n - j);
}

/* Does the identifier run s[i..j) hold a word matched inside identifiers
 * ("pickle" in cPickle, read_pickle), its first letter in either case
 * and not the run's first byte? */
/* Does s[i..j) (of s[0..n)) hold the byte c? Sixteen bytes by one compare
 * where SSE2 is and they lie in s (an identifier's tail usually fits). */
static inline int holds_byte(const unsigned char *s, size_t n, size_t i, size_t j, char c)
{
#if defined(__SSE2__)
	if (j - i <= 16 && n - i >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned bits = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(c)));
		return (bits & ((1u << (j - i)) - 1u)) != 0;
	}
#endif
	return memchr(s + i, c, j - i) != NULL;
}

static WL_HOT_INLINE int inside_word(const unsigned char *s, size_t n, size_t i, size_t j)
{
	size_t t, k;
	for (t = 0; t < trig.ninside; t++) {
		const struct trigger *w = &trig.inside[t];
		/* most identifiers lack the word's rarest byte: one search */
		if (!holds_byte(s, n, i + 1, j, w->gate))
			continue;
		for (k = i + 1; k + w->len - 1 <= j; k++)
			if (s[k] == (unsigned char)w->word[1] && (s[k - 1] | 32) == (w->word[0] | 32) &&
			    memcmp(s + k, w->word + 1, w->len - 1) == 0)
				return 1;
	}
	return 0;
}

/* Does the run s[i..j) start with a word counted only as an imported module,
 * right after `import ` or `from `? */
static WL_HOT_INLINE int imported_word(const unsigned char *s, size_t i, size_t j)
{
	size_t t;
	for (t = 0; t < trig.nimported; t++) {
		const struct trigger *w = &trig.imported[t];
		if (j - i >= w->len && memcmp(s + i, w->word, w->len) == 0)
			return (i >= 5 && !memcmp(s + i - 5, "from ", 5)) || (i >= 7 && !memcmp(s + i - 7, "import ", 7));
	}
	return 0;
}

/* The identifier s[i..j) (a run of ASCII identifier bytes) of s[0..n): 2
 * when it counts as a trigger (refined as in wl_py_trigger_scan), 1 when it
 * is a whole trigger word only the refined scan leaves out, else 0. */
static WL_HOT_INLINE int trigger_at(const unsigned char *s, size_t n, size_t i, size_t j, int refined)
{
	int plain = 0;
	if (j - i <= trig.max && ((trig.lengths[s[i]] >> (j - i)) & 1) && trigger_token((const char *)s + i, j - i)) {
		if (!(refined && inert_mention(s, n, i, j, refined)))
			return 2;
		plain = 1; /* a mention the refined scan does not count */
	}
	/* the words inside identifiers and the imported modules lie within
	 * one run of identifier bytes: read there, not over the text */
	if (j - i >= trig.inside_min && inside_word(s, n, i, j))
		return 2;
	if (trig.imported_first[s[i]] && imported_word(s, i, j))
		return 2;
	return plain;
}

int wl_py_trigger_run(const char *src, size_t n, size_t i, size_t j, int refined)
{
	return trigger_at((const unsigned char *)src, n, i, j, refined);
}

/* The runs of ASCII identifier bytes in s[a..b) of s[0..n), each asked of
 * trigger_at: 2 at the first that counts, else 1 when one was a plain
 * mention, else 0. */
static WL_HOT_INLINE int triggers_in(const unsigned char *s, size_t n, size_t a, size_t b, int refined)
{
	int r = 0;
	while (a < b) {
		size_t j;
		if (!is_ident_byte(s[a])) {
			a++;
			continue;
		}
		for (j = a; j < b && is_ident_byte(s[j]); j++)
			;
		switch (trigger_at(s, n, a, j, refined)) {
		case 2:
			return 2;
		case 1:
			r = 1;
			break;
		}
		a = j;
	}
	return r;
}

int wl_py_trigger_at(const char *src, size_t n, size_t i, size_t j, int refined)
{
	return triggers_in((const unsigned char *)src, n, i, j, refined);
}

int wl_py_trigger_scan(const char *src, size_t n, unsigned how)
{
	int refined = how & WL_TRIG_STRING ? 2 : how & WL_TRIG_REFINED ? 1 : 0, r;
	int yes = refined && (how & WL_TRIG_BOTH) ? 2 : 1;
	pthread_once(&trig_once, triggers_init);
	r = triggers_in((const unsigned char *)src, n, 0, n, refined);
	return r == 2 ? yes : r == 1 && yes == 2 ? 1 : 0;
}

int wl_py_prefilter(const char *src, size_t n)
{
	return wl_py_trigger_scan(src, n, 0);
}

/* ------------------------------------------------------ node kinds */

enum kind {
	K_OTHER = 0, K_IDENT, K_ATTRIBUTE, K_CALL, K_ARGLIST, K_KEYWORD_ARG,
	K_LIST_SPLAT, K_DICT_SPLAT, K_STRING, K_CONCAT_STRING, K_STRING_START,
	K_STRING_CONTENT, K_INTERPOLATION, K_TRUE, K_FALSE, K_NONE, K_INTEGER,
	K_FLOAT, K_PAREN, K_IMPORT, K_IMPORT_FROM, K_ALIASED_IMPORT, K_DOTTED_NAME,
	K_RELATIVE_IMPORT, K_WILDCARD, K_ASSIGNMENT, K_AUG_ASSIGNMENT, K_NAMED_EXPR,
	K_FUNCDEF, K_CLASSDEF, K_LAMBDA, K_PARAMETERS, K_LAMBDA_PARAMS,
	K_DEFAULT_PARAM, K_TYPED_PARAM, K_TYPED_DEFAULT_PARAM, K_LIST_SPLAT_PATTERN,
	K_DICT_SPLAT_PATTERN, K_FOR, K_FOR_IN_CLAUSE, K_AS_PATTERN,
	K_AS_PATTERN_TARGET, K_EXCEPT, K_GLOBAL, K_IF, K_TRY, K_WHILE, K_MATCH,
	K_LIST_COMP, K_DICT_COMP, K_SET_COMP, K_GEN_EXPR, K_PATTERN_LIST,
	K_TUPLE_PATTERN, K_LIST_PATTERN, K_TUPLE, K_LIST, K_COMMENT, K_RPAREN,
	K_COMMA, K_ESCAPE, K_BLOCK, K_EXIT, K_SUBSCRIPT, K_RETURN, K__COUNT
};

static const struct {
	const char *name;
	int named;
	enum kind kind;
} kind_names[] = {
	{ "identifier", 1, K_IDENT }, { "attribute", 1, K_ATTRIBUTE }, { "call", 1, K_CALL },
	{ "argument_list", 1, K_ARGLIST }, { "keyword_argument", 1, K_KEYWORD_ARG },
	{ "list_splat", 1, K_LIST_SPLAT }, { "dictionary_splat", 1, K_DICT_SPLAT },
	{ "string", 1, K_STRING }, { "concatenated_string", 1, K_CONCAT_STRING },
	{ "string_start", 1, K_STRING_START }, { "string_content", 1, K_STRING_CONTENT },
	{ "interpolation", 1, K_INTERPOLATION }, { "true", 1, K_TRUE }, { "false", 1, K_FALSE },
	{ "none", 1, K_NONE }, { "integer", 1, K_INTEGER }, { "float", 1, K_FLOAT },
	{ "parenthesized_expression", 1, K_PAREN }, { "import_statement", 1, K_IMPORT },
	{ "import_from_statement", 1, K_IMPORT_FROM }, { "aliased_import", 1, K_ALIASED_IMPORT },
	{ "dotted_name", 1, K_DOTTED_NAME }, { "relative_import", 1, K_RELATIVE_IMPORT },
	{ "wildcard_import", 1, K_WILDCARD }, { "assignment", 1, K_ASSIGNMENT },
	{ "augmented_assignment", 1, K_AUG_ASSIGNMENT }, { "named_expression", 1, K_NAMED_EXPR },
	{ "function_definition", 1, K_FUNCDEF }, { "class_definition", 1, K_CLASSDEF },
	{ "lambda", 1, K_LAMBDA }, { "parameters", 1, K_PARAMETERS },
	{ "lambda_parameters", 1, K_LAMBDA_PARAMS }, { "default_parameter", 1, K_DEFAULT_PARAM },
	{ "typed_parameter", 1, K_TYPED_PARAM }, { "typed_default_parameter", 1, K_TYPED_DEFAULT_PARAM },
	{ "list_splat_pattern", 1, K_LIST_SPLAT_PATTERN },
	{ "dictionary_splat_pattern", 1, K_DICT_SPLAT_PATTERN }, { "for_statement", 1, K_FOR },
	{ "for_in_clause", 1, K_FOR_IN_CLAUSE }, { "as_pattern", 1, K_AS_PATTERN },
	{ "as_pattern_target", 1, K_AS_PATTERN_TARGET }, { "except_clause", 1, K_EXCEPT },
	{ "global_statement", 1, K_GLOBAL }, { "if_statement", 1, K_IF },
	{ "try_statement", 1, K_TRY }, { "while_statement", 1, K_WHILE },
	{ "match_statement", 1, K_MATCH }, { "list_comprehension", 1, K_LIST_COMP },
	{ "dictionary_comprehension", 1, K_DICT_COMP }, { "set_comprehension", 1, K_SET_COMP },
	{ "generator_expression", 1, K_GEN_EXPR }, { "pattern_list", 1, K_PATTERN_LIST },
	{ "tuple_pattern", 1, K_TUPLE_PATTERN }, { "list_pattern", 1, K_LIST_PATTERN },
	{ "tuple", 1, K_TUPLE }, { "list", 1, K_LIST }, { "comment", 1, K_COMMENT },
	{ ")", 0, K_RPAREN }, { ",", 0, K_COMMA }, { "escape_sequence", 1, K_ESCAPE },
	{ "block", 1, K_BLOCK }, { "return_statement", 1, K_RETURN }, { "raise_statement", 1, K_EXIT },
	{ "continue_statement", 1, K_EXIT }, { "break_statement", 1, K_EXIT },
	{ "subscript", 1, K_SUBSCRIPT },
};

enum field {
	F_FUNCTION, F_ARGUMENTS, F_OBJECT, F_ATTRIBUTE, F_NAME, F_ALIAS, F_MODULE_NAME,
	F_LEFT, F_RIGHT, F_VALUE, F_SUBSCRIPT, F_SUPERCLASSES, F_BODY, F__COUNT
};
static const char *const field_names[F__COUNT] = {
	"function", "arguments", "object", "attribute", "name", "alias", "module_name",
	"left", "right", "value", "subscript", "superclasses", "body",
};

/* ------------------------------------------------------ the resolver */

enum vkind { V_UNKNOWN = 0, V_QNAME, V_STR, V_FSTR, V_TRUE, V_FALSE, V_NONE, V_NUM, V_CALL };

struct pyval {
	enum vkind kind;
	const char *s; /* qname / string value / callee qname (V_CALL, may be NULL) */
	int via;       /* came through an assignment, getattr or __import__ */
};

/* B_WITH: `with X(...) as name`: the value of X(...) only when X is a
 * result root (a gradio Blocks), else unknown as before */
enum bkind { B_UNKNOWN = 0, B_QNAME, B_ALIAS, B_GLOBAL, B_WITH };

struct binding {
	uint32_t scope, pos, prev;
	const char *name;
	uint32_t name_len;
	enum bkind kind;
	int weak;  /* inside if/try/for/while/match: an alternative, not an override */
	/* inside a conditional block that ends in return/raise/continue/break:
	 * the binding reaches only code inside [dead_start, dead_end) */
	uint32_t dead_start, dead_end;
	int state; /* 0 not resolved, 1 resolving (cycle guard), 2 done */
	const char *qname;
	TSNode rhs;
	struct pyval val;
};

struct scope {
	uint32_t parent, start;
	int is_class;
	int is_func; /* a def or lambda: its body runs only when called */
	const char *star; /* module of the last `from M import *`, or NULL */
};

struct hent {
	uint32_t scope, len, last; /* last == NONE_IDX: empty slot */
	const char *name;
};

struct resolver {
	const char *src;
	size_t n;
	const TSLanguage *lang;
	const unsigned char *kinds; /* symbol -> enum kind (shared, read-only) */
	uint32_t nsymbols;
	TSFieldId fields[F__COUNT];
	struct scope *scopes;
	size_t nscopes, ascopes;
	struct binding *b;
	size_t nb, ab;
	struct hent *ht;
	size_t hcap, hused;
	struct wl_arena arena;
	const struct wl_py_sink *sink;
	struct wl_py_stats *stats;
	int star_ok; /* resolving a callee: `from M import *` may supply it */
	struct site {
		TSNode node;
		uint32_t scope;
	} *sites;    /* calls and comments, in source order */
	size_t nsites, asites;
	struct wl_py_callsite *fsites; /* every resolved call, for the flow pass (sink->emit_flow) */
	size_t nfsites, afsites;
	/* traversal state */
	uint32_t cur_scope;
	int cond;
	uint32_t dead_start, dead_end; /* the innermost conditional block that exits (binding.dead_*) */
};

static enum kind kind_of(const struct resolver *r, TSNode n)
{
	TSSymbol s = ts_node_symbol(n);
	return s < r->nsymbols ? (enum kind)r->kinds[s] : K_OTHER;
}

static TSNode field(const struct resolver *r, TSNode n, enum field f)
{
	return ts_node_child_by_field_id(n, r->fields[f]);
}

static const char *node_ptr(const struct resolver *r, TSNode n, uint32_t *len)
{
	return wl_ts_node_bytes(n, r->src, r->n, len);
}

/* A node's source squeezed for messages: whitespace runs become one space,
 * capped at MAX_TEXT bytes (never splitting a UTF-8 sequence). */
static char *snippet(struct resolver *r, TSNode n)
{
	uint32_t len;
	const char *p = node_ptr(r, n, &len);
	return wl_squeeze_text(wl_arena_alloc(&r->arena, MAX_TEXT + 4), MAX_TEXT, p, len);
}

/* ---- scopes and bindings */

static uint32_t scope_push(struct resolver *r, uint32_t parent, TSNode n, int is_class, int is_func)
{
	struct scope *s;
	r->scopes = wl_grow(r->scopes, &r->ascopes, r->nscopes + 1, sizeof(*r->scopes));
	s = &r->scopes[r->nscopes];
	s->parent = parent;
	s->start = ts_node_start_byte(n);
	s->is_class = is_class;
	s->is_func = is_func;
	s->star = NULL;
	return (uint32_t)r->nscopes++;
}

static uint64_t hash_name(uint32_t scope, const char *name, uint32_t len)
{
	uint64_t h = 1469598103934665603ull ^ scope;
	uint32_t i;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
	return h;
}

static struct hent *hfind(struct resolver *r, uint32_t scope, const char *name, uint32_t len, int create)
{
	size_t i;
	if (create && (r->hused + 1) * 2 > r->hcap) {
		size_t ncap = r->hcap ? r->hcap * 2 : 256, k;
		struct hent *nt = wl_malloc(ncap * sizeof(*nt));
		for (k = 0; k < ncap; k++)
			nt[k].last = NONE_IDX;
		for (k = 0; k < r->hcap; k++) {
			struct hent *e = &r->ht[k];
			if (e->last == NONE_IDX)
				continue;
			i = (size_t)hash_name(e->scope, e->name, e->len) & (ncap - 1);
			while (nt[i].last != NONE_IDX)
				i = (i + 1) & (ncap - 1);
			nt[i] = *e;
		}
		free(r->ht);
		r->ht = nt;
		r->hcap = ncap;
	}
	if (!r->hcap)
		return NULL;
	i = (size_t)hash_name(scope, name, len) & (r->hcap - 1);
	while (r->ht[i].last != NONE_IDX) {
		struct hent *e = &r->ht[i];
		if (e->scope == scope && e->len == len && memcmp(e->name, name, len) == 0)
			return e;
		i = (i + 1) & (r->hcap - 1);
	}
	if (!create)
		return NULL;
	r->ht[i].scope = scope;
	r->ht[i].name = name;
	r->ht[i].len = len;
	r->hused++;
	return &r->ht[i]; /* caller sets last */
}

static struct binding *bind(struct resolver *r, uint32_t scope, TSNode name_node, uint32_t pos, enum bkind kind)
{
	struct binding *b;
	struct hent *e;
	uint32_t len;
	const char *name = node_ptr(r, name_node, &len);
	if (!len || len > 256)
		return NULL;
	r->b = wl_grow(r->b, &r->ab, r->nb + 1, sizeof(*r->b));
	b = &r->b[r->nb];
	memset(b, 0, sizeof(*b));
	b->scope = scope;
	b->pos = pos;
	b->name = name;
	b->name_len = len;
	b->kind = kind;
	b->weak = r->cond > 0;
	b->dead_start = r->dead_start;
	b->dead_end = r->dead_end;
	e = hfind(r, scope, name, len, 1);
	b->prev = e->last; /* NONE_IDX for a new entry */
	e->last = (uint32_t)r->nb;
	r->nb++;
	return b;
}

/* ---- names */

static const char *qname_join(struct resolver *r, const char *a, const char *b, size_t blen)
{
	size_t la = strlen(a);
	char *q;
	if (la + 1 + blen > MAX_QNAME)
		return NULL;
	q = wl_arena_alloc(&r->arena, la + blen + 2);
	memcpy(q, a, la);
	q[la] = '.';
	memcpy(q + la + 1, b, blen);
	q[la + 1 + blen] = '\0';
	return q;
}

/* "a.b.c" from a dotted_name node, ignoring comments and spacing. */
static const char *dotted_text(struct resolver *r, TSNode n)
{
	struct wl_buf buf;
	TSTreeCursor c;
	const char *out = NULL;
	uint32_t len;
	if (kind_of(r, n) == K_IDENT) {
		const char *p = node_ptr(r, n, &len);
		return len <= MAX_QNAME ? wl_arena_strndup(&r->arena, p, len) : NULL;
	}
	if (kind_of(r, n) != K_DOTTED_NAME)
		return NULL;
	wl_buf_init(&buf, MAX_QNAME);
	c = ts_tree_cursor_new(n);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&c);
			const char *p;
			if (kind_of(r, ch) != K_IDENT)
				continue;
			p = node_ptr(r, ch, &len);
			if ((buf.len && wl_buf_addch(&buf, '.')) || wl_buf_add(&buf, p, len)) {
				buf.len = 0;
				break;
			}
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	if (buf.len)
		out = wl_arena_strndup(&r->arena, buf.buf, buf.len);
	wl_buf_release(&buf);
	return out;
}

static TSNode first_ident_child(struct resolver *r, TSNode n)
{
	TSTreeCursor c = ts_tree_cursor_new(n);
	TSNode out = { { 0 }, NULL, NULL };
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&c);
			if (kind_of(r, ch) == K_IDENT) {
				out = ch;
				break;
			}
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return out;
}

/* Bind every identifier of a target pattern (`a, (b, *c) = ...`) as unknown. */
static void bind_targets(struct resolver *r, TSNode n, uint32_t pos, int depth)
{
	enum kind k = kind_of(r, n);
	TSTreeCursor c;
	if (ts_node_is_null(n) || depth > 8)
		return;
	if (k == K_IDENT) {
		bind(r, r->cur_scope, n, pos, B_UNKNOWN);
		return;
	}
	if (k != K_PATTERN_LIST && k != K_TUPLE_PATTERN && k != K_LIST_PATTERN && k != K_LIST_SPLAT_PATTERN &&
	    k != K_TUPLE && k != K_LIST && k != K_PAREN && k != K_AS_PATTERN_TARGET && k != K_LIST_SPLAT)
		return;
	c = ts_tree_cursor_new(n);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do
			bind_targets(r, ts_tree_cursor_current_node(&c), pos, depth + 1);
		while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
}

/* ---- literals */

/* Append the value of one string literal node to buf; 1 if it has
 * interpolations (an f-string with {...}). */
static int string_value(struct resolver *r, TSNode n, struct wl_buf *buf)
{
	TSTreeCursor c = ts_tree_cursor_new(n);
	int raw = 0, interp = 0;
	uint32_t len;
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&c);
			enum kind k = kind_of(r, ch);
			const char *p = node_ptr(r, ch, &len);
			uint32_t i;
			if (k == K_STRING_START) {
				for (i = 0; i < len; i++)
					if (p[i] == 'r' || p[i] == 'R')
						raw = 1;
			} else if (k == K_INTERPOLATION) {
				interp = 1;
			} else if (k == K_STRING_CONTENT) {
				/* escapes decoded here, not from child nodes: the grammar's
				 * escape_sequence nesting differs between versions */
				for (i = 0; i < len; i++) {
					char ch2 = p[i];
					if (ch2 != '\\' || raw || i + 1 >= len) {
						wl_buf_addch(buf, ch2);
						continue;
					}
					ch2 = p[++i];
					switch (ch2) {
					case 'n': wl_buf_addch(buf, '\n'); break;
					case 't': wl_buf_addch(buf, '\t'); break;
					case 'r': wl_buf_addch(buf, '\r'); break;
					case '0': wl_buf_addch(buf, '\0'); break;
					case '\n': break; /* line continuation */
					case 'x':
						if (i + 2 < len && wl_hexval(p[i + 1]) >= 0 && wl_hexval(p[i + 2]) >= 0) {
							wl_buf_addch(buf, (char)(wl_hexval(p[i + 1]) * 16 + wl_hexval(p[i + 2])));
							i += 2;
						} else {
							wl_buf_addch(buf, '\\');
							wl_buf_addch(buf, 'x');
						}
						break;
					case '\\': case '\'': case '"':
						wl_buf_addch(buf, ch2);
						break;
					default:
						wl_buf_addch(buf, '\\');
						wl_buf_addch(buf, ch2);
					}
				}
			}
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return interp;
}

static struct pyval literal_value(struct resolver *r, TSNode n)
{
	struct pyval v = { V_UNKNOWN, NULL, 0 };
	struct wl_buf buf;
	int interp = 0;
	wl_buf_init(&buf, 4096);
	if (kind_of(r, n) == K_STRING) {
		interp = string_value(r, n, &buf);
	} else {
		TSTreeCursor c = ts_tree_cursor_new(n);
		if (ts_tree_cursor_goto_first_child(&c)) {
			do {
				TSNode ch = ts_tree_cursor_current_node(&c);
				if (kind_of(r, ch) == K_STRING)
					interp |= string_value(r, ch, &buf);
			} while (ts_tree_cursor_goto_next_sibling(&c));
		}
		ts_tree_cursor_delete(&c);
	}
	if (interp) {
		v.kind = V_FSTR;
		v.s = snippet(r, n);
	} else {
		v.kind = V_STR;
		v.s = wl_arena_strndup(&r->arena, buf.buf, buf.len);
	}
	wl_buf_release(&buf);
	return v;
}

/* ---- resolution */

static struct pyval resolve_expr(struct resolver *r, TSNode n, uint32_t scope, uint32_t pos, int depth);

static struct pyval binding_value(struct resolver *r, uint32_t bi, int depth)
{
	struct binding *b = &r->b[bi];
	struct pyval v = { V_UNKNOWN, NULL, 0 };
	if (b->state == 2)
		return b->val;
	if (b->state == 1)
		return v; /* a cycle: a = b; b = a */
	switch (b->kind) {
	case B_QNAME:
		v.kind = V_QNAME;
		v.s = b->qname;
		break;
	case B_ALIAS:
		b->state = 1;
		v = resolve_expr(r, b->rhs, b->scope, ts_node_start_byte(b->rhs), depth + 1);
		b = &r->b[bi];
		v.via = 1;
		break;
	case B_WITH:
		b->state = 1;
		v = resolve_expr(r, b->rhs, b->scope, ts_node_start_byte(b->rhs), depth + 1);
		b = &r->b[bi];
		if (v.kind != V_CALL || !v.s || !result_root(v.s))
			v.kind = V_UNKNOWN, v.s = NULL;
		v.via = 1;
		break;
	case B_UNKNOWN:
	case B_GLOBAL:
		break;
	}
	b->val = v;
	b->state = 2;
	return v;
}

static struct pyval lookup(struct resolver *r, const char *name, uint32_t len, uint32_t scope, uint32_t pos, int depth);

/*
 * Pick among the bindings of one name in one scope, latest first: an
 * interesting value wins over a later conditional alternative (`try: import
 * cPickle as pickle / except ImportError: pickle = None`); an unconditional
 * binding ends the search. *found = 0 when no binding applies.
 */
static struct pyval pick(struct resolver *r, uint32_t last, uint32_t limit, int *found, int depth)
{
	struct pyval first = { V_UNKNOWN, NULL, 0 };
	uint32_t i = last, later = NONE_IDX;
	int steps = 0, have = 0;
	*found = 0;
	while (i != NONE_IDX && steps++ < MAX_LOOKUP_STEPS) {
		struct binding *b = &r->b[i];
		struct pyval v;
		if (b->pos > limit) {
			later = i;
			i = b->prev;
			continue;
		}
		if (b->dead_end && limit != UINT32_MAX && (limit < b->dead_start || limit >= b->dead_end)) {
			/* assigned in a branch that returns: it never reaches here */
			i = b->prev;
			continue;
		}
		if (b->kind == B_GLOBAL) {
			v = lookup(r, b->name, b->name_len, 0, UINT32_MAX, depth + 1);
		} else {
			v = binding_value(r, i, depth);
		}
		if (v.kind == V_QNAME && (interesting_prefix(v.s) || preferred(v.s))) {
			*found = 1;
			return v;
		}
		if (!have) {
			first = v;
			have = 1;
		}
		if (!r->b[i].weak)
			break;
		i = r->b[i].prev;
	}
	if (!have && later != NONE_IDX) {
		/* used before any binding in this scope: a loop, or code that
		 * would raise; the earliest later binding is the best guess */
		have = 1;
		first = r->b[later].kind == B_GLOBAL ? lookup(r, r->b[later].name, r->b[later].name_len, 0, UINT32_MAX, depth + 1)
						     : binding_value(r, later, depth);
	}
	*found = have;
	return first;
}

static struct pyval lookup(struct resolver *r, const char *name, uint32_t len, uint32_t scope, uint32_t pos, int depth)
{
	struct pyval v = { V_UNKNOWN, NULL, 0 };
	uint32_t s = scope;
	const char *star = NULL;
	int first = 1;
	if (depth > MAX_DEPTH)
		return v;
	for (;;) {
		if (first || !r->scopes[s].is_class) {
			struct hent *e = hfind(r, s, name, len, 0);
			if (e) {
				int found;
				v = pick(r, e->last, first ? pos : UINT32_MAX, &found, depth);
				if (found)
					return v;
			}
			if (!star && r->scopes[s].star)
				star = r->scopes[s].star;
		}
		if (s == 0)
			break;
		s = r->scopes[s].parent;
		first = 0;
	}
	if (star && r->star_ok) {
		/* `from M import *` may bind anything; only names a rule judges
		 * are worth the guess */
		const char *q = qname_join(r, star, name, len);
		if (q && (wl_py_interesting_callee(q) || preferred(q))) {
			v.kind = V_QNAME;
			v.s = q;
			return v;
		}
	}
	if (span_is(name, len, "__builtins__")) {
		v.kind = V_QNAME;
		v.s = "builtins";
		return v;
	}
	if (wl_py_builtin_name(name, len)) {
		v.kind = V_QNAME;
		v.s = qname_join(r, "builtins", name, len);
	}
	return v;
}

/* Positional argument i of a call node (skipping keywords and splats). */
static TSNode call_positional(struct resolver *r, TSNode call, unsigned want, unsigned *npos)
{
	TSNode args = field(r, call, F_ARGUMENTS), out = { { 0 }, NULL, NULL };
	TSTreeCursor c;
	unsigned i = 0;
	*npos = 0;
	if (ts_node_is_null(args) || kind_of(r, args) != K_ARGLIST)
		return out;
	c = ts_tree_cursor_new(args);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&c);
			enum kind k = kind_of(r, ch);
			if (!ts_node_is_named(ch) || k == K_COMMENT || k == K_KEYWORD_ARG || k == K_DICT_SPLAT)
				continue;
			if (k == K_LIST_SPLAT)
				break;
			if (i == want)
				out = ch;
			i++;
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	*npos = i;
	return out;
}

/* The identifier-shaped value of a string literal argument, or NULL. */
static const char *literal_name(struct resolver *r, TSNode n, uint32_t scope, uint32_t pos, int depth)
{
	struct pyval v;
	const char *p;
	if (ts_node_is_null(n))
		return NULL;
	v = resolve_expr(r, n, scope, pos, depth + 1);
	if (v.kind != V_STR || !v.s[0])
		return NULL;
	for (p = v.s; *p; p++)
		if (!is_ident_byte((unsigned char)*p) && *p != '.')
			return NULL;
	return v.s;
}

static struct pyval resolve_call_value(struct resolver *r, TSNode n, uint32_t scope, uint32_t pos, int depth)
{
	struct pyval v = { V_CALL, NULL, 0 };
	struct pyval f = resolve_expr(r, field(r, n, F_FUNCTION), scope, pos, depth + 1);
	if (f.kind != V_QNAME)
		return v;
	v.s = f.s;
	if (strcmp(f.s, "builtins.getattr") == 0) {
		unsigned np;
		TSNode obj = call_positional(r, n, 0, &np);
		TSNode attr = call_positional(r, n, 1, &np);
		const char *lit = literal_name(r, attr, scope, pos, depth);
		if (!ts_node_is_null(obj) && lit && !strchr(lit, '.')) {
			struct pyval o = resolve_expr(r, obj, scope, pos, depth + 1);
			if (o.kind == V_QNAME) {
				const char *q = qname_join(r, o.s, lit, strlen(lit));
				if (q) {
					v.kind = V_QNAME;
					v.s = q;
					v.via = 1;
				}
			}
		}
	} else if (strcmp(f.s, "builtins.__import__") == 0 || strcmp(f.s, "importlib.import_module") == 0 ||
		   strcmp(f.s, "importlib.__import__") == 0) {
		unsigned np;
		const char *lit = literal_name(r, call_positional(r, n, 0, &np), scope, pos, depth);
		if (lit && lit[0] != '.') {
			v.kind = V_QNAME;
			v.via = 1;
			if (strcmp(f.s, "importlib.import_module") == 0) {
				v.s = lit;
			} else {
				/* __import__("a.b") returns the top package a */
				const char *dot = strchr(lit, '.');
				v.s = dot ? wl_arena_strndup(&r->arena, lit, (size_t)(dot - lit)) : lit;
			}
		}
	}
	return v;
}

static struct pyval resolve_expr(struct resolver *r, TSNode n, uint32_t scope, uint32_t pos, int depth)
{
	struct pyval v = { V_UNKNOWN, NULL, 0 };
	uint32_t len;
	const char *p;
	if (ts_node_is_null(n) || depth > MAX_DEPTH)
		return v;
	switch (kind_of(r, n)) {
	case K_IDENT:
		p = node_ptr(r, n, &len);
		return lookup(r, p, len, scope, pos, depth + 1);
	case K_ATTRIBUTE: {
		TSNode attr = field(r, n, F_ATTRIBUTE);
		struct pyval o;
		if (ts_node_is_null(attr))
			return v;
		o = resolve_expr(r, field(r, n, F_OBJECT), scope, pos, depth + 1);
		if (o.kind == V_CALL && o.s && result_root(o.s) && strlen(o.s) + 3 < MAX_QNAME) {
			/* the object a followed call returns: "gradio.Blocks()" */
			size_t lo = strlen(o.s);
			char *q = wl_arena_alloc(&r->arena, lo + 3);
			memcpy(q, o.s, lo);
			memcpy(q + lo, "()", 3);
			o.kind = V_QNAME;
			o.s = q;
		}
		if (o.kind != V_QNAME)
			return v;
		p = node_ptr(r, attr, &len);
		v.s = qname_join(r, o.s, p, len);
		if (v.s) {
			v.kind = V_QNAME;
			v.via = o.via;
		}
		return v;
	}
	case K_CALL:
		return resolve_call_value(r, n, scope, pos, depth);
	case K_PAREN:
		if (ts_node_named_child_count(n) == 1)
			return resolve_expr(r, ts_node_named_child(n, 0), scope, pos, depth + 1);
		return v;
	case K_STRING:
	case K_CONCAT_STRING:
		return literal_value(r, n);
	case K_TRUE:
		v.kind = V_TRUE;
		return v;
	case K_FALSE:
		v.kind = V_FALSE;
		return v;
	case K_NONE:
		v.kind = V_NONE;
		return v;
	case K_INTEGER:
	case K_FLOAT:
		v.kind = V_NUM;
		v.s = snippet(r, n);
		return v;
	default:
		return v;
	}
}

/* ---- pass 1: bindings */

static void collect_import(struct resolver *r, TSNode n, int from)
{
	TSTreeCursor c = ts_tree_cursor_new(n);
	const char *module = NULL;
	int relative = 0;
	uint32_t pos = ts_node_end_byte(n);
	if (from) {
		TSNode m = field(r, n, F_MODULE_NAME);
		if (kind_of(r, m) == K_RELATIVE_IMPORT)
			relative = 1;
		else
			module = dotted_text(r, m);
	}
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&c);
			TSFieldId fid = ts_tree_cursor_current_field_id(&c);
			enum kind k = kind_of(r, ch);
			if (from && k == K_WILDCARD) {
				if (module)
					r->scopes[r->cur_scope].star = module;
				continue;
			}
			if (fid != r->fields[F_NAME])
				continue;
			if (k == K_DOTTED_NAME && !from) {
				/* import a.b.c binds a */
				TSNode head = first_ident_child(r, ch);
				struct binding *b;
				if (ts_node_is_null(head))
					continue;
				b = bind(r, r->cur_scope, head, pos, B_QNAME);
				if (b)
					b->qname = dotted_text(r, head);
			} else if (k == K_DOTTED_NAME || k == K_ALIASED_IMPORT) {
				TSNode name = k == K_ALIASED_IMPORT ? field(r, ch, F_NAME) : ch;
				TSNode target = k == K_ALIASED_IMPORT ? field(r, ch, F_ALIAS) : first_ident_child(r, ch);
				const char *full = dotted_text(r, name), *q = NULL;
				struct binding *b;
				if (ts_node_is_null(target) || kind_of(r, target) != K_IDENT)
					continue;
				if (from) {
					if (module && full)
						q = qname_join(r, module, full, strlen(full));
				} else {
					q = full;
				}
				b = bind(r, r->cur_scope, target, pos, q && !relative ? B_QNAME : B_UNKNOWN);
				if (b)
					b->qname = q;
			}
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
}

static void collect_params(struct resolver *r, TSNode n)
{
	TSTreeCursor c = ts_tree_cursor_new(n);
	uint32_t pos = r->scopes[r->cur_scope].start;
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&c), id = { { 0 }, NULL, NULL };
			switch (kind_of(r, ch)) {
			case K_IDENT:
				id = ch;
				break;
			case K_DEFAULT_PARAM:
			case K_TYPED_DEFAULT_PARAM:
				id = field(r, ch, F_NAME);
				break;
			case K_TYPED_PARAM:
			case K_LIST_SPLAT_PATTERN:
			case K_DICT_SPLAT_PATTERN:
				id = first_ident_child(r, ch);
				if (ts_node_is_null(id) && ts_node_named_child_count(ch) > 0)
					id = first_ident_child(r, ts_node_named_child(ch, 0));
				break;
			default:
				break;
			}
			if (!ts_node_is_null(id) && kind_of(r, id) == K_IDENT)
				bind(r, r->cur_scope, id, pos, B_UNKNOWN);
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
}

static void collect_assignment(struct resolver *r, TSNode n, int augmented)
{
	TSNode left = field(r, n, F_LEFT), right = field(r, n, F_RIGHT);
	uint32_t pos = ts_node_end_byte(n);
	if (ts_node_is_null(left))
		return;
	if (kind_of(r, left) != K_IDENT) {
		bind_targets(r, left, pos, 0);
		return;
	}
	if (ts_node_is_null(right))
		return; /* `x: int` binds nothing */
	if (augmented) {
		bind(r, r->cur_scope, left, pos, B_UNKNOWN);
		return;
	}
	/* a = b = expr: the innermost right side */
	while (kind_of(r, right) == K_ASSIGNMENT) {
		TSNode rr = field(r, right, F_RIGHT);
		if (ts_node_is_null(rr))
			break;
		right = rr;
	}
	{
		struct binding *b = bind(r, r->cur_scope, left, pos, B_ALIAS);
		if (b)
			b->rhs = right;
	}
}

static void collect_enter(struct resolver *r, TSNode n, enum kind k)
{
	switch (k) {
	case K_IMPORT:
		collect_import(r, n, 0);
		break;
	case K_IMPORT_FROM:
		collect_import(r, n, 1);
		break;
	case K_ASSIGNMENT:
		collect_assignment(r, n, 0);
		break;
	case K_AUG_ASSIGNMENT:
		collect_assignment(r, n, 1);
		break;
	case K_NAMED_EXPR: {
		TSNode name = field(r, n, F_NAME);
		if (kind_of(r, name) == K_IDENT) {
			struct binding *b = bind(r, r->cur_scope, name, ts_node_end_byte(n), B_ALIAS);
			if (b)
				b->rhs = field(r, n, F_VALUE);
			if (b && ts_node_is_null(b->rhs))
				b->kind = B_UNKNOWN;
		}
		break;
	}
	case K_FUNCDEF:
	case K_CLASSDEF: {
		TSNode name = field(r, n, F_NAME);
		if (kind_of(r, name) == K_IDENT)
			bind(r, r->cur_scope, name, ts_node_end_byte(n), B_UNKNOWN);
		break;
	}
	case K_PARAMETERS:
	case K_LAMBDA_PARAMS:
		collect_params(r, n);
		break;
	case K_FOR:
	case K_FOR_IN_CLAUSE: {
		TSNode left = field(r, n, F_LEFT);
		if (!ts_node_is_null(left))
			bind_targets(r, left, ts_node_end_byte(left), 0);
		break;
	}
	case K_AS_PATTERN: {
		TSNode alias = field(r, n, F_ALIAS), value = ts_node_named_child(n, 0);
		if (ts_node_is_null(alias))
			break;
		if (kind_of(r, alias) == K_AS_PATTERN_TARGET && ts_node_named_child_count(alias) == 1 &&
		    kind_of(r, ts_node_named_child(alias, 0)) == K_IDENT && !ts_node_is_null(value) &&
		    kind_of(r, value) == K_CALL) {
			struct binding *b = bind(r, r->cur_scope, ts_node_named_child(alias, 0), ts_node_end_byte(alias), B_WITH);
			if (b)
				b->rhs = value;
			break;
		}
		bind_targets(r, alias, ts_node_end_byte(alias), 0);
		break;
	}
	case K_EXCEPT: {
		TSNode alias = field(r, n, F_ALIAS);
		if (!ts_node_is_null(alias))
			bind_targets(r, alias, ts_node_end_byte(alias), 0);
		break;
	}
	case K_GLOBAL: {
		TSTreeCursor c = ts_tree_cursor_new(n);
		if (r->cur_scope != 0 && ts_tree_cursor_goto_first_child(&c)) {
			do {
				TSNode ch = ts_tree_cursor_current_node(&c);
				if (kind_of(r, ch) == K_IDENT)
					bind(r, r->cur_scope, ch, r->scopes[r->cur_scope].start, B_GLOBAL);
			} while (ts_tree_cursor_goto_next_sibling(&c));
		}
		ts_tree_cursor_delete(&c);
		break;
	}
	default:
		break;
	}
}

/* ---- pass 2: calls */

static void *sink_alloc(struct resolver *r, size_t n)
{
	void *p = r->sink->alloc(r->sink->user, n);
	memset(p, 0, n);
	return p;
}

static const char *sink_strdup(struct resolver *r, const char *s)
{
	size_t len = strlen(s);
	char *p = r->sink->alloc(r->sink->user, len + 1);
	memcpy(p, s, len + 1);
	return p;
}

static void locate(struct resolver *r, TSNode n, struct wl_loc *out)
{
	TSPoint a = ts_node_start_point(n), b = ts_node_end_point(n);
	r->sink->locate(r->sink->user, ts_node_start_byte(n), ts_node_end_byte(n), a.row, a.column, b.row,
			b.column, out);
}

static void locate_point(struct resolver *r, TSNode n, struct wl_loc *out)
{
	TSPoint a = ts_node_start_point(n);
	uint32_t s = ts_node_start_byte(n);
	r->sink->locate(r->sink->user, s, s, a.row, a.column, a.row, a.column, out);
}

static int call_has_interesting_keyword(struct resolver *r, TSNode args)
{
	TSTreeCursor c;
	int hit = 0;
	if (ts_node_is_null(args) || kind_of(r, args) != K_ARGLIST)
		return 0;
	c = ts_tree_cursor_new(args);
	if (ts_tree_cursor_goto_first_child(&c)) {
		do {
			TSNode ch = ts_tree_cursor_current_node(&c), name;
			uint32_t len;
			const char *p;
			if (kind_of(r, ch) != K_KEYWORD_ARG)
				continue;
			name = field(r, ch, F_NAME);
			if (ts_node_is_null(name))
				continue;
			p = node_ptr(r, name, &len);
			if (wl_py_interesting_keyword(p, len)) {
				hit = 1;
				break;
			}
		} while (ts_tree_cursor_goto_next_sibling(&c));
	}
	ts_tree_cursor_delete(&c);
	return hit;
}

/* ---- allow-list guards: `if d in ("float16", "bfloat16"): eval(f"torch.{d}")` */

static int is_type(TSNode n, const char *t)
{
	return !ts_node_is_null(n) && !strcmp(ts_node_type(n), t);
}

/* A tuple, list or set of plain string literals (no f-strings). */
static int literal_strings(TSNode n)
{
	uint32_t i, k, count = ts_node_named_child_count(n);
	if (!(is_type(n, "tuple") || is_type(n, "list") || is_type(n, "set")) || !count)
		return 0;
	for (i = 0; i < count; i++) {
		TSNode s = ts_node_named_child(n, i);
		if (!is_type(s, "string"))
			return 0;
		for (k = 0; k < ts_node_named_child_count(s); k++)
			if (is_type(ts_node_named_child(s, k), "interpolation"))
				return 0;
	}
	return 1;
}

static int same_name(const struct resolver *r, TSNode a, const char *name, uint32_t len)
{
	uint32_t l;
	const char *p;
	if (!is_type(a, "identifier"))
		return 0;
	p = node_ptr(r, a, &l);
	return l == len && !memcmp(p, name, len);
}

/* Is `name` checked against literal strings by an if around `at` (in its
 * body, not its else)? Stops at the enclosing function. */
static int name_allowlisted(const struct resolver *r, TSNode at, const char *name, uint32_t len)
{
	TSNode child = at, n = ts_node_parent(at);
	int depth = 0;
	while (!ts_node_is_null(n) && depth++ < 64) {
		if (is_type(n, "function_definition") || is_type(n, "lambda") || is_type(n, "class_definition"))
			return 0;
		if (is_type(n, "if_statement")) {
			TSNode cond = ts_node_child_by_field_name(n, "condition", 9);
			TSNode body = ts_node_child_by_field_name(n, "consequence", 11);
			if (!ts_node_is_null(body) && ts_node_eq(body, child) && is_type(cond, "comparison_operator") &&
			    ts_node_child_count(cond) == 3) {
				TSNode lhs = ts_node_child(cond, 0), op = ts_node_child(cond, 1), rhs = ts_node_child(cond, 2);
				if (is_type(op, "in") && same_name(r, lhs, name, len) && literal_strings(rhs))
					return 1;
			}
		}
		child = n;
		n = ts_node_parent(n);
	}
	return 0;
}

/* A variable, or an f-string whose every {field} is a plain name: are all
 * of those names allow-listed around the call? */
static int value_allowlisted(const struct resolver *r, TSNode value)
{
	uint32_t i, k, len, names = 0;
	const char *p;
	if (is_type(value, "identifier")) {
		p = node_ptr(r, value, &len);
		return name_allowlisted(r, value, p, len);
	}
	if (!is_type(value, "string"))
		return 0;
	for (i = 0; i < ts_node_named_child_count(value); i++) {
		TSNode ip = ts_node_named_child(value, i), e = ip;
		int nexpr = 0;
		if (!is_type(ip, "interpolation"))
			continue;
		for (k = 0; k < ts_node_named_child_count(ip); k++) {
			TSNode ch = ts_node_named_child(ip, k);
			if (is_type(ch, "format_specifier") || is_type(ch, "type_conversion"))
				continue;
			e = ch;
			nexpr++;
		}
		if (nexpr != 1 || !is_type(e, "identifier"))
			return 0;
		p = node_ptr(r, e, &len);
		if (!name_allowlisted(r, value, p, len))
			return 0;
		names++;
	}
	return names > 0;
}

static void arg_fill(struct resolver *r, struct wl_arg *a, TSNode value, uint32_t scope, uint32_t pos)
{
	struct pyval v = resolve_expr(r, value, scope, pos, 0);
	int is_name = kind_of(r, value) == K_IDENT;
	a->via_name = is_name && v.kind != V_UNKNOWN && v.kind != V_QNAME;
	switch (v.kind) {
	case V_STR: a->kind = WL_ARG_STRING; break;
	case V_FSTR: a->kind = WL_ARG_FSTRING; break;
	case V_TRUE: a->kind = WL_ARG_TRUE; break;
	case V_FALSE: a->kind = WL_ARG_FALSE; break;
	case V_NONE: a->kind = WL_ARG_NONE; break;
	case V_NUM: a->kind = WL_ARG_NUMBER; break;
	case V_QNAME: a->kind = WL_ARG_NAME; break;
	case V_CALL: a->kind = WL_ARG_CALL; break;
	case V_UNKNOWN: a->kind = is_name ? WL_ARG_VARIABLE : WL_ARG_OTHER; break;
	}
	if ((v.kind == V_STR || v.kind == V_QNAME || v.kind == V_CALL) && v.s)
		a->text = sink_strdup(r, v.s);
	else if (v.kind == V_CALL && kind_of(r, value) == K_CALL)
		a->text = sink_strdup(r, snippet(r, field(r, value, F_FUNCTION)));
	else
		a->text = sink_strdup(r, snippet(r, value));
	a->allowlisted = (v.kind == V_FSTR || v.kind == V_UNKNOWN) && value_allowlisted(r, value);
	locate(r, value, &a->loc);
}

/* Record a call for the flow pass: its callee, and the call that made the
 * instance its callee is rooted at (`c.chat.create`, c = OpenAI()). */
static void flow_site(struct resolver *r, TSNode n, TSNode f, const char *callee, struct pyval cv, uint32_t scope,
		      uint32_t pos)
{
	struct wl_py_callsite *s;
	const char *inst = NULL;
	if (cv.kind == V_CALL) {
		inst = cv.s;
	} else if (!callee && kind_of(r, f) == K_ATTRIBUTE) {
		TSNode root = f;
		int d = 0;
		while (kind_of(r, root) == K_ATTRIBUTE && d++ < MAX_DEPTH)
			root = field(r, root, F_OBJECT);
		if (!ts_node_is_null(root)) {
			struct pyval v = resolve_expr(r, root, scope, pos, 0);
			if (v.kind == V_CALL)
				inst = v.s;
		}
	}
	r->fsites = wl_grow(r->fsites, &r->afsites, r->nfsites + 1, sizeof(*r->fsites));
	s = &r->fsites[r->nfsites++];
	s->start = ts_node_start_byte(n);
	s->end = ts_node_end_byte(n);
	s->callee = callee;
	s->instance_of = inst;
}

static void handle_call(struct resolver *r, TSNode n, uint32_t scope)
{
	TSNode f = field(r, n, F_FUNCTION), args = field(r, n, F_ARGUMENTS), mnode = { { 0 }, NULL, NULL };
	uint32_t pos = ts_node_start_byte(n), len = 0;
	struct pyval cv;
	const char *method = NULL, *callee;
	struct wl_call *call;
	struct wl_arg argv[MAX_ARGS];
	size_t nargs = 0;
	struct wl_loc loc;
	enum kind fk;

	r->stats->calls_seen++;
	if (ts_node_is_null(f))
		return;
	r->star_ok = 1;
	cv = resolve_expr(r, f, scope, pos, 0);
	r->star_ok = 0;
	callee = cv.kind == V_QNAME ? cv.s : NULL;
	fk = kind_of(r, f);
	if (r->sink->emit_flow)
		flow_site(r, n, f, callee, cv, scope, pos);
	if (fk == K_ATTRIBUTE)
		mnode = field(r, f, F_ATTRIBUTE);
	else if (fk == K_IDENT)
		mnode = f;
	if (!ts_node_is_null(mnode))
		method = node_ptr(r, mnode, &len);
	if (!(callee && wl_py_interesting_callee(callee)) && !(method && wl_py_interesting_method(method, len)) &&
	    !call_has_interesting_keyword(r, args) && !(callee && r->sink->all_resolved))
		return;
	if (r->sink->max_calls && r->stats->calls_emitted >= r->sink->max_calls) {
		r->stats->truncated = 1;
		return;
	}

	call = sink_alloc(r, sizeof(*call));
	call->callee = callee ? sink_strdup(r, callee) : NULL;
	call->via_alias = cv.via;
	call->written = sink_strdup(r, snippet(r, f));
	if (method) {
		char *m = r->sink->alloc(r->sink->user, len + 1);
		memcpy(m, method, len);
		m[len] = '\0';
		call->method = m;
		locate(r, mnode, &call->method_loc);
	} else if (callee) {
		const char *dot = strrchr(callee, '.');
		call->method = sink_strdup(r, dot ? dot + 1 : callee);
	} else {
		call->method = "";
	}
	if (!ts_node_is_null(args) && kind_of(r, args) == K_ARGLIST) {
		TSTreeCursor c = ts_tree_cursor_new(args);
		TSNode prev = { { 0 }, NULL, NULL };
		if (ts_tree_cursor_goto_first_child(&c)) {
			do {
				TSNode ch = ts_tree_cursor_current_node(&c);
				enum kind k = kind_of(r, ch);
				if (k == K_RPAREN && !ts_node_is_missing(ch)) {
					locate_point(r, ch, &call->close_paren);
					call->args_trailing_comma = !ts_node_is_null(prev) && kind_of(r, prev) == K_COMMA;
				}
				if (k != K_COMMENT)
					prev = ch;
				if (!ts_node_is_named(ch) || k == K_COMMENT)
					continue;
				if (k == K_LIST_SPLAT) {
					call->has_star_args = 1;
					continue;
				}
				if (k == K_DICT_SPLAT) {
					call->has_star_kwargs = 1;
					continue;
				}
				if (nargs >= MAX_ARGS)
					continue;
				memset(&argv[nargs], 0, sizeof(argv[nargs]));
				if (k == K_KEYWORD_ARG) {
					TSNode name = field(r, ch, F_NAME), value = field(r, ch, F_VALUE);
					uint32_t nl;
					const char *np;
					char *kw;
					if (ts_node_is_null(name) || ts_node_is_null(value))
						continue;
					np = node_ptr(r, name, &nl);
					kw = r->sink->alloc(r->sink->user, nl + 1);
					memcpy(kw, np, nl);
					kw[nl] = '\0';
					argv[nargs].keyword = kw;
					arg_fill(r, &argv[nargs], value, scope, pos);
				} else {
					arg_fill(r, &argv[nargs], ch, scope, pos);
				}
				nargs++;
			} while (ts_tree_cursor_goto_next_sibling(&c));
		}
		ts_tree_cursor_delete(&c);
	}
	if (nargs) {
		struct wl_arg *a = r->sink->alloc(r->sink->user, nargs * sizeof(*a));
		memcpy(a, argv, nargs * sizeof(*a));
		call->args = a;
	}
	call->nargs = nargs;
	{
		uint32_t sc = scope, steps = 0;
		while (sc && steps++ < 4096 && !r->scopes[sc].is_func)
			sc = r->scopes[sc].parent;
		call->in_function = sc != 0 && r->scopes[sc].is_func;
	}
	locate(r, n, &loc);
	r->sink->emit(r->sink->user, call, &loc);
	r->stats->calls_emitted++;
}

/* ---- stores and classes: statements that act like one call */

static int interesting_store(const char *q)
{
	const struct wl_py_row *r;
	for (r = INTEREST.stores; r->name; r++)
		if (strcmp(q, r->name) == 0)
			return 1;
	return 0;
}

static int emit_ready(struct resolver *r)
{
	if (r->sink->max_calls && r->stats->calls_emitted >= r->sink->max_calls) {
		r->stats->truncated = 1;
		return 0;
	}
	return 1;
}

static struct wl_call *new_form(struct resolver *r, enum wl_call_form form, const char *callee, const char *written)
{
	struct wl_call *call = sink_alloc(r, sizeof(*call));
	const char *dot = strrchr(callee, '.');
	memset(call, 0, sizeof(*call));
	call->form = form;
	call->callee = sink_strdup(r, callee);
	call->written = sink_strdup(r, written);
	call->method = sink_strdup(r, dot ? dot + 1 : callee);
	return call;
}

/* `datasets.config.X = v`, `os.environ["X"] = v`: WL_FORM_STORE. */
static void handle_store(struct resolver *r, TSNode n, uint32_t scope)
{
	TSNode left = field(r, n, F_LEFT), right = field(r, n, F_RIGHT);
	uint32_t pos = ts_node_start_byte(n);
	const char *q = NULL;
	struct wl_call *call;
	struct wl_arg *a;
	struct wl_loc loc;
	if (kind_of(r, left) == K_ATTRIBUTE) {
		struct pyval v = resolve_expr(r, left, scope, pos, 0);
		if (v.kind == V_QNAME)
			q = v.s;
	} else {
		struct pyval o = resolve_expr(r, field(r, left, F_VALUE), scope, pos, 0);
		struct pyval key = resolve_expr(r, field(r, left, F_SUBSCRIPT), scope, pos, 0);
		if (o.kind == V_QNAME && key.kind == V_STR && key.s)
			q = qname_join(r, o.s, key.s, strlen(key.s));
	}
	if (!q || !interesting_store(q) || !emit_ready(r))
		return;
	while (kind_of(r, right) == K_ASSIGNMENT && !ts_node_is_null(field(r, right, F_RIGHT)))
		right = field(r, right, F_RIGHT);
	call = new_form(r, WL_FORM_STORE, q, snippet(r, left));
	if (!ts_node_is_null(right)) {
		a = sink_alloc(r, sizeof(*a));
		memset(a, 0, sizeof(*a));
		arg_fill(r, a, right, scope, pos);
		call->args = a;
		call->nargs = 1;
	}
	locate(r, n, &loc);
	r->sink->emit(r->sink->user, call, &loc);
	r->stats->calls_emitted++;
}

/* Is `call` the base class's find_class: `super().find_class(...)`,
 * `super(C, self).find_class(...)` or `<base>.find_class(self, ...)`? */
static int calls_base_method(struct resolver *r, TSNode call, const char *base, const char *method,
			     uint32_t scope, uint32_t pos)
{
	TSNode f = field(r, call, F_FUNCTION), obj, attr;
	uint32_t len;
	const char *p;
	if (kind_of(r, f) != K_ATTRIBUTE)
		return 0;
	attr = field(r, f, F_ATTRIBUTE);
	p = node_ptr(r, attr, &len);
	if (!span_is(p, len, method))
		return 0;
	obj = field(r, f, F_OBJECT);
	if (kind_of(r, obj) == K_CALL) {
		TSNode sf = field(r, obj, F_FUNCTION);
		p = node_ptr(r, sf, &len);
		return kind_of(r, sf) == K_IDENT && span_is(p, len, "super");
	}
	{
		struct pyval v = resolve_expr(r, obj, scope, pos, 0);
		return v.kind == V_QNAME && strcmp(v.s, base) == 0;
	}
}

/* The last statement of a block, comments skipped. */
static TSNode last_statement(struct resolver *r, TSNode block)
{
	uint32_t n = ts_node_named_child_count(block);
	while (n > 0) {
		TSNode last = ts_node_named_child(block, n - 1);
		if (kind_of(r, last) != K_COMMENT)
			return last;
		n--;
	}
	return (TSNode){ { 0 }, NULL, NULL };
}

/* A subclass of an interesting `Unpickler` whose find_class ends by
 * returning the base class's find_class: WL_FORM_FALLBACK. */
static void handle_class(struct resolver *r, TSNode n, uint32_t scope)
{
	TSNode sup = field(r, n, F_SUPERCLASSES), body = field(r, n, F_BODY), name = field(r, n, F_NAME);
	uint32_t pos = ts_node_start_byte(n), i, cnt, len;
	const char *base = NULL, *p;
	cnt = ts_node_named_child_count(sup);
	for (i = 0; i < cnt && !base; i++) {
		struct pyval v = resolve_expr(r, ts_node_named_child(sup, i), scope, pos, 0);
		if (v.kind == V_QNAME && wl_ends_with(v.s, ".Unpickler") && wl_py_interesting_callee(v.s))
			base = v.s;
	}
	if (!base || ts_node_is_null(body))
		return;
	cnt = ts_node_named_child_count(body);
	for (i = 0; i < cnt; i++) {
		TSNode d = ts_node_named_child(body, i), ret, val;
		char written[MAX_QNAME], callee[MAX_QNAME];
		struct wl_call *call;
		struct wl_loc loc;
		if (kind_of(r, d) != K_FUNCDEF)
			continue;
		p = node_ptr(r, field(r, d, F_NAME), &len);
		if (!span_is(p, len, "find_class"))
			continue;
		ret = last_statement(r, field(r, d, F_BODY));
		if (ts_node_is_null(ret) || kind_of(r, ret) != K_RETURN || ts_node_named_child_count(ret) != 1)
			continue;
		val = ts_node_named_child(ret, 0);
		if (kind_of(r, val) != K_CALL ||
		    !calls_base_method(r, val, base, "find_class", scope, ts_node_start_byte(ret)) || !emit_ready(r))
			continue;
		p = node_ptr(r, name, &len);
		snprintf(written, sizeof(written), "%.*s.find_class", (int)(len > 200 ? 200 : len), p);
		snprintf(callee, sizeof(callee), "%s.find_class", base);
		call = new_form(r, WL_FORM_FALLBACK, callee, written);
		locate(r, ret, &loc);
		r->sink->emit(r->sink->user, call, &loc);
		r->stats->calls_emitted++;
	}
}

/* ---- comments: tell the engine where suppressions can be */

static int has_marker(const char *p, uint32_t len)
{
	uint32_t i;
	for (i = 0; i + 5 <= len; i++) {
		char c = (char)(p[i] | 32);
		if (c == 'n' && (strncasecmp(p + i, "nosec", 5) == 0 || strncasecmp(p + i, "noqa", 4) == 0))
			return 1;
		if (c == 'w' && i + 8 <= len && strncasecmp(p + i, "weaklink", 8) == 0)
			return 1;
	}
	return 0;
}

static void note_comment(struct resolver *r, TSNode n)
{
	uint32_t len;
	const char *p = node_ptr(r, n, &len);
	TSPoint a;
	if (!has_marker(p, len))
		return;
	a = ts_node_start_point(n);
	r->sink->comment(r->sink->user, ts_node_start_byte(n), a.row, a.column);
}

/* ---- traversal */

static int opens_scope(enum kind k)
{
	return k == K_FUNCDEF || k == K_CLASSDEF || k == K_LAMBDA || k == K_LIST_COMP || k == K_DICT_COMP ||
	       k == K_SET_COMP || k == K_GEN_EXPR;
}

static int is_conditional(enum kind k)
{
	return k == K_IF || k == K_TRY || k == K_FOR || k == K_WHILE || k == K_MATCH;
}

struct frame {
	uint32_t scope;
	int cond;
	int pushed;
	uint32_t dead_start, dead_end;
};

/* A block whose last statement leaves it (return, raise, continue, break). */
static int block_exits(struct resolver *r, TSNode block)
{
	uint32_t n = ts_node_named_child_count(block);
	while (n > 0) {
		TSNode last = ts_node_named_child(block, n - 1);
		enum kind k = kind_of(r, last);
		if (k == K_COMMENT) {
			n--;
			continue;
		}
		return k == K_EXIT || k == K_RETURN;
	}
	return 0;
}

/* Assignments to an attribute or a subscript, and classes with bases, are
 * visited in pass 2 too (handle_store, handle_class). */
static int store_or_class_site(struct resolver *r, TSNode n, enum kind k)
{
	uint32_t len;
	const char *p;
	const struct wl_py_row *st;
	if (k == K_ASSIGNMENT) {
		TSNode left = field(r, n, F_LEFT);
		enum kind lk = kind_of(r, left);
		if (lk != K_ATTRIBUTE && lk != K_SUBSCRIPT)
			return 0;
		/* cheap: the target's text names the last part of a judged target
		 * (`self.x = ...` is everywhere) */
		p = node_ptr(r, left, &len);
		for (st = INTEREST.stores; st->name; st++) {
			const char *last = strrchr(st->name, '.') + 1;
			if (memmem(p, len, last, strlen(last)))
				return 1;
		}
		return 0;
	}
	/* a class with bases (one may be an alias of an Unpickler) */
	return k == K_CLASSDEF && !ts_node_is_null(field(r, n, F_SUPERCLASSES));
}

/* Pass 1: an iterative pre-order walk that records bindings, scopes, and
 * the call and comment sites that pass 2 resolves. */
static void walk(struct resolver *r, TSNode root)
{
	TSTreeCursor c = ts_tree_cursor_new(root);
	struct frame *stack = NULL;
	size_t depth = 0, alloc = 0;

	r->cur_scope = 0;
	r->cond = 0;
	r->dead_start = r->dead_end = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&c);
		enum kind k = kind_of(r, n);
		stack = wl_grow(stack, &alloc, depth + 1, sizeof(*stack));
		stack[depth].scope = r->cur_scope;
		stack[depth].cond = r->cond;
		stack[depth].pushed = 0;
		stack[depth].dead_start = r->dead_start;
		stack[depth].dead_end = r->dead_end;
		collect_enter(r, n, k);
		if (k == K_CALL || (k == K_COMMENT && r->sink->comment) || store_or_class_site(r, n, k)) {
			/* visited again, in this order, once every binding is known */
			r->sites = wl_grow(r->sites, &r->asites, r->nsites + 1, sizeof(*r->sites));
			r->sites[r->nsites].node = n;
			r->sites[r->nsites].scope = r->cur_scope;
			r->nsites++;
		}
		if (opens_scope(k)) {
			r->cur_scope = scope_push(r, r->cur_scope, n, k == K_CLASSDEF, k == K_FUNCDEF || k == K_LAMBDA);
			r->cond = 0;
			r->dead_start = r->dead_end = 0;
		} else if (is_conditional(k)) {
			r->cond++;
		} else if (k == K_BLOCK && r->cond > 0 && block_exits(r, n)) {
			r->dead_start = ts_node_start_byte(n);
			r->dead_end = ts_node_end_byte(n);
		}
		/* a plain string, or an expression without a call, binding or
		 * scope, holds nothing to record */
		if (!wl_py_quiet(ts_node_symbol(n), ts_node_start_byte(n), ts_node_end_byte(n), r->src, r->n) &&
		    ts_tree_cursor_goto_first_child(&c)) {
			depth++;
			continue;
		}
		for (;;) {
			r->cur_scope = stack[depth].scope;
			r->cond = stack[depth].cond;
			r->dead_start = stack[depth].dead_start;
			r->dead_end = stack[depth].dead_end;
			if (ts_tree_cursor_goto_next_sibling(&c))
				break;
			if (depth == 0 || !ts_tree_cursor_goto_parent(&c))
				goto done;
			depth--;
		}
	}
done:
	free(stack);
	ts_tree_cursor_delete(&c);
}

/* symbol -> kind and field ids depend only on the grammar: computed once
 * (the grammar is fixed for the run) and shared read-only by the workers */
static pthread_mutex_t kinds_lock = PTHREAD_MUTEX_INITIALIZER;
static const TSLanguage *kinds_lang;
static unsigned char *kinds_table;
static unsigned char *quiet_table; /* symbol -> QUIET_EXPR or QUIET_STRING: wl_py_quiet may skip it */
static uint32_t kinds_count;
enum { QUIET_EXPR = 1, QUIET_STRING = 2 };

/* Expressions that hold a call, a binding, a scope or a comment only with
 * one of quiet_text's markers in their text; a string (QUIET_STRING) holds
 * none either without an f prefix. */
static const char *const quiet_kinds[] = {
	"attribute", "subscript", "binary_operator", "boolean_operator", "comparison_operator", "unary_operator",
	"not_operator", "parenthesized_expression", "tuple", "list", "set", "dictionary", "pair",
	"conditional_expression", "slice", "expression_list", "keyword_argument", "concatenated_string",
};
static TSFieldId kinds_fields[F__COUNT];

static void resolver_init(struct resolver *r, const TSTree *tree, const char *src, size_t n)
{
	uint32_t i;
	size_t j;
	memset(r, 0, sizeof(*r));
	r->src = src;
	r->n = n;
	r->lang = ts_tree_language(tree);
	pthread_mutex_lock(&kinds_lock);
	if (kinds_lang != r->lang) {
		uint32_t count = ts_language_symbol_count(r->lang);
		unsigned char *kinds = wl_calloc(count ? count : 1, 1);
		for (i = 0; i < count; i++) {
			const char *name = ts_language_symbol_name(r->lang, (TSSymbol)i);
			int named = ts_language_symbol_type(r->lang, (TSSymbol)i) == TSSymbolTypeRegular;
			if (!name)
				continue;
			for (j = 0; j < WL_ARRAY_SIZE(kind_names); j++)
				if (kind_names[j].named == named && strcmp(kind_names[j].name, name) == 0)
					kinds[i] = (unsigned char)kind_names[j].kind;
		}
		for (j = 0; j < F__COUNT; j++)
			kinds_fields[j] = ts_language_field_id_for_name(r->lang, field_names[j],
									 (uint32_t)strlen(field_names[j]));
		free(quiet_table);
		quiet_table = wl_calloc(count ? count : 1, 1);
		for (i = 0; i < count; i++) {
			const char *name = ts_language_symbol_name(r->lang, (TSSymbol)i);
			if (!name || ts_language_symbol_type(r->lang, (TSSymbol)i) != TSSymbolTypeRegular)
				continue;
			for (j = 0; j < WL_ARRAY_SIZE(quiet_kinds); j++)
				if (strcmp(quiet_kinds[j], name) == 0)
					quiet_table[i] = QUIET_EXPR;
			if (strcmp(name, "string") == 0)
				quiet_table[i] = QUIET_STRING;
		}
		free(kinds_table); /* only ever one grammar: this runs once */
		kinds_table = kinds;
		kinds_count = count;
		kinds_lang = r->lang;
	}
	r->kinds = kinds_table;
	r->nsymbols = kinds_count;
	memcpy(r->fields, kinds_fields, sizeof(r->fields));
	pthread_mutex_unlock(&kinds_lock);
}

/* Does p[0..n) hold none of what can make a call, a binding, a scope or a
 * comment inside an expression: '(', ':=', '#', the words for and lambda? */
static int quiet_text(const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		if (c == '(' || c == '#' || (c == ':' && i + 1 < n && p[i + 1] == '='))
			return 0;
		if (is_ident_byte(c) || c >= 0x80) {
			size_t j = i;
			while (j < n && (is_ident_byte((unsigned char)p[j]) || (unsigned char)p[j] >= 0x80))
				j++;
			if ((j - i == 3 && memcmp(p + i, "for", 3) == 0) || (j - i == 6 && memcmp(p + i, "lambda", 6) == 0))
				return 0;
			i = j;
			continue;
		}
		i++;
	}
	return 1;
}

int wl_py_quiet(uint16_t symbol, uint32_t start, uint32_t end, const char *src, size_t len)
{
	if (!quiet_table || symbol >= kinds_count || !quiet_table[symbol] || start > end || end > len)
		return 0;
	if (quiet_table[symbol] == QUIET_STRING && !wl_py_string_may_interpolate(src + start, src + end))
		return 1; /* a plain string's children are its text */
	return quiet_text(src + start, end - start);
}

int wl_py_resolve(const struct TSTree *tree, const char *src, size_t n, const struct wl_py_sink *sink,
		  struct wl_py_stats *stats)
{
	struct resolver r;
	struct wl_py_stats local;
	TSNode root = ts_tree_root_node(tree);
	if (!stats)
		stats = &local;
	memset(stats, 0, sizeof(*stats));
	resolver_init(&r, tree, src, n);
	r.sink = sink;
	r.stats = stats;
	scope_push(&r, 0, root, 0, 0);
	walk(&r, root);
	if (sink->module_name) {
		size_t i;
		for (i = 0; i < r.nb; i++) {
			struct pyval v;
			if (r.b[i].scope != 0 || r.b[i].kind == B_GLOBAL || r.b[i].kind == B_UNKNOWN || r.b[i].kind == B_WITH)
				continue;
			v = binding_value(&r, (uint32_t)i, 0);
			if (v.kind == V_QNAME && interesting_prefix(v.s) && !members_are_triggers(v.s)) {
				if (sink->module_qname)
					sink->module_qname(sink->user, r.b[i].name, r.b[i].name_len, v.s);
				else
					sink->module_name(sink->user, r.b[i].name, r.b[i].name_len);
			}
		}
		if (r.scopes[0].star && (interesting_prefix(r.scopes[0].star) || preferred(r.scopes[0].star)))
			sink->module_name(sink->user, "*", 1);
	}
	if (!sink->bindings_only) {
		size_t i;
		for (i = 0; i < r.nsites; i++) {
			enum kind k = kind_of(&r, r.sites[i].node);
			if (k == K_CALL)
				handle_call(&r, r.sites[i].node, r.sites[i].scope);
			else if (k == K_ASSIGNMENT)
				handle_store(&r, r.sites[i].node, r.sites[i].scope);
			else if (k == K_CLASSDEF)
				handle_class(&r, r.sites[i].node, r.sites[i].scope);
			else
				note_comment(&r, r.sites[i].node);
		}
		if (sink->emit_flow)
			wl_py_flow(tree, src, n, sink, r.fsites, r.nfsites);
	}
	free(r.fsites);
	free(r.sites);
	free(r.scopes);
	free(r.b);
	free(r.ht);
	wl_arena_release(&r.arena);
	return 0;
}

/* ---- argument helpers (facts_code.h) */

const struct wl_arg *wl_call_positional(const struct wl_call *c, size_t i)
{
	size_t k, seen = 0;
	for (k = 0; k < c->nargs; k++) {
		if (c->args[k].keyword)
			continue;
		if (seen++ == i)
			return &c->args[k];
	}
	return NULL;
}

const struct wl_arg *wl_call_keyword(const struct wl_call *c, const char *kw)
{
	size_t k;
	for (k = 0; k < c->nargs; k++)
		if (c->args[k].keyword && strcmp(c->args[k].keyword, kw) == 0)
			return &c->args[k];
	return NULL;
}

const struct wl_arg *wl_call_arg(const struct wl_call *c, size_t i, const char *kw)
{
	const struct wl_arg *a = kw ? wl_call_keyword(c, kw) : NULL;
	return a ? a : wl_call_positional(c, i);
}
