/*
 * install.c - code that runs when the project is installed (WL600-WL604):
 * setup.py commands replaced through cmdclass, setup.py that reaches the
 * network or runs commands at module level (pip runs it to build an sdist,
 * a git URL or `pip install -e .`), and in-tree PEP 517 build backends.
 * Judges WL_FACT_INSTALL_HOOK (setuppy.c, pyproject.c) and the WL_FACT_CALL
 * facts python.c emits for every resolved call of a setup.py.
 */
#include "facts_code.h"
#include "facts_dep.h"

#include <string.h>

static const struct wl_rule install_rules[] = {
	{
		.id = "WL600",
		.name = "setup-command-override",
		.short_desc = "setup.py replaces an install or build command with its own class",
		.full_desc = "setup() gets `cmdclass` entries that map a setuptools command pip runs when it "
			     "builds or installs the project (install, develop, egg_info, bdist_wheel, build_ext ...) "
			     "to a class defined in this setup.py. Its code runs on every `pip install` from source "
			     "(an sdist, a git URL, `pip install -e .`): the classic place for a post-install hook "
			     "that downloads or runs something. Replacing install/develop/egg_info is a warning; "
			     "replacing a build step (build, build_py, build_ext) is a note.",
		.help_md = "Read the class: what its `run()` does is what every installer of the project runs.\n\n"
			   "- Move post-install work (downloading models or data, compiling assets) to an explicit "
			   "step users run, or to runtime with a cache and a hash check;\n"
			   "- build native code with a declared backend (`setuptools` `Extension`, "
			   "`torch.utils.cpp_extension.BuildExtension`, scikit-build, meson-python) instead of "
			   "custom commands;\n"
			   "- publish wheels, which run no setup code on install.\n\n"
			   "A command class imported from a library (`BuildExtension`, `versioneer`) is not reported.",
		.cwe = 829,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.0,
		.precision = "high",
		.tags = "supply-chain,install-time",
	},
	{
		.id = "WL601",
		.name = "setup-network-at-install",
		.short_desc = "setup.py downloads or connects to the network at module level",
		.full_desc = "At module level (outside any function), setup.py calls urllib/requests/httpx, "
			     "opens a socket, or downloads a file (wget, gdown, torch.hub, huggingface_hub). That "
			     "code runs on every build and install from source, fetches content that no lock or "
			     "hash pins, and fails or changes behaviour with the network.",
		.help_md = "Do not fetch anything from setup.py. Declare Python dependencies in "
			   "`install_requires` (pinned by the application's lock), ship data files in the "
			   "distribution, or download at runtime into a cache and check a published sha256 "
			   "before using the file.",
		.cwe = 494,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.0,
		.precision = "high",
		.tags = "supply-chain,install-time",
	},
	{
		.id = "WL602",
		.name = "setup-runs-command-at-install",
		.short_desc = "setup.py runs an external command at module level",
		.full_desc = "At module level (outside any function), setup.py runs a process: subprocess, "
			     "os.system, os.popen, os.exec*/spawn*. It runs on every build and install from source. "
			     "Often it only asks git for a version or nvcc for its release, but a command that "
			     "installs packages (`pip install` from setup.py) or fetches code bypasses every pin "
			     "and hash of the installer. eval/exec in setup.py are reported by WL201.",
		.help_md = "Keep setup.py declarative: read the version from a file (or `setuptools-scm`), "
			   "declare build requirements in `pyproject.toml` `[build-system] requires`, and never "
			   "call pip from setup.py. If the command is needed (probing a compiler), keep it and "
			   "suppress the note with `# weaklink: ignore[WL602]` and a reason.",
		.cwe = 829,
		.level = WL_LEVEL_NOTE,
		.security_severity = 3.0,
		.precision = "high",
		.tags = "supply-chain,install-time",
	},
	{
		.id = "WL603",
		.name = "in-tree-build-backend",
		.short_desc = "pyproject.toml builds with a backend kept in the repository (backend-path)",
		.full_desc = "`[build-system] backend-path` puts a folder of this repository on the build "
			     "backend's path (PEP 517): the project's own Python code runs as the build backend "
			     "whenever the project is built or installed from source. Legitimate for build tools "
			     "that build themselves, rare elsewhere.",
		.help_md = "Check that the in-tree backend only wraps a known backend (setuptools, "
			   "hatchling...) and does nothing else; otherwise use the published backend directly "
			   "(`build-backend = \"setuptools.build_meta\"`) with pinned `requires`.",
		.cwe = 829,
		.level = WL_LEVEL_NOTE,
		.security_severity = 2.0,
		.precision = "very-high",
		.tags = "supply-chain,install-time",
	},
};

/* setuptools commands pip runs to build or install a project */
static const char *const install_commands[] = {
	"install", "develop", "egg_info", "easy_install", "install_lib", "install_scripts", "install_data",
	"install_headers", "install_egg_info", "bdist_egg", "bdist_wheel", "editable_wheel", "dist_info",
};
static const char *const build_commands[] = {
	"build", "build_py", "build_ext", "build_clib", "build_scripts",
};

