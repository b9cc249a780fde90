/* csv.c — CSV decoding, reading and writing; see csv.h. */
#include "csv.h"
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- decoding ---- */

/* Length of the valid UTF-8 sequence at p (1-4; a NUL byte counts as valid here), or 0 when the bytes
 * at p are not one: bad lead byte, missing continuation, overlong form, surrogate, above U+10FFFF. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *e) {
    unsigned c = p[0];
    if (c < 0x80) return 1;
    size_t n;
    unsigned min, cp;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)(e - p) < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

/* Bytes from p (below e) that are ASCII other than NUL, taken eight at a time (the common case of a
 * CSV file's delimiters, digits and Latin text). */
static size_t ascii_run(const unsigned char *p, const unsigned char *e) {
    const unsigned char *q = p;
    while ((size_t)(e - q) >= 8) {
        uint64_t w;
        memcpy(&w, q, 8);
        /* any byte ≥ 0x80, or any zero byte (the classic "has a zero byte" test) */
        if ((w | ((w - 0x0101010101010101ULL) & ~w)) & 0x8080808080808080ULL) break;
        q += 8;
    }
    while (q < e && *q && *q < 0x80) q++;
    return (size_t)(q - p);
}

/* utf8_seq, with the three-byte form of Chinese text (U+0800–U+FFFF less the surrogates) decided inline. */
static inline size_t utf8_seq3(const unsigned char *p, const unsigned char *e) {
    if ((p[0] & 0xF0) == 0xE0 && e - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
        (p[0] != 0xE0 || p[1] >= 0xA0) && (p[0] != 0xED || p[1] < 0xA0))
        return 3;
    return utf8_seq(p, e);
}

/* Counts the valid multi-byte UTF-8 sequences and the bytes that are not part of one. */
static void utf8_stats(const unsigned char *p, const unsigned char *e, size_t *multi, size_t *invalid) {
    *multi = *invalid = 0;
    while (p < e) {
        p += ascii_run(p, e);
        if (p >= e) break;
        if (*p < 0x80) { p++; continue; }
        size_t n = utf8_seq3(p, e);
        if (!n) { (*invalid)++; p++; continue; }
        (*multi)++;
        p += n;
    }
}

/* Copies UTF-8 with each undecodable byte replaced by NUL (runs of valid text copied whole). */
static char *copy_utf8(arena *a, const unsigned char *p, const unsigned char *e, size_t *outlen, size_t *bad) {
    char *out = arena_alloc(a, (size_t)(e - p) + 1);
    size_t w = 0;
    const unsigned char *run = p;   /* valid bytes from here to p are not copied yet */
    while (p < e) {
        p += ascii_run(p, e);
        if (p >= e) break;
        if (*p == 0) { (*bad)++; p++; continue; }   /* kept, and bad */
        size_t n = utf8_seq3(p, e);
        if (n) { p += n; continue; }
        memcpy(out + w, run, (size_t)(p - run));
        w += (size_t)(p - run);
        out[w++] = 0;
        (*bad)++;
        run = ++p;
    }
    memcpy(out + w, run, (size_t)(p - run));
    w += (size_t)(p - run);
    out[w] = 0;
    *outlen = w;
    return out;
}

/* Converts GB18030 to UTF-8 with iconv; each byte iconv refuses becomes a NUL. */
static char *from_gb18030(arena *a, const char *data, size_t len, size_t *outlen, size_t *bad) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return NULL;
    /* GB18030 → UTF-8 grows at most 3/2 (2-byte → 3-byte); 1- and 4-byte forms do not grow */
    size_t cap = len + len / 2 + 16;
    char *out = arena_alloc(a, cap);
    char *in = (char *)data, *o = out;
    size_t inleft = len, oleft = cap - 1;
    while (inleft > 0) {
        size_t rc = iconv(cd, &in, &inleft, &o, &oleft);
        if (rc != (size_t)-1) break;
        if ((errno == EILSEQ || errno == EINVAL) && oleft > 0) {
            /* an undecodable or truncated sequence: mark one byte and go on from the next */
            *o++ = 0;
            oleft--;
            in++;
            inleft--;
            (*bad)++;
            iconv(cd, NULL, NULL, NULL, NULL);
            continue;
        }
        iconv_close(cd);
        return NULL; /* E2BIG cannot happen with the capacity above */
    }
    iconv_close(cd);
    *o = 0;
    *outlen = (size_t)(o - out);
    /* a NUL byte in the input converts to NUL and is as bad: count every NUL in the output */
    size_t nuls = 0;
    for (size_t i = 0; i < *outlen; i++) nuls += out[i] == 0;
    *bad = nuls;
    return out;
}

