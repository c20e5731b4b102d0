/*
 * pickle_policy.c - the allowlist-first judgement of one pickle import:
 * dangerous (deny list, also through dotted attribute paths), clean
 * (allowlist), or unknown. The lists are rules/data/pickle_{allow,deny}.txt,
 * embedded into the binary at build time so weaklink runs from any cwd;
 * .weaklink.toml may extend both ([pickle] allow / deny).
 */
#include "pickle_policy.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* The data files, embedded verbatim and NUL-terminated by the assembler. */
__asm__(".section .rodata\n"
	".global wl_pickle_allow_txt\n"
	".type wl_pickle_allow_txt, @object\n"
	"wl_pickle_allow_txt:\n"
	".incbin \"rules/data/pickle_allow.txt\"\n"
	".byte 0\n"
	".global wl_pickle_deny_txt\n"
	".type wl_pickle_deny_txt, @object\n"
	"wl_pickle_deny_txt:\n"
	".incbin \"rules/data/pickle_deny.txt\"\n"
	".byte 0\n"
	".previous\n");
extern const char wl_pickle_allow_txt[];
extern const char wl_pickle_deny_txt[];

struct pat {
	char *mod, *name;
	int rebuild_ok; /* deny list: "MODULE * rebuild-ok" - see wl_pickle_judge */
	int except_allowed; /* deny list: "MODULE * except-allowed": all of MODULE but what
			     * the allowlist names (TorchScript's torch.jit._pickle helpers) */
};

struct patlist {
	struct pat *v;
	size_t n, alloc;
};

