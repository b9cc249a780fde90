/* search.h — the one search box: customers (名称, 电话, 客户编号) and contacts (姓名, 手机, 办公电话) by any
 * substring of two or more characters, within the caller's row scope, retired customers left out.
 *
 * How a query becomes FTS5 MATCH text (search_build): the query is split on white space; every term of
 * three or more characters becomes one quoted FTS5 string for the trigram tables (*_tri), every term of
 * exactly two letters/digits/CJK characters one quoted bigram for the bigram tables (*_bi, made by
 * crm_bigrams() in db.c); shorter terms are dropped. Quoting doubles any '"', so the user's text is
 * never FTS5 syntax. Terms are ANDed. The MATCH text is always a bound parameter.
 *
 * Ranking: exact matches of the whole query (name, number, phone) first, then prefix matches, then
 * the rest, shorter texts first (bm25's order for a one-term query; search.c says why not bm25 itself).
 * To stay fast at a million customers a query ranks a bounded candidate set: the newest
 * SEARCH_CANDIDATES text matches in scope plus the prefix matches found through the name, number and
 * phone indexes (so an exact or prefix hit is never cut off by the bound). */
#ifndef CRM_SEARCH_H
#define CRM_SEARCH_H
#include <cJSON.h>
#include "arena.h"
#include "db.h"

#define SEARCH_CANDIDATES 200
#define SEARCH_MAX_TERMS 8

enum search_status { SEARCH_OK = 0, SEARCH_EMPTY = 1, SEARCH_TOO_SHORT = 2 };

typedef struct search_match {
    const char *tri;    /* MATCH text for customers_tri/contacts_tri, "" when no term has 3+ characters */
    const char *bi;     /* MATCH text for customers_bi/contacts_bi, "" when no 2-character term */
    const char *whole;  /* the trimmed query (exact and prefix ranking) */
    const char *upper;  /* whole followed by U+10FFFF: prefix range upper bound */
} search_match;

/* Builds the MATCH texts for q (arena strings). SEARCH_EMPTY for a blank query, SEARCH_TOO_SHORT when
 * no term has two characters (e.g. "华"), else SEARCH_OK with at least one of tri/bi non-empty. */
int search_build(arena *a, const char *q, search_match *m);

/* Customers matching m, best first: objects {id, no, name, phone, region, level, manager_id,
 * manager_name, tier (0 exact, 1 prefix, 2 contains), score}. scope = manager id or 0 for all.
 * Returns the count or -1. */
int search_customers(db *d, const search_match *m, long long scope, int limit, cJSON *rows);
/* Contacts matching m, best first: {id, name, title, mobile, office_phone, customer_id, customer_no,
 * customer_name, tier, score}. Scope through the contact's customer. Returns the count or -1. */
int search_contacts(db *d, const search_match *m, long long scope, int limit, cJSON *rows);
#endif
