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

typedef struct stock_filter {
    const char *product;    /* substring of the product name or model; NULL = any */
    const char *warehouse;  /* NULL = any */
    long long after_id;     /* keyset: ids greater than this */
    int limit;
} stock_filter;

/* Stock rows by id (with product_name, product_model, product_unit). Returns count or -1. */
int stock_list(db *d, const stock_filter *f, cJSON *rows);
/* One row (with product fields) or NULL. */
cJSON *stock_get(db *d, long long id);
long long stock_create(db *d, const stock_fields *f, long long now);
int stock_update(db *d, long long id, long long version, const stock_fields *f, long long now);
int stock_delete(db *d, long long id, long long version);
#endif
