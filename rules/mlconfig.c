/*
 * mlconfig.c - catalog rows for ML configuration files: Hugging Face
 * config.json / tokenizer_config.json, chat templates (also in GGUF), Hydra
 * `_target_` and YAML python tags. The scanners report these directly from
 * the parsed JSON/YAML, with exact lines. No facts consumed.
 */
#include "engine.h"

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
			     "the model is loaded or a chat starts.",
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
			     "torchvision, transformers ...) nor known-dangerous, or it is built by interpolation "
			     "(${...}) so it cannot be read from the file. instantiate() will import and call it.",
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
};

const struct wl_rule_module wl_rules_mlconfig = {
	.name = "mlconfig",
	.rules = mlconfig_rules,
	.nrules = WL_ARRAY_SIZE(mlconfig_rules),
	.facts = 0,
};
