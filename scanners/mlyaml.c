/*
 * mlyaml.c - YAML that loads code: python/... tags that PyYAML's unsafe
 * loaders turn into imports and calls (resolved through %TAG handles,
 * verbatim tags and percent-escapes, as PyYAML resolves them), and Hydra /
 * OmegaConf `_target_` entries that instantiate() imports and calls, and
 * trust_remote_code: true in training/eval configs.
 * Parsed with tree-sitter for exact lines; walked iteratively. Never loads
 * the YAML with a YAML library and never imports a target.
 */
#include "formats.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include <tree_sitter/api.h>

#include "fmtutil.h"

#define YAML_MAX_HANDLES 16

struct yaml_handle {
	char *handle; /* "!e!" */
	char *prefix; /* "tag:yaml.org,2002:python/" */
};

struct yaml_scan {
	struct wl_ctx *ctx;
	const char *src;
	size_t nhandles;
	struct yaml_handle handles[YAML_MAX_HANDLES];
};

/* ------------------------------------------------------------ policy */

/* Dotted-name prefixes whose callables run code, touch processes, files or
 * the network, or deserialize pickles. A prefix matches itself and anything
 * below it ("os" matches "os.system", not "osx"). */
static const char *const hydra_dangerous[] = {
	"os", "posix", "nt", "subprocess", "builtins.eval", "builtins.exec", "builtins.compile",
	"builtins.open", "builtins.getattr", "builtins.setattr", "builtins.__import__",
	"builtins.breakpoint", "builtins.input", "__builtin__", "eval", "exec", "compile", "open",
	"getattr", "__import__", "sys", "shutil", "importlib", "runpy", "pty", "socket", "ctypes",
	"pickle", "_pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve", "code", "codeop",
	"pdb", "webbrowser", "requests", "urllib", "urllib3", "http", "ftplib", "telnetlib",
	"smtplib", "multiprocessing", "asyncio.subprocess", "pkgutil", "types.CodeType",
	"types.FunctionType", "operator.attrgetter", "operator.methodcaller", "functools.partial",
	"torch.load", "torch.hub", "torch.jit.load", "torch.package", "numpy.load", "joblib.load",
	"pandas.read_pickle", "yaml.load", "yaml.unsafe_load", "yaml.full_load",
	"hydra.utils.get_method", "hydra.utils.get_class", "hydra.utils.get_object",
	"hydra.utils.call", "hydra.utils.instantiate", "hydra._internal.utils._locate",
	"omegaconf.OmegaConf.load", "keras.models.load_model", "tensorflow.keras.models.load_model",
	"tensorflow.io", "tensorflow.py_function", "tensorflow.numpy_function",
};

/* Ordinary things to build from a config (optimizers, layers, datasets ...). */
static const char *const hydra_ordinary[] = {
	"torch.optim", "torch.nn", "torch.utils.data", "torch.distributions", "torch.cuda.amp",
	"torch.amp", "torch.float16", "torch.bfloat16", "torch.float32", "torch.device",
	"torchvision", "torchaudio", "torchmetrics", "torchtext", "lightning", "pytorch_lightning",
	"transformers", "datasets", "diffusers", "peft", "accelerate", "timm", "sklearn",
	"numpy.random", "omegaconf.DictConfig", "omegaconf.ListConfig", "albumentations",
	"monai", "einops", "tokenizers", "sentence_transformers", "hydra_zen.builds",
	"pathlib.Path", "collections.OrderedDict", "builtins.dict", "builtins.list",
	"builtins.tuple", "builtins.int", "builtins.float", "builtins.str", "builtins.bool",
	"builtins.range", "builtins.slice", "math", "random.Random", "logging.getLogger",
	"wandb.init", "mlflow", "optax", "flax", "jax.numpy", "jax.nn", "keras.layers",
	"keras.optimizers", "keras.losses", "keras.metrics", "tensorflow.keras.layers",
	"tensorflow.keras.optimizers", "tensorflow.keras.losses",
};

