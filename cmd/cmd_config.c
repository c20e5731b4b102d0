/*
 * cmd_config.c - `weaklink config check` (validate the configuration and
 * print the effective one) and `weaklink init` (write a commented starter
 * .weaklink.toml). Both read the one schema table in scanners/config.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "walker.h"

static const char config_help[] =
	"usage: weaklink config check [--config FILE] [PATH]\n"
	"\n"
	"Find the configuration of the repository at PATH (default: .) the way\n"
	"'weaklink scan' does (--config FILE, else .weaklink.toml, else\n"
	"[tool.weaklink] in pyproject.toml; both present is an error), check it\n"
	"against the schema and print the effective configuration as TOML.\n"
	"Exit 0 when it is valid, 2 (with FILE:LINE: why) when it is not.\n";

static const char init_help[] =
	"usage: weaklink init [PATH]\n"
	"\n"
	"Write a commented starter .weaklink.toml at the root of the repository\n"
	"at PATH (default: .): every key weaklink reads, with what it does, all\n"
	"commented out. Refuses when a configuration is already there.\n";

/* The root scan would use for `path`. */
static char *root_of(const char *path)
{
	struct wl_walk w;
	struct wl_walk_options o;
	const char *paths[1];
	char *err = NULL, *root;
	memset(&o, 0, sizeof(o));
	paths[0] = path;
	if (wl_walk_collect(&w, paths, 1, &o, &err)) {
		fprintf(stderr, "weaklink: %s\n", err);
		free(err);
		return NULL;
	}
	root = wl_strdup(w.root);
	wl_walk_release(&w);
	return root;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static void put_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if (*s == '\n')
			fputs("\\n", stdout);
		else if (*s == '\t')
			fputs("\\t", stdout);
		else
			putchar(*s);
	}
	putchar('"');
}

static void put_value(const struct wl_config_key *row, const char *const *v)
{
	size_t i;
	switch (row->type) {
	case WL_CFG_STRINGS:
	case WL_CFG_RULES:
		putchar('[');
		for (i = 0; v[i]; i++) {
			if (i)
				fputs(", ", stdout);
			put_string(v[i]);
		}
		putchar(']');
		break;
	case WL_CFG_BOOL:
	case WL_CFG_DEMOTE:
		fputs(v[0] ? v[0] : "", stdout);
		break;
	case WL_CFG_SIZE:
		if (v[0] && all_digits(v[0]))
			fputs(v[0], stdout);
		else
			put_string(v[0] ? v[0] : "");
		break;
	case WL_CFG_STRING:
	case WL_CFG_LEVEL:
		put_string(v[0] ? v[0] : "");
		break;
	}
}

/* Print every table of the schema with the keys set, in schema order; the
 * keys left unset as comments. Keys the user names (a row with key "*",
 * [path_classes] research = [...]) print as set, in file order. Tables named
 * by a pattern ("profiles.*") print the user's instances. */
static void print_effective(const struct wl_config *cfg)
{
	size_t i, k, j, n = wl_config_schema_count();
	const char **tables = wl_calloc(n + 1, sizeof(*tables));
	const char *key;
	size_t nt = 0;
	for (i = 0; i < n; i++) {
		const struct wl_config_key *row = wl_config_schema_at(i);
		if (strchr(row->table, '*'))
			continue;
		for (k = 0; k < nt && strcmp(tables[k], row->table); k++)
			;
		if (k == nt)
			tables[nt++] = row->table;
	}
	for (k = 0; k < nt; k++) {
		printf("\n[%s]\n", tables[k]);
		for (i = 0; i < n; i++) {
			const struct wl_config_key *row = wl_config_schema_at(i);
			size_t tl = strlen(row->table), shown = 0;
			char *dotted;
			const char *const *v;
			if (strcmp(row->table, tables[k]))
				continue;
			if (!strcmp(row->key, "*")) {
				for (j = 0; (key = wl_config_key_at(cfg, j)); j++)
					if (!strncmp(key, row->table, tl) && key[tl] == '.' && !strchr(key + tl + 1, '.')) {
						printf("%s = ", key + tl + 1);
						put_value(row, wl_config_list(cfg, key));
						putchar('\n');
						shown++;
					}
				if (!shown)
					printf("# (none set: %s)\n", row->description);
				continue;
			}
			dotted = wl_printf_alloc("%s.%s", row->table, row->key);
			v = wl_config_list(cfg, dotted);
			if (v && v[0]) {
				printf("%s = ", row->key);
				put_value(row, v);
				putchar('\n');
			} else {
				printf("# %s: not set (%s)\n", row->key, row->description);
			}
			free(dotted);
		}
	}
	/* keys of pattern tables, as the user set them */
	for (j = 0; (key = wl_config_key_at(cfg, j)); j++) {
		const struct wl_config_key *row = wl_config_schema_find(key);
		const char *dot = strrchr(key, '.');
		if (!row || !strchr(row->table, '*') || !dot)
			continue;
		printf("\n[%.*s]\n%s = ", (int)(dot - key), key, dot + 1);
		put_value(row, wl_config_list(cfg, key));
		putchar('\n');
	}
	free(tables);
}

