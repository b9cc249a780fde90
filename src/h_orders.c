/* h_orders.c — 客户信息管理 › 历史订单: the order list (filters, sorts by 日期 and 金额, keyset paging, row
 * scope), an order's page with its lines and total, and create / edit / delete with lines. The form
 * posts the lines as repeated fields product_id[], quantity[], unit[], price[] (row i = the i-th value
 * of each); every row is validated and an error names its line. amount = quantity × price is computed
 * here with an overflow check; the whole order is written in one transaction, and the schema's
 * triggers keep orders.total and customers.last_order_date. */
#include "h_orders.h"
#include "audit.h"
#include "contacts.h"
#include "customers.h"
#include "dict.h"
#include "h_contacts.h"
#include "orders.h"
#include "products.h"
#include "scope.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_LINES 40             /* the form limit of 200 fields allows about 48 rows of 4 */
#define MONEY_LIMIT 9000000000000000LL
#define PAGE 50
#define COUNT_CAP 1000   /* the order list counts matches up to this many */
#define PRODUCT_CHOICES 2000   /* suggestions in the order form; any active product can be typed */

static const char *const STATUSES[] = {"unpaid", "paid", NULL};

static const field_spec HEAD_FIELDS[] = {
    {"order_no", F_TEXT, false, 0, 30, NULL},
    {"date", F_DATE, true, 0, 0, NULL},
    {"address", F_TEXT, false, 0, 200, NULL},
    {"status", F_ENUM, false, 0, 0, STATUSES},
    {"version", F_INT, true, 1, 1LL << 53, NULL},   /* update only */
};
#define NHEAD 4

/* A line's product is the form's typed text (product[]: a label from the suggestions, a name or a 型号) or,
 * for JSON clients, an id (product_id[]); one of the two is required (read_lines). */
static const field_spec LINE_FIELDS[] = {
    {"product_id", F_ID, false, 0, 0, NULL},
    {"quantity", F_INT, true, 1, 1000000000LL, NULL},
    {"unit", F_TEXT, false, 0, 20, NULL},
    {"price", F_MONEY, false, 0, MONEY_LIMIT, NULL},
    {"product", F_TEXT, false, 0, 200, NULL},
};
enum { LF_PRODUCT_ID, LF_QUANTITY, LF_UNIT, LF_PRICE, LF_PRODUCT, LF_COUNT };

/* ---- shared view pieces ---- */

static void status_label(request *r, cJSON *o) {
    const char *s = rec_str(o, "status");
    cJSON_AddStringToObject(o, "status_label", request_t_of(r, "orders.status.", s));
    rec_flag(o, "is_paid", strcmp(s, "paid") == 0);
}

static void status_choices(request *r, const char *selected) {
    cJSON *arr = cJSON_AddArrayToObject(r->view, "statuses");
    for (int i = 0; STATUSES[i]; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", STATUSES[i]);
        cJSON_AddStringToObject(o, "label", request_t_of(r, "orders.status.", STATUSES[i]));
        rec_flag(o, "selected", selected && strcmp(selected, STATUSES[i]) == 0);
        cJSON_AddItemToArray(arr, o);
    }
}

