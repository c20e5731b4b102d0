/*
 * pyresolve.h - per-file name resolution for Python on a tree-sitter tree,
 * shared by the .py scanner (python.c) and the notebook scanner
 * (notebook.c). It turns call sites into struct wl_call records: what each
 * callee resolves to through imports, aliases, try/except ImportError,
 * same-scope assignments and getattr with a literal. It never judges a call.
 */
#ifndef WL_PYRESOLVE_H
#define WL_PYRESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "facts_code.h"

struct TSTree;

/* Where resolved calls go. alloc() memory must outlive the resolver (facts
 * live in the ctx arena); it need not be zeroed. locate() maps a byte range
 * of the parsed buffer (with tree-sitter's points) to a location in the file
 * (the notebook scanner maps back into the .ipynb). */
struct wl_py_sink {
	void *user;
	void *(*alloc)(void *user, size_t n);
	void (*emit)(void *user, const struct wl_call *call, const struct wl_loc *loc);
	void (*locate)(void *user, uint32_t start_byte, uint32_t end_byte,
		       uint32_t start_row, uint32_t start_col,
		       uint32_t end_row, uint32_t end_col, struct wl_loc *out);
	/* a comment that may carry a suppression (`# nosec`, `# weaklink:`),
	 * at byte `start` of the buffer (row/col 0-based); may be NULL */
	void (*comment)(void *user, uint32_t start, uint32_t row, uint32_t col);
	size_t max_calls; /* stop emitting after this many (0: no limit) */
	/* Optional: each module-level name bound to something a rule may judge
	 * (`pk` after `import pickle as pk`); "*" for an interesting star import.
	 * With bindings_only, resolution stops there and emits no call. */
	void (*module_name)(void *user, const char *name, size_t len);
	int bindings_only;
	/* Optional: as module_name, with the qualified name the binding holds
	 * (only valid during the call); when set it replaces module_name for
	 * named bindings ("*" still goes to module_name). */
	void (*module_qname)(void *user, const char *name, size_t len, const char *qname);
	/* Emit every call whose callee resolves, interesting or not (setup.py:
	 * what runs at install time is judged on any callee). */
	int all_resolved;
	/* Optional: data-flow facts (pyflow.c). When set, the resolver hands
	 * every call it resolved to the flow pass after its own facts. */
	void (*emit_flow)(void *user, const struct wl_flow *flow, const struct wl_loc *loc);
};

/* One call as the resolver saw it, for the flow pass: what the callee
 * resolves to (NULL when it does not), and for a callee rooted at an
 * instance (`c.chat.completions.create` after `c = OpenAI()`, `pipe(x)`
 * after `pipe = pipeline(...)`) the qualified name of the call that made it. */
struct wl_py_callsite {
	uint32_t start, end; /* bytes of the call node */
	const char *callee;
	const char *instance_of;
};

/* Result counters of one resolve run. */
struct wl_py_stats {
	size_t calls_seen;    /* call nodes visited */
	size_t calls_emitted; /* facts handed to the sink */
	int truncated;        /* max_calls was reached */
};

/*
 * Resolve every call in `tree` (parsed from src[0..n)) and emit the ones
 * wl_py_interesting() keeps. Bounded: no recursion on tree depth, lookups
 * capped, qualified names capped in length. Returns 0.
 */
int wl_py_resolve(const struct TSTree *tree, const char *src, size_t n,
		  const struct wl_py_sink *sink, struct wl_py_stats *stats);

/*
 * The byte prefilter: 0 when src cannot contain a call any code rule judges
 * (no trigger word: eval, exec, __import__, pickle, yaml, torch, ...), so the
 * file need not be parsed. Sound by construction: every resolved name is
 * built from identifiers and literals of the file, and every interesting name
 * contains one trigger word (tests/unit/test_pyresolve.c checks the pairs).
 */
int wl_py_prefilter(const char *src, size_t n);

