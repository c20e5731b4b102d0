/*
 * ci_util.c - source maps, reference classification and PIP_* variables for
 * the CI/build scanners. Pure functions of the bytes given; never reads past
 * a length, never allocates without a cap.
 */
#include "ci_util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "facts_dep.h"
#include "tsutil.h"

void wl_srcmap_init(struct wl_srcmap *m)
{
	m->segs = NULL;
	m->n = m->alloc = 0;
}

void wl_srcmap_release(struct wl_srcmap *m)
{
	free(m->segs);
	wl_srcmap_init(m);
}

void wl_srcmap_reset(struct wl_srcmap *m)
{
	m->n = 0;
}

void wl_srcmap_add(struct wl_srcmap *m, size_t off, uint32_t line, uint32_t col)
{
	/* A later segment at the same offset replaces the earlier one. */
	if (m->n && m->segs[m->n - 1].off == off) {
		m->segs[m->n - 1].line = line;
		m->segs[m->n - 1].col = col;
		return;
	}
	m->segs = wl_grow(m->segs, &m->alloc, m->n + 1, sizeof(*m->segs));
	m->segs[m->n].off = off;
	m->segs[m->n].line = line;
	m->segs[m->n].col = col;
	m->n++;
}

void wl_srcmap_pos(const struct wl_srcmap *m, size_t off, uint32_t *line, uint32_t *col)
{
	size_t lo = 0, hi;
	const struct wl_srcmap_seg *s;
	if (!m || !m->n) {
		*line = 1;
		*col = (uint32_t)(off + 1);
		return;
	}
	hi = m->n;
	/* last segment with seg.off <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->segs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	s = &m->segs[lo];
	*line = s->line;
	if (off < s->off)
		*col = s->col;
	else if (off - s->off > UINT32_MAX - s->col)
		*col = UINT32_MAX;
	else
		*col = s->col + (uint32_t)(off - s->off);
}

void wl_mtext_init(struct wl_mapped_text *t, size_t cap)
{
	wl_buf_init(&t->text, cap);
	wl_srcmap_init(&t->map);
}

void wl_mtext_release(struct wl_mapped_text *t)
{
	wl_buf_release(&t->text);
	wl_srcmap_release(&t->map);
}

void wl_mtext_reset(struct wl_mapped_text *t)
{
	wl_buf_reset(&t->text);
	wl_srcmap_reset(&t->map);
}

int wl_mtext_add(struct wl_mapped_text *t, const char *s, size_t n, uint32_t line, uint32_t col)
{
	size_t off = t->text.len;
	int rc = wl_buf_add(&t->text, s, n);
	if (rc)
		return rc;
	wl_srcmap_add(&t->map, off, line, col);
	return 0;
}

int wl_mtext_addsyn(struct wl_mapped_text *t, const char *s, size_t n)
{
	size_t off = t->text.len;
	uint32_t line = 1, col = 1;
	int rc;
	if (t->map.n)
		wl_srcmap_pos(&t->map, off ? off - 1 : 0, &line, &col);
	rc = wl_buf_add(&t->text, s, n);
	if (rc)
		return rc;
	/* Synthetic bytes sit just after the previous real byte. */
	wl_srcmap_add(&t->map, off, line, off ? col + 1 : col);
	return 0;
}

int wl_is_hex(const char *s, size_t n)
{
	size_t i;
	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return 0;
	}
	return 1;
}

static const char *const branch_names[] = {
	"main", "master", "develop", "development", "dev", "trunk", "stable",
	"latest", "head", "default", "nightly", "next", "release", "edge",
	"canary", "unstable", "staging", "prod", "production", "mainline", NULL,
};

enum wl_ref_kind wl_classify_git_ref(const char *ref)
{
	size_t n, i;
	int digits = 0;
	if (!ref || !*ref)
		return WL_REF_NONE;
	n = strlen(ref);
	if (strstr(ref, "${") || strchr(ref, '$'))
		return WL_REF_DYNAMIC;
	if (n == 40 && wl_is_hex(ref, n))
		return WL_REF_SHA;
	if (n >= 7 && n < 40 && wl_is_hex(ref, n)) {
		for (i = 0; i < n; i++)
			if (ref[i] >= 'a' && ref[i] <= 'f')
				return WL_REF_SHORT_SHA;
		/* all digits: more likely a version-ish tag (20240101) */
		return WL_REF_TAG;
	}
	if (wl_starts_with(ref, "refs/heads/"))
		return WL_REF_BRANCH;
	if (wl_starts_with(ref, "refs/tags/"))
		return WL_REF_TAG;
	for (i = 0; branch_names[i]; i++)
		if (strcasecmp(ref, branch_names[i]) == 0)
			return WL_REF_BRANCH;
	/* release/1.2, feature/x: slash-separated names are branches */
	if (strchr(ref, '/'))
		return WL_REF_BRANCH;
	for (i = 0; i < n; i++)
		if (ref[i] >= '0' && ref[i] <= '9')
			digits++;
	/* v4, 1.2.3, v2.0.0-rc1, release-2024.1: a version number makes it a tag */
	return digits ? WL_REF_TAG : WL_REF_BRANCH;
}

