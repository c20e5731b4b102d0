/*
 * vulns.c - known-vulnerable dependencies (WL115): every pinned version of a
 * dependency fact (requirements, pyproject pins, locks, CI and Dockerfile
 * installs) checked against the offline OSV database given with --osv-db or
 * [vulnerabilities] db. The database is loaded once by the command (osv.h);
 * this rule only asks it. One finding per (dependency, vulnerability), the
 * ids of one vulnerability folded; and a note when the database is stale.
 */
#include <stdlib.h>
#include <string.h>

#include "facts_dep.h"
#include "osv.h"

static const struct wl_rule vulns_rules[] = {
	{
		.id = "WL115",
		.name = "known-vulnerable-dependency",
		.short_desc = "Pinned dependency version has a known vulnerability",
		.full_desc = "The exact version this file pins or locks is affected by a published advisory in the "
			     "OSV database given with --osv-db (PyPI records, ranges evaluated with PEP 440 ordering). "
			     "A pin makes an install repeatable; it does not make it safe: torch==2.5.1 is pinned, "
			     "hashed and still runs code from a checkpoint through CVE-2025-32434.",
		.help_md = "Upgrade to the fixed version the finding names (or a later one), regenerate the lock "
			   "file, and re-run the scan. When no fix exists, read the advisory: remove the dependency, "
			   "avoid the affected feature, or suppress the finding on that line with a comment that "
			   "says why (`# weaklink: ignore[WL115]`).\n\n"
			   "weaklink never reaches the network: the database is OSV's own export "
			   "(`https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip`), downloaded by a CI "
			   "step and passed in with `--osv-db all.zip`. The level follows the advisory's CVSS v3 "
			   "base score (>= 7.0 error, >= 4.0 warning, else note) or its `database_specific.severity`; "
			   "warning when it has neither.",
		.cwe = 1395,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.5,
		.precision = "high",
		.tags = "supply-chain,dependencies,vulnerability",
	},
};

/* Advisory text is untrusted: one line, bounded. */
static const char *one_line(struct wl_ctx *ctx, const char *s, size_t max)
{
	size_t n = strlen(s), i;
	char *o;
	if (n > max)
		n = max;
	o = wl_ctx_strndup(ctx, s, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)o[i] < 0x20 || o[i] == 0x7f)
			o[i] = ' ';
	if (strlen(s) > max && n >= 3)
		memcpy(o + n - 3, "...", 3);
	return o;
}

static void stale_note(struct wl_ctx *ctx, const struct wl_vulndb_use *u)
{
	const struct wl_osv_info *info = wl_osv_get_info(u->db);
	int64_t age;
	if (!info->newest) {
		wl_notify(ctx, WL_LEVEL_NOTE, "the OSV database %s has no record with a 'modified' date: its age is unknown",
			  u->path);
		return;
	}
	age = u->now - info->newest;
	if (age > (int64_t)u->max_age_days * 86400)
		wl_notify(ctx, WL_LEVEL_NOTE,
			  "the OSV database %s is %lld days old (newest record modified %.10s; limit %d days): "
			  "download a fresh export",
			  u->path, (long long)(age / 86400), info->newest_text, u->max_age_days);
}

static void vulns_finish(struct wl_ctx *ctx, const struct wl_fact *const *facts, size_t n)
{
	const struct wl_vulndb_use *u = wl_ctx_vulndb(ctx);
	size_t i, k;
	if (!u || !u->db)
		return;
	stale_note(ctx, u);
	for (i = 0; i < n; i++) {
		const struct wl_dep *d;
		struct wl_osv_match *m;
		size_t nm;
		if (facts[i]->kind != WL_FACT_DEPENDENCY)
			continue;
		d = facts[i]->data;
		/* only registry releases have a version OSV can name */
		if (!d->version || !d->normalized || !d->ecosystem || strcmp(d->ecosystem, "pypi") ||
		    d->source != WL_DEP_REGISTRY)
			continue;
		nm = wl_osv_query(u->db, "PyPI", d->normalized, d->version, &m);
		for (k = 0; k < nm; k++) {
			struct wl_finding *fi;
			const char *sum = one_line(ctx, m[k].summary, 160);
			fi = wl_report(ctx, WL115, &facts[i]->loc, "'%s==%s' has a known vulnerability %s%s%s%s%s%s%s",
				       d->name, d->version, m[k].id, m[k].aliases[0] ? " (" : "",
				       one_line(ctx, m[k].aliases, 200), m[k].aliases[0] ? ")" : "", sum[0] ? ": " : "",
				       sum, m[k].fixed ? wl_ctx_printf(ctx, "; fixed in %s", one_line(ctx, m[k].fixed, 64))
						       : "; no fixed version");
			wl_finding_level(fi, m[k].level);
			wl_finding_key(fi, "%s==%s %s", d->normalized, d->version, m[k].id);
			wl_finding_prop(fi, "advisory", "%s", m[k].id);
			if (m[k].aliases[0])
				wl_finding_prop(fi, "aliases", "%s", one_line(ctx, m[k].aliases, 400));
			if (m[k].fixed)
				wl_finding_prop(fi, "fixed", "%s", one_line(ctx, m[k].fixed, 64));
			if (m[k].severity[0])
				wl_finding_prop(fi, "severity", "%s", one_line(ctx, m[k].severity, 200));
		}
		free(m);
	}
}

const struct wl_rule_module wl_rules_vulns = {
	.name = "vulns",
	.rules = vulns_rules,
	.nrules = WL_ARRAY_SIZE(vulns_rules),
	.facts = WL_FACT_BIT(WL_FACT_DEPENDENCY),
	.finish = vulns_finish,
};
