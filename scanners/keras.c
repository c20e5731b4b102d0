/*
 * keras.c - Keras model configs: Lambda layers (marshalled bytecode) and
 * module/function references that make the loader import arbitrary
 * callables (CVE-2025-1550, -8747, -9906, -49655 class). The config comes
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

#define KERAS_MAX_REPORTS 16
#define KERAS_MAX_CONFIG (64u * 1024u * 1024u)

/* Module namespaces whose classes Keras may import while loading. */
static const char *const keras_modules[] = {
	"keras", "tensorflow", "tf_keras", "keras_hub", "keras_nlp", "keras_cv",
	"tensorflow_addons", "tensorflow_text", "tensorflow_probability",
};

/* Callables that must never be reachable from a config, even inside Keras:
 * downloads (CVE-2025-8747), turning safe mode off (CVE-2025-9906), nested
 * loaders, and wrappers that unpickle (CVE-2025-49655). */
static const char *const keras_dangerous_names[] = {
	"get_file", "enable_unsafe_deserialization", "load_model", "load_weights",
	"model_from_json", "model_from_yaml", "deserialize_keras_object", "TorchModuleWrapper",
	"py_function", "numpy_function", "py_func", "read_file", "write_file", "system", "popen",
	"eval", "exec", "__import__", "import_module", "getattr",
};

struct keras_scan {
	struct wl_ctx *ctx;
	const char *member;
	const char *label;   /* "config.json", "model_config attribute" ... */
	const char *src;
	uint64_t base;       /* file offset of src[0] (inside member when member != NULL) */
	uint32_t lambda_end; /* inside a reported Lambda layer up to this byte */
	unsigned nreports;
};

