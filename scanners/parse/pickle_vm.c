/*
 * pickle_vm.c - the symbolic pickle machine (see pickle_vm.h). It mirrors
 * CPython's unpickler closely enough that what it reports is what
 * pickle.load would import and call, including the Python 2 remapping.
 * It must never execute anything, never allocate in proportion to a length
 * field, and never read outside [data, data + size).
 */
#include "pickle_vm.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ----------------------------------------------------------- values */

enum pv_kind {
	PV_ANY = 0,    /* some object we do not model */
	PV_STR,        /* constant str: s/len */
	PV_INT,        /* small int: i */
	PV_IMPORT,     /* a global: imp (index into imports) */
	PV_OBJ,        /* result of calling import imp */
	PV_INTS,       /* tuple of ints: u = product (saturating), len = arity */
	PV_TUP1S,      /* tuple whose first item is a str: s/len */
	PV_DTYPE,      /* numpy.dtype(...) result: u = itemsize, flag = hasobject */
	PV_RECON,      /* tuple (class imp, object, state): copyreg._reconstructor's arguments */
	PV_UNSET = 0xff,
};

enum {
	PVF_UNRESOLVED = 1, /* PV_ANY from a global we could not resolve */
	PVF_OVERFLOW = 2,   /* PV_INTS product overflowed */
	PVF_OBJECT = 4,     /* PV_DTYPE holds Python objects */
};

struct pv {
	uint8_t kind;
	uint8_t flag;
	uint32_t len;
	union {
		const unsigned char *s;
		int64_t i;
		uint64_t u;
		uint32_t imp;
	} v;
};

struct pk_imp {
	const unsigned char *mod, *name;
	uint32_t mod_len, name_len;
	uint32_t hash;
	const char *op, *call_op;
	uint64_t off;
	unsigned flags, count;
	int proto;
};

struct pk_chunk {
	struct pk_chunk *next;
	size_t used, cap;
	unsigned char data[];
};

#define PK_POOL_CAP (16u << 20)
#define PK_MAX_REPORTS 1024u
#define PK_MAX_REPORTS_STR "1024"
#define PK_MAX_NONCONST_ISSUES 16

struct pk_vm {
	const unsigned char *data;
	size_t size;
	uint64_t base;
	const struct wl_pickle_limits *lim;
	const struct wl_pickle_callbacks *cb;
	enum wl_pickle_mode mode;
	int depth;
	uint64_t *ops;     /* shared across nested machines */
	unsigned *reports; /* issues + imports reported, shared likewise */

	struct pv *stack;
	size_t sp, salloc;
	size_t *marks;
	size_t nmarks, malloc_n;
	/* the memo: dense for the keys CPython's pickler writes (0, 1, 2 ...),
	 * an open-addressing table for scattered ones, so memory follows the
	 * number of entries stored (each needs a PUT/MEMOIZE opcode), never
	 * the size of a key */
	struct pv *memo;
	size_t memo_alloc, memo_hi, memo_count;
	uint64_t *skeys;      /* sparse keys; SK_EMPTY marks a free slot */
	struct pv *svals;
	size_t scap, scount;

	struct pk_imp *imps;
	size_t nimps, impalloc;
	int imps_full;

	struct pk_chunk *pool;
	size_t pool_total;

	int proto;
	unsigned pickle_index;
	size_t frame_end;
	int in_frame, frame_reported;
	unsigned nonconst_reported;
	int limited;       /* a limit was hit: missing memo keys are not errors */
	int pool_reported;
	unsigned memo_reported, mutation_reported, ext_reported;
	int stopped_all;   /* op limit: stop the whole stream */
	int ran_out;       /* the last break was the data ending (truncation) */

	/* joblib NumpyArrayWrapper state from the latest SETITEM(S) */
	struct {
		int have_shape, have_dtype, have_align, overflow;
		uint64_t count, itemsize;
		int hasobject;
	} jl;
};

/* ------------------------------------------------------- opcode names */

static const char *const opnames[256] = {
	['('] = "MARK", ['.'] = "STOP", ['0'] = "POP", ['1'] = "POP_MARK",
	['2'] = "DUP", ['F'] = "FLOAT", ['I'] = "INT", ['J'] = "BININT",
	['K'] = "BININT1", ['L'] = "LONG", ['M'] = "BININT2", ['N'] = "NONE",
	['P'] = "PERSID", ['Q'] = "BINPERSID", ['R'] = "REDUCE", ['S'] = "STRING",
	['T'] = "BINSTRING", ['U'] = "SHORT_BINSTRING", ['V'] = "UNICODE",
	['X'] = "BINUNICODE", ['a'] = "APPEND", ['b'] = "BUILD", ['c'] = "GLOBAL",
	['d'] = "DICT", ['}'] = "EMPTY_DICT", ['e'] = "APPENDS", ['g'] = "GET",
	['h'] = "BINGET", ['i'] = "INST", ['j'] = "LONG_BINGET", ['l'] = "LIST",
	[']'] = "EMPTY_LIST", ['o'] = "OBJ", ['p'] = "PUT", ['q'] = "BINPUT",
	['r'] = "LONG_BINPUT", ['s'] = "SETITEM", ['t'] = "TUPLE",
	[')'] = "EMPTY_TUPLE", ['u'] = "SETITEMS", ['G'] = "BINFLOAT",
	[0x80] = "PROTO", [0x81] = "NEWOBJ", [0x82] = "EXT1", [0x83] = "EXT2",
	[0x84] = "EXT4", [0x85] = "TUPLE1", [0x86] = "TUPLE2", [0x87] = "TUPLE3",
	[0x88] = "NEWTRUE", [0x89] = "NEWFALSE", [0x8a] = "LONG1", [0x8b] = "LONG4",
	['B'] = "BINBYTES", ['C'] = "SHORT_BINBYTES",
	[0x8c] = "SHORT_BINUNICODE", [0x8d] = "BINUNICODE8", [0x8e] = "BINBYTES8",
	[0x8f] = "EMPTY_SET", [0x90] = "ADDITEMS", [0x91] = "FROZENSET",
	[0x92] = "NEWOBJ_EX", [0x93] = "STACK_GLOBAL", [0x94] = "MEMOIZE",
	[0x95] = "FRAME", [0x96] = "BYTEARRAY8", [0x97] = "NEXT_BUFFER",
	[0x98] = "READONLY_BUFFER",
};

const char *wl_pickle_opcode_name(unsigned char op)
{
	return opnames[op];
}

static const char *const issue_names[WL_PICKLE_ISSUE__COUNT] = {
	"broken", "nonconst", "ext", "frame", "limit", "trailing", "junk", "mutation",
};

const char *wl_pickle_issue_name(enum wl_pickle_issue_kind k)
{
	return (unsigned)k < WL_PICKLE_ISSUE__COUNT ? issue_names[k] : "?";
}

void wl_pickle_limits_default(struct wl_pickle_limits *l)
{
	l->max_ops = (uint64_t)1 << 28;
	/* both need one opcode per entry, so a stream holds at most as many
	 * as it has bytes; 16 bytes an entry: 256 and 512 MiB at most. A
	 * million small dicts (62 MB, ~4 million memo entries) fit easily */
	l->max_stack = (size_t)1 << 24;
	l->max_memo = (size_t)1 << 25;
	l->max_imports = 4096;
	l->max_nesting = 4;
}

/* ----------------------------------------------------- Python 2 names */

struct pk_import_map {
	const char *py2, *py3;
};
struct pk_name_map {
	const char *mod2, *name2, *mod3, *name3;
};
#include "pickle_compat.inc"

/* strcmp of a NUL-terminated key against a (ptr, len) slice */
static int slice_cmp(const char *key, const unsigned char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		unsigned char k = (unsigned char)key[i];
		if (k == 0)
			return -1;
		if (k != s[i])
			return k < s[i] ? -1 : 1;
	}
	return key[n] ? 1 : 0;
}

static int slice_is(const unsigned char *s, size_t n, const char *lit)
{
	return slice_cmp(lit, s, n) == 0;
}

/* CPython find_class with fix_imports below protocol 3: NAME_MAPPING first,
 * then IMPORT_MAPPING for the module alone. */
