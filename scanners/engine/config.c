/*
 * config.c - .weaklink.toml: allow lists, excludes, disabled rules, limits.
 * Parsed with the TOML grammar (the same one the scanners use), checked
 * against ONE schema table (wl_config_schema below: table, key, type,
 * description), flattened to "table.key" -> list of strings. Scalars are
 * one-element lists. A config we cannot parse, or that names a table or key
 * the schema does not know, or gives a value of the wrong type, is a usage
 * error: silently ignoring `[rulez]` or `max_dept` could hide findings.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tree_sitter/api.h>

struct config_entry {
	char *key;
	char **values; /* NULL-terminated */
	size_t n, alloc;
};

struct wl_config {
	struct config_entry *entries;
	size_t n, alloc;
};

/*
 * The schema: every table and key weaklink reads, one row each. Adding a
 * key is adding a row here (and reading it with wl_config_list/str, which
 * refuse a key that has no row). The same rows drive validation, the "did
 * you mean" suggestions and the README's list. A table may be a pattern
 * ("profiles.*") for tables whose last part the user names, and a key "*"
 * for tables whose keys the user names ([path_classes] research = [...]).
 */
static const struct wl_config_key schema[] = {
	{ "scan", "exclude", WL_CFG_STRINGS, "globs on repo-relative paths not to scan (--exclude adds more)" },
	{ "scan", "fail_on", WL_CFG_LEVEL, "exit 1 on findings at or above none, note, warning or error (--fail-on overrides it)" },
	{ "rules", "disable", WL_CFG_RULES, "rules turned off, by id or name" },
	{ "typosquat", "allow", WL_CFG_STRINGS, "package names that are legitimate near-neighbours of popular ones (WL110)" },
	{ "pickle", "allow", WL_CFG_STRINGS, "extra safe pickle globals: \"module name\", \"module:name\" or \"module.Name\", fnmatch globs allowed" },
	{ "pickle", "deny", WL_CFG_STRINGS, "extra dangerous pickle globals (a bare module denies all of it)" },
	{ "artifact", "max_inflated", WL_CFG_SIZE, "bytes decompressed per member or stream (default 512M)" },
	{ "artifact", "max_total_inflated", WL_CFG_SIZE, "bytes decompressed per file (default 2G)" },
	{ "artifact", "max_ratio", WL_CFG_SIZE, "decompressed / compressed size (default 200)" },
	{ "artifact", "max_depth", WL_CFG_SIZE, "containers inside containers (default 4)" },
	{ "artifact", "max_members", WL_CFG_SIZE, "members per archive (default 100000)" },
	{ "artifact", "max_pickle_ops", WL_CFG_SIZE, "pickle opcodes per file (default 268435456)" },
	{ "artifact", "max_pickle_memo", WL_CFG_SIZE, "pickle memo entries tracked per file (default 33554432)" },
	{ "hydra", "allow", WL_CFG_STRINGS, "reviewed Hydra _target_ callables, fnmatch globs allowed (WL411 stays silent)" },
	{ "vulnerabilities", "db", WL_CFG_STRING, "an OSV database (folder of records or the ecosystem zip), relative to the scanned root (like --osv-db)" },
	{ "vulnerabilities", "max_age_days", WL_CFG_SIZE, "a note when the newest record is older than this many days (default 7)" },
	{ "hub", "known_orgs", WL_CFG_STRINGS, "well-known hub organisations of yours that look-alikes imitate (WL640, WL641)" },
	{ "hub", "allow", WL_CFG_STRINGS, "genuine hub organisations near a well-known one, never flagged (WL640, WL641)" },
	{ "javascript", "scan_vendored", WL_CFG_BOOL, "also scan JavaScript/TypeScript under node_modules/, bower_components/, dist/ and build/, and minified bundles (default false: skipped and counted)" },
	{ "provenance", "trusted_keys", WL_CFG_STRINGS, "PEM public keys (relative to the scanned root) whose OMS model signatures are trusted (--trusted-key adds more)" },
	{ "provenance", "trusted_roots", WL_CFG_STRINGS, "PEM CA certificates (relative to the scanned root) anchoring certificate-method OMS model signatures" },
	{ "provenance", "require_signatures", WL_CFG_LEVEL, "level of a finding for a model file no OMS model signature covers (WL703; default none)" },
	{ "path_classes", "*", WL_CFG_STRINGS, "a path class (tests, examples, ... or a name of yours) = its globs" },
	{ "path_demote", "*", WL_CFG_DEMOTE, "a path class = how many levels its findings drop (0-3)" },
};

