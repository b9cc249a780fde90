/* h_activity_feed.c — 客户管理 › 交往记录: the interaction records of every customer a user may see (a rep's
 * own customers'; for whoever sees every customer, all or one 客户经理's), newest or oldest first, filtered by the
 * customer's 名称 (its beginning), 地区 and 客户等级, by 记录人 and by date, counted up to 1,000 and paged by key.
 * Each record links its customer and, for who may edit, its edit form, which returns here. */
#include "h_activity_feed.h"
#include "h_contacts.h"
#include "html.h"
#include "scope.h"
#include <string.h>

#define PAGE 50
#define COUNT_CAP 1000
#define DETAIL_MAX 180   /* bytes of 详细信息 a row shows (the record's form shows it whole) */

static const field_spec QUERY_FIELDS[FQ_COUNT] = {
    REC_CUSTOMER_FILTERS,
    {"user", F_ID, false, 0, 0, NULL},          /* 记录人 */
    ACTIVITY_TIME_FIELDS,
};

size_t feed_query(request *r, field_value *v, feed_filter *f) {
    size_t nerr = request_validate(r, QUERY_FIELDS, FQ_COUNT, v, true);
    nerr += request_check_range(r, &v[FQ_FROM], &v[FQ_TO]);
    nerr += rec_check_customer_filters(r, v);
    activity_time t = activity_time_read(&v[FQ_FROM]);
    *f = (feed_filter){
        .manager = rec_filter_manager(r, v),
        .customer = v[CF_CUSTOMER].present ? v[CF_CUSTOMER].text : NULL,
        .region = v[CF_REGION].present ? v[CF_REGION].text : NULL,
        .level = v[CF_LEVEL].present ? v[CF_LEVEL].text : NULL,
        .user_id = v[FQ_USER].present ? v[FQ_USER].i : 0,
        .from = t.from,
        .to = t.to,
        .oldest_first = t.oldest_first,
        .after = t.after,
        .key_at = t.key_at,
        .key_id = t.key_id,
    };
    return nerr;
}

/* The filters as a query string, each followed by '&' ("" when none). */
static const char *filter_query(request *r, const field_value *v, bool view_all) {
    buf b = BUF_INIT;
    rec_customer_filter_query(&b, v, view_all);
    if (v[FQ_USER].present) buf_printf(&b, "user=%lld&", v[FQ_USER].i);
    if (v[FQ_FROM].present) buf_printf(&b, "from=%s&", v[FQ_FROM].text);
    if (v[FQ_TO].present) buf_printf(&b, "to=%s&", v[FQ_TO].text);
    const char *qs = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return qs;
}

/* qs (parameters each followed by '&', or "") as a URL's query: "?a=1&b=2", or "" */
static const char *query(request *r, const char *qs) {
    size_t n = strlen(qs);
    return n ? arena_printf(r->a, "?%.*s", (int)n - 1, qs) : "";
}

static const char *list_link(request *r, const char *qs) { return arena_cat(r->a, "/activities", query(r, qs)); }

/* The sort <select> and the 时间 header: its link reverses the order (keeping the filters, dropping the
 * page), its aria-sort and arrow say the order shown. filters: filter_query's. */
static void sort_view(request *r, const char *filters, bool oldest) {
    cJSON_AddItemToObject(r->view, "sorts", rec_sort_choices(r, "activities", ACTIVITY_SORTS, oldest));
    const char *reversed = oldest ? filters : arena_cat(r->a, filters, "sort=at&");
    cJSON_AddStringToObject(r->view, "sort_link", list_link(r, reversed));
    cJSON_AddStringToObject(r->view, "sort_aria", oldest ? "ascending" : "descending");
    cJSON_AddStringToObject(r->view, "sort_arrow", oldest ? "↑" : "↓");
}

/* s cut to DETAIL_MAX bytes at a character's start, with "…" when cut. */
static const char *clip(request *r, const char *s) {
    size_t n = strlen(s);
    if (n <= DETAIL_MAX) return s;
    n = DETAIL_MAX;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return arena_cat(r->a, arena_strndup(r->a, s, n), "…");
}

/* "共 N 条": how many match, counted up to COUNT_CAP (beyond that: "1,000+"). -1 on failure. */
static int add_count(request *r, const feed_filter *f) {
    long long n = feed_count(r->db, f, COUNT_CAP + 1);
    if (n < 0) return -1;
    rec_count_view(r, n, COUNT_CAP);
    return 0;
}

int h_activity_feed(request *r) {
    r->template_name = "activity_feed";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "feed.title"));
    field_value v[FQ_COUNT];
    feed_filter f;
    bool bad = feed_query(r, v, &f) != 0;
    bool view_all = scope_manager(r) == 0;
    rec_customer_filter_view(r, v, view_all);   /* and the 记录人 picker, a deactivated one chosen kept, marked */
    long long u = v[FQ_USER].present ? v[FQ_USER].i : 0;
    rec_manager_choices(r, "users", u, u);
    cJSON *filter = cJSON_GetObjectItem(r->view, "filter");
    cJSON_AddStringToObject(filter, "from", v[FQ_FROM].text);
    cJSON_AddStringToObject(filter, "to", v[FQ_TO].text);
    const char *filters = filter_query(r, v, view_all);
    rec_flag(r->view, "filtered", *filters != '\0');
    sort_view(r, filters, f.oldest_first);
    const char *qs = f.oldest_first ? arena_cat(r->a, filters, "sort=at&") : filters;   /* the filters and the order */
    cJSON *rows = cJSON_AddArrayToObject(r->view, "activities");
    if (bad) {
        rec_relabel(r, "feed");
        cJSON_AddTrueToObject(r->view, "empty");   /* no list: the errors say what to mend */
        return 400;
    }
    if (perm_has(r->user.perms, P_DATA_EXPORT))
        cJSON_AddStringToObject(r->view, "export_href", arena_cat(r->a, "/activities/export.csv", query(r, qs)));
    f.limit = PAGE + 1;
    if (feed_list(r->db, &f, rows) < 0) return request_error(r, 500, "err.internal");
    if (!f.after && add_count(r, &f) != 0) return request_error(r, 500, "err.internal");   /* first page only */
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        const cJSON *last = cJSON_GetArrayItem(rows, PAGE - 1);
        const char *key = activity_key_param(r, f.oldest_first, rec_num(last, "at"), rec_num(last, "id"));
        cJSON_AddStringToObject(r->view, "next_page", arena_printf(r->a, "/activities?%s%s", qs, key));
    }
    if (f.after) {
        cJSON_AddTrueToObject(r->view, "paged");
        cJSON_AddStringToObject(r->view, "first_page", list_link(r, qs));
    }
    /* the edit links bring the user back to this page (its filters and page) */
    rec_flag(r->view, "can_edit", perm_has(r->user.perms, P_CUSTOMER_EDIT));
    buf here = BUF_INIT;
    const char *here_key = f.after ? activity_key_param(r, f.oldest_first, f.key_at, f.key_id) : NULL;
    const char *self = here_key ? arena_printf(r->a, "/activities?%s%s", qs, here_key)
                                : list_link(r, qs);
    url_encode(&here, self, strlen(self));
    cJSON_AddStringToObject(r->view, "back_param", buf_str(&here));
    buf_free(&here);
    cJSON *a;
    cJSON_ArrayForEach(a, rows) {
        cJSON_AddStringToObject(a, "when", request_time(r, rec_num(a, "at")));
        cJSON_AddStringToObject(a, "detail_head", clip(r, rec_str(a, "detail")));
    }
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    return 200;
}
