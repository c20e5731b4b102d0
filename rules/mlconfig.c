/*
 * mlconfig.c - rules for ML configuration files: Hugging Face config.json /
 * tokenizer_config.json, chat templates (also in GGUF), Hydra `_target_` and
 * YAML python tags. The parsers emit WL_FACT_CONFIG facts (facts_config.h)
 * with exact lines; this module decides: the template patterns
 * (template_check.h), the Hydra lists (rules/data/hydra-*.txt, extended by
 * `[hydra] allow`), the python/ tags PyYAML's unsafe loaders act on.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"
#include "engine.h"
#include "facts_config.h"
#include "fmtutil.h"
#include "template_check.h"
#include "where.h"

static const struct wl_rule mlconfig_rules[] = {
	{
		.id = "WL401",
		.name = "chat-template-injection",
		.short_desc = "Chat template reaches Python internals (template injection)",
		.full_desc = "A Jinja chat template (tokenizer_config.json chat_template or GGUF "
			     "tokenizer.chat_template*) uses constructs that escape to Python: dunder attributes "
			     "such as __globals__, __class__, __mro__, __subclasses__, the attr filter, strings built "
			     "to spell a dunder, Jinja globals like cycler/lipsum, or os/subprocess calls. Servers that "
			     "render templates outside a sandbox (CVE-2024-34359, llama-cpp-python) run that code when "
			     "the model is loaded or a chat starts. A *.jinja file is checked when a config names it "
			     "or a serving command line passes it (`vllm serve M --chat-template f.jinja`).",
		.help_md = "Replace the template with the upstream model's template. Chat templates only need "
			   "`messages`, loops, conditionals and string filters. Render templates with "
			   "`jinja2.sandbox.ImmutableSandboxedEnvironment`, as `transformers` does.",
		.cwe = 1336,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.3,
		.precision = "high",
		.tags = "supply-chain,model,template-injection,code-execution",
	},
	{
		.id = "WL402",
		.name = "hf-auto-map-remote-code",
		.short_desc = "Hugging Face config maps a class to code in the repository (auto_map)",
		.full_desc = "auto_map makes `from_pretrained(..., trust_remote_code=True)` import a Python module "
			     "shipped with the model and run it. Whoever can change the model repository can change "
			     "that code; a revision that is not pinned to a commit picks up every change.",
		.help_md = "Prefer architectures built into `transformers`. If remote code is required, review the "
			   "referenced module, and load with `revision=\"<40-hex commit>\"` so the code you reviewed "
			   "is the code you run.",
		.cwe = 829,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.5,
		.precision = "very-high",
		.tags = "supply-chain,huggingface,remote-code",
	},
	{
		.id = "WL403",
		.name = "hf-auto-map-cross-repo",
		.short_desc = "auto_map loads code from another repository",
		.full_desc = "An auto_map entry of the form `org/repo--module.Class` makes transformers download and "
			     "run a module from a different Hub repository, which this repository does not control "
			     "and which is not pinned to a revision.",
		.help_md = "Copy the reviewed module into this repository and reference it locally "
			   "(`module.Class`), or drop auto_map and use a built-in architecture.",
		.cwe = 829,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.0,
		.precision = "very-high",
		.tags = "supply-chain,huggingface,remote-code",
	},
	{
		.id = "WL404",
		.name = "hf-config-trust-remote-code",
		.short_desc = "Config turns on trust_remote_code",
		.full_desc = "A configuration file (a Hugging Face JSON config, or a YAML training/evaluation config "
			     "such as axolotl's or lm-eval's) sets trust_remote_code to true, so whatever loads the "
			     "model through it will import and run Python code shipped with the model.",
		.help_md = "Set `trust_remote_code: false` and use a built-in architecture, or pin the model to a "
			   "reviewed commit with `revision=`.",
		.cwe = 829,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.5,
		.precision = "very-high",
		.tags = "supply-chain,huggingface,remote-code",
	},
	{
		.id = "WL410",
		.name = "hydra-dangerous-target",
		.short_desc = "Hydra/OmegaConf _target_ instantiates a dangerous callable",
		.full_desc = "`hydra.utils.instantiate` imports and calls whatever `_target_` names. A target such as "
			     "os.system, subprocess.*, builtins.eval/exec, importlib, pickle or shutil turns the config "
			     "file into code execution for anyone who can edit it.",
		.help_md = "Point `_target_` at the classes the project means to build (optimizers, modules, "
			   "datasets). If a dangerous target is intended, allow it explicitly in `.weaklink.toml` "
			   "under `[hydra] allow = [\"pkg.func\"]`.",
		.cwe = 94,
		.level = WL_LEVEL_ERROR,
		.security_severity = 8.8,
		.precision = "high",
		.tags = "supply-chain,config,hydra,code-execution",
	},
	{
		.id = "WL411",
		.name = "hydra-unreviewed-target",
		.short_desc = "Hydra _target_ outside the reviewed allowlist",
		.full_desc = "The `_target_` is neither a known-ordinary callable (torch.optim.*, torch.nn.*, "
			     "torchvision, transformers ...) nor known-dangerous nor in the repository's own "
			     "packages (pkg/__init__.py, src/pkg/__init__.py, pkg.py), or it is built by "
			     "interpolation (${...}) so it cannot be read from the file. instantiate() will import "
			     "and call it.",
		.help_md = "Review the target; add the project's own packages to `[hydra] allow` in "
			   "`.weaklink.toml` (glob patterns such as `myproject.*`).",
		.cwe = 94,
		.level = WL_LEVEL_NOTE,
		.security_severity = 3.0,
		.precision = "medium",
		.tags = "supply-chain,config,hydra",
	},
	{
		.id = "WL420",
		.name = "yaml-python-tag",
		.short_desc = "YAML uses a python/object, python/name or python/module tag",
		.full_desc = "Tags such as !!python/object/apply:os.system, !!python/object/new:, !!python/name: and "
			     "!!python/module: make PyYAML's unsafe loaders (yaml.load with Loader=yaml.Loader or "
			     "UnsafeLoader, yaml.unsafe_load, older full_load) import modules and call functions "
			     "while parsing. Tags spelled through %TAG handles, verbatim !<...> tags or percent-escapes "
			     "are resolved before the check.",
		.help_md = "Remove the tag and store plain data; load YAML with `yaml.safe_load`. If the object must "
			   "be rebuilt, do it in code after a safe load.",
		.cwe = 502,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.0,
		.precision = "very-high",
		.tags = "supply-chain,config,yaml,code-execution",
	},
	{
		.id = "WL605",
		.name = "pth-import-line",
		.short_desc = "A .pth file has an import line, which Python runs at every interpreter start",
		.full_desc = "site.py executes each line of a site-packages .pth file that starts with `import` "
			     "followed by a space or a tab, at every start of the interpreter, before any of the "
			     "project's code and whatever program runs. A .pth shipped in a repository reaches "
			     "site-packages through packaging (a wheel or data_files) and then runs for every user "
			     "of that environment; malicious packages use it for persistence. Lines that only list "
			     "paths, blank lines and comments are ordinary. The finding is an error when the line "
			     "also decodes, evaluates, downloads or spawns something (exec, eval, compile, base64, "
			     "urllib, requests, socket, subprocess, os.system).",
		.help_md = "Remove the import line: list paths only, or do the work in the program that needs it "
			   "(an entry point, `sitecustomize` in a controlled image). If the line is a known tool's "
			   "(setuptools' `distutils-precedence.pth`, an editable-install finder, coverage's "
			   "process-startup hook), do not commit the generated file to the repository.",
		.cwe = 94,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.5,
		.precision = "high",
		.tags = "supply-chain,install-time,code-execution",
	},
};

/* ------------------------------------------------------- chat templates */

