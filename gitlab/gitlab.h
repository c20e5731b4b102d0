/*
 * gitlab.h - GitLab SAST (15.2.1) and Code Quality report writers.
 */
#ifndef WL_GITLAB_H
#define WL_GITLAB_H

#include <stdio.h>

#include "report.h"

int wl_gitlab_sast_write(const struct wl_report *r, FILE *out, int color);
int wl_codequality_write(const struct wl_report *r, FILE *out, int color);

#endif
