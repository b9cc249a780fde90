/* search.c — the search box's SQL and MATCH-text building; see search.h. Owns the FTS queries over
 * customers_tri/customers_bi and contacts_tri/contacts_bi (schema/003_customers.sql). */
#include "search.h"
#include "buf.h"
#include <string.h>

/* Length in bytes of the UTF-8 character starting with byte c. */
static size_t char_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/* True for the characters crm_bigrams() keeps in a run (db.c): ASCII letters and digits and any
 * non-ASCII character except CJK punctuation (U+3000–U+303F) and full-width U+FF00–U+FF0F. */
static bool word_char(const unsigned char *s, size_t len) {
    unsigned char c = s[0];
    if (len == 1) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (len == 3 && c == 0xE3 && s[1] == 0x80) return false;
    if (len == 3 && c == 0xEF && s[1] == 0xBC && s[2] <= 0x8F) return false;
    return true;
}

/* White space separating terms: ASCII blanks and the ideographic space U+3000. */
static size_t space_len(const unsigned char *s) {
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') return 1;
    if (s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) return 3;
    return 0;
}

/* A phone-like term: only digits and the separators people write in phone numbers (- ( ) + . /), with
 * at least three digits. The trigram indexes hold phones as digits only (schema/009), so such a term
 * is searched as its digits: "010-6253 1234" typed as "010-62531234" or "(010)6253" still matches. */
static bool phone_like(const unsigned char *t, size_t n) {
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] >= '0' && t[i] <= '9') digits++;
        else if (!strchr("-()+./", t[i]) || t[i] == 0) return false;
    }
    return digits >= 3;
}

/* Appends the digits of term as one FTS5 string. */
static void quote_digits(buf *b, const unsigned char *t, size_t n) {
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++)
        if (t[i] >= '0' && t[i] <= '9') buf_putc(b, (char)t[i]);
    buf_putc(b, '"');
}

/* Appends term as one FTS5 string: "..." with every '"' doubled. */
static void quote_term(buf *b, const unsigned char *t, size_t n) {
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '"') buf_putc(b, '"');
        buf_putc(b, (char)t[i]);
    }
    buf_putc(b, '"');
}

