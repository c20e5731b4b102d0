/*
 * compose.c - Docker Compose files (compose.yaml, docker-compose*.yml): the
 * `command:` and `entrypoint:` of each service, a string or a list of
 * words, read through the shell word model for the servers they start
 * (WL_FACT_SERVICE; rules/services.c judges). Images and builds are left to
 * the Dockerfile scanner.
 */
#include "engine.h"
#include "ci_util.h"
#include "shell.h"
#include "tsutil.h"

#include <string.h>

#define COMPOSE_MAX_TEXT (1u << 20)

static int ends_yaml(const char *n)
{
	size_t l = strlen(n);
	return (l > 4 && strcmp(n + l - 4, ".yml") == 0) || (l > 5 && strcmp(n + l - 5, ".yaml") == 0);
}

static int compose_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT || !ends_yaml(f->name))
		return 0;
	return strncmp(f->name, "docker-compose", 14) == 0 || strncmp(f->name, "compose.", 8) == 0 ||
	       strncmp(f->name, "compose-", 8) == 0;
}

/* A list of words: each single-quoted for the shell parser, mapped to its item. */
static void words_text(const struct wl_tv *list, struct wl_mapped_text *mt)
{
	const struct wl_tv *e;
	int first = 1;
	for (e = list->child; e; e = e->next) {
		const char *a;
		if (!wl_tv_is_scalar(e))
			continue;
		if (!first)
			(void)wl_mtext_addsyn(mt, " ", 1);
		first = 0;
		(void)wl_mtext_add(mt, "'", 1, e->loc.line, e->loc.col);
		for (a = e->str; *a; a++) {
			if (*a == '\'')
				(void)wl_mtext_addsyn(mt, "'\\''", 4);
			else
				(void)wl_mtext_addsyn(mt, a, 1);
		}
		(void)wl_mtext_addsyn(mt, "'", 1);
	}
}

static void run_text(struct wl_ctx *ctx, struct wl_mapped_text *mt, const char *origin)
{
	struct wl_shell_input in;
	if (!mt->text.len)
		return;
	memset(&in, 0, sizeof(in));
	in.text = mt->text.buf;
	in.len = mt->text.len;
	in.map = &mt->map;
	in.origin = origin;
	in.services_only = 1;
	(void)wl_shell_analyze(ctx, &in);
}

static void service_cmd(struct wl_ctx *ctx, const char *data, const struct wl_lines *lines, const struct wl_tv *svc)
{
	const struct wl_tv *ep = wl_tv_get(svc, "entrypoint"), *cmd = wl_tv_get(svc, "command");
	struct wl_mapped_text mt;
	wl_mtext_init(&mt, COMPOSE_MAX_TEXT);
	if (ep && cmd && ep->kind == WL_TV_ARRAY && cmd->kind == WL_TV_ARRAY) {
		/* the container runs entrypoint + command */
		words_text(ep, &mt);
		(void)wl_mtext_addsyn(&mt, " ", 1);
		words_text(cmd, &mt);
		run_text(ctx, &mt, "compose entrypoint and command");
		wl_mtext_release(&mt);
		return;
	}
	for (int k = 0; k < 2; k++) {
		const struct wl_tv *v = k ? cmd : ep;
		if (!v)
			continue;
		wl_mtext_reset(&mt);
		if (v->kind == WL_TV_ARRAY) {
			words_text(v, &mt);
		} else if (wl_tv_is_scalar(v)) {
			if (wl_yaml_scalar_mapped(data, lines, &v->loc, &mt) != 0 || !mt.text.len) {
				wl_mtext_reset(&mt);
				(void)wl_mtext_add(&mt, v->str, strlen(v->str), v->loc.line, v->loc.col);
			}
		}
		run_text(ctx, &mt, k ? "compose command" : "compose entrypoint");
	}
	wl_mtext_release(&mt);
}

static int compose_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_tv_doc doc;
	struct wl_lines lines;
	const struct wl_tv *services, *svc;
	const char *data = (const char *)f->data;
	memset(&doc, 0, sizeof(doc));
	if (wl_tv_parse(ctx, WL_LANG_YAML, data, f->size, &doc)) {
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML could not be parsed; compose file not checked");
		wl_tv_doc_release(&doc);
		return 0;
	}
	if (doc.has_error)
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML does not fully parse; the rest of the file was still checked");
	services = doc.root && doc.root->kind == WL_TV_TABLE ? wl_tv_get(doc.root, "services") : NULL;
	if (services && services->kind == WL_TV_TABLE) {
		wl_lines_init(&lines, data, f->size);
		for (svc = services->child; svc; svc = svc->next)
			if (svc->kind == WL_TV_TABLE)
				service_cmd(ctx, data, &lines, svc);
		wl_lines_release(&lines);
	}
	wl_tv_doc_release(&doc);
	return 0;
}

const struct wl_scanner wl_scanner_compose = {
	.name = "compose",
	.wants = compose_wants,
	.scan = compose_scan,
};
