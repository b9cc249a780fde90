/* h_products.c — 基础数据 › 产品 and 库存: searchable lists (anyone with customer.view), and add / edit
 * / retire products and add / edit / delete stock entries (product.manage). Products are never
 * deleted: order lines refer to them; a retired product cannot be put on new order lines. */
#include "h_products.h"
#include "audit.h"
#include "dict.h"
#include "h_contacts.h"
#include "html.h"
#include "products.h"
#include "stock.h"
#include <string.h>

#define PAGE 50
#define PRODUCT_CHOICES 2000   /* suggestions in the stock form; any active product can be typed */

/* ================= products ================= */

const field_spec PRODUCT_LIST_FIELDS[PL_COUNT] = {
    {"q", F_TEXT, false, 0, 50, NULL},
    {"retired", F_BOOL, false, 0, 0, NULL},
    {"after_key", F_TEXT, false, 0, 100, NULL},   /* keyset: the sort column's value of the last row */
    {"after_id", F_ID, false, 0, 0, NULL},
    {"sort", F_ENUM, false, 0, 0, PRODUCTS_SORTS},
};

int h_products_list(request *r) {
    field_value v[PL_COUNT];
    r->template_name = "product_list";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "products.title"));
    bool bad = request_validate(r, PRODUCT_LIST_FIELDS, PL_COUNT, v, true) != 0;
    int sort = v[PL_SORT].present ? (int)v[PL_SORT].i : PS_NAME;
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    cJSON_AddStringToObject(filter, "q", v[PL_Q].text);
    rec_flag(filter, "retired", v[PL_RETIRED].i != 0);
    rec_flag(r->view, "can_manage", perm_has(r->user.perms, P_PRODUCT_MANAGE));
    /* the sort choices, and the header links (each keeps the filters and drops the page) */
    buf qs = BUF_INIT;
    if (v[PL_Q].present) { buf_puts(&qs, "q="); url_encode(&qs, v[PL_Q].text, strlen(v[PL_Q].text)); buf_puts(&qs, "&"); }
    if (v[PL_RETIRED].i) buf_puts(&qs, "retired=1&");
    cJSON_AddItemToObject(r->view, "sorts", rec_sort_choices(r, "products", PRODUCTS_SORTS, sort));
    cJSON *links = cJSON_AddObjectToObject(r->view, "sort_links");
    cJSON_AddStringToObject(links, "name", arena_printf(r->a, "/products?%ssort=name", buf_str(&qs)));
    cJSON_AddStringToObject(links, "model", arena_printf(r->a, "/products?%ssort=model", buf_str(&qs)));
    cJSON_AddStringToObject(links, "price", arena_printf(r->a, "/products?%ssort=%s", buf_str(&qs), sort == PS_PRICE ? "-price" : "price"));
    cJSON_AddStringToObject(r->view, "first_page", arena_printf(r->a, "/products?%ssort=%s", buf_str(&qs), PRODUCTS_SORTS[sort]));
    if (perm_has(r->user.perms, P_DATA_EXPORT))   /* the same filters and order as this list (h_export.c) */
        cJSON_AddStringToObject(r->view, "export_href", arena_printf(r->a, "/products/export.csv?%ssort=%s", buf_str(&qs), PRODUCTS_SORTS[sort]));
    cJSON *rows = cJSON_AddArrayToObject(r->view, "products");
    if (bad) {
        buf_free(&qs);
        rec_relabel(r, "products");
        cJSON_AddTrueToObject(r->view, "empty");
        return 400;
    }
    products_filter f = {v[PL_Q].present ? v[PL_Q].text : NULL, v[PL_RETIRED].i != 0, sort, NULL, 0, PAGE + 1};
    if (v[PL_AFTER_KEY].present && v[PL_AFTER_ID].present) { f.after_key = v[PL_AFTER_KEY].text; f.after_id = v[PL_AFTER_ID].i; }
    if (products_list(r->db, &f, rows) < 0) { buf_free(&qs); return request_error(r, 500, "err.internal"); }
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        cJSON *last = cJSON_GetArrayItem(rows, PAGE - 1);
        char key[PRODUCTS_KEY_MAX];
        products_after_row(&f, last, key, sizeof key);
        buf b = BUF_INIT;
        buf_printf(&b, "/products?%ssort=%s&after_key=", buf_str(&qs), PRODUCTS_SORTS[sort]);
        url_encode(&b, f.after_key, strlen(f.after_key));
        buf_printf(&b, "&after_id=%lld", f.after_id);
        cJSON_AddStringToObject(r->view, "next_page", buf_str(&b));
        buf_free(&b);
    }
    buf_free(&qs);
    cJSON *units = cJSON_CreateArray();
    dict_list(r->db, "unit", units);
    cJSON *it;
    cJSON_ArrayForEach(it, rows) {
        cJSON_AddStringToObject(it, "unit_label", rec_dict_label(units, rec_str(it, "unit")));
        rec_flag(it, "is_retired", rec_num(it, "retired") == 1);
        /* its 库存 entries: the stock list filtered by the 型号 (else the name), which it matches by substring */
        const char *model = rec_str(it, "model"), *key = *model ? model : rec_str(it, "name");
        buf href = BUF_INIT;
        buf_puts(&href, "/stock?product=");
        url_encode(&href, key, strlen(key));
        cJSON_AddStringToObject(it, "stock_href", buf_str(&href));
        cJSON_AddStringToObject(it, "stock_text", count_format(r->a, rec_num(it, "stock_pieces")));
        buf_free(&href);
    }
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    if (v[PL_AFTER_ID].present) cJSON_AddTrueToObject(r->view, "paged");
    return 200;
}

