/*
 * tfsaved.c - TensorFlow saved_model.pb: every NodeDef op in every
 * MetaGraphDef graph and in the graph's function library becomes a
 * WL_FACT_MODEL_REF (facts_format.h); rules/formats.c decides which ops are
 * dangerous (PyFunc family, file I/O). A schema-free, bounded protobuf walk;
 * never loads the graph.
 */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include "fmtutil.h"
#include "protowire.h"

#define TF_MAX_NODES 10000000u

/* Field numbers from tensorflow/core/protobuf/saved_model.proto,
 * meta_graph.proto, framework/graph.proto, node_def.proto, function.proto. */
enum {
	SAVEDMODEL_META_GRAPHS = 2,
	METAGRAPH_GRAPH_DEF = 2,
	GRAPH_NODE = 1,
	GRAPH_LIBRARY = 2,
	LIBRARY_FUNCTION = 1,
	FUNCTION_NODE_DEF = 3,
	NODE_NAME = 1,
	NODE_OP = 2,
};

struct tf_scan {
	struct wl_ctx *ctx;
	const char *member;
	struct wl_ref_scope *scope;
	uint64_t nodes;
	int failed;
};

static void tf_malformed(struct tf_scan *s, const struct wl_pb *pb)
{
	char *key;

	if (s->failed)
		return;
	s->failed = 1;
	key = wl_printf_alloc("tf-malformed:%s", pb->error);
	wl_format_issue(s->ctx, "savedmodel.malformed", "savedmodel", s->member, pb->error_off, key, NULL,
			"saved_model.pb is not valid protobuf: %s; the graph was not fully checked", pb->error);
	free(key);
}

static const struct wl_loc line1 = { NULL, 1, 0, 0, 0 };

static void tf_node(struct tf_scan *s, const struct wl_pb_field *nf, const char *where)
{
	struct wl_pb pb;
	struct wl_pb_field f;
	const unsigned char *op = NULL, *name = NULL;
	size_t oplen = 0, namelen = 0;
	uint64_t opoff = nf->off;
	struct wl_model_ref ref;
	int r;

	wl_pb_sub(&pb, nf);
	while ((r = wl_pb_next(&pb, &f)) > 0) {
		if (f.wire != WL_PB_LEN)
			continue;
		if (f.num == NODE_OP) {
			op = f.data;
			oplen = f.len;
			opoff = f.off;
		} else if (f.num == NODE_NAME) {
			name = f.data;
			namelen = f.len;
		}
	}
	if (r < 0) {
		tf_malformed(s, &pb);
		return;
	}
	if (!op)
		return;
	wl_model_ref_init(&ref, WL_REF_TF_OP, "savedmodel", s->member, opoff, s->scope);
	ref.label = "saved_model.pb";
	ref.context = where;
	ref.value = (const char *)op;
	ref.value_len = oplen;
	ref.name = name ? (const char *)name : "";
	ref.name_len = namelen;
	wl_fact_emit(s->ctx, WL_FACT_MODEL_REF, &line1, &ref);
}

/* Calls fn-style dispatch for each NodeDef under a GraphDef. */
static void tf_graph(struct tf_scan *s, const struct wl_pb_field *gf)
{
	struct wl_pb pb, lib, fn;
	struct wl_pb_field f, lf, ff;
	int r;

	wl_pb_sub(&pb, gf);
	while ((r = wl_pb_next(&pb, &f)) > 0) {
		if (f.wire != WL_PB_LEN)
			continue;
		if (++s->nodes > TF_MAX_NODES) {
			wl_format_issue(s->ctx, "limit.savedmodel-nodes", "savedmodel", s->member, f.off,
				"tf-node-count", NULL,
				"saved_model.pb has more than %u nodes; the rest were not checked", TF_MAX_NODES);
			return;
		}
		if (f.num == GRAPH_NODE) {
			tf_node(s, &f, "graph");
		} else if (f.num == GRAPH_LIBRARY) {
			wl_pb_sub(&lib, &f);
			while ((r = wl_pb_next(&lib, &lf)) > 0) {
				if (lf.num != LIBRARY_FUNCTION || lf.wire != WL_PB_LEN)
					continue;
				wl_pb_sub(&fn, &lf);
				while ((r = wl_pb_next(&fn, &ff)) > 0)
					if (ff.num == FUNCTION_NODE_DEF && ff.wire == WL_PB_LEN)
						tf_node(s, &ff, "function");
				if (r < 0) {
					tf_malformed(s, &fn);
					return;
				}
			}
			if (r < 0) {
				tf_malformed(s, &lib);
				return;
			}
		}
	}
	if (r < 0)
		tf_malformed(s, &pb);
}

int wl_tfsaved_scan_bytes(struct wl_ctx *ctx, const char *member,
			  const unsigned char *data, size_t size)
{
	struct tf_scan s = { ctx, member, NULL, 0, 0 };
	struct wl_model_ref end;
	struct wl_pb pb, mg;
	struct wl_pb_field f, mf;
	int r;

	s.scope = wl_ctx_alloc(ctx, sizeof(*s.scope));
	memset(s.scope, 0, sizeof(*s.scope));
	wl_pb_init(&pb, data, size, 0);
	while ((r = wl_pb_next(&pb, &f)) > 0) {
		if (f.num != SAVEDMODEL_META_GRAPHS || f.wire != WL_PB_LEN)
			continue;
		wl_pb_sub(&mg, &f);
		while ((r = wl_pb_next(&mg, &mf)) > 0)
			if (mf.num == METAGRAPH_GRAPH_DEF && mf.wire == WL_PB_LEN)
				tf_graph(&s, &mf);
		if (r < 0)
			tf_malformed(&s, &mg);
	}
	if (r < 0)
		tf_malformed(&s, &pb);
	wl_model_ref_init(&end, WL_REF_END, "savedmodel", member, 0, s.scope);
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, &end);
	return s.failed ? WL_EFORMAT : WL_OK;
}

static int tfsaved_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	wl_tfsaved_scan_bytes(ctx, NULL, f->data, f->size);
	return 0;
}

const struct wl_scanner wl_scanner_tfsaved = {
	.name = "tfsaved",
	.names = WL_LIST("saved_model.pb"),
	.scan = tfsaved_scan,
};
