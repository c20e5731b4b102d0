/*
 * services.c - ML servers exposed without authentication (WL610-WL617):
 * gradio share links and open binds, the Werkzeug debugger, the Ray
 * dashboard and job API, Jupyter without a token, MLflow without its auth
 * app, TorchServe's management API and Triton's model control. Judges
 * WL_FACT_CALL (Python, through pyresolve) and WL_FACT_SERVICE (commands in
 * scripts, Dockerfiles, CI steps and compose files; TorchServe's
 * config.properties). A bind to localhost is silent; a host that comes from
 * a variable, an argument or the environment is silent too: the default of
 * these servers is localhost, and whoever sets the variable decides.
 */
#include "facts_ci.h"
#include "facts_code.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define EXPOSED_TAGS "exposed-service,ml-serving"

static const struct wl_rule service_rules[] = {
	{
		.id = "WL610",
		.name = "gradio-public-share-link",
		.short_desc = "gradio app launched with share=True (a public tunnel)",
		.full_desc = "`launch(share=True)` opens a public *.gradio.live URL that tunnels to this machine. "
			     "Anyone who finds the link uses the app (and the model, GPU and files behind it) for "
			     "72 hours; without `auth=` there is no login.",
		.help_md = "Drop `share=True` (or make it an opt-in command-line flag that defaults to off). "
			   "To give others access, deploy behind authentication: `launch(auth=(user, password))` "
			   "or `auth=callable`, or a Hugging Face Space with access control.",
		.cwe = 668,
		.level = WL_LEVEL_WARNING,
		.security_severity = 6.5,
		.precision = "high",
		.tags = EXPOSED_TAGS,
	},
	{
		.id = "WL611",
		.name = "gradio-open-without-auth",
		.short_desc = "gradio app listening on all interfaces without auth",
		.full_desc = "`launch(server_name=\"0.0.0.0\")` (or \"::\") serves the app on every network "
			     "interface and no `auth=` is given: everyone who can reach the host uses the model and "
			     "whatever the app can read or run, and gradio's file routes have had path-traversal "
			     "bugs.",
		.help_md = "Listen on localhost (the default) and publish through a reverse proxy that "
			   "authenticates, or pass `auth=` to `launch()`. Inside a container where 0.0.0.0 is "
			   "needed, keep the port unpublished or bound to 127.0.0.1 on the host.",
		.cwe = 306,
		.level = WL_LEVEL_WARNING,
		.security_severity = 5.5,
		.precision = "high",
		.tags = EXPOSED_TAGS,
	},
	{
		.id = "WL612",
		.name = "werkzeug-debugger-exposed",
		.short_desc = "Flask/Werkzeug debugger reachable from the network",
		.full_desc = "The Flask development server runs with the debugger (`debug=True`, "
			     "`use_debugger=True`, `flask run --debug`, `FLASK_DEBUG=1 flask run`) and listens on all "
			     "interfaces. The Werkzeug "
			     "debugger executes Python typed into a traceback page: anyone who reaches the port "
			     "(and guesses or reads the PIN) runs code on the host.",
		.help_md = "Never combine the debugger with a public bind. Run `debug=True` only on "
			   "127.0.0.1, and serve over the network with a production server "
			   "(gunicorn, uvicorn) without the debugger.",
		.cwe = 489,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.0,
		.precision = "high",
		.tags = EXPOSED_TAGS,
	},
	{
		.id = "WL613",
		.name = "ray-dashboard-exposed",
		.short_desc = "Ray dashboard and job API listening on all interfaces",
		.full_desc = "`ray.init(dashboard_host=\"0.0.0.0\")` or `ray start --dashboard-host 0.0.0.0` "
			     "exposes the dashboard, whose job submission API has no authentication: anyone who "
			     "reaches the port runs arbitrary commands on the cluster (the ShadowRay campaign, "
			     "CVE-2023-48022).",
		.help_md = "Keep the dashboard on 127.0.0.1 (the default) and reach it through an SSH tunnel "
			   "or an authenticating proxy; firewall port 8265 from anything untrusted.",
		.cwe = 306,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.0,
		.precision = "high",
		.tags = EXPOSED_TAGS,
	},
	{
		.id = "WL614",
		.name = "jupyter-open-without-token",
		.short_desc = "Jupyter server on all interfaces with an empty token",
		.full_desc = "Jupyter is started with `--ip=0.0.0.0` (or `*`) and an empty token "
			     "(`--NotebookApp.token=''`, `--ServerApp.token=''`, `--IdentityProvider.token=''`) and no "
			     "password, on a command line or in jupyter_{notebook,server,lab}_config.py/.json: every "
			     "notebook terminal is a shell for anyone who reaches the port.",
		.help_md = "Keep the generated token (the default), or set a hashed password; listen on "
			   "127.0.0.1 and use an SSH tunnel, or put JupyterHub in front.",
		.cwe = 306,
		.level = WL_LEVEL_ERROR,
		.security_severity = 9.0,
		.precision = "high",
		.tags = EXPOSED_TAGS,
	},
	{
		.id = "WL615",
		.name = "mlflow-server-without-auth",
		.short_desc = "MLflow tracking server on all interfaces without the auth app",
		.full_desc = "`mlflow server` / `mlflow ui` listens on 0.0.0.0 without `--app-name basic-auth`: "
			     "anyone who reaches it reads and overwrites experiments and registered models (which "
			     "others then load, often as pickles).",
		.help_md = "Add `--app-name basic-auth` (and change the default admin password), or keep the "
			   "server on 127.0.0.1 behind an authenticating proxy.",
		.cwe = 306,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.0,
		.precision = "high",
		.tags = EXPOSED_TAGS,
	},
	{
		.id = "WL616",
		.name = "torchserve-management-exposed",
		.short_desc = "TorchServe management API on all interfaces",
		.full_desc = "config.properties sets `management_address` to 0.0.0.0: the management API "
			     "registers models from URLs (and a .mar runs its handler's Python), so anyone who "
			     "reaches it runs code in the server (CVE-2023-43654, ShellTorch). A warning when the "
			     "file also turns off token authorization or turns on the model API; otherwise a note "
			     "(TorchServe 0.11 and later require a token by default).",
		.help_md = "Keep `management_address=http://127.0.0.1:8081` (the default), restrict "
			   "`allowed_urls`, and enable token authorization (TorchServe 0.11+).",
		.cwe = 306,
		.level = WL_LEVEL_WARNING,
		.security_severity = 8.0,
		.precision = "high",
		.tags = EXPOSED_TAGS,
	},
	{
		.id = "WL617",
		.name = "triton-model-control-exposed",
		.short_desc = "Triton server with explicit model control on a public address",
		.full_desc = "`tritonserver --model-control-mode=explicit` lets any client of the HTTP/gRPC "
			     "endpoints load and unload models (and, through the repository API, point at new "
			     "model files); Triton listens on all interfaces by default. A note when a bare `$ARGS` "
			     "word may add address options.",
		.help_md = "Use `--model-control-mode=none` (or `poll` on a read-only repository) in serving, "
			   "or bind `--http-address`/`--grpc-address` to 127.0.0.1 and restrict the model "
			   "repository API (`--http-restricted-api=model-repository:KEY=VALUE`).",
		.cwe = 306,
		.level = WL_LEVEL_WARNING,
		.security_severity = 7.0,
		.precision = "high",
		.tags = EXPOSED_TAGS,
	},
};

