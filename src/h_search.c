/* h_search.c — the search page: one box that finds customers (名称, 电话, 客户编号) and contacts (姓名,
 * 手机, 办公电话) by any substring of two or more characters, ranked exact → prefix → shorter text first
 * (see search.h), within the user's row scope, retired customers left out, SEARCH_PAGE results a page
 * (?page=2 ... SEARCH_PAGES: the next ones of the same ranking). SQL: search.c. */
#include "h_search.h"
#include "dict.h"
#include "jsonmem.h"
#include "users.h"
#include "scope.h"
#include "search.h"
#include "highlight.h"
#include "html.h"
#include <string.h>

/* A page shows the 20 best results, as search pages commonly do; the next pages show the rest of the
 * same ranking, as far as a query ranks candidates (SEARCH_PAGE × SEARCH_PAGES = SEARCH_CANDIDATES).
 * A page of 20 rather than one of 50 also costs less to build and send: for 科技 951,599 -> 784,657
 * instructions a search, for 张伟 1,221,809 -> 905,261 (scripts/profile-page.sh on the bench database). */
#define SEARCH_PAGE 20
#define SEARCH_PAGES 5

enum { F_Q, F_PAGE };
static const field_spec FIELDS[] = {
    {"q", F_TEXT, false, 0, 100, NULL},
    {"page", F_INT, false, 1, SEARCH_PAGES, NULL},
};

/* True when a ranks before b: tier, then score (lower is better: see search.h). */
static bool better(const search_hit *a, const search_hit *b) {
    if (a->tier != b->tier) return a->tier < b->tier;
    return a->score < b->score;
}

/* text as HTML, escaped by html.c as the pages' every text is, with the query's terms in <mark>
 * (html_marked): the page writes it as it is ({{{name_marked}}}). One string rather than a list of pieces
 * for Mustache to walk, which cost the search 12-18% more instructions (科技 772,201 -> 914,733 a search;
 * as a string 798,108, scripts/profile-page.sh on the bench database). */
static void add_marked(request *r, cJSON *o, const char *name, const hl_terms *terms, const char *text, bool phone) {
    if (!text) text = "";
    hl_piece p[16];
    int n = hl_pieces(terms, text, phone, p, 16);
    static buf b = BUF_INIT;   /* the worker's, emptied for each text: no allocation once grown */
    buf_clear(&b);
    html_marked(&b, text, p, n);
    json_add_text_ref(o, name, b.len ? arena_strndup(r->a, b.data, b.len) : "");
}

/* One result object: members shared by customers and contacts, texts referenced (they live in the
 * request arena or the worker's catalog and dictionary cache, which outlive the view); the texts a
 * search looks in come also as HTML with the query's terms marked (*_marked). */
