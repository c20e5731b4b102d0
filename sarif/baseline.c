/*
 * baseline.c - compare a run with an earlier SARIF file (--baseline).
 *
 * Results are matched by rule and weaklinkFingerprint/v1, which survives code
 * moving up or down. A match whose level and message are the same is
 * UNCHANGED, otherwise UPDATED; a result with no match is NEW; a baseline
 * result left unmatched is ABSENT and is carried into the report. Suppressed
 * findings take no part. The baseline is untrusted input like any other:
 * size-capped, and anything not shaped like weaklink's SARIF is an error.
 */
#include "baseline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sarif.h"

#define WL_BASELINE_MAX ((size_t)1 << 30)

struct bl_entry {
	const struct wl_rule *rule;
	const char *fingerprint, *message, *level, *uri;
	const cJSON *region;
	int matched;
};

struct wl_baseline {
	cJSON *doc;
	struct bl_entry *e;
	size_t n;
};

static const char *get_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct bl_entry *x = a, *y = b;
	int c = strcmp(x->rule->id, y->rule->id);
	return c ? c : strcmp(x->fingerprint, y->fingerprint);
}

int wl_baseline_load(const char *path, struct wl_baseline **out, char **err)
{
	struct wl_buf raw;
	struct wl_baseline *bl;
	const cJSON *runs, *run, *results, *res;
	int ret;

	*out = NULL;
	if ((ret = wl_read_file(path, WL_BASELINE_MAX, &raw, err)))
		return ret;
	bl = wl_calloc(1, sizeof(*bl));
	bl->doc = cJSON_ParseWithLength(raw.buf, raw.len);
	wl_buf_release(&raw);
	runs = cJSON_GetObjectItemCaseSensitive(bl->doc, "runs");
	run = cJSON_IsArray(runs) ? cJSON_GetArrayItem(runs, 0) : NULL;
	results = run ? cJSON_GetObjectItemCaseSensitive(run, "results") : NULL;
	if (!bl->doc || cJSON_GetArraySize(runs) != 1 || !cJSON_IsArray(results)) {
		*err = wl_printf_alloc("%s: not a SARIF file with one run and its results (write one with "
				       "'weaklink baseline -o FILE')", path);
		wl_baseline_free(bl);
		return WL_EUSAGE;
	}
	bl->e = wl_calloc((size_t)cJSON_GetArraySize(results) + 1, sizeof(*bl->e));
	cJSON_ArrayForEach(res, results) {
		const cJSON *fps = cJSON_GetObjectItemCaseSensitive(res, "partialFingerprints");
		const cJSON *locs = cJSON_GetObjectItemCaseSensitive(res, "locations");
		const cJSON *phys = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(locs, 0), "physicalLocation");
		const char *rule_id = get_str(res, "ruleId"), *state = get_str(res, "baselineState");
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(res, "message");
		struct bl_entry *e = &bl->e[bl->n];
		if (state && !strcmp(state, "absent"))
			continue; /* a compared run given as the baseline: its absent results are history */
		e->fingerprint = get_str(fps, "weaklinkFingerprint/v1");
		e->message = get_str(msg, "text");
		e->level = get_str(res, "level");
		e->uri = get_str(cJSON_GetObjectItemCaseSensitive(phys, "artifactLocation"), "uri");
		e->region = cJSON_GetObjectItemCaseSensitive(phys, "region");
		if (!rule_id || !e->fingerprint || !e->message || !e->level || !e->uri) {
			*err = wl_printf_alloc("%s: result %zu has no ruleId, level, message, location or "
					       "weaklinkFingerprint/v1: not a weaklink SARIF file", path, bl->n + 1);
			wl_baseline_free(bl);
			return WL_EUSAGE;
		}
		/* a rule this version no longer has cannot match anything now */
		if (!(e->rule = wl_catalog_find(rule_id)) || strcmp(e->rule->id, rule_id))
			continue;
		bl->n++;
	}
	qsort(bl->e, bl->n, sizeof(*bl->e), cmp_entry);
	*out = bl;
	return 0;
}

static struct bl_entry *lookup(struct wl_baseline *bl, const struct wl_finding *f)
{
	size_t lo = 0, hi = bl->n;
	struct bl_entry key;
	key.rule = f->rule;
	key.fingerprint = f->fingerprint;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_entry(&key, &bl->e[mid]);
		if (!c) {
			/* several results may share a fingerprint only in a hand-made
			 * file: take the first unmatched one */
			while (mid > 0 && !cmp_entry(&key, &bl->e[mid - 1]))
				mid--;
			while (mid < bl->n && !cmp_entry(&key, &bl->e[mid]) && bl->e[mid].matched)
				mid++;
			return mid < bl->n && !cmp_entry(&key, &bl->e[mid]) ? &bl->e[mid] : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static uint32_t region_num(const cJSON *region, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(region, k);
	return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 4e9 ? (uint32_t)v->valuedouble : 0;
}

void wl_baseline_apply(struct wl_baseline *bl, struct wl_report *r)
{
	size_t i;
	r->has_baseline = 1;
	memset(r->baseline_counts, 0, sizeof(r->baseline_counts));
	for (i = 0; i < r->nfindings; i++) {
		struct wl_finding *f = r->findings[i];
		struct bl_entry *e;
		if (f->suppressed)
			continue;
		e = lookup(bl, f);
		if (!e) {
			f->baseline = WL_BASELINE_NEW;
		} else {
			e->matched = 1;
			f->baseline = strcmp(e->level, wl_level_name(f->level)) || strcmp(e->message, f->message)
				      ? WL_BASELINE_UPDATED : WL_BASELINE_UNCHANGED;
		}
		r->baseline_counts[f->baseline]++;
	}
	for (i = 0; i < bl->n; i++) {
		struct bl_entry *e = &bl->e[i];
		struct wl_finding *f;
		if (e->matched)
			continue;
		f = wl_calloc(1, sizeof(*f));
		f->rule = e->rule;
		f->level = WL_LEVEL_NONE; /* not a problem of this run */
		f->path = wl_uri_decode_path(e->uri);
		f->loc.path = f->path;
		f->loc.line = region_num(e->region, "startLine");
		f->loc.col = region_num(e->region, "startColumn");
		f->loc.end_line = region_num(e->region, "endLine");
		f->loc.end_col = region_num(e->region, "endColumn");
		f->message = wl_strdup(e->message);
		snprintf(f->fingerprint, sizeof(f->fingerprint), "%s", e->fingerprint);
		f->baseline = WL_BASELINE_ABSENT;
		r->absent = wl_grow(r->absent, &r->nabsent_alloc, r->nabsent + 1, sizeof(*r->absent));
		r->absent[r->nabsent++] = f;
		r->baseline_counts[WL_BASELINE_ABSENT]++;
	}
}

void wl_baseline_free(struct wl_baseline *bl)
{
	if (!bl)
		return;
	cJSON_Delete(bl->doc);
	free(bl->e);
	free(bl);
}
