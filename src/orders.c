/* orders.c — SQL for 历史订单 (orders and order_lines) and 订单号 generation; see orders.h.
 * orders.total and customers.last_order_date are kept by the triggers of schema/003_customers.sql,
 * so this module only inserts, replaces and deletes lines. */
#include "orders.h"
#include "customers.h"
#include "log.h"
#include "validate.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Adds name_text = formatted value of the number field name to every object of rows. */
static void add_money_text(cJSON *rows, const char *name, const char *text_name) {
    cJSON *it;
    cJSON_ArrayForEach(it, rows) {
        char t[48];
        money_format_to((long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, name)), t, sizeof t);
        cJSON_AddStringToObject(it, text_name, t);
    }
}

#define ORDER_COLS "o.id, o.customer_id, o.order_no, o.date, o.address, o.status, o.total, o.version," \
                   " o.created_at, o.updated_at"

/* the customer page's newest orders: only columns orders_by_customer holds (schema/018), read from it alone */
static const char SQL_FOR_CUSTOMER[] =
    "SELECT o.id, o.customer_id, o.order_no, o.date, o.status, o.total, o.line_count"
    " FROM orders o WHERE o.customer_id = ?1 ORDER BY o.date DESC, o.id DESC LIMIT ?2";

int orders_for_customer(db *d, long long customer_id, int limit, cJSON *rows) {
    sqlite3_stmt *st = db_prepare(d, SQL_FOR_CUSTOMER);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, customer_id);
    sqlite3_bind_int(st, 2, limit > 0 ? limit : -1);
    int n = db_rows_json(st, rows);
    if (n > 0) add_money_text(rows, "total", "total_text");
    return n;
}

static const char SQL_GET[] =
    "SELECT " ORDER_COLS ", c.name AS customer_name, c.no AS customer_no, c.manager_id"
    " FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1";
static const char SQL_GET_SCOPED[] =
    "SELECT " ORDER_COLS ", c.name AS customer_name, c.no AS customer_no, c.manager_id"
    " FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1 AND c.manager_id = ?2";

cJSON *orders_get(db *d, long long id, long long manager) {
    sqlite3_stmt *st = db_prepare(d, manager ? SQL_GET_SCOPED : SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    if (manager) sqlite3_bind_int64(st, 2, manager);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = db_row_json(st);
    sqlite3_reset(st);
    if (o) {
        char t[48];
        money_format_to((long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "total")), t, sizeof t);
        cJSON_AddStringToObject(o, "total_text", t);
    }
    return o;
}

static const char SQL_LINES[] =
    "SELECT l.id, l.product_id, COALESCE(p.name, '') AS product_name, COALESCE(p.model, '') AS product_model,"
    " l.quantity, l.unit, l.price, l.amount FROM order_lines l LEFT JOIN products p ON p.id = l.product_id"
    " WHERE l.order_id = ?1 ORDER BY l.id";

int orders_lines(db *d, long long order_id, cJSON *rows) {
    sqlite3_stmt *st = db_prepare(d, SQL_LINES);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, order_id);
    int n = db_rows_json(st, rows);
    if (n > 0) {
        add_money_text(rows, "price", "price_text");
        add_money_text(rows, "amount", "amount_text");
    }
    return n;
}

