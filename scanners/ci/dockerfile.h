/*
 * dockerfile.h - a Dockerfile instruction parser (continuations, comments,
 * the escape directive, heredocs, JSON-array form) that keeps where every
 * byte came from. Line-oriented by nature, so it is ours; bounds-checked and
 * fuzzed (tests/fuzz/fuzz_dockerfile.c). It never interprets the commands.
 */
#ifndef WL_DOCKERFILE_H
#define WL_DOCKERFILE_H

#include "ci_util.h"

#define WL_DF_MAX_HEREDOCS 8
#define WL_DF_MAX_TEXT (1u << 20) /* one instruction (or heredoc) at most */

struct wl_df_heredoc {
	char delim[64];
	int strip_tabs;               /* <<-EOF */
	struct wl_mapped_text body;   /* lines between the marker and the delimiter */
	uint32_t line;                /* first body line */
};

struct wl_df_instr {
	char keyword[16];             /* upper-cased; "" when the line has no keyword */
	uint32_t line, col;           /* of the keyword */
	uint32_t end_line;
	struct wl_mapped_text args;   /* after the keyword, continuations joined */
	struct wl_df_heredoc heredocs[WL_DF_MAX_HEREDOCS];
	size_t nheredocs;
	int truncated;                /* an instruction or heredoc hit WL_DF_MAX_TEXT */
};

/* Called once per instruction, in order. Return non-zero to stop. */
typedef int (*wl_df_fn)(void *ud, const struct wl_df_instr *ins);

/* Parse data[0..len). Returns 0, or the callback's non-zero value. */
int wl_dockerfile_parse(const char *data, size_t len, wl_df_fn fn, void *ud);

/*
 * The JSON-array form (`RUN ["sh", "-c", "..."]`): decode up to `max`
 * strings from text[0..n) into `out`, each NUL-terminated, string i starting
 * at out->buf + starts[i]; offs[i] is the text offset of its first content
 * byte. Returns the count, or -1 when the text is not a JSON array of strings.
 */
int wl_df_json_array(const char *text, size_t n, struct wl_buf *out, size_t *starts,
		     size_t *offs, size_t max);

int wl_dockerfile_wants(const struct wl_file *f);

#endif
