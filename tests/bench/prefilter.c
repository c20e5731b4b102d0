/*
 * prefilter.c - bench: the Python byte prefilter (wl_py_prefilter, one pass
 * over identifier tokens) against one PCRE2-JIT alternation of the same
 * trigger words, on every file named on stdin. Prints "name: figure" lines.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#define _POSIX_C_SOURCE 200809L
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pyresolve.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	static const char pattern[] =
		"(?<![A-Za-z0-9_])(?:eval|exec|__import__|import_module|runpy|dill|joblib|shelve|marshal|torch|keras|"
		"yaml|transformers|diffusers|huggingface_hub|datasets|sentence_transformers|vllm|peft|"
		"from_pretrained|trust_remote_code)(?![A-Za-z0-9_])|[pP]ickle";
	char **bufs = NULL, *line = NULL;
	size_t *lens = NULL, n = 0, cap = 0, lcap = 0, total = 0, i;
	int rep, errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re;
	pcre2_match_data *md;
	double best_ours = 1e9, best_pcre = 1e9;
	size_t hits_ours = 0, hits_pcre = 0;

	while (getline(&line, &lcap, stdin) > 0) {
		FILE *f;
		size_t got, alloc = 65536, len = 0;
		char *b;
		line[strcspn(line, "\n")] = '\0';
		if (!(f = fopen(line, "rb")))
			continue;
		b = malloc(alloc);
		while (b && (got = fread(b + len, 1, alloc - len, f)) > 0) {
			len += got;
			if (len == alloc)
				b = realloc(b, alloc *= 2);
		}
		fclose(f);
		if (!b)
			return 2;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			bufs = realloc(bufs, cap * sizeof(*bufs));
			lens = realloc(lens, cap * sizeof(*lens));
			if (!bufs || !lens)
				return 2;
		}
		bufs[n] = b;
		lens[n++] = len;
		total += len;
	}
	free(line);
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &errcode, &erroff, NULL);
	if (!re || pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) != 0)
		return 2;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	for (rep = 0; rep < 5; rep++) {
		double t0 = now(), t1, t2;
		size_t h1 = 0, h2 = 0;
		for (i = 0; i < n; i++)
			h1 += wl_py_prefilter(bufs[i], lens[i]) != 0;
		t1 = now();
		for (i = 0; i < n; i++)
			h2 += pcre2_jit_match(re, (PCRE2_SPTR)bufs[i], lens[i], 0, 0, md, NULL) >= 0;
		t2 = now();
		if (t1 - t0 < best_ours)
			best_ours = t1 - t0;
		if (t2 - t1 < best_pcre)
			best_pcre = t2 - t1;
		hits_ours = h1;
		hits_pcre = h2;
	}
	printf("python-prefilter-token-scan-seconds: %.4f (%zu of %zu files pass, %zu bytes read)\n", best_ours, hits_ours, n,
	       total);
	printf("python-prefilter-pcre2-jit-seconds: %.4f (%zu of %zu files pass)\n", best_pcre, hits_pcre, n);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	for (i = 0; i < n; i++)
		free(bufs[i]);
	free(bufs);
	free(lens);
	return 0;
}
