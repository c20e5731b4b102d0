/*
 * pathclass.c - path classes (see pathclass.h): which findings sit in code
 * that is not the shipped product, and by how much their level drops.
 */
#include "pathclass.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "walker.h"

/*
 * The built-in classes. Directory globs start with "**" so that nested
 * packages count (src/pkg/tests/...); a glob without '/' matches the file
 * name anywhere. scripts/ is top-level only: a package's own scripts/ folder
 * is often what it installs; so is bench/ (mlc_llm/bench is a subcommand
 * the package ships), benchmarks/ is not. tools/ is not a class: in ML
 * repositories it holds the main entry points (tools/train_net.py).
 *
 * Tests drop two levels: their inputs are fixtures and tiny models the
 * authors chose, so trust_remote_code=True or eval() there is a note (the
 * real-world suite: 73 errors in tests, one level down, all still false as
 * warnings; none true). The other classes drop one.
 */
static const struct {
	const char *name;
	int demote;
	const char *globs[10];
} builtin[] = {
	{ "tests", 2, { "**/tests/**", "**/test/**", "**/testing/**", "test_*.py", "*_test.py", "conftest.py", NULL } },
	{ "examples", 1, { "**/examples/**", "**/example/**", NULL } },
	{ "docs", 1, { "**/docs/**", "**/doc/**", NULL } },
	{ "notebooks", 1, { "**/notebooks/**", "*.ipynb", NULL } },
	{ "benchmarks", 1, { "**/benchmarks/**", "**/benchmark/**", "bench/**", NULL } },
	{ "scripts", 1, { "scripts/**", NULL } },
};

int wl_path_glob_match(const char *pattern, const char *path)
{
	const char *p;
	if (strncmp(pattern, "**/", 3) != 0)
		return wl_glob_match(pattern, path);
	pattern += 3;
	if (wl_glob_match(pattern, path))
		return 1;
	for (p = path; (p = strchr(p, '/')); p++)
		if (wl_glob_match(pattern, p + 1))
			return 1;
	return 0;
}

int wl_path_class_applies(const struct wl_rule *rule, const char *path)
{
	/* WL3xx model artifacts, WL4xx what loads with them (chat templates,
	 * auto_map, Hydra targets, YAML python tags), WL5xx CI: a malicious
	 * pickle in tests/ still runs under pytest, and a workflow runs wherever
	 * its steps point. A config that only turns a setting on (WL404
	 * trust_remote_code, WL411 an unreviewed target) is like the same
	 * setting in code, and drops with it. */
	const char *id = rule->id, *name = wl_basename(path), *dot = strrchr(name, '.');
	if (id[0] == 'W' && id[1] == 'L' && (id[2] == '3' || id[2] == '4' || id[2] == '5') &&
	    strcmp(id, WL404) != 0 && strcmp(id, WL411) != 0)
		return 0;
	/* What gets installed whatever folder names it: a typosquat or a
	 * known-compromised release runs its code on `pip install` from
	 * tests/requirements.txt as from the product's, and a stale lock is
	 * what its deployment installs (an example server's lock included).
	 * A hub look-alike downloads from the impostor's namespace wherever the
	 * id is written, as a typosquat installs. */
	if (!strcmp(id, WL110) || !strcmp(id, WL111) || !strcmp(id, WL112) || !strcmp(id, WL640) ||
	    !strcmp(id, WL641))
		return 0;
	/* Install steps: a shell script or Dockerfile that runs `pip install`
	 * sets up a real environment wherever it sits (scripts/setup.sh). */
	if ((dot && (!strcmp(dot, ".sh") || !strcmp(dot, ".bash") || !strcasecmp(dot, ".dockerfile"))) ||
	    !strncasecmp(name, "Dockerfile", 10) || !strncasecmp(name, "Containerfile", 13))
		return 0;
	return 1;
}

