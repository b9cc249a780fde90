/* h_customers.h — handlers of 客户管理 › 客户信息 (h_customers.c): list with filters, sorts and keyset
 * pages, create, view (with contacts, interaction records and orders), edit with version check,
 * retire, and reassigning the manager of one or many customers. */
#ifndef CRM_H_CUSTOMERS_H
#define CRM_H_CUSTOMERS_H
#include "customers.h"
#include "request.h"
#include "validate.h"

/* The customer list's query fields, in this order; its CSV export (h_export.c) reads the same. */
enum { CL_Q, CL_REGION, CL_LEVEL, CL_MANAGER, CL_STATUS, CL_FROM, CL_TO, CL_SORT, CL_AFTER, CL_KEY, CL_COUNT_ALL,
       CL_COUNT };
extern const field_spec CUSTOMER_LIST_FIELDS[CL_COUNT];
/* Where customers_query reads the list's filters: the query string (the list, its export), the posted
 * form (重新分配 posts the filters of the list it was sent from), or nowhere (an unfiltered list). */
typedef enum { LIST_FROM_NONE, LIST_FROM_QUERY, LIST_FROM_FORM } list_source;
/* Reads and checks the customer list's filters from src into v[CL_COUNT], adding what is wrong to r's
 * errors, and fills f with what it asks for within r's row scope: a rep naming another manager gets
 * f->manager -1, which matches no customer. The page fields (after, key) are left to the caller.
 * Returns the error count. */
size_t customers_query(request *r, list_source src, field_value *v, customers_filter *f);

int h_customers_list(request *r);
int h_customers_new(request *r);
int h_customers_create(request *r);
int h_customers_view(request *r);
int h_customers_edit(request *r);
int h_customers_update(request *r);
int h_customers_retire(request *r);
int h_customers_restore(request *r);
int h_customers_reassign(request *r);
#endif