static int remap_py2(const struct pk_imp *im, const char **mod, const char **name)
{
	size_t lo = 0, hi = WL_ARRAY_SIZE(pk_name_mapping);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct pk_name_map *m = &pk_name_mapping[mid];
		int c = slice_cmp(m->mod2, im->mod, im->mod_len);
		if (c == 0)
			c = slice_cmp(m->name2, im->name, im->name_len);
		if (c == 0) {
			*mod = m->mod3;
			*name = m->name3;
			return 1;
		}
		if (c > 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	lo = 0;
	hi = WL_ARRAY_SIZE(pk_import_mapping);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = slice_cmp(pk_import_mapping[mid].py2, im->mod, im->mod_len);
		if (c == 0) {
			*mod = pk_import_mapping[mid].py3;
			*name = NULL;
			return 1;
		}
		if (c > 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* ------------------------------------------------------------ issues */

static void issue(struct pk_vm *vm, enum wl_pickle_issue_kind kind, size_t pos,
		  unsigned char op, const char *fmt, ...) WL_PRINTF(5, 6);

static void issue(struct pk_vm *vm, enum wl_pickle_issue_kind kind, size_t pos,
		  unsigned char op, const char *fmt, ...)
{
	struct wl_pickle_issue is;
	va_list ap;
	char *detail;
	if (!vm->cb || !vm->cb->on_issue)
		return;
	/* a hostile stream can repeat one oddity millions of times: report a
	 * bounded number, then say that the rest were not reported */
	if (*vm->reports >= PK_MAX_REPORTS) {
		if (*vm->reports == PK_MAX_REPORTS) {
			++*vm->reports;
			is.kind = WL_PICKLE_ISSUE_LIMIT;
			is.offset = vm->base + pos;
			is.opcode = opnames[op];
			is.detail = "more than " PK_MAX_REPORTS_STR " issues in this stream; the rest are not reported";
			is.pickle_index = vm->pickle_index;
			vm->cb->on_issue(vm->cb->opaque, &is);
		}
		return;
	}
	++*vm->reports;
	va_start(ap, fmt);
	detail = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	is.kind = kind;
	is.offset = vm->base + pos;
	is.opcode = opnames[op];
	is.detail = detail;
	is.pickle_index = vm->pickle_index;
	vm->cb->on_issue(vm->cb->opaque, &is);
	free(detail);
}

/* ------------------------------------------------------------- pool */

static const unsigned char *pool_add(struct pk_vm *vm, const unsigned char *s, size_t n)
{
	struct pk_chunk *c = vm->pool;
	unsigned char *dst;
	if (vm->pool_total + n > PK_POOL_CAP)
		return NULL;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > 65536 ? n : 65536;
		c = wl_malloc(sizeof(*c) + cap);
		c->next = vm->pool;
		c->used = 0;
		c->cap = cap;
		vm->pool = c;
	}
	dst = c->data + c->used;
	if (n)
		memcpy(dst, s, n);
	c->used += n;
	vm->pool_total += n;
	return dst;
}

/* --------------------------------------------------------- the stack */

static int push(struct pk_vm *vm, struct pv v)
{
	if (vm->sp >= vm->salloc) {
		if (vm->sp >= vm->lim->max_stack)
			return -1;
		vm->stack = wl_grow(vm->stack, &vm->salloc, vm->sp + 1, sizeof(*vm->stack));
	}
	vm->stack[vm->sp++] = v;
	return 0;
}

static size_t fence(const struct pk_vm *vm)
{
	return vm->nmarks ? vm->marks[vm->nmarks - 1] : 0;
}

static struct pv pv_any(void)
{
	struct pv v;
	memset(&v, 0, sizeof(v));
	return v;
}

/* ----------------------------------------------------------- imports */

static uint32_t hash_pair(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
	return wl_fnv1a(wl_fnv1a(wl_fnv1a(WL_FNV1A_INIT, a, an), "\xff", 1), b, bn);
}

/* Record an import; returns its index, or -1 when the table is full. */
static long add_import(struct pk_vm *vm, const unsigned char *mod, size_t mod_len,
		       const unsigned char *name, size_t name_len, const char *op,
		       size_t pos, unsigned flags)
{
	uint32_t h = hash_pair(mod, mod_len, name, name_len);
	size_t i;
	struct pk_imp *im;
	for (i = 0; i < vm->nimps; i++) {
		im = &vm->imps[i];
		if (im->hash == h && im->mod_len == mod_len && im->name_len == name_len &&
		    !memcmp(im->mod, mod, mod_len) && !memcmp(im->name, name, name_len) &&
		    (im->proto < 3) == (vm->proto < 3)) {
			im->count++;
			im->flags |= flags;
			return (long)i;
		}
	}
	if (vm->nimps >= vm->lim->max_imports) {
		if (!vm->imps_full)
			issue(vm, WL_PICKLE_ISSUE_LIMIT, pos, 0,
			      "more than %zu distinct imports in one pickle; the rest are not checked",
			      vm->lim->max_imports);
		vm->imps_full = 1;
		vm->limited = 1;
		return -1;
	}
	vm->imps = wl_grow(vm->imps, &vm->impalloc, vm->nimps + 1, sizeof(*vm->imps));
	im = &vm->imps[vm->nimps];
	memset(im, 0, sizeof(*im));
	im->mod = mod;
	im->mod_len = (uint32_t)mod_len;
	im->name = name;
	im->name_len = (uint32_t)name_len;
	im->hash = h;
	im->op = op;
	im->off = vm->base + pos;
	im->flags = flags;
	im->count = 1;
	im->proto = vm->proto;
	return (long)vm->nimps++;
}

static void flush_imports(struct pk_vm *vm)
{
	size_t i;
	for (i = 0; i < vm->nimps; i++) {
		const struct pk_imp *im = &vm->imps[i];
		struct wl_pickle_import_info info;
		char *rm = wl_strndup((const char *)im->mod, im->mod_len);
		char *rn = wl_strndup((const char *)im->name, im->name_len);
		const char *mm = rm, *mn = rn;
		unsigned flags = im->flags;
		if (im->proto < 3 && !(flags & WL_PICKLE_EXT)) {
			const char *m2 = NULL, *n2 = NULL;
			if (remap_py2(im, &m2, &n2)) {
				mm = m2;
				if (n2)
					mn = n2;
				flags |= WL_PICKLE_REMAPPED;
			}
		}
		info.module = mm;
		info.name = mn;
		info.raw_module = rm;
		info.raw_name = rn;
		info.opcode = im->op;
		info.call_opcode = im->call_op;
		info.offset = im->off;
		info.flags = flags;
		info.count = im->count;
		info.pickle_index = vm->pickle_index;
		info.protocol = im->proto;
		/* imports are never dropped here (a payload could hide behind
		 * repeats); the consumer deduplicates and bounds them */
		if (vm->cb && vm->cb->on_import)
			vm->cb->on_import(vm->cb->opaque, &info);
		free(rm);
		free(rn);
	}
	vm->nimps = 0;
	vm->imps_full = 0;
}

/* A call (REDUCE, NEWOBJ, OBJ, INST ...) applied to `callee`. */
static struct pv call_value(struct pk_vm *vm, const struct pv *callee, const char *op, size_t pos)
{
	struct pv r = pv_any();
	if (callee->kind == PV_OBJ && vm->nonconst_reported++ < PK_MAX_NONCONST_ISSUES) {
		/* calling what a call returned (getattr(x, 'system')(...)): the
		 * real target is computed at load time, invisible to any list */
		const struct pk_imp *im = &vm->imps[callee->v.imp];
		issue(vm, WL_PICKLE_ISSUE_NONCONST, pos, (unsigned char)(op[0] == 'R' ? 'R' : op[0] == 'O' ? 'o' : op[0] == 'I' ? 'i' : op[6] ? 0x92 : 0x81),
		      "%s at offset %llu calls the result of %.*s.%.*s(...), a callable computed at load time",
		      op, (unsigned long long)(vm->base + pos), (int)im->mod_len, (const char *)im->mod,
		      (int)im->name_len, (const char *)im->name);
	}
	if (callee->kind == PV_IMPORT) {
		struct pk_imp *im = &vm->imps[callee->v.imp];
		im->flags |= WL_PICKLE_CALLED;
		/* NEWOBJ runs cls.__new__ only; the others run the callable */
		if (op[0] != 'N')
			im->flags |= WL_PICKLE_INVOKED;
		if (!im->call_op)
			im->call_op = op;
		r.kind = PV_OBJ;
		r.v.imp = callee->v.imp;
	}
	return r;
}

/* A value handed on to something else (argument, item, state, result):
 * an import in it may be called by whatever receives it. */
static void escape(struct pk_vm *vm, const struct pv *v)
{
	if (v->kind == PV_IMPORT || v->kind == PV_RECON)
		vm->imps[v->v.imp].flags |= WL_PICKLE_ESCAPED;
}

static void escape_range(struct pk_vm *vm, size_t from, size_t to)
{
	size_t k;
	for (k = from; k < to; k++)
		escape(vm, &vm->stack[k]);
}

static int imp_is(const struct pk_imp *im, const char *mod, const char *name)
{
	return slice_is(im->mod, im->mod_len, mod) && slice_is(im->name, im->name_len, name);
}

static void mutate_check(struct pk_vm *vm, const struct pv *target, size_t pos, unsigned char op)
{
	if (target->kind == PV_IMPORT) {
		struct pk_imp *im = &vm->imps[target->v.imp];
		im->flags |= WL_PICKLE_MUTATED;
		if (vm->mutation_reported++ >= PK_MAX_NONCONST_ISSUES)
			return;
		issue(vm, WL_PICKLE_ISSUE_MUTATION, pos, op,
		      "%s at offset %llu modifies the imported object %.*s.%.*s itself (attribute or item overwrite)",
		      opnames[op], (unsigned long long)(vm->base + pos), (int)im->mod_len, (const char *)im->mod,
		      (int)im->name_len, (const char *)im->name);
	}
}

/* ------------------------------------------------------------- memo */

#define SK_EMPTY UINT64_MAX
/* dense keys may run this far past twice the entries stored */
#define MEMO_DENSE_SLACK 4096u
/* scattered keys: no pickler writes them, so a smaller bound (~50 MiB) */
#define MEMO_MAX_SPARSE (1u << 20)

static size_t sk_slot(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

static struct pv *sparse_find(const struct pk_vm *vm, uint64_t key)
{
	size_t i;
	if (!vm->scap || key == SK_EMPTY)
		return NULL;
	for (i = sk_slot(key, vm->scap); vm->skeys[i] != SK_EMPTY; i = (i + 1) & (vm->scap - 1))
		if (vm->skeys[i] == key)
			return &vm->svals[i];
	return NULL;
}

static void sparse_insert(struct pk_vm *vm, uint64_t key, const struct pv *v);

/* Rebuild the sparse table at `cap` slots, moving the keys the dense array
 * now covers into it. */
static void sparse_rehash(struct pk_vm *vm, size_t cap)
{
	uint64_t *ok = vm->skeys;
	struct pv *ov = vm->svals;
	size_t oc = vm->scap, i;
	vm->skeys = wl_malloc(cap * sizeof(*vm->skeys));
	vm->svals = wl_malloc(cap * sizeof(*vm->svals));
	for (i = 0; i < cap; i++)
		vm->skeys[i] = SK_EMPTY;
	vm->scap = cap;
	vm->scount = 0;
	for (i = 0; i < oc; i++) {
		if (ok[i] == SK_EMPTY)
			continue;
		if (ok[i] < vm->memo_alloc) {
			vm->memo[ok[i]] = ov[i];
			if (ok[i] >= vm->memo_hi)
				vm->memo_hi = (size_t)ok[i] + 1;
		} else {
			sparse_insert(vm, ok[i], &ov[i]);
		}
	}
	free(ok);
	free(ov);
}

static void sparse_insert(struct pk_vm *vm, uint64_t key, const struct pv *v)
{
	size_t i;
	if ((vm->scount + 1) * 2 > vm->scap)
		sparse_rehash(vm, vm->scap ? vm->scap * 2 : 64);
	for (i = sk_slot(key, vm->scap); vm->skeys[i] != SK_EMPTY; i = (i + 1) & (vm->scap - 1))
		;
	vm->skeys[i] = key;
	vm->svals[i] = *v;
	vm->scount++;
}

/* Store memo[key]; -1 when the memo is full, -2 when the scattered keys
 * are (the value is not tracked). */
static int memo_put(struct pk_vm *vm, uint64_t key, const struct pv *v)
{
	struct pv *slot;
	if (key < vm->memo_alloc) {
		if (vm->memo[key].kind == PV_UNSET) {
			if (vm->memo_count >= vm->lim->max_memo) {
				vm->limited = 1;
				return -1;
			}
			vm->memo_count++;
		}
		vm->memo[key] = *v;
		if (key >= vm->memo_hi)
			vm->memo_hi = (size_t)key + 1;
		return 0;
	}
	slot = sparse_find(vm, key);
	if (slot) {
		*slot = *v;
		return 0;
	}
	if (vm->memo_count >= vm->lim->max_memo) {
		vm->limited = 1;
		return -1;
	}
	vm->memo_count++;
	if (key < (uint64_t)vm->memo_count * 2 + MEMO_DENSE_SLACK) {
		/* near the keys already stored: grow the dense array (the
		 * entries justify its size) and fold covered sparse keys in */
		size_t old = vm->memo_alloc;
		vm->memo = wl_grow(vm->memo, &vm->memo_alloc, (size_t)key + 1, sizeof(*vm->memo));
		memset(vm->memo + old, 0xff, (vm->memo_alloc - old) * sizeof(*vm->memo));
		if (vm->scount)
			sparse_rehash(vm, vm->scap);
		vm->memo[key] = *v;
		if (key >= vm->memo_hi)
			vm->memo_hi = (size_t)key + 1;
		return 0;
	}
	if (vm->scount >= MEMO_MAX_SPARSE) {
		vm->memo_count--;
		vm->limited = 1;
		return -2;
	}
	sparse_insert(vm, key, v);
	return 0;
}

static const struct pv *memo_get(const struct pk_vm *vm, uint64_t key)
{
	if (key < vm->memo_alloc)
		return vm->memo[key].kind == PV_UNSET ? NULL : &vm->memo[key];
	return sparse_find(vm, key);
}

static void memo_reset(struct pk_vm *vm)
{
	size_t i;
	if (vm->memo_hi)
		memset(vm->memo, 0xff, vm->memo_hi * sizeof(*vm->memo));
	vm->memo_hi = 0;
	if (vm->scount)
		for (i = 0; i < vm->scap; i++)
			vm->skeys[i] = SK_EMPTY;
	vm->scount = 0;
	vm->memo_count = 0;
}

/* ------------------------------------------------------ small parsers */

static uint64_t rd_le(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;
	while (n--)
		v = (v << 8) | p[n];
	return v;
}

/* Decimal (optionally signed, optional trailing 'L') into int64. */
static int parse_dec(const unsigned char *s, size_t n, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	uint64_t v = 0;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (n && s[n - 1] == 'L')
		n--;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		neg = s[i++] == '-';
	if (i >= n)
		return -1;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (v > (UINT64_MAX - 9) / 10)
			return -2; /* valid but huge */
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > INT64_MAX)
		return -2;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

/*
 * Decode a protocol-0 string argument into a str value. `raw_unicode` selects
 * UNICODE's raw-unicode-escape (only \uXXXX, \UXXXXXXXX); otherwise STRING's
 * Python escapes. Escape-free strings stay zero-copy. Returns 0, or -1 when
 * the value is valid but not modelled (pool full).
 */
static int decode_str(struct pk_vm *vm, const unsigned char *s, size_t n, int raw_unicode, struct pv *out)
{
	unsigned char *tmp;
	size_t i, o = 0;
	const unsigned char *stored;
	out->kind = PV_STR;
	out->flag = 0;
	if (!memchr(s, '\\', n) || n > UINT32_MAX) {
		out->v.s = s;
		out->len = (uint32_t)n;
		return 0;
	}
	tmp = wl_malloc(n * 4 + 1);
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c != '\\' || i + 1 >= n) {
			tmp[o++] = c;
			continue;
		}
		if (raw_unicode) {
			unsigned digits = s[i + 1] == 'u' ? 4 : s[i + 1] == 'U' ? 8 : 0;
			uint32_t cp = 0;
			unsigned d;
			if (!digits || i + 1 + digits >= n + 0 || n - (i + 2) < digits) {
				tmp[o++] = c;
				continue;
			}
			for (d = 0; d < digits; d++) {
				int h = wl_hexval(s[i + 2 + d]);
				if (h < 0)
					break;
				cp = cp * 16 + (uint32_t)h;
			}
			if (d < digits || cp > 0x10ffff) {
				tmp[o++] = c;
				continue;
			}
			o += wl_utf8_encode(tmp + o, cp);
			i += 1 + digits;
			continue;
		}
		i++;
		switch (s[i]) {
		case 'n': tmp[o++] = '\n'; break;
		case 't': tmp[o++] = '\t'; break;
		case 'r': tmp[o++] = '\r'; break;
		case 'a': tmp[o++] = 7; break;
		case 'b': tmp[o++] = 8; break;
		case 'f': tmp[o++] = 12; break;
		case 'v': tmp[o++] = 11; break;
		case '\n': break;
		case 'x':
			if (i + 2 < n && wl_hexval(s[i + 1]) >= 0 && wl_hexval(s[i + 2]) >= 0) {
				tmp[o++] = (unsigned char)(wl_hexval(s[i + 1]) * 16 + wl_hexval(s[i + 2]));
				i += 2;
			} else {
				tmp[o++] = '\\';
				tmp[o++] = 'x';
			}
			break;
		default:
			if (s[i] >= '0' && s[i] <= '7') {
				unsigned v = 0, d = 0;
				while (d < 3 && i < n && s[i] >= '0' && s[i] <= '7') {
					v = v * 8 + (unsigned)(s[i] - '0');
					i++;
					d++;
				}
				i--;
				tmp[o++] = (unsigned char)v;
			} else {
				tmp[o++] = s[i]; /* \\ \' \" and unknown escapes */
			}
		}
	}
	stored = pool_add(vm, tmp, o);
	free(tmp);
	if (!stored) {
		vm->limited = 1;
		*out = pv_any();
		return -1;
	}
	out->v.s = stored;
	out->len = (uint32_t)o;
	return 0;
}

static void pool_full(struct pk_vm *vm, size_t pos, unsigned char op)
{
	if (vm->pool_reported)
		return;
	vm->pool_reported = 1;
	issue(vm, WL_PICKLE_ISSUE_LIMIT, pos, op,
	      "more than %u MiB of escaped protocol-0 strings; later ones are not resolved", PK_POOL_CAP >> 20);
}

/* numpy dtype descr ("<f8", "|b1", "<U10", "O") -> itemsize */
static int dtype_itemsize(const unsigned char *s, size_t n, uint64_t *size, int *hasobject)
{
	size_t i = 0;
	uint64_t d = 0;
	unsigned char kind;
	*hasobject = 0;
	if (i < n && (s[i] == '<' || s[i] == '>' || s[i] == '|' || s[i] == '='))
		i++;
	if (i >= n)
		return -1;
	kind = s[i++];
	if (kind == 'O') {
		*hasobject = 1;
		*size = 8;
		return 0;
	}
	if (kind == '?' && i == n) {
		*size = 1;
		return 0;
	}
	if (i >= n)
		return -1;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (d > 1000000000)
			return -1;
		d = d * 10 + (uint64_t)(s[i] - '0');
	}
	if (i < n && s[i] != '[')
		return -1;
	switch (kind) {
	case 'b': case 'i': case 'u': case 'f': case 'c':
	case 'S': case 'a': case 'V': case 'M': case 'm':
		*size = d;
		return 0;
	case 'U':
		*size = d * 4;
		return 0;
	default:
		return -1;
	}
}

