/*
 * hub.h - model and dataset ids as the rule modules see them.
 */
#ifndef WL_HUB_H
#define WL_HUB_H

#include "facts_code.h"

/* The argument of a hub-loading call that names the repository
 * (from_pretrained's first, load_dataset's path, pipeline's model= ...), in
 * whatever form it was written, or NULL when `c` loads nothing from a hub.
 * *dataset (may be NULL) says whether it is a `datasets` builder name. */
const struct wl_arg *wl_hub_call_arg(const struct wl_call *c, int *dataset);

/* The organisation of a hub id written as "org/name": copied into org (NUL-
 * terminated) and 1, or 0 when `id` is not of that shape (a path, a URL, no
 * slash, two slashes, spaces). Letters outside ASCII are kept: look-alikes
 * are made of them. */
int wl_hub_id_org(const char *id, char *org, size_t cap);

#endif
