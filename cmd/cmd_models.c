/*
 * cmd_models.c - `weaklink models verify|sign key|certificate` and
 * `weaklink models digest`: OpenSSF Model Signing (OMS) bundles, offline,
 * with the reference CLI's (model_signing) arguments and semantics. The
 * bundle layers are checked by scanners/parse/oms.c; this file walks and
 * hashes the model (streamed: one buffer, whatever the file size) and loads
 * keys and certificates.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "cmd.h"
#include "engine.h"
#include "oms.h"
#include "util.h"

static const char models_help[] =
	"usage: weaklink models verify key MODEL --signature SIG --public-key PUB.pem [options]\n"
	"       weaklink models verify certificate MODEL --signature SIG --certificate-chain ROOT.pem... [options]\n"
	"       weaklink models sign key MODEL --private-key KEY.pem [--signature model.sig] [options]\n"
	"       weaklink models sign certificate MODEL --private-key KEY.pem --signing-certificate LEAF.pem\n"
	"                                      [--certificate-chain CA.pem]... [--signature model.sig] [options]\n"
	"       weaklink models digest MODEL [--shard-size N] [--hash sha256|blake2b] [options]\n"
	"\n"
	"Sign and verify models with OpenSSF Model Signing (OMS v1.0): a Sigstore\n"
	"bundle holding a DSSE envelope whose in-toto statement lists the digest of\n"
	"every file of the model. Bundles are read and written exactly as the\n"
	"reference implementation (model_signing, sigstore/model-transparency) does,\n"
	"so a model signed by either verifies with the other. Offline: no network.\n"
	"MODEL is a directory (or one file).\n"
	"\n"
	"verify checks, in order: the bundle media type, the key hint, the ECDSA\n"
	"signature (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512) over the DSSE\n"
	"envelope, the payload and statement types, the one subject and its root\n"
	"digest, then every file of the model against the signed resources (files\n"
	"or shards serialization, sha256 or blake2b), naming each extra, missing\n"
	"and changed file. The signature file, the top-level .git, .gitattributes,\n"
	".github and .gitignore, the bundle's ignore_paths and --ignore-paths are\n"
	"left out. 'certificate' checks the bundle's chain against the anchors of\n"
	"--certificate-chain at the leaf's notBefore, and requires digitalSignature\n"
	"or codeSigning. Bundles signed with Sigstore (Fulcio certificate, Rekor\n"
	"entry) are recognised but not verified offline.\n"
	"\n"
	"options:\n"
	"  --signature PATH          the bundle (sign default: MODEL/model.sig, or\n"
	"                            MODEL.sig beside a one-file model)\n"
	"  --public-key PEM          verify key: the signer's EC public key\n"
	"  --private-key PEM         sign: the EC private key (unencrypted PEM)\n"
	"  --signing-certificate PEM\n"
	"                            sign certificate: the leaf certificate of the key\n"
	"  --certificate-chain PEM   verify: trust anchors; sign: the chain to embed\n"
	"                            (repeatable)\n"
	"  --ignore-paths PATH       leave PATH out (relative to the current directory,\n"
	"                            as in model_signing; repeatable)\n"
	"  --ignore-unsigned-files   verify: files the signature does not list are not\n"
	"                            extra\n"
	"  --no-ignore-git-paths     include .git, .gitattributes, .github, .gitignore\n"
	"  --allow-symlinks          follow symbolic links (default: a symlink fails)\n"
	"  --shard-size N            sign/digest: the shards serialization, N-byte shards\n"
	"  --hash sha256|blake2b     sign/digest: the digest algorithm (default sha256)\n"
	"\n"
	"Underscore spellings (--public_key, --private_key, --certificate_chain,\n"
	"--signing_certificate) are accepted, as the reference CLI spells them.\n"
	"\n"
	"exit status:\n"
	"  0  verified (verify), bundle written (sign), digest printed (digest)\n"
	"  1  not verified: every reason is listed\n"
	"  2  malformed bundle, unreadable key or model, or a usage error\n";

struct opts {
	const char *mode;  /* verify | sign | digest */
	const char *method; /* key | certificate */
	const char *model;
	const char *signature;
	const char *public_key;
	const char *private_key;
	const char *signing_cert;
	const char **chain;
	size_t nchain;
	const char **ignore;
	size_t nignore;
	int ignore_unsigned;
	int ignore_git;
	int allow_symlinks;
	uint64_t shard_size;
	const char *hash;
};

