/*
 * shell.h - what shell commands do to the supply chain, on the tree-sitter
 * Bash grammar: package installs (become dependency facts), index options,
 * `-r FILE` references, download | interpreter, download-then-execute.
 * Used for shell scripts, Dockerfile RUN, workflow run: and GitLab script:.
 * Never executes anything; a script that does not parse is a note, and what
 * did parse is still checked.
 */
#ifndef WL_SHELL_H
#define WL_SHELL_H

#include "ci_util.h"

/* State that outlives one piece of shell: RUN after RUN in a Dockerfile,
 * step after step in a job, line after line of a GitLab script. */
struct wl_shell_download {
	char *file;   /* where it was saved, as written */
	char *url;
	uint32_t line;
	int verified; /* a checksum/signature check ran after it */
};

struct wl_shell_state {
	struct wl_shell_download *dl;
	size_t ndl, adl;
	int require_hashes;  /* PIP_REQUIRE_HASHES in scope */
	int uv_unsafe_index; /* UV_INDEX_STRATEGY=unsafe-* in scope */
	int noted_parse_error;
	int nesting;         /* sh -c "..." inside sh -c "...": bounded */
};

void wl_shell_state_init(struct wl_shell_state *st);
void wl_shell_state_release(struct wl_shell_state *st);

/*
 * Resolve the FILE of `pip install -r FILE` into up to `max` repo-relative
 * candidate paths, best first (ctx-allocated). Returns how many.
 */
typedef size_t (*wl_shell_resolve_fn)(void *ud, struct wl_ctx *ctx, const char *file,
				      const char **out, size_t max);

struct wl_shell_input {
	const char *text;            /* what to parse */
	size_t len;
	const char *orig;            /* same length as text, for messages; NULL = text */
	const struct wl_srcmap *map; /* text offset -> file position; NULL = text is the file */
	const char *origin;          /* "Dockerfile RUN", "workflow run", "gitlab script", "shell" */
	const char *base_dir;        /* repo-relative dir for relative paths ("" = root) */
	wl_shell_resolve_fn resolve; /* NULL: base_dir then the repository root */
	void *resolve_ud;
	struct wl_shell_state *state;/* NULL: a fresh state for this text */
	int services_only;           /* only the servers it starts (WL_FACT_SERVICE): a
					Dockerfile CMD/ENTRYPOINT, a compose command */
};

/* Analyze one piece of shell. Returns 0 (parse trouble is a note, not an error). */
int wl_shell_analyze(struct wl_ctx *ctx, const struct wl_shell_input *in);

/*
 * PowerShell (a workflow step with `shell: pwsh`/`powershell` or on a Windows
 * runner, a Dockerfile after SHELL ["powershell", ...], a .ps1 file): the two
 * download shapes, statement by statement, without a PowerShell grammar:
 * `iwr URL | iex` / `iex (iwr URL)` / `iex ((New-Object Net.WebClient).
 * DownloadString(URL))`, and `Invoke-WebRequest URL -OutFile F` (or
 * .DownloadFile(URL, F), Start-BitsTransfer) followed by `& F`, `.\F`,
 * `Start-Process F`, `pwsh -File F`, `msiexec /i F`. Same facts as the shell.
 */
int wl_pwsh_analyze(struct wl_ctx *ctx, const struct wl_shell_input *in);

/*
 * One package named outside a command (pre-commit additional_dependencies):
 * a PEP 508 requirement, or npm's name@version when npm_syntax. Emits the
 * same dependency fact an install command would. Returns 1 when emitted.
 */
int wl_ci_dep_from_spec(struct wl_ctx *ctx, const char *spec, int npm_syntax, const char *origin,
			const struct wl_loc *loc);

/* Join dir and a relative path, collapsing "." and ".." (ctx-allocated).
 * Returns NULL when the path leaves the repository or is absolute. */
const char *wl_path_join(struct wl_ctx *ctx, const char *dir, const char *rel);

/* Directory part of a repo-relative path ("" for a top-level file), ctx-allocated. */
const char *wl_path_dir(struct wl_ctx *ctx, const char *path);

#endif
