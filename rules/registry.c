/*
 * registry.c - the rule-module table. A new rule family is one new file in
 * rules/ and one line here.
 */
#include "engine.h"

extern const struct wl_rule_module wl_rules_deps;
extern const struct wl_rule_module wl_rules_lfs;
extern const struct wl_rule_module wl_rules_code;
extern const struct wl_rule_module wl_rules_artifact;
extern const struct wl_rule_module wl_rules_ci;
extern const struct wl_rule_module wl_rules_formats;
extern const struct wl_rule_module wl_rules_mlconfig;
extern const struct wl_rule_module wl_rules_vulns;
extern const struct wl_rule_module wl_rules_mlconfig_links;
extern const struct wl_rule_module wl_rules_install;
extern const struct wl_rule_module wl_rules_services;
extern const struct wl_rule_module wl_rules_jscode;
extern const struct wl_rule_module wl_rules_provenance;
extern const struct wl_rule_module wl_rules_flow;
extern const struct wl_rule_module wl_rules_hub;

const struct wl_rule_module *const wl_rule_modules[] = {
	&wl_rules_deps,
	&wl_rules_lfs,
	&wl_rules_code,
	&wl_rules_artifact,
	&wl_rules_ci,
	&wl_rules_formats,
	&wl_rules_mlconfig,
	&wl_rules_vulns,
	&wl_rules_mlconfig_links,
	&wl_rules_install,
	&wl_rules_services,
	&wl_rules_jscode,
	&wl_rules_provenance,
	&wl_rules_flow,
	&wl_rules_hub,
	NULL,
};
