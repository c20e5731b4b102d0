/*
 * lfs.c - a model kept in Git LFS is invisible to a scan of the repository:
 * say so, rather than let the absence of findings read as "clean".
 */
#include "engine.h"

static const struct wl_rule lfs_rules[] = {
	{
		.id = "WL300",
		.name = "lfs-object-not-verified",
		.short_desc = "Git LFS object not available to scan",
		.full_desc = "The file is a Git LFS pointer: its real content (often a model) lives outside the "
			     "repository and was not scanned. If it is a pickle-based model it can run code when loaded.",
		.help_md = "Fetch LFS objects before scanning (`git lfs pull`, or `lfs: true` on "
			   "`actions/checkout`) so weaklink scans the real bytes, or store models in a "
			   "format that cannot carry code (safetensors).",
		.cwe = 345,
		.level = WL_LEVEL_NOTE,
		.security_severity = 2.0,
		.precision = "very-high",
		.tags = "supply-chain,model",
	},
};

static void lfs_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_lfs_pointer *p = fact->data;
	struct wl_finding *f = wl_report(ctx, WL300, &fact->loc,
					 "Git LFS pointer: object sha256:%.12s... (%llu bytes) was not scanned", p->oid,
					 (unsigned long long)p->size);
	wl_finding_key(f, "%s", p->oid);
	wl_finding_prop(f, "lfs-oid", "sha256:%s", p->oid);
}

const struct wl_rule_module wl_rules_lfs = {
	.name = "lfs",
	.rules = lfs_rules,
	.nrules = WL_ARRAY_SIZE(lfs_rules),
	.facts = WL_FACT_BIT(WL_FACT_LFS_POINTER),
	.check = lfs_check,
};
