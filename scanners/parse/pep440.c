/*
 * pep440.c - PEP 440 versions and specifiers (see pep440.h). The parser is
 * the PEP's normalisation rules written out by hand over a bounded,
 * lowercased copy; the ordering is packaging's comparison key.
 */
#include "pep440.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util.h"

#define NUM_MAX 1000000000000000000ull /* 10^18 */

struct cur {
	const char *s;
	size_t i, n;
};

static int at(const struct cur *c, size_t k)
{
	return c->i + k < c->n ? (unsigned char)c->s[c->i + k] : 0;
}

static int is_sep(int ch)
{
	return ch == '-' || ch == '_' || ch == '.';
}

/* Digits at the cursor into *v. 1 read, 0 none, WL_ELIMIT too large. */
static int digits(struct cur *c, uint64_t *v)
{
	uint64_t x = 0;
	size_t start = c->i;
	while (c->i < c->n && isdigit((unsigned char)c->s[c->i])) {
		x = x * 10 + (uint64_t)(c->s[c->i] - '0');
		if (x > NUM_MAX)
			return WL_ELIMIT;
		c->i++;
	}
	*v = x;
	return c->i > start;
}

static int word(struct cur *c, const char *w)
{
	size_t l = strlen(w);
	if (c->i + l <= c->n && !memcmp(c->s + c->i, w, l)) {
		c->i += l;
		return 1;
	}
	return 0;
}

/* [sep]? KEYWORD [sep]? [N]? ; the number defaults to 0. Returns the index of
 * the keyword matched (1-based), 0 when none (cursor unchanged), <0 error. */
static int suffix(struct cur *c, const char *const *words, uint64_t *num)
{
	size_t save = c->i;
	int k, r;
	if (is_sep(at(c, 0)))
		c->i++;
	for (k = 0; words[k]; k++)
		if (word(c, words[k]))
			break;
	if (!words[k]) {
		c->i = save;
		return 0;
	}
	save = c->i;
	if (is_sep(at(c, 0)) && isdigit(at(c, 1)))
		c->i++;
	r = digits(c, num);
	if (r < 0)
		return r;
	if (!r) {
		c->i = save;
		*num = 0;
	}
	return k + 1;
}

