/* orders.h — 历史订单: orders of a customer with their lines (product, 数量, 单位, 单价, amount).
 * Money is integer 分. orders.total and customers.last_order_date are maintained by triggers
 * (schema/003_customers.sql). 订单号 is DD + yyyymmdd + a per-day sequence from the counters table.
 * Row scope as in contacts.h (manager 0 = all). */
#ifndef CRM_ORDERS_H
#define CRM_ORDERS_H
#include <cJSON.h>
#include "db.h"
#include "store.h"

typedef struct order_fields {
    const char *order_no;  /* NULL or "" = generate */
    const char *date;      /* YYYY-MM-DD */
    const char *address;
    const char *status;    /* unpaid | paid */
} order_fields;

typedef struct order_line {
    long long product_id;
    long long quantity;
    const char *unit;
    long long price;       /* 分 */
    long long amount;      /* quantity × price, computed by the caller (overflow checked) */
} order_line;

/* List orders, as the sort=... query value names them (ORDERS_SORTS[i]); ties go by id the same way. */
enum orders_sort { OS_DATE_DESC, OS_DATE, OS_TOTAL_DESC, OS_TOTAL, OS__COUNT };
extern const char *const ORDERS_SORTS[];   /* "-date", "date", "-total", "total", NULL */

typedef struct orders_filter {
    const char *customer;  /* customer name prefix; NULL = any */
    const char *status;    /* NULL = any */
    const char *from, *to; /* date range inclusive, NULL = open */
    long long customer_id; /* 0 = any */
    long long manager;     /* row scope, or the 客户经理 chosen: 0 = all */
    const char *region;    /* the customers' 地区 (a 数据字典 value); NULL or "" = any */
    const char *level;     /* the customers' 客户等级 (a 数据字典 value); NULL or "" = any */
    int sort;              /* enum orders_sort (0 = newest first) */
    /* keyset: when after, rows after (after_date or after_total, after_id) in the sort's order; the
     * date sorts read after_date, the amount sorts after_total */
    bool after;
    const char *after_date; long long after_total; long long after_id;
    int limit;
} orders_filter;

/* The newest `limit` orders of a customer (limit <= 0: all), newest first, each with total (分) and
 * total_text (formatted yuan). Returns the row count or -1. */
int orders_for_customer(db *d, long long customer_id, int limit, cJSON *rows);
/* One order (with customer_name, customer_no, manager_id, total_text) within scope, or NULL. */
cJSON *orders_get(db *d, long long id, long long manager);
/* Lines of an order with product name/model, price_text and amount_text. Returns count or -1. */
int orders_lines(db *d, long long order_id, cJSON *rows);
/* Orders matching f in f->sort's order, after the keyset if any (with customer_name, total_text).
 * Returns count or -1. */
int orders_list(db *d, const orders_filter *f, cJSON *rows);
/* Sets f's keyset to row (one orders_list returned), so the next call starts after it. The date is
 * copied into datebuf (len bytes), since rows may be freed before the next call. */
void orders_after_row(orders_filter *f, const cJSON *row, char *datebuf, size_t len);
/* Number of orders matching f (sort, keyset and limit ignored), counting at most cap. Returns it or -1. */
long long orders_count(db *d, const orders_filter *f, int cap);
/* Next order number for date (YYYY-MM-DD) into out (DDyyyymmddNNNN). Inside a transaction. 0 or -1. */
int orders_next_no(db *d, const char *date, char *out, size_t outlen);
/* Creates an order with its lines. Inside a transaction. Returns the id, STORE_DUPLICATE (订单号 taken)
 * or STORE_ERROR. */
long long orders_create(db *d, long long customer_id, const order_fields *f, const order_line *lines,
                        int nlines, long long now);
/* Updates the header at version and replaces the lines (when lines != NULL). Inside a transaction.
 * Returns STORE_OK, STORE_STALE, STORE_NOT_FOUND, STORE_DUPLICATE or STORE_ERROR. */
int orders_update(db *d, long long id, long long version, const order_fields *f, const order_line *lines,
                  int nlines, long long now);
/* Deletes the order and its lines at version. */
int orders_delete(db *d, long long id, long long version);
#endif