/* ------------------------------------------------------------ helpers */

/* Does a host value mean every interface? "0.0.0.0", "::", "[::]", "*",
 * and URLs on them ("http://0.0.0.0:8081"). */
static int all_interfaces(const char *v)
{
	const char *p = strstr(v, "://");
	size_t n;
	if (p)
		v = p + 3;
	n = strcspn(v, "/");
	if (n >= 7 && strncmp(v, "0.0.0.0", 7) == 0 && (n == 7 || v[7] == ':'))
		return 1;
	if ((n == 2 && strncmp(v, "::", 2) == 0) || (n >= 4 && strncmp(v, "[::]", 4) == 0) ||
	    (n == 1 && v[0] == '*'))
		return 1;
	return 0;
}

static int arg_true(const struct wl_arg *a)
{
	return a && (a->kind == WL_ARG_TRUE || (a->kind == WL_ARG_NUMBER && strcmp(a->text, "0") != 0));
}

static int arg_open(const struct wl_arg *a)
{
	return a && a->kind == WL_ARG_STRING && all_interfaces(a->text);
}

static int last_is(const char *q, const char *m)
{
	const char *d = q ? strrchr(q, '.') : NULL;
	return d && strcmp(d + 1, m) == 0;
}

static int starts(const char *q, const char *p)
{
	return q && strncmp(q, p, strlen(p)) == 0;
}

