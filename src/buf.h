/* buf.h — a growable byte buffer (heap, reused across requests by clearing, not freeing). */
#ifndef CRM_BUF_H
#define CRM_BUF_H
#include <stddef.h>

typedef struct buf { char *data; size_t len, cap; } buf;

#define BUF_INIT {NULL, 0, 0}
void buf_init(buf *b);
void buf_free(buf *b);
/* Empties the buffer but keeps its memory. data stays NUL-terminated after any call. */
void buf_clear(buf *b);
/* Appends n bytes. Inline: the renderer appends thousands of short pieces per page. */
static inline void buf_append(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Ensures room for n more bytes. */
void buf_reserve(buf *b, size_t n);
/* Returns the contents as a C string ("" when empty). */
const char *buf_str(const buf *b);

#include <string.h>
static inline void buf_append(buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}
#endif
