/*
 * fmtutil.c - bounded reads and fact constructors shared by the
 * artifact format parsers. Every read is checked against the span; a failed
 * read sets a sticky error instead of touching memory past the end.
 */
#include "fmtutil.h"

#include "facts_artifact.h"
#include "template_check.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void wl_cur_init(struct wl_cur *c, const unsigned char *data, size_t size)
{
	c->data = data;
	c->size = size;
	c->pos = 0;
	c->err = 0;
	c->big_endian = 0;
}

size_t wl_cur_left(const struct wl_cur *c)
{
	return c->err || c->pos > c->size ? 0 : c->size - c->pos;
}

const unsigned char *wl_cur_take(struct wl_cur *c, size_t n)
{
	const unsigned char *p;

	if (c->err || n > wl_cur_left(c)) {
		c->err = 1;
		return NULL;
	}
	p = c->data + c->pos;
	c->pos += n;
	return p;
}

static uint64_t cur_uint(struct wl_cur *c, size_t n)
{
	const unsigned char *p = wl_cur_take(c, n);
	uint64_t v = 0;
	size_t i;

	if (!p)
		return 0;
	for (i = 0; i < n; i++) {
		size_t k = c->big_endian ? i : n - 1 - i;
		v = (v << 8) | p[k];
	}
	return v;
}

uint8_t wl_cur_u8(struct wl_cur *c) { return (uint8_t)cur_uint(c, 1); }
uint16_t wl_cur_u16(struct wl_cur *c) { return (uint16_t)cur_uint(c, 2); }
uint32_t wl_cur_u32(struct wl_cur *c) { return (uint32_t)cur_uint(c, 4); }
uint64_t wl_cur_u64(struct wl_cur *c) { return cur_uint(c, 8); }

uint32_t wl_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t wl_le64(const unsigned char *p)
{
	return (uint64_t)wl_le32(p) | (uint64_t)wl_le32(p + 4) << 32;
}

int wl_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	if (a != 0 && b > UINT64_MAX / a)
		return -1;
	*out = a * b;
	return 0;
}

int wl_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	if (b > UINT64_MAX - a)
		return -1;
	*out = a + b;
	return 0;
}

static void format_issue_v(struct wl_ctx *ctx, uint32_t line, uint32_t col, const char *kind,
			   const char *format, const char *member, uint64_t offset, const char *subject,
			   const char *tensor, const char *fmt, va_list ap)
{
	struct wl_artifact *a = wl_ctx_alloc(ctx, sizeof(*a));
	struct wl_loc loc = { 0 };
	char *msg = wl_vprintf_alloc(fmt, ap);

	a->where.member = member ? wl_ctx_strdup(ctx, member) : NULL;
	a->where.offset = offset;
	a->where.file_offset = UINT64_MAX;
	a->where.format = format;
	a->kind = kind;
	a->detail = wl_ctx_strdup(ctx, msg);
	a->subject = subject ? wl_ctx_strdup(ctx, subject) : NULL;
	a->tensor = tensor ? wl_ctx_strdup(ctx, tensor) : NULL;
	free(msg);
	loc.line = line ? line : 1;
	loc.col = col;
	wl_fact_emit(ctx, WL_FACT_ARTIFACT, &loc, a);
}

void wl_format_issue(struct wl_ctx *ctx, const char *kind, const char *format,
		     const char *member, uint64_t offset, const char *subject,
		     const char *tensor, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_issue_v(ctx, 1, 0, kind, format, member, offset, subject, tensor, fmt, ap);
	va_end(ap);
}

void wl_format_issue_at(struct wl_ctx *ctx, uint32_t line, uint32_t col, const char *kind,
			const char *format, const char *member, uint64_t offset, const char *subject,
			const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_issue_v(ctx, line, col, kind, format, member, offset, subject, NULL, fmt, ap);
	va_end(ap);
}

const char *wl_fmt_memdup(struct wl_ctx *ctx, const void *p, size_t n)
{
	char *r = wl_ctx_alloc(ctx, n + 1);

	if (p && n)
		memcpy(r, p, n);
	r[p ? n : 0] = '\0';
	return r;
}

void wl_model_ref_init(struct wl_model_ref *r, int kind, const char *format,
		       const char *member, uint64_t offset, struct wl_ref_scope *scope)
{
	memset(r, 0, sizeof(*r));
	r->kind = (enum wl_model_ref_kind)kind;
	r->where.member = member;
	r->where.offset = offset;
	r->where.file_offset = UINT64_MAX;
	r->where.format = format;
	r->binary = 1;
	r->scope = scope;
}

