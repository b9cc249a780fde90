/* activity_feed.c — SQL for the 交往记录 list across customers; see activity_feed.h.
 *
 * Three ways to read a page (newest or oldest first), each pinned to its indexes (INDEXED BY, CROSS JOIN
 * fixes the outer loop):
 *  - walk: every record in order from activities_by_at (schema/027), the keyset (and the date range's
 *    end) as the seek, each record's customer checked against the filters; best when the matching
 *    customers are many (a page is found quickly);
 *  - by 记录人: the same walk in activities_by_user, one user's records only; with other filters, only
 *    while the user's records (in the range) are fewer than the cap: past it, a small set of customers
 *    drives instead (a 名称 prefix of 33 customers with a 记录人 of 643,675 records walked them all
 *    to find a page: 2.6 s at a million);
 *  - customer-driven: the matching customers from customers_by_manager / customers_by_name /
 *    customers_by_region / customers_by_level (a 名称 prefix as a range of name_key, as orders.c), their records from
 *    activities_by_customer, sorted; best when they are few: fewer than customers_driver_cap(), and
 *    fewer than the records of the date range, if one is set (the walk reads no more than those).
 * Every filter is in every statement, ORed off when unset (?6 = 0, ?7 IS NULL, ?9 = '', ?10 = 0, ?11 = '') and
 * checked on each row; the plan's own driver is repeated without the OR so that its index is used. The
 * keyset (?3, ?4) is the walk's one bound on the side it starts from (statement), so the walk seeks
 * there: newest first from the range's end or the keyset, oldest first from its start or the keyset. */
#include "activity_feed.h"
#include "customers.h"
#include "log.h"
#include <stdint.h>
#include <stdio.h>

#define COLS                                                                                           \
    "SELECT a.id, a.customer_id, a.at, a.place, a.summary, a.detail, a.user_id, COALESCE(u.name, '') AS user_name," \
    " c.no AS customer_no, c.name AS customer_name, c.manager_id AS customer_manager_id"
#define USERS " LEFT JOIN users u ON u.id = a.user_id"
#define FILTERS                                                                                        \
    " WHERE c.retired = 0 AND (?6 = 0 OR c.manager_id = ?6) AND (?7 IS NULL OR (c.name >= ?7 AND c.name < ?8))" \
    " AND (?9 = '' OR c.region = ?9) AND (?10 = 0 OR a.user_id = ?10) AND (?11 = '' OR c.level = ?11)"
#define RANGE " AND a.at >= ?1 AND (a.at, a.id) < (?3, ?4)"          /* newest first: ?3, ?4 the upper bound */
#define RANGE_OLDEST " AND a.at < ?2 AND (a.at, a.id) > (?3, ?4)"   /* oldest first: the lower bound */
#define WALK(IDX) " FROM activities a INDEXED BY " IDX " CROSS JOIN customers c ON c.id = a.customer_id"
#define BY_CUST(IDX) " FROM customers c" IDX " CROSS JOIN activities a INDEXED BY activities_by_customer ON a.customer_id = c.id"
#define MGR " AND c.manager_id = ?6"
#define NAME " AND c.name_key >= crm_name_key(?7) AND c.name_key < CAST(crm_name_key(?7) || x'FF' AS BLOB)"
#define REGION " AND c.region = ?9"
#define LEVEL " AND c.level = ?11"
/* a plan's page, newest first and oldest first, and its capped count, which needs no order (a
 * customer-driven plan then stops at the cap instead of sorting every matching customer's records) */
#define PLAN(FROM, DRIVER)                                                                             \
    {COLS FROM USERS FILTERS DRIVER RANGE " ORDER BY a.at DESC, a.id DESC LIMIT ?5",                   \
     COLS FROM USERS FILTERS DRIVER RANGE_OLDEST " ORDER BY a.at, a.id LIMIT ?5",                      \
     "SELECT count(*) FROM (SELECT 1" FROM FILTERS DRIVER RANGE " LIMIT ?5)"}

typedef struct plan { const char *newest, *oldest, *count; } plan;
static const plan WALK_ALL = PLAN(WALK("activities_by_at"), "");
static const plan BY_USER = PLAN(WALK("activities_by_user"), " AND a.user_id = ?10");
static const plan CUST_MGR = PLAN(BY_CUST(""), MGR);
static const plan CUST_NAME = PLAN(BY_CUST(""), NAME);
static const plan CUST_MGR_NAME = PLAN(BY_CUST(""), MGR NAME);
static const plan CUST_REGION = PLAN(BY_CUST(" INDEXED BY customers_by_region"), REGION);
static const plan CUST_LEVEL = PLAN(BY_CUST(" INDEXED BY customers_by_level"), LEVEL);
/* how many customers a 名称 prefix (within a manager's, when set) matches, up to ?5 */
static const char SQL_FEW_NAME[] =
    "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE c.retired = 0" NAME
    " AND (?6 = 0 OR c.manager_id = ?6) LIMIT ?5)";

static const char SQL_IN_RANGE[] =
    "SELECT count(*) FROM (SELECT 1 FROM activities INDEXED BY activities_by_at WHERE at >= ?1 AND at < ?2 LIMIT ?3)";
/* how many records one 记录人 wrote in the range, up to ?3 */
static const char SQL_USER_RECORDS[] =
    "SELECT count(*) FROM (SELECT 1 FROM activities INDEXED BY activities_by_user"
    " WHERE user_id = ?4 AND at >= ?1 AND at < ?2 LIMIT ?3)";