void wl_parse_image_ref(struct wl_ctx *ctx, const char *text, size_t n, struct wl_image_ref *out)
{
	size_t at = n, i, name_end, last_slash = 0;
	int has_slash = 0;
	out->text = wl_ctx_strndup(ctx, text, n);
	out->tag = out->digest = NULL;
	out->pinned = 0;
	for (i = 0; i < n; i++)
		if (text[i] == '@') {
			at = i;
			break;
		}
	if (at < n) {
		const char *d = text + at + 1;
		size_t dn = n - at - 1;
		if (dn == 71 && memcmp(d, "sha256:", 7) == 0 && wl_is_hex(d + 7, 64)) {
			out->digest = wl_ctx_strndup(ctx, d, dn);
			out->pinned = 1;
		} else if (dn > 7 && memcmp(d, "sha512:", 7) == 0 && wl_is_hex(d + 7, dn - 7)) {
			out->digest = wl_ctx_strndup(ctx, d, dn);
			out->pinned = 1;
		}
	}
	/* The tag is after the last ':' that follows the last '/' (a registry
	 * host may carry a port: localhost:5000/img:tag). */
	for (i = 0; i < at; i++)
		if (text[i] == '/') {
			last_slash = i;
			has_slash = 1;
		}
	name_end = at;
	for (i = has_slash ? last_slash : 0; i < at; i++)
		if (text[i] == ':') {
			name_end = i;
			out->tag = wl_ctx_strndup(ctx, text + i + 1, at - i - 1);
			break;
		}
	out->name = wl_ctx_strndup(ctx, text, name_end);
}

struct env_index_var {
	const char *name;
	int primary, extra, trusted;
};

static const struct env_index_var env_index_vars[] = {
	{"PIP_INDEX_URL", 1, 0, 0},
	{"PIP_EXTRA_INDEX_URL", 0, 1, 0},
	{"PIP_TRUSTED_HOST", 0, 0, 1},
	{"PIP_FIND_LINKS", 0, 1, 0},
	{"UV_INDEX_URL", 1, 0, 0},
	{"UV_DEFAULT_INDEX", 1, 0, 0},
	{"UV_EXTRA_INDEX_URL", 0, 1, 0},
	{"UV_INDEX", 0, 1, 0},
	{"UV_INSECURE_HOST", 0, 0, 1},
};

int wl_ci_env_var(struct wl_ctx *ctx, const char *name, const char *value,
		  const struct wl_loc *loc, const char *origin)
{
	size_t i;
	if (name && strcmp(name, "HF_DATASETS_TRUST_REMOTE_CODE") == 0) {
		/* the datasets switch for every process that inherits it: judged
		 * with the same switch set from Python (WL208, the code rules) */
		struct wl_ci_fact *cf = wl_ctx_alloc(ctx, sizeof(*cf));
		memset(cf, 0, sizeof(*cf));
		cf->kind = WL_CI_REMOTE_CODE_ENV;
		cf->context = "HF_DATASETS_TRUST_REMOTE_CODE";
		cf->expr = value ? wl_ctx_strdup(ctx, value) : NULL;
		cf->where = origin;
		wl_fact_emit(ctx, WL_FACT_CI, loc, cf);
		return 0;
	}
	if (!name || !value)
		return 0;
	if (strcmp(name, "PIP_REQUIRE_HASHES") == 0)
		return strcmp(value, "0") != 0 && strcasecmp(value, "false") != 0 &&
		       strcasecmp(value, "no") != 0 && strcasecmp(value, "off") != 0 && *value
			       ? WL_CI_ENV_REQUIRE_HASHES
			       : 0;
	if (strcmp(name, "UV_INDEX_STRATEGY") == 0)
		return wl_starts_with(value, "first") ? 0 : WL_CI_ENV_UV_UNSAFE;
	for (i = 0; i < WL_ARRAY_SIZE(env_index_vars); i++) {
		const struct env_index_var *v = &env_index_vars[i];
		const char *p = value;
		if (strcmp(name, v->name) != 0 || (!v->primary && !v->extra && !v->trusted))
			continue;
		/* pip splits list-valued variables on whitespace */
		while (*p) {
			const char *q;
			struct wl_index *ix;
			while (*p == ' ' || *p == '\t' || *p == '\n')
				p++;
			if (!*p)
				break;
			q = p;
			while (*q && *q != ' ' && *q != '\t' && *q != '\n')
				q++;
			ix = wl_ctx_alloc(ctx, sizeof(*ix));
			memset(ix, 0, sizeof(*ix));
			ix->url = wl_ctx_strndup(ctx, p, (size_t)(q - p));
			ix->primary = v->primary;
			ix->extra = v->extra;
			ix->trusted_host = v->trusted;
			ix->option = v->name;
			ix->origin = origin;
			wl_fact_emit(ctx, WL_FACT_INDEX, loc, ix);
			p = q;
		}
	}
	return 0;
}

