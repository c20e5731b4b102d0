/*
 * classify.c - what a file is, from its bytes. Every published model-scanner
 * bypass trusted a file name; here the extension is only ever a hint and the
 * content decides. Pure functions of the bytes: safe on any input length.
 */
#include "engine.h"
#include "pickle_vm.h"

#include <string.h>

static int has_prefix_(const unsigned char *d, size_t n, const void *p, size_t pn)
{
	return n >= pn && memcmp(d, p, pn) == 0;
}

static const char *const magic_names[WL_MAGIC__COUNT] = {
	[WL_MAGIC_UNKNOWN] = "binary",
	[WL_MAGIC_EMPTY] = "empty",
	[WL_MAGIC_TEXT] = "text",
	[WL_MAGIC_PICKLE] = "pickle",
	[WL_MAGIC_ZIP] = "zip",
	[WL_MAGIC_7Z] = "7z",
	[WL_MAGIC_RAR] = "rar",
	[WL_MAGIC_GZIP] = "gzip",
	[WL_MAGIC_BZIP2] = "bzip2",
	[WL_MAGIC_XZ] = "xz",
	[WL_MAGIC_LZMA] = "lzma",
	[WL_MAGIC_ZLIB] = "zlib",
	[WL_MAGIC_LZ4] = "lz4",
	[WL_MAGIC_ZSTD] = "zstd",
	[WL_MAGIC_TAR] = "tar",
	[WL_MAGIC_NPY] = "npy",
	[WL_MAGIC_TORCH_LEGACY] = "torch-legacy",
	[WL_MAGIC_ELF] = "elf",
	[WL_MAGIC_IMAGE] = "image",
	[WL_MAGIC_LFS_POINTER] = "git-lfs-pointer",
};

const char *wl_magic_name(enum wl_magic m)
{
	const struct wl_scanner *fmt = wl_magic_format(m);
	if (fmt)
		return fmt->content ? fmt->content : fmt->name;
	return (unsigned)m < WL_MAGIC__COUNT && magic_names[m] ? magic_names[m] : "binary";
}

const struct wl_scanner *wl_magic_format(enum wl_magic m)
{
	size_t i;
	if ((unsigned)m < WL_MAGIC_FORMAT_BASE)
		return NULL;
	for (i = 0; wl_scanners[i]; i++)
		if (i == (unsigned)m - WL_MAGIC_FORMAT_BASE)
			return wl_scanners[i];
	return NULL;
}

int wl_magic_claimed(enum wl_magic m)
{
	switch (m) {
	case WL_MAGIC_PICKLE: case WL_MAGIC_TORCH_LEGACY: case WL_MAGIC_ZIP: case WL_MAGIC_7Z:
	case WL_MAGIC_RAR: case WL_MAGIC_GZIP: case WL_MAGIC_BZIP2: case WL_MAGIC_XZ:
	case WL_MAGIC_LZMA: case WL_MAGIC_ZLIB: case WL_MAGIC_LZ4: case WL_MAGIC_ZSTD:
	case WL_MAGIC_NPY: case WL_MAGIC_LFS_POINTER:
		return 1;
	default:
		return 0;
	}
}

/* The scanner table's signatures (engine.h: magic, sniff), in table order. */
static enum wl_magic registered_format(const unsigned char *data, size_t size)
{
	size_t i;
	for (i = 0; wl_scanners[i]; i++) {
		const struct wl_scanner *s = wl_scanners[i];
		if (s->magic && !has_prefix_(data, size, s->magic, s->magic_len))
			continue;
		if (!s->magic && !s->sniff)
			continue;
		if (s->sniff && !s->sniff(data, size))
			continue;
		return WL_MAGIC_FORMAT(i);
	}
	return WL_MAGIC_UNKNOWN;
}

#define HAS(lit) has_prefix_(data, size, lit, sizeof(lit) - 1)

/* Text: no NUL and valid UTF-8 in the head (a sequence cut by the head's end
 * is fine). */
static int looks_text(const unsigned char *data, size_t size)
{
	size_t n = size < 8192 ? size : 8192, cut = n;
	if (memchr(data, 0, n))
		return 0;
	if (n < size) {
		/* back off up to 3 bytes so a split sequence is not "invalid" */
		while (cut > 0 && n - cut < 3 && (data[cut - 1] & 0xc0) == 0x80)
			cut--;
		if (cut > 0 && data[cut - 1] >= 0xc0)
			cut--;
	}
	return wl_utf8_valid((const char *)data, cut);
}

static int is_ident_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* Protocol 0/1 pickles have no header; recognise the shapes that start real
 * ones: a GLOBAL ("cmodule\nname\n") or a container opcode followed by a
 * memo put, a mark, or another opcode typical of pickles. */
