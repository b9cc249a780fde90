/* stock.h — 基础数据 › 库存: how many pieces (件数) of a product lie in which 仓库 (dict 'warehouse')
 * and 货位. */
#ifndef CRM_STOCK_H
#define CRM_STOCK_H
#include <cJSON.h>
#include "db.h"
#include "store.h"

typedef struct stock_fields {
    long long product_id;
    const char *warehouse, *location, *note;
    long long quantity;
} stock_fields;

/* List orders, as the sort=... query value names them (STOCK_SORTS[i]). */
enum stock_sort { SS_PRODUCT, SS_WAREHOUSE, SS_QUANTITY, SS_QUANTITY_DESC, SS__COUNT };
extern const char *const STOCK_SORTS[];   /* "product", "warehouse", "quantity", "-quantity", NULL */

typedef struct stock_filter {
    const char *product;    /* substring of the product name or model; NULL = any */
    const char *warehouse;  /* NULL = any */
    int sort;               /* enum stock_sort */
    const char *after_key;  /* keyset: the sort column's value of the last row shown; NULL = first page */
    long long after_id;
    int limit;
} stock_filter;

/* Stock rows in the chosen order, ties by id (with product_name, product_model, product_unit). For the
 * quantity sorts after_key is the quantity as text. Returns count or -1. */
int stock_list(db *d, const stock_filter *f, cJSON *rows);
/* Moves f's keyset past row, the last row stock_list returned in f's order, so the next call reads the
 * page after it; the key's text is written to key (len bytes, PRODUCTS_KEY_MAX: a product name, a
 * warehouse code or a quantity). */
void stock_after_row(stock_filter *f, const cJSON *row, char *key, size_t len);
/* One row (with product fields) or NULL. */
cJSON *stock_get(db *d, long long id);
long long stock_create(db *d, const stock_fields *f, long long now);
int stock_update(db *d, long long id, long long version, const stock_fields *f, long long now);
int stock_delete(db *d, long long id, long long version);
#endif
