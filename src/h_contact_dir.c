/* h_contact_dir.c — 客户管理 › 联系人: the contacts of every customer a user may see (a rep's own customers';
 * for whoever sees every customer, all or one 客户经理's), by customer 名称 in pinyin order, filtered by the
 * customer's 名称 (its beginning), 地区, 客户等级 and 客户经理, counted up to 1,000 and paged by key. Each
 * contact links its customer and, for who may edit, its edit form, which returns here. */
#include "h_contact_dir.h"
#include "contacts.h"
#include "h_contacts.h"
#include "html.h"
#include "scope.h"
#include <string.h>

#define PAGE 50
#define COUNT_CAP 1000

static const field_spec QUERY_FIELDS[CQ_COUNT] = {
    REC_CUSTOMER_FILTERS,
    {"customer_id", F_ID, false, 0, 0, NULL},
    /* keyset: the last row's customer and contact */
    {"after_customer", F_ID, false, 0, 0, NULL},
    {"after", F_ID, false, 0, 0, NULL},
};

size_t contact_dir_query(request *r, field_value *v, contact_dir_filter *f) {
    size_t nerr = request_validate(r, QUERY_FIELDS, CQ_COUNT, v, true);
    nerr += rec_check_customer_filters(r, v);
    *f = (contact_dir_filter){
        .manager = rec_filter_manager(r, v),
        .customer_id = v[CQ_CUSTOMER_ID].present ? v[CQ_CUSTOMER_ID].i : 0,
        .customer = v[CF_CUSTOMER].present ? v[CF_CUSTOMER].text : NULL,
        .region = v[CF_REGION].present ? v[CF_REGION].text : NULL,
        .level = v[CF_LEVEL].present ? v[CF_LEVEL].text : NULL,
        .after = v[CQ_AFTER_CUSTOMER].present && v[CQ_AFTER].present,
        .after_customer = v[CQ_AFTER_CUSTOMER].i,
        .after_id = v[CQ_AFTER].i,
    };
    return nerr;
}

/* The filters as a query string, each followed by '&' ("" when none). */
static const char *filter_query(request *r, const field_value *v, bool view_all) {
    buf b = BUF_INIT;
    if (v[CQ_CUSTOMER_ID].present) buf_printf(&b, "customer_id=%lld&", v[CQ_CUSTOMER_ID].i);
    rec_customer_filter_query(&b, v, view_all);
    const char *qs = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return qs;
}

/* "共 N 位": how many match, counted up to COUNT_CAP (beyond that: "1,000+"). -1 on failure. */
static int add_count(request *r, const contact_dir_filter *f) {
    long long n = contact_dir_count(r->db, f, COUNT_CAP + 1);
    if (n < 0) return -1;
    rec_count_view(r, n, COUNT_CAP);
    return 0;
}

int h_contact_dir(request *r) {
    r->template_name = "contact_dir";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "contact_dir.title"));
    field_value v[CQ_COUNT];
    contact_dir_filter f;
    bool bad = contact_dir_query(r, v, &f) != 0;
    bool view_all = scope_manager(r) == 0;
    rec_customer_filter_view(r, v, view_all);
    const char *qs = filter_query(r, v, view_all);
    rec_flag(r->view, "filtered", *qs != '\0');
    size_t qn = strlen(qs);
    /* the filters as a URL's query, without the last '&' */
    const char *filters = arena_printf(r->a, "%s%.*s", qn ? "?" : "", qn ? (int)qn - 1 : 0, qs);
    cJSON *rows = cJSON_AddArrayToObject(r->view, "contacts");
    if (bad) {
        rec_relabel(r, "contact_dir");
        cJSON_AddTrueToObject(r->view, "empty");   /* no list: the errors say what to mend */
        return 400;
    }
    if (f.customer_id) {   /* one customer's: as its page shows it, within the row scope (else 404) */
        cJSON *c = contacts_parent(r->db, f.customer_id, scope_manager(r));
        if (!c) return request_error(r, 404, "err.not_found");
        cJSON_AddItemToObject(r->view, "one_customer", c);
    }
    if (perm_has(r->user.perms, P_DATA_EXPORT))   /* one customer's: that customer's export */
        cJSON_AddStringToObject(r->view, "export_href", f.customer_id
            ? arena_printf(r->a, "/contacts/export.csv?customer_id=%lld", f.customer_id)
            : arena_cat(r->a, "/contacts/export.csv", filters));
    f.limit = PAGE + 1;
    if (contact_dir_list(r->db, &f, rows) < 0) return request_error(r, 500, "err.internal");
    if (!f.after && add_count(r, &f) != 0) return request_error(r, 500, "err.internal");   /* first page only */
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        const cJSON *last = cJSON_GetArrayItem(rows, PAGE - 1);
        const char *next = arena_printf(r->a, "/contacts?%safter_customer=%lld&after=%lld", qs,
                                        rec_num(last, "customer_id"), rec_num(last, "id"));
        cJSON_AddStringToObject(r->view, "next_page", next);
    }
    if (f.after) {
        cJSON_AddTrueToObject(r->view, "paged");
        cJSON_AddStringToObject(r->view, "first_page", arena_cat(r->a, "/contacts", filters));
    }
    /* the edit links bring the user back to this page (its filters and page) */
    rec_flag(r->view, "can_edit", perm_has(r->user.perms, P_CUSTOMER_EDIT));
    const char *self = f.after ? arena_printf(r->a, "/contacts?%safter_customer=%lld&after=%lld", qs,
                                              f.after_customer, f.after_id)
                               : arena_cat(r->a, "/contacts", filters);
    buf here = BUF_INIT;
    url_encode(&here, self, strlen(self));
    cJSON_AddStringToObject(r->view, "back_param", buf_str(&here));
    buf_free(&here);
    cJSON *c;
    cJSON_ArrayForEach(c, rows) rec_flag(c, "primary", rec_num(c, "is_primary") == 1);
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    return 200;
}
