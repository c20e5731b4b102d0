/*
 * facts_provenance.h - facts about model provenance: OpenSSF Model Signing
 * (OMS) bundles found in the repository, and the digest of every file a
 * bundle may cover. The scanner (provenance.c) checks the bundle's layers
 * against the trusted keys and describes what it found; rules/provenance.c
 * joins bundles and files and decides.
 */
#ifndef WL_FACTS_PROVENANCE_H
#define WL_FACTS_PROVENANCE_H

#include "engine.h"

enum wl_prov_kind {
	WL_PROV_FILE = 0, /* a file's digest */
	WL_PROV_BUNDLE,   /* an OMS bundle */
};

struct wl_prov_item {
	const char *name; /* resource name as signed, relative to the bundle's folder ("." : one file) */
	const char *path; /* the repository file it names, or NULL when it cannot be told */
	const char *hex;  /* signed digest */
};

/* WL_FACT_PROVENANCE */
struct wl_provenance {
	enum wl_prov_kind kind;

	/* WL_PROV_FILE */
	char sha256[65]; /* of the content, or a Git LFS pointer's oid */
	int lfs;         /* the digest is the LFS pointer's oid (content not here) */
	int model;       /* a model artifact by name or content */

	/* WL_PROV_BUNDLE */
	const char *method;       /* "key", "certificate", "sigstore" */
	const char *malformed;    /* why it cannot be read, or NULL */
	int trust_configured;     /* keys or anchors were given */
	const char *signer;       /* the trusted key or anchor that verified it, or NULL */
	const char *const *problems; /* signature and statement problems, NULL-terminated */
	int checkable;            /* files serialization with sha256: scan can compare */
	const char *serialization;/* "files/sha256", "shards/sha256" ... */
	const char *const *ignore_paths; /* the bundle's, NULL-terminated */
	const struct wl_prov_item *items;
	size_t nitems;
};

#endif
