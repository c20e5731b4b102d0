/*
 * engine.h - the contracts every scanner, rule module and output format
 * plugs into. Read this file first.
 *
 *   walker -> classify -> scanners (bytes -> FACTS) -> rules (facts -> FINDINGS)
 *          -> outputs (SARIF / GitLab / text)
 *
 * A scanner never decides policy; a rule never parses bytes. Scanners run in
 * worker threads, one file at a time, and must keep no mutable global state.
 * Facts and their strings live in the per-file arena (wl_ctx_alloc) and stay
 * valid until the end of the run, so cross-file rules can see them in finish().
 */
#ifndef WL_ENGINE_H
#define WL_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"
#include "wl_rule_ids.h" /* WL101 ... as macros, generated from the catalog (build/gen) */

struct wl_ctx;
struct wl_config;

enum wl_level {
	WL_LEVEL_NONE = 0,
	WL_LEVEL_NOTE = 1,
	WL_LEVEL_WARNING = 2,
	WL_LEVEL_ERROR = 3,
};

const char *wl_level_name(enum wl_level l); /* "none" "note" "warning" "error" */
int wl_level_parse(const char *s, enum wl_level *out);

/*
 * A place in a file. Lines are 1-based. Columns are 1-based BYTE offsets
 * within the line as the scanner sees them; the engine converts them to
 * Unicode code points before output. end_col is one past the last byte.
 * line 0 means "the file as a whole" (outputs use line 1). end_line/end_col
 * 0 means "to the end of line `line`".
 */
struct wl_loc {
	const char *path; /* repo-relative; filled in by the engine when NULL */
	uint32_t line, col;
	uint32_t end_line, end_col;
};

/* ---------------------------------------------------------------- files */

/* What the content says, from magic bytes (classify.c). Extension is a hint. */
enum wl_magic {
	WL_MAGIC_UNKNOWN = 0, /* binary we have no name for */
	WL_MAGIC_EMPTY,
	WL_MAGIC_TEXT,       /* valid UTF-8 (or ASCII) text without NULs in the head */
	WL_MAGIC_PICKLE,     /* \x80\x02..\x05 or protocol-0/1 opcode head */
	WL_MAGIC_ZIP,        /* PK\x03\x04 / PK\x05\x06 (or zip found after junk) */
	WL_MAGIC_7Z,
	WL_MAGIC_RAR,
	WL_MAGIC_GZIP,
	WL_MAGIC_BZIP2,
	WL_MAGIC_XZ,
	WL_MAGIC_LZMA,
	WL_MAGIC_ZLIB,
	WL_MAGIC_LZ4,
	WL_MAGIC_ZSTD,
	WL_MAGIC_TAR,
	WL_MAGIC_NPY,        /* \x93NUMPY */
	WL_MAGIC_TORCH_LEGACY, /* pickle whose first object is torch's magic number */
	WL_MAGIC_ELF,
	WL_MAGIC_IMAGE,      /* png/jpeg/gif/webp: ordinary data */
	WL_MAGIC_LFS_POINTER,
	WL_MAGIC__COUNT,
	/* Formats registered with a signature in the scanner table (safetensors,
	 * GGUF, HDF5, ...): WL_MAGIC_FORMAT(i) for wl_scanners[i]. */
	WL_MAGIC_FORMAT_BASE = 64
};
#define WL_MAGIC_FORMAT(i) ((enum wl_magic)(WL_MAGIC_FORMAT_BASE + (i)))

const char *wl_magic_name(enum wl_magic m);
/* Sniff content. Pure function of the bytes; safe on any length. */
enum wl_magic wl_sniff(const unsigned char *data, size_t size);
/* Content another scanner owns whatever the file is called (pickles,
 * archives, compressed data, npy, Git LFS pointers): a format named by its
 * extension only reads files whose content is not one of these. */
int wl_magic_claimed(enum wl_magic m);

struct wl_file {
	const char *path;           /* repo-relative, '/'-separated */
	const char *name;           /* basename of path */
	const char *ext;            /* lowercased extension with the dot ("" if none) */
	const unsigned char *data;  /* the whole file, read-only mapping; never NULL */
	size_t size;
	enum wl_magic magic;
};

/* ------------------------------------------------------------ scanners */

