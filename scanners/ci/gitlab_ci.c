/*
 * gitlab_ci.c - GitLab CI files (.gitlab-ci.yml, *.gitlab-ci.yml and the
 * usual homes of local includes): image:/services: without a digest,
 * include: of other projects, remote URLs and components not pinned to a
 * commit, and script:/before_script:/after_script: through shell analysis.
 * It reads YAML through tsutil and never expands a CI variable.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ci_util.h"
#include "facts_dep.h"
#include "shell.h"
#include "tsutil.h"

struct gl_scan {
	struct wl_ctx *ctx;
	const char *data;
	struct wl_lines lines;
	struct wl_mapped_text mt;
};

/* Keys at the top level that are not jobs. */
static int reserved_key(const char *k)
{
	static const char *const keys[] = {"default", "include", "stages", "variables", "workflow",
					   "image", "services", "cache", "before_script", "after_script",
					   "pages:deploy", "spec", NULL};
	size_t i;
	for (i = 0; keys[i]; i++)
		if (strcmp(k, keys[i]) == 0)
			return 1;
	return 0;
}

static void emit_image(struct gl_scan *s, const struct wl_tv *v, const char *origin)
{
	wl_ci_emit_image_value(s->ctx, v, "name", origin, "$", 0);
}

static void emit_services(struct gl_scan *s, const struct wl_tv *svc)
{
	const struct wl_tv *c;
	if (!svc || svc->kind != WL_TV_ARRAY)
		return;
	for (c = svc->child; c; c = c->next)
		emit_image(s, c, "GitLab CI service");
}

static void emit_vars(struct gl_scan *s, const struct wl_tv *vars, struct wl_shell_state *st)
{
	const struct wl_tv *c;
	if (!vars || vars->kind != WL_TV_TABLE)
		return;
	for (c = vars->child; c; c = c->next) {
		const struct wl_tv *v = c;
		int fl;
		if (v->kind == WL_TV_TABLE)
			v = wl_tv_get(v, "value");
		if (!c->key || !v || !wl_tv_is_scalar(v))
			continue;
		fl = wl_ci_env_var(s->ctx, c->key, v->str, &c->key_loc, "GitLab CI variables");
		if ((fl & WL_CI_ENV_REQUIRE_HASHES) && st)
			st->require_hashes = 1;
		if ((fl & WL_CI_ENV_UV_UNSAFE) && st)
			st->uv_unsafe_index = 1;
	}
}

static void shell_line(struct gl_scan *s, const struct wl_tv *v, struct wl_shell_state *st)
{
	struct wl_shell_input in;
	if (!wl_tv_is_scalar(v))
		return;
	wl_mtext_reset(&s->mt);
	if (wl_yaml_scalar_mapped(s->data, &s->lines, &v->loc, &s->mt) != 0 || !s->mt.text.len) {
		wl_mtext_reset(&s->mt);
		(void)wl_mtext_add(&s->mt, v->str, strlen(v->str), v->loc.line, v->loc.col);
	}
	memset(&in, 0, sizeof(in));
	in.text = s->mt.text.buf;
	in.len = s->mt.text.len;
	in.map = &s->mt.map;
	in.origin = "GitLab CI script";
	in.base_dir = "";
	in.state = st;
	(void)wl_shell_analyze(s->ctx, &in);
}

/* script: is a string or a list (of strings or nested lists, from anchors). */
static void script_list(struct gl_scan *s, const struct wl_tv *v, struct wl_shell_state *st, int depth)
{
	const struct wl_tv *c;
	if (!v || depth > 8)
		return;
	if (wl_tv_is_scalar(v)) {
		shell_line(s, v, st);
		return;
	}
	if (v->kind != WL_TV_ARRAY)
		return;
	for (c = v->child; c; c = c->next)
		script_list(s, c, st, depth + 1);
}

static void emit_include_ref(struct gl_scan *s, const struct wl_tv *at, const char *text, const char *repo,
			     const char *ref)
{
	struct wl_action_ref *a = wl_ctx_alloc(s->ctx, sizeof(*a));
	memset(a, 0, sizeof(*a));
	a->site = WL_ACTREF_GITLAB_INCLUDE;
	a->text = wl_ctx_strdup(s->ctx, text);
	a->repo = repo ? wl_ctx_strdup(s->ctx, repo) : a->text;
	a->ref = ref ? wl_ctx_strdup(s->ctx, ref) : NULL;
	a->ref_kind = ref ? wl_classify_git_ref(ref) : WL_REF_NONE;
	a->origin = "gitlab-ci";
	wl_fact_emit(s->ctx, WL_FACT_ACTION_REF, &at->loc, a);
}

/* A remote URL is pinned only when a path segment is a full commit SHA
 * (…/-/raw/<sha>/file.yml). */
static int url_has_sha(const char *u)
{
	const char *p = u;
	while ((p = strchr(p, '/')) != NULL) {
		p++;
		if (wl_is_hex(p, 40) && (p[40] == '/' || p[40] == '\0'))
			return 1;
	}
	return 0;
}