/* Is a call with this resolved callee / method name / keyword worth a fact?
 * The single list of what the code rules may look at. */
int wl_py_interesting_callee(const char *qname);
int wl_py_interesting_method(const char *name, size_t len);
int wl_py_interesting_keyword(const char *name, size_t len);

/* Can `Q.member` (Q a qualified name, member an identifier) not lead to any
 * callee a rule judges? 1 only when Q itself is not judged and Q.member is
 * neither judged nor on the way to something judged (`torch.nn`), so a
 * mention `torch.nn...` cannot make a call of interest. */
int wl_py_member_is_inert(const char *q, size_t qlen, const char *member, size_t mlen);

/* The same along a chain: p[0..n) follows a mention of the module q
 * (".utils.data.DataLoader(..."); inert when some prefix of q.utils.data
 * stops being on the way to anything judged before the chain ends, and no
 * judged callee is passed on the way. */
int wl_py_chain_is_inert(const char *q, size_t qlen, const char *p, size_t n);

/*
 * wl_py_prefilter with options (WL_TRIG_ bits). REFINED: without the
 * mentions that cannot matter: a trigger word that names a module on the
 * way to judged names (`torch`), written as `word.member` with an inert
 * member and no dot before it, does not count, nor the name a def or class
 * defines (unless a builtin's); words of other kinds, the "pickle"
 * substring and every other spelling still do. STRING (with REFINED): the
 * same for the body of a short string, where a bare module name
 * (`["torch"]`) does not count either. BOTH (with REFINED): both answers
 * in one scan: 2 when the refined scan counts a word, 1 when only the
 * plain one would, 0 when neither.
 */
enum { WL_TRIG_REFINED = 1, WL_TRIG_STRING = 2, WL_TRIG_BOTH = 4 };
int wl_py_trigger_scan(const char *src, size_t n, unsigned how);
/* One identifier of that scan: src[i..j) of src[0..n) (a run of identifier
 * bytes, other bytes than ASCII splitting it as the scan does), refined 0,
 * 1 (code) or 2 (a short string): 2 when it counts, 1 when it is a whole
 * trigger word only the refined scan leaves out, else 0. The tables must
 * be built: call wl_py_word_lengths() first. wl_py_trigger_run: the same
 * for a run of ASCII bytes only. */
int wl_py_trigger_at(const char *src, size_t n, size_t i, size_t j, int refined);
int wl_py_trigger_run(const char *src, size_t n, size_t i, size_t j, int refined);

/* Can a walk of a tree wl_py_resolve() has read skip what is under a node
 * (its symbol and bytes): a string without an f prefix (its text), or an
 * expression (attribute, subscript, operators, literals, ...) whose text
 * src[start..end) holds no '(', ':=', '#', `for` or `lambda`, so no call,
 * binding, scope or comment? */
int wl_py_quiet(uint16_t symbol, uint32_t start, uint32_t end, const char *src, size_t len);

/* Is name one of the builtins the resolver knows by their bare name? */
int wl_py_builtin_name(const char *name, size_t len);

/* What a word is to the code rules, in one lookup (WL_WORD_ bits): a
 * whole-word trigger, a method or keyword a rule reads, a builtin the
 * resolver knows (JUDGED_BUILTIN: builtins.NAME is judged, or
 * __builtins__), `global` / `nonlocal` (SCOPE). 0 for every other word. */
enum {
	WL_WORD_TRIGGER = 1, WL_WORD_METHOD = 2, WL_WORD_KEYWORD = 4, WL_WORD_BUILTIN = 8,
	WL_WORD_JUDGED_BUILTIN = 16, WL_WORD_SCOPE = 32,
};
unsigned wl_py_word_kind(const char *name, size_t len);
/* For each first byte, the lengths (bit min(len, 63)) of the words
 * wl_py_word_kind knows: a scan over many identifiers asks only where the
 * bit is set. The table is built on the first call. */
const uint64_t *wl_py_word_lengths(void);

#endif