/* ------------------------------------------------------------ the run */

/* RUN_NEXT: an opcode helper is done and the run goes on (inside run_one only) */
enum run_end { RUN_STOP, RUN_BROKEN, RUN_LIMIT, RUN_NEXT };

static void reset_machine(struct pk_vm *vm)
{
	vm->sp = 0;
	vm->nmarks = 0;
	memo_reset(vm);
	vm->nimps = 0;
	vm->imps_full = 0;
	vm->proto = 0;
	vm->in_frame = 0;
	vm->frame_reported = 0;
	vm->nonconst_reported = 0;
	memset(&vm->jl, 0, sizeof(vm->jl));
}

static void pk_vm_release(struct pk_vm *vm)
{
	struct pk_chunk *c = vm->pool;
	while (c) {
		struct pk_chunk *n = c->next;
		free(c);
		c = n;
	}
	free(vm->stack);
	free(vm->marks);
	free(vm->memo);
	free(vm->skeys);
	free(vm->svals);
	free(vm->imps);
}

static size_t pickle_run_nested(struct pk_vm *parent, size_t pos);

/*
 * Run one pickle from data[*posp]. On return *posp is just past STOP (or at
 * the opcode that broke).
 */
/*
 * CPython's file unpickler (pickle.load(f), torch.load of a legacy file)
 * holds exactly one FRAME in its buffer: a read that does not fit in what is
 * left of the frame drops that rest and reads on from the bytes after it
 * (python/cpython#154848); pickle.loads() of the same bytes does not. So an
 * opcode that crosses its frame's end has a second reading, in which bytes
 * the first takes for its argument run as opcodes. Where that reading
 * imports something, it is scanned as well (a nested machine, so its
 * imports are reported at their offsets).
 */
