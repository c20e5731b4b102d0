/*
 * formats.c - rules for the non-pickle artifact formats (safetensors, GGUF,
 * Keras, TensorFlow SavedModel, ONNX). The parsers in scanners/ describe what
 * they read as facts (facts_artifact.h: integrity issues; facts_format.h:
 * references a model makes); this module decides which of them are findings
 * and owns the policy lists (TensorFlow Python and file ops, Keras module
 * namespaces and forbidden callables).
 * A verification limit a parser hits is a "limit.*" artifact fact, reported
 * by rules/artifact.c as WL311 like every other scan limit.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "facts_artifact.h"
#include "facts_format.h"
#include "fmtutil.h"
#include "where.h"

/* Findings one artifact may produce from its references; the rest are
 * counted in one "N more not listed" finding (a hostile file could hold
 * millions). */
#define REF_MAX_REPORTS 16

/* TensorFlow ops that call back into Python (WL360) or touch files (WL361). */
static const char *const tf_python_ops[] = { "PyFunc", "PyFuncStateless", "EagerPyFunc", "PyCall" };
static const char *const tf_file_ops[] = { "ReadFile", "WriteFile", "MatchingFiles", "DeleteFile",
					   "ImmutableConst" };

static const struct wl_rule format_rules[] = {
	{
		.id = "WL330",
		.name = "safetensors-invalid-header",
		.short_desc = "safetensors header is invalid or ambiguous",
		.full_desc = "The file is named or shaped like safetensors but its header is not what the safetensors "
			     "loader accepts: the 8-byte length is out of range, the header is not UTF-8 JSON starting "
			     "with '{', a tensor entry lacks dtype/shape/data_offsets or names an unknown dtype, "
			     "__metadata__ is not a string map, or a key appears twice (readers disagree on which copy "
			     "wins). Such a file is either broken or something else wearing a safetensors name, "
			     "for example a pickle that another loader will happily execute.",
		.help_md = "A safetensors file cannot run code, which is why attackers dress other formats up as one. "
			   "Re-export the weights with the `safetensors` library (`save_file`) from a trusted source "
			   "and compare hashes with the upstream release. Never fall back to `torch.load` on a file "
			   "that failed safetensors validation.",
		.cwe = 20,
		.level = WL_LEVEL_ERROR,
		.security_severity = 6.5,
		.precision = "very-high",
		.tags = "supply-chain,model,safetensors",
	},
	{
		.id = "WL331",
		.name = "safetensors-layout-inconsistent",
		.short_desc = "safetensors tensor offsets do not tile the data section",
		.full_desc = "Tensor data_offsets overlap, leave gaps, run past the end of the file, or disagree with "
			     "dtype x shape; or bytes after the last tensor belong to no tensor. Real writers lay "
			     "tensors out back to back. Unowned bytes are a place to hide a second payload; overlaps "
			     "make two tensors share storage.",
		.help_md = "Re-save the tensors with the `safetensors` library, which writes a contiguous layout, "
			   "and check the file against the publisher's hash.",
		.cwe = 20,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = "supply-chain,model,safetensors",
	},
	{
		.id = "WL340",
		.name = "gguf-malformed",
		.short_desc = "GGUF file is malformed",
		.full_desc = "The GGUF header or key/value section cannot be walked: unknown version or value type, "
			     "a length or count that runs past the end of the file, a duplicate key or tensor name, "
			     "a bad general.alignment, or tensor infos that ggml rejects. Parsers of GGUF have had "
			     "memory-safety bugs on exactly such inputs, and a duplicate key lets two readers see "
			     "different metadata (for example two chat templates).",
		.help_md = "Download the model again from its publisher and verify its hash; regenerate it with "
			   "llama.cpp's `gguf` tools if you built it yourself.",
		.cwe = 20,
		.level = WL_LEVEL_ERROR,
		.security_severity = 6.5,
		.precision = "very-high",
		.tags = "supply-chain,model,gguf",
	},
	{
		.id = "WL341",
		.name = "gguf-tensor-layout",
		.short_desc = "GGUF tensor data does not match its tensor infos",
		.full_desc = "A tensor's offset, alignment or size (from its ggml type and dimensions) does not fit the "
			     "data section, a tensor uses an unknown ggml type, or bytes after the last tensor belong "
			     "to no tensor.",
		.help_md = "Regenerate or re-download the file; check it against the publisher's hash.",
		.cwe = 20,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = "supply-chain,model,gguf",
	},
	{
		.id = "WL350",
		.name = "keras-lambda-layer",
		.short_desc = "Keras model contains a Lambda layer (marshalled Python bytecode)",
		.full_desc = "A Lambda layer stores its function as marshalled Python bytecode in the model config; "
			     "loading the model (with safe_mode off, or in Keras versions before safe_mode existed) "
			     "runs that bytecode. This is the most common way to ship code in a .h5 or .keras file.",
		.help_md = "Replace the Lambda layer with a registered custom layer class whose code lives in your "
			   "repository, and load models with `safe_mode=True` (the default in Keras 3). Never call "
			   "`keras.config.enable_unsafe_deserialization()` for a model you did not build.",
		.cwe = 502,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.0,
		.precision = "very-high",
		.tags = "supply-chain,model,keras,code-execution",
	},
	{
		.id = "WL351",
		.name = "keras-unsafe-reference",
		.short_desc = "Keras config loads a callable from outside Keras",
		.full_desc = "The model config names a module, class or function that the loader imports: a module "
			     "outside Keras/TensorFlow, or a Keras function that downloads files or turns safe mode "
			     "off (CVE-2025-1550, CVE-2025-8747, CVE-2025-9906 class), or a TorchModuleWrapper whose "
			     "state is a pickle (CVE-2025-49655 class). Loading the model calls it.",
		.help_md = "Only load Keras models whose config references Keras layers or custom objects defined in "
			   "your own code and passed via `custom_objects`. Upgrade Keras to a release with the fixes "
			   "for the CVEs above and keep `safe_mode=True`.",
		.cwe = 502,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "high",
		.tags = "supply-chain,model,keras,code-execution",
	},
	{
		.id = "WL352",
		.name = "keras-config-unverified",
		.short_desc = "Keras model config could not be read",
		.full_desc = "The file looks like a Keras model (a .keras archive or an HDF5 file with a model_config "
			     "attribute) but its config is missing, not JSON, or stored in a way weaklink does not "
			     "read, so Lambda layers and callable references could not be checked.",
		.help_md = "Re-save the model with `model.save(\"model.keras\")` from a trusted environment, or "
			   "inspect its config by hand before loading it.",
		.cwe = 693,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = "supply-chain,model,keras",
	},
	{
		.id = "WL360",
		.name = "tf-python-op",
		.short_desc = "TensorFlow graph calls back into Python (PyFunc)",
		.full_desc = "A SavedModel graph or function contains PyFunc, PyFuncStateless, EagerPyFunc or PyCall: "
			     "ops that run an arbitrary Python callable when the graph executes.",
		.help_md = "Rebuild the model without `tf.py_function`/`tf.numpy_function`, expressing the logic in "
			   "TensorFlow ops. Do not serve SavedModels from untrusted sources.",
		.cwe = 94,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "very-high",
		.tags = "supply-chain,model,tensorflow,code-execution",
	},
	{
		.id = "WL361",
		.name = "tf-file-io-op",
		.short_desc = "TensorFlow graph reads or writes files",
		.full_desc = "A SavedModel graph or function contains ReadFile, WriteFile, MatchingFiles, DeleteFile or "
			     "a similar op: running the model reads or writes arbitrary paths on the serving host.",
		.help_md = "Check that the file access is intended (for example an asset loaded at init). Prefer "
			   "`tf.saved_model` assets over ops that take a path from input.",
		.cwe = 73,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.5,
		.precision = "medium",
		.tags = "supply-chain,model,tensorflow",
	},
	{
		.id = "WL369",
		.name = "protobuf-model-malformed",
		.short_desc = "Protobuf model (SavedModel/ONNX) is malformed",
		.full_desc = "The saved_model.pb or .onnx file is not well-formed protobuf wire format (a length runs "
			     "past its message, an invalid wire type, a truncated varint) or exceeds nesting limits, "
			     "so the ops and external data references in it could not all be checked.",
		.help_md = "Re-export the model with its framework's own tools and verify the publisher's hash.",
		.cwe = 20,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = "supply-chain,model",
	},
	{
		.id = "WL370",
		.name = "onnx-external-data-escape",
		.short_desc = "ONNX external data path escapes the model directory",
		.full_desc = "A tensor's external_data location is absolute or contains '..', so loading the model "
			     "reads an arbitrary file on the host into the tensor (CVE-2024-27318 / CVE-2022-25882 "
			     "class), which a served model can then leak through its outputs.",
		.help_md = "External data locations must be plain relative paths next to the model. Re-export with "
			   "`onnx.save_model(..., save_as_external_data=True, location=\"weights.bin\")` and upgrade "
			   "`onnx` to a release whose checker rejects such paths.",
		.cwe = 22,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.1,
		.precision = "very-high",
		.tags = "supply-chain,model,onnx,path-traversal",
	},
};

