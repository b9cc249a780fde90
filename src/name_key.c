/* name_key.c — the sort key of a name in pinyin order; see name_key.h.
 *
 * The order Chinese software traditionally gives names is their GB2312/GB18030 byte order (MySQL's
 * ORDER BY CONVERT(name USING gbk)): ASCII first (digits, then Latin letters by byte), then the 3,755
 * common (GB2312 level-1) characters in pinyin order, with GB2312's own reading for the characters that
 * have several (长城 under C). That byte order puts the 3,008 level-2 characters by radical and stroke
 * after every level-1 one, and rarer ones where their GB18030 code falls: 鑫, 昊, 晟 and 琪, frequent in
 * company names, sorted after every Z name. This key keeps the GB order for everything GB2312 orders by
 * pinyin and places every other Chinese character by its pinyin, as ICU's Chinese collation (CLDR "zh",
 * pinyin, primary strength) orders it among the level-1 characters: right after its anchor, the level-1
 * character ICU puts last at or before it (鑫 after 新 and before 星).
 *
 * A name's key is one unit per character, each followed by the byte 0x01:
 *   ASCII                                  the byte (0x00 and 0x01 as 0x02)
 *   a Chinese character outside GB2312     GB(anchor) 0x02 ICU-key   (GB(anchor): 2 bytes; with no
 *     level 1 (CJK ideographs)             anchor, i.e. before every level-1 character, AF FF)
 *   anything else (level-1 characters,     the character's GB18030 bytes (2 or 4)
 *     symbols, other scripts)
 *   a byte that is not UTF-8               FE, the byte (0x00 and 0x01 as 0x02): after everything else
 * No unit holds 0x00 or 0x01 (GB18030 bytes are 0x30 and above, ICU's key bytes 0x02 and above), so:
 *   - comparing two keys with memcmp compares the names character by character (a name sorts before the
 *     longer names it starts, a character placed after its anchor sorts after the anchor itself);
 *   - the key of a prefix is a byte prefix of the key of every name that starts with it, and no unit
 *     starts with 0xFF, so key || x'FF' is an upper bound for all of them (the name-prefix filters and
 *     the search's prefix candidates use this range).
 * Dependencies: iconv (glibc) for GB18030, ICU (libicu, Debian's libicu-dev) for the pinyin of the
 * characters GB2312 does not order. One collator, one converter, the level-1 table (3,755 ICU keys,
 * built on first use) and a cache of character units per process (workers are single-threaded). */
#include "name_key.h"
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>
#include <unicode/utf16.h>

#define ICU_KEY_MAX 24         /* ICU key bytes kept (a Chinese character's primary key has 2-4) */
#define UNIT_MAX 31            /* a unit's bytes, without its terminator */
#define CACHE_SIZE 16384       /* character units remembered (names use a few thousand characters) */
#define LEVEL1 3755            /* GB2312 level 1: B0A1..D7F9 */

typedef struct { uint32_t cp; uint8_t len; uint8_t unit[15]; } cached_unit;
typedef struct { uint8_t gb[2]; uint8_t len; uint8_t key[ICU_KEY_MAX]; } anchor;

static UCollator *collator;
static iconv_t to_gb = (iconv_t)-1;
static anchor *level1;         /* the level-1 characters sorted by their ICU key */
static cached_unit cache[CACHE_SIZE];

/* The primary ICU key of cp (without the terminating 0x00) in out (ICU_KEY_MAX); returns its length. */
static size_t icu_key(uint32_t cp, uint8_t *out) {
    UChar u[2];
    int32_t ulen = 0;
    UBool bad = 0;
    U16_APPEND(u, ulen, 2, (UChar32)cp, bad);   /* (cannot fail: cp is a scalar value, u has room) */
    (void)bad;
    uint8_t key[64];
    int32_t klen = ucol_getSortKey(collator, u, ulen, key, sizeof key);
    size_t n = klen > 0 ? (size_t)klen - 1 : 0;
    if (n > ICU_KEY_MAX) n = ICU_KEY_MAX;
    memcpy(out, key, n);
    return n;
}

static int by_icu_key(const void *a, const void *b) {
    const anchor *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->key, y->key, n);
    return c ? c : (int)x->len - (int)y->len;
}

