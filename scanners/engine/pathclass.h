/*
 * pathclass.h - where code lives changes what it means. Tests, examples,
 * docs, notebooks, benchmarks and one-off scripts are not the shipped
 * product: the engine drops their findings by a class's `demote` levels
 * when it finalises the run (engine.c, one place), except the rules whose
 * inputs run wherever they sit (model artifacts and what loads with them,
 * WL3xx and WL4xx but WL404/WL411; CI, WL5xx). Classes and globs come built in and from the config:
 *
 *   [path_classes]            class -> globs (a built-in name replaces its globs)
 *   [path_demote]             class -> levels to drop (0 keeps today's level)
 *
 * `--strict` (no classes) keeps every rule at its own level.
 */
#ifndef WL_PATHCLASS_H
#define WL_PATHCLASS_H

#include "engine.h"

struct wl_path_class {
	char *name;
	char **globs; /* NULL-terminated */
	int demote;   /* levels to drop, 0..3 */
};

struct wl_path_classes {
	struct wl_path_class *v;
	size_t n;
};

/* Built-in classes, then the config's; on a bad value returns -1 with *err. */
int wl_path_classes_init(struct wl_path_classes *pc, const struct wl_config *cfg, char **err);
void wl_path_classes_release(struct wl_path_classes *pc);
/* The first class whose globs match the repo-relative path, or NULL. */
const struct wl_path_class *wl_path_class_of(const struct wl_path_classes *pc, const char *path);
/* Does a path class change this rule's level in this file? Not for model
 * artifacts, what loads with them or CI (WL3xx-WL5xx, but WL404 and WL411
 * do drop), nor in install steps (shell scripts, Dockerfiles). */
int wl_path_class_applies(const struct wl_rule *rule, const char *path);
/* A glob as path classes read it: "**" + "/x" matches x at any depth. */
int wl_path_glob_match(const char *pattern, const char *path);

#endif
