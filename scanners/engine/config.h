/*
 * config.h - loading .weaklink.toml against its schema. Lookups are
 * declared in engine.h.
 */
#ifndef WL_CONFIG_H
#define WL_CONFIG_H

#include "engine.h"

/* What a key's value must be. Adding a type: a row here and a case in
 * config.c's check_value() and wl_config_type_name(). */
enum wl_config_type {
	WL_CFG_STRING,  /* "text" */
	WL_CFG_STRINGS, /* ["a", "b"] */
	WL_CFG_BOOL,    /* true / false */
	WL_CFG_SIZE,    /* 512 or "512M" (K, M, G): a positive whole number */
	WL_CFG_LEVEL,   /* "none" | "note" | "warning" | "error" */
	WL_CFG_RULES,   /* ["WL102", "unpinned-action"]: ids or names in the catalog */
	WL_CFG_DEMOTE,  /* 0, 1, 2 or 3: levels a path class's findings drop */
};

/* One row of the schema: [table] key = value of `type`. */
struct wl_config_key {
	const char *table;       /* "scan"; a pattern ("profiles.*") for user-named tables */
	const char *key;         /* "exclude" */
	enum wl_config_type type;
	const char *description; /* one line, for messages and docs */
};

size_t wl_config_schema_count(void);
const struct wl_config_key *wl_config_schema_at(size_t i);
/* The row for "table.key", or NULL. */
const struct wl_config_key *wl_config_schema_find(const char *dotted);
/* "an array of strings", ... (for messages and docs) */
const char *wl_config_type_name(enum wl_config_type t);

struct wl_config *wl_config_new(void);
void wl_config_free(struct wl_config *c);
/*
 * Parse TOML text into c and check it against the schema. On error returns
 * -1 with *err (caller frees): "NAME:LINE: message", NAME being
 * ".weaklink.toml" here and the file's path in wl_config_load().
 */
int wl_config_parse(struct wl_config *c, const char *src, size_t len, char **err);
/* Read, parse and check a file; WL_EIO / WL_ELIMIT / WL_EUSAGE with *err on failure. */
int wl_config_load(struct wl_config *c, const char *path, char **err);
/*
 * Find and load the configuration of the repository at `root` (ends with
 * '/'): `explicit_path` when given (a pyproject.toml is read for its
 * [tool.weaklink] table), else <root>/.weaklink.toml, else [tool.weaklink]
 * in <root>/pyproject.toml; both present is an error naming both. *used is
 * the file read (NULL: none; caller frees). 0, or an error with *err.
 */
int wl_config_discover(struct wl_config *c, const char *root, const char *explicit_path, char **used, char **err);
/* Append a value to a key (command-line options land here too). */
void wl_config_add(struct wl_config *c, const char *key, const char *value);
/* The i-th key in file order (NULL past the end): for tables whose keys are
 * the user's own names, such as [path_classes]. */
const char *wl_config_key_at(const struct wl_config *c, size_t i);

#endif
