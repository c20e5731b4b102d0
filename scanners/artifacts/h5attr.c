/*
 * h5attr.c - find a Keras model's config in an HDF5 file without an HDF5
 * library. Keras keeps it in the root group's `model_config` attribute (and
 * the optimizer/loss config in `training_config`). An attribute message
 * stores its name inline, so we look for the name, check that an attribute
 * message header (versions 1-3) sits right before it, and read the value:
 * a fixed-length string inline, or a variable-length string through its
 * global heap collection. Only those few structures are parsed; a full
 * HDF5 reader (libhdf5) would bring a large parser of hostile input into
 * the scanner to answer one question.
 * Anything that looks like the attribute but cannot be read is reported as
 * "could not verify", never as clean.
 */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include "fmtutil.h"
#include "keras.h"

/* Occurrences of a name examined per attribute name: decoys are cheap to
 * reject, but a file full of them must not hide the real one silently. */
#define H5_MAX_HITS 4096

static const unsigned char h5_sig[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

struct h5_file {
	const unsigned char *data;
	size_t size;
	uint64_t sb;        /* superblock offset */
	uint64_t base;      /* base address from the superblock */
	unsigned off_size;  /* size of offsets */
	unsigned len_size;  /* size of lengths */
};

static uint64_t rd(const unsigned char *p, unsigned n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Superblock: at 0 or at 512, 1024, 2048 ... (after a user block). */
static int h5_superblock(struct h5_file *h)
{
	uint64_t at = 0;

	for (;;) {
		if (at + 48 <= h->size && memcmp(h->data + at, h5_sig, 8) == 0)
			break;
		at = at ? at * 2 : 512;
		if (at >= h->size)
			return -1;
	}
	h->sb = at;
	{
		const unsigned char *p = h->data + at;
		unsigned v = p[8];

		if (v <= 1) {
			h->off_size = p[13];
			h->len_size = p[14];
			/* v0: base address at 24; v1 adds 4 bytes first */
			h->base = (h->off_size == 2 || h->off_size == 4 || h->off_size == 8) &&
					  at + (v ? 28u : 24u) + h->off_size <= h->size
				  ? rd(p + (v ? 28 : 24), h->off_size) : 0;
		} else {
			h->off_size = p[9];
			h->len_size = p[10];
			h->base = (h->off_size == 2 || h->off_size == 4 || h->off_size == 8) ? rd(p + 12, h->off_size) : 0;
		}
	}
	if ((h->off_size != 2 && h->off_size != 4 && h->off_size != 8) ||
	    (h->len_size != 2 && h->len_size != 4 && h->len_size != 8))
		return -1;
	return 0;
}

/* Object `index` of the global heap collection at `addr`. */
static const unsigned char *h5_global_heap(const struct h5_file *h, uint64_t addr, uint32_t index,
					   uint64_t *len, uint64_t *at)
{
	/* addresses are relative to the base address; files written with a user
	 * block disagree in practice on what "base" is, so try the candidates */
	uint64_t cands[3], c;
	size_t k;

	cands[0] = h->base + addr;
	cands[1] = h->sb + addr;
	cands[2] = addr;
	for (k = 0; k < 3; k++) {
		uint64_t pos, end, csize;

		c = cands[k];
		if (c < addr || c > h->size || h->size - c < 8 + h->len_size ||
		    memcmp(h->data + c, "GCOL", 4) != 0)
			continue;
		csize = rd(h->data + c + 8, h->len_size);
		end = csize > h->size - c ? h->size : c + csize;
		pos = c + 8 + h->len_size;
		while (pos + 8 + h->len_size <= end) {
			uint32_t idx = (uint32_t)rd(h->data + pos, 2);
			uint64_t osize = rd(h->data + pos + 8, h->len_size);
			uint64_t data = pos + 8 + h->len_size;

			if (idx == 0)
				break; /* free space: the rest of the collection */
			if (osize > end - data)
				break;
			if (idx == index) {
				*len = osize;
				*at = data;
				return h->data + data;
			}
			pos = data + ((osize + 7) & ~(uint64_t)7);
		}
	}
	return NULL;
}

enum h5_result { H5_NOT_ATTR, H5_FOUND, H5_UNREADABLE };

/*
 * The attribute value whose name starts at `p` (name_len bytes with the NUL),
 * if an attribute message header precedes it.
 */
static enum h5_result h5_attr_at(const struct h5_file *h, uint64_t p, size_t name_len,
				 const unsigned char **val, uint64_t *vlen, uint64_t *voff,
				 const char **why)
{
	const unsigned char *d = h->data;
	uint64_t dt, ds, data, nelem = 1;
	unsigned version, dtsize, dssize, flags = 0, cls, ndims, i;

	/* v3 has one more header byte (name encoding) than v1/v2 */
	if (p >= 9 && d[p - 9] == 3 && rd(d + p - 7, 2) == name_len) {
		version = 3;
		flags = d[p - 8];
		dtsize = (unsigned)rd(d + p - 5, 2);
		dssize = (unsigned)rd(d + p - 3, 2);
		dt = p + name_len;
	} else if (p >= 8 && (d[p - 8] == 1 || d[p - 8] == 2) && rd(d + p - 6, 2) == name_len) {
		version = d[p - 8];
		flags = version == 2 ? d[p - 7] : 0;
		if (version == 1 && d[p - 7] != 0)
			return H5_NOT_ATTR;
		dtsize = (unsigned)rd(d + p - 4, 2);
		dssize = (unsigned)rd(d + p - 2, 2);
		dt = p + (version == 1 ? (name_len + 7) / 8 * 8 : name_len);
	} else {
		return H5_NOT_ATTR;
	}
	if (flags & 3) {
		*why = "its datatype or dataspace is a shared message";
		return H5_UNREADABLE;
	}
	ds = dt + (version == 1 ? (dtsize + 7u) / 8 * 8 : dtsize);
	data = ds + (version == 1 ? (dssize + 7u) / 8 * 8 : dssize);
	if (dtsize < 8 || dssize < 4 || data > h->size) {
		*why = "its attribute message runs past the end of the file";
		return H5_UNREADABLE;
	}
	/* dataspace: number of elements (scalar = 1) */
	ndims = d[ds + 1];
	if (d[ds] == 2 && d[ds + 3] == 2)
		nelem = 0; /* null dataspace */
	for (i = 0; i < ndims && i < 32; i++) {
		uint64_t at = ds + (d[ds] == 1 ? 8 : 4) + (uint64_t)i * h->len_size;

		if (at + h->len_size > ds + dssize) {
			*why = "its dataspace is truncated";
			return H5_UNREADABLE;
		}
		nelem *= rd(d + at, h->len_size) ? 1 : 0; /* only "at least one" matters */
	}
	if (nelem == 0) {
		*val = d + data;
		*vlen = 0;
		*voff = data;
		return H5_FOUND;
	}
	cls = d[dt] & 0x0f;
	if (cls == 3) { /* fixed-length string */
		uint64_t n = rd(d + dt + 4, 4);

		if (n > h->size - data) {
			*why = "its string value runs past the end of the file";
			return H5_UNREADABLE;
		}
		*val = d + data;
		*voff = data;
		while (n && d[data + n - 1] == '\0') /* null-padded */
			n--;
		*vlen = n;
		return H5_FOUND;
	}
	if (cls == 9) { /* variable-length: string or sequence of bytes */
		uint64_t addr, len, at;
		uint32_t index;
		const unsigned char *obj;

		if (data + 4 + h->off_size + 4 > h->size) {
			*why = "its variable-length value runs past the end of the file";
			return H5_UNREADABLE;
		}
		addr = rd(d + data + 4, h->off_size);
		index = (uint32_t)rd(d + data + 4 + h->off_size, 4);
		obj = h5_global_heap(h, addr, index, &len, &at);
		if (!obj) {
			*why = "its variable-length value is not in a readable global heap";
			return H5_UNREADABLE;
		}
		*val = obj;
		*vlen = len;
		*voff = at;
		return H5_FOUND;
	}
	*why = "its value is neither a fixed- nor a variable-length string";
	return H5_UNREADABLE;
}

static void h5_check_attr(struct wl_ctx *ctx, const char *member, const struct h5_file *h,
			  const char *name)
{
	size_t name_len = strlen(name) + 1; /* with the NUL */
	const unsigned char *p = h->data, *end = h->data + h->size;
	int hits = 0, found = 0;
	uint64_t unreadable_at = 0;
	const char *why = NULL;

	while (p < end && hits < H5_MAX_HITS) {
		const unsigned char *q = memmem(p, (size_t)(end - p), name, name_len);
		const unsigned char *val = NULL;
		uint64_t vlen = 0, voff = 0;
		const char *w = NULL;
		enum h5_result r;

		if (!q)
			break;
		hits++;
		r = h5_attr_at(h, (uint64_t)(q - h->data), name_len, &val, &vlen, &voff, &w);
		if (r == H5_FOUND) {
			char *label = wl_printf_alloc("HDF5 attribute %s", name);

			found = 1;
			wl_keras_config_check(ctx, member, label, (const char *)val, (size_t)vlen, voff);
			free(label);
		} else if (r == H5_UNREADABLE && !why) {
			why = w;
			unreadable_at = (uint64_t)(q - h->data);
		}
		p = q + 1;
	}
	if (hits >= H5_MAX_HITS && p < end && memmem(p, (size_t)(end - p), name, name_len)) {
		char *key = wl_printf_alloc("h5-limit:%s", name);

		wl_format_issue(ctx, "limit.h5-names", "hdf5", member, (uint64_t)(p - h->data), key, NULL,
			"HDF5 file holds more than %d copies of the name %s; the rest were not examined",
			H5_MAX_HITS, name);
		free(key);
	}
	if (!found && why) {
		char *key = wl_printf_alloc("h5:%s", name);

		wl_format_issue(ctx, "h5.unreadable-attribute", "hdf5", member, unreadable_at, key, NULL,
			"HDF5 attribute %s could not be read (%s); Lambda layers and callable references were not checked",
			name, why);
		free(key);
	}
}

int wl_h5_scan_bytes(struct wl_ctx *ctx, const char *member,
		     const unsigned char *data, size_t size)
{
	struct h5_file h;

	memset(&h, 0, sizeof(h));
	h.data = data;
	h.size = size;
	if (h5_superblock(&h)) {
		/* Not HDF5 we understand: only a problem if it claims Keras content. */
		if (memmem(data, size, "model_config", 12)) {
			wl_format_issue(ctx, "h5.no-superblock", "hdf5", member, 0, "h5:superblock", NULL,
				"file mentions model_config but has no readable HDF5 superblock; the Keras config was not checked");
		}
		return WL_EFORMAT;
	}
	h5_check_attr(ctx, member, &h, "model_config");
	h5_check_attr(ctx, member, &h, "training_config");
	return WL_OK;
}

static int h5_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	wl_h5_scan_bytes(ctx, NULL, f->data, f->size);
	return 0;
}

const struct wl_scanner wl_scanner_h5 = {
	.name = "h5",
	.exts = WL_LIST(".h5", ".hdf5"),
	.content = "hdf5",
	.magic = "\x89HDF\r\n\x1a\n",
	.magic_len = 8,
	.scan = h5_scan,
	.scan_bytes = wl_h5_scan_bytes,
};
