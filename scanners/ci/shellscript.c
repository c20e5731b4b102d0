/*
 * shellscript.c - the scanner for shell scripts (.sh, .bash, ... and files
 * with a shell #!, and PowerShell .ps1): hands the text to the bash and
 * PowerShell models of scanners/parse/ (shell.c, pwsh.c), which turn
 * installs into dependency facts and downloads that run into shell facts.
 */
#include <string.h>

#include "engine.h"
#include "facts_ci.h"
#include "facts_dep.h"
#include "shell.h"

static int shell_wants(const struct wl_file *f)
{
	const char *e = f->ext;
	if (f->magic != WL_MAGIC_TEXT && f->magic != WL_MAGIC_EMPTY)
		return 0;
	if (strcmp(e, ".sh") == 0 || strcmp(e, ".bash") == 0 || strcmp(e, ".ksh") == 0 ||
	    strcmp(e, ".zsh") == 0 || strcmp(e, ".command") == 0 || strcmp(e, ".ps1") == 0)
		return 1;
	if (f->size > 2 && f->data[0] == '#' && f->data[1] == '!') {
		size_t n = f->size < 128 ? f->size : 128, i;
		char head[129];
		for (i = 0; i < n && f->data[i] != '\n'; i++)
			head[i] = (char)f->data[i];
		head[i] = '\0';
		/* #!/bin/sh, #!/usr/bin/env bash, #!/bin/bash -e */
		return strstr(head, "/sh") || strstr(head, "bash") || strstr(head, "/dash") ||
		       strstr(head, "/ksh") || strstr(head, "/zsh") || strstr(head, "env sh") ||
		       strstr(head, "/ash");
	}
	return 0;
}

/* A script's `-r FILE`: scripts mostly run from the repository root, else
 * from their own directory. */
static size_t script_resolve(void *ud, struct wl_ctx *ctx, const char *file, const char **out, size_t max)
{
	const char *dir = ud;
	const char *p = wl_path_join(ctx, "", file);
	size_t n = 0;
	if (p && n < max)
		out[n++] = p;
	if (*dir) {
		p = wl_path_join(ctx, dir, file);
		if (p && n < max)
			out[n++] = p;
	}
	return n;
}

static int shell_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct wl_shell_input in;
	memset(&in, 0, sizeof(in));
	in.text = (const char *)f->data;
	in.len = f->size;
	in.origin = "shell";
	in.base_dir = "";
	in.resolve = script_resolve;
	in.resolve_ud = wl_ctx_strdup(ctx, wl_path_dir(ctx, f->path));
	if (strcmp(f->ext, ".ps1") == 0) {
		in.origin = "PowerShell script";
		return wl_pwsh_analyze(ctx, &in);
	}
	return wl_shell_analyze(ctx, &in);
}

const struct wl_scanner wl_scanner_shell = {
	.name = "shell",
	.wants = shell_wants,
	.scan = shell_scan,
	.emits = WL_FACT_BIT(WL_FACT_DEPENDENCY) | WL_FACT_BIT(WL_FACT_INDEX) | WL_FACT_BIT(WL_FACT_MANIFEST) |
		 WL_FACT_BIT(WL_FACT_ACTION_REF) | WL_FACT_BIT(WL_FACT_IMAGE_REF) | WL_FACT_BIT(WL_FACT_SHELL) | WL_FACT_BIT(WL_FACT_CI) |
		 WL_FACT_BIT(WL_FACT_TEMPLATE_LINK),
};