/* --------------------------------------------------------- python calls */

static void check_call(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_call *c)
{
	struct wl_finding *f;
	const char *q = c->callee;
	if (c->form != WL_FORM_CALL)
		return;
	/* gradio: resolved (gradio.Blocks().launch), or a launch() on an app
	 * built elsewhere with gradio's own keywords */
	if ((q && starts(q, "gradio") && last_is(q, "launch")) ||
	    (!q && strcmp(c->method, "launch") == 0 &&
	     (wl_call_keyword(c, "share") || wl_call_keyword(c, "server_name")))) {
		const struct wl_arg *share = wl_call_keyword(c, "share"), *host = wl_call_keyword(c, "server_name");
		const struct wl_arg *auth = wl_call_keyword(c, "auth");
		int has_auth = (auth && auth->kind != WL_ARG_NONE) || c->has_star_kwargs;
		if (arg_true(share)) {
			f = wl_report(ctx, WL610, &share->loc,
				      "%s(share=True) publishes this app on a public gradio.live link%s",
				      c->written, has_auth ? "" : " with no auth=");
			wl_finding_key(f, "share");
		}
		if (arg_open(host) && !has_auth) {
			f = wl_report(ctx, WL611, &host->loc,
				      "%s(server_name=\"%s\") serves this app on every interface with no auth=", c->written,
				      host->text);
			wl_finding_key(f, "server_name");
		}
		return;
	}
	/* Flask / Flask-SocketIO app.run(host=..., debug=True) */
	if (q && (starts(q, "flask.Flask()") || starts(q, "flask_socketio.SocketIO()")) && last_is(q, "run")) {
		const struct wl_arg *host = wl_call_keyword(c, "host");
		const struct wl_arg *debug = wl_call_keyword(c, "debug");
		if (!host)
			host = starts(q, "flask.Flask()") ? wl_call_positional(c, 0) : wl_call_positional(c, 1);
		if (arg_open(host) && arg_true(debug)) {
			f = wl_report(ctx, WL612, &fact->loc,
				      "%s(host=\"%s\", debug=True) exposes the Werkzeug debugger, which runs Python "
				      "sent to it, on every interface", c->written, host->text);
			wl_finding_key(f, "flask-debug");
		}
		return;
	}
	if (q && (strcmp(q, "werkzeug.serving.run_simple") == 0 || strcmp(q, "werkzeug.run_simple") == 0)) {
		const struct wl_arg *host = wl_call_arg(c, 0, "hostname");
		const struct wl_arg *dbg = wl_call_keyword(c, "use_debugger");
		if (arg_open(host) && arg_true(dbg)) {
			f = wl_report(ctx, WL612, &fact->loc,
				      "run_simple(\"%s\", ..., use_debugger=True) exposes the Werkzeug debugger, which "
				      "runs Python sent to it, on every interface", host->text);
			wl_finding_key(f, "werkzeug-debug");
		}
		return;
	}
	if (q && strcmp(q, "ray.init") == 0) {
		const struct wl_arg *host = wl_call_keyword(c, "dashboard_host");
		if (arg_open(host)) {
			f = wl_report(ctx, WL613, &host->loc,
				      "ray.init(dashboard_host=\"%s\") exposes the Ray dashboard, whose job API runs "
				      "commands without authentication", host->text);
			wl_finding_key(f, "ray-dashboard");
		}
	}
}

/* ------------------------------------------------------------ commands */

/* The value of option `name` ("--ip"): `--ip=V` or `--ip V`. NULL when
 * absent; *dyn set when the value holds an expansion. The last one wins. */
static const char *opt_value(const struct wl_service *s, const char *name, int *dyn)
{
	size_t i, l = strlen(name);
	const char *v = NULL;
	*dyn = 0;
	for (i = 0; i < s->argc; i++) {
		const char *a = s->argv[i];
		if (strncmp(a, name, l) != 0)
			continue;
		if (a[l] == '=') {
			v = a + l + 1;
			*dyn = s->dynamic[i];
		} else if (a[l] == '\0' && i + 1 < s->argc) {
			v = s->argv[i + 1];
			*dyn = s->dynamic[i + 1];
		}
	}
	return v;
}