static struct patlist allow_list, deny_list;
static int list_match(const struct patlist *l, const char *mod, const char *name, int submodules);
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* "module name", "module:name" or "module.Name" (last dot splits). */
static int split_entry(const char *s, size_t n, struct pat *out)
{
	const char *sep;
	while (n && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (!n)
		return -1;
	sep = memchr(s, ' ', n);
	if (!sep)
		sep = memchr(s, '\t', n);
	if (!sep)
		sep = memchr(s, ':', n);
	if (!sep) {
		const char *p;
		for (p = s + n; p > s && p[-1] != '.';)
			p--;
		if (p == s)
			return -1;
		sep = p - 1;
	}
	out->mod = wl_strndup(s, (size_t)(sep - s));
	n -= (size_t)(sep + 1 - s);
	s = sep + 1;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	out->rebuild_ok = 0;
	out->except_allowed = 0;
	{
		/* an optional third word: "rebuild-ok" or "except-allowed" */
		const char *sp = memchr(s, ' ', n);
		if (!sp)
			sp = memchr(s, '\t', n);
		if (sp) {
			const char *w = sp;
			size_t wn;
			while (w < s + n && (*w == ' ' || *w == '\t'))
				w++;
			wn = (size_t)(s + n - w);
			out->rebuild_ok = wn == 10 && !memcmp(w, "rebuild-ok", 10);
			out->except_allowed = wn == 14 && !memcmp(w, "except-allowed", 14);
			n = (size_t)(sp - s);
		}
	}
	out->name = wl_strndup(s, n);
	return 0;
}

static void load_list(struct patlist *l, const char *txt)
{
	const char *p = txt;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *hash = memchr(p, '#', n);
		struct pat pt;
		if (hash)
			n = (size_t)(hash - p);
		if (split_entry(p, n, &pt) == 0) {
			l->v = wl_grow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
			l->v[l->n++] = pt;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void load_builtin(void)
{
	load_list(&allow_list, wl_pickle_allow_txt);
	load_list(&deny_list, wl_pickle_deny_txt);
}

size_t wl_pickle_policy_size(int deny)
{
	pthread_once(&once, load_builtin);
	return deny ? deny_list.n : allow_list.n;
}

/* Module pattern match; for the deny list a module also covers submodules. */
static int mod_match(const char *pat, const char *mod, int submodules)
{
	size_t pl;
	if (!fnmatch(pat, mod, 0))
		return 1;
	if (!submodules)
		return 0;
	pl = strlen(pat);
	if (!strncmp(pat, mod, pl) && mod[pl] == '.' && !strpbrk(pat, "*?["))
		return 1;
	return 0;
}

/* 0: no match; 1: a match; 2: only "rebuild-ok" entries match */
static int list_match(const struct patlist *l, const char *mod, const char *name, int submodules)
{
	size_t i;
	int dotted = strchr(name, '.') != NULL, soft = 0;
	for (i = 0; i < l->n; i++) {
		/* an allow glob never stretches over an attribute path ("*Tensor"
		 * must not match "hub.load.Tensor"): dots only where written */
		if (!submodules && dotted && !strchr(l->v[i].name, '.'))
			continue;
		if (mod_match(l->v[i].mod, mod, submodules) && !fnmatch(l->v[i].name, name, 0)) {
			if (l->v[i].except_allowed && list_match(&allow_list, mod, name, 0))
				continue; /* named on the built-in allowlist: the module's data helpers */
			if (!l->v[i].rebuild_ok)
				return 1;
			soft = 1;
		}
	}
	return soft ? 2 : 0;
}

static int cfg_match(const struct wl_config *cfg, const char *key, const char *mod, const char *name,
		     int submodules)
{
	const char *const *v = cfg ? wl_config_list(cfg, key) : NULL;
	for (; v && *v; v++) {
		struct pat pt;
		int hit;
		/* a bare dotted deny entry ("mylib.unsafe") may name a module:
		 * deny everything in it as well (broader is the safe reading) */
		if (submodules && !strpbrk(*v, " \t:") && mod_match(*v, mod, 1))
			return 1;
		if (split_entry(*v, strlen(*v), &pt) != 0)
			continue;
		hit = mod_match(pt.mod, mod, submodules) && !fnmatch(pt.name, name, 0) &&
		      (submodules || !strchr(name, '.') || strchr(pt.name, '.'));
		free(pt.mod);
		free(pt.name);
		if (hit)
			return 1;
	}
	return 0;
}

static int is_dunder(const char *s, size_t n)
{
	return n > 4 && s[0] == '_' && s[1] == '_' && s[n - 2] == '_' && s[n - 1] == '_';
}

#define MAX_PARTS 24

/*
 * Deny check over every (module, attribute-path) split a getattr chain can
 * reach: for the chain M . n1 . n2 ... nk, any contiguous run of components
 * may act as a module (an attribute can be a module: pathlib.os) and any
 * following run as the name.
 */
static int deny_any(const struct wl_config *cfg, const char *mod, const char *name, char *why, size_t whysz)
{
	int soft = 0;
	const char *parts[MAX_PARTS];
	size_t lens[MAX_PARTS], k = 0, i, j, e;
	const char *p = name;
	char left[512], right[512];
	parts[k] = mod;
	lens[k++] = strlen(mod);
	for (;;) {
		const char *dot = strchr(p, '.');
		if (k == MAX_PARTS) {
			snprintf(why, whysz, "an attribute path of more than %d components", MAX_PARTS);
			return 1;
		}
		parts[k] = p;
		lens[k++] = dot ? (size_t)(dot - p) : strlen(p);
		if (!dot)
			break;
		p = dot + 1;
	}
	/* a dunder step in an attribute path reaches interpreter internals
	 * (__globals__, __builtins__, __subclasses__ ...) */
	if (k > 2) {
		for (i = 1; i < k; i++) {
			if (is_dunder(parts[i], lens[i])) {
				snprintf(why, whysz, "the attribute path goes through '%.*s'", (int)lens[i], parts[i]);
				return 1;
			}
		}
	}
	for (i = 0; i < k; i++) {
		for (j = i + 1; j < k; j++) {
			for (e = j; e < k; e++) {
				size_t a, ln = 0, rn = 0;
				for (a = i; a < j; a++) {
					if (ln + lens[a] + 2 >= sizeof(left))
						goto next;
					if (a > i)
						left[ln++] = '.';
					memcpy(left + ln, parts[a], lens[a]);
					ln += lens[a];
				}
				left[ln] = '\0';
				for (a = j; a <= e; a++) {
					if (rn + lens[a] + 2 >= sizeof(right))
						goto next;
					if (a > j)
						right[rn++] = '.';
					memcpy(right + rn, parts[a], lens[a]);
					rn += lens[a];
				}
				right[rn] = '\0';
				int builtin = list_match(&deny_list, left, right, 1);
				int hard = builtin == 1 || cfg_match(cfg, "pickle.deny", left, right, 1);
				if (hard || (builtin == 2 && !soft)) {
					const char *src = builtin ? "the deny list" : "the project's deny list ([pickle] deny)";
					if (i == 0 && j == 1 && e == k - 1)
						snprintf(why, whysz, "%s.%s is on %s", left, right, src);
					else
						snprintf(why, whysz, "it reaches %s.%s, which is on %s", left, right, src);
					if (hard)
						return 1;
					soft = 1; /* keep looking for an entry without rebuild-ok */
				}
			next:;
			}
		}
	}
	return soft ? 2 : 0;
}

/* "Response", "HTTPHeaderDict": a class by Python's naming convention (one
 * name, no attribute path, a capital first letter). */
static int class_like(const char *name)
{
	return name[0] >= 'A' && name[0] <= 'Z' && !strchr(name, '.');
}

enum wl_pickle_verdict wl_pickle_judge(const struct wl_config *cfg, const char *module, const char *name,
				       const char *raw_module, const char *raw_name, unsigned use, char *why,
				       size_t whysz)
{
	int d;
	pthread_once(&once, load_builtin);
	why[0] = '\0';
	/* the raw (Python 2) name is never imported when it was remapped:
	 * find_class only sees the remapped one */
	(void)raw_module;
	(void)raw_name;
	d = deny_any(cfg, module, name, why, whysz);
	if (d == 1)
		return WL_PICKLE_DANGEROUS;
	if (d == 2) {
		/* a module whose functions touch the network or files ("http *
		 * rebuild-ok"): its classes are data too. An instance rebuilt from
		 * saved state - cls.__new__ by NEWOBJ, then BUILD - runs none of the
		 * module's functions; calling the class (REDUCE runs __init__) or
		 * handing the class on (whoever receives it may call it) stays an error */
		if (!class_like(name) || (use & (WL_PKI_INVOKED | WL_PKI_ESCAPED | WL_PKI_MUTATED | WL_PKI_EXT)))
			return WL_PICKLE_DANGEROUS;
		if (list_match(&allow_list, module, name, 0) || cfg_match(cfg, "pickle.allow", module, name, 0))
			return WL_PICKLE_CLEAN;
		snprintf(why, whysz,
			 "%s.%s is a class of a module on the deny list; the pickle only rebuilds an instance of it "
			 "from saved state (NEWOBJ/BUILD, none of the module's functions run), but the class is not on "
			 "the allowlist",
			 module, name);
		return WL_PICKLE_UNKNOWN;
	}
	if (list_match(&allow_list, module, name, 0) || cfg_match(cfg, "pickle.allow", module, name, 0))
		return WL_PICKLE_CLEAN;
	snprintf(why, whysz, "%s.%s is not on the allowlist", module, name);
	return WL_PICKLE_UNKNOWN;
}
