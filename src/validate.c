/* validate.c — field validation for every form (see validate.h): trimming, full-width folding for
 * numbers/phones/e-mail typed with a Chinese IME, per-kind parsers and their error keys, and
 * money_format/date_format for display.
 *
 * Conventions beyond the header:
 *  - raw input that is not valid UTF-8 (or holds a NUL) gives err.encoding for every kind; so do
 *    control characters in F_TEXT/F_MULTILINE/F_PASSWORD (C0, DEL and C1; F_MULTILINE allows \n, \t).
 *  - on an error out->i is 0, out->present says whether something non-empty was sent, and
 *    out->text holds the submitted (trimmed) text so the form can be shown again — except after
 *    err.encoding (the text is unsafe to echo) and err.required, where it is "".
 *  - text kinds and F_PASSWORD: min/max both 0 = defaults; otherwise min as given and max <= 0
 *    means the default maximum. F_INT/F_MONEY/F_ID/F_DATE/F_DATETIME: both 0 = no extra range
 *    (F_MONEY is always within ±9e15 fen, F_ID within 1..2^53); otherwise [min, max] → err.range.
 *    F_ENUM, F_PHONE, F_EMAIL and F_BOOL ignore min/max.
 *  - err.range and err.too_long/err.too_short carry the bound that was crossed as param.
 *  - numbers, money, dates, phones and e-mail accept full-width ASCII forms (U+FF01..U+FF5E) and
 *    U+3000 as a space; money may start with ¥ or ￥; dates may be YYYY/M/D, YYYY.M.D or
 *    YYYY年M月D[日]; phone text keeps the user's layout with runs of spaces collapsed; e-mail
 *    text has its domain lower-cased (U+3002 "。" counts as a dot); F_DATETIME i = seconds since
 *    1970-01-01 00:00:00 (wall-clock, no zone); F_BOOL text is "1"/"0" and F_ENUM text the choice. */
#include "validate.h"
#include <limits.h>
#include <string.h>
#include <time.h>

#define MONEY_LIMIT 9000000000000000LL /* ±9e15 fen */
#define ID_MAX (1LL << 53)
#define EMAIL_MAX 254

static const char ERR_REQUIRED[] = "err.required", ERR_TOO_LONG[] = "err.too_long",
                  ERR_TOO_SHORT[] = "err.too_short", ERR_NOT_INT[] = "err.not_int", ERR_RANGE[] = "err.range",
                  ERR_MONEY[] = "err.money", ERR_DATE[] = "err.date", ERR_DATETIME[] = "err.datetime",
                  ERR_CHOICE[] = "err.choice", ERR_PHONE[] = "err.phone", ERR_EMAIL[] = "err.email",
                  ERR_BOOL[] = "err.bool", ERR_ENCODING[] = "err.encoding";

/* ---- small helpers ---- */

static bool is_space(unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static bool has_lit(const char *p, const char *e, const char *lit, size_t n) {
    return (size_t)(e - p) >= n && memcmp(p, lit, n) == 0;
}

/* Trims ASCII whitespace and U+3000 (E3 80 80) at both ends of valid UTF-8 [*b, *e). */
static void trim(const char **pb, const char **pe) {
    const unsigned char *b = (const unsigned char *)*pb, *e = (const unsigned char *)*pe;
    for (;;) {
        if (b < e && is_space(*b)) b++;
        else if (e - b >= 3 && b[0] == 0xE3 && b[1] == 0x80 && b[2] == 0x80) b += 3;
        else break;
    }
    for (;;) {
        if (e > b && is_space(e[-1])) e--;
        else if (e - b >= 3 && e[-3] == 0xE3 && e[-2] == 0x80 && e[-1] == 0x80) e -= 3;
        else break;
    }
    *pb = (const char *)b;
    *pe = (const char *)e;
}

/* Folds full-width ASCII forms to ASCII and U+3000 to ' ' (and U+3002 to '.' when dots), so input
 * typed with a Chinese IME parses. Returns s itself when it is all ASCII. */
static const char *fold_width(arena *a, const char *s, size_t n, size_t *outn, bool dots) {
    size_t i = 0;
    while (i < n && (unsigned char)s[i] < 0x80) i++;
    if (i == n) { *outn = n; return s; }
    char *o = arena_alloc(a, n + 1);
    memcpy(o, s, i);
    size_t k = i;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (n - i >= 3) {
            unsigned char c1 = (unsigned char)s[i + 1], c2 = (unsigned char)s[i + 2];
            if (c == 0xEF && c1 == 0xBC && c2 >= 0x81) { o[k++] = (char)(c2 - 0x81 + 0x21); i += 3; continue; }
            if (c == 0xEF && c1 == 0xBD && c2 <= 0x9E) { o[k++] = (char)(c2 - 0x80 + 0x60); i += 3; continue; }
            if (c == 0xE3 && c1 == 0x80 && c2 == 0x80) { o[k++] = ' '; i += 3; continue; }
            if (dots && c == 0xE3 && c1 == 0x80 && c2 == 0x82) { o[k++] = '.'; i += 3; continue; }
        }
        o[k++] = (char)c;
        i++;
    }
    o[k] = 0;
    *outn = k;
    return o;
}

