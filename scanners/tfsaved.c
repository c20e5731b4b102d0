/*
 * tfsaved.c - TensorFlow saved_model.pb: every NodeDef op in every
 * MetaGraphDef graph and in the graph's function library, checked for ops
 * that call back into Python (PyFunc family) or touch the filesystem
 * (ReadFile, WriteFile ...). A schema-free, bounded protobuf walk; never
 * loads the graph.
 */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include "fmtutil.h"
#include "protowire.h"

#define TF_MAX_REPORTS 16
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

static const char *const tf_python_ops[] = { "PyFunc", "PyFuncStateless", "EagerPyFunc", "PyCall" };
static const char *const tf_file_ops[] = { "ReadFile", "WriteFile", "MatchingFiles", "DeleteFile",
					   "ImmutableConst" };

struct tf_scan {
	struct wl_ctx *ctx;
	const char *member;
	unsigned nreports;
	uint64_t nodes;
	int failed;
};

static int in_ops(const unsigned char *op, size_t n, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], op, n) == 0)
			return 1;
	return 0;
}

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

static void tf_node(struct tf_scan *s, const struct wl_pb_field *nf, const char *where)
{
	struct wl_pb pb;
	struct wl_pb_field f;
	const unsigned char *op = NULL, *name = NULL;
	size_t oplen = 0, namelen = 0;
	uint64_t opoff = nf->off;
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
	{
		int py = in_ops(op, oplen, tf_python_ops, WL_ARRAY_SIZE(tf_python_ops));
		int io = !py && in_ops(op, oplen, tf_file_ops, WL_ARRAY_SIZE(tf_file_ops));
		char *dop, *dname;
		struct wl_finding *fd;

		if (!py && !io)
			return;
		if (++s->nreports > TF_MAX_REPORTS)
			return;
		dop = wl_fmt_display((const char *)op, oplen, 64);
		dname = wl_fmt_display(name ? (const char *)name : "", namelen, 120);
		fd = wl_report_bin(s->ctx, py ? "WL360" : "WL361", s->member, opoff,
				   "%s node \"%s\" runs op %s, which %s", where, dname, dop,
				   py ? "calls an arbitrary Python function" : "reads or writes files on the host");
		if (fd) {
			wl_finding_key(fd, "tf-op:%s:%s", dop, dname);
			wl_finding_prop(fd, "op", "%s", dop);
			wl_finding_prop(fd, "node", "%s", dname);
		}
		free(dname);
		free(dop);
	}
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
	struct tf_scan s = { ctx, member, 0, 0, 0 };
	struct wl_pb pb, mg;
	struct wl_pb_field f, mf;
	int r;

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
	if (s.nreports > TF_MAX_REPORTS) {
		struct wl_finding *fd = wl_report_bin(ctx, "WL361", member, 0,
			"%u more Python or file ops in saved_model.pb not listed", s.nreports - TF_MAX_REPORTS);
		if (fd)
			wl_finding_key(fd, "tf-op:more");
	}
	return s.failed ? WL_EFORMAT : WL_OK;
}

static int tfsaved_wants(const struct wl_file *f)
{
	return strcmp(f->name, "saved_model.pb") == 0 && !wl_magic_for_artifact(f->magic);
}

static int tfsaved_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	wl_tfsaved_scan_bytes(ctx, NULL, f->data, f->size);
	return 0;
}

const struct wl_scanner wl_scanner_tfsaved = {
	.name = "tfsaved",
	.wants = tfsaved_wants,
	.scan = tfsaved_scan,
};
