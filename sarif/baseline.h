/*
 * baseline.h - compare a run with an earlier SARIF file (--baseline).
 */
#ifndef WL_BASELINE_H
#define WL_BASELINE_H

#include "report.h"

struct wl_baseline;

/* Load a weaklink SARIF file. 0, or an error code with *err (caller frees). */
int wl_baseline_load(const char *path, struct wl_baseline **out, char **err);
/* Set each finding's baseline state and add the absent ones to r->absent. */
void wl_baseline_apply(struct wl_baseline *bl, struct wl_report *r);
void wl_baseline_free(struct wl_baseline *bl);

#endif