/* Writes v in decimal into the arena. */
static char *fmt_ll(arena *a, long long v) {
    char tmp[24];
    int p = (int)sizeof tmp;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do { tmp[--p] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) tmp[--p] = '-';
    return arena_strndup(a, tmp + p, sizeof tmp - (size_t)p);
}

/* min/max for the length-limited kinds (see the conventions above). */
static void len_bounds(const field_spec *s, long long defmin, long long defmax, long long *mn, long long *mx) {
    if (s->min == 0 && s->max == 0) { *mn = defmin; *mx = defmax; return; }
    *mn = s->min;
    *mx = s->max > 0 ? s->max : defmax;
}

/* Range check shared by the numeric kinds; returns an error key or NULL. */
static const char *check_range(long long v, long long mn, long long mx, long long *param) {
    if (v < mn) { *param = mn; return ERR_RANGE; }
    if (v > mx) { *param = mx; return ERR_RANGE; }
    return NULL;
}

/* ---- text kinds ---- */

/* Copies valid UTF-8 s[0..n) to the arena, refusing control characters (C0, DEL, C1); with
 * multiline, \n and \t pass and \r\n or a lone \r become \n. *chars gets the code point count. */
static const char *check_text(arena *a, const char *s, size_t n, bool multiline, char **out, size_t *chars) {
    char *o = arena_alloc(a, n + 1);
    size_t k = 0, count = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            if (!multiline || (c != '\n' && c != '\t' && c != '\r')) return ERR_ENCODING;
            if (c == '\r') {
                if (i + 1 < n && s[i + 1] == '\n') i++;
                c = '\n';
            }
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] < 0xA0) {
            return ERR_ENCODING; /* C1 control U+0080..U+009F */
        }
        count += (c & 0xC0) != 0x80;
        o[k++] = (char)c;
    }
    o[k] = 0;
    *out = o;
    *chars = count;
    return NULL;
}

static const char *v_text(arena *a, const field_spec *spec, const char *s, size_t n, field_value *out,
                          long long *param, long long defmin, long long defmax, bool multiline) {
    char *t;
    size_t chars;
    const char *err = check_text(a, s, n, multiline, &t, &chars);
    if (err) return err;
    long long mn, mx;
    len_bounds(spec, defmin, defmax, &mn, &mx);
    if ((long long)chars > mx) { *param = mx; return ERR_TOO_LONG; }
    if ((long long)chars < mn) { *param = mn; return ERR_TOO_SHORT; }
    out->text = t;
    return NULL;
}

/* ---- integers ---- */