static const char *today(request *r) {
    time_t t = (time_t)r->now;
    struct tm tm;
    localtime_r(&t, &tm);
    return arena_printf(r->a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}


/* ---- the list ---- */

static const field_spec LIST_FIELDS[] = {
    {"customer", F_TEXT, false, 0, 50, NULL},
    {"status", F_ENUM, false, 0, 0, STATUSES},
    {"from", F_DATE, false, 0, 0, NULL},
    {"to", F_DATE, false, 0, 0, NULL},
    {"sort", F_ENUM, false, 0, 0, ORDERS_SORTS},
    /* keyset: the last row's date (date sorts) or total in 分 (amount sorts), and its id */
    {"after_date", F_DATE, false, 0, 0, NULL},
    {"after_total", F_INT, false, 0, 0, NULL},
    {"after_id", F_ID, false, 0, 0, NULL},
    {"customer_id", F_ID, false, 0, 0, NULL},   /* one customer's orders (the customer page's 全部订单) */
    {"manager", F_ID, false, 0, 0, NULL},       /* the orders of one 客户经理's customers (whoever sees all) */
    {"region", F_TEXT, false, 0, 50, NULL},     /* the customers' 地区 (a 数据字典 value) */
    {"level", F_TEXT, false, 0, 50, NULL},      /* the customers' 客户等级 (a 数据字典 value) */
};
enum { L_CUSTOMER, L_STATUS, L_FROM, L_TO, L_SORT, L_AFTER_DATE, L_AFTER_TOTAL, L_AFTER_ID, L_CUSTOMER_ID, L_MANAGER,
       L_REGION, L_LEVEL, L_COUNT };

static bool date_sort(int sort) { return sort == OS_DATE_DESC || sort == OS_DATE; }

/* The filters as a query string, each followed by '&' ("" when none). */
static const char *filter_query(request *r, const field_value *v) {
    buf b = BUF_INIT;
    if (v[L_CUSTOMER].present) { buf_puts(&b, "customer="); url_encode(&b, v[L_CUSTOMER].text, strlen(v[L_CUSTOMER].text)); buf_puts(&b, "&"); }
    if (v[L_STATUS].present) buf_printf(&b, "status=%s&", STATUSES[v[L_STATUS].i]);
    if (v[L_FROM].present) buf_printf(&b, "from=%s&", v[L_FROM].text);
    if (v[L_TO].present) buf_printf(&b, "to=%s&", v[L_TO].text);
    if (v[L_CUSTOMER_ID].present) buf_printf(&b, "customer_id=%lld&", v[L_CUSTOMER_ID].i);
    if (v[L_MANAGER].present && !scope_manager(r)) buf_printf(&b, "manager=%lld&", v[L_MANAGER].i);
    if (v[L_REGION].present) { buf_puts(&b, "region="); url_encode(&b, v[L_REGION].text, strlen(v[L_REGION].text)); buf_puts(&b, "&"); }
    if (v[L_LEVEL].present) { buf_puts(&b, "level="); url_encode(&b, v[L_LEVEL].text, strlen(v[L_LEVEL].text)); buf_puts(&b, "&"); }
    const char *qs = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return qs;
}

/* The sort <select>, the 日期 and 金额 header links (clicking the sorted column reverses it, the other
 * starts newest / largest first; each keeps the filters and drops the page), the sorted column's
 * aria-sort and arrow, and the first page link. */
static void sort_view(request *r, const char *qs, int sort) {
    cJSON_AddItemToObject(r->view, "sorts", rec_sort_choices(r, "orders", ORDERS_SORTS, sort));
    cJSON *links = cJSON_AddObjectToObject(r->view, "sort_links");
    cJSON_AddStringToObject(links, "date", arena_printf(r->a, "/orders?%ssort=%s", qs, sort == OS_DATE_DESC ? "date" : "-date"));
    cJSON_AddStringToObject(links, "total", arena_printf(r->a, "/orders?%ssort=%s", qs, sort == OS_TOTAL_DESC ? "total" : "-total"));
    bool desc = sort == OS_DATE_DESC || sort == OS_TOTAL_DESC;
    cJSON *sorted = cJSON_AddObjectToObject(cJSON_AddObjectToObject(r->view, "sorted"), date_sort(sort) ? "date" : "total");
    cJSON_AddStringToObject(sorted, "aria", desc ? "descending" : "ascending");
    cJSON_AddStringToObject(sorted, "arrow", desc ? "↓" : "↑");
    cJSON_AddStringToObject(r->view, "first_page", arena_printf(r->a, "/orders?%ssort=%s", qs, ORDERS_SORTS[sort]));
}

/* The link to the page after row `last`: the filters, the sort and the keyset of the sort. */
static const char *next_link(request *r, const char *qs, orders_filter f, const cJSON *last) {
    char date[32];
    orders_after_row(&f, last, date, sizeof date);
    if (date_sort(f.sort))
        return arena_printf(r->a, "/orders?%ssort=%s&after_date=%s&after_id=%lld", qs, ORDERS_SORTS[f.sort],
                            f.after_date, f.after_id);
    return arena_printf(r->a, "/orders?%ssort=%s&after_total=%lld&after_id=%lld", qs, ORDERS_SORTS[f.sort],
                        f.after_total, f.after_id);
}

/* "共 N 张订单": how many match, counted up to COUNT_CAP (beyond that: "1,000+"). -1 on failure. */
static int add_count(request *r, const orders_filter *f) {
    long long n = orders_count(r->db, f, COUNT_CAP + 1);
    if (n < 0) return -1;
    rec_count_view(r, n, COUNT_CAP);
    return 0;
}

/* The same filters and order, as CSV (h_import.c); the default order is left out of the link. */
static void add_export_link(request *r, const char *qs, int sort) {
    const char *s = sort == OS_DATE_DESC ? qs : arena_printf(r->a, "%ssort=%s&", qs, ORDERS_SORTS[sort]);
    size_t n = strlen(s);
    cJSON_AddStringToObject(r->view, "export_href", arena_printf(r->a, "/orders/export.csv%s%.*s", n ? "?" : "",
                                                                 n ? (int)n - 1 : 0, s));   /* without the last '&' */
}

/* The customer the list is narrowed to (customer_id), c: its name and number, a hidden field that keeps
 * it when the other filters change, and a link that drops it but keeps the rest. */
static void for_customer(request *r, const field_value *v, const cJSON *c) {
    cJSON *fc = cJSON_AddObjectToObject(r->view, "for_customer");
    cJSON_AddNumberToObject(fc, "id", (double)v[L_CUSTOMER_ID].i);
    cJSON_AddStringToObject(fc, "name", rec_str(c, "name"));
    cJSON_AddStringToObject(fc, "no", rec_str(c, "no"));
    field_value rest[L_COUNT];
    memcpy(rest, v, sizeof rest);
    rest[L_CUSTOMER_ID].present = false;
    const char *qs = filter_query(r, rest);
    cJSON_AddStringToObject(fc, "clear_href", arena_printf(r->a, "/orders%s%.*s", *qs ? "?" : "", *qs ? (int)strlen(qs) - 1 : 0, qs));
}

/* The query's filters, sort and keyset (the keyset only when both of the sort's values came). */
static orders_filter list_filter(request *r, const field_value *v, int sort) {
    orders_filter f = {0};
    f.customer = v[L_CUSTOMER].present ? v[L_CUSTOMER].text : NULL;
    f.status = v[L_STATUS].present ? STATUSES[v[L_STATUS].i] : NULL;
    f.from = v[L_FROM].present ? v[L_FROM].text : NULL;
    f.to = v[L_TO].present ? v[L_TO].text : NULL;
    f.customer_id = v[L_CUSTOMER_ID].present ? v[L_CUSTOMER_ID].i : 0;
    f.manager = scope_manager(r);   /* a rep's own; for whoever sees all, the 客户经理 chosen, if any */
    if (!f.manager && v[L_MANAGER].present) f.manager = v[L_MANAGER].i;
    f.region = v[L_REGION].present ? v[L_REGION].text : NULL;
    f.level = v[L_LEVEL].present ? v[L_LEVEL].text : NULL;
    f.sort = sort;
    f.after = v[L_AFTER_ID].present && v[date_sort(sort) ? L_AFTER_DATE : L_AFTER_TOTAL].present;
    f.after_date = v[L_AFTER_DATE].text;
    f.after_total = v[L_AFTER_TOTAL].i;
    f.after_id = v[L_AFTER_ID].i;
    f.limit = PAGE + 1;
    return f;
}

int h_orders_list(request *r) {
    field_value v[L_COUNT];
    r->template_name = "order_list";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "orders.list"));
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    bool bad = request_validate(r, LIST_FIELDS, L_COUNT, v, true) != 0;
    bad |= request_check_range(r, &v[L_FROM], &v[L_TO]) != 0;
    int sort = v[L_SORT].present ? (int)v[L_SORT].i : OS_DATE_DESC;
    cJSON_AddStringToObject(filter, "customer", v[L_CUSTOMER].text);
    cJSON_AddStringToObject(filter, "from", v[L_FROM].text);
    cJSON_AddStringToObject(filter, "to", v[L_TO].text);
    status_choices(r, v[L_STATUS].present ? STATUSES[v[L_STATUS].i] : NULL);
    /* 地区 and 客户等级: the customers', by their 数据字典 values */
    static const struct { int field; const char *name, *category, *choices; } DICT_FILTERS[] = {
        {L_REGION, "region", "region", "regions"}, {L_LEVEL, "level", "customer_level", "levels"}};
    for (size_t i = 0; i < sizeof DICT_FILTERS / sizeof DICT_FILTERS[0]; i++) {
        const field_value *fv = &v[DICT_FILTERS[i].field];
        cJSON_AddItemToObject(r->view, DICT_FILTERS[i].choices,
                              rec_dict_choices(r, DICT_FILTERS[i].category, fv->present ? fv->text : NULL));
        if (fv->present && !dict_has(r->db, DICT_FILTERS[i].category, fv->text)) {
            request_add_error(r, DICT_FILTERS[i].name, "err.choice", 0);
            bad = true;
        }
    }
    if (!scope_manager(r)) {
        long long m = v[L_MANAGER].present ? v[L_MANAGER].i : 0;
        rec_manager_choices(r, "managers", m, m);
        cJSON_AddTrueToObject(r->view, "view_all");
    }
    rec_flag(r->view, "can_edit", perm_has(r->user.perms, P_CUSTOMER_EDIT));
    const char *qs = filter_query(r, v);
    sort_view(r, qs, sort);
    if (v[L_CUSTOMER_ID].present && v[L_CUSTOMER_ID].i > 0) {   /* one customer's orders: 404 outside the row scope, as its page */
        cJSON *c = contacts_parent(r->db, v[L_CUSTOMER_ID].i, scope_manager(r));
        if (!c) return request_error(r, 404, "err.not_found");
        for_customer(r, v, c);
        cJSON_Delete(c);
    }
    if (bad) {
        rec_relabel(r, "orders");
        cJSON_AddArrayToObject(r->view, "orders");
        cJSON_AddTrueToObject(r->view, "empty");
        return 400;
    }
    orders_filter f = list_filter(r, v, sort);
    cJSON *rows = cJSON_AddArrayToObject(r->view, "orders");
    if (orders_list(r->db, &f, rows) < 0) return request_error(r, 500, "err.internal");
    if (!f.after && add_count(r, &f) != 0) return request_error(r, 500, "err.internal");   /* first page only */
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        cJSON_AddStringToObject(r->view, "next_page", next_link(r, qs, f, cJSON_GetArrayItem(rows, PAGE - 1)));
    }
    if (perm_has(r->user.perms, P_DATA_EXPORT)) add_export_link(r, qs, sort);
    cJSON *it;
    cJSON_ArrayForEach(it, rows) status_label(r, it);
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    if (f.after) cJSON_AddTrueToObject(r->view, "paged");
    return 200;
}