static void frame_straddle_reading(struct pk_vm *vm, size_t start, unsigned op)
{
	size_t lenb = 0, fe = vm->frame_end, p = start + 1, resume;
	int body = 0;
	uint64_t n = 0;
	struct wl_pickle_probe_result pr;
	switch (op) {
	case 'B': case 'X': case 'T': case 0x8b: lenb = 4; body = 1; break;
	case 'C': case 'U': case 0x8c: case 0x8a: lenb = 1; body = 1; break;
	case 0x8d: case 0x8e: case 0x96: lenb = 8; body = 1; break;
	case 'J': case 'j': case 'r': case 0x84: lenb = 4; break;
	case 'K': case 'h': case 'q': case 0x82: case 0x80: lenb = 1; break;
	case 'M': case 0x83: lenb = 2; break;
	case 'G': lenb = 8; break;
	default: return; /* line-based arguments: not modelled */
	}
	if (start >= fe || fe > vm->size)
		return;
	if (p + lenb > fe) {
		/* the length (or the fixed argument) crosses the end: read after it */
		if (lenb > vm->size - fe)
			return;
		if (body)
			n = rd_le(vm->data + fe, (unsigned)lenb);
		resume = fe + lenb;
	} else {
		if (!body)
			return;
		/* the body crosses the end: it is read from after the frame */
		n = rd_le(vm->data + p, (unsigned)lenb);
		resume = fe;
	}
	if (n > vm->size - resume)
		return;
	resume += (size_t)n;
	if (resume >= vm->size || vm->depth >= vm->lim->max_nesting)
		return;
	wl_pickle_probe(vm->data + resume, vm->size - resume, (uint64_t)1 << 16, &pr);
	if (pr.imports)
		(void)pickle_run_nested(vm, resume);
}

/*
 * The opcodes: run_one below reads the opcode and dispatches in one switch;
 * the larger cases are the static inline op_* helpers here (one switch, so
 * no loss of dispatch speed). A helper gets the position just past the
 * opcode byte in *posp and returns RUN_NEXT with *posp past its arguments,
 * or how the run ends with *posp where run_one returns it.
 */
#define BROKEN(...) do { issue(vm, WL_PICKLE_ISSUE_BROKEN, start, op, __VA_ARGS__); \
	*posp = start; return RUN_BROKEN; } while (0)
#define NEED(n) do { if ((size_t)(size - pos) < (size_t)(n)) { vm->ran_out = 1; } \
	if ((size_t)(size - pos) < (size_t)(n)) BROKEN("%s at offset %llu needs %llu bytes but only %zu remain", opnames[op], \
	       (unsigned long long)(vm->base + start), (unsigned long long)(n), size - pos); } while (0)
#define PUSH(val) do { if (push(vm, (val))) { issue(vm, WL_PICKLE_ISSUE_LIMIT, start, op, \
	"pickle stack deeper than %zu entries at offset %llu; the %zu bytes from there on are not checked", \
	vm->lim->max_stack, (unsigned long long)(vm->base + start), size - start); vm->limited = 1; \
	*posp = start; return RUN_LIMIT; } } while (0)
#define POP(dst) do { if (vm->sp <= fence(vm)) BROKEN("%s at offset %llu pops an empty stack", \
	opnames[op], (unsigned long long)(vm->base + start)); (dst) = vm->stack[--vm->sp]; } while (0)
#define TOP(dst) do { if (vm->sp <= fence(vm)) BROKEN("%s at offset %llu needs a stack item", \
	opnames[op], (unsigned long long)(vm->base + start)); (dst) = &vm->stack[vm->sp - 1]; } while (0)
#define POPMARK() do { if (!vm->nmarks) BROKEN("%s at offset %llu finds no MARK", opnames[op], \
	(unsigned long long)(vm->base + start)); mark = vm->marks[--vm->nmarks]; } while (0)
#define LINE(p_out) do { (p_out) = memchr(d + pos, '\n', size - pos); \
	if (!(p_out)) vm->ran_out = 1; \
	if (!(p_out)) BROKEN("%s at offset %llu: argument line has no newline", opnames[op], \
			     (unsigned long long)(vm->base + start)); } while (0)
/* The helpers are inlined into run_one's switch: GCC leaves the larger ones
 * out of line when it may, which costs the VM about 17% on dense pickles. */
#if defined(__GNUC__) || defined(__clang__)
#define PK_OP static inline __attribute__((always_inline))
#else
#define PK_OP static inline
#endif
/* the locals every helper's macros use */
#define OP_LOCALS const unsigned char *d = vm->data; const size_t size = vm->size; size_t pos = *posp; \
	(void)d; (void)size; (void)pos
#define OP_NEXT() do { *posp = pos; return RUN_NEXT; } while (0)

/* MARK */
PK_OP enum run_end op_mark(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	if (vm->nmarks >= vm->malloc_n) {
		if (vm->nmarks >= vm->lim->max_stack) {
			issue(vm, WL_PICKLE_ISSUE_LIMIT, start, op,
			      "more than %zu nested MARKs at offset %llu; the %zu bytes from there on are not checked",
			      vm->lim->max_stack, (unsigned long long)(vm->base + start), size - start);
			vm->limited = 1;
			*posp = start;
			return RUN_LIMIT;
		}
		vm->marks = wl_grow(vm->marks, &vm->malloc_n, vm->nmarks + 1, sizeof(*vm->marks));
	}
	vm->marks[vm->nmarks++] = vm->sp;
	OP_NEXT();
}

/* INT LONG FLOAT BININT BININT1 BININT2 BINFLOAT LONG1 LONG4 */
PK_OP enum run_end op_number(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	const unsigned char *nl;
	struct pv v = pv_any();
	uint64_t n64;
	int64_t iv;
	switch (op) {
	case 'F': case 'L': case 'I': /* FLOAT LONG INT */
		LINE(nl);
		if (parse_dec(d + pos, (size_t)(nl - (d + pos)), &iv) == 0) {
			v.kind = PV_INT;
			v.v.i = iv;
		}
		pos = (size_t)(nl - d) + 1;
		break;
	case 'G': /* BINFLOAT */
		NEED(8);
		pos += 8;
		break;
	case 'J': /* BININT */
		NEED(4);
		v.kind = PV_INT;
		v.v.i = (int32_t)(uint32_t)rd_le(d + pos, 4);
		pos += 4;
		break;
	case 'K': /* BININT1 */
		NEED(1);
		v.kind = PV_INT;
		v.v.i = d[pos++];
		break;
	case 'M': /* BININT2 */
		NEED(2);
		v.kind = PV_INT;
		v.v.i = (int64_t)rd_le(d + pos, 2);
		pos += 2;
		break;
	case 0x8a: /* LONG1 */
		NEED(1);
		n64 = d[pos++];
		NEED(n64);
		if (n64 && n64 <= 8) {
			uint64_t u = rd_le(d + pos, (unsigned)n64);
			if (n64 < 8 && (d[pos + n64 - 1] & 0x80))
				u |= ~(uint64_t)0 << (n64 * 8);
			v.kind = PV_INT;
			v.v.i = (int64_t)u;
		} else if (!n64) {
			v.kind = PV_INT;
		}
		pos += (size_t)n64;
		break;
	default: /* 0x8b LONG4 */
		NEED(4);
		n64 = rd_le(d + pos, 4);
		if (n64 & 0x80000000u)
			BROKEN("LONG4 at offset %llu has a negative length", (unsigned long long)(vm->base + start));
		pos += 4;
		NEED(n64);
		pos += (size_t)n64;
		break;
	}
	PUSH(v);
	OP_NEXT();
}

