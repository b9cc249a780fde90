/* stock.c — SQL for 库存 (stock); see stock.h. */
#include "stock.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>

#define STOCK_COLS "s.id, s.product_id, p.name AS product_name, p.model AS product_model, p.unit AS product_unit," \
                   " p.retired AS product_retired, s.warehouse, s.location, s.quantity, s.note, s.version,"        \
                   " s.created_at, s.updated_at"

const char *const STOCK_SORTS[] = {"product", "warehouse", "quantity", "-quantity", NULL};

/* Product-name filter: a substring of the product's name or model, checked on the joined row. One
 * statement per order: the keyset comparison and ORDER BY follow the sort column. */
#define LIST_HEAD "SELECT " STOCK_COLS " FROM stock s JOIN products p ON p.id = s.product_id" \
    " WHERE (?2 IS NULL OR s.warehouse = ?2) AND (?3 IS NULL OR instr(p.name, ?3) > 0 OR instr(p.model, ?3) > 0) AND "
/* 产品 in the pinyin order of its name (schema/024) */
static const char SQL_LIST_PRODUCT[] =
    LIST_HEAD "(p.name_key, s.id) > (crm_name_key(?1), ?5) ORDER BY p.name_key, s.id LIMIT ?4";
static const char SQL_LIST_WAREHOUSE[] = LIST_HEAD "(s.warehouse, s.id) > (?1, ?5) ORDER BY s.warehouse, s.id LIMIT ?4";
static const char SQL_LIST_QUANTITY[] = LIST_HEAD "(s.quantity, s.id) > (?1, ?5) ORDER BY s.quantity, s.id LIMIT ?4";
static const char SQL_LIST_QUANTITY_DESC[] =
    LIST_HEAD "(s.quantity, -s.id) < (?1, -?5) ORDER BY s.quantity DESC, s.id LIMIT ?4";

int stock_list(db *d, const stock_filter *f, cJSON *rows) {
    int sort = f->sort >= 0 && f->sort < SS__COUNT ? f->sort : SS_PRODUCT;
    const char *sql = sort == SS_WAREHOUSE ? SQL_LIST_WAREHOUSE
                    : sort == SS_QUANTITY ? SQL_LIST_QUANTITY
                    : sort == SS_QUANTITY_DESC ? SQL_LIST_QUANTITY_DESC : SQL_LIST_PRODUCT;
    sqlite3_stmt *st = db_prepare(d, sql);
    if (!st) return -1;
    bool numeric = sort == SS_QUANTITY || sort == SS_QUANTITY_DESC;
    if (f->after_key && numeric) sqlite3_bind_int64(st, 1, strtoll(f->after_key, NULL, 10));
    else if (f->after_key) sqlite3_bind_text(st, 1, f->after_key, -1, SQLITE_STATIC);
    else if (sort == SS_QUANTITY_DESC) sqlite3_bind_int64(st, 1, 1LL << 62);    /* above every quantity */
    else if (numeric) sqlite3_bind_int64(st, 1, -(1LL << 62));                 /* below every quantity */
    else sqlite3_bind_text(st, 1, "", 0, SQLITE_STATIC);   /* ('', 0) is below every (text, id) */
    sqlite3_bind_int64(st, 5, f->after_key ? f->after_id : 0);
    if (f->warehouse && *f->warehouse) sqlite3_bind_text(st, 2, f->warehouse, -1, SQLITE_STATIC);
    if (f->product && *f->product) sqlite3_bind_text(st, 3, f->product, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, f->limit > 0 ? f->limit : 50);
    return db_rows_json(st, rows);
}

void stock_after_row(stock_filter *f, const cJSON *row, char *key, size_t len) {
    if (f->sort == SS_QUANTITY || f->sort == SS_QUANTITY_DESC) {
        snprintf(key, len, "%lld", (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "quantity")));
    } else {
        const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(row, f->sort == SS_WAREHOUSE ? "warehouse" : "product_name"));
        snprintf(key, len, "%s", s ? s : "");
    }
    f->after_key = key;
    f->after_id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(row, "id"));
}

static const char SQL_GET[] =
    "SELECT " STOCK_COLS " FROM stock s JOIN products p ON p.id = s.product_id WHERE s.id = ?1";

cJSON *stock_get(db *d, long long id) {
    sqlite3_stmt *st = db_prepare(d, SQL_GET);
    if (!st) return NULL;
    sqlite3_bind_int64(st, 1, id);
    cJSON *o = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) o = db_row_json(st);
    sqlite3_reset(st);
    return o;
}

static const char SQL_INSERT[] =
    "INSERT INTO stock(product_id, warehouse, location, quantity, note, created_at, updated_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";

long long stock_create(db *d, const stock_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_INSERT);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, f->product_id);
    sqlite3_bind_text(st, 2, f->warehouse, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->location ? f->location : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, f->quantity);
    sqlite3_bind_text(st, 5, f->note ? f->note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("stock insert failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_last_id(d);
}

static const char SQL_EXISTS[] = "SELECT 1 FROM stock WHERE id = ?1";

static const char SQL_UPDATE[] =
    "UPDATE stock SET product_id = ?3, warehouse = ?4, location = ?5, quantity = ?6, note = ?7,"
    " version = version + 1, updated_at = ?8 WHERE id = ?1 AND version = ?2";

int stock_update(db *d, long long id, long long version, const stock_fields *f, long long now) {
    sqlite3_stmt *st = db_prepare(d, SQL_UPDATE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    sqlite3_bind_int64(st, 3, f->product_id);
    sqlite3_bind_text(st, 4, f->warehouse, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, f->location ? f->location : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, f->quantity);
    sqlite3_bind_text(st, 7, f->note ? f->note : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 8, now);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("stock update failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}

static const char SQL_DELETE[] = "DELETE FROM stock WHERE id = ?1 AND version = ?2";

int stock_delete(db *d, long long id, long long version) {
    sqlite3_stmt *st = db_prepare(d, SQL_DELETE);
    if (!st) return STORE_ERROR;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { log_error("stock delete failed: %s", sqlite3_errstr(rc)); return STORE_ERROR; }
    return db_changes(d) == 1 ? STORE_OK : db_why_unchanged(d, SQL_EXISTS, id);
}
