/* search.c — the search box's SQL and MATCH-text building; see search.h. Owns the FTS queries over
 * customers_tri/customers_bi and contacts_tri/contacts_bi (schema/003_customers.sql). */
#include "search.h"
#include "buf.h"
#include "http.h"
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

/* --- reading and ranking ----------------------------------------------------------------------
 * Every statement here takes the same numbered parameters, each binding only those it names:
 * ?1 trigram MATCH, ?2 bigram MATCH ('' = none), ?3 whole query, ?4 its prefix upper bound,
 * ?5 candidate bound, ?6 manager (scoped variants). */
static sqlite3_stmt *bound(db *d, const char *sql, const search_match *m, long long scope) {
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return NULL;
    int n = sqlite3_bind_parameter_count(st);
    const char *texts[4] = {m->tri, m->bi, m->whole, m->upper};
    for (int i = 1; i <= 4 && i <= n; i++) sqlite3_bind_text(st, i, texts[i - 1], -1, SQLITE_STATIC);
    if (n >= 5) sqlite3_bind_int(st, 5, SEARCH_CANDIDATES);
    if (n >= 6 && scope) sqlite3_bind_int64(st, 6, scope);
    return st;
}

/* The texts of columns first .. first + count - 1 of the current row, read once each (NULL reads as
 * ""): valid until the next step. */
typedef struct row_texts {
    const char *text[4];
    size_t len[4];
} row_texts;

static row_texts read_texts(sqlite3_stmt *st, int first, int count) {
    row_texts t = {{"", "", "", ""}, {0, 0, 0, 0}};
    for (int i = 0; i < count; i++) {
        t.text[i] = db_text(st, first + i);
        t.len[i] = (size_t)sqlite3_column_bytes(st, first + i);   /* 0 for NULL; after the text, as SQLite asks */
    }
    return t;
}

/* Copies the count texts of t into one arena block and points *to[0], *to[1], ... at them. */
static void copy_texts(arena *a, const row_texts *t, const char **const *to, int count) {
    size_t total = 0;
    for (int i = 0; i < count; i++) total += t->len[i] + 1;
    char *p = arena_alloc(a, total);
    for (int i = 0; i < count; i++) {
        memcpy(p, t->text[i], t->len[i]);
        p[t->len[i]] = 0;
        *to[i] = p;
        p += t->len[i] + 1;
    }
}

/* Characters (not bytes) of text i of t: SQL length()'s count. */
static long long chars(const row_texts *t, int i) { return (long long)utf8_length(t->text[i], t->len[i]); }

static bool starts_with(const char *s, const char *prefix, size_t n) { return strncmp(s, prefix, n) == 0; }

/* Best first: tier, then score, then the newest (the highest id). Negative when a ranks before b. */
static int hit_cmp(const search_hit *a, const search_hit *b) {
    if (a->tier != b->tier) return a->tier < b->tier ? -1 : 1;
    if (a->score != b->score) return a->score < b->score ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id;
}

/* The best cap hits seen so far, best first. A candidate is ranked from the texts of its current row
 * (no copy); only one that makes the cut is copied into the arena (of 100 candidates read newest
 * first, about two thirds). */
typedef struct ranked {
    search_hit *slot;      /* cap records */
    search_hit **order;    /* the n kept, best first */
    int n, cap;
} ranked;

static ranked ranked_new(arena *a, int cap) {
    ranked r = {arena_alloc(a, sizeof *r.slot * (size_t)cap), arena_alloc(a, sizeof *r.order * (size_t)cap), 0, cap};
    return r;
}

/* Keeps a hit ranking as probe does: returns its record (probe copied in, texts still the row's, for
 * the caller to copy), or NULL when cap better ones are kept already. The worst is dropped to make room. */
static search_hit *ranked_place(ranked *r, const search_hit *probe) {
    bool full = r->n == r->cap;
    if (full && hit_cmp(probe, r->order[r->n - 1]) >= 0) return NULL;
    search_hit *rec = full ? r->order[r->n - 1] : &r->slot[r->n];
    int kept = full ? r->n - 1 : r->n, lo = 0, hi = kept;
    while (lo < hi) {   /* the first kept one probe ranks before */
        int mid = (lo + hi) / 2;
        if (hit_cmp(probe, r->order[mid]) < 0) hi = mid;
        else lo = mid + 1;
    }
    memmove(&r->order[lo + 1], &r->order[lo], sizeof *r->order * (size_t)(kept - lo));
    r->order[lo] = rec;
    r->n = kept + 1;
    *rec = *probe;
    return rec;
}

/* The kept hits as an array, best first. */
static search_hit *ranked_hits(arena *a, const ranked *r) {
    search_hit *out = arena_alloc(a, sizeof *out * (size_t)(r->n ? r->n : 1));
    for (int i = 0; i < r->n; i++) out[i] = *r->order[i];
    return out;
}