void wl_gh_expressions(const char *text, size_t n,
		       void (*fn)(void *ud, size_t start, size_t end), void *ud)
{
	size_t i = 0;
	while (i + 3 <= n) {
		size_t j;
		if (!(text[i] == '$' && text[i + 1] == '{' && text[i + 2] == '{')) {
			i++;
			continue;
		}
		j = i + 3;
		while (j + 1 < n && !(text[j] == '}' && text[j + 1] == '}'))
			j++;
		j = (j + 1 < n) ? j + 2 : n;
		fn(ud, i, j);
		i = j;
	}
}

void wl_lines_init(struct wl_lines *l, const char *data, size_t len)
{
	size_t i, alloc = 0;
	l->start = NULL;
	l->n = 0;
	l->len = len;
	l->start = wl_grow(l->start, &alloc, 1, sizeof(*l->start));
	l->start[l->n++] = 0;
	for (i = 0; i < len; i++)
		if (data[i] == '\n') {
			l->start = wl_grow(l->start, &alloc, l->n + 1, sizeof(*l->start));
			l->start[l->n++] = i + 1;
		}
}

void wl_lines_release(struct wl_lines *l)
{
	free(l->start);
	l->start = NULL;
	l->n = 0;
}

size_t wl_lines_offset(const struct wl_lines *l, uint32_t line, uint32_t col)
{
	size_t off, end;
	if (!line || !l->n)
		return 0;
	if (line > l->n)
		return l->len;
	off = l->start[line - 1];
	end = line < l->n ? l->start[line] : l->len;
	if (col > 1)
		off += col - 1;
	return off > end ? end : off;
}

/* Column (1-based) of offset `off`, which lies on line `line`. */
static uint32_t col_of(const struct wl_lines *l, uint32_t line, size_t off)
{
	return (uint32_t)(off - l->start[line - 1] + 1);
}

/* Append one decoded byte, mapped to file offset `off` on `line`. */
static int put_mapped(struct wl_mapped_text *out, const struct wl_lines *l, char c, uint32_t line,
		      size_t off)
{
	return wl_mtext_add(out, &c, 1, line, col_of(l, line, off));
}

static int yaml_block(const char *data, const struct wl_lines *l, const struct wl_loc *loc,
		      size_t start, size_t end, struct wl_mapped_text *out)
{
	int folded = data[start] == '>';
	size_t explicit_indent = 0, indent = 0, i = start + 1;
	uint32_t line = loc->line;
	int first = 1, prev_more = 0;
	size_t pending = 0;
	for (; i < end && data[i] != '\n'; i++) {
		if (data[i] >= '1' && data[i] <= '9' && !explicit_indent)
			explicit_indent = (size_t)(data[i] - '0');
		else if (data[i] == '#')
			break;
	}
	/* content indentation: the first non-empty line's (explicit indicators
	 * are relative to a parent we do not track; the first line is right in
	 * every real file) */
	{
		uint32_t ln;
		for (ln = line + 1; ln <= loc->end_line && ln <= l->n; ln++) {
			size_t s = l->start[ln - 1], e = ln < l->n ? l->start[ln] : l->len, k = s;
			while (k < e && data[k] == ' ')
				k++;
			if (k < e && data[k] != '\n' && data[k] != '\r') {
				indent = k - s;
				break;
			}
		}
	}
	(void)explicit_indent;
	for (line = loc->line + 1; line <= loc->end_line && line <= l->n; line++) {
		size_t s = l->start[line - 1], e = line < l->n ? l->start[line] - 1 : l->len, k = s, sp = 0;
		int more;
		if (s >= end)
			break;
		if (e > end)
			e = end;
		if (e > s && data[e - 1] == '\r')
			e--;
		while (k < e && data[k] == ' ' && sp < indent) {
			k++;
			sp++;
		}
		if (k >= e) {
			pending++;
			continue;
		}
		if (sp < indent)
			break; /* less indented: the scalar ended */
		more = data[k] == ' ' || data[k] == '\t';
		if (!first) {
			if (folded && !more && !prev_more && pending == 0) {
				if (wl_mtext_addsyn(out, " ", 1))
					return 0;
			} else if (!(folded && !more && !prev_more)) {
				if (wl_mtext_addsyn(out, "\n", 1))
					return 0;
			}
		}
		while (pending) {
			if (wl_mtext_addsyn(out, "\n", 1))
				return 0;
			pending--;
		}
		if (wl_mtext_add(out, data + k, e - k, line, col_of(l, line, k)))
			return 0;
		prev_more = more;
		first = 0;
	}
	if (!first)
		(void)wl_mtext_addsyn(out, "\n", 1);
	return 0;
}

