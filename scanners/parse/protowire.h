/*
 * protowire.h - a bounded reader of protobuf wire format, enough to walk
 * saved_model.pb and .onnx files without a protobuf library or schema
 * compiler. Every length is checked against the enclosing message; nothing
 * is allocated; nothing past the given span is ever read.
 */
#ifndef WL_PROTOWIRE_H
#define WL_PROTOWIRE_H

#include <stddef.h>
#include <stdint.h>

enum { WL_PB_VARINT = 0, WL_PB_I64 = 1, WL_PB_LEN = 2, WL_PB_I32 = 5 };

/* One message: a span of the file; `base` is its offset in the file. */
struct wl_pb {
	const unsigned char *data;
	size_t size;
	size_t pos;
	uint64_t base;
	const char *error;  /* static text once malformed */
	uint64_t error_off; /* file offset of the problem */
};

struct wl_pb_field {
	uint32_t num;
	int wire;
	uint64_t varint;           /* WL_PB_VARINT, I64, I32 */
	const unsigned char *data; /* WL_PB_LEN */
	size_t len;
	uint64_t off;              /* file offset of the value */
};

void wl_pb_init(struct wl_pb *pb, const unsigned char *data, size_t size, uint64_t base);
/* Next field: 1 with *f filled, 0 at the end of the message, -1 when the
 * bytes are not wire format (pb->error says why). Group wire types (3/4),
 * which proto3 files never contain, count as malformed. */
int wl_pb_next(struct wl_pb *pb, struct wl_pb_field *f);
/* A sub-message reader over a length-delimited field. */
void wl_pb_sub(struct wl_pb *sub, const struct wl_pb_field *f);

#endif
