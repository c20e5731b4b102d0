/*
 * merge.c - join the SARIF files of the shards of one scan (--shard K/N)
 * into the bytes a single full scan would have written.
 *
 * Every file belongs to exactly one shard, and each shard writes its results
 * sorted by path with a path's results in the engine's order. So the merge
 * orders results by path alone (a stable merge: within a path the owning
 * shard's order stands), and tool notifications by path and message, as the
 * engine does. File counts add up; the run succeeded if every shard did.
 * The rest of the run (rules, provenance, category) must agree; it is taken
 * from the first file.
 */
#include "merge.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "sarif.h"

#define WL_MERGE_MAX ((size_t)1 << 30)

struct item {
	cJSON *json;
	char *path; /* decoded artifact URI; "" for none */
	const char *message;
	size_t shard, index;
};

static const char *item_uri(const cJSON *o)
{
	const cJSON *locs = cJSON_GetObjectItemCaseSensitive(o, "locations");
	const cJSON *phys = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(locs, 0), "physicalLocation");
	const cJSON *uri = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(phys, "artifactLocation"), "uri");
	return cJSON_IsString(uri) ? uri->valuestring : NULL;
}

static int cmp_order(const struct item *x, const struct item *y)
{
	if (x->shard != y->shard)
		return x->shard < y->shard ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int cmp_result(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : cmp_order(x, y);
}

static int cmp_notification(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (!c)
		c = strcmp(x->message, y->message);
	return c ? c : cmp_order(x, y);
}

static cJSON *path_get(cJSON *o, const char *const *keys)
{
	for (; o && *keys; keys++)
		o = cJSON_GetObjectItemCaseSensitive(o, *keys);
	return o;
}

/* Detach every element of `arr` into items[] (shard s). */
static void take(cJSON *arr, size_t s, struct item **items, size_t *n, size_t *alloc, int notification)
{
	size_t idx = 0;
	while (arr && cJSON_GetArraySize(arr) > 0) {
		cJSON *o = cJSON_DetachItemFromArray(arr, 0);
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "message"), "text");
		struct item *it;
		*items = wl_grow(*items, alloc, *n + 1, sizeof(**items));
		it = &(*items)[(*n)++];
		it->json = o;
		it->path = wl_uri_decode_path(item_uri(o));
		it->message = cJSON_IsString(msg) ? msg->valuestring : "";
		it->shard = s;
		it->index = idx++;
		(void)notification;
	}
}