/* STRING UNICODE (line arguments) and the counted strings and bytes:
 * BINSTRING BINUNICODE BINBYTES SHORT_BINSTRING SHORT_BINBYTES
 * SHORT_BINUNICODE BINUNICODE8 BINBYTES8 BYTEARRAY8 */
PK_OP enum run_end op_string(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	const unsigned char *nl;
	struct pv v;
	uint64_t n64;
	switch (op) {
	case 'S': /* STRING */
		LINE(nl);
		{
			const unsigned char *s = d + pos;
			size_t n = (size_t)(nl - s);
			while (n && s[n - 1] == '\r')
				n--;
			if (n < 2 || (s[0] != '\'' && s[0] != '"') || s[n - 1] != s[0])
				BROKEN("STRING at offset %llu is not quoted", (unsigned long long)(vm->base + start));
			if (decode_str(vm, s + 1, n - 2, 0, &v))
				pool_full(vm, start, op);
		}
		pos = (size_t)(nl - d) + 1;
		PUSH(v);
		OP_NEXT();
	case 'V': /* UNICODE */
		LINE(nl);
		if (decode_str(vm, d + pos, (size_t)(nl - (d + pos)), 1, &v))
			pool_full(vm, start, op);
		pos = (size_t)(nl - d) + 1;
		PUSH(v);
		OP_NEXT();
	case 'T': case 'X': case 'B': /* BINSTRING BINUNICODE BINBYTES */
		NEED(4);
		n64 = rd_le(d + pos, 4);
		if (op == 'T' && (n64 & 0x80000000u))
			BROKEN("BINSTRING at offset %llu has a negative length", (unsigned long long)(vm->base + start));
		pos += 4;
		break;
	case 'U': case 'C': case 0x8c: /* SHORT_BINSTRING SHORT_BINBYTES SHORT_BINUNICODE */
		NEED(1);
		n64 = d[pos++];
		break;
	default: /* 0x8d 0x8e 0x96: BINUNICODE8 BINBYTES8 BYTEARRAY8 */
		NEED(8);
		n64 = rd_le(d + pos, 8);
		pos += 8;
		break;
	}
	NEED(n64);
	v = pv_any();
	if (op == 'T' || op == 'X' || op == 'U' || op == 0x8c || op == 0x8d) {
		if (n64 <= UINT32_MAX) {
			v.kind = PV_STR;
			v.v.s = d + pos;
			v.len = (uint32_t)n64;
		}
	}
	pos += (size_t)n64; /* payload skipped, never copied */
	PUSH(v);
	OP_NEXT();
}

/* REDUCE */
PK_OP enum run_end op_reduce(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	struct pv v, a, *t;
	POP(a);
	TOP(t);
	if (a.kind == PV_RECON && t->kind == PV_IMPORT &&
	    (imp_is(&vm->imps[t->v.imp], "copyreg", "_reconstructor") ||
	     imp_is(&vm->imps[t->v.imp], "copy_reg", "_reconstructor"))) {
		/* _reconstructor(cls, object, state) is object.__new__(cls):
		 * the protocol 0/1 spelling of NEWOBJ */
		struct pk_imp *cls = &vm->imps[a.v.imp];
		cls->flags |= WL_PICKLE_CALLED;
		if (!cls->call_op)
			cls->call_op = "REDUCE of copyreg._reconstructor";
	} else {
		escape(vm, &a);
	}
	v = call_value(vm, t, "REDUCE", start);
	if (a.kind == PV_RECON && v.kind == PV_OBJ)
		v.v.imp = a.v.imp; /* a BUILD that follows sets the state of cls */
	if (t->kind == PV_IMPORT && a.kind == PV_TUP1S) {
		const struct pk_imp *im = &vm->imps[t->v.imp];
		uint64_t isz;
		int obj;
		if (slice_is(im->mod, im->mod_len, "numpy") && slice_is(im->name, im->name_len, "dtype") &&
		    dtype_itemsize(a.v.s, a.len, &isz, &obj) == 0) {
			v.kind = PV_DTYPE;
			v.v.u = isz;
			v.flag = obj ? PVF_OBJECT : 0;
		}
	}
	*t = v;
	OP_NEXT();
}

/* After the BUILD of a joblib NumpyArrayWrapper at *posp: skip (or scan)
 * the array that joblib writes right after it, outside any frame. */
static inline enum run_end joblib_array(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	uint64_t n64;
	if (vm->jl.have_dtype && vm->jl.hasobject) {
		size_t end = pickle_run_nested(vm, pos);
		if (end == (size_t)-1) {
			*posp = pos;
			return RUN_BROKEN;
		}
		pos = end;
	} else if (vm->jl.have_dtype && vm->jl.have_shape && !vm->jl.overflow) {
		uint64_t bytes;
		if (vm->jl.have_align) {
			NEED(1);
			n64 = d[pos++];
			NEED(n64);
			pos += (size_t)n64;
		}
		if (vm->jl.itemsize && vm->jl.count > UINT64_MAX / vm->jl.itemsize)
			BROKEN("joblib array at offset %llu has an impossible size",
			       (unsigned long long)(vm->base + pos));
		bytes = vm->jl.count * vm->jl.itemsize;
		if ((uint64_t)(size - pos) < bytes)
			BROKEN("joblib array at offset %llu needs %llu bytes but only %zu remain",
			       (unsigned long long)(vm->base + pos), (unsigned long long)bytes, size - pos);
		/* plain pickle.load would run these bytes as opcodes:
		 * if they hold a real payload, scan it as a pickle too */
		if (bytes && vm->depth < vm->lim->max_nesting) {
			struct wl_pickle_probe_result pr;
			wl_pickle_probe(d + pos, (size_t)bytes, (uint64_t)1 << 16, &pr);
			if (pr.imports && (pr.stopped || pr.called))
				(void)pickle_run_nested(vm, pos);
		}
		pos += (size_t)bytes;
	} else {
		BROKEN("joblib NumpyArrayWrapper at offset %llu: array shape or dtype not understood, cannot find the array end",
		       (unsigned long long)(vm->base + start));
	}
	memset(&vm->jl, 0, sizeof(vm->jl));
	OP_NEXT();
}

/* BUILD; *op_end is set where a joblib array follows */
PK_OP enum run_end op_build(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op, size_t *op_end)
{
	OP_LOCALS;
	struct pv a, *t;
	POP(a);
	escape(vm, &a);
	TOP(t);
	mutate_check(vm, t, start, op);
	if (t->kind == PV_OBJ) {
		struct pk_imp *im = &vm->imps[t->v.imp];
		im->flags |= WL_PICKLE_BUILD_STATE;
		if (vm->mode != WL_PICKLE_MODE_TORCH_LEGACY &&
		    slice_is(im->name, im->name_len, "NumpyArrayWrapper")) {
			*op_end = pos;
			return joblib_array(vm, posp, start, op);
		}
	}
	OP_NEXT();
}

/* GLOBAL INST */
PK_OP enum run_end op_global(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	const unsigned char *nl, *nl2;
	struct pv v;
	size_t mark;
	long idx;
	LINE(nl);
	{
		size_t p2 = (size_t)(nl - d) + 1;
		nl2 = p2 < size ? memchr(d + p2, '\n', size - p2) : NULL;
		if (!nl2)
			BROKEN("%s at offset %llu: name line has no newline", opnames[op],
			       (unsigned long long)(vm->base + start));
		idx = add_import(vm, d + pos, (size_t)(nl - (d + pos)), d + p2,
				 (size_t)(nl2 - (d + p2)), opnames[op], start, 0);
		pos = (size_t)(nl2 - d) + 1;
	}
	v = pv_any();
	if (idx >= 0) {
		v.kind = PV_IMPORT;
		v.v.imp = (uint32_t)idx;
	}
	if (op == 'i') {
		POPMARK();
		escape_range(vm, mark, vm->sp);
		vm->sp = mark;
		v = call_value(vm, &v, "INST", start);
	}
	PUSH(v);
	OP_NEXT();
}

/* A key and value set on a dict: joblib's array header is noted. */
static inline void joblib_key(struct pk_vm *vm, const struct pv *key, const struct pv *val)
{
	if (slice_is(key->v.s, key->len, "shape") && val->kind == PV_INTS) {
		vm->jl.have_shape = 1;
		vm->jl.count = val->v.u;
		vm->jl.overflow = val->flag & PVF_OVERFLOW;
	} else if (slice_is(key->v.s, key->len, "dtype") && val->kind == PV_DTYPE) {
		vm->jl.have_dtype = 1;
		vm->jl.itemsize = val->v.u;
		vm->jl.hasobject = (val->flag & PVF_OBJECT) != 0;
	} else if (slice_is(key->v.s, key->len, "numpy_array_alignment_bytes")) {
		vm->jl.have_align = 1;
	}
}

/* DICT LIST FROZENSET (build from the items since MARK), APPENDS
 * ADDITEMS (add them to the object below) */
PK_OP enum run_end op_marked(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	struct pv *t;
	size_t mark;
	POPMARK();
	if (op == 'd' && ((vm->sp - mark) & 1))
		BROKEN("DICT at offset %llu has an odd number of items", (unsigned long long)(vm->base + start));
	escape_range(vm, mark, vm->sp);
	vm->sp = mark;
	if (op == 'e' || op == 0x90) {
		TOP(t);
		mutate_check(vm, t, start, op);
	} else {
		PUSH(pv_any());
	}
	OP_NEXT();
}