static int yaml_flow_scalar(const char *data, const struct wl_lines *l, const struct wl_loc *loc,
			    size_t start, size_t end, struct wl_mapped_text *out)
{
	char q = data[start];
	size_t i = start;
	uint32_t line = loc->line;
	if (q == '"' || q == '\'') {
		i++;
		if (end > i && data[end - 1] == q)
			end--;
	} else {
		q = 0;
	}
	while (i < end) {
		char c = data[i];
		if (c == '\n' || c == '\r') {
			size_t breaks = 0;
			/* trailing blanks before a break are dropped */
			while (out->text.len && (out->text.buf[out->text.len - 1] == ' ' ||
						 out->text.buf[out->text.len - 1] == '\t')) {
				out->text.len--;
				out->text.buf[out->text.len] = '\0';
			}
			while (i < end && (data[i] == '\n' || data[i] == '\r' || data[i] == ' ' || data[i] == '\t')) {
				if (data[i] == '\n') {
					breaks++;
					line++;
				}
				i++;
			}
			if (breaks > 1) {
				size_t k;
				for (k = 1; k < breaks; k++)
					if (wl_mtext_addsyn(out, "\n", 1))
						return 0;
			} else if (wl_mtext_addsyn(out, " ", 1)) {
				return 0;
			}
			continue;
		}
		if (q == '\'' && c == '\'' && i + 1 < end && data[i + 1] == '\'') {
			if (put_mapped(out, l, '\'', line, i))
				return 0;
			i += 2;
			continue;
		}
		if (q == '"' && c == '\\' && i + 1 < end) {
			char e = data[i + 1], d;
			if (e == '\n') {
				i += 2;
				line++;
				while (i < end && (data[i] == ' ' || data[i] == '\t'))
					i++;
				continue;
			}
			switch (e) {
			case 'n': d = '\n'; break;
			case 't': d = '\t'; break;
			case 'r': d = '\r'; break;
			case '0': d = ' '; break;
			case 'x': case 'u': case 'U': d = '?'; break;
			default: d = e; break;
			}
			if (put_mapped(out, l, d, line, i))
				return 0;
			i += 2;
			if (e == 'x')
				i += 2;
			else if (e == 'u')
				i += 4;
			else if (e == 'U')
				i += 8;
			continue;
		}
		if (put_mapped(out, l, c, line, i))
			return 0;
		i++;
	}
	return 0;
}

int wl_yaml_scalar_mapped(const char *data, const struct wl_lines *l, const struct wl_loc *loc,
			  struct wl_mapped_text *out)
{
	size_t start = wl_lines_offset(l, loc->line, loc->col);
	size_t end = wl_lines_offset(l, loc->end_line, loc->end_col);
	char c;
	if (!loc->line || end <= start || start >= l->len)
		return -1;
	c = data[start];
	if (c == '|' || c == '>')
		return yaml_block(data, l, loc, start, end, out);
	if (c == '*' || c == '&' || c == '!' || c == '[' || c == '{')
		return -1;
	return yaml_flow_scalar(data, l, loc, start, end, out);
}

void wl_ci_emit_image_value(struct wl_ctx *ctx, const struct wl_tv *v, const char *table_key,
			    const char *origin, const char *var_marker, int var_unpins)
{
	struct wl_image_ref *im;
	if (v && v->kind == WL_TV_TABLE)
		v = wl_tv_get(v, table_key);
	if (!v || !wl_tv_is_scalar(v) || !*v->str)
		return;
	im = wl_ctx_alloc(ctx, sizeof(*im));
	memset(im, 0, sizeof(*im));
	wl_parse_image_ref(ctx, v->str, strlen(v->str), im);
	im->origin = origin;
	if (strstr(v->str, var_marker)) {
		if (var_unpins) {
			im->unresolved = 1;
			im->pinned = 0;
		} else if (!im->pinned) {
			im->unresolved = 1;
		}
	}
	wl_fact_emit(ctx, WL_FACT_IMAGE_REF, &v->loc, im);
}
