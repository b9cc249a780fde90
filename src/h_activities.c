/* h_activities.c — 客户信息管理 › 交往记录: every interaction record of a customer (a page of its own:
 * the customer's page shows the newest 20), filtered by text and date and paged by key; and record, edit
 * and delete interactions (时间, 地点, 概要, 详细信息; recorded by the signed-in user). All within row scope
 * (404 outside it). The time is typed in the configured zone and stored as UTC unix seconds. */
#include "h_activities.h"
#include "activities.h"
#include "audit.h"
#include "contacts.h"
#include "h_contacts.h"
#include "html.h"
#include "scope.h"
#include <string.h>
#include <stdio.h>
#include <time.h>

static const field_spec FIELDS[] = {
    {"at", F_DATETIME, true, 0, 0, NULL},
    {"place", F_TEXT, false, 0, 100, NULL},
    {"summary", F_TEXT, true, 1, 200, NULL},
    {"detail", F_MULTILINE, false, 0, 4000, NULL},
    {"version", F_INT, true, 1, 1LL << 53, NULL},   /* update only */
};
#define NFIELDS 4

/* Wall-clock seconds in the configured zone (F_DATETIME's i) → UTC unix seconds. */
static long long local_to_utc(long long wall) {
    time_t t = (time_t)wall;
    struct tm tm;
    gmtime_r(&t, &tm);
    tm.tm_isdst = -1;
    return (long long)mktime(&tm); /* TZ is the configured zone (main.c) */
}

/* "YYYY-MM-DDTHH:MM" for a datetime-local input. */
static const char *input_time(request *r, long long utc) {
    char *s = arena_strdup(r->a, request_time(r, utc));
    if (strlen(s) > 10) s[10] = 'T';
    return s;
}

static void decorate(request *r, cJSON *a) {
    long long at = rec_num(a, "at");
    cJSON_AddStringToObject(a, "when", request_time(r, at));
    cJSON_AddStringToObject(a, "at_input", input_time(r, at));
}

static void form_view(request *r, cJSON *customer, cJSON *a, bool is_new) {
    r->template_name = "activity_form";
    cJSON_AddStringToObject(r->view, "title", request_t(r, is_new ? "activities.new" : "activities.edit"));
    if (is_new) cJSON_AddTrueToObject(r->view, "is_new");
    cJSON_AddItemToObject(r->view, "customer", customer);
    cJSON_AddItemToObject(r->view, "activity", a);
}

static cJSON *echo(const field_value *v) {
    cJSON *a = cJSON_CreateObject();
    /* the datetime text comes back normalised "YYYY-MM-DD HH:MM:SS"; the input wants "YYYY-MM-DDTHH:MM" */
    char at[20];
    snprintf(at, sizeof at, "%s", v[0].text);
    if (strlen(at) >= 16) { at[10] = 'T'; at[16] = 0; }
    cJSON_AddStringToObject(a, "at_input", at);
    for (int i = 1; i < NFIELDS; i++) cJSON_AddStringToObject(a, FIELDS[i].name, v[i].text);
    return a;
}

static cJSON *customer_of(const cJSON *a) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)rec_num(a, "customer_id"));
    cJSON_AddStringToObject(o, "no", rec_str(a, "customer_no"));
    cJSON_AddStringToObject(o, "name", rec_str(a, "customer_name"));
    return o;
}

/* ---- the list ---- */

#define PAGE 50
#define COUNT_CAP 1000   /* the list counts matches up to this many */

static const field_spec LIST_FIELDS[AL_COUNT] = {
    {"q", F_TEXT, false, 0, 100, NULL},
    ACTIVITY_TIME_FIELDS,
};

activity_time activity_time_read(const field_value *t) {
    bool oldest = t[AT_SORT].present && t[AT_SORT].i == 1;
    const field_value *at = &t[oldest ? AT_AFTER_AT : AT_BEFORE_AT], *id = &t[oldest ? AT_AFTER : AT_BEFORE];
    return (activity_time){
        .from = t[AT_FROM].present ? local_midnight(t[AT_FROM].i) : 0,
        .to = t[AT_TO].present ? local_midnight(t[AT_TO].i + 1) : 0,
        .oldest_first = oldest,
        .after = at->present && id->present,
        .key_at = at->i,
        .key_id = id->i,
    };
}

