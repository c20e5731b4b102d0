/*
 * merge.h - join shard SARIF files into one run (weaklink merge).
 */
#ifndef WL_MERGE_H
#define WL_MERGE_H

#include <stdio.h>

#include "util.h"

/* Merge the SARIF files of the shards of one scan and write the result to
 * `out`. 0, or an error code with *err (caller frees). */
int wl_sarif_merge(const char *const *paths, size_t n, FILE *out, char **err);

#endif
