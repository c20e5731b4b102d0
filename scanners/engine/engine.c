/*
 * engine.c - the scan loop: a thread pool over the walk, scanners turning
 * bytes into facts, rules turning facts into findings, then one
 * single-threaded pass that makes the output deterministic (sort, suppress,
 * fingerprint). No global mutable state is touched by workers except the
 * atomic work counter; each file's result is private until the join.
 */
#include "run.h"

#include "pathclass.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <tree_sitter/api.h>

#define PARSE_TIMEOUT_MICROS (60ull * 1000 * 1000)

static const char *const level_names[] = { "none", "note", "warning", "error" };

const char *wl_level_name(enum wl_level l)
{
	return (unsigned)l < 4 ? level_names[l] : "none";
}

int wl_level_parse(const char *s, enum wl_level *out)
{
	unsigned i;
	for (i = 0; i < 4; i++)
		if (!strcmp(s, level_names[i])) {
			*out = (enum wl_level)i;
			return 0;
		}
	return WL_EUSAGE;
}

/* ------------------------------------------------------------ per file */

struct file_result {
	struct wl_arena arena;
	struct wl_fact *facts; /* only kinds some finish() wants */
	size_t nfacts, afacts;
	struct wl_finding **findings;
	size_t nfindings, afindings;
	struct wl_notice *notices;
	size_t nnotices, anotices;
	int comments_known;    /* a parser declared the file's comments */
	struct wl_comment_pos { uint32_t line, col; } *comments; /* that may suppress */
	size_t ncomments, acomments;
	enum { FR_SCANNED, FR_SKIPPED, FR_FAILED, FR_NOTICE /* not a file */ } status;
	uint32_t seq;
	/* wl_ctx_request_scan(): other files this one asks to be read by a
	 * scanner whose wants() said no; `forced`: scanners already so run */
	struct wl_scan_req { char *path; int scanner; } *reqs;
	size_t nreqs, areqs, reqs_done;
	uint32_t forced;
};

struct worker {
	TSParser *parsers[WL_LANG__COUNT];
	struct wl_odb_reader *odb; /* opened on the first from_odb entry */
};

struct engine {
	const struct wl_scan_options *opt;
	const struct wl_walk *walk;
	struct file_result *results;
	atomic_size_t next;
	atomic_size_t done;   /* files finished (progress) */
	atomic_int running;   /* workers still in worker_main */
	uint32_t finish_mask; /* fact kinds that some finish() wants kept */
	uint32_t cross_mask;  /* of those, kinds that decide verdicts on other files */
	unsigned char *disabled; /* by catalog index */
	const unsigned char *mem_data; /* wl_scan_memory(): the one file's bytes */
	size_t mem_size;
};

struct wl_ctx {
	struct engine *eng;
	struct worker *worker;
	struct file_result *res;
	const struct wl_file *file;
	uint32_t file_index;
	const struct wl_scanner *scanner; /* the one running (NULL in finish()) */
};

void *wl_ctx_alloc(struct wl_ctx *ctx, size_t n)
{
	return wl_arena_alloc(&ctx->res->arena, n);
}

char *wl_ctx_strdup(struct wl_ctx *ctx, const char *s)
{
	return wl_arena_strdup(&ctx->res->arena, s);
}

char *wl_ctx_strndup(struct wl_ctx *ctx, const char *s, size_t n)
{
	return wl_arena_strndup(&ctx->res->arena, s, n);
}

char *wl_ctx_printf(struct wl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *s, *r;
	va_start(ap, fmt);
	s = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	r = wl_arena_strdup(&ctx->res->arena, s);
	free(s);
	return r;
}

void wl_ctx_skip(struct wl_ctx *ctx)
{
	if (ctx->res && ctx->res->status == FR_SCANNED)
		ctx->res->status = FR_SKIPPED;
}

void wl_ctx_comments_known(struct wl_ctx *ctx)
{
	ctx->res->comments_known = 1;
}

void wl_ctx_comment(struct wl_ctx *ctx, uint32_t line, uint32_t col)
{
	struct file_result *r = ctx->res;
	if (!line || !col)
		return;
	r->comments = wl_grow(r->comments, &r->acomments, r->ncomments + 1, sizeof(*r->comments));
	r->comments[r->ncomments].line = line;
	r->comments[r->ncomments].col = col;
	r->ncomments++;
}

void wl_ctx_request_scan(struct wl_ctx *ctx, const char *path, const char *scanner)
{
	struct file_result *r = ctx->res;
	int i;
	if (!path || !*path || !ctx->file)
		return;
	for (i = 0; wl_scanners[i] && i < 32; i++)
		if (!strcmp(wl_scanners[i]->name, scanner))
			break;
	if (!wl_scanners[i] || i >= 32)
		wl_die("internal error: no scanner '%s'", scanner);
	r->reqs = wl_grow(r->reqs, &r->areqs, r->nreqs + 1, sizeof(*r->reqs));
	r->reqs[r->nreqs].path = wl_strdup(path);
	r->reqs[r->nreqs].scanner = i;
	r->nreqs++;
}

const struct wl_file *wl_ctx_file(const struct wl_ctx *ctx)
{
	return ctx->file;
}

const struct wl_config *wl_ctx_config(const struct wl_ctx *ctx)
{
	return ctx->eng->opt->config;
}

