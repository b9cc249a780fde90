/* highlight.c — owns finding a search's terms in a result's text (名称, 客户编号, 电话, …) so the search page
 * can mark them: the same terms the search matched (search.h: white-space separated, two or more
 * characters), found again byte for byte, Latin letters in any case, as the search's indexes match them;
 * in a phone, also by their digits alone. */
#include "highlight.h"
#include <string.h>

static bool is_space(const char *s, size_t *n) {
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') { *n = 1; return true; }
    if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) {   /* U+3000 */
        *n = 3;
        return true;
    }
    return false;
}

/* Characters (not bytes) in s[0, n). */
static size_t chars(const char *s, size_t n) {
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static unsigned char lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c; }

void hl_terms_of(const char *q, hl_terms *t) {
    t->n = 0;
    const char *s = q;
    while (*s && t->n < HL_MAX_TERMS) {
        size_t sp;
        if (is_space(s, &sp)) { s += sp; continue; }
        const char *start = s;
        while (*s && !is_space(s, &sp)) s++;
        size_t len = (size_t)(s - start);
        if (chars(start, len) >= 2) {
            int k = t->n++;
            t->at[k] = start;
            t->len[k] = len;
            t->first[k] = lower((unsigned char)start[0]);
            t->latin[k] = false;
            t->first_digit[k] = 0;
            int digits = 0;
            for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)start[i];
                if (lower(c) >= 'a' && lower(c) <= 'z') t->latin[k] = true;
                if (c >= '0' && c <= '9' && digits++ == 0) t->first_digit[k] = (char)c;
            }
            if (digits < 2) t->first_digit[k] = 0;
        }
    }
}

/* Whether term (len bytes) occurs at s, which has left bytes. */
static bool occurs(const char *s, size_t left, const char *term, size_t len) {
    if (len > left) return false;
    for (size_t i = 0; i < len; i++)
        if (lower((unsigned char)s[i]) != lower((unsigned char)term[i])) return false;
    return true;
}

static bool digit(char c) { return c >= '0' && c <= '9'; }

/* For a phone: the bytes from s that term's digits match, the separators between them skipped, as the
 * search finds a phone by its digits however either side writes it ("28780808" in "0755-2878 0808");
 * 0 when they do not, or the term has fewer than two digits. */
static size_t digits_occur(const char *s, size_t left, const char *term, size_t len) {
    if (left == 0 || !digit(s[0])) return 0;
    size_t i = 0, matched = 0;
    for (size_t j = 0; j < len; j++) {
        if (!digit(term[j])) continue;
        while (matched && i < left && !digit(s[i])) i++;
        if (i >= left || s[i] != term[j]) return 0;
        i++;
        matched++;
    }
    return matched >= 2 ? i : 0;
}

/* Where term (len bytes) first occurs in text[0, n), or NULL: memchr to its first byte, then memcmp. For
 * the few dozen bytes of a name this costs less than memmem, whose set-up is most of its work there. */
static const char *find(const char *text, size_t n, const char *term, size_t len) {
    const char *end = text + n;
    for (const char *p = text; (size_t)(end - p) >= len; p++) {
        p = memchr(p, term[0], (size_t)(end - p) - len + 1);
        if (!p) return NULL;
        if (memcmp(p, term, len) == 0) return p;
    }
    return NULL;
}

/* Whether no term can occur in text (n bytes), found cheaply: no term holds Latin letters (those are
 * matched in any case, by the walk), find() finds none, and in a phone none's first digit is there. The
 * common case for a 客户编号 or a phone when the query is a name. */
static bool none_occur(const hl_terms *t, const char *text, size_t n, bool phone) {
    for (int j = 0; j < t->n; j++) {
        if (t->latin[j] || find(text, n, t->at[j], t->len[j])) return false;
        if (phone && t->first_digit[j] && memchr(text, t->first_digit[j], n)) return false;
    }
    return true;
}

/* The next place at or after i where a term occurs, *len the longest term there; n when none. Terms without
 * Latin letters in a text that is not a phone are found by find() (valid UTF-8 matches only at a character's
 * start); the others by a walk that tries each term where its first byte (or first digit) is. */
static size_t next_hit(const hl_terms *t, const char *text, size_t n, size_t i, bool phone, size_t *len) {
    bool walk = phone;
    for (int j = 0; j < t->n && !walk; j++) walk = t->latin[j];
    size_t at = n;
    *len = 0;
    if (!walk) {
        for (int j = 0; j < t->n; j++) {
            const char *p = find(text + i, n - i, t->at[j], t->len[j]);
            size_t pos = p ? (size_t)(p - text) : n;
            if (pos < at || (pos == at && pos < n && t->len[j] > *len)) { at = pos; *len = t->len[j]; }
        }
        return at;
    }
    for (; i < n; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80) continue;   /* inside a character */
        unsigned char c = (unsigned char)text[i];
        for (int j = 0; j < t->n; j++) {
            if (lower(c) == t->first[j] && t->len[j] > *len && occurs(text + i, n - i, t->at[j], t->len[j]))
                *len = t->len[j];
            if (phone && c == (unsigned char)t->first_digit[j]) {
                size_t d = digits_occur(text + i, n - i, t->at[j], t->len[j]);
                if (d > *len) *len = d;
            }
        }
        if (*len) return i;
    }
    return n;
}

int hl_pieces(const hl_terms *t, const char *text, bool phone, hl_piece *out, int max) {
    size_t n = strlen(text);
    if (n == 0 || max < 1) return 0;
    int k = 0;
    size_t i = 0, len;
    if (!none_occur(t, text, n, phone)) {
        for (size_t at; (at = next_hit(t, text, n, i, phone, &len)) < n;) {
            if (k + (at > i) + 2 > max) break;   /* room for this hit and a last piece after it */
            if (at > i) out[k++] = (hl_piece){i, at - i, false};
            out[k++] = (hl_piece){at, len, true};
            i = at + len;
        }
    }
    if (i < n) out[k++] = (hl_piece){i, n - i, false};
    return k;
}
