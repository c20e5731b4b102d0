/*
 * zip.h - a deliberately lenient zip reader: it reads what PyTorch's loader
 * reads (central directory names and offsets, data through the local header
 * lengths), visits every entry including duplicates, tolerates junk before
 * the archive, bad CRCs and odd flags, and records each oddity as an anomaly
 * instead of refusing. It never allocates in proportion to a size field and
 * never reads outside the span it is given. Deflate goes through zlib.
 */
#ifndef WL_ZIP_H
#define WL_ZIP_H

#include <stddef.h>
#include <stdint.h>

/* Per-entry anomalies (bit flags). */
enum {
	WL_ZIP_BAD_LOCAL = 1u << 0,      /* no local header at the recorded offset */
	WL_ZIP_NAME_MISMATCH = 1u << 1,  /* local header name != central directory name */
	WL_ZIP_FLAGS_MISMATCH = 1u << 2, /* general-purpose flags differ local vs central */
	WL_ZIP_ENCRYPTED = 1u << 3,      /* flag bit 0: content cannot be read */
	WL_ZIP_DUPLICATE = 1u << 4,      /* same name as an earlier entry */
	WL_ZIP_TRUNCATED = 1u << 5,      /* data runs past the end of the file */
	WL_ZIP_METHOD = 1u << 6,         /* compression method neither stored nor deflate */
	WL_ZIP_SIZE_MISMATCH = 1u << 7,  /* local sizes differ from central ones */
	WL_ZIP_ODD_FLAGS = 1u << 8,      /* flag bits a writer never sets (tampered) */
	WL_ZIP_UNSAFE_NAME = 1u << 9,    /* absolute path, "..", backslash or NUL in the name */
};

/* Archive-level anomalies. */
enum {
	WL_ZIP_A_PREFIX = 1u << 0,       /* bytes before the archive (offsets shifted) */
	WL_ZIP_A_NO_CD = 1u << 1,        /* no usable central directory: entries recovered from local headers */
	WL_ZIP_A_COUNT = 1u << 2,        /* EOCD entry count differs from the central directory */
	WL_ZIP_A_TOO_MANY = 1u << 3,     /* more entries than the limit: the rest were not listed */
	WL_ZIP_A_CD_TRUNCATED = 1u << 4, /* central directory cut short */
};

struct wl_zip_entry {
	const char *name;         /* central-directory name, NUL-terminated (owned by the zip) */
	const char *local_name;   /* local-header name when it differs, else NULL */
	uint64_t comp_size;       /* compressed size (central, zip64 resolved) */
	uint64_t size;            /* uncompressed size as claimed */
	uint64_t local_offset;    /* of the local header, in the span (prefix-adjusted) */
	uint64_t data_offset;     /* of the member data, in the span */
	uint16_t method, flags, local_flags;
	uint32_t crc;
	unsigned anomalies;       /* WL_ZIP_* */
};

struct wl_zip {
	const unsigned char *data;
	size_t size;
	struct wl_zip_entry *entries;
	size_t count;
	unsigned anomalies;       /* WL_ZIP_A_* */
	uint64_t prefix;          /* junk bytes before the archive */
	char *names;              /* storage for entry names */
};

/*
 * Index an archive. Returns 0 (even with anomalies), or WL_EFORMAT when no
 * entry at all can be found. At most `max_entries` entries are listed.
 */
int wl_zip_open(struct wl_zip *z, const unsigned char *data, size_t size, size_t max_entries);
void wl_zip_close(struct wl_zip *z);

/* Stored members larger than this are not CRC-checked (time must not depend
 * on tensor bytes); inflated members always are. */
#define WL_ZIP_CRC_MAX ((size_t)64 << 20)

/* An entry's bytes. Stored entries are zero-copy (`owned` NULL). */
struct wl_zip_data {
	const unsigned char *ptr;
	size_t len;
	unsigned char *owned;     /* free() this when set */
	int truncated;            /* stopped at `max` bytes (not an error) */
	int limit_ratio;          /* stopped: decompression ratio above the limit */
	int corrupt;              /* deflate stream error: what was inflated so far is kept */
	int crc_checked, crc_ok;  /* CRC verified only when the whole member was read */
};

/*
 * Read up to `max` bytes of entry `e`. Deflate output is capped at `max`
 * bytes and at `max_ratio` times the compressed size (0 = no ratio check).
 * Returns 0, or WL_EFORMAT when the method is unsupported or the entry is
 * encrypted (nothing read).
 */
int wl_zip_read(const struct wl_zip *z, const struct wl_zip_entry *e, uint64_t max,
		uint64_t max_ratio, struct wl_zip_data *out);
void wl_zip_data_release(struct wl_zip_data *d);

#endif