static int dotted_under(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(name, prefix, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

static int in_list(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (dotted_under(name, list[i]))
			return 1;
	return 0;
}

static int config_allows(struct wl_ctx *ctx, const char *target)
{
	const char *const *allow = wl_config_list(wl_ctx_config(ctx), "hydra.allow");

	for (; allow && *allow; allow++)
		if (fnmatch(*allow, target, 0) == 0 || dotted_under(target, *allow))
			return 1;
	return 0;
}

/* ------------------------------------------------------------ scalars */

static struct wl_loc node_loc(TSNode n)
{
	struct wl_loc loc = { 0 };
	TSPoint p = ts_node_start_point(n);

	loc.line = p.row + 1;
	loc.col = p.column + 1;
	return loc;
}

/* The first scalar node at or under n (through flow_node/block_node), skipping
 * tags and anchors; a null node when the value is a collection. */
static TSNode yaml_scalar(TSNode n)
{
	TSNode none = { 0 };
	int depth;

	for (depth = 0; depth < 8 && !ts_node_is_null(n); depth++) {
		const char *t = ts_node_type(n);
		uint32_t i, c;
		TSNode next = none;

		if (!strcmp(t, "plain_scalar") || !strcmp(t, "double_quote_scalar") ||
		    !strcmp(t, "single_quote_scalar"))
			return n;
		if (strcmp(t, "flow_node") && strcmp(t, "block_node"))
			return none;
		c = ts_node_named_child_count(n);
		for (i = 0; i < c; i++) {
			TSNode ch = ts_node_named_child(n, i);
			const char *ct = ts_node_type(ch);

			if (strcmp(ct, "tag") && strcmp(ct, "anchor") && strcmp(ct, "comment")) {
				next = ch;
				break;
			}
		}
		n = next;
	}
	return none;
}

/* Text of a scalar, quotes removed and the common escapes resolved. */
static char *yaml_scalar_text(TSNode n, const char *src)
{
	uint32_t s = ts_node_start_byte(n), e = ts_node_end_byte(n), i;
	const char *t = ts_node_type(n);
	struct wl_buf b;

	wl_buf_init(&b, 0);
	if (!strcmp(t, "plain_scalar")) {
		wl_buf_add(&b, src + s, e - s);
		return wl_buf_detach(&b, NULL);
	}
	if (e - s >= 2) {
		s++;
		e--;
	}
	for (i = s; i < e; i++) {
		if (t[0] == 's' && src[i] == '\'' && i + 1 < e && src[i + 1] == '\'') {
			wl_buf_addch(&b, '\'');
			i++;
		} else if (t[0] == 'd' && src[i] == '\\' && i + 1 < e) {
			char c = src[++i];
			wl_buf_addch(&b, c == 'n' ? '\n' : c == 't' ? '\t' : c);
		} else {
			wl_buf_addch(&b, src[i]);
		}
	}
	return wl_buf_detach(&b, NULL);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* ------------------------------------------------------------ hydra */

static void hydra_target(struct yaml_scan *ys, TSNode value)
{
	TSNode sc = yaml_scalar(value);
	struct wl_finding *f;
	struct wl_loc loc;
	char *raw, *target, *disp;

	if (ts_node_is_null(sc))
		return;
	raw = yaml_scalar_text(sc, ys->src);
	target = trim(raw);
	loc = node_loc(sc);
	disp = wl_fmt_display(target, strlen(target), 200);
	if (!*target || config_allows(ys->ctx, target)) {
		/* empty (null) targets do nothing; allowed ones are the user's call */
	} else if (strstr(target, "${")) {
		f = wl_report(ys->ctx, "WL411", &loc,
			      "Hydra _target_ \"%s\" is built by interpolation; what instantiate() imports is decided at run time",
			      disp);
		wl_finding_key(f, "hydra-target:%s", disp);
	} else if (in_list(target, hydra_dangerous, WL_ARRAY_SIZE(hydra_dangerous))) {
		f = wl_report(ys->ctx, "WL410", &loc,
			      "Hydra _target_ \"%s\" makes instantiate() call a dangerous callable", disp);
		wl_finding_key(f, "hydra-target:%s", disp);
		wl_finding_prop(f, "target", "%s", disp);
	} else if (!in_list(target, hydra_ordinary, WL_ARRAY_SIZE(hydra_ordinary))) {
		f = wl_report(ys->ctx, "WL411", &loc,
			      "Hydra _target_ \"%s\" is not on the reviewed allowlist; instantiate() imports and calls it",
			      disp);
		wl_finding_key(f, "hydra-target:%s", disp);
		wl_finding_prop(f, "target", "%s", disp);
	}
	free(disp);
	free(raw);
}

/* ------------------------------------------------------------ tags */

static char *percent_decode(const char *s)
{
	struct wl_buf b;
	size_t i, n = strlen(s);

	wl_buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		int hi, lo;

		if (s[i] == '%' && i + 2 < n) {
			hi = s[i + 1];
			lo = s[i + 2];
			hi = hi >= '0' && hi <= '9' ? hi - '0' : (hi | 32) >= 'a' && (hi | 32) <= 'f' ? (hi | 32) - 'a' + 10 : -1;
			lo = lo >= '0' && lo <= '9' ? lo - '0' : (lo | 32) >= 'a' && (lo | 32) <= 'f' ? (lo | 32) - 'a' + 10 : -1;
			if (hi >= 0 && lo >= 0) {
				wl_buf_addch(&b, (char)(hi << 4 | lo));
				i += 2;
				continue;
			}
		}
		wl_buf_addch(&b, s[i]);
	}
	return wl_buf_detach(&b, NULL);
}

static void yaml_reset_handles(struct yaml_scan *ys)
{
	size_t i;

	for (i = 0; i < ys->nhandles; i++) {
		free(ys->handles[i].handle);
		free(ys->handles[i].prefix);
	}
	ys->nhandles = 0;
}

static void yaml_tag_directive(struct yaml_scan *ys, TSNode d)
{
	uint32_t i, c = ts_node_named_child_count(d);
	char *handle = NULL, *prefix = NULL;

	for (i = 0; i < c; i++) {
		TSNode ch = ts_node_named_child(d, i);
		uint32_t s = ts_node_start_byte(ch), e = ts_node_end_byte(ch);

		if (!strcmp(ts_node_type(ch), "tag_handle") && !handle)
			handle = wl_strndup(ys->src + s, e - s);
		else if (!strcmp(ts_node_type(ch), "tag_prefix") && !prefix)
			prefix = wl_strndup(ys->src + s, e - s);
	}
	if (handle && prefix && ys->nhandles < YAML_MAX_HANDLES) {
		ys->handles[ys->nhandles].handle = handle;
		ys->handles[ys->nhandles++].prefix = prefix;
		return;
	}
	free(handle);
	free(prefix);
}

static const char *yaml_handle_prefix(const struct yaml_scan *ys, const char *h, size_t n)
{
	size_t i = ys->nhandles;

	while (i-- > 0) /* a later directive wins */
		if (strlen(ys->handles[i].handle) == n && !memcmp(ys->handles[i].handle, h, n))
			return ys->handles[i].prefix;
	if (n == 2 && !memcmp(h, "!!", 2))
		return "tag:yaml.org,2002:";
	if (n == 1)
		return "!";
	return NULL;
}

static void yaml_tag(struct yaml_scan *ys, TSNode tag)
{
	static const char *const loaders[] = { "object/apply:", "object/new:", "object:", "name:", "module:" };
	static const char py[] = "tag:yaml.org,2002:python/";
	uint32_t s = ts_node_start_byte(tag), e = ts_node_end_byte(tag);
	char *raw = wl_strndup(ys->src + s, e - s), *resolved, *decoded;
	const char *prefix, *suffix, *rest;
	struct wl_loc loc;
	size_t hlen, i;

	if (raw[0] != '!') {
		free(raw);
		return;
	}
	if (raw[1] == '<') {
		/* verbatim !<...> */
		size_t n = strlen(raw);
		resolved = wl_strndup(raw + 2, n > 2 && raw[n - 1] == '>' ? n - 3 : n - 2);
	} else {
		const char *second = strchr(raw + 1, '!');

		hlen = second ? (size_t)(second - raw) + 1 : 1;
		prefix = yaml_handle_prefix(ys, raw, hlen);
		suffix = raw + hlen;
		resolved = prefix ? wl_printf_alloc("%s%s", prefix, suffix) : wl_strdup(raw);
	}
	decoded = percent_decode(resolved);
	if (strncmp(decoded, py, sizeof(py) - 1) == 0) {
		rest = decoded + sizeof(py) - 1;
		for (i = 0; i < WL_ARRAY_SIZE(loaders); i++) {
			size_t ln = strlen(loaders[i]);
			struct wl_finding *f;
			char *dtag, *dname;

			if (strncmp(rest, loaders[i], ln) != 0)
				continue;
			loc = node_loc(tag);
			dtag = wl_fmt_display(raw, strlen(raw), 200);
			dname = wl_fmt_display(rest + ln, strlen(rest + ln), 200);
			f = wl_report(ys->ctx, "WL420", &loc,
				      "YAML tag %s makes an unsafe YAML loader %s %s", dtag,
				      loaders[i][0] == 'o' ? (loaders[i][7] == 'a' ? "call" : "construct")
							   : "import",
				      dname);
			wl_finding_key(f, "yaml-python-tag:python/%.*s%s", (int)(ln - 1), loaders[i], dname);
			wl_finding_prop(f, "tag", "%s", dtag);
			wl_finding_prop(f, "import", "%s", dname);
			free(dtag);
			free(dname);
			break;
		}
	}
	free(decoded);
	free(resolved);
	free(raw);
}

/* ------------------------------------------------------------ walk */

static int scalar_is(TSNode n, const char *src, const char *const *words, size_t nwords)
{
	TSNode sc = yaml_scalar(n);
	char *t, *w;
	size_t i;
	int yes = 0;

	if (ts_node_is_null(sc))
		return 0;
	t = yaml_scalar_text(sc, src);
	w = trim(t);
	for (i = 0; i < nwords && !yes; i++)
		yes = strcmp(w, words[i]) == 0;
	free(t);
	return yes;
}

/* trust_remote_code: true in a training/eval config (axolotl, lm-eval,
 * vLLM ...) makes the loader import code shipped with the model. Only a
 * plain YAML 1.1/1.2 true counts. */
static void yaml_trust_remote_code(struct yaml_scan *ys, TSNode value)
{
	static const char *const yes[] = { "true", "True", "TRUE", "yes", "Yes", "on", "On" };
	TSNode sc = yaml_scalar(value);
	struct wl_finding *f;
	struct wl_loc loc;

	if (ts_node_is_null(sc) || strcmp(ts_node_type(sc), "plain_scalar") ||
	    !scalar_is(value, ys->src, yes, WL_ARRAY_SIZE(yes)))
		return;
	loc = node_loc(sc);
	f = wl_report(ys->ctx, "WL404", &loc, "config sets trust_remote_code to true");
	wl_finding_key(f, "trust_remote_code");
}

static void yaml_walk(struct yaml_scan *ys, TSNode root)
{
	TSTreeCursor cur = ts_tree_cursor_new(root);
	int done = 0;

	while (!done) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		const char *t = ts_node_type(n);

		if (!strcmp(t, "document")) {
			yaml_reset_handles(ys);
		} else if (!strcmp(t, "tag_directive")) {
			yaml_tag_directive(ys, n);
		} else if (!strcmp(t, "tag")) {
			yaml_tag(ys, n);
		} else if (!strcmp(t, "block_mapping_pair") || !strcmp(t, "flow_pair")) {
			TSNode k = ts_node_child_by_field_name(n, "key", 3);
			TSNode v = ts_node_child_by_field_name(n, "value", 5);

			static const char *const target[] = { "_target_" };
			static const char *const trc[] = { "trust_remote_code" };

			if (!ts_node_is_null(k) && !ts_node_is_null(v)) {
				if (scalar_is(k, ys->src, target, 1))
					hydra_target(ys, v);
				else if (scalar_is(k, ys->src, trc, 1))
					yaml_trust_remote_code(ys, v);
			}
		}
		if (ts_tree_cursor_goto_first_child(&cur))
			continue;
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) {
				done = 1;
				break;
			}
		}
	}
	ts_tree_cursor_delete(&cur);
	yaml_reset_handles(ys);
}

