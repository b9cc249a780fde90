/* h_users.c — 系统管理 › 用户管理: list, add, edit, reset password, deactivate/reactivate.
 * Users are never deleted (they own records); deactivation ends their sessions. */
#include "app.h"
#include "audit.h"
#include "audit_view.h"
#include "auth.h"
#include "customers.h"
#include "dict.h"
#include "handlers.h"
#include "session.h"
#include "users.h"
#include <string.h>

static const char *const LANGS[] = {"zh-CN", "en", NULL};
static const char *const ACTIVE_FILTER[] = {"", "1", "0", NULL};

/* Adds the pickers every user form needs: roles and regions. */
static void form_choices(request *r, const char *role, const char *region, const char *lang) {
    cJSON *roles = cJSON_AddArrayToObject(r->view, "roles");
    for (int i = 0; ROLES[i]; i++) {
        cJSON *o = cJSON_CreateObject();
        char key[48];
        snprintf(key, sizeof key, "role.%s", ROLES[i]);
        cJSON_AddStringToObject(o, "code", ROLES[i]);
        cJSON_AddStringToObject(o, "label", request_t(r, key));
        if (role && strcmp(role, ROLES[i]) == 0) cJSON_AddTrueToObject(o, "selected");
        cJSON_AddItemToArray(roles, o);
    }
    cJSON *regions = cJSON_AddArrayToObject(r->view, "regions");
    dict_list(r->db, "region", regions);
    cJSON *it;
    cJSON_ArrayForEach(it, regions) {
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "value"));
        if (region && v && strcmp(region, v) == 0) cJSON_AddTrueToObject(it, "selected");
    }
    if (lang && strcmp(lang, "en") == 0) cJSON_AddTrueToObject(r->view, "lang_is_en");
}

/* Adds role_label and region_label to a user object. */
static void decorate(request *r, cJSON *u, cJSON *regions) {
    const char *role = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "role"));
    char key[48];
    snprintf(key, sizeof key, "role.%s", role ? role : "");
    cJSON_AddStringToObject(u, "role_label", request_t(r, key));
    const char *region = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "region"));
    cJSON *it;
    cJSON_ArrayForEach(it, regions) {
        const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "value"));
        if (region && v && strcmp(v, region) == 0)
            cJSON_AddStringToObject(u, "region_label", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "label")));
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "active")) ||
        cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(u, "active")) == 1)
        cJSON_AddTrueToObject(u, "is_active");
    double c = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(u, "created_at"));
    cJSON_AddStringToObject(u, "created", request_time(r, (long long)c));
}

static const field_spec LIST_FIELDS[] = {
    {"q", F_TEXT, false, 0, 50, NULL},
    {"role", F_ENUM, false, 0, 0, ROLES},
    {"active", F_ENUM, false, 0, 0, ACTIVE_FILTER},
    {"after", F_ID, false, 0, 0, NULL},
};

#define PAGE 50

int h_users_list(request *r) {
    field_value v[4];
    r->template_name = "users_list";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "users.title"));
    if (request_validate(r, LIST_FIELDS, 4, v, true)) return 400;
    users_filter f = {v[0].present ? v[0].text : NULL, v[1].present ? ROLES[v[1].i] : NULL,
                      !v[2].present ? -1 : v[2].i == 1 ? 1 : v[2].i == 2 ? 0 : -1, v[3].present ? v[3].i : 0,
                      PAGE + 1};
    cJSON *rows = cJSON_AddArrayToObject(r->view, "users");
    if (users_list(r->db, &f, rows) < 0) return request_error(r, 500, "err.internal");
    int n = cJSON_GetArraySize(rows);
    if (n > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        cJSON *last = cJSON_GetArrayItem(rows, PAGE - 1);
        buf b = BUF_INIT;
        buf_printf(&b, "/admin/users?after=%.0f", cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(last, "id")));
        if (v[0].present) { buf_puts(&b, "&q="); url_encode(&b, v[0].text, strlen(v[0].text)); }
        if (v[1].present) buf_printf(&b, "&role=%s", ROLES[v[1].i]);
        if (v[2].present) buf_printf(&b, "&active=%s", ACTIVE_FILTER[v[2].i]);
        cJSON_AddStringToObject(r->view, "next_page", buf_str(&b));
        buf_free(&b);
    }
    cJSON *regions = cJSON_CreateArray();
    dict_list(r->db, "region", regions);
    cJSON *it;
    cJSON_ArrayForEach(it, rows) decorate(r, it, regions);
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    cJSON_AddStringToObject(filter, "q", v[0].text);
    form_choices(r, v[1].present ? ROLES[v[1].i] : NULL, NULL, NULL);
    if (v[2].present && v[2].i == 1) cJSON_AddTrueToObject(filter, "active_only");
    if (v[2].present && v[2].i == 2) cJSON_AddTrueToObject(filter, "inactive_only");
    if (v[3].present) cJSON_AddTrueToObject(r->view, "paged");
    return 200;
}

