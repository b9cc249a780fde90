/* html.c — HTML and URL escaping; see html.h. */
#include "html.h"
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* bytes that need escaping: their replacement's index + 1 in REPL */
static const unsigned char NEEDS[256] = {['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5};
static const char *const REPL[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
static const unsigned char REPL_LEN[] = {5, 4, 4, 6, 5};

/* True when one of the 8 bytes in w is below 0x40: the five bytes HTML escapes all are, while the
 * bytes of Chinese text (UTF-8, 0x80 and up) and of letters are not, so most text is passed over a
 * word at a time. */
static inline bool word_has_low_byte(uint64_t w) {
    return ((w - 0x4040404040404040ULL) & ~w & 0x8080808080808080ULL) != 0;
}

void html_escape(buf *out, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0, i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (!word_has_low_byte(w)) { i += 8; continue; }
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