size_t wl_config_schema_count(void)
{
	return WL_ARRAY_SIZE(schema);
}

const struct wl_config_key *wl_config_schema_at(size_t i)
{
	return i < WL_ARRAY_SIZE(schema) ? &schema[i] : NULL;
}

const char *wl_config_type_name(enum wl_config_type t)
{
	switch (t) {
	case WL_CFG_STRING:
		return "a string";
	case WL_CFG_STRINGS:
		return "an array of strings";
	case WL_CFG_BOOL:
		return "true or false";
	case WL_CFG_SIZE:
		return "a positive whole number, or a string such as \"512M\" (K, M, G)";
	case WL_CFG_LEVEL:
		return "one of \"none\", \"note\", \"warning\", \"error\"";
	case WL_CFG_RULES:
		return "an array of rule ids or names";
	case WL_CFG_DEMOTE:
		return "0, 1, 2 or 3";
	}
	return "?";
}

static int table_matches(const char *pattern, const char *table)
{
	return strchr(pattern, '*') ? fnmatch(pattern, table, 0) == 0 : strcmp(pattern, table) == 0;
}

static int table_known(const char *table)
{
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(schema); i++)
		if (table_matches(schema[i].table, table))
			return 1;
	return 0;
}

const struct wl_config_key *wl_config_schema_find(const char *dotted)
{
	const char *dot = strrchr(dotted, '.');
	size_t i, tl;
	char *table;
	const struct wl_config_key *hit = NULL;
	if (!dot)
		return NULL;
	tl = (size_t)(dot - dotted);
	table = wl_strndup(dotted, tl);
	for (i = 0; i < WL_ARRAY_SIZE(schema) && !hit; i++)
		if ((!strcmp(schema[i].key, dot + 1) || (!strcmp(schema[i].key, "*") && dot[1])) &&
		    table_matches(schema[i].table, table))
			hit = &schema[i];
	free(table);
	return hit;
}

/* Looking up a key the schema does not list is a bug in weaklink: the value
 * could never be set (the parser refuses it), so the feature would be dead. */
static void check_lookup(const char *key)
{
	if (!wl_config_schema_find(key))
		wl_die("internal error: config key '%s' is not in the schema (scanners/engine/config.c)", key);
}

static struct config_entry *entry_get(struct wl_config *c, const char *key, int create)
{
	size_t i;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->entries[i].key, key))
			return &c->entries[i];
	if (!create)
		return NULL;
	c->entries = wl_grow(c->entries, &c->alloc, c->n + 1, sizeof(*c->entries));
	memset(&c->entries[c->n], 0, sizeof(c->entries[0]));
	c->entries[c->n].key = wl_strdup(key);
	c->entries[c->n].values = wl_calloc(1, sizeof(char *));
	c->entries[c->n].alloc = 1;
	return &c->entries[c->n++];
}

void wl_config_add(struct wl_config *c, const char *key, const char *value)
{
	struct config_entry *e = entry_get(c, key, 1);
	e->values = wl_grow(e->values, &e->alloc, e->n + 2, sizeof(char *));
	e->values[e->n++] = wl_strdup(value);
	e->values[e->n] = NULL;
}

const char *const *wl_config_list(const struct wl_config *c, const char *key)
{
	struct config_entry *e;
	check_lookup(key);
	if (!c)
		return NULL;
	e = entry_get((struct wl_config *)(uintptr_t)c, key, 0);
	return e ? (const char *const *)e->values : NULL;
}