struct wl_config_fact *wl_config_fact_new(struct wl_ctx *ctx, int kind, const char *member, uint64_t offset)
{
	struct wl_config_fact *c = wl_ctx_alloc(ctx, sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->kind = (enum wl_config_kind)kind;
	c->where.member = member ? wl_ctx_strdup(ctx, member) : NULL;
	c->where.offset = offset;
	c->where.file_offset = UINT64_MAX;
	return c;
}

static const char *const hub_id_keys[] = {
	"base_model", "base_model_config", "base_model_name_or_path", "_name_or_path", "model_name_or_path",
	"pretrained_model_name_or_path", "tokenizer_name_or_path", "tokenizer_name", "tokenizer_config", "model_id",
	"model_name", "dataset_name", "reward_model_path",
};

int wl_hub_id_key(const char *key)
{
	size_t i;
	for (i = 0; i < WL_ARRAY_SIZE(hub_id_keys); i++)
		if (strcmp(key, hub_id_keys[i]) == 0)
			return 1;
	return 0;
}

int wl_hub_id_prefilter(const unsigned char *d, size_t n)
{
	/* every key above contains one of these */
	return memmem(d, n, "base_model", 10) || memmem(d, n, "name_or_path", 12) || memmem(d, n, "tokenizer_", 10) ||
	       memmem(d, n, "model_id", 8) || memmem(d, n, "model_name", 10) || memmem(d, n, "dataset_name", 12) ||
	       memmem(d, n, "reward_model_path", 17);
}

void wl_hub_id_emit(struct wl_ctx *ctx, const char *key, const char *value, const struct wl_loc *loc,
		    uint64_t offset)
{
	const char *slash = strchr(value, '/'), *p;
	struct wl_config_fact *c;
	size_t n = strlen(value);
	if (!slash || slash == value || !slash[1] || strchr(slash + 1, '/') || n > 256 || strstr(value, "://") ||
	    value[0] == '.' || value[0] == '~' || value[0] == '$')
		return;
	for (p = value; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '{' || *p == '$' || *p == '\\')
			return;
	c = wl_config_fact_new(ctx, WL_CFG_HUB_ID, NULL, offset);
	c->key = wl_ctx_strdup(ctx, key);
	c->value = wl_ctx_strdup(ctx, value);
	c->value_len = n;
	wl_fact_emit(ctx, WL_FACT_CONFIG, loc, c);
}

void wl_chat_template_emit(struct wl_ctx *ctx, const char *label, const char *member, int binary,
			   uint64_t offset, uint32_t line, uint32_t col, int whole_file,
			   const char *tmpl, size_t n)
{
	struct wl_config_fact *c = wl_config_fact_new(ctx, WL_CFG_CHAT_TEMPLATE, member, offset);
	struct wl_loc loc = { 0 };

	if (n > WL_TMPL_MAX_LEN) {
		char *key = wl_printf_alloc("%s:template-size", label);

		wl_format_issue_at(ctx, member ? 1 : line, member ? 0 : col, "limit.template", "chat-template",
				   member, offset, key,
				   "%s is a template of %zu bytes; only the first %u were checked for injection",
				   label, n, WL_TMPL_MAX_LEN);
		free(key);
	}
	c->label = wl_ctx_strdup(ctx, label);
	c->key = "chat_template";
	c->value = wl_fmt_memdup(ctx, tmpl, n);
	c->value_len = n;
	c->binary = binary;
	c->whole_file = whole_file;
	loc.line = binary || member ? 1 : line ? line : 1;
	loc.col = binary || member ? 0 : col;
	wl_fact_emit(ctx, WL_FACT_CONFIG, &loc, c);
}

char *wl_fmt_display(const char *s, size_t n, size_t max)
{
	char *e, *out;
	size_t len;

	if (n > max) {
		e = wl_escape_display(s, max);
		len = strlen(e);
		out = wl_malloc(len + 4);
		memcpy(out, e, len);
		memcpy(out + len, "...", 4);
		free(e);
		return out;
	}
	return wl_escape_display(s, n);
}

/* ------------------------------------------------ configs by content */

static int yaml_key_line(const unsigned char *p, const unsigned char *e)
{
	const unsigned char *q = p;
	while (q < e && *q == ' ')
		q++;
	if (q < e && *q == '-' && q + 1 < e && q[1] == ' ')
		q += 2; /* a list item holding a mapping */
	if (q >= e || !((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_'))
		return 0;
	while (q < e && ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
			 *q == '_' || *q == '-' || *q == '.'))
		q++;
	return q < e && *q == ':' && (q + 1 == e || q[1] == ' ' || q[1] == '\n' || q[1] == '\r');
}

static enum wl_cfg_syntax sniff_config(const unsigned char *d, size_t n)
{
	const unsigned char *p = d, *e, *end;
	size_t i, keys = 0;
	int first = 1;
	if (n > 4096)
		n = 4096;
	end = d + n;
	for (i = 0; i < n && (d[i] == ' ' || d[i] == '\n' || d[i] == '\r' || d[i] == '\t'); i++)
		;
	if (i < n && d[i] == '{')
		return WL_CFG_SYNTAX_JSON;
	if (n >= 2 && d[0] == '#' && d[1] == '!')
		return WL_CFG_SYNTAX_NONE;
	for (; p < end; p = e + 1) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		if (e > p && *p == '\t')
			return WL_CFG_SYNTAX_NONE; /* Makefiles; YAML never indents with tabs */
		{
			const unsigned char *q = p;
			while (q < e && (*q == ' ' || *q == '\r'))
				q++;
			if (q == e || *q == '#')
				continue;
			if (first && e - q >= 3 && !memcmp(q, "---", 3)) {
				first = 0;
				continue;
			}
			if (yaml_key_line(p, e))
				keys++;
			else if (first)
				return WL_CFG_SYNTAX_NONE;
			first = 0;
		}
		if (e == end)
			break;
	}
	return keys >= 2 ? WL_CFG_SYNTAX_YAML : WL_CFG_SYNTAX_NONE;
}

enum wl_cfg_syntax wl_config_syntax(const struct wl_file *f, int *by_content)
{
	*by_content = 0;
	if (f->magic != WL_MAGIC_TEXT)
		return WL_CFG_SYNTAX_NONE;
	if (strcmp(f->ext, ".json") == 0)
		return WL_CFG_SYNTAX_JSON;
	if (strcmp(f->ext, ".yaml") == 0 || strcmp(f->ext, ".yml") == 0)
		return WL_CFG_SYNTAX_YAML;
	if (f->ext[0])
		return WL_CFG_SYNTAX_NONE;
	/* a Makefile's `all: build` lines are not YAML keys */
	if (strncasecmp(f->name, "makefile", 8) == 0 || strcasecmp(f->name, "GNUmakefile") == 0)
		return WL_CFG_SYNTAX_NONE;
	*by_content = 1;
	return sniff_config(f->data, f->size);
}