/* ---- lines ---- */

typedef struct line_in {
    const char *raw[LF_COUNT];   /* as posted, in LINE_FIELDS' order (NULL = not sent) */
    size_t len[LF_COUNT];
} line_in;

typedef struct lines_result {
    order_line *lines;
    int n;              /* valid non-empty rows */
    cJSON *view;        /* the rows to show again in the form */
    bool sent;          /* the request carried line fields at all */
    int errors;
    bool failed;        /* a database error: answer 500 */
} lines_result;

static const char *const LINE_KEYS[LF_COUNT] = {"product_id[]", "quantity[]", "unit[]", "price[]", "product[]"};

/* Adds an error naming the line: "第 3 行 数量：必填。" */
static void line_error(request *r, cJSON *row, int lineno, int field, const char *key, long long param) {
    const char *label = request_t_of(r, "orders.field.", LINE_FIELDS[field].name);
    const char *msg = request_t_n(r, key, param);
    /* "第 {line} 行 {field}：{msg}" */
    const char *tpl = request_t(r, "orders.line_error");
    buf b = BUF_INIT;
    for (const char *s = tpl; *s;) {
        if (strncmp(s, "{line}", 6) == 0) { buf_printf(&b, "%d", lineno); s += 6; }
        else if (strncmp(s, "{field}", 7) == 0) { buf_puts(&b, label); s += 7; }
        else if (strncmp(s, "{msg}", 5) == 0) { buf_puts(&b, msg); s += 5; }
        else buf_putc(&b, *s++);
    }
    const char *text = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    cJSON *errs = cJSON_GetObjectItemCaseSensitive(r->view, "errors");
    if (!errs) errs = cJSON_AddObjectToObject(r->view, "errors");
    if (!cJSON_GetObjectItemCaseSensitive(errs, "lines")) cJSON_AddStringToObject(errs, "lines", text);
    cJSON *list = cJSON_GetObjectItemCaseSensitive(r->view, "error_list");
    if (!list) list = cJSON_AddArrayToObject(r->view, "error_list");
    if (!cJSON_GetObjectItemCaseSensitive(r->view, "has_errors")) cJSON_AddTrueToObject(r->view, "has_errors");
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "field", "lines");
    cJSON_AddNumberToObject(e, "line", lineno);
    cJSON_AddStringToObject(e, "message", text);
    cJSON_AddItemToArray(list, e);
    cJSON *rerrs = cJSON_GetObjectItemCaseSensitive(row, "errors");
    if (!rerrs) rerrs = cJSON_AddObjectToObject(row, "errors");
    if (!cJSON_GetObjectItemCaseSensitive(rerrs, LINE_FIELDS[field].name))
        cJSON_AddStringToObject(rerrs, LINE_FIELDS[field].name, msg);
}

