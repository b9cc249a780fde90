/* h_search.c — the search page: one box that finds customers (名称, 电话, 客户编号) and contacts (姓名,
 * 手机, 办公电话) by any substring of two or more characters, ranked exact → prefix → shorter text first
 * (see search.h), within the user's row scope, retired customers left out, at most SEARCH_LIMIT results. SQL: search.c. */
#include "h_search.h"
#include "dict.h"
#include "scope.h"
#include "search.h"
#include <string.h>

#define SEARCH_LIMIT 50

static const field_spec FIELDS[] = {
    {"q", F_TEXT, false, 0, 100, NULL},
};

static double num(const cJSON *o, const char *k) { return cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, k)); }
static const char *str(const cJSON *o, const char *k) {
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
    return s ? s : "";
}

/* True when a ranks before b: tier, then score (lower is better: see search.h). */
static bool better(const cJSON *a, const cJSON *b) {
    double ta = num(a, "tier"), tb = num(b, "tier");
    if (ta != tb) return ta < tb;
    return num(a, "score") < num(b, "score");
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
    cJSON *customers = cJSON_CreateArray(), *contacts = cJSON_CreateArray();
    if (search_customers(r->db, &m, scope, SEARCH_LIMIT, customers) < 0 ||
        search_contacts(r->db, &m, scope, SEARCH_LIMIT, contacts) < 0)
        return request_error(r, 500, "err.internal");

    /* merge the two ranked lists, best first, at most SEARCH_LIMIT */
    cJSON *regions = cJSON_CreateArray();
    dict_list(r->db, "region", regions);
    const char *customer_label = request_t(r, "search.customer"), *contact_label = request_t(r, "search.contact");
    int total = cJSON_GetArraySize(customers) + cJSON_GetArraySize(contacts);
    int ci = 0, ki = 0, nc = cJSON_GetArraySize(customers), nk = cJSON_GetArraySize(contacts);
    while (ci + ki < total && cJSON_GetArraySize(results) < SEARCH_LIMIT) {
        cJSON *a = ci < nc ? cJSON_GetArrayItem(customers, ci) : NULL;
        cJSON *b = ki < nk ? cJSON_GetArrayItem(contacts, ki) : NULL;
        bool take_a = a && (!b || !better(b, a));
        cJSON *src = take_a ? a : b;
        cJSON *o = cJSON_CreateObject();
        if (take_a) {
            ci++;
            const char *region = str(src, "region");
            const char *region_label = region;
            cJSON *it;
            cJSON_ArrayForEach(it, regions)
                if (strcmp(str(it, "value"), region) == 0) region_label = str(it, "item");
            cJSON_AddStringToObject(o, "type", "customer");
            cJSON_AddStringToObject(o, "type_label", customer_label);
            cJSON_AddTrueToObject(o, "is_customer");
            cJSON_AddNumberToObject(o, "id", num(src, "id"));
            cJSON_AddNumberToObject(o, "customer_id", num(src, "id"));
            cJSON_AddStringToObject(o, "name", str(src, "name"));
            cJSON_AddStringToObject(o, "no", str(src, "no"));
            cJSON_AddStringToObject(o, "phone", str(src, "phone"));
            cJSON_AddStringToObject(o, "region_label", region_label);
            cJSON_AddStringToObject(o, "manager_name", str(src, "manager_name"));
            cJSON_AddStringToObject(o, "href", arena_printf(r->a, "/customers/%lld", (long long)num(src, "id")));
        } else {
            ki++;
            cJSON_AddStringToObject(o, "type", "contact");
            cJSON_AddStringToObject(o, "type_label", contact_label);
            cJSON_AddFalseToObject(o, "is_customer");
            cJSON_AddNumberToObject(o, "id", num(src, "id"));
            cJSON_AddNumberToObject(o, "customer_id", num(src, "customer_id"));
            cJSON_AddStringToObject(o, "name", str(src, "name"));
            cJSON_AddStringToObject(o, "title", str(src, "title"));
            cJSON_AddStringToObject(o, "mobile", str(src, "mobile"));
            cJSON_AddStringToObject(o, "office_phone", str(src, "office_phone"));
            cJSON_AddStringToObject(o, "customer_name", str(src, "customer_name"));
            cJSON_AddStringToObject(o, "customer_no", str(src, "customer_no"));
            cJSON_AddStringToObject(o, "href", arena_printf(r->a, "/customers/%lld#contacts", (long long)num(src, "customer_id")));
        }
        double tier = num(src, "tier");
        cJSON_AddNumberToObject(o, "tier", tier);
        cJSON_AddBoolToObject(o, "exact", tier == 0);
        cJSON_AddBoolToObject(o, "prefix", tier == 1);
        cJSON_AddItemToArray(results, o);
    }
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
