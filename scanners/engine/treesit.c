/*
 * treesit.c - the tree-sitter grammars weaklink links in, by language id.
 * The grammars are compiled from node_modules (pinned in package-lock.json);
 * nothing of theirs is copied into this tree. Parsers are per worker thread
 * (engine.c): TSParser is not thread-safe, TSLanguage is.
 */
#include "engine.h"

#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);
const TSLanguage *tree_sitter_toml(void);
const TSLanguage *tree_sitter_yaml(void);
const TSLanguage *tree_sitter_bash(void);
const TSLanguage *tree_sitter_json(void);
const TSLanguage *tree_sitter_javascript(void);
const TSLanguage *tree_sitter_typescript(void);
const TSLanguage *tree_sitter_tsx(void);

const struct TSLanguage *wl_language(enum wl_lang lang)
{
	switch (lang) {
	case WL_LANG_PYTHON:
		return tree_sitter_python();
	case WL_LANG_TOML:
		return tree_sitter_toml();
	case WL_LANG_YAML:
		return tree_sitter_yaml();
	case WL_LANG_BASH:
		return tree_sitter_bash();
	case WL_LANG_JSON:
		return tree_sitter_json();
	case WL_LANG_JAVASCRIPT:
		return tree_sitter_javascript();
	case WL_LANG_TYPESCRIPT:
		return tree_sitter_typescript();
	case WL_LANG_TSX:
		return tree_sitter_tsx();
	case WL_LANG__COUNT:
		break;
	}
	return NULL;
}
