/* h_audit.c — 系统管理 › 操作日志: the audit log, newest first, filtered by user, record type,
 * action and date range, paged by key. */
#include "audit.h"
#include "audit_view.h"
#include "handlers.h"
#include "users.h"
#include <string.h>

static const char *const RECORD_TYPES[] = {"user", "session", "dict_item", "role_perms", "customer", "contact",
                                           "activity", "order", "product", "stock", "import", NULL};
static const char *const ACTIONS[] = {"create", "update", "delete", "login", "login_failed", "logout",
                                      "password_change", "password_reset", "activate", "deactivate", "retire",
                                      "restore", "reassign", "import", NULL};

static const field_spec FIELDS[AQ_COUNT] = {
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

size_t audit_query(request *r, field_value *v, audit_filter *f) {
    size_t nerr = request_validate(r, FIELDS, AQ_COUNT, v, true);
    nerr += request_check_range(r, &v[AQ_FROM], &v[AQ_TO]);
    memset(f, 0, sizeof *f);
    f->user_id = v[AQ_USER].present ? v[AQ_USER].i : 0;
    f->record_type = v[AQ_TYPE].present ? RECORD_TYPES[v[AQ_TYPE].i] : NULL;
    f->action = v[AQ_ACTION].present ? ACTIONS[v[AQ_ACTION].i] : NULL;
    f->from = v[AQ_FROM].present ? local_midnight(v[AQ_FROM].i) : 0;
    f->to = v[AQ_TO].present ? local_midnight(v[AQ_TO].i + 1) : 0;
    f->before_id = v[AQ_BEFORE].present ? v[AQ_BEFORE].i : 0;
    f->record_id = v[AQ_RECORD].present ? v[AQ_RECORD].i : 0;
    f->before_at = v[AQ_BEFORE_AT].present ? v[AQ_BEFORE_AT].i : 0;
    return nerr;
}

/* An entry's time and labels as the page shows them. */
static void entry_labels(request *r, cJSON *e) {
    double at = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "at"));
    cJSON_AddStringToObject(e, "when", request_time(r, (long long)at));
    const char *a = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "action"));
    const char *t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "record_type"));
    cJSON_AddStringToObject(e, "action_label", request_t_of(r, "action.", a ? a : ""));
    cJSON_AddStringToObject(e, "type_label", request_t_of(r, "record.", t ? t : ""));
    audit_view_change(r, e);
    /* the record's page, while there is one */
    static const char *const PAGES[][2] = {
        {"customer", "/customers/%lld"},   {"order", "/orders/%lld"},           {"contact", "/contacts/%lld/edit"},
        {"activity", "/activities/%lld/edit"}, {"product", "/products/%lld/edit"}, {"stock", "/stock/%lld/edit"},
        {"user", "/admin/users/%lld"},     {"dict_item", "/admin/dict/%lld"},
    };
    long long id = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(e, "record_id"));
    for (size_t i = 0; t && a && id > 0 && strcmp(a, "delete") != 0 && i < sizeof PAGES / sizeof PAGES[0]; i++)
        if (strcmp(t, PAGES[i][0]) == 0) cJSON_AddStringToObject(e, "record_href", arena_printf(r->a, PAGES[i][1], id));
}

int h_audit_list(request *r) {
    field_value v[AQ_COUNT];
    r->template_name = "audit";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "audit.title"));
    audit_filter f;
    bool bad = audit_query(r, v, &f) != 0;
    choices(r, "types", RECORD_TYPES, "record.", v[AQ_TYPE].i, v[AQ_TYPE].present && !bad);
    choices(r, "actions", ACTIONS, "action.", v[AQ_ACTION].i, v[AQ_ACTION].present && !bad);
    cJSON *users = cJSON_AddArrayToObject(r->view, "users");
    users_filter uf = {NULL, NULL, -1, 0, 500};
    users_list(r->db, &uf, users);
    cJSON *u;
    cJSON_ArrayForEach(u, users)
        if (v[AQ_USER].present && !bad && cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(u, "id")) == (double)v[AQ_USER].i)
            cJSON_AddTrueToObject(u, "selected");
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    cJSON_AddStringToObject(filter, "from", v[AQ_FROM].text);
    cJSON_AddStringToObject(filter, "to", v[AQ_TO].text);
    if (bad) {
        cJSON_AddTrueToObject(r->view, "empty");   /* no table: the errors say what to mend */
        return 400;
    }
    /* the filters (without the page) for the next page's link and the export */
    buf q = BUF_INIT;
    if (v[AQ_USER].present) buf_printf(&q, "&user=%lld", v[AQ_USER].i);
    if (v[AQ_TYPE].present) buf_printf(&q, "&type=%s", RECORD_TYPES[v[AQ_TYPE].i]);
    if (v[AQ_ACTION].present) buf_printf(&q, "&action=%s", ACTIONS[v[AQ_ACTION].i]);
    if (v[AQ_FROM].present) buf_printf(&q, "&from=%s", v[AQ_FROM].text);
    if (v[AQ_TO].present) buf_printf(&q, "&to=%s", v[AQ_TO].text);
    if (v[AQ_RECORD].present) buf_printf(&q, "&record=%lld", v[AQ_RECORD].i);
    if (perm_has(r->user.perms, P_DATA_EXPORT))   /* the same filters as this page (h_export.c) */
        cJSON_AddStringToObject(r->view, "export_href",
                                arena_printf(r->a, "/admin/audit/export.csv%s%s", q.len ? "?" : "", q.len ? buf_str(&q) + 1 : ""));
    f.limit = PAGE + 1;
    cJSON *rows = cJSON_AddArrayToObject(r->view, "entries");
    if (audit_list(r->db, &f, rows) < 0) {
        buf_free(&q);
        return request_error(r, 500, "err.internal");
    }
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        const cJSON *last_row = cJSON_GetArrayItem(rows, PAGE - 1);
        double last = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(last_row, "id"));
        buf b = BUF_INIT;
        buf_printf(&b, "/admin/audit?before=%.0f", last);
        if (v[AQ_FROM].present || v[AQ_TO].present)
            buf_printf(&b, "&before_at=%.0f", cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(last_row, "at")));
        buf_puts(&b, buf_str(&q));
        cJSON_AddStringToObject(r->view, "next_page", buf_str(&b));
        buf_free(&b);
    }
    buf_free(&q);
    cJSON *e;
    cJSON_ArrayForEach(e, rows) entry_labels(r, e);
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    return 200;
}
