/*
 * protowire.c - bounded protobuf wire-format reader (see protowire.h).
 * Varints are at most 10 bytes; lengths never exceed the enclosing message.
 */
#include "protowire.h"

void wl_pb_init(struct wl_pb *pb, const unsigned char *data, size_t size, uint64_t base)
{
	pb->data = data;
	pb->size = size;
	pb->pos = 0;
	pb->base = base;
	pb->error = NULL;
	pb->error_off = 0;
}

static int pb_fail(struct wl_pb *pb, const char *why)
{
	pb->error = why;
	pb->error_off = pb->base + pb->pos;
	return -1;
}

static int pb_varint(struct wl_pb *pb, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;

	while (pb->pos < pb->size) {
		unsigned char b = pb->data[pb->pos++];

		if (shift == 63 && (b & 0x7e))
			return pb_fail(pb, "varint overflows 64 bits");
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
		shift += 7;
		if (shift > 63)
			return pb_fail(pb, "varint longer than 10 bytes");
	}
	return pb_fail(pb, "message ends inside a varint");
}

int wl_pb_next(struct wl_pb *pb, struct wl_pb_field *f)
{
	uint64_t key, len;

	if (pb->error)
		return -1;
	if (pb->pos >= pb->size)
		return 0;
	if (pb_varint(pb, &key))
		return -1;
	f->num = (uint32_t)(key >> 3);
	f->wire = (int)(key & 7);
	if (key >> 3 == 0 || key >> 3 > 0x1fffffff)
		return pb_fail(pb, "field number out of range");
	f->data = NULL;
	f->len = 0;
	f->varint = 0;
	switch (f->wire) {
	case WL_PB_VARINT:
		f->off = pb->base + pb->pos;
		return pb_varint(pb, &f->varint) ? -1 : 1;
	case WL_PB_I64:
	case WL_PB_I32: {
		size_t n = f->wire == WL_PB_I64 ? 8 : 4, i;

		if (pb->size - pb->pos < n)
			return pb_fail(pb, "message ends inside a fixed-width value");
		f->off = pb->base + pb->pos;
		for (i = 0; i < n; i++)
			f->varint |= (uint64_t)pb->data[pb->pos + i] << (8 * i);
		pb->pos += n;
		return 1;
	}
	case WL_PB_LEN:
		if (pb_varint(pb, &len))
			return -1;
		if (len > pb->size - pb->pos)
			return pb_fail(pb, "length-delimited field runs past its message");
		f->off = pb->base + pb->pos;
		f->data = pb->data + pb->pos;
		f->len = (size_t)len;
		pb->pos += (size_t)len;
		return 1;
	default:
		return pb_fail(pb, "group or invalid wire type");
	}
}

void wl_pb_sub(struct wl_pb *sub, const struct wl_pb_field *f)
{
	wl_pb_init(sub, f->data, f->len, f->off);
}