/* Opens the collator and the converter and builds the level-1 table. Returns 0 or -1. */
static int setup(void) {
    if (level1) return 0;
    UErrorCode st = U_ZERO_ERROR;
    collator = ucol_open("zh@collation=pinyin", &st);
    if (U_FAILURE(st) || !collator) return -1;
    ucol_setStrength(collator, UCOL_PRIMARY);
    to_gb = iconv_open("GB18030", "UTF-8");
    iconv_t from_gb = iconv_open("UTF-32LE", "GB18030");
    anchor *t = calloc(LEVEL1, sizeof *t);
    if (to_gb == (iconv_t)-1 || from_gb == (iconv_t)-1 || !t) {
        if (from_gb != (iconv_t)-1) iconv_close(from_gb);
        free(t);
        return -1;
    }
    size_t n = 0;
    for (int hi = 0xB0; hi <= 0xD7; hi++)
        for (int lo = 0xA1; lo <= 0xFE && n < LEVEL1; lo++) {
            char gb[2] = {(char)hi, (char)lo}, *in = gb, u32[4], *out = u32;
            size_t inleft = 2, outleft = 4;
            iconv(from_gb, NULL, NULL, NULL, NULL);
            if (iconv(from_gb, &in, &inleft, &out, &outleft) == (size_t)-1 || outleft != 0) continue;
            uint32_t cp = (uint8_t)u32[0] | (uint32_t)(uint8_t)u32[1] << 8 | (uint32_t)(uint8_t)u32[2] << 16;
            t[n].gb[0] = (uint8_t)hi;
            t[n].gb[1] = (uint8_t)lo;
            t[n].len = (uint8_t)icu_key(cp, t[n].key);
            n++;
        }
    iconv_close(from_gb);
    qsort(t, n, sizeof *t, by_icu_key);
    if (n != LEVEL1) { free(t); return -1; }
    level1 = t;
    return 0;
}

/* Decodes one UTF-8 character at s (n bytes left); returns its length, 0 when s[0] does not start a
 * valid sequence (an overlong form, a surrogate, a missing continuation byte). */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
    unsigned c = s[0];
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || len > n) return 0;
    uint32_t v = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    static const uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < least[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

static bool is_ideograph(uint32_t cp) {
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3134F);
}

/* The unit of a non-ASCII character (UTF-8 bytes s[0..len)) in out (UNIT_MAX); returns its length. */
static size_t make_unit(uint32_t cp, const unsigned char *s, size_t len, uint8_t *out) {
    char gb[8], *in = (char *)s, *o = gb;
    size_t inleft = len, outleft = sizeof gb;
    iconv(to_gb, NULL, NULL, NULL, NULL);
    size_t gblen = iconv(to_gb, &in, &inleft, &o, &outleft) == (size_t)-1 ? 0 : sizeof gb - outleft;
    bool in_level1 = gblen == 2 && (uint8_t)gb[0] >= 0xB0 && (uint8_t)gb[0] <= 0xD7 && (uint8_t)gb[1] >= 0xA1;
    if (!is_ideograph(cp) || in_level1) {
        if (gblen == 0) {   /* (GB18030 covers all of Unicode: not expected) */
            out[0] = 0xFE;
            out[1] = 0xFE;
            return 2;
        }
        memcpy(out, gb, gblen);
        return gblen;
    }
    anchor me;
    me.len = (uint8_t)icu_key(cp, me.key);
    size_t lo = 0, hi = LEVEL1;   /* the first level-1 character ICU puts after cp */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (by_icu_key(&level1[mid], &me) <= 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) { out[0] = 0xAF; out[1] = 0xFF; }
    else memcpy(out, level1[lo - 1].gb, 2);
    out[2] = 0x02;
    size_t k = me.len > UNIT_MAX - 3 ? UNIT_MAX - 3 : me.len;
    memcpy(out + 3, me.key, k);
    return 3 + k;
}

long name_key_make(const char *text, size_t n, unsigned char *out) {
    if (setup() != 0) return -1;
    const unsigned char *s = (const unsigned char *)text;
    size_t w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {   /* not UTF-8: after everything else, by the byte */
            out[w++] = 0xFE;
            out[w++] = s[i] < 2 ? 2 : s[i];
        } else if (len == 1) {
            out[w++] = s[i] < 2 ? 2 : s[i];
        } else {
            cached_unit *slot = &cache[(cp * 2654435761u) & (CACHE_SIZE - 1)];
            if (slot->cp == cp && slot->len) {
                memcpy(out + w, slot->unit, slot->len);
                w += slot->len;
            } else {
                uint8_t unit[UNIT_MAX];
                size_t k = make_unit(cp, s + i, len, unit);
                memcpy(out + w, unit, k);
                w += k;
                if (k <= sizeof slot->unit) {
                    slot->cp = cp;
                    slot->len = (uint8_t)k;
                    memcpy(slot->unit, unit, k);
                }
            }
        }
        out[w++] = 0x01;
        i += len ? len : 1;
    }
    return (long)w;
}
