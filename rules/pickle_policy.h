/*
 * pickle_policy.h - judge one pickle import against the embedded allow and
 * deny lists (rules/data/pickle_*.txt) and the config ([pickle] allow/deny).
 * Pure lookups: thread-safe, never allocates per call beyond config parsing.
 */
#ifndef WL_PICKLE_POLICY_H
#define WL_PICKLE_POLICY_H

#include <stddef.h>

#include "engine.h"
#include "facts_artifact.h"

enum wl_pickle_verdict {
	WL_PICKLE_CLEAN = 0,
	WL_PICKLE_UNKNOWN,
	WL_PICKLE_DANGEROUS,
};

/* `why` receives a short reason ("it reaches os.system, which is on the deny
 * list"). cfg may be NULL. raw_* are the names before Python 2 remapping.
 * `use` is the WL_PKI_* flags of the import: what the pickle does with it
 * (a class of a "rebuild-ok" deny-list module that is only rebuilt from
 * saved state is judged like any class; pass WL_PKI_INVOKED when unknown). */
enum wl_pickle_verdict wl_pickle_judge(const struct wl_config *cfg, const char *module, const char *name,
				       const char *raw_module, const char *raw_name, unsigned use, char *why,
				       size_t whysz);

/* Entries loaded from the embedded list (deny != 0: the deny list). */
size_t wl_pickle_policy_size(int deny);

#endif
