/* customers.h — 客户信息管理: the customers table (schema/003_customers.sql, 004_customers.sql).
 * Customers are never deleted: retiring one (retired = 1) takes it out of every list and search while
 * its history stays, and restoring it (恢复) puts it back; retired.h lists the retired ones. 客户编号 is KH + yyyymmdd (configured zone) + a per-day sequence from counters.
 * Every read that takes a manager id (scope, non-zero) is restricted to that manager's customers. */
#ifndef CRM_CUSTOMERS_H
#define CRM_CUSTOMERS_H
#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>
#include "db.h"
#include "store.h"

typedef struct customer_fields {
    const char *name, *region, *level;   /* region, level: dictionary values (checked by the caller) */
    long long manager_id;                /* an active user (checked by the caller) */
    int satisfaction, credit;            /* 1..5 */
    const char *address, *postcode, *phone, *fax, *website, *license_no, *legal_rep;
    long long reg_capital, annual_revenue;   /* 分 */
    const char *bank, *bank_account, *local_tax_no, *national_tax_no;
} customer_fields;

/* List orders, as the sort=... query value names them (CUSTOMERS_SORTS[i]). */
enum customers_sort { CS_ID_DESC, CS_ID_ASC, CS_NAME, CS_REGION, CS_LEVEL, CS_MANAGER, CS__COUNT };
extern const char *const CUSTOMERS_SORTS[];   /* "-id", "id", "name", "region", "level", "manager", NULL */
/* Customer states (status column), NULL-terminated: normal, warning, lost. */
extern const char *const CUSTOMER_STATES[];

typedef struct customers_filter {
    long long manager;          /* only this manager's customers (row scope or a chosen manager); 0 = any */
    const char *tri, *bi;       /* text filter: MATCH texts from search_build(); both "" or NULL = none */
    const char *text;           /* the text as typed (search_match.whole), for text_walk(); NULL = none */
    const char *region, *level, *status;   /* NULL = any */
    long long created_from, created_to;    /* unix seconds, [from, to); 0 = open */
    int sort;                   /* enum customers_sort */
    bool after;                 /* keyset: rows after (after_key, after_id) in the sort order */
    long long after_id;
    const char *after_key;      /* the sort column's value of the last row shown ("" for id sorts) */
    int limit;                  /* rows per page (at most 200) */
    /* sort CS_LEVEL without a level filter: the level codes in the order to list them (the 数据字典's
     * order, NULL-terminated); levels customers have that it lacks follow, by code. NULL = by code. */
    const char *const *level_order;
    bool by_id;                 /* page by 客户编号 alone (the level walk's keyset): no plan in 创建日期 order */
    /* how a text with a date range is read (customers.c, text_range), noted here by customers_list so that
     * customers_count and the next pages of the same filter do not weigh it again; 0 = not yet. Callers
     * start it at 0 and keep the filter's text and dates while it is set. */
    int text_range;
} customers_filter;

typedef struct customers_page {
    bool more;                  /* a next page exists */
    long long next_id;          /* keyset of the next page */
    const char *next_key;       /* the last row's sort value: points into the rows or into num */
    char num[32];
} customers_page;

/* One page of non-retired customers matching f (objects: id, no, name, region, level, manager_id,
 * status, phone, satisfaction, credit, created_at, last_order_date; the manager's name comes from the
 * users cache, users_name). Fills page.
 * Returns the row count or -1. Every filter/sort combination runs on an index; see customers.c. */
int customers_list(db *d, customers_filter *f, cJSON *rows, customers_page *page);
/* Number of customers matching f (sort and keyset ignored), or -1. Filters on manager, region, level and
 * status alone give the exact number (kept by triggers, no scan: *exact = true); a text or date filter
 * counts at most cap rows (e.g. 1001; *exact = false when the count reached cap). exact may be NULL. */
long long customers_count(db *d, const customers_filter *f, long long cap, bool *exact);

/* The most customers for which reading each matching customer's rows (orders, 交往记录) beats walking every
 * row in the list's order and checking its customer, for a page of limit rows. With C of N listed customers
 * matching, the walk reads about limit x N / C rows and the customer-driven read about C x (rows per
 * customer), so the customer-driven read is the cheaper while C < sqrt(limit x N) (about 7,000 of 1,000,000
 * for a page of 50); kept within [2,000, 50,000]. Used by orders.c and activity_feed.c. */
long long customers_driver_cap(db *d, int limit);

/* The customer (every column, plus manager_name and manager_active), retired ones included, within
 * scope (0 = all), or NULL. */
cJSON *customers_get(db *d, long long id, long long scope);
/* Active customers within scope (0 = all) that a new one with these fields probably duplicates: the same
 * 名称, or the same 电话 or 营业执照注册号 (when given), at most 10, each once ({id, no, name, same: "name",
 * "phone" or "license_no": the first field that matched}). Returns the count or -1. */
int customers_duplicates(db *d, const customer_fields *f, long long scope, cJSON *rows);
/* Next 客户编号 for the day of `now` in the configured zone (KHyyyymmddNNNN) into out. Inside a
 * transaction. Returns 0 or -1. */
int customers_next_no(db *d, long long now, char *out, size_t outlen);
/* Inserts a customer with a generated 客户编号. Inside a transaction. Returns the id or STORE_ERROR. */
long long customers_create(db *d, const customer_fields *f, long long now);
/* Many customers in one write transaction (imports): customers_create_batch inserts like
 * customers_create, taking the numbers in blocks (one counter statement per block, not per customer);
 * customers_batch_end gives the numbers not used back. Start with a zeroed batch. Return as
 * customers_create; 0 or -1. */
typedef struct customers_batch { char day[40], name[64]; long long next, end; } customers_batch;
long long customers_create_batch(db *d, customers_batch *b, const customer_fields *f, long long now);
int customers_batch_end(db *d, customers_batch *b);
/* Updates every field at version (not retired). Returns STORE_OK, STORE_STALE, STORE_NOT_FOUND,
 * STORE_LOCKED (retired) or STORE_ERROR. */
int customers_update(db *d, long long id, long long version, const customer_fields *f, long long now);
/* Retires the customer (retired: out of the lists, counts and search) or brings a retired one back (恢复:
 * into them again) at version. Returns STORE_OK, STORE_STALE, STORE_NOT_FOUND, STORE_LOCKED (already so) or
 * STORE_ERROR. */
int customers_set_retired(db *d, long long id, long long version, bool retired, long long now);
/* Gives a non-retired customer another manager (version + 1). Returns STORE_OK or STORE_NOT_FOUND. */
int customers_set_manager(db *d, long long id, long long manager_id, long long now);

/* What hangs off one customer, for its detail page: every order (count, Σ total, Σ total of the paid
 * ones, in 分) and the number of interaction records. */
typedef struct customer_stats { long long orders, orders_total, orders_paid, activities; } customer_stats;
/* Fills out for customer id (no scope check: the caller has already read the customer). Returns 0 or -1. */
int customers_stats(db *d, long long id, customer_stats *out);
#endif
