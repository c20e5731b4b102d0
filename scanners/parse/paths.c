/*
 * paths.c - repository-relative path arithmetic, one set of rules for every
 * reader (shell scripts, Dockerfiles, workflows, requirements includes): a
 * path that is absolute, starts with '~' or climbs out of the repository
 * resolves to nothing.
 */
#include <string.h>

#include "engine.h"
#include "shell.h"

const char *wl_path_dir(struct wl_ctx *ctx, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return "";
	return wl_ctx_strndup(ctx, path, (size_t)(slash - path));
}

const char *wl_path_join(struct wl_ctx *ctx, const char *dir, const char *rel)
{
	struct wl_buf b;
	const char *parts[2];
	size_t starts[64], depth = 0, k;
	const char *res = NULL;
	if (!rel || !*rel || rel[0] == '/' || rel[0] == '~')
		return NULL;
	parts[0] = dir ? dir : "";
	parts[1] = rel;
	wl_buf_init(&b, 4096);
	for (k = 0; k < 2; k++) {
		const char *p = parts[k];
		while (*p) {
			const char *q = p;
			size_t n;
			while (*q && *q != '/')
				q++;
			n = (size_t)(q - p);
			if (n == 0 || (n == 1 && p[0] == '.')) {
				/* skip */
			} else if (n == 2 && p[0] == '.' && p[1] == '.') {
				if (!depth)
					goto done; /* leaves the repository */
				depth--;
				b.len = starts[depth];
				b.buf[b.len] = '\0';
			} else {
				if (depth >= WL_ARRAY_SIZE(starts))
					goto done;
				starts[depth++] = b.len;
				if ((b.len && wl_buf_addch(&b, '/')) || wl_buf_add(&b, p, n))
					goto done;
			}
			p = *q ? q + 1 : q;
		}
	}
	if (b.len)
		res = wl_ctx_strndup(ctx, b.buf, b.len);
done:
	wl_buf_release(&b);
	return res;
}
