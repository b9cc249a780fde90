/* orders.c — SQL for 历史订单 (orders and order_lines) and 订单号 generation; see orders.h.
 * orders.total and customers.last_order_date are kept by the triggers of schema/003_customers.sql,
 * so this module only inserts, replaces and deletes lines. */
#include "orders.h"
#include "log.h"
#include <stdio.h>
#include <string.h>

/* Formats fen as "1,234.50" into out (no arena here: the value is copied into the JSON at once). */
static void fen_text(long long fen, char *out, size_t outlen) {
    char digits[32];
    unsigned long long v = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
    snprintf(digits, sizeof digits, "%llu", v / 100);
    size_t n = strlen(digits), o = 0;
    char tmp[48];
    if (fen < 0) tmp[o++] = '-';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) tmp[o++] = ',';
        tmp[o++] = digits[i];
    }
    snprintf(tmp + o, sizeof tmp - o, ".%02llu", v % 100);
    snprintf(out, outlen, "%s", tmp);
}

/* Adds name_text = formatted value of the number field name to every object of rows. */
static void add_money_text(cJSON *rows, const char *name, const char *text_name) {
    cJSON *it;
    cJSON_ArrayForEach(it, rows) {
        char t[48];
        fen_text((long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, name)), t, sizeof t);
        cJSON_AddStringToObject(it, text_name, t);
    }
}

#define ORDER_COLS "o.id, o.customer_id, o.order_no, o.date, o.address, o.status, o.total, o.version," \
                   " o.created_at, o.updated_at"

static const char SQL_FOR_CUSTOMER[] =
    "SELECT " ORDER_COLS ", (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) AS line_count"
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
        fen_text((long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "total")), t, sizeof t);
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

/* The list. Orders of retired customers leave it, like the customers themselves. Two ways to run it:
 *  - date-driven: walk orders_by_date newest first and keep rows whose customer matches; best when the
 *    matching customers are many (the walk finds a page quickly);
 *  - customer-driven (CROSS JOIN fixes customers as the outer loop): take the matching customers from
 *    customers_by_manager / customers_by_name / customers_by_manager_name, their orders from
 *    orders_by_customer, and sort; best when they are few (a rep's own customers, a narrow name prefix).
 * orders_list counts the candidate customers up to DRIVER_CAP to choose. Dates default to an open range
 * ('' .. '9999-12-31') and the keyset starts above every date, so each variant needs no NULL tests. */
#define DRIVER_CAP 2000
#define LIST_COLS "SELECT " ORDER_COLS ", c.name AS customer_name, c.no AS customer_no"
#define LIST_WHERE                                                                                    \
    " c.retired = 0 AND o.date >= ?1 AND o.date <= ?2 AND (o.date, o.id) < (?3, ?4)"                 \
    " AND (?5 = '' OR o.status = ?5) AND (?6 = 0 OR o.customer_id = ?6)"
#define LIST_TAIL " ORDER BY o.date DESC, o.id DESC LIMIT ?7"
#define BY_DATE LIST_COLS " FROM orders o JOIN customers c ON c.id = o.customer_id WHERE" LIST_WHERE
#define BY_CUST LIST_COLS " FROM customers c CROSS JOIN orders o ON o.customer_id = c.id WHERE" LIST_WHERE
#define MGR " AND c.manager_id = ?8"
#define NAME " AND c.name >= ?9 AND c.name < ?10"
static const char SQL_LIST[] = BY_DATE LIST_TAIL;
static const char SQL_LIST_SCOPED[] = BY_DATE MGR LIST_TAIL;
static const char SQL_LIST_NAME[] = BY_DATE NAME LIST_TAIL;
static const char SQL_LIST_NAME_SCOPED[] = BY_DATE MGR NAME LIST_TAIL;
static const char SQL_CUST_SCOPED[] = BY_CUST MGR LIST_TAIL;
static const char SQL_CUST_NAME[] = BY_CUST NAME LIST_TAIL;
static const char SQL_CUST_NAME_SCOPED[] = BY_CUST MGR NAME LIST_TAIL;
static const char SQL_FEW_SCOPED[] =
    "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE c.retired = 0" MGR " LIMIT 2000)";