const char *activity_key_param(request *r, bool oldest_first, long long at, long long id) {
    const char *key = oldest_first ? "after" : "before";
    return arena_printf(r->a, "%s_at=%lld&%s=%lld", key, at, key, id);
}

size_t activities_query(request *r, field_value *v, activities_filter *f) {
    size_t nerr = request_validate(r, LIST_FIELDS, AL_COUNT, v, true);
    nerr += request_check_range(r, &v[AL_FROM], &v[AL_TO]);
    activity_time t = activity_time_read(&v[AL_FROM]);
    *f = (activities_filter){
        .customer_id = r->path_id,
        .q = v[AL_Q].present ? v[AL_Q].text : NULL,
        .from = t.from,
        .to = t.to,
        .oldest_first = t.oldest_first,
        .after = t.after,
        .key_at = t.key_at,
        .key_id = t.key_id,
    };
    return nerr;
}

/* The filters and the order as a query string, each followed by '&' ("" when none). */
static const char *list_query(request *r, const field_value *v, bool oldest) {
    buf b = BUF_INIT;
    if (v[AL_Q].present) { buf_puts(&b, "q="); url_encode(&b, v[AL_Q].text, strlen(v[AL_Q].text)); buf_puts(&b, "&"); }
    if (v[AL_FROM].present) buf_printf(&b, "from=%s&", v[AL_FROM].text);
    if (v[AL_TO].present) buf_printf(&b, "to=%s&", v[AL_TO].text);
    if (oldest) buf_puts(&b, "sort=at&");
    const char *qs = arena_strdup(r->a, buf_str(&b));
    buf_free(&b);
    return qs;
}

/* "共 N 条": how many match, counted up to COUNT_CAP (beyond that: "1,000+"). -1 on failure. */
static int add_count(request *r, const activities_filter *f) {
    long long n = activities_count(r->db, f, COUNT_CAP + 1);
    if (n < 0) return -1;
    rec_count_view(r, n, COUNT_CAP);
    return 0;
}

