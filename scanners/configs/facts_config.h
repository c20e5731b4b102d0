/*
 * facts_config.h - what ML configuration files say that makes a loader run
 * code: chat templates (tokenizer_config.json, chat_template.jinja, GGUF
 * metadata), Hugging Face auto_map entries and trust_remote_code, Hydra
 * `_target_` values and YAML tags. The parsers (hfconfig.c, gguf.c,
 * mlyaml.c) describe; rules/mlconfig.c decides (template patterns, Hydra
 * lists in rules/data/, python/ tag loaders).
 */
#ifndef WL_FACTS_CONFIG_H
#define WL_FACTS_CONFIG_H

#include "facts_artifact.h"

enum wl_config_kind {
	WL_CFG_CHAT_TEMPLATE = 0, /* value: the template text (value_len bytes); label: where it sits */
	WL_CFG_AUTO_MAP,          /* key: the Auto class ("AutoModel", "(bare)", "(list)"); value: the reference */
	WL_CFG_TRUST_REMOTE_CODE, /* the config sets trust_remote_code to a true value */
	WL_CFG_HYDRA_TARGET,      /* value: the `_target_` as written (unquoted, trimmed) */
	WL_CFG_YAML_TAG,          /* key: the tag as written; value: resolved through %TAG handles,
				   * verbatim !<...> and percent-escapes, as PyYAML resolves it */
	WL_CFG_PTH_IMPORT,        /* a .pth line site.py executes; value: the line as written */
	WL_CFG_HUB_ID,            /* key: the config key (base_model, _name_or_path ...); value: a
				   * model or dataset id as written ("org/name") */
};

/* WL_FACT_CONFIG */
struct wl_config_fact {
	enum wl_config_kind kind;
	const char *label;  /* chat templates: "chat_template", "GGUF metadata key K", the file name */
	const char *key;
	const char *value;
	size_t value_len;
	/* Inside a binary file or a container (GGUF metadata, a member): member
	 * (NULL for the file itself) and byte offset of the value. */
	struct wl_artifact_where where;
	int binary;      /* located by member/offset on line 1 (else by the fact's line/col) */
	int whole_file;  /* the file is the template: locate a hit by its line in the file */
};

/* WL_FACT_TEMPLATE_LINK: a chat template kept in its own file under a name
 * that does not say so (templates/llama3.jinja), and the configs that point
 * at such files (`"chat_template": "templates/llama3.jinja"`,
 * `chat_template_jinja: x.jinja`). A rule joins the two in finish(): the
 * template is checked when some config names it. */
struct wl_template_link {
	const char *ref;                     /* a reference: the path as written; NULL for a template */
	const struct wl_config_fact *tmpl;   /* a template: its fact (never emitted as WL_FACT_CONFIG) */
};

#endif
