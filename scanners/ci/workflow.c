/*
 * workflow.c - GitHub Actions workflows (.github/workflows/NAME.yml) and
 * action.yml of composite/docker actions: uses: references, container
 * images, run: scripts through shell analysis (positions mapped through
 * block scalars), ${{ }} expressions that expand untrusted text into scripts,
 * and privileged triggers that check out pull-request code.
 * It reads YAML through tsutil and never evaluates an expression.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ci_util.h"
#include "facts_dep.h"
#include "shell.h"
#include "tsutil.h"

struct gh_scan {
	struct wl_ctx *ctx;
	const struct wl_file *file;
	const char *data;
	struct wl_lines lines;
	int is_action;          /* action.yml, not a workflow */
	const char *trigger;    /* "pull_request_target" / "workflow_run" when privileged */
	const char *origin;     /* "workflow run" / "action run" */
	const char *refs_origin;/* "workflow" / "composite action" */
	const struct wl_tv *wf_env; /* the workflow's top-level env: */
};

/* ---------------------------------------------------------- expressions */

static int ieq_n(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);
	return an == bn && strncasecmp(a, b, an) == 0;
}

static int iends(const char *a, size_t an, const char *suffix)
{
	size_t sn = strlen(suffix);
	return an >= sn && strncasecmp(a + an - sn, suffix, sn) == 0;
}

static int icontains(const char *a, size_t an, const char *needle)
{
	size_t nn = strlen(needle), i;
	for (i = 0; i + nn <= an; i++)
		if (strncasecmp(a + i, needle, nn) == 0)
			return 1;
	return 0;
}

/*
 * Is this context path attacker-controlled? (GitHub Security Lab's list:
 * titles, bodies, comments, commit messages and authors, branch names...)
 * Returns 2 for untrusted, 1 for weakly trusted (inputs), 0 otherwise.
 */
static int untrusted_path(const char *p, size_t n, int is_action)
{
	if (ieq_n(p, n, "github.head_ref"))
		return 2;
	if (ieq_n(p, n, "github.event"))
		return 2; /* toJSON(github.event) */
	if (n > 13 && strncasecmp(p, "github.event.", 13) == 0) {
		static const char *const bad_suffix[] = {
			".title", ".body", ".message", ".label", ".head_ref", ".head_branch",
			".page_name", ".default_branch", ".email", ".description", ".text", NULL,
		};
		size_t i;
		if (strncasecmp(p + 13, "inputs.", 7) == 0)
			return 1;
		for (i = 0; bad_suffix[i]; i++)
			if (iends(p, n, bad_suffix[i]))
				return 2;
		if (iends(p, n, ".name") && (icontains(p, n, "author") || icontains(p, n, "committer") ||
					     icontains(p, n, "pusher")))
			return 2;
		if (iends(p, n, ".ref") && icontains(p, n, ".head."))
			return 2;
		return 0;
	}
	/* a composite action's inputs, a workflow_call / workflow_dispatch
	 * workflow's inputs: whoever calls or dispatches decides them */
	if (n > 7 && strncasecmp(p, "inputs.", 7) == 0)
		return 1;
	(void)is_action;
	return 0;
}

static int path_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
	       c == '-' || c == '.' || c == '*' || c == '[' || c == ']';
}

/* ------------------------------------------------ boolean expressions */