static int has_word(const struct wl_service *s, const char *w)
{
	size_t i;
	for (i = 0; i < s->argc; i++)
		if (strcmp(s->argv[i], w) == 0)
			return 1;
	return 0;
}

/* The first word that is not an option (the subcommand), or "". */
static const char *subcommand(const struct wl_service *s)
{
	size_t i;
	for (i = 0; i < s->argc; i++)
		if (s->argv[i][0] != '-')
			return s->argv[i];
	return "";
}

/* FLASK_DEBUG=1 (or true), FLASK_ENV=development (Flask < 2.3) before the command */
static int env_debug(const struct wl_service *s)
{
	size_t i;
	for (i = 0; i < s->nenv; i++) {
		const char *e = s->env[i];
		if (!strcmp(e, "FLASK_DEBUG=1") || !strcasecmp(e, "FLASK_DEBUG=true") || !strcmp(e, "FLASK_ENV=development"))
			return 1;
	}
	return 0;
}

static int open_value(const char *v, int dyn)
{
	return v && !dyn && all_interfaces(v);
}

static int loopback(const char *v, int dyn)
{
	return v && !dyn && (strncmp(v, "127.", 4) == 0 || strcmp(v, "localhost") == 0 || strcmp(v, "::1") == 0);
}

static void report_cmd(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_service *s, const char *rule,
		       const char *key, const char *what)
{
	struct wl_finding *f = wl_report(ctx, rule, &fact->loc, "%s (%s: %s)", what, s->origin, s->command);
	wl_finding_key(f, "%s", key);
}

static void check_jupyter(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_service *s)
{
	static const char *const apps[] = {"--NotebookApp", "--ServerApp", "--IdentityProvider"};
	char opt[64];
	size_t i;
	int dyn, empty_token = 0, password = 0;
	const char *ip = opt_value(s, "--ip", &dyn);
	if (!open_value(ip, dyn)) {
		for (i = 0; i < 2 && !open_value(ip, dyn); i++) {
			snprintf(opt, sizeof(opt), "%s.ip", apps[i]);
			ip = opt_value(s, opt, &dyn);
		}
		if (!open_value(ip, dyn))
			return;
	}
	for (i = 0; i < WL_ARRAY_SIZE(apps); i++) {
		const char *v;
		snprintf(opt, sizeof(opt), "%s.token", apps[i]);
		v = opt_value(s, opt, &dyn);
		if (v && !dyn && !v[0])
			empty_token = 1;
		snprintf(opt, sizeof(opt), "%s.password", apps[i]);
		v = opt_value(s, opt, &dyn);
		if (v && (dyn || v[0]))
			password = 1;
		snprintf(opt, sizeof(opt), "%s.hashed_password", apps[i]);
		v = opt_value(s, opt, &dyn);
		if (v && (dyn || v[0]))
			password = 1;
	}
	if (empty_token && !password)
		report_cmd(ctx, fact, s, WL614, "jupyter",
			   "Jupyter listens on every interface with an empty token and no password: anyone who "
			   "reaches it gets a shell");
}

