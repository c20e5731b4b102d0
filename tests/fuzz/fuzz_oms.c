/* fuzz_oms.c - the OpenSSF Model Signing bundle reader: the input as a
 * bundle, then every check a verification runs that needs no model (media
 * type, hint and signature against the fixtures' P-384 key, the statement and its
 * root digest), a comparison with a small fake model, and the statement
 * writer on what was read. */
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>

#include "oms.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static unsigned sink;

/* the public key of the fixtures (tests/oms/mt/keys/certificate), P-384 */
static const char pub_pem[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEsu6rZGBTjxtvRWPMixT+3HyndV0J0Ybt\n"
	"aHZUcO4DEK+OJHO/4e32bb/fbJKSpRgcBsIpKLcVijUomyFOERbd7u+BTPSUjGZD\n"
	"Qq6J7lTvp/EAXQGOKxW9RP0MGX3qAkvi\n"
	"-----END PUBLIC KEY-----\n";

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static EVP_PKEY *key;
	struct wl_oms_bundle *b = NULL;
	struct wl_oms_reasons r = { 0 };
	struct wl_oms_item fake[2];
	char n1[] = "signme-1", n2[] = "d/signme-2:0:10", alg[] = "sha256";
	char *err = NULL;
	size_t i;
	if (!key) {
		BIO *bio = BIO_new_mem_buf(pub_pem, -1);
		key = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
		BIO_free(bio);
	}
	sink += (unsigned)wl_oms_sniff(data, size);
	if (wl_oms_parse(data, size, &b, &err)) {
		sink += (unsigned)strlen(err);
		free(err);
		return 0;
	}
	wl_oms_check_media_type(b, &r);
	if (key) {
		wl_oms_check_hint(b, key, &r);
		wl_oms_check_signature(b, key, &r);
	}
	wl_oms_check_statement(b, &r);
	memset(fake, 0, sizeof fake);
	fake[0].name = n1;
	fake[0].algorithm = alg;
	memset(fake[0].hex, 'a', 64);
	fake[1].name = n2;
	fake[1].algorithm = alg;
	memset(fake[1].hex, 'b', 64);
	if (b->statement_ok) {
		struct wl_oms_serialization s = { "files", "sha256", 0, 0, NULL };
		size_t len = 0;
		char *st;
		wl_oms_compare(b, fake, 2, 0, &r);
		wl_oms_sort_items(b->items, b->nitems, !strcmp(b->ser_method, "shards"));
		st = wl_oms_statement(b->model_name, &s, b->items, b->nitems, &len);
		sink += (unsigned)len;
		free(st);
		for (i = 0; i < b->nitems; i++)
			sink += (unsigned)wl_oms_path_ignored(b->items[i].name, b->ignore_paths, b->nignore);
	}
	for (i = 0; i < r.n; i++)
		sink += (unsigned)strlen(r.v[i]);
	wl_oms_reasons_free(&r);
	wl_oms_free(b);
	return 0;
}