int search_build(arena *a, const char *q, search_match *m) {
    m->tri = m->bi = m->whole = m->upper = "";
    const unsigned char *s = (const unsigned char *)(q ? q : "");
    while (*s && space_len(s)) s += space_len(s);
    size_t n = strlen((const char *)s);
    while (n > 0) {   /* trim trailing blanks (ASCII or U+3000) */
        if (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r') { n--; continue; }
        if (n >= 3 && s[n - 3] == 0xE3 && s[n - 2] == 0x80 && s[n - 1] == 0x80) { n -= 3; continue; }
        break;
    }
    if (n == 0) return SEARCH_EMPTY;
    m->whole = arena_strndup(a, (const char *)s, n);
    m->upper = arena_printf(a, "%s\xF4\x8F\xBF\xBF", m->whole);
    buf tri = BUF_INIT, bi = BUF_INIT;
    int terms = 0;
    size_t i = 0;
    while (i < n && terms < SEARCH_MAX_TERMS) {
        size_t sp = space_len(s + i);
        if (sp) { i += sp; continue; }
        size_t start = i, chars = 0;
        bool all_word = true;
        while (i < n && !space_len(s + i)) {
            size_t cl = char_len(s[i]);
            if (i + cl > n) cl = n - i;
            if (!word_char(s + i, cl)) all_word = false;
            i += cl;
            chars++;
        }
        if (chars >= 3) {
            if (tri.len) buf_puts(&tri, " AND ");
            if (phone_like(s + start, i - start)) quote_digits(&tri, s + start, i - start);
            else quote_term(&tri, s + start, i - start);
            terms++;
        } else if (chars == 2 && all_word) {
            /* crm_bigrams() lower-cases ASCII; the ascii tokenizer folds the query the same way */
            if (bi.len) buf_puts(&bi, " AND ");
            quote_term(&bi, s + start, i - start);
            terms++;
        }
    }
    if (tri.len) m->tri = arena_strdup(a, buf_str(&tri));
    if (bi.len) m->bi = arena_strdup(a, buf_str(&bi));
    buf_free(&tri);
    buf_free(&bi);
    return terms ? SEARCH_OK : SEARCH_TOO_SHORT;
}

/* --- customers ------------------------------------------------------------------------------
 * ?1 trigram MATCH, ?2 bigram MATCH ('' = none), ?3 whole query, ?4 its prefix upper bound,
 * ?5 limit, ?6 manager (scoped variants), ?7 candidate bound.
 * cand: the newest ?7 text matches in scope, with the columns shown (one row lookup per candidate);
 * pre: prefix matches through customers_by_name (or customers_by_manager_name; a range of name_key, the
 * first 20 in pinyin order: see NAME in orders.c), the unique index on no, and customers_by_phone, so a
 * prefix hit is ranked even when it is not among the newest.
 * score (lower first, within a tier): the length of the searched text — the shorter the text, the more
 * of it the query covers. This is the order FTS5 bm25 gives a one-term query (every row matches the
 * term once, so only the length normalisation tells rows apart), without bm25's cost: bm25 counts the
 * rows that contain each term over the whole index, once per query, which at a million customers is
 * 5–15 ms for a common two-character term such as 科技 (118,000 rows) — more than the page budget. */
#define CUST_COLS "c.id, c.no, c.name, c.phone, c.region, c.level, c.manager_id"
#define CUST_RANK                                                                                      \
    " SELECT h.id, h.no, h.name, h.phone, h.region, h.level, h.manager_id, u.name AS manager_name,"     \
    " CASE WHEN h.name = ?3 OR h.no = ?3 OR h.phone = ?3 THEN 0"                                       \
    "  WHEN (h.name >= ?3 AND h.name < ?4) OR (h.no >= ?3 AND h.no < ?4) OR (h.phone >= ?3 AND h.phone < ?4)" \
    "  THEN 1 ELSE 2 END AS tier,"                                                                     \
    " length(h.name) + length(h.phone) AS score"                                                       \
    " FROM (SELECT * FROM cand UNION ALL SELECT " CUST_COLS " FROM pre CROSS JOIN customers c ON c.id = pre.id" \
    "       WHERE pre.id NOT IN (SELECT id FROM cand)) h CROSS JOIN users u ON u.id = h.manager_id"    \
    " ORDER BY tier, score, h.id DESC LIMIT ?5"
#define CUST_PRE(SCOPE, FILTER)                                                                        \
    " pre(id) AS MATERIALIZED ("                                                                       \
    "  SELECT id FROM (SELECT id FROM customers WHERE retired = 0" SCOPE " AND name_key >= crm_name_key(?3)" \
    "   AND name_key < CAST(crm_name_key(?3) || x'FF' AS BLOB) ORDER BY name_key LIMIT 20)"          \
    "  UNION SELECT id FROM (SELECT id FROM customers WHERE no >= ?3 AND no < ?4 AND retired = 0" FILTER " LIMIT 20)" \
    "  UNION SELECT id FROM (SELECT id FROM customers WHERE phone != '' AND phone >= ?3 AND phone < ?4"  \
    "   AND retired = 0" FILTER " LIMIT 20))"
#define CUST_TRI(SCOPE, FILTER)                                                                                \
    "WITH cand AS MATERIALIZED ("                                                                      \
    "  SELECT " CUST_COLS " FROM customers_tri f CROSS JOIN customers c ON c.id = f.rowid"                   \
    "  WHERE customers_tri MATCH ?1 AND c.retired = 0" SCOPE                                           \
    "  AND (?2 = '' OR c.id IN (SELECT rowid FROM customers_bi WHERE customers_bi MATCH ?2))"          \
    "  ORDER BY f.rowid DESC LIMIT ?7),"                                                               \
    CUST_PRE(SCOPE, FILTER) CUST_RANK
#define CUST_BI(SCOPE, FILTER)                                                                                 \
    "WITH cand AS MATERIALIZED ("                                                                      \
    "  SELECT " CUST_COLS " FROM customers_bi f CROSS JOIN customers c ON c.id = f.rowid"                    \
    "  WHERE customers_bi MATCH ?2 AND c.retired = 0" SCOPE                                            \
    "  ORDER BY f.rowid DESC LIMIT ?7),"                                                               \
    CUST_PRE(SCOPE, FILTER) CUST_RANK

/* FILTER is the scope as a row filter ("+" keeps SQLite on the number and phone indexes) */
static const char SQL_CUST_TRI[] = CUST_TRI("", "");
static const char SQL_CUST_TRI_SCOPED[] = CUST_TRI(" AND manager_id = ?6", " AND +manager_id = ?6");
static const char SQL_CUST_BI[] = CUST_BI("", "");
static const char SQL_CUST_BI_SCOPED[] = CUST_BI(" AND manager_id = ?6", " AND +manager_id = ?6");

/* Binds the parameters every search statement shares and appends its rows. */
static int run(sqlite3_stmt *st, const search_match *m, long long scope, int limit, cJSON *rows) {
    if (!st) return -1;
    sqlite3_bind_text(st, 1, m->tri, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, m->bi, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, m->whole, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, m->upper, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, limit > 0 ? limit : 50);
    if (scope) sqlite3_bind_int64(st, 6, scope);
    sqlite3_bind_int(st, 7, SEARCH_CANDIDATES);
    return db_rows_json(st, rows);
}

int search_customers(db *d, const search_match *m, long long scope, int limit, cJSON *rows) {
    const char *sql = *m->tri ? (scope ? SQL_CUST_TRI_SCOPED : SQL_CUST_TRI)
                              : (scope ? SQL_CUST_BI_SCOPED : SQL_CUST_BI);
    if (!*m->tri && !*m->bi) return 0;
    return run(db_prepare(d, sql), m, scope, limit, rows);
}

/* --- contacts -------------------------------------------------------------------------------
 * Same parameters. Contacts have no name/phone indexes of their own, so the candidates are the newest
 * ?7 text matches in scope (through the contact's customer), read with the columns shown, and
 * exact/prefix only reorder them; score as for customers. */
#define CONT_RANK                                                                                      \
    " SELECT id, name, title, mobile, office_phone, customer_id, customer_no, customer_name,"          \
    " CASE WHEN name = ?3 OR mobile = ?3 OR office_phone = ?3 THEN 0"                                  \
    "  WHEN (name >= ?3 AND name < ?4) OR (mobile >= ?3 AND mobile < ?4)"                              \
    "   OR (office_phone >= ?3 AND office_phone < ?4) THEN 1 ELSE 2 END AS tier,"                      \
    " length(name) + length(mobile) + length(office_phone) AS score"                                   \
    " FROM cand ORDER BY tier, score, id DESC LIMIT ?5"
#define CONT_CAND(TABLE)                                                                               \
    "WITH cand AS ("                                                                                   \
    "  SELECT k.id, k.name, k.title, k.mobile, k.office_phone, k.customer_id, c.no AS customer_no,"     \
    "  c.name AS customer_name FROM " TABLE " f CROSS JOIN contacts k ON k.id = f.rowid"               \
    "  CROSS JOIN customers c ON c.id = k.customer_id"
#define CONT_TRI(SCOPE)                                                                                \
    CONT_CAND("contacts_tri")                                                                          \
    "  WHERE contacts_tri MATCH ?1 AND c.retired = 0" SCOPE                                            \
    "  AND (?2 = '' OR k.id IN (SELECT rowid FROM contacts_bi WHERE contacts_bi MATCH ?2))"            \
    "  ORDER BY f.rowid DESC LIMIT ?7)" CONT_RANK
#define CONT_BI(SCOPE)                                                                                 \
    CONT_CAND("contacts_bi")                                                                           \
    "  WHERE contacts_bi MATCH ?2 AND c.retired = 0" SCOPE                                             \
    "  ORDER BY f.rowid DESC LIMIT ?7)" CONT_RANK

static const char SQL_CONT_TRI[] = CONT_TRI("");
static const char SQL_CONT_TRI_SCOPED[] = CONT_TRI(" AND c.manager_id = ?6");
static const char SQL_CONT_BI[] = CONT_BI("");
static const char SQL_CONT_BI_SCOPED[] = CONT_BI(" AND c.manager_id = ?6");

int search_contacts(db *d, const search_match *m, long long scope, int limit, cJSON *rows) {
    const char *sql = *m->tri ? (scope ? SQL_CONT_TRI_SCOPED : SQL_CONT_TRI)
                              : (scope ? SQL_CONT_BI_SCOPED : SQL_CONT_BI);
    if (!*m->tri && !*m->bi) return 0;
    return run(db_prepare(d, sql), m, scope, limit, rows);
}