int h_activities_list(request *r) {
    cJSON *cust = contacts_parent(r->db, r->path_id, scope_manager(r));
    if (!cust) return request_error(r, 404, "err.not_found");
    r->template_name = "activity_list";
    cJSON_AddStringToObject(r->view, "title", arena_cat(r->a, request_t(r, "activities.title"), " · ", rec_str(cust, "name")));
    cJSON_AddItemToObject(r->view, "customer", cust);
    field_value v[AL_COUNT];
    activities_filter f;
    bool bad = activities_query(r, v, &f) != 0;
    cJSON *filter = cJSON_AddObjectToObject(r->view, "filter");
    cJSON_AddStringToObject(filter, "q", v[AL_Q].text);
    cJSON_AddStringToObject(filter, "from", v[AL_FROM].text);
    cJSON_AddStringToObject(filter, "to", v[AL_TO].text);
    rec_flag(r->view, "filtered", v[AL_Q].present || v[AL_FROM].present || v[AL_TO].present);
    cJSON_AddItemToObject(r->view, "sorts", rec_sort_choices(r, "activities", ACTIVITY_SORTS, f.oldest_first));
    /* a retired customer's records are read-only, as on its page */
    rec_flag(r->view, "can_edit", perm_has(r->user.perms, P_CUSTOMER_EDIT) && rec_num(cust, "retired") != 1);
    cJSON *rows = cJSON_AddArrayToObject(r->view, "activities");
    if (bad) {
        rec_relabel(r, "activities");
        cJSON_AddTrueToObject(r->view, "empty");   /* no list: the errors say what to mend */
        return 400;
    }
    const char *qs = list_query(r, v, f.oldest_first);
    const char *base = arena_printf(r->a, "/customers/%lld/activities", r->path_id);
    size_t qn = strlen(qs);
    const char *filters = arena_printf(r->a, "%s%.*s", qn ? "?" : "", qn ? (int)qn - 1 : 0, qs);   /* without the last '&' */
    if (perm_has(r->user.perms, P_DATA_EXPORT))
        cJSON_AddStringToObject(r->view, "export_href", arena_cat(r->a, base, "/export.csv", filters));
    f.limit = PAGE + 1;
    if (activities_list(r->db, &f, rows) < 0) return request_error(r, 500, "err.internal");
    if (!f.after && add_count(r, &f) != 0) return request_error(r, 500, "err.internal");   /* first page only */
    if (cJSON_GetArraySize(rows) > PAGE) {
        cJSON_DeleteItemFromArray(rows, PAGE);
        const cJSON *last = cJSON_GetArrayItem(rows, PAGE - 1);
        const char *key = activity_key_param(r, f.oldest_first, rec_num(last, "at"), rec_num(last, "id"));
        cJSON_AddStringToObject(r->view, "next_page", arena_printf(r->a, "%s?%s%s", base, qs, key));
    }
    /* the edit links bring the user back to this page (its filters and page) */
    buf here = BUF_INIT;
    const char *here_key = f.after ? activity_key_param(r, f.oldest_first, f.key_at, f.key_id) : NULL;
    const char *self = here_key ? arena_printf(r->a, "%s?%s%s", base, qs, here_key)
                                : arena_cat(r->a, base, filters);
    url_encode(&here, self, strlen(self));
    cJSON_AddStringToObject(r->view, "back_param", buf_str(&here));
    buf_free(&here);
    cJSON *a;
    cJSON_ArrayForEach(a, rows) cJSON_AddStringToObject(a, "when", request_time(r, rec_num(a, "at")));
    if (cJSON_GetArraySize(rows) == 0) cJSON_AddTrueToObject(r->view, "empty");
    if (f.after) {
        cJSON_AddTrueToObject(r->view, "paged");
        cJSON_AddStringToObject(r->view, "first_page", arena_cat(r->a, base, filters));
    }
    return 200;
}

/* ---- one record ---- */

/* Where saving or deleting a record sends the user: back to the 交往记录 page they came from, the
 * customer's or every customer's (/activities) when back names one (rec_return_to), else the customer's
 * page. */
static const char *return_to(request *r, long long customer_id, const char *back) {
    const char *lists[] = {arena_printf(r->a, "/customers/%lld/activities", customer_id), "/activities", NULL};
    return rec_return_to(back, lists, arena_printf(r->a, "/customers/%lld", customer_id));
}

/* The page the form returns to, shown as its 取消 link and kept in a hidden field ("back" in the view
 * only when it is the 交往记录 page). */
static void keep_back(request *r, long long customer_id, const kvlist *from) {
    const char *to = return_to(r, customer_id, kv_get(from, "back"));
    if (strstr(to, "/activities")) cJSON_AddStringToObject(r->view, "back", to);
}

static activity_fields to_fields(const field_value *v) {
    activity_fields f = {local_to_utc(v[0].i), v[1].text, v[2].text, v[3].text};
    return f;
}

int h_activities_new(request *r) {
    cJSON *cust = contacts_parent(r->db, r->path_id, scope_manager(r));
    if (!cust) return request_error(r, 404, "err.not_found");
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "at_input", input_time(r, r->now));
    form_view(r, cust, a, true);
    if (rec_num(cust, "retired") == 1)
        cJSON_AddStringToObject(r->view, "conflict", request_t(r, "activities.retired_customer"));
    return 200;
}

