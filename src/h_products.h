/* h_products.h — handlers for 基础数据: 产品 (products) and 库存 (stock). */
#ifndef CRM_H_PRODUCTS_H
#define CRM_H_PRODUCTS_H
#include "request.h"
#include "validate.h"

/* The list pages' query fields, in this order; the CSV exports (h_export.c) read the same. */
enum { PL_Q, PL_RETIRED, PL_AFTER_KEY, PL_AFTER_ID, PL_SORT, PL_COUNT };
extern const field_spec PRODUCT_LIST_FIELDS[PL_COUNT];
enum { SL_PRODUCT, SL_WAREHOUSE, SL_AFTER, SL_SORT, SL_AFTER_KEY, SL_COUNT };
extern const field_spec STOCK_LIST_FIELDS[SL_COUNT];

int h_products_list(request *r);
int h_products_new(request *r);
int h_products_create(request *r);
int h_products_edit(request *r);
int h_products_update(request *r);
int h_products_retire(request *r);

int h_stock_list(request *r);
int h_stock_new(request *r);
int h_stock_create(request *r);
int h_stock_edit(request *r);
int h_stock_update(request *r);
int h_stock_delete(request *r);
#endif
