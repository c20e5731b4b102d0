/*
 * pkgnames.c - typosquat and known-compromised lookups over the embedded
 * rules/data files. GuardDog's method (PEP 503 name, one edit or one adjacent
 * swap from a popular name, py/python forms, reordered words) plus a
 * homoglyph skeleton. Tables are built once (pthread_once) and never change;
 * lookups are hash probes, so a 5 MB lock file costs milliseconds here.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "pkgnames.h"

#define MAX_NAME 127

/* ---------------------------------------------------------- tables */

struct entry {
	const char *key;
	int id; /* index into names[] */
};

struct multimap {
	struct entry *slot;
	size_t cap;
};

struct hub_org {
	const char *name;   /* as on the hub */
	const char *lower;  /* ASCII-lowercased */
	const char *joined; /* lowercased, separators removed */
};

static struct {
	char **names;     /* by id; ranked names, then allow-list names */
	int *rank;        /* by id; 0 for allow-list-only names */
	size_t n;
	struct multimap known;    /* name -> id (ranked + allowed) */
	struct multimap squat;    /* target and its one-deletion forms -> target id */
	struct multimap joined;   /* a ranked hyphenated name without its hyphens -> id */
	struct wl_incident *inc;
	size_t ninc;
	struct hub_org *hub;      /* hub-orgs.txt (targets), then hub-orgs-allow.txt */
	size_t nhub, nhub_targets;
	struct wl_arena arena;
	struct wl_arena hub_arena; /* the hub tables load apart: a scan of code needs only them */
} T;

static pthread_once_t once = PTHREAD_ONCE_INIT, hub_once = PTHREAD_ONCE_INIT;

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static void mm_put(struct multimap *m, const char *key, int id)
{
	size_t i;
	if (!m->cap) {
		m->cap = 1u << 18;
		m->slot = wl_calloc(m->cap, sizeof(*m->slot));
	}
	i = hash_str(key) & (m->cap - 1);
	while (m->slot[i].key) {
		if (m->slot[i].id == id && !strcmp(m->slot[i].key, key))
			return;
		i = (i + 1) & (m->cap - 1);
	}
	m->slot[i].key = key;
	m->slot[i].id = id;
}

/* Call fn(id) for every entry with `key`. */
static int mm_each(const struct multimap *m, const char *key, int (*fn)(int, void *), void *arg)
{
	size_t i;
	if (!m->cap)
		return 0;
	i = hash_str(key) & (m->cap - 1);
	while (m->slot[i].key) {
		if (!strcmp(m->slot[i].key, key) && fn(m->slot[i].id, arg))
			return 1;
		i = (i + 1) & (m->cap - 1);
	}
	return 0;
}

static int first_id(int id, void *arg)
{
	*(int *)arg = id;
	return 1;
}

static int known_id(const char *name)
{
	int id = -1;
	mm_each(&T.known, name, first_id, &id);
	return id;
}

static void add_name(const char *name, size_t len, int rank)
{
	int id;
	if (!len || len > MAX_NAME)
		return;
	T.names = wl_realloc(T.names, (T.n + 1) * sizeof(*T.names));
	T.rank = wl_realloc(T.rank, (T.n + 1) * sizeof(*T.rank));
	T.names[T.n] = wl_arena_strndup(&T.arena, name, len);
	T.rank[T.n] = rank;
	id = (int)T.n++;
	mm_put(&T.known, T.names[id], id);
	if (rank && memchr(name, '-', len)) {
		char *j = wl_arena_alloc(&T.arena, len + 1);
		size_t i, o = 0;
		for (i = 0; i < len; i++)
			if (name[i] != '-')
				j[o++] = name[i];
		j[o] = '\0';
		mm_put(&T.joined, j, id);
	}
	if (rank && rank <= WL_SQUAT_TARGET_RANK && len >= WL_SQUAT_MIN_TARGET_LEN) {
		size_t i;
		mm_put(&T.squat, T.names[id], id);
		for (i = 0; i < len; i++) {
			char *d = wl_arena_alloc(&T.arena, len);
			memcpy(d, name, i);
			memcpy(d + i, name + i + 1, len - i - 1);
			d[len - 1] = '\0';
			mm_put(&T.squat, d, id);
		}
	}
}