const char *wl_config_str(const struct wl_config *c, const char *key)
{
	const char *const *l = wl_config_list(c, key);
	return l && l[0] ? l[0] : NULL;
}

int wl_config_has(const struct wl_config *c, const char *key, const char *value)
{
	const char *const *l = wl_config_list(c, key);
	for (; l && *l; l++)
		if (!strcmp(*l, value))
			return 1;
	return 0;
}

const char *wl_config_key_at(const struct wl_config *c, size_t i)
{
	return c && i < c->n ? c->entries[i].key : NULL;
}

struct wl_config *wl_config_new(void)
{
	return wl_calloc(1, sizeof(struct wl_config));
}

void wl_config_free(struct wl_config *c)
{
	size_t i, k;
	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		for (k = 0; k < c->entries[i].n; k++)
			free(c->entries[i].values[k]);
		free(c->entries[i].values);
		free(c->entries[i].key);
	}
	free(c->entries);
	free(c);
}

/* ---- TOML ---- */

struct parse {
	struct wl_config *c;
	const char *name; /* the file, for messages */
	const char *src;
	char **err;
	int pyproject;    /* keys count only under [tool.weaklink] (PYPROJECT_PREFIX, stripped) */
	int found;        /* pyproject: a [tool.weaklink] table or key was seen */
	int in_pyproject; /* the file is a pyproject.toml: messages name tables in full */
};

#define PYPROJECT_PREFIX "tool.weaklink"

static uint32_t line_of(TSNode n)
{
	return ts_node_start_point(n).row + 1;
}

static int fail(struct parse *p, TSNode at, const char *fmt, ...) WL_PRINTF(3, 4);
static int fail(struct parse *p, TSNode at, const char *fmt, ...)
{
	va_list ap;
	char *m;
	va_start(ap, fmt);
	m = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	if (p->in_pyproject) {
		/* "[scan] fail_on wants ..." reads "[tool.weaklink.scan] ..." there */
		struct wl_buf b;
		const char *q;
		wl_buf_init(&b, 0);
		for (q = m; *q; q++) {
			wl_buf_addch(&b, *q);
			if (*q == '[' && (q[1] == '_' || (q[1] >= 'a' && q[1] <= 'z') || (q[1] >= 'A' && q[1] <= 'Z')) &&
			    q[strcspn(q + 1, "] \"") + 1] == ']')
				wl_buf_addstr(&b, PYPROJECT_PREFIX ".");
		}
		free(m);
		m = wl_buf_detach(&b, NULL);
	}
	*p->err = wl_printf_alloc("%s:%u: %s", p->name, line_of(at), m);
	free(m);
	return -1;
}

static char *node_text(const char *src, TSNode n)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n);
	return wl_strndup(src + s, e - s);
}

/* A key node (bare, quoted, dotted) as dotted text without quotes. */
static void key_text(struct wl_buf *b, const char *src, TSNode n)
{
	const char *type = ts_node_type(n);
	if (!strcmp(type, "dotted_key")) {
		uint32_t i;
		for (i = 0; i < ts_node_named_child_count(n); i++) {
			if (i)
				wl_buf_addch(b, '.');
			key_text(b, src, ts_node_named_child(n, i));
		}
	} else if (!strcmp(type, "quoted_key")) {
		char *t = node_text(src, n);
		size_t len = strlen(t);
		wl_buf_add(b, t + 1, len >= 2 ? len - 2 : 0);
		free(t);
	} else {
		char *t = node_text(src, n);
		wl_buf_addstr(b, t);
		free(t);
	}
}

/* String value without quotes; basic escapes (\" \\ \n \t) decoded. */
static char *string_value(const char *src, TSNode n)
{
	char *t = node_text(src, n), *out;
	size_t len = strlen(t), q = 1, i, o = 0;
	if (len >= 6 && (!strncmp(t, "\"\"\"", 3) || !strncmp(t, "'''", 3)))
		q = 3;
	if (len < 2 * q) {
		free(t);
		return wl_strdup("");
	}
	out = wl_malloc(len + 1);
	for (i = q; i < len - q; i++) {
		if (t[0] == '"' && t[i] == '\\' && i + 1 < len - q) {
			char c = t[++i];
			out[o++] = c == 'n' ? '\n' : c == 't' ? '\t' : c;
		} else {
			out[o++] = t[i];
		}
	}
	out[o] = '\0';
	free(t);
	return out;
}