/* SETITEMS */
PK_OP enum run_end op_setitems(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	struct pv *t;
	size_t mark;
	POPMARK();
	if ((vm->sp - mark) & 1)
		BROKEN("SETITEMS at offset %llu has an odd number of items", (unsigned long long)(vm->base + start));
	if (vm->mode != WL_PICKLE_MODE_TORCH_LEGACY) {
		size_t k;
		for (k = mark; k + 1 < vm->sp; k += 2)
			if (vm->stack[k].kind == PV_STR)
				joblib_key(vm, &vm->stack[k], &vm->stack[k + 1]);
	}
	escape_range(vm, mark, vm->sp);
	vm->sp = mark;
	TOP(t);
	mutate_check(vm, t, start, op);
	OP_NEXT();
}

/* SETITEM */
PK_OP enum run_end op_setitem(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	struct pv a, b, *t;
	POP(a);
	POP(b);
	escape(vm, &a);
	escape(vm, &b);
	TOP(t);
	mutate_check(vm, t, start, op);
	if (vm->mode != WL_PICKLE_MODE_TORCH_LEGACY && b.kind == PV_STR)
		joblib_key(vm, &b, &a);
	OP_NEXT();
}

/* GET PUT BINGET BINPUT LONG_BINGET LONG_BINPUT MEMOIZE */
PK_OP enum run_end op_memo(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	const unsigned char *nl;
	struct pv v, *t;
	uint64_t n64;
	int64_t iv;
	switch (op) {
	case 'g': case 'p': /* GET PUT */
		LINE(nl);
		if (parse_dec(d + pos, (size_t)(nl - (d + pos)), &iv) != 0 || iv < 0) {
			if (op == 'p')
				BROKEN("PUT at offset %llu has a bad memo key", (unsigned long long)(vm->base + start));
			iv = -1;
		}
		pos = (size_t)(nl - d) + 1;
		n64 = (uint64_t)iv;
		break;
	case 'h': case 'q': /* BINGET BINPUT */
		NEED(1);
		n64 = d[pos++];
		break;
	case 'j': case 'r': /* LONG_BINGET LONG_BINPUT */
		NEED(4);
		n64 = rd_le(d + pos, 4);
		pos += 4;
		break;
	default: /* 0x94 MEMOIZE */
		n64 = vm->memo_count;
		break;
	}
	if (op == 'g' || op == 'h' || op == 'j') {
		const struct pv *m = memo_get(vm, n64);
		if (!m) {
			if (vm->limited) {
				PUSH(pv_any());
				OP_NEXT();
			}
			BROKEN("%s at offset %llu reads memo key %llu that was never stored",
			       opnames[op], (unsigned long long)(vm->base + start), (unsigned long long)n64);
		}
		v = *m;
		PUSH(v);
	} else {
		TOP(t);
		int mr = memo_put(vm, n64, t);
		if (mr && !vm->memo_reported++) {
			if (mr == -2)
				issue(vm, WL_PICKLE_ISSUE_LIMIT, start, op,
				      "more than %u scattered memo keys (far from the consecutive keys picklers write) at offset %llu: "
				      "values memoized under new scattered keys from there on are not tracked, so whether an "
				      "import fetched back from them is called or modified is not checked (every import is still reported)",
				      MEMO_MAX_SPARSE, (unsigned long long)(vm->base + start));
			else
				issue(vm, WL_PICKLE_ISSUE_LIMIT, start, op,
				      "the pickle memo reached its limit of %zu entries at offset %llu ([artifact] max_pickle_memo): "
				      "values memoized from there on are not tracked, so whether an import fetched back "
				      "from the memo is called or modified is not checked (every import is still reported)",
				      vm->lim->max_memo, (unsigned long long)(vm->base + start));
		}
	}
	OP_NEXT();
}

/* OBJ */
PK_OP enum run_end op_obj(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	struct pv v, a;
	size_t mark;
	POPMARK();
	if (vm->sp == mark)
		BROKEN("OBJ at offset %llu has no class", (unsigned long long)(vm->base + start));
	a = vm->stack[mark];
	escape_range(vm, mark + 1, vm->sp);
	vm->sp = mark;
	if (a.kind != PV_IMPORT && a.kind != PV_OBJ && !(a.flag & PVF_UNRESOLVED) && vm->nonconst_reported++ < PK_MAX_NONCONST_ISSUES)
		issue(vm, WL_PICKLE_ISSUE_NONCONST, start, op,
		      "OBJ at offset %llu calls something that is not a plain import",
		      (unsigned long long)(vm->base + start));
	v = call_value(vm, &a, "OBJ", start);
	PUSH(v);
	OP_NEXT();
}

/* TUPLE EMPTY_TUPLE TUPLE1 TUPLE2 TUPLE3 */
PK_OP enum run_end op_tuple(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	struct pv v;
	size_t mark, k;
	int ints = 1, ovf = 0;
	uint64_t prod = 1;
	if (op == 't') {
		POPMARK();
	} else {
		k = op == ')' ? 0 : (size_t)(op - 0x84);
		if (vm->sp - fence(vm) < k)
			BROKEN("%s at offset %llu pops an empty stack", opnames[op],
			       (unsigned long long)(vm->base + start));
		mark = vm->sp - k;
	}
	v = pv_any();
	for (k = mark; k < vm->sp; k++) {
		const struct pv *e = &vm->stack[k];
		if (e->kind != PV_INT || e->v.i < 0) {
			ints = 0;
			break;
		}
		if (e->v.i && prod > UINT64_MAX / (uint64_t)e->v.i)
			ovf = 1;
		else
			prod *= (uint64_t)e->v.i;
	}
	if (vm->sp - mark == 3 && vm->stack[mark].kind == PV_IMPORT &&
	    vm->stack[mark + 1].kind == PV_IMPORT &&
	    (imp_is(&vm->imps[vm->stack[mark + 1].v.imp], "builtins", "object") ||
	     imp_is(&vm->imps[vm->stack[mark + 1].v.imp], "__builtin__", "object"))) {
		/* (cls, object, state): the class is not handed on
		 * until the tuple is (REDUCE decides) */
		escape(vm, &vm->stack[mark + 2]);
		v.kind = PV_RECON;
		v.v.imp = vm->stack[mark].v.imp;
		vm->sp = mark;
		PUSH(v);
		OP_NEXT();
	}
	escape_range(vm, mark, vm->sp);
	if (ints) {
		v.kind = PV_INTS;
		v.v.u = prod;
		v.len = (uint32_t)(vm->sp - mark);
		v.flag = ovf ? PVF_OVERFLOW : 0;
	} else if (vm->stack[mark].kind == PV_STR) {
		v.kind = PV_TUP1S;
		v.v.s = vm->stack[mark].v.s;
		v.len = vm->stack[mark].len;
	}
	vm->sp = mark;
	PUSH(v);
	OP_NEXT();
}

/* NEWOBJ NEWOBJ_EX */
PK_OP enum run_end op_newobj(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	struct pv a, b, *t;
	POP(a);
	if (op == 0x92) {
		POP(b);
		escape(vm, &a);
		escape(vm, &b);
	} else {
		escape(vm, &a);
	}
	TOP(t);
	*t = call_value(vm, t, op == 0x92 ? "NEWOBJ_EX" : "NEWOBJ", start);
	OP_NEXT();
}

/* EXT1 EXT2 EXT4 */
PK_OP enum run_end op_ext(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	unsigned w = op == 0x82 ? 1 : op == 0x83 ? 2 : 4;
	char codebuf[24];
	const unsigned char *stored;
	struct pv v;
	uint64_t n64;
	long idx;
	int cn;
	NEED(w);
	n64 = rd_le(d + pos, w);
	pos += w;
	cn = snprintf(codebuf, sizeof(codebuf), "%llu", (unsigned long long)n64);
	stored = pool_add(vm, (const unsigned char *)codebuf, (size_t)cn);
	if (vm->ext_reported++ < PK_MAX_NONCONST_ISSUES)
		issue(vm, WL_PICKLE_ISSUE_EXT, start, op,
		      "%s at offset %llu loads copyreg extension code %llu, which no scanner can resolve",
		      opnames[op], (unsigned long long)(vm->base + start), (unsigned long long)n64);
	v = pv_any();
	v.flag = PVF_UNRESOLVED;
	if (stored) {
		idx = add_import(vm, (const unsigned char *)"copyreg._extension_registry", 27,
				 stored, (size_t)cn, opnames[op], start, WL_PICKLE_EXT);
		if (idx >= 0) {
			v.kind = PV_IMPORT;
			v.v.imp = (uint32_t)idx;
		}
	}
	PUSH(v);
	OP_NEXT();
}

/* STACK_GLOBAL */
PK_OP enum run_end op_stack_global(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	struct pv v, a, b;
	long idx;
	POP(b);
	POP(a);
	v = pv_any();
	if (a.kind == PV_STR && b.kind == PV_STR) {
		idx = add_import(vm, a.v.s, a.len, b.v.s, b.len, "STACK_GLOBAL", start, 0);
		if (idx >= 0) {
			v.kind = PV_IMPORT;
			v.v.imp = (uint32_t)idx;
		}
	} else {
		v.flag = PVF_UNRESOLVED;
		if (vm->nonconst_reported++ < PK_MAX_NONCONST_ISSUES)
			issue(vm, WL_PICKLE_ISSUE_NONCONST, start, op,
			      "STACK_GLOBAL at offset %llu takes its %s from a value that is not a constant string",
			      (unsigned long long)(vm->base + start),
			      a.kind != PV_STR && b.kind != PV_STR ? "module and name"
			      : a.kind != PV_STR ? "module" : "name");
	}
	PUSH(v);
	OP_NEXT();
}