struct wl_scanner {
	const char *name;
	/* Which files it reads, as data (registry.c's table is the one place a
	 * format is registered): a file is wanted when its content carries the
	 * scanner's signature, or when its base name is in `names` or its
	 * extension in `exts` and its content is not another format's (`text`:
	 * only UTF-8 text). A scanner whose choice needs more than that sets
	 * wants() instead; cheap: name, ext, magic and the first bytes only. */
	const char *const *names; /* NULL-terminated, or NULL */
	const char *const *exts;  /* lowercased, with the dot; NULL-terminated, or NULL */
	int text;
	int (*wants)(const struct wl_file *f);
	/* Its content signature, for classify.c: the leading bytes `magic`
	 * (`magic_len` of them) and/or sniff(), which must be pure and cheap.
	 * `content` names what it recognised in messages ("gguf"). A file or
	 * container member that matches gets wl_file.magic == the scanner's
	 * WL_MAGIC_FORMAT() value. */
	const char *content;
	const char *magic;
	size_t magic_len;
	int (*sniff)(const unsigned char *data, size_t size);
	/* Emit facts for one file. Returns 0, or a negative code after
	 * wl_notify() said why. */
	int (*scan)(struct wl_ctx *ctx, const struct wl_file *f);
	/* Bytes found inside a container (a zip member), with the member's name:
	 * the artifact scanner hands over members whose content carries this
	 * scanner's signature, or whose base name is in `member_names` (text).
	 * Facts are located on the container file. Optional. */
	int (*scan_bytes)(struct wl_ctx *ctx, const char *member, const unsigned char *data, size_t size);
	const char *const *member_names;
	/* The fact kinds it emits that a rule's finish() consumes (WL_FACT_BIT()s).
	 * The engine checks the declaration on every emit. In a shard (--shard),
	 * files owned by other shards still go through the scanners that emit
	 * kinds some module's finish() reads across files (wl_rule_module.cross),
	 * so cross-file verdicts come out as in a full scan. */
	uint32_t emits;
	/* Reads every file without claiming its format (the provenance scanner
	 * hashes them): its wants() does not keep a requested scan from running
	 * (wl_ctx_request_scan honours "a file some scanner reads as its own
	 * format keeps that reading" for the other scanners only), and it reads
	 * foreign files (--shard, --diff-base) only when the run says its facts
	 * are needed there (wl_scan_options.observe_foreign), so that a diff
	 * scan still costs in proportion to the change. */
	int observer;
};

/* A NULL-terminated list, for the table fields above. */
#define WL_LIST(...) ((const char *const[]){ __VA_ARGS__, NULL })

extern const struct wl_scanner *const wl_scanners[]; /* NULL-terminated, registry.c */
/* Does scanner `s` read file `f`? Its wants(), else its table data. */
int wl_scanner_wants(const struct wl_scanner *s, const struct wl_file *f);
/* The registered scanner whose signature a WL_MAGIC_FORMAT() value names,
 * or NULL for the engine's own kinds. */
const struct wl_scanner *wl_magic_format(enum wl_magic m);

/* --------------------------------------------------------------- facts */

/*
 * Fact kinds. Each family declares the struct its `data` points to in its own
 * header (facts_dep.h, facts_code.h, ...). Adding a kind = one line here.
 */
enum wl_fact_kind {
	WL_FACT_DEPENDENCY = 0, /* struct wl_dep (facts_dep.h) */
	WL_FACT_INDEX,          /* struct wl_index (facts_dep.h) */
	WL_FACT_MANIFEST,       /* struct wl_manifest (facts_dep.h) */
	WL_FACT_CALL,           /* struct wl_call (facts_code.h) */
	WL_FACT_PICKLE_IMPORT,  /* struct wl_pickle_import (facts_artifact.h) */
	WL_FACT_ARTIFACT,       /* struct wl_artifact (facts_artifact.h) */
	WL_FACT_CONFIG,         /* struct wl_config_fact (facts_config.h) */
	WL_FACT_ACTION_REF,     /* struct wl_action_ref (facts_ci.h) */
	WL_FACT_IMAGE_REF,      /* struct wl_image_ref (facts_ci.h) */
	WL_FACT_SHELL,          /* struct wl_shell_fact (facts_ci.h) */
	WL_FACT_CI,             /* struct wl_ci_fact (facts_ci.h) */
	WL_FACT_LFS_POINTER,    /* struct wl_lfs_pointer (below) */
	WL_FACT_MODEL_REF,      /* struct wl_model_ref (facts_format.h); streamed: check() only */
	WL_FACT_TEMPLATE_LINK,  /* struct wl_template_link (facts_config.h) */
	WL_FACT_INSTALL_HOOK,   /* struct wl_install_hook (facts_dep.h) */
	WL_FACT_SERVICE,        /* struct wl_service (facts_ci.h) */
	WL_FACT_JS_SINK,        /* struct wl_js_sink (facts_js.h) */
	WL_FACT_PROVENANCE,     /* struct wl_provenance (facts_provenance.h) */
	WL_FACT_FLOW,           /* struct wl_flow (facts_code.h) */
	WL_FACT__COUNT
};

