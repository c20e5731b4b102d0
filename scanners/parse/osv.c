/*
 * osv.c - the offline OSV database (see osv.h): reading records (cJSON) from a
 * directory, a zip (zip.c, in memory) or a JSON file; folding aliases;
 * indexing affected packages by (ecosystem, name); evaluating ranges.
 */
#include "osv.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "facts_dep.h"
#include "pep440.h"
#include "util.h"
#include "zip.h"

enum ev_kind { EV_INTRODUCED = 0, EV_LAST_AFFECTED, EV_FIXED, EV_LIMIT };

struct event {
	enum ev_kind kind;
	int zero;               /* introduced "0": before every version */
	const char *text;
	struct wl_pep440 v;
};

struct range {
	struct event *ev;
	size_t n;
	int has_limit;
};

struct affected {
	size_t rec;
	const char *eco;
	const char *name;       /* normalised */
	const char **versions;
	size_t nversions;
	struct range *ranges;
	size_t nranges;
	size_t next;            /* next affected of the same (eco, name) + 1; 0 ends */
};

struct record {
	const char *id;
	const char **aliases;
	size_t naliases;
	const char *summary;
	int withdrawn;
	enum wl_level level;
	double score;
	const char *severity;
	size_t parent;          /* union-find over aliases */
	size_t root;            /* the cluster's representative (after finalize) */
	/* on the representative: the cluster as one vulnerability */
	const char *c_id, *c_aliases, *c_summary, *c_severity;
	enum wl_level c_level;
	double c_score;
};

struct slot {
	const char *key;        /* "eco\0name" (bucket) or an id (ids) */
	size_t keylen;
	size_t val;             /* index + 1 */
};

struct table {
	struct slot *s;
	size_t cap, n;
};

struct wl_osv_db {
	struct wl_osv_limits lim;
	struct wl_arena arena;
	struct record *rec;
	size_t nrec, arec;
	struct affected *aff;
	size_t naff, aaff;
	uint64_t total;
	struct table pkgs, ids;
	struct wl_osv_info info;
	const char **ecos;
	size_t *eco_counts;
	size_t necos;
};

/* ------------------------------------------------------------- hashing */

static uint64_t hash(const char *k, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ull;
	return h;
}

static struct slot *tfind(struct table *t, const char *k, size_t n, int create)
{
	size_t i;
	if (create && (t->n + 1) * 2 > t->cap) {
		struct table nt;
		nt.cap = t->cap ? t->cap * 2 : 1024;
		nt.n = 0;
		nt.s = wl_calloc(nt.cap, sizeof(*nt.s));
		for (i = 0; i < t->cap; i++)
			if (t->s[i].key) {
				struct slot *d = tfind(&nt, t->s[i].key, t->s[i].keylen, 1);
				*d = t->s[i];
			}
		free(t->s);
		*t = nt;
	}
	if (!t->cap)
		return NULL;
	for (i = hash(k, n) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		struct slot *s = &t->s[i];
		if (!s->key) {
			if (!create)
				return NULL;
			s->key = k;
			s->keylen = n;
			t->n++;
			return s;
		}
		if (s->keylen == n && !memcmp(s->key, k, n))
			return s;
	}
}

static size_t uf_find(struct wl_osv_db *db, size_t i)
{
	while (db->rec[i].parent != i) {
		db->rec[i].parent = db->rec[db->rec[i].parent].parent;
		i = db->rec[i].parent;
	}
	return i;
}

/* --------------------------------------------------------------- CVSS */

static double roundup(double x)
{
	long long i = llround(x * 100000.0);
	if (i % 10000 == 0)
		return (double)i / 100000.0;
	return (double)(i / 10000 + 1) / 10.0;
}

