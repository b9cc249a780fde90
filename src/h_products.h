/* h_products.h — handlers for 基础数据: 产品 (products) and 库存 (stock). */
#ifndef CRM_H_PRODUCTS_H
#define CRM_H_PRODUCTS_H
#include "request.h"

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
