/*
 * gitlab.c - GitLab report writers: the SAST report (schema 15.2.1, read by
 * every tier's security widgets from Ultimate, and by the MR widget) and the
 * Code Quality report (free tier). GitLab requires scan times; they come from
 * SOURCE_DATE_EPOCH when set, so a reproducible build stays reproducible.
 */
#include "gitlab.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#define WL_INFO_URI "https://github.com/weaklink-scanner/weaklink"

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (wl_utf8_valid(v, strlen(v))) {
		cJSON_AddStringToObject(o, k, v);
	} else {
		char *e = wl_escape_display(v, strlen(v));
		cJSON_AddStringToObject(o, k, e);
		free(e);
	}
}

static void scan_time(char *buf, size_t n)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = time(NULL);
	struct tm tm;
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (!*end && v >= 0)
			t = (time_t)v;
	}
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* GitLab severity from the result level and the rule's security-severity. */
static const char *sast_severity(const struct wl_finding *f)
{
	double s = f->rule->security_severity;
	if (f->level == WL_LEVEL_NOTE)
		return s >= 4.0 ? "Low" : "Info";
	if (s >= 9.0)
		return "Critical";
	if (s >= 7.0)
		return "High";
	if (s >= 4.0)
		return "Medium";
	return "Low";
}

static cJSON *tool_obj(const char *version)
{
	cJSON *o = cJSON_CreateObject(), *vendor = cJSON_CreateObject();
	add_str(o, "id", "weaklink");
	add_str(o, "name", "weaklink");
	add_str(o, "url", WL_INFO_URI);
	add_str(o, "version", version);
	add_str(vendor, "name", "weaklink");
	cJSON_AddItemToObject(o, "vendor", vendor);
	return o;
}

/* A UUID-shaped id from the fingerprint: stable across runs. */
static void uuid_from_fp(const char *fp, char out[37])
{
	int i, o = 0;
	for (i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = fp[i];
	}
	out[o] = '\0';
}

/* A finding about a published vulnerability (WL115) names it: its advisory
 * id and aliases become identifiers (cve, ghsa, osv), which GitLab's
 * vulnerability report uses to link and deduplicate. At most 16. */
static void add_advisory_ids(cJSON *ids, const struct wl_finding *f)
{
	size_t i, n = 0;
	for (i = 0; i < f->nprops; i++) {
		const char *p = f->props[i].value;
		if (strcmp(f->props[i].key, "advisory") && strcmp(f->props[i].key, "aliases"))
			continue;
		while (*p && n < 16) {
			size_t len = strcspn(p, ", ");
			if (len && len < 128) {
				char tok[128], url[192];
				cJSON *id = cJSON_CreateObject();
				memcpy(tok, p, len);
				tok[len] = '\0';
				add_str(id, "type", !strncmp(tok, "CVE-", 4) ? "cve" : !strncmp(tok, "GHSA-", 5) ? "ghsa" : "osv");
				add_str(id, "name", tok);
				add_str(id, "value", tok);
				snprintf(url, sizeof(url), "https://osv.dev/vulnerability/%s", tok);
				add_str(id, "url", url);
				cJSON_AddItemToArray(ids, id);
				n++;
			}
			p += len;
			p += strspn(p, ", ");
		}
	}
}