static int looks_pickle_v0(const unsigned char *data, size_t size)
{
	size_t i;
	if (size < 2)
		return 0;
	if (data[0] == 'c') {
		for (i = 1; i < size && i < 256 && is_ident_char(data[i]); i++)
			;
		if (i == 1 || i >= size || data[i] != '\n')
			return 0;
		size_t j = i + 1;
		for (i = j; i < size && i < 512 && is_ident_char(data[i]); i++)
			;
		return i > j && i < size && data[i] == '\n';
	}
	if (strchr("(}])", data[0]) && size >= 3) {
		/* }q\x00 ]q\x00 (dp0 (lp0 (I (S (V (c */
		if (data[1] == 'q' || data[1] == 'r' || data[1] == '(')
			return 1;
		if (data[0] == '(' && strchr("dlIStVcNFLX", data[1]) && data[size - 1] == '.')
			return 1;
	}
	return 0;
}

static int find_zip_eocd(const unsigned char *data, size_t size)
{
	/* End of central directory record within the last 64 KiB + 22 bytes:
	 * a zip with junk in front still unzips, and PyTorch reads it. */
	size_t lo = size > 65557 ? size - 65557 : 0, i;
	if (size < 22)
		return 0;
	for (i = size - 22 + 1; i-- > lo;)
		if (data[i] == 'P' && data[i + 1] == 'K' && data[i + 2] == 5 && data[i + 3] == 6)
			return 1;
	return 0;
}

enum wl_magic wl_sniff(const unsigned char *data, size_t size)
{
	static const unsigned char torch_magic[] = { 0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46,
						     0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19 };
	enum wl_magic fmt;
	if (size == 0)
		return WL_MAGIC_EMPTY;
	if (has_prefix_(data, size, torch_magic, sizeof(torch_magic)))
		return WL_MAGIC_TORCH_LEGACY;
	/* a PROTO 2-5 header, confirmed by running the symbolic VM on it */
	if (size >= 2 && data[0] == 0x80 && data[1] >= 2 && data[1] <= 5 && wl_pickle_looks_like(data, size, 0))
		return WL_MAGIC_PICKLE;
	if (HAS("PK\x03\x04") || HAS("PK\x05\x06") || HAS("PK\x07\x08") || HAS("PK\x01\x02"))
		return WL_MAGIC_ZIP;
	if (HAS("7z\xbc\xaf\x27\x1c"))
		return WL_MAGIC_7Z;
	if (HAS("Rar!\x1a\x07"))
		return WL_MAGIC_RAR;
	if (HAS("\x1f\x8b"))
		return WL_MAGIC_GZIP;
	if (HAS("BZh") && size >= 4 && data[3] >= '1' && data[3] <= '9')
		return WL_MAGIC_BZIP2;
	if (HAS("\xfd" "7zXZ\x00"))
		return WL_MAGIC_XZ;
	if (HAS("\x04\x22\x4d\x18"))
		return WL_MAGIC_LZ4;
	if (HAS("\x28\xb5\x2f\xfd"))
		return WL_MAGIC_ZSTD;
	if (HAS("\x93NUMPY"))
		return WL_MAGIC_NPY;
	if ((fmt = registered_format(data, size)) != WL_MAGIC_UNKNOWN)
		return fmt;
	if (HAS("\x7f" "ELF"))
		return WL_MAGIC_ELF;
	if (HAS("\x89PNG") || HAS("\xff\xd8\xff") || HAS("GIF8") ||
	    (size >= 12 && HAS("RIFF") && memcmp(data + 8, "WEBP", 4) == 0))
		return WL_MAGIC_IMAGE;
	if (size >= 262 && memcmp(data + 257, "ustar", 5) == 0)
		return WL_MAGIC_TAR;
	if (size < 1024 && HAS("version https://git-lfs.github.com/spec/"))
		return WL_MAGIC_LFS_POINTER;
	/* the shape test is cheap; the symbolic VM confirms (text must run to STOP) */
	if (looks_pickle_v0(data, size) && wl_pickle_looks_like(data, size, looks_text(data, size)))
		return WL_MAGIC_PICKLE;
	if (looks_text(data, size))
		return WL_MAGIC_TEXT;
	/* weak signatures last: only for content that is not text */
	if (size >= 2 && data[0] == 0x78 && (data[1] == 0x01 || data[1] == 0x5e || data[1] == 0x9c || data[1] == 0xda))
		return WL_MAGIC_ZLIB;
	if (size >= 13 && data[0] == 0x5d && data[1] == 0x00 && data[2] == 0x00)
		return WL_MAGIC_LZMA;
	if (find_zip_eocd(data, size))
		return WL_MAGIC_ZIP;
	return WL_MAGIC_UNKNOWN;
}

/* ------------------------------------------------- who reads a file */

static int listed(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

int wl_scanner_wants(const struct wl_scanner *s, const struct wl_file *f)
{
	const struct wl_scanner *fmt;
	if (s->wants)
		return s->wants(f);
	fmt = wl_magic_format(f->magic);
	if (fmt && fmt == s)
		return 1;
	if (!listed(s->names, f->name) && !listed(s->exts, f->ext))
		return 0;
	return s->text ? f->magic == WL_MAGIC_TEXT : !wl_magic_claimed(f->magic);
}
