/*
 * tar.c - tar archives (POSIX ustar and the GNU/PAX forms): every member is
 * sniffed and scanned like a file of its own. A row of the artifact
 * dispatcher's table (artifact.c).
 */
#include <stdio.h>
#include <string.h>

#include "artifact.h"

/* A tar size field: octal, or GNU base-256 when the high bit is set. */
static int tar_size(const unsigned char *f, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;
	if (f[0] & 0x80) {
		for (i = 1; i < 12; i++) {
			if (v >> 56)
				return -1;
			v = (v << 8) | f[i];
		}
		*out = v;
		return 0;
	}
	for (i = 0; i < 12 && (f[i] == ' ' || f[i] == 0); i++)
		;
	for (; i < 12 && f[i] >= '0' && f[i] <= '7'; i++)
		v = v * 8 + (uint64_t)(f[i] - '0');
	*out = v;
	return 0;
}

int wl_artifact_match_tar(enum wl_magic m, const struct wl_artifact_span *s)
{
	(void)s;
	return m == WL_MAGIC_TAR;
}

/*
 * torch.load still reads the pre-0.4 tar format, and tarballs carry models:
 * visit every regular member (zero-copy) and sniff it like a zip member.
 */
int wl_artifact_scan_tar(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	uint64_t pos = 0;
	const struct wl_artifact_limits *lim = wl_artifact_limits(ctx);
	size_t members = 0, maxm = lim ? lim->max_members : 100000;
	char longname[1024];
	longname[0] = '\0';
	while (pos + 512 <= s->size) {
		const unsigned char *h = s->data + pos;
		uint64_t size, padded;
		char name[1024 + 2];
		unsigned char type = h[156];
		if (!h[0] && !memcmp(h, h + 1, 511))
			break; /* end-of-archive block */
		if (tar_size(h + 124, &size) || size > s->size - pos - 512) {
			wl_artifact_issue(ctx, s, pos, "container.corrupt", "tar",
					  "tar header at offset %llu has a size past the end of the archive; the rest cannot be verified",
					  (unsigned long long)pos);
			return WL_EFORMAT;
		}
		padded = (size + 511) & ~(uint64_t)511;
		if (padded > s->size - pos - 512)
			padded = s->size - pos - 512;
		if (type == 'L') { /* GNU long name for the next member */
			size_t n = size < sizeof(longname) - 1 ? (size_t)size : sizeof(longname) - 1;
			memcpy(longname, h + 512, n);
			longname[n] = '\0';
			pos += 512 + padded;
			continue;
		}
		if (type == '0' || type == 0 || type == '7') {
			struct wl_artifact_span m;
			if (++members > maxm) {
				wl_artifact_issue(ctx, s, pos, "limit.members", "max_members",
						  "tar archive has more than %zu members; the rest were not checked", maxm);
				return WL_ELIMIT;
			}
			if (longname[0]) {
				snprintf(name, sizeof(name), "%s", longname);
			} else if (!memcmp(h + 257, "ustar", 5) && h[345]) {
				snprintf(name, sizeof(name), "%.155s/%.100s", (const char *)h + 345, (const char *)h);
			} else {
				snprintf(name, sizeof(name), "%.100s", (const char *)h);
			}
			m.member = wl_artifact_member_path(ctx, s->member, name);
			m.data = h + 512;
			m.size = (size_t)size;
			m.file_offset = s->file_offset == UINT64_MAX ? UINT64_MAX : s->file_offset + pos + 512;
			m.depth = s->depth + 1;
			m.container = "tar";
			if (size)
				wl_artifact_scan_span(ctx, &m);
		}
		longname[0] = '\0';
		pos += 512 + padded;
	}
	return 0;
}