/* Integrity issue kinds (facts_artifact.h) this module owns. */
static const struct {
	const char *prefix;
	const char *rule;
} issue_rules[] = {
	{ "safetensors.invalid", WL330 },
	{ "safetensors.layout", WL331 },
	{ "gguf.malformed", WL340 },
	{ "gguf.layout", WL341 },
	{ "h5.", WL352 },
	{ "keras.", WL352 },
	{ "savedmodel.", WL369 },
	{ "onnx.", WL369 },
};

static void check_issue(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_artifact *a = fact->data;
	struct wl_finding *f;
	size_t i;

	for (i = 0; i < WL_ARRAY_SIZE(issue_rules); i++)
		if (wl_starts_with(a->kind, issue_rules[i].prefix))
			break;
	if (i == WL_ARRAY_SIZE(issue_rules))
		return; /* another module's kind */
	f = wl_report_where(ctx, issue_rules[i].rule, &fact->loc, &a->where, 1, "%s", a->detail);
	if (a->subject)
		wl_finding_key(f, "%s", a->subject);
	if (a->tensor)
		wl_finding_prop(f, "tensor", "%s", a->tensor);
}

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

/* The last component of a dotted or "pkg>Name" spelling. */
static const char *keras_last(const char *n)
{
	const char *last = strrchr(n, '.'), *gt = strrchr(n, '>');

	if (gt && (!last || gt > last))
		last = gt;
	return last ? last + 1 : n;
}