int h_activities_create(request *r) {
    field_value v[NFIELDS];
    cJSON *cust = contacts_parent(r->db, r->path_id, scope_manager(r));
    if (!cust) return request_error(r, 404, "err.not_found");
    if (request_validate(r, FIELDS, NFIELDS, v, false)) {
        rec_relabel(r, "activities");
        form_view(r, cust, echo(v), true);
        return 422;
    }
    if (rec_num(cust, "retired") == 1) {
        form_view(r, cust, echo(v), true);
        cJSON_AddStringToObject(r->view, "conflict", request_t(r, "activities.retired_customer"));
        return 409;
    }
    activity_fields f = to_fields(v);
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    long long id = activities_create(r->db, r->path_id, r->user.id, &f, r->now);
    if (id <= 0 ||
        audit_write(r->db, r->now, r->user.id, "activity", id, "create", NULL, activities_get(r->db, id, 0)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    cJSON_AddNumberToObject(r->view, "id", (double)id);
    request_redirect(r, arena_printf(r->a, "/customers/%lld", r->path_id), "activities.created");
    return 303;
}

int h_activities_edit(request *r) {
    cJSON *a = activities_get(r->db, r->path_id, scope_manager(r));
    if (!a) return request_error(r, 404, "err.not_found");
    decorate(r, a);
    form_view(r, customer_of(a), a, false);
    keep_back(r, rec_num(a, "customer_id"), &r->query);
    return 200;
}

static int stale(request *r, const field_value *v) {
    cJSON *now = activities_get(r->db, r->path_id, scope_manager(r));
    if (!now) return request_error(r, 404, "err.not_found");
    cJSON_Delete(r->view);
    r->view = cJSON_CreateObject();
    decorate(r, now);
    form_view(r, customer_of(now), now, false);
    if (v) cJSON_AddItemToObject(r->view, "mine", echo(v));
    cJSON_AddStringToObject(r->view, "conflict", request_t(r, "err.stale"));
    keep_back(r, rec_num(now, "customer_id"), &r->form);
    return 409;
}

int h_activities_update(request *r) {
    field_value v[NFIELDS + 1];
    cJSON *before = activities_get(r->db, r->path_id, scope_manager(r));
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, FIELDS, NFIELDS + 1, v, false)) {
        rec_relabel(r, "activities");
        cJSON *a = echo(v);
        cJSON_AddNumberToObject(a, "id", (double)r->path_id);
        cJSON_AddNumberToObject(a, "version", (double)rec_num(before, "version"));
        cJSON_AddStringToObject(a, "user_name", rec_str(before, "user_name"));
        form_view(r, customer_of(before), a, false);
        keep_back(r, rec_num(before, "customer_id"), &r->form);
        return 422;
    }
    activity_fields f = to_fields(v);
    long long customer_id = rec_num(before, "customer_id");
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = activities_update(r->db, r->path_id, v[NFIELDS].i, &f, r->now);
    if (rc == STORE_STALE) { db_rollback(r->db); return stale(r, v); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK ||
        audit_write(r->db, r->now, r->user.id, "activity", r->path_id, "update", before,
                    activities_get(r->db, r->path_id, 0)) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, return_to(r, customer_id, kv_get(&r->form, "back")), "activities.saved");
    return 303;
}

int h_activities_delete(request *r) {
    static const field_spec specs[] = {{"version", F_INT, true, 1, 1LL << 53, NULL}};
    field_value v[1];
    cJSON *before = activities_get(r->db, r->path_id, scope_manager(r));
    if (!before) return request_error(r, 404, "err.not_found");
    if (request_validate(r, specs, 1, v, false)) {
        rec_relabel(r, "activities");
        cJSON *a = cJSON_Duplicate(before, true);
        decorate(r, a);
        form_view(r, customer_of(before), a, false);
        keep_back(r, rec_num(before, "customer_id"), &r->form);
        return 422;
    }
    long long customer_id = rec_num(before, "customer_id");
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    int rc = activities_delete(r->db, r->path_id, v[0].i);
    if (rc == STORE_STALE) { db_rollback(r->db); return stale(r, NULL); }
    if (rc == STORE_NOT_FOUND) { db_rollback(r->db); return request_error(r, 404, "err.not_found"); }
    if (rc != STORE_OK || audit_write(r->db, r->now, r->user.id, "activity", r->path_id, "delete", before, NULL) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, return_to(r, customer_id, kv_get(&r->form, "back")), "activities.deleted");
    return 303;
}
