/*
 * shell_exec.c - downloads in shell commands and what runs or loads them,
 * cloud-storage copies, hub CLI downloads, and the services a script
 * starts. Moved from shell.c; shared declarations in shell_int.h.
 */
#include "reqparse.h"
#include "shell.h"
#include "shell_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <tree_sitter/api.h>

#include "facts_config.h"
#include "facts_dep.h"

/* ------------------------------------------------- downloads, execution */

void sh_emit_shell(const struct walk *w, enum wl_shell_kind kind, uint32_t start, uint32_t end,
		       const char *url, const char *interp, const char *file, uint32_t dl_line)
{
	struct wl_loc loc;
	struct wl_shell_fact *sf = wl_ctx_alloc(w->ctx, sizeof(*sf));
	memset(sf, 0, sizeof(*sf));
	sf->kind = kind;
	sf->command = sh_display(w, start, end);
	sf->url = url ? wl_ctx_strdup(w->ctx, url) : NULL;
	sf->interpreter = interp ? wl_ctx_strdup(w->ctx, interp) : NULL;
	sf->file = file ? wl_ctx_strdup(w->ctx, file) : NULL;
	sf->download_line = dl_line;
	sf->origin = w->in->origin;
	sh_loc_of(w, start, end, &loc);
	wl_fact_emit(w->ctx, WL_FACT_SHELL, &loc, sf);
}

static const char *strip_dot_slash(const char *s)
{
	while (s[0] == '.' && s[1] == '/')
		s += 2;
	return s;
}

void sh_record_download(const struct walk *w, const char *file, const char *url, uint32_t start)
{
	struct wl_shell_state *st = w->st;
	struct wl_shell_download *d;
	struct wl_loc loc;
	if (!file || !*file || strcmp(file, "-") == 0 || strcmp(file, "/dev/null") == 0)
		return;
	if (st->ndl >= SHELL_MAX_DOWNLOADS) {
		/* full: forget downloads already run or verified, else the oldest */
		size_t i, k = 0;
		for (i = 0; i < st->ndl; i++) {
			if (st->dl[i].verified) {
				free(st->dl[i].file);
				free(st->dl[i].url);
			} else {
				st->dl[k++] = st->dl[i];
			}
		}
		st->ndl = k;
		if (st->ndl >= SHELL_MAX_DOWNLOADS) {
			free(st->dl[0].file);
			free(st->dl[0].url);
			memmove(st->dl, st->dl + 1, (st->ndl - 1) * sizeof(*st->dl));
			st->ndl--;
		}
	}
	sh_loc_of(w, start, start, &loc);
	st->dl = wl_grow(st->dl, &st->adl, st->ndl + 1, sizeof(*st->dl));
	d = &st->dl[st->ndl++];
	d->file = wl_strdup(strip_dot_slash(file));
	d->url = wl_strdup(url ? url : "");
	d->line = loc.line;
	d->verified = 0;
	d->loaded = 0;
}

/* Where does this curl/wget save its download? NULL: stdout or unknown. */
const char *sh_download_target(const struct walk *w, const struct cmd *c, size_t f,
				   const char *url, char **owned)
{
	const char *b = sh_base_name(c->argv[f].val);
	size_t k;
	int remote_name = 0;
	const char *dir = NULL;
	*owned = NULL;
	for (k = f + 1; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (strcmp(b, "curl") == 0) {
			if ((strcmp(v, "-o") == 0 || strcmp(v, "--output") == 0) && k + 1 < c->argc)
				return c->argv[k + 1].val;
			if (wl_starts_with(v, "--output="))
				return v + 9;
			if (v[0] == '-' && v[1] != '-' && strchr(v, 'o')) {
				/* -fsSLo file, -ofile */
				const char *o = strchr(v, 'o');
				if (o[1])
					return o + 1;
				if (k + 1 < c->argc)
					return c->argv[k + 1].val;
			}
			if (strcmp(v, "-O") == 0 || strcmp(v, "--remote-name") == 0 ||
			    (v[0] == '-' && v[1] != '-' && strchr(v, 'O')))
				remote_name = 1;
		} else if (strcmp(b, "wget") == 0) {
			if (strcmp(v, "-O") == 0 && k + 1 < c->argc)
				return c->argv[k + 1].val;
			if (wl_starts_with(v, "-O") && v[2])
				return v + 2;
			if (wl_starts_with(v, "--output-document="))
				return v + 18;
			if ((strcmp(v, "-P") == 0 || strcmp(v, "--directory-prefix") == 0) && k + 1 < c->argc)
				dir = c->argv[k + 1].val;
			if (v[0] == '-' && v[1] == 'q' && strchr(v, 'O'))
				return strchr(v, 'O')[1] ? strchr(v, 'O') + 1 : (k + 1 < c->argc ? c->argv[k + 1].val : NULL);
		}
	}
	(void)w;
	if (url && (remote_name || strcmp(b, "wget") == 0)) {
		const char *base = strrchr(url, '/');
		size_t n;
		if (!base || !base[1])
			return NULL;
		base++;
		n = strcspn(base, "?#");
		if (!n)
			return NULL;
		if (dir)
			*owned = wl_printf_alloc("%s/%.*s", dir, (int)n, base);
		else
			*owned = wl_strndup(base, n);
		return *owned;
	}
	return NULL;
}