int wl_gitlab_sast_write(const struct wl_report *r, FILE *out, int color)
{
	cJSON *doc = cJSON_CreateObject(), *scan = cJSON_CreateObject(), *vulns = cJSON_CreateArray();
	char t[32], uuid[37], buf[64];
	size_t i;
	char *s;
	int ret = 0;
	(void)color;

	add_str(doc, "version", "15.2.1");
	cJSON_AddItemToObject(scan, "analyzer", tool_obj(r->tool_version));
	cJSON_AddItemToObject(scan, "scanner", tool_obj(r->tool_version));
	add_str(scan, "type", "sast");
	scan_time(t, sizeof(t));
	add_str(scan, "start_time", t);
	add_str(scan, "end_time", t);
	add_str(scan, "status", r->execution_successful ? "success" : "failure");
	cJSON_AddItemToObject(doc, "scan", scan);

	for (i = 0; i < r->nfindings; i++) {
		const struct wl_finding *f = r->findings[i];
		cJSON *v, *ids, *id, *loc;
		if (f->suppressed)
			continue;
		v = cJSON_CreateObject();
		uuid_from_fp(f->fingerprint, uuid);
		add_str(v, "id", uuid);
		add_str(v, "name", f->rule->short_desc);
		add_str(v, "description", f->message);
		add_str(v, "severity", sast_severity(f));
		add_str(v, "solution", f->rule->help_md);
		ids = cJSON_CreateArray();
		id = cJSON_CreateObject();
		add_str(id, "type", "weaklink_rule_id");
		snprintf(buf, sizeof(buf), "%s %s", f->rule->id, f->rule->name);
		add_str(id, "name", buf);
		add_str(id, "value", f->rule->id);
		cJSON_AddItemToArray(ids, id);
		if (f->rule->cwe) {
			id = cJSON_CreateObject();
			add_str(id, "type", "cwe");
			snprintf(buf, sizeof(buf), "CWE-%d", f->rule->cwe);
			add_str(id, "name", buf);
			snprintf(buf, sizeof(buf), "%d", f->rule->cwe);
			add_str(id, "value", buf);
			snprintf(buf, sizeof(buf), "https://cwe.mitre.org/data/definitions/%d.html", f->rule->cwe);
			add_str(id, "url", buf);
			cJSON_AddItemToArray(ids, id);
		}
		add_advisory_ids(ids, f);
		cJSON_AddItemToObject(v, "identifiers", ids);
		loc = cJSON_CreateObject();
		add_str(loc, "file", f->path);
		cJSON_AddNumberToObject(loc, "start_line", f->loc.line);
		cJSON_AddNumberToObject(loc, "end_line", f->loc.end_line ? f->loc.end_line : f->loc.line);
		cJSON_AddItemToObject(v, "location", loc);
		cJSON_AddItemToArray(vulns, v);
	}
	cJSON_AddItemToObject(doc, "vulnerabilities", vulns);
	s = cJSON_Print(doc);
	if (fputs(s, out) == EOF || fputc('\n', out) == EOF)
		ret = WL_EIO;
	free(s);
	cJSON_Delete(doc);
	return ret;
}

static const char *cq_severity(const struct wl_finding *f)
{
	double s = f->rule->security_severity;
	if (f->level == WL_LEVEL_NOTE)
		return "info";
	if (f->level == WL_LEVEL_ERROR)
		return s >= 9.0 ? "blocker" : "critical";
	return s >= 7.0 ? "critical" : s >= 4.0 ? "major" : "minor";
}

int wl_codequality_write(const struct wl_report *r, FILE *out, int color)
{
	cJSON *doc = cJSON_CreateArray();
	size_t i;
	char *s;
	int ret = 0;
	(void)color;
	for (i = 0; i < r->nfindings; i++) {
		const struct wl_finding *f = r->findings[i];
		cJSON *o, *loc, *lines;
		char *desc;
		if (f->suppressed)
			continue;
		o = cJSON_CreateObject();
		desc = wl_printf_alloc("%s: %s", f->rule->id, f->message);
		add_str(o, "description", desc);
		free(desc);
		add_str(o, "check_name", f->rule->name);
		add_str(o, "fingerprint", f->fingerprint);
		add_str(o, "severity", cq_severity(f));
		loc = cJSON_CreateObject();
		add_str(loc, "path", f->path);
		lines = cJSON_CreateObject();
		cJSON_AddNumberToObject(lines, "begin", f->loc.line);
		cJSON_AddItemToObject(loc, "lines", lines);
		cJSON_AddItemToObject(o, "location", loc);
		cJSON_AddItemToArray(doc, o);
	}
	s = cJSON_Print(doc);
	if (fputs(s, out) == EOF || fputc('\n', out) == EOF)
		ret = WL_EIO;
	free(s);
	cJSON_Delete(doc);
	return ret;
}
