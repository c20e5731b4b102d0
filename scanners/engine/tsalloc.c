/*
 * tsalloc.c - tree-sitter's allocations, on free lists of each thread.
 *
 * A parse allocates and frees hundreds of thousands of small blocks
 * (subtrees, stack nodes, cursor stacks), and deleting a tree frees them
 * again. Through malloc the frees fill glibc's fastbins, which the next
 * request of a few kilobytes consolidates: about 5% of a scan of ML code
 * went there. Here a block of up to MAX_SMALL bytes comes from a free list
 * of its size class (16 bytes apart) kept by the thread, or is carved from
 * a slab; a free puts it back on the freeing thread's list. Slabs are never
 * returned (a thread's lists hold at most what its largest parse held), so
 * a block freed on another thread than the one that made it stays valid.
 * Larger blocks go to malloc. Each block has a 16-byte header: its class,
 * or 0 and the size of a malloc'ed block.
 *
 * Installed once, before any tree-sitter object exists (main), because a
 * block must be freed by the allocator that made it. Sanitizer builds keep
 * malloc, so that ASan and TSan see every block.
 */
#include "engine.h"
#include "util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

#define GRAIN 16
#define MAX_SMALL 1024
#define NCLASS (MAX_SMALL / GRAIN + 1)
#define SLAB_BYTES (256 * 1024)

struct header {
	uint32_t cls;  /* 1..NCLASS-1: a small block of cls * GRAIN bytes; 0: malloc'ed */
	uint32_t pad;
	uint64_t size; /* of a malloc'ed block */
};

struct pool {
	void *free_[NCLASS];
	char *cur, *end;
};

static _Thread_local struct pool pool;

/* every slab, chained through its first bytes: reachable to the end */
static pthread_mutex_t slabs_lock = PTHREAD_MUTEX_INITIALIZER;
static void *slabs;

static void *carve(size_t bytes)
{
	char *p;
	if ((size_t)(pool.end - pool.cur) < bytes) {
		char *slab = malloc(SLAB_BYTES);
		if (!slab)
			return NULL;
		pthread_mutex_lock(&slabs_lock);
		*(void **)(void *)slab = slabs;
		slabs = slab;
		pthread_mutex_unlock(&slabs_lock);
		pool.cur = slab + GRAIN; /* past the chain pointer, aligned */
		pool.end = slab + SLAB_BYTES;
	}
	p = pool.cur;
	pool.cur += bytes;
	return p;
}

static void *ts_pool_malloc(size_t n)
{
	struct header *h;
	if (n <= MAX_SMALL) {
		uint32_t cls = (uint32_t)((n + GRAIN - 1) / GRAIN);
		if (!cls)
			cls = 1;
		if (pool.free_[cls]) {
			h = pool.free_[cls];
			pool.free_[cls] = *(void **)(void *)(h + 1);
		} else if ((h = carve(sizeof(*h) + (size_t)cls * GRAIN)) == NULL) {
			wl_die("out of memory");
		}
		h->cls = cls;
		return h + 1;
	}
	if (n > SIZE_MAX - sizeof(*h) || (h = malloc(sizeof(*h) + n)) == NULL)
		wl_die("out of memory");
	h->cls = 0;
	h->size = n;
	return h + 1;
}

static void ts_pool_free(void *p)
{
	struct header *h;
	if (!p)
		return;
	h = (struct header *)p - 1;
	if (!h->cls) {
		free(h);
		return;
	}
	*(void **)p = pool.free_[h->cls];
	pool.free_[h->cls] = h;
}

static void *ts_pool_realloc(void *p, size_t n)
{
	struct header *h;
	size_t old;
	void *q;
	if (!p)
		return ts_pool_malloc(n);
	h = (struct header *)p - 1;
	old = h->cls ? (size_t)h->cls * GRAIN : (size_t)h->size;
	if (h->cls && n <= old)
		return p;
	if (!h->cls && n > MAX_SMALL) {
		if (n > SIZE_MAX - sizeof(*h) || (h = realloc(h, sizeof(*h) + n)) == NULL)
			wl_die("out of memory");
		h->size = n;
		return h + 1;
	}
	q = ts_pool_malloc(n);
	memcpy(q, p, old < n ? old : n);
	ts_pool_free(p);
	return q;
}

static void *ts_pool_calloc(size_t count, size_t size)
{
	void *p;
	if (size && count > SIZE_MAX / size)
		wl_die("out of memory");
	p = ts_pool_malloc(count * size);
	memset(p, 0, count * size);
	return p;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define SANITIZED 1
#endif
#endif

void wl_ts_allocator_install(void)
{
#if !defined(SANITIZED)
	ts_set_allocator(ts_pool_malloc, ts_pool_calloc, ts_pool_realloc, ts_pool_free);
#endif
}
