/*
 * outputs.c - the output-format table. A new format is one writer plus one
 * line here.
 */
#include <string.h>

#include "gitlab.h"
#include "report.h"
#include "sarif.h"

static const struct wl_output_format fmt_text = { "text", "human report", wl_text_write };
static const struct wl_output_format fmt_sarif = { "sarif", "SARIF 2.1.0", wl_sarif_write };
static const struct wl_output_format fmt_gitlab = { "gitlab-sast", "GitLab SAST report 15.2.1",
						    wl_gitlab_sast_write };
static const struct wl_output_format fmt_cq = { "codequality", "GitLab Code Quality report",
						wl_codequality_write };
static const struct wl_output_format fmt_github = { "github", "GitHub Actions annotations",
						    wl_github_write };
static const struct wl_output_format fmt_html = { "html", "self-contained HTML report (the supply chain as a pipeline)",
						  wl_html_write };
static const struct wl_output_format fmt_markdown = { "markdown", "markdown summary (job summary, MR comment)",
						      wl_markdown_write };

const struct wl_output_format *const wl_output_formats[] = {
	&fmt_text, &fmt_sarif, &fmt_gitlab, &fmt_cq, &fmt_github, &fmt_markdown, &fmt_html, NULL,
};

const struct wl_output_format *wl_output_find(const char *name)
{
	size_t i;
	for (i = 0; wl_output_formats[i]; i++)
		if (!strcmp(wl_output_formats[i]->name, name))
			return wl_output_formats[i];
	return NULL;
}
