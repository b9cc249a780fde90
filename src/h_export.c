/* h_export.c — 数据导出 handlers; see h_export.h.
 *
 * Each export parses the list's own filters the way the list page does (same fields, limits and
 * checks: what the list refuses, the export refuses) and hands them to the list's data-module function
 * (customers_list, retired_list, orders_list, products_list, stock_list, feed_list), page by page by
 * key under the heap allocator so memory stays flat for any size; rows are written as CSV (UTF-8 BOM,
 * CRLF, csv.c quoting and formula guard) straight to the client through the worker's streaming path
 * (request.stream). The row scope is the list's: scope_manager() for customers, contacts, 交往记录 and
 * orders; products and stock are reference data every user who may export sees. The list's paging
 * fields are accepted and ignored: an export is every page. */
#include "h_export.h"
#include "csv.h"
#include "dict.h"
#include "contacts.h"
#include "h_activities.h"
#include "h_activity_feed.h"
#include "h_contact_dir.h"
#include "h_contacts.h"
#include "h_customers.h"
#include "h_products.h"
#include "h_retired.h"
#include "handlers.h"
#include "import.h"
#include "jsonmem.h"
#include "log.h"
#include "orders.h"
#include "products.h"
#include "scope.h"
#include "stock.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

typedef struct paged_export paged_export;

typedef struct export_state {
    request *r;
    const paged_export *paged;   /* products, stock, 交往记录, 已停用客户, 操作日志: how their pages are read and written */
    buf out;
    bool failed;   /* stop reading: the database failed, a keyset did not move on, or the client is gone */
    bool gone;     /* the client is gone: nothing more can be written */
    long rows;
    /* customers */
    customers_filter cf;
    cJSON *regions, *levels;
    /* contacts: one customer's, or the 联系人 list's */
    long long manager, customer_id;
    const char *customer_prefix;
    contact_dir_filter df;
    /* orders */
    orders_filter of;
    cJSON *units;
    /* products, stock */
    products_filter pf;
    stock_filter sf;
    cJSON *warehouses;
    /* a customer's 交往记录, and every customer's */
    activities_filter acf;
    feed_filter ff;
    /* 已停用客户 */
    retired_filter rf;
    /* audit log */
    audit_filter af;
    char key[PRODUCTS_KEY_MAX];   /* the keyset key of the page read last */
} export_state;

/* Sends what is buffered once it is large (or always when force). */
static void flush(export_state *x, bool force) {
    if (x->gone || (!force && x->out.len < 64 * 1024)) return;
    if (x->out.len && request_write(x->r, x->out.data, x->out.len) != 0) x->failed = x->gone = true;
    buf_clear(&x->out);
}

static void put(export_state *x, const char *s, bool first) { csv_put(&x->out, s ? s : "", s ? strlen(s) : 0, first, false); }
static void put_num(export_state *x, const char *s) { csv_put(&x->out, s, strlen(s), false, true); }

/* 分 as "1234.50" (what Excel reads as a number and the import reads back). */
static void put_money(export_state *x, long long fen) {
    char s[40];
    unsigned long long u = fen < 0 ? 0ULL - (unsigned long long)fen : (unsigned long long)fen;
    snprintf(s, sizeof s, "%s%llu.%02llu", fen < 0 ? "-" : "", u / 100, u % 100);
    put_num(x, s);
}

/* Ends an export: sends what is buffered. One that stopped early while the client is still there (the
 * database failed, or a keyset did not move on) ends with a row that says so in the user's language: the
 * headers (200) are long gone, and a reply cut off is ended normally by nginx, so the file itself must
 * tell that it is only a part. */
static void finish(export_state *x, const char *what) {
    if (x->failed && !x->gone) {
        put(x, request_t(x->r, "import.export_stopped"), true);
        csv_end_row(&x->out);
    }
    flush(x, true);
    buf_free(&x->out);
    log_info("export %s: user=%s rows=%ld%s", what, x->r->user.login, x->rows, x->failed ? " (stopped)" : "");
}