char *csv_decode(arena *a, const char *data, size_t len, size_t *outlen, csv_encoding *enc, size_t *bad) {
    const unsigned char *p = (const unsigned char *)data, *e = p + len;
    *bad = 0;
    *outlen = 0;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
        *enc = CSV_ENC_UTF16;
        return NULL;
    }
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        *enc = CSV_ENC_UTF8_BOM;
        return copy_utf8(a, p + 3, e, outlen, bad);
    }
    /* UTF-8 when it all is, and also when it mostly is: a few broken bytes in a UTF-8 file (a damaged
     * file, a cell pasted from elsewhere) are marked, rather than the whole file read as GB18030, which
     * would turn every Chinese character into another one without a word. GBK text read as UTF-8
     * shows far more broken bytes than valid sequences (about 6 to 1 for Chinese text). */
    size_t multi, invalid;
    utf8_stats(p, e, &multi, &invalid);
    if (invalid == 0 || multi >= 4 * invalid) {
        *enc = CSV_ENC_UTF8;
        return copy_utf8(a, p, e, outlen, bad);
    }
    *enc = CSV_ENC_GB18030;
    return from_gb18030(a, data, len, outlen, bad);
}

int csv_not_text(const char *data, size_t len) {
    const unsigned char *p = (const unsigned char *)data;
    if (len >= 4 && memcmp(p, "PK\x03\x04", 4) == 0) return CSV_WORKBOOK;
    if (len >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) return CSV_WORKBOOK;
    if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) return CSV_TEXT; /* UTF-16: csv_decode */
    if (memchr(data, 0, len)) return CSV_BINARY;
    return CSV_TEXT;
}

const char *csv_encoding_name(csv_encoding enc) {
    switch (enc) {
    case CSV_ENC_UTF8: return "UTF-8";
    case CSV_ENC_UTF8_BOM: return "UTF-8 (BOM)";
    case CSV_ENC_GB18030: return "GB18030";
    case CSV_ENC_UTF16: return "UTF-16";
    }
    return "?";
}

/* ---- reading ---- */

/* Picks the delimiter from the first line: the most frequent of , ; TAB outside quotes. */
static char sniff(const char *p, const char *e) {
    size_t comma = 0, semi = 0, tab = 0;
    bool q = false;
    for (; p < e; p++) {
        if (*p == '"') q = !q;
        else if (!q && (*p == '\n' || *p == '\r')) break;
        else if (!q && *p == ',') comma++;
        else if (!q && *p == ';') semi++;
        else if (!q && *p == '\t') tab++;
    }
    if (tab > comma && tab >= semi) return '\t';
    if (semi > comma) return ';';
    return ',';
}

void csv_reader_init(csv_reader *rd, arena *a, const char *text, size_t len, char delim) {
    memset(rd, 0, sizeof *rd);
    rd->p = text;
    rd->end = text + len;
    rd->a = a;
    rd->line = 1;
    if (!delim) {
        /* Excel's "sep=;" first line */
        if (len >= 5 && strncmp(text, "sep=", 4) == 0 && text[4] != '\r' && text[4] != '\n' &&
            (len == 5 || text[5] == '\r' || text[5] == '\n')) {
            delim = text[4];
            rd->p = text + 5;
            if (rd->p < rd->end && *rd->p == '\r') rd->p++;
            if (rd->p < rd->end && *rd->p == '\n') rd->p++;
            rd->line = 2;
        } else {
            delim = sniff(text, text + len);
        }
    }
    rd->delim = delim;
}

void csv_reader_free(csv_reader *rd) {
    free(rd->fields);
    rd->fields = NULL;
    rd->cap = 0;
}