/* FRAME */
PK_OP enum run_end op_frame(struct pk_vm *vm, size_t *posp, size_t start, unsigned char op)
{
	OP_LOCALS;
	uint64_t n64;
	NEED(8);
	n64 = rd_le(d + pos, 8);
	pos += 8;
	if (vm->in_frame && start != vm->frame_end && !vm->frame_reported) {
		vm->frame_reported = 1;
		issue(vm, WL_PICKLE_ISSUE_FRAME, start, op,
		      "FRAME at offset %llu starts before the previous frame ends at %llu",
		      (unsigned long long)(vm->base + start), (unsigned long long)(vm->base + vm->frame_end));
	}
	if (n64 > size - pos) {
		if (!vm->frame_reported)
			issue(vm, WL_PICKLE_ISSUE_FRAME, start, op,
			      "FRAME at offset %llu announces %llu bytes but only %zu remain",
			      (unsigned long long)(vm->base + start), (unsigned long long)n64, size - pos);
		vm->frame_reported = 1;
		vm->in_frame = 0;
	} else {
		vm->in_frame = 1;
		vm->frame_end = pos + (size_t)n64;
	}
	OP_NEXT();
}

/* After an opcode inside a FRAME that ends at op_end: leave the frame at
 * its end, and note (and read the second way) an opcode that crosses it. */
PK_OP void frame_check(struct pk_vm *vm, size_t start, unsigned char op, size_t op_end)
{
	if (op_end > vm->frame_end) {
		if (!vm->frame_reported) {
			vm->frame_reported = 1;
			issue(vm, WL_PICKLE_ISSUE_FRAME, start, op,
			      "%s at offset %llu runs past the end of its FRAME at %llu (hidden bytes)",
			      opnames[op], (unsigned long long)(vm->base + start),
			      (unsigned long long)(vm->base + vm->frame_end));
		}
		frame_straddle_reading(vm, start, op);
		vm->in_frame = 0;
	} else if (op_end == vm->frame_end) {
		vm->in_frame = 0;
	}
}

/* Before each opcode at pos: the end of the data and the opcode budget. */
PK_OP enum run_end op_begin(struct pk_vm *vm, size_t pos)
{
	if (pos >= vm->size) {
		vm->ran_out = 1;
		issue(vm, WL_PICKLE_ISSUE_BROKEN, pos, 0,
		      "pickle ends at offset %llu without STOP", (unsigned long long)(vm->base + pos));
		return RUN_BROKEN;
	}
	if (++*vm->ops > vm->lim->max_ops) {
		issue(vm, WL_PICKLE_ISSUE_LIMIT, pos, vm->data[pos],
		      "more than %llu opcodes ([artifact] max_pickle_ops); the %zu bytes from offset %llu on are not checked",
		      (unsigned long long)vm->lim->max_ops, vm->size - pos, (unsigned long long)(vm->base + pos));
		vm->limited = 1;
		vm->stopped_all = 1;
		return RUN_LIMIT;
	}
	return RUN_NEXT;
}

static enum run_end run_one(struct pk_vm *vm, size_t *posp)
{
	const unsigned char *d = vm->data;
	const size_t size = vm->size;
	size_t pos = *posp;
	size_t start, mark, op_end;
	unsigned char op = 0;
	enum run_end r;
	const unsigned char *nl;
	struct pv v;
/* one opcode, one helper; the constant opcode lets the helper's own switch fold away */
#define OP_CASE(c, fn) case c: r = fn(vm, &pos, start, c); break;

	for (;;) {
		struct pv *t;
		if (vm->stopped_all)
			return RUN_LIMIT;
		r = op_begin(vm, pos);
		if (r != RUN_NEXT) {
			*posp = pos;
			return r;
		}
		start = pos;
		op = d[pos++];
		op_end = 0;
		r = RUN_NEXT;
		switch (op) {
		OP_CASE('(', op_mark) /* MARK */
		case '.': /* STOP */
			POP(v);
			escape(vm, &v);
			*posp = pos;
			return RUN_STOP;
		case '0': /* POP: CPython pops a MARK when the stack is at the fence */
			if (vm->sp > fence(vm))
				vm->sp--;
			else if (vm->nmarks)
				vm->nmarks--;
			else
				BROKEN("POP at offset %llu on an empty stack", (unsigned long long)(vm->base + start));
			break;
		case '1': /* POP_MARK */
			POPMARK();
			vm->sp = mark;
			break;
		case '2': /* DUP */
			TOP(t);
			v = *t;
			PUSH(v);
			break;
		/* FLOAT LONG INT BINFLOAT BININT BININT1 BININT2 LONG1 LONG4 */
		OP_CASE('F', op_number) OP_CASE('L', op_number) OP_CASE('I', op_number) OP_CASE('G', op_number)
		OP_CASE('J', op_number) OP_CASE('K', op_number) OP_CASE('M', op_number)
		OP_CASE(0x8a, op_number) OP_CASE(0x8b, op_number)
		case 'N': case 0x88: case 0x89: /* NONE NEWTRUE NEWFALSE */
		case '}': case ']': case 0x8f: /* EMPTY_DICT EMPTY_LIST EMPTY_SET */
		case 0x97: /* NEXT_BUFFER */
			PUSH(pv_any());
			break;
		case 'P': /* PERSID */
			LINE(nl);
			pos = (size_t)(nl - d) + 1;
			PUSH(pv_any());
			break;
		case 'Q': /* BINPERSID */
			POP(v);
			escape(vm, &v);
			PUSH(pv_any());
			break;
		OP_CASE('R', op_reduce) /* REDUCE */
		/* STRING UNICODE BINSTRING BINUNICODE BINBYTES SHORT_BINSTRING SHORT_BINBYTES
		 * SHORT_BINUNICODE BINUNICODE8 BINBYTES8 BYTEARRAY8 */
		OP_CASE('S', op_string) OP_CASE('V', op_string) OP_CASE('T', op_string) OP_CASE('X', op_string)
		OP_CASE('B', op_string) OP_CASE('U', op_string) OP_CASE('C', op_string) OP_CASE(0x8c, op_string)
		OP_CASE(0x8d, op_string) OP_CASE(0x8e, op_string) OP_CASE(0x96, op_string)
		case 'a': /* APPEND */
			POP(v);
			escape(vm, &v);
			TOP(t);
			mutate_check(vm, t, start, op);
			break;
		case 'b': /* BUILD */
			r = op_build(vm, &pos, start, op, &op_end);
			break;
		OP_CASE('c', op_global) OP_CASE('i', op_global) /* GLOBAL INST */
		/* DICT LIST FROZENSET APPENDS ADDITEMS */
		OP_CASE('d', op_marked) OP_CASE('l', op_marked) OP_CASE(0x91, op_marked) OP_CASE('e', op_marked)
		OP_CASE(0x90, op_marked)
		OP_CASE('u', op_setitems) /* SETITEMS */
		OP_CASE('s', op_setitem) /* SETITEM */
		/* GET PUT BINGET BINPUT LONG_BINGET LONG_BINPUT MEMOIZE */
		OP_CASE('g', op_memo) OP_CASE('p', op_memo) OP_CASE('h', op_memo) OP_CASE('q', op_memo)
		OP_CASE('j', op_memo) OP_CASE('r', op_memo) OP_CASE(0x94, op_memo)
		OP_CASE('o', op_obj) /* OBJ */
		/* TUPLE EMPTY_TUPLE TUPLE1 TUPLE2 TUPLE3 */
		OP_CASE('t', op_tuple) OP_CASE(')', op_tuple) OP_CASE(0x85, op_tuple) OP_CASE(0x86, op_tuple)
		OP_CASE(0x87, op_tuple)
		case 0x80: /* PROTO */
			NEED(1);
			if (d[pos] > 5)
				BROKEN("PROTO at offset %llu asks for unsupported protocol %u",
				       (unsigned long long)(vm->base + start), d[pos]);
			vm->proto = d[pos++];
			break;
		OP_CASE(0x81, op_newobj) OP_CASE(0x92, op_newobj) /* NEWOBJ NEWOBJ_EX */
		OP_CASE(0x82, op_ext) OP_CASE(0x83, op_ext) OP_CASE(0x84, op_ext) /* EXT1 EXT2 EXT4 */
		OP_CASE(0x93, op_stack_global) /* STACK_GLOBAL */
		OP_CASE(0x95, op_frame) /* FRAME */
		case 0x98: /* READONLY_BUFFER */
			TOP(t);
			break;
		default:
			BROKEN("unknown opcode 0x%02x at offset %llu", op, (unsigned long long)(vm->base + start));
		}
		if (r != RUN_NEXT) {
			*posp = pos;
			return r;
		}
		if (!op_end)
			op_end = pos;
		if (vm->in_frame && op != 0x95)
			frame_check(vm, start, op, op_end);
	}
}
#undef BROKEN
#undef NEED
#undef PUSH
#undef POP
#undef TOP
#undef POPMARK
#undef LINE
#undef OP_LOCALS
#undef OP_NEXT
#undef OP_CASE
#undef PK_OP

