/*
 * requirements.c - pip requirements files (requirements*.txt, *.in) into
 * dependency facts. This is the minimal grammar that proves the pipe:
 * comments, continuations, options lines, --hash, --require-hashes.
 * It never resolves anything over the network and never runs pip.
 */
#include "facts_dep.h"

#include <string.h>

static int req_wants(const struct wl_file *f)
{
	if (f->magic != WL_MAGIC_TEXT && f->magic != WL_MAGIC_EMPTY)
		return 0;
	return (wl_starts_with(f->name, "requirements") && (!strcmp(f->ext, ".txt") || !strcmp(f->ext, ".in"))) ||
	       wl_ends_with(f->name, "-requirements.txt") || wl_ends_with(f->name, "_requirements.txt");
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_' || c == '.';
}

struct logical_line {
	struct wl_buf text;
	uint32_t first_line;
};

/* Strip a comment: '#' at line start or after whitespace. */
static size_t strip_comment(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t'))
			return i;
	return n;
}

static void handle_line(struct wl_ctx *ctx, const char *s, size_t n, uint32_t line, int hash_mode,
			struct wl_manifest *man)
{
	struct wl_dep *dep;
	struct wl_loc loc = { NULL, line, 0, 0, 0 };
	size_t i = 0, name_start, name_end, spec_start, spec_end;
	const char *h;
	int nhashes = 0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] == '-')
		return; /* blank or an option line */
	name_start = i;
	while (i < n && is_name_char(s[i]))
		i++;
	name_end = i;
	if (name_end == name_start)
		return;
	dep = wl_ctx_alloc(ctx, sizeof(*dep));
	dep->ecosystem = "pypi";
	dep->name = wl_ctx_strndup(ctx, s + name_start, name_end - name_start);
	dep->normalized = wl_pep503_normalize(ctx, s + name_start, name_end - name_start);
	if (i < n && s[i] == '[') {
		size_t e = i;
		while (e < n && s[e] != ']')
			e++;
		dep->extras = wl_ctx_strndup(ctx, s + i, e < n ? e - i + 1 : e - i);
		i = e < n ? e + 1 : e;
	}
	spec_start = i;
	spec_end = spec_start;
	while (spec_end < n && s[spec_end] != ';' && !(s[spec_end] == '-' && spec_end + 1 < n && s[spec_end + 1] == '-'))
		spec_end++;
	while (spec_end > spec_start && (s[spec_end - 1] == ' ' || s[spec_end - 1] == '\t'))
		spec_end--;
	while (spec_start < spec_end && (s[spec_start] == ' ' || s[spec_start] == '\t'))
		spec_start++;
	dep->spec = wl_ctx_strndup(ctx, s + spec_start, spec_end - spec_start);
	if ((!strncmp(dep->spec, "==", 2) || !strncmp(dep->spec, "===", 3)) && !strchr(dep->spec, ',') &&
	    !strchr(dep->spec, '*')) {
		const char *v = dep->spec + (dep->spec[2] == '=' ? 3 : 2);
		while (*v == ' ')
			v++;
		dep->version = v;
	}
	for (h = s; (h = memmem(h, n - (size_t)(h - s), "--hash", 6)); h += 6)
		nhashes++;
	dep->nhashes = nhashes;
	dep->hash_mode = hash_mode;
	dep->source = WL_DEP_REGISTRY;
	dep->context = WL_DEPCTX_APP;
	dep->origin = "requirements";
	loc.col = (uint32_t)name_start + 1;
	loc.end_line = line;
	loc.end_col = (uint32_t)spec_end + 1;
	man->ndeps++;
	if (nhashes)
		man->nhashed++;
	if (dep->version)
		man->npinned++;
	wl_fact_emit(ctx, WL_FACT_DEPENDENCY, &loc, dep);
}

static int req_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	const char *p = (const char *)f->data, *end = p + f->size;
	struct wl_manifest *man = wl_ctx_alloc(ctx, sizeof(*man));
	struct wl_loc mloc = { NULL, 0, 0, 0, 0 };
	struct wl_buf joined;
	uint32_t line = 0, first = 0;
	int hash_mode = memmem(f->data, f->size, "--hash", 6) || memmem(f->data, f->size, "--require-hashes", 16);

	man->kind = WL_MANIFEST_REQUIREMENTS;
	man->format = "requirements";
	man->hash_mode = hash_mode;
	wl_buf_init(&joined, (size_t)1 << 26);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p), keep;
		line++;
		if (len && p[len - 1] == '\r')
			len--;
		if (!joined.len)
			first = line;
		keep = strip_comment(p, len);
		/* a trailing backslash joins the next line (comment lines never continue) */
		if (keep == len && len && p[len - 1] == '\\') {
			wl_buf_add(&joined, p, len - 1);
		} else {
			wl_buf_add(&joined, p, keep);
			handle_line(ctx, joined.buf, joined.len, first, hash_mode, man);
			wl_buf_reset(&joined);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (joined.len)
		handle_line(ctx, joined.buf, joined.len, first, hash_mode, man);
	wl_buf_release(&joined);
	man->hash_mode = hash_mode;
	wl_fact_emit(ctx, WL_FACT_MANIFEST, &mloc, man);
	return 0;
}

const struct wl_scanner wl_scanner_requirements = {
	.name = "requirements",
	.wants = req_wants,
	.scan = req_scan,
};
