/*
 * main.c - weaklink's entry point: find the subcommand in the table, run it.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "engine.h"

static const struct wl_command cmd_scan_def = {
	"scan", "weaklink scan [options] [PATH...]",
	"scan a repository, folder or files and report weak links", cmd_scan,
};
static const struct wl_command cmd_rules_def = {
	"rules", "weaklink rules [--format text|json|markdown]", "list every rule", cmd_rules,
};
static const struct wl_command cmd_explain_def = {
	"explain", "weaklink explain RULE", "show one rule: description, why, how to fix", cmd_explain,
};
static const struct wl_command cmd_baseline_def = {
	"baseline", "weaklink baseline [-o FILE] [scan options] [PATH...]",
	"record today's findings, so that scan --baseline gates only new ones", cmd_baseline,
};
static const struct wl_command cmd_merge_def = {
	"merge", "weaklink merge [-o FILE] SHARD.sarif...",
	"join the SARIF files of scan --shard K/N into one run", cmd_merge,
};
static const struct wl_command cmd_config_def = {
	"config", "weaklink config check [--config FILE] [PATH]",
	"validate the configuration and print the one in effect", cmd_config,
};
static const struct wl_command cmd_init_def = {
	"init", "weaklink init [PATH]", "write a commented starter .weaklink.toml", cmd_init,
};
static const struct wl_command cmd_osv_info_def = {
	"osv-info", "weaklink osv-info PATH",
	"describe an offline OSV database: records, ecosystems, newest date", cmd_osv_info,
};
static const struct wl_command cmd_models_def = {
	"models", "weaklink models verify|sign key|certificate MODEL [options]",
	"sign and verify models with OpenSSF Model Signing (OMS) bundles, offline", cmd_models,
};
static const struct wl_command cmd_version_def = {
	"version", "weaklink version", "print the version", cmd_version,
};
static const struct wl_command cmd_help_def = {
	"help", "weaklink help [COMMAND]", "show help", cmd_help,
};

const struct wl_command *const wl_commands[] = {
	&cmd_scan_def, &cmd_baseline_def, &cmd_merge_def, &cmd_config_def, &cmd_init_def, &cmd_rules_def,
	&cmd_explain_def, &cmd_osv_info_def, &cmd_models_def, &cmd_version_def, &cmd_help_def, NULL,
};

void wl_usage_main(FILE *out)
{
	size_t i;
	fprintf(out, "usage: weaklink <command> [options]\n\n"
		     "weaklink finds the weak links in an ML repository's supply chain: unpinned\n"
		     "dependencies, unsafe code (eval, pickle, torch.load), model files that can\n"
		     "run code, and CI that pulls unpinned code.\n\ncommands:\n");
	for (i = 0; wl_commands[i]; i++)
		fprintf(out, "  %-9s %s\n", wl_commands[i]->name, wl_commands[i]->summary);
	fprintf(out, "\n'weaklink help scan' lists the scan options and exit codes.\n");
}

int cmd_help(int argc, char **argv)
{
	size_t i;
	if (argc > 1)
		for (i = 0; wl_commands[i]; i++)
			if (!strcmp(argv[1], wl_commands[i]->name)) {
				char help_flag[] = "--help";
				char *args[] = { argv[1], help_flag, NULL };
				return wl_commands[i]->run(2, args);
			}
	wl_usage_main(stdout);
	return 0;
}

int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("weaklink %s\n", WL_VERSION);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;
	wl_ts_allocator_install();
	if (argc < 2) {
		wl_usage_main(stderr);
		return WL_EXIT_ERROR;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(1, argv);
	for (i = 0; wl_commands[i]; i++)
		if (!strcmp(argv[1], wl_commands[i]->name))
			return wl_commands[i]->run(argc - 1, argv + 1);
	fprintf(stderr, "weaklink: unknown command '%s'\n\n", argv[1]);
	wl_usage_main(stderr);
	return WL_EXIT_ERROR;
}