static bool blank(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t') return false;
    return true;
}

/* The product of the stored order's line (lines array from orders_lines) labelled text, or 0: an edited order
 * keeps a product retired since, which the active products' look-up no longer finds. */
static long long old_product(request *r, const cJSON *old_lines, const char *text) {
    const cJSON *it;
    cJSON_ArrayForEach(it, old_lines)
        if (strcmp(products_label(r->a, rec_str(it, "product_name"), rec_str(it, "product_model")), text) == 0)
            return rec_num(it, "product_id");
    return 0;
}

/* True if product id appears among the lines of the stored order (lines array from orders_lines). */
static bool had_product(const cJSON *old_lines, long long pid) {
    const cJSON *it;
    cJSON_ArrayForEach(it, old_lines) if (rec_num(it, "product_id") == pid) return true;
    return false;
}

/* Reads and validates the posted rows. old_lines (may be NULL) lets an edited order keep a product
 * retired since it was ordered. Errors go into the view. */
static void read_lines(request *r, const cJSON *old_lines, lines_result *out) {
    memset(out, 0, sizeof *out);
    out->view = cJSON_CreateArray();
    line_in rows[MAX_LINES + 1];
    memset(rows, 0, sizeof rows);
    int count[LF_COUNT] = {0}, nrows = 0;
    for (size_t i = 0; i < r->form.n; i++) {
        const kv *p = &r->form.items[i];
        for (int k = 0; k < LF_COUNT; k++) {
            if (strcmp(p->key, LINE_KEYS[k]) != 0) continue;
            out->sent = true;
            if (count[k] < MAX_LINES + 1) {
                rows[count[k]].raw[k] = p->val;
                rows[count[k]].len[k] = p->vlen;
            }
            count[k]++;
            if (count[k] > nrows) nrows = count[k];
        }
    }
    if (nrows > MAX_LINES) {
        request_add_error(r, "lines", "orders.too_many_lines", MAX_LINES);
        rec_relabel(r, "orders");
        out->errors++;
        nrows = MAX_LINES;
    }
    out->lines = arena_calloc(r->a, sizeof(order_line) * (size_t)(nrows ? nrows : 1));
    long long total = 0;
    for (int i = 0; i < nrows; i++) {
        line_in *in = &rows[i];
        bool empty = true;
        for (int k = 0; k < LF_COUNT; k++)
            if (in->raw[k] && !blank(in->raw[k], in->len[k])) empty = false;
        if (empty) continue;
        int lineno = i + 1;
        cJSON *row = cJSON_CreateObject();
        cJSON_AddNumberToObject(row, "no", lineno);
        for (int k = 0; k < LF_COUNT; k++)
            cJSON_AddStringToObject(row, LINE_FIELDS[k].name, in->raw[k] ? arena_strndup(r->a, in->raw[k], in->len[k]) : "");
        cJSON_AddItemToArray(out->view, row);
        field_value fv[LF_COUNT];
        bool ok = true;
        for (int k = 0; k < LF_COUNT; k++) {
            long long param = 0;
            const char *err = validate_field(r->a, &LINE_FIELDS[k], in->raw[k], in->len[k], &fv[k], &param);
            if (err) { line_error(r, row, lineno, k, err, param); ok = false; }
        }
        if (!ok) { out->errors++; continue; }
        long long pid = fv[LF_PRODUCT_ID].present ? fv[LF_PRODUCT_ID].i : 0;
        int product_field = LF_PRODUCT_ID;
        if (fv[LF_PRODUCT].present && *fv[LF_PRODUCT].text) {   /* the typed product, when there is one */
            product_field = LF_PRODUCT;
            pid = products_by_label(r->db, fv[LF_PRODUCT].text);
            if (pid == 0 && old_lines) pid = old_product(r, old_lines, fv[LF_PRODUCT].text);
            if (pid == -1) { out->failed = true; return; }
            if (pid <= 0) {
                line_error(r, row, lineno, LF_PRODUCT, pid ? "orders.product_ambiguous" : "orders.product_unknown", 0);
                out->errors++;
                continue;
            }
        } else if (!pid) {
            line_error(r, row, lineno, LF_PRODUCT, "err.required", 0);
            out->errors++;
            continue;
        }
        cJSON *prod = products_get(r->db, pid);
        if (!prod) { line_error(r, row, lineno, product_field, "orders.product_missing", 0); out->errors++; continue; }
        if (rec_num(prod, "retired") == 1 && !(old_lines && had_product(old_lines, pid))) {
            line_error(r, row, lineno, product_field, "orders.product_retired", 0);
            out->errors++;
            continue;
        }
        if (fv[LF_UNIT].present && !dict_has(r->db, "unit", fv[LF_UNIT].text)) {
            line_error(r, row, lineno, LF_UNIT, "err.choice", 0);
            out->errors++;
            continue;
        }
        order_line *l = &out->lines[out->n];
        l->product_id = pid;
        l->quantity = fv[LF_QUANTITY].i;
        l->unit = fv[LF_UNIT].present ? fv[LF_UNIT].text : arena_strdup(r->a, rec_str(prod, "unit"));
        l->price = fv[LF_PRICE].present ? fv[LF_PRICE].i : rec_num(prod, "price");
        if (__builtin_mul_overflow(l->quantity, l->price, &l->amount) || l->amount > MONEY_LIMIT ||
            __builtin_add_overflow(total, l->amount, &total) || total > MONEY_LIMIT) {
            line_error(r, row, lineno, LF_PRICE, "orders.overflow", 0);
            out->errors++;
            continue;
        }
        out->n++;
    }
}