static void check_template(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_config_fact *c)
{
	struct wl_tmpl_result r;
	struct wl_artifact_where at = c->where;
	struct wl_loc loc = fact->loc;
	struct wl_buf list;
	struct wl_finding *f;
	size_t i;

	if (!wl_template_check(c->value, c->value_len, &r))
		return;
	wl_buf_init(&list, 0);
	for (i = 0; i < r.nhits; i++)
		wl_buf_addf(&list, "%s`%s` (%s)", i ? ", " : "", r.hits[i].what, r.hits[i].why);
	if (c->whole_file) {
		/* the file is the template: the line of the first hit */
		loc.line = 1;
		loc.col = 1;
		for (i = 0; i < r.hits[0].offset && i < c->value_len; i++) {
			if (c->value[i] == '\n') {
				loc.line++;
				loc.col = 1;
			} else {
				loc.col++;
			}
		}
	}
	if (c->binary)
		at.offset += r.hits[0].offset;
	f = wl_report_where(ctx, WL401, &loc, &at, c->binary || (at.member && *at.member),
			    "%s is a Jinja template that reaches Python internals: %s", c->label, list.buf);
	wl_finding_key(f, "%s:%s", c->label, r.hits[0].what);
	wl_finding_prop(f, "construct", "%s", r.hits[0].what);
	wl_finding_prop(f, "template-offset", "%zu", r.hits[0].offset);
	wl_buf_release(&list);
}

