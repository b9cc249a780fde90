/* contact_dir.c — SQL for the 联系人 list across customers; see contact_dir.h.
 *
 * One walk, pinned to an index of the customers by 名称 (name_key, the pinyin sort key): a manager's
 * (customers_by_manager_name) or a 地区's (customers_by_region_name), the fewer when both are asked for,
 * else every customer's (customers_by_name); each customer's contacts from contacts_by_customer. The
 * other filters are checked on each customer, so no sort is needed and a page costs the customers it
 * passes. A 名称 prefix is a range of name_key (its key, up to the key + 0xFF). The keyset is the last
 * row's customer and contact: the walk seeks to that customer's (name_key, id), then skips its contacts
 * up to the last one shown. Every filter is in every statement, ORed off when unset (?1 = 0, ?2 = '',
 * ?3 = ''); the plan's own driver is repeated without the OR so that its index is used. One customer's
 * contacts (customer_id) are read from contacts_by_customer alone. */
#include "contact_dir.h"
#include "customers.h"
#include "log.h"
#include <stdlib.h>
#include <string.h>

#define COLS                                                                                           \
    "SELECT k.id, k.customer_id, k.name, k.gender, k.title, k.office_phone, k.mobile, k.email, k.note,"  \
    " k.is_primary, c.no AS customer_no, c.name AS customer_name"
#define FROM(IDX)                                                                                      \
    " FROM customers c INDEXED BY " IDX                                                               \
    " CROSS JOIN contacts k INDEXED BY contacts_by_customer ON k.customer_id = c.id"
#define FILTERS                                                                                        \
    " WHERE c.retired = 0 AND (?1 = 0 OR c.manager_id = ?1) AND (?2 = '' OR c.region = ?2)"             \
    " AND (?3 = '' OR c.level = ?3)"
/* where the walk starts: ?4 a name_key (the last row's customer's, else the 名称 prefix's, else x''), ?5 that
 * customer (0: none) and ?6 its last contact shown; a 名称 prefix's plans end before ?7 (its key + 0xFF) */
#define START " AND (c.name_key, c.id) >= (?4, ?5) AND ((c.name_key, c.id) > (?4, ?5) OR k.id > ?6)"
#define PREFIX " AND c.name_key < ?7"
#define PLAN(IDX, DRIVER)                                                                              \
    {COLS FROM(IDX) FILTERS DRIVER START " ORDER BY c.name_key, c.id, k.id LIMIT ?8",                  \
     "SELECT count(*) FROM (SELECT 1" FROM(IDX) FILTERS DRIVER START " LIMIT ?8)"}

typedef struct plan { const char *list, *count; } plan;
/* [with a 名称 prefix][driver]: every customer, a manager's, a 地区's */
static const plan PLANS[2][3] = {
    {PLAN("customers_by_name", ""), PLAN("customers_by_manager_name", " AND c.manager_id = ?1"),
     PLAN("customers_by_region_name", " AND c.region = ?2")},
    {PLAN("customers_by_name", PREFIX), PLAN("customers_by_manager_name", " AND c.manager_id = ?1" PREFIX),
     PLAN("customers_by_region_name", " AND c.region = ?2" PREFIX)},
};
/* one customer's contacts (customer_id ?9), by id: its row by the primary key, retired or not */
#define ONE_FROM " FROM customers c CROSS JOIN contacts k INDEXED BY contacts_by_customer ON k.customer_id = c.id"
#define ONE_FILTERS                                                                                    \
    " WHERE c.id = ?9 AND (?1 = 0 OR c.manager_id = ?1) AND (?2 = '' OR c.region = ?2) AND (?3 = '' OR c.level = ?3)"
static const plan ONE_CUSTOMER = {
    COLS ONE_FROM ONE_FILTERS START " ORDER BY k.id LIMIT ?8",
    "SELECT count(*) FROM (SELECT 1" ONE_FROM ONE_FILTERS START " LIMIT ?8)"};
static const char SQL_CUSTOMER_KEY[] = "SELECT name_key FROM customers WHERE id = ?1";
static const char SQL_PREFIX_KEY[] = "SELECT crm_name_key(?1)";