static struct wl_path_class *find(struct wl_path_classes *pc, const char *name)
{
	size_t i;
	for (i = 0; i < pc->n; i++)
		if (!strcmp(pc->v[i].name, name))
			return &pc->v[i];
	return NULL;
}

static char **copy_list(const char *const *l)
{
	size_t n = 0, i;
	char **out;
	while (l && l[n])
		n++;
	out = wl_calloc(n + 1, sizeof(*out));
	for (i = 0; i < n; i++)
		out[i] = wl_strdup(l[i]);
	return out;
}

static void free_list(char **l)
{
	size_t i;
	for (i = 0; l && l[i]; i++)
		free(l[i]);
	free(l);
}

static struct wl_path_class *add(struct wl_path_classes *pc, size_t *alloc, const char *name, const char *const *globs)
{
	struct wl_path_class *c;
	pc->v = wl_grow(pc->v, alloc, pc->n + 1, sizeof(*pc->v));
	c = &pc->v[pc->n++];
	c->name = wl_strdup(name);
	c->globs = copy_list(globs);
	c->demote = 1;
	return c;
}

int wl_path_classes_init(struct wl_path_classes *pc, const struct wl_config *cfg, char **err)
{
	static const char cls[] = "path_classes.", dem[] = "path_demote.";
	size_t alloc = 0, i, k;
	const char *key;
	memset(pc, 0, sizeof(*pc));
	*err = NULL;
	/* the user's own classes first: they name what they know better */
	for (i = 0; (key = wl_config_key_at(cfg, i)); i++) {
		const char *name = key + sizeof(cls) - 1;
		int is_builtin = 0;
		if (strncmp(key, cls, sizeof(cls) - 1) || !*name)
			continue;
		for (k = 0; k < WL_ARRAY_SIZE(builtin); k++)
			if (!strcmp(builtin[k].name, name))
				is_builtin = 1;
		if (!is_builtin && !find(pc, name))
			add(pc, &alloc, name, wl_config_list(cfg, key));
	}
	for (k = 0; k < WL_ARRAY_SIZE(builtin); k++) {
		char *ckey = wl_printf_alloc("%s%s", cls, builtin[k].name);
		const char *const *l = wl_config_list(cfg, ckey);
		add(pc, &alloc, builtin[k].name, l ? l : builtin[k].globs)->demote = builtin[k].demote;
		free(ckey);
	}
	for (i = 0; (key = wl_config_key_at(cfg, i)); i++) {
		const char *name = key + sizeof(dem) - 1, *v;
		struct wl_path_class *c;
		if (strncmp(key, dem, sizeof(dem) - 1))
			continue;
		if (!(c = find(pc, name))) {
			*err = wl_printf_alloc("%s: no path class '%s' (built in: tests, examples, docs, notebooks, "
					       "benchmarks, scripts; or name one in [path_classes])", key, name);
			wl_path_classes_release(pc);
			return -1;
		}
		v = wl_config_str(cfg, key);
		if (!v || v[0] < '0' || v[0] > '3' || v[1]) {
			*err = wl_printf_alloc("%s wants 0, 1, 2 or 3 (levels to drop)", key);
			wl_path_classes_release(pc);
			return -1;
		}
		c->demote = v[0] - '0';
	}
	return 0;
}

void wl_path_classes_release(struct wl_path_classes *pc)
{
	size_t i;
	for (i = 0; i < pc->n; i++) {
		free(pc->v[i].name);
		free_list(pc->v[i].globs);
	}
	free(pc->v);
	memset(pc, 0, sizeof(*pc));
}

const struct wl_path_class *wl_path_class_of(const struct wl_path_classes *pc, const char *path)
{
	size_t i;
	char **g;
	if (!pc)
		return NULL;
	for (i = 0; i < pc->n; i++)
		for (g = pc->v[i].globs; *g; g++)
			if (wl_path_glob_match(*g, path))
				return &pc->v[i];
	return NULL;
}
