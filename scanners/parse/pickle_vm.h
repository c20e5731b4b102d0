/*
 * pickle_vm.h - a symbolic pickle machine: walks every opcode of protocols
 * 0-5 over a byte span, simulating the stack and memo just enough to resolve
 * what a real unpickler would import and call. It never builds Python
 * objects, never copies large payloads, and never trusts a length.
 *
 * A pure library (no engine dependency) so it can be unit-tested and fuzzed
 * alone: results arrive through callbacks.
 */
#ifndef WL_PICKLE_VM_H
#define WL_PICKLE_VM_H

#include <stddef.h>
#include <stdint.h>

struct wl_pickle_limits {
	uint64_t max_ops;      /* opcodes per stream (all pickles together) */
	size_t max_stack;      /* stack + mark depth */
	size_t max_memo;       /* memo entries */
	size_t max_imports;    /* distinct imports per pickle */
	int max_nesting;       /* joblib object arrays: pickles inside pickles */
};

/* Defaults used when a limits pointer is NULL. */
void wl_pickle_limits_default(struct wl_pickle_limits *l);

/* Flags of one import (same values as WL_PKI_* in facts_artifact.h). */
enum {
	WL_PICKLE_CALLED = 1u << 0,
	WL_PICKLE_MUTATED = 1u << 1,
	WL_PICKLE_REMAPPED = 1u << 2,
	WL_PICKLE_EXT = 1u << 3,
	WL_PICKLE_BUILD_STATE = 1u << 4,
	WL_PICKLE_INVOKED = 1u << 5,  /* REDUCE/INST/OBJ ran it (a function's body, a class's __init__) */
	WL_PICKLE_ESCAPED = 1u << 6,  /* handed on: an argument, an item, BUILD state, the loaded result */
};

struct wl_pickle_import_info {
	const char *module, *name;         /* after Python 2 remapping */
	const char *raw_module, *raw_name; /* as written */
	const char *opcode;                /* opcode that imported it first */
	const char *call_opcode;           /* first call applied to it, or NULL */
	uint64_t offset;                   /* of that opcode, from the span start + base */
	unsigned flags, count;
	unsigned pickle_index;
	int protocol;
};

enum wl_pickle_issue_kind {
	WL_PICKLE_ISSUE_BROKEN = 0,   /* unknown opcode, truncated or bad argument, underflow ... */
	WL_PICKLE_ISSUE_NONCONST,     /* STACK_GLOBAL/OBJ operand that is not a constant string/class */
	WL_PICKLE_ISSUE_EXT,          /* EXT1/2/4: copyreg extension code */
	WL_PICKLE_ISSUE_FRAME,        /* opcode straddles a FRAME end, or frame past the data */
	WL_PICKLE_ISSUE_LIMIT,        /* one of wl_pickle_limits reached */
	WL_PICKLE_ISSUE_TRAILING,     /* bytes after the last STOP that are not a pickle */
	WL_PICKLE_ISSUE_JUNK,         /* non-pickle bytes between two pickles */
	WL_PICKLE_ISSUE_MUTATION,     /* BUILD/SETITEM/APPEND on an imported object itself */
	WL_PICKLE_ISSUE__COUNT
};

const char *wl_pickle_issue_name(enum wl_pickle_issue_kind k); /* "broken" "nonconst" ... */

struct wl_pickle_issue {
	enum wl_pickle_issue_kind kind;
	uint64_t offset;
	const char *opcode;  /* name of the opcode concerned, or NULL */
	const char *detail;  /* NUL-terminated, valid during the callback only */
	unsigned pickle_index;
};

struct wl_pickle_callbacks {
	void *opaque;
	/* Called once per distinct import at the end of each pickle (STOP or
	 * break). Strings are valid during the call only. */
	void (*on_import)(void *opaque, const struct wl_pickle_import_info *imp);
	void (*on_issue)(void *opaque, const struct wl_pickle_issue *issue);
};

/* How the bytes after a STOP are treated. */
enum wl_pickle_mode {
	WL_PICKLE_MODE_PLAIN = 0,     /* a pickle file: more pickles may follow; junk and trailing bytes are issues */
	WL_PICKLE_MODE_TORCH_LEGACY,  /* torch < 1.6: five pickles, then raw storage bytes (not an issue) */
	WL_PICKLE_MODE_JOBLIB,        /* NumpyArrayWrapper array bytes follow their BUILD inline */
};

struct wl_pickle_summary {
	unsigned pickles;      /* pickles that reached STOP */
	uint64_t ops;          /* opcodes executed */
	uint64_t end;          /* offset just past the last STOP (storage starts here in legacy mode) */
	int broken;            /* the stream broke somewhere */
	int limited;           /* a limit was hit */
};

/*
 * Scan data[0..size) as a pickle stream. `base` is added to every offset
 * reported. Never fails: everything wrong is an issue through `cb`.
 */
void wl_pickle_scan(const unsigned char *data, size_t size, uint64_t base,
		    enum wl_pickle_mode mode, const struct wl_pickle_limits *limits,
		    const struct wl_pickle_callbacks *cb, struct wl_pickle_summary *out);

/*
 * Probe for sniffing: run the machine silently from data[0] (at most
 * `max_ops` opcodes) and say how far it got. Protocol-0/1 pickles have no
 * header; this tells them from text that happens to start with '(' or 'c'.
 */
struct wl_pickle_probe_result {
	int stopped;        /* reached STOP */
	int limited;        /* ran out of max_ops first */
	int truncated;      /* parsed until the data ended (no STOP, nothing invalid) */
	size_t consumed;    /* bytes up to and including STOP (or the break) */
	uint64_t ops;
	unsigned imports;   /* distinct imports seen */
	unsigned called;    /* ... of which REDUCE/NEWOBJ/OBJ/INST called, or BUILD/SETITEM(S)/APPEND(S) modified */
};
void wl_pickle_probe(const unsigned char *data, size_t size, uint64_t max_ops,
		     struct wl_pickle_probe_result *r);

/* The sniffing policy on top of the probe: content is a pickle when it
 * parses as one. With a PROTO 2-5 header: it runs to STOP or to the end of
 * the data, imports a Python-looking name, or runs at least 16 opcodes. Without: it runs to STOP
 * (importing something or covering the span), or calls a Python-looking
 * import before it breaks. `strict` is kept for callers; both kinds of
 * content need the same evidence. */
int wl_pickle_looks_like(const unsigned char *data, size_t size, int strict);

/* Name of an opcode byte ("GLOBAL", "STACK_GLOBAL" ...), NULL if none. */
const char *wl_pickle_opcode_name(unsigned char op);

#endif