#define WL_FACT_BIT(k) (1u << (k))

struct wl_fact {
	enum wl_fact_kind kind;
	struct wl_loc loc;
	const void *data;
	uint32_t seq; /* emission order within the file, for stable sorting */
};

struct wl_lfs_pointer {
	char oid[65]; /* sha256 hex */
	uint64_t size;
};

/* Emit a fact. `data` must be allocated with wl_ctx_alloc (it outlives the
 * scan), except for kinds marked "streamed" above, which check() sees only. */
void wl_fact_emit(struct wl_ctx *ctx, enum wl_fact_kind kind,
		  const struct wl_loc *loc, const void *data);

void *wl_ctx_alloc(struct wl_ctx *ctx, size_t n);
char *wl_ctx_strdup(struct wl_ctx *ctx, const char *s);
char *wl_ctx_strndup(struct wl_ctx *ctx, const char *s, size_t n);
char *wl_ctx_printf(struct wl_ctx *ctx, const char *fmt, ...) WL_PRINTF(2, 3);

/*
 * Ask for the repository file `path` to be read by the scanner named
 * `scanner` too, although its wants() said no: pip reads `-r deps.list` as
 * requirements whatever the file is called. Honoured after every file has
 * been scanned, for text files in the walk, once per (file, scanner).
 */
void wl_ctx_request_scan(struct wl_ctx *ctx, const char *path, const char *scanner);
/* The offline vulnerability database of the run (--osv-db; osv.h), or NULL. */
struct wl_vulndb_use;
const struct wl_vulndb_use *wl_ctx_vulndb(const struct wl_ctx *ctx);
/* The keys and anchors OMS model signatures are checked against ([provenance]
 * trusted_keys / trusted_roots, --trusted-key; oms.h), or NULL when none. */
struct wl_oms_trust;
const struct wl_oms_trust *wl_ctx_trust(const struct wl_ctx *ctx);

/* The scanner declines this file on purpose (a minified bundle, vendored
 * node_modules/): it counts as skipped in the summary, not as scanned. A
 * file that also failed stays failed. */
void wl_ctx_skip(struct wl_ctx *ctx);
/* The file being scanned (NULL in finish()). */
const struct wl_file *wl_ctx_file(const struct wl_ctx *ctx);
const struct wl_config *wl_ctx_config(const struct wl_ctx *ctx);
/* Is `path` (repo-relative) one of the files of this scan's repository, in
 * the walk whether or not this run reports it? For rules that tell the
 * repository's own code from a third party's (a Hydra target in its own
 * package). O(log n). */
int wl_ctx_repo_has(const struct wl_ctx *ctx, const char *path);

/* --------------------------------------------------------------- rules */

struct wl_rule {
	const char *id;          /* stable, e.g. "WL101"; never reused */
	const char *name;        /* kebab-case, e.g. "unpinned-requirement" */
	const char *short_desc;  /* one line, no trailing period */
	const char *full_desc;   /* a paragraph (<= 1024 chars) */
	const char *help_md;     /* markdown: why it matters and how to fix */
	int cwe;                 /* 0 if none */
	enum wl_level level;     /* default level */
	double security_severity;/* 0.1 .. 10.0 (GitHub: >= 9.0 critical) */
	const char *precision;   /* "very-high" | "high" | "medium" | "low" */
	const char *tags;        /* comma-separated, e.g. "supply-chain,dependencies" */
};

struct wl_rule_module {
	const char *name;
	const struct wl_rule *rules;
	size_t nrules;
	uint32_t facts; /* WL_FACT_BIT()s that check()/finish() receive */
	/* Of those, the kinds whose facts can decide a verdict on ANOTHER file in
	 * finish() (a requirements file a Dockerfile installs, the versions a
	 * manifest declares for every file's torch.load). A kind left out here
	 * must only ever decide findings on its own file. */
	uint32_t cross;
	/* Called in the worker for each fact of a wanted kind, as it is emitted. */
	void (*check)(struct wl_ctx *ctx, const struct wl_fact *fact);
	/* Called once, single-threaded, after every file: all wanted facts of the
	 * run, sorted by path then emission order. For cross-file rules. */
	void (*finish)(struct wl_ctx *ctx, const struct wl_fact *const *facts, size_t n);
};

