/*
 * hub.c - hub look-alikes: a model or dataset id whose organisation imitates
 * a well-known one ("0penai/gpt2", "googIe/gemma-2b", "mistrai/Mistral-7B").
 * The ids come from wherever weaklink already reads them: hub-loading calls in
 * Python (the argument rules/code.c's WL209 judges), model and dataset keys of
 * YAML and JSON configs (mlyaml.c, hfconfig.c), cross-repository auto_map
 * entries, and `huggingface-cli download` / `hf download` in shell. The
 * matching (look-alike letters, edit distance, separators) and the dated list
 * of well-known organisations are rules/pkgnames.c's, shared with WL110.
 */
#include <string.h>

#include "engine.h"
#include "facts_ci.h"
#include "facts_config.h"
#include "hub.h"
#include "pkgnames.h"

#define TAGS "supply-chain,huggingface,typosquatting"
#define WHERE "\n\nIds are read from from_pretrained, hf_hub_download, snapshot_download, load_dataset, " \
	      "pipeline(model=), SentenceTransformer and vllm.LLM in Python; base_model, model_name_or_path, " \
	      "dataset_name, datasets[].path and the like in YAML configs and HF config.json files; " \
	      "cross-repository auto_map entries; `huggingface-cli download` and `hf download`. The well-known " \
	      "organisations are rules/data/hub-orgs.txt (dated in its header)."

static const struct wl_rule hub_rules[] = {
	{
		.id = "WL640",
		.name = "hub-org-homoglyph",
		.short_desc = "Hub id whose organisation spells a well-known one with look-alike characters",
		.full_desc = "The organisation of a model or dataset id is a well-known hub organisation written "
			     "with look-alike characters: a digit 0 for o or 1 for l, a capital I for l (googIe, "
			     "meta-IIama), rn for m, vv for w, Cyrillic or Greek letters. Nobody types these by accident; they are made "
			     "to pass a glance in a review. Whatever that namespace holds is downloaded and, for "
			     "models with code or pickles, run.",
		.help_md = "Replace the id with the organisation it imitates, checked letter by letter, and pin "
			   "the download to a reviewed commit with `revision=`. If the organisation is genuinely "
			   "yours, allow it in `.weaklink.toml`:\n\n"
			   "```toml\n[hub]\nallow = [\"the-org\"]\n```" WHERE,
		.cwe = 1357,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "high",
		.tags = TAGS,
	},
	{
		.id = "WL641",
		.name = "hub-org-lookalike",
		.short_desc = "Hub id whose organisation is a near miss of a well-known one",
		.full_desc = "The organisation of a model or dataset id is one edit or one swapped pair of letters "
			     "from a well-known hub organisation (two letters dropped or added to a long name: mistrai for "
			     "mistralai), or the same letters with separators added, dropped or changed "
			     "(meta_llama, deepseekai), and is not itself on the list of known organisations. A "
			     "typo downloads from whoever registered the near miss - and squatters register them.",
		.help_md = "Check the organisation against the model's page on the hub and correct it. A genuine "
			   "organisation that happens to sit near a well-known one is allowed in `.weaklink.toml`; "
			   "your own well-known organisations can be added as targets:\n\n"
			   "```toml\n[hub]\nallow = [\"the-org\"]\nknown_orgs = [\"my-company\"]\n```" WHERE,
		.cwe = 1357,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.0,
		.precision = "medium",
		.tags = TAGS,
	},
};

int wl_hub_id_org(const char *id, char *org, size_t cap)
{
	const char *slash, *p;
	size_t n;
	if (!id || !id[0] || id[0] == '.' || id[0] == '/' || id[0] == '~' || id[0] == '-' || strstr(id, "://"))
		return 0;
	slash = strchr(id, '/');
	if (!slash || slash == id || !slash[1] || strchr(slash + 1, '/'))
		return 0;
	for (p = id; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == '/'))
			return 0;
	}
	n = (size_t)(slash - id);
	if (n + 1 > cap)
		return 0;
	memcpy(org, id, n);
	org[n] = '\0';
	return 1;
}

static void judge(struct wl_ctx *ctx, const struct wl_loc *loc, const char *id, const char *where)
{
	const struct wl_config *cfg = wl_ctx_config(ctx);
	struct wl_squat sq;
	struct wl_finding *f;
	char org[128];
	if (!wl_hub_id_org(id, org, sizeof(org)))
		return;
	if (!wl_hub_org_check(org, wl_config_list(cfg, "hub.known_orgs"), wl_config_list(cfg, "hub.allow"), &sq))
		return;
	if (sq.kind == WL_SQUAT_HOMOGLYPH)
		f = wl_report(ctx, WL640, loc,
			      "%s '%s': the organisation '%s' imitates the well-known hub organisation '%s' (%s)", where,
			      id, org, sq.target, sq.detail);
	else
		f = wl_report(ctx, WL641, loc,
			      "%s '%s': the organisation '%s' is a near miss of the well-known hub organisation '%s' (%s)",
			      where, id, org, sq.target, sq.detail);
	wl_finding_key(f, "%s~%s", org, sq.target);
	wl_finding_prop(f, "imitates", "%s", sq.target);
}

static void check_call(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_call *c = fact->data;
	const struct wl_arg *a = c ? wl_hub_call_arg(c, NULL) : NULL;
	char *where;
	if (!a || a->kind != WL_ARG_STRING)
		return;
	where = wl_ctx_printf(ctx, "`%s` loads", c->written && c->written[0] ? c->written : c->method);
	judge(ctx, a->loc.line ? &a->loc : &fact->loc, a->text, where);
}

static void check_config(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_config_fact *c = fact->data;
	if (c->kind == WL_CFG_HUB_ID) {
		judge(ctx, &fact->loc, c->value, wl_ctx_printf(ctx, "`%s` names", c->key));
	} else if (c->kind == WL_CFG_AUTO_MAP && c->value) {
		/* "org/repo--module.Class": code from another repository */
		const char *dd = strstr(c->value, "--");
		if (dd && memchr(c->value, '/', (size_t)(dd - c->value)))
			judge(ctx, &fact->loc, wl_ctx_strndup(ctx, c->value, (size_t)(dd - c->value)),
			      "auto_map loads code from");
	}
}

static void check_shell(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_shell_fact *s = fact->data;
	if (s->kind == WL_SHELL_HUB_DOWNLOAD && s->file)
		judge(ctx, &fact->loc, s->file, wl_ctx_printf(ctx, "%s `%s` downloads", s->origin, s->command));
}

static void hub_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	if (!fact->data)
		return;
	if (fact->kind == WL_FACT_CALL)
		check_call(ctx, fact);
	else if (fact->kind == WL_FACT_CONFIG)
		check_config(ctx, fact);
	else if (fact->kind == WL_FACT_SHELL)
		check_shell(ctx, fact);
}

const struct wl_rule_module wl_rules_hub = {
	.name = "hub",
	.rules = hub_rules,
	.nrules = WL_ARRAY_SIZE(hub_rules),
	.facts = WL_FACT_BIT(WL_FACT_CALL) | WL_FACT_BIT(WL_FACT_CONFIG) | WL_FACT_BIT(WL_FACT_SHELL),
	.check = hub_check,
};
