/*
 * formats.h - the artifact and ML-config format scanners (safetensors, GGUF,
 * Keras, TensorFlow SavedModel, ONNX, Hugging Face configs, Hydra/YAML).
 * Each binary parser can be called on a top-level file or on bytes taken from
 * a container member (the artifact dispatcher does that for zip members);
 * none of them ever executes, imports or deserializes what it reads.
 */
#ifndef WL_FORMATS_H
#define WL_FORMATS_H

#include <stddef.h>

#include "engine.h"

/*
 * Scan `size` bytes of one artifact. `member` names the container member the
 * bytes came from (NULL for a top-level file); facts are located on line 1
 * of the scanned file with the member and byte offset as properties.
 * Return 0, or a negative WL_E* after a fact or notification said why.
 */
int wl_safetensors_scan_bytes(struct wl_ctx *ctx, const char *member,
			      const unsigned char *data, size_t size);
int wl_gguf_scan_bytes(struct wl_ctx *ctx, const char *member,
		       const unsigned char *data, size_t size);
int wl_h5_scan_bytes(struct wl_ctx *ctx, const char *member,
		     const unsigned char *data, size_t size);
int wl_tfsaved_scan_bytes(struct wl_ctx *ctx, const char *member,
			  const unsigned char *data, size_t size);
int wl_onnx_scan_bytes(struct wl_ctx *ctx, const char *member,
		       const unsigned char *data, size_t size);
/* The config.json of a .keras archive (JSON text). */
int wl_keras_config_scan_bytes(struct wl_ctx *ctx, const char *member,
			       const unsigned char *data, size_t size);

extern const struct wl_scanner wl_scanner_safetensors;
extern const struct wl_scanner wl_scanner_gguf;
extern const struct wl_scanner wl_scanner_keras;
extern const struct wl_scanner wl_scanner_h5;
extern const struct wl_scanner wl_scanner_tfsaved;
extern const struct wl_scanner wl_scanner_onnx;
extern const struct wl_scanner wl_scanner_hfconfig;
extern const struct wl_scanner wl_scanner_mlyaml;

#endif
