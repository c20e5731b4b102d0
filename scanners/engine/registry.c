/*
 * registry.c - the scanner table. A new input format is one new file in
 * scanners/ and one line here. Every scanner whose wants() accepts a file
 * runs on it, in this order.
 */
#include "engine.h"

extern const struct wl_scanner wl_scanner_lfs;
extern const struct wl_scanner wl_scanner_artifact;
extern const struct wl_scanner wl_scanner_requirements;
extern const struct wl_scanner wl_scanner_pyproject;
extern const struct wl_scanner wl_scanner_locks;
extern const struct wl_scanner wl_scanner_conda;
extern const struct wl_scanner wl_scanner_setup;
extern const struct wl_scanner wl_scanner_python;
extern const struct wl_scanner wl_scanner_notebook;
extern const struct wl_scanner wl_scanner_js;
extern const struct wl_scanner wl_scanner_shell;
extern const struct wl_scanner wl_scanner_dockerfile;
extern const struct wl_scanner wl_scanner_workflow;
extern const struct wl_scanner wl_scanner_gitlab_ci;
extern const struct wl_scanner wl_scanner_precommit;
extern const struct wl_scanner wl_scanner_safetensors;
extern const struct wl_scanner wl_scanner_gguf;
extern const struct wl_scanner wl_scanner_hfconfig;
extern const struct wl_scanner wl_scanner_mlyaml;
extern const struct wl_scanner wl_scanner_tfsaved;
extern const struct wl_scanner wl_scanner_onnx;
extern const struct wl_scanner wl_scanner_h5;
extern const struct wl_scanner wl_scanner_compose;
extern const struct wl_scanner wl_scanner_svcconfig;

const struct wl_scanner *const wl_scanners[] = {
	&wl_scanner_lfs,
	&wl_scanner_artifact,
	&wl_scanner_requirements,
	&wl_scanner_pyproject,
	&wl_scanner_locks,
	&wl_scanner_conda,
	&wl_scanner_setup,
	&wl_scanner_python,
	&wl_scanner_notebook,
	&wl_scanner_js,
	&wl_scanner_shell,
	&wl_scanner_dockerfile,
	&wl_scanner_workflow,
	&wl_scanner_gitlab_ci,
	&wl_scanner_precommit,
	&wl_scanner_safetensors,
	&wl_scanner_gguf,
	&wl_scanner_hfconfig,
	&wl_scanner_mlyaml,
	&wl_scanner_tfsaved,
	&wl_scanner_onnx,
	&wl_scanner_h5,
	&wl_scanner_compose,
	&wl_scanner_svcconfig,
	NULL,
};