static int keras_name_dangerous(const char *n)
{
	const char *last = keras_last(n);
	size_t i;

	for (i = 0; i < WL_ARRAY_SIZE(keras_dangerous_names); i++)
		if (strcmp(last, keras_dangerous_names[i]) == 0)
			return 1;
	return 0;
}

/* Lambda as Keras resolves it: "Lambda", "__lambda__", or a qualified
 * spelling ("keras.layers.Lambda", "keras>Lambda"). */
static int is_lambda_class(const char *cls)
{
	return strcmp(keras_last(cls), "Lambda") == 0 || strcmp(cls, "__lambda__") == 0;
}

static int in_list(const char *v, size_t n, const char *const *list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strlen(list[i]) == n && memcmp(list[i], v, n) == 0)
			return 1;
	return 0;
}

/* Count one more finding of the artifact; 0 once past the cap. */
static int ref_budget(const struct wl_model_ref *r)
{
	return ++r->scope->reported <= REF_MAX_REPORTS;
}

static void check_tf_op(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_model_ref *r)
{
	int py = in_list(r->value, r->value_len, tf_python_ops, WL_ARRAY_SIZE(tf_python_ops));
	int io = !py && in_list(r->value, r->value_len, tf_file_ops, WL_ARRAY_SIZE(tf_file_ops));
	char *dop, *dname, *msg;
	struct wl_finding *f;

	if ((!py && !io) || !ref_budget(r))
		return;
	dop = wl_fmt_display(r->value, r->value_len, 64);
	dname = wl_fmt_display(r->name, r->name_len, 120);
	msg = wl_printf_alloc("%s node \"%s\" runs op %s, which %s", r->context, dname, dop,
			      py ? "calls an arbitrary Python function" : "reads or writes files on the host");
	f = wl_report_where(ctx, py ? WL360 : WL361, &fact->loc, &r->where, 1, "%s", msg);
	wl_finding_key(f, "tf-op:%s:%s", dop, dname);
	wl_finding_prop(f, "op", "%s", dop);
	wl_finding_prop(f, "node", "%s", dname);
	free(msg);
	free(dname);
	free(dop);
}