/* ---- form ---- */

/* Gives every row its product as the form shows it (a row read back from a refused form keeps what was
 * typed) and its unit picker; pads with blank rows up to min_rows (at least `extra` blank rows). The active
 * products' labels go into the view once (product_choices), the suggestions of every row's product field. */
static void form_lines(request *r, cJSON *rows, int extra, int min_rows) {
    products_suggestions(r->db, r->a, PRODUCT_CHOICES, cJSON_AddArrayToObject(r->view, "product_choices"));
    int n = cJSON_GetArraySize(rows);
    int want = n + extra < min_rows ? min_rows : n + extra;
    for (int i = n; i < want && i < MAX_LINES; i++) {
        cJSON *row = cJSON_CreateObject();
        cJSON_AddNumberToObject(row, "no", i + 1);
        cJSON_AddItemToArray(rows, row);
    }
    cJSON *units = cJSON_CreateArray();
    dict_list(r->db, "unit", units);
    cJSON *row;
    int no = 0;
    cJSON_ArrayForEach(row, rows) {
        no++;
        const char *unit = rec_str(row, "unit");
        cJSON *uchoices = cJSON_AddArrayToObject(row, "units");
        bool ufound = !*unit;
        cJSON *u;
        cJSON_ArrayForEach(u, units) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "value", rec_str(u, "value"));
            cJSON_AddStringToObject(o, "item", rec_str(u, "item"));
            cJSON_AddStringToObject(o, "label", rec_str(u, "label"));
            if (*unit && strcmp(unit, rec_str(u, "value")) == 0) { cJSON_AddTrueToObject(o, "selected"); ufound = true; }
            cJSON_AddItemToArray(uchoices, o);
        }
        if (!ufound) {   /* a value no longer in the dictionary: keep it selectable */
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "value", unit);
            cJSON_AddStringToObject(o, "item", unit);
            cJSON_AddStringToObject(o, "label", unit);
            cJSON_AddTrueToObject(o, "selected");
            cJSON_AddItemToArray(uchoices, o);
        }
        long long pid = rec_num(row, "product_id");
        if (!*rec_str(row, "product") && pid) {   /* a JSON client's id sent back: shown by its label */
            cJSON_DeleteItemFromObjectCaseSensitive(row, "product");
            cJSON_AddStringToObject(row, "product", products_label_of(r->db, r->a, pid));
        }
        if (!cJSON_GetObjectItemCaseSensitive(row, "no")) cJSON_AddNumberToObject(row, "no", no);
    }
}

