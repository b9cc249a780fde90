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

#include <stdint.h>
#include <string.h>
/* Copies n bytes (n <= 16) as two word moves that may overlap, each within s[0, n) and d[0, n):
 * most pieces a page is made of (the text between two tags, a label, a date) are this short, and a
 * call to memcpy costs more than the copy. */
static inline void buf_copy_short(char *d, const char *s, size_t n) {
    if (n >= 8) {
        uint64_t head, tail;
        memcpy(&head, s, 8);
        memcpy(&tail, s + n - 8, 8);
        memcpy(d, &head, 8);
        memcpy(d + n - 8, &tail, 8);
    } else if (n >= 4) {
        uint32_t head, tail;
        memcpy(&head, s, 4);
        memcpy(&tail, s + n - 4, 4);
        memcpy(d, &head, 4);
        memcpy(d + n - 4, &tail, 4);
    } else {
        for (size_t i = 0; i < n; i++) d[i] = s[i];
    }
}

static inline void buf_append(buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) buf_reserve(b, n);
    if (n <= 16) buf_copy_short(b->data + b->len, s, n);
    else memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}
#endif
