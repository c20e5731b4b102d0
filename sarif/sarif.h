/*
 * sarif.h - SARIF 2.1.0 output.
 */
#ifndef WL_SARIF_H
#define WL_SARIF_H

#include <stdio.h>

#include "report.h"

struct cJSON;
struct cJSON *wl_sarif_build(const struct wl_report *r);
int wl_sarif_write(const struct wl_report *r, FILE *out, int color);
/* The rule's help page (docs/rules.md anchor), built in b; returns b->buf. */
const char *wl_rule_help_uri(const struct wl_rule *r, struct wl_buf *b);
/* Percent-encode a relative path for a URI (caller frees). */
char *wl_uri_encode_path(const char *path);
/* The inverse, for reading SARIF back (baseline, merge); NULL gives "". */
char *wl_uri_decode_path(const char *uri);

#endif
