/*
 * config.h - loading .weaklink.toml. Lookups are declared in engine.h.
 */
#ifndef WL_CONFIG_H
#define WL_CONFIG_H

#include "engine.h"

struct wl_config *wl_config_new(void);
void wl_config_free(struct wl_config *c);
/* Parse TOML text into c; on error returns -1 with *err (caller frees). */
int wl_config_parse(struct wl_config *c, const char *src, size_t len, char **err);
/* Read and parse a file; WL_EIO / WL_EUSAGE with *err on failure. */
int wl_config_load(struct wl_config *c, const char *path, char **err);
/* Append a value to a key (command-line options land here too). */
void wl_config_add(struct wl_config *c, const char *key, const char *value);
/* The i-th key in file order (NULL past the end): for tables whose keys are
 * the user's own names, such as [path_classes]. */
const char *wl_config_key_at(const struct wl_config *c, size_t i);

#endif
