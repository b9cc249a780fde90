/* products.c — SQL for 产品 (products); see products.h. */
#include "products.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Adds price_text ("1,234.50") to a product object. */
static void price_text(cJSON *o) {
    long long fen = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "price"));
    char t[48];
    snprintf(t, sizeof t, "%lld.%02lld", fen / 100, fen % 100);
    /* thousands separators */
    char out[64];
    size_t intlen = strcspn(t, "."), o2 = 0;
    for (size_t i = 0; i < intlen; i++) {
        if (i && (intlen - i) % 3 == 0) out[o2++] = ',';
        out[o2++] = t[i];
    }
    snprintf(out + o2, sizeof out - o2, "%s", t + intlen);
    cJSON_AddStringToObject(o, "price_text", out);
}

#define PRODUCT_COLS "p.id, p.name, p.model, p.grade, p.unit, p.price, p.note, p.retired, p.version," \
                     " p.created_at, p.updated_at"

const char *const PRODUCTS_SORTS[] = {"name", "model", "price", "-price", NULL};

/* the list shows each product's pieces in stock over every 仓库 (stock_by_product) */
#define LIST_HEAD "SELECT " PRODUCT_COLS ", (SELECT coalesce(sum(s.quantity), 0) FROM stock s WHERE s.product_id = p.id)" \
                  " AS stock_pieces FROM products p WHERE (?3 = 1 OR p.retired = 0)" \
                  " AND (?4 IS NULL OR instr(p.name, ?4) > 0 OR instr(p.model, ?4) > 0) AND "
/* one statement per order: the keyset comparison and ORDER BY follow the sort column */
/* 名称 in pinyin order (schema/024): the keyset holds the last name, whose key the page seeks from */
static const char SQL_LIST_NAME[] =
    LIST_HEAD "(p.name_key, p.id) > (crm_name_key(?1), ?2) ORDER BY p.name_key, p.id LIMIT ?5";
static const char SQL_LIST_MODEL[] = LIST_HEAD "(p.model, p.id) > (?1, ?2) ORDER BY p.model, p.id LIMIT ?5";
static const char SQL_LIST_PRICE[] = LIST_HEAD "(p.price, p.id) > (?1, ?2) ORDER BY p.price, p.id LIMIT ?5";
static const char SQL_LIST_PRICE_DESC[] =
    LIST_HEAD "(p.price, -p.id) < (?1, -?2) ORDER BY p.price DESC, p.id LIMIT ?5";

int products_list(db *d, const products_filter *f, cJSON *rows) {
    int sort = f->sort >= 0 && f->sort < PS__COUNT ? f->sort : PS_NAME;
    const char *sql = sort == PS_MODEL ? SQL_LIST_MODEL
                    : sort == PS_PRICE ? SQL_LIST_PRICE
                    : sort == PS_PRICE_DESC ? SQL_LIST_PRICE_DESC : SQL_LIST_NAME;
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    bool numeric = sort == PS_PRICE || sort == PS_PRICE_DESC;
    if (f->after_key && numeric) {
        sqlite3_bind_int64(st, 1, strtoll(f->after_key, NULL, 10));
        sqlite3_bind_int64(st, 2, f->after_id);
    } else if (f->after_key) {
        sqlite3_bind_text(st, 1, f->after_key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, f->after_id);
    } else if (sort == PS_PRICE_DESC) {
        sqlite3_bind_int64(st, 1, 1LL << 62);   /* above every price */
        sqlite3_bind_int64(st, 2, 0);
    } else if (numeric) {
        sqlite3_bind_int64(st, 1, -(1LL << 62));   /* below every price */
        sqlite3_bind_int64(st, 2, 0);
    } else {
        /* text: ('', 0) is below every (text, id); an integer would take the column's TEXT affinity */
        sqlite3_bind_text(st, 1, "", 0, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, 0);
    }
    sqlite3_bind_int(st, 3, f->include_retired ? 1 : 0);
    if (f->q && *f->q) sqlite3_bind_text(st, 4, f->q, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, f->limit > 0 ? f->limit : 50);
    int n = db_rows_json(st, rows);
    cJSON *it;
    if (n > 0) cJSON_ArrayForEach(it, rows) price_text(it);
    return n;
}

void products_after_row(products_filter *f, const cJSON *row, char *key, size_t len) {
    long long id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "id"));
    if (f->sort == PS_PRICE || f->sort == PS_PRICE_DESC) {
        snprintf(key, len, "%lld", (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "price")));
    } else {
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(row, f->sort == PS_MODEL ? "model" : "name"));
        snprintf(key, len, "%s", s ? s : "");
    }
    f->after_key = key;
    f->after_id = id;
}

static const char SQL_ACTIVE[] =
    "SELECT id, name, model, unit, price FROM products WHERE retired = 0 ORDER BY name_key, id LIMIT ?1";

int products_active(db *d, int limit, cJSON *rows) {
    sqlite3_stmt *st = db_prepare(d, SQL_ACTIVE);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
    return db_rows_json(st, rows);
}

const char *products_label(arena *a, const char *name, const char *model) {
    return model && *model ? arena_cat(a, name, "（", model, "）") : name;
}

const char *products_label_of(db *d, arena *a, long long id) {
    cJSON *p = products_get(d, id);
    if (!p) return arena_printf(a, "#%lld", id);
    return products_label(a, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "name")),
                          cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "model")));
}

