/*
 * zip.c - the lenient zip reader (see zip.h). Trusts the central directory
 * for names and offsets, reads data through the local header's own lengths
 * (as PyTorch's miniz-based reader does), and reports instead of refusing.
 * Every field read from the file is bounds-checked against the span.
 */
#include "zip.h"

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "util.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_EOCD64 0x06064b50u
#define SIG_LOC64 0x07064b50u

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

/* Does the span hold `n` bytes at `off`? */
static int in_span(const struct wl_zip *z, uint64_t off, uint64_t n)
{
	return off <= z->size && n <= z->size - off;
}

static int sig_at(const struct wl_zip *z, uint64_t off, uint32_t sig)
{
	return in_span(z, off, 4) && le32(z->data + off) == sig;
}

struct name_buf {
	char *buf;
	size_t len, alloc;
};

static size_t name_add(struct name_buf *nb, const unsigned char *s, size_t n)
{
	size_t at = nb->len;
	nb->buf = wl_grow(nb->buf, &nb->alloc, nb->len + n + 1, 1);
	memcpy(nb->buf + at, s, n);
	nb->buf[at + n] = '\0';
	nb->len += n + 1;
	return at;
}

static int unsafe_name(const unsigned char *s, size_t n)
{
	size_t i;
	if (n == 0 || s[0] == '/' || memchr(s, '\\', n) || memchr(s, 0, n))
		return 1;
	for (i = 0; i + 1 < n; i++)
		if (s[i] == '.' && s[i + 1] == '.' && (i == 0 || s[i - 1] == '/') && (i + 2 == n || s[i + 2] == '/'))
			return 1;
	return 0;
}

/* Flag bits real writers set: encryption(0), deflate options(1,2),
 * data descriptor(3), UTF-8 names(11). Anything else is suspicious. */
#define ZIP_USUAL_FLAGS 0x080fu

/* Fill the local-header derived fields of `e`; `lname` receives the local
 * name span for comparison. */
static void read_local(const struct wl_zip *z, struct wl_zip_entry *e, struct name_buf *nb,
		       size_t *local_name_at, const unsigned char *cname, size_t cname_len)
{
	const unsigned char *p;
	uint16_t ln, le;
	*local_name_at = (size_t)-1;
	if (!sig_at(z, e->local_offset, SIG_LOCAL) || !in_span(z, e->local_offset, 30)) {
		e->anomalies |= WL_ZIP_BAD_LOCAL;
		e->data_offset = e->local_offset; /* nothing sensible: reads will be empty */
		e->comp_size = 0;
		return;
	}
	p = z->data + e->local_offset;
	e->local_flags = le16(p + 6);
	ln = le16(p + 26);
	le = le16(p + 28);
	if (e->local_flags != e->flags)
		e->anomalies |= WL_ZIP_FLAGS_MISMATCH;
	if ((e->local_flags | e->flags) & ~ZIP_USUAL_FLAGS & 0xffffu)
		e->anomalies |= WL_ZIP_ODD_FLAGS;
	if ((e->local_flags | e->flags) & 1u)
		e->anomalies |= WL_ZIP_ENCRYPTED;
	if (!((e->local_flags & 8u) != 0) && le32(p + 18) != 0xffffffffu &&
	    (le32(p + 18) != (uint32_t)e->comp_size || le32(p + 22) != (uint32_t)e->size))
		e->anomalies |= WL_ZIP_SIZE_MISMATCH;
	e->data_offset = e->local_offset + 30 + ln + le;
	if (in_span(z, e->local_offset + 30, ln)) {
		if (ln != cname_len || memcmp(p + 30, cname, ln) != 0) {
			e->anomalies |= WL_ZIP_NAME_MISMATCH;
			*local_name_at = name_add(nb, p + 30, ln);
		}
	} else {
		e->anomalies |= WL_ZIP_TRUNCATED;
	}
	if (!in_span(z, e->data_offset, e->comp_size))
		e->anomalies |= WL_ZIP_TRUNCATED;
	if (e->method != 0 && e->method != 8)
		e->anomalies |= WL_ZIP_METHOD;
}

static int cmp_names(const void *a, const void *b)
{
	const struct wl_zip_entry *const *x = a, *const *y = b;
	int c = strcmp((*x)->name, (*y)->name);
	if (c)
		return c;
	return (*x < *y) ? -1 : (*x > *y);
}