/* Is there a pickle start (PROTO 2-5) at p? */
static int looks_like_proto(const unsigned char *p, size_t n)
{
	return n >= 3 && p[0] == 0x80 && p[1] >= 2 && p[1] <= 5 && opnames[p[2]];
}

struct probe_state {
	unsigned imports, called;
};

/* "pkg.mod", "Class.attr": dotted Python identifiers, every part non-empty
 * and not starting with a digit */
static int dotted_ident(const char *q)
{
	int start = 1;
	if (!*q)
		return 0;
	for (; *q; q++) {
		if (*q == '.') {
			if (start)
				return 0;
			start = 1;
			continue;
		}
		if (!(*q == '_' || ((*q | 32) >= 'a' && (*q | 32) <= 'z') || (!start && *q >= '0' && *q <= '9')))
			return 0;
		start = 0;
	}
	return !start;
}

static void probe_on_import(void *opaque, const struct wl_pickle_import_info *imp)
{
	struct probe_state *ps = opaque;
	/* sniffing counts only imports that look like Python names; a copyreg
	 * extension code is no evidence (the registry is empty in stock Python,
	 * so the loader fails right there) */
	if ((imp->flags & WL_PICKLE_EXT) || !dotted_ident(imp->raw_module) || !dotted_ident(imp->raw_name))
		return;
	ps->imports++;
	/* damage done before any break: a call, or an overwrite of the import */
	if (imp->flags & (WL_PICKLE_CALLED | WL_PICKLE_MUTATED))
		ps->called++;
}

void wl_pickle_probe(const unsigned char *data, size_t size, uint64_t max_ops,
		     struct wl_pickle_probe_result *r)
{
	struct pk_vm vm;
	struct wl_pickle_limits lim;
	struct probe_state ps = {0};
	struct wl_pickle_callbacks cb = {&ps, probe_on_import, NULL};
	uint64_t ops = 0;
	unsigned reports = 0;
	size_t pos = 0;
	enum run_end e;
	memset(r, 0, sizeof(*r));
	if (!size || !opnames[data[0]])
		return;
	wl_pickle_limits_default(&lim);
	lim.max_ops = max_ops;
	memset(&vm, 0, sizeof(vm));
	vm.data = data;
	vm.size = size;
	vm.lim = &lim;
	vm.cb = &cb;
	vm.ops = &ops;
	vm.reports = &reports;
	vm.depth = 99; /* no nesting during probes */
	e = run_one(&vm, &pos);
	flush_imports(&vm);
	pk_vm_release(&vm);
	r->stopped = e == RUN_STOP;
	r->limited = e == RUN_LIMIT;
	r->truncated = e == RUN_BROKEN && vm.ran_out;
	r->consumed = pos;
	r->ops = ops;
	r->imports = ps.imports;
	r->called = ps.called;
}

int wl_pickle_looks_like(const unsigned char *data, size_t size, int strict)
{
	struct wl_pickle_probe_result r;
	(void)strict; /* text and binary need the same evidence now */
	wl_pickle_probe(data, size, (uint64_t)1 << 20, &r);
	if (size >= 3 && data[0] == 0x80 && data[1] >= 2 && data[1] <= 5)
		/* PROTO 2-5 is a two-byte signature, not proof (a Type 1 font
		 * segment starts 0x80 0x02): the stream must parse on - to STOP,
		 * to an import, to the end of the data (a truncated pickle, or the
		 * head of a compressed one) or for a good many opcodes */
		return r.stopped || r.limited || r.truncated || r.imports || r.ops >= 16;
	/* headerless (protocol 0/1; picklers never write PROTO 0 or 1): it
	 * runs to STOP and imports something or covers the span ... */
	if (r.stopped && r.ops >= 3 && (r.imports || r.consumed + 16 >= size))
		return 1;
	/* ... or an import that looks like a Python name gets called before a
	 * break: that damage is done whatever follows. An import alone, an
	 * EXT code or a first byte that happens to be an opcode (a Free Pascal
	 * unit starts with 'P', PERSID) is not evidence. */
	return r.called && r.ops >= 4;
}

/* Is there a real pickle at p (used when hunting past junk)? */
static int probe_at(const unsigned char *data, size_t size)
{
	struct wl_pickle_probe_result r;
	wl_pickle_probe(data, size, (uint64_t)1 << 24, &r);
	return r.stopped || r.imports > 0;
}

/* Bound on candidate pickle starts probed in non-pickle bytes (per stream). */
#define PK_MAX_JUNK_PROBES 4096

static void scan_stream(struct pk_vm *vm, struct wl_pickle_summary *out)
{
	size_t pos = 0;
	int probes = 0;
	for (;;) {
		size_t begin = pos, next;
		enum run_end e;
		reset_machine(vm);
		e = run_one(vm, &pos);
		flush_imports(vm);
		if (e == RUN_LIMIT) {
			out->limited = 1;
			return;
		}
		if (e == RUN_BROKEN) {
			out->broken = 1;
			/* keep looking: a later pickle may still be loaded by someone */
			pos = begin + 1;
		} else {
			out->pickles++;
			out->end = vm->base + pos;
		}
		vm->pickle_index++;
		if (vm->mode == WL_PICKLE_MODE_TORCH_LEGACY && out->pickles >= 5)
			return; /* raw storage bytes follow: never interpreted */
		if (pos >= vm->size)
			return;
		if (e == RUN_STOP && (looks_like_proto(vm->data + pos, vm->size - pos) ||
				      vm->mode == WL_PICKLE_MODE_TORCH_LEGACY))
			continue;
		/* Bytes after a STOP (or a break): look for another pickle. */
		next = pos;
		for (;;) {
			const unsigned char *p = memchr(vm->data + next, 0x80, vm->size - next);
			if (!p) {
				next = vm->size;
				break;
			}
			next = (size_t)(p - vm->data);
			if (looks_like_proto(p, vm->size - next)) {
				if (++probes > PK_MAX_JUNK_PROBES) {
					issue(vm, WL_PICKLE_ISSUE_LIMIT, next, 0,
					      "stopped looking for further pickles after %d candidates; %zu bytes from offset %llu were not checked",
					      PK_MAX_JUNK_PROBES, vm->size - next, (unsigned long long)(vm->base + next));
					out->limited = 1;
					return;
				}
				if (probe_at(p, vm->size - next))
					break;
			}
			next++;
		}
		if (next >= vm->size) {
			if (e == RUN_STOP)
				issue(vm, WL_PICKLE_ISSUE_TRAILING, pos, 0,
				      "%zu bytes follow the last STOP at offset %llu", vm->size - pos,
				      (unsigned long long)(vm->base + pos));
			return;
		}
		if (next > pos && e == RUN_STOP)
			issue(vm, WL_PICKLE_ISSUE_JUNK, pos, 0,
			      "%zu bytes of non-pickle data at offset %llu before another pickle at offset %llu",
			      next - pos, (unsigned long long)(vm->base + pos), (unsigned long long)(vm->base + next));
		else if (e == RUN_BROKEN)
			issue(vm, WL_PICKLE_ISSUE_JUNK, next, 0,
			      "another pickle starts at offset %llu after the broken one",
			      (unsigned long long)(vm->base + next));
		pos = next;
	}
}

/* joblib: an object-dtype array is a whole pickle inside the pickle. */
static size_t pickle_run_nested(struct pk_vm *parent, size_t pos)
{
	struct pk_vm vm;
	size_t p = 0;
	enum run_end e;
	if (parent->depth + 1 > parent->lim->max_nesting) {
		issue(parent, WL_PICKLE_ISSUE_LIMIT, pos, 0, "pickles nested deeper than %d",
		      parent->lim->max_nesting);
		parent->limited = 1;
		return (size_t)-1;
	}
	memset(&vm, 0, sizeof(vm));
	vm.data = parent->data + pos;
	vm.size = parent->size - pos;
	vm.base = parent->base + pos;
	vm.lim = parent->lim;
	vm.cb = parent->cb;
	vm.mode = parent->mode;
	vm.depth = parent->depth + 1;
	vm.ops = parent->ops;
	vm.reports = parent->reports;
	vm.pickle_index = parent->pickle_index;
	e = run_one(&vm, &p);
	flush_imports(&vm);
	if (vm.stopped_all)
		parent->stopped_all = 1;
	pk_vm_release(&vm);
	return e == RUN_STOP ? pos + p : (size_t)-1;
}

void wl_pickle_scan(const unsigned char *data, size_t size, uint64_t base,
		    enum wl_pickle_mode mode, const struct wl_pickle_limits *limits,
		    const struct wl_pickle_callbacks *cb, struct wl_pickle_summary *out)
{
	struct wl_pickle_limits deflim;
	struct pk_vm vm;
	uint64_t ops = 0;
	unsigned reports = 0;
	struct wl_pickle_summary dummy;
	if (!out)
		out = &dummy;
	memset(out, 0, sizeof(*out));
	if (!limits) {
		wl_pickle_limits_default(&deflim);
		limits = &deflim;
	}
	memset(&vm, 0, sizeof(vm));
	vm.data = data;
	vm.size = size;
	vm.base = base;
	vm.lim = limits;
	vm.cb = cb;
	vm.mode = mode;
	vm.ops = &ops;
	vm.reports = &reports;
	scan_stream(&vm, out);
	out->ops = ops;
	if (vm.limited)
		out->limited = 1;
	pk_vm_release(&vm);
}
