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
 * phone indexes (so an exact or prefix hit is never cut off by the bound).
 * The bound is five pages of results (SEARCH_PAGE 20 × SEARCH_PAGES 5 in h_search.c). Each candidate costs a customers row
 * lookup (~5,000 instructions with its FTS step and columns), so the bound sets the search's cost for
 * any common term: at 1,000,000 customers the bench's 2-character terms took 1.87M instructions a
 * search with 200 candidates and 1.31M with 100 (scripts/search-terms.sh profile), and at 32 connections
 * (make bench) 200 kept the median wait above 5 ms. What the smaller pool changes: a term with more
 * than 100 matches in scope ranks the newest 100 rather than 200 (exact and prefix hits still come
 * from the indexes); on the bench's terms 27–48 of the 50 shown stay the same (scripts/search-terms.sh
 * compare, a build with 200 against one with 100), and the first 10 are
 * the same for company-name terms (for 张伟 and 王芳, 6 of 10: other contacts of the same exact name).
 * Since then the cost per candidate came down (prefix statements, active-only customer indexes, texts
 * read once, contacts' customers looked up for the page only: search.c): 1.08M instructions a search
 * for the 2-character terms, 0.83M for the 4-character ones. For a director or an admin, a retired
 * customer's contact counts in the contacts' pool of 100 and is then passed over (search.c). */
#ifndef CRM_SEARCH_H
#define CRM_SEARCH_H
#include "arena.h"
#include "db.h"

#define SEARCH_CANDIDATES 100
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

/* One result, best first in its array. Texts live in the arena given to the search. */
typedef struct search_hit {
    long long id;             /* the customer's or the contact's id */
    long long customer_id;    /* the customer (a customer's own id for a customer) */
    long long manager_id;     /* customers only */
    const char *name, *no, *phone, *region;                          /* customers (no: 客户编号) */
    const char *title, *mobile, *office_phone, *customer_no, *customer_name;   /* contacts */
    int tier;                 /* 0 exact, 1 prefix, 2 contains */
    long long score;          /* lower first within a tier: see above */
} search_hit;

/* Customers matching m, best first, at most limit, in *hits (arena a). scope = manager id or 0 for
 * all. Returns the count or -1. */
int search_customers(db *d, arena *a, const search_match *m, long long scope, int limit, search_hit **hits);
/* Contacts matching m, best first (customer_id, customer_no, customer_name: the contact's customer;
 * scope through it). Returns the count or -1. */
int search_contacts(db *d, arena *a, const search_match *m, long long scope, int limit, search_hit **hits);
#endif
