/* scope.h — row scope, decided in one place: a user without customer.view_all (a rep) sees and
 * changes only the customers they manage and what hangs off them (contacts, interaction records,
 * orders, ...). Data modules take the value of scope_manager() and use two SQL variants — one with
 * "AND c.manager_id = ?" and one without — rather than "(? = 0 OR ...)", which would stop SQLite from
 * using the manager index. A record outside the caller's scope is answered exactly like a missing
 * one: 404, never 403, so its existence does not leak. */
#ifndef CRM_SCOPE_H
#define CRM_SCOPE_H
#include "request.h"

/* The manager id rows must belong to for r's user, or 0 when the user sees every customer. */
static inline long long scope_manager(const request *r) {
    return perm_has(r->user.perms, P_CUSTOMER_VIEW_ALL) ? 0 : r->user.id;
}
#endif
