/* h_retired.h — 客户信息管理 › 已停用客户 (h_retired.c): the page, and its query, which its CSV export
 * (h_export.c) reads the same way. */
#ifndef CRM_H_RETIRED_H
#define CRM_H_RETIRED_H
#include "request.h"
#include "retired.h"

int h_customers_retired(request *r);   /* GET /customers/retired?q=&manager=&before_at=&before= */

enum { RF_Q, RF_MANAGER, RF_BEFORE_AT, RF_BEFORE, RF_COUNT };
/* Reads and checks the page's filters and key into v[RF_COUNT] and f (within r's row scope: a manager asked
 * for by a user who sees only their own is ignored). Returns the number of errors. */
size_t retired_query(request *r, field_value *v, retired_filter *f);
#endif
