/*
 * sarif.c - the SARIF 2.1.0 writer (cJSON). Written for two consumers:
 * GitHub code scanning (rule help, security-severity, partialFingerprints,
 * full regions, category) and the OASIS schema as checked by Microsoft's
 * SARIF Multitool. Output is byte-identical for identical input: no
 * timestamps unless asked, everything sorted upstream.
 */
#include "sarif.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <zlib.h>

#define WL_INFO_URI "https://github.com/weaklink-scanner/weaklink"
#define WL_FINGERPRINT_KEY "weaklinkFingerprint/v1"
#define WL_SARIF_MAX_RESULTS 25000          /* GitHub: results per run */
#define WL_SARIF_MAX_GZIP (10 << 20)        /* GitHub: gzipped upload size */

/* Percent-encode a repo-relative path for an artifactLocation.uri: every
 * byte outside RFC 3986's unreserved set (and '/') is escaped, so hostile
 * file names (spaces, '#', non-UTF-8) still give a valid URI. */
char *wl_uri_encode_path(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct wl_buf b;
	const unsigned char *p;
	wl_buf_init(&b, 0);
	for (p = (const unsigned char *)path; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~' || c == '/') {
			wl_buf_addch(&b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			wl_buf_add(&b, e, 3);
		}
	}
	return wl_buf_detach(&b, NULL);
}

char *wl_uri_decode_path(const char *uri)
{
	struct wl_buf b;
	wl_buf_init(&b, 0);
	for (; uri && *uri; uri++) {
		int hi, lo;
		if (*uri == '%' && uri[1] && uri[2] && (hi = wl_hexval(uri[1])) >= 0 && (lo = wl_hexval(uri[2])) >= 0) {
			wl_buf_addch(&b, (char)(hi << 4 | lo));
			uri += 2;
		} else {
			wl_buf_addch(&b, *uri);
		}
	}
	return wl_buf_detach(&b, NULL);
}

/* cJSON copies strings as bytes; make them valid UTF-8 for JSON first. */
static cJSON *str(const char *s)
{
	cJSON *j;
	if (wl_utf8_valid(s, strlen(s)))
		return cJSON_CreateString(s);
	char *e = wl_escape_display(s, strlen(s));
	j = cJSON_CreateString(e);
	free(e);
	return j;
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	cJSON_AddItemToObject(o, k, str(v));
}

static cJSON *text_obj(const char *t)
{
	cJSON *o = cJSON_CreateObject();
	add_str(o, "text", t);
	return o;
}

const char *wl_rule_help_uri(const struct wl_rule *r, struct wl_buf *b)
{
	const char *t;
	wl_buf_reset(b);
	wl_buf_addstr(b, WL_INFO_URI "/blob/main/docs/rules.md#");
	for (t = r->id; *t; t++) /* GitHub's heading anchors are lowercase */
		wl_buf_addch(b, *t >= 'A' && *t <= 'Z' ? (char)(*t - 'A' + 'a') : *t);
	return b->buf;
}

static const char *rule_display_name(const struct wl_rule *r, struct wl_buf *b)
{
	/* SARIF rule names are identifiers: unpinned-requirement -> UnpinnedRequirement */
	const char *p;
	int up = 1;
	wl_buf_reset(b);
	for (p = r->name; *p; p++) {
		if (*p == '-') {
			up = 1;
			continue;
		}
		wl_buf_addch(b, up && *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p);
		up = 0;
	}
	return b->buf;
}

static cJSON *rule_json(const struct wl_rule *r)
{
	cJSON *o = cJSON_CreateObject(), *cfg, *props, *tags, *help;
	struct wl_buf b;
	char sev[16];
	const char *t;

	wl_buf_init(&b, 0);
	add_str(o, "id", r->id);
	add_str(o, "name", rule_display_name(r, &b));
	cJSON_AddItemToObject(o, "shortDescription", text_obj(r->short_desc));
	cJSON_AddItemToObject(o, "fullDescription", text_obj(r->full_desc));
	help = cJSON_CreateObject();
	add_str(help, "text", r->help_md);
	add_str(help, "markdown", r->help_md);
	cJSON_AddItemToObject(o, "help", help);
	add_str(o, "helpUri", wl_rule_help_uri(r, &b));
	cfg = cJSON_CreateObject();
	add_str(cfg, "level", wl_level_name(r->level));
	cJSON_AddItemToObject(o, "defaultConfiguration", cfg);

	props = cJSON_CreateObject();
	tags = cJSON_CreateArray();
	cJSON_AddItemToArray(tags, str("security"));
	for (t = r->tags; t && *t;) {
		const char *c = strchr(t, ',');
		size_t n = c ? (size_t)(c - t) : strlen(t);
		char *one = wl_strndup(t, n);
		cJSON_AddItemToArray(tags, str(one));
		free(one);
		t = c ? c + 1 : t + n;
	}
	if (r->cwe) {
		wl_buf_reset(&b);
		wl_buf_addf(&b, "external/cwe/cwe-%d", r->cwe);
		cJSON_AddItemToArray(tags, str(b.buf));
	}
	cJSON_AddItemToObject(props, "tags", tags);
	add_str(props, "precision", r->precision);
	snprintf(sev, sizeof(sev), "%.1f", r->security_severity);
	add_str(props, "security-severity", sev);
	cJSON_AddItemToObject(o, "properties", props);
	wl_buf_release(&b);
	return o;
}