static void trim(const char **p, const char **e)
{
	while (*p < *e && (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r'))
		(*p)++;
	while (*e > *p && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\n' || (*e)[-1] == '\r'))
		(*e)--;
}

/* The end of the single-quoted string at p (GitHub: '' is a quote). */
static const char *skip_string(const char *p, const char *e)
{
	for (p++; p < e; p++)
		if (*p == '\'') {
			if (p + 1 < e && p[1] == '\'')
				p++;
			else
				return p + 1;
		}
	return e;
}

static int is_boolean_operand(const char *p, const char *e, int depth);

/*
 * Can the expression only yield true or false? Then it cannot inject text
 * into a script, whatever its inputs: a comparison, a negation, contains()/
 * startsWith()/endsWith() and the status functions, and &&/|| of those
 * (GitHub's && and || return an operand, so each operand must be boolean).
 */
static int is_boolean_expr(const char *p, const char *e, int depth)
{
	const char *q, *start;
	int level = 0, split = 0;
	trim(&p, &e);
	if (p >= e || depth > 16)
		return 0;
	for (q = start = p; q < e; q++) {
		if (*q == '\'') {
			q = skip_string(q, e) - 1;
		} else if (*q == '(') {
			level++;
		} else if (*q == ')') {
			level--;
		} else if (!level && q + 1 < e && ((q[0] == '&' && q[1] == '&') || (q[0] == '|' && q[1] == '|'))) {
			if (!is_boolean_operand(start, q, depth + 1))
				return 0;
			start = q + 2;
			q++;
			split = 1;
		}
	}
	if (split)
		return is_boolean_operand(start, e, depth + 1);
	return is_boolean_operand(p, e, depth + 1);
}

static int is_boolean_operand(const char *p, const char *e, int depth)
{
	static const char *const bool_calls[] = { "contains", "startsWith", "endsWith", "success", "failure",
						  "always", "cancelled", NULL };
	const char *q;
	int level = 0, i;
	trim(&p, &e);
	if (p >= e)
		return 0;
	if (*p == '!' && !(p + 1 < e && p[1] == '='))
		return 1;
	if ((e - p == 4 && !strncmp(p, "true", 4)) || (e - p == 5 && !strncmp(p, "false", 5)))
		return 1;
	/* a comparison at the top level */
	for (q = p; q < e; q++) {
		if (*q == '\'') {
			q = skip_string(q, e) - 1;
		} else if (*q == '(') {
			level++;
		} else if (*q == ')') {
			level--;
		} else if (!level && (*q == '<' || *q == '>' || ((*q == '=' || *q == '!') && q + 1 < e && q[1] == '='))) {
			return 1;
		}
	}
	/* (expr) or f(...) spanning the whole operand */
	if (e[-1] == ')') {
		const char *open = p;
		while (open < e && *open != '(')
			open++;
		if (open < e) {
			level = 0;
			for (q = open; q < e; q++) {
				if (*q == '\'')
					q = skip_string(q, e) - 1;
				else if (*q == '(')
					level++;
				else if (*q == ')' && --level == 0)
					break;
			}
			if (q == e - 1) {
				const char *name_end = open;
				trim(&p, &name_end);
				if (p == name_end)
					return is_boolean_expr(open + 1, e - 1, depth);
				for (i = 0; bool_calls[i]; i++)
					if ((size_t)(name_end - p) == strlen(bool_calls[i]) &&
					    !strncasecmp(p, bool_calls[i], (size_t)(name_end - p)))
						return 1;
			}
		}
	}
	return 0;
}

struct inj_ctx {
	struct gh_scan *s;
	const struct wl_mapped_text *mt;
	const char *where;
	const struct wl_tv *step, *job; /* for env.*, matrix.* (NULL when unknown) */
};

/* A taint found in an expression: how strong, the context path, and for a
 * value that flows in indirectly (env:, a step's output, a matrix entry)
 * what it is. */
struct taint {
	int level;           /* 2 attacker-controlled, 1 review, 0 none */
	const char *path;    /* the context as written in the expression */
	size_t n;
	const char *via;     /* NULL: the context itself; else a description */
};

static void expr_taint(struct inj_ctx *ic, const char *t, size_t start, size_t end, int depth,
		       struct taint *best);

/* The strongest taint of the ${{ }} expressions inside a YAML value (an env:
 * value, a matrix entry); its `via` names the value. */
static void value_taint(struct inj_ctx *ic, const struct wl_tv *v, int depth, struct taint *out)
{
	const char *t, *p;
	memset(out, 0, sizeof(*out));
	if (!v || depth > 4)
		return;
	if (!wl_tv_is_scalar(v)) {
		const struct wl_tv *c;
		for (c = v->child; c; c = c->next) {
			struct taint ct;
			value_taint(ic, c, depth + 1, &ct);
			if (ct.level > out->level)
				*out = ct;
		}
		return;
	}
	t = v->str;
	for (p = strstr(t, "${{"); p; p = strstr(p + 3, "${{")) {
		const char *q = strstr(p + 3, "}}");
		size_t e = q ? (size_t)(q - t) + 2 : strlen(t);
		struct taint ct;
		memset(&ct, 0, sizeof(ct));
		expr_taint(ic, t, (size_t)(p - t), e, depth + 1, &ct);
		if (ct.level > out->level)
			*out = ct;
	}
}

/* env.NAME: the nearest env: that sets NAME (step, job, workflow). */
static const struct wl_tv *env_value(const struct inj_ctx *ic, const char *name, size_t n)
{
	const struct wl_tv *scopes[3], *c;
	size_t k;
	scopes[0] = ic->step ? wl_tv_get(ic->step, "env") : NULL;
	scopes[1] = ic->job ? wl_tv_get(ic->job, "env") : NULL;
	scopes[2] = ic->s->wf_env;
	for (k = 0; k < 3; k++) {
		if (!scopes[k] || scopes[k]->kind != WL_TV_TABLE)
			continue;
		for (c = scopes[k]->child; c; c = c->next)
			if (c->key && strlen(c->key) == n && strncmp(c->key, name, n) == 0)
				return c;
	}
	return NULL;
}

/* Does a YAML value hold a ${{ }} expression (in any of its scalars)? */
static int has_expr(const struct wl_tv *v, int depth)
{
	const struct wl_tv *c;
	if (!v || depth > 8)
		return 0;
	if (wl_tv_is_scalar(v))
		return strstr(v->str, "${{") != NULL;
	for (c = v->child; c; c = c->next)
		if (has_expr(c, depth + 1))
			return 1;
	return 0;
}

/* matrix.NAME: the values the job's strategy.matrix gives NAME. A matrix
 * written as one expression (fromJSON(...)) can give anything: level 1. */
static void matrix_taint(struct inj_ctx *ic, const char *name, size_t n, int depth, struct taint *out)
{
	const struct wl_tv *m = ic->job ? wl_tv_path(ic->job, "strategy", "matrix", (const char *)NULL) : NULL;
	const struct wl_tv *c;
	memset(out, 0, sizeof(*out));
	if (!m)
		return;
	if (wl_tv_is_scalar(m)) {
		if (strstr(m->str, "${{")) {
			out->level = 1;
			out->via = "a matrix built by an expression";
		}
		return;
	}
	if (m->kind != WL_TV_TABLE)
		return;
	for (c = m->child; c; c = c->next) {
		struct taint ct;
		if (!c->key)
			continue;
		memset(&ct, 0, sizeof(ct));
		if (strcmp(c->key, "include") == 0 && wl_tv_is_scalar(c) && strstr(c->str, "${{")) {
			ct.level = 1;
			ct.via = "a matrix built by an expression";
		} else if (strcmp(c->key, "include") == 0 && c->kind == WL_TV_ARRAY) {
			const struct wl_tv *e;
			for (e = c->child; e; e = e->next) {
				const struct wl_tv *v = e->kind == WL_TV_TABLE ? e->child : NULL;
				for (; v; v = v->next)
					if (v->key && strlen(v->key) == n && strncmp(v->key, name, n) == 0) {
						struct taint vt;
						value_taint(ic, v, depth + 1, &vt);
						if (!vt.level && has_expr(v, 0))
							vt.level = 1;
						if (vt.level > ct.level)
							ct = vt;
					}
			}
		} else if (strlen(c->key) == n && strncmp(c->key, name, n) == 0) {
			value_taint(ic, c, depth + 1, &ct);
			/* whatever the expression, the matrix entry is computed: review it */
			if (!ct.level && has_expr(c, 0))
				ct.level = 1;
		}
		if (ct.level > out->level)
			*out = ct;
	}
	if (out->level && !out->via)
		out->via = "a matrix value set from an expression";
}

/* The taint of one context path at t[0..n). */
static void path_taint(struct inj_ctx *ic, const char *p, size_t n, int depth, struct taint *out)
{
	memset(out, 0, sizeof(*out));
	out->path = p;
	out->n = n;
	out->level = untrusted_path(p, n, ic->s->is_action);
	if (out->level)
		return;
	if (n > 4 && strncasecmp(p, "env.", 4) == 0) {
		const struct wl_tv *v = env_value(ic, p + 4, n - 4);
		struct taint vt;
		if (!v || depth > 4)
			return;
		value_taint(ic, v, depth + 1, &vt);
		if (vt.level) {
			out->level = vt.level;
			out->via = wl_ctx_printf(ic->s->ctx, "an env: value set from `%.*s`", (int)vt.n, vt.path ? vt.path : "");
			if (!vt.path)
				out->via = "an env: value set from an expression";
		}
		return;
	}
	if ((n > 6 && strncasecmp(p, "steps.", 6) == 0 && icontains(p, n, ".outputs")) ||
	    (n > 6 && strncasecmp(p, "needs.", 6) == 0 && icontains(p, n, ".outputs"))) {
		out->level = 1;
		out->via = p[0] == 's' || p[0] == 'S' ? "a step's output" : "another job's output";
		return;
	}
	if (n > 7 && strncasecmp(p, "matrix.", 7) == 0) {
		const char *name = p + 7, *e = p + n;
		const char *dot = memchr(name, '.', (size_t)(e - name));
		struct taint mt;
		matrix_taint(ic, name, (size_t)((dot ? dot : e) - name), depth, &mt);
		if (mt.level) {
			out->level = mt.level;
			out->via = mt.path ? wl_ctx_printf(ic->s->ctx, "%s (`%.*s`)", mt.via, (int)mt.n, mt.path)
					   : mt.via;
		}
	}
}

/* The strongest taint among the context paths of the expression
 * t[start..end) ("${{ ... }}"); nothing for a boolean-only expression. */
static void expr_taint(struct inj_ctx *ic, const char *t, size_t start, size_t end, int depth,
		       struct taint *best)
{
	size_t i = start + 3;
	if (end >= start + 5 && is_boolean_expr(t + start + 3, t + end - 2, 0))
		return; /* yields true or false only: nothing to inject */
	while (i < end) {
		size_t j;
		if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z'))) {
			if (t[i] == '\'') { /* skip string literals */
				i++;
				while (i < end && t[i] != '\'')
					i++;
			}
			i++;
			continue;
		}
		j = i;
		while (j < end && path_char(t[j]))
			j++;
		{
			struct taint pt;
			path_taint(ic, t + i, j - i, depth, &pt);
			if (pt.level > best->level)
				*best = pt;
		}
		i = j;
	}
}

static void on_expression(void *ud, size_t start, size_t end)
{
	struct inj_ctx *ic = ud;
	const char *t = ic->mt->text.buf;
	struct taint best;
	memset(&best, 0, sizeof(best));
	expr_taint(ic, t, start, end, 0, &best);
	if (best.level) {
		struct wl_ci_fact *cf = wl_ctx_alloc(ic->s->ctx, sizeof(*cf));
		struct wl_loc loc;
		memset(cf, 0, sizeof(*cf));
		memset(&loc, 0, sizeof(loc));
		cf->kind = WL_CI_SCRIPT_INJECTION;
		cf->expr = wl_ctx_strndup(ic->s->ctx, t + start, end - start);
		cf->context = wl_ctx_strndup(ic->s->ctx, best.path, best.n);
		cf->weak = best.level == 1;
		cf->via = best.via;
		cf->where = ic->where;
		wl_srcmap_pos(&ic->mt->map, start, &loc.line, &loc.col);
		wl_srcmap_pos(&ic->mt->map, end - 1, &loc.end_line, &loc.end_col);
		loc.end_col++;
		if (loc.end_line < loc.line || (loc.end_line == loc.line && loc.end_col <= loc.col))
			loc.end_line = loc.end_col = 0;
		wl_fact_emit(ic->s->ctx, WL_FACT_CI, &loc, cf);
	}
}

/* The value's text with its source map; falls back to the decoded string
 * placed at the value's start. */
static void value_text(struct gh_scan *s, const struct wl_tv *v, struct wl_mapped_text *mt)
{
	wl_mtext_reset(mt);
	if (wl_yaml_scalar_mapped(s->data, &s->lines, &v->loc, mt) == 0 && mt->text.len)
		return;
	wl_mtext_reset(mt);
	(void)wl_mtext_add(mt, v->str, strlen(v->str), v->loc.line, v->loc.col);
}

/* ------------------------------------------------------------- pieces */

static void emit_env(struct gh_scan *s, const struct wl_tv *env, struct wl_shell_state *st)
{
	const struct wl_tv *c;
	if (!env || env->kind != WL_TV_TABLE)
		return;
	for (c = env->child; c; c = c->next) {
		if (!c->key || !wl_tv_is_scalar(c))
			continue;
		int fl = wl_ci_env_var(s->ctx, c->key, c->str, &c->key_loc, s->is_action ? "action env" : "workflow env");
		if ((fl & WL_CI_ENV_REQUIRE_HASHES) && st)
			st->require_hashes = 1;
		if ((fl & WL_CI_ENV_UV_UNSAFE) && st)
			st->uv_unsafe_index = 1;
	}
}

static void emit_uses(struct gh_scan *s, const struct wl_tv *u, enum wl_action_ref_site site)
{
	const char *t = u->str, *te;
	struct wl_action_ref *a;
	const char *at;
	if (!wl_tv_is_scalar(u) || !*t)
		return;
	/* `uses: |` or `uses: >` keeps a newline: GitHub reads the reference trimmed */
	te = t + strlen(t);
	trim(&t, &te);
	if (*te)
		t = wl_ctx_strndup(s->ctx, t, (size_t)(te - t));
	if (!*t)
		return;
	if (wl_starts_with(t, "docker://")) {
		struct wl_image_ref *im = wl_ctx_alloc(s->ctx, sizeof(*im));
		memset(im, 0, sizeof(*im));
		wl_parse_image_ref(s->ctx, t + 9, strlen(t + 9), im);
		im->origin = "workflow docker action";
		wl_fact_emit(s->ctx, WL_FACT_IMAGE_REF, &u->loc, im);
		return;
	}
	a = wl_ctx_alloc(s->ctx, sizeof(*a));
	memset(a, 0, sizeof(*a));
	a->site = site;
	a->text = wl_ctx_strdup(s->ctx, t);
	a->origin = s->refs_origin;
	/* ./path, ../path, and $/path: GitHub's syntax for this repository */
	if ((t[0] == '.' && (t[1] == '/' || (t[1] == '.' && t[2] == '/'))) || (t[0] == '$' && t[1] == '/')) {
		a->ref_kind = WL_REF_LOCAL;
		a->repo = a->text;
	} else {
		const char *slash1 = strchr(t, '/');
		const char *slash2 = slash1 ? strchr(slash1 + 1, '/') : NULL;
		size_t rn;
		at = strrchr(t, '@');
		rn = at ? (size_t)(at - t) : strlen(t);
		if (slash2 && (size_t)(slash2 - t) < rn)
			rn = (size_t)(slash2 - t);
		a->repo = wl_ctx_strndup(s->ctx, t, rn);
		a->ref = at ? wl_ctx_strdup(s->ctx, at + 1) : NULL;
		a->ref_kind = strstr(t, "${{") ? WL_REF_DYNAMIC : wl_classify_git_ref(a->ref);
		a->first_party = strncasecmp(t, "actions/", 8) == 0 || strncasecmp(t, "github/", 7) == 0;
	}
	wl_fact_emit(s->ctx, WL_FACT_ACTION_REF, &u->loc, a);
}

static void emit_image_value(struct gh_scan *s, const struct wl_tv *v, const char *origin)
{
	wl_ci_emit_image_value(s->ctx, v, "image", origin, "${{", 1);
}

static void emit_checkout(struct gh_scan *s, const struct wl_tv *at, const char *expr)
{
	struct wl_ci_fact *cf = wl_ctx_alloc(s->ctx, sizeof(*cf));
	memset(cf, 0, sizeof(*cf));
	cf->kind = WL_CI_UNTRUSTED_CHECKOUT;
	cf->expr = wl_ctx_strdup(s->ctx, expr);
	cf->trigger = s->trigger;
	cf->where = "checkout";
	wl_fact_emit(s->ctx, WL_FACT_CI, &at->loc, cf);
}

/* Does this text name the pull request's head? */
static int names_pr_head(const char *t)
{
	static const char *const heads[] = {
		"github.event.pull_request.head.sha", "github.event.pull_request.head.ref",
		"github.head_ref", "refs/pull/", "github.event.workflow_run.head_sha",
		"github.event.workflow_run.head_branch", "github.event.pull_request.head.repo.full_name",
		"github.event.workflow_run.head_repository.full_name", "pull/${{", "merge_commit_sha",
		/* issue_comment workflows look the PR up first
		 * (xt0rted/pull-request-comment-branch, gh api): its head by output */
		".outputs.head_sha", ".outputs.head_ref", NULL,
	};
	size_t i;
	for (i = 0; heads[i]; i++)
		if (icontains(t, strlen(t), heads[i]))
			return 1;
	return 0;
}

static int is_windows_runner(const struct wl_tv *job)
{
	const struct wl_tv *r = job ? wl_tv_get(job, "runs-on") : NULL;
	if (r && wl_tv_is_scalar(r))
		return icontains(r->str, strlen(r->str), "windows");
	return 0;
}

static int posix_shell(const char *shell)
{
	return !shell || !*shell || wl_starts_with(shell, "bash") || wl_starts_with(shell, "sh") ||
	       strstr(shell, "/bash") || strstr(shell, "/sh");
}

/*
 * Inputs of actions that run their value as code (a script, a shell command,
 * an expression): a ${{ }} in them is expanded before the code runs, as in
 * run:. Matched on the action's owner/name, case-insensitively, any ref.
 */
static const struct {
	const char *action, *input, *where;
} action_sink[] = {
	{ "actions/github-script", "script", "github-script script" },
	{ "mikefarah/yq", "cmd", "mikefarah/yq `cmd` input" },
	{ "azure/cli", "inlineScript", "azure/cli `inlineScript` input" },
	{ "azure/powershell", "inlineScript", "azure/powershell `inlineScript` input" },
	{ "amadevus/pwsh-script", "script", "pwsh-script `script` input" },
	{ "jannekem/run-python-script-action", "script", "run-python-script `script` input" },
	{ "cardinalby/js-eval-action", "expression", "js-eval-action `expression` input" },
	{ "addnab/docker-run-action", "run", "docker-run-action `run` input" },
	{ "addnab/docker-run-action", "options", "docker-run-action `options` input" },
	{ "appleboy/ssh-action", "script", "ssh-action `script` input" },
	{ "devorbitus/yq-action-output", "cmd", "yq-action-output `cmd` input" },
	{ "korthout/backport-action", "pull_title", "backport-action `pull_title` template" },
	{ "korthout/backport-action", "pull_description", "backport-action `pull_description` template" },
	{ "tibdex/backport", "title_template", "tibdex/backport `title_template`" },
	{ "tibdex/backport", "body_template", "tibdex/backport `body_template`" },
	{ "sergeysova/jq-action", "cmd", "jq-action `cmd` input" },
	{ NULL, NULL, NULL },
};

/* Does `uses` (owner/name[/path]@ref) name `action`? */
static int uses_is(const char *uses, const char *action)
{
	size_t n = strlen(action);
	while (*uses == ' ' || *uses == '\n')
		uses++;
	return strncasecmp(uses, action, n) == 0 && (uses[n] == '@' || uses[n] == '/');
}

static void action_sinks(struct gh_scan *s, const struct wl_tv *uses, const struct wl_tv *with,
			 const struct wl_tv *st, const struct wl_tv *job, struct wl_mapped_text *mt)
{
	size_t i;
	for (i = 0; action_sink[i].input; i++) {
		const struct wl_tv *v;
		if (!uses_is(uses->str, action_sink[i].action))
			continue;
		v = wl_tv_get(with, action_sink[i].input);
		if (v && wl_tv_is_scalar(v)) {
			struct inj_ctx ic = {s, mt, action_sink[i].where, st, job};
			value_text(s, v, mt);
			wl_gh_expressions(mt->text.buf, mt->text.len, on_expression, &ic);
		}
	}
}

static void do_steps(struct gh_scan *s, const struct wl_tv *steps, const struct wl_tv *job,
		     const char *default_shell, const char *default_dir)
{
	const struct wl_tv *st;
	struct wl_shell_state shell;
	struct wl_mapped_text mt;
	if (!steps || steps->kind != WL_TV_ARRAY)
		return;
	wl_shell_state_init(&shell);
	wl_mtext_init(&mt, 1u << 22);
	emit_env(s, job ? wl_tv_get(job, "env") : NULL, &shell);
	for (st = steps->child; st; st = st->next) {
		const struct wl_tv *uses, *run, *with;
		if (st->kind != WL_TV_TABLE)
			continue;
		emit_env(s, wl_tv_get(st, "env"), &shell);
		uses = wl_tv_get(st, "uses");
		with = wl_tv_get(st, "with");
		if (uses && wl_tv_is_scalar(uses)) {
			emit_uses(s, uses, WL_ACTREF_STEP);
			if (s->trigger && strncasecmp(uses->str, "actions/checkout", 16) == 0 && with) {
				const struct wl_tv *ref = wl_tv_get(with, "ref");
				const struct wl_tv *repo = wl_tv_get(with, "repository");
				if (ref && wl_tv_is_scalar(ref) && names_pr_head(ref->str))
					emit_checkout(s, ref, ref->str);
				else if (repo && wl_tv_is_scalar(repo) && names_pr_head(repo->str))
					emit_checkout(s, repo, repo->str);
			}
			if (with && with->kind == WL_TV_TABLE)
				action_sinks(s, uses, with, st, job, &mt);
		}
		run = wl_tv_get(st, "run");
		if (run && wl_tv_is_scalar(run)) {
			const char *shell_name = wl_tv_str(st, "shell");
			const char *dir = wl_tv_str(st, "working-directory");
			struct inj_ctx ic = {s, &mt, "run: script", st, job};
			value_text(s, run, &mt);
			wl_gh_expressions(mt.text.buf, mt.text.len, on_expression, &ic);
			if (s->trigger && (strstr(mt.text.buf, "gh pr checkout") ||
					   ((strstr(mt.text.buf, "git checkout") || strstr(mt.text.buf, "git fetch") ||
					     strstr(mt.text.buf, "git pull")) && names_pr_head(mt.text.buf))))
				emit_checkout(s, run, strstr(mt.text.buf, "gh pr checkout") ? "gh pr checkout"
											  : "git checkout of the pull request head");
			if (!shell_name)
				shell_name = default_shell;
			if (!dir)
				dir = default_dir;
			if ((shell_name && (strstr(shell_name, "pwsh") || strstr(shell_name, "powershell"))) ||
			    (!shell_name && is_windows_runner(job))) {
				/* PowerShell (a Windows runner's default shell) */
				struct wl_shell_input in;
				memset(&in, 0, sizeof(in));
				in.text = mt.text.buf;
				in.len = mt.text.len;
				in.map = &mt.map;
				in.origin = s->origin;
				in.state = &shell;
				(void)wl_pwsh_analyze(s->ctx, &in);
			} else if (posix_shell(shell_name) && !(shell_name == NULL && is_windows_runner(job))) {
				struct wl_shell_input in;
				char *parse = wl_strndup(mt.text.buf, mt.text.len);
				size_t k;
				/* ${{ expr }} is replaced before the shell runs: give the
				 * parser a variable of the same length in its place */
				for (k = 0; k + 2 < mt.text.len; k++) {
					if (parse[k] == '$' && parse[k + 1] == '{' && parse[k + 2] == '{') {
						size_t e = k + 3;
						while (e + 1 < mt.text.len && !(parse[e] == '}' && parse[e + 1] == '}'))
							e++;
						e = e + 1 < mt.text.len ? e + 2 : mt.text.len;
						parse[k] = '$';
						memset(parse + k + 1, 'W', 1);
						if (e - k > 2)
							memset(parse + k + 2, '_', e - k - 2);
						k = e - 1;
					}
				}
				memset(&in, 0, sizeof(in));
				in.text = parse;
				in.orig = mt.text.buf;
				in.len = mt.text.len;
				in.map = &mt.map;
				in.origin = s->origin;
				in.base_dir = dir && !strstr(dir, "${{") ? dir : "";
				in.state = &shell;
				(void)wl_shell_analyze(s->ctx, &in);
				free(parse);
			}
		}
	}
	wl_mtext_release(&mt);
	wl_shell_state_release(&shell);
}

static const char *triggers(const struct wl_tv *on)
{
	const struct wl_tv *c;
	const char *found = NULL;
	if (!on)
		return NULL;
	/* issue_comment runs in the base repository with its secrets, also for
	 * comments on pull requests from forks; the review triggers
	 * (pull_request_review[_comment]) get a fork's read-only token, as
	 * pull_request does, so they are not privileged */
	if (wl_tv_is_scalar(on)) {
		if (strcmp(on->str, "pull_request_target") == 0 || strcmp(on->str, "workflow_run") == 0 ||
		    strcmp(on->str, "issue_comment") == 0)
			return on->str;
		return NULL;
	}
	for (c = on->child; c; c = c->next) {
		const char *name = on->kind == WL_TV_TABLE ? c->key : (wl_tv_is_scalar(c) ? c->str : NULL);
		if (!name)
			continue;
		if (strcmp(name, "pull_request_target") == 0)
			return "pull_request_target";
		if (strcmp(name, "workflow_run") == 0)
			found = "workflow_run";
		else if (strcmp(name, "issue_comment") == 0 && !found)
			found = "issue_comment";
	}
	return found;
}

static void scan_workflow(struct gh_scan *s, const struct wl_tv *root)
{
	const struct wl_tv *jobs, *job, *on;
	const struct wl_tv *defaults = wl_tv_path(root, "defaults", "run", (const char *)NULL);
	const char *wf_shell = defaults ? wl_tv_str(defaults, "shell") : NULL;
	const char *wf_dir = defaults ? wl_tv_str(defaults, "working-directory") : NULL;
	on = wl_tv_get(root, "on");
	if (!on)
		on = wl_tv_get(root, "true"); /* YAML 1.1 reads a bare `on` as a boolean */
	s->trigger = triggers(on);
	s->wf_env = wl_tv_get(root, "env");
	emit_env(s, s->wf_env, NULL);
	jobs = wl_tv_get(root, "jobs");
	if (!jobs || jobs->kind != WL_TV_TABLE)
		return;
	for (job = jobs->child; job; job = job->next) {
		const struct wl_tv *u, *svc, *jd;
		const char *shell = wf_shell, *dir = wf_dir;
		if (job->kind != WL_TV_TABLE)
			continue;
		u = wl_tv_get(job, "uses");
		if (u)
			emit_uses(s, u, WL_ACTREF_REUSABLE);
		emit_image_value(s, wl_tv_get(job, "container"), "workflow container");
		svc = wl_tv_get(job, "services");
		if (svc && svc->kind == WL_TV_TABLE) {
			const struct wl_tv *c;
			for (c = svc->child; c; c = c->next)
				emit_image_value(s, c, "workflow service");
		}
		jd = wl_tv_path(job, "defaults", "run", (const char *)NULL);
		if (jd) {
			if (wl_tv_str(jd, "shell"))
				shell = wl_tv_str(jd, "shell");
			if (wl_tv_str(jd, "working-directory"))
				dir = wl_tv_str(jd, "working-directory");
		}
		do_steps(s, wl_tv_get(job, "steps"), job, shell, dir);
	}
}

static void scan_action(struct gh_scan *s, const struct wl_tv *root)
{
	const struct wl_tv *runs = wl_tv_get(root, "runs");
	const char *using;
	if (!runs || runs->kind != WL_TV_TABLE)
		return;
	using = wl_tv_str(runs, "using");
	if (using && strcasecmp(using, "composite") == 0) {
		do_steps(s, wl_tv_get(runs, "steps"), NULL, NULL, NULL);
	} else if (using && strcasecmp(using, "docker") == 0) {
		const struct wl_tv *img = wl_tv_get(runs, "image");
		if (img && wl_tv_is_scalar(img) && wl_starts_with(img->str, "docker://"))
			emit_uses(s, img, WL_ACTREF_STEP);
	}
}

static int gh_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT)
		return 0;
	if (strcmp(f->ext, ".yml") != 0 && strcmp(f->ext, ".yaml") != 0)
		return 0;
	if (strcmp(f->name, "action.yml") == 0 || strcmp(f->name, "action.yaml") == 0)
		return 1;
	return wl_starts_with(f->path, ".github/workflows/") || strstr(f->path, "/.github/workflows/") != NULL;
}

