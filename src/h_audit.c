/* h_audit.c — 系统管理 › 操作日志: the audit log, newest first, filtered by user, record type,
 * action and date range, paged by key. */
#include "audit.h"
#include "handlers.h"
#include "users.h"
#include <string.h>

static const char *const RECORD_TYPES[] = {"user", "session", "dict_item", "role_perms", "customer", "contact",
                                           "activity", "order", "product", "stock", "import", NULL};
static const char *const ACTIONS[] = {"create", "update", "delete", "login", "login_failed", "logout",
                                      "password_change", "password_reset", "activate", "deactivate", "retire",
                                      "reassign", "import", NULL};

static const field_spec FIELDS[] = {
    {"user", F_ID, false, 0, 0, NULL},
    {"type", F_ENUM, false, 0, 0, RECORD_TYPES},
    {"action", F_ENUM, false, 0, 0, ACTIONS},
    {"from", F_DATE, false, 0, 0, NULL},
    {"to", F_DATE, false, 0, 0, NULL},
    {"before", F_ID, false, 0, 0, NULL},
    {"record", F_ID, false, 0, 0, NULL},
    {"before_at", F_ID, false, 0, 0, NULL},   /* with a date range: the keyset's time (audit.c) */
};
#define PAGE 50

static void choices(request *r, const char *name, const char *const *codes, const char *prefix, long long sel, bool present) {
    cJSON *arr = cJSON_AddArrayToObject(r->view, name);
    for (int i = 0; codes[i]; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", codes[i]);
        cJSON_AddStringToObject(o, "label", request_t(r, arena_printf(r->a, "%s%s", prefix, codes[i])));
        if (present && sel == i) cJSON_AddTrueToObject(o, "selected");
        cJSON_AddItemToArray(arr, o);
    }
}

int h_audit_list(request *r) {
    field_value v[8];
    r->template_name = "audit";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "audit.title"));
    bool bad = request_validate(r, FIELDS, 8, v, true) != 0;
    choices(r, "types", RECORD_TYPES, "record.", v[1].i, v[1].present && !bad);
    choices(r, "actions", ACTIONS, "action.", v[2].i, v[2].present && !bad);
    cJSON *users = cJSON_AddArrayToObject(r->view, "users");
    users_filter uf = {NULL, NULL, -1, 0, 500};
    users_list(r->db, &uf, users);
    cJSON *u;
    cJSON_ArrayForEach(u, users)
        if (v[0].present && !bad && cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(u, "id")) == (double)v[0].i)
            cJSON_AddTrueToObject(u, "selected");
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    cJSON_AddStringToObject(filter, "from", v[3].text);
    cJSON_AddStringToObject(filter, "to", v[4].text);
    if (bad) return 400;
    audit_filter f = {0};
    f.user_id = v[0].present ? v[0].i : 0;
    f.record_type = v[1].present ? RECORD_TYPES[v[1].i] : NULL;
    f.action = v[2].present ? ACTIONS[v[2].i] : NULL;
    f.from = v[3].present ? local_midnight(v[3].i) : 0;
    f.to = v[4].present ? local_midnight(v[4].i + 1) : 0;
    f.before_id = v[5].present ? v[5].i : 0;
    f.record_id = v[6].present ? v[6].i : 0;
    f.before_at = v[7].present ? v[7].i : 0;
    f.limit = PAGE + 1;
    cJSON *rows = cJSON_AddArrayToObject(r->view, "entries");
    if (audit_list(r->db, &f, rows) < 0) return request_error(r, 500, "err.internal");
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        const cJSON *last_row = cJSON_GetArrayItem(rows, PAGE - 1);
        double last = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(last_row, "id"));
        buf b = BUF_INIT;
        buf_printf(&b, "/admin/audit?before=%.0f", last);
        if (v[3].present || v[4].present)
            buf_printf(&b, "&before_at=%.0f", cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(last_row, "at")));
        if (v[0].present) buf_printf(&b, "&user=%lld", v[0].i);
        if (v[1].present) buf_printf(&b, "&type=%s", RECORD_TYPES[v[1].i]);
        if (v[2].present) buf_printf(&b, "&action=%s", ACTIONS[v[2].i]);
        if (v[3].present) buf_printf(&b, "&from=%s", v[3].text);
        if (v[4].present) buf_printf(&b, "&to=%s", v[4].text);
        if (v[6].present) buf_printf(&b, "&record=%lld", v[6].i);
        cJSON_AddStringToObject(r->view, "next_page", buf_str(&b));
        buf_free(&b);
    }
    cJSON *e;
    cJSON_ArrayForEach(e, rows) {
        double at = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "at"));
        cJSON_AddStringToObject(e, "when", request_time(r, (long long)at));
        const char *a = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "action"));
        const char *t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "record_type"));
        cJSON_AddStringToObject(e, "action_label", request_t_of(r, "action.", a ? a : ""));
        cJSON_AddStringToObject(e, "type_label", request_t_of(r, "record.", t ? t : ""));
    }
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    return 200;
}