static cJSON *artifact_location(const char *path)
{
	cJSON *o = cJSON_CreateObject();
	char *uri = wl_uri_encode_path(path);
	add_str(o, "uri", uri);
	add_str(o, "uriBaseId", "%SRCROOT%");
	free(uri);
	return o;
}

static cJSON *region_json(const struct wl_loc *l)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "startLine", l->line ? l->line : 1);
	cJSON_AddNumberToObject(o, "startColumn", l->col ? l->col : 1);
	cJSON_AddNumberToObject(o, "endLine", l->end_line ? l->end_line : (l->line ? l->line : 1));
	cJSON_AddNumberToObject(o, "endColumn", l->end_col ? l->end_col : (l->col ? l->col : 1));
	return o;
}

static cJSON *location_json(const char *path, const struct wl_loc *l)
{
	cJSON *loc = cJSON_CreateObject(), *phys = cJSON_CreateObject();
	cJSON_AddItemToObject(phys, "artifactLocation", artifact_location(path));
	if (l)
		cJSON_AddItemToObject(phys, "region", region_json(l));
	cJSON_AddItemToObject(loc, "physicalLocation", phys);
	return loc;
}

static cJSON *result_json(const struct wl_report *r, const struct wl_finding *f, size_t rule_index)
{
	cJSON *o = cJSON_CreateObject(), *locs, *fp;
	size_t i;

	add_str(o, "ruleId", f->rule->id);
	cJSON_AddNumberToObject(o, "ruleIndex", (double)rule_index);
	if (f->baseline == WL_BASELINE_ABSENT)
		add_str(o, "kind", "pass"); /* gone: not a problem of this run (level none) */
	add_str(o, "level", wl_level_name(f->level));
	cJSON_AddItemToObject(o, "message", text_obj(f->message));
	locs = cJSON_CreateArray();
	cJSON_AddItemToArray(locs, location_json(f->path, &f->loc));
	cJSON_AddItemToObject(o, "locations", locs);
	fp = cJSON_CreateObject();
	add_str(fp, WL_FINGERPRINT_KEY, f->fingerprint);
	cJSON_AddItemToObject(o, "partialFingerprints", fp);
	if (f->baseline) {
		static const char *const states[] = { "", "new", "unchanged", "updated", "absent" };
		add_str(o, "baselineState", states[f->baseline]);
	}
	if (f->nfixes) {
		cJSON *fixes = cJSON_CreateArray();
		for (i = 0; i < f->nfixes; i++) {
			cJSON *fix = cJSON_CreateObject(), *changes = cJSON_CreateArray(), *ch = cJSON_CreateObject();
			cJSON *reps = cJSON_CreateArray(), *rep = cJSON_CreateObject(), *ins = cJSON_CreateObject();
			cJSON_AddItemToObject(fix, "description", text_obj(f->fixes[i].description));
			cJSON_AddItemToObject(ch, "artifactLocation", artifact_location(f->path));
			cJSON_AddItemToObject(rep, "deletedRegion", region_json(&f->fixes[i].region));
			add_str(ins, "text", f->fixes[i].text);
			cJSON_AddItemToObject(rep, "insertedContent", ins);
			cJSON_AddItemToArray(reps, rep);
			cJSON_AddItemToObject(ch, "replacements", reps);
			cJSON_AddItemToArray(changes, ch);
			cJSON_AddItemToObject(fix, "artifactChanges", changes);
			cJSON_AddItemToArray(fixes, fix);
		}
		cJSON_AddItemToObject(o, "fixes", fixes);
	}
	if (r->include_suppressed) {
		/* on every result of the run or on none (SARIF 3.27.23) */
		cJSON *sups = cJSON_CreateArray();
		if (f->suppressed) {
			cJSON *s = cJSON_CreateObject();
			add_str(s, "kind", "inSource");
			if (f->suppression)
				add_str(s, "justification", f->suppression);
			cJSON_AddItemToArray(sups, s);
		}
		cJSON_AddItemToObject(o, "suppressions", sups);
	}
	if (f->nprops) {
		cJSON *props = cJSON_CreateObject();
		for (i = 0; i < f->nprops; i++)
			add_str(props, f->props[i].key, f->props[i].value);
		cJSON_AddItemToObject(o, "properties", props);
	}
	return o;
}

