/*
 * notebook.h - code-cell extraction from Jupyter notebooks (notebook.c),
 * exposed for the unit tests and the fuzz harness. The Python buffer keeps,
 * for every byte, the offset in the .ipynb it was decoded from.
 */
#ifndef WL_NOTEBOOK_H
#define WL_NOTEBOOK_H

#include <stddef.h>
#include <stdint.h>

struct TSTree;

struct wl_nb {
	char *py;       /* the joined code cells, NUL-terminated (NULL when empty) */
	uint32_t *off;  /* off[i]: .ipynb offset of the text py[i] came from */
	uint8_t *enc;   /* enc[i]: bytes of the .ipynb that encode py[i] (0: synthetic) */
	size_t len, alloc;
	uint32_t *cell; /* start of each code cell in py */
	size_t ncells;
};

void wl_nb_init(struct wl_nb *nb);
void wl_nb_release(struct wl_nb *nb);
/* Code cells of a notebook parsed with tree-sitter-json. 0, or WL_EFORMAT
 * when the document is not a JSON object. */
int wl_nb_extract(struct wl_nb *nb, const struct TSTree *tree, const char *data, size_t size);
/* Append one decoded cell (s[i] came from off[i], enc[i] bytes), replacing
 * IPython magics and shell escapes with `pass`. */
void wl_nb_add_cell(struct wl_nb *nb, const char *s, const uint32_t *off, const uint8_t *enc, size_t n);

/* Python's NFKC folding of identifiers, for the code points used to hide
 * calls (fullwidth, mathematical alphanumerics, letterlike symbols):
 * wl_py_needs_fold() is a cheap test, wl_nb_fold() appends src folded. */
int wl_py_needs_fold(const char *src, size_t n);
void wl_nb_fold(struct wl_nb *nb, const char *src, size_t n);

struct wl_ctx;
/* Scan a mapped buffer (nb->py, whose bytes came from data) as Python;
 * findings land at their place in data. */
int wl_py_scan_mapped(struct wl_ctx *ctx, const struct wl_nb *nb, const char *data, size_t size, const char *what);

#endif