/* Parses [+-]digits. Returns false when it is not an integer; *ovf is -1/+1 when it does not fit. */
static bool parse_ll(const char *s, size_t n, long long *v, int *ovf) {
    size_t i = 0;
    bool neg = false;
    *ovf = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
    if (i == n) return false;
    unsigned long long u = 0, lim = neg ? (unsigned long long)LLONG_MAX + 1 : (unsigned long long)LLONG_MAX;
    for (; i < n; i++) {
        if (!is_digit((unsigned char)s[i])) return false;
        unsigned d = (unsigned)(s[i] - '0');
        if (u > (lim - d) / 10) *ovf = neg ? -1 : 1;
        else u = u * 10 + d;
    }
    if (*ovf) return true;
    *v = neg ? (long long)(0ULL - u) : (long long)u;
    return true;
}

static const char *v_int(arena *a, const field_spec *spec, const char *s, size_t n, field_value *out,
                         long long *param, long long mn, long long mx) {
    size_t fn;
    const char *f = fold_width(a, s, n, &fn, false);
    long long v = 0;
    int ovf;
    if (!parse_ll(f, fn, &v, &ovf)) return ERR_NOT_INT;
    if (spec->min != 0 || spec->max != 0) {
        if (spec->min > mn) mn = spec->min;
        if (spec->max < mx) mx = spec->max;
    }
    if (ovf) { *param = ovf < 0 ? mn : mx; return ERR_RANGE; }
    const char *err = check_range(v, mn, mx, param);
    if (err) return err;
    out->i = v;
    out->text = fmt_ll(a, v);
    return NULL;
}

/* ---- money ---- */

/* Parses [+-][¥|￥]int[.d[d]] where int is plain digits or correctly grouped "1,234,567".
 * Returns false on bad syntax; *ovf is set when |value| exceeds MONEY_LIMIT fen. */
static bool parse_money(const char *s, size_t n, long long *fen, bool *ovf) {
    const char *p = s, *e = s + n;
    bool neg = false;
    *ovf = false;
    if (p < e && (*p == '+' || *p == '-')) neg = *p++ == '-';
    if (has_lit(p, e, "\xC2\xA5", 2)) p += 2;
    else if (has_lit(p, e, "\xEF\xBF\xA5", 3)) p += 3;
    long long yuan = 0;
    int group = 0, ngroups = 1;
    bool commas = false;
    for (; p < e && *p != '.'; p++) {
        if (is_digit((unsigned char)*p)) {
            group++;
            if (yuan > MONEY_LIMIT / 100) *ovf = true;
            else yuan = yuan * 10 + (*p - '0');
        } else if (*p == ',') {
            /* first group 1-3 digits, later groups exactly 3 */
            if (group == 0 || group > 3 || (ngroups > 1 && group != 3)) return false;
            commas = true;
            group = 0;
            ngroups++;
        } else {
            return false;
        }
    }
    if (group == 0 || (commas && group != 3)) return false;
    long long frac = 0;
    if (p < e) { /* *p == '.' */
        p++;
        size_t nd = (size_t)(e - p);
        if (nd < 1 || nd > 2) return false;
        for (size_t k = 0; k < nd; k++) {
            if (!is_digit((unsigned char)p[k])) return false;
            frac = frac * 10 + (p[k] - '0');
        }
        if (nd == 1) frac *= 10;
    }
    long long v = yuan * 100 + frac; /* yuan < 1e15 here, so no overflow */
    if (*ovf || v > MONEY_LIMIT) { *ovf = true; v = MONEY_LIMIT; }
    *fen = neg ? -v : v;
    return true;
}

static const char *v_money(arena *a, const field_spec *spec, const char *s, size_t n, field_value *out,
                           long long *param) {
    size_t fn;
    const char *f = fold_width(a, s, n, &fn, false);
    long long fen = 0, mn = -MONEY_LIMIT, mx = MONEY_LIMIT;
    bool ovf;
    if (!parse_money(f, fn, &fen, &ovf)) return ERR_MONEY;
    if (spec->min != 0 || spec->max != 0) {
        if (spec->min > mn) mn = spec->min;
        if (spec->max < mx) mx = spec->max;
    }
    if (ovf) { *param = fen < 0 ? mn : mx; return ERR_RANGE; }
    const char *err = check_range(fen, mn, mx, param);
    if (err) return err;
    out->i = fen;
    out->text = money_format(a, fen);
    return NULL;
}