double wl_cvss3_base_score(const char *vector)
{
	/* AV AC PR UI S C I A, each exactly once */
	static const char *const names[] = { "AV", "AC", "PR", "UI", "S", "C", "I", "A" };
	char val[8] = { 0 };
	const char *p;
	double av, ac, pr, ui, c, in, a, iss, impact, expl;
	int changed, k;

	if (!vector || (strncmp(vector, "CVSS:3.0/", 9) && strncmp(vector, "CVSS:3.1/", 9)))
		return -1;
	p = vector + 9;
	while (*p) {
		const char *colon = strchr(p, ':'), *slash;
		size_t nl;
		if (!colon)
			return -1;
		slash = strchr(colon, '/');
		nl = (size_t)(colon - p);
		if (!slash)
			slash = colon + strlen(colon);
		if (slash != colon + 2)
			return -1; /* every value is one letter */
		for (k = 0; k < 8; k++)
			if (strlen(names[k]) == nl && !strncmp(p, names[k], nl))
				break;
		if (k < 8) {
			if (val[k])
				return -1; /* a metric twice */
			val[k] = colon[1];
		}
		/* other (temporal, environmental) metrics do not change the base score */
		p = *slash ? slash + 1 : slash;
	}
	for (k = 0; k < 8; k++)
		if (!val[k])
			return -1;
	switch (val[4]) {
	case 'U': changed = 0; break;
	case 'C': changed = 1; break;
	default: return -1;
	}
	switch (val[0]) {
	case 'N': av = 0.85; break;
	case 'A': av = 0.62; break;
	case 'L': av = 0.55; break;
	case 'P': av = 0.2; break;
	default: return -1;
	}
	switch (val[1]) {
	case 'L': ac = 0.77; break;
	case 'H': ac = 0.44; break;
	default: return -1;
	}
	switch (val[2]) {
	case 'N': pr = 0.85; break;
	case 'L': pr = changed ? 0.68 : 0.62; break;
	case 'H': pr = changed ? 0.5 : 0.27; break;
	default: return -1;
	}
	switch (val[3]) {
	case 'N': ui = 0.85; break;
	case 'R': ui = 0.62; break;
	default: return -1;
	}
	{
		double *cia[3] = { &c, &in, &a };
		for (k = 0; k < 3; k++)
			switch (val[5 + k]) {
			case 'H': *cia[k] = 0.56; break;
			case 'L': *cia[k] = 0.22; break;
			case 'N': *cia[k] = 0; break;
			default: return -1;
			}
	}
	iss = 1 - (1 - c) * (1 - in) * (1 - a);
	impact = changed ? 7.52 * (iss - 0.029) - 3.25 * pow(iss - 0.02, 15) : 6.42 * iss;
	expl = 8.22 * av * ac * pr * ui;
	if (impact <= 0)
		return 0;
	return roundup(fmin(changed ? 1.08 * (impact + expl) : impact + expl, 10));
}

static enum wl_level level_of_score(double s)
{
	return s >= 7.0 ? WL_LEVEL_ERROR : s >= 4.0 ? WL_LEVEL_WARNING : WL_LEVEL_NOTE;
}

/* --------------------------------------------------------------- time */

/* `n` digits at s as a number, or -1. */
static int fixed_digits(const char *s, int n)
{
	int v = 0, i;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int64_t wl_osv_parse_time(const char *s)
{
	struct tm tm;
	int y, mo, d, h, mi, sec;
	const char *p;
	if (!s || strnlen(s, 20) < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' ||
	    s[16] != ':')
		return -1;
	y = fixed_digits(s, 4);
	mo = fixed_digits(s + 5, 2);
	d = fixed_digits(s + 8, 2);
	h = fixed_digits(s + 11, 2);
	mi = fixed_digits(s + 14, 2);
	sec = fixed_digits(s + 17, 2);
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 ||
	    sec > 60)
		return -1;
	p = s + 19;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (strcmp(p, "Z") && strcmp(p, "z") && strcmp(p, "+00:00"))
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return (int64_t)timegm(&tm);
}

/* ------------------------------------------------------------ records */

static const struct wl_osv_limits default_limits = {
	.max_record = (size_t)4 << 20,
	.max_records = 1000000,
	.max_total = (uint64_t)4 << 30,
};