/* The list. Orders of retired customers leave it, like the customers themselves. Three ways to run it,
 * each pinned to its indexes (INDEXED BY, CROSS JOIN fixes the outer loop) so that no estimate can turn
 * a page into a sort of millions of rows:
 *  - walk: follow the sort's own index (orders_by_date, or orders_by_total for the 金额 sorts) from the
 *    keyset on, and keep rows whose customer matches; best when the matching customers are many (the
 *    walk finds a page quickly). One statement per sort; the keyset row value is the seek, so a later
 *    page costs what the first does;
 *  - customer-driven: take the matching customers from customers_by_manager / customers_by_name /
 *    customers_by_manager_name (a name prefix as a range of name_key, see NAME; or the one customer_id;
 *    or a small 地区's or 等级's, REGION / LEVEL), their orders from orders_by_customer, and sort; best
 *    when they are few (a rep's own customers, a narrow name prefix);
 *  - range-driven, for the 金额 sorts only: take the orders of a narrow date range from orders_by_date
 *    and sort them (walking orders_by_total would read past every order outside the range).
 * list_statement counts the candidate customers up to a cap, and for the 金额 sorts the orders of the
 * date range up to RANGE_CAP, to choose. With C of N customers matching, the customer-driven plan reads
 * about C x (orders per customer) orders, the walk about limit x N / C (the matching orders are that
 * sparse), so the customer-driven plan is the cheaper while C < sqrt(limit x N) (customers_driver_cap):
 * about 7,000 of 1,000,000 for a page of 50, 32,000 for the capped count (1,001 rows). A fixed cap of
 * 2,000 made a one-character name prefix of 3,000 customers (鑫) walk 300,000 orders for its count: 0.6 s.
 * The customer- and range-driven statements sort anyway, so they serve every sort with one statement: ?11 picks the keyset comparison and the ORDER BY terms.
 * Every filter is in every statement; the customer filters are ORed off when unset (?6 = 0, ?8 = 0,
 * ?9 IS NULL, ?13 = '', ?14 = '') and checked on each row. Dates default to an open range
 * ('' .. '9999-12-31'). A count without a date range reads the matching customers' orders whenever a
 * manager, region or level narrows them (list_statement). */
#define RANGE_CAP 10000
#define STR_(x) #x
#define STR(x) STR_(x)   /* a cap as SQL text */
#define LIST_COLS "SELECT " ORDER_COLS ", c.name AS customer_name, c.no AS customer_no"
#define FILTERS                                                                                        \
    " WHERE c.retired = 0 AND (?5 = '' OR o.status = ?5) AND (?6 = 0 OR o.customer_id = ?6)"            \
    " AND (?8 = 0 OR c.manager_id = ?8) AND (?9 IS NULL OR (c.name >= ?9 AND c.name < ?10))"            \
    " AND (?13 = '' OR c.region = ?13) AND (?14 = '' OR c.level = ?14)"
#define WALK(IDX) LIST_COLS " FROM orders o INDEXED BY " IDX " CROSS JOIN customers c ON c.id = o.customer_id" FILTERS
/* the date walks take the keyset as their only bound on the walking side (the range's own bound there
 * is a mere check, +o.date; list_statement clamps the keyset into the range) */
static const char SQL_WALK_DATE_DESC[] = WALK("orders_by_date")
    " AND o.date >= ?1 AND +o.date <= ?2 AND (o.date, o.id) < (?3, ?4) ORDER BY o.date DESC, o.id DESC LIMIT ?7";
static const char SQL_WALK_DATE[] = WALK("orders_by_date")
    " AND +o.date >= ?1 AND o.date <= ?2 AND (o.date, o.id) > (?3, ?4) ORDER BY o.date, o.id LIMIT ?7";
static const char SQL_WALK_TOTAL_DESC[] = WALK("orders_by_total")
    " AND o.date >= ?1 AND o.date <= ?2 AND (o.total, o.id) < (?3, ?4) ORDER BY o.total DESC, o.id DESC LIMIT ?7";
static const char SQL_WALK_TOTAL[] = WALK("orders_by_total")
    " AND o.date >= ?1 AND o.date <= ?2 AND (o.total, o.id) > (?3, ?4) ORDER BY o.total, o.id LIMIT ?7";
static const char *const SQL_WALK[OS__COUNT] = {SQL_WALK_DATE_DESC, SQL_WALK_DATE, SQL_WALK_TOTAL_DESC, SQL_WALK_TOTAL};
/* ?11 = enum orders_sort */
#define ANY_SORT                                                                                       \
    " AND o.date >= ?1 AND o.date <= ?2 AND CASE ?11 WHEN 0 THEN (o.date, o.id) < (?3, ?4)"             \
    " WHEN 1 THEN (o.date, o.id) > (?3, ?4) WHEN 2 THEN (o.total, o.id) < (?3, ?4) ELSE (o.total, o.id) > (?3, ?4) END" \
    " ORDER BY CASE ?11 WHEN 0 THEN o.date END DESC, CASE ?11 WHEN 1 THEN o.date END,"                  \
    " CASE ?11 WHEN 2 THEN o.total END DESC, CASE ?11 WHEN 3 THEN o.total END,"                         \
    " CASE WHEN ?11 IN (0, 2) THEN o.id END DESC, o.id LIMIT ?7"
