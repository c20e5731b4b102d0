/*
 * facts_ci.h - facts from CI and build files: references to remote code
 * (actions, reusable workflows, includes, pre-commit hooks), container image
 * references, and what shell commands do. Installs found in commands are NOT
 * here: they become the dependency facts of facts_dep.h, judged by WL1xx.
 */
#ifndef WL_FACTS_CI_H
#define WL_FACTS_CI_H

#include "engine.h"

/* How a reference to remote code names its version. */
enum wl_ref_kind {
	WL_REF_NONE = 0, /* no version at all (default branch) */
	WL_REF_SHA,      /* a full 40-hex commit: pinned */
	WL_REF_SHORT_SHA,/* 7..39 hex: ambiguous, not pinned */
	WL_REF_TAG,      /* looks like a release tag (v1, 1.2.3): tags move */
	WL_REF_BRANCH,   /* main, master, develop, ... */
	WL_REF_DIGEST,   /* docker://...@sha256:<64 hex>: pinned */
	WL_REF_LOCAL,    /* ./path in the same repository: pinned */
	WL_REF_DYNAMIC,  /* an expression / variable: cannot tell */
};

/* WL_FACT_ACTION_REF: one reference to code fetched from elsewhere. */
enum wl_action_ref_site {
	WL_ACTREF_STEP = 0,     /* steps[].uses in a workflow or composite action */
	WL_ACTREF_REUSABLE,     /* jobs.<id>.uses: a reusable workflow */
	WL_ACTREF_PRECOMMIT,    /* .pre-commit-config.yaml repos[].rev */
	WL_ACTREF_GITLAB_INCLUDE, /* include: remote/project/component */
};

struct wl_action_ref {
	enum wl_action_ref_site site;
	const char *text;       /* as written: "actions/checkout@v4" */
	const char *repo;       /* "owner/repo" or the repository URL */
	const char *ref;        /* the part after '@' (or rev:/ref:), NULL if none */
	enum wl_ref_kind ref_kind;
	int first_party;        /* owner "actions" or "github": maintained by GitHub */
	const char *origin;     /* "workflow", "composite action", "pre-commit", "gitlab-ci" */
};

/* WL_FACT_IMAGE_REF: a container image pulled by a build or CI file. */
struct wl_image_ref {
	const char *text;       /* as written (after ARG substitution) */
	const char *written;    /* before substitution, when it differs ("${BASE}"), else NULL */
	const char *name;       /* repository part: "python", "ghcr.io/o/i" */
	const char *tag;        /* NULL if none */
	const char *digest;     /* "sha256:<64 hex>" or NULL */
	int pinned;             /* has a valid digest */
	int scratch;            /* FROM scratch: nothing pulled */
	int stage;              /* names an earlier build stage: nothing pulled */
	int unresolved;         /* a variable could not be substituted */
	const char *origin;     /* "Dockerfile FROM", "gitlab image", ... */
};

/* WL_FACT_SHELL: something a shell command does that a rule judges. */
enum wl_shell_kind {
	WL_SHELL_PIPE_TO_INTERPRETER = 0, /* curl ... | sh, bash <(curl ...) */
	WL_SHELL_DOWNLOAD_EXEC,           /* curl -o f URL; ...; sh f */
	WL_SHELL_INSTALL_FROM_FILE,       /* pip install -r FILE */
	WL_SHELL_NPM_INSTALL,             /* npm install (not npm ci) */
	WL_SHELL_DOWNLOAD_LOAD,           /* curl -o m.pt URL; ...; python x.py m.pt (file = the weights) */
	WL_SHELL_HUB_DOWNLOAD,            /* huggingface-cli / hf download ID: file = the id as written */
};

struct wl_shell_fact {
	enum wl_shell_kind kind;
	const char *command;     /* the command as written (trimmed, for messages) */
	const char *url;         /* the download URL, if known */
	const char *interpreter; /* sh / bash / python ... */
	const char *file;        /* downloaded file, or the -r FILE as written */
	const char *const *paths;/* INSTALL_FROM_FILE: repo-relative candidates, best first */
	size_t npaths;
	int require_hashes;      /* --require-hashes / PIP_REQUIRE_HASHES in scope */
	uint32_t download_line;  /* DOWNLOAD_EXEC: where the file was fetched */
	const char *origin;      /* "Dockerfile RUN", "workflow run", "gitlab script", "shell" */
};

/* WL_FACT_SERVICE: a command that starts a server an ML project runs
 * (ray, jupyter, mlflow, tritonserver, torchserve, flask), from a shell
 * script, a Dockerfile RUN/CMD/ENTRYPOINT, a CI step or a compose file; or
 * the settings of such a server from its own configuration file (TorchServe
 * config.properties). Only what is written: rules/services.c judges. */
struct wl_service {
	const char *program;        /* "ray", "jupyter", "mlflow", ... (base name, "python -m" unwrapped) */
	const char *const *argv;    /* the words after the program, static values */
	const unsigned char *dynamic; /* argv[i] holds an expansion ($HOST): its value is unknown */
	size_t argc;
	const char *const *keys;    /* a configuration file: keys[i] = argv[i]; NULL for a command */
	const struct wl_loc *locs;  /* a configuration file: where each keys[i] line is */
	const char *const *env;     /* a command: its static NAME=value prefixes (`FLASK_DEBUG=1 flask run`,
				       `env A=b cmd`) */
	size_t nenv;
	const char *command;        /* the command as written (trimmed, for messages) */
	const char *origin;         /* "Dockerfile CMD", "shell", "compose command", "config.properties" */
};

/* WL_FACT_CI: workflow-level facts. */
enum wl_ci_kind {
	WL_CI_SCRIPT_INJECTION = 0,   /* ${{ untrusted }} expanded inside run:/script */
	WL_CI_UNTRUSTED_CHECKOUT,     /* pull_request_target/workflow_run checks out the PR head */
	WL_CI_REMOTE_CODE_ENV,        /* HF_DATASETS_TRUST_REMOTE_CODE set by env:/variables:/ENV/export:
				       * context = the variable, expr = its value (NULL: not known),
				       * where = the origin; judged by the code rules (WL208) */
};

struct wl_ci_fact {
	enum wl_ci_kind kind;
	const char *expr;        /* the expression or ref as written */
	const char *context;     /* the untrusted context: "github.event.issue.title" */
	const char *trigger;     /* "pull_request_target", "workflow_run" */
	int weak;                /* lower confidence: inputs.* of a composite action, ... */
	const char *via;         /* the value flowed in through this (an env: value, a step output...), or NULL */
	const char *where;       /* "run", "actions/github-script script", "checkout ref" */
};

#endif