static void mark_duplicates(struct wl_zip *z)
{
	struct wl_zip_entry **idx;
	size_t i;
	if (z->count < 2)
		return;
	idx = wl_malloc(z->count * sizeof(*idx));
	for (i = 0; i < z->count; i++)
		idx[i] = &z->entries[i];
	qsort(idx, z->count, sizeof(*idx), cmp_names);
	for (i = 1; i < z->count; i++)
		if (!strcmp(idx[i]->name, idx[i - 1]->name))
			idx[i]->anomalies |= WL_ZIP_DUPLICATE;
	free(idx);
}

/* Locate the end of central directory record, last one first. */
static int find_eocd(const struct wl_zip *z, uint64_t *pos)
{
	size_t lo, i;
	if (z->size < 22)
		return -1;
	lo = z->size > 65557 ? z->size - 65557 : 0;
	for (i = z->size - 22 + 1; i-- > lo;) {
		if (z->data[i] == 'P' && z->data[i + 1] == 'K' && z->data[i + 2] == 5 && z->data[i + 3] == 6) {
			*pos = i;
			return 0;
		}
	}
	return -1;
}

/* Fallback: walk local headers from the start (no central directory). */
static void recover_from_locals(struct wl_zip *z, struct name_buf *nb, size_t max_entries,
				size_t **name_at, size_t **lname_at, size_t *alloc)
{
	size_t pos = 0;
	while (pos + 30 <= z->size) {
		const unsigned char *p = memmem(z->data + pos, z->size - pos, "PK\x03\x04", 4);
		struct wl_zip_entry *e;
		uint16_t ln, le;
		size_t la;
		if (!p)
			break;
		pos = (size_t)(p - z->data);
		if (pos + 30 > z->size)
			break;
		if (z->count >= max_entries) {
			z->anomalies |= WL_ZIP_A_TOO_MANY;
			break;
		}
		ln = le16(p + 26);
		le = le16(p + 28);
		if (!in_span(z, pos + 30, (uint64_t)ln + le)) {
			pos++;
			continue;
		}
		z->entries = wl_grow(z->entries, alloc, z->count + 1, sizeof(*z->entries));
		*name_at = wl_realloc(*name_at, *alloc * sizeof(**name_at));
		*lname_at = wl_realloc(*lname_at, *alloc * sizeof(**lname_at));
		e = &z->entries[z->count];
		memset(e, 0, sizeof(*e));
		e->flags = le16(p + 6);
		e->method = le16(p + 8);
		e->crc = le32(p + 14);
		e->comp_size = le32(p + 18);
		e->size = le32(p + 22);
		e->local_offset = pos;
		(*name_at)[z->count] = name_add(nb, p + 30, ln);
		if ((e->flags & 8u) && e->comp_size == 0) {
			/* sizes in a data descriptor: the member runs to the next header */
			const unsigned char *q = memmem(p + 30, z->size - pos - 30, "PK", 2);
			while (q && (size_t)(z->data + z->size - q) >= 4 && le32(q) != SIG_LOCAL &&
			       le32(q) != SIG_CENTRAL && le32(q) != 0x08074b50u)
				q = memmem(q + 1, (size_t)(z->data + z->size - q - 1), "PK", 2);
			e->comp_size = (q ? (size_t)(q - p) : z->size - pos) - 30 - ln - le;
		}
		read_local(z, e, nb, &la, p + 30, ln);
		(*lname_at)[z->count] = la;
		z->count++;
		pos = e->data_offset + e->comp_size > pos ? (size_t)(in_span(z, e->data_offset, e->comp_size)
							 ? e->data_offset + e->comp_size : z->size)
						      : pos + 1;
	}
}