static int same_file(const char *a, const char *b)
{
	a = strip_dot_slash(a);
	b = strip_dot_slash(b);
	if (strcmp(a, b) == 0)
		return 1;
	/* "$HOME/x.sh" vs "x.sh" and the like: only when one side is bare */
	if (!strchr(a, '/') && strcmp(a, sh_base_name(b)) == 0 && strchr(b, '$'))
		return 1;
	if (!strchr(b, '/') && strcmp(b, sh_base_name(a)) == 0 && strchr(a, '$'))
		return 1;
	return 0;
}

int sh_is_verifier(const char *b)
{
	return strcmp(b, "sha256sum") == 0 || strcmp(b, "sha512sum") == 0 || strcmp(b, "shasum") == 0 ||
	       strcmp(b, "sha384sum") == 0 || strcmp(b, "gpg") == 0 || strcmp(b, "gpgv") == 0 ||
	       strcmp(b, "cosign") == 0 || strcmp(b, "minisign") == 0 || strcmp(b, "signify") == 0 ||
	       strcmp(b, "b2sum") == 0 || strcmp(b, "slsa-verifier") == 0 || strcmp(b, "openssl") == 0;
}

/* Does this command run a file downloaded earlier? */
void sh_check_exec_download(const struct walk *w, const struct cmd *c, size_t f)
{
	const char *name = c->argv[f].val;
	const char *target = NULL;
	const char *interp = NULL;
	size_t i, k;
	if (!w->st->ndl)
		return;
	if (sh_is_interpreter_name(name) || strcmp(name, "source") == 0 || strcmp(name, ".") == 0) {
		for (k = f + 1; k < c->argc; k++) {
			const char *v = c->argv[k].val;
			if (v[0] == '-') {
				if (strcmp(v, "-c") == 0 || strcmp(v, "-m") == 0 || strcmp(v, "-e") == 0)
					return;
				continue;
			}
			target = v;
			break;
		}
		interp = sh_base_name(name);
	} else if (strchr(name, '/')) {
		target = name; /* ./install.sh, /tmp/x */
	} else {
		return;
	}
	if (!target)
		return;
	for (i = w->st->ndl; i-- > 0;) {
		struct wl_shell_download *d = &w->st->dl[i];
		if (d->verified || !same_file(d->file, target))
			continue;
		sh_emit_shell(w, WL_SHELL_DOWNLOAD_EXEC, ts_node_start_byte(c->node), ts_node_end_byte(c->node),
			   d->url, interp, d->file, d->line);
		d->verified = 1; /* one finding per download */
		return;
	}
}

/* A weights file by its extension (what a loader reads). */
static int weights_file(const char *f)
{
	static const char *const exts[] = { ".pt", ".pth", ".bin", ".ckpt", ".safetensors", ".pkl", ".pickle",
					    ".joblib", ".h5", ".keras", ".onnx", ".gguf", ".npz", ".npy", ".msgpack",
					    ".tflite", ".pb", NULL };
	const char *dot = strrchr(sh_base_name(f), '.');
	size_t i;
	for (i = 0; dot && exts[i]; i++)
		if (strcmp(dot, exts[i]) == 0)
			return 1;
	return 0;
}

