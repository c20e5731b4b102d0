/*
 * template_check.c - find Jinja chat templates that reach Python internals.
 * The patterns are regular, so PCRE2 with JIT runs them (DESIGN.md); only the
 * inside of {{ }} / {% %} tags is looked at, so prose in a system prompt that
 * happens to say "os.system" is not a finding. Compiled patterns are shared
 * read-only across threads after a pthread_once initialisation.
 */
#include "template_check.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <string.h>

#include "engine.h"

struct tmpl_pattern {
	const char *re;
	const char *why;
	int on_blanked; /* match against the tag with string-literal contents blanked */
	pcre2_code *code;
};

/*
 * Two views of each tag: raw (to see what string literals spell) and with the
 * contents of string literals replaced by spaces (to see identifiers and
 * calls without mistaking 'system' the chat role for .system() the call).
 */
static struct tmpl_pattern tmpl_patterns[] = {
	{ "__[A-Za-z][A-Za-z0-9_]*__", "Python dunder attribute", 0, NULL },
	{ "['\"]__|__['\"]", "string literal building a dunder name", 0, NULL },
	{ "(['\"])_+\\1", "string literal of bare underscores (dunder building)", 0, NULL },
	{ "\\\\(?:x5[fF]|u005[fF]|U0000005[fF]|137|N\\{LOW LINE\\})", "escaped underscore in a string literal", 0, NULL },
	{ "%c|\\{[0-9]*:c\\}", "character formatting (builds characters from numbers)", 0, NULL },
	{ "['\"]attr['\"]", "attr filter named as a string", 0, NULL },
	{ "\\|\\s*attr\\b|\\battr\\s*\\(", "attr filter (attribute access that bypasses the sandbox syntax)", 1, NULL },
	{ "\\b(?:lipsum|cycler|joiner)\\b", "Jinja default global that exposes Python objects", 1, NULL },
	{ "\\b(?:subprocess|importlib|builtins|__import__|import_module)\\b", "reference to a Python module loader or process API", 1, NULL },
	{ "\\bos\\s*[.\\[]|\\bsys\\s*\\.", "reference to the os/sys module", 1, NULL },
	{ "\\.\\s*(?:popen|system|spawn[a-z]*|exec[a-z]*|check_output|check_call|getoutput)\\s*\\(", "process execution call", 1, NULL },
	{ "\\b(?:eval|exec|getattr|setattr|compile|open)\\s*\\(", "Python builtin call", 1, NULL },
	{ "\\b(?:globals|locals|vars)\\s*\\(", "namespace introspection call", 1, NULL },
};

static pthread_once_t tmpl_once = PTHREAD_ONCE_INIT;

static void tmpl_init(void)
{
	size_t i;

	for (i = 0; i < WL_ARRAY_SIZE(tmpl_patterns); i++) {
		int err = 0;
		PCRE2_SIZE eoff = 0;
		pcre2_code *c = pcre2_compile((PCRE2_SPTR)tmpl_patterns[i].re, PCRE2_ZERO_TERMINATED,
					      PCRE2_NEVER_UTF, &err, &eoff, NULL);

		if (!c)
			wl_die("template_check: pattern %zu does not compile (error %d at %zu)", i, err,
			       (size_t)eoff);
		/* JIT is a speed-up only; the interpreter gives the same answers. */
		(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
		tmpl_patterns[i].code = c;
	}
}

/* Blank the contents of Jinja string literals ('..' / "..", backslash escapes). */
static void blank_strings(char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		char q = s[i];

		if (q != '\'' && q != '"') {
			i++;
			continue;
		}
		i++;
		while (i < n && s[i] != q) {
			if (s[i] == '\\' && i + 1 < n)
				s[i++] = ' ';
			s[i++] = ' ';
		}
		i++; /* closing quote (or end) */
	}
}

static int already_hit(const struct wl_tmpl_result *out, const char *what)
{
	size_t i;

	for (i = 0; i < out->nhits; i++)
		if (strcmp(out->hits[i].what, what) == 0)
			return 1;
	return 0;
}

static void add_hit(struct wl_tmpl_result *out, size_t offset, const char *what, size_t wlen,
		    const char *why)
{
	char buf[48];
	size_t k = wlen < sizeof(buf) - 1 ? wlen : sizeof(buf) - 1;
	size_t i;

	for (i = 0; i < k; i++) {
		unsigned char c = (unsigned char)what[i];
		buf[i] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
	}
	buf[k] = '\0';
	if (already_hit(out, buf) || out->nhits >= WL_TMPL_MAX_HITS)
		return;
	out->hits[out->nhits].offset = offset;
	memcpy(out->hits[out->nhits].what, buf, k + 1);
	out->hits[out->nhits].why = why;
	out->nhits++;
}

static void check_tag(const char *tmpl, size_t start, size_t len, char *blanked,
		      pcre2_match_data *md, struct wl_tmpl_result *out)
{
	size_t i;

	memcpy(blanked, tmpl + start, len);
	blank_strings(blanked, len);
	for (i = 0; i < WL_ARRAY_SIZE(tmpl_patterns); i++) {
		const char *subj = tmpl_patterns[i].on_blanked ? blanked : tmpl + start;
		PCRE2_SIZE from = 0;

		while (from < len && out->nhits < WL_TMPL_MAX_HITS) {
			int rc = pcre2_match(tmpl_patterns[i].code, (PCRE2_SPTR)subj, len, from, 0, md, NULL);
			PCRE2_SIZE *ov;

			if (rc < 0)
				break;
			ov = pcre2_get_ovector_pointer(md);
			/* report the construct as written in the template */
			add_hit(out, start + ov[0], tmpl + start + ov[0], ov[1] - ov[0], tmpl_patterns[i].why);
			from = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
	}
}

size_t wl_template_check(const char *tmpl, size_t n, struct wl_tmpl_result *out)
{
	pcre2_match_data *md;
	char *blanked;
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	if (n > WL_TMPL_MAX_LEN) {
		n = WL_TMPL_MAX_LEN;
		out->truncated = 1;
	}
	pthread_once(&tmpl_once, tmpl_init);
	md = pcre2_match_data_create(4, NULL);
	if (!md)
		wl_die("out of memory");
	blanked = wl_malloc(n + 1);
	while (i + 1 < n && out->nhits < WL_TMPL_MAX_HITS) {
		const char *close;
		size_t start, end;

		if (tmpl[i] != '{' || (tmpl[i + 1] != '{' && tmpl[i + 1] != '%' && tmpl[i + 1] != '#')) {
			i++;
			continue;
		}
		close = tmpl[i + 1] == '{' ? "}}" : tmpl[i + 1] == '%' ? "%}" : "#}";
		start = i + 2;
		/* the end of the tag, skipping string literals that may hold the closer */
		end = start;
		while (end + 1 < n && !(tmpl[end] == close[0] && tmpl[end + 1] == close[1])) {
			if (close[0] != '#' && (tmpl[end] == '\'' || tmpl[end] == '"')) {
				char q = tmpl[end++];
				while (end < n && tmpl[end] != q) {
					if (tmpl[end] == '\\' && end + 1 < n)
						end++;
					end++;
				}
			}
			end++;
		}
		if (end + 1 >= n)
			end = n; /* unterminated: the tag runs to the end */
		if (close[0] != '#')
			check_tag(tmpl, start, end - start, blanked, md, out);
		i = end + 2;
	}
	free(blanked);
	pcre2_match_data_free(md);
	return out->nhits;
}