/* Adds a field to the current record (dropping fields past CSV_MAX_FIELDS). */
static void add_field(csv_reader *rd, csv_record *rec, const char *s, size_t n) {
    if (rec->nfields >= CSV_MAX_FIELDS) { rec->error = rec->error ? rec->error : CSV_E_TOO_MANY; return; }
    if (n > CSV_MAX_FIELD) { n = CSV_MAX_FIELD; if (!rec->error) rec->error = CSV_E_TOO_LONG; }
    if (rec->nfields == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 32;
        csv_field *f = realloc(rd->fields, cap * sizeof *f);
        if (!f) abort();
        rd->fields = f;
        rd->cap = cap;
    }
    rd->fields[rec->nfields++] = (csv_field){s, n};
    if (n) rec->blank = false;
}

bool csv_next(csv_reader *rd, csv_record *rec) {
    const char *p = rd->p, *e = rd->end;
    if (p >= e) return false;
    memset(rec, 0, sizeof *rec);
    rec->row = ++rd->row;
    rec->line = rd->line;
    rec->blank = true;
    const char d = rd->delim;
    for (;;) {
        /* at the start of a field */
        if (p < e && *p == '"') {
            const char *start = ++p;
            bool doubled = false;
            for (;;) {
                if (p >= e) { rec->error = CSV_E_UNCLOSED; break; }
                if (*p == '"') {
                    if (p + 1 < e && p[1] == '"') { doubled = true; p += 2; continue; }
                    break;
                }
                if (*p == '\n') rd->line++;
                else if (*p == '\r' && !(p + 1 < e && p[1] == '\n')) rd->line++;
                p++;
            }
            const char *stop = p;
            if (p < e) p++; /* the closing quote */
            const char *s = start;
            size_t n = (size_t)(stop - start);
            /* text after the closing quote (a"b"c): kept as Excel does, but reported */
            const char *tail = p;
            while (p < e && *p != d && *p != '\n' && *p != '\r') p++;
            if (doubled || p > tail) {
                char *o = arena_alloc(rd->a, n + (size_t)(p - tail) + 1);
                size_t w = 0;
                for (size_t i = 0; i < n; i++) {
                    o[w++] = s[i];
                    if (s[i] == '"' && i + 1 < n && s[i + 1] == '"') i++;
                }
                if (p > tail) {
                    memcpy(o + w, tail, (size_t)(p - tail));
                    w += (size_t)(p - tail);
                    if (!rec->error) rec->error = CSV_E_AFTER_QUOTE;
                }
                o[w] = 0;
                s = o;
                n = w;
            }
            add_field(rd, rec, s, n);
        } else {
            const char *start = p;
            while (p < e && *p != d && *p != '\n' && *p != '\r') p++;
            add_field(rd, rec, start, (size_t)(p - start));
        }
        if (p >= e) break;
        if (*p == d) { p++; if (p >= e) { add_field(rd, rec, p, 0); break; } continue; }
        /* end of record: CRLF, LF or a lone CR */
        if (*p == '\r') { p++; if (p < e && *p == '\n') p++; }
        else p++;
        rd->line++;
        break;
    }
    rd->p = p;
    rec->fields = rd->fields;
    return true;
}

/* ---- writing ---- */

void csv_put(buf *b, const char *s, size_t n, bool first, bool number) {
    if (!first) buf_putc(b, ',');
    bool neutralise = !number && n > 0 &&
                      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
    bool quote = neutralise || (n > 0 && (s[0] == ' ' || s[n - 1] == ' '));
    for (size_t i = 0; i < n && !quote; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') quote = true;
    if (!quote) { buf_append(b, s, n); return; }
    buf_putc(b, '"');
    if (neutralise) buf_putc(b, '\'');
    size_t from = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '"') {
            buf_append(b, s + from, i + 1 - from);
            buf_putc(b, '"');
            from = i + 1;
        }
    buf_append(b, s + from, n - from);
    buf_putc(b, '"');
}

void csv_end_row(buf *b) { buf_append(b, "\r\n", 2); }

bool csv_is_neutralised(const char *s, size_t n) {
    return n >= 2 && s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@' || s[1] == '\t' || s[1] == '\r');
}