#define BY_CUST LIST_COLS " FROM customers c CROSS JOIN orders o INDEXED BY orders_by_customer ON o.customer_id = c.id" FILTERS
#define MGR " AND c.manager_id = ?8"
/* the customer-name prefix as a range of customers_by_name / customers_by_manager_name (name_key, one unit
 * per character, none starting with 0xFF: every name starting with ?9 has a key in [key(?9), key(?9) || FF),
 * src/name_key.c;
 * || gives text, hence the CAST); FILTERS checks the same prefix on the name text, row by row */
#define NAME " AND c.name_key >= crm_name_key(?9) AND c.name_key < CAST(crm_name_key(?9) || x'FF' AS BLOB)"
static const char SQL_RANGE[] = WALK("orders_by_date") ANY_SORT;
static const char SQL_CUST_MGR[] = BY_CUST MGR ANY_SORT;
static const char SQL_CUST_NAME[] = BY_CUST NAME ANY_SORT;
static const char SQL_CUST_MGR_NAME[] = BY_CUST MGR NAME ANY_SORT;
static const char SQL_CUST_ONE[] = BY_CUST " AND c.id = ?6" ANY_SORT;
#define REGION " AND c.region = ?13"
#define LEVEL " AND c.level = ?14"
static const char SQL_CUST_REGION[] = BY_CUST REGION ANY_SORT;
static const char SQL_CUST_LEVEL[] = BY_CUST LEVEL ANY_SORT;
/* the capped counts of the customer-driven plans: the same rows without the sort a count does not need
 * (orders_count; the walks count by stepping their own statement, which finds rows in order anyway) */
#define COUNT_BY_CUST(WHERE) \
    "SELECT count(*) FROM (SELECT 1 FROM customers c CROSS JOIN orders o INDEXED BY orders_by_customer" \
    " ON o.customer_id = c.id" FILTERS WHERE " AND o.date >= ?1 AND o.date <= ?2 LIMIT ?7)"
static const char SQL_COUNT_CUST_MGR[] = COUNT_BY_CUST(MGR);
static const char SQL_COUNT_CUST_NAME[] = COUNT_BY_CUST(NAME);
static const char SQL_COUNT_CUST_MGR_NAME[] = COUNT_BY_CUST(MGR NAME);
static const char SQL_COUNT_CUST_ONE[] = COUNT_BY_CUST(" AND c.id = ?6");
static const char SQL_COUNT_CUST_REGION[] = COUNT_BY_CUST(REGION);
static const char SQL_COUNT_CUST_LEVEL[] = COUNT_BY_CUST(LEVEL);
static const char SQL_FEW_NAME[] =
    "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE c.retired = 0" NAME " LIMIT ?12)";
static const char SQL_FEW_NAME_SCOPED[] =
    "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE c.retired = 0" MGR NAME " LIMIT ?12)";
static const char SQL_FEW_IN_RANGE[] =
    "SELECT count(*) FROM (SELECT 1 FROM orders INDEXED BY orders_by_date WHERE date >= ?1 AND date <= ?2"
    " LIMIT " STR(RANGE_CAP) ")";

const char *const ORDERS_SORTS[] = {"-date", "date", "-total", "total", NULL};

static bool has(const char *s) { return s && *s; }
static const char *date_from(const orders_filter *f) { return has(f->from) ? f->from : ""; }
static const char *date_to(const orders_filter *f) { return has(f->to) ? f->to : "9999-12-31"; }

/* Binds the manager (?8), the name range (?9, ?10; upper NULL = no name filter), the region (?13) and the
 * level (?14). */
static void bind_customer_filter(sqlite3_stmt *st, const orders_filter *f, const char *upper) {
    sqlite3_bind_int64(st, 8, f->manager);
    sqlite3_bind_text(st, 13, f->region ? f->region : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 14, f->level ? f->level : "", -1, SQLITE_STATIC);
    if (upper) {
        sqlite3_bind_text(st, 9, f->customer, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, upper, -1, SQLITE_STATIC);  /* text: BINARY compare */
    }
}

