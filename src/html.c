/* html.c — HTML and URL escaping; see html.h. */
#include "html.h"
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* bytes that need escaping: their replacement's index + 1 in REPL */
static const unsigned char NEEDS[256] = {['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5};
static const char *const REPL[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
static const unsigned char REPL_LEN[] = {5, 4, 4, 6, 5};

/* True when one of the 8 bytes in w is below 0x40. The five bytes HTML escapes all are, while the
 * bytes of Chinese text (UTF-8, 0x80 and up) and of letters are not: most words pass this test. */
static inline bool word_has_low_byte(uint64_t w) {
    return ((w - 0x4040404040404040ULL) & ~w & 0x8080808080808080ULL) != 0;
}

/* The high bit of each byte of v that is zero (exact as to whether there is one). */
static inline uint64_t zero_bytes(uint64_t v) {
    return (v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL;
}

#define EACH_BYTE(c) (0x0101010101010101ULL * (c))

/* True when one of the 8 bytes in w is one HTML escapes: '&' (0x26) and '\'' (0x27) are one test with
 * the low bit set, '<' (0x3C) and '>' (0x3E) one with bit 1 set, '"' (0x22) the third. For words
 * with digits, '-' or ':' (numbers, phones, dates), which the first test lets through. */
static inline bool word_needs_escape(uint64_t w) {
    return (zero_bytes((w | EACH_BYTE(0x01)) ^ EACH_BYTE(0x27)) | zero_bytes((w | EACH_BYTE(0x02)) ^ EACH_BYTE(0x3E)) |
            zero_bytes(w ^ EACH_BYTE(0x22))) != 0;
}

static inline bool word_escapes(uint64_t w) { return word_has_low_byte(w) && word_needs_escape(w); }

/* True when one of the n bytes at u is one HTML escapes: whole words, the last one overlapping the
 * one before (or, under 8 bytes, the bytes in one zero-padded word: a zero byte is not one of the five). */
static bool any_escaped(const unsigned char *u, size_t n) {
    uint64_t w = 0;
    if (n < 8) {   /* the bytes, some of them twice, in fixed-size loads rather than a memcpy call */
        if (n >= 4) {
            uint32_t head, tail;
            memcpy(&head, u, 4);
            memcpy(&tail, u + n - 4, 4);
            w = head | (uint64_t)tail << 32;
        } else if (n) {
            w = u[0] | (uint64_t)u[n / 2] << 8 | (uint64_t)u[n - 1] << 16;
        }
        return word_escapes(w);
    }
    for (size_t i = 0; i + 8 <= n; i += 8) {
        memcpy(&w, u + i, 8);
        if (word_escapes(w)) return true;
    }
    if (n % 8 == 0) return false;
    memcpy(&w, u + n - 8, 8);
    return word_escapes(w);
}

void html_escape(buf *out, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    if (!any_escaped(u, n)) {   /* the common case: the text as it is */
        buf_append(out, s, n);
        return;
    }
    size_t start = 0, i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (!word_has_low_byte(w) || !word_needs_escape(w)) { i += 8; continue; }
        }
        size_t stop = i + 8 < n ? i + 8 : n;
        for (; i < stop; i++) {
            unsigned k = NEEDS[u[i]];
            if (!k) continue;
            buf_append(out, s + start, i - start);
            buf_append(out, REPL[k - 1], REPL_LEN[k - 1]);
            start = i + 1;
        }
    }
    buf_append(out, s + start, n - start);
}

void url_encode(buf *out, const char *s, size_t n) {
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            buf_putc(out, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            buf_append(out, e, 3);
        }
    }
}

void html_marked(buf *out, const char *text, const hl_piece *pieces, int n) {
    for (int i = 0; i < n; i++) {
        if (pieces[i].hit) buf_puts(out, "<mark>");
        html_escape(out, text + pieces[i].at, pieces[i].len);
        if (pieces[i].hit) buf_puts(out, "</mark>");
    }
}
