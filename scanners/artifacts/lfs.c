/*
 * lfs.c - Git LFS pointer files. The real content (often a model) is not in
 * the repository, so it cannot be verified here; the pointer's oid is kept as
 * a fact so rules can say so and later rules can match known-bad blobs.
 */
#include "lfs.h"

#include <string.h>

static int lfs_wants(const struct wl_file *f)
{
	return f->magic == WL_MAGIC_LFS_POINTER;
}

int wl_lfs_parse(const unsigned char *data, size_t size, struct wl_lfs_pointer *ptr, uint32_t *oid_line)
{
	const char *p = (const char *)data, *end = p + size;
	uint32_t line = 1;

	memset(ptr, 0, sizeof(*ptr));
	*oid_line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len >= 11 + 64 && !memcmp(p, "oid sha256:", 11)) {
			size_t i;
			for (i = 0; i < 64; i++) {
				char c = p[11 + i];
				if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
					break;
			}
			if (i == 64) {
				memcpy(ptr->oid, p + 11, 64);
				ptr->oid[64] = '\0';
				*oid_line = line;
			}
		} else if (len > 5 && !memcmp(p, "size ", 5)) {
			uint64_t v = 0;
			size_t i;
			for (i = 5; i < len && p[i] >= '0' && p[i] <= '9' && v < UINT64_MAX / 10; i++)
				v = v * 10 + (uint64_t)(p[i] - '0');
			ptr->size = v;
		}
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	return ptr->oid[0] ? 0 : -1;
}

static int lfs_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_lfs_pointer *ptr = wl_ctx_alloc(ctx, sizeof(*ptr));
	struct wl_loc loc = { NULL, 1, 0, 0, 0 };

	if (wl_lfs_parse(f->data, f->size, ptr, &loc.line)) {
		wl_notify(ctx, WL_LEVEL_NOTE, "Git LFS pointer without a valid 'oid sha256:' line");
		return WL_EFORMAT;
	}
	wl_fact_emit(ctx, WL_FACT_LFS_POINTER, &loc, ptr);
	return 0;
}

const struct wl_scanner wl_scanner_lfs = {
	.name = "lfs-pointer",
	.wants = lfs_wants,
	.scan = lfs_scan,
};