static void check_onnx_external(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_model_ref *r)
{
	char *dloc, *dname, *msg;
	struct wl_finding *f;

	if (!r->escape || !ref_budget(r))
		return;
	dloc = wl_fmt_display(r->value, r->value_len, 200);
	dname = wl_fmt_display(r->name, r->name_len, 120);
	msg = wl_printf_alloc("ONNX tensor \"%s\" loads external data from \"%s\", which %s", dname, dloc,
			      r->escape);
	f = wl_report_where(ctx, WL370, &fact->loc, &r->where, 1, "%s", msg);
	wl_finding_key(f, "onnx-external:%s", dloc);
	wl_finding_prop(f, "tensor", "%s", dname);
	wl_finding_prop(f, "location", "%s", dloc);
	free(msg);
	free(dname);
	free(dloc);
}

static struct wl_finding *keras_report(struct wl_ctx *ctx, const struct wl_fact *fact,
				       const struct wl_model_ref *r, const char *rule, const char *fmt, ...)
	WL_PRINTF(5, 6);
static struct wl_finding *keras_report(struct wl_ctx *ctx, const struct wl_fact *fact,
				       const struct wl_model_ref *r, const char *rule, const char *fmt, ...)
{
	struct wl_finding *f;
	char *msg;
	va_list ap;

	if (!ref_budget(r))
		return NULL;
	va_start(ap, fmt);
	msg = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	f = wl_report_where(ctx, rule, &fact->loc, &r->where, r->binary, "%s", msg);
	free(msg);
	return f;
}

/* {"module": M, "class_name": C | "function", "config": F, "registered_name": R} */
static void check_keras_object(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_model_ref *r)
{
	const char *cls = r->class_name, *module = r->module, *reg = r->registered_name;
	const char *fname = r->function, *named;
	struct wl_finding *f;

	if (cls && is_lambda_class(cls)) {
		const char *lname = r->name;

		f = keras_report(ctx, fact, r, WL350,
				 "%s has a Lambda layer%s%s%s: its function is marshalled Python bytecode that runs on load",
				 r->label, lname ? " \"" : "", lname ? lname : "", lname ? "\"" : "");
		if (f) {
			wl_finding_key(f, "keras-lambda:%s", lname ? lname : "");
			wl_finding_prop(f, "layer", "%s", lname ? lname : "");
		}
		return;
	}
	if (cls && strcmp(keras_last(cls), "TorchModuleWrapper") == 0) {
		f = keras_report(ctx, fact, r, WL351,
				 "%s has a TorchModuleWrapper layer: its state is a pickled torch module that is unpickled on load",
				 r->label);
		if (f)
			wl_finding_key(f, "keras-ref:TorchModuleWrapper");
		return;
	}
	if (module) {
		const char *what = fname ? fname : cls ? cls : "";
		int bad_module = !keras_module_ok(module);

		if (bad_module || keras_name_dangerous(what)) {
			char *dm = wl_fmt_display(module, strlen(module), 120);
			char *dw = wl_fmt_display(what, strlen(what), 120);

			f = keras_report(ctx, fact, r, WL351,
					 "%s references %s%s%s (%s): loading the model imports and calls it",
					 r->label, dm, *dw ? "." : "", dw,
					 bad_module ? "a module outside Keras" : "a Keras function that must not be reachable from a config");
			if (f) {
				wl_finding_key(f, "keras-ref:%s.%s", dm, dw);
				wl_finding_prop(f, "import", "%s%s%s", dm, *dw ? "." : "", dw);
			}
			free(dw);
			free(dm);
			return;
		}
	}
	/* a registered object, or a bare function name without a module */
	named = reg && keras_name_dangerous(reg) ? reg
		: fname && !module && keras_name_dangerous(fname) ? fname : NULL;
	if (named) {
		char *dn = wl_fmt_display(named, strlen(named), 120);

		f = keras_report(ctx, fact, r, WL351, "%s references %s \"%s\": loading the model calls it", r->label,
				 named == reg ? "registered object" : "function", dn);
		if (f)
			wl_finding_key(f, "keras-ref:%s", dn);
		free(dn);
	}
}