/* ---------------------------------------------------------------- paths */

/* Lexically normalise an absolute path (., .., //); malloc'd. */
static char *norm_abs(const char *p)
{
	char *out = wl_malloc(strlen(p) + 2);
	size_t o = 0;
	const char *s = p;
	while (*s) {
		const char *e;
		size_t l;
		while (*s == '/')
			s++;
		if (!*s)
			break;
		e = strchr(s, '/');
		l = e ? (size_t)(e - s) : strlen(s);
		if (l == 1 && s[0] == '.') {
		} else if (l == 2 && s[0] == '.' && s[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			out[o++] = '/';
			memcpy(out + o, s, l);
			o += l;
		}
		s += l;
	}
	if (!o)
		out[o++] = '/';
	out[o] = 0;
	return out;
}

/* The absolute path of `p`: symlinks resolved when it exists (as pathlib's
 * resolve()), else lexically. */
static char *abs_path(const char *p)
{
	char *r = realpath(p, NULL), *cat, cwd[PATH_MAX];
	if (r)
		return r;
	if (p[0] == '/')
		return norm_abs(p);
	if (!getcwd(cwd, sizeof cwd))
		return norm_abs(p);
	cat = wl_printf_alloc("%s/%s", cwd, p);
	r = norm_abs(cat);
	free(cat);
	return r;
}

/* `p` relative to the model root, or NULL when outside. */
static char *rel_to(const char *root, const char *p)
{
	char *a = abs_path(p), *rel = NULL;
	size_t rl = strlen(root);
	if (!strncmp(a, root, rl) && a[rl] == '/' && a[rl + 1])
		rel = wl_strdup(a + rl + 1);
	free(a);
	return rel;
}

struct ignores {
	char **v;
	size_t n;
};

static void ign_add(struct ignores *ig, char *p)
{
	size_t i;
	if (!p)
		return;
	for (i = 0; i < ig->n; i++)
		if (!strcmp(ig->v[i], p)) {
			free(p);
			return;
		}
	ig->v = wl_realloc(ig->v, (ig->n + 1) * sizeof *ig->v);
	ig->v[ig->n++] = p;
}

static void ign_free(struct ignores *ig)
{
	size_t i;
	for (i = 0; i < ig->n; i++)
		free(ig->v[i]);
	free(ig->v);
}

/* -------------------------------------------------------------- hashing */

struct hasher {
	const char *hash;        /* sha256 | blake2b */
	uint64_t shard_size;     /* 0: files */
	int allow_symlinks;
	const struct ignores *ig;
	const struct wl_oms_bundle *only; /* --ignore-unsigned-files: hash the signed paths only */
	struct wl_oms_item *items;
	size_t n, alloc;
	struct wl_oms_reasons *problems;
	unsigned char *buf;
	size_t bufsize;
};

static const EVP_MD *md_of(const char *hash)
{
	if (!strcmp(hash, "sha256"))
		return EVP_sha256();
	if (!strcmp(hash, "blake2b"))
		return EVP_blake2b512();
	return NULL;
}

/* Hash [start, end) of fd (end = UINT64_MAX: to EOF); 0, or -1 with errno. */
static int hash_range(struct hasher *h, int fd, uint64_t start, uint64_t end, char hex[129])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, k;
	uint64_t off = start;
	int rc = -1;
	if (!ctx || !EVP_DigestInit_ex(ctx, md_of(h->hash), NULL))
		goto out;
	while (off < end) {
		size_t want = h->bufsize;
		ssize_t got;
		if (end - off < want)
			want = (size_t)(end - off);
		got = pread(fd, h->buf, want, (off_t)off);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (got == 0) {
			if (end != UINT64_MAX) {
				errno = EIO; /* shorter than it was a moment ago */
				goto out;
			}
			break;
		}
		if (!EVP_DigestUpdate(ctx, h->buf, (size_t)got))
			goto out;
		off += (uint64_t)got;
	}
	if (!EVP_DigestFinal_ex(ctx, md, &len))
		goto out;
	for (k = 0; k < len; k++)
		snprintf(hex + 2 * k, 3, "%02x", md[k]);
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

static void add_item(struct hasher *h, char *name, const char *hex)
{
	struct wl_oms_item *it;
	h->items = wl_grow(h->items, &h->alloc, h->n + 1, sizeof *h->items);
	it = &h->items[h->n++];
	it->name = name;
	it->algorithm = h->shard_size ? wl_printf_alloc("%s-sharded-%llu", h->hash, (unsigned long long)h->shard_size)
				      : wl_strdup(h->hash);
	snprintf(it->hex, sizeof it->hex, "%s", hex);
}

static int signed_path(const struct wl_oms_bundle *b, const char *rel)
{
	size_t i, l = strlen(rel);
	for (i = 0; i < b->nitems; i++) {
		const char *n = b->items[i].name;
		if (!strcmp(n, rel))
			return 1;
		if (!strncmp(n, rel, l) && n[l] == ':')
			return 1;
	}
	return 0;
}

static int hash_file(struct hasher *h, const char *path, const char *rel)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char hex[129];
	if (fd < 0 || fstat(fd, &st)) {
		wl_oms_reason(h->problems, "cannot read %s: %s", rel, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	if (!h->shard_size) {
		if (hash_range(h, fd, 0, UINT64_MAX, hex)) {
			wl_oms_reason(h->problems, "cannot read %s: %s", rel, strerror(errno));
			close(fd);
			return -1;
		}
		add_item(h, wl_strdup(rel), hex);
	} else {
		uint64_t size = (uint64_t)st.st_size, s;
		for (s = 0; s < size; s += h->shard_size) {
			uint64_t e = size - s > h->shard_size ? s + h->shard_size : size;
			if (hash_range(h, fd, s, e, hex)) {
				wl_oms_reason(h->problems, "cannot read %s: %s", rel, strerror(errno));
				close(fd);
				return -1;
			}
			add_item(h, wl_printf_alloc("%s:%llu:%llu", rel, (unsigned long long)s, (unsigned long long)e),
				 hex);
		}
	}
	close(fd);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(struct hasher *h, const char *dir, const char *rel, int depth)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	if (depth > 64) {
		wl_oms_reason(h->problems, "%s: directories nested deeper than 64 levels", rel);
		return;
	}
	d = opendir(dir);
	if (!d) {
		wl_oms_reason(h->problems, "cannot list %s: %s", *rel ? rel : ".", strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		names = wl_grow(names, &alloc, n + 1, sizeof *names);
		names[n++] = wl_strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		char *full = wl_printf_alloc("%s/%s", dir, names[i]);
		char *r = *rel ? wl_printf_alloc("%s/%s", rel, names[i]) : wl_strdup(names[i]);
		struct stat st;
		if (wl_oms_path_ignored(r, h->ig->v, h->ig->n)) {
			/* left out */
		} else if (lstat(full, &st)) {
			wl_oms_reason(h->problems, "cannot read %s: %s", r, strerror(errno));
		} else if (S_ISLNK(st.st_mode) && !h->allow_symlinks) {
			wl_oms_reason(h->problems, "%s is a symbolic link (allow_symlinks is false)", r);
		} else if (stat(full, &st)) {
			wl_oms_reason(h->problems, "%s: broken symbolic link", r);
		} else if (S_ISDIR(st.st_mode)) {
			walk(h, full, r, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			if (!h->only || signed_path(h->only, r))
				hash_file(h, full, r);
		} else {
			wl_oms_reason(h->problems, "%s is neither a file nor a directory", r);
		}
		free(full);
		free(r);
		free(names[i]);
	}
	free(names);
}

/* Hash MODEL into h->items; problems (unreadable, symlinks) go to h->problems. */
static int hash_model(struct hasher *h, const char *model)
{
	struct stat st;
	h->bufsize = 1u << 20;
	h->buf = wl_malloc(h->bufsize);
	if (lstat(model, &st)) {
		free(h->buf);
		fprintf(stderr, "weaklink: models: %s: %s\n", model, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode) && !h->allow_symlinks)
		wl_oms_reason(h->problems, "%s is a symbolic link (allow_symlinks is false)", model);
	else if (stat(model, &st))
		wl_oms_reason(h->problems, "%s: broken symbolic link", model);
	else if (S_ISDIR(st.st_mode))
		walk(h, model, "", 0);
	else if (S_ISREG(st.st_mode))
		hash_file(h, model, ".");
	else
		wl_oms_reason(h->problems, "%s is neither a file nor a directory", model);
	free(h->buf);
	h->buf = NULL;
	wl_oms_sort_items(h->items, h->n, h->shard_size != 0);
	return 0;
}

static void free_items(struct wl_oms_item *items, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		free(items[i].name);
		free(items[i].algorithm);
	}
	free(items);
}

/* The ignore list for MODEL: CLI paths and the signature (relative to cwd),
 * git paths, and the bundle's own ignore_paths. */
static void build_ignores(struct ignores *ig, const struct opts *o, const char *root,
			  const struct wl_oms_bundle *b)
{
	size_t i;
	for (i = 0; i < o->nignore; i++)
		ign_add(ig, rel_to(root, o->ignore[i]));
	if (o->signature)
		ign_add(ig, rel_to(root, o->signature));
	if (o->ignore_git) {
		ign_add(ig, wl_strdup(".git"));
		ign_add(ig, wl_strdup(".gitattributes"));
		ign_add(ig, wl_strdup(".github"));
		ign_add(ig, wl_strdup(".gitignore"));
	}
	if (b)
		for (i = 0; i < b->nignore; i++) {
			/* relative to the model; one that escapes it is dropped */
			char *cat = wl_printf_alloc("%s/%s", root, b->ignore_paths[i]);
			char *n = norm_abs(cat);
			size_t rl = strlen(root);
			if (!strncmp(n, root, rl) && n[rl] == '/' && n[rl + 1])
				ign_add(ig, wl_strdup(n + rl + 1));
			free(cat);
			free(n);
		}
}

/* ----------------------------------------------------------- key loading */

static int no_password(char *buf, int size, int rw, void *u)
{
	(void)buf, (void)size, (void)rw, (void)u;
	return 0;
}

static EVP_PKEY *load_pub(const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;
	if (!f) {
		fprintf(stderr, "weaklink: models: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	k = PEM_read_PUBKEY(f, NULL, no_password, NULL);
	fclose(f);
	if (!k)
		fprintf(stderr, "weaklink: models: %s: not a PEM public key\n", path);
	return k;
}

static EVP_PKEY *load_priv(const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;
	if (!f) {
		fprintf(stderr, "weaklink: models: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	k = PEM_read_PrivateKey(f, NULL, no_password, NULL);
	fclose(f);
	if (!k)
		fprintf(stderr, "weaklink: models: %s: not an unencrypted PEM private key\n", path);
	return k;
}

/* Every PEM certificate in `path` appended to *out. */
static int load_certs(const char *path, STACK_OF(X509) *out)
{
	FILE *f = fopen(path, "r");
	X509 *x;
	int n = 0;
	if (!f) {
		fprintf(stderr, "weaklink: models: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((x = PEM_read_X509(f, NULL, no_password, NULL))) {
		sk_X509_push(out, x);
		n++;
	}
	ERR_clear_error();
	fclose(f);
	if (!n) {
		fprintf(stderr, "weaklink: models: %s: no PEM certificate\n", path);
		return -1;
	}
	return 0;
}

/* -------------------------------------------------------- scan's trust */

static void trust_add_key(struct wl_oms_trust *t, EVP_PKEY *k, const char *name)
{
	t->keys = wl_realloc(t->keys, (t->nkeys + 1) * sizeof *t->keys);
	t->key_names = wl_realloc(t->key_names, (t->nkeys + 1) * sizeof *t->key_names);
	t->keys[t->nkeys] = k;
	t->key_names[t->nkeys++] = wl_strdup(name);
}

int wl_trust_load(struct wl_oms_trust *t, const struct wl_config *cfg, const char *root, const char *const *cli,
		  size_t ncli)
{
	const char *const *l;
	size_t i;
	for (l = wl_config_list(cfg, "provenance.trusted_keys"); l && *l; l++) {
		char *p = (*l)[0] == '/' ? wl_strdup(*l) : wl_printf_alloc("%s%s", root, *l);
		EVP_PKEY *k = load_pub(p);
		free(p);
		if (!k) {
			fprintf(stderr, "weaklink: config: provenance.trusted_keys: '%s' is not a readable PEM public key\n", *l);
			return -1;
		}
		trust_add_key(t, k, *l);
	}
	for (i = 0; i < ncli; i++) {
		EVP_PKEY *k = load_pub(cli[i]);
		if (!k) {
			fprintf(stderr, "weaklink: --trusted-key: '%s' is not a readable PEM public key\n", cli[i]);
			return -1;
		}
		trust_add_key(t, k, cli[i]);
	}
	for (l = wl_config_list(cfg, "provenance.trusted_roots"); l && *l; l++) {
		char *p = (*l)[0] == '/' ? wl_strdup(*l) : wl_printf_alloc("%s%s", root, *l);
		int bad;
		if (!t->roots)
			t->roots = sk_X509_new_null();
		bad = load_certs(p, t->roots);
		free(p);
		if (bad) {
			fprintf(stderr, "weaklink: config: provenance.trusted_roots: '%s' holds no readable PEM certificate\n", *l);
			return -1;
		}
	}
	return 0;
}

void wl_trust_release(struct wl_oms_trust *t)
{
	size_t i;
	for (i = 0; i < t->nkeys; i++) {
		EVP_PKEY_free(t->keys[i]);
		free(t->key_names[i]);
	}
	free(t->keys);
	free(t->key_names);
	if (t->roots)
		sk_X509_pop_free(t->roots, X509_free);
	memset(t, 0, sizeof *t);
}

/* ------------------------------------------------------------- commands */

static int read_bundle(const char *path, struct wl_oms_bundle **b)
{
	struct wl_buf buf;
	char *err = NULL;
	if (wl_read_file(path, WL_OMS_MAX_BUNDLE, &buf, &err)) {
		fprintf(stderr, "weaklink: models verify: %s\n", err);
		free(err);
		return -1;
	}
	if (wl_oms_parse((const unsigned char *)buf.buf, buf.len, b, &err)) {
		fprintf(stderr, "weaklink: models verify: %s: malformed bundle: %s\n", path, err);
		free(err);
		wl_buf_release(&buf);
		return -1;
	}
	wl_buf_release(&buf);
	return 0;
}

static int do_verify(const struct opts *o)
{
	struct wl_oms_bundle *b;
	struct wl_oms_reasons r = { 0 };
	EVP_PKEY *pub = NULL;
	STACK_OF(X509) *anchors = NULL;
	struct ignores ig = { 0 };
	struct hasher h;
	char *root;
	size_t i;
	int rc = WL_EXIT_ERROR;
	if (!o->signature) {
		fprintf(stderr, "weaklink: models verify: --signature is required\n");
		return WL_EXIT_ERROR;
	}
	if (!strcmp(o->method, "key")) {
		if (!o->public_key) {
			fprintf(stderr, "weaklink: models verify key: --public-key is required\n");
			return WL_EXIT_ERROR;
		}
		if (!(pub = load_pub(o->public_key)))
			return WL_EXIT_ERROR;
	} else {
		if (!o->nchain) {
			fprintf(stderr, "weaklink: models verify certificate: --certificate-chain is required (the trust anchors)\n");
			return WL_EXIT_ERROR;
		}
		anchors = sk_X509_new_null();
		for (i = 0; i < o->nchain; i++)
			if (load_certs(o->chain[i], anchors)) {
				sk_X509_pop_free(anchors, X509_free);
				return WL_EXIT_ERROR;
			}
	}
	if (read_bundle(o->signature, &b))
		goto out_keys;
	if (access(o->model, F_OK)) {
		fprintf(stderr, "weaklink: models verify: %s: %s\n", o->model, strerror(errno));
		goto out_bundle;
	}
	if (b->method == WL_OMS_SIGSTORE) {
		printf("NOT VERIFIED: %s\n  - signed with Sigstore (Fulcio certificate, Rekor entry): verify it with a Sigstore trusted root (model_signing verify sigstore); weaklink checks the key and certificate methods offline\n",
		       o->model);
		rc = WL_EXIT_FINDINGS;
		goto out_bundle;
	}
	if (wl_oms_is_legacy(b)) {
		printf("NOT VERIFIED: %s\n  - %s\n", o->model, WL_OMS_LEGACY_REASON);
		rc = WL_EXIT_FINDINGS;
		goto out_bundle;
	}
	/* 1. media type */
	wl_oms_check_media_type(b, &r);
	/* 2. key hint or certificate chain, 3. signature */
	if (pub) {
		wl_oms_check_hint(b, pub, &r);
		if (b->method == WL_OMS_KEY)
			wl_oms_check_signature(b, pub, &r);
	} else if (b->method != WL_OMS_CERT) {
		wl_oms_reason(&r, "bundle is signed by the %s method, not with a certificate chain",
			      wl_oms_method_name(b->method));
	} else {
		EVP_PKEY *leaf = wl_oms_check_chain(b, anchors, &r);
		if (leaf) {
			wl_oms_check_signature(b, leaf, &r);
			EVP_PKEY_free(leaf);
		}
	}
	/* 4. payload type, statement, subject, root digest */
	wl_oms_check_statement(b, &r);
	/* 5. the model */
	if (b->statement_ok) {
		root = abs_path(o->model);
		build_ignores(&ig, o, root, b);
		memset(&h, 0, sizeof h);
		h.hash = b->hash_type;
		h.shard_size = b->shard_size;
		h.allow_symlinks = b->allow_symlinks;
		h.ig = &ig;
		h.only = o->ignore_unsigned ? b : NULL;
		h.problems = &r;
		if (hash_model(&h, o->model) == 0)
			wl_oms_compare(b, h.items, h.n, o->ignore_unsigned, &r);
		free_items(h.items, h.n);
		ign_free(&ig);
		free(root);
	}
	if (r.n) {
		printf("NOT VERIFIED: %s\n", o->model);
		for (i = 0; i < r.n; i++)
			printf("  - %s\n", r.v[i]);
		rc = WL_EXIT_FINDINGS;
	} else {
		printf("verified: %s (%s method, %zu %s, root sha256:%s)\n", o->model, wl_oms_method_name(b->method),
		       b->nitems, !strcmp(b->ser_method, "shards") ? "shards" : (b->nitems == 1 ? "file" : "files"),
		       b->root_hex);
		rc = WL_EXIT_CLEAN;
	}
	wl_oms_reasons_free(&r);
out_bundle:
	wl_oms_free(b);
out_keys:
	EVP_PKEY_free(pub);
	if (anchors)
		sk_X509_pop_free(anchors, X509_free);
	return rc;
}

/* The model's name as the reference records it (the last path component). */
static char *model_name(const char *model)
{
	char *a = abs_path(model);
	const char *base = wl_basename(a);
	char *n = wl_strdup(*base ? base : "/");
	free(a);
	return n;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int do_hash(const struct opts *o, struct hasher *h, struct ignores *ig, struct wl_oms_reasons *r,
		   const char *who)
{
	char *root = abs_path(o->model);
	size_t i;
	build_ignores(ig, o, root, NULL);
	free(root);
	memset(h, 0, sizeof *h);
	h->hash = o->hash;
	h->shard_size = o->shard_size;
	h->allow_symlinks = o->allow_symlinks;
	h->ig = ig;
	h->problems = r;
	if (hash_model(h, o->model))
		return -1;
	if (r->n) {
		fprintf(stderr, "weaklink: models %s: cannot hash %s:\n", who, o->model);
		for (i = 0; i < r->n; i++)
			fprintf(stderr, "  - %s\n", r->v[i]);
		return -1;
	}
	return 0;
}

static int do_digest(const struct opts *o)
{
	struct hasher h;
	struct ignores ig = { 0 };
	struct wl_oms_reasons r = { 0 };
	char root[65];
	size_t i;
	int rc = WL_EXIT_ERROR;
	if (do_hash(o, &h, &ig, &r, "digest") == 0 && wl_oms_root_digest(h.items, h.n, root) == 0) {
		for (i = 0; i < h.n; i++)
			printf("%s  %s  %s\n", h.items[i].hex, h.items[i].algorithm, h.items[i].name);
		printf("sha256:%s\n", root);
		rc = WL_EXIT_CLEAN;
	}
	free_items(h.items, h.n);
	ign_free(&ig);
	wl_oms_reasons_free(&r);
	return rc;
}

static int write_out(FILE *f, void *arg)
{
	const char *s = arg;
	return fputs(s, f) < 0 ? -1 : 0;
}

static int do_sign(struct opts *o)
{
	EVP_PKEY *key = NULL;
	STACK_OF(X509) *chain = NULL;
	unsigned char **ders = NULL;
	size_t *lens = NULL, nder = 0, i, plen = 0;
	struct hasher h;
	struct ignores ig = { 0 };
	struct wl_oms_reasons r = { 0 };
	struct wl_oms_serialization s;
	char *name = NULL, *payload = NULL, *bundle = NULL, *err = NULL, *defsig = NULL;
	const char **ipaths = NULL;
	int rc = WL_EXIT_ERROR;
	struct stat st;
	memset(&h, 0, sizeof h);
	if (!o->private_key) {
		fprintf(stderr, "weaklink: models sign: --private-key is required\n");
		return WL_EXIT_ERROR;
	}
	if (stat(o->model, &st)) {
		fprintf(stderr, "weaklink: models sign: %s: %s\n", o->model, strerror(errno));
		return WL_EXIT_ERROR;
	}
	if (!o->signature)
		o->signature = defsig = S_ISDIR(st.st_mode) ? wl_printf_alloc("%s/model.sig", o->model)
							    : wl_printf_alloc("%s.sig", o->model);
	if (!(key = load_priv(o->private_key)))
		goto out;
	if (!strcmp(o->method, "certificate")) {
		X509 *leaf;
		if (!o->signing_cert) {
			fprintf(stderr, "weaklink: models sign certificate: --signing-certificate is required\n");
			goto out;
		}
		chain = sk_X509_new_null();
		if (load_certs(o->signing_cert, chain))
			goto out;
		for (i = 0; i < o->nchain; i++)
			if (load_certs(o->chain[i], chain))
				goto out;
		leaf = sk_X509_value(chain, 0);
		if (EVP_PKEY_eq(X509_get0_pubkey(leaf), key) != 1) {
			fprintf(stderr, "weaklink: models sign certificate: %s does not certify the key of %s\n",
				o->signing_cert, o->private_key);
			goto out;
		}
		nder = (size_t)sk_X509_num(chain);
		ders = wl_calloc(nder, sizeof *ders);
		lens = wl_calloc(nder, sizeof *lens);
		for (i = 0; i < nder; i++) {
			int l = i2d_X509(sk_X509_value(chain, (int)i), &ders[i]);
			if (l <= 0)
				goto out;
			lens[i] = (size_t)l;
		}
	}
	{
		const char *why = NULL;
		if (!wl_oms_key_md(key, &why)) {
			fprintf(stderr, "weaklink: models sign: %s: %s\n", o->private_key, why);
			goto out;
		}
	}
	if (do_hash(o, &h, &ig, &r, "sign"))
		goto out;
	/* the serialization records what was left out, relative to the model */
	ipaths = wl_calloc(ig.n + 1, sizeof *ipaths);
	for (i = 0; i < ig.n; i++)
		ipaths[i] = ig.v[i];
	qsort(ipaths, ig.n, sizeof *ipaths, cmp_cstr);
	memset(&s, 0, sizeof s);
	s.method = o->shard_size ? "shards" : "files";
	s.hash_type = o->hash;
	s.shard_size = o->shard_size;
	s.allow_symlinks = o->allow_symlinks;
	s.ignore_paths = ipaths;
	name = model_name(o->model);
	payload = wl_oms_statement(name, &s, h.items, h.n, &plen);
	if (!payload) {
		fprintf(stderr, "weaklink: models sign: cannot write the statement\n");
		goto out;
	}
	bundle = wl_oms_sign_bundle(key, (unsigned char *)payload, plen, ders, lens, nder, &err);
	if (!bundle) {
		fprintf(stderr, "weaklink: models sign: %s\n", err);
		goto out;
	}
	if (wl_output_file(o->signature, write_out, bundle))
		goto out;
	printf("signed: %s (%zu %s) -> %s\n", o->model, h.n, o->shard_size ? "shards" : "files", o->signature);
	rc = WL_EXIT_CLEAN;
out:
	free(bundle);
	free(err);
	free(payload);
	free(name);
	free(ipaths);
	free_items(h.items, h.n);
	ign_free(&ig);
	wl_oms_reasons_free(&r);
	for (i = 0; i < nder; i++)
		OPENSSL_free(ders[i]);
	free(ders);
	free(lens);
	if (chain)
		sk_X509_pop_free(chain, X509_free);
	EVP_PKEY_free(key);
	free(defsig);
	return rc;
}

static int opt_is(const char *a, const char *name)
{
	/* --public-key and --public_key */
	size_t i;
	if (strncmp(a, "--", 2))
		return 0;
	a += 2;
	for (i = 0; name[i]; i++) {
		char c = a[i] == '_' ? '-' : a[i];
		if (c != name[i])
			return 0;
	}
	return a[i] == 0;
}

int cmd_models(int argc, char **argv)
{
	struct opts o;
	int i, rc, pos = 0;
	memset(&o, 0, sizeof o);
	o.ignore_git = 1;
	o.hash = "sha256";
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(models_help, stdout);
		return WL_EXIT_CLEAN;
	}
	o.chain = wl_calloc((size_t)argc, sizeof *o.chain);
	o.ignore = wl_calloc((size_t)argc, sizeof *o.ignore);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(models_help, stdout);
			rc = WL_EXIT_CLEAN;
			goto out;
		} else if (opt_is(a, "ignore-unsigned-files")) {
			o.ignore_unsigned = 1;
			continue;
		} else if (opt_is(a, "no-ignore-unsigned-files")) {
			o.ignore_unsigned = 0;
			continue;
		} else if (opt_is(a, "no-ignore-git-paths")) {
			o.ignore_git = 0;
			continue;
		} else if (opt_is(a, "ignore-git-paths")) {
			o.ignore_git = 1;
			continue;
		} else if (opt_is(a, "allow-symlinks")) {
			o.allow_symlinks = 1;
			continue;
		} else if (opt_is(a, "signature")) {
			slot = &o.signature;
		} else if (opt_is(a, "public-key")) {
			slot = &o.public_key;
		} else if (opt_is(a, "private-key")) {
			slot = &o.private_key;
		} else if (opt_is(a, "signing-certificate")) {
			slot = &o.signing_cert;
		} else if (opt_is(a, "certificate-chain")) {
			slot = &o.chain[o.nchain++];
		} else if (opt_is(a, "ignore-paths")) {
			slot = &o.ignore[o.nignore++];
		} else if (opt_is(a, "hash")) {
			slot = &o.hash;
		} else if (opt_is(a, "shard-size")) {
			char *end;
			if (i + 1 >= argc) {
				fprintf(stderr, "weaklink: models: %s needs a value\n", a);
				rc = WL_EXIT_ERROR;
				goto out;
			}
			errno = 0;
			o.shard_size = strtoull(argv[++i], &end, 10);
			if (*end || errno || !o.shard_size || argv[i][0] == '-') {
				fprintf(stderr, "weaklink: models: --shard-size wants a positive integer\n");
				rc = WL_EXIT_ERROR;
				goto out;
			}
			continue;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "weaklink: models: unknown option '%s' (see weaklink help models)\n", a);
			rc = WL_EXIT_ERROR;
			goto out;
		} else {
			if (pos == 0)
				o.mode = a;
			else if (pos == 1)
				o.method = a;
			else if (pos == 2)
				o.model = a;
			else {
				fprintf(stderr, "weaklink: models: unexpected argument '%s'\n", a);
				rc = WL_EXIT_ERROR;
				goto out;
			}
			pos++;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "weaklink: models: %s needs a value\n", a);
			rc = WL_EXIT_ERROR;
			goto out;
		}
		*slot = argv[++i];
	}
	/* `digest MODEL`: no method word */
	if (o.mode && !strcmp(o.mode, "digest") && o.method && !o.model) {
		o.model = o.method;
		o.method = "key";
	}
	if (!o.mode || !o.method || !o.model ||
	    (strcmp(o.mode, "verify") && strcmp(o.mode, "sign") && strcmp(o.mode, "digest")) ||
	    (strcmp(o.method, "key") && strcmp(o.method, "certificate"))) {
		fputs(models_help, stderr);
		rc = WL_EXIT_ERROR;
		goto out;
	}
	if (!md_of(o.hash)) {
		fprintf(stderr, "weaklink: models: --hash %s: sha256 or blake2b\n", o.hash);
		rc = WL_EXIT_ERROR;
		goto out;
	}
	if (!strcmp(o.mode, "verify"))
		rc = do_verify(&o);
	else if (!strcmp(o.mode, "sign"))
		rc = do_sign(&o);
	else
		rc = do_digest(&o);
out:
	free(o.chain);
	free(o.ignore);
	return rc;
}