int h_users_new(request *r) {
    r->template_name = "user_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "users.new"));
    cJSON_AddTrueToObject(r->view, "is_new");
    cJSON_AddItemToObject(r->view, "user", cJSON_CreateObject());
    form_choices(r, "rep", NULL, "zh-CN");
    return 200;
}

static const field_spec USER_FIELDS[] = {
    {"login", F_TEXT, true, 2, 32, NULL},
    {"name", F_TEXT, true, 1, 50, NULL},
    {"role", F_ENUM, true, 0, 0, ROLES},
    {"region", F_TEXT, false, 0, 50, NULL},
    {"lang", F_ENUM, false, 0, 0, LANGS},
    {"password", F_PASSWORD, true, 8, 128, NULL},   /* create only */
    {"version", F_INT, true, 1, 1LL << 53, NULL},   /* update only */
};

/* Login names: letters, digits, . _ - only (they appear in URLs and logs). */
static bool login_ok(const char *s) {
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '.' ||
              *s == '_' || *s == '-'))
            return false;
    return true;
}


/* Echoes the submitted values back into the form after a refusal. */
static void echo_user(request *r, const field_value *v, bool is_new) {
    cJSON *u = cJSON_AddObjectToObject(r->view, "user");
    cJSON_AddStringToObject(u, "login", v[0].text);
    cJSON_AddStringToObject(u, "name", v[1].text);
    if (!is_new) {
        cJSON_AddNumberToObject(u, "id", (double)r->path_id);
        cJSON_AddNumberToObject(u, "version", (double)v[6].i);
    }
    form_choices(r, v[2].present ? ROLES[v[2].i] : NULL, v[3].text, v[4].present ? LANGS[v[4].i] : "zh-CN");
}