/* --- customers ------------------------------------------------------------------------------
 * cand (CAND_*): the newest ?5 text matches in scope with the columns shown — a walk of the term's FTS
 * doclist newest first, one customers row lookup per match. The customers' indexes hold active customers
 * only (schema/021), so the lookup reads the shown columns and no 已停用 flag.
 * pre (PRE_*): prefix matches, three statements of at most PRE_ROWS rows each: through customers_by_name
 * (or customers_by_manager_name; a range of name_key, the first in pinyin order: see NAME in orders.c),
 * the unique index on no, and customers_by_phone, so a prefix hit is ranked even when it is not among
 * the newest. Three plain statements rather than one SELECT ... WHERE id IN (a UNION of the three): the
 * union built two temporary b-trees and the IN list a third, and zeroed a page for each (for 上海, whose
 * name range holds 20 rows, the search went from 1,233,090 to 1,165,421 instructions with this change:
 * scripts/profile-page.sh on the bench database). The rows are deduplicated in C instead.
 * All are read here and ranked in C (customer_rank, hit_cmp) over at most ?5 + 3 × PRE_ROWS rows. One SQL
 * statement did it before: it materialized the candidates, looked up each one's manager and sorted
 * them, which cost as much again as reading them.
 * score (lower first, within a tier): the length of the searched text — the shorter the text, the more
 * of it the query covers. This is the order FTS5 bm25 gives a one-term query (every row matches the
 * term once, so only the length normalisation tells rows apart), without bm25's cost: bm25 counts the
 * rows that contain each term over the whole index, once per query, which at a million customers is
 * 5–15 ms for a common two-character term such as 科技 (118,000 rows) — more than the page budget. */
#define CUST_COLS "c.id, c.no, c.name, c.phone, c.region, c.manager_id"
#define CAND_TRI(SCOPE)                                                                                \
    "SELECT " CUST_COLS " FROM customers_tri f CROSS JOIN customers c ON c.id = f.rowid"               \
    " WHERE customers_tri MATCH ?1" SCOPE                                                              \
    " AND (?2 = '' OR c.id IN (SELECT rowid FROM customers_bi WHERE customers_bi MATCH ?2))"           \
    " ORDER BY f.rowid DESC LIMIT ?5"
#define CAND_BI(SCOPE)                                                                                 \
    "SELECT " CUST_COLS " FROM customers_bi f CROSS JOIN customers c ON c.id = f.rowid"                \
    " WHERE customers_bi MATCH ?2" SCOPE " ORDER BY f.rowid DESC LIMIT ?5"
#define PRE_ROWS 20
#define PRE_NAME(SCOPE)                                                                                \
    "SELECT " CUST_COLS " FROM customers c WHERE c.retired = 0" SCOPE " AND c.name_key >= crm_name_key(?3)" \
    " AND c.name_key < CAST(crm_name_key(?3) || x'FF' AS BLOB) ORDER BY c.name_key LIMIT 20"
#define PRE_NO(FILTER) "SELECT " CUST_COLS " FROM customers c WHERE c.no >= ?3 AND c.no < ?4 AND c.retired = 0" FILTER " LIMIT 20"
#define PRE_PHONE(FILTER)                                                                              \
    "SELECT " CUST_COLS " FROM customers c WHERE c.phone != '' AND c.phone >= ?3 AND c.phone < ?4"     \
    " AND c.retired = 0" FILTER " LIMIT 20"

/* FILTER is the scope as a row filter ("+" keeps SQLite on the number and phone indexes) */
static const char SQL_CAND_TRI[] = CAND_TRI("");
static const char SQL_CAND_TRI_SCOPED[] = CAND_TRI(" AND c.manager_id = ?6");
static const char SQL_CAND_BI[] = CAND_BI("");
static const char SQL_CAND_BI_SCOPED[] = CAND_BI(" AND c.manager_id = ?6");
static const char *const SQL_PRE[3] = {PRE_NAME(""), PRE_NO(""), PRE_PHONE("")};
static const char *const SQL_PRE_SCOPED[3] = {PRE_NAME(" AND c.manager_id = ?6"), PRE_NO(" AND +c.manager_id = ?6"),
                                              PRE_PHONE(" AND +c.manager_id = ?6")};

/* 0 when the whole query is the name, number or phone, 1 when one of them starts with it, else 2. */
static int customer_rank(const search_hit *h, const char *q, size_t qn) {
    if (h->name[0] != q[0] && h->no[0] != q[0] && h->phone[0] != q[0]) return 2;   /* most candidates */
    if (strcmp(h->name, q) == 0 || strcmp(h->no, q) == 0 || strcmp(h->phone, q) == 0) return 0;
    if (starts_with(h->name, q, qn) || starts_with(h->no, q, qn) || starts_with(h->phone, q, qn)) return 1;
    return 2;
}

