/*
 * lfs.h - Git LFS pointer files: the one reader of their `oid sha256:` and
 * `size` lines (the lfs-pointer scanner, and the provenance scanner, which
 * checks a pointer's oid against a model signature without the content).
 */
#ifndef WL_LFS_H
#define WL_LFS_H

#include "engine.h"

/* Read a pointer: 0 with *ptr filled (and the oid's 1-based line), or -1
 * when there is no valid `oid sha256:<64 hex>` line. */
int wl_lfs_parse(const unsigned char *data, size_t size, struct wl_lfs_pointer *ptr, uint32_t *oid_line);

#endif