int products_suggestions(db *d, arena *a, int limit, cJSON *out) {
    sqlite3_stmt *st = db_prepare(d, SQL_ACTIVE);
    if (!st) return -1;
    sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {   /* id, name, model, unit, price */
        cJSON *o = cJSON_CreateObject();
        const char *name = (const char *)sqlite3_column_text(st, 1), *model = (const char *)sqlite3_column_text(st, 2);
        cJSON_AddStringToObject(o, "label", products_label(a, name ? name : "", model));   /* (copied) */
        long long fen = sqlite3_column_int64(st, 4);
        cJSON_AddStringToObject(o, "price", arena_printf(a, "%lld.%02lld", fen / 100, fen % 100));
        cJSON_AddItemToArray(out, o);
        n++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? n : -1;
}

static const char SQL_BY_NAME[] =   /* ?2 NULL: any 型号 */
    "SELECT id FROM products WHERE name_key = crm_name_key(?1) AND name = ?1 AND (?2 IS NULL OR model = ?2)"
    " AND retired = 0 LIMIT 2";
static const char SQL_BY_MODEL[] = "SELECT id FROM products WHERE model = ?1 AND retired = 0 LIMIT 2";

/* The id of the one row st finds, 0 for none, PRODUCT_AMBIGUOUS for more, -1 on error; resets st. */
static long long only_row(sqlite3_stmt *st) {
    long long id = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) id = id ? PRODUCT_AMBIGUOUS : sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? id : -1;
}

/* A label's name and 型号 ("名称（型号）"): split at its last "（" when it ends with "）"; false for other texts. */
static bool split_label(const char *text, size_t *name_len, const char **model, size_t *model_len) {
    static const char open[] = "（", close[] = "）";   /* 3 bytes each */
    const size_t open_len = sizeof open - 1, close_len = sizeof close - 1, n = strlen(text);
    if (n < close_len || strcmp(text + n - close_len, close) != 0) return false;
    const char *last = NULL;
    for (const char *s = strstr(text, open); s; s = strstr(s + 1, open)) last = s;
    if (!last || last + open_len > text + n - close_len) return false;
    *name_len = (size_t)(last - text);
    *model = last + open_len;
    *model_len = (size_t)(text + n - close_len - *model);
    return true;
}

long long products_by_label(db *d, const char *text) {
    sqlite3_stmt *by_name = db_prepare(d, SQL_BY_NAME), *by_model = db_prepare(d, SQL_BY_MODEL);
    if (!by_name || !by_model) return -1;
    size_t name_len, model_len;
    const char *model;
    if (split_label(text, &name_len, &model, &model_len)) {   /* a suggestion: its name and 型号 */
        sqlite3_bind_text(by_name, 1, text, (int)name_len, SQLITE_TRANSIENT);
        sqlite3_bind_text(by_name, 2, model, (int)model_len, SQLITE_TRANSIENT);
        long long id = only_row(by_name);
        sqlite3_clear_bindings(by_name);
        if (id != 0) return id;
    }
    sqlite3_bind_text(by_name, 1, text, -1, SQLITE_TRANSIENT);   /* a name (any 型号) */
    long long id = only_row(by_name);
    sqlite3_clear_bindings(by_name);
    if (id != 0) return id;
    sqlite3_bind_text(by_model, 1, text, -1, SQLITE_TRANSIENT);   /* a 型号 */
    return only_row(by_model);
}

static const char SQL_GET[] =
    "SELECT " PRODUCT_COLS ", (SELECT count(*) FROM order_lines l WHERE l.product_id = p.id) AS used"
    " FROM products p WHERE p.id = ?1";

cJSON *products_get(db *d, long long id) {
    sqlite3_stmt *st = db_prepare(d, SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = db_row_json(st);
    sqlite3_reset(st);
    if (o) price_text(o);
    return o;
}

static const char SQL_INSERT[] =
    "INSERT INTO products(name, model, grade, unit, price, note, created_at, updated_at, name_key)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, crm_name_key(?1))";

long long products_create(db *d, const product_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return STORE_ERROR;
    sqlite3_bind_text(st, 1, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->model ? f->model : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->grade ? f->grade : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->unit ? f->unit : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, f->price);
    sqlite3_bind_text(st, 6, f->note ? f->note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("product insert failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_last_id(d);
}

static const char SQL_EXISTS[] = "SELECT 1 FROM products WHERE id = ?1";

static const char SQL_UPDATE[] =
    "UPDATE products SET name = ?3, model = ?4, grade = ?5, unit = ?6, price = ?7, note = ?8,"
    " version = version + 1, updated_at = ?9, name_key = crm_name_key(?3) WHERE id = ?1 AND version = ?2";

int products_update(db *d, long long id, long long version, const product_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_UPDATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_text(st, 3, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, f->model ? f->model : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->grade ? f->grade : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, f->unit ? f->unit : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, f->price);
    sqlite3_bind_text(st, 8, f->note ? f->note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("product update failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}

static const char SQL_RETIRE[] =
    "UPDATE products SET retired = ?3, version = version + 1, updated_at = ?4 WHERE id = ?1 AND version = ?2";

int products_set_retired(db *d, long long id, long long version, bool retired, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_RETIRE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_int(st, 3, retired ? 1 : 0);
    sqlite3_bind_int64(st, 4, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("product retire failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}