static int in_list(const char *s, const char *const *list, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static void check_hook(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_install_hook *h)
{
	struct wl_finding *f;
	if (h->kind == WL_HOOK_BACKEND_PATH) {
		f = wl_report(ctx, WL603, &fact->loc,
			      "the build backend%s%s is loaded from the repository's own folder '%s' "
			      "(backend-path): this code runs whenever the project is built or installed",
			      h->target ? " " : "", h->target ? h->target : "", h->path);
		wl_finding_key(f, "%s", h->path);
		return;
	}
	if (!h->local)
		return; /* a library's command class (BuildExtension, versioneer) */
	if (in_list(h->command, install_commands, WL_ARRAY_SIZE(install_commands))) {
		f = wl_report(ctx, WL600, &fact->loc,
			      "setup.py replaces the '%s' command with its own class %s%s%s: its code runs "
			      "on every pip install from source",
			      h->command, h->target, h->base ? ", based on " : "", h->base ? h->base : "");
	} else if (in_list(h->command, build_commands, WL_ARRAY_SIZE(build_commands))) {
		f = wl_report(ctx, WL600, &fact->loc,
			      "setup.py replaces the '%s' build step with its own class %s%s%s: its code runs "
			      "whenever the project is built from source",
			      h->command, h->target, h->base ? ", based on " : "", h->base ? h->base : "");
		wl_finding_level(f, WL_LEVEL_NOTE);
	} else {
		return;
	}
	wl_finding_key(f, "%s=%s", h->command, h->target);
}

/* Callees that reach the network or download a file. */
static const char *const network_roots[] = {
	"urllib.request.urlopen", "urllib.request.urlretrieve", "urllib.request.build_opener",
	"urllib.urlopen", "urllib.urlretrieve", "urllib2.urlopen", "requests", "httpx", "http.client",
	"httplib", "socket.socket", "socket.create_connection", "wget.download", "gdown.download",
	"torch.hub.download_url_to_file", "torch.hub.load_state_dict_from_url", "huggingface_hub.hf_hub_download",
	"huggingface_hub.snapshot_download", "ftplib.FTP", "pycurl.Curl", "aiohttp", "urllib3",
};

/* Callees that run another process. */
static const char *const command_roots[] = {
	"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
	"subprocess.Popen", "subprocess.getoutput", "subprocess.getstatusoutput", "os.system", "os.popen",
	"os.execv", "os.execve", "os.execvp", "os.execvpe", "os.execl", "os.execle", "os.execlp", "os.execlpe",
	"os.spawnv", "os.spawnve", "os.spawnvp", "os.spawnvpe", "os.spawnl", "os.spawnle", "os.spawnlp",
	"os.spawnlpe", "os.posix_spawn", "os.posix_spawnp", "pty.spawn", "commands.getoutput",
	"commands.getstatusoutput", "pip.main", "pip._internal.main",
};

static int under(const char *q, const char *root)
{
	size_t l = strlen(root);
	return strncmp(q, root, l) == 0 && (q[l] == '\0' || q[l] == '.');
}

static int under_any(const char *q, const char *const *roots, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (under(q, roots[i]))
			return 1;
	return 0;
}

/* requests.get(...) is a call; requests.exceptions.HTTPError(...) is not a
 * connection: only lower-case members count */
static int network_call(const char *q)
{
	const char *last = strrchr(q, '.');
	if (!under_any(q, network_roots, WL_ARRAY_SIZE(network_roots)))
		return 0;
	if (under(q, "requests") || under(q, "httpx") || under(q, "aiohttp") || under(q, "urllib3"))
		return last && last[1] >= 'a' && last[1] <= 'z' && !under(q, "requests.exceptions") &&
		       !under(q, "requests.utils") && !under(q, "requests.packages") && !under(q, "requests.structures");
	return 1;
}

static void check_setup_call(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	const struct wl_file *file = wl_ctx_file(ctx);
	struct wl_finding *f;
	if (!file || strcmp(file->name, "setup.py") != 0 || c->form != WL_FORM_CALL || !c->callee || c->in_function)
		return;
	if (network_call(c->callee)) {
		f = wl_report(ctx, WL601, &fact->loc,
			      "setup.py calls %s at module level: every build and install from source reaches the "
			      "network", c->written);
		wl_finding_key(f, "%s", c->callee);
	} else if (under_any(c->callee, command_roots, WL_ARRAY_SIZE(command_roots))) {
		f = wl_report(ctx, WL602, &fact->loc,
			      "setup.py runs a command with %s at module level: it runs on every build and install "
			      "from source", c->written);
		wl_finding_key(f, "%s", c->callee);
	}
}

static void install_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	if (!fact->data)
		return;
	if (fact->kind == WL_FACT_INSTALL_HOOK)
		check_hook(ctx, fact, fact->data);
	else if (fact->kind == WL_FACT_CALL)
		check_setup_call(ctx, fact, fact->data);
}

const struct wl_rule_module wl_rules_install = {
	.name = "install",
	.rules = install_rules,
	.nrules = WL_ARRAY_SIZE(install_rules),
	.facts = WL_FACT_BIT(WL_FACT_INSTALL_HOOK) | WL_FACT_BIT(WL_FACT_CALL),
	.check = install_check,
};