/* Does this command hand a downloaded, unverified weights file to a
 * program that loads models (python x.py --ckpt m.pt, torchrun ...)? */
void sh_check_load_download(const struct walk *w, const struct cmd *c, size_t f)
{
	static const char *const loaders[] = { "torchrun", "accelerate", "deepspeed", "vllm", "llamafactory-cli",
					       "llama-server", "llama-cli", "ollama", "text-generation-launcher", NULL };
	const char *name = c->argv[f].val;
	size_t i, k;
	if (!w->st->ndl || (!sh_is_python_name(name) && !sh_base_name_in(name, loaders)))
		return;
	for (k = f + 1; k < c->argc; k++) {
		const char *v = c->argv[k].val, *eq = v[0] == '-' ? strchr(v, '=') : NULL;
		if (eq)
			v = eq + 1;
		for (i = w->st->ndl; i-- > 0;) {
			struct wl_shell_download *d = &w->st->dl[i];
			if (d->verified || d->loaded || !weights_file(d->file) || !same_file(d->file, v))
				continue;
			sh_emit_shell(w, WL_SHELL_DOWNLOAD_LOAD, ts_node_start_byte(c->node), ts_node_end_byte(c->node),
				   d->url, sh_base_name(name), d->file, d->line);
			d->loaded = 1;
			return;
		}
	}
}

/* bash <(curl ...), sh -c "$(curl ...)", eval "$(wget -O- ...)" */
static int subst_downloads(const struct walk *w, TSNode n, const char **url_out, int depth);

static int cmd_is_download(const struct walk *w, TSNode cmdnode, const char **url_out)
{
	struct cmd c;
	size_t f;
	int r = 0;
	sh_cmd_build(w, cmdnode, &c);
	f = sh_unwrap(&c);
	if (f < c.argc && sh_is_downloader_name(c.argv[f].val)) {
		const char *u = sh_download_url(&c, f);
		*url_out = u ? wl_ctx_strdup(w->ctx, u) : NULL;
		r = 1;
	}
	sh_cmd_free(&c);
	return r;
}

static int subst_downloads(const struct walk *w, TSNode n, const char **url_out, int depth)
{
	uint32_t i, nc;
	if (depth > 24)
		return 0;
	if (sh_node_is(n, "command"))
		return cmd_is_download(w, n, url_out);
	nc = ts_node_named_child_count(n);
	for (i = 0; i < nc; i++)
		if (subst_downloads(w, ts_node_named_child(n, i), url_out, depth + 1))
			return 1;
	return 0;
}

void sh_check_subst_exec(const struct walk *w, const struct cmd *c, size_t f)
{
	const char *name = sh_base_name(c->argv[f].val);
	size_t k;
	int evaluator = strcmp(name, "eval") == 0 || strcmp(name, "source") == 0 || strcmp(name, ".") == 0;
	if (!evaluator && !sh_is_interpreter_name(name))
		return;
	for (k = f + 1; k < c->argc; k++) {
		const char *url = NULL;
		if (!c->argv[k].dynamic)
			continue;
		if (subst_downloads(w, c->argv[k].node, &url, 0)) {
			sh_emit_shell(w, WL_SHELL_PIPE_TO_INTERPRETER, ts_node_start_byte(c->node),
				   ts_node_end_byte(c->node), url, name, NULL, 0);
			return;
		}
	}
}

/* sh -c 'pip install x': the string is a script of its own. Its positions
 * map back through this text, line by line. */
