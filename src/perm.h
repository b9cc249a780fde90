/* perm.h — the permission vocabulary and the one check every route goes through.
 * The role × permission matrix is data (table role_perms, edited in 系统管理 › 角色权限);
 * this file only names the permissions and turns a role's list into a bit set. */
#ifndef CRM_PERM_H
#define CRM_PERM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum perm {
    P_NONE = 0,          /* route needs no permission beyond what its flags say */
    P_DASHBOARD_VIEW,    /* home page is the dashboard */
    P_WORKQUEUE_VIEW,    /* home page is the rep's work queue */
    P_USER_MANAGE,
    P_ROLE_MANAGE,
    P_DICT_MANAGE,
    P_AUDIT_VIEW,
    P_RULES_EDIT,
    P_CUSTOMER_VIEW,
    P_CUSTOMER_VIEW_ALL, /* row scope: sees every customer, not only managed ones */
    P_CUSTOMER_EDIT,
    P_CUSTOMER_REASSIGN,
    P_PRODUCT_MANAGE,
    P_OPPORTUNITY_CREATE,
    P_OPPORTUNITY_ASSIGN,
    P_SERVICE_CREATE,
    P_SERVICE_ASSIGN,
    P_REPORT_VIEW,
    P_DATA_IMPORT,
    P_DATA_EXPORT,
    P__COUNT
} perm;

typedef uint64_t permset;

/* Code of a permission as stored in role_perms ("user.manage"); NULL for P_NONE. */
const char *perm_code(perm p);
/* Permission for a code, or P_NONE if unknown. */
perm perm_from_code(const char *code, size_t len);
/* Parses a space-separated list of codes (group_concat output) into a set; unknown codes are ignored. */
permset perm_parse_list(const char *list);
static inline bool perm_has(permset s, perm p) { return p == P_NONE || (s >> p) & 1; }

/* The four roles of DOMAIN.md, in display order. */
extern const char *const ROLES[];
#define ROLE_COUNT 4
bool role_valid(const char *role);
#endif
