/*
 * jsonts.c - tree-sitter JSON helpers: string decoding with every JSON
 * escape (surrogate pairs included) and key lookup. Never reads outside the
 * node's byte range.
 */
#include "jsonts.h"

#include <string.h>

#include "util.h"

struct wl_loc wl_ts_node_loc(TSNode n)
{
	struct wl_loc loc = { 0 };
	TSPoint p = ts_node_start_point(n);

	loc.line = p.row + 1;
	loc.col = p.column + 1;
	return loc;
}

const char *wl_ts_node_bytes(TSNode n, const char *src, size_t size, uint32_t *len)
{
	uint32_t a, b;
	if (ts_node_is_null(n)) {
		*len = 0;
		return src;
	}
	a = ts_node_start_byte(n);
	b = ts_node_end_byte(n);
	if (a > size)
		a = (uint32_t)size;
	if (b > size)
		b = (uint32_t)size;
	if (b < a)
		b = a;
	*len = b - a;
	return src + a;
}

int wl_ts_walk_next(TSTreeCursor *c, unsigned *depth, int descend)
{
	if (descend && ts_tree_cursor_goto_first_child(c)) {
		(*depth)++;
		return 1;
	}
	while (!ts_tree_cursor_goto_next_sibling(c)) {
		if (*depth == 0 || !ts_tree_cursor_goto_parent(c))
			return 0;
		(*depth)--;
	}
	return 1;
}

void wl_json_decode(const char *src, uint32_t s, uint32_t e, void (*put)(void *u, char c, uint32_t off, uint8_t enc),
		    void *u)
{
	uint32_t i = s;
	while (i < e) {
		uint32_t start = i, cp, lo;
		if (src[i] != '\\' || i + 1 >= e) {
			put(u, src[i++], start, 1);
			continue;
		}
		i++;
		switch (src[i]) {
		case 'n': put(u, '\n', start, 2); i++; continue;
		case 't': put(u, '\t', start, 2); i++; continue;
		case 'r': put(u, '\r', start, 2); i++; continue;
		case 'b': put(u, '\b', start, 2); i++; continue;
		case 'f': put(u, '\f', start, 2); i++; continue;
		case '"': case '\\': case '/': put(u, src[i], start, 2); i++; continue;
		case 'u':
			if (e - i - 1 < 4 || wl_hex_parse(src + i + 1, 4, &cp))
				break;
			i += 5;
			if (cp >= 0xD800 && cp <= 0xDBFF && e - i >= 6 && src[i] == '\\' && src[i + 1] == 'u' &&
			    !wl_hex_parse(src + i + 2, 4, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
			{
				unsigned char b[4];
				size_t k, n = wl_utf8_encode(b, cp);
				uint8_t enc = (uint8_t)(i - start > 255 ? 255 : i - start);
				for (k = 0; k < n; k++)
					put(u, (char)b[k], start, enc);
			}
			continue;
		default:
			break;
		}
		/* an invalid escape: the backslash as written, then what follows */
		put(u, '\\', start, 1);
	}
}

static void buf_put(void *u, char c, uint32_t off, uint8_t enc)
{
	(void)off;
	(void)enc;
	wl_buf_addch(u, c);
}

char *wl_json_string(TSNode n, const char *src, size_t *len)
{
	struct wl_buf b;
	uint32_t s, e;

	if (ts_node_is_null(n) || strcmp(ts_node_type(n), "string") != 0)
		return NULL;
	s = ts_node_start_byte(n);
	e = ts_node_end_byte(n);
	/* strip the quotes (a string missing its closing quote keeps its end) */
	if (e > s && src[s] == '"')
		s++;
	if (e > s && src[e - 1] == '"')
		e--;
	wl_buf_init(&b, 0);
	wl_json_decode(src, s, e, buf_put, &b);
	return wl_buf_detach(&b, len);
}

int wl_json_string_is(TSNode n, const char *src, const char *lit)
{
	size_t len;
	char *s = wl_json_string(n, src, &len);
	int eq = s && len == strlen(lit) && memcmp(s, lit, len) == 0;

	free(s);
	return eq;
}

TSNode wl_json_get(TSNode obj, const char *src, const char *key)
{
	TSNode none = { 0 };
	uint32_t i, n;

	if (ts_node_is_null(obj) || strcmp(ts_node_type(obj), "object") != 0)
		return none;
	n = ts_node_named_child_count(obj);
	for (i = 0; i < n; i++) {
		TSNode p = ts_node_named_child(obj, i);

		if (strcmp(ts_node_type(p), "pair") != 0)
			continue;
		if (wl_json_string_is(ts_node_child_by_field_name(p, "key", 3), src, key))
			return ts_node_child_by_field_name(p, "value", 5);
	}
	return none;
}