/* Writes u's digits in groups of three ("12,345") backwards into tmp before position p; returns the new p. */
static int grouped_digits(unsigned long long u, char *tmp, int p) {
    int g = 0;
    do {
        if (g == 3) { tmp[--p] = ','; g = 0; }
        tmp[--p] = (char)('0' + u % 10);
        u /= 10;
        g++;
    } while (u);
    return p;
}

size_t money_format_to(long long fen, char *out, size_t outlen) {
    char tmp[40];
    int p = (int)sizeof tmp;
    unsigned long long u = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
    unsigned cents = (unsigned)(u % 100);
    u /= 100;
    tmp[--p] = (char)('0' + cents % 10);
    tmp[--p] = (char)('0' + cents / 10);
    tmp[--p] = '.';
    p = grouped_digits(u, tmp, p);
    if (fen < 0) tmp[--p] = '-';
    size_t n = sizeof tmp - (size_t)p;
    if (!outlen) return 0;
    if (n >= outlen) n = outlen - 1;
    memcpy(out, tmp + p, n);
    out[n] = 0;
    return n;
}

char *count_format(arena *a, long long n) {
    char tmp[32];
    int p = grouped_digits(n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n, tmp, (int)sizeof tmp);
    if (n < 0) tmp[--p] = '-';
    return arena_strndup(a, tmp + p, sizeof tmp - (size_t)p);
}

char *count_format_capped(arena *a, long long n, long long cap) {
    return n > cap ? arena_cat(a, count_format(a, cap), "+") : count_format(a, n);
}

char *money_format(arena *a, long long fen) {
    char tmp[40];
    size_t n = money_format_to(fen, tmp, sizeof tmp);
    return arena_strndup(a, tmp, n);
}

/* ---- dates ---- */

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m) {
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, long long *y, unsigned *m, unsigned *d) {
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (long long)yoe + era * 400 + (*m <= 2);
}

/* Writes v as exactly w digits (v >= 0, fits). */
static char *put_digits(char *o, int v, int w) {
    for (int k = w - 1; k >= 0; k--) { o[k] = (char)('0' + v % 10); v /= 10; }
    return o + w;
}

/* "YYYY-MM-DD" (year 1900-2999) into o, which needs 10 bytes; returns the end. */
static char *put_date(char *o, int y, int m, int d) {
    o = put_digits(o, y, 4);
    *o++ = '-';
    o = put_digits(o, m, 2);
    *o++ = '-';
    return put_digits(o, d, 2);
}

/* Reads min..max digits at p; returns the end or NULL. */
static const char *digits(const char *p, const char *e, int minn, int maxn, int *v) {
    int n = 0, x = 0;
    while (p < e && n < maxn && is_digit((unsigned char)*p)) { x = x * 10 + (*p++ - '0'); n++; }
    if (n < minn) return NULL;
    *v = x;
    return p;
}

#define CJK_YEAR "\xE5\xB9\xB4"  /* 年 */
#define CJK_MONTH "\xE6\x9C\x88" /* 月 */
#define CJK_DAY "\xE6\x97\xA5"   /* 日 */

/* Parses a real calendar date (years 1900-2999) at the start of [p, e); returns its end or NULL. */
static const char *parse_date(const char *p, const char *e, int *y, int *m, int *d) {
    char sep = 0;
    if (!(p = digits(p, e, 4, 4, y))) return NULL;
    if (p < e && (*p == '-' || *p == '/' || *p == '.')) sep = *p++;
    else if (has_lit(p, e, CJK_YEAR, 3)) p += 3;
    else return NULL;
    if (!(p = digits(p, e, 1, 2, m))) return NULL;
    if (sep) {
        if (p >= e || *p != sep) return NULL;
        p++;
    } else {
        if (!has_lit(p, e, CJK_MONTH, 3)) return NULL;
        p += 3;
    }
    if (!(p = digits(p, e, 1, 2, d))) return NULL;
    if (!sep && has_lit(p, e, CJK_DAY, 3)) p += 3;
    if (*y < 1900 || *y > 2999 || *m < 1 || *m > 12 || *d < 1 || *d > month_days(*y, *m)) return NULL;
    return p;
}