static int gh_scan_file(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct gh_scan s;
	struct wl_tv_doc doc;
	int rc;
	memset(&s, 0, sizeof(s));
	memset(&doc, 0, sizeof(doc));
	s.ctx = ctx;
	s.file = f;
	s.data = (const char *)f->data;
	s.is_action = strcmp(f->name, "action.yml") == 0 || strcmp(f->name, "action.yaml") == 0;
	s.origin = s.is_action ? "action run" : "workflow run";
	s.refs_origin = s.is_action ? "composite action" : "workflow";
	rc = wl_tv_parse(ctx, WL_LANG_YAML, s.data, f->size, &doc);
	if (rc) {
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML could not be parsed; workflow not checked");
		wl_tv_doc_release(&doc);
		return 0;
	}
	if (doc.has_error)
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML does not fully parse; the rest of the file was still checked");
	wl_lines_init(&s.lines, s.data, f->size);
	if (doc.root && doc.root->kind == WL_TV_TABLE) {
		if (s.is_action)
			scan_action(&s, doc.root);
		else
			scan_workflow(&s, doc.root);
	}
	wl_lines_release(&s.lines);
	wl_tv_doc_release(&doc);
	return 0;
}

const struct wl_scanner wl_scanner_workflow = {
	.name = "github-workflow",
	.wants = gh_wants,
	.scan = gh_scan_file,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST) |
		 WL_FACT_BIT(WL_FACT_ACTION_REF) | WL_FACT_BIT(WL_FACT_IMAGE_REF) | WL_FACT_BIT(WL_FACT_SHELL) | WL_FACT_BIT(WL_FACT_CI) |
		 WL_FACT_BIT(WL_FACT_TEMPLATE_LINK),
};