static void check_keras(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_model_ref *r)
{
	struct wl_finding *f;

	if (r->kind == WL_REF_KERAS_OBJECT) {
		check_keras_object(ctx, fact, r);
	} else if (r->value && strcmp(r->value, "lambda") == 0) {
		f = keras_report(ctx, fact, r, WL350,
				 "%s has a function of type \"lambda\": marshalled Python bytecode that runs on load",
				 r->label);
		if (f)
			wl_finding_key(f, "keras-lambda:function_type");
	}
}

/* The closing fact of an artifact: say how many findings were not listed. */
static void check_ref_end(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_model_ref *r)
{
	unsigned more = r->scope->reported - REF_MAX_REPORTS;
	const char *rule, *key;
	char *msg;
	struct wl_finding *f;

	if (r->scope->reported <= REF_MAX_REPORTS || !r->where.format)
		return;
	if (strcmp(r->where.format, "savedmodel") == 0) {
		rule = WL361;
		key = "tf-op:more";
		msg = wl_printf_alloc("%u more Python or file ops in saved_model.pb not listed", more);
	} else if (strcmp(r->where.format, "onnx") == 0) {
		rule = WL370;
		key = "onnx-external:more";
		msg = wl_printf_alloc("%u more escaping ONNX external data locations not listed", more);
	} else {
		rule = WL351;
		key = "keras-ref:more";
		msg = wl_printf_alloc("%u more Lambda layers or callable references in the Keras %s not listed",
				      more, r->label);
	}
	f = wl_report_where(ctx, rule, &fact->loc, &r->where, 1, "%s", msg);
	wl_finding_key(f, "%s", key);
	free(msg);
}

static void check_ref(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_model_ref *r = fact->data;

	switch (r->kind) {
	case WL_REF_TF_OP:
		check_tf_op(ctx, fact, r);
		break;
	case WL_REF_ONNX_EXTERNAL:
		check_onnx_external(ctx, fact, r);
		break;
	case WL_REF_KERAS_OBJECT:
	case WL_REF_KERAS_FUNCTION_TYPE:
		check_keras(ctx, fact, r);
		break;
	case WL_REF_END:
		check_ref_end(ctx, fact, r);
		break;
	}
}

static void formats_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	if (fact->kind == WL_FACT_ARTIFACT)
		check_issue(ctx, fact);
	else if (fact->kind == WL_FACT_MODEL_REF)
		check_ref(ctx, fact);
}

const struct wl_rule_module wl_rules_formats = {
	.name = "formats",
	.rules = format_rules,
	.nrules = WL_ARRAY_SIZE(format_rules),
	.facts = WL_FACT_BIT(WL_FACT_ARTIFACT) | WL_FACT_BIT(WL_FACT_MODEL_REF),
	.check = formats_check,
};
