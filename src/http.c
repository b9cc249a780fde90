/* http.c — request input parsing, see http.h: percent-decoding, query strings and urlencoded
 * bodies (with the field/name/value limits and the UTF-8 check), Cookie headers, Accept
 * negotiation, and the UTF-8 helpers every other module uses. No FastCGI here. */
#include "http.h"
#include <stdint.h>
#include <string.h>
#include <strings.h>

static int hexval(unsigned char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Decodes s[0..n) into dst (room for n bytes, not terminated); returns the decoded length,
 * or SIZE_MAX on a bad or truncated escape. */
static size_t pct_decode(char *dst, const char *s, size_t n) {
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (n - i < 3) return SIZE_MAX;
            int hi = hexval((unsigned char)s[i + 1]), lo = hexval((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0) return SIZE_MAX;
            dst[o++] = (char)(hi << 4 | lo);
            i += 2;
        } else {
            dst[o++] = c == '+' ? ' ' : (char)c;
        }
    }
    return o;
}

char *http_percent_decode(arena *a, const char *s, size_t n, size_t *outlen) {
    char *d = arena_alloc(a, n + 1);
    size_t len = pct_decode(d, s, n);
    if (len == SIZE_MAX) return NULL;
    d[len] = 0;
    if (outlen) *outlen = len;
    return d;
}

void kv_add(arena *a, kvlist *l, const char *key, const char *val, size_t vlen) {
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        kv *items = arena_alloc(a, cap * sizeof *items);
        if (l->n) memcpy(items, l->items, l->n * sizeof *items);
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = (kv){key, val, vlen};
}

const char *kv_get(const kvlist *l, const char *key) {
    if (!l || !key) return NULL;
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].key && strcmp(l->items[i].key, key) == 0) return l->items[i].val;
    return NULL;
}

/* All decoded names and values go into one arena block of len + 1 bytes: a pair "n=v" decodes to
 * at most "n\0v\0", and the '&' that ends every pair but the last pays for the extra NUL. */
int http_parse_urlencoded(arena *a, const char *s, size_t len, kvlist *out) {
    if (!s || len == 0) return HTTP_OK;
    char *dst = arena_alloc(a, len + 1);
    const char *p = s, *end = s + len;
    size_t fields = 0;
    while (p < end) {
        const char *amp = memchr(p, '&', (size_t)(end - p));
        const char *pe = amp ? amp : end;
        if (pe > p) {
            const char *eq = memchr(p, '=', (size_t)(pe - p));
            const char *ne = eq ? eq : pe;
            /* a raw span over 3x the limit cannot decode to within it */
            if ((size_t)(ne - p) > 3 * (size_t)HTTP_MAX_NAME) return HTTP_E_TOO_LONG;
            size_t nl = pct_decode(dst, p, (size_t)(ne - p));
            if (nl == SIZE_MAX) return HTTP_E_MALFORMED;
            if (nl > HTTP_MAX_NAME) return HTTP_E_TOO_LONG;
            if (!utf8_valid(dst, nl)) return HTTP_E_ENCODING;
            char *name = dst;
            name[nl] = 0;
            const char *val = "";
            size_t vl = 0;
            if (eq) {
                size_t raw = (size_t)(pe - eq - 1);
                if (raw > 3 * (size_t)HTTP_MAX_VALUE) return HTTP_E_TOO_LONG;
                char *v = dst + nl + 1;
                vl = pct_decode(v, eq + 1, raw);
                if (vl == SIZE_MAX) return HTTP_E_MALFORMED;
                if (vl > HTTP_MAX_VALUE) return HTTP_E_TOO_LONG;
                if (!utf8_valid(v, vl)) return HTTP_E_ENCODING;
                v[vl] = 0;
                val = v;
                dst = v + vl + 1;
            } else {
                dst = name + nl + 1;
            }
            if (nl > 0) { /* "=x" has no name: skipped like an empty pair */
                if (fields == HTTP_MAX_FIELDS) return HTTP_E_TOO_MANY;
                fields++;
                kv_add(a, out, name, val, vl);
            }
        }
        p = pe + 1;
    }
    return HTTP_OK;
}