/* ---- the schema check ---- */

/* A TOML value's kind, as a message names it. */
static const char *value_kind(TSNode v)
{
	const char *t = ts_node_type(v);
	if (!strcmp(t, "string"))
		return "a string";
	if (!strcmp(t, "integer"))
		return "an integer";
	if (!strcmp(t, "float"))
		return "a float";
	if (!strcmp(t, "boolean"))
		return "a boolean";
	if (!strcmp(t, "array"))
		return "an array";
	if (!strcmp(t, "inline_table"))
		return "an inline table";
	return "a date or time";
}

static int is_type(TSNode v, const char *type)
{
	return !strcmp(ts_node_type(v), type);
}

/* The candidate nearest to `word` when it is near enough to be a typo
 * (Damerau-Levenshtein distance, case-insensitive), else NULL. */
static const char *nearest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL;
	size_t i, bestd = SIZE_MAX;
	for (i = 0; i < n; i++) {
		size_t d = wl_edit_distance(word, cands[i]);
		size_t limit = strlen(cands[i]) / 3;
		if (limit < 1)
			limit = 1;
		if (d <= limit && d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return best;
}

/* "a, b, c" of the candidates (for "valid: ..."). */
static char *join(const char *const *cands, size_t n)
{
	struct wl_buf b;
	size_t i;
	wl_buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		if (i)
			wl_buf_addstr(&b, ", ");
		wl_buf_addstr(&b, cands[i]);
	}
	return wl_buf_detach(&b, NULL);
}

/* The schema's table names (patterns left out: the user names those). */
static size_t schema_tables(const char **out)
{
	size_t i, k, n = 0;
	for (i = 0; i < WL_ARRAY_SIZE(schema); i++) {
		if (strchr(schema[i].table, '*'))
			continue;
		for (k = 0; k < n && strcmp(out[k], schema[i].table); k++)
			;
		if (k == n)
			out[n++] = schema[i].table;
	}
	return n;
}

static int unknown_table(struct parse *p, TSNode at, const char *table)
{
	const char *tables[WL_ARRAY_SIZE(schema)];
	size_t n = schema_tables(tables);
	const char *s = nearest(table, tables, n);
	char *all;
	int ret;
	if (s)
		return fail(p, at, "unknown table [%s]; did you mean [%s]?", table, s);
	all = join(tables, n);
	ret = fail(p, at, "unknown table [%s] (weaklink reads: %s)", table, all);
	free(all);
	return ret;
}

/* `full` ("table.key") has no schema row: say what is wrong, and what is near. */
static int unknown_key(struct parse *p, TSNode at, const char *full)
{
	const char *dot = strrchr(full, '.');
	const char *keys[WL_ARRAY_SIZE(schema)];
	size_t i, n = 0;
	char *table, *all;
	const char *key = dot ? dot + 1 : full, *s;
	int ret;

	if (!dot) {
		/* a key before any table header: which table has it? */
		const char *cands[WL_ARRAY_SIZE(schema)];
		for (i = 0; i < WL_ARRAY_SIZE(schema); i++)
			cands[i] = schema[i].key;
		s = nearest(key, cands, WL_ARRAY_SIZE(schema));
		for (i = 0; s && i < WL_ARRAY_SIZE(schema); i++)
			if (cands[i] == s)
				return fail(p, at, "unknown key %s outside any table; did you mean %s in [%s]?", key,
					    schema[i].key, schema[i].table);
		return fail(p, at, "unknown key %s outside any table (keys belong in a table such as [scan])", key);
	}
	table = wl_strndup(full, (size_t)(dot - full));
	if (!table_known(table)) {
		ret = unknown_table(p, at, table);
		free(table);
		return ret;
	}
	for (i = 0; i < WL_ARRAY_SIZE(schema); i++)
		if (table_matches(schema[i].table, table))
			keys[n++] = schema[i].key;
	s = nearest(key, keys, n);
	if (s) {
		ret = fail(p, at, "unknown key %s in [%s]; did you mean %s?", key, table, s);
	} else {
		all = join(keys, n);
		ret = fail(p, at, "unknown key %s in [%s] (valid keys: %s)", key, table, all);
		free(all);
	}
	free(table);
	return ret;
}