static const char *v_date(arena *a, const field_spec *spec, const char *s, size_t n, field_value *out,
                          long long *param) {
    size_t fn;
    const char *f = fold_width(a, s, n, &fn, false);
    int y, m, d;
    const char *end = parse_date(f, f + fn, &y, &m, &d);
    if (!end || end != f + fn) return ERR_DATE;
    long long days = days_from_civil(y, (unsigned)m, (unsigned)d);
    if (spec->min != 0 || spec->max != 0) {
        const char *err = check_range(days, spec->min, spec->max, param);
        if (err) return err;
    }
    out->i = days;
    char *o = arena_alloc(a, 11);
    *put_date(o, y, m, d) = 0;
    out->text = o;
    return NULL;
}

static const char *v_datetime(arena *a, const field_spec *spec, const char *s, size_t n, field_value *out,
                              long long *param) {
    size_t fn;
    const char *f = fold_width(a, s, n, &fn, false);
    const char *p, *e = f + fn;
    int y, m, d, hh, mi, ss = 0;
    if (!(p = parse_date(f, e, &y, &m, &d))) return ERR_DATETIME;
    if (p < e && (*p == 'T' || *p == 't')) p++;
    else if (p < e && *p == ' ') { while (p < e && *p == ' ') p++; }
    else return ERR_DATETIME;
    if (!(p = digits(p, e, 1, 2, &hh)) || p >= e || *p++ != ':') return ERR_DATETIME;
    if (!(p = digits(p, e, 2, 2, &mi))) return ERR_DATETIME;
    if (p < e && *p == ':') {
        if (!(p = digits(p + 1, e, 2, 2, &ss))) return ERR_DATETIME;
        if (p < e && *p == '.') { /* fractional seconds from datetime-local inputs: dropped */
            int frac;
            if (!(p = digits(p + 1, e, 1, 9, &frac))) return ERR_DATETIME;
        }
    }
    if (p != e || hh > 23 || mi > 59 || ss > 59) return ERR_DATETIME;
    long long t = days_from_civil(y, (unsigned)m, (unsigned)d) * 86400 + hh * 3600 + mi * 60 + ss;
    if (spec->min != 0 || spec->max != 0) {
        const char *err = check_range(t, spec->min, spec->max, param);
        if (err) return err;
    }
    out->i = t;
    char *o = arena_alloc(a, 20), *q = put_date(o, y, m, d);
    *q++ = ' ';
    q = put_digits(q, hh, 2);
    *q++ = ':';
    q = put_digits(q, mi, 2);
    *q++ = ':';
    *put_digits(q, ss, 2) = 0;
    out->text = o;
    return NULL;
}

char *date_format(arena *a, long long days) {
    /* keep the arithmetic far from overflow; the result is meaningless that far out anyway */
    const long long lim = 1LL << 40;
    if (days > lim) days = lim;
    if (days < -lim) days = -lim;
    long long y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    return arena_printf(a, "%04lld-%02u-%02u", y, m, d);
}

/* ---- phone ---- */

#define CJK_ZHUAN "\xE8\xBD\xAC" /* 转 */

/* [+] then digits, spaces, '-' (after a digit or ')') and one level of non-empty parentheses,
 * ending in a digit, 5-20 digits in all; then optionally 转/ext/ext. and 1-10 digits. */
