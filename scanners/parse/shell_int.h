/*
 * shell_int.h - what the parts of the shell analysis share (not a public
 * interface): shell.c (word values, commands, the walk, the entry point),
 * shell_deps.c (package-manager models: installs become dependency facts)
 * and shell_exec.c (downloads, what runs them, cloud copies, services).
 */
#ifndef WL_SHELL_INT_H
#define WL_SHELL_INT_H

#include <stdint.h>
#include <stddef.h>

#include <tree_sitter/api.h>

#include "shell.h"

#define SHELL_MAX_TEXT (8u << 20)  /* larger scripts are noted, not parsed */
#define SHELL_MAX_DEPTH 256
#define SHELL_MAX_ARGS 512
#define SHELL_MAX_WORD 4096
#define SHELL_MAX_DOWNLOADS 256
#define SHELL_MAX_CANDIDATES 4

/* One argument of a command, its static value when it has one. */
struct arg {
	char *val;        /* heap, NUL-terminated; placeholders for expansions */
	int dynamic;      /* contains $VAR, $(...), `...`, globs we cannot resolve */
	uint32_t start, end; /* byte span in the parsed text */
	TSNode node;
};

struct cmd {
	struct arg *argv;
	size_t argc, alloc;
	size_t first;     /* index of the real command after sudo/env/... */
	TSNode node;      /* the command node */
	TSNode stmt;      /* the redirected statement around it, if any */
	int has_stmt;
};

struct walk {
	struct wl_ctx *ctx;
	const struct wl_shell_input *in;
	struct wl_shell_state *st;
	const char *text;
	const char *orig;
	size_t len;
	int depth_noted;
	struct wl_lines lines; /* line starts, when the text is the whole file */
};

/* shell.c: helpers */
void sh_loc_of(const struct walk *w, uint32_t start, uint32_t end, struct wl_loc *loc);
const char *sh_display(const struct walk *w, uint32_t start, uint32_t end);
const char *sh_base_name(const char *s);
int sh_is_pip_name(const char *a);
int sh_is_python_name(const char *a);
int sh_base_name_in(const char *a, const char *const *names);
int sh_is_interpreter_name(const char *a);
int sh_is_shell_name(const char *a);
int sh_is_downloader_name(const char *a);
int sh_node_is(TSNode n, const char *type);
void sh_cmd_free(struct cmd *c);
void sh_cmd_build(const struct walk *w, TSNode n, struct cmd *c);
size_t sh_unwrap(const struct cmd *c);
const char *sh_download_url(const struct cmd *c, size_t first);
void sh_word_value(const struct walk *w, TSNode n, struct wl_buf *b, int *dynamic, int depth);

/* shell_deps.c: package managers */
int sh_analyze_install(const struct walk *w, const struct cmd *c, size_t f);
void sh_chat_template_args(const struct walk *w, const struct cmd *c, size_t f);

/* shell_exec.c: downloads, execution, services */
void sh_record_download(const struct walk *w, const char *file, const char *url, uint32_t start);
const char *sh_download_target(const struct walk *w, const struct cmd *c, size_t f,
				   const char *url, char **owned);
int sh_is_verifier(const char *b);
void sh_check_exec_download(const struct walk *w, const struct cmd *c, size_t f);
void sh_check_load_download(const struct walk *w, const struct cmd *c, size_t f);
void sh_check_subst_exec(const struct walk *w, const struct cmd *c, size_t f);
void sh_analyze_inline_script(const struct walk *w, const struct cmd *c, size_t f);
void sh_emit_shell(const struct walk *w, enum wl_shell_kind kind, uint32_t start, uint32_t end,
		       const char *url, const char *interp, const char *file, uint32_t dl_line);
int sh_cloud_copy(const struct cmd *c, size_t f, char **url, char **file);
int sh_hub_cli_download(const struct walk *w, const struct cmd *c, size_t f);
void sh_analyze_service(const struct walk *w, const struct cmd *c, size_t f);

#endif