static const field_spec FIELDS[] = {
    {"name", F_TEXT, true, 1, 100, NULL},
    {"model", F_TEXT, false, 0, 50, NULL},
    {"grade", F_TEXT, false, 0, 50, NULL},
    {"unit", F_TEXT, false, 0, 50, NULL},
    {"price", F_MONEY, false, 0, 9000000000000000LL, NULL},
    {"note", F_MULTILINE, false, 0, 1000, NULL},
    {"version", F_INT, true, 1, 1LL << 53, NULL},   /* update only */
};
#define NFIELDS 6

static void product_form(request *r, cJSON *p, bool is_new) {
    r->template_name = "product_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, is_new ? "products.new" : "products.edit"));
    if (is_new) cJSON_AddTrueToObject(r->view, "is_new");
    rec_flag(p, "is_retired", rec_num(p, "retired") == 1);
    cJSON_AddItemToObject(r->view, "units", rec_dict_choices(r, "unit", rec_str(p, "unit")));
    cJSON_AddItemToObject(r->view, "product", p);
}

static cJSON *product_echo(const field_value *v) {
    cJSON *p = cJSON_CreateObject();
    for (int i = 0; i < NFIELDS; i++) cJSON_AddStringToObject(p, FIELDS[i].name, v[i].text);
    /* the form shows the typed price text under price_input */
    cJSON_AddStringToObject(p, "price_input", v[4].text);
    return p;
}

/* Validates the product fields (+ version when n > NFIELDS); returns the error count. */
static size_t product_validate(request *r, field_value *v, size_t n) {
    size_t nerr = request_validate(r, FIELDS, n, v, false);
    if (v[3].present && !dict_has(r->db, "unit", v[3].text)) { request_add_error(r, "unit", "err.choice", 0); nerr++; }
    if (nerr) rec_relabel(r, "products");
    return nerr;
}

int h_products_new(request *r) {
    cJSON *p = cJSON_CreateObject();
    product_form(r, p, true);
    return 200;
}