struct wl_osv_db *wl_osv_new(const struct wl_osv_limits *lim)
{
	struct wl_osv_db *db = wl_calloc(1, sizeof(*db));
	db->lim = lim ? *lim : default_limits;
	return db;
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int is_pypi(const char *eco)
{
	return eco && !strcmp(eco, "PyPI");
}

static const char *norm_name(struct wl_osv_db *db, const char *eco, const char *name)
{
	if (is_pypi(eco)) {
		size_t n = strlen(name);
		char *out = wl_arena_alloc(&db->arena, n + 1);
		wl_pep503_normalize_into(out, name, n);
		return out;
	}
	return wl_arena_strdup(&db->arena, name);
}

static int add_affected(struct wl_osv_db *db, size_t ri, const cJSON *a)
{
	const cJSON *pkg = cJSON_GetObjectItemCaseSensitive(a, "package");
	const cJSON *vers = cJSON_GetObjectItemCaseSensitive(a, "versions");
	const cJSON *ranges = cJSON_GetObjectItemCaseSensitive(a, "ranges");
	const char *eco = jstr(pkg, "ecosystem"), *name = jstr(pkg, "name");
	struct affected *af;
	const cJSON *it;
	size_t k;

	if (!eco || !name)
		return 0; /* e.g. a GIT-only entry: nothing to match a package against */
	db->aff = wl_grow(db->aff, &db->aaff, db->naff + 1, sizeof(*db->aff));
	af = &db->aff[db->naff++];
	memset(af, 0, sizeof(*af));
	af->rec = ri;
	af->eco = wl_arena_strdup(&db->arena, eco);
	af->name = norm_name(db, eco, name);
	if (cJSON_IsArray(vers)) {
		size_t n = (size_t)cJSON_GetArraySize(vers);
		af->versions = wl_arena_alloc(&db->arena, (n ? n : 1) * sizeof(char *));
		cJSON_ArrayForEach(it, vers)
			if (cJSON_IsString(it))
				af->versions[af->nversions++] = wl_arena_strdup(&db->arena, it->valuestring);
	}
	if (!cJSON_IsArray(ranges))
		return 0;
	af->ranges = wl_arena_alloc(&db->arena, ((size_t)cJSON_GetArraySize(ranges) + 1) * sizeof(struct range));
	cJSON_ArrayForEach(it, ranges)
	{
		const char *type = jstr(it, "type");
		const cJSON *evs = cJSON_GetObjectItemCaseSensitive(it, "events"), *e;
		struct range *r;
		if (!type || (strcmp(type, "ECOSYSTEM") && strcmp(type, "SEMVER")) || !cJSON_IsArray(evs))
			continue; /* GIT ranges name commits, not releases */
		r = &af->ranges[af->nranges++];
		r->n = 0;
		r->has_limit = 0;
		r->ev = wl_arena_alloc(&db->arena, ((size_t)cJSON_GetArraySize(evs) + 1) * sizeof(struct event));
		cJSON_ArrayForEach(e, evs)
		{
			static const char *const kinds[] = { "introduced", "last_affected", "fixed", "limit" };
			struct event *ev = &r->ev[r->n];
			for (k = 0; k < 4; k++) {
				const char *t = jstr(e, kinds[k]);
				if (!t)
					continue;
				ev->kind = (enum ev_kind)k;
				ev->text = wl_arena_strdup(&db->arena, t);
				ev->zero = k == EV_INTRODUCED && !strcmp(t, "0");
				if (!ev->zero && (k == EV_LIMIT && !strcmp(t, "*"))) {
					break; /* limit "*": no limit */
				}
				if (!ev->zero && wl_pep440_parse(t, strlen(t), &ev->v)) {
					db->info.bad_versions++;
					break;
				}
				if (k == EV_LIMIT)
					r->has_limit = 1;
				r->n++;
				break;
			}
		}
	}
	return 0;
}

static int add_record(struct wl_osv_db *db, const char *name, const cJSON *o, char **err)
{
	const char *id = jstr(o, "id"), *mod = jstr(o, "modified"), *s;
	const cJSON *al = cJSON_GetObjectItemCaseSensitive(o, "aliases");
	const cJSON *sev = cJSON_GetObjectItemCaseSensitive(o, "severity");
	const cJSON *aff = cJSON_GetObjectItemCaseSensitive(o, "affected");
	const cJSON *dbs = cJSON_GetObjectItemCaseSensitive(o, "database_specific"), *it;
	struct record *r;
	size_t ri;
	int64_t t;

	if (!cJSON_IsObject(o) || !id || !*id) {
		*err = wl_printf_alloc("%s: not an OSV record (no \"id\")", name);
		return WL_EFORMAT;
	}
	if (db->nrec >= db->lim.max_records) {
		*err = wl_printf_alloc("%s: more than %zu records (the limit)", name, db->lim.max_records);
		return WL_ELIMIT;
	}
	db->info.records++;
	if (mod && (t = wl_osv_parse_time(mod)) >= 0 && t > db->info.newest) {
		db->info.newest = t;
		snprintf(db->info.newest_text, sizeof(db->info.newest_text), "%s", mod);
	}
	db->rec = wl_grow(db->rec, &db->arec, db->nrec + 1, sizeof(*db->rec));
	ri = db->nrec++;
	r = &db->rec[ri];
	memset(r, 0, sizeof(*r));
	r->parent = ri;
	r->id = wl_arena_strdup(&db->arena, id);
	r->withdrawn = jstr(o, "withdrawn") != NULL;
	if (r->withdrawn) {
		db->info.withdrawn++;
		return 0;
	}
	s = jstr(o, "summary");
	if (!s || !*s) {
		const char *d = jstr(o, "details");
		if (d && *d) {
			size_t n = strcspn(d, "\n");
			r->summary = wl_arena_strndup(&db->arena, d, n > 200 ? 200 : n);
		}
	} else {
		r->summary = wl_arena_strdup(&db->arena, s);
	}
	if (cJSON_IsArray(al)) {
		r->aliases = wl_arena_alloc(&db->arena, ((size_t)cJSON_GetArraySize(al) + 1) * sizeof(char *));
		cJSON_ArrayForEach(it, al)
			if (cJSON_IsString(it) && *it->valuestring)
				r->aliases[r->naliases++] = wl_arena_strdup(&db->arena, it->valuestring);
	}
	/* severity: a CVSS v3 vector's base score, else database_specific */
	r->level = WL_LEVEL_WARNING;
	r->score = -1;
	r->severity = "";
	cJSON_ArrayForEach(it, (cJSON_IsArray(sev) ? sev : NULL))
	{
		const char *type = jstr(it, "type"), *score = jstr(it, "score");
		double x;
		if (!type || !score || strcmp(type, "CVSS_V3"))
			continue;
		x = wl_cvss3_base_score(score);
		if (x >= 0 && x > r->score) {
			r->score = x;
			r->level = level_of_score(x);
			r->severity = wl_arena_printf(&db->arena, "CVSS %.1f (%s)", x, score);
		}
	}
	if (r->score < 0 && (s = jstr(dbs, "severity"))) {
		if (!strcasecmp(s, "CRITICAL") || !strcasecmp(s, "HIGH"))
			r->level = WL_LEVEL_ERROR;
		else if (!strcasecmp(s, "MODERATE") || !strcasecmp(s, "MEDIUM"))
			r->level = WL_LEVEL_WARNING;
		else if (!strcasecmp(s, "LOW"))
			r->level = WL_LEVEL_NOTE;
		else
			s = NULL;
		if (s)
			r->severity = wl_arena_printf(&db->arena, "%s (database_specific)", s);
	}
	cJSON_ArrayForEach(it, (cJSON_IsArray(aff) ? aff : NULL))
		add_affected(db, ri, it);
	return 0;
}

int wl_osv_add_json(struct wl_osv_db *db, const char *name, const char *json, size_t len, char **err)
{
	cJSON *root, *it;
	const char *end = NULL;
	int ret = 0;
	*err = NULL;
	if (len > db->lim.max_record) {
		*err = wl_printf_alloc("%s: record larger than %zu bytes (the limit)", name, db->lim.max_record);
		return WL_ELIMIT;
	}
	if (len > db->lim.max_total - db->total) {
		*err = wl_printf_alloc("%s: the database is larger than %llu bytes (the limit)", name,
				       (unsigned long long)db->lim.max_total);
		return WL_ELIMIT;
	}
	db->total += len;
	root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	if (!root) {
		*err = wl_printf_alloc("%s: not valid JSON (at byte %zu)", name,
				       end && end >= json ? (size_t)(end - json) : (size_t)0);
		return WL_EFORMAT;
	}
	if (cJSON_IsArray(root)) {
		cJSON_ArrayForEach(it, root)
			if ((ret = add_record(db, name, it, err)))
				break;
	} else {
		ret = add_record(db, name, root, err);
	}
	cJSON_Delete(root);
	return ret;
}

/* ------------------------------------------------------------ indexes */

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void link_id(struct wl_osv_db *db, const char *id, size_t ri)
{
	struct slot *s = tfind(&db->ids, id, strlen(id), 1);
	if (!s->val) {
		s->val = ri + 1;
	} else {
		size_t a = uf_find(db, s->val - 1), b = uf_find(db, ri);
		if (a != b)
			db->rec[a > b ? a : b].parent = a < b ? a : b;
	}
}

static int cmp_by_root(const void *a, const void *b, void *arg)
{
	const struct record *rec = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	if (rec[x].root != rec[y].root)
		return rec[x].root < rec[y].root ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Each cluster as one vulnerability, on its representative: the smallest
 * record id names it, every other id and alias is listed (sorted), the
 * summary of the smallest id that has one, the most severe level. */
static void fold_clusters(struct wl_osv_db *db)
{
	size_t *ord = wl_malloc((db->nrec + 1) * sizeof(*ord)), i, j, k, n = 0;
	const char **ids = NULL;
	size_t aids = 0;
	struct wl_buf b;
	for (i = 0; i < db->nrec; i++)
		if (!db->rec[i].withdrawn)
			ord[n++] = i;
	qsort_r(ord, n, sizeof(*ord), cmp_by_root, db->rec);
	wl_buf_init(&b, (size_t)64 << 20);
	for (i = 0; i < n; i = j) {
		struct record *root = &db->rec[db->rec[ord[i]].root];
		const struct record *best = NULL, *sum = NULL, *sev = NULL;
		size_t nids = 0;
		for (j = i; j < n && db->rec[ord[j]].root == db->rec[ord[i]].root; j++) {
			const struct record *rr = &db->rec[ord[j]];
			if (!best || strcmp(rr->id, best->id) < 0)
				best = rr;
			if (rr->summary && (!sum || strcmp(rr->id, sum->id) < 0))
				sum = rr;
			if (!sev || rr->level > sev->level || (rr->level == sev->level && rr->score > sev->score))
				sev = rr;
			ids = wl_grow(ids, &aids, nids + rr->naliases + 1, sizeof(*ids));
			ids[nids++] = rr->id;
			for (k = 0; k < rr->naliases; k++)
				ids[nids++] = rr->aliases[k];
		}
		qsort(ids, nids, sizeof(*ids), cmp_strp);
		wl_buf_reset(&b);
		for (k = 0; k < nids; k++) {
			if (!strcmp(ids[k], best->id) || (k && !strcmp(ids[k], ids[k - 1])))
				continue;
			if (b.len)
				wl_buf_addstr(&b, ", ");
			wl_buf_addstr(&b, ids[k]);
		}
		root->c_id = best->id;
		root->c_aliases = wl_arena_strdup(&db->arena, b.buf);
		root->c_summary = sum ? sum->summary : "";
		root->c_level = sev->level;
		root->c_score = sev->score;
		root->c_severity = sev->severity;
	}
	wl_buf_release(&b);
	free(ids);
	free(ord);
}

void wl_osv_finalize(struct wl_osv_db *db)
{
	size_t i, k, n = 0;
	/* fold aliases: records meeting on any id or alias are one vulnerability */
	for (i = 0; i < db->nrec; i++) {
		if (db->rec[i].withdrawn)
			continue;
		link_id(db, db->rec[i].id, i);
		for (k = 0; k < db->rec[i].naliases; k++)
			link_id(db, db->rec[i].aliases[k], i);
	}
	for (i = 0; i < db->nrec; i++)
		db->rec[i].root = uf_find(db, i);
	for (i = 0; i < db->nrec; i++)
		if (!db->rec[i].withdrawn && db->rec[i].root == i)
			n++;
	db->info.clusters = n;
	fold_clusters(db);
	/* (ecosystem, name) -> chain of affected entries, in record order */
	for (i = db->naff; i-- > 0;) {
		struct affected *a = &db->aff[i];
		size_t el = strlen(a->eco), nl = strlen(a->name);
		char *key = wl_arena_alloc(&db->arena, el + nl + 2);
		struct slot *s;
		memcpy(key, a->eco, el + 1);
		memcpy(key + el + 1, a->name, nl + 1);
		s = tfind(&db->pkgs, key, el + 1 + nl, 1);
		a->next = s->val;
		s->val = i + 1;
	}
	/* ecosystems: records per ecosystem (a record counts once per ecosystem) */
	free(db->ecos);
	free(db->eco_counts);
	db->ecos = NULL;
	db->eco_counts = NULL;
	db->necos = 0;
	{
		const char **all = wl_calloc(db->naff + 1, sizeof(char *));
		size_t m = 0, j;
		for (i = 0; i < db->naff; i++)
			all[m++] = db->aff[i].eco;
		qsort(all, m, sizeof(*all), cmp_strp);
		db->ecos = wl_calloc(m + 1, sizeof(char *));
		db->eco_counts = wl_calloc(m + 1, sizeof(size_t));
		for (j = 0; j < m; j++)
			if (!db->necos || strcmp(db->ecos[db->necos - 1], all[j]))
				db->ecos[db->necos++] = all[j];
		free(all);
		for (k = 0; k < db->necos; k++) {
			size_t last = (size_t)-1;
			for (i = 0; i < db->naff; i++)
				if (!strcmp(db->aff[i].eco, db->ecos[k]) && db->aff[i].rec != last) {
					db->eco_counts[k]++;
					last = db->aff[i].rec;
				}
		}
	}
	db->info.ecosystems = db->ecos;
	db->info.eco_records = db->eco_counts;
}

void wl_osv_free(struct wl_osv_db *db)
{
	if (!db)
		return;
	wl_arena_release(&db->arena);
	free(db->rec);
	free(db->aff);
	free(db->pkgs.s);
	free(db->ids.s);
	free(db->ecos);
	free(db->eco_counts);
	free(db);
}

const struct wl_osv_info *wl_osv_get_info(const struct wl_osv_db *db)
{
	return &db->info;
}

/* ------------------------------------------------------------- loading */

static int load_buf(struct wl_osv_db *db, const char *name, const char *data, size_t len, char **err)
{
	return wl_osv_add_json(db, name, data, len, err);
}

/*
 * A zip is read by two threads: one inflates members (zlib) in archive order
 * into batches, this one parses them (cJSON) in the same order, so the
 * database is built exactly as a one-thread read builds it. Two batches of at
 * most 256 members or 16 MiB of inflated JSON each are in flight.
 */
#define BATCH_MAX 256
#define BATCH_BYTES ((size_t)16 << 20)

struct inflated {
	int skip;               /* not a .json member */
	struct wl_zip_data d;
	char *error;            /* why it could not be read */
};

struct batch {
	int ready;
	size_t first, n;
	struct inflated item[BATCH_MAX];
};

struct pipe {
	const struct wl_zip *z;
	const char *path;
	size_t max;
	struct batch b[2];
	int stop;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void inflate_member(const struct pipe *p, size_t i, struct inflated *out)
{
	const struct wl_zip_entry *e = &p->z->entries[i];
	size_t nl = strlen(e->name);
	memset(out, 0, sizeof(*out));
	if (!nl || e->name[nl - 1] == '/' || !wl_ends_with(e->name, ".json")) {
		out->skip = 1;
	} else if (e->anomalies & (WL_ZIP_ENCRYPTED | WL_ZIP_METHOD | WL_ZIP_TRUNCATED | WL_ZIP_BAD_LOCAL)) {
		out->error = wl_printf_alloc("%s:%s: member cannot be read (encrypted, truncated or unknown method)",
					     p->path, e->name);
	} else if (wl_zip_read(p->z, e, p->max, 0, &out->d)) {
		out->error = wl_printf_alloc("%s:%s: member cannot be read", p->path, e->name);
	} else if (out->d.corrupt || (out->d.crc_checked && !out->d.crc_ok)) {
		out->error = wl_printf_alloc("%s:%s: corrupt member (deflate or CRC error)", p->path, e->name);
		wl_zip_data_release(&out->d);
	}
	if (out->error)
		out->skip = 1;
}

/* Fill `b` from entry `first` on; returns the next entry. */
static size_t fill(const struct pipe *p, struct batch *b, size_t first)
{
	size_t bytes = 0, i = first;
	b->first = first;
	b->n = 0;
	while (i < p->z->count && b->n < BATCH_MAX && bytes < BATCH_BYTES) {
		struct inflated *it = &b->item[b->n++];
		inflate_member(p, i++, it);
		if (!it->skip)
			bytes += it->d.len;
	}
	return i;
}

static void release_batch(struct batch *b)
{
	size_t k;
	for (k = 0; k < b->n; k++) {
		if (!b->item[k].skip)
			wl_zip_data_release(&b->item[k].d);
		free(b->item[k].error);
	}
	b->n = 0;
}

static void *inflater(void *arg)
{
	struct pipe *p = arg;
	size_t next = 0, k = 0;
	while (next < p->z->count) {
		struct batch *b = &p->b[k];
		pthread_mutex_lock(&p->mu);
		while (b->ready && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (p->stop)
			break;
		next = fill(p, b, next);
		pthread_mutex_lock(&p->mu);
		b->ready = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		k ^= 1;
	}
	return NULL;
}

static int load_zip(struct wl_osv_db *db, const char *path, const unsigned char *data, size_t size, char **err)
{
	struct wl_zip z;
	struct pipe *p;
	pthread_t th;
	size_t done = 0, k = 0, j;
	int ret = 0, threaded;
	if (wl_zip_open(&z, data, size, db->lim.max_records + 1)) {
		*err = wl_printf_alloc("%s: not a readable zip archive", path);
		return WL_EFORMAT;
	}
	if (z.anomalies & (WL_ZIP_A_TOO_MANY | WL_ZIP_A_CD_TRUNCATED)) {
		*err = wl_printf_alloc("%s: %s", path,
				       z.anomalies & WL_ZIP_A_TOO_MANY ? "more records than the limit"
								       : "the central directory is cut short");
		wl_zip_close(&z);
		return WL_EFORMAT;
	}
	p = wl_calloc(1, sizeof(*p));
	p->z = &z;
	p->path = path;
	p->max = db->lim.max_record + 1;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	threaded = z.count > BATCH_MAX && pthread_create(&th, NULL, inflater, p) == 0;
	while (done < z.count && !ret) {
		struct batch *b = &p->b[k];
		if (threaded) {
			pthread_mutex_lock(&p->mu);
			while (!b->ready)
				pthread_cond_wait(&p->cv, &p->mu);
			pthread_mutex_unlock(&p->mu);
		} else {
			fill(p, b, done);
		}
		for (j = 0; j < b->n && !ret; j++) {
			struct inflated *it = &b->item[j];
			if (it->error) {
				*err = it->error;
				it->error = NULL;
				ret = WL_EFORMAT;
			} else if (!it->skip) {
				char *name = wl_printf_alloc("%s:%s", path, z.entries[b->first + j].name);
				ret = load_buf(db, name, (const char *)it->d.ptr, it->d.len, err);
				free(name);
			}
		}
		done = b->first + b->n;
		release_batch(b);
		pthread_mutex_lock(&p->mu);
		b->ready = 0;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		k ^= 1;
	}
	if (threaded) {
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		pthread_join(th, NULL);
		release_batch(&p->b[0]); /* a batch inflated ahead of an error */
		release_batch(&p->b[1]);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p);
	wl_zip_close(&z);
	return ret;
}

static int read_whole(const char *path, size_t max, struct wl_buf *b, char **err)
{
	return wl_read_file(path, max, b, err);
}

static int load_dir(struct wl_osv_db *db, const char *path, int depth, char **err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	int ret = 0;
	if (depth > 8) {
		*err = wl_printf_alloc("%s: folders nested deeper than 8", path);
		return WL_ELIMIT;
	}
	d = opendir(path);
	if (!d) {
		*err = wl_printf_alloc("%s: %s", path, strerror(errno));
		return WL_EIO;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n >= db->lim.max_records) {
			ret = WL_ELIMIT;
			*err = wl_printf_alloc("%s: more entries than the record limit", path);
			break;
		}
		names = wl_grow(names, &alloc, n + 1, sizeof(char *));
		names[n++] = wl_strdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(char *), cmp_strp);
	for (i = 0; i < n && !ret; i++) {
		char *p = wl_printf_alloc("%s/%s", path, names[i]);
		struct stat st;
		if (lstat(p, &st) || (S_ISLNK(st.st_mode) && wl_ends_with(names[i], ".json") && stat(p, &st))) {
			/* a link to a record is followed; links to folders are not */
			*err = wl_printf_alloc("%s: %s", p, strerror(errno));
			ret = WL_EIO;
		} else if (S_ISDIR(st.st_mode)) {
			ret = load_dir(db, p, depth + 1, err);
		} else if (S_ISREG(st.st_mode) && wl_ends_with(names[i], ".json")) {
			struct wl_buf b;
			wl_buf_init(&b, db->lim.max_record);
			ret = read_whole(p, db->lim.max_record, &b, err);
			if (!ret)
				ret = load_buf(db, p, b.buf, b.len, err);
			wl_buf_release(&b);
		}
		free(p);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

int wl_osv_load(const char *path, const struct wl_osv_limits *lim, struct wl_osv_db **out, char **err)
{
	struct wl_osv_db *db;
	struct stat st;
	int ret;
	*out = NULL;
	*err = NULL;
	if (stat(path, &st)) {
		*err = wl_printf_alloc("%s: %s", path, strerror(errno));
		return WL_EIO;
	}
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		*err = wl_printf_alloc("%s: neither a folder nor a regular file", path);
		return WL_EUSAGE;
	}
	db = wl_osv_new(lim);
	if (S_ISDIR(st.st_mode)) {
		ret = load_dir(db, path, 0, err);
	} else {
		struct wl_buf b;
		uint64_t cap = db->lim.max_total;
		wl_buf_init(&b, cap > SIZE_MAX / 2 ? SIZE_MAX / 2 : (size_t)cap);
		ret = read_whole(path, b.cap, &b, err);
		if (!ret) {
			if (b.len >= 4 && !memcmp(b.buf, "PK", 2))
				ret = load_zip(db, path, (const unsigned char *)b.buf, b.len, err);
			else
				ret = load_buf(db, path, b.buf, b.len, err);
		}
		wl_buf_release(&b);
	}
	if (!ret && !db->info.records) {
		*err = wl_printf_alloc("%s: no OSV records in it", path);
		ret = WL_EFORMAT;
	}
	if (ret) {
		wl_osv_free(db);
		return ret;
	}
	wl_osv_finalize(db);
	*out = db;
	return 0;
}

/* ------------------------------------------------------------ matching */

static int ev_cmp(const struct event *a, const struct event *b)
{
	int r;
	if (a->zero || b->zero)
		r = a->zero && b->zero ? 0 : a->zero ? -1 : 1;
	else
		r = wl_pep440_cmp(&a->v, &b->v);
	if (r)
		return r;
	return a->kind < b->kind ? -1 : a->kind > b->kind;
}

static int ev_cmp_q(const void *a, const void *b)
{
	return ev_cmp(*(const struct event *const *)a, *(const struct event *const *)b);
}

/* OSV's evaluation: walk events by version; introduced opens, fixed and
 * last_affected close; limit events bound the whole range from above.
 * *fixed gets the lowest fixed version above v. */
static int in_range(const struct range *r, const struct wl_pep440 *v, const char **fixed)
{
	const struct event *stack[64], **ev = stack;
	size_t i;
	int vuln = 0, before_limit = !r->has_limit;
	if (r->n > WL_ARRAY_SIZE(stack))
		ev = wl_malloc(r->n * sizeof(*ev));
	for (i = 0; i < r->n; i++)
		ev[i] = &r->ev[i];
	qsort(ev, r->n, sizeof(*ev), ev_cmp_q);
	for (i = 0; i < r->n; i++) {
		const struct event *e = ev[i];
		int c = e->zero ? 1 : wl_pep440_cmp(v, &e->v);
		switch (e->kind) {
		case EV_INTRODUCED:
			if (c >= 0)
				vuln = 1;
			break;
		case EV_FIXED:
			if (c >= 0)
				vuln = 0;
			break;
		case EV_LAST_AFFECTED:
			if (c > 0)
				vuln = 0;
			break;
		case EV_LIMIT:
			if (c < 0)
				before_limit = 1;
			break;
		}
	}
	if (vuln && before_limit)
		for (i = 0; i < r->n; i++)
			if (ev[i]->kind == EV_FIXED && wl_pep440_cmp(v, &ev[i]->v) < 0) {
				*fixed = ev[i]->text;
				break;
			}
	if (ev != stack)
		free(ev);
	return vuln && before_limit;
}

static int in_versions(const struct affected *a, const char *raw, const struct wl_pep440 *v, int parsed)
{
	size_t i;
	for (i = 0; i < a->nversions; i++) {
		struct wl_pep440 x;
		const char *s = a->versions[i];
		if (!strcmp(s, raw))
			return 1;
		/* the same release spelled otherwise ("1.0" / "1.0.0"): compare as PEP 440,
		 * after a cheap check of the first release component */
		if (parsed && is_pypi(a->eco) && isdigit((unsigned char)s[0])) {
			const char *bang = strchr(s, '!'), *rel = bang ? bang + 1 : s;
			/* PEP 440 "==": a listed public version matches its local builds */
			if (strtoull(rel, NULL, 10) == (unsigned long long)v->release[0] &&
			    !wl_pep440_parse(s, strlen(s), &x) &&
			    !(x.local[0] ? wl_pep440_cmp(&x, v) : wl_pep440_cmp_public(&x, v)))
				return 1;
		}
	}
	return 0;
}

/* The lower of two fixed versions (as written); unparseable ones lose. */
static const char *lower_fixed(const char *a, const char *b)
{
	struct wl_pep440 x, y;
	if (!a || !b)
		return a ? a : b;
	if (wl_pep440_parse(a, strlen(a), &x))
		return b;
	if (wl_pep440_parse(b, strlen(b), &y))
		return a;
	return wl_pep440_cmp(&x, &y) <= 0 ? a : b;
}

static int cmp_match(const void *a, const void *b)
{
	return strcmp(((const struct wl_osv_match *)a)->id, ((const struct wl_osv_match *)b)->id);
}

size_t wl_osv_query(const struct wl_osv_db *db, const char *ecosystem, const char *name, const char *version,
		    struct wl_osv_match **out)
{
	size_t el = strlen(ecosystem), nl = strlen(name), ai, nm = 0, am = 0, k;
	char key[512];
	const struct slot *s;
	struct wl_pep440 v;
	int parsed;
	struct wl_osv_match *m = NULL;
	size_t *roots = NULL;

	*out = NULL;
	if (el + nl + 2 > sizeof(key))
		return 0;
	memcpy(key, ecosystem, el + 1);
	memcpy(key + el + 1, name, nl + 1);
	s = tfind((struct table *)(uintptr_t)&db->pkgs, key, el + 1 + nl, 0); /* lookup: no change */
	if (!s)
		return 0;
	parsed = !wl_pep440_parse(version, strlen(version), &v);
	for (ai = s->val; ai; ai = db->aff[ai - 1].next) {
		const struct affected *a = &db->aff[ai - 1];
		const char *fx = NULL;
		int hit = in_versions(a, version, &v, parsed);
		size_t r, root;
		if (is_pypi(a->eco) && parsed)
			for (r = 0; r < a->nranges; r++) {
				const char *f = NULL;
				if (in_range(&a->ranges[r], &v, &f)) {
					hit = 1;
					fx = lower_fixed(fx, f);
				}
			}
		if (!hit)
			continue;
		root = db->rec[a->rec].root;
		for (k = 0; k < nm; k++)
			if (roots[k] == root)
				break;
		if (k == nm) {
			const struct record *c = &db->rec[root];
			m = wl_grow(m, &am, nm + 1, sizeof(*m));
			roots = wl_realloc(roots, am * sizeof(*roots));
			roots[nm] = root;
			m[nm].id = c->c_id;
			m[nm].aliases = c->c_aliases;
			m[nm].summary = c->c_summary ? c->c_summary : "";
			m[nm].fixed = fx;
			m[nm].level = c->c_level;
			m[nm].score = c->c_score;
			m[nm].severity = c->c_severity;
			nm++;
		} else {
			m[k].fixed = lower_fixed(m[k].fixed, fx);
		}
	}
	free(roots);
	if (nm)
		qsort(m, nm, sizeof(*m), cmp_match);
	*out = m;
	return nm;
}