void sh_analyze_inline_script(const struct walk *w, const struct cmd *c, size_t f)
{
	size_t k;
	/* sh -c STRING, and su / runuser [-] [USER] -c STRING (run by USER's shell) */
	if (!(sh_is_shell_name(c->argv[f].val) || strcmp(sh_base_name(c->argv[f].val), "su") == 0 ||
	      strcmp(sh_base_name(c->argv[f].val), "runuser") == 0) ||
	    w->st->nesting >= 4)
		return;
	for (k = f + 1; k + 1 < c->argc; k++) {
		const char *o = c->argv[k].val;
		const struct arg *a;
		struct wl_srcmap map;
		struct wl_shell_input in;
		size_t i, len, quote;
		if (o[0] != '-' || o[1] == '-' || !strchr(o, 'c'))
			continue;
		a = &c->argv[k + 1];
		if (a->dynamic)
			return;
		len = strlen(a->val);
		/* the content starts after an opening quote, if there is one */
		quote = (a->start < w->len && (w->text[a->start] == '\'' || w->text[a->start] == '"')) ? 1 : 0;
		wl_srcmap_init(&map);
		for (i = 0; i <= len; i++) {
			if (i == 0 || a->val[i - 1] == '\n') {
				struct wl_loc l;
				uint32_t src = a->start + (uint32_t)quote + (uint32_t)i;
				if (src >= a->end)
					src = a->end ? a->end - 1 : 0;
				sh_loc_of(w, src, src, &l);
				wl_srcmap_add(&map, i, l.line, l.col);
			}
		}
		memset(&in, 0, sizeof(in));
		in.text = a->val;
		in.len = len;
		in.map = &map;
		in.origin = w->in->origin;
		in.base_dir = w->in->base_dir;
		in.resolve = w->in->resolve;
		in.resolve_ud = w->in->resolve_ud;
		in.state = w->st;
		in.services_only = w->in->services_only;
		w->st->nesting++;
		(void)wl_shell_analyze(w->ctx, &in);
		w->st->nesting--;
		wl_srcmap_release(&map);
		return;
	}
}

/*
 * Cloud storage copies that fetch a file: `gsutil [-m] cp gs://b/o DST`,
 * `gcloud storage cp gs://b/o DST`, `aws s3 cp s3://b/k DST`,
 * `aws s3api get-object --bucket B --key K DST`, and `python -m wget URL`.
 * Sets the source URL and the
 * local file (DST, or DST/basename when DST is a folder or `.`); returns 1
 * when the command is one of them, with *file NULL when it saves nowhere known.
 */
