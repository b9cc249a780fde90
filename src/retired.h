/* retired.h — the retired customers (已停用客户), as their page lists them: newest retired first, within the
 * row scope, filtered by text, paged by key. Restoring one is customers_set_retired (customers.h). */
#ifndef CRM_RETIRED_H
#define CRM_RETIRED_H
#include <stdbool.h>
#include <cJSON.h>
#include "db.h"

typedef struct retired_filter {
    long long manager;          /* only this manager's (row scope or a chosen manager); 0 = any */
    const char *q;              /* text in 名称, 客户编号 or 电话 (Latin letters in any case); NULL = any */
    bool after;                 /* keyset: the customers after (before_at, before_id) in the order */
    long long before_at, before_id;
    int limit;
} retired_filter;

/* Appends the filter's page to rows: objects id, no, name, phone, region, level, manager_id, manager_name,
 * retired_at (unix seconds: the customer's updated_at, which nothing changes once it is retired). Returns the
 * count or -1. */
int retired_list(db *d, const retired_filter *f, cJSON *rows);
/* How many match (the keyset aside), counting up to cap. Returns the count or -1. */
long long retired_count(db *d, const retired_filter *f, long long cap);
#endif