static void form_view(request *r, cJSON *customer, cJSON *order, cJSON *rows, bool is_new) {
    r->template_name = "order_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, is_new ? "orders.new" : "orders.edit"));
    if (is_new) cJSON_AddTrueToObject(r->view, "is_new");
    cJSON_AddItemToObject(r->view, "customer", customer);
    cJSON_AddItemToObject(r->view, "order", order);
    status_choices(r, rec_str(order, "status"));
    form_lines(r, rows, 3, 5);
    cJSON_AddItemToObject(r->view, "lines", rows);
    cJSON_AddNumberToObject(r->view, "max_lines", MAX_LINES);   /* 添加一行 stops there */
}

static cJSON *echo_head(const field_value *v) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "order_no", v[0].text);
    cJSON_AddStringToObject(o, "date", v[1].text);
    cJSON_AddStringToObject(o, "address", v[2].text);
    cJSON_AddStringToObject(o, "status", v[3].present ? STATUSES[v[3].i] : "unpaid");
    return o;
}

/* Order number: letters, digits and '-' only. */
static bool no_ok(const char *s) {
    for (; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return false;
    return true;
}

/* The stored lines as form rows (price as typed money). */
static cJSON *rows_of(request *r, const cJSON *lines) {
    cJSON *rows = cJSON_CreateArray();
    const cJSON *l;
    int no = 0;
    cJSON_ArrayForEach(l, lines) {
        cJSON *row = cJSON_CreateObject();
        cJSON_AddNumberToObject(row, "no", ++no);
        cJSON_AddStringToObject(row, "product_id", arena_printf(r->a, "%lld", rec_num(l, "product_id")));
        const char *label = products_label(r->a, rec_str(l, "product_name"), rec_str(l, "product_model"));
        cJSON_AddStringToObject(row, "product", label);
        cJSON_AddStringToObject(row, "quantity", arena_printf(r->a, "%lld", rec_num(l, "quantity")));
        cJSON_AddStringToObject(row, "unit", rec_str(l, "unit"));
        long long p = rec_num(l, "price");
        cJSON_AddStringToObject(row, "price", arena_printf(r->a, "%lld.%02lld", p / 100, p % 100));
        cJSON_AddItemToArray(rows, row);
    }
    return rows;
}

static cJSON *customer_of(const cJSON *o) {
    cJSON *c = cJSON_CreateObject();
    cJSON_AddNumberToObject(c, "id", (double)rec_num(o, "customer_id"));
    cJSON_AddStringToObject(c, "no", rec_str(o, "customer_no"));
    cJSON_AddStringToObject(c, "name", rec_str(o, "customer_name"));
    return c;
}

/* The order with its lines, for the audit log. */
static cJSON *audit_image(request *r, long long id) {
    cJSON *o = orders_get(r->db, id, 0);
    if (!o) return NULL;
    cJSON *lines = cJSON_AddArrayToObject(o, "lines");
    orders_lines(r->db, id, lines);
    return o;
}

int h_orders_new(request *r) {
    cJSON *cust = contacts_parent(r->db, r->path_id, scope_manager(r));
    if (!cust) return request_error(r, 404, "err.not_found");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "date", today(r));
    cJSON_AddStringToObject(o, "address", rec_str(cust, "address"));
    cJSON_AddStringToObject(o, "status", "unpaid");
    form_view(r, cust, o, cJSON_CreateArray(), true);
    if (rec_num(cust, "retired") == 1) cJSON_AddStringToObject(r->view, "conflict", request_t(r, "orders.retired_customer"));
    return 200;
}

