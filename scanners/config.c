/*
 * config.c - .weaklink.toml: allow lists, excludes, disabled rules.
 * Parsed with the TOML grammar (the same one the scanners use), flattened to
 * "table.key" -> list of strings. Scalars are one-element lists. A config we
 * cannot parse is a usage error: silently ignoring it could hide findings.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

static int add_value(struct wl_config *c, const char *key, const char *src, TSNode v, char **err)
{
	const char *type = ts_node_type(v);
	if (!strcmp(type, "string")) {
		char *s = string_value(src, v);
		wl_config_add(c, key, s);
		free(s);
	} else if (!strcmp(type, "array")) {
		uint32_t i;
		entry_get(c, key, 1); /* an empty array still sets the key */
		for (i = 0; i < ts_node_named_child_count(v); i++) {
			TSNode item = ts_node_named_child(v, i);
			if (!strcmp(ts_node_type(item), "comment"))
				continue;
			if (add_value(c, key, src, item, err))
				return -1;
		}
	} else if (!strcmp(type, "boolean") || !strcmp(type, "integer") || !strcmp(type, "float")) {
		char *s = node_text(src, v);
		wl_config_add(c, key, s);
		free(s);
	} else {
		*err = wl_printf_alloc("line %u: unsupported value for '%s' (use strings, arrays, booleans, numbers)",
				       ts_node_start_point(v).row + 1, key);
		return -1;
	}
	return 0;
}

static int add_pair(struct wl_config *c, const char *prefix, const char *src, TSNode pair, char **err)
{
	struct wl_buf key;
	TSNode k, v;
	int ret;
	if (ts_node_named_child_count(pair) < 2) {
		*err = wl_printf_alloc("line %u: malformed key/value", ts_node_start_point(pair).row + 1);
		return -1;
	}
	k = ts_node_named_child(pair, 0);
	v = ts_node_named_child(pair, ts_node_named_child_count(pair) - 1);
	wl_buf_init(&key, 4096);
	if (prefix[0]) {
		wl_buf_addstr(&key, prefix);
		wl_buf_addch(&key, '.');
	}
	key_text(&key, src, k);
	ret = add_value(c, key.buf, src, v, err);
	wl_buf_release(&key);
	return ret;
}

int wl_config_parse(struct wl_config *c, const char *src, size_t len, char **err)
{
	TSParser *p = ts_parser_new();
	TSTree *tree;
	TSNode root;
	uint32_t i, j;
	int ret = 0;

	*err = NULL;
	ts_parser_set_language(p, wl_language(WL_LANG_TOML));
	tree = ts_parser_parse_string(p, NULL, src, (uint32_t)len);
	root = ts_tree_root_node(tree);
	if (ts_node_has_error(root)) {
		*err = wl_strdup("not valid TOML");
		ret = -1;
		goto done;
	}
	for (i = 0; i < ts_node_named_child_count(root) && !ret; i++) {
		TSNode n = ts_node_named_child(root, i);
		const char *type = ts_node_type(n);
		if (!strcmp(type, "pair")) {
			ret = add_pair(c, "", src, n, err);
		} else if (!strcmp(type, "table") || !strcmp(type, "table_array_element")) {
			struct wl_buf prefix;
			wl_buf_init(&prefix, 4096);
			for (j = 0; j < ts_node_named_child_count(n) && !ret; j++) {
				TSNode ch = ts_node_named_child(n, j);
				const char *ct = ts_node_type(ch);
				if (!strcmp(ct, "pair"))
					ret = add_pair(c, prefix.buf, src, ch, err);
				else if (strcmp(ct, "comment") && !prefix.len)
					key_text(&prefix, src, ch);
			}
			wl_buf_release(&prefix);
		}
	}
done:
	ts_tree_delete(tree);
	ts_parser_delete(p);
	return ret;
}

int wl_config_load(struct wl_config *c, const char *path, char **err)
{
	FILE *f = fopen(path, "rb");
	struct wl_buf b;
	char chunk[8192];
	size_t n;
	int ret;
	*err = NULL;
	if (!f) {
		*err = wl_printf_alloc("%s: %s", path, strerror(errno));
		return WL_EIO;
	}
	wl_buf_init(&b, (size_t)1 << 20);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (wl_buf_add(&b, chunk, n)) {
			fclose(f);
			wl_buf_release(&b);
			*err = wl_printf_alloc("%s: larger than 1 MiB", path);
			return WL_ELIMIT;
		}
	fclose(f);
	ret = wl_config_parse(c, b.buf, b.len, err);
	if (ret && *err) {
		char *e = wl_printf_alloc("%s: %s", path, *err);
		free(*err);
		*err = e;
	}
	wl_buf_release(&b);
	return ret ? WL_EUSAGE : 0;
}