static size_t catalog_position(const struct wl_rule *rule)
{
	size_t i, n = wl_catalog_count();
	for (i = 0; i < n; i++)
		if (wl_catalog_at(i) == rule)
			return i;
	return 0;
}

static char *root_uri(const char *root)
{
	char *enc = wl_uri_encode_path(root), *u = wl_printf_alloc("file://%s", enc);
	free(enc);
	return u;
}

/* The run, with only the findings whose keep[] is set (keep NULL: all);
 * `cut` (if non-NULL) is a notification about what was left out. */
static cJSON *build(const struct wl_report *r, const unsigned char *keep, const char *cut)
{
	cJSON *doc = cJSON_CreateObject(), *runs = cJSON_CreateArray(), *run = cJSON_CreateObject();
	cJSON *tool = cJSON_CreateObject(), *driver = cJSON_CreateObject(), *rules = cJSON_CreateArray();
	cJSON *inv = cJSON_CreateObject(), *invs = cJSON_CreateArray(), *results = cJSON_CreateArray();
	cJSON *bases = cJSON_CreateObject(), *src = cJSON_CreateObject();
	size_t i, n = wl_catalog_count();
	char *uri;

	add_str(doc, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	add_str(doc, "version", "2.1.0");

	add_str(driver, "name", "weaklink");
	add_str(driver, "version", r->tool_version);
	add_str(driver, "semanticVersion", r->tool_version);
	add_str(driver, "informationUri", WL_INFO_URI);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(rules, rule_json(wl_catalog_at(i)));
	cJSON_AddItemToObject(driver, "rules", rules);
	cJSON_AddItemToObject(tool, "driver", driver);
	cJSON_AddItemToObject(run, "tool", tool);

	if (r->category) {
		cJSON *ad = cJSON_CreateObject();
		add_str(ad, "id", r->category);
		cJSON_AddItemToObject(run, "automationDetails", ad);
	}

	uri = root_uri(r->root);
	add_str(src, "uri", uri);
	cJSON_AddItemToObject(bases, "%SRCROOT%", src);
	cJSON_AddItemToObject(run, "originalUriBaseIds", bases);

	if (r->prov.revision) {
		cJSON *vcps = cJSON_CreateArray(), *vcp = cJSON_CreateObject(), *mapped = cJSON_CreateObject();
		/* repositoryUri is required; without a remote, the work tree is the repository */
		add_str(vcp, "repositoryUri", r->prov.repository_uri ? r->prov.repository_uri : uri);
		add_str(vcp, "revisionId", r->prov.revision);
		if (r->prov.branch)
			add_str(vcp, "branch", r->prov.branch);
		add_str(mapped, "uriBaseId", "%SRCROOT%");
		cJSON_AddItemToObject(vcp, "mappedTo", mapped);
		cJSON_AddItemToArray(vcps, vcp);
		cJSON_AddItemToObject(run, "versionControlProvenance", vcps);
	}
	free(uri);

	cJSON_AddBoolToObject(inv, "executionSuccessful", r->execution_successful ? 1 : 0);
	if (r->timestamps) {
		add_str(inv, "startTimeUtc", r->start_time);
		add_str(inv, "endTimeUtc", r->end_time);
	}
	if (r->nnotices || cut) {
		cJSON *notes = cJSON_CreateArray();
		if (cut) {
			cJSON *no = cJSON_CreateObject();
			add_str(no, "level", "warning");
			cJSON_AddItemToObject(no, "message", text_obj(cut));
			cJSON_AddItemToArray(notes, no);
		}
		for (i = 0; i < r->nnotices; i++) {
			const struct wl_notice *nt = &r->notices[i];
			cJSON *no = cJSON_CreateObject();
			add_str(no, "level", wl_level_name(nt->level));
			cJSON_AddItemToObject(no, "message", text_obj(nt->message));
			if (nt->path) {
				cJSON *locs = cJSON_CreateArray();
				cJSON_AddItemToArray(locs, location_json(nt->path, NULL));
				cJSON_AddItemToObject(no, "locations", locs);
			}
			cJSON_AddItemToArray(notes, no);
		}
		cJSON_AddItemToObject(inv, "toolExecutionNotifications", notes);
	}
	{
		cJSON *props = cJSON_CreateObject();
		cJSON_AddNumberToObject(props, "filesScanned", (double)r->files_scanned);
		cJSON_AddNumberToObject(props, "filesSkipped", (double)r->files_skipped);
		cJSON_AddNumberToObject(props, "filesFailed", (double)r->files_failed);
		cJSON_AddItemToObject(inv, "properties", props);
	}
	cJSON_AddItemToArray(invs, inv);
	cJSON_AddItemToObject(run, "invocations", invs);

	for (i = 0; i < r->nfindings; i++) {
		const struct wl_finding *f = r->findings[i];
		if ((f->suppressed && !r->include_suppressed) || (keep && !keep[i]))
			continue;
		cJSON_AddItemToArray(results, result_json(r, f, catalog_position(f->rule)));
	}
	for (i = 0; i < r->nabsent; i++)
		cJSON_AddItemToArray(results, result_json(r, r->absent[i], catalog_position(r->absent[i]->rule)));
	add_str(run, "columnKind", "unicodeCodePoints");
	cJSON_AddItemToObject(run, "results", results);
	cJSON_AddItemToArray(runs, run);
	cJSON_AddItemToObject(doc, "runs", runs);
	return doc;
}

cJSON *wl_sarif_build(const struct wl_report *r)
{
	return build(r, NULL, NULL);
}

/* Size of s once gzipped (deflate at the default level), without keeping it. */
static size_t gzipped_size(const char *s, size_t n)
{
	z_stream z;
	unsigned char chunk[65536];
	size_t total = 0;
	int rc;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		wl_die("out of memory measuring SARIF");
	z.next_in = (unsigned char *)(uintptr_t)s;
	z.avail_in = (uInt)n; /* callers keep n under 4 GiB: checked below */
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		rc = deflate(&z, Z_FINISH);
		total += sizeof(chunk) - z.avail_out;
	} while (rc == Z_OK || (rc == Z_BUF_ERROR && z.avail_out == 0));
	deflateEnd(&z);
	return total;
}