static const char *v_phone(arena *a, const char *s, size_t n, field_value *out) {
    size_t fn;
    const char *f = fold_width(a, s, n, &fn, false);
    const char *p = f, *e = f + fn;
    int ndig = 0;
    bool open = false;
    char last = 0; /* last non-space character of the main number */
    if (p < e && *p == '+') { p++; last = '+'; }
    for (; p < e; p++) {
        char c = *p;
        if (c == ' ') continue;
        if (is_digit((unsigned char)c)) ndig++;
        else if (c == '(') { if (open) return ERR_PHONE; open = true; }
        else if (c == ')') { if (!open || !is_digit((unsigned char)last)) return ERR_PHONE; open = false; }
        else if (c == '-') { if (!is_digit((unsigned char)last) && last != ')') return ERR_PHONE; }
        else break;
        last = c;
    }
    if (open || ndig < 5 || ndig > 20 || !is_digit((unsigned char)last)) return ERR_PHONE;
    if (p < e) { /* extension: 转123, ext123, ext. 123 */
        if (has_lit(p, e, CJK_ZHUAN, 3)) p += 3;
        else if (e - p >= 3 && (p[0] | 0x20) == 'e' && (p[1] | 0x20) == 'x' && (p[2] | 0x20) == 't') {
            p += 3;
            if (p < e && *p == '.') p++;
        } else {
            return ERR_PHONE;
        }
        while (p < e && *p == ' ') p++;
        int ext = 0;
        while (p < e && is_digit((unsigned char)*p)) { p++; ext++; }
        if (p != e || ext < 1 || ext > 10) return ERR_PHONE;
    }
    /* text: the folded input with runs of spaces collapsed */
    char *o = arena_alloc(a, fn + 1);
    size_t k = 0;
    for (size_t i = 0; i < fn; i++) {
        if (f[i] == ' ' && k > 0 && o[k - 1] == ' ') continue;
        o[k++] = f[i];
    }
    o[k] = 0;
    out->text = o;
    return NULL;
}

/* ---- e-mail ---- */

static bool email_local_char(unsigned char c) {
    if (c >= 0x80) return true; /* UTF-8 (internationalised addresses); controls were refused earlier */
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c)) return true;
    return c && strchr("!#$%&'*+/=?^_`{|}~-.", c) != NULL;
}

static bool domain_char(unsigned char c) {
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '-';
}

static const char *v_email(arena *a, const char *s, size_t n, field_value *out, long long *param) {
    size_t fn;
    const char *f = fold_width(a, s, n, &fn, true);
    if (utf8_length(f, fn) > EMAIL_MAX) { *param = EMAIL_MAX; return ERR_TOO_LONG; }
    const char *at = memchr(f, '@', fn), *e = f + fn;
    if (!at) return ERR_EMAIL;
    size_t ll = (size_t)(at - f);
    if (ll < 1 || ll > 64 || f[0] == '.' || at[-1] == '.') return ERR_EMAIL;
    for (size_t i = 0; i < ll; i++) {
        unsigned char c = (unsigned char)f[i];
        if (!email_local_char(c) || (c == '.' && f[i + 1] == '.')) return ERR_EMAIL;
        if (c == 0xC2 && (unsigned char)f[i + 1] <= 0xA0) return ERR_EMAIL; /* C1 controls, NBSP */
    }
    const char *dom = at + 1;
    if (e - dom < 1 || e - dom > 253) return ERR_EMAIL;
    int labels = 0;
    const char *lb = dom;
    bool tld_digits = true;
    for (const char *p = dom;; p++) {
        if (p == e || *p == '.') {
            size_t len = (size_t)(p - lb);
            if (len < 1 || len > 63 || lb[0] == '-' || p[-1] == '-') return ERR_EMAIL;
            labels++;
            if (p == e) {
                tld_digits = true;
                for (const char *q = lb; q < p; q++) tld_digits = tld_digits && is_digit((unsigned char)*q);
                if (len < 2) return ERR_EMAIL;
                break;
            }
            lb = p + 1;
        } else if (!domain_char((unsigned char)*p)) {
            return ERR_EMAIL; /* also a second '@' */
        } else if ((unsigned char)*p == 0xC2 && p + 1 < e && (unsigned char)p[1] <= 0xA0) {
            return ERR_EMAIL;
        }
    }
    if (labels < 2 || tld_digits) return ERR_EMAIL;
    char *o = arena_strndup(a, f, fn);
    for (char *q = o + ll + 1; *q; q++)
        if (*q >= 'A' && *q <= 'Z') *q = (char)(*q + 32);
    out->text = o;
    return NULL;
}

/* ---- the rest ---- */

static bool ascii_ieq(const char *s, size_t n, const char *lit) {
    size_t i = 0;
    for (; i < n && lit[i]; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != lit[i]) return false;
    }
    return i == n && !lit[i];
}