/* The single count(*) that st answers, or -1. */
static long long count_of(sqlite3_stmt *st) {
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* True when few enough customers match the manager/name filter for the customer-driven plan to beat
 * the walk for a page of limit rows (see above). The listed customers, and a manager's, are the kept
 * counts (customers_count, schema/005); a name prefix is counted on its index, up to the cap. */
static bool few_customers(db *d, const orders_filter *f, const char *upper, int limit) {
    customers_filter mine = {.manager = f->manager};
    long long cap = customers_driver_cap(d, limit);
    long long n;
    if (!upper) {
        n = customers_count(d, &mine, 0, NULL);
    } else {
        const char *sql = f->manager ? SQL_FEW_NAME_SCOPED : SQL_FEW_NAME;
        sqlite3_stmt *st = db_prepare(d, sql);
        if (!st) return false;
        if (f->manager) sqlite3_bind_int64(st, 8, f->manager);
        sqlite3_bind_text(st, 9, f->customer, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 12, cap);
        n = count_of(st);
    }
    return n >= 0 && n < cap;
}

/* True when the customers of a region or a level (c: a kept count) are few enough to drive the plan. */
static bool few_of(db *d, const customers_filter *c, int limit) {
    long long n = customers_count(d, c, 0, NULL);
    return n >= 0 && n < customers_driver_cap(d, limit);
}


/* True when f has a date range holding fewer than RANGE_CAP orders (of any customer). */
static bool narrow_range(db *d, const orders_filter *f) {
    if (!has(f->from) && !has(f->to)) return false;
    sqlite3_stmt *st = db_prepare(d, SQL_FEW_IN_RANGE);
    if (!st) return false;
    sqlite3_bind_text(st, 1, date_from(f), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date_to(f), -1, SQLITE_STATIC);
    long long n = count_of(st);
    return n >= 0 && n < RANGE_CAP;
}

/* The statement for f (see above); upper NULL = no name filter. */
static const char *choose(db *d, const orders_filter *f, const char *upper, int limit) {
    if (f->customer_id) return SQL_CUST_ONE;
    if ((f->manager || upper) && few_customers(d, f, upper, limit))
        return f->manager ? (upper ? SQL_CUST_MGR_NAME : SQL_CUST_MGR) : SQL_CUST_NAME;
    if (has(f->region) && few_of(d, &(customers_filter){.region = f->region}, limit)) return SQL_CUST_REGION;
    if (has(f->level) && few_of(d, &(customers_filter){.level = f->level}, limit)) return SQL_CUST_LEVEL;
    if ((f->sort == OS_TOTAL_DESC || f->sort == OS_TOTAL) && narrow_range(d, f)) return SQL_RANGE;
    return SQL_WALK[f->sort];
}

/* Binds the keyset (?3, ?4): f's, or for the first page a start before every row. The date sorts start
 * at the range's near end instead when the keyset lies beyond it, so that their walk seeks there. */
static void bind_keyset(sqlite3_stmt *st, const orders_filter *f) {
    const char *date = f->after ? f->after_date : NULL;
    long long id = f->after_id;
    switch (f->sort) {
    case OS_DATE_DESC:
        if (!date || strcmp(date, date_to(f)) > 0) { date = date_to(f); id = INT64_MAX; }
        sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
        break;
    case OS_DATE:
        if (!date || strcmp(date, date_from(f)) < 0) { date = date_from(f); id = 0; }
        sqlite3_bind_text(st, 3, date, -1, SQLITE_STATIC);
        break;
    case OS_TOTAL_DESC:
        if (!f->after) id = INT64_MAX;
        sqlite3_bind_int64(st, 3, f->after ? f->after_total : INT64_MAX);
        break;
    default:
        if (!f->after) id = 0;
        sqlite3_bind_int64(st, 3, f->after ? f->after_total : INT64_MIN);
        break;
    }
    sqlite3_bind_int64(st, 4, id);
}

/* The counting statement of a customer-driven plan, or NULL for the others. */
static const char *count_variant(const char *sql) {
    return sql == SQL_CUST_MGR ? SQL_COUNT_CUST_MGR : sql == SQL_CUST_NAME ? SQL_COUNT_CUST_NAME
         : sql == SQL_CUST_MGR_NAME ? SQL_COUNT_CUST_MGR_NAME : sql == SQL_CUST_ONE ? SQL_COUNT_CUST_ONE
         : sql == SQL_CUST_REGION ? SQL_COUNT_CUST_REGION : sql == SQL_CUST_LEVEL ? SQL_COUNT_CUST_LEVEL : NULL;
}

/* Chooses the plan for f and binds it, with the limit given; for a count (counting set), the plan's
 * count statement when it has one (*counting then stays true, else it is cleared). NULL on failure. */
static sqlite3_stmt *list_statement(db *d, const orders_filter *f, char *upper, size_t upper_len, int limit,
                                    bool *counting) {
    bool by_name = f->customer && *f->customer;
    /* every string starting with the prefix sorts below prefix + 0xF5 (no UTF-8 byte is >= 0xF5) */
    if (by_name) snprintf(upper, upper_len, "%s\xf5", f->customer);
    const char *up = by_name ? upper : NULL;
    const char *sql = choose(d, f, up, limit);
    if (counting && *counting && !count_variant(sql) && !has(f->from) && !has(f->to) &&
        (f->manager || has(f->region) || has(f->level)))
        /* a count without a date range: a manager's, a region's or a level's customers hold matching orders
         * densely (every order of a customer counts, or half of them by state), so reading customers until
         * the cap stops soon; the walk would step over every other customer's orders to reach the cap */
        sql = f->manager ? (up ? SQL_CUST_MGR_NAME : SQL_CUST_MGR) : up ? SQL_CUST_NAME
            : has(f->region) ? SQL_CUST_REGION : SQL_CUST_LEVEL;
    if (counting && *counting) {
        const char *c = count_variant(sql);
        if (c) sql = c;
        else *counting = false;
    }
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, date_from(f), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, date_to(f), -1, SQLITE_STATIC);
    bind_keyset(st, f);
    sqlite3_bind_text(st, 5, f->status ? f->status : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, f->customer_id);
    sqlite3_bind_int(st, 7, limit);
    bind_customer_filter(st, f, up);
    if (sqlite3_bind_parameter_count(st) >= 11) sqlite3_bind_int(st, 11, f->sort);   /* the ANY_SORT statements */
    return st;
}

