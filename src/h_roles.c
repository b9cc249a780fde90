/* h_roles.c — 系统管理 › 角色权限: the role × permission matrix, shown and saved as a whole.
 * An admin cannot take user.manage or role.manage away from the admin role (no lock-out). */
#include "audit.h"
#include "handlers.h"
#include "roles.h"
#include <string.h>

/* A fingerprint of the matrix: the form carries it, and a save against a changed matrix is refused. */
static long long fingerprint(const permset m[ROLE_COUNT]) {
    unsigned long long h = 1469598103934665603ULL;
    for (int i = 0; i < ROLE_COUNT; i++) { h ^= m[i]; h *= 1099511628211ULL; }
    return (long long)(h & ((1ULL << 52) - 1));
}

/* Builds {roles: [...], perms: [{code, label, cells: [{role, checked, name}]}]} from m. */
static void matrix_view(request *r, const permset m[ROLE_COUNT]) {
    r->template_name = "roles";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "roles.title"));
    cJSON_AddNumberToObject(r->view, "version", (double)fingerprint(m));
    cJSON *roles = cJSON_AddArrayToObject(r->view, "roles");
    for (int i = 0; i < ROLE_COUNT; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", ROLES[i]);
        cJSON_AddStringToObject(o, "label", request_t_of(r, "role.", ROLES[i]));
        cJSON_AddItemToArray(roles, o);
    }
    cJSON *perms = cJSON_AddArrayToObject(r->view, "perms");
    for (int p = 1; p < P__COUNT; p++) {
        cJSON *o = cJSON_CreateObject();
        const char *code = perm_code((perm)p);
        cJSON_AddStringToObject(o, "code", code);
        cJSON_AddStringToObject(o, "label", request_t_of(r, "perm.", code));
        cJSON *cells = cJSON_AddArrayToObject(o, "cells");
        for (int i = 0; i < ROLE_COUNT; i++) {
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "name", arena_printf(r->a, "%s:%s", ROLES[i], code));
            cJSON_AddStringToObject(c, "role", ROLES[i]);
            if (perm_has(m[i], (perm)p)) cJSON_AddTrueToObject(c, "checked");
            if (i == 0 && (p == P_USER_MANAGE || p == P_ROLE_MANAGE)) cJSON_AddTrueToObject(c, "locked");
            cJSON_AddItemToArray(cells, c);
        }
        cJSON_AddItemToArray(perms, o);
    }
}

int h_roles_matrix(request *r) {
    permset m[ROLE_COUNT];
    if (roles_load(r->db, m) != 0) return request_error(r, 500, "err.internal");
    matrix_view(r, m);
    return 200;
}

/* The matrix as JSON {role: [codes]} for the audit log. */
static cJSON *matrix_json(const permset m[ROLE_COUNT]) {
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < ROLE_COUNT; i++) {
        cJSON *a = cJSON_AddArrayToObject(o, ROLES[i]);
        for (int p = 1; p < P__COUNT; p++)
            if (perm_has(m[i], (perm)p)) cJSON_AddItemToArray(a, cJSON_CreateString(perm_code((perm)p)));
    }
    return o;
}

int h_roles_save(request *r) {
    /* The form sends one checkbox per granted cell, named "role:perm.code" with value 1.
     * Every name must be a known role and permission; anything else is refused whole. */
    permset m[ROLE_COUNT] = {0}, before[ROLE_COUNT];
    if (roles_load(r->db, before) != 0) return request_error(r, 500, "err.internal");
    for (size_t k = 0; k < r->form.n; k++) {
        const char *key = r->form.items[k].key;
        if (strcmp(key, "_csrf") == 0 || strcmp(key, "version") == 0) continue;
        const char *colon = strchr(key, ':');
        int role = -1;
        if (colon)
            for (int i = 0; i < ROLE_COUNT; i++)
                if (strlen(ROLES[i]) == (size_t)(colon - key) && strncmp(ROLES[i], key, (size_t)(colon - key)) == 0) role = i;
        perm p = colon ? perm_from_code(colon + 1, strlen(colon + 1)) : P_NONE;
        const char *val = r->form.items[k].val;
        if (role < 0 || p == P_NONE || (strcmp(val, "1") != 0 && strcmp(val, "on") != 0)) {
            matrix_view(r, before);
            cJSON_AddStringToObject(r->view, "error", request_t(r, "roles.bad_field"));
            return 422;
        }
        m[role] |= (permset)1 << p;
    }
    m[0] |= ((permset)1 << P_USER_MANAGE) | ((permset)1 << P_ROLE_MANAGE);
    static const field_spec VERSION[] = {{"version", F_INT, true, 0, 1LL << 53, NULL}};
    field_value ver;
    field_error verr[1];
    if (validate_form(r->a, VERSION, 1, &r->form, &ver, verr) != 0 || ver.i != fingerprint(before)) {
        matrix_view(r, before);
        cJSON_AddStringToObject(r->view, "error", request_t(r, "err.stale"));
        return 409;
    }
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    if (roles_save(r->db, m) != 0 ||
        audit_write(r->db, r->now, r->user.id, "role_perms", 0, "update", matrix_json(before), matrix_json(m)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, "/admin/roles", "notice.saved");
    return 303;
}
