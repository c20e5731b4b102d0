/*
 * ts_parse.c - the parse floor for tests/bench/python.sh: read every file named
 * on stdin (one path a line) and parse it with tree-sitter-python on one
 * thread, nothing else. Prints "files bytes seconds". Never used by weaklink.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_python(void);

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
	TSParser *p = ts_parser_new();
	char *line = NULL;
	size_t cap = 0, bytes = 0, files = 0;
	double total = 0;

	if (!ts_parser_set_language(p, tree_sitter_python()))
		return 2;
	while (getline(&line, &cap, stdin) > 0) {
		line[strcspn(line, "\n")] = '\0';
		FILE *fp = fopen(line, "rb");
		if (!fp)
			continue;
		char *buf = NULL;
		size_t n = 0, alloc = 0, got;
		do {
			if (alloc - n < 65536) {
				alloc = alloc * 2 + 65536;
				buf = realloc(buf, alloc);
				if (!buf)
					return 2;
			}
			got = fread(buf + n, 1, alloc - n, fp);
			n += got;
		} while (got > 0);
		fclose(fp);
		double t0 = now();
		TSTree *t = ts_parser_parse_string(p, NULL, buf, (uint32_t)n);
		ts_tree_delete(t);
		total += now() - t0;
		free(buf);
		files++;
		bytes += n;
	}
	printf("%zu %zu %.3f\n", files, bytes, total);
	free(line);
	ts_parser_delete(p);
	return 0;
}