static const char SQL_FEW_NAME[] =
    "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE c.retired = 0" NAME " LIMIT 2000)";
static const char SQL_FEW_NAME_SCOPED[] =
    "SELECT count(*) FROM (SELECT 1 FROM customers c WHERE c.retired = 0" MGR NAME " LIMIT 2000)";

/* Binds the manager (?8) and the name range (?9, ?10) used by the variants that have them. */
static void bind_customer_filter(sqlite3_stmt *st, const orders_filter *f, const char *upper) {
    if (f->manager) sqlite3_bind_int64(st, 8, f->manager);
    if (upper) {
        sqlite3_bind_text(st, 9, f->customer, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 10, upper, -1, SQLITE_STATIC);  /* text: BINARY compare */
    }
}

/* True when fewer than DRIVER_CAP customers match the manager/name filter. */
static bool few_customers(db *d, const orders_filter *f, const char *upper) {
    const char *sql = f->manager ? (upper ? SQL_FEW_NAME_SCOPED : SQL_FEW_SCOPED) : SQL_FEW_NAME;
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return false;
    bind_customer_filter(st, f, upper);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : DRIVER_CAP;
    sqlite3_reset(st);
    return n < DRIVER_CAP;
}

/* Chooses the plan for f (see above) and binds it; keyset and limit as given. NULL on failure. */
static sqlite3_stmt *list_statement(db *d, const orders_filter *f, char *upper, size_t upper_len, bool keyset, int limit) {
    bool by_name = f->customer && *f->customer;
    /* every string starting with the prefix sorts below prefix + 0xF5 (no UTF-8 byte is >= 0xF5) */
    if (by_name) snprintf(upper, upper_len, "%s\xf5", f->customer);
    const char *up = by_name ? upper : NULL;
    const char *sql;
    if (f->customer_id || (!f->manager && !by_name)) {
        sql = SQL_LIST;
        if (f->manager) sql = by_name ? SQL_LIST_NAME_SCOPED : SQL_LIST_SCOPED;
        else if (by_name) sql = SQL_LIST_NAME;
    } else if (few_customers(d, f, up)) {
        sql = f->manager ? (by_name ? SQL_CUST_NAME_SCOPED : SQL_CUST_SCOPED) : SQL_CUST_NAME;
    } else {
        sql = f->manager ? (by_name ? SQL_LIST_NAME_SCOPED : SQL_LIST_SCOPED) : SQL_LIST_NAME;
    }
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, f->from && *f->from ? f->from : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->to && *f->to ? f->to : "9999-12-31", -1, SQLITE_STATIC);
    if (keyset && f->after_date && *f->after_date) {
        sqlite3_bind_text(st, 3, f->after_date, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, f->after_id);
    } else {
        sqlite3_bind_text(st, 3, "~", -1, SQLITE_STATIC);   /* above every date */
        sqlite3_bind_int64(st, 4, 0);
    }
    sqlite3_bind_text(st, 5, f->status ? f->status : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, f->customer_id);
    sqlite3_bind_int(st, 7, limit);
    bind_customer_filter(st, f, up);
    return st;
}

int orders_list(db *d, const orders_filter *f, cJSON *rows) {
    char upper[256];
    sqlite3_stmt *st = list_statement(d, f, upper, sizeof upper, true, f->limit > 0 ? f->limit : 50);
    if (!st) return -1;
    int n = db_rows_json(st, rows);
    if (n > 0) add_money_text(rows, "total", "total_text");
    return n;
}

long long orders_count(db *d, const orders_filter *f, int cap) {
    char upper[256];
    sqlite3_stmt *st = list_statement(d, f, upper, sizeof upper, false, cap);
    if (!st) return -1;
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
