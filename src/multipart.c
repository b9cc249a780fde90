/* multipart.c — multipart/form-data parsing; see multipart.h. */
#include "multipart.h"
#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool is_ws(char c) { return c == ' ' || c == '\t'; }

/* RFC 2046 bchars: what a boundary may hold. */
static bool is_bchar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c && strchr("'()+_,-./:=? ", c) != NULL);
}

/* Reads one parameter value at *pp (token or quoted string) into the arena; advances *pp. */
static char *param_value(arena *a, const char **pp, const char *e) {
    const char *p = *pp;
    if (p < e && *p == '"') {
        p++;
        char *o = arena_alloc(a, (size_t)(e - p) + 1);
        size_t w = 0;
        while (p < e && *p != '"') {
            if (*p == '\\' && p + 1 < e && p[1] == '"') p++; /* \" inside a quoted string */
            o[w++] = *p++;
        }
        if (p >= e) return NULL;   /* unterminated */
        p++;
        o[w] = 0;
        *pp = p;
        return o;
    }
    const char *s = p;
    while (p < e && *p != ';' && !is_ws(*p)) p++;
    *pp = p;
    return arena_strndup(a, s, (size_t)(p - s));
}

/* Finds parameter `want` (case-insensitive) in "type; a=1; b=\"2\"" [s, e). Returns an arena string or
 * NULL; *bad is set on a syntax error. */
static char *find_param(arena *a, const char *s, const char *e, const char *want, bool *bad) {
    const char *p = s;
    while (p < e && *p != ';') p++;  /* skip the type */
    size_t wl = strlen(want);
    while (p < e) {
        if (*p != ';') { *bad = true; return NULL; }
        p++;
        while (p < e && is_ws(*p)) p++;
        const char *ks = p;
        while (p < e && *p != '=' && *p != ';' && !is_ws(*p)) p++;
        size_t kl = (size_t)(p - ks);
        while (p < e && is_ws(*p)) p++;
        if (p >= e || *p != '=') {
            if (kl == 0 && p >= e) return NULL; /* trailing ';' */
            *bad = true;
            return NULL;
        }
        p++;
        while (p < e && is_ws(*p)) p++;
        char *v = param_value(a, &p, e);
        if (!v) { *bad = true; return NULL; }
        while (p < e && is_ws(*p)) p++;
        if (kl == wl && strncasecmp(ks, want, wl) == 0) return v;
    }
    return NULL;
}