/* Ranks the statement's customers into r and notes their ids in seen (room for SEARCH_CANDIDATES +
 * 3 × PRE_ROWS); with dedupe, rows already noted there are skipped (the candidates' rows are distinct,
 * the prefix hits may repeat them or each other). Returns false on an error. */
static bool read_customers(sqlite3_stmt *st, arena *a, const search_match *m, bool dedupe, ranked *r,
                           long long *seen, int *nseen) {
    if (!st) return false;
    size_t qn = strlen(m->whole);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        bool skip = false;
        for (int i = 0; dedupe && i < *nseen && !skip; i++) skip = seen[i] == id;
        if (skip) continue;
        if (*nseen < SEARCH_CANDIDATES + 3 * PRE_ROWS) seen[(*nseen)++] = id;
        row_texts t = read_texts(st, 1, 4);   /* no, name, phone, region */
        search_hit probe = {.id = id, .customer_id = id, .no = t.text[0], .name = t.text[1], .phone = t.text[2]};
        probe.tier = customer_rank(&probe, m->whole, qn);
        probe.score = chars(&t, 1) + chars(&t, 2);
        search_hit *h = ranked_place(r, &probe);
        if (!h) continue;
        copy_texts(a, &t, (const char **const[]){&h->no, &h->name, &h->phone, &h->region}, 4);
        h->manager_id = sqlite3_column_int64(st, 5);
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE;
}

int search_customers(db *d, arena *a, const search_match *m, long long scope, int limit, search_hit **hits) {
    *hits = NULL;
    if (!*m->tri && !*m->bi) return 0;
    if (limit <= 0) limit = 50;
    const char *cand = *m->tri ? (scope ? SQL_CAND_TRI_SCOPED : SQL_CAND_TRI)
                               : (scope ? SQL_CAND_BI_SCOPED : SQL_CAND_BI);
    ranked r = ranked_new(a, limit);
    long long *seen = arena_alloc(a, sizeof *seen * (SEARCH_CANDIDATES + 3 * PRE_ROWS));
    int nseen = 0;
    if (!read_customers(bound(d, cand, m, scope), a, m, false, &r, seen, &nseen)) return -1;
    for (int i = 0; i < 3; i++)
        if (!read_customers(bound(d, (scope ? SQL_PRE_SCOPED : SQL_PRE)[i], m, scope), a, m, true, &r, seen, &nseen))
            return -1;
    *hits = ranked_hits(a, &r);
    return r.n;
}

/* --- contacts -------------------------------------------------------------------------------
 * Contacts have no name/phone indexes of their own, so the candidates are the newest ?5 text matches,
 * and exact/prefix only reorder them; ranked in C as customers are, score the length of the three
 * searched texts. A contact shows its customer's 客户编号 and 名称, and its customer decides whether it
 * is shown at all (retired customers' contacts are not; a rep sees his customers' contacts only).
 * In scope (a rep): one statement, each candidate read with its customer (CONT_TRI, CONT_BI).
 * Unscoped (directors, admins): the candidates are read without their customers (CONT_*_ALL), all of
 * them ranked, and the customer is looked up best first, only until the page is full (CONT_CUSTOMER;
 * a retired customer's contact is passed over there). Joining each of the 100 candidates' customers
 * cost ~3,800 instructions a candidate, 376,000 for a common name such as 张伟 (scripts/profile-sql.sh:
 * the newest 100 contacts_bi matches with and without the join); about half of them make the page.
 * The search for 张伟 went from 1,291,117 to 1,225,798 instructions (scripts/profile-page.sh). What this changes: a retired customer's
 * contact among the newest 100 matches takes a candidate's place, so the ranked pool is that much
 * smaller (before, the pool was the newest 100 of active customers' contacts). */
#define CONT_COLS "SELECT k.id, k.name, k.title, k.mobile, k.office_phone, k.customer_id"
#define CONT_CAND(TABLE)                                                                               \
    CONT_COLS ", c.no, c.name"                                                                         \
    " FROM " TABLE " f CROSS JOIN contacts k ON k.id = f.rowid CROSS JOIN customers c ON c.id = k.customer_id"
#define CONT_TRI(SCOPE)                                                                                \
    CONT_CAND("contacts_tri") " WHERE contacts_tri MATCH ?1 AND c.retired = 0" SCOPE                   \
    " AND (?2 = '' OR k.id IN (SELECT rowid FROM contacts_bi WHERE contacts_bi MATCH ?2))"             \
    " ORDER BY f.rowid DESC LIMIT ?5"
