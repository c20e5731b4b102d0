/*
 * onnx.c - ONNX models: the external_data location of every TensorProto
 * reachable from the model (graph initializers, sparse initializers, node
 * attributes, subgraphs, functions, training graphs) becomes a
 * WL_FACT_MODEL_REF, with whether the path leaves the model's folder;
 * rules/formats.c reports the ones that do. A schema-free, bounded protobuf
 * walk with a nesting limit; never loads the model and never opens the
 * referenced path.
 */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include "fmtutil.h"
#include "protowire.h"

#define ONNX_MAX_DEPTH 32

/* Field numbers from onnx/onnx.proto. */
enum {
	MODEL_GRAPH = 7, MODEL_TRAINING_INFO = 20, MODEL_FUNCTIONS = 25,
	TRAINING_INITIALIZATION = 1, TRAINING_ALGORITHM = 2,
	GRAPH_NODE = 1, GRAPH_INITIALIZER = 5, GRAPH_SPARSE_INITIALIZER = 15,
	FUNCTION_NODE = 7,
	NODE_ATTRIBUTE = 5,
	ATTR_T = 5, ATTR_G = 6, ATTR_TENSORS = 10, ATTR_GRAPHS = 11, ATTR_SPARSE_TENSOR = 22,
	ATTR_SPARSE_TENSORS = 23,
	SPARSE_VALUES = 1, SPARSE_INDICES = 2,
	TENSOR_NAME = 8, TENSOR_EXTERNAL_DATA = 13,
	ENTRY_KEY = 1, ENTRY_VALUE = 2,
};

enum onnx_msg { M_MODEL, M_TRAINING, M_GRAPH, M_FUNCTION, M_NODE, M_ATTR, M_SPARSE, M_TENSOR };

struct onnx_scan {
	struct wl_ctx *ctx;
	const char *member;
	struct wl_ref_scope *scope;
	int failed;
	int deep;
};

static void onnx_malformed(struct onnx_scan *s, const struct wl_pb *pb)
{
	char *key;

	if (s->failed)
		return;
	s->failed = 1;
	key = wl_printf_alloc("onnx-malformed:%s", pb->error);
	wl_format_issue(s->ctx, "onnx.malformed", "onnx", s->member, pb->error_off, key, NULL,
			"ONNX model is not valid protobuf: %s; external data was not fully checked", pb->error);
	free(key);
}

static const struct wl_loc line1 = { NULL, 1, 0, 0, 0 };

/* Why a location escapes the model folder, or NULL when it stays inside. */
static const char *location_escape(const unsigned char *p, size_t n)
{
	size_t i, start = 0;

	if (n == 0)
		return NULL;
	if (p[0] == '/' || p[0] == '\\')
		return "is an absolute path";
	if (n >= 2 && p[1] == ':' && ((p[0] | 32) >= 'a' && (p[0] | 32) <= 'z'))
		return "is a Windows drive path";
	if (memchr(p, '\0', n))
		return "contains a NUL byte";
	if (n >= 5 && (memcmp(p, "file:", 5) == 0 || memmem(p, n, "://", 3)))
		return "is a URL";
	for (i = 0; i <= n; i++) {
		if (i == n || p[i] == '/' || p[i] == '\\') {
			if (i - start == 2 && p[start] == '.' && p[start + 1] == '.')
				return "climbs out of the model folder with '..'";
			start = i + 1;
		}
	}
	if (p[0] == '~')
		return "starts with '~' (home directory)";
	return NULL;
}

static void onnx_tensor(struct onnx_scan *s, const struct wl_pb_field *tf)
{
	struct wl_pb pb, ent;
	struct wl_pb_field f, ef;
	const unsigned char *name = NULL;
	size_t namelen = 0;
	int r, r2;

	wl_pb_sub(&pb, tf);
	/* name may follow external_data; find it first */
	while ((r = wl_pb_next(&pb, &f)) > 0) {
		if (f.num == TENSOR_NAME && f.wire == WL_PB_LEN) {
			name = f.data;
			namelen = f.len;
		}
	}
	if (r < 0) {
		onnx_malformed(s, &pb);
		return;
	}
	wl_pb_sub(&pb, tf);
	while ((r = wl_pb_next(&pb, &f)) > 0) {
		const unsigned char *key = NULL, *val = NULL;
		size_t klen = 0, vlen = 0;
		uint64_t voff = f.off;
		struct wl_model_ref ref;

		if (f.num != TENSOR_EXTERNAL_DATA || f.wire != WL_PB_LEN)
			continue;
		wl_pb_sub(&ent, &f);
		while ((r2 = wl_pb_next(&ent, &ef)) > 0) {
			if (ef.wire != WL_PB_LEN)
				continue;
			if (ef.num == ENTRY_KEY) {
				key = ef.data;
				klen = ef.len;
			} else if (ef.num == ENTRY_VALUE) {
				val = ef.data;
				vlen = ef.len;
				voff = ef.off;
			}
		}
		if (r2 < 0) {
			onnx_malformed(s, &ent);
			return;
		}
		if (!key || klen != 8 || memcmp(key, "location", 8) != 0 || !val)
			continue;
		wl_model_ref_init(&ref, WL_REF_ONNX_EXTERNAL, "onnx", s->member, voff, s->scope);
		ref.label = "ONNX model";
		ref.value = (const char *)val;
		ref.value_len = vlen;
		ref.name = name ? (const char *)name : "";
		ref.name_len = namelen;
		ref.escape = location_escape(val, vlen);
		wl_fact_emit(s->ctx, WL_FACT_MODEL_REF, &line1, &ref);
	}
	if (r < 0)
		onnx_malformed(s, &pb);
}