static int config_check(int argc, char **argv)
{
	const char *explicit_path = NULL, *path = ".";
	struct wl_config *cfg;
	char *root, *used = NULL, *err = NULL;
	int i, ret;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(config_help, stdout);
			return WL_EXIT_CLEAN;
		} else if (!strcmp(argv[i], "--config") && i + 1 < argc) {
			explicit_path = argv[++i];
		} else if (!strncmp(argv[i], "--config=", 9)) {
			explicit_path = argv[i] + 9;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "weaklink: config check: unknown option '%s'\n\n%s", argv[i], config_help);
			return WL_EXIT_ERROR;
		} else {
			path = argv[i];
		}
	}
	if (!(root = root_of(path)))
		return WL_EXIT_ERROR;
	cfg = wl_config_new();
	if (wl_config_discover(cfg, root, explicit_path, &used, &err)) {
		fprintf(stderr, "weaklink: config: %s\n", err ? err : "cannot be read");
		ret = WL_EXIT_ERROR;
	} else {
		if (used)
			printf("# weaklink: the configuration in %s is valid; in effect:\n", used);
		else
			printf("# weaklink: no configuration (.weaklink.toml or [tool.weaklink] in pyproject.toml) "
			       "under %s; the defaults are in effect:\n", root);
		print_effective(cfg);
		ret = WL_EXIT_CLEAN;
	}
	wl_config_free(cfg);
	free(used);
	free(err);
	free(root);
	return ret;
}

int cmd_config(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "check"))
		return config_check(argc - 2, argv + 2);
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(config_help, stdout);
		return WL_EXIT_CLEAN;
	}
	fprintf(stderr, "weaklink: config: expected 'check'\n\n%s", config_help);
	return WL_EXIT_ERROR;
}

/* An example value for a commented-out key. */
static const char *example(const struct wl_config_key *row)
{
	switch (row->type) {
	case WL_CFG_STRINGS:
		return "[]";
	case WL_CFG_RULES:
		return "[\"WL102\"]";
	case WL_CFG_BOOL:
		return "false";
	case WL_CFG_DEMOTE:
		return "1";
	case WL_CFG_SIZE:
		return "\"512M\"";
	case WL_CFG_LEVEL:
		return "\"warning\"";
	case WL_CFG_STRING:
		return "\"\"";
	}
	return "\"\"";
}

int cmd_init(int argc, char **argv)
{
	const char *path = ".";
	char *root, *file, *used = NULL, *err = NULL;
	struct wl_config *cfg;
	const char *last_table = "";
	size_t i, n = wl_config_schema_count();
	FILE *f;
	int fd, ret = WL_EXIT_CLEAN;
	for (i = 1; i < (size_t)argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(init_help, stdout);
			return WL_EXIT_CLEAN;
		}
		if (argv[i][0] == '-') {
			fprintf(stderr, "weaklink: init: unknown option '%s'\n\n%s", argv[i], init_help);
			return WL_EXIT_ERROR;
		}
		path = argv[i];
	}
	if (!(root = root_of(path)))
		return WL_EXIT_ERROR;
	cfg = wl_config_new();
	if (wl_config_discover(cfg, root, NULL, &used, &err) || used) {
		fprintf(stderr, "weaklink: init: %s%s: not overwritten\n", used ? "a configuration is already in " : "",
			used ? used : err);
		wl_config_free(cfg);
		free(used);
		free(err);
		free(root);
		return WL_EXIT_ERROR;
	}
	wl_config_free(cfg);
	file = wl_printf_alloc("%s.weaklink.toml", root);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "weaklink: init: cannot create %s: %s\n", file, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(file);
		free(root);
		return WL_EXIT_ERROR;
	}
	fputs("# weaklink configuration (https://github.com/weaklink-scanner/weaklink#configuration).\n"
	      "# Every key weaklink reads is below, commented out: uncomment what you need.\n"
	      "# The same tables work as [tool.weaklink.<table>] in pyproject.toml (use one or the other).\n"
	      "# Check it with: weaklink config check\n",
	      f);
	for (i = 0; i < n; i++) {
		const struct wl_config_key *row = wl_config_schema_at(i);
		if (strchr(row->table, '*'))
			continue;
		if (strcmp(row->table, last_table)) {
			fprintf(f, "\n[%s]\n", row->table);
			last_table = row->table;
		}
		/* a key the user names ("*"): an example name */
		fprintf(f, "# %s\n# %s = %s\n", row->description, strcmp(row->key, "*") ? row->key : "name",
			example(row));
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "weaklink: init: cannot write %s: %s\n", file, strerror(errno));
		unlink(file);
		ret = WL_EXIT_ERROR;
	} else {
		fprintf(stderr, "weaklink: wrote %s\n", file);
	}
	free(file);
	free(root);
	return ret;
}