int h_users_create(request *r) {
    field_value v[7];
    r->template_name = "user_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "users.new"));
    cJSON_AddTrueToObject(r->view, "is_new");
    size_t nerr = request_validate(r, USER_FIELDS, 6, v, false);
    if (v[0].present && !login_ok(v[0].text)) { request_add_error(r, "login", "users.login_chars", 0); nerr++; }
    if (v[3].present && !dict_has(r->db, "region", v[3].text)) { request_add_error(r, "region", "err.choice", 0); nerr++; }
    if (nerr) { echo_user(r, v, true); return 422; }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(v[5].text, hash) != 0) return request_error(r, 500, "err.internal");
    user_fields f = {v[0].text, v[1].text, ROLES[v[2].i], v[3].text, v[4].present ? LANGS[v[4].i] : "zh-CN"};
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    long long id = users_create(r->db, &f, hash, r->now);
    if (id == STORE_DUPLICATE) {
        db_rollback(r->db);
        request_add_error(r, "login", "users.login_taken", 0);
        echo_user(r, v, true);
        return 409;
    }
    if (id <= 0 || audit_write(r->db, r->now, r->user.id, "user", id, "create", NULL, users_get(r->db, id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    cJSON_AddNumberToObject(r->view, "id", (double)id);
    request_redirect(r, arena_printf(r->a, "/admin/users/%lld", id), "notice.user_created");
    return 303;
}

/* Fills the edit view for user id; returns 0 or 404. */
static int edit_view(request *r, long long id) {
    cJSON *u = users_get(r->db, id);
    if (!u) return request_error(r, 404, "err.not_found");
    r->template_name = "user_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "users.edit"));
    cJSON *regions = cJSON_CreateArray();
    dict_list(r->db, "region", regions);
    decorate(r, u, regions);
    if (id == r->user.id) cJSON_AddTrueToObject(u, "is_me");
    cJSON_AddItemToObject(r->view, "user", u);
    /* the customers they manage (exact: schema/005's counts), to be given to someone else when they leave
     * (the customer list filtered by them, 分配全部); linked for whoever may see that list */
    customers_filter cf = {0};
    cf.manager = id;
    long long managed = customers_count(r->db, &cf, 1LL << 40, NULL);
    if (managed > 0) {
        cJSON_AddStringToObject(r->view, "customers_text", request_t_n(r, "users.customers_n", managed));
        if (perm_has(r->user.perms, P_CUSTOMER_VIEW) && perm_has(r->user.perms, P_CUSTOMER_VIEW_ALL))
            cJSON_AddStringToObject(r->view, "customers_href", arena_printf(r->a, "/customers?manager=%lld", id));
    }
    /* the interaction records they wrote (客户管理 › 交往记录 by 记录人), for whoever sees every customer's */
    if (perm_has(r->user.perms, P_CUSTOMER_VIEW) && perm_has(r->user.perms, P_CUSTOMER_VIEW_ALL))
        cJSON_AddStringToObject(r->view, "activities_href", arena_printf(r->a, "/activities?user=%lld", id));
    form_choices(r, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "role")),
                 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "region")),
                 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(u, "lang")));
    cJSON *history = cJSON_AddArrayToObject(r->view, "history");
    audit_filter af = {0};
    af.record_type = "user";
    af.record_id = id;
    af.limit = 10;
    audit_list(r->db, &af, history);
    cJSON *h;
    cJSON_ArrayForEach(h, history) {
        double at = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(h, "at"));
        cJSON_AddStringToObject(h, "when", request_time(r, (long long)at));
        const char *action = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, "action"));
        char key[64];
        snprintf(key, sizeof key, "action.%s", action ? action : "");
        cJSON_AddStringToObject(h, "action_label", request_t(r, key));
        if (action && strcmp(action, "update") == 0) audit_view_change(r, h);   /* what changed, as the 操作日志 shows it */
    }
    return 0;
}

int h_users_edit(request *r) {
    int st = edit_view(r, r->path_id);
    return st ? st : 200;
}

