/*
 * npy.c - NumPy .npy arrays (alone or as members of .npz and torch zips):
 * the header is checked, and an object array's payload, which
 * np.load(allow_pickle=True) unpickles, goes to the pickle VM. A row of the
 * artifact dispatcher's table (artifact.c).
 */
#include <string.h>

#include "artifact.h"
#include "pickle_vm.h"

/* Find `'key':` in a numpy header dict; returns the value start or NULL. */
static const char *npy_value(const char *h, size_t n, const char *key)
{
	size_t kl = strlen(key), i;
	for (i = 0; i + kl + 2 < n; i++) {
		if ((h[i] == '\'' || h[i] == '"') && !memcmp(h + i + 1, key, kl) && h[i + 1 + kl] == h[i]) {
			const char *p = h + i + kl + 2;
			while (p < h + n && (*p == ' ' || *p == ':'))
				p++;
			return p < h + n ? p : NULL;
		}
	}
	return NULL;
}

/* Does the descr value (a string or a list of fields) hold Python objects? */
static int npy_descr_has_object(const char *p, const char *end)
{
	int depth = 0;
	for (; p < end; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if (*p == ']' || *p == ')')
			depth--;
		else if (*p == '\'' || *p == '"') {
			const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
			const char *v = p + 1;
			size_t n;
			if (!q)
				return 0;
			n = (size_t)(q - v);
			if (n && strchr("<>|=", *v)) {
				v++;
				n--;
			}
			if (n >= 1 && v[0] == 'O' && (n == 1 || (v[1] >= '0' && v[1] <= '9')))
				return 1;
			p = q;
		}
		if (depth <= 0 && (*p == ',' || *p == '}'))
			break;
	}
	return 0;
}

int wl_artifact_match_npy(enum wl_magic m, const struct wl_artifact_span *s)
{
	(void)s;
	return m == WL_MAGIC_NPY;
}

int wl_artifact_scan_npy(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	size_t hlen, hoff;
	const char *h, *descr;
	if (s->size < 10) {
		wl_artifact_issue(ctx, s, 0, "npy.malformed", "header", "NumPy file is truncated inside its header");
		return WL_EFORMAT;
	}
	if (s->data[6] == 1) {
		hlen = (size_t)(s->data[8] | (s->data[9] << 8));
		hoff = 10;
	} else if (s->data[6] == 2 || s->data[6] == 3) {
		if (s->size < 12) {
			wl_artifact_issue(ctx, s, 0, "npy.malformed", "header", "NumPy file is truncated inside its header");
			return WL_EFORMAT;
		}
		hlen = (size_t)s->data[8] | ((size_t)s->data[9] << 8) | ((size_t)s->data[10] << 16) |
		       ((size_t)s->data[11] << 24);
		hoff = 12;
	} else {
		wl_artifact_issue(ctx, s, 6, "npy.malformed", "version",
				  "NumPy file format version %u.%u is unknown; the file cannot be verified",
				  s->data[6], s->data[7]);
		return WL_EFORMAT;
	}
	if (hlen > s->size - hoff) {
		wl_artifact_issue(ctx, s, 8, "npy.malformed", "header",
				  "NumPy header length %zu runs past the end of the data (%zu bytes)", hlen, s->size);
		return WL_EFORMAT;
	}
	h = (const char *)s->data + hoff;
	descr = npy_value(h, hlen, "descr");
	if (!descr || !npy_value(h, hlen, "shape")) {
		wl_artifact_issue(ctx, s, hoff, "npy.malformed", "header",
				  "NumPy header has no 'descr' or 'shape'; the file cannot be verified");
		return WL_EFORMAT;
	}
	if (npy_descr_has_object(descr, h + hlen)) {
		/* np.load(allow_pickle=True) unpickles everything after the header */
		struct wl_artifact_span p = *s;
		p.container = "npy";
		return wl_artifact_scan_pickle_at(ctx, &p, hoff + hlen, WL_PICKLE_MODE_PLAIN);
	}
	return 0;
}
