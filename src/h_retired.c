/* h_retired.c — 客户信息管理 › 已停用客户: the retired customers a user may see (a rep's own; for whoever
 * sees every customer, all or one 客户经理's), newest retired first, filtered by text, counted up to 1,000
 * and paged by key. Each links its page, where 恢复 brings it back (h_customers_restore). */
#include "dict.h"
#include "h_contacts.h"
#include "h_retired.h"
#include "html.h"
#include "scope.h"
#include "users.h"
#include <string.h>

#define PAGE 50
#define COUNT_CAP 1000

static const field_spec LIST_FIELDS[RF_COUNT] = {
    {"q", F_TEXT, false, 0, 100, NULL},
    {"manager", F_ID, false, 0, 0, NULL},
    /* keyset: the last row's 停用时间 (unix seconds) and id */
    {"before_at", F_INT, false, 0, 0, NULL},
    {"before", F_ID, false, 0, 0, NULL},
};

/* The filters as a query string, each followed by '&' ("" when none). */
static const char *list_query(request *r, const field_value *v, bool view_all) {
    buf b = BUF_INIT;
    if (v[RF_Q].present) { buf_puts(&b, "q="); url_encode(&b, v[RF_Q].text, strlen(v[RF_Q].text)); buf_puts(&b, "&"); }
    if (view_all && v[RF_MANAGER].present) buf_printf(&b, "manager=%lld&", v[RF_MANAGER].i);
    const char *qs = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return qs;
}

size_t retired_query(request *r, field_value *v, retired_filter *f) {
    size_t nerr = request_validate(r, LIST_FIELDS, RF_COUNT, v, true);
    long long scope = scope_manager(r);
    *f = (retired_filter){
        .manager = scope ? scope : v[RF_MANAGER].present ? v[RF_MANAGER].i : 0,
        .q = v[RF_Q].present ? v[RF_Q].text : NULL,
        .after = v[RF_BEFORE_AT].present && v[RF_BEFORE].present,
        .before_at = v[RF_BEFORE_AT].i,
        .before_id = v[RF_BEFORE].i,
        .limit = PAGE + 1,
    };
    return nerr;
}

int h_customers_retired(request *r) {
    r->template_name = "customers_retired";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "retired.title"));
    field_value v[RF_COUNT];
    retired_filter f;
    bool bad = retired_query(r, v, &f) != 0;
    bool view_all = scope_manager(r) == 0;
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    cJSON_AddStringToObject(filter, "q", v[RF_Q].text);
    rec_flag(r->view, "filtered", v[RF_Q].present || (view_all && v[RF_MANAGER].present));
    if (view_all) {
        cJSON_AddTrueToObject(r->view, "view_all");
        long long m = v[RF_MANAGER].present ? v[RF_MANAGER].i : 0;
        rec_manager_choices(r, "managers", m, m);
    }
    cJSON *rows = cJSON_AddArrayToObject(r->view, "customers");
    const char *qs = list_query(r, v, view_all);
    size_t qn = strlen(qs);
    const char *filters = arena_printf(r->a, "%s%.*s", qn ? "?" : "", qn ? (int)qn - 1 : 0, qs);   /* without the last '&' */
    if (!bad && perm_has(r->user.perms, P_DATA_EXPORT))
        cJSON_AddStringToObject(r->view, "export_href", arena_cat(r->a, "/customers/retired/export.csv", filters));
    if (bad) {
        rec_relabel(r, "retired");
        cJSON_AddTrueToObject(r->view, "empty");   /* no list: the errors say what to mend */
        return 400;
    }
    if (retired_list(r->db, &f, rows) < 0) return request_error(r, 500, "err.internal");
    if (!f.after) {   /* counted on the first page only */
        long long n = retired_count(r->db, &f, COUNT_CAP + 1);
        if (n < 0) return request_error(r, 500, "err.internal");
        rec_count_view(r, n, COUNT_CAP);
    } else {
        cJSON_AddTrueToObject(r->view, "paged");
        cJSON_AddStringToObject(r->view, "first_page", arena_cat(r->a, "/customers/retired", filters));
    }
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        const cJSON *last = cJSON_GetArrayItem(rows, PAGE - 1);
        cJSON_AddStringToObject(r->view, "next_page", arena_printf(r->a, "/customers/retired?%sbefore_at=%lld&before=%lld",
                                                                   qs, rec_num(last, "retired_at"), rec_num(last, "id")));
    }
    cJSON *c;
    cJSON_ArrayForEach(c, rows) {
        const char *region = dict_label(r->db, "region", rec_str(c, "region"));
        const char *level = dict_label(r->db, "customer_level", rec_str(c, "level"));
        cJSON_AddStringToObject(c, "region_label", region ? region : rec_str(c, "region"));
        cJSON_AddStringToObject(c, "level_label", level ? level : rec_str(c, "level"));
        cJSON_AddStringToObject(c, "retired_when", request_time(r, rec_num(c, "retired_at")));
    }
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    return 200;
}
