/* routes.c — THE route table, and matching; see routes.h. */
#include "routes.h"
#include "handlers.h"
#include "h_activities.h"
#include "h_activity_feed.h"
#include "h_contact_dir.h"
#include "h_contacts.h"
#include "h_customers.h"
#include "h_export.h"
#include "h_import.h"
#include "h_orders.h"
#include "h_products.h"
#include "h_retired.h"
#include "h_search.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN R_LOGIN
#define CHANGE (R_LOGIN | R_CSRF)
#define EXPORT (R_LOGIN | R_EXPORT)

const route ROUTES[] = {
    /* method  path                           handler                 flags                 permission */
    {"GET",  "/",                             h_home,                 LOGIN,                P_NONE,          "home"},
    {"GET",  "/health",                       h_health,               R_PUBLIC,             P_NONE,          "health"},
    {"GET",  "/login",                        h_login_form,           R_PUBLIC,             P_NONE,          "login_form"},
    {"POST", "/login",                        h_login,                R_PUBLIC | R_CSRF,    P_NONE,          "login"},
    {"POST", "/logout",                       h_logout,               CHANGE,               P_NONE,          "logout"},
    {"POST", "/lang",                         h_set_lang,             R_PUBLIC | R_CSRF,    P_NONE,          "set_lang"},
    {"GET",  "/account/password",             h_password_form,        LOGIN,                P_NONE,          "password_form"},
    {"POST", "/account/password",             h_password_change,      CHANGE,               P_NONE,          "password_change"},
    {"GET",  "/admin/users",                  h_users_list,           LOGIN,                P_USER_MANAGE,   "users_list"},
    {"GET",  "/admin/users/new",              h_users_new,            LOGIN,                P_USER_MANAGE,   "users_new"},
    {"POST", "/admin/users",                  h_users_create,         CHANGE,               P_USER_MANAGE,   "users_create"},
    {"GET",  "/admin/users/{id}",             h_users_edit,           LOGIN,                P_USER_MANAGE,   "users_edit"},
    {"POST", "/admin/users/{id}",             h_users_update,         CHANGE,               P_USER_MANAGE,   "users_update"},
    {"POST", "/admin/users/{id}/password",    h_users_reset_password, CHANGE,               P_USER_MANAGE,   "users_reset_password"},
    {"POST", "/admin/users/{id}/active",      h_users_set_active,     CHANGE,               P_USER_MANAGE,   "users_set_active"},
    {"GET",  "/admin/roles",                  h_roles_matrix,         LOGIN,                P_ROLE_MANAGE,   "roles_matrix"},
    {"POST", "/admin/roles",                  h_roles_save,           CHANGE,               P_ROLE_MANAGE,   "roles_save"},
    {"GET",  "/admin/dict",                   h_dict_list,            LOGIN,                P_DICT_MANAGE,   "dict_list"},
    {"POST", "/admin/dict",                   h_dict_create,          CHANGE,               P_DICT_MANAGE,   "dict_create"},
    {"GET",  "/admin/dict/{id}",              h_dict_edit,            LOGIN,                P_DICT_MANAGE,   "dict_edit"},
    {"POST", "/admin/dict/{id}",              h_dict_update,          CHANGE,               P_DICT_MANAGE,   "dict_update"},
    {"POST", "/admin/dict/{id}/delete",       h_dict_delete,          CHANGE,               P_DICT_MANAGE,   "dict_delete"},
    {"GET",  "/admin/audit/export.csv",       h_export_audit,         EXPORT,               P_AUDIT_VIEW,    "export_audit"},
    {"GET",  "/admin/audit",                  h_audit_list,           LOGIN,                P_AUDIT_VIEW,    "audit_list"},
    /* 客户信息管理: customers (h_customers.c) */
    {"GET",  "/customers",                    h_customers_list,       LOGIN,                P_CUSTOMER_VIEW, "customers_list"},
    {"GET",  "/customers/new",                h_customers_new,        LOGIN,                P_CUSTOMER_EDIT, "customers_new"},
    {"GET",  "/customers/retired",            h_customers_retired,    LOGIN,                P_CUSTOMER_VIEW, "customers_retired"},
    {"POST", "/customers",                    h_customers_create,     CHANGE,               P_CUSTOMER_EDIT, "customers_create"},
    {"POST", "/customers/reassign",           h_customers_reassign,   CHANGE,               P_CUSTOMER_REASSIGN, "customers_reassign"},
    {"GET",  "/customers/{id}",               h_customers_view,       LOGIN,                P_CUSTOMER_VIEW, "customers_view"},
    {"GET",  "/customers/{id}/edit",          h_customers_edit,       LOGIN,                P_CUSTOMER_EDIT, "customers_edit"},
    {"POST", "/customers/{id}",               h_customers_update,     CHANGE,               P_CUSTOMER_EDIT, "customers_update"},
    {"POST", "/customers/{id}/retire",        h_customers_retire,     CHANGE,               P_CUSTOMER_EDIT, "customers_retire"},
    {"POST", "/customers/{id}/restore",       h_customers_restore,    CHANGE,               P_CUSTOMER_EDIT, "customers_restore"},
    /* contacts, interaction records, orders (h_contacts.c, h_activities.c, h_orders.c) */
    {"GET",  "/customers/{id}/contacts/new",  h_contacts_new,         LOGIN,                P_CUSTOMER_EDIT, "contacts_new"},
    {"POST", "/customers/{id}/contacts",      h_contacts_create,      CHANGE,               P_CUSTOMER_EDIT, "contacts_create"},
    {"GET",  "/contacts",                     h_contact_dir,          LOGIN,                P_CUSTOMER_VIEW, "contact_dir"},
    {"GET",  "/contacts/{id}/edit",           h_contacts_edit,        LOGIN,                P_CUSTOMER_EDIT, "contacts_edit"},
    {"POST", "/contacts/{id}",                h_contacts_update,      CHANGE,               P_CUSTOMER_EDIT, "contacts_update"},
    {"POST", "/contacts/{id}/delete",         h_contacts_delete,      CHANGE,               P_CUSTOMER_EDIT, "contacts_delete"},
    {"GET",  "/customers/{id}/activities",    h_activities_list,      LOGIN,                P_CUSTOMER_VIEW, "activities_list"},
    {"GET",  "/customers/{id}/activities/new", h_activities_new,      LOGIN,                P_CUSTOMER_EDIT, "activities_new"},
    {"POST", "/customers/{id}/activities",    h_activities_create,    CHANGE,               P_CUSTOMER_EDIT, "activities_create"},
    {"GET",  "/activities",                   h_activity_feed,        LOGIN,                P_CUSTOMER_VIEW, "activity_feed"},
    {"GET",  "/activities/{id}/edit",         h_activities_edit,      LOGIN,                P_CUSTOMER_EDIT, "activities_edit"},
    {"POST", "/activities/{id}",              h_activities_update,    CHANGE,               P_CUSTOMER_EDIT, "activities_update"},
    {"POST", "/activities/{id}/delete",       h_activities_delete,    CHANGE,               P_CUSTOMER_EDIT, "activities_delete"},
    {"GET",  "/orders",                       h_orders_list,          LOGIN,                P_CUSTOMER_VIEW, "orders_list"},
    {"GET",  "/customers/{id}/orders/new",    h_orders_new,           LOGIN,                P_CUSTOMER_EDIT, "orders_new"},
    {"POST", "/customers/{id}/orders",        h_orders_create,        CHANGE,               P_CUSTOMER_EDIT, "orders_create"},
    {"GET",  "/orders/{id}",                  h_orders_view,          LOGIN,                P_CUSTOMER_VIEW, "orders_view"},
    {"GET",  "/orders/{id}/edit",             h_orders_edit,          LOGIN,                P_CUSTOMER_EDIT, "orders_edit"},
    {"POST", "/orders/{id}",                  h_orders_update,        CHANGE,               P_CUSTOMER_EDIT, "orders_update"},
    {"POST", "/orders/{id}/delete",           h_orders_delete,        CHANGE,               P_CUSTOMER_EDIT, "orders_delete"},
    /* 基础数据: products and stock (h_products.c) */
    {"GET",  "/products",                     h_products_list,        LOGIN,                P_CUSTOMER_VIEW, "products_list"},
    {"GET",  "/products/new",                 h_products_new,         LOGIN,                P_PRODUCT_MANAGE, "products_new"},
    {"POST", "/products",                     h_products_create,      CHANGE,               P_PRODUCT_MANAGE, "products_create"},
    {"GET",  "/products/{id}/edit",           h_products_edit,        LOGIN,                P_PRODUCT_MANAGE, "products_edit"},
    {"POST", "/products/{id}",                h_products_update,      CHANGE,               P_PRODUCT_MANAGE, "products_update"},
    {"POST", "/products/{id}/retire",         h_products_retire,      CHANGE,               P_PRODUCT_MANAGE, "products_retire"},
    {"GET",  "/stock",                        h_stock_list,           LOGIN,                P_CUSTOMER_VIEW, "stock_list"},
    {"GET",  "/stock/new",                    h_stock_new,            LOGIN,                P_PRODUCT_MANAGE, "stock_new"},
    {"POST", "/stock",                        h_stock_create,         CHANGE,               P_PRODUCT_MANAGE, "stock_create"},
    {"GET",  "/stock/{id}/edit",              h_stock_edit,           LOGIN,                P_PRODUCT_MANAGE, "stock_edit"},
    {"POST", "/stock/{id}",                   h_stock_update,         CHANGE,               P_PRODUCT_MANAGE, "stock_update"},
    {"POST", "/stock/{id}/delete",            h_stock_delete,         CHANGE,               P_PRODUCT_MANAGE, "stock_delete"},
    /* search, import, export (h_search.c, h_import.c, h_export.c) */
    {"GET",  "/search",                       h_search,               LOGIN,                P_CUSTOMER_VIEW, "search"},
    {"GET",  "/import",                       h_import_form,          LOGIN,                P_DATA_IMPORT,   "import_form"},
    {"GET",  "/import/template.csv",          h_import_template,      LOGIN,                P_DATA_IMPORT,   "import_template"},
    {"POST", "/import/upload",                h_import_upload,        CHANGE | R_UPLOAD,    P_DATA_IMPORT,   "import_upload"},
    {"GET",  "/import/preview",               h_import_preview,       LOGIN,                P_DATA_IMPORT,   "import_preview"},
    {"POST", "/import/commit",                h_import_commit,        CHANGE,               P_DATA_IMPORT,   "import_commit"},
    {"GET",  "/import/progress",              h_import_progress,      LOGIN,                P_DATA_IMPORT,   "import_progress"},
    {"GET",  "/import/result",                h_import_result,        LOGIN,                P_DATA_IMPORT,   "import_result"},
    {"POST", "/import/cancel",                h_import_cancel,        CHANGE,               P_DATA_IMPORT,   "import_cancel"},
    {"GET",  "/customers/export.csv",         h_export_customers,     EXPORT,               P_CUSTOMER_VIEW, "export_customers"},
    {"GET",  "/customers/retired/export.csv", h_export_retired,       EXPORT,               P_CUSTOMER_VIEW, "export_retired"},
    {"GET",  "/customers/{id}/activities/export.csv", h_export_activities, EXPORT,          P_CUSTOMER_VIEW, "export_activities"},
    {"GET",  "/activities/export.csv",        h_export_feed,          EXPORT,               P_CUSTOMER_VIEW, "export_feed"},
    {"GET",  "/contacts/export.csv",          h_export_contacts,      EXPORT,               P_CUSTOMER_VIEW, "export_contacts"},
    {"GET",  "/orders/export.csv",            h_export_orders,        EXPORT,               P_CUSTOMER_VIEW, "export_orders"},
    {"GET",  "/products/export.csv",          h_export_products,      EXPORT,               P_CUSTOMER_VIEW, "export_products"},
    {"GET",  "/stock/export.csv",             h_export_stock,         EXPORT,               P_CUSTOMER_VIEW, "export_stock"},
};
const int ROUTE_COUNT = (int)(sizeof ROUTES / sizeof ROUTES[0]);