/* ------------------------------------------------------ Hugging Face */

static void check_auto_map(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_config_fact *c)
{
	char *disp = wl_fmt_display(c->value, c->value_len, 200);
	char *dcls = wl_fmt_display(c->key, strlen(c->key), 80);
	const char *sep = strstr(c->value, "--");
	int member = c->where.member && *c->where.member;
	struct wl_finding *f;

	/* "org/repo--module.Class" names code in another Hub repository */
	if (sep && memchr(c->value, '/', (size_t)(sep - c->value)))
		f = wl_report_where(ctx, WL403, &fact->loc, &c->where, member,
				    "auto_map %s loads code from another Hub repository: \"%s\"", dcls, disp);
	else
		f = wl_report_where(ctx, WL402, &fact->loc, &c->where, member,
				    "auto_map %s runs repository code with trust_remote_code: \"%s\"", dcls, disp);
	wl_finding_key(f, "auto_map:%s=%s", dcls, disp);
	wl_finding_prop(f, "auto-map-class", "%s", dcls);
	wl_finding_prop(f, "code-reference", "%s", disp);
	free(dcls);
	free(disp);
}

static void check_trust_remote_code(struct wl_ctx *ctx, const struct wl_fact *fact,
				    const struct wl_config_fact *c)
{
	struct wl_finding *f = wl_report_where(ctx, WL404, &fact->loc, &c->where,
					       c->where.member && *c->where.member,
					       "config sets trust_remote_code to true");

	wl_finding_key(f, "trust_remote_code");
}

/* --------------------------------------------------------------- Hydra */