/* Rank for "most severe first": level, then the report's order. */
static int severity_cmp(const void *pa, const void *pb, void *arg)
{
	const struct wl_report *r = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	enum wl_level la = r->findings[a]->level, lb = r->findings[b]->level;
	if (la != lb)
		return la > lb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * GitHub code scanning rejects a run with more than 25,000 results or a file
 * over 10 MB gzipped. Past either, keep the most severe results and say in a
 * tool notification and on stderr how many were left out, so nothing is
 * dropped in silence (the text report still has everything).
 */
int wl_sarif_write(const struct wl_report *r, FILE *out, int color)
{
	size_t i, total = 0, limit = WL_SARIF_MAX_RESULTS, *order = NULL;
	unsigned char *keep = NULL;
	char *s, *cut = NULL;
	cJSON *doc;
	int ret = 0;
	(void)color;

	for (i = 0; i < r->nfindings; i++)
		total += !r->findings[i]->suppressed || r->include_suppressed;
	for (;;) {
		size_t n, kept = 0;
		if (total > limit) {
			if (!order) {
				order = wl_malloc(total * sizeof(*order));
				for (i = 0, n = 0; i < r->nfindings; i++)
					if (!r->findings[i]->suppressed || r->include_suppressed)
						order[n++] = i;
				qsort_r(order, total, sizeof(*order), severity_cmp, (void *)(uintptr_t)r);
				keep = wl_calloc(r->nfindings ? r->nfindings : 1, 1);
			}
			memset(keep, 0, r->nfindings);
			for (i = 0; i < limit; i++)
				keep[order[i]] = 1;
			kept = limit;
			free(cut);
			cut = wl_printf_alloc("%zu of %zu results were left out of this SARIF file to stay within "
					      "GitHub's limits (%d results per run, %d MB gzipped); the %zu most "
					      "severe were kept. The text report lists every finding.",
					      total - kept, total, WL_SARIF_MAX_RESULTS, WL_SARIF_MAX_GZIP >> 20, kept);
		}
		doc = build(r, keep, cut);
		s = cJSON_Print(doc);
		cJSON_Delete(doc);
		if (!s)
			wl_die("out of memory printing SARIF");
		n = strlen(s);
		/* text no larger than the cap cannot gzip above it; past 4 GiB
		 * zlib's counters overflow, and no report gets there */
		if (limit == 0 || n <= (size_t)WL_SARIF_MAX_GZIP || n > 0xffffffffu)
			break;
		{
			size_t gz = gzipped_size(s, n);
			if (gz <= WL_SARIF_MAX_GZIP)
				break;
			/* shrink in proportion, with a margin, and try again */
			limit = (size_t)((double)(total < limit ? total : limit) * WL_SARIF_MAX_GZIP / (double)gz * 0.9);
			free(s);
		}
	}
	if (cut)
		fprintf(stderr, "weaklink: SARIF: %s\n", cut);
	if (fputs(s, out) == EOF || fputc('\n', out) == EOF)
		ret = WL_EIO;
	free(s);
	free(cut);
	free(keep);
	free(order);
	return ret;
}