/* f with its sort made valid (anything unknown: newest first). */
static orders_filter checked(const orders_filter *f) {
    orders_filter g = *f;
    if (g.sort < 0 || g.sort >= OS__COUNT) g.sort = OS_DATE_DESC;
    if (g.after && (g.sort == OS_DATE_DESC || g.sort == OS_DATE) && !(g.after_date && *g.after_date)) g.after = false;
    return g;
}

int orders_list(db *d, const orders_filter *f, cJSON *rows) {
    char upper[256];
    orders_filter g = checked(f);
    sqlite3_stmt *st = list_statement(d, &g, upper, sizeof upper, f->limit > 0 ? f->limit : 50, NULL);
    if (!st) return -1;
    int n = db_rows_json(st, rows);
    if (n > 0) add_money_text(rows, "total", "total_text");
    return n;
}

void orders_after_row(orders_filter *f, const cJSON *row, char *datebuf, size_t len) {
    const char *date = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(row, "date"));
    snprintf(datebuf, len, "%s", date ? date : "");
    f->after = true;
    f->after_date = datebuf;
    f->after_total = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "total"));
    f->after_id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "id"));
}

long long orders_count(db *d, const orders_filter *f, int cap) {
    char upper[256];
    orders_filter g = *f;
    g.sort = OS_DATE_DESC;   /* any order counts the same; this one never needs the range plan */
    g.after = false;
    bool counting = true;
    sqlite3_stmt *st = list_statement(d, &g, upper, sizeof upper, cap, &counting);
    if (!st) return -1;
    if (counting) return count_of(st);
    long long n = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) n++;
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? n : -1;
}

