/* h_activities.c — 客户信息管理 › 交往记录: record, edit and delete interactions with a customer
 * (时间, 地点, 概要, 详细信息; recorded by the signed-in user), within row scope (404 outside it).
 * The time is typed in the configured zone and stored as UTC unix seconds. */
#include "h_activities.h"
#include "activities.h"
#include "audit.h"
#include "contacts.h"
#include "h_contacts.h"
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
    request_redirect(r, arena_printf(r->a, "/customers/%lld", customer_id), "activities.saved");
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
    request_redirect(r, arena_printf(r->a, "/customers/%lld", customer_id), "activities.deleted");
    return 303;
}