static int wrong_type(struct parse *p, TSNode at, const struct wl_config_key *row, const char *got)
{
	return fail(p, at, "[%s] %s wants %s, not %s", row->table, row->key, wl_config_type_name(row->type), got);
}

/* "512", "4K", "2G": what the consumers of WL_CFG_SIZE read (decimal digits,
 * one optional suffix), at least 1 and far from overflowing. */
static int size_ok(const char *s)
{
	unsigned long long v = 0;
	const char *q = s;
	unsigned shift = 0;
	for (; *q >= '0' && *q <= '9'; q++) {
		if (v > (1ull << 50))
			return 0;
		v = v * 10 + (unsigned)(*q - '0');
	}
	if (q == s)
		return 0;
	if (*q == 'k' || *q == 'K')
		shift = 10, q++;
	else if (*q == 'm' || *q == 'M')
		shift = 20, q++;
	else if (*q == 'g' || *q == 'G')
		shift = 30, q++;
	if (*q || v == 0 || v > (1ull << 60 >> shift))
		return 0;
	return 1;
}

static int rule_ok(struct parse *p, TSNode at, const struct wl_config_key *row, const char *name)
{
	const char **cands;
	const char *s;
	size_t i, n = wl_catalog_count();
	int ret;
	if (wl_catalog_find(name))
		return 0;
	cands = wl_calloc(2 * n, sizeof(*cands));
	for (i = 0; i < n; i++) {
		cands[2 * i] = wl_catalog_at(i)->id;
		cands[2 * i + 1] = wl_catalog_at(i)->name;
	}
	s = nearest(name, cands, 2 * n);
	if (s)
		ret = fail(p, at, "[%s] %s: no rule '%s'; did you mean %s?", row->table, row->key, name, s);
	else
		ret = fail(p, at, "[%s] %s: no rule '%s' (see 'weaklink rules')", row->table, row->key, name);
	free(cands);
	return ret;
}

/* Does `v` have the row's type? Fails with a message naming the line. */
static int check_value(struct parse *p, const struct wl_config_key *row, TSNode v)
{
	uint32_t i;
	char *s;
	int ret = 0;
	switch (row->type) {
	case WL_CFG_STRING:
		return is_type(v, "string") ? 0 : wrong_type(p, v, row, value_kind(v));
	case WL_CFG_BOOL:
		return is_type(v, "boolean") ? 0 : wrong_type(p, v, row, value_kind(v));
	case WL_CFG_LEVEL:
		if (!is_type(v, "string"))
			return wrong_type(p, v, row, value_kind(v));
		s = string_value(p->src, v);
		if (strcmp(s, "none") && strcmp(s, "note") && strcmp(s, "warning") && strcmp(s, "error"))
			ret = fail(p, v, "[%s] %s wants %s, not \"%s\"", row->table, row->key,
				   wl_config_type_name(row->type), s);
		free(s);
		return ret;
	case WL_CFG_DEMOTE:
		if (!is_type(v, "integer"))
			return wrong_type(p, v, row, value_kind(v));
		s = node_text(p->src, v);
		if (strcmp(s, "0") && strcmp(s, "1") && strcmp(s, "2") && strcmp(s, "3"))
			ret = fail(p, v, "[%s] %s wants %s, not %s", row->table, row->key, wl_config_type_name(row->type), s);
		free(s);
		return ret;
	case WL_CFG_SIZE:
		if (is_type(v, "string"))
			s = string_value(p->src, v);
		else if (is_type(v, "integer"))
			s = node_text(p->src, v);
		else
			return wrong_type(p, v, row, value_kind(v));
		if (!size_ok(s))
			ret = fail(p, v, "[%s] %s wants %s, not %s%s%s", row->table, row->key,
				   wl_config_type_name(row->type), is_type(v, "string") ? "\"" : "", s,
				   is_type(v, "string") ? "\"" : "");
		free(s);
		return ret;
	case WL_CFG_STRINGS:
	case WL_CFG_RULES:
		if (!is_type(v, "array"))
			return wrong_type(p, v, row, value_kind(v));
		for (i = 0; i < ts_node_named_child_count(v) && !ret; i++) {
			TSNode item = ts_node_named_child(v, i);
			if (is_type(item, "comment"))
				continue;
			if (!is_type(item, "string")) {
				char *got = wl_printf_alloc("an array holding %s", value_kind(item));
				ret = wrong_type(p, item, row, got);
				free(got);
			} else if (row->type == WL_CFG_RULES) {
				s = string_value(p->src, item);
				ret = rule_ok(p, item, row, s);
				free(s);
			}
		}
		return ret;
	}
	return 0;
}