int sh_cloud_copy(const struct cmd *c, size_t f, char **url, char **file)
{
	const char *b = sh_base_name(c->argv[f].val);
	const char *pos[8];
	const char *bucket = NULL, *key = NULL, *src = NULL, *dst = NULL;
	size_t np = 0, k;
	int s3api = 0;
	*url = *file = NULL;
	/* python -m wget [-o FILE] URL: saves to FILE or the URL's last segment */
	if (sh_is_python_name(b) && f + 2 < c->argc && strcmp(c->argv[f + 1].val, "-m") == 0 &&
	    strcmp(c->argv[f + 2].val, "wget") == 0) {
		const char *out = NULL, *u = NULL;
		for (k = f + 3; k < c->argc; k++) {
			const char *v = c->argv[k].val;
			if ((strcmp(v, "-o") == 0 || strcmp(v, "--output") == 0) && k + 1 < c->argc)
				out = c->argv[++k].val;
			else if (v[0] != '-' && !u)
				u = v;
		}
		if (!u)
			return 1;
		*url = wl_strdup(u);
		if (out && !(*out && out[strlen(out) - 1] == '/')) {
			*file = wl_strdup(out);
		} else {
			const char *base = strrchr(u, '/');
			size_t bn;
			base = base ? base + 1 : u;
			bn = strcspn(base, "?#");
			if (bn)
				*file = out ? wl_printf_alloc("%s%.*s", out, (int)bn, base) : wl_strndup(base, bn);
		}
		return 1;
	}
	if (strcmp(b, "gsutil") != 0 && strcmp(b, "aws") != 0 && strcmp(b, "gcloud") != 0)
		return 0;
	for (k = f + 1; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (c->argv[k].dynamic && !*v)
			continue;
		if (strcmp(v, "--bucket") == 0 && k + 1 < c->argc) {
			bucket = c->argv[++k].val;
		} else if (strcmp(v, "--key") == 0 && k + 1 < c->argc) {
			key = c->argv[++k].val;
		} else if (v[0] == '-') {
			if (strcmp(b, "aws") == 0 && v[1] == '-' && !strchr(v, '=') && k + 1 < c->argc &&
			    c->argv[k + 1].val[0] != '-' && strcmp(v, "--recursive") != 0 && strcmp(v, "--quiet") != 0 &&
			    strcmp(v, "--no-sign-request") != 0 && strcmp(v, "--dryrun") != 0)
				k++; /* --region x, --profile y */
		} else if (np < 8) {
			pos[np++] = v;
		}
	}
	/* the verb: gsutil cp (scorecard's fixtures also write it bare), gcloud
	 * storage cp, aws s3 cp, aws s3api get-object */
	k = 0;
	if (strcmp(b, "gcloud") == 0) {
		if (np < 2 || strcmp(pos[0], "storage") != 0 || strcmp(pos[1], "cp") != 0)
			return 0;
		k = 2;
	} else if (strcmp(b, "aws") == 0) {
		if (np >= 2 && strcmp(pos[0], "s3") == 0 && strcmp(pos[1], "cp") == 0)
			k = 2;
		else if (np >= 2 && strcmp(pos[0], "s3api") == 0 && strcmp(pos[1], "get-object") == 0)
			k = 2, s3api = 1;
		else
			return 0;
	} else if (np && strcmp(pos[0], "cp") == 0) {
		k = 1;
	} else if (np && !wl_starts_with(pos[0], "gs://")) {
		return 0; /* gsutil ls, rm, rsync ... */
	}
	if (s3api) {
		if (!bucket || !key || np - k < 1)
			return 1;
		*url = wl_printf_alloc("s3://%s/%s", bucket, key);
		src = key;
		dst = pos[np - 1];
	} else {
		if (np - k < 2)
			return 1;
		src = pos[k];
		dst = pos[np - 1];
		if (!wl_starts_with(src, "gs://") && !wl_starts_with(src, "s3://"))
			return 1; /* an upload */
		*url = wl_strdup(src);
	}
	if (strcmp(dst, ".") == 0 || strcmp(dst, "./") == 0 || (*dst && dst[strlen(dst) - 1] == '/')) {
		const char *base = strrchr(src, '/');
		base = base ? base + 1 : src;
		if (!*base)
			return 1;
		*file = strcmp(dst, ".") == 0 || strcmp(dst, "./") == 0 ? wl_strdup(base)
								      : wl_printf_alloc("%s%s", dst, base);
	} else if (!wl_starts_with(dst, "gs://") && !wl_starts_with(dst, "s3://")) {
		*file = wl_strdup(dst);
	}
	return 1;
}

/* huggingface-cli download REPO_ID [FILES...] and `hf download` (the newer
 * CLI): the repository id, as written, for the rule on its organisation. */
int sh_hub_cli_download(const struct walk *w, const struct cmd *c, size_t f)
{
	const char *b = sh_base_name(c->argv[f].val);
	size_t k;
	if ((strcmp(b, "huggingface-cli") && strcmp(b, "hf")) || f + 1 >= c->argc ||
	    strcmp(c->argv[f + 1].val, "download"))
		return 0;
	for (k = f + 2; k < c->argc; k++) {
		const char *v = c->argv[k].val;
		if (v[0] == '-') {
			if (!strchr(v, '=') &&
			    (!strcmp(v, "--repo-type") || !strcmp(v, "--revision") || !strcmp(v, "--local-dir") ||
			     !strcmp(v, "--cache-dir") || !strcmp(v, "--token") || !strcmp(v, "--max-workers") ||
			     !strcmp(v, "--local-dir-use-symlinks") || !strcmp(v, "--format")))
				k++;
			continue;
		}
		if (!c->argv[k].dynamic)
			sh_emit_shell(w, WL_SHELL_HUB_DOWNLOAD, ts_node_start_byte(c->node), ts_node_end_byte(c->node), NULL,
				   NULL, v, 0);
		return 1;
	}
	return 1;
}

/* ---------------------------------------------------------- services */

/* Servers an ML project starts whose exposure a rule judges (the program,
 * or `python -m` the module); `jupyter-lab` is jupyter. */
