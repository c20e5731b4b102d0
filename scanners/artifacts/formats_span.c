/*
 * formats_span.c - the artifact dispatcher's rows for the non-pickle formats:
 * safetensors, GGUF and HDF5 members found inside containers, and a Keras
 * archive's config.json. Top-level files reach these scanners through
 * scanners/engine/registry.c instead, so nothing is scanned twice.
 */
#include "formats.h"

#include <string.h>

#include "artifact.h"

static const char *span_member(const struct wl_artifact_span *s)
{
	return s->member && *s->member ? s->member : NULL;
}

int wl_formats_match_binary(enum wl_magic m, const struct wl_artifact_span *s)
{
	return s->depth > 0 && (m == WL_MAGIC_SAFETENSORS || m == WL_MAGIC_GGUF || m == WL_MAGIC_HDF5);
}

int wl_formats_scan_binary(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	switch (wl_sniff(s->data, s->size)) {
	case WL_MAGIC_SAFETENSORS:
		return wl_safetensors_scan_bytes(ctx, span_member(s), s->data, s->size);
	case WL_MAGIC_GGUF:
		return wl_gguf_scan_bytes(ctx, span_member(s), s->data, s->size);
	case WL_MAGIC_HDF5:
		return wl_h5_scan_bytes(ctx, span_member(s), s->data, s->size);
	default:
		return 0;
	}
}

/* A .keras archive keeps the model config in a top-level config.json. */
int wl_formats_match_keras_config(enum wl_magic m, const struct wl_artifact_span *s)
{
	const char *name, *bang;

	if (s->depth == 0 || m != WL_MAGIC_TEXT || !s->member)
		return 0;
	bang = strrchr(s->member, '!');
	name = bang ? bang + 1 : s->member;
	return strcmp(name, "config.json") == 0;
}

int wl_formats_scan_keras_config(struct wl_ctx *ctx, const struct wl_artifact_span *s)
{
	return wl_keras_config_scan_bytes(ctx, span_member(s), s->data, s->size);
}