/* Decodes %XX in s in place (RFC 5987 values and browsers' %22/%0A/%0D in filenames). */
static void pct_decode(char *s) {
    char *w = s;
    for (char *r = s; *r; r++) {
        int h1, h2;
        if (*r == '%' && r[1] && r[2] &&
            (h1 = (r[1] >= '0' && r[1] <= '9') ? r[1] - '0' : (r[1] | 32) >= 'a' && (r[1] | 32) <= 'f' ? (r[1] | 32) - 'a' + 10 : -1) >= 0 &&
            (h2 = (r[2] >= '0' && r[2] <= '9') ? r[2] - '0' : (r[2] | 32) >= 'a' && (r[2] | 32) <= 'f' ? (r[2] | 32) - 'a' + 10 : -1) >= 0) {
            *w++ = (char)(h1 * 16 + h2);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = 0;
}

/* The last path segment of a file name (after / or \). */
static const char *base_name(const char *s) {
    const char *b = s;
    for (const char *p = s; *p; p++)
        if (*p == '/' || *p == '\\') b = p + 1;
    return b;
}

const char *multipart_boundary(arena *a, const char *content_type) {
    if (!content_type) return NULL;
    const char *e = content_type + strlen(content_type);
    const char *semi = strchr(content_type, ';');
    const char *te = semi ? semi : e;
    while (te > content_type && is_ws(te[-1])) te--;
    if ((size_t)(te - content_type) != 19 || strncasecmp(content_type, "multipart/form-data", 19) != 0) return NULL;
    bool bad = false;
    char *b = find_param(a, content_type, e, "boundary", &bad);
    if (bad || !b) return NULL;
    size_t n = strlen(b);
    if (n == 0 || n > MP_MAX_BOUNDARY || b[n - 1] == ' ') return NULL;
    for (size_t i = 0; i < n; i++)
        if (!is_bchar(b[i])) return NULL;
    return b;
}

/* Parses one part's header block [s, e) into *part. Returns MP_OK or an error. */
static int parse_headers(arena *a, const char *s, const char *e, mp_part *part) {
    int lines = 0;
    bool have_cd = false;
    part->content_type = "";
    part->filename = NULL;
    while (s < e) {
        const char *le = s;
        while (le + 1 < e && !(le[0] == '\r' && le[1] == '\n')) le++;
        if (le + 1 >= e) le = e;   /* the last line (the block ends before its CRLF) */
        if (++lines > MP_MAX_HEADERS || le - s > MP_MAX_HEADER) return MP_E_HEADER;
        if (s == le || is_ws(*s)) return MP_E_MALFORMED;  /* empty or folded line */
        const char *colon = memchr(s, ':', (size_t)(le - s));
        if (!colon) return MP_E_MALFORMED;
        const char *v = colon + 1;
        while (v < le && is_ws(*v)) v++;
        const char *ve = le;
        while (ve > v && is_ws(ve[-1])) ve--;
        size_t nl = (size_t)(colon - s);
        if (nl == 19 && strncasecmp(s, "Content-Disposition", 19) == 0) {
            if (have_cd) return MP_E_MALFORMED;
            have_cd = true;
            const char *ts = v, *tend = v;
            while (tend < ve && *tend != ';' && !is_ws(*tend)) tend++;
            if ((size_t)(tend - ts) != 9 || strncasecmp(ts, "form-data", 9) != 0) return MP_E_MALFORMED;
            bool bad = false;
            char *name = find_param(a, v, ve, "name", &bad);
            if (bad || !name || !*name) return MP_E_MALFORMED;
            pct_decode(name);
            part->name = name;
            char *fn = find_param(a, v, ve, "filename", &bad);
            if (bad) return MP_E_MALFORMED;
            char *fn5987 = find_param(a, v, ve, "filename*", &bad);
            if (bad) return MP_E_MALFORMED;
            if (fn5987 && strncasecmp(fn5987, "UTF-8''", 7) == 0) {
                pct_decode(fn5987 + 7);
                fn = fn5987 + 7;
            }
            if (fn) {
                pct_decode(fn);
                part->filename = base_name(fn);
            }
        } else if (nl == 12 && strncasecmp(s, "Content-Type", 12) == 0) {
            part->content_type = arena_strndup(a, v, (size_t)(ve - v));
        }
        s = le < e ? le + 2 : e;
    }
    return have_cd ? MP_OK : MP_E_MALFORMED;
}

int multipart_parse(arena *a, const char *body, size_t len, const char *boundary, mp_part **parts, size_t *nparts) {
    *parts = NULL;
    *nparts = 0;
    size_t bl = boundary ? strlen(boundary) : 0;
    if (bl == 0 || bl > MP_MAX_BOUNDARY) return MP_E_BOUNDARY;
    /* the delimiter is CRLF "--" boundary; the first may open the body without the CRLF */
    char *delim = arena_alloc(a, bl + 5);
    memcpy(delim, "\r\n--", 4);
    memcpy(delim + 4, boundary, bl);
    size_t dl = bl + 4;
    delim[dl] = 0;
    const char *e = body + len, *p;
    if (len >= dl - 2 && memcmp(body, delim + 2, dl - 2) == 0) p = body + dl - 2;
    else {
        const char *f = memmem(body, len, delim, dl);
        if (!f) return MP_E_MALFORMED;
        p = f + dl;
    }
    mp_part *out = arena_alloc(a, sizeof *out * MP_MAX_PARTS);
    size_t n = 0;
    for (;;) {
        /* p is just after a delimiter: "--" closes, else optional padding and CRLF open a part */
        if (e - p >= 2 && p[0] == '-' && p[1] == '-') break;
        while (p < e && is_ws(*p)) p++;
        if (e - p < 2 || p[0] != '\r' || p[1] != '\n') return MP_E_MALFORMED;
        p += 2;
        /* headers end at the first empty line */
        const char *he;
        if (e - p >= 2 && p[0] == '\r' && p[1] == '\n') he = p;   /* no headers at all */
        else {
            const char *lim = (size_t)(e - p) > (size_t)(MP_MAX_HEADERS * (MP_MAX_HEADER + 2) + 4)
                                  ? p + MP_MAX_HEADERS * (MP_MAX_HEADER + 2) + 4 : e;
            const char *f = memmem(p, (size_t)(lim - p), "\r\n\r\n", 4);
            if (!f) return lim < e ? MP_E_HEADER : MP_E_MALFORMED;
            he = f + 2;
        }
        if (n == MP_MAX_PARTS) return MP_E_TOO_MANY;
        mp_part *part = &out[n];
        memset(part, 0, sizeof *part);
        int rc = parse_headers(a, p, he == p ? p : he - 2, part);
        if (rc != MP_OK) return rc;
        const char *data = he + 2;
        /* the data runs to the next delimiter that is followed by "--", padding+CRLF */
        const char *q = data;
        const char *d;
        for (;;) {
            d = (q <= e) ? memmem(q, (size_t)(e - q), delim, dl) : NULL;
            if (!d) return MP_E_MALFORMED;  /* no closing delimiter: a truncated body */
            const char *after = d + dl;
            if (e - after >= 2 && after[0] == '-' && after[1] == '-') break;
            const char *w = after;
            while (w < e && is_ws(*w)) w++;
            if (e - w >= 2 && w[0] == '\r' && w[1] == '\n') break;
            q = d + 1;   /* "--boundaryX": not a delimiter, part of the data */
        }
        part->data = data;
        part->len = (size_t)(d - data);
        n++;
        p = d + dl;
    }
    *parts = out;
    *nparts = n;
    return MP_OK;
}