static cJSON *result(request *r, const search_hit *h, bool customer, const char *type_label, const hl_terms *terms) {
    cJSON *o = cJSON_CreateObject();
    json_add_text_ref(o, "type", customer ? "customer" : "contact");
    json_add_text_ref(o, "type_label", type_label);
    json_add_bool(o, "is_customer", customer);
    json_add_number(o, "id", (double)h->id);
    json_add_number(o, "customer_id", (double)h->customer_id);
    json_add_text_ref(o, "name", h->name);
    add_marked(r, o, "name_marked", terms, h->name, false);
    if (customer) {
        add_marked(r, o, "no_marked", terms, h->no, false);
        add_marked(r, o, "phone_marked", terms, h->phone, true);
        const char *region_label = dict_label(r->db, "region", h->region);
        json_add_text_ref(o, "no", h->no);
        json_add_text_ref(o, "phone", h->phone);
        json_add_text_ref(o, "region_label", region_label ? region_label : h->region);
        json_add_text_ref(o, "manager_name", users_name(r->db, r->a, h->manager_id));
        json_add_text_ref(o, "href", arena_cat(r->a, "/customers/", arena_lld(r->a, h->id)));
    } else {
        add_marked(r, o, "mobile_marked", terms, h->mobile, true);
        add_marked(r, o, "office_phone_marked", terms, h->office_phone, true);
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

/* The search page's link for page p of query q. */
static const char *page_href(request *r, const char *q, int p) {
    buf b = BUF_INIT;
    buf_puts(&b, "/search?q=");
    url_encode(&b, q, strlen(q));
    if (p > 1) buf_printf(&b, "&page=%d", p);
    const char *href = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return href;
}

int h_search(request *r) {
    field_value v[2];
    r->template_name = "search";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "search.title"));
    cJSON *results = cJSON_AddArrayToObject(r->view, "results");
    if (request_validate(r, FIELDS, 2, v, true)) {
        cJSON *e;
        cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r->view, "error_list")) {
            const cJSON *field = cJSON_GetObjectItemCaseSensitive(e, "field");
            bool page_field = cJSON_IsString(field) && strcmp(field->valuestring, "page") == 0;
            cJSON_ReplaceItemInObject(e, "label", cJSON_CreateString(request_t(r, page_field ? "search.page" : "search.query")));
        }
        return 400;
    }
    cJSON_AddStringToObject(r->view, "q", v[F_Q].text);
    search_match m;
    int st = search_build(r->a, v[F_Q].text, &m);
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
    int page = v[F_PAGE].present ? (int)v[F_PAGE].i : 1;
    int skip = (page - 1) * SEARCH_PAGE, end = skip + SEARCH_PAGE;
    /* one more than this page's end from each list, to know whether a next page holds anything */
    long long scope = scope_manager(r);
    search_hit *customers, *contacts;
    int nc = search_customers(r->db, r->a, &m, scope, end + 1, &customers);
    int nk = nc < 0 ? -1 : search_contacts(r->db, r->a, &m, scope, end + 1, &contacts);
    if (nc < 0 || nk < 0) return request_error(r, 500, "err.internal");

    /* merge the two ranked lists, best first, and show places skip + 1 .. end */
    const char *customer_label = request_t(r, "search.customer"), *contact_label = request_t(r, "search.contact");
    hl_terms terms;
    hl_terms_of(v[F_Q].text, &terms);
    int ci = 0, ki = 0;
    while (ci + ki < nc + nk && ci + ki < end) {
        bool take_customer = ci < nc && (ki >= nk || !better(&contacts[ki], &customers[ci]));
        const search_hit *h = take_customer ? &customers[ci++] : &contacts[ki++];
        if (ci + ki > skip)
            cJSON_AddItemToArray(results, result(r, h, take_customer, take_customer ? customer_label : contact_label, &terms));
    }
    int n = cJSON_GetArraySize(results);
    bool more = nc + nk > end;
    cJSON_AddNumberToObject(r->view, "count", n);
    if (n == 1) cJSON_AddTrueToObject(r->view, "count_one");   /* English says "1 result" */
    cJSON_AddNumberToObject(r->view, "page", page);
    cJSON_AddBoolToObject(r->view, "has_results", n > 0);
    if (n > 0) {
        cJSON_AddNumberToObject(r->view, "from", skip + 1);
        cJSON_AddNumberToObject(r->view, "to", skip + n);
    } else {
        cJSON_AddTrueToObject(r->view, "none");
        cJSON_AddStringToObject(r->view, "message", request_t(r, page > 1 ? "search.no_more" : "search.none"));
    }
    cJSON_AddBoolToObject(r->view, "paged", page > 1 || more);
    if (page > 1) {
        cJSON_AddStringToObject(r->view, "first_page", page_href(r, v[F_Q].text, 1));
        cJSON_AddStringToObject(r->view, "prev_page", page_href(r, v[F_Q].text, page - 1));
    }
    if (more && page < SEARCH_PAGES) cJSON_AddStringToObject(r->view, "next_page", page_href(r, v[F_Q].text, page + 1));
    /* past the last page the ranking stops: more matches may exist than a query ranks */
    if (more && page == SEARCH_PAGES) cJSON_AddTrueToObject(r->view, "more");
    return 200;
}