#define CONT_BI(SCOPE)                                                                                 \
    CONT_CAND("contacts_bi") " WHERE contacts_bi MATCH ?2 AND c.retired = 0" SCOPE                     \
    " ORDER BY f.rowid DESC LIMIT ?5"

static const char SQL_CONT_TRI_SCOPED[] = CONT_TRI(" AND c.manager_id = ?6");
static const char SQL_CONT_BI_SCOPED[] = CONT_BI(" AND c.manager_id = ?6");
static const char SQL_CONT_TRI_ALL[] =
    CONT_COLS " FROM contacts_tri f CROSS JOIN contacts k ON k.id = f.rowid WHERE contacts_tri MATCH ?1"
    " AND (?2 = '' OR k.id IN (SELECT rowid FROM contacts_bi WHERE contacts_bi MATCH ?2))"
    " ORDER BY f.rowid DESC LIMIT ?5";
static const char SQL_CONT_BI_ALL[] =
    CONT_COLS " FROM contacts_bi f CROSS JOIN contacts k ON k.id = f.rowid WHERE contacts_bi MATCH ?2"
    " ORDER BY f.rowid DESC LIMIT ?5";
static const char SQL_CONT_CUSTOMER[] = "SELECT no, name FROM customers WHERE id = ?1 AND retired = 0";

/* As customer_rank, over the contact's name, mobile and office phone. */
static int contact_rank(const search_hit *h, const char *q, size_t qn) {
    if (h->name[0] != q[0] && h->mobile[0] != q[0] && h->office_phone[0] != q[0]) return 2;
    if (strcmp(h->name, q) == 0 || strcmp(h->mobile, q) == 0 || strcmp(h->office_phone, q) == 0) return 0;
    if (starts_with(h->name, q, qn) || starts_with(h->mobile, q, qn) || starts_with(h->office_phone, q, qn))
        return 1;
    return 2;
}

/* Ranks the statement's contacts into r; with_customer: the row's columns 6 and 7 are the customer's
 * number and name. Returns false on an error. */
static bool read_contacts(sqlite3_stmt *st, arena *a, const search_match *m, bool with_customer, ranked *r) {
    if (!st) return false;
    size_t qn = strlen(m->whole);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        row_texts t = read_texts(st, 1, 4);   /* name, title, mobile, office phone */
        search_hit probe = {.id = sqlite3_column_int64(st, 0), .name = t.text[0], .mobile = t.text[2],
                            .office_phone = t.text[3]};
        probe.tier = contact_rank(&probe, m->whole, qn);
        probe.score = chars(&t, 0) + chars(&t, 2) + chars(&t, 3);
        search_hit *k = ranked_place(r, &probe);
        if (!k) continue;
        copy_texts(a, &t, (const char **const[]){&k->name, &k->title, &k->mobile, &k->office_phone}, 4);
        k->customer_id = sqlite3_column_int64(st, 5);
        if (with_customer) {
            row_texts c = read_texts(st, 6, 2);   /* the customer's no and name */
            copy_texts(a, &c, (const char **const[]){&k->customer_no, &k->customer_name}, 2);
        }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE;
}

int search_contacts(db *d, arena *a, const search_match *m, long long scope, int limit, search_hit **hits) {
    *hits = NULL;
    if (!*m->tri && !*m->bi) return 0;
    if (limit <= 0) limit = 50;
    if (scope) {
        ranked r = ranked_new(a, limit);
        if (!read_contacts(bound(d, *m->tri ? SQL_CONT_TRI_SCOPED : SQL_CONT_BI_SCOPED, m, scope), a, m, true, &r))
            return -1;
        *hits = ranked_hits(a, &r);
        return r.n;
    }
    ranked r = ranked_new(a, SEARCH_CANDIDATES);
    if (!read_contacts(bound(d, *m->tri ? SQL_CONT_TRI_ALL : SQL_CONT_BI_ALL, m, 0), a, m, false, &r)) return -1;
    sqlite3_stmt *cust = db_prepare(d, SQL_CONT_CUSTOMER);
    if (!cust) return -1;
    search_hit *out = arena_alloc(a, sizeof *out * (size_t)limit);
    int n = 0;
    for (int i = 0; i < r.n && n < limit; i++) {
        search_hit *k = r.order[i];
        sqlite3_bind_int64(cust, 1, k->customer_id);
        int rc = sqlite3_step(cust);
        if (rc == SQLITE_ROW) {
            row_texts c = read_texts(cust, 0, 2);
            copy_texts(a, &c, (const char **const[]){&k->customer_no, &k->customer_name}, 2);
            out[n++] = *k;
        }
        sqlite3_reset(cust);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) return -1;
    }
    *hits = out;
    return n;
}
