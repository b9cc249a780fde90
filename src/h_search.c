/* h_search.c — the search page: one box that finds customers (名称, 电话, 客户编号) and contacts (姓名,
 * 手机, 办公电话) by any substring of two or more characters, ranked exact → prefix → shorter text first
 * (see search.h), within the user's row scope, retired customers left out, at most SEARCH_LIMIT results. SQL: search.c. */
#include "h_search.h"
#include "dict.h"
#include "jsonmem.h"
#include "users.h"
#include "scope.h"
#include "search.h"
#include <string.h>

#define SEARCH_LIMIT 50

static const field_spec FIELDS[] = {
    {"q", F_TEXT, false, 0, 100, NULL},
};

/* True when a ranks before b: tier, then score (lower is better: see search.h). */
static bool better(const search_hit *a, const search_hit *b) {
    if (a->tier != b->tier) return a->tier < b->tier;
    return a->score < b->score;
}

/* One result object: members shared by customers and contacts, texts referenced (they live in the
 * request arena or the worker's catalog and dictionary cache, which outlive the view). */
static cJSON *result(request *r, const search_hit *h, bool customer, const char *type_label) {
    cJSON *o = cJSON_CreateObject();
    json_add_text_ref(o, "type", customer ? "customer" : "contact");
    json_add_text_ref(o, "type_label", type_label);
    json_add_bool(o, "is_customer", customer);
    json_add_number(o, "id", (double)h->id);
    json_add_number(o, "customer_id", (double)h->customer_id);
    json_add_text_ref(o, "name", h->name);
    if (customer) {
        const char *region_label = dict_label(r->db, "region", h->region);
        json_add_text_ref(o, "no", h->no);
        json_add_text_ref(o, "phone", h->phone);
        json_add_text_ref(o, "region_label", region_label ? region_label : h->region);
        json_add_text_ref(o, "manager_name", users_name(r->db, r->a, h->manager_id));
        json_add_text_ref(o, "href", arena_cat(r->a, "/customers/", arena_lld(r->a, h->id)));
    } else {
        json_add_text_ref(o, "title", h->title);
        json_add_text_ref(o, "mobile", h->mobile);
        json_add_text_ref(o, "office_phone", h->office_phone);
        json_add_text_ref(o, "customer_name", h->customer_name);
        json_add_text_ref(o, "customer_no", h->customer_no);
        json_add_text_ref(o, "href", arena_cat(r->a, "/customers/", arena_lld(r->a, h->customer_id), "#contacts"));
    }
    json_add_number(o, "tier", h->tier);
    json_add_bool(o, "exact", h->tier == 0);
    json_add_bool(o, "prefix", h->tier == 1);
    return o;
}

int h_search(request *r) {
    field_value v[1];
    r->template_name = "search";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "search.title"));
    cJSON *results = cJSON_AddArrayToObject(r->view, "results");
    if (request_validate(r, FIELDS, 1, v, true)) {
        cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r->view, "error_list"))
            cJSON_ReplaceItemInObject(e, "label", cJSON_CreateString(request_t(r, "search.query")));
        return 400;
    }
    cJSON_AddStringToObject(r->view, "q", v[0].text);
    search_match m;
    int st = search_build(r->a, v[0].text, &m);
    if (st == SEARCH_EMPTY) {
        cJSON_AddTrueToObject(r->view, "blank");
        cJSON_AddStringToObject(r->view, "message", request_t(r, "search.hint"));
        return 200;
    }
    if (st == SEARCH_TOO_SHORT) {
        cJSON_AddTrueToObject(r->view, "too_short");
        cJSON_AddStringToObject(r->view, "message", request_t(r, "search.too_short"));
        return 200;
    }
    long long scope = scope_manager(r);
    search_hit *customers, *contacts;
    int nc = search_customers(r->db, r->a, &m, scope, SEARCH_LIMIT, &customers);
    int nk = nc < 0 ? -1 : search_contacts(r->db, r->a, &m, scope, SEARCH_LIMIT, &contacts);
    if (nc < 0 || nk < 0) return request_error(r, 500, "err.internal");

    /* merge the two ranked lists, best first, at most SEARCH_LIMIT */
    const char *customer_label = request_t(r, "search.customer"), *contact_label = request_t(r, "search.contact");
    int ci = 0, ki = 0;
    while (ci + ki < nc + nk && ci + ki < SEARCH_LIMIT) {
        bool take_customer = ci < nc && (ki >= nk || !better(&contacts[ki], &customers[ci]));
        cJSON_AddItemToArray(results, take_customer ? result(r, &customers[ci++], true, customer_label)
                                                    : result(r, &contacts[ki++], false, contact_label));
    }
    int total = nc + nk;
    int n = cJSON_GetArraySize(results);
    cJSON_AddNumberToObject(r->view, "count", n);
    cJSON_AddBoolToObject(r->view, "has_results", n > 0);
    if (n == 0) {
        cJSON_AddTrueToObject(r->view, "none");
        cJSON_AddStringToObject(r->view, "message", request_t(r, "search.none"));
    }
    if (total > n || nc == SEARCH_LIMIT || nk == SEARCH_LIMIT) cJSON_AddTrueToObject(r->view, "more");
    return 200;
}