static bool has(const char *s) { return s && *s; }

/* How many customers match f's manager, region, level and name prefix, counting up to cap. Without a name
 * prefix a kept count (customers_count); a name prefix is counted on its index. -1 on failure. */
static long long customers_matching(db *d, const feed_filter *f, long long cap) {
    if (!has(f->customer)) {
        customers_filter c = {.manager = f->manager, .region = has(f->region) ? f->region : NULL,
                              .level = has(f->level) ? f->level : NULL};
        return customers_count(d, &c, 0, NULL);
    }
    sqlite3_stmt *st = db_prepare(d, SQL_FEW_NAME);
    if (!st) return -1;
    sqlite3_bind_text(st, 7, f->customer, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, f->manager);
    sqlite3_bind_int64(st, 5, cap);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* True when sql (SQL_IN_RANGE or SQL_USER_RECORDS) counts fewer than n of f's records. */
static bool records_below(db *d, const char *sql, const feed_filter *f, long long n) {
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return false;
    sqlite3_bind_int64(st, 1, f->from ? f->from : INT64_MIN);
    sqlite3_bind_int64(st, 2, f->to ? f->to : INT64_MAX);
    sqlite3_bind_int64(st, 3, n);
    if (sqlite3_bind_parameter_count(st) >= 4) sqlite3_bind_int64(st, 4, f->user_id);
    long long found = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return found >= 0 && found < n;
}

/* True when f's date range holds fewer than n records (of any customer): walking them all is then cheaper
 * than reading n customers' records. */
static bool range_below(db *d, const feed_filter *f, long long n) {
    if (!f->from && !f->to) return false;
    return records_below(d, SQL_IN_RANGE, f, n);
}

/* True when the walk of f's 记录人's records in the range (BY_USER) reads fewer than n. */
static bool user_records_below(db *d, const feed_filter *f, long long n) {
    return records_below(d, SQL_USER_RECORDS, f, n);
}

/* The plan for f reading limit rows (see above). A manager's customers of one 地区 are read from
 * the 地区's index, which holds each customer's manager (customers_by_region, schema/019): only the
 * matching customers' rows are then visited. */
static const plan *choose(db *d, const feed_filter *f, int limit) {
    const plan *walk = f->user_id ? &BY_USER : &WALK_ALL;
    if (!f->manager && !has(f->customer) && !has(f->region) && !has(f->level)) return walk;
    long long cap = customers_driver_cap(d, limit);
    long long n = customers_matching(d, f, cap);
    if (n < 0 || n >= cap || range_below(d, f, n)) return walk;
    if (f->user_id && user_records_below(d, f, cap)) return walk;
    if (has(f->customer)) return f->manager ? &CUST_MGR_NAME : &CUST_NAME;
    return has(f->region) ? &CUST_REGION : f->manager ? &CUST_MGR : &CUST_LEVEL;
}

/* Chooses, prepares and binds the statement for f with limit rows: the plan's page in f's order, with
 * the keyset, or its count (counting). The keyset (?3, ?4) is the bound on the side the page starts
 * from: the range's start or end when there is no keyset or the keyset lies outside the range. NULL on
 * failure. upper holds the name range's end (the prefix + 0xF5: no UTF-8 byte is >= 0xF5). */
static sqlite3_stmt *statement(db *d, const feed_filter *f, int limit, bool counting, char *upper, size_t len) {
    const plan *p = choose(d, f, limit);
    bool oldest = f->oldest_first && !counting;
    const char *sql = counting ? p->count : oldest ? p->oldest : p->newest;   /* one of the plans above */
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return NULL;
    long long start = f->from ? f->from : INT64_MIN, end = f->to ? f->to : INT64_MAX;
    long long at = oldest ? start : end, id = INT64_MIN;
    bool keyed = !counting && f->after && (oldest ? f->key_at >= start : f->key_at < end);
    if (keyed) { at = f->key_at; id = f->key_id; }
    sqlite3_bind_int64(st, 1, start);
    sqlite3_bind_int64(st, 2, end);
    sqlite3_bind_int64(st, 3, at);
    sqlite3_bind_int64(st, 4, id);
    sqlite3_bind_int(st, 5, limit > 0 ? limit : -1);
    sqlite3_bind_int64(st, 6, f->manager);
    if (has(f->customer)) {
        snprintf(upper, len, "%s\xf5", f->customer);
        sqlite3_bind_text(st, 7, f->customer, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 8, upper, -1, SQLITE_STATIC);
    }
    sqlite3_bind_text(st, 9, has(f->region) ? f->region : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 10, f->user_id);
    sqlite3_bind_text(st, 11, has(f->level) ? f->level : "", -1, SQLITE_STATIC);
    return st;
}

int feed_list(db *d, const feed_filter *f, cJSON *rows) {
    char upper[256];
    sqlite3_stmt *st = statement(d, f, f->limit, false, upper, sizeof upper);
    return st ? db_rows_json(st, rows) : -1;
}

long long feed_count(db *d, const feed_filter *f, long long cap) {
    char upper[256];
    sqlite3_stmt *st = statement(d, f, (int)cap, true, upper, sizeof upper);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    long long n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (n < 0) log_error("activity feed count failed: %s", sqlite3_errstr(rc));
    return n;
}