static void add_value(struct wl_config *c, const char *key, const char *src, TSNode v)
{
	if (is_type(v, "string")) {
		char *s = string_value(src, v);
		wl_config_add(c, key, s);
		free(s);
	} else if (is_type(v, "array")) {
		uint32_t i;
		entry_get(c, key, 1); /* an empty array still sets the key */
		for (i = 0; i < ts_node_named_child_count(v); i++) {
			TSNode item = ts_node_named_child(v, i);
			if (!is_type(item, "comment"))
				add_value(c, key, src, item);
		}
	} else {
		char *s = node_text(src, v);
		wl_config_add(c, key, s);
		free(s);
	}
}

static int add_stripped(struct parse *p, struct wl_buf *kb, TSNode k, TSNode v, TSNode pair);

static int add_pair(struct parse *p, const char *prefix, TSNode pair)
{
	struct wl_buf key;
	TSNode k, v;
	int ret = 0;
	uint32_t i, nv = 0;
	k = v = ts_node_named_child(pair, 0);
	/* key, value, and maybe a trailing comment: the value is the last
	 * named child that is not a comment */
	for (i = 1; i < ts_node_named_child_count(pair); i++) {
		TSNode ch = ts_node_named_child(pair, i);
		if (!is_type(ch, "comment")) {
			v = ch;
			nv++;
		}
	}
	if (!nv)
		return fail(p, pair, "malformed key/value");
	wl_buf_init(&key, 4096);
	if (prefix[0]) {
		wl_buf_addstr(&key, prefix);
		wl_buf_addch(&key, '.');
	}
	key_text(&key, p->src, k);
	if (p->pyproject && !wl_buf_error(&key)) {
		size_t pl = strlen(PYPROJECT_PREFIX);
		if (!strncmp(key.buf, PYPROJECT_PREFIX ".", pl + 1)) {
			/* tool.weaklink.scan.exclude: read as scan.exclude, and
			 * what lies inside (inline tables) likewise */
			memmove(key.buf, key.buf + pl + 1, key.len - pl);
			key.len -= pl + 1;
			p->found = 1;
			p->pyproject = 0;
			ret = add_stripped(p, &key, k, v, pair);
			p->pyproject = 1;
		} else if (is_type(v, "inline_table") && (!strcmp(key.buf, PYPROJECT_PREFIX) || !strcmp(key.buf, "tool"))) {
			/* tool = { weaklink = { ... } } */
			if (!strcmp(key.buf, PYPROJECT_PREFIX))
				p->found = 1;
			for (i = 0; i < ts_node_named_child_count(v) && !ret; i++) {
				TSNode ch = ts_node_named_child(v, i);
				if (is_type(ch, "pair"))
					ret = add_pair(p, key.buf, ch);
			}
		} /* else: another tool's key */
		wl_buf_release(&key);
		return ret;
	}
	ret = add_stripped(p, &key, k, v, pair);
	wl_buf_release(&key);
	return ret;
}