int wl_zip_open(struct wl_zip *z, const unsigned char *data, size_t size, size_t max_entries)
{
	uint64_t eocd, cd_off = 0, cd_size = 0, n_total = 0, cd_actual = 0, delta = 0, pos;
	struct name_buf nb = {0};
	size_t *name_at = NULL, *lname_at = NULL, alloc = 0, i;
	int have_cd = 0;

	memset(z, 0, sizeof(*z));
	z->data = data;
	z->size = size;

	if (find_eocd(z, &eocd) == 0) {
		const unsigned char *p = data + eocd;
		n_total = le16(p + 10);
		cd_size = le32(p + 12);
		cd_off = le32(p + 16);
		if (eocd >= 20 && sig_at(z, eocd - 20, SIG_LOC64)) {
			uint64_t rec = le64(data + eocd - 20 + 8), at = eocd >= 76 ? eocd - 76 : 0;
			if (!sig_at(z, at, SIG_EOCD64))
				at = rec;
			if (sig_at(z, at, SIG_EOCD64) && in_span(z, at, 56)) {
				const unsigned char *q = data + at;
				n_total = le64(q + 32);
				cd_size = le64(q + 40);
				cd_off = le64(q + 48);
				delta = at > rec ? at - rec : 0;
				cd_actual = at >= cd_size ? at - cd_size : 0;
			}
		} else {
			cd_actual = eocd >= cd_size ? eocd - cd_size : 0;
			delta = cd_actual > cd_off ? cd_actual - cd_off : 0;
		}
		if (!sig_at(z, cd_actual, SIG_CENTRAL) && sig_at(z, cd_off, SIG_CENTRAL)) {
			cd_actual = cd_off;
			delta = 0;
		}
		have_cd = sig_at(z, cd_actual, SIG_CENTRAL) || (n_total == 0 && cd_size == 0);
	}

	if (have_cd) {
		pos = cd_actual;
		while (sig_at(z, pos, SIG_CENTRAL)) {
			const unsigned char *p;
			struct wl_zip_entry *e;
			uint16_t ln, le, lc;
			uint64_t lo;
			size_t la;
			if (!in_span(z, pos, 46)) {
				z->anomalies |= WL_ZIP_A_CD_TRUNCATED;
				break;
			}
			p = data + pos;
			ln = le16(p + 28);
			le = le16(p + 30);
			lc = le16(p + 32);
			if (!in_span(z, pos + 46, (uint64_t)ln + le + lc)) {
				z->anomalies |= WL_ZIP_A_CD_TRUNCATED;
				break;
			}
			if (z->count >= max_entries) {
				z->anomalies |= WL_ZIP_A_TOO_MANY;
				break;
			}
			z->entries = wl_grow(z->entries, &alloc, z->count + 1, sizeof(*z->entries));
			name_at = wl_realloc(name_at, alloc * sizeof(*name_at));
			lname_at = wl_realloc(lname_at, alloc * sizeof(*lname_at));
			e = &z->entries[z->count];
			memset(e, 0, sizeof(*e));
			e->flags = le16(p + 8);
			e->method = le16(p + 10);
			e->crc = le32(p + 16);
			e->comp_size = le32(p + 20);
			e->size = le32(p + 24);
			lo = le32(p + 42);
			{
				/* zip64 extra: only the fields whose 32-bit value is saturated */
				const unsigned char *x = p + 46 + ln, *xe = x + le;
				while (xe - x >= 4) {
					uint16_t id = le16(x), sz = le16(x + 2);
					const unsigned char *f = x + 4;
					if ((size_t)(xe - f) < sz)
						break;
					if (id == 1) {
						const unsigned char *fe = f + sz;
						if (e->size == 0xffffffffu && fe - f >= 8) {
							e->size = le64(f);
							f += 8;
						}
						if (e->comp_size == 0xffffffffu && fe - f >= 8) {
							e->comp_size = le64(f);
							f += 8;
						}
						if (lo == 0xffffffffu && fe - f >= 8)
							lo = le64(f);
					}
					x += 4 + sz;
				}
			}
			e->local_offset = lo + delta;
			if (!sig_at(z, e->local_offset, SIG_LOCAL) && sig_at(z, lo, SIG_LOCAL))
				e->local_offset = lo;
			name_at[z->count] = name_add(&nb, p + 46, ln);
			if (unsafe_name(p + 46, ln))
				e->anomalies |= WL_ZIP_UNSAFE_NAME;
			read_local(z, e, &nb, &la, p + 46, ln);
			lname_at[z->count] = la;
			z->count++;
			pos += 46 + (uint64_t)ln + le + lc;
		}
		if (z->count != n_total && !(z->anomalies & WL_ZIP_A_TOO_MANY))
			z->anomalies |= WL_ZIP_A_COUNT;
		if (delta)
			z->anomalies |= WL_ZIP_A_PREFIX;
		z->prefix = delta;
	}
	if (!have_cd || (z->count == 0 && n_total != 0)) {
		z->anomalies |= WL_ZIP_A_NO_CD;
		recover_from_locals(z, &nb, max_entries, &name_at, &lname_at, &alloc);
	}
	if (z->count && z->entries[0].local_offset > 0 && !(z->anomalies & WL_ZIP_A_PREFIX)) {
		uint64_t first = z->entries[0].local_offset;
		for (i = 1; i < z->count; i++)
			if (z->entries[i].local_offset < first)
				first = z->entries[i].local_offset;
		if (first > 0 && first != UINT64_MAX) {
			z->anomalies |= WL_ZIP_A_PREFIX;
			z->prefix = first;
		}
	}
	z->names = nb.buf;
	for (i = 0; i < z->count; i++) {
		z->entries[i].name = nb.buf + name_at[i];
		z->entries[i].local_name = lname_at[i] == (size_t)-1 ? NULL : nb.buf + lname_at[i];
	}
	free(name_at);
	free(lname_at);
	mark_duplicates(z);
	if (!z->count && !have_cd) {
		wl_zip_close(z);
		return WL_EFORMAT;
	}
	return 0;
}

