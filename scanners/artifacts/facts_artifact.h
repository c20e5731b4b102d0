/*
 * facts_artifact.h - facts about serialized models and their containers: the
 * imports a pickle makes, and integrity/verification issues of an artifact.
 * Scanners (pickle VM, zip, npy, joblib, safetensors, gguf ...) only describe;
 * rules/artifact*.c decide what is dangerous.
 */
#ifndef WL_FACTS_ARTIFACT_H
#define WL_FACTS_ARTIFACT_H

#include "engine.h"

/*
 * Where inside a file something was found. `member` is the container path
 * ("archive/data.pkl", "outer.zip!inner/data.pkl", "" for the file itself);
 * `offset` is the byte offset inside that member's (decompressed) bytes.
 * For a member stored uncompressed, `file_offset` is the offset in the file
 * itself (UINT64_MAX when there is none, e.g. inside deflate/xz).
 */
struct wl_artifact_where {
	const char *member;
	uint64_t offset;
	uint64_t file_offset;
	const char *format; /* "pickle", "torch-zip", "torch-legacy", "npy", "joblib" ... */
};

/* WL_FACT_PICKLE_IMPORT: one distinct global a pickle imports. */
enum {
	WL_PKI_CALLED = 1u << 0,     /* REDUCE/NEWOBJ/OBJ/INST applied to it */
	WL_PKI_MUTATED = 1u << 1,    /* BUILD/SETITEM/APPEND applied to the import itself */
	WL_PKI_REMAPPED = 1u << 2,   /* Python 2 name remapped (protocol < 3) */
	WL_PKI_EXT = 1u << 3,        /* came from EXT1/2/4 (copyreg extension code) */
	WL_PKI_BUILD_STATE = 1u << 4,/* an instance of it got BUILD (__setstate__) */
	WL_PKI_INVOKED = 1u << 5,    /* REDUCE/INST/OBJ ran it (function body or class __init__) */
	WL_PKI_ESCAPED = 1u << 6,    /* the reference itself was handed on (argument, item, state, result):
				      * whatever receives it may call it. Neither flag: only NEWOBJ
				      * (cls.__new__) and BUILD touched it - an object rebuilt from state */
};

struct wl_pickle_import {
	struct wl_artifact_where where; /* offset of the opcode that imported it */
	const char *module;     /* as find_class sees it (after remapping) */
	const char *name;       /* may be a dotted attribute path */
	const char *raw_module; /* as written in the pickle */
	const char *raw_name;
	const char *opcode;     /* "GLOBAL", "STACK_GLOBAL", "INST", "EXT1" ... */
	const char *call_opcode;/* first call applied to it ("REDUCE" ...), or NULL */
	unsigned flags;         /* WL_PKI_* */
	unsigned count;         /* how many times this pickle imports it */
	unsigned pickle_index;  /* 0-based index of the pickle in a concatenated stream */
	unsigned places;        /* pickle streams (members) of the file that import it; flags are merged */
	int protocol;           /* last PROTO seen (0 when none) */
};

/*
 * WL_FACT_ARTIFACT: an integrity or verification issue in an artifact. `kind`
 * is a stable dotted id; each rule module claims its own prefixes:
 *   rules/artifact.c:  "pickle.*", "zip.*", "container.*", "limit.*",
 *                      "sniff.*", "npy.*", "joblib.*", "torch.*"
 *   rules/formats.c:   "safetensors.*", "gguf.*", "keras.*", "h5.*",
 *                      "savedmodel.*", "onnx.*"
 * Every format reports a verification limit it hit as "limit.<what>" (one
 * rule, WL311, whatever the format). A rule module ignores kinds it does not own.
 */
struct wl_artifact {
	struct wl_artifact_where where;
	const char *kind;    /* e.g. "zip.bad-crc", "pickle.broken", "limit.depth" */
	const char *detail;  /* one human sentence, specific */
	const char *subject; /* what it is about (member name, import, format) for the fingerprint */
	const char *tensor;  /* the tensor the issue is about, or NULL (a "tensor" property) */
};

#endif