static const char *service_program(const struct cmd *c, size_t f, size_t *args)
{
	static const char *const names[] = {"jupyter", "ray", "mlflow", "tritonserver", "torchserve", "flask", NULL};
	const char *b = sh_base_name(c->argv[f].val);
	size_t i;
	*args = f + 1;
	if (sh_is_python_name(b)) {
		b = NULL;
		for (i = f + 1; i < c->argc && c->argv[i].val[0] == '-'; i++) {
			if (strcmp(c->argv[i].val, "-m") == 0) {
				if (i + 1 < c->argc && !c->argv[i + 1].dynamic) {
					b = c->argv[i + 1].val;
					*args = i + 2;
				}
				break;
			}
		}
		if (!b)
			return NULL;
		if (strncmp(b, "ray.scripts", 11) == 0)
			b = "ray";
	}
	if (strcmp(b, "jupyter-lab") == 0 || strcmp(b, "jupyter-notebook") == 0 || strcmp(b, "jupyter-server") == 0 ||
	    strcmp(b, "jupyterlab") == 0 || strcmp(b, "notebook") == 0)
		return "jupyter";
	for (i = 0; names[i]; i++)
		if (strcmp(b, names[i]) == 0)
			return names[i];
	return NULL;
}

void sh_analyze_service(const struct walk *w, const struct cmd *c, size_t f)
{
	struct wl_service *sv;
	struct wl_loc loc;
	const char *prog;
	const char **argv;
	unsigned char *dyn;
	size_t a, i;
	if (!(prog = service_program(c, f, &a)))
		return;
	sv = wl_ctx_alloc(w->ctx, sizeof(*sv));
	memset(sv, 0, sizeof(*sv));
	sv->program = prog;
	sv->argc = a < c->argc ? c->argc - a : 0;
	argv = wl_ctx_alloc(w->ctx, (sv->argc + 1) * sizeof(*argv));
	dyn = wl_ctx_alloc(w->ctx, sv->argc + 1);
	for (i = 0; i < sv->argc; i++) {
		argv[i] = wl_ctx_strdup(w->ctx, c->argv[a + i].val);
		dyn[i] = (unsigned char)c->argv[a + i].dynamic;
	}
	argv[sv->argc] = NULL;
	sv->argv = argv;
	sv->dynamic = dyn;
	{
		/* NAME=value before the command, or after `env` */
		uint32_t k, nc = ts_node_named_child_count(c->node);
		const char **env = wl_ctx_alloc(w->ctx, (nc + f + 1) * sizeof(*env));
		size_t ne = 0;
		for (k = 0; k < nc; k++) {
			TSNode ch = ts_node_named_child(c->node, k), name, value;
			struct wl_buf vb;
			int d = 0;
			if (!sh_node_is(ch, "variable_assignment"))
				continue;
			name = ts_node_child_by_field_name(ch, "name", 4);
			value = ts_node_child_by_field_name(ch, "value", 5);
			if (ts_node_is_null(name) || ts_node_end_byte(name) > w->len)
				continue;
			wl_buf_init(&vb, SHELL_MAX_WORD);
			if (!ts_node_is_null(value))
				sh_word_value(w, value, &vb, &d, 0);
			if (!d)
				env[ne++] = wl_ctx_printf(w->ctx, "%.*s=%s",
							  (int)(ts_node_end_byte(name) - ts_node_start_byte(name)),
							  w->text + ts_node_start_byte(name), vb.buf ? vb.buf : "");
			wl_buf_release(&vb);
		}
		for (i = 0; i < f; i++)
			if (!c->argv[i].dynamic && strchr(c->argv[i].val, '=') && c->argv[i].val[0] != '-')
				env[ne++] = wl_ctx_strdup(w->ctx, c->argv[i].val);
		env[ne] = NULL;
		sv->env = env;
		sv->nenv = ne;
	}
	sv->command = sh_display(w, ts_node_start_byte(c->node), ts_node_end_byte(c->node));
	sv->origin = w->in->origin;
	sh_loc_of(w, ts_node_start_byte(c->node), ts_node_end_byte(c->node), &loc);
	wl_fact_emit(w->ctx, WL_FACT_SERVICE, &loc, sv);
}