/* Matches path against a pattern; fills *id for an {id} segment. */
static bool path_matches(const char *pattern, const char *path, long long *id) {
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (strncmp(p, "{id}", 4) == 0) {
            long long v = 0;
            int digits = 0;
            if (*s == '0') return false;
            while (*s >= '0' && *s <= '9' && digits < 16) { v = v * 10 + (*s - '0'); s++; digits++; }
            if (digits == 0 || (*s != '/' && *s != 0)) return false;
            *id = v;
            p += 4;
            continue;
        }
        if (*p != *s) return false;
        p++;
        s++;
    }
    return *p == 0 && *s == 0;
}

const route *route_match(const char *method, const char *path, long long *id, bool *path_known) {
    *path_known = false;
    for (int i = 0; i < ROUTE_COUNT; i++) {
        long long v = 0;
        if (!path_matches(ROUTES[i].path, path, &v)) continue;
        *path_known = true;
        if (strcmp(ROUTES[i].method, method) == 0 ||
            (strcmp(method, "HEAD") == 0 && strcmp(ROUTES[i].method, "GET") == 0)) {
            *id = v;
            return &ROUTES[i];
        }
    }
    return NULL;
}

void routes_dump(void) {
    printf("[\n");
    for (int i = 0; i < ROUTE_COUNT; i++) {
        const route *rt = &ROUTES[i];
        const char *pc = perm_code(rt->permission);
        printf("  {\"name\": \"%s\", \"method\": \"%s\", \"path\": \"%s\", \"login\": %s, \"csrf\": %s,"
               " \"public\": %s, \"permission\": %s%s%s, \"export\": %s}%s\n",
               rt->name, rt->method, rt->path, (rt->flags & R_LOGIN) ? "true" : "false",
               (rt->flags & R_CSRF) ? "true" : "false", (rt->flags & R_PUBLIC) ? "true" : "false",
               pc ? "\"" : "", pc ? pc : "null", pc ? "\"" : "", (rt->flags & R_EXPORT) ? "true" : "false",
               i + 1 < ROUTE_COUNT ? "," : "");
    }
    printf("]\n");
}