int wl_ctx_repo_has(const struct wl_ctx *ctx, const char *path)
{
	const struct wl_walk *w = ctx->eng->walk;
	size_t lo = 0, hi = w->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(w->entries[mid].path, path);
		if (!c)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

const struct wl_vulndb_use *wl_ctx_vulndb(const struct wl_ctx *ctx)
{
	return ctx->eng->opt->vulndb;
}

struct TSParser *wl_ctx_parser(struct wl_ctx *ctx, enum wl_lang lang)
{
	TSParser *p;
	if (!ctx->worker || (unsigned)lang >= WL_LANG__COUNT)
		return NULL;
	p = ctx->worker->parsers[lang];
	if (!p) {
		p = ts_parser_new();
		if (!ts_parser_set_language(p, wl_language(lang)))
			wl_die("tree-sitter grammar %d has an incompatible ABI", (int)lang);
		ts_parser_set_timeout_micros(p, PARSE_TIMEOUT_MICROS);
		ctx->worker->parsers[lang] = p;
	}
	ts_parser_reset(p);
	return p;
}

/* --------------------------------------------------------------- facts */

void wl_fact_emit(struct wl_ctx *ctx, enum wl_fact_kind kind, const struct wl_loc *loc, const void *data)
{
	struct wl_fact fact;
	size_t i;

	fact.kind = kind;
	fact.loc = *loc;
	if (!fact.loc.path && ctx->file)
		fact.loc.path = ctx->file->path;
	fact.data = data;
	fact.seq = ctx->res->seq++;

	if (ctx->eng->finish_mask & WL_FACT_BIT(kind)) {
		struct file_result *r = ctx->res;
		if (ctx->scanner && !(ctx->scanner->emits & WL_FACT_BIT(kind)))
			wl_die("internal error: scanner %s emits fact kind %d that cross-file rules read, "
			       "but does not declare it in .emits", ctx->scanner->name, (int)kind);
		r->facts = wl_grow(r->facts, &r->afacts, r->nfacts + 1, sizeof(*r->facts));
		r->facts[r->nfacts] = fact;
		/* the path must outlive the mapping of the file */
		r->facts[r->nfacts].loc.path = wl_arena_strdup(&r->arena, fact.loc.path ? fact.loc.path : "");
		r->nfacts++;
	}
	for (i = 0; wl_rule_modules[i]; i++) {
		const struct wl_rule_module *m = wl_rule_modules[i];
		if (m->check && (m->facts & WL_FACT_BIT(kind)))
			m->check(ctx, &fact);
	}
}

/* ------------------------------------------------------------ findings */

static size_t catalog_index(const struct wl_rule *rule)
{
	size_t i, n = wl_catalog_count();
	for (i = 0; i < n; i++)
		if (wl_catalog_at(i) == rule)
			return i;
	return 0;
}

struct wl_finding *wl_report(struct wl_ctx *ctx, const char *rule_id, const struct wl_loc *loc,
			     const char *fmt, ...)
{
	const struct wl_rule *rule = wl_catalog_find(rule_id);
	struct file_result *r = ctx->res;
	struct wl_finding *f;
	va_list ap;

	if (!rule)
		wl_die("internal error: rule %s is not in the catalog", rule_id);
	f = wl_calloc(1, sizeof(*f));
	f->rule = rule;
	f->level = rule->level;
	f->loc = *loc;
	f->path = wl_strdup(loc->path ? loc->path : (ctx->file ? ctx->file->path : ""));
	f->loc.path = f->path;
	va_start(ap, fmt);
	f->message = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	f->file_index = ctx->file_index;
	f->seq = r->seq++;
	if (ctx->eng->disabled[catalog_index(rule)])
		f->level = WL_LEVEL_NONE; /* dropped in the final pass */
	r->findings = wl_grow(r->findings, &r->afindings, r->nfindings + 1, sizeof(*r->findings));
	r->findings[r->nfindings++] = f;
	return f;
}

void wl_finding_level(struct wl_finding *f, enum wl_level level)
{
	if (f->level != WL_LEVEL_NONE) /* a disabled rule stays disabled */
		f->level = level;
}

void wl_finding_prop(struct wl_finding *f, const char *key, const char *fmt, ...)
{
	va_list ap;
	struct wl_prop *p;
	f->props = wl_grow(f->props, &f->aprops, f->nprops + 1, sizeof(*f->props));
	p = &f->props[f->nprops++];
	p->key = wl_strdup(key);
	va_start(ap, fmt);
	p->value = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
}

void wl_finding_key(struct wl_finding *f, const char *fmt, ...)
{
	va_list ap;
	free(f->key);
	va_start(ap, fmt);
	f->key = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
}

void wl_finding_fix(struct wl_finding *f, const char *description, const struct wl_loc *region,
		    const char *text)
{
	struct wl_fix *x;
	f->fixes = wl_grow(f->fixes, &f->afixes, f->nfixes + 1, sizeof(*f->fixes));
	x = &f->fixes[f->nfixes++];
	x->description = wl_strdup(description);
	x->region = *region;
	x->region.path = f->path;
	x->text = wl_strdup(text);
}

static void add_notice(struct file_result *r, enum wl_level level, const char *path, const char *msg)
{
	struct wl_notice *n;
	r->notices = wl_grow(r->notices, &r->anotices, r->nnotices + 1, sizeof(*r->notices));
	n = &r->notices[r->nnotices++];
	n->level = level;
	n->path = path ? wl_strdup(path) : NULL;
	n->message = wl_strdup(msg);
	if (level >= WL_LEVEL_WARNING)
		r->status = FR_FAILED;
}

void wl_notify(struct wl_ctx *ctx, enum wl_level level, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	va_start(ap, fmt);
	msg = wl_vprintf_alloc(fmt, ap);
	va_end(ap);
	add_notice(ctx->res, level, ctx->file ? ctx->file->path : NULL, msg);
	free(msg);
}

/* -------------------------------------------------------- scanning a file */

static char *lower_ext(const char *name)
{
	const char *dot = strrchr(name, '.');
	char *e, *p;
	if (!dot || dot == name)
		return wl_strdup("");
	e = wl_strdup(dot);
	for (p = e; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return e;
}

static void scan_file(struct engine *eng, struct worker *wk, size_t index, struct wl_file *file,
		      const struct wl_scanner *only);
static void finalize_file_findings(const struct file_result *fr, struct wl_finding **fs, size_t n, const char *data,
				   size_t size, int is_text);

/*
 * A file truncated while it is mapped makes a read past its new end fault
 * (SIGBUS) instead of returning bytes. That is a file that changed while it
 * was scanned, to be reported like any other, never a crash: while a mapping
 * is scanned, the worker's guard turns a fault inside it into a jump back to
 * scan_entry(). What the scanner had allocated is abandoned (a leak, on a
 * path that only a file changing under us takes).
 */
static _Thread_local struct map_guard {
	sigjmp_buf jb;
	const unsigned char *lo, *hi;
	volatile sig_atomic_t armed;
} guard;
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	const unsigned char *a = si ? (const unsigned char *)si->si_addr : NULL;
	(void)uc;
	if (guard.armed && a >= guard.lo && a < guard.hi) {
		guard.armed = 0;
		siglongjmp(guard.jb, 1);
	}
	signal(sig, SIG_DFL); /* not ours: the access faults again, as it would have */
}

static void install_guard(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER; /* NODEFER: the jump leaves SIGBUS unblocked */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

/* scan_file() under the guard: 0, or 1 when the mapping faulted. */
static int scan_guarded(struct engine *eng, struct worker *wk, size_t index, struct wl_file *file,
			const struct wl_scanner *only)
{
	if (sigsetjmp(guard.jb, 0))
		return 1;
	guard.lo = file->data;
	guard.hi = file->data + file->size;
	guard.armed = 1;
	scan_file(eng, wk, index, file, only);
	guard.armed = 0;
	return 0;
}

/* --staged / --rev: the content is a blob of the object database, read
 * through the worker's own repository handle (no shared libgit2 state). */
static void scan_blob(struct engine *eng, struct worker *wk, size_t index, const struct wl_scanner *only)
{
	const struct wl_entry *e = &eng->walk->entries[index];
	struct file_result *r = &eng->results[index];
	struct wl_file file;
	void *hold = NULL;
	char *err = NULL, *ext;
	if (!wk->odb && !(wk->odb = wl_odb_reader_open(eng->walk, &err))) {
		add_notice(r, WL_LEVEL_WARNING, e->path, err);
		free(err);
		r->status = FR_FAILED;
		return;
	}
	memset(&file, 0, sizeof(file));
	if (wl_odb_read(wk->odb, e, &file.data, &file.size, &hold, &err)) {
		add_notice(r, WL_LEVEL_WARNING, e->path, err);
		free(err);
		r->status = FR_FAILED;
		return;
	}
	if (!file.size)
		file.data = (const unsigned char *)"";
	file.path = e->path;
	file.name = wl_basename(e->path);
	ext = lower_ext(file.name);
	file.ext = ext;
	scan_file(eng, wk, index, &file, only);
	wl_odb_release(hold);
	free(ext);
}

/*
 * A foreign file (--shard, --diff-base) is read only for the scanners whose
 * facts feed cross-file rules, and only when one of them could want it.
 * wants() looks at the name, the magic and at most the first bytes
 * (engine.h), so each is asked about the file's head under every magic: a
 * file none could want is never mapped or sniffed, and a diff scan costs in
 * proportion to the change, not to the repository.
 */
static int foreign_wanted(const struct engine *eng, const struct wl_entry *e)
{
	const struct wl_scanner *const *scanners = eng->opt->scanners ? eng->opt->scanners : wl_scanners;
	unsigned char head[512];
	struct wl_file f;
	ssize_t n;
	char *ext;
	int fd, i, m, wanted = 0;
	fd = open(e->abspath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return 1; /* scan_entry says why */
	n = pread(fd, head, sizeof(head), 0);
	close(fd);
	if (n < 0)
		return 1;
	memset(&f, 0, sizeof(f));
	f.path = e->path;
	f.name = wl_basename(e->path);
	ext = lower_ext(f.name);
	f.ext = ext;
	f.data = n ? head : (const unsigned char *)"";
	f.size = (size_t)n;
	for (i = 0; scanners[i] && !wanted; i++) {
		if (!(scanners[i]->emits & eng->cross_mask))
			continue;
		for (m = 0; m < WL_MAGIC__COUNT && !wanted; m++) {
			f.magic = (enum wl_magic)m;
			wanted = scanners[i]->wants(&f);
		}
	}
	free(ext);
	return wanted;
}

static void scan_entry(struct engine *eng, struct worker *wk, size_t index, const struct wl_scanner *only)
{
	const struct wl_entry *e = &eng->walk->entries[index];
	struct file_result *r = &eng->results[index];
	struct wl_file file;
	struct stat st;
	void *map = NULL;
	char *ext = NULL;
	int fd;

	if (e->kind == WL_ENTRY_NOTICE) {
		r->status = FR_NOTICE;
		add_notice(r, e->level, e->path, e->why);
		if (e->level >= WL_LEVEL_WARNING)
			r->status = FR_FAILED;
		return;
	}
	if (e->kind == WL_ENTRY_SKIP) {
		r->status = FR_SKIPPED;
		if (e->level > WL_LEVEL_NONE)
			add_notice(r, e->level, e->path, e->why);
		if (e->level >= WL_LEVEL_WARNING)
			r->status = FR_FAILED;
		return;
	}
	if (e->from_odb) {
		scan_blob(eng, wk, index, only);
		return;
	}
	/* a foreign file no cross-file scanner wants stays unread (its status
	 * stays FR_SCANNED: a requested scan, -r deps.list, may still read it) */
	if (e->foreign && !only && !foreign_wanted(eng, e))
		return;
	/* O_NONBLOCK: a FIFO must not block us; O_NOFOLLOW: a symlink swapped in
	 * after the walk is refused, not followed. */
	fd = open(e->abspath, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		char *msg;
		if (errno == ENOENT) {
			r->status = FR_SKIPPED;
			add_notice(r, WL_LEVEL_NOTE, e->path, "listed in the git index but missing from the work tree: not scanned");
			return;
		}
		if (errno == ELOOP) {
			r->status = FR_SKIPPED;
			add_notice(r, WL_LEVEL_NOTE, e->path, "symbolic link: not followed");
			return;
		}
		msg = wl_printf_alloc("cannot open: %s", strerror(errno));
		add_notice(r, WL_LEVEL_WARNING, e->path, msg);
		free(msg);
		return;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		const char *what = S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISCHR(st.st_mode) ? "a character device" :
				   S_ISBLK(st.st_mode) ? "a block device" : S_ISSOCK(st.st_mode) ? "a socket" :
				   "not a regular file";
		char *msg = wl_printf_alloc("%s: not scanned", what);
		r->status = FR_SKIPPED;
		add_notice(r, WL_LEVEL_NOTE, e->path, msg);
		free(msg);
		close(fd);
		return;
	}
	memset(&file, 0, sizeof(file));
	file.path = e->path;
	file.name = wl_basename(e->path);
	ext = lower_ext(file.name);
	file.ext = ext;
	file.size = (size_t)st.st_size;
	if (file.size) {
		map = mmap(NULL, file.size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED) {
			char *msg = wl_printf_alloc("cannot read: %s", strerror(errno));
			add_notice(r, WL_LEVEL_WARNING, e->path, msg);
			free(msg);
			free(ext);
			close(fd);
			return;
		}
		file.data = map;
	} else {
		file.data = (const unsigned char *)"";
	}
	pthread_once(&guard_once, install_guard);
	if (scan_guarded(eng, wk, index, &file, only)) {
		char *msg = wl_printf_alloc("the file shrank while it was scanned (%lld bytes when opened): what lay past "
					    "its new end could not be read; results are incomplete, scan it again",
					    (long long)st.st_size);
		size_t l;
		add_notice(r, WL_LEVEL_WARNING, e->path, msg);
		free(msg);
		/* findings so far keep their place, without the bytes to refine it */
		finalize_file_findings(r, r->findings, r->nfindings, "", 0, 0);
		for (l = 0; l < WL_LANG__COUNT; l++)
			wk->parsers[l] = NULL; /* possibly mid-parse: abandoned, not reused */
	} else {
		/* the bytes a scanner saw must be the file's: a file that grew,
		 * shrank or was rewritten meanwhile was not fully checked (the
		 * mapping of a rewritten file may mix old and new pages) */
		struct stat after;
		if (fstat(fd, &after) != 0) {
			char *msg = wl_printf_alloc("cannot stat after scanning: %s", strerror(errno));
			add_notice(r, WL_LEVEL_WARNING, e->path, msg);
			free(msg);
		} else if (after.st_size != st.st_size || after.st_mtim.tv_sec != st.st_mtim.tv_sec ||
			   after.st_mtim.tv_nsec != st.st_mtim.tv_nsec) {
			char *msg = wl_printf_alloc("the file changed while it was scanned (%lld bytes before, %lld after): "
						    "results may be incomplete; scan it again",
						    (long long)st.st_size, (long long)after.st_size);
			add_notice(r, WL_LEVEL_WARNING, e->path, msg);
			free(msg);
		}
	}
	if (map)
		munmap(map, file.size);
	free(ext);
	close(fd);
}

static const char *error_name(int rc)
{
	switch (rc) {
	case WL_EIO:
		return "read error";
	case WL_ELIMIT:
		return "limit reached";
	case WL_EFORMAT:
		return "malformed input";
	case WL_EUSAGE:
		return "usage error";
	case WL_ENOTFOUND:
		return "not found";
	default:
		return "error";
	}
}

/*
 * One scanner on one file. Its error return is never dropped: the file is
 * marked failed (it counts toward the exit status). What the scanner said
 * about it (wl_notify) is raised to a warning; when it said nothing, the
 * engine says that it did not finish.
 */
static void run_scanner(struct wl_ctx *ctx, const struct wl_scanner *s, const struct wl_file *file)
{
	struct file_result *r = ctx->res;
	size_t before = r->nnotices, k;
	int rc = s->scan(ctx, file);
	if (rc >= 0)
		return;
	for (k = before; k < r->nnotices; k++)
		if (r->notices[k].level < WL_LEVEL_WARNING)
			r->notices[k].level = WL_LEVEL_WARNING;
	if (r->nnotices == before) {
		char *msg = wl_printf_alloc("the %s scanner stopped with an error (%s, %d): not fully scanned",
					    s->name, error_name(rc), rc);
		add_notice(r, WL_LEVEL_WARNING, file->path, msg);
		free(msg);
	}
	r->status = FR_FAILED;
}

/* Run every scanner that wants `file` (bytes already in memory), or only
 * `only` (a requested scan of a text file that scanner did not want). */
static void scan_file(struct engine *eng, struct worker *wk, size_t index, struct wl_file *file,
		      const struct wl_scanner *only)
{
	const struct wl_entry *e = &eng->walk->entries[index];
	struct file_result *r = &eng->results[index];
	struct wl_ctx ctx = { eng, wk, r, NULL, (uint32_t)index, NULL };
	const struct wl_scanner *const *scanners = eng->opt->scanners ? eng->opt->scanners : wl_scanners;
	size_t before = r->nfindings;
	int i;

	file->magic = wl_sniff(file->data, file->size);
	ctx.file = file;
	if (only) {
		if ((file->magic != WL_MAGIC_TEXT && file->magic != WL_MAGIC_EMPTY) ||
		    file->size > eng->opt->max_text_size)
			return; /* not text, or over the limit (noted) */
		/* a file some scanner reads as its own format (uv pip install -r
		 * pyproject.toml) keeps that reading */
		for (i = 0; wl_scanners[i]; i++)
			if (wl_scanners[i]->wants(file))
				return;
		ctx.scanner = only;
		run_scanner(&ctx, only, file);
		if (r->nfindings > before)
			finalize_file_findings(r, r->findings + before, r->nfindings - before,
					       (const char *)file->data, file->size, 1);
		return;
	}
	if (file->magic == WL_MAGIC_TEXT && file->size > eng->opt->max_text_size) {
		char *msg = wl_printf_alloc("text file of %zu bytes exceeds the %zu-byte limit for text scanners "
					    "(--max-text-size): not parsed",
					    file->size, eng->opt->max_text_size);
		add_notice(r, WL_LEVEL_NOTE, e->path, msg);
		free(msg);
		r->status = FR_SKIPPED;
		return;
	}
	for (i = 0; scanners[i]; i++) {
		const struct wl_scanner *s = scanners[i];
		/* another shard reports this file: only what other files' verdicts need */
		if (e->foreign && !(s->emits & eng->cross_mask))
			continue;
		if (s->wants(file)) {
			ctx.scanner = s;
			run_scanner(&ctx, s, file);
		}
	}
	ctx.scanner = NULL;
	/* columns and suppressions from the very bytes that were scanned, while
	 * they are still mapped (no second read, no change in between) */
	if (r->nfindings)
		finalize_file_findings(r, r->findings, r->nfindings, (const char *)file->data, file->size,
				       file->magic == WL_MAGIC_TEXT || file->magic == WL_MAGIC_LFS_POINTER);
}

static void *worker_main(void *arg)
{
	struct engine *eng = arg;
	struct worker wk;
	size_t i;
	memset(&wk, 0, sizeof(wk));
	for (;;) {
		i = atomic_fetch_add(&eng->next, 1);
		if (i >= eng->walk->n)
			break;
		scan_entry(eng, &wk, i, NULL);
		atomic_fetch_add(&eng->done, 1);
	}
	for (i = 0; i < WL_LANG__COUNT; i++)
		if (wk.parsers[i])
			ts_parser_delete(wk.parsers[i]);
	wl_odb_reader_close(wk.odb);
	atomic_fetch_sub(&eng->running, 1);
	return NULL;
}

/* ------------------------------------------------- the deterministic pass */

uint32_t wl_byte_col_to_codepoint(const char *line, size_t linelen, uint32_t bytecol)
{
	uint32_t cp = 1;
	size_t i, end = bytecol ? bytecol - 1 : 0;
	size_t stop = end < linelen ? end : linelen;
	for (i = 0; i < stop; i++)
		if (((unsigned char)line[i] & 0xc0) != 0x80)
			cp++;
	return cp + (uint32_t)(end - stop); /* past the end: one column per byte */
}

static int ieq_prefix(const char *s, const char *end, const char *lit)
{
	size_t n = strlen(lit);
	size_t i;
	if ((size_t)(end - s) < n)
		return 0;
	for (i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != lit[i])
			return 0;
	return 1;
}

/*
 * Bandit test ids (B301) and their Ruff / flake8-bandit twins (S301: same
 * number) mapped to the weaklink rules that report the same thing, so a
 * `# nosec B301` or `# noqa: S301` a team already wrote after review keeps
 * meaning what it says. Only tests with a weaklink equivalent are listed; any
 * other code names none of our rules.
 */
static const struct {
	const char *num;   /* digits after the B or S */
	const char *rules; /* weaklink ids, comma-separated */
} bandit_map[] = {
	{ "102", WL201 },        /* exec_used / exec-builtin */
	{ "301", WL203 },        /* pickle, dill, shelve, jsonpickle, pandas.read_pickle */
	{ "302", WL203 },        /* marshal */
	{ "307", WL201 },        /* eval */
	{ "403", WL203 },        /* import pickle (the import line) */
	{ "506", WL206 },        /* yaml_load */
	{ "614", "WL204,WL203" },  /* pytorch_load (torch.load) */
	{ "615", WL209 },        /* huggingface_unsafe_download (no pinned revision) */
};

/* Is the token [t, t+n) a Bandit (Bnnn) or Ruff (Snnn) code mapped to rule? */
static int bandit_code_names_rule(const char *t, size_t n, const struct wl_rule *rule)
{
	size_t i, k;
	if (n < 2 || (t[0] != 'B' && t[0] != 'b' && t[0] != 'S' && t[0] != 's'))
		return 0;
	for (i = 0; i < sizeof(bandit_map) / sizeof(bandit_map[0]); i++) {
		const char *r = bandit_map[i].rules, *c;
		if (strlen(bandit_map[i].num) != n - 1 || memcmp(bandit_map[i].num, t + 1, n - 1) != 0)
			continue;
		k = strlen(rule->id);
		for (c = r; (c = strstr(c, rule->id)); c += k)
			if ((c == r || c[-1] == ',') && (c[k] == ',' || c[k] == '\0'))
				return 1;
	}
	return 0;
}

/* Does the token list [p, end) (ids or names separated by commas/spaces)
 * name `rule`? Bandit/Ruff codes count through bandit_map. */
static int list_names_rule(const char *p, const char *end, const struct wl_rule *rule)
{
	while (p < end) {
		const char *t;
		while (p < end && (*p == ',' || *p == ' ' || *p == '\t'))
			p++;
		t = p;
		while (p < end && *p != ',' && *p != ' ' && *p != '\t' && *p != ']')
			p++;
		if (p > t) {
			size_t n = (size_t)(p - t);
			if ((strlen(rule->id) == n && strncasecmp(t, rule->id, n) == 0) ||
			    (strlen(rule->name) == n && strncasecmp(t, rule->name, n) == 0) ||
			    bandit_code_names_rule(t, n, rule))
				return 1;
		}
		if (p < end && *p == ']')
			break;
	}
	return 0;
}

/* Does a nosec list name any rule at all (an id like WL201 or B301, or one
 * of our rule names)? If not, it is a reason ("# nosec: reviewed"), and the
 * comment is a plain nosec, as Bandit reads it. */
static int list_has_ids(const char *p, const char *end)
{
	while (p < end) {
		const char *t;
		size_t n, k = 0;
		while (p < end && (*p == ',' || *p == ' ' || *p == '\t'))
			p++;
		t = p;
		while (p < end && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - t);
		if (!n)
			continue;
		while (k < n && isalpha((unsigned char)t[k]))
			k++;
		if (k > 0 && k < n) {
			size_t d = k;
			while (d < n && isdigit((unsigned char)t[d]))
				d++;
			if (d == n)
				return 1;
		}
		{
			char name[64];
			if (n < sizeof(name)) {
				memcpy(name, t, n);
				name[n] = '\0';
				if (wl_catalog_find(name))
					return 1;
			}
		}
	}
	return 0;
}

/*
 * In-source suppressions, on any line a finding spans:
 *   # nosec                     all rules (Bandit-compatible)
 *   # nosec WL201, WL205        the listed rules only
 *   # nosec: reviewed           all rules (text that names no rule is a reason)
 *   # weaklink: ignore          all rules
 *   # weaklink: ignore[WL201, unsafe-eval]
 *   # noqa: S301, E501          Ruff / flake8-bandit codes (bandit_map)
 * Case-insensitive. Bandit ids (B301) in a nosec list and Ruff codes (S301)
 * in a noqa list name the weaklink rules bandit_map gives them; a code with
 * no weaklink equivalent names none. A bare `# noqa` (no codes) silences
 * linters, not security review: it suppresses nothing of ours. In
 * JavaScript and TypeScript the same markers follow `//` or `/` `*`.
 */
/* The next comment opener on a line: '#', or JavaScript's `//` and `/` `*`;
 * *body is where its text starts. */
static const char *next_comment(const char *p, const char *end, const char **body)
{
	for (; p < end; p++) {
		if (*p == '#') {
			*body = p + 1;
			return p;
		}
		if (*p == '/' && p + 1 < end && (p[1] == '/' || p[1] == '*')) {
			*body = p + 2;
			return p;
		}
	}
	return NULL;
}

int wl_suppression_matches(const char *line, size_t len, const struct wl_rule *rule, const char **comment)
{
	const char *end = line + len, *p = line, *q;
	while ((p = next_comment(p, end, &q))) {
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (ieq_prefix(q, end, "nosec")) {
			const char *a = q + 5, *stop;
			if (a < end && (isalnum((unsigned char)*a) || *a == '_')) {
				p = q;
				continue;
			}
			while (a < end && (*a == ' ' || *a == '\t' || *a == ':'))
				a++;
			/* the list ends where list characters end: at the end of the
			 * line, a second '#', or the `\n",` of a notebook's JSON line */
			stop = a;
			while (stop < end && (isalnum((unsigned char)*stop) || *stop == '_' || *stop == '-' ||
					      *stop == ',' || *stop == ' ' || *stop == '\t'))
				stop++;
			while (stop > a && (stop[-1] == ' ' || stop[-1] == '\t' || stop[-1] == '\r' || stop[-1] == '\n'))
				stop--;
			if (a == stop || list_names_rule(a, stop, rule) || !list_has_ids(a, stop)) {
				*comment = p;
				return 1;
			}
		} else if (ieq_prefix(q, end, "noqa")) {
			const char *a = q + 4, *stop;
			if (a < end && (isalnum((unsigned char)*a) || *a == '_')) {
				p = q;
				continue;
			}
			while (a < end && (*a == ' ' || *a == '\t'))
				a++;
			if (a < end && *a == ':') {
				a++;
				stop = a;
				while (stop < end && (isalnum((unsigned char)*stop) || *stop == '_' || *stop == '-' ||
						      *stop == ',' || *stop == ' ' || *stop == '\t'))
					stop++;
				if (list_names_rule(a, stop, rule)) {
					*comment = p;
					return 1;
				}
			}
		} else if (ieq_prefix(q, end, "weaklink:")) {
			const char *a = q + 9;
			while (a < end && (*a == ' ' || *a == '\t'))
				a++;
			if (ieq_prefix(a, end, "ignore")) {
				a += 6;
				if (a < end && *a == '[') {
					if (list_names_rule(a + 1, end, rule)) {
						*comment = p;
						return 1;
					}
				} else if (a >= end || *a == ' ' || *a == '\t' || *a == '\r' || *a == '\n' || *a == '#') {
					*comment = p;
					return 1;
				}
			}
		}
		p = q;
	}
	return 0;
}

struct line_index {
	const char *data;
	size_t size;
	size_t *starts;
	size_t n;
};

static void line_index_build(struct line_index *li, const char *data, size_t size)
{
	size_t alloc = 0, i;
	li->data = data;
	li->size = size;
	li->starts = NULL;
	li->n = 0;
	li->starts = wl_grow(li->starts, &alloc, 1, sizeof(size_t));
	li->starts[li->n++] = 0;
	for (i = 0; i < size; i++)
		if (data[i] == '\n') {
			li->starts = wl_grow(li->starts, &alloc, li->n + 1, sizeof(size_t));
			li->starts[li->n++] = i + 1;
		}
}

/* Line `l` (1-based) without its newline. */
static int line_get(const struct line_index *li, uint32_t l, const char **p, size_t *len)
{
	size_t s, e;
	if (l == 0 || l > li->n)
		return 0;
	s = li->starts[l - 1];
	e = l < li->n ? li->starts[l] - 1 : li->size;
	if (e > s && li->data[e - 1] == '\r')
		e--;
	*p = li->data + s;
	*len = e - s;
	return 1;
}

static void fix_columns(const struct line_index *li, struct wl_loc *loc)
{
	const char *p;
	size_t len;
	if (loc->line == 0) {
		loc->line = 1;
		loc->col = 0;
		loc->end_line = 0;
	}
	if (loc->col == 0) {
		/* the whole line */
		loc->col = 1;
		loc->end_line = loc->line;
		loc->end_col = line_get(li, loc->line, &p, &len) && wl_utf8_valid(p, len)
				       ? wl_byte_col_to_codepoint(p, len, (uint32_t)len + 1)
				       : 1;
		if (loc->end_col <= 1 && li->n) {
			loc->end_col = 1;
		}
		return;
	}
	if (line_get(li, loc->line, &p, &len) && wl_utf8_valid(p, len))
		loc->col = wl_byte_col_to_codepoint(p, len, loc->col);
	if (loc->end_line == 0) {
		loc->end_line = loc->line;
		/* a line past the end of the file keeps the columns it has */
		if (line_get(li, loc->line, &p, &len))
			loc->end_col = wl_utf8_valid(p, len) ? wl_byte_col_to_codepoint(p, len, (uint32_t)len + 1)
							     : (uint32_t)len + 1;
		else
			loc->end_col = loc->col;
	} else if (line_get(li, loc->end_line, &p, &len) && wl_utf8_valid(p, len)) {
		loc->end_col = wl_byte_col_to_codepoint(p, len, loc->end_col ? loc->end_col : (uint32_t)len + 1);
	}
	if (loc->end_line < loc->line) {
		loc->end_line = loc->line;
	}
	if (loc->end_line == loc->line && loc->end_col < loc->col)
		loc->end_col = loc->col;
}

/* Final touches for the findings of one file, with its bytes at hand:
 * columns to code points, in-source suppressions. Binary files keep line 1. */
/* Does a declared comment on line l (or, when none are known, the line's
 * text anywhere) suppress f? */
static int line_suppresses(const struct file_result *fr, uint32_t l, const char *p, size_t len,
			   const struct wl_finding *f, const char **c)
{
	size_t k;
	if (!fr || !fr->comments_known)
		return wl_suppression_matches(p, len, f->rule, c);
	for (k = 0; k < fr->ncomments; k++) {
		uint32_t col = fr->comments[k].col;
		if (fr->comments[k].line != l || col > len)
			continue;
		if (wl_suppression_matches(p + col - 1, len - (col - 1), f->rule, c))
			return 1;
	}
	return 0;
}

static void finalize_file_findings(const struct file_result *fr, struct wl_finding **fs, size_t n, const char *data,
				   size_t size, int is_text)
{
	struct line_index li;
	size_t i;
	line_index_build(&li, is_text ? data : "", is_text ? size : 0);
	for (i = 0; i < n; i++) {
		struct wl_finding *f = fs[i];
		uint32_t l, last;
		fix_columns(&li, &f->loc);
		if (!is_text)
			continue;
		last = f->loc.end_line < f->loc.line + 200 ? f->loc.end_line : f->loc.line + 200;
		for (l = f->loc.line; l <= last; l++) {
			const char *p, *c;
			size_t len;
			if (!line_get(&li, l, &p, &len))
				break;
			if (line_suppresses(fr, l, p, len, f, &c)) {
				f->suppressed = 1;
				f->suppression = wl_escape_display(c, len - (size_t)(c - p));
				break;
			}
		}
		for (size_t k = 0; k < f->nfixes; k++)
			fix_columns(&li, &f->fixes[k].region);
	}
	free(li.starts);
}

static int cmp_finding(const void *a, const void *b)
{
	const struct wl_finding *x = *(const struct wl_finding *const *)a;
	const struct wl_finding *y = *(const struct wl_finding *const *)b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	if (x->loc.line != y->loc.line)
		return x->loc.line < y->loc.line ? -1 : 1;
	if (x->loc.col != y->loc.col)
		return x->loc.col < y->loc.col ? -1 : 1;
	if ((c = strcmp(x->rule->id, y->rule->id)))
		return c;
	if ((c = strcmp(x->message, y->message)))
		return c;
	if (x->file_index != y->file_index)
		return x->file_index < y->file_index ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_notice(const void *a, const void *b)
{
	const struct wl_notice *x = a, *y = b;
	int c = strcmp(x->path ? x->path : "", y->path ? y->path : "");
	return c ? c : strcmp(x->message, y->message);
}

static void free_finding(struct wl_finding *f)
{
	size_t i;
	for (i = 0; i < f->nprops; i++) {
		free(f->props[i].key);
		free(f->props[i].value);
	}
	for (i = 0; i < f->nfixes; i++) {
		free(f->fixes[i].description);
		free(f->fixes[i].text);
	}
	free(f->props);
	free(f->fixes);
	free(f->path);
	free(f->message);
	free(f->key);
	free(f->suppression);
	free(f->snippet);
	free(f);
}

/* Re-read a file to finalise findings that finish() reported on it (the
 * worker finalised its own findings while the file was mapped). */
static void finalize_from_disk(const struct engine *eng, const struct file_result *fr, const char *path,
			       struct wl_finding **fs, size_t n)
{
	char *abs;
	int fd;
	struct stat st;
	void *map = NULL;
	if (eng->mem_data) {
		enum wl_magic m = wl_sniff(eng->mem_data, eng->mem_size);
		finalize_file_findings(fr, fs, n, (const char *)eng->mem_data, eng->mem_size, m == WL_MAGIC_TEXT || m == WL_MAGIC_LFS_POINTER);
		return;
	}
	if (fr) {
		uint32_t idx = (uint32_t)(fr - eng->results);
		const struct wl_entry *e = idx < eng->walk->n ? &eng->walk->entries[idx] : NULL;
		if (e && e->from_odb) {
			struct wl_odb_reader *odb;
			const unsigned char *data = NULL;
			size_t size = 0;
			void *hold = NULL;
			char *err = NULL;
			if ((odb = wl_odb_reader_open(eng->walk, &err)) && !wl_odb_read(odb, e, &data, &size, &hold, &err)) {
				enum wl_magic m = wl_sniff(data, size);
				finalize_file_findings(fr, fs, n, size ? (const char *)data : "", size,
						       m == WL_MAGIC_TEXT || m == WL_MAGIC_LFS_POINTER);
				wl_odb_release(hold);
			} else {
				finalize_file_findings(fr, fs, n, "", 0, 0);
			}
			free(err);
			wl_odb_reader_close(odb);
			return;
		}
	}
	abs = wl_printf_alloc("%s%s", eng->walk->root, path);
	fd = open(abs, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	free(abs);
	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map == MAP_FAILED)
			map = NULL;
	}
	if (map) {
		enum wl_magic m = wl_sniff(map, (size_t)st.st_size);
		finalize_file_findings(fr, fs, n, map, (size_t)st.st_size, m == WL_MAGIC_TEXT || m == WL_MAGIC_LFS_POINTER);
		munmap(map, (size_t)st.st_size);
	} else {
		finalize_file_findings(fr, fs, n, "", 0, 0);
	}
	if (fd >= 0)
		close(fd);
}

static uint32_t index_of_path(const struct wl_walk *walk, const char *path);

/*
 * Requested scans (wl_ctx_request_scan), single-threaded after the pool: pip
 * reads `-r deps.list` as requirements whatever the file is called. A file
 * read this way may request more, so this runs in rounds (bounded). Order:
 * by requesting file, then request, so the output stays deterministic.
 */
static void run_requests(struct engine *eng)
{
	struct worker wk;
	int round;
	size_t i, t;
	memset(&wk, 0, sizeof(wk));
	for (round = 0; round < 8; round++) {
		int any = 0;
		for (i = 0; i < eng->walk->n; i++) {
			struct file_result *fr = &eng->results[i];
			while (fr->reqs_done < fr->nreqs) {
				struct wl_scan_req q = fr->reqs[fr->reqs_done++];
				size_t idx = index_of_path(eng->walk, q.path);
				struct file_result *tr;
				if (idx >= eng->walk->n || eng->walk->entries[idx].kind != WL_ENTRY_FILE)
					continue;
				tr = &eng->results[idx];
				if (tr->status != FR_SCANNED || (tr->forced & (1u << q.scanner)))
					continue;
				tr->forced |= 1u << q.scanner;
				scan_entry(eng, &wk, idx, wl_scanners[q.scanner]);
				any = 1;
			}
		}
		if (!any)
			break;
	}
	for (t = 0; t < WL_LANG__COUNT; t++)
		if (wk.parsers[t])
			ts_parser_delete(wk.parsers[t]);
	wl_odb_reader_close(wk.odb);
}

/* finish() of every module on the kept facts; with `only_foreign`, on the
 * facts of foreign files alone (see dependents() below). */
static void run_finish_on(struct engine *eng, struct file_result *global, int only_foreign)
{
	struct wl_ctx ctx = { eng, NULL, global, NULL, 0, NULL };
	size_t m, i, k;
	const struct wl_fact **facts = NULL;
	size_t afacts = 0;

	for (m = 0; wl_rule_modules[m]; m++) {
		const struct wl_rule_module *mod = wl_rule_modules[m];
		size_t n = 0;
		if (!mod->finish)
			continue;
		for (i = 0; i < eng->walk->n; i++) {
			struct file_result *r = &eng->results[i];
			if (only_foreign && !eng->walk->entries[i].foreign)
				continue;
			for (k = 0; k < r->nfacts; k++)
				if (mod->facts & WL_FACT_BIT(r->facts[k].kind)) {
					facts = wl_grow(facts, &afacts, n + 1, sizeof(*facts));
					facts[n++] = &r->facts[k];
				}
		}
		mod->finish(&ctx, facts, n);
	}
	free(facts);
}

static void run_finish(struct engine *eng, struct file_result *global)
{
	run_finish_on(eng, global, 0);
}

static void free_finding(struct wl_finding *f);

/* Same rule, place and message (the identity of a finish() finding). */
static int cmp_same(const void *a, const void *b)
{
	const struct wl_finding *x = *(const struct wl_finding *const *)a;
	const struct wl_finding *y = *(const struct wl_finding *const *)b;
	int c = strcmp(x->path, y->path);
	if (!c)
		c = strcmp(x->rule->id, y->rule->id);
	if (!c && x->loc.line != y->loc.line)
		c = x->loc.line < y->loc.line ? -1 : 1;
	if (!c && x->loc.col != y->loc.col)
		c = x->loc.col < y->loc.col ? -1 : 1;
	if (!c && x->loc.end_line != y->loc.end_line)
		c = x->loc.end_line < y->loc.end_line ? -1 : 1;
	if (!c && x->loc.end_col != y->loc.end_col)
		c = x->loc.end_col < y->loc.end_col ? -1 : 1;
	if (!c)
		c = strcmp(x->message, y->message);
	return c;
}

/*
 * walk->report_dependents (--diff-base, --staged FILE): a cross-file finding
 * on a foreign (unchanged, not named) file is reported when it depends on a
 * file that is not foreign. Which facts produced a finding is the rule
 * module's business, so the engine asks the counterfactual instead: run
 * finish() again on the foreign files' facts alone; a finding on a foreign
 * file that comes out identical without the changed files' facts does not
 * depend on them and is dropped (level NONE); one that differs or vanishes
 * does, and is kept. Findings on non-foreign files are untouched.
 */
static void dependents(struct engine *eng, struct file_result *global)
{
	struct file_result shadow;
	size_t i;
	const struct wl_walk *walk = eng->walk;
	memset(&shadow, 0, sizeof(shadow));
	run_finish_on(eng, &shadow, 1);
	if (shadow.nfindings)
		qsort(shadow.findings, shadow.nfindings, sizeof(*shadow.findings), cmp_same);
	for (i = 0; i < global->nfindings; i++) {
		struct wl_finding *f = global->findings[i];
		uint32_t idx = index_of_path(walk, f->path);
		if (idx >= walk->n || !walk->entries[idx].foreign)
			continue;
		if (shadow.nfindings &&
		    bsearch(&f, shadow.findings, shadow.nfindings, sizeof(*shadow.findings), cmp_same))
			f->level = WL_LEVEL_NONE; /* there without the changed files: not theirs */
	}
	for (i = 0; i < shadow.nfindings; i++)
		free_finding(shadow.findings[i]);
	free(shadow.findings);
	for (i = 0; i < shadow.nnotices; i++) {
		free(shadow.notices[i].path);
		free(shadow.notices[i].message);
	}
	free(shadow.notices);
	free(shadow.facts);
	wl_arena_release(&shadow.arena);
}

static uint32_t index_of_path(const struct wl_walk *walk, const char *path)
{
	size_t lo = 0, hi = walk->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(walk->entries[mid].path, path);
		if (!c)
			return (uint32_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)walk->n;
}

static const char *finding_key(const struct wl_finding *f)
{
	return f->key ? f->key : f->message;
}

/* Order of a path's findings by (rule, key), stable by their sorted position. */
static const struct wl_finding *const *fp_base;
static int cmp_fp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(fp_base[x]->rule->id, fp_base[y]->rule->id);
	if (!c)
		c = strcmp(finding_key(fp_base[x]), finding_key(fp_base[y]));
	return c ? c : (x < y ? -1 : x > y);
}

/*
 * weaklink/v1 = sha256(rule, path, key, occurrence). Identical (rule, path,
 * key) triples are told apart by their order, which moving code up or down
 * does not change. Per path, indices are sorted by (rule, key) so the
 * occurrence count is linear after an n log n sort (a script with 20,000
 * findings must not take seconds). Single-threaded: the static is safe.
 */
static void fingerprint(struct wl_finding **fs, size_t n)
{
	size_t i = 0, j, k, *idx = NULL, aidx = 0;
	struct wl_buf b;
	wl_buf_init(&b, 0);
	fp_base = (const struct wl_finding *const *)fs;
	while (i < n) {
		size_t end = i;
		unsigned occurrence = 0;
		while (end < n && !strcmp(fs[end]->path, fs[i]->path))
			end++;
		idx = wl_grow(idx, &aidx, end - i, sizeof(*idx));
		for (j = i; j < end; j++)
			idx[j - i] = j;
		qsort(idx, end - i, sizeof(*idx), cmp_fp_index);
		for (k = 0; k < end - i; k++) {
			struct wl_finding *f = fs[idx[k]];
			if (k && (fs[idx[k - 1]]->rule != f->rule || strcmp(finding_key(fs[idx[k - 1]]), finding_key(f))))
				occurrence = 0;
			wl_buf_reset(&b);
			wl_buf_addf(&b, "weaklink/v1\n%s\n%s\n%s\n%u", f->rule->id, f->path, finding_key(f), occurrence);
			wl_sha256_hex(b.buf, b.len, f->fingerprint);
			occurrence++;
		}
		i = end;
	}
	free(idx);
	wl_buf_release(&b);
}

/* A foreign file's results (--shard): its owner reports them. */
static void drop_file_result(struct file_result *fr)
{
	size_t k;
	for (k = 0; k < fr->nfindings; k++)
		free_finding(fr->findings[k]);
	for (k = 0; k < fr->nnotices; k++) {
		free(fr->notices[k].path);
		free(fr->notices[k].message);
	}
	free(fr->findings);
	free(fr->notices);
	free(fr->comments);
}

/*
 * The one place where a finding's level follows where its file lives: a
 * finding in a path class (tests, examples, ...) drops by the class's levels,
 * never below note, and says so (pathClass, originalLevel) so a reviewer sees
 * why. Rules whose inputs run wherever they sit are left alone.
 */
static void apply_path_class(const struct wl_path_classes *pc, struct wl_finding *f)
{
	const struct wl_path_class *c;
	enum wl_level to;
	if (!pc || f->level <= WL_LEVEL_NOTE || !wl_path_class_applies(f->rule, f->path))
		return;
	if (!(c = wl_path_class_of(pc, f->path)) || c->demote <= 0)
		return;
	to = (int)f->level - c->demote > (int)WL_LEVEL_NOTE ? (enum wl_level)((int)f->level - c->demote)
							     : WL_LEVEL_NOTE;
	wl_finding_prop(f, "pathClass", "%s", c->name);
	wl_finding_prop(f, "originalLevel", "%s", wl_level_name(f->level));
	f->level = to;
}

static void run(const struct wl_scan_options *opt, const struct wl_walk *walk, struct wl_report *r,
		const unsigned char *mem_data, size_t mem_size)
{
	struct engine eng;
	struct file_result global;
	pthread_t *threads;
	int nthreads = opt->jobs > 0 ? opt->jobs : 1, t;
	size_t i, k, nf = 0, af = 0, nn = 0, an = 0, ncat = wl_catalog_count();
	struct wl_finding **all = NULL;
	struct wl_notice *notices = NULL;

	memset(&eng, 0, sizeof(eng));
	memset(&global, 0, sizeof(global));
	eng.opt = opt;
	eng.walk = walk;
	eng.results = wl_calloc(walk->n ? walk->n : 1, sizeof(*eng.results));
	atomic_init(&eng.next, 0);
	atomic_init(&eng.done, 0);
	atomic_init(&eng.running, 0);
	for (i = 0; wl_rule_modules[i]; i++)
		if (wl_rule_modules[i]->finish)
		{
			eng.finish_mask |= wl_rule_modules[i]->facts;
			eng.cross_mask |= wl_rule_modules[i]->cross;
		}
	eng.disabled = wl_calloc(ncat ? ncat : 1, 1);
	if (opt->disabled)
		for (const char *const *d = opt->disabled; *d; d++) {
			const struct wl_rule *rule = wl_catalog_find(*d);
			if (rule)
				eng.disabled[catalog_index(rule)] = 1;
		}

	if (mem_data) {
		/* one in-memory file, on this thread (fuzzers, unit tests) */
		struct worker wk;
		struct wl_file file;
		char *ext = lower_ext(wl_basename(walk->entries[0].path));
		memset(&wk, 0, sizeof(wk));
		memset(&file, 0, sizeof(file));
		eng.mem_data = mem_data;
		eng.mem_size = mem_size;
		file.path = walk->entries[0].path;
		file.name = wl_basename(file.path);
		file.ext = ext;
		file.data = mem_size ? mem_data : (const unsigned char *)"";
		file.size = mem_size;
		scan_file(&eng, &wk, 0, &file, NULL);
		for (t = 0; t < WL_LANG__COUNT; t++)
			if (wk.parsers[t])
				ts_parser_delete(wk.parsers[t]);
		free(ext);
	} else {
		if ((size_t)nthreads > walk->n)
			nthreads = walk->n ? (int)walk->n : 1;
		threads = wl_calloc((size_t)nthreads, sizeof(*threads));
		atomic_store(&eng.running, nthreads);
		for (t = 0; t < nthreads; t++)
			if (pthread_create(&threads[t], NULL, worker_main, &eng) != 0)
				wl_die("cannot start a worker thread");
		while (opt->progress && atomic_load(&eng.running) > 0) {
			struct timespec tick = { 0, 100 * 1000 * 1000 };
			nanosleep(&tick, NULL);
			opt->progress(atomic_load(&eng.done), walk->n, opt->progress_arg);
		}
		for (t = 0; t < nthreads; t++)
			pthread_join(threads[t], NULL);
		free(threads);
	}

	if (!mem_data)
		run_requests(&eng);
	run_finish(&eng, &global);
	if (walk->report_dependents)
		dependents(&eng, &global);
	/* finish() findings: group by path, finalise each file once */
	for (i = 0; i < global.nfindings; i++)
		global.findings[i]->file_index = index_of_path(walk, global.findings[i]->path);
	if (global.nfindings)
		qsort(global.findings, global.nfindings, sizeof(*global.findings), cmp_finding);
	for (i = 0; i < global.nfindings;) {
		size_t j = i;
		while (j < global.nfindings && !strcmp(global.findings[j]->path, global.findings[i]->path))
			j++;
		finalize_from_disk(&eng, global.findings[i]->file_index < walk->n ? &eng.results[global.findings[i]->file_index] : NULL,
				   global.findings[i]->path, global.findings + i, j - i);
		i = j;
	}

	memset(r->counts, 0, sizeof(r->counts));
	r->files_skipped += walk->ignored; /* ignored by git under a named folder */
	for (i = 0; i <= walk->n; i++) {
		struct file_result *fr = i < walk->n ? &eng.results[i] : &global;
		if (i < walk->n && walk->entries[i].foreign) {
			drop_file_result(fr);
			continue;
		}
		if (i < walk->n) {
			if (fr->status == FR_SCANNED)
				r->files_scanned++;
			else if (fr->status == FR_SKIPPED)
				r->files_skipped++;
			else if (fr->status == FR_FAILED)
				r->files_failed++;
		}
		for (k = 0; k < fr->nfindings; k++) {
			struct wl_finding *f = fr->findings[k];
			/* a foreign file's own findings never; its cross-file ones when
			 * they depend on a reported file (dependents() above) */
			if (f->level == WL_LEVEL_NONE || (f->file_index < walk->n && walk->entries[f->file_index].foreign &&
							  !(fr == &global && walk->report_dependents))) {
				free_finding(f);
				continue;
			}
			all = wl_grow(all, &af, nf + 1, sizeof(*all));
			all[nf++] = f;
		}
		for (k = 0; k < fr->nnotices; k++) {
			notices = wl_grow(notices, &an, nn + 1, sizeof(*notices));
			notices[nn++] = fr->notices[k];
		}
		free(fr->findings);
		free(fr->notices);
		free(fr->comments);
		for (k = 0; k < fr->nreqs; k++)
			free(fr->reqs[k].path);
		free(fr->reqs);
	}
	for (i = 0; i < nf; i++)
		apply_path_class(opt->path_classes, all[i]);
	if (nf)
		qsort(all, nf, sizeof(*all), cmp_finding);
	if (nn)
		qsort(notices, nn, sizeof(*notices), cmp_notice);
	fingerprint(all, nf);
	for (i = 0; i < nf; i++) {
		if (all[i]->suppressed)
			r->nsuppressed++;
		else
			r->counts[all[i]->level]++;
	}
	r->findings = all;
	r->nfindings = nf;
	r->notices = notices;
	r->nnotices = nn;
	r->execution_successful = 1;

	for (i = 0; i < walk->n; i++) {
		free(eng.results[i].facts);
		wl_arena_release(&eng.results[i].arena);
	}
	free(global.facts);
	wl_arena_release(&global.arena);
	free(eng.results);
	free(eng.disabled);
}

void wl_run(const struct wl_scan_options *opt, const struct wl_walk *walk, struct wl_report *r)
{
	run(opt, walk, r, NULL, 0);
}

void wl_scan_memory(const struct wl_scan_options *opt, const char *path, const unsigned char *data, size_t size,
		    struct wl_report *r)
{
	struct wl_walk walk;
	struct wl_entry e;
	memset(&walk, 0, sizeof(walk));
	memset(&e, 0, sizeof(e));
	e.path = (char *)(uintptr_t)path;
	e.abspath = e.path;
	e.kind = WL_ENTRY_FILE;
	walk.root = (char *)(uintptr_t)"/nonexistent/";
	walk.entries = &e;
	walk.n = 1;
	if (!r->root)
		r->root = wl_strdup(walk.root);
	run(opt, &walk, r, data, size);
}

void wl_report_release(struct wl_report *r)
{
	size_t i;
	for (i = 0; i < r->nfindings; i++)
		free_finding(r->findings[i]);
	for (i = 0; i < r->nnotices; i++) {
		free(r->notices[i].path);
		free(r->notices[i].message);
	}
	for (i = 0; i < r->nabsent; i++)
		free_finding(r->absent[i]);
	free(r->absent);
	r->absent = NULL;
	r->nabsent = r->nabsent_alloc = 0;
	free(r->findings);
	free(r->notices);
	free(r->root);
	r->findings = NULL;
	r->notices = NULL;
	r->nfindings = r->nnotices = 0;
}