static const char *v_bool(const char *s, size_t n, field_value *out) {
    static const char *const yes[] = {"1", "on", "true", "yes"}, *const no[] = {"0", "off", "false"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (ascii_ieq(s, n, yes[i])) { out->i = 1; out->text = "1"; return NULL; }
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (ascii_ieq(s, n, no[i])) { out->i = 0; out->text = "0"; return NULL; }
    return ERR_BOOL;
}

static const char *v_enum(const field_spec *spec, const char *s, size_t n, field_value *out) {
    if (!spec->choices) return ERR_CHOICE;
    for (size_t i = 0; spec->choices[i]; i++) {
        const char *c = spec->choices[i];
        if (strlen(c) == n && memcmp(c, s, n) == 0) {
            out->i = (long long)i;
            out->text = c;
            return NULL;
        }
    }
    return ERR_CHOICE;
}

const char *validate_field(arena *a, const field_spec *spec, const char *raw, size_t rawlen,
                           field_value *out, long long *param) {
    long long scratch;
    if (!param) param = &scratch;
    *param = 0;
    out->present = false;
    out->text = "";
    out->i = 0;
    if (raw && !utf8_valid(raw, rawlen)) {
        out->present = rawlen > 0;
        return ERR_ENCODING;
    }
    const char *b = raw, *e = raw ? raw + rawlen : NULL;
    if (raw && spec->kind != F_PASSWORD) trim(&b, &e);
    if (!raw || b == e) return spec->required ? ERR_REQUIRED : NULL;
    size_t n = (size_t)(e - b);
    const char *err;
    out->present = true;
    switch (spec->kind) {
    case F_TEXT: err = v_text(a, spec, b, n, out, param, 0, 200, false); break;
    case F_MULTILINE: err = v_text(a, spec, b, n, out, param, 0, 4000, true); break;
    case F_PASSWORD: err = v_text(a, spec, b, n, out, param, 8, 128, false); break;
    case F_INT: err = v_int(a, spec, b, n, out, param, LLONG_MIN, LLONG_MAX); break;
    case F_ID: err = v_int(a, spec, b, n, out, param, 1, ID_MAX); break;
    case F_MONEY: err = v_money(a, spec, b, n, out, param); break;
    case F_DATE: err = v_date(a, spec, b, n, out, param); break;
    case F_DATETIME: err = v_datetime(a, spec, b, n, out, param); break;
    case F_ENUM: err = v_enum(spec, b, n, out); break;
    case F_PHONE: err = v_phone(a, b, n, out); break;
    case F_EMAIL: err = v_email(a, b, n, out, param); break;
    case F_BOOL: err = v_bool(b, n, out); break;
    default: err = ERR_ENCODING; break;
    }
    if (err) {
        out->i = 0;
        out->text = err == ERR_ENCODING ? "" : arena_strndup(a, b, n);
    }
    return err;
}

/* errs may be NULL to only count (the count is still capped at VALIDATE_MAX_ERRORS). A field given
 * twice is judged by its first value. */
size_t validate_form(arena *a, const field_spec *specs, size_t nspecs, const kvlist *input,
                     field_value *values, field_error *errs) {
    size_t nerr = 0;
    for (size_t i = 0; i < nspecs; i++) {
        const kv *item = NULL;
        if (input)
            for (size_t k = 0; k < input->n; k++)
                if (input->items[k].key && strcmp(input->items[k].key, specs[i].name) == 0) {
                    item = &input->items[k];
                    break;
                }
        const char *raw = item ? item->val : NULL;
        long long param = 0;
        const char *key = validate_field(a, &specs[i], raw, raw ? item->vlen : 0, &values[i], &param);
        if (key && nerr < VALIDATE_MAX_ERRORS) {
            if (errs) errs[nerr] = (field_error){specs[i].name, key, param};
            nerr++;
        }
    }
    return nerr;
}

long long local_midnight(long long days) {
    time_t t = (time_t)(days * 86400);
    struct tm tm;
    gmtime_r(&t, &tm);
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (long long)mktime(&tm);
}
