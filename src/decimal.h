/* decimal.h — the decimal text of an integer without printf, for the per-request path: Mustache's
 * numbers (50 ids a list page) and arena_lld (links, catalog texts' {n}). Two digits a step. */
#ifndef CRM_DECIMAL_H
#define CRM_DECIMAL_H
#include <stddef.h>
#include <string.h>

/* Writes n's text and a NUL to out (at least 21 bytes); returns the text's length. */
static inline size_t decimal_lld(long long n, char *out) {
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                "4041424344454647484950515253545556575859606162636465666768697071727374757677787980"
                                "81828384858687888990919293949596979899";
    char tmp[24], *p = tmp + sizeof tmp;   /* filled from the end */
    unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    for (; u >= 100; u /= 100) {
        p -= 2;
        memcpy(p, pairs + u % 100 * 2, 2);
    }
    if (u >= 10) {
        p -= 2;
        memcpy(p, pairs + u * 2, 2);
    } else {
        *--p = (char)('0' + u);
    }
    if (n < 0) *--p = '-';
    size_t len = (size_t)(tmp + sizeof tmp - p);
    memcpy(out, p, len);
    out[len] = 0;
    return len;
}
#endif