/* Iterate the lines of an embedded blob, skipping '#' comments and blanks. */
static const char *next_line(const char *p, const char *end, size_t *len)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *e = nl ? nl : end;
		*len = (size_t)(e - p);
		if (*len && p[0] != '#')
			return p;
		p = nl ? nl + 1 : end;
	}
	return NULL;
}

static char *lower_dup(struct wl_arena *a, const char *s, size_t n, int drop_separators)
{
	char *o = wl_arena_alloc(a, n + 1);
	size_t i, k = 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (drop_separators && (c == '-' || c == '_' || c == '.'))
			continue;
		o[k++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	o[k] = '\0';
	return o;
}

static void load_hub(const char *blob)
{
	const struct wl_blob *b = wl_data_find(blob);
	const char *p, *end;
	size_t len;
	if (!b)
		return;
	p = (const char *)b->data;
	end = p + b->size;
	while ((p = next_line(p, end, &len))) {
		size_t w = 0;
		while (w < len && p[w] != ' ' && p[w] != '\t' && p[w] != '#' && p[w] != '\r')
			w++;
		if (w && w <= MAX_NAME) {
			T.hub = wl_realloc(T.hub, (T.nhub + 1) * sizeof(*T.hub));
			T.hub[T.nhub].name = wl_arena_strndup(&T.hub_arena, p, w);
			T.hub[T.nhub].lower = lower_dup(&T.hub_arena, p, w, 0);
			T.hub[T.nhub].joined = lower_dup(&T.hub_arena, p, w, 1);
			T.nhub++;
		}
		p += len;
	}
}

static void load(void)
{
	const struct wl_blob *pop = wl_data_find("popular-pypi.txt");
	const struct wl_blob *allow = wl_data_find("typosquat-allow.txt");
	const struct wl_blob *bad = wl_data_find("compromised.tsv");
	const char *p, *end;
	size_t len;
	if (pop) {
		p = (const char *)pop->data;
		end = p + pop->size;
		while ((p = next_line(p, end, &len))) {
			const char *tab = memchr(p, '\t', len);
			if (tab) {
				int rank = (int)strtol(p, NULL, 10);
				add_name(tab + 1, len - (size_t)(tab + 1 - p), rank > 0 ? rank : 0);
			}
			p += len;
		}
	}
	if (allow) {
		p = (const char *)allow->data;
		end = p + allow->size;
		while ((p = next_line(p, end, &len))) {
			size_t w = 0;
			while (w < len && p[w] != ' ' && p[w] != '\t' && p[w] != '#')
				w++;
			if (known_id(wl_arena_strndup(&T.arena, p, w)) < 0)
				add_name(p, w, 0);
			p += len;
		}
	}
	if (bad) {
		p = (const char *)bad->data;
		end = p + bad->size;
		while ((p = next_line(p, end, &len))) {
			char *line = wl_arena_strndup(&T.arena, p, len), *f[4];
			int k = 0;
			f[0] = line;
			for (char *c = line; *c && k < 3; c++)
				if (*c == '\t') {
					*c = '\0';
					f[++k] = c + 1;
				}
			if (k == 3) {
				T.inc = wl_realloc(T.inc, (T.ninc + 1) * sizeof(*T.inc));
				T.inc[T.ninc].name = f[0];
				T.inc[T.ninc].versions = f[1];
				T.inc[T.ninc].date = f[2];
				T.inc[T.ninc].source = f[3];
				T.ninc++;
			}
			p += len;
		}
	}
}

static void ensure_loaded(void)
{
	pthread_once(&once, load);
}

static void load_hubs(void)
{
	load_hub("hub-orgs.txt");
	T.nhub_targets = T.nhub;
	load_hub("hub-orgs-allow.txt");
}

static void ensure_hubs_loaded(void)
{
	pthread_once(&hub_once, load_hubs);
}

int wl_popular_rank(const char *normalized)
{
	int id;
	ensure_loaded();
	id = known_id(normalized);
	return id >= 0 ? T.rank[id] : 0;
}

/* ---------------------------------------------------------- helpers */

static void normalize(const char *in, char *out, size_t cap)
{
	size_t o = 0;
	for (; *in && o + 1 < cap; in++) {
		unsigned char c = (unsigned char)*in;
		if (c == '-' || c == '_' || c == '.') {
			if (o && out[o - 1] != '-')
				out[o++] = '-';
			else if (!o)
				out[o++] = '-';
		} else {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
		}
	}
	out[o] = '\0';
}

int wl_name_distance(const char *a, const char *b, int max)
{
	/* three rows of the optimal-string-alignment table, bounded by max */
	int rows[3][MAX_NAME + 2], *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	size_t la = strlen(a), lb = strlen(b), i, j;
	if (la > MAX_NAME || lb > MAX_NAME)
		return strcmp(a, b) ? max + 1 : 0;
	if ((la > lb ? la - lb : lb - la) > (size_t)max)
		return max + 1;
	for (j = 0; j <= lb; j++)
		prev[j] = (int)j;
	for (i = 1; i <= la; i++) {
		int best = max + 1, *t;
		cur[0] = (int)i;
		if (cur[0] < best)
			best = cur[0];
		for (j = 1; j <= lb; j++) {
			int cost = a[i - 1] != b[j - 1], v = prev[j - 1] + cost;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > max)
			return max + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb] > max ? max + 1 : prev[lb];
}

/* Distance exactly 1: one insertion, deletion or substitution, or one
 * adjacent transposition (told apart in *kind). */
static int one_edit(const char *a, const char *b, enum wl_squat_kind *kind)
{
	size_t i = 0;
	if (wl_name_distance(a, b, 1) != 1)
		return 0;
	while (a[i] && a[i] == b[i])
		i++;
	*kind = a[i] && b[i] && a[i + 1] == b[i] && a[i] == b[i + 1] && !strcmp(a + i + 2, b + i + 2) ? WL_SQUAT_SWAP
												: WL_SQUAT_EDIT;
	return 1;
}

struct probe {
	const char *name;
	int best;      /* id of the best (lowest-rank) target */
	enum wl_squat_kind kind;
};

static int try_target(int id, void *arg)
{
	struct probe *p = arg;
	enum wl_squat_kind k = WL_SQUAT_NONE;
	if (one_edit(p->name, T.names[id], &k) && (p->best < 0 || T.rank[id] < T.rank[p->best])) {
		p->best = id;
		p->kind = k;
	}
	return 0;
}

/* Look-alike code points -> the ASCII letter they imitate. */
static const struct glyph {
	unsigned cp;
	char ascii;
	const char *script;
} glyphs[] = {
	{ 0x0430, 'a', "Cyrillic" }, { 0x0435, 'e', "Cyrillic" }, { 0x043E, 'o', "Cyrillic" },
	{ 0x0440, 'p', "Cyrillic" }, { 0x0441, 'c', "Cyrillic" }, { 0x0443, 'y', "Cyrillic" },
	{ 0x0445, 'x', "Cyrillic" }, { 0x0455, 's', "Cyrillic" }, { 0x0456, 'i', "Cyrillic" },
	{ 0x0458, 'j', "Cyrillic" }, { 0x0501, 'd', "Cyrillic" }, { 0x04BB, 'h', "Cyrillic" },
	{ 0x0410, 'a', "Cyrillic" }, { 0x0412, 'b', "Cyrillic" }, { 0x0415, 'e', "Cyrillic" },
	{ 0x041A, 'k', "Cyrillic" }, { 0x041C, 'm', "Cyrillic" }, { 0x041D, 'h', "Cyrillic" },
	{ 0x041E, 'o', "Cyrillic" }, { 0x0420, 'p', "Cyrillic" }, { 0x0421, 'c', "Cyrillic" },
	{ 0x0422, 't', "Cyrillic" }, { 0x0425, 'x', "Cyrillic" }, { 0x0406, 'i', "Cyrillic" },
	{ 0x03B1, 'a', "Greek" }, { 0x03BF, 'o', "Greek" }, { 0x03C1, 'p', "Greek" },
	{ 0x03BD, 'v', "Greek" }, { 0x03B9, 'i', "Greek" }, { 0x03BA, 'k', "Greek" },
	{ 0x03C4, 't', "Greek" }, { 0x03C5, 'u', "Greek" }, { 0x03C7, 'x', "Greek" },
	{ 0x03B5, 'e', "Greek" }, { 0x0391, 'a', "Greek" }, { 0x0392, 'b', "Greek" },
	{ 0x0395, 'e', "Greek" }, { 0x0396, 'z', "Greek" }, { 0x0397, 'h', "Greek" },
	{ 0x0399, 'i', "Greek" }, { 0x039A, 'k', "Greek" }, { 0x039C, 'm', "Greek" },
	{ 0x039D, 'n', "Greek" }, { 0x039F, 'o', "Greek" }, { 0x03A1, 'p', "Greek" },
	{ 0x03A4, 't', "Greek" }, { 0x03A5, 'y', "Greek" }, { 0x03A7, 'x', "Greek" },
	{ 0x0261, 'g', "Latin IPA" }, { 0x0131, 'i', "Latin dotless" },
};

/* Skeleton of a raw name: look-alikes -> ASCII, then PEP 503. Returns 1 if
 * anything was substituted, describing the first substitution. */
static int skeleton(const char *raw, char *out, size_t cap, char *detail, size_t dcap)
{
	char tmp[4 * MAX_NAME + 8];
	size_t o = 0, i = 0, n = strlen(raw);
	int changed = 0;
	while (i < n && o + 1 < sizeof(tmp)) {
		unsigned char c = (unsigned char)raw[i];
		if (c < 0x80) {
			char a = (char)c;
			/* capital I among lowercase letters reads as l (a run of them
			 * too: "IIama"); 0 as o; 1 as l */
			size_t r0 = i, r1 = i;
			while (c == 'I' && r0 && raw[r0 - 1] == 'I')
				r0--;
			while (c == 'I' && r1 + 1 < n && raw[r1 + 1] == 'I')
				r1++;
			if (c == 'I' && ((r0 && raw[r0 - 1] >= 'a' && raw[r0 - 1] <= 'z') ||
					 (r1 + 1 < n && raw[r1 + 1] >= 'a' && raw[r1 + 1] <= 'z'))) {
				a = 'l';
				if (!changed)
					(void)snprintf(detail, dcap, "capital 'I' for 'l'");
				changed = 1;
			} else if (c == '0' || c == '1') {
				a = c == '0' ? 'o' : 'l';
				if (!changed)
					(void)snprintf(detail, dcap, "digit '%c' for '%c'", c, a);
				changed = 1;
			}
			tmp[o++] = a;
			i++;
			continue;
		}
		{
			unsigned cp = 0;
			size_t l = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, k, g;
			int found = 0;
			if (i + l > n)
				l = n - i;
			cp = l == 4 ? c & 0x07u : l == 3 ? c & 0x0Fu : c & 0x1Fu;
			for (k = 1; k < l; k++)
				cp = (cp << 6) | ((unsigned char)raw[i + k] & 0x3Fu);
			for (g = 0; g < WL_ARRAY_SIZE(glyphs); g++)
				if (glyphs[g].cp == cp) {
					tmp[o++] = glyphs[g].ascii;
					if (!changed)
						(void)snprintf(detail, dcap, "%s '%.*s' (U+%04X) for '%c'", glyphs[g].script,
							       (int)l, raw + i, cp, glyphs[g].ascii);
					changed = 1;
					found = 1;
					break;
				}
			if (!found) {
				memcpy(tmp + o, raw + i, l < sizeof(tmp) - o - 1 ? l : 0);
				o += l < sizeof(tmp) - o - 1 ? l : 0;
			}
			i += l;
		}
	}
	tmp[o] = '\0';
	normalize(tmp, out, cap);
	return changed;
}

static int is_allowed(const char *norm, const char *const *allow)
{
	char buf[MAX_NAME + 1];
	for (; allow && *allow; allow++) {
		normalize(*allow, buf, sizeof(buf));
		if (!strcmp(buf, norm))
			return 1;
	}
	return 0;
}

/* The ranked hyphenated name that `s`, without its hyphens, spells. */
static int joined_id(const char *s)
{
	char buf[MAX_NAME + 1];
	size_t o = 0;
	int id = -1;
	for (; *s && o < MAX_NAME; s++)
		if (*s != '-')
			buf[o++] = *s;
	buf[o] = '\0';
	mm_each(&T.joined, buf, first_id, &id);
	return id;
}

/* Separators dropped: "scikitlearn" for scikit-learn. */
static int unseparated(const char *norm, struct wl_squat *out)
{
	int id = joined_id(norm);
	if (id < 0 || !strcmp(T.names[id], norm))
		return 0;
	out->kind = WL_SQUAT_ORDER;
	(void)snprintf(out->target, sizeof(out->target), "%s", T.names[id]);
	(void)snprintf(out->detail, sizeof(out->detail), "the same words without their separators");
	return 1;
}

/* A py/python word glued to the name ("pythonkafka", "nmappy"): split it off
 * and try it on either side, in either form ("kafka-python"). */
static int glued_py(const char *norm, struct wl_squat *out)
{
	static const char *const words[] = { "python", "py" };
	size_t n = strlen(norm), k;
	if (strchr(norm, '-'))
		return 0;
	for (k = 0; k < 2; k++) {
		const char *w = words[k], *alt = words[1 - k];
		size_t wn = strlen(w);
		char rest[MAX_NAME + 1], cand[8][MAX_NAME + 16];
		int c, nc = 0;
		if (n < wn + 3)
			continue;
		if (!strncmp(norm, w, wn))
			memcpy(rest, norm + wn, n - wn + 1);
		else if (!strcmp(norm + n - wn, w)) {
			memcpy(rest, norm, n - wn);
			rest[n - wn] = '\0';
		} else {
			continue;
		}
		(void)snprintf(cand[nc++], sizeof(cand[0]), "%s-%s", rest, w);
		(void)snprintf(cand[nc++], sizeof(cand[0]), "%s-%s", w, rest);
		(void)snprintf(cand[nc++], sizeof(cand[0]), "%s-%s", rest, alt);
		(void)snprintf(cand[nc++], sizeof(cand[0]), "%s-%s", alt, rest);
		(void)snprintf(cand[nc++], sizeof(cand[0]), "%s%s", alt, rest);
		(void)snprintf(cand[nc++], sizeof(cand[0]), "%s%s", rest, alt);
		for (c = 0; c < nc; c++) {
			int id = known_id(cand[c]);
			if (id >= 0 && T.rank[id] && strcmp(cand[c], norm)) {
				out->kind = WL_SQUAT_PYFORM;
				(void)snprintf(out->target, sizeof(out->target), "%s", T.names[id]);
				(void)snprintf(out->detail, sizeof(out->detail), "'%s' glued on and moved or swapped", w);
				return 1;
			}
		}
	}
	return 0;
}

/* GuardDog's confused forms: "python" <-> "py" inside a word, or the word dropped. */
static int pyforms(const char *norm, struct wl_squat *out)
{
	char parts[8][MAX_NAME + 1];
	size_t np = 0, i, j;
	const char *p = norm;
	while (*p && np < 8) {
		const char *e = strchr(p, '-');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l > MAX_NAME)
			return 0;
		memcpy(parts[np], p, l);
		parts[np++][l] = '\0';
		p = e ? e + 1 : p + l;
	}
	for (i = 0; i < np; i++) {
		char repl[2 * MAX_NAME + 8] = "", form[2][4 * MAX_NAME + 16];
		const char *hit = strstr(parts[i], "python"), *from, *to;
		int f;
		if (hit) {
			from = "python";
			to = "py";
		} else if ((hit = strstr(parts[i], "py"))) {
			from = "py";
			to = "python";
		} else {
			continue;
		}
		(void)snprintf(repl, sizeof(repl), "%.*s%s%s", (int)(hit - parts[i]), parts[i], to, hit + strlen(from));
		for (f = 0; f < 2; f++) {
			size_t o = 0;
			form[f][0] = '\0';
			for (j = 0; j < np; j++) {
				const char *w = j == i ? (f == 0 ? repl : NULL) : parts[j];
				if (!w)
					continue;
				o += (size_t)snprintf(form[f] + o, sizeof(form[f]) - o, "%s%s", o ? "-" : "", w);
				if (o >= sizeof(form[f]))
					return 0;
			}
			if (f == 1 && strcmp(parts[i], from) != 0)
				continue; /* drop a whole "py"/"python" word, not "pygments" */
			if (form[f][0] && strcmp(form[f], norm)) {
				int id = known_id(form[f]);
				if (id < 0 && f == 0) {
					/* python-openssl -> py-openssl -> pyopenssl */
					char glued[4 * MAX_NAME + 16];
					size_t a, g = 0;
					for (a = 0; form[f][a]; a++)
						if (form[f][a] != '-')
							glued[g++] = form[f][a];
					glued[g] = '\0';
					id = strcmp(glued, norm) ? known_id(glued) : -1;
					if (id < 0)
						id = joined_id(form[f]);
				}
				if (id >= 0 && T.rank[id] && (f == 0 || T.rank[id] <= WL_SQUAT_TARGET_RANK)) {
					out->kind = WL_SQUAT_PYFORM;
					(void)snprintf(out->target, sizeof(out->target), "%s", T.names[id]);
					(void)snprintf(out->detail, sizeof(out->detail), "'%s' %s", from,
						       f == 0 ? "swapped for its short/long form" : "word dropped or added");
					return 1;
				}
			}
		}
	}
	return 0;
}

