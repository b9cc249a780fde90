/* h_customers.h — handlers of 客户管理 › 客户信息 (h_customers.c): list with filters, sorts and keyset
 * pages, create, view (with contacts, interaction records and orders), edit with version check,
 * retire, and reassigning the manager of one or many customers. */
#ifndef CRM_H_CUSTOMERS_H
#define CRM_H_CUSTOMERS_H
#include "request.h"

int h_customers_list(request *r);
int h_customers_new(request *r);
int h_customers_create(request *r);
int h_customers_view(request *r);
int h_customers_edit(request *r);
int h_customers_update(request *r);
int h_customers_retire(request *r);
int h_customers_reassign(request *r);
#endif
