/* h_orders.h — handlers for 历史订单 (orders with lines) and the order list. */
#ifndef CRM_H_ORDERS_H
#define CRM_H_ORDERS_H
#include "request.h"

int h_orders_list(request *r);
int h_orders_new(request *r);
int h_orders_create(request *r);
int h_orders_view(request *r);
int h_orders_edit(request *r);
int h_orders_update(request *r);
int h_orders_delete(request *r);
#endif