static int mlyaml_prefilter(const unsigned char *d, size_t n)
{
	return memmem(d, n, "_target_", 8) || memmem(d, n, "trust_remote_code", 17) || memmem(d, n, "!!", 2) || memmem(d, n, "%TAG", 4) ||
	       memmem(d, n, "!<", 2) || memmem(d, n, "python/", 7) ||
	       memmem(d, n, "python%", 7);
}

static int mlyaml_wants(const struct wl_file *f)
{
	return f->magic == WL_MAGIC_TEXT && (strcmp(f->ext, ".yaml") == 0 || strcmp(f->ext, ".yml") == 0);
}

static int mlyaml_scan(struct wl_ctx *ctx, const struct wl_file *f)
{
	struct yaml_scan ys;
	TSParser *p;
	TSTree *tree;

	if (!mlyaml_prefilter(f->data, f->size))
		return 0;
	if (f->size > UINT32_MAX) {
		wl_notify(ctx, WL_LEVEL_WARNING, "YAML file too large to parse (%zu bytes)", f->size);
		return WL_ELIMIT;
	}
	p = wl_ctx_parser(ctx, WL_LANG_YAML);
	if (!p) {
		wl_notify(ctx, WL_LEVEL_WARNING, "no YAML parser available");
		return WL_EIO;
	}
	tree = ts_parser_parse_string(p, NULL, (const char *)f->data, (uint32_t)f->size);
	if (!tree) {
		wl_notify(ctx, WL_LEVEL_WARNING, "YAML could not be parsed in time; python tags and _target_ not checked");
		return WL_ELIMIT;
	}
	if (ts_node_has_error(ts_tree_root_node(tree)))
		wl_notify(ctx, WL_LEVEL_NOTE, "YAML has syntax errors; the readable parts were checked for python tags and _target_");
	memset(&ys, 0, sizeof(ys));
	ys.ctx = ctx;
	ys.src = (const char *)f->data;
	yaml_walk(&ys, ts_tree_root_node(tree));
	ts_tree_delete(tree);
	return 0;
}

const struct wl_scanner wl_scanner_mlyaml = {
	.name = "mlyaml",
	.wants = mlyaml_wants,
	.scan = mlyaml_scan,
};