static bool has(const char *s) { return s && *s; }

/* The name_key sql reads (SQL_CUSTOMER_KEY for an id, SQL_PREFIX_KEY for a text), with room for one more
 * byte, into *out (malloc'd; the caller frees it). Its length, 0 when there is none, or -1 on failure. */
static int read_key(db *d, const char *sql, long long id, const char *text, unsigned char **out) {
    *out = NULL;
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    if (text) sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    else sqlite3_bind_int64(st, 1, id);
    int n = 0;
    if (sqlite3_step(st) == SQLITE_ROW) {
        n = sqlite3_column_bytes(st, 0);
        *out = malloc((size_t)n + 1);
        if (!*out) n = -1;
        else if (n > 0) memcpy(*out, sqlite3_column_blob(st, 0), (size_t)n);
    }
    sqlite3_reset(st);
    return n;
}

/* The index the walk takes (PLANS' second index): a manager's customers, or a 地区's, whichever are
 * fewer when both are asked for (kept counts); else every customer's. */
static int driver(db *d, const contact_dir_filter *f) {
    if (f->manager && has(f->region)) {
        customers_filter mine = {.manager = f->manager}, here = {.region = f->region};
        return customers_count(d, &here, 0, NULL) < customers_count(d, &mine, 0, NULL) ? 2 : 1;
    }
    return f->manager ? 1 : has(f->region) ? 2 : 0;
}

/* Prepares and binds f's page (or its count) with limit rows. NULL on failure. */
static sqlite3_stmt *statement(db *d, const contact_dir_filter *f, int limit, bool counting) {
    bool prefix = has(f->customer) && !f->customer_id;   /* one customer: its name is not a range */
    unsigned char *start = NULL, *end = NULL;
    int end_len = prefix ? read_key(d, SQL_PREFIX_KEY, 0, f->customer, &end) : 0;
    int start_len = 0;
    if (!counting && f->after) start_len = read_key(d, SQL_CUSTOMER_KEY, f->after_customer, NULL, &start);
    bool keyed = !counting && f->after && start_len > 0;
    sqlite3_stmt *st = NULL;
    if (end_len >= 0 && start_len >= 0) {
        const plan *p = f->customer_id ? &ONE_CUSTOMER : &PLANS[prefix][driver(d, f)];
        const char *sql = counting ? p->count : p->list;   /* one of the plans above */
        st = db_prepare(d, sql);
    }
    if (st) {
        sqlite3_bind_int64(st, 1, f->manager);
        sqlite3_bind_text(st, 2, has(f->region) ? f->region : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, has(f->level) ? f->level : "", -1, SQLITE_STATIC);
        if (keyed) sqlite3_bind_blob(st, 4, start, start_len, SQLITE_TRANSIENT);   /* from the last row's customer */
        else if (end_len > 0) sqlite3_bind_blob(st, 4, end, end_len, SQLITE_TRANSIENT);   /* from the prefix */
        else sqlite3_bind_zeroblob(st, 4, 0);   /* from the start */
        sqlite3_bind_int64(st, 5, keyed ? f->after_customer : 0);
        sqlite3_bind_int64(st, 6, keyed ? f->after_id : 0);
        if (prefix && end) {
            end[end_len] = 0xFF;   /* the prefix's range ends before its key + 0xFF */
            sqlite3_bind_blob(st, 7, end, end_len + 1, SQLITE_TRANSIENT);
        }
        sqlite3_bind_int(st, 8, limit > 0 ? limit : -1);
        if (f->customer_id) sqlite3_bind_int64(st, 9, f->customer_id);
    }
    free(start);
    free(end);
    return st;
}

int contact_dir_list(db *d, const contact_dir_filter *f, cJSON *rows) {
    sqlite3_stmt *st = statement(d, f, f->limit, false);
    return st ? db_rows_json(st, rows) : -1;
}

long long contact_dir_count(db *d, const contact_dir_filter *f, long long cap) {
    sqlite3_stmt *st = statement(d, f, (int)cap, true);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    long long n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (n < 0) log_error("contact list count failed: %s", sqlite3_errstr(rc));
    return n;
}