static int dotted_under_n(const char *name, const char *prefix, size_t n)
{
	return strncmp(name, prefix, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

/* Is `name` at or below a prefix listed in the embedded data file `list`
 * (one dotted prefix per line, '#' comments)? */
static int listed(const char *list, const char *name)
{
	const struct wl_blob *b = wl_data_find(list);
	const char *p, *end;

	if (!b)
		wl_die("internal error: policy data %s is not embedded", list);
	p = (const char *)b->data;
	end = p + b->size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t w = 0;

		while (p + w < eol && p[w] != ' ' && p[w] != '\t' && p[w] != '#' && p[w] != '\r')
			w++;
		if (w && dotted_under_n(name, p, w))
			return 1;
		p = eol + 1;
	}
	return 0;
}

static int config_allows(struct wl_ctx *ctx, const char *target)
{
	const char *const *allow = wl_config_list(wl_ctx_config(ctx), "hydra.allow");

	for (; allow && *allow; allow++)
		if (fnmatch(*allow, target, 0) == 0 || dotted_under_n(target, *allow, strlen(*allow)))
			return 1;
	return 0;
}

/* Is the target's top-level package the repository's own (pkg/__init__.py,
 * src/pkg/__init__.py or a pkg.py module at the root)? Then instantiate()
 * runs code that ships with the repository, not a third party's. */
static int first_party(struct wl_ctx *ctx, const char *target)
{
	const char *dot = strchr(target, '.');
	size_t n = dot ? (size_t)(dot - target) : strlen(target);
	char *p;
	int found;
	if (!n || n > 200 || memchr(target, '/', n))
		return 0;
	p = wl_printf_alloc("%.*s/__init__.py", (int)n, target);
	found = wl_ctx_repo_has(ctx, p);
	free(p);
	if (!found) {
		p = wl_printf_alloc("src/%.*s/__init__.py", (int)n, target);
		found = wl_ctx_repo_has(ctx, p);
		free(p);
	}
	if (!found) {
		p = wl_printf_alloc("%.*s.py", (int)n, target);
		found = wl_ctx_repo_has(ctx, p);
		free(p);
	}
	return found;
}

static void check_hydra_target(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_config_fact *c)
{
	const char *target = c->value;
	char *disp;
	struct wl_finding *f;

	if (!*target || config_allows(ctx, target))
		return; /* empty (null) targets do nothing; allowed ones are the user's call */
	disp = wl_fmt_display(target, strlen(target), 200);
	if (strstr(target, "${")) {
		f = wl_report(ctx, WL411, &fact->loc,
			      "Hydra _target_ \"%s\" is built by interpolation; what instantiate() imports is decided at run time",
			      disp);
		wl_finding_key(f, "hydra-target:%s", disp);
	} else if (listed("hydra-dangerous.txt", target)) {
		f = wl_report(ctx, WL410, &fact->loc,
			      "Hydra _target_ \"%s\" makes instantiate() call a dangerous callable", disp);
		wl_finding_key(f, "hydra-target:%s", disp);
		wl_finding_prop(f, "target", "%s", disp);
	} else if (!listed("hydra-ordinary.txt", target) && !first_party(ctx, target)) {
		f = wl_report(ctx, WL411, &fact->loc,
			      "Hydra _target_ \"%s\" is not on the reviewed allowlist; instantiate() imports and calls it",
			      disp);
		wl_finding_key(f, "hydra-target:%s", disp);
		wl_finding_prop(f, "target", "%s", disp);
	}
	free(disp);
}

/* ----------------------------------------------------------- YAML tags */

static void check_yaml_tag(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_config_fact *c)
{
	/* what PyYAML's unsafe constructors do with tag:yaml.org,2002:python/<loader><name> */
	static const char *const loaders[] = { "object/apply:", "object/new:", "object:", "name:", "module:" };
	static const char py[] = "tag:yaml.org,2002:python/";
	const char *rest;
	size_t i;

	if (strncmp(c->value, py, sizeof(py) - 1) != 0)
		return;
	rest = c->value + sizeof(py) - 1;
	for (i = 0; i < WL_ARRAY_SIZE(loaders); i++) {
		size_t ln = strlen(loaders[i]);
		struct wl_finding *f;
		char *dtag, *dname;

		if (strncmp(rest, loaders[i], ln) != 0)
			continue;
		dtag = wl_fmt_display(c->key, strlen(c->key), 200);
		dname = wl_fmt_display(rest + ln, strlen(rest + ln), 200);
		f = wl_report(ctx, WL420, &fact->loc, "YAML tag %s makes an unsafe YAML loader %s %s", dtag,
			      loaders[i][0] == 'o' ? (loaders[i][7] == 'a' ? "call" : "construct") : "import", dname);
		wl_finding_key(f, "yaml-python-tag:python/%.*s%s", (int)(ln - 1), loaders[i], dname);
		wl_finding_prop(f, "tag", "%s", dtag);
		wl_finding_prop(f, "import", "%s", dname);
		free(dtag);
		free(dname);
		break;
	}
}

/* ------------------------------------------------------ .pth code lines */

static void check_pth_import(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_config_fact *c)
{
	/* what a payload does beyond importing: decode, evaluate, fetch, spawn */
	static const char *const payload[] = { "exec(", "eval(", "compile(", "b64decode", "base64", "urllib",
					       "urlopen", "requests", "socket", "subprocess", "os.system", "os.popen",
					       "__import__(" };
	const char *hit = NULL;
	struct wl_finding *f;
	char *disp;
	size_t i;

	for (i = 0; i < WL_ARRAY_SIZE(payload) && !hit; i++)
		if (memmem(c->value, c->value_len, payload[i], strlen(payload[i])))
			hit = payload[i];
	disp = wl_fmt_display(c->value, c->value_len, 120);
	f = wl_report(ctx, WL605, &fact->loc, "%s runs `%s` at every Python start once it is in site-packages%s%s",
		      c->label, disp, hit ? "; the line also uses " : "", hit ? hit : "");
	if (hit) {
		wl_finding_level(f, WL_LEVEL_ERROR);
		wl_finding_prop(f, "payload", "%s", hit);
	}
	wl_finding_key(f, "pth-import:%s", disp);
	free(disp);
}

static void mlconfig_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	const struct wl_config_fact *c = fact->data;

	switch (c->kind) {
	case WL_CFG_CHAT_TEMPLATE:
		check_template(ctx, fact, c);
		break;
	case WL_CFG_AUTO_MAP:
		check_auto_map(ctx, fact, c);
		break;
	case WL_CFG_TRUST_REMOTE_CODE:
		check_trust_remote_code(ctx, fact, c);
		break;
	case WL_CFG_HYDRA_TARGET:
		check_hydra_target(ctx, fact, c);
		break;
	case WL_CFG_YAML_TAG:
		check_yaml_tag(ctx, fact, c);
		break;
	case WL_CFG_PTH_IMPORT:
		check_pth_import(ctx, fact, c);
		break;
	case WL_CFG_HUB_ID:
		break; /* the id's organisation: rules/hub.c */
	}
}

