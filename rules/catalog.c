/*
 * catalog.c - every rule of every module, sorted by id, built once.
 * The README's rule table, `weaklink rules` and SARIF's tool.driver.rules
 * all come from here, so they cannot disagree.
 */
#include "engine.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct wl_rule **catalog;
static size_t catalog_n;
static pthread_once_t catalog_once = PTHREAD_ONCE_INIT;

static int cmp_rule(const void *a, const void *b)
{
	const struct wl_rule *x = *(const struct wl_rule *const *)a;
	const struct wl_rule *y = *(const struct wl_rule *const *)b;
	return strcmp(x->id, y->id);
}

static void catalog_build(void)
{
	size_t m, i, n = 0, alloc = 0;
	for (m = 0; wl_rule_modules[m]; m++)
		for (i = 0; i < wl_rule_modules[m]->nrules; i++) {
			catalog = wl_grow(catalog, &alloc, n + 1, sizeof(*catalog));
			catalog[n++] = &wl_rule_modules[m]->rules[i];
		}
	qsort(catalog, n, sizeof(*catalog), cmp_rule);
	for (i = 1; i < n; i++)
		if (!strcmp(catalog[i - 1]->id, catalog[i]->id))
			wl_die("internal error: rule id %s defined twice", catalog[i]->id);
	catalog_n = n;
}

size_t wl_catalog_count(void)
{
	pthread_once(&catalog_once, catalog_build);
	return catalog_n;
}

const struct wl_rule *wl_catalog_at(size_t i)
{
	pthread_once(&catalog_once, catalog_build);
	return i < catalog_n ? catalog[i] : NULL;
}

const struct wl_rule *wl_catalog_find(const char *id_or_name)
{
	size_t lo = 0, hi, i;
	pthread_once(&catalog_once, catalog_build);
	hi = catalog_n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(catalog[mid]->id, id_or_name);
		if (!c)
			return catalog[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = 0; i < catalog_n; i++)
		if (!strcasecmp(catalog[i]->id, id_or_name) || !strcasecmp(catalog[i]->name, id_or_name))
			return catalog[i];
	return NULL;
}
