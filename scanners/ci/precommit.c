/*
 * precommit.c - .pre-commit-config.yaml: each hook repository's rev: is a
 * commit (pinned), a tag (moves, rarely) or a branch (moves all the time).
 * It reads YAML through tsutil and never fetches a hook repository.
 */
#include <string.h>

#include "ci_util.h"
#include "shell.h"
#include "tsutil.h"

static int pc_wants(const struct wl_file *f)
{
	return f->magic == WL_MAGIC_TEXT &&
	       (strcmp(f->name, ".pre-commit-config.yaml") == 0 || strcmp(f->name, ".pre-commit-config.yml") == 0);
}

/* hooks[].additional_dependencies are installed into the hook's
 * environment, unpinned unless pinned here. */
static void additional_deps(struct wl_ctx *ctx, const struct wl_tv *repo)
{
	const struct wl_tv *hooks = wl_tv_get(repo, "hooks"), *h, *d;
	if (!hooks || hooks->kind != WL_TV_ARRAY)
		return;
	for (h = hooks->child; h; h = h->next) {
		const struct wl_tv *deps = h->kind == WL_TV_TABLE ? wl_tv_get(h, "additional_dependencies") : NULL;
		const char *lang = h->kind == WL_TV_TABLE ? wl_tv_str(h, "language") : NULL;
		if (!deps || deps->kind != WL_TV_ARRAY)
			continue;
		for (d = deps->child; d; d = d->next) {
			int npm;
			if (!wl_tv_is_scalar(d))
				continue;
			/* node hooks name packages as name@version */
			npm = (lang && strcmp(lang, "node") == 0) ||
			      (!strstr(d->str, "://") && strchr(d->str + (d->str[0] == '@'), '@') &&
			       !strchr(d->str, ' '));
			(void)wl_ci_dep_from_spec(ctx, d->str, npm, "pre-commit additional_dependencies", &d->loc);
		}
	}
}

static int pc_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_tv_doc doc;
	const struct wl_tv *repos, *r;
	memset(&doc, 0, sizeof(doc));
	if (wl_tv_parse(ctx, WL_LANG_YAML, (const char *)f->data, f->size, &doc)) {
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML could not be parsed; pre-commit config not checked");
		wl_tv_doc_release(&doc);
		return 0;
	}
	if (doc.has_error)
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML does not fully parse; the rest of the file was still checked");
	repos = doc.root ? wl_tv_get(doc.root, "repos") : NULL;
	if (repos && repos->kind == WL_TV_ARRAY) {
		for (r = repos->child; r; r = r->next) {
			const struct wl_tv *repo, *rev;
			struct wl_action_ref *a;
			if (r->kind != WL_TV_TABLE)
				continue;
			repo = wl_tv_get(r, "repo");
			additional_deps(ctx, r);
			rev = wl_tv_get(r, "rev");
			/* local and meta hooks live in this repository */
			if (!repo || !wl_tv_is_scalar(repo) || strcmp(repo->str, "local") == 0 ||
			    strcmp(repo->str, "meta") == 0)
				continue;
			a = wl_ctx_alloc(ctx, sizeof(*a));
			memset(a, 0, sizeof(*a));
			a->site = WL_ACTREF_PRECOMMIT;
			a->repo = wl_ctx_strdup(ctx, repo->str);
			a->origin = "pre-commit";
			if (rev && wl_tv_is_scalar(rev)) {
				a->ref = wl_ctx_strdup(ctx, rev->str);
				a->ref_kind = wl_classify_git_ref(rev->str);
				a->text = wl_ctx_printf(ctx, "%s@%s", repo->str, rev->str);
				wl_fact_emit(ctx, WL_FACT_ACTION_REF, &rev->loc, a);
			} else {
				a->ref_kind = WL_REF_NONE;
				a->text = a->repo;
				wl_fact_emit(ctx, WL_FACT_ACTION_REF, &repo->loc, a);
			}
		}
	}
	wl_tv_doc_release(&doc);
	return 0;
}

const struct wl_scanner wl_scanner_precommit = {
	.name = "pre-commit",
	.wants = pc_wants,
	.scan = pc_scan,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST) |
		 WL_FACT_BIT(WL_FACT_ACTION_REF) | WL_FACT_BIT(WL_FACT_IMAGE_REF) | WL_FACT_BIT(WL_FACT_SHELL) | WL_FACT_BIT(WL_FACT_CI),
};