/* What message type a length-delimited field of `m` holds, or -1. */
static int onnx_child(enum onnx_msg m, uint32_t num)
{
	switch (m) {
	case M_MODEL:
		return num == MODEL_GRAPH ? M_GRAPH : num == MODEL_FUNCTIONS ? M_FUNCTION
		     : num == MODEL_TRAINING_INFO ? M_TRAINING : -1;
	case M_TRAINING:
		return num == TRAINING_INITIALIZATION || num == TRAINING_ALGORITHM ? M_GRAPH : -1;
	case M_GRAPH:
		return num == GRAPH_NODE ? M_NODE : num == GRAPH_INITIALIZER ? M_TENSOR
		     : num == GRAPH_SPARSE_INITIALIZER ? M_SPARSE : -1;
	case M_FUNCTION:
		return num == FUNCTION_NODE ? M_NODE : -1;
	case M_NODE:
		return num == NODE_ATTRIBUTE ? M_ATTR : -1;
	case M_ATTR:
		return num == ATTR_T || num == ATTR_TENSORS ? M_TENSOR
		     : num == ATTR_G || num == ATTR_GRAPHS ? M_GRAPH
		     : num == ATTR_SPARSE_TENSOR || num == ATTR_SPARSE_TENSORS ? M_SPARSE : -1;
	case M_SPARSE:
		return num == SPARSE_VALUES || num == SPARSE_INDICES ? M_TENSOR : -1;
	case M_TENSOR:
		return -1;
	}
	return -1;
}

static void onnx_walk(struct onnx_scan *s, struct wl_pb *pb, enum onnx_msg m, int depth)
{
	struct wl_pb_field f;
	int r;

	while ((r = wl_pb_next(pb, &f)) > 0) {
		int child;
		struct wl_pb sub;

		if (f.wire != WL_PB_LEN || (child = onnx_child(m, f.num)) < 0)
			continue;
		if (child == M_TENSOR) {
			onnx_tensor(s, &f);
			continue;
		}
		if (depth >= ONNX_MAX_DEPTH) {
			if (!s->deep) {
				wl_format_issue(s->ctx, "limit.onnx-depth", "onnx", s->member, f.off, "onnx-depth",
					NULL, "ONNX subgraphs nest deeper than %d levels; deeper ones were not checked",
					ONNX_MAX_DEPTH);
				s->deep = 1;
			}
			continue;
		}
		wl_pb_sub(&sub, &f);
		onnx_walk(s, &sub, (enum onnx_msg)child, depth + 1);
	}
	if (r < 0)
		onnx_malformed(s, pb);
}

int wl_onnx_scan_bytes(struct wl_ctx *ctx, const char *member,
		       const unsigned char *data, size_t size)
{
	struct onnx_scan s = { ctx, member, NULL, 0, 0 };
	struct wl_model_ref end;
	struct wl_pb pb;

	s.scope = wl_ctx_alloc(ctx, sizeof(*s.scope));
	memset(s.scope, 0, sizeof(*s.scope));
	wl_pb_init(&pb, data, size, 0);
	onnx_walk(&s, &pb, M_MODEL, 0);
	wl_model_ref_init(&end, WL_REF_END, "onnx", member, 0, s.scope);
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, &end);
	return s.failed ? WL_EFORMAT : WL_OK;
}

static int onnx_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	wl_onnx_scan_bytes(ctx, NULL, f->data, f->size);
	return 0;
}

const struct wl_scanner wl_scanner_onnx = {
	.name = "onnx",
	.exts = WL_LIST(".onnx"),
	.scan = onnx_scan,
};