extern const struct wl_rule_module *const wl_rule_modules[]; /* NULL-terminated */

/* Catalog (rules/catalog.c): every rule of every module, sorted by id. */
size_t wl_catalog_count(void);
const struct wl_rule *wl_catalog_at(size_t i);
const struct wl_rule *wl_catalog_find(const char *id_or_name);

/* ------------------------------------------------------------ findings */

struct wl_finding;

/*
 * Report a finding of rule `rule_id` (must be in the catalog) at `loc`
 * (path defaults to the current file). The message is one sentence that says
 * what is wrong here, specifically. Returns the finding for the setters below.
 */
struct wl_finding *wl_report(struct wl_ctx *ctx, const char *rule_id,
			     const struct wl_loc *loc, const char *fmt, ...)
	WL_PRINTF(4, 5);
/* Override the catalog level (e.g. lower confidence). */
void wl_finding_level(struct wl_finding *f, enum wl_level level);
/* A string property for SARIF result.properties and the text report's detail
 * (binary artifacts: "member", "offset", "opcode", "import"). */
void wl_finding_prop(struct wl_finding *f, const char *key, const char *fmt, ...)
	WL_PRINTF(3, 4);
/* The line-independent identity of the finding for its fingerprint (e.g. the
 * package name, the resolved callee, the import). Defaults to the message. */
void wl_finding_key(struct wl_finding *f, const char *fmt, ...) WL_PRINTF(2, 3);
/* A mechanical fix: replace `region` (in the finding's file) with `text`. */
void wl_finding_fix(struct wl_finding *f, const char *description,
		    const struct wl_loc *region, const char *text);

/*
 * A tool notification: this file could not be (fully) scanned, and why.
 * WARNING or ERROR marks the file as failed (counts toward the exit status);
 * NOTE is informational (e.g. "parsed with errors, rest still checked").
 */
void wl_notify(struct wl_ctx *ctx, enum wl_level level, const char *fmt, ...)
	WL_PRINTF(3, 4);

/*
 * In-source suppressions (`# nosec`, `# weaklink: ignore[...]`) are found by
 * the engine on the lines a finding spans. A scanner that parses a text file
 * and knows where its comments are says so with wl_ctx_comments_known() and
 * declares each comment that may suppress with wl_ctx_comment() (line and
 * 1-based byte column of its '#', as in wl_loc). In that file a marker
 * outside the declared comments (inside a string literal, say) then
 * suppresses nothing. Files no scanner declares keep the plain text match.
 */
void wl_ctx_comments_known(struct wl_ctx *ctx);
void wl_ctx_comment(struct wl_ctx *ctx, uint32_t line, uint32_t col);

/* --------------------------------------------------------------- config */

/*
 * Values from .weaklink.toml (or --config). Keys are "section.key".
 * Lists: NULL-terminated array, or NULL when unset. Never freed by callers.
 */
const char *const *wl_config_list(const struct wl_config *c, const char *key);
const char *wl_config_str(const struct wl_config *c, const char *key);
/* Is `value` in the list at `key`? (exact match) */
int wl_config_has(const struct wl_config *c, const char *key, const char *value);

/* ---------------------------------------------------- tree-sitter access */

enum wl_lang {
	WL_LANG_PYTHON, WL_LANG_TOML, WL_LANG_YAML, WL_LANG_BASH, WL_LANG_JSON,
	WL_LANG_JAVASCRIPT, WL_LANG_TYPESCRIPT, WL_LANG_TSX, /* .js/.mjs/.cjs/.jsx; .ts/.mts/.cts; .tsx */
	WL_LANG__COUNT
};

struct TSParser;
struct TSLanguage;
/* The worker's own parser for `lang`, reset and ready; reused across files. */
struct TSParser *wl_ctx_parser(struct wl_ctx *ctx, enum wl_lang lang);
const struct TSLanguage *wl_language(enum wl_lang lang);
/* tree-sitter's allocations on per-thread free lists (tsalloc.c): once, at
 * the start of main, before any tree-sitter object exists. */
void wl_ts_allocator_install(void);

#endif