static int dotted_under(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(name, prefix, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

static int keras_module_ok(const char *m)
{
	size_t i;

	for (i = 0; i < WL_ARRAY_SIZE(keras_modules); i++)
		if (dotted_under(m, keras_modules[i]))
			return 1;
	return 0;
}

static int keras_name_dangerous(const char *n)
{
	const char *last = strrchr(n, '.');
	const char *gt = strrchr(n, '>');
	size_t i;

	if (gt && (!last || gt > last))
		last = gt;
	last = last ? last + 1 : n;
	for (i = 0; i < WL_ARRAY_SIZE(keras_dangerous_names); i++)
		if (strcmp(last, keras_dangerous_names[i]) == 0)
			return 1;
	return 0;
}

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

static struct wl_finding *keras_report(struct keras_scan *ks, const char *rule, TSNode at,
				       const char *fmt, ...) WL_PRINTF(4, 5);
static struct wl_finding *keras_report(struct keras_scan *ks, const char *rule, TSNode at,
				       const char *fmt, ...)
{
	struct wl_finding *f;
	char *msg;
	va_list ap;
	TSPoint p = ts_node_start_point(at);

	if (++ks->nreports > KERAS_MAX_REPORTS)
		return NULL;
	va_start(ap, fmt);
	msg = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	if (ks->member || ks->base)
		/* binary host (.h5, .keras member): line 1 + member + offset */
		f = wl_report_bin(ks->ctx, rule, ks->member, ks->base + ts_node_start_byte(at), "%s", msg);
	else
		f = wl_report_at(ks->ctx, rule, NULL, 0, p.row + 1, p.column + 1, "%s", msg);
	free(msg);
	return f;
}

static void keras_object(struct keras_scan *ks, TSNode obj)
{
	char *cls = obj_str(ks, obj, "class_name");
	char *module = obj_str(ks, obj, "module");
	char *reg = obj_str(ks, obj, "registered_name");
	TSNode config = wl_json_get(obj, ks->src, "config");
	char *fname = NULL, *lname = NULL;
	struct wl_finding *f;
	uint32_t start = ts_node_start_byte(obj);

	if (start < ks->lambda_end)
		goto done; /* the Lambda's own config (module "__main__", bytecode) */
	if (cls && is_lambda_class(cls)) {
		lname = obj_str(ks, config, "name");
		f = keras_report(ks, "WL350", obj,
				 "%s has a Lambda layer%s%s%s: its function is marshalled Python bytecode that runs on load",
				 ks->label, lname ? " \"" : "", lname ? lname : "", lname ? "\"" : "");
		if (f) {
			wl_finding_key(f, "keras-lambda:%s", lname ? lname : "");
			wl_finding_prop(f, "layer", "%s", lname ? lname : "");
		}
		ks->lambda_end = ts_node_end_byte(obj);
		goto done;
	}
	if (cls && keras_name_dangerous(cls) && strstr(cls, "TorchModuleWrapper")) {
		f = keras_report(ks, "WL351", obj,
				 "%s has a TorchModuleWrapper layer: its state is a pickled torch module that is unpickled on load",
				 ks->label);
		if (f)
			wl_finding_key(f, "keras-ref:TorchModuleWrapper");
		/* its config's "module" is the pickled blob, not a module name */
		ks->lambda_end = ts_node_end_byte(obj);
		goto done;
	}
	/* {"module": M, "class_name": "function", "config": "name"} names a
	 * function; otherwise class_name is the class imported from M. */
	if (cls && strcmp(cls, "function") == 0)
		fname = wl_json_string(config, ks->src, NULL);
	if (module) {
		const char *what = fname ? fname : cls ? cls : "";
		int bad_module = !keras_module_ok(module);

		if (bad_module || keras_name_dangerous(what)) {
			char *dm = wl_fmt_display(module, strlen(module), 120);
			char *dw = wl_fmt_display(what, strlen(what), 120);

			f = keras_report(ks, "WL351", obj,
					 "%s references %s%s%s (%s): loading the model imports and calls it",
					 ks->label, dm, *dw ? "." : "", dw,
					 bad_module ? "a module outside Keras" : "a Keras function that must not be reachable from a config");
			if (f) {
				wl_finding_key(f, "keras-ref:%s.%s", dm, dw);
				wl_finding_prop(f, "import", "%s%s%s", dm, *dw ? "." : "", dw);
			}
			free(dw);
			free(dm);
			goto done;
		}
	}
	if (reg && keras_name_dangerous(reg)) {
		char *dr = wl_fmt_display(reg, strlen(reg), 120);

		f = keras_report(ks, "WL351", obj, "%s references registered object \"%s\": loading the model calls it",
				 ks->label, dr);
		if (f)
			wl_finding_key(f, "keras-ref:%s", dr);
		free(dr);
	} else if (fname && !module && keras_name_dangerous(fname)) {
		char *df = wl_fmt_display(fname, strlen(fname), 120);

		f = keras_report(ks, "WL351", obj, "%s references function \"%s\": loading the model calls it",
				 ks->label, df);
		if (f)
			wl_finding_key(f, "keras-ref:%s", df);
		free(df);
	}
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
	struct wl_finding *f;

	if (ftype && strcmp(ftype, "lambda") == 0 && ts_node_start_byte(obj) >= ks->lambda_end) {
		f = keras_report(ks, "WL350", obj,
				 "%s has a function of type \"lambda\": marshalled Python bytecode that runs on load",
				 ks->label);
		if (f)
			wl_finding_key(f, "keras-lambda:function_type");
		ks->lambda_end = ts_node_end_byte(obj);
	}
	free(ftype);
}

int wl_keras_config_check(struct wl_ctx *ctx, const char *member, const char *label,
			  const char *json, size_t len, uint64_t base)
{
	struct keras_scan ks = { ctx, member, label, json, base, 0, 0 };
	TSTreeCursor cur;
	TSParser *p;
	TSTree *tree;
	int done = 0;

	if (len > KERAS_MAX_CONFIG) {
		wl_format_issue(ctx, "limit.keras-config", "keras", member, base, "keras-config-size", NULL,
			"Keras %s of %zu bytes is larger than the %u bytes weaklink parses", label, len,
			KERAS_MAX_CONFIG);
		return WL_ELIMIT;
	}
	p = wl_ctx_parser(ctx, WL_LANG_JSON);
	if (!p) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no JSON parser available for the Keras config");
		return WL_EIO;
	}
	tree = ts_parser_parse_string(p, NULL, json, (uint32_t)len);
	if (!tree || ts_node_has_error(ts_tree_root_node(tree))) {
		struct wl_finding *f = wl_report_bin(ctx, "WL352", member, base,
			"Keras %s is not valid JSON; Lambda layers and callable references were not fully checked",
			label);
		if (f)
			wl_finding_key(f, "keras-config-json");
		if (!tree)
			return WL_EFORMAT;
	}
	cur = ts_tree_cursor_new(ts_tree_root_node(tree));
	while (!done) {
		TSNode n = ts_tree_cursor_current_node(&cur);

		if (strcmp(ts_node_type(n), "object") == 0) {
			keras_object(&ks, n);
			keras_function_pair(&ks, n);
		}
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				done = 1;
				break;
			}
		}
	}
	ts_tree_cursor_delete(&cur);
	ts_tree_delete(tree);
	if (ks.nreports > KERAS_MAX_REPORTS) {
		struct wl_finding *f = wl_report_bin(ctx, "WL351", member, base,
			"%u more Lambda layers or callable references in the Keras %s not listed",
			ks.nreports - KERAS_MAX_REPORTS, label);
		if (f)
			wl_finding_key(f, "keras-ref:more");
	}
	return WL_OK;
}

int wl_keras_config_scan_bytes(struct wl_ctx *ctx, const char *member,
			       const unsigned char *data, size_t size)
{
	return wl_keras_config_check(ctx, member, "config.json", (const char *)data, size, 0);
}