static void one_include(struct gl_scan *s, const struct wl_tv *inc)
{
	if (wl_tv_is_scalar(inc)) {
		/* a bare string: a local path, or a remote URL */
		if (strstr(inc->str, "://") && !url_has_sha(inc->str))
			emit_include_ref(s, inc, inc->str, NULL, NULL);
		return;
	}
	if (inc->kind != WL_TV_TABLE)
		return;
	{
		const struct wl_tv *remote = wl_tv_get(inc, "remote");
		const struct wl_tv *project = wl_tv_get(inc, "project");
		const struct wl_tv *component = wl_tv_get(inc, "component");
		if (remote && wl_tv_is_scalar(remote) && !url_has_sha(remote->str)) {
			emit_include_ref(s, remote, remote->str, NULL, NULL);
		} else if (project && wl_tv_is_scalar(project)) {
			const struct wl_tv *ref = wl_tv_get(inc, "ref");
			const char *r = ref && wl_tv_is_scalar(ref) ? ref->str : NULL;
			if (!r || wl_classify_git_ref(r) != WL_REF_SHA) {
				const char *text = r ? wl_ctx_printf(s->ctx, "%s@%s", project->str, r) : project->str;
				emit_include_ref(s, ref && r ? ref : project, text, project->str, r);
			}
		} else if (component && wl_tv_is_scalar(component)) {
			const char *at = strrchr(component->str, '@');
			const char *r = at ? at + 1 : NULL;
			if (!r || wl_classify_git_ref(r) != WL_REF_SHA) {
				char *repo = wl_ctx_strndup(s->ctx, component->str,
							    at ? (size_t)(at - component->str) : strlen(component->str));
				/* ~latest and version numbers are both moving targets */
				emit_include_ref(s, component, component->str, repo, r);
			}
		}
	}
}

static void do_includes(struct gl_scan *s, const struct wl_tv *inc)
{
	const struct wl_tv *c;
	if (!inc)
		return;
	if (inc->kind == WL_TV_ARRAY) {
		for (c = inc->child; c; c = c->next)
			one_include(s, c);
	} else {
		one_include(s, inc);
	}
}

static void do_job(struct gl_scan *s, const struct wl_tv *job, struct wl_shell_state *st)
{
	emit_image(s, wl_tv_get(job, "image"), "GitLab CI job");
	emit_services(s, wl_tv_get(job, "services"));
	emit_vars(s, wl_tv_get(job, "variables"), st);
	script_list(s, wl_tv_get(job, "before_script"), st, 0);
	script_list(s, wl_tv_get(job, "script"), st, 0);
	script_list(s, wl_tv_get(job, "after_script"), st, 0);
}

static int gl_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT)
		return 0;
	if (strcmp(f->ext, ".yml") != 0 && strcmp(f->ext, ".yaml") != 0)
		return 0;
	/* the root file, files named like it, and the conventional folders
	 * that hold `include: local:` files */
	return strcmp(f->name, ".gitlab-ci.yml") == 0 || strcmp(f->name, ".gitlab-ci.yaml") == 0 ||
	       wl_ends_with(f->name, ".gitlab-ci.yml") || wl_ends_with(f->name, ".gitlab-ci.yaml") ||
	       wl_starts_with(f->path, ".gitlab/ci/") || wl_starts_with(f->path, ".gitlab-ci/") ||
	       strstr(f->path, "/.gitlab/ci/") != NULL;
}

static int gl_scan_file(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct gl_scan s;
	struct wl_tv_doc doc;
	const struct wl_tv *root, *c, *def;
	memset(&s, 0, sizeof(s));
	memset(&doc, 0, sizeof(doc));
	s.ctx = ctx;
	s.data = (const char *)f->data;
	if (wl_tv_parse(ctx, WL_LANG_YAML, s.data, f->size, &doc)) {
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML could not be parsed; GitLab CI file not checked");
		wl_tv_doc_release(&doc);
		return 0;
	}
	if (doc.has_error)
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML does not fully parse; the rest of the file was still checked");
	root = doc.root;
	if (!root || root->kind != WL_TV_TABLE) {
		wl_tv_doc_release(&doc);
		return 0;
	}
	wl_lines_init(&s.lines, s.data, f->size);
	wl_mtext_init(&s.mt, 1u << 22);
	do_includes(&s, wl_tv_get(root, "include"));
	emit_image(&s, wl_tv_get(root, "image"), "GitLab CI");
	emit_services(&s, wl_tv_get(root, "services"));
	emit_vars(&s, wl_tv_get(root, "variables"), NULL);
	def = wl_tv_get(root, "default");
	if (def && def->kind == WL_TV_TABLE) {
		struct wl_shell_state st;
		wl_shell_state_init(&st);
		do_job(&s, def, &st);
		wl_shell_state_release(&st);
	}
	{
		/* old-style global before_script/after_script */
		struct wl_shell_state st;
		wl_shell_state_init(&st);
		script_list(&s, wl_tv_get(root, "before_script"), &st, 0);
		script_list(&s, wl_tv_get(root, "after_script"), &st, 0);
		wl_shell_state_release(&st);
	}
	for (c = root->child; c; c = c->next) {
		struct wl_shell_state st;
		if (!c->key || reserved_key(c->key) || c->kind != WL_TV_TABLE)
			continue;
		wl_shell_state_init(&st);
		do_job(&s, c, &st);
		wl_shell_state_release(&st);
	}
	wl_mtext_release(&s.mt);
	wl_lines_release(&s.lines);
	wl_tv_doc_release(&doc);
	return 0;
}

const struct wl_scanner wl_scanner_gitlab_ci = {
	.name = "gitlab-ci",
	.wants = gl_wants,
	.scan = gl_scan_file,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST) |
		 WL_FACT_BIT(WL_FACT_ACTION_REF) | WL_FACT_BIT(WL_FACT_IMAGE_REF) | WL_FACT_BIT(WL_FACT_SHELL) | WL_FACT_BIT(WL_FACT_CI) |
		 WL_FACT_BIT(WL_FACT_TEMPLATE_LINK),
};