void wl_zip_close(struct wl_zip *z)
{
	free(z->entries);
	free(z->names);
	memset(z, 0, sizeof(*z));
}

void wl_zip_data_release(struct wl_zip_data *d)
{
	free(d->owned);
	memset(d, 0, sizeof(*d));
}

int wl_zip_read(const struct wl_zip *z, const struct wl_zip_entry *e, uint64_t max,
		uint64_t max_ratio, struct wl_zip_data *out)
{
	uint64_t avail;
	memset(out, 0, sizeof(*out));
	if (e->anomalies & WL_ZIP_BAD_LOCAL)
		return 0;
	avail = e->data_offset <= z->size ? z->size - e->data_offset : 0;
	if (avail > e->comp_size)
		avail = e->comp_size;
	if (e->method == 0) {
		out->ptr = z->data + e->data_offset;
		out->len = (size_t)(avail < max ? avail : max);
		out->truncated = avail > max;
		/* stored tensors can be gigabytes: verify the CRC only of members
		 * small enough to be parsed, so time stays independent of weights */
		if (!out->truncated && avail == e->comp_size && out->len <= WL_ZIP_CRC_MAX) {
			out->crc_checked = 1;
			out->crc_ok = crc32_z(0, out->ptr, out->len) == e->crc;
		}
		return 0;
	}
	if (e->method == 8) {
		z_stream zs;
		size_t cap = max < (1u << 16) ? (size_t)max : (1u << 16), len = 0;
		unsigned char *buf;
		int rc = Z_OK;
		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, -15) != Z_OK)
			return WL_EFORMAT;
		buf = wl_malloc(cap ? cap : 1);
		zs.next_in = (unsigned char *)(uintptr_t)(z->data + e->data_offset);
		for (;;) {
			size_t chunk_in;
			if (len == cap) {
				if (len >= max) {
					out->truncated = 1;
					break;
				}
				cap = cap * 2 > max ? (size_t)max : cap * 2;
				buf = wl_realloc(buf, cap);
			}
			if (zs.avail_in == 0 && avail) {
				chunk_in = avail > (1u << 30) ? (1u << 30) : (size_t)avail;
				zs.avail_in = (uInt)chunk_in;
				avail -= chunk_in;
			}
			zs.next_out = buf + len;
			zs.avail_out = (uInt)((cap - len) > (1u << 30) ? (1u << 30) : (cap - len));
			rc = inflate(&zs, Z_NO_FLUSH);
			len = (size_t)(zs.next_out - buf);
			if (rc == Z_STREAM_END)
				break;
			if (rc != Z_OK && rc != Z_BUF_ERROR) {
				out->corrupt = 1;
				break;
			}
			if (rc == Z_BUF_ERROR && zs.avail_in == 0 && avail == 0) {
				out->corrupt = 1; /* input ended before the stream did */
				break;
			}
			if (max_ratio && len > (1u << 20) && zs.total_in && len / zs.total_in > max_ratio) {
				out->limit_ratio = 1;
				break;
			}
		}
		inflateEnd(&zs);
		out->owned = buf;
		out->ptr = buf;
		out->len = len;
		if (rc == Z_STREAM_END && !out->truncated) {
			out->crc_checked = 1;
			out->crc_ok = crc32_z(0, buf, len) == e->crc;
		}
		return 0;
	}
	return WL_EFORMAT;
}