static void header(export_state *x, import_kind kind) {
    size_t n;
    const import_column *cols = import_columns(kind, &n);
    bool en = strcmp(x->r->lang, "en") == 0;
    buf_puts(&x->out, CSV_BOM);
    for (size_t i = 0; i < n; i++) put(x, en ? import_header_en(kind, &cols[i]) : cols[i].zh, i == 0);
    csv_end_row(&x->out);
}

/* The header row of an export without an import layout: each column's label in the user's language. */
static void header_labels(export_state *x, const char *const *keys, size_t n) {
    buf_puts(&x->out, CSV_BOM);
    for (size_t i = 0; i < n; i++) put(x, request_t(x->r, keys[i]), i == 0);
    csv_end_row(&x->out);
}

static void attachment(request *r, const char *base) {
    time_t t = (time_t)r->now;
    struct tm tm;
    localtime_r(&t, &tm);
    buf_printf(&r->extra_headers, "Content-Disposition: attachment; filename=\"%s-%04d%02d%02d.csv\"\r\n", base,
               tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    r->content_type_out = "text/csv; charset=utf-8";
}

/* Answers 200 with the file named base-YYYYMMDD.csv, whose rows stream writes after the headers. */
static int start(request *r, export_state *x, const char *base, void (*stream)(request *r)) {
    attachment(r, base);
    r->stream = stream;
    r->stream_ctx = x;
    return 200;
}

static const char *value_label(request *r, const char *group, const char *code) {
    if (!code || !*code) return "";
    const char *key = arena_printf(r->a, "import.value.%s.%s", group, code);
    const char *t = request_t(r, key);
    return strcmp(t, key) == 0 ? code : t;
}

/* customers: the list's query, read and checked by h_customers.c (customers_query) → customers_filter; its
 * paging fields (after, key) are ignored: the export is every page */
static int customer_row(void *arg, sqlite3_stmt *st) {
    export_state *x = arg;
    request *r = x->r;
    /* no, name, region, level, manager login, manager name, satisfaction, credit, address, postcode, phone,
     * fax, website, license_no, legal_rep, reg_capital, annual_revenue, bank, bank_account, local_tax_no,
     * national_tax_no, status, last_order_date, created_at — the order of CUSTOMER_COLS in import.c */
    put(x, db_text(st, 0), true);
    put(x, db_text(st, 1), false);
    put(x, rec_dict_label(x->regions, db_text(st, 2)), false);
    put(x, rec_dict_label(x->levels, db_text(st, 3)), false);
    put(x, db_text(st, 4), false);
    put(x, db_text(st, 5), false);
    put_num(x, db_text(st, 6));
    put_num(x, db_text(st, 7));
    for (int i = 8; i <= 14; i++) put(x, db_text(st, i), false);
    put_money(x, sqlite3_column_int64(st, 15));
    put_money(x, sqlite3_column_int64(st, 16));
    for (int i = 17; i <= 20; i++) put(x, db_text(st, i), false);
    put(x, value_label(r, "customer_status", db_text(st, 21)), false);
    put_num(x, db_text(st, 22));
    put_num(x, request_time(r, sqlite3_column_int64(st, 23)));
    csv_end_row(&x->out);
    x->rows++;
    flush(x, false);
    return x->failed;
}

static void stream_customers(request *r) {
    export_state *x = r->stream_ctx;
    header(x, IMPORT_CUSTOMERS);
    customers_filter f = x->cf;
    f.limit = 200;
    jsonmem_use(NULL);   /* each page is freed before the next: memory stays flat for any size */
    for (;;) {
        cJSON *rows = cJSON_CreateArray();
        customers_page page;
        int n = customers_list(r->db, &f, rows, &page);
        if (n < 0) { x->failed = true; cJSON_Delete(rows); break; }
        cJSON *it;
        cJSON_ArrayForEach(it, rows) {
            if (import_export_customer(r->db, rec_num(it, "id"), customer_row, x) < 0) x->failed = true;
            if (x->failed) break;
        }
        bool more = page.more;
        f.after = true;
        f.after_id = page.next_id;
        f.after_key = arena_strdup(r->a, page.next_key ? page.next_key : "");
        cJSON_Delete(rows);
        if (!more || x->failed) break;
    }
    jsonmem_use(r->a);
    finish(x, "customers");
}

int h_export_customers(request *r) {
    field_value v[CL_COUNT];
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    if (customers_query(r, LIST_FROM_QUERY, v, &x->cf)) {   /* what the list refuses, the export refuses too */
        rec_relabel(r, "import");
        return request_error(r, 400, "err.invalid");
    }
    x->regions = cJSON_CreateArray();
    dict_list(r->db, "region", x->regions);
    x->levels = cJSON_CreateArray();
    dict_list(r->db, "customer_level", x->levels);
    return start(r, x, "customers", stream_customers);
}

/* contacts */
static int contact_row(void *arg, sqlite3_stmt *st) {
    export_state *x = arg;
    request *r = x->r;
    for (int i = 0; i < 3; i++) put(x, db_text(st, i), i == 0);
    put(x, value_label(r, "gender", db_text(st, 3)), false);
    for (int i = 4; i <= 8; i++) put(x, db_text(st, i), false);
    put(x, request_t(r, sqlite3_column_int(st, 9) ? "form.yes" : "form.no"), false);
    csv_end_row(&x->out);
    x->rows++;
    flush(x, false);
    return x->failed;
}

static void stream_contacts(request *r) {
    export_state *x = r->stream_ctx;
    header(x, IMPORT_CONTACTS);
    if (import_export_contacts(r->db, x->manager, x->customer_id, x->customer_prefix, contact_row, x) < 0)
        x->failed = true;
    finish(x, "contacts");
}

/* One customer's rows (customer_id) are asked for as its page is: 404 when it is outside the row scope. */
static bool customer_out_of_scope(request *r, long long customer_id) {
    if (!customer_id) return false;
    cJSON *c = contacts_parent(r->db, customer_id, scope_manager(r));
    cJSON_Delete(c);
    return c == NULL;
}

static int export_contact_dir(request *r, export_state *x);

/* One customer's contacts (customer_id, its page's export), else the 联系人 list's, as filtered */
int h_export_contacts(request *r) {
    static const field_spec specs[] = {{"customer", F_TEXT, false, 0, 50, NULL}, {"customer_id", F_ID, false, 0, 0, NULL}};
    field_value v[2];
    if (request_validate(r, specs, 2, v, true)) {
        rec_relabel(r, "import");
        return request_error(r, 400, "err.invalid");
    }
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    if (!v[1].present) return export_contact_dir(r, x);
    x->manager = scope_manager(r);
    x->customer_id = v[1].present ? v[1].i : 0;
    x->customer_prefix = v[0].present ? v[0].text : NULL;
    if (customer_out_of_scope(r, x->customer_id)) return request_error(r, 404, "err.not_found");
    return start(r, x, "contacts", stream_contacts);
}

/* orders: the order list's filters and order (h_orders.c) → orders_filter; one CSV row per order line */
static const char *const ORDER_STATUSES[] = {"unpaid", "paid", NULL};
static const field_spec ORDER_FILTERS[] = {
    {"customer", F_TEXT, false, 0, 50, NULL},
    {"status", F_ENUM, false, 0, 0, ORDER_STATUSES},
    {"from", F_DATE, false, 0, 0, NULL},
    {"to", F_DATE, false, 0, 0, NULL},
    {"customer_id", F_ID, false, 0, 0, NULL},
    {"sort", F_ENUM, false, 0, 0, ORDERS_SORTS},
    {"manager", F_ID, false, 0, 0, NULL},
    {"region", F_TEXT, false, 0, 50, NULL},
    {"level", F_TEXT, false, 0, 50, NULL},
};
#define NORDER_FILTERS (sizeof ORDER_FILTERS / sizeof ORDER_FILTERS[0])

static void stream_orders(request *r) {
    export_state *x = r->stream_ctx;
    header(x, IMPORT_ORDERS);
    orders_filter f = x->of;
    f.limit = 500;
    char after_date[32] = "";
    jsonmem_use(NULL);
    for (;;) {
        cJSON *rows = cJSON_CreateArray();
        int n = orders_list(r->db, &f, rows);
        if (n < 0) { x->failed = true; cJSON_Delete(rows); break; }
        cJSON *o;
        cJSON_ArrayForEach(o, rows) {
            cJSON *lines = cJSON_CreateArray();
            if (orders_lines(r->db, (long long)rec_num(o, "id"), lines) < 0) x->failed = true;
            const char *status = value_label(r, "order_status", rec_str(o, "status"));
            int nl = cJSON_GetArraySize(lines);
            for (int i = 0; i < (nl ? nl : 1) && !x->failed; i++) {
                cJSON *l = cJSON_GetArrayItem(lines, i);   /* NULL for an order without lines */
                put(x, rec_str(o, "order_no"), true);
                put(x, rec_str(o, "customer_no"), false);
                put(x, rec_str(o, "customer_name"), false);
                put_num(x, rec_str(o, "date"));
                put(x, rec_str(o, "address"), false);
                put(x, status, false);
                put(x, l ? rec_str(l, "product_name") : "", false);
                put(x, l ? rec_str(l, "product_model") : "", false);
                if (l) {
                    put_num(x, arena_printf(r->a, "%lld", rec_num(l, "quantity")));
                    put(x, rec_dict_label(x->units, rec_str(l, "unit")), false);
                    put_money(x, rec_num(l, "price"));
                    put_money(x, rec_num(l, "amount"));
                } else {
                    for (int k = 0; k < 4; k++) put(x, "", false);
                }
                csv_end_row(&x->out);
                x->rows++;
            }
            cJSON_Delete(lines);
            flush(x, false);
            if (x->failed) break;
        }
        cJSON *last = cJSON_GetArrayItem(rows, n - 1);
        if (last) orders_after_row(&f, last, after_date, sizeof after_date);
        cJSON_Delete(rows);
        if (n < f.limit || x->failed) break;
    }
    jsonmem_use(r->a);
    finish(x, "orders");
}

int h_export_orders(request *r) {
    field_value v[NORDER_FILTERS];
    if (request_validate(r, ORDER_FILTERS, NORDER_FILTERS, v, true) || request_check_range(r, &v[2], &v[3]) ||
        (v[7].present && !dict_has(r->db, "region", v[7].text)) ||
        (v[8].present && !dict_has(r->db, "customer_level", v[8].text))) {
        rec_relabel(r, "import");
        return request_error(r, 400, "err.invalid");
    }
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    orders_filter *f = &x->of;
    f->customer = v[0].present ? v[0].text : NULL;
    f->status = v[1].present ? ORDER_STATUSES[v[1].i] : NULL;
    f->from = v[2].present ? v[2].text : NULL;
    f->to = v[3].present ? v[3].text : NULL;
    f->customer_id = v[4].present ? v[4].i : 0;
    f->sort = v[5].present ? (int)v[5].i : OS_DATE_DESC;
    f->manager = scope_manager(r);   /* a rep's own; for whoever sees all, the 客户经理 chosen, if any */
    if (!f->manager && v[6].present) f->manager = v[6].i;
    f->region = v[7].present ? v[7].text : NULL;
    f->level = v[8].present ? v[8].text : NULL;
    if (customer_out_of_scope(r, f->customer_id)) return request_error(r, 404, "err.not_found");
    x->units = cJSON_CreateArray();
    dict_list(r->db, "unit", x->units);
    return start(r, x, "orders", stream_orders);
}

/* products, stock, 交往记录, 已停用客户 and 操作日志: pages of EXPORT_PAGE rows by key, read by the list's own function
 * (page), each row written by row, the next page asked for after the last row (after); the header row is
 * the columns' labels */
#define EXPORT_PAGE 500

struct paged_export {
    const char *what;                  /* for the log */
    const char *const *columns;        /* catalog keys of the header's labels */
    size_t ncolumns;
    int (*page)(export_state *x, cJSON *rows);
    void (*row)(export_state *x, const cJSON *row);
    void (*after)(export_state *x, const cJSON *last);
    const import_kind *layout;         /* or, columns NULL: the import layout whose header it writes */
};
#define COLUMNS(a) (a), sizeof(a) / sizeof((a)[0])

static void stream_pages(request *r) {
    export_state *x = r->stream_ctx;
    const paged_export *k = x->paged;
    const char *what = k->what;
    if (k->layout) header(x, *k->layout);
    else header_labels(x, k->columns, k->ncolumns);
    long long last_id = 0;   /* the previous page's last row: a page that ends on it again would repeat forever */
    jsonmem_use(NULL);   /* each page is freed before the next: memory stays flat for any size */
    for (;;) {
        cJSON *rows = cJSON_CreateArray();
        int n = k->page(x, rows);
        if (n < 0) { x->failed = true; cJSON_Delete(rows); break; }
        const cJSON *last = cJSON_GetArrayItem(rows, n - 1);
        if (last && rec_num(last, "id") == last_id) {
            log_error("export %s: the page after id %lld did not move on; stopped", what, last_id);
            x->failed = true;
            cJSON_Delete(rows);
            break;
        }
        cJSON *it;
        cJSON_ArrayForEach(it, rows) {
            k->row(x, it);
            csv_end_row(&x->out);
            x->rows++;
        }
        flush(x, false);
        if (last) {
            last_id = rec_num(last, "id");
            k->after(x, last);
        }
        cJSON_Delete(rows);
        if (n < EXPORT_PAGE || x->failed) break;
    }
    jsonmem_use(r->a);
    finish(x, what);
}

/* products: the product list's filters (h_products.c) → products_filter */
static const char *const PRODUCT_COLUMNS[] = {"products.field.name", "products.field.model", "products.field.grade",
                                              "products.field.unit", "products.price_yuan", "products.state",
                                              "products.field.note"};

static int product_page(export_state *x, cJSON *rows) { return products_list(x->r->db, &x->pf, rows); }
static void product_after(export_state *x, const cJSON *last) { products_after_row(&x->pf, last, x->key, sizeof x->key); }

static void product_row(export_state *x, const cJSON *p) {
    put(x, rec_str(p, "name"), true);
    put(x, rec_str(p, "model"), false);
    put(x, rec_str(p, "grade"), false);
    put(x, rec_dict_label(x->units, rec_str(p, "unit")), false);
    put_money(x, rec_num(p, "price"));
    put(x, request_t(x->r, rec_num(p, "retired") ? "products.retired" : "products.active"), false);
    put(x, rec_str(p, "note"), false);
}

static const paged_export PRODUCTS_EXPORT = {"products", COLUMNS(PRODUCT_COLUMNS),
                                             product_page, product_row, product_after, NULL};

int h_export_products(request *r) {
    field_value v[PL_COUNT];
    if (request_validate(r, PRODUCT_LIST_FIELDS, PL_COUNT, v, true)) {
        rec_relabel(r, "products");
        return request_error(r, 400, "err.invalid");
    }
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    x->pf.q = v[PL_Q].present ? v[PL_Q].text : NULL;
    x->pf.include_retired = v[PL_RETIRED].i != 0;
    x->pf.sort = v[PL_SORT].present ? (int)v[PL_SORT].i : PS_NAME;
    x->pf.limit = EXPORT_PAGE;
    x->units = cJSON_CreateArray();
    dict_list(r->db, "unit", x->units);
    x->paged = &PRODUCTS_EXPORT;
    return start(r, x, "products", stream_pages);
}

/* stock: the stock list's filters (h_products.c) → stock_filter */
static const char *const STOCK_COLUMNS[] = {"stock.field.product", "products.field.model", "stock.field.warehouse",
                                            "stock.field.location", "stock.field.quantity", "products.field.unit",
                                            "stock.field.note"};

static int stock_page(export_state *x, cJSON *rows) { return stock_list(x->r->db, &x->sf, rows); }
static void stock_after(export_state *x, const cJSON *last) { stock_after_row(&x->sf, last, x->key, sizeof x->key); }

static void stock_row(export_state *x, const cJSON *s) {
    put(x, rec_str(s, "product_name"), true);
    put(x, rec_str(s, "product_model"), false);
    put(x, rec_dict_label(x->warehouses, rec_str(s, "warehouse")), false);
    put(x, rec_str(s, "location"), false);
    put_num(x, arena_printf(x->r->a, "%lld", rec_num(s, "quantity")));
    put(x, rec_dict_label(x->units, rec_str(s, "product_unit")), false);
    put(x, rec_str(s, "note"), false);
}

static const paged_export STOCK_EXPORT = {"stock", COLUMNS(STOCK_COLUMNS), stock_page, stock_row, stock_after, NULL};

int h_export_stock(request *r) {
    field_value v[SL_COUNT];
    if (request_validate(r, STOCK_LIST_FIELDS, SL_COUNT, v, true)) {
        rec_relabel(r, "stock");
        return request_error(r, 400, "err.invalid");
    }
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    x->sf.product = v[SL_PRODUCT].present ? v[SL_PRODUCT].text : NULL;
    x->sf.warehouse = v[SL_WAREHOUSE].present ? v[SL_WAREHOUSE].text : NULL;
    x->sf.sort = v[SL_SORT].present ? (int)v[SL_SORT].i : SS_PRODUCT;
    x->sf.limit = EXPORT_PAGE;
    x->units = cJSON_CreateArray();
    dict_list(r->db, "unit", x->units);
    x->warehouses = cJSON_CreateArray();
    dict_list(r->db, "warehouse", x->warehouses);
    x->paged = &STOCK_EXPORT;
    return start(r, x, "stock", stream_pages);
}

/* a customer's 交往记录: its page's filters (h_activities.c, activities_query); newest first, like the page */
static const char *const ACTIVITY_COLUMNS[] = {"activities.field.at", "activities.field.place", "activities.field.summary",
                                               "activities.field.detail", "activities.recorded_by"};

static int activity_page(export_state *x, cJSON *rows) { return activities_list(x->r->db, &x->acf, rows); }

static void activity_after(export_state *x, const cJSON *last) {
    x->acf.after = true;
    x->acf.key_at = rec_num(last, "at");
    x->acf.key_id = rec_num(last, "id");
}

static void activity_row(export_state *x, const cJSON *a) {
    put(x, request_time(x->r, rec_num(a, "at")), true);
    put(x, rec_str(a, "place"), false);
    put(x, rec_str(a, "summary"), false);
    put(x, rec_str(a, "detail"), false);
    put(x, rec_str(a, "user_name"), false);
}

static const paged_export ACTIVITIES_EXPORT = {"activities", COLUMNS(ACTIVITY_COLUMNS),
                                               activity_page, activity_row, activity_after, NULL};

int h_export_activities(request *r) {
    cJSON *cust = contacts_parent(r->db, r->path_id, scope_manager(r));
    if (!cust) return request_error(r, 404, "err.not_found");
    field_value v[AL_COUNT];
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    if (activities_query(r, v, &x->acf)) {   /* what the page refuses, the export refuses too */
        cJSON_Delete(cust);
        rec_relabel(r, "activities");
        return request_error(r, 400, "err.invalid");
    }
    x->acf.after = false;   /* every page: the page fields are ignored */
    x->acf.limit = EXPORT_PAGE;
    const char *base = arena_printf(r->a, "activities-%s", rec_str(cust, "no"));
    cJSON_Delete(cust);
    x->paged = &ACTIVITIES_EXPORT;
    return start(r, x, base, stream_pages);
}

/* every customer's 交往记录: the list's filters (h_activity_feed.c, feed_query); newest first, like the list */
static const char *const FEED_COLUMNS[] = {"activities.field.at", "customers.field.no", "customers.field.name",
                                           "activities.field.place", "activities.field.summary",
                                           "activities.field.detail", "activities.recorded_by"};

static int feed_page(export_state *x, cJSON *rows) { return feed_list(x->r->db, &x->ff, rows); }

static void feed_after(export_state *x, const cJSON *last) {
    x->ff.after = true;
    x->ff.key_at = rec_num(last, "at");
    x->ff.key_id = rec_num(last, "id");
}

static void feed_row(export_state *x, const cJSON *a) {
    put(x, request_time(x->r, rec_num(a, "at")), true);
    put(x, rec_str(a, "customer_no"), false);
    put(x, rec_str(a, "customer_name"), false);
    put(x, rec_str(a, "place"), false);
    put(x, rec_str(a, "summary"), false);
    put(x, rec_str(a, "detail"), false);
    put(x, rec_str(a, "user_name"), false);
}

static const paged_export FEED_EXPORT = {"interaction records", COLUMNS(FEED_COLUMNS),
                                         feed_page, feed_row, feed_after, NULL};

/* 联系人 across customers: the list's filters (h_contact_dir.c, contact_dir_query), in its order, each
 * row as one customer's export writes it (the import layout) */
static int contact_dir_page(export_state *x, cJSON *rows) { return contact_dir_list(x->r->db, &x->df, rows); }

static void contact_dir_after(export_state *x, const cJSON *last) {
    x->df.after = true;
    x->df.after_customer = rec_num(last, "customer_id");
    x->df.after_id = rec_num(last, "id");
}

static void contact_dir_row(export_state *x, const cJSON *c) {
    static const char *const TEXTS[] = {"title", "office_phone", "mobile", "email", "note"};
    put(x, rec_str(c, "customer_no"), true);
    put(x, rec_str(c, "customer_name"), false);
    put(x, rec_str(c, "name"), false);
    put(x, value_label(x->r, "gender", rec_str(c, "gender")), false);
    for (size_t i = 0; i < sizeof TEXTS / sizeof TEXTS[0]; i++) put(x, rec_str(c, TEXTS[i]), false);
    put(x, request_t(x->r, rec_num(c, "is_primary") ? "form.yes" : "form.no"), false);
}

static const import_kind CONTACTS_LAYOUT = IMPORT_CONTACTS;
static const paged_export CONTACT_DIR_EXPORT = {"contacts", NULL, 0,
                                                contact_dir_page, contact_dir_row, contact_dir_after, &CONTACTS_LAYOUT};

static int export_contact_dir(request *r, export_state *x) {
    field_value v[CQ_COUNT];
    if (contact_dir_query(r, v, &x->df)) {   /* what the list refuses, the export refuses too */
        rec_relabel(r, "contact_dir");
        return request_error(r, 400, "err.invalid");
    }
    x->df.after = false;   /* every page */
    x->df.limit = EXPORT_PAGE;
    x->paged = &CONTACT_DIR_EXPORT;
    return start(r, x, "contacts", stream_pages);
}

int h_export_feed(request *r) {
    field_value v[FQ_COUNT];
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    if (feed_query(r, v, &x->ff)) {   /* what the list refuses, the export refuses too */
        rec_relabel(r, "feed");
        return request_error(r, 400, "err.invalid");
    }
    x->ff.after = false;   /* every page */
    x->ff.limit = EXPORT_PAGE;
    x->paged = &FEED_EXPORT;
    return start(r, x, "activities", stream_pages);
}

/* 已停用客户: the page's filters (h_retired.c, retired_query) → retired_filter; newest retired first, like the page */
static const char *const RETIRED_COLUMNS[] = {"customers.field.no", "customers.field.name", "customers.field.region",
                                              "customers.field.level", "customers.field.manager_id", "customers.field.phone",
                                              "retired.retired_at"};

static int retired_page(export_state *x, cJSON *rows) { return retired_list(x->r->db, &x->rf, rows); }

static void retired_after(export_state *x, const cJSON *last) {
    x->rf.after = true;
    x->rf.before_at = rec_num(last, "retired_at");
    x->rf.before_id = rec_num(last, "id");
}

static void retired_row(export_state *x, const cJSON *c) {
    put(x, rec_str(c, "no"), true);
    put(x, rec_str(c, "name"), false);
    put(x, rec_dict_label(x->regions, rec_str(c, "region")), false);
    put(x, rec_dict_label(x->levels, rec_str(c, "level")), false);
    put(x, rec_str(c, "manager_name"), false);
    put(x, rec_str(c, "phone"), false);
    put_num(x, request_time(x->r, rec_num(c, "retired_at")));
}

static const paged_export RETIRED_EXPORT = {"retired customers", COLUMNS(RETIRED_COLUMNS),
                                            retired_page, retired_row, retired_after, NULL};

int h_export_retired(request *r) {
    field_value v[RF_COUNT];
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    if (retired_query(r, v, &x->rf)) {   /* what the page refuses, the export refuses too */
        rec_relabel(r, "retired");
        return request_error(r, 400, "err.invalid");
    }
    x->rf.after = false;   /* every page */
    x->rf.limit = EXPORT_PAGE;
    x->regions = cJSON_CreateArray();
    dict_list(r->db, "region", x->regions);
    x->levels = cJSON_CreateArray();
    dict_list(r->db, "customer_level", x->levels);
    x->paged = &RETIRED_EXPORT;
    return start(r, x, "retired-customers", stream_pages);
}

/* 操作日志: the page's filters (h_audit.c, audit_query) → audit_filter; newest first, like the page */
static const char *const AUDIT_COLUMNS[] = {"audit.when", "audit.who", "audit.record", "audit.record_id", "audit.action",
                                            "audit.before", "audit.after"};

static int audit_page(export_state *x, cJSON *rows) { return audit_list(x->r->db, &x->af, rows); }

static void audit_after(export_state *x, const cJSON *last) {
    x->af.before_id = rec_num(last, "id");
    x->af.before_at = rec_num(last, "at");   /* (read only with a date range) */
}

/* an entry as the page shows it: time, who (or 系统), record type and number, action, the change */
static void audit_row(export_state *x, const cJSON *e) {
    request *r = x->r;
    const char *who = rec_str(e, "user_name");
    long long id = rec_num(e, "record_id");
    put(x, request_time(r, rec_num(e, "at")), true);
    put(x, who && *who ? who : request_t(r, "audit.system"), false);
    put(x, request_t_of(r, "record.", rec_str(e, "record_type")), false);
    put_num(x, id ? arena_printf(r->a, "%lld", id) : "");
    put(x, request_t_of(r, "action.", rec_str(e, "action")), false);
    put(x, rec_str(e, "before_json"), false);
    put(x, rec_str(e, "after_json"), false);
}

static const paged_export AUDIT_EXPORT = {"audit", COLUMNS(AUDIT_COLUMNS), audit_page, audit_row, audit_after, NULL};

int h_export_audit(request *r) {
    field_value v[AQ_COUNT];
    export_state *x = arena_calloc(r->a, sizeof *x);
    x->r = r;
    if (audit_query(r, v, &x->af)) return request_error(r, 400, "err.invalid");
    x->af.before_id = 0;   /* every page: the page fields are ignored */
    x->af.before_at = 0;
    x->af.limit = EXPORT_PAGE;
    x->paged = &AUDIT_EXPORT;
    return start(r, x, "audit", stream_pages);
}