static const char SQL_COUNTER[] =
    "INSERT INTO counters(name, value) VALUES (?1, 1)"
    " ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value";

int orders_next_no(db *d, const char *date, char *out, size_t outlen) {
    char ymd[9], name[32];
    if (!date || strlen(date) != 10) return -1;
    snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", date, date + 5, date + 8);
    snprintf(name, sizeof name, "order:%s", ymd);
    sqlite3_stmt *st = db_prepare(d, SQL_COUNTER);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    long long v = -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (v < 0) return -1;
    snprintf(out, outlen, "DD%s%04lld", ymd, v);
    return 0;
}

static const char SQL_INSERT_LINE[] =
    "INSERT INTO order_lines(order_id, product_id, quantity, unit, price, amount) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static int insert_lines(db *d, long long order_id, const order_line *lines, int nlines) {
    for (int i = 0; i < nlines; i++) {
        sqlite3_stmt *st = db_prepare(d, SQL_INSERT_LINE);
        if (!st) return STORE_ERROR;
        sqlite3_bind_int64(st, 1, order_id);
        sqlite3_bind_int64(st, 2, lines[i].product_id);
        sqlite3_bind_int64(st, 3, lines[i].quantity);
        sqlite3_bind_text(st, 4, lines[i].unit ? lines[i].unit : "", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, lines[i].price);
        sqlite3_bind_int64(st, 6, lines[i].amount);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE) { log_error("order line insert failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    }
    return STORE_OK;
}

static const char SQL_INSERT[] =
    "INSERT INTO orders(customer_id, order_no, date, address, status, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";

/* Inserts the header; STORE_DUPLICATE when the number is taken. */
static long long insert_order(db *d, long long customer_id, const char *no, const order_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, customer_id);
    sqlite3_bind_text(st, 2, no, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->address ? f->address : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->status && *f->status ? f->status : "unpaid", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return STORE_DUPLICATE;
    if (rc != SQLITE_DONE) { log_error("order insert failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_last_id(d);
}

long long orders_create(db *d, long long customer_id, const order_fields *f, const order_line *lines,
                        int nlines, long long now) {
    long long id;
    if (f->order_no && *f->order_no) {
        id = insert_order(d, customer_id, f->order_no, f, now);
    } else {
        /* a generated number may collide with one typed by hand or imported: take the next one */
        id = STORE_DUPLICATE;
        for (int tries = 0; tries < 20 && id == STORE_DUPLICATE; tries++) {
            char no[40];
            if (orders_next_no(d, f->date, no, sizeof no) != 0) return STORE_ERROR;
            id = insert_order(d, customer_id, no, f, now);
        }
    }
    if (id <= 0) return id;
    if (insert_lines(d, id, lines, nlines) != STORE_OK) return STORE_ERROR;
    return id;
}

static const char SQL_EXISTS[] = "SELECT 1 FROM orders WHERE id = ?1";

static const char SQL_UPDATE[] =
    "UPDATE orders SET order_no = ?3, date = ?4, address = ?5, status = ?6, version = version + 1,"
    " updated_at = ?7 WHERE id = ?1 AND version = ?2";
static const char SQL_DELETE_LINES[] = "DELETE FROM order_lines WHERE order_id = ?1";

int orders_update(db *d, long long id, long long version, const order_fields *f, const order_line *lines,
                  int nlines, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_UPDATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_text(st, 3, f->order_no, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->address ? f->address : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, f->status && *f->status ? f->status : "unpaid", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return STORE_DUPLICATE;
    if (rc != SQLITE_DONE) { log_error("order update failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    if (db_changes(d) != 1) return db_why_unchanged(d, SQL_EXISTS, id);
    if (!lines) return STORE_OK;
    st = db_prepare(d, SQL_DELETE_LINES);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("order lines delete failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return insert_lines(d, id, lines, nlines);
}

static const char SQL_DELETE[] = "DELETE FROM orders WHERE id = ?1 AND version = ?2";

int orders_delete(db *d, long long id, long long version) {
    /* lines go by ON DELETE CASCADE (foreign keys are on); the triggers fix last_order_date */
    sqlite3_stmt *st = db_prepare(d, SQL_DELETE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("order delete failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}