static int add_stripped(struct parse *p, struct wl_buf *kb, TSNode k, TSNode v, TSNode pair)
{
	const struct wl_config_key *row;
	struct wl_buf key = *kb;
	int ret = 0;
	uint32_t i;
	if (wl_buf_error(&key)) {
		ret = fail(p, pair, "key longer than 4 KiB");
	} else if (is_type(v, "inline_table")) {
		/* scan = { exclude = [...] }: the same keys, spelled inline */
		for (i = 0; i < ts_node_named_child_count(v) && !ret; i++) {
			TSNode ch = ts_node_named_child(v, i);
			if (is_type(ch, "pair"))
				ret = add_pair(p, key.buf, ch);
		}
	} else if (!(row = wl_config_schema_find(key.buf))) {
		ret = unknown_key(p, k, key.buf);
	} else if (entry_get(p->c, key.buf, 0)) {
		/* TOML forbids it; reading either value would ignore the other */
		ret = fail(p, k, "[%s] %s is set twice", row->table, row->key);
	} else if (!(ret = check_value(p, row, v))) {
		add_value(p->c, key.buf, p->src, v);
	}
	return ret;
}

/* The line of the first syntax error, for "not valid TOML". */
static TSNode first_error(TSNode n)
{
	uint32_t i;
	if (!strcmp(ts_node_type(n), "ERROR") || ts_node_is_missing(n))
		return n;
	for (i = 0; i < ts_node_child_count(n); i++) {
		TSNode ch = ts_node_child(n, i);
		if (ts_node_has_error(ch))
			return first_error(ch);
	}
	return n;
}

static int parse_named(struct wl_config *c, const char *name, const char *src, size_t len, int pyproject,
		       int *found, char **err)
{
	TSParser *tp;
	TSTree *tree;
	TSNode root;
	struct parse p = { c, name, src, err, pyproject, 0, pyproject };
	uint32_t i, j;
	int ret = 0;

	*err = NULL;
	if (len > UINT32_MAX) {
		*err = wl_printf_alloc("%s: too large", name);
		return -1;
	}
	tp = ts_parser_new();
	ts_parser_set_language(tp, wl_language(WL_LANG_TOML));
	tree = ts_parser_parse_string(tp, NULL, src, (uint32_t)len);
	root = ts_tree_root_node(tree);
	if (ts_node_has_error(root)) {
		ret = fail(&p, first_error(root), "not valid TOML");
		goto done;
	}
	for (i = 0; i < ts_node_named_child_count(root) && !ret; i++) {
		TSNode n = ts_node_named_child(root, i);
		if (is_type(n, "pair")) {
			ret = add_pair(&p, "", n);
		} else if (is_type(n, "table") || is_type(n, "table_array_element")) {
			struct wl_buf prefix;
			wl_buf_init(&prefix, 4096);
			for (j = 0; j < ts_node_named_child_count(n) && !ret; j++) {
				TSNode ch = ts_node_named_child(n, j);
				if (is_type(ch, "pair")) {
					ret = add_pair(&p, prefix.buf, ch);
				} else if (!is_type(ch, "comment") && !prefix.len) {
					key_text(&prefix, src, ch);
					if (wl_buf_error(&prefix))
						ret = fail(&p, n, "table name longer than 4 KiB");
					else if (p.pyproject) {
						size_t pl = strlen(PYPROJECT_PREFIX);
						if (!strncmp(prefix.buf, PYPROJECT_PREFIX ".", pl + 1)) {
							if (is_type(n, "table_array_element"))
								ret = fail(&p, n, "[[%s]]: weaklink's config has no arrays of tables",
									   prefix.buf + pl + 1);
							else if (!table_known(prefix.buf + pl + 1))
								ret = unknown_table(&p, n, prefix.buf + pl + 1);
							p.found = 1;
						} else if (!strcmp(prefix.buf, PYPROJECT_PREFIX)) {
							p.found = 1;
						}
					} else if (is_type(n, "table_array_element"))
						ret = fail(&p, n, "[[%s]]: weaklink's config has no arrays of tables", prefix.buf);
					else if (!table_known(prefix.buf))
						ret = unknown_table(&p, n, prefix.buf);
				}
			}
			wl_buf_release(&prefix);
		}
	}
done:
	if (found)
		*found = p.found;
	ts_tree_delete(tree);
	ts_parser_delete(tp);
	return ret;
}

