/* routes.c — THE route table, and matching; see routes.h. */
#include "routes.h"
#include "handlers.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOGIN R_LOGIN
#define CHANGE (R_LOGIN | R_CSRF)

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
    {"GET",  "/admin/audit",                  h_audit_list,           LOGIN,                P_AUDIT_VIEW,    "audit_list"},
    /* 客户信息管理: customers (h_customers.c) */
    /* contacts, interaction records, orders (h_contacts.c, h_activities.c, h_orders.c) */
    /* 基础数据: products and stock (h_products.c) */
    /* search, import, export (h_search.c, h_import.c) */
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
               " \"public\": %s, \"permission\": %s%s%s}%s\n",
               rt->name, rt->method, rt->path, (rt->flags & R_LOGIN) ? "true" : "false",
               (rt->flags & R_CSRF) ? "true" : "false", (rt->flags & R_PUBLIC) ? "true" : "false",
               pc ? "\"" : "", pc ? pc : "null", pc ? "\"" : "", i + 1 < ROUTE_COUNT ? "," : "");
    }
    printf("]\n");
}
