/*
 * deps.c - dependency rules: is what gets installed pinned and hashed?
 * Judges struct wl_dep facts whatever file or command they came from.
 */
#include "facts_dep.h"

#include <string.h>

static const struct wl_rule deps_rules[] = {
	{
		.id = "WL101",
		.name = "unpinned-requirement",
		.short_desc = "Dependency installed without an exact version pin",
		.full_desc = "A requirement in an application context (requirements file, CI or container install) "
			     "does not pin an exact version with == or ===. Every install may then pull a different "
			     "release, including a freshly published malicious one.",
		.help_md = "Pin the exact version that you tested, and pin its hashes too:\n\n"
			   "```\nrequests==2.32.3 \\\n    --hash=sha256:<hash>\n```\n\n"
			   "Generate the whole file with `pip-compile --generate-hashes requirements.in` "
			   "(pip-tools) or `uv pip compile --generate-hashes`, and install with "
			   "`pip install --require-hashes -r requirements.txt`.",
		.cwe = 1357,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.3,
		.precision = "very-high",
		.tags = "supply-chain,dependencies",
	},
	{
		.id = "WL102",
		.name = "requirement-without-hash",
		.short_desc = "Pinned dependency without a hash",
		.full_desc = "The requirement pins a version but carries no --hash. A version number names a "
			     "release, not its bytes: a compromised index or mirror can serve different files "
			     "under the same version.",
		.help_md = "Add the artifact hashes and install in hash-checking mode:\n\n"
			   "```\npip-compile --generate-hashes requirements.in\n"
			   "pip install --require-hashes -r requirements.txt\n```\n",
		.cwe = 494,
		.level = WL_LEVEL_NOTE,
		.security_severity = 3.1,
		.precision = "very-high",
		.tags = "supply-chain,dependencies",
	},
};

static void deps_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_dep *d = fact->data;
	struct wl_finding *f;

	if (d->context != WL_DEPCTX_APP || d->source != WL_DEP_REGISTRY)
		return;
	if (!d->version) {
		f = wl_report(ctx, "WL101", &fact->loc, "'%s' is not pinned to an exact version%s%s%s", d->name,
			      d->spec[0] ? " (" : "", d->spec, d->spec[0] ? ")" : "");
		wl_finding_key(f, "%s", d->normalized);
	} else if (!d->nhashes) {
		f = wl_report(ctx, "WL102", &fact->loc, "'%s==%s' is pinned but has no --hash", d->name, d->version);
		wl_finding_key(f, "%s", d->normalized);
	}
}

const struct wl_rule_module wl_rules_deps = {
	.name = "dependencies",
	.rules = deps_rules,
	.nrules = WL_ARRAY_SIZE(deps_rules),
	.facts = WL_FACT_BIT(WL_FACT_DEPENDENCY),
	.check = deps_check,
};