int wl_pep440_parse(const char *s, size_t len, struct wl_pep440 *out)
{
	static const char *const pre_words[] = { "alpha", "beta", "preview", "pre", "rc", "a", "b", "c", NULL };
	static const char pre_kinds[] = { 'a', 'b', 'c', 'c', 'c', 'a', 'b', 'c' };
	static const char *const post_words[] = { "post", "rev", "r", NULL };
	static const char *const dev_words[] = { "dev", NULL };
	char buf[WL_PEP440_MAX_TEXT];
	struct cur c;
	uint64_t v;
	size_t i, start, o;
	int r;

	memset(out, 0, sizeof(*out));
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (!len)
		return WL_EFORMAT;
	if (len >= sizeof(buf))
		return WL_ELIMIT;
	for (i = 0; i < len; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	c.s = buf;
	c.n = len;
	c.i = 0;
	if (at(&c, 0) == 'v')
		c.i++;
	/* epoch */
	start = c.i;
	r = digits(&c, &v);
	if (r < 0)
		return r;
	if (!r)
		return WL_EFORMAT;
	if (at(&c, 0) == '!') {
		out->epoch = v;
		c.i++;
		r = digits(&c, &v);
		if (r <= 0)
			return r < 0 ? r : WL_EFORMAT;
	} else {
		(void)start;
	}
	out->release[out->nrelease++] = v;
	while (at(&c, 0) == '.' && isdigit(at(&c, 1))) {
		c.i++;
		if (out->nrelease == WL_PEP440_MAX_RELEASE)
			return WL_ELIMIT;
		r = digits(&c, &v);
		if (r < 0)
			return r;
		out->release[out->nrelease++] = v;
	}
	/* pre-release */
	r = suffix(&c, pre_words, &out->pre);
	if (r < 0)
		return r;
	if (r)
		out->pre_kind = pre_kinds[r - 1];
	/* post-release: "-N" or [sep]post[sep]N */
	if (at(&c, 0) == '-' && isdigit(at(&c, 1))) {
		c.i++;
		r = digits(&c, &out->post);
		if (r < 0)
			return r;
		out->has_post = 1;
	} else {
		r = suffix(&c, post_words, &out->post);
		if (r < 0)
			return r;
		out->has_post = r > 0;
	}
	/* dev-release */
	r = suffix(&c, dev_words, &out->dev);
	if (r < 0)
		return r;
	out->has_dev = r > 0;
	/* local label */
	if (at(&c, 0) == '+') {
		c.i++;
		o = 0;
		for (;;) {
			size_t seg = c.i;
			while (c.i < c.n && isalnum((unsigned char)buf[c.i]))
				c.i++;
			if (c.i == seg)
				return WL_EFORMAT;
			if (o + (c.i - seg) + 2 > sizeof(out->local))
				return WL_ELIMIT;
			memcpy(out->local + o, buf + seg, c.i - seg);
			o += c.i - seg;
			if (!is_sep(at(&c, 0)))
				break;
			out->local[o++] = '.';
			c.i++;
		}
		out->local[o] = '\0';
	}
	return c.i == c.n ? 0 : WL_EFORMAT;
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_release(const struct wl_pep440 *a, const struct wl_pep440 *b)
{
	unsigned i, n = a->nrelease > b->nrelease ? a->nrelease : b->nrelease;
	for (i = 0; i < n; i++) {
		uint64_t x = i < a->nrelease ? a->release[i] : 0, y = i < b->nrelease ? b->release[i] : 0;
		if (x != y)
			return cmp_u64(x, y);
	}
	return 0;
}

/* packaging's _cmpkey for the pre-release part: a dev-only release sorts
 * before every pre-release of it, a final one after them. */
static int pre_rank(const struct wl_pep440 *v)
{
	if (!v->pre_kind && !v->has_post && v->has_dev)
		return 0;
	return v->pre_kind ? 1 : 2;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int cmp_num_text(const char *a, size_t an, const char *b, size_t bn)
{
	int r;
	while (an > 1 && *a == '0')
		a++, an--;
	while (bn > 1 && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	r = memcmp(a, b, an);
	return r < 0 ? -1 : r > 0;
}

/* Local labels: none < any; segment by segment, numbers > words, numbers by
 * value, words lexically; a prefix sorts first. */
static int cmp_local(const char *a, const char *b)
{
	if (!*a || !*b)
		return !*a && !*b ? 0 : !*a ? -1 : 1;
	for (;;) {
		size_t an = strcspn(a, "."), bn = strcspn(b, ".");
		int ad = all_digits(a, an), bd = all_digits(b, bn), r;
		if (ad != bd)
			return ad ? 1 : -1;
		if (ad) {
			r = cmp_num_text(a, an, b, bn);
		} else {
			size_t m = an < bn ? an : bn;
			r = memcmp(a, b, m);
			r = r ? (r < 0 ? -1 : 1) : an == bn ? 0 : an < bn ? -1 : 1;
		}
		if (r)
			return r;
		a += an;
		b += bn;
		if (!*a || !*b)
			return !*a && !*b ? 0 : !*a ? -1 : 1;
		a++;
		b++;
	}
}

int wl_pep440_cmp_public(const struct wl_pep440 *a, const struct wl_pep440 *b)
{
	int r;
	if ((r = cmp_u64(a->epoch, b->epoch)) || (r = cmp_release(a, b)))
		return r;
	if (pre_rank(a) != pre_rank(b))
		return pre_rank(a) < pre_rank(b) ? -1 : 1;
	if (pre_rank(a) == 1) {
		if (a->pre_kind != b->pre_kind)
			return a->pre_kind < b->pre_kind ? -1 : 1;
		if ((r = cmp_u64(a->pre, b->pre)))
			return r;
	}
	if (a->has_post != b->has_post)
		return a->has_post ? 1 : -1;
	if (a->has_post && (r = cmp_u64(a->post, b->post)))
		return r;
	if (a->has_dev != b->has_dev)
		return a->has_dev ? -1 : 1;
	if (a->has_dev && (r = cmp_u64(a->dev, b->dev)))
		return r;
	return 0;
}

int wl_pep440_cmp(const struct wl_pep440 *a, const struct wl_pep440 *b)
{
	int r = wl_pep440_cmp_public(a, b);
	return r ? r : cmp_local(a->local, b->local);
}

int wl_pep440_is_prerelease(const struct wl_pep440 *v)
{
	return v->pre_kind || v->has_dev;
}

size_t wl_pep440_format(const struct wl_pep440 *v, char *buf, size_t n)
{
	struct wl_buf b;
	unsigned i;
	size_t len;
	wl_buf_init(&b, 4096);
	if (v->epoch)
		wl_buf_addf(&b, "%llu!", (unsigned long long)v->epoch);
	for (i = 0; i < v->nrelease; i++)
		wl_buf_addf(&b, "%s%llu", i ? "." : "", (unsigned long long)v->release[i]);
	if (v->pre_kind)
		wl_buf_addf(&b, "%s%llu", v->pre_kind == 'c' ? "rc" : v->pre_kind == 'a' ? "a" : "b",
			      (unsigned long long)v->pre);
	if (v->has_post)
		wl_buf_addf(&b, ".post%llu", (unsigned long long)v->post);
	if (v->has_dev)
		wl_buf_addf(&b, ".dev%llu", (unsigned long long)v->dev);
	if (v->local[0])
		wl_buf_addf(&b, "+%s", v->local);
	len = b.len;
	if (n) {
		size_t k = len < n ? len : n - 1;
		memcpy(buf, b.buf ? b.buf : "", k);
		buf[k] = '\0';
	}
	wl_buf_release(&b);
	return len;
}

/* ------------------------------------------------------------ specifiers */

int wl_pep440_spec_parse(const char *s, size_t len, struct wl_pep440_spec *out)
{
	size_t i = 0;
	memset(out, 0, sizeof(*out));
	while (i < len) {
		size_t end = i, a, b;
		struct wl_pep440_clause *cl;
		int r;
		while (end < len && s[end] != ',')
			end++;
		a = i;
		b = end;
		i = end < len ? end + 1 : end;
		while (a < b && isspace((unsigned char)s[a]))
			a++;
		while (b > a && isspace((unsigned char)s[b - 1]))
			b--;
		if (a == b) {
			if (end < len || out->n)
				return WL_EFORMAT; /* an empty clause between commas */
			continue;
		}
		if (out->n == WL_PEP440_MAX_CLAUSES)
			return WL_ELIMIT;
		cl = &out->clause[out->n];
		if (b - a >= 3 && !memcmp(s + a, "===", 3))
			cl->op = WL_PEP440_OP_ARBITRARY, a += 3;
		else if (b - a >= 2 && !memcmp(s + a, "~=", 2))
			cl->op = WL_PEP440_OP_COMPATIBLE, a += 2;
		else if (b - a >= 2 && !memcmp(s + a, "==", 2))
			cl->op = WL_PEP440_OP_EQ, a += 2;
		else if (b - a >= 2 && !memcmp(s + a, "!=", 2))
			cl->op = WL_PEP440_OP_NE, a += 2;
		else if (b - a >= 2 && !memcmp(s + a, "<=", 2))
			cl->op = WL_PEP440_OP_LE, a += 2;
		else if (b - a >= 2 && !memcmp(s + a, ">=", 2))
			cl->op = WL_PEP440_OP_GE, a += 2;
		else if (s[a] == '<')
			cl->op = WL_PEP440_OP_LT, a += 1;
		else if (s[a] == '>')
			cl->op = WL_PEP440_OP_GT, a += 1;
		else
			return WL_EFORMAT;
		while (a < b && isspace((unsigned char)s[a]))
			a++;
		if (a == b)
			return WL_EFORMAT;
		if (b - a >= sizeof(cl->text))
			return WL_ELIMIT;
		memcpy(cl->text, s + a, b - a);
		cl->text[b - a] = '\0';
		if (cl->op == WL_PEP440_OP_ARBITRARY) {
			(void)wl_pep440_parse(s + a, b - a, &cl->v); /* may not be PEP 440 at all */
			out->n++;
			continue;
		}
		if ((cl->op == WL_PEP440_OP_EQ || cl->op == WL_PEP440_OP_NE) && b - a >= 2 && s[b - 1] == '*' &&
		    s[b - 2] == '.') {
			cl->wildcard = 1;
			b -= 2;
		}
		r = wl_pep440_parse(s + a, b - a, &cl->v);
		if (r)
			return r;
		if (cl->wildcard && (cl->v.pre_kind || cl->v.has_post || cl->v.has_dev || cl->v.local[0]))
			return WL_EFORMAT;
		if (cl->v.local[0] && cl->op != WL_PEP440_OP_EQ && cl->op != WL_PEP440_OP_NE)
			return WL_EFORMAT;
		if (cl->op == WL_PEP440_OP_COMPATIBLE && cl->v.nrelease < 2)
			return WL_EFORMAT;
		out->n++;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len && s[len - 1] == ',')
		return WL_EFORMAT; /* a trailing empty clause */
	return 0;
}

static void public_of(const struct wl_pep440 *v, struct wl_pep440 *p)
{
	*p = *v;
	p->local[0] = '\0';
}

static void base_of(const struct wl_pep440 *v, struct wl_pep440 *p)
{
	public_of(v, p);
	p->pre_kind = 0;
	p->pre = p->post = p->dev = 0;
	p->has_post = p->has_dev = 0;
}

/* epoch equal and the first `n` release components of `prefix` equal the
 * candidate's (zero-padded): "==1.2.*". */
static int prefix_match(const struct wl_pep440 *prefix, unsigned n, const struct wl_pep440 *v)
{
	unsigned i;
	if (prefix->epoch != v->epoch)
		return 0;
	for (i = 0; i < n; i++)
		if ((i < v->nrelease ? v->release[i] : 0) != prefix->release[i])
			return 0;
	return 1;
}

static int clause_contains(const struct wl_pep440_clause *cl, const struct wl_pep440 *v, const char *raw)
{
	struct wl_pep440 pub, vb, sb;
	int r;
	public_of(v, &pub);
	switch (cl->op) {
	case WL_PEP440_OP_ARBITRARY: {
		char buf[WL_PEP440_MAX_TEXT];
		const char *t = raw;
		if (!t) {
			wl_pep440_format(v, buf, sizeof(buf));
			t = buf;
		}
		return !strcasecmp(t, cl->text);
	}
	case WL_PEP440_OP_EQ:
	case WL_PEP440_OP_NE:
		if (cl->wildcard)
			r = prefix_match(&cl->v, cl->v.nrelease, &pub);
		else if (cl->v.local[0])
			r = wl_pep440_cmp(v, &cl->v) == 0;
		else
			r = wl_pep440_cmp_public(&pub, &cl->v) == 0;
		return cl->op == WL_PEP440_OP_EQ ? r : !r;
	case WL_PEP440_OP_COMPATIBLE:
		return wl_pep440_cmp_public(&pub, &cl->v) >= 0 && prefix_match(&cl->v, cl->v.nrelease - 1, &pub);
	case WL_PEP440_OP_LE:
		return wl_pep440_cmp_public(&pub, &cl->v) <= 0;
	case WL_PEP440_OP_GE:
		return wl_pep440_cmp_public(&pub, &cl->v) >= 0;
	case WL_PEP440_OP_LT:
		if (wl_pep440_cmp(v, &cl->v) >= 0)
			return 0;
		if (!wl_pep440_is_prerelease(&cl->v) && wl_pep440_is_prerelease(v)) {
			base_of(v, &vb);
			base_of(&cl->v, &sb);
			if (!wl_pep440_cmp(&vb, &sb))
				return 0;
		}
		return 1;
	case WL_PEP440_OP_GT:
		if (wl_pep440_cmp(v, &cl->v) <= 0)
			return 0;
		base_of(v, &vb);
		base_of(&cl->v, &sb);
		if (!cl->v.has_post && v->has_post && !wl_pep440_cmp(&vb, &sb))
			return 0;
		if (v->local[0] && !wl_pep440_cmp(&vb, &sb))
			return 0;
		return 1;
	}
	return 0;
}

int wl_pep440_spec_contains(const struct wl_pep440_spec *s, const struct wl_pep440 *v, const char *raw,
			    int prereleases)
{
	unsigned i;
	if (wl_pep440_is_prerelease(v)) {
		int allow = prereleases == WL_PEP440_PRE_INCLUDE;
		if (prereleases == WL_PEP440_PRE_DEFAULT)
			for (i = 0; i < s->n; i++)
				if (s->clause[i].op != WL_PEP440_OP_NE && wl_pep440_is_prerelease(&s->clause[i].v))
					allow = 1;
		if (!allow)
			return 0;
	}
	for (i = 0; i < s->n; i++)
		if (!clause_contains(&s->clause[i], v, raw))
			return 0;
	return 1;
}

static void set_lo(struct wl_pep440_bounds *b, const struct wl_pep440 *v, int incl)
{
	int r = b->has_lo ? wl_pep440_cmp(v, &b->lo) : 1;
	if (r > 0 || (r == 0 && !incl)) {
		b->lo = *v;
		b->lo_incl = incl;
		b->has_lo = 1;
	}
}

static void set_hi(struct wl_pep440_bounds *b, const struct wl_pep440 *v, int incl)
{
	int r = b->has_hi ? wl_pep440_cmp(v, &b->hi) : -1;
	if (r < 0 || (r == 0 && !incl)) {
		b->hi = *v;
		b->hi_incl = incl;
		b->has_hi = 1;
	}
}

/* The first version after every X.* with X = the first n components of v. */
static void next_prefix(const struct wl_pep440 *v, unsigned n, struct wl_pep440 *out)
{
	memset(out, 0, sizeof(*out));
	out->epoch = v->epoch;
	memcpy(out->release, v->release, n * sizeof(v->release[0]));
	out->nrelease = n;
	out->release[n - 1]++;
	out->has_dev = 1; /* X+1 .dev0: before every release of the next prefix */
}

void wl_pep440_spec_bounds(const struct wl_pep440_spec *s, struct wl_pep440_bounds *b)
{
	unsigned i;
	struct wl_pep440 t;
	memset(b, 0, sizeof(*b));
	for (i = 0; i < s->n; i++) {
		const struct wl_pep440_clause *cl = &s->clause[i];
		switch (cl->op) {
		case WL_PEP440_OP_EQ:
			if (cl->wildcard) {
				base_of(&cl->v, &t);
				set_lo(b, &t, 1);
				next_prefix(&cl->v, cl->v.nrelease, &t);
				set_hi(b, &t, 0);
			} else {
				set_lo(b, &cl->v, 1);
				set_hi(b, &cl->v, 1);
			}
			break;
		case WL_PEP440_OP_COMPATIBLE:
			set_lo(b, &cl->v, 1);
			next_prefix(&cl->v, cl->v.nrelease - 1, &t);
			set_hi(b, &t, 0);
			break;
		case WL_PEP440_OP_GE:
			set_lo(b, &cl->v, 1);
			break;
		case WL_PEP440_OP_GT:
			set_lo(b, &cl->v, 0);
			break;
		case WL_PEP440_OP_LE:
			set_hi(b, &cl->v, 1);
			break;
		case WL_PEP440_OP_LT:
			set_hi(b, &cl->v, 0);
			break;
		case WL_PEP440_OP_ARBITRARY:
			if (cl->v.nrelease) {
				set_lo(b, &cl->v, 1);
				set_hi(b, &cl->v, 1);
			}
			break;
		case WL_PEP440_OP_NE:
			break;
		}
	}
}