int h_products_create(request *r) {
    field_value v[NFIELDS];
    if (product_validate(r, v, NFIELDS)) { product_form(r, product_echo(v), true); return 422; }
    product_fields f = {v[0].text, v[1].text, v[2].text, v[3].text, v[5].text, v[4].present ? v[4].i : 0};
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    long long id = products_create(r->db, &f, r->now);
    if (id <= 0 || audit_write(r->db, r->now, r->user.id, "product", id, "create", NULL, products_get(r->db, id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    cJSON_AddNumberToObject(r->view, "id", (double)id);
    request_redirect(r, "/products", "products.created");
    return 303;
}

/* The stored product shown for editing (price as a plain number for the input). */
static void edit_view(request *r, cJSON *p) {
    long long fen = rec_num(p, "price");
    cJSON_AddStringToObject(p, "price_input", arena_printf(r->a, "%lld.%02lld", fen / 100, fen % 100));
    product_form(r, p, false);
}

int h_products_edit(request *r) {
    cJSON *p = products_get(r->db, r->path_id);
    if (!p) return request_error(r, 404, "err.not_found");
    edit_view(r, p);
    return 200;
}

static int product_stale(request *r, const field_value *v) {
    cJSON *now = products_get(r->db, r->path_id);
    if (!now) return request_error(r, 404, "err.not_found");
    cJSON_Delete(r->view);
    r->view = cJSON_CreateObject();
    edit_view(r, now);
    if (v) cJSON_AddItemToObject(r->view, "mine", product_echo(v));
    cJSON_AddStringToObject(r->view, "conflict", request_t(r, "err.stale"));
    return 409;
}

int h_products_update(request *r) {
    field_value v[NFIELDS + 1];
    cJSON *before = products_get(r->db, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    if (product_validate(r, v, NFIELDS + 1)) {
        cJSON *p = product_echo(v);
        cJSON_AddNumberToObject(p, "id", (double)r->path_id);
        cJSON_AddNumberToObject(p, "version", (double)rec_num(before, "version"));
        cJSON_AddNumberToObject(p, "retired", (double)rec_num(before, "retired"));
        cJSON_AddNumberToObject(p, "used", (double)rec_num(before, "used"));
        product_form(r, p, false);
        return 422;
    }
    product_fields f = {v[0].text, v[1].text, v[2].text, v[3].text, v[5].text, v[4].present ? v[4].i : 0};
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = products_update(r->db, r->path_id, v[NFIELDS].i, &f, r->now);
    if (rc == STORE_STALE) { db_rollback(r->db); return product_stale(r, v); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK ||
        audit_write(r->db, r->now, r->user.id, "product", r->path_id, "update", before, products_get(r->db, r->path_id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/products/%lld/edit", r->path_id), "products.saved");
    return 303;
}

int h_products_retire(request *r) {
    static const field_spec specs[] = {
        {"version", F_INT, true, 1, 1LL << 53, NULL},
        {"restore", F_BOOL, false, 0, 0, NULL},
    };
    field_value v[2];
    cJSON *before = products_get(r->db, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, specs, 2, v, false)) {
        rec_relabel(r, "products");
        edit_view(r, cJSON_Duplicate(before, true));
        return 422;
    }
    bool retire = v[1].i == 0;
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = products_set_retired(r->db, r->path_id, v[0].i, retire, r->now);
    if (rc == STORE_STALE) { db_rollback(r->db); return product_stale(r, NULL); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK ||
        audit_write(r->db, r->now, r->user.id, "product", r->path_id, retire ? "retire" : "restore", before,
                    products_get(r->db, r->path_id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/products/%lld/edit", r->path_id),
                     retire ? "products.retired_notice" : "products.restored_notice");
    return 303;
}

/* ================= stock ================= */

const field_spec STOCK_LIST_FIELDS[SL_COUNT] = {
    {"product", F_TEXT, false, 0, 50, NULL},
    {"warehouse", F_TEXT, false, 0, 50, NULL},
    {"after", F_ID, false, 0, 0, NULL},            /* keyset: id of the last row shown */
    {"sort", F_ENUM, false, 0, 0, STOCK_SORTS},
    {"after_key", F_TEXT, false, 0, 100, NULL},    /* keyset: its sort column's value */
};

int h_stock_list(request *r) {
    field_value v[SL_COUNT];
    r->template_name = "stock_list";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "stock.title"));
    bool bad = request_validate(r, STOCK_LIST_FIELDS, SL_COUNT, v, true) != 0;
    int sort = v[SL_SORT].present ? (int)v[SL_SORT].i : SS_PRODUCT;
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    cJSON_AddStringToObject(filter, "product", v[SL_PRODUCT].text);
    cJSON *warehouses = rec_dict_choices(r, "warehouse", v[SL_WAREHOUSE].text);
    cJSON_AddItemToObject(r->view, "warehouses", warehouses);
    rec_flag(r->view, "can_manage", perm_has(r->user.perms, P_PRODUCT_MANAGE));
    /* the sort choices, and the header links (each keeps the filters and drops the page) */
    buf qs = BUF_INIT;
    if (v[SL_PRODUCT].present) { buf_puts(&qs, "product="); url_encode(&qs, v[SL_PRODUCT].text, strlen(v[SL_PRODUCT].text)); buf_puts(&qs, "&"); }
    if (v[SL_WAREHOUSE].present) { buf_puts(&qs, "warehouse="); url_encode(&qs, v[SL_WAREHOUSE].text, strlen(v[SL_WAREHOUSE].text)); buf_puts(&qs, "&"); }
    cJSON_AddItemToObject(r->view, "sorts", rec_sort_choices(r, "stock", STOCK_SORTS, sort));
    cJSON *links = cJSON_AddObjectToObject(r->view, "sort_links");
    cJSON_AddStringToObject(links, "product", arena_printf(r->a, "/stock?%ssort=product", buf_str(&qs)));
    cJSON_AddStringToObject(links, "warehouse", arena_printf(r->a, "/stock?%ssort=warehouse", buf_str(&qs)));
    cJSON_AddStringToObject(links, "quantity", arena_printf(r->a, "/stock?%ssort=%s", buf_str(&qs), sort == SS_QUANTITY ? "-quantity" : "quantity"));
    cJSON_AddStringToObject(r->view, "first_page", arena_printf(r->a, "/stock?%ssort=%s", buf_str(&qs), STOCK_SORTS[sort]));
    if (perm_has(r->user.perms, P_DATA_EXPORT))   /* the same filters and order as this list (h_export.c) */
        cJSON_AddStringToObject(r->view, "export_href", arena_printf(r->a, "/stock/export.csv?%ssort=%s", buf_str(&qs), STOCK_SORTS[sort]));
    cJSON *rows = cJSON_AddArrayToObject(r->view, "stock");
    if (bad) {
        buf_free(&qs);
        rec_relabel(r, "stock");
        cJSON_AddTrueToObject(r->view, "empty");
        return 400;
    }
    stock_filter f = {v[SL_PRODUCT].present ? v[SL_PRODUCT].text : NULL, v[SL_WAREHOUSE].present ? v[SL_WAREHOUSE].text : NULL, sort, NULL, 0, PAGE + 1};
    if (v[SL_AFTER].present && v[SL_AFTER_KEY].present) { f.after_key = v[SL_AFTER_KEY].text; f.after_id = v[SL_AFTER].i; }
    if (stock_list(r->db, &f, rows) < 0) { buf_free(&qs); return request_error(r, 500, "err.internal"); }
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        cJSON *last = cJSON_GetArrayItem(rows, PAGE - 1);
        char key[PRODUCTS_KEY_MAX];
        stock_after_row(&f, last, key, sizeof key);
        buf b = BUF_INIT;
        buf_printf(&b, "/stock?%ssort=%s&after=%lld&after_key=", buf_str(&qs), STOCK_SORTS[sort], f.after_id);
        url_encode(&b, f.after_key, strlen(f.after_key));
        cJSON_AddStringToObject(r->view, "next_page", buf_str(&b));
        buf_free(&b);
    }
    buf_free(&qs);
    cJSON *units = cJSON_CreateArray();
    dict_list(r->db, "unit", units);
    cJSON *it;
    cJSON_ArrayForEach(it, rows) {
        cJSON_AddStringToObject(it, "warehouse_label", rec_dict_label(warehouses, rec_str(it, "warehouse")));
        cJSON_AddStringToObject(it, "unit_label", rec_dict_label(units, rec_str(it, "product_unit")));
    }
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    if (v[SL_AFTER].present) cJSON_AddTrueToObject(r->view, "paged");
    return 200;
}

/* The product is the form's typed text (product: a suggestion 名称（型号）, a name or a 型号) or, for JSON
 * clients, an id (product_id); one of the two is required (stock_validate). */
static const field_spec STOCK_FIELDS[] = {
    {"product_id", F_ID, false, 0, 0, NULL},
    {"warehouse", F_TEXT, true, 1, 50, NULL},
    {"location", F_TEXT, false, 0, 50, NULL},
    {"quantity", F_INT, true, 0, 1000000000000LL, NULL},
    {"note", F_MULTILINE, false, 0, 1000, NULL},
    {"product", F_TEXT, false, 0, 200, NULL},
    {"version", F_INT, true, 1, 1LL << 53, NULL},   /* update only */
};
enum { SF_PRODUCT_ID, SF_WAREHOUSE, SF_LOCATION, SF_QUANTITY, SF_NOTE, SF_PRODUCT, SF_VERSION };
#define NSTOCK SF_VERSION

static void stock_form(request *r, cJSON *s, bool is_new) {
    r->template_name = "stock_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, is_new ? "stock.new" : "stock.edit"));
    if (is_new) cJSON_AddTrueToObject(r->view, "is_new");
    cJSON_AddItemToObject(r->view, "warehouses", rec_dict_choices(r, "warehouse", rec_str(s, "warehouse")));
    products_suggestions(r->db, r->a, PRODUCT_CHOICES, cJSON_AddArrayToObject(r->view, "product_choices"));
    long long pid = rec_num(s, "product_id");
    if (!*rec_str(s, "product") && pid) {   /* a stored entry, or a JSON client's id sent back */
        cJSON_DeleteItemFromObjectCaseSensitive(s, "product");
        cJSON_AddStringToObject(s, "product", products_label_of(r->db, r->a, pid));
    }
    cJSON_AddItemToObject(r->view, "entry", s);
}

static cJSON *stock_echo(const field_value *v) {
    cJSON *s = cJSON_CreateObject();
    for (int i = 0; i < NSTOCK; i++) cJSON_AddStringToObject(s, STOCK_FIELDS[i].name, v[i].text);
    return s;
}

/* Checks the posted entry; the typed product, when there is one, is looked up and its id put in
 * v[SF_PRODUCT_ID]. before (NULL for a new entry) lets an entry keep a product retired since, by its label. */
static size_t stock_validate(request *r, field_value *v, size_t n, const cJSON *before) {
    size_t nerr = request_validate(r, STOCK_FIELDS, n, v, false);
    if (v[SF_PRODUCT].present && *v[SF_PRODUCT].text) {
        long long pid = products_by_label(r->db, v[SF_PRODUCT].text);
        if (pid == 0 && before) {   /* the entry's own product, retired since */
            const char *had = products_label(r->a, rec_str(before, "product_name"), rec_str(before, "product_model"));
            if (strcmp(had, v[SF_PRODUCT].text) == 0) pid = rec_num(before, "product_id");
        }
        if (pid > 0) {
            v[SF_PRODUCT_ID].present = true;
            v[SF_PRODUCT_ID].i = pid;
        } else {
            request_add_error(r, "product", pid == PRODUCT_AMBIGUOUS ? "orders.product_ambiguous"
                                            : pid == 0 ? "orders.product_unknown" : "err.internal", 0);
            nerr++;
        }
    } else if (!v[SF_PRODUCT_ID].present) {
        request_add_error(r, "product", "err.required", 0);
        nerr++;
    } else if (!products_get(r->db, v[SF_PRODUCT_ID].i)) {
        request_add_error(r, "product_id", "stock.product_missing", 0);
        nerr++;
    }
    if (v[SF_WAREHOUSE].present && !dict_has(r->db, "warehouse", v[SF_WAREHOUSE].text)) {
        request_add_error(r, "warehouse", "err.choice", 0);
        nerr++;
    }
    if (nerr) rec_relabel(r, "stock");
    return nerr;
}

static stock_fields stock_to_fields(const field_value *v) {
    stock_fields f = {v[SF_PRODUCT_ID].i, v[SF_WAREHOUSE].text, v[SF_LOCATION].text, v[SF_NOTE].text, v[SF_QUANTITY].i};
    return f;
}

int h_stock_new(request *r) {
    stock_form(r, cJSON_CreateObject(), true);
    return 200;
}

int h_stock_create(request *r) {
    field_value v[NSTOCK];
    if (stock_validate(r, v, NSTOCK, NULL)) { stock_form(r, stock_echo(v), true); return 422; }
    stock_fields f = stock_to_fields(v);
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    long long id = stock_create(r->db, &f, r->now);
    if (id <= 0 || audit_write(r->db, r->now, r->user.id, "stock", id, "create", NULL, stock_get(r->db, id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    cJSON_AddNumberToObject(r->view, "id", (double)id);
    request_redirect(r, "/stock", "stock.created");
    return 303;
}

int h_stock_edit(request *r) {
    cJSON *s = stock_get(r->db, r->path_id);
    if (!s) return request_error(r, 404, "err.not_found");
    stock_form(r, s, false);
    return 200;
}

static int stock_stale(request *r, const field_value *v) {
    cJSON *now = stock_get(r->db, r->path_id);
    if (!now) return request_error(r, 404, "err.not_found");
    cJSON_Delete(r->view);
    r->view = cJSON_CreateObject();
    stock_form(r, now, false);
    if (v) cJSON_AddItemToObject(r->view, "mine", stock_echo(v));
    cJSON_AddStringToObject(r->view, "conflict", request_t(r, "err.stale"));
    return 409;
}

int h_stock_update(request *r) {
    field_value v[NSTOCK + 1];
    cJSON *before = stock_get(r->db, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    if (stock_validate(r, v, NSTOCK + 1, before)) {
        cJSON *s = stock_echo(v);
        cJSON_AddNumberToObject(s, "id", (double)r->path_id);
        cJSON_AddNumberToObject(s, "version", (double)rec_num(before, "version"));
        stock_form(r, s, false);
        return 422;
    }
    stock_fields f = stock_to_fields(v);
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = stock_update(r->db, r->path_id, v[SF_VERSION].i, &f, r->now);
    if (rc == STORE_STALE) { db_rollback(r->db); return stock_stale(r, v); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK ||
        audit_write(r->db, r->now, r->user.id, "stock", r->path_id, "update", before, stock_get(r->db, r->path_id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, "/stock", "stock.saved");
    return 303;
}

int h_stock_delete(request *r) {
    static const field_spec specs[] = {{"version", F_INT, true, 1, 1LL << 53, NULL}};
    field_value v[1];
    cJSON *before = stock_get(r->db, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, specs, 1, v, false)) {
        rec_relabel(r, "stock");
        stock_form(r, cJSON_Duplicate(before, true), false);
        return 422;
    }
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = stock_delete(r->db, r->path_id, v[0].i);
    if (rc == STORE_STALE) { db_rollback(r->db); return stock_stale(r, NULL); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK || audit_write(r->db, r->now, r->user.id, "stock", r->path_id, "delete", before, NULL) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, "/stock", "stock.deleted");
    return 303;
}