/* RFC 7230 tchar: the characters a cookie name may hold. */
static bool is_tchar(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static bool is_ows(char c) { return c == ' ' || c == '\t'; }

/* Cookie values are taken as sent (no percent-decoding): surrounding quotes are removed; a pair
 * with no '=', an empty or non-token name, a name over HTTP_MAX_NAME, a value over HTTP_MAX_VALUE,
 * or a value holding control characters, a stray '"' or invalid UTF-8 is skipped. Past
 * HTTP_MAX_FIELDS cookies the rest are dropped and HTTP_E_TOO_MANY is returned (out stays usable). */
int http_parse_cookies(arena *a, const char *header, kvlist *out) {
    if (!header) return HTTP_OK;
    size_t fields = 0;
    const char *p = header;
    for (;;) {
        const char *semi = strchr(p, ';');
        const char *e = semi ? semi : p + strlen(p);
        const char *eq = memchr(p, '=', (size_t)(e - p));
        if (eq) {
            const char *nb = p, *ne = eq, *vb = eq + 1, *ve = e;
            while (nb < ne && is_ows(*nb)) nb++;
            while (ne > nb && is_ows(ne[-1])) ne--;
            while (vb < ve && is_ows(*vb)) vb++;
            while (ve > vb && is_ows(ve[-1])) ve--;
            if (ve - vb >= 2 && *vb == '"' && ve[-1] == '"') { vb++; ve--; }
            bool ok = ne > nb && (size_t)(ne - nb) <= HTTP_MAX_NAME && (size_t)(ve - vb) <= HTTP_MAX_VALUE;
            for (const char *q = nb; ok && q < ne; q++) ok = is_tchar((unsigned char)*q);
            for (const char *q = vb; ok && q < ve; q++) {
                unsigned char c = (unsigned char)*q;
                ok = c >= 0x20 && c != 0x7f && c != '"';
            }
            if (ok) ok = utf8_valid(vb, (size_t)(ve - vb));
            if (ok) {
                if (fields == HTTP_MAX_FIELDS) return HTTP_E_TOO_MANY;
                fields++;
                kv_add(a, out, arena_strndup(a, nb, (size_t)(ne - nb)), arena_strndup(a, vb, (size_t)(ve - vb)),
                       (size_t)(ve - vb));
            }
        }
        if (!semi) break;
        p = semi + 1;
    }
    return HTTP_OK;
}

/* Accept negotiation. Each of JSON and HTML takes its q from the most specific media range that
 * matches it: for JSON application/json, then application/(any), then (any)/(any); for HTML
 * text/html or application/xhtml+xml, then text/(any), then (any)/(any). JSON wins when it has
 * q > 0 and a higher q than HTML, or the same q with a more specific match, or the same q and
 * specificity and an earlier position. So a lone wildcard, a missing or empty header, and every
 * browser default mean HTML. q is kept in thousandths. */
typedef struct pref { int q, spec, pos; } pref;

static void pref_offer(pref *p, int spec, int q, int pos) {
    if (spec > p->spec) { p->spec = spec; p->q = q; p->pos = pos; }
}

static bool span_is(const char *s, size_t n, const char *lit) {
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* Parses a q value ("1", "0.5", "0.125"); returns -1 when it is not one. */
static int parse_q(const char *s, const char *e) {
    if (s >= e || (*s != '0' && *s != '1')) return -1;
    int q = (*s - '0') * 1000, scale = 100;
    s++;
    if (s < e && *s == '.') {
        s++;
        for (int k = 0; s < e && k < 3 && *s >= '0' && *s <= '9'; k++, s++, scale /= 10) q += (*s - '0') * scale;
    }
    if (s != e) return -1;
    return q > 1000 ? 1000 : q;
}

bool http_wants_json(const char *accept) {
    if (!accept) return false;
    pref json = {0, -1, 0}, html = {0, -1, 0};
    int pos = 0;
    const char *p = accept;
    for (;;) {
        const char *comma = strchr(p, ',');
        const char *e = comma ? comma : p + strlen(p);
        const char *semi = memchr(p, ';', (size_t)(e - p));
        const char *tb = p, *te = semi ? semi : e;
        while (tb < te && is_ows(*tb)) tb++;
        while (te > tb && is_ows(te[-1])) te--;
        if (te > tb) {
            int q = 1000;
            for (const char *s = semi; s && s < e;) {
                const char *next = memchr(s + 1, ';', (size_t)(e - s - 1));
                const char *pb = s + 1, *pe = next ? next : e;
                while (pb < pe && is_ows(*pb)) pb++;
                while (pe > pb && is_ows(pe[-1])) pe--;
                if (pe - pb >= 2 && (*pb == 'q' || *pb == 'Q') && pb[1] == '=') {
                    int v = parse_q(pb + 2, pe);
                    if (v >= 0) q = v;
                }
                s = next;
            }
            size_t n = (size_t)(te - tb);
            if (span_is(tb, n, "*/*")) { pref_offer(&json, 0, q, pos); pref_offer(&html, 0, q, pos); }
            else if (span_is(tb, n, "application/json")) pref_offer(&json, 2, q, pos);
            else if (span_is(tb, n, "application/*")) pref_offer(&json, 1, q, pos);
            else if (span_is(tb, n, "text/html") || span_is(tb, n, "application/xhtml+xml")) pref_offer(&html, 2, q, pos);
            else if (span_is(tb, n, "text/*")) pref_offer(&html, 1, q, pos);
            pos++;
        }
        if (!comma) break;
        p = comma + 1;
    }
    if (json.spec < 0 || json.q == 0) return false;
    if (html.spec < 0) return true;
    if (json.q != html.q) return json.q > html.q;
    if (json.spec != html.spec) return json.spec > html.spec;
    return json.pos < html.pos;
}

bool utf8_valid(const char *s, size_t n) {
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        /* ASCII fast path, eight bytes at a time: stop at a high bit, fail on a zero byte */
        while (end - p >= 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (w & 0x8080808080808080ULL) break;
            if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL) return false;
            p += 8;
        }
        if (p >= end) break;
        unsigned c = *p;
        if (c < 0x80) {
            if (c == 0) return false;
            p++;
        } else if (c < 0xC2) { /* stray continuation byte, or overlong C0/C1 lead */
            return false;
        } else if (c < 0xE0) {
            if (end - p < 2 || (p[1] & 0xC0) != 0x80) return false;
            p += 2;
        } else if (c < 0xF0) {
            if (end - p < 3) return false;
            unsigned c1 = p[1];
            if ((c1 & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return false;
            if (c == 0xE0 && c1 < 0xA0) return false; /* overlong */
            if (c == 0xED && c1 > 0x9F) return false; /* UTF-16 surrogates */
            p += 3;
        } else if (c < 0xF5) {
            if (end - p < 4) return false;
            unsigned c1 = p[1];
            if ((c1 & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return false;
            if (c == 0xF0 && c1 < 0x90) return false; /* overlong */
            if (c == 0xF4 && c1 > 0x8F) return false; /* above U+10FFFF */
            p += 4;
        } else {
            return false;
        }
    }
    return true;
}

/* Counts the bytes that are not continuation bytes (10xxxxxx), eight at a time: a byte's bit 7 set and
 * bit 6 clear marks a continuation (the search ranks every candidate by this count). */
size_t utf8_length(const char *s, size_t n) {
    size_t count = n, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;   /* 1 in each continuation byte */
        count -= (size_t)((cont * 0x0101010101010101ULL) >> 56);          /* their sum, in the top byte */
    }
    for (; i < n; i++) count -= ((unsigned char)s[i] & 0xC0) == 0x80;
    return count;
}
