/* tsalloc.c: tree-sitter's blocks on per-thread free lists. Installed
 * first, as main does, before any tree-sitter object exists. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#include "engine.h"

/* the library's allocator, as its grammars reach it (alloc.h) */
extern void *(*ts_current_malloc)(size_t);
extern void *(*ts_current_calloc)(size_t, size_t);
extern void *(*ts_current_realloc)(void *, size_t);
extern void (*ts_current_free)(void *);

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define POOLED 0 /* sanitizer builds keep malloc */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define POOLED 0
#endif
#endif
#ifndef POOLED
#define POOLED 1
#endif

static void fill(unsigned char *p, size_t n, unsigned seed)
{
	size_t i;
	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static int holds(const unsigned char *p, size_t n, unsigned seed)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return 0;
	return 1;
}

static void blocks(void **state)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 100, 1023, 1024, 1025, 5000, 300000 };
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = ts_current_malloc(sizes[i]), *q;
		assert_non_null(p);
		if (POOLED)
			assert_int_equal((uintptr_t)p % 16, 0);
		fill(p, sizes[i], (unsigned)i);
		ts_current_free(p);
		/* the same class again: the block just freed, dirty */
		q = ts_current_calloc(1, sizes[i]);
		if (POOLED && sizes[i] <= 1024)
			assert_ptr_equal(p, q);
		for (k = 0; k < sizes[i]; k++)
			assert_int_equal(q[k], 0);
		ts_current_free(q);
	}
	ts_current_free(NULL);
}

static void resizing(void **state)
{
	/* small to small (in place while it fits), to large, larger, back */
	static const size_t steps[] = { 10, 16, 40, 1000, 2000, 100000, 30, 8 };
	unsigned char *p = NULL;
	size_t i, have = 0;
	(void)state;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		size_t keep = have < steps[i] ? have : steps[i];
		p = ts_current_realloc(p, steps[i]);
		assert_non_null(p);
		assert_true(holds(p, keep, 3));
		fill(p, steps[i], 3);
		have = steps[i];
	}
	{
		unsigned char *q = ts_current_realloc(p, 12); /* fits its class: kept */
		if (POOLED)
			assert_ptr_equal(p, q);
		assert_true(holds(q, 8, 3));
		ts_current_free(q);
	}
}

static void *make_blocks(void *arg)
{
	void **v = arg;
	size_t i;
	for (i = 0; i < 1000; i++) {
		v[i] = ts_current_malloc(24 + i % 200);
		fill(v[i], 24 + i % 200, (unsigned)i);
	}
	return NULL;
}

static void across_threads(void **state)
{
	/* made on one thread, freed and reused on another: still valid */
	void **v = calloc(1000, sizeof(*v));
	pthread_t t;
	size_t i;
	(void)state;
	assert_int_equal(pthread_create(&t, NULL, make_blocks, v), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	for (i = 0; i < 1000; i++)
		assert_true(holds(v[i], 24 + i % 200, (unsigned)i));
	for (i = 0; i < 1000; i++)
		ts_current_free(v[i]);
	for (i = 0; i < 1000; i++) {
		v[i] = ts_current_malloc(24 + i % 200);
		fill(v[i], 24 + i % 200, (unsigned)i + 1);
	}
	for (i = 0; i < 1000; i++) {
		assert_true(holds(v[i], 24 + i % 200, (unsigned)i + 1));
		ts_current_free(v[i]);
	}
	free(v);
}

static void parses(void **state)
{
	/* parse, walk, reparse with the old tree and ranges, delete: many times */
	static const char src[] = "import torch\n\ndef f(p):\n    x = [torch.load(p, weights_only=True) for _ in range(3)]\n"
				  "    return f\"{x!r:>{10}}\"\n\nclass C:\n    def g(self):\n        return self.h()\n";
	TSParser *parser = ts_parser_new();
	int round;
	(void)state;
	assert_true(ts_parser_set_language(parser, wl_language(WL_LANG_PYTHON)));
	for (round = 0; round < 200; round++) {
		TSTree *a = ts_parser_parse_string(parser, NULL, src, (uint32_t)strlen(src)), *b;
		TSRange r = { { 0, 0 }, { 9, 0 }, 0, 95 };
		TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(a));
		unsigned nodes = 0;
		assert_false(ts_node_has_error(ts_tree_root_node(a)));
		for (;;) {
			nodes++;
			if (ts_tree_cursor_goto_first_child(&c))
				continue;
			while (!ts_tree_cursor_goto_next_sibling(&c))
				if (!ts_tree_cursor_goto_parent(&c))
					goto walked;
		}
walked:
		ts_tree_cursor_delete(&c);
		assert_true(nodes > 60);
		assert_true(ts_parser_set_included_ranges(parser, &r, 1));
		b = ts_parser_parse_string(parser, a, src, (uint32_t)strlen(src));
		assert_non_null(b);
		ts_parser_set_included_ranges(parser, NULL, 0);
		ts_tree_delete(a);
		ts_tree_delete(b);
	}
	ts_parser_delete(parser);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blocks),
		cmocka_unit_test(resizing),
		cmocka_unit_test(across_threads),
		cmocka_unit_test(parses),
	};
	wl_ts_allocator_install();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
