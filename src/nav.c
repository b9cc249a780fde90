/* nav.c — the menu table and its filtering by permission; see nav.h. */
#include "nav.h"
#include "jsonmem.h"
#include <string.h>

typedef struct nav_item { const char *group; const char *label; const char *href; perm need; } nav_item;

/* Groups appear in this order; an item appears when the user holds its permission. */
static const nav_item ITEMS[] = {
    {"customers.group", "customers.title", "/customers", P_CUSTOMER_VIEW},   /* 客户管理 */
    {"customers.group", "orders.list", "/orders", P_CUSTOMER_VIEW},
    {"customers.group", "feed.title", "/activities", P_CUSTOMER_VIEW},
    {"customers.group", "contact_dir.title", "/contacts", P_CUSTOMER_VIEW},
    {"customers.group", "search.title", "/search", P_CUSTOMER_VIEW},
    {"customers.group", "import.title", "/import", P_DATA_IMPORT},
    {"products.group", "products.title", "/products", P_CUSTOMER_VIEW},   /* 基础数据 */
    {"products.group", "stock.title", "/stock", P_CUSTOMER_VIEW},
    {"nav.group.system", "nav.users", "/admin/users", P_USER_MANAGE},
    {"nav.group.system", "nav.roles", "/admin/roles", P_ROLE_MANAGE},
    {"nav.group.system", "nav.dict", "/admin/dict", P_DICT_MANAGE},
    {"nav.group.system", "nav.audit", "/admin/audit", P_AUDIT_VIEW},
};

cJSON *nav_build(request *r) {
    cJSON *groups = cJSON_CreateArray();
    cJSON *group = NULL, *items = NULL;
    const char *current = NULL;
    for (size_t i = 0; i < sizeof ITEMS / sizeof ITEMS[0]; i++) {
        const nav_item *it = &ITEMS[i];
        if (!perm_has(r->user.perms, it->need)) continue;
        if (!current || strcmp(current, it->group) != 0) {
            group = cJSON_CreateObject();
            json_add_text_ref(group, "label", request_t(r, it->group));   /* catalog texts: borrowed */
            items = cJSON_AddArrayToObject(group, "items");
            cJSON_AddItemToArray(groups, group);
            current = it->group;
        }
        cJSON *o = cJSON_CreateObject();
        json_add_text_ref(o, "label", request_t(r, it->label));
        json_add_text_ref(o, "href", it->href);
        size_t n = strlen(it->href);
        /* false explicitly, or Mustache would find an outer "active" */
        json_add_bool(o, "active", strncmp(r->path, it->href, n) == 0 && (r->path[n] == 0 || r->path[n] == '/'));
        cJSON_AddItemToArray(items, o);
    }
    return groups;
}