int h_orders_create(request *r) {
    field_value v[NHEAD];
    cJSON *cust = contacts_parent(r->db, r->path_id, scope_manager(r));
    if (!cust) return request_error(r, 404, "err.not_found");
    size_t nerr = request_validate(r, HEAD_FIELDS, NHEAD, v, false);
    if (v[0].present && !no_ok(v[0].text)) { request_add_error(r, "order_no", "orders.no_chars", 0); nerr++; }
    rec_relabel(r, "orders");
    lines_result lr;
    read_lines(r, NULL, &lr);
    if (lr.failed) return request_error(r, 500, "err.internal");
    nerr += (size_t)lr.errors;
    if (!lr.errors && lr.n == 0) { request_add_error(r, "lines", "orders.need_line", 0); rec_relabel(r, "orders"); nerr++; }
    if (nerr) { form_view(r, cust, echo_head(v), lr.view, true); return 422; }
    if (rec_num(cust, "retired") == 1) {
        form_view(r, cust, echo_head(v), lr.view, true);
        cJSON_AddStringToObject(r->view, "conflict", request_t(r, "orders.retired_customer"));
        return 409;
    }
    order_fields f = {v[0].text, v[1].text, v[2].text, v[3].present ? STATUSES[v[3].i] : "unpaid"};
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    long long id = orders_create(r->db, r->path_id, &f, lr.lines, lr.n, r->now);
    if (id == STORE_DUPLICATE) {
        db_rollback(r->db);
        request_add_error(r, "order_no", "orders.no_taken", 0);
        rec_relabel(r, "orders");
        form_view(r, cust, echo_head(v), lr.view, true);
        return 409;
    }
    if (id <= 0 || audit_write(r->db, r->now, r->user.id, "order", id, "create", NULL, audit_image(r, id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    cJSON_AddNumberToObject(r->view, "id", (double)id);
    request_redirect(r, arena_printf(r->a, "/orders/%lld", id), "orders.created");
    return 303;
}

int h_orders_view(request *r) {
    cJSON *o = orders_get(r->db, r->path_id, scope_manager(r));
    if (!o) return request_error(r, 404, "err.not_found");
    r->template_name = "order_view";
    cJSON_AddStringToObject(r->view, "title", arena_printf(r->a, "%s %s", request_t(r, "orders.view"), rec_str(o, "order_no")));
    status_label(r, o);
    cJSON_AddItemToObject(r->view, "order", o);
    cJSON_AddItemToObject(r->view, "customer", customer_of(o));
    cJSON *lines = cJSON_AddArrayToObject(r->view, "lines");
    if (orders_lines(r->db, r->path_id, lines) < 0) return request_error(r, 500, "err.internal");
    cJSON *units = cJSON_CreateArray();
    dict_list(r->db, "unit", units);
    int no = 0;
    cJSON *l;
    cJSON_ArrayForEach(l, lines) {
        cJSON_AddNumberToObject(l, "no", ++no);
        cJSON_AddStringToObject(l, "unit_label", rec_dict_label(units, rec_str(l, "unit")));
    }
    if (no == 0) cJSON_AddTrueToObject(r->view, "no_lines");
    rec_flag(r->view, "can_edit", perm_has(r->user.perms, P_CUSTOMER_EDIT));
    return 200;
}

static cJSON *edit_order(request *r, cJSON *o) {
    cJSON *lines = cJSON_CreateArray();
    orders_lines(r->db, rec_num(o, "id"), lines);
    cJSON *rows = rows_of(r, lines);
    form_view(r, customer_of(o), o, rows, false);
    return o;
}

int h_orders_edit(request *r) {
    cJSON *o = orders_get(r->db, r->path_id, scope_manager(r));
    if (!o) return request_error(r, 404, "err.not_found");
    edit_order(r, o);
    return 200;
}

static int stale(request *r, const field_value *v) {
    cJSON *now = orders_get(r->db, r->path_id, scope_manager(r));
    if (!now) return request_error(r, 404, "err.not_found");
    cJSON_Delete(r->view);
    r->view = cJSON_CreateObject();
    edit_order(r, now);
    if (v) cJSON_AddItemToObject(r->view, "mine", echo_head(v));
    cJSON_AddStringToObject(r->view, "conflict", request_t(r, "err.stale"));
    return 409;
}

int h_orders_update(request *r) {
    field_value v[NHEAD + 1];
    cJSON *before = orders_get(r->db, r->path_id, scope_manager(r));
    if (!before) return request_error(r, 404, "err.not_found");
    cJSON *old_lines = cJSON_CreateArray();
    orders_lines(r->db, r->path_id, old_lines);
    size_t nerr = request_validate(r, HEAD_FIELDS, NHEAD + 1, v, false);
    if (v[0].present && !no_ok(v[0].text)) { request_add_error(r, "order_no", "orders.no_chars", 0); nerr++; }
    rec_relabel(r, "orders");
    lines_result lr;
    read_lines(r, old_lines, &lr);
    if (lr.failed) return request_error(r, 500, "err.internal");
    nerr += (size_t)lr.errors;
    if (lr.sent && !lr.errors && lr.n == 0) { request_add_error(r, "lines", "orders.need_line", 0); rec_relabel(r, "orders"); nerr++; }
    if (nerr) {
        cJSON *o = echo_head(v);
        cJSON_AddNumberToObject(o, "id", (double)r->path_id);
        cJSON_AddNumberToObject(o, "version", (double)rec_num(before, "version"));
        form_view(r, customer_of(before), o, lr.sent ? lr.view : rows_of(r, old_lines), false);
        return 422;
    }
    cJSON_AddItemToObject(before, "lines", old_lines);
    order_fields f = {v[0].present ? v[0].text : rec_str(before, "order_no"), v[1].text, v[2].text,
                      v[3].present ? STATUSES[v[3].i] : rec_str(before, "status")};
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = orders_update(r->db, r->path_id, v[NHEAD].i, &f, lr.sent ? lr.lines : NULL, lr.n, r->now);
    if (rc == STORE_STALE) { db_rollback(r->db); return stale(r, v); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc == STORE_DUPLICATE) {
        db_rollback(r->db);
        request_add_error(r, "order_no", "orders.no_taken", 0);
        rec_relabel(r, "orders");
        cJSON *o = echo_head(v);
        cJSON_AddNumberToObject(o, "id", (double)r->path_id);
        cJSON_AddNumberToObject(o, "version", (double)rec_num(before, "version"));
        form_view(r, customer_of(before), o, lr.sent ? lr.view : rows_of(r, old_lines), false);
        return 409;
    }
    if (rc != STORE_OK ||
        audit_write(r->db, r->now, r->user.id, "order", r->path_id, "update", before, audit_image(r, r->path_id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/orders/%lld", r->path_id), "orders.saved");
    return 303;
}

int h_orders_delete(request *r) {
    static const field_spec specs[] = {{"version", F_INT, true, 1, 1LL << 53, NULL}};
    field_value v[1];
    cJSON *before = orders_get(r->db, r->path_id, scope_manager(r));
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, specs, 1, v, false)) {
        rec_relabel(r, "orders");
        edit_order(r, cJSON_Duplicate(before, true));
        return 422;
    }
    long long customer_id = rec_num(before, "customer_id");
    cJSON *image = audit_image(r, r->path_id);
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = orders_delete(r->db, r->path_id, v[0].i);
    if (rc == STORE_STALE) { db_rollback(r->db); return stale(r, NULL); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK || audit_write(r->db, r->now, r->user.id, "order", r->path_id, "delete", image, NULL) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/customers/%lld", customer_id), "orders.deleted");
    return 303;
}
