/*
 * facts_format.h - what a model format names that its loader will resolve:
 * TensorFlow ops, ONNX external data locations, Keras classes, modules and
 * functions. The parsers (tfsaved.c, onnx.c, keras.c) describe every such
 * reference; rules/formats.c decides which are dangerous (the op and name
 * lists live there, not beside the parsers).
 *
 * These facts are STREAMED: a graph holds millions of nodes, so a parser
 * builds each one in its own memory and its strings point into the file or
 * the parser's buffers; they are valid only while check() runs. A rule
 * module must not ask for WL_FACT_MODEL_REF in finish() (copy what it needs).
 * Only the per-artifact scope lives in the file's arena.
 */
#ifndef WL_FACTS_FORMAT_H
#define WL_FACTS_FORMAT_H

#include "facts_artifact.h"

enum wl_model_ref_kind {
	WL_REF_TF_OP = 0,    /* value: the op; name: the node; context: "graph" / "function F" */
	WL_REF_ONNX_EXTERNAL,/* value: the external_data location; name: the tensor;
			      * escape: why the path leaves the model folder, or NULL */
	WL_REF_KERAS_OBJECT, /* a config object: class_name, module, registered_name, function */
	WL_REF_KERAS_FUNCTION_TYPE, /* a Keras 2 {"function_type": value, ...} pair */
	WL_REF_END,          /* closing fact of one artifact: its scope tallies are final */
};

/*
 * One tally per scanned artifact, shared by all its reference facts. The
 * parser allocates it zeroed and never reads it; the rule that reports on the
 * references counts its findings here to cap what one hostile file can
 * produce, and on the WL_REF_END fact says how many it did not list.
 */
struct wl_ref_scope {
	unsigned reported;
};

/* WL_FACT_MODEL_REF */
struct wl_model_ref {
	enum wl_model_ref_kind kind;
	struct wl_artifact_where where; /* member (NULL for the file) and byte offset */
	int binary;          /* located by member/offset on line 1 (else by the fact's line/col) */
	const char *label;   /* what holds it: "config.json", "model_config attribute", "saved_model.pb" */
	const char *context; /* TF: "graph" or "function F" */
	const char *value;   /* TF op, ONNX location, Keras function_type */
	const char *name;    /* TF node, ONNX tensor, Keras layer name (config.name), or NULL */
	size_t value_len, name_len; /* binary formats: the bytes may hold NULs */
	const char *escape;  /* ONNX: why the location escapes the model folder, or NULL */
	/* Keras objects: the fields as written (NULL when absent) */
	const char *class_name, *module, *registered_name;
	const char *function; /* config string of {"class_name": "function", "config": F} */
	struct wl_ref_scope *scope;
};

#endif