/* Reordered hyphen words ("learn-scikit"), up to 4 words. */
static int reordered(const char *norm, struct wl_squat *out)
{
	const char *w[4];
	size_t wl[4], n = 0, i;
	static const int perms[][4] = { { 1, 0 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
	const char *p = norm;
	while (*p) {
		const char *e = strchr(p, '-');
		if (n == 4)
			return 0;
		w[n] = p;
		wl[n] = e ? (size_t)(e - p) : strlen(p);
		n++;
		p = e ? e + 1 : p + strlen(p);
	}
	if (n != 2 && n != 3)
		return 0;
	for (i = n == 2 ? 0 : 1; i < (n == 2 ? 1 : WL_ARRAY_SIZE(perms)); i++) {
		char buf[MAX_NAME + 8];
		size_t o = 0, k;
		int id;
		for (k = 0; k < n; k++) {
			int idx = perms[i][k];
			if (o + wl[idx] + 2 >= sizeof(buf))
				return 0;
			if (k)
				buf[o++] = '-';
			memcpy(buf + o, w[idx], wl[idx]);
			o += wl[idx];
		}
		buf[o] = '\0';
		id = known_id(buf);
		if (id >= 0 && T.rank[id]) {
			out->kind = WL_SQUAT_ORDER;
			(void)snprintf(out->target, sizeof(out->target), "%s", T.names[id]);
			(void)snprintf(out->detail, sizeof(out->detail), "words in a different order");
			return 1;
		}
	}
	return 0;
}

int wl_typosquat_check(const char *raw, const char *const *allow, struct wl_squat *out)
{
	char norm[MAX_NAME + 1], skel[MAX_NAME + 1], variant[MAX_NAME + 2];
	size_t len, i;
	struct probe pr;
	int id;
	memset(out, 0, sizeof(*out));
	if (!raw || strlen(raw) > MAX_NAME)
		return 0;
	ensure_loaded();
	normalize(raw, norm, sizeof(norm));
	if (is_allowed(norm, allow))
		return 0;
	/* homoglyphs first: "scikit-Iearn" is a look-alike even though its
	 * lowercase form is also one edit away */
	if (skeleton(raw, skel, sizeof(skel), out->detail, sizeof(out->detail)) && strcmp(skel, norm) &&
	    (id = known_id(skel)) >= 0 && T.rank[id] && known_id(norm) < 0) {
		out->kind = WL_SQUAT_HOMOGLYPH;
		(void)snprintf(out->target, sizeof(out->target), "%s", T.names[id]);
		return 1;
	}
	if (known_id(norm) >= 0)
		return 0; /* popular (or vouched for) itself */
	len = strlen(norm);
	if (len < WL_SQUAT_MIN_TARGET_LEN)
		return 0; /* "url", "acms": too short to say what they imitate */
	pr.name = norm;
	pr.best = -1;
	pr.kind = WL_SQUAT_NONE;
	/* substitution / insertion / deletion: share a one-deletion form */
	mm_each(&T.squat, norm, try_target, &pr);
	for (i = 0; i < len; i++) {
		memcpy(variant, norm, i);
		memcpy(variant + i, norm + i + 1, len - i);
		mm_each(&T.squat, variant, try_target, &pr);
	}
	/* adjacent swaps */
	for (i = 0; i + 1 < len; i++) {
		memcpy(variant, norm, len + 1);
		variant[i] = norm[i + 1];
		variant[i + 1] = norm[i];
		mm_each(&T.squat, variant, try_target, &pr);
	}
	if (pr.best >= 0) {
		out->kind = pr.kind;
		(void)snprintf(out->target, sizeof(out->target), "%s", T.names[pr.best]);
		(void)snprintf(out->detail, sizeof(out->detail), "%s",
			       pr.kind == WL_SQUAT_SWAP ? "two adjacent characters swapped" : "one character apart");
		return 1;
	}
	return glued_py(norm, out) || reordered(norm, out) || pyforms(norm, out) || unseparated(norm, out);
}

const struct wl_incident *wl_compromised_find(const char *normalized, const char *version)
{
	size_t i;
	ensure_loaded();
	for (i = 0; i < T.ninc; i++) {
		const struct wl_incident *x = &T.inc[i];
		const char *v;
		size_t vl;
		if (strcmp(x->name, normalized))
			continue;
		if (!strcmp(x->versions, "all"))
			return x;
		if (!version)
			continue;
		vl = strlen(version);
		for (v = x->versions; *v;) {
			const char *e = strchr(v, ',');
			size_t l = e ? (size_t)(e - v) : strlen(v);
			if (l == vl && !memcmp(v, version, l))
				return x;
			v += l + (e ? 1 : 0);
		}
	}
	return NULL;
}

/* ---------------------------------------------------------- hub orgs */

static int hub_is_known(const char *lower, const char *const *known, const char *const *allow)
{
	const char *const *lists[2] = { known, allow };
	char buf[MAX_NAME + 1];
	size_t i, l;
	for (i = 0; i < T.nhub; i++)
		if (!strcmp(T.hub[i].lower, lower))
			return 1;
	for (l = 0; l < 2; l++)
		for (const char *const *k = lists[l]; k && *k; k++) {
			size_t n = strlen(*k);
			if (n > MAX_NAME)
				continue;
			for (i = 0; i <= n; i++)
				buf[i] = (*k)[i] >= 'A' && (*k)[i] <= 'Z' ? (char)((*k)[i] - 'A' + 'a') : (*k)[i];
			if (!strcmp(buf, lower))
				return 1;
		}
	return 0;
}

/* Lowercase (ASCII) and, with drop, without '-', '_' and '.'. */
static void hub_fold(const char *s, char *out, size_t cap, int drop)
{
	size_t o = 0;
	for (; *s && o + 1 < cap; s++) {
		char c = *s;
		if (drop && (c == '-' || c == '_' || c == '.'))
			continue;
		out[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[o] = '\0';
}

/* Is one of a, b the other with exactly two characters taken out? */
static int two_dropped_or_added(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0, j = 0;
	const char *s = la < lb ? a : b, *l = la < lb ? b : a;
	if ((la > lb ? la - lb : lb - la) != 2)
		return 0;
	for (; l[j]; j++)
		if (s[i] && s[i] == l[j])
			i++;
	return !s[i];
}

/* Judge `lower`/`joined` against one target; 1 when it is a look-alike
 * closer than *best so far. */
static int hub_try(const char *name, const char *tlower, const char *tjoined, const char *lower, const char *joined,
		   const char *skel_joined, int homoglyph, const char *pairs_joined, const char *pairs_detail, int *best,
		   struct wl_squat *out)
{
	size_t tl = strlen(tlower);
	int rank;
	enum wl_squat_kind kind = WL_SQUAT_NONE;
	const char *detail = NULL;
	if (homoglyph && !strcmp(skel_joined, tjoined)) {
		rank = 0;
		kind = WL_SQUAT_HOMOGLYPH;
	} else if (pairs_joined && !strcmp(pairs_joined, tjoined)) {
		rank = 0;
		kind = WL_SQUAT_HOMOGLYPH;
		detail = pairs_detail;
	} else if (!strcmp(joined, tjoined)) {
		rank = 1;
		kind = WL_SQUAT_SEPARATOR;
		detail = "the same letters with different separators";
	} else if (tl >= WL_HUB_EDIT_MIN_LEN && one_edit(lower, tlower, &kind)) {
		rank = 2;
		detail = kind == WL_SQUAT_SWAP ? "two adjacent characters swapped" : "one character apart";
	} else if (tl >= WL_HUB_EDIT2_MIN_LEN && two_dropped_or_added(lower, tlower)) {
		/* letters dropped or added ("mistrai"); two other edits make
		 * another name ("openmmlab" for OpenGVLab, "Alibaba-AAIG" for
		 * alibaba-pai) */
		rank = 3;
		kind = WL_SQUAT_EDIT2;
		detail = strlen(lower) < tl ? "two characters dropped" : "two characters added";
	} else {
		return 0;
	}
	if (*best >= 0 && *best <= rank)
		return 0;
	*best = rank;
	out->kind = kind;
	(void)snprintf(out->target, sizeof(out->target), "%s", name);
	(void)snprintf(out->detail, sizeof(out->detail), "%s", detail ? detail : "");
	return 1;
}

/* Letter pairs that read as one letter in many fonts: "rn" as m, "vv" as w.
 * Writes `s` with them replaced and returns what was replaced, or NULL. */
static const char *letter_pairs(const char *s, char *out, size_t cap)
{
	static const struct {
		const char *pair, *one, *detail;
	} pairs[] = { { "rn", "m", "'rn' for 'm'" }, { "vv", "w", "'vv' for 'w'" } };
	const char *what = NULL;
	size_t o = 0, k;
	while (*s && o + 1 < cap) {
		for (k = 0; k < WL_ARRAY_SIZE(pairs); k++)
			if (!strncmp(s, pairs[k].pair, 2))
				break;
		if (k < WL_ARRAY_SIZE(pairs)) {
			out[o++] = pairs[k].one[0];
			s += 2;
			if (!what)
				what = pairs[k].detail;
		} else {
			out[o++] = *s++;
		}
	}
	out[o] = '\0';
	return what;
}

int wl_hub_org_check(const char *org, const char *const *known, const char *const *allow, struct wl_squat *out)
{
	char lower[MAX_NAME + 1], joined[MAX_NAME + 1], skel[MAX_NAME + 1], skel_joined[MAX_NAME + 1];
	char pairs_joined[MAX_NAME + 1], glyph[160] = "";
	const char *pairs;
	size_t i;
	int best = -1, homoglyph;
	memset(out, 0, sizeof(*out));
	if (!org || !org[0] || strlen(org) > MAX_NAME)
		return 0;
	ensure_hubs_loaded();
	hub_fold(org, lower, sizeof(lower), 0);
	if (hub_is_known(lower, known, allow))
		return 0;
	hub_fold(org, joined, sizeof(joined), 1);
	homoglyph = skeleton(org, skel, sizeof(skel), glyph, sizeof(glyph));
	hub_fold(skel, skel_joined, sizeof(skel_joined), 1);
	pairs = letter_pairs(skel_joined, pairs_joined, sizeof(pairs_joined));
	for (i = 0; i < T.nhub_targets && best != 0; i++)
		hub_try(T.hub[i].name, T.hub[i].lower, T.hub[i].joined, lower, joined, skel_joined, homoglyph,
			pairs ? pairs_joined : NULL, pairs, &best, out);
	for (const char *const *k = known; k && *k && best != 0; k++) {
		char tl[MAX_NAME + 1], tj[MAX_NAME + 1];
		if (strlen(*k) > MAX_NAME)
			continue;
		hub_fold(*k, tl, sizeof(tl), 0);
		hub_fold(*k, tj, sizeof(tj), 1);
		hub_try(*k, tl, tj, lower, joined, skel_joined, homoglyph, pairs ? pairs_joined : NULL, pairs, &best,
			out);
	}
	if (best < 0)
		return 0;
	if (out->kind == WL_SQUAT_HOMOGLYPH && !out->detail[0])
		(void)snprintf(out->detail, sizeof(out->detail), "%s", glyph);
	return 1;
}