/* ------------------------------------------- templates named by configs */

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Does `ref` (as written in the config at `cfg_path`) name the file at
 * `path`? Relative to the config's folder or to the repository root, and a
 * bare file name matches that name anywhere (serving configs are often
 * copied away from their templates). */
static int ref_names(const char *ref, const char *cfg_path, const char *path)
{
	size_t dn;
	const char *slash;
	while (ref[0] == '.' && ref[1] == '/')
		ref += 2;
	if (!strchr(ref, '/'))
		return strcmp(ref, base_of(path)) == 0;
	if (strcmp(ref, path) == 0)
		return 1;
	slash = strrchr(cfg_path, '/');
	dn = slash ? (size_t)(slash - cfg_path) + 1 : 0;
	return strncmp(path, cfg_path, dn) == 0 && strcmp(path + dn, ref) == 0;
}

static void mlconfig_finish(struct wl_ctx *ctx, const struct wl_fact *const *facts, size_t n)
{
	size_t i, k;
	for (i = 0; i < n; i++) {
		const struct wl_template_link *t;
		if (facts[i]->kind != WL_FACT_TEMPLATE_LINK)
			continue;
		t = facts[i]->data;
		if (!t->tmpl)
			continue;
		for (k = 0; k < n; k++) {
			const struct wl_template_link *r;
			if (facts[k]->kind != WL_FACT_TEMPLATE_LINK)
				continue;
			r = facts[k]->data;
			if (r->ref && facts[k]->loc.path && facts[i]->loc.path &&
			    ref_names(r->ref, facts[k]->loc.path, facts[i]->loc.path)) {
				check_template(ctx, facts[i], t->tmpl);
				break;
			}
		}
	}
}

const struct wl_rule_module wl_rules_mlconfig = {
	.name = "mlconfig",
	.rules = mlconfig_rules,
	.nrules = WL_ARRAY_SIZE(mlconfig_rules),
	.facts = WL_FACT_BIT(WL_FACT_CONFIG),
	.check = mlconfig_check,
};

/* The cross-file half (WL401 on template files that configs name): its own
 * module, so only template links, not every config fact, wait for finish(). */
const struct wl_rule_module wl_rules_mlconfig_links = {
	.name = "mlconfig-links",
	.rules = NULL,
	.nrules = 0,
	.facts = WL_FACT_BIT(WL_FACT_TEMPLATE_LINK),
	/* a config's reference decides the verdict on the template file it names */
	.cross = WL_FACT_BIT(WL_FACT_TEMPLATE_LINK),
	.finish = mlconfig_finish,
};
