/*
 * keras.c - Keras model configs: every object that names a class, module,
 * registered object or function becomes a WL_FACT_MODEL_REF (facts_format.h);
 * rules/formats.c decides which are Lambda layers (marshalled bytecode) or
 * callables the loader must not import (CVE-2025-1550, -8747, -9906, -49655
 * class). The config comes
 * from a .keras archive's config.json or from an HDF5 file's model_config /
 * training_config attribute (h5attr.c finds those without an HDF5 library).
 * Parsed with tree-sitter JSON, walked iteratively; nothing is unmarshalled.
 */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "fmtutil.h"
#include "jsonts.h"
#include "keras.h"

#define KERAS_MAX_CONFIG (64u * 1024u * 1024u)

struct keras_scan {
	struct wl_ctx *ctx;
	const char *member;
	const char *label;   /* "config.json", "model_config attribute" ... */
	const char *src;
	uint64_t base;       /* file offset of src[0] (inside member when member != NULL) */
	uint32_t lambda_end; /* inside a Lambda / TorchModuleWrapper config up to this byte */
	struct wl_ref_scope *scope;
};

/* Lambda as Keras resolves it: "Lambda", "__lambda__", or a qualified
 * spelling ("keras.layers.Lambda", "keras>Lambda"). */
static int is_lambda_class(const char *cls)
{
	const char *last = strrchr(cls, '.'), *gt = strrchr(cls, '>');

	if (gt && (!last || gt > last))
		last = gt;
	last = last ? last + 1 : cls;
	return strcmp(last, "Lambda") == 0 || strcmp(cls, "__lambda__") == 0;
}

static char *obj_str(struct keras_scan *ks, TSNode obj, const char *key)
{
	return wl_json_string(wl_json_get(obj, ks->src, key), ks->src, NULL);
}

/* The config of a Lambda is marshalled bytecode and that of a
 * TorchModuleWrapper a pickled module: what sits inside names nothing the
 * loader imports (its "module" is "__main__" or a blob). */
static int opaque_config(const char *cls)
{
	const char *last = strrchr(cls, '.'), *gt = strrchr(cls, '>');

	if (gt && (!last || gt > last))
		last = gt;
	last = last ? last + 1 : cls;
	return is_lambda_class(cls) || strcmp(last, "TorchModuleWrapper") == 0;
}

static void keras_emit(struct keras_scan *ks, struct wl_model_ref *ref, TSNode at)
{
	struct wl_loc loc = { 0 };

	ref->label = ks->label;
	ref->binary = ks->member || ks->base; /* .h5 attribute, .keras member: line 1 + offset */
	if (ref->binary) {
		loc.line = 1;
	} else {
		loc = wl_ts_node_loc(at);
	}
	wl_fact_emit(ks->ctx, WL_FACT_MODEL_REF, &loc, ref);
}

static void keras_object(struct keras_scan *ks, TSNode obj)
{
	char *cls = obj_str(ks, obj, "class_name");
	char *module = obj_str(ks, obj, "module");
	char *reg = obj_str(ks, obj, "registered_name");
	TSNode config = wl_json_get(obj, ks->src, "config");
	uint32_t start = ts_node_start_byte(obj);
	char *fname = NULL, *lname = NULL;
	struct wl_model_ref ref;

	if (start < ks->lambda_end || (!cls && !module && !reg))
		goto done;
	wl_model_ref_init(&ref, WL_REF_KERAS_OBJECT, "keras", ks->member, ks->base + start, ks->scope);
	if (cls && strcmp(cls, "function") == 0)
		fname = wl_json_string(config, ks->src, NULL);
	if (cls)
		lname = obj_str(ks, config, "name");
	if (cls && opaque_config(cls))
		ks->lambda_end = ts_node_end_byte(obj);
	ref.class_name = cls;
	ref.module = module;
	ref.registered_name = reg;
	ref.function = fname;
	ref.name = lname;
	keras_emit(ks, &ref, obj);
done:
	free(lname);
	free(fname);
	free(reg);
	free(module);
	free(cls);
}

/* Keras 2 configs name a raw function with function_type "raw"/"lambda"
 * next to "function"; a "lambda" there is bytecode even without class_name. */
static void keras_function_pair(struct keras_scan *ks, TSNode obj)
{
	char *ftype = obj_str(ks, obj, "function_type");
	struct wl_model_ref ref;

	if (ftype && ts_node_start_byte(obj) >= ks->lambda_end) {
		wl_model_ref_init(&ref, WL_REF_KERAS_FUNCTION_TYPE, "keras", ks->member,
				  ks->base + ts_node_start_byte(obj), ks->scope);
		ref.value = ftype;
		ref.value_len = strlen(ftype);
		if (strcmp(ftype, "lambda") == 0)
			ks->lambda_end = ts_node_end_byte(obj);
		keras_emit(ks, &ref, obj);
	}
	free(ftype);
}

static const struct wl_loc line1 = { NULL, 1, 0, 0, 0 };

int wl_keras_config_check(struct wl_ctx *ctx, const char *member, const char *label,
			  const char *json, size_t len, uint64_t base)
{
	struct wl_model_ref ref;
	struct keras_scan ks = { ctx, member, label, json, base, 0, NULL };
	TSTreeCursor cur;
	TSParser *p;
	TSTree *tree;
	unsigned depth = 0;

	if (len > KERAS_MAX_CONFIG) {
		wl_format_issue(ctx, "limit.keras-config", "keras", member, base, "keras-config-size", NULL,
			"Keras %s of %zu bytes is larger than the %u bytes weaklink parses", label, len,
			KERAS_MAX_CONFIG);
		return WL_ELIMIT;
	}
	ks.scope = wl_ctx_alloc(ctx, sizeof(*ks.scope));
	memset(ks.scope, 0, sizeof(*ks.scope));
	p = wl_ctx_parser(ctx, WL_LANG_JSON);
	if (!p) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no JSON parser available for the Keras config");
		return WL_EIO;
	}
	tree = ts_parser_parse_string(p, NULL, json, (uint32_t)len);
	if (!tree || ts_node_has_error(ts_tree_root_node(tree))) {
		wl_format_issue(ctx, "keras.invalid-json", "keras", member, base, "keras-config-json", NULL,
			"Keras %s is not valid JSON; Lambda layers and callable references were not fully checked",
			label);
		if (!tree)
			return WL_EFORMAT;
	}
	cur = ts_tree_cursor_new(ts_tree_root_node(tree));
	do {
		TSNode n = ts_tree_cursor_current_node(&cur);

		if (strcmp(ts_node_type(n), "object") == 0) {
			keras_object(&ks, n);
			keras_function_pair(&ks, n);
		}
	} while (wl_ts_walk_next(&cur, &depth, 1));
	ts_tree_cursor_delete(&cur);
	ts_tree_delete(tree);
	wl_model_ref_init(&ref, WL_REF_END, "keras", member, base, ks.scope);
	ref.label = label;
	wl_fact_emit(ctx, WL_FACT_MODEL_REF, &line1, &ref);
	return WL_OK;
}

int wl_keras_config_scan_bytes(struct wl_ctx *ctx, const char *member,
			       const unsigned char *data, size_t size)
{
	return wl_keras_config_check(ctx, member, "config.json", (const char *)data, size, 0);
}

/* A .keras archive keeps the model config in a top-level config.json: read
 * only as a container member (the artifact scanner hands it over). */
const struct wl_scanner wl_scanner_keras_config = {
	.name = "keras-config",
	.scan_bytes = wl_keras_config_scan_bytes,
	.member_names = WL_LIST("config.json"),
};