int wl_sarif_merge(const char *const *paths, size_t n, FILE *out, char **err)
{
	static const char *const k_results[] = { "runs", NULL };
	cJSON **docs = wl_calloc(n, sizeof(*docs));
	struct item *res = NULL, *notes = NULL;
	size_t nres = 0, ares = 0, nnotes = 0, anotes = 0, i, s;
	double scanned = 0, skipped = 0, failed = 0;
	int ok = 1, ret = WL_EUSAGE;
	cJSON *run0 = NULL, *inv0 = NULL, *results, *arr;
	char *text = NULL;
	const char *rules0 = NULL;
	char *rules0_text = NULL;

	*err = NULL;
	for (s = 0; s < n; s++) {
		struct wl_buf raw;
		cJSON *runs, *run, *inv, *props, *rules, *v;
		char *rt;
		if ((ret = wl_read_file(paths[s], WL_MERGE_MAX, &raw, err)))
			goto out;
		docs[s] = cJSON_ParseWithLength(raw.buf, raw.len);
		wl_buf_release(&raw);
		ret = WL_EUSAGE;
		runs = path_get(docs[s], k_results);
		run = cJSON_GetArrayItem(runs, 0);
		inv = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(run, "invocations"), 0);
		props = cJSON_GetObjectItemCaseSensitive(inv, "properties");
		rules = path_get(run, (const char *const[]){ "tool", "driver", "rules", NULL });
		if (!docs[s] || cJSON_GetArraySize(runs) != 1 || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(run, "results")) ||
		    !props || !cJSON_IsArray(rules)) {
			*err = wl_printf_alloc("%s: not a SARIF file written by 'weaklink scan'", paths[s]);
			goto out;
		}
		/* one tool, one rule table: shards of one scan */
		rt = cJSON_PrintUnformatted(rules);
		if (!rt)
			wl_die("out of memory merging SARIF");
		if (!rules0_text) {
			rules0_text = rt;
			rules0 = paths[s];
		} else {
			int differ = strcmp(rt, rules0_text);
			free(rt);
			if (differ) {
				*err = wl_printf_alloc("%s and %s were written by different weaklink versions (their "
						       "rule tables differ): not shards of one scan", rules0, paths[s]);
				goto out;
			}
		}
		if ((v = cJSON_GetObjectItemCaseSensitive(props, "filesScanned")) && cJSON_IsNumber(v))
			scanned += v->valuedouble;
		if ((v = cJSON_GetObjectItemCaseSensitive(props, "filesSkipped")) && cJSON_IsNumber(v))
			skipped += v->valuedouble;
		if ((v = cJSON_GetObjectItemCaseSensitive(props, "filesFailed")) && cJSON_IsNumber(v))
			failed += v->valuedouble;
		if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(inv, "executionSuccessful")))
			ok = 0;
		take(cJSON_GetObjectItemCaseSensitive(run, "results"), s, &res, &nres, &ares, 0);
		take(cJSON_GetObjectItemCaseSensitive(inv, "toolExecutionNotifications"), s, &notes, &nnotes, &anotes, 1);
		if (!s) {
			run0 = run;
			inv0 = inv;
		}
	}
	if (!n) {
		*err = wl_strdup("no SARIF files to merge");
		goto out;
	}
	/* (qsort of zero elements: the arrays are NULL, which qsort may not take) */
	if (nres)
		qsort(res, nres, sizeof(*res), cmp_result);
	if (nnotes)
		qsort(notes, nnotes, sizeof(*notes), cmp_notification);

	results = cJSON_GetObjectItemCaseSensitive(run0, "results");
	for (i = 0; i < nres; i++) {
		cJSON_AddItemToArray(results, res[i].json);
		res[i].json = NULL;
	}
	arr = cJSON_GetObjectItemCaseSensitive(inv0, "toolExecutionNotifications");
	if (nnotes && !arr) {
		/* the first shard had none: the key goes where the writer puts it */
		arr = cJSON_CreateArray();
		if (cJSON_GetObjectItemCaseSensitive(inv0, "properties")) {
			cJSON *props = cJSON_DetachItemFromObjectCaseSensitive(inv0, "properties");
			cJSON_AddItemToObject(inv0, "toolExecutionNotifications", arr);
			cJSON_AddItemToObject(inv0, "properties", props);
		} else {
			cJSON_AddItemToObject(inv0, "toolExecutionNotifications", arr);
		}
	} else if (!nnotes && arr) {
		cJSON_DeleteItemFromObjectCaseSensitive(inv0, "toolExecutionNotifications");
		arr = NULL;
	}
	for (i = 0; i < nnotes; i++) {
		/* a note about the run (no file: a stale OSV database) comes from
		 * every shard; a full scan says it once */
		if (i && !notes[i].path[0] && !notes[i - 1].path[0] && !strcmp(notes[i].message, notes[i - 1].message))
			continue; /* freed with the others below */
		cJSON_AddItemToArray(arr, notes[i].json);
		notes[i].json = NULL;
	}
	{
		cJSON *props = cJSON_GetObjectItemCaseSensitive(inv0, "properties");
		cJSON_ReplaceItemInObjectCaseSensitive(props, "filesScanned", cJSON_CreateNumber(scanned));
		cJSON_ReplaceItemInObjectCaseSensitive(props, "filesSkipped", cJSON_CreateNumber(skipped));
		cJSON_ReplaceItemInObjectCaseSensitive(props, "filesFailed", cJSON_CreateNumber(failed));
		cJSON_ReplaceItemInObjectCaseSensitive(inv0, "executionSuccessful", cJSON_CreateBool(ok));
	}
	text = cJSON_Print(docs[0]);
	if (!text)
		wl_die("out of memory merging SARIF");
	ret = fputs(text, out) == EOF || fputc('\n', out) == EOF ? WL_EIO : 0;
	if (ret)
		*err = wl_strdup("cannot write the merged SARIF");
out:
	for (i = 0; i < nres; i++) {
		cJSON_Delete(res[i].json);
		free(res[i].path);
	}
	for (i = 0; i < nnotes; i++) {
		cJSON_Delete(notes[i].json);
		free(notes[i].path);
	}
	free(res);
	free(notes);
	for (s = 0; s < n; s++)
		cJSON_Delete(docs[s]);
	free(docs);
	free(text);
	free(rules0_text);
	return ret;
}
