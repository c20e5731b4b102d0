/*
 * jsonts.h - small helpers over tree-sitter trees: the one pre-order cursor
 * walk, and for JSON: decode a string node, look a key up in an object. Positions stay those of the source, so
 * findings can name the exact line. Reads only inside the given source.
 */
#ifndef WL_JSONTS_H
#define WL_JSONTS_H

#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

#include "engine.h"

/* One step of a pre-order walk with `c` (started at depth 0 on the subtree
 * to walk): into the current node's first child when `descend`, else to its
 * next sibling, else up to the nearest ancestor that has one. Iterative, so
 * hostile nesting cannot exhaust the stack; never leaves the subtree.
 * Returns 0 when the walk is over.
 *   c = ts_tree_cursor_new(root); depth = 0;
 *   do { visit(ts_tree_cursor_current_node(&c)); } while (wl_ts_walk_next(&c, &depth, 1)); */
int wl_ts_walk_next(TSTreeCursor *c, unsigned *depth, int descend);

/* Where node `n` starts, as a location (1-based line and byte column). */
struct wl_loc wl_ts_node_loc(TSNode n);

/* The bytes of node `n` in src[0..size), clamped to the buffer (a null node:
 * none); *len is their count. */
const char *wl_ts_node_bytes(TSNode n, const char *src, size_t size, uint32_t *len);

/* The one JSON string-escape decoder: the string body src[s..e) (quotes
 * excluded) calls put(u, byte, off, enc) for each decoded byte, `off` being
 * where its source sequence starts and `enc` that sequence's length (1 for a
 * plain byte, 2 for \n, 6 or 12 for \uXXXX); an invalid escape is kept as
 * written. */
void wl_json_decode(const char *src, uint32_t s, uint32_t e, void (*put)(void *u, char c, uint32_t off, uint8_t enc),
		    void *u);

/* Decoded value of a JSON `string` node (escapes resolved, \u0000 kept as a
 * byte), malloc'd and NUL-terminated; *len without the NUL. NULL when the
 * node is not a string. */
char *wl_json_string(TSNode n, const char *src, size_t *len);
/* Does the string node `n` decode to exactly `lit`? */
int wl_json_string_is(TSNode n, const char *src, const char *lit);
/* The value of the first pair named `key` in object node `obj`, or a null node. */
TSNode wl_json_get(TSNode obj, const char *src, const char *key);

#endif