int h_users_update(request *r) {
    field_value v[7];
    field_spec specs[6];
    memcpy(specs, USER_FIELDS, sizeof specs[0] * 5);
    specs[5] = USER_FIELDS[6];
    field_value got[6];
    size_t nerr = request_validate(r, specs, 6, got, false);
    memcpy(v, got, sizeof got[0] * 5);
    v[5] = (field_value){0};
    v[6] = got[5];
    if (got[0].present && !login_ok(got[0].text)) { request_add_error(r, "login", "users.login_chars", 0); nerr++; }
    if (got[3].present && !dict_has(r->db, "region", got[3].text)) { request_add_error(r, "region", "err.choice", 0); nerr++; }
    cJSON *before = users_get(r->db, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    r->template_name = "user_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "users.edit"));
    if (nerr) { echo_user(r, v, false); return 422; }
    const char *role = ROLES[v[2].i];
    if (r->path_id == r->user.id && strcmp(role, r->user.role) != 0) {
        request_add_error(r, "role", "users.own_role", 0);
        echo_user(r, v, false);
        return 422;
    }
    user_fields f = {v[0].text, v[1].text, role, v[3].text, v[4].present ? LANGS[v[4].i] : "zh-CN"};
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = users_update(r->db, r->path_id, v[6].i, &f, r->now);
    if (rc == STORE_STALE) {
        db_rollback(r->db);
        /* show what is stored now, and keep what this user typed so nothing is lost */
        cJSON_Delete(r->view);
        r->view = cJSON_CreateObject();
        edit_view(r, r->path_id);
        cJSON *mine = cJSON_AddObjectToObject(r->view, "mine");
        cJSON_AddStringToObject(mine, "login", v[0].text);
        cJSON_AddStringToObject(mine, "name", v[1].text);
        cJSON_AddStringToObject(mine, "role", role);
        cJSON_AddStringToObject(mine, "region", v[3].text);
        cJSON_AddStringToObject(r->view, "conflict", request_t(r, "err.stale"));
        return 409;
    }
    if (rc == STORE_DUPLICATE) {
        db_rollback(r->db);
        request_add_error(r, "login", "users.login_taken", 0);
        echo_user(r, v, false);
        return 409;
    }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK ||
        audit_write(r->db, r->now, r->user.id, "user", r->path_id, "update", before, users_get(r->db, r->path_id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/admin/users/%lld", r->path_id), "notice.saved");
    return 303;
}

static const field_spec RESET_FIELDS[] = {
    {"password", F_PASSWORD, true, 8, 128, NULL},
};

int h_users_reset_password(request *r) {
    field_value v[1];
    if (!users_get(r->db, r->path_id)) return request_error(r, 404, "err.not_found");
    if (request_validate(r, RESET_FIELDS, 1, v, false)) {
        cJSON *keep = cJSON_DetachItemFromObject(r->view, "errors");
        cJSON *list = cJSON_DetachItemFromObject(r->view, "error_list");
        edit_view(r, r->path_id);
        cJSON_AddItemToObject(r->view, "reset_errors", keep);
        cJSON_AddItemToObject(r->view, "error_list", list);
        return 422;
    }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(v[0].text, hash) != 0) return request_error(r, 500, "err.internal");
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    if (users_set_password(r->db, r->path_id, hash, r->now) != STORE_OK ||
        session_delete_user(r->db, r->path_id, r->path_id == r->user.id ? r->user.session_id : 0) != 0 ||
        audit_write(r->db, r->now, r->user.id, "user", r->path_id, "password_reset", NULL, NULL) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/admin/users/%lld", r->path_id), "notice.password_reset");
    return 303;
}

static const field_spec ACTIVE_FIELDS[] = {
    {"active", F_BOOL, false, 0, 0, NULL},
    {"version", F_INT, true, 1, 1LL << 53, NULL},
};

int h_users_set_active(request *r) {
    field_value v[2];
    cJSON *before = users_get(r->db, r->path_id);
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, ACTIVE_FIELDS, 2, v, false)) {
        edit_view(r, r->path_id);
        return 422;
    }
    if (r->path_id == r->user.id && !v[0].i) {
        edit_view(r, r->path_id);
        cJSON_AddStringToObject(r->view, "conflict", request_t(r, "users.own_deactivate"));
        return 422;
    }
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = users_set_active(r->db, r->path_id, v[1].i, v[0].i != 0, r->now);
    if (rc == STORE_STALE) {
        db_rollback(r->db);
        edit_view(r, r->path_id);
        cJSON_AddStringToObject(r->view, "conflict", request_t(r, "err.stale"));
        return 409;
    }
    if (rc != STORE_OK || (!v[0].i && session_delete_user(r->db, r->path_id, 0) != 0) ||
        audit_write(r->db, r->now, r->user.id, "user", r->path_id, v[0].i ? "activate" : "deactivate", before,
                    users_get(r->db, r->path_id)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, arena_printf(r->a, "/admin/users/%lld", r->path_id),
                     v[0].i ? "notice.user_activated" : "notice.user_deactivated");
    return 303;
}
