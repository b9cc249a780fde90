/* perm.c — permission codes and role names; see perm.h. */
#include <stddef.h>
#include <string.h>
#include "perm.h"

static const char *const codes[P__COUNT] = {
    [P_NONE] = NULL,
    [P_DASHBOARD_VIEW] = "dashboard.view",
    [P_WORKQUEUE_VIEW] = "workqueue.view",
    [P_USER_MANAGE] = "user.manage",
    [P_ROLE_MANAGE] = "role.manage",
    [P_DICT_MANAGE] = "dict.manage",
    [P_AUDIT_VIEW] = "audit.view",
    [P_RULES_EDIT] = "rules.edit",
    [P_CUSTOMER_VIEW] = "customer.view",
    [P_CUSTOMER_VIEW_ALL] = "customer.view_all",
    [P_CUSTOMER_EDIT] = "customer.edit",
    [P_CUSTOMER_REASSIGN] = "customer.reassign",
    [P_PRODUCT_MANAGE] = "product.manage",
    [P_OPPORTUNITY_CREATE] = "opportunity.create",
    [P_OPPORTUNITY_ASSIGN] = "opportunity.assign",
    [P_SERVICE_CREATE] = "service.create",
    [P_SERVICE_ASSIGN] = "service.assign",
    [P_REPORT_VIEW] = "report.view",
    [P_DATA_IMPORT] = "data.import",
    [P_DATA_EXPORT] = "data.export",
};

const char *const ROLES[] = {"admin", "director", "rep", "executive", NULL};

const char *perm_code(perm p) { return (p > P_NONE && p < P__COUNT) ? codes[p] : NULL; }

perm perm_from_code(const char *code, size_t len) {
    for (int p = 1; p < P__COUNT; p++)
        if (strlen(codes[p]) == len && memcmp(codes[p], code, len) == 0) return (perm)p;
    return P_NONE;
}

permset perm_parse_list(const char *list) {
    permset s = 0;
    if (!list) return 0;
    const char *p = list;
    while (*p) {
        while (*p == ' ') p++;
        const char *e = p;
        while (*e && *e != ' ') e++;
        if (e > p) {
            perm q = perm_from_code(p, (size_t)(e - p));
            if (q != P_NONE) s |= (permset)1 << q;
        }
        p = e;
    }
    return s;
}

bool role_valid(const char *role) {
    for (int i = 0; ROLES[i]; i++)
        if (strcmp(ROLES[i], role) == 0) return true;
    return false;
}
