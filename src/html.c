/* html.c — HTML and URL escaping; see html.h. */
#include "html.h"

/* bytes that need escaping: their replacement's index + 1 in REPL */
static const unsigned char NEEDS[256] = {['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5};
static const char *const REPL[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
static const unsigned char REPL_LEN[] = {5, 4, 4, 6, 5};

void html_escape(buf *out, const char *s, size_t n) {
    const unsigned char *u = (const unsigned char *)s;
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned k = NEEDS[u[i]];
        if (!k) continue;
        buf_append(out, s + start, i - start);
        buf_append(out, REPL[k - 1], REPL_LEN[k - 1]);
        start = i + 1;
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