int wl_config_parse(struct wl_config *c, const char *src, size_t len, char **err)
{
	return parse_named(c, ".weaklink.toml", src, len, 0, NULL, err);
}

/* The bytes of a config file (at most 1 MiB). */
static int read_file(const char *path, struct wl_buf *b, char **err)
{
	FILE *f = fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int ret;
	*err = NULL;
	if (!f) {
		*err = wl_printf_alloc("%s: %s", path, strerror(errno));
		return WL_EIO;
	}
	wl_buf_init(b, (size_t)1 << 20);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (wl_buf_add(b, chunk, n))
			break;
	if (ferror(f) || wl_buf_error(b)) {
		*err = ferror(f) ? wl_printf_alloc("%s: read error", path) : wl_printf_alloc("%s: larger than 1 MiB", path);
		ret = ferror(f) ? WL_EIO : WL_ELIMIT;
		fclose(f);
		wl_buf_release(b);
		return ret;
	}
	fclose(f);
	return 0;
}

static int load_as(struct wl_config *c, const char *path, int pyproject, int *found, char **err)
{
	struct wl_buf b;
	int ret = read_file(path, &b, err);
	if (ret)
		return ret;
	ret = parse_named(c, path, b.buf ? b.buf : "", b.len, pyproject, found, err);
	wl_buf_release(&b);
	return ret ? WL_EUSAGE : 0;
}

int wl_config_load(struct wl_config *c, const char *path, char **err)
{
	int found = 0, ret;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (strcmp(base, "pyproject.toml") != 0)
		return load_as(c, path, 0, NULL, err);
	ret = load_as(c, path, 1, &found, err);
	if (!ret && !found) {
		*err = wl_printf_alloc("%s: no [tool.weaklink] table", path);
		ret = WL_EUSAGE;
	}
	return ret;
}

/* Does pyproject.toml at `path` hold a [tool.weaklink] table? (One that
 * cannot be parsed counts when it names the table: loading it says why.) */
static int pyproject_has_table(const char *path)
{
	struct wl_config *scratch = wl_config_new();
	char *err = NULL;
	int found = 0, ret = load_as(scratch, path, 1, &found, &err);
	wl_config_free(scratch);
	free(err);
	if (ret && !found) {
		/* not valid TOML (the scanners report that): is weaklink's table in it? */
		struct wl_buf b;
		if (read_file(path, &b, &err)) {
			free(err);
			return 0;
		}
		found = b.buf && strstr(b.buf, PYPROJECT_PREFIX) != NULL;
		wl_buf_release(&b);
	}
	return found;
}

int wl_config_discover(struct wl_config *c, const char *root, const char *explicit_path, char **used, char **err)
{
	char *toml, *py;
	int has_toml, has_py, ret = 0;
	*used = NULL;
	*err = NULL;
	if (explicit_path) {
		*used = wl_strdup(explicit_path);
		return wl_config_load(c, explicit_path, err);
	}
	toml = wl_printf_alloc("%s.weaklink.toml", root);
	py = wl_printf_alloc("%spyproject.toml", root);
	has_toml = access(toml, F_OK) == 0;
	has_py = access(py, F_OK) == 0 && pyproject_has_table(py);
	if (has_toml && has_py) {
		*err = wl_printf_alloc("two configurations: %s and [tool.weaklink] in %s; keep one (or pick one with "
				       "--config)", toml, py);
		ret = WL_EUSAGE;
	} else if (has_toml) {
		*used = wl_strdup(toml);
		ret = wl_config_load(c, toml, err);
	} else if (has_py) {
		*used = wl_strdup(py);
		ret = wl_config_load(c, py, err);
	}
	free(toml);
	free(py);
	return ret;
}