static void check_service(struct wl_ctx *ctx, const struct wl_fact *fact, const struct wl_service *s)
{
	int dyn, dyn2;
	const char *v, *v2;
	if (s->keys) {
		/* TorchServe config.properties */
		size_t i;
		int open_api = 0;
		if (strcmp(s->program, "torchserve") != 0)
			return;
		/* TorchServe 0.11+ asks for a token and keeps the model API off by
		 * default: the exposure is certain only when the file turns either off */
		for (i = 0; i < s->argc; i++)
			if ((strcmp(s->keys[i], "disable_token_authorization") == 0 ||
			     strcmp(s->keys[i], "enable_model_api") == 0) &&
			    strcmp(s->argv[i], "true") == 0)
				open_api = 1;
		for (i = 0; i < s->argc; i++) {
			if (strcmp(s->keys[i], "management_address") == 0 && all_interfaces(s->argv[i])) {
				struct wl_finding *f;
				if (open_api) {
					f = wl_report(ctx, WL616, &s->locs[i],
						      "management_address=%s exposes TorchServe's management API, which "
						      "registers models from URLs, on every interface, with token "
						      "authorization or the model API control turned off", s->argv[i]);
				} else {
					f = wl_report(ctx, WL616, &s->locs[i],
						      "management_address=%s exposes TorchServe's management API, which "
						      "registers models from URLs, on every interface (before TorchServe "
						      "0.11 without any authentication)", s->argv[i]);
					wl_finding_level(f, WL_LEVEL_NOTE);
				}
				wl_finding_key(f, "management_address");
			}
		}
		return;
	}
	if (strcmp(s->program, "jupyter") == 0) {
		check_jupyter(ctx, fact, s);
	} else if (strcmp(s->program, "ray") == 0) {
		v = opt_value(s, "--dashboard-host", &dyn);
		if (strcmp(subcommand(s), "start") == 0 && open_value(v, dyn))
			report_cmd(ctx, fact, s, WL613, "ray-dashboard",
				   "ray start --dashboard-host exposes the Ray dashboard, whose job API runs commands "
				   "without authentication, on every interface");
	} else if (strcmp(s->program, "mlflow") == 0) {
		const char *sub = subcommand(s);
		if (strcmp(sub, "server") != 0 && strcmp(sub, "ui") != 0)
			return;
		v = opt_value(s, "--host", &dyn);
		if (!v)
			v = opt_value(s, "-h", &dyn);
		v2 = opt_value(s, "--app-name", &dyn2);
		if (open_value(v, dyn) && !(v2 && (dyn2 || strcmp(v2, "basic-auth") == 0)))
			report_cmd(ctx, fact, s, WL615, "mlflow",
				   "the MLflow server listens on every interface without --app-name basic-auth");
	} else if (strcmp(s->program, "flask") == 0) {
		v = opt_value(s, "--host", &dyn);
		if (!v)
			v = opt_value(s, "-h", &dyn);
		if (strcmp(subcommand(s), "run") == 0 && open_value(v, dyn) &&
		    (has_word(s, "--debug") || env_debug(s)) && !has_word(s, "--no-debugger"))
			report_cmd(ctx, fact, s, WL612, "flask-debug",
				   "flask run with the debugger on every interface exposes the Werkzeug debugger, which runs "
				   "Python sent to it");
	} else if (strcmp(s->program, "tritonserver") == 0) {
		const char *http, *grpc, *ah, *ag;
		int dh, dg, dah, dag;
		v = opt_value(s, "--model-control-mode", &dyn);
		if (!v || dyn || strcmp(v, "explicit") != 0)
			return;
		http = opt_value(s, "--http-address", &dh);
		grpc = opt_value(s, "--grpc-address", &dg);
		ah = opt_value(s, "--allow-http", &dah);
		ag = opt_value(s, "--allow-grpc", &dag);
		if ((loopback(http, dh) || (ah && !dah && strcmp(ah, "false") == 0)) &&
		    (loopback(grpc, dg) || (ag && !dag && strcmp(ag, "false") == 0)))
			return;
		{
			struct wl_finding *f = wl_report(ctx, WL617, &fact->loc,
							 "tritonserver --model-control-mode=explicit lets any client load "
							 "and unload models, and it listens on every interface (%s: %s)",
							 s->origin, s->command);
			size_t i;
			wl_finding_key(f, "triton");
			/* a bare $ARGS word may add the address options */
			for (i = 0; i < s->argc; i++)
				if (s->dynamic[i] && s->argv[i][0] == '$') {
					wl_finding_level(f, WL_LEVEL_NOTE);
					break;
				}
		}
	}
}

static void services_check(struct wl_ctx *ctx, const struct wl_fact *fact)
{
	if (!fact->data)
		return;
	if (fact->kind == WL_FACT_CALL)
		check_call(ctx, fact, fact->data);
	else if (fact->kind == WL_FACT_SERVICE)
		check_service(ctx, fact, fact->data);
}

const struct wl_rule_module wl_rules_services = {
	.name = "services",
	.rules = service_rules,
	.nrules = WL_ARRAY_SIZE(service_rules),
	.facts = WL_FACT_BIT(WL_FACT_CALL) | WL_FACT_BIT(WL_FACT_SERVICE),
	.check = services_check,
};
