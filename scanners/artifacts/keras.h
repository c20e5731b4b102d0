/*
 * keras.h - the Keras config parser shared by .keras archives (config.json)
 * and HDF5 models (model_config / training_config attributes).
 */
#ifndef WL_KERAS_H
#define WL_KERAS_H

#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/*
 * Describe one Keras config (JSON text): each object naming a class, module,
 * registered object or function becomes a WL_FACT_MODEL_REF that
 * rules/formats.c checks for Lambda layers and callables outside Keras.
 * `label` names it in messages; `base` is the file
 * offset of json[0] (its facts then sit on line 1 with that offset), or 0 with
 * member NULL for a config that is a text file of its own.
 */
int wl_keras_config_check(struct wl_ctx *ctx, const char *member, const char *label,
			  const char *json, size_t len, uint64_t base);

#endif
