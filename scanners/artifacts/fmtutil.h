/*
 * fmtutil.h - shared pieces of the artifact and ML-config parsers (safetensors,
 * GGUF, HDF5 attributes, protobuf, Keras, HF configs, YAML): bounds-checked
 * little-endian reads and the constructors of their facts (facts_artifact.h,
 * facts_format.h, facts_config.h). Parsers never make findings.
 * Nothing here may read outside the span it is given.
 */
#ifndef WL_FMTUTIL_H
#define WL_FMTUTIL_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "facts_config.h"
#include "facts_format.h"

/* A bounded cursor over untrusted bytes. `err` is sticky: once a read fails,
 * every later read fails too and returns 0, so callers check once per record. */
struct wl_cur {
	const unsigned char *data;
	size_t size;
	size_t pos;
	int err;
	int big_endian;
};

void wl_cur_init(struct wl_cur *c, const unsigned char *data, size_t size);
size_t wl_cur_left(const struct wl_cur *c);
/* Take n bytes; NULL (and err set) if fewer are left. */
const unsigned char *wl_cur_take(struct wl_cur *c, size_t n);
uint8_t wl_cur_u8(struct wl_cur *c);
uint16_t wl_cur_u16(struct wl_cur *c);
uint32_t wl_cur_u32(struct wl_cur *c);
uint64_t wl_cur_u64(struct wl_cur *c);

uint32_t wl_le32(const unsigned char *p);
uint64_t wl_le64(const unsigned char *p);

/* a*b and a+b into *out; 0 when they fit, -1 on overflow. */
int wl_mul_u64(uint64_t a, uint64_t b, uint64_t *out);
int wl_add_u64(uint64_t a, uint64_t b, uint64_t *out);

/*
 * Emit a WL_FACT_ARTIFACT about bytes of a model file: an integrity issue
 * ("safetensors.invalid", "gguf.layout" ...) or a verification limit hit
 * ("limit.<what>"). `detail` (printf) is the specific sentence; `subject` the
 * line-independent identity; `tensor` the tensor it is about (or NULL);
 * `format` names the format ("gguf"); `member` the container member (or NULL).
 * The fact sits on line 1 of the scanned file; rules/formats.c and
 * rules/artifact.c decide what it means.
 */
void wl_format_issue(struct wl_ctx *ctx, const char *kind, const char *format,
		     const char *member, uint64_t offset, const char *subject,
		     const char *tensor, const char *fmt, ...) WL_PRINTF(8, 9);
/* Start a WL_FACT_MODEL_REF (facts_format.h) in caller memory: these facts
 * are streamed (valid only while wl_fact_emit runs), so every string may
 * point into the file or the caller's buffers. */
void wl_model_ref_init(struct wl_model_ref *r, int kind, const char *format,
		       const char *member, uint64_t offset, struct wl_ref_scope *scope);

/* n bytes of p (NULL: none) copied into the file's arena, NUL-terminated. */
const char *wl_fmt_memdup(struct wl_ctx *ctx, const void *p, size_t n);

/* A zeroed WL_FACT_CONFIG (facts_config.h) in the file's arena, for the
 * caller to fill and pass to wl_fact_emit; `member` is copied. */
struct wl_config_fact *wl_config_fact_new(struct wl_ctx *ctx, int kind, const char *member, uint64_t offset);

/*
 * Emit a chat template (WL_CFG_CHAT_TEMPLATE) named `label` ("chat_template",
 * "GGUF metadata key K"). Binary hosts pass binary=1 with member/offset (the
 * template's first byte); text hosts line/col of the value (member NULL, or
 * the container member whose text it is); whole_file=1 when the file is the
 * template. A template longer than the checked bound is also a limit fact.
 */
void wl_chat_template_emit(struct wl_ctx *ctx, const char *label, const char *member, int binary,
			   uint64_t offset, uint32_t line, uint32_t col, int whole_file,
			   const char *tmpl, size_t n);

/*
 * Keys of training and model configs (YAML and JSON) whose value names a
 * model or dataset on a hub: base_model, model_name_or_path, _name_or_path,
 * dataset_name ... (one list for every config parser).
 */
int wl_hub_id_key(const char *key);
/* Could the bytes hold such a key at all? (a cheap gate) */
int wl_hub_id_prefilter(const unsigned char *d, size_t n);
/* Emit WL_CFG_HUB_ID for `value` under `key` at loc when it has the shape
 * "org/name" (one slash, no URL, no spaces); others are paths or names. */
void wl_hub_id_emit(struct wl_ctx *ctx, const char *key, const char *value, const struct wl_loc *loc,
		    uint64_t offset);

/* Same, located at `line`/`col` of a text file (line 0 = line 1). */
void wl_format_issue_at(struct wl_ctx *ctx, uint32_t line, uint32_t col, const char *kind,
			const char *format, const char *member, uint64_t offset, const char *subject,
			const char *fmt, ...) WL_PRINTF(9, 10);

/* Printable, bounded copy of untrusted bytes for messages (caller frees). */
char *wl_fmt_display(const char *s, size_t n, size_t max);

/*
 * The one place that says whether a text file is a JSON or YAML config, for
 * configs of any name: by extension (.json; .yaml/.yml), else - for files
 * without an extension (evaluation harnesses keep task configs that way) -
 * by content: a JSON object, or lines of `key: value` with no tab
 * indentation and no #! line. *by_content tells the scanner the guess came
 * from the bytes, so a file that then does not parse is simply not a config
 * (no notification). Cheap: reads at most the first 4 KiB.
 */
enum wl_cfg_syntax { WL_CFG_SYNTAX_NONE = 0, WL_CFG_SYNTAX_JSON, WL_CFG_SYNTAX_YAML };
enum wl_cfg_syntax wl_config_syntax(const struct wl_file *f, int *by_content);

#endif
