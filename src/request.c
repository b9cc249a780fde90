/* request.c — helpers handlers use on a request: validation with translated messages, cookies,
 * redirects with a one-time notice, error replies, time formatting. */
#include "request.h"
#include "app.h"
#include "i18n.h"
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

const char *request_t(request *r, const char *key) { return i18n_get(r->lang, key); }

const char *request_t_of(request *r, const char *prefix, const char *code) {
    char key[160];
    size_t p = strlen(prefix), c = strlen(code ? code : "");
    if (p + c >= sizeof key) return request_t(r, arena_printf(r->a, "%s%s", prefix, code));
    memcpy(key, prefix, p);
    memcpy(key + p, code ? code : "", c + 1);
    const char *text = i18n_get(r->lang, key);
    return text == key ? arena_strdup(r->a, key) : text;   /* (no text: the key itself, kept) */
}

/* Replaces "{n}" in a catalog text with param. */
static const char *with_param(request *r, const char *text, long long param) {
    const char *p = strstr(text, "{n}");
    if (!p) return text;
    return arena_cat(r->a, arena_strndup(r->a, text, (size_t)(p - text)), arena_lld(r->a, param), p + 3);
}

const char *request_t_n(request *r, const char *key, long long n) { return with_param(r, request_t(r, key), n); }

void request_add_error(request *r, const char *field, const char *key, long long param) {
    cJSON *by_field = cJSON_GetObjectItemCaseSensitive(r->view, "errors");
    if (!by_field) by_field = cJSON_AddObjectToObject(r->view, "errors");
    cJSON *list = cJSON_GetObjectItemCaseSensitive(r->view, "error_list");
    if (!list) list = cJSON_AddArrayToObject(r->view, "error_list");
    if (!cJSON_GetObjectItemCaseSensitive(r->view, "has_errors")) cJSON_AddTrueToObject(r->view, "has_errors");
    const char *msg = with_param(r, request_t(r, key), param);
    const char *had = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(by_field, field));
    if (had && strcmp(had, msg) == 0) return;   /* said once (a form checked again to show it) */
    char label_key[128];
    snprintf(label_key, sizeof label_key, "field.%s", field);
    if (!cJSON_GetObjectItemCaseSensitive(by_field, field)) cJSON_AddStringToObject(by_field, field, msg);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "field", field);
    cJSON_AddStringToObject(e, "label", request_t(r, label_key));
    cJSON_AddStringToObject(e, "message", msg);
    cJSON_AddItemToArray(list, e);
}

size_t request_check_range(request *r, const field_value *from, const field_value *to) {
    if (!from->present || !to->present || to->i >= from->i) return 0;
    request_add_error(r, "to", "err.date_range", 0);
    return 1;
}

size_t request_validate(request *r, const field_spec *specs, size_t nspecs, field_value *values, bool from_query) {
    field_error errs[VALIDATE_MAX_ERRORS];
    size_t n = validate_form(r->a, specs, nspecs, from_query ? &r->query : &r->form, values, errs);
    for (size_t i = 0; i < n; i++) request_add_error(r, errs[i].field, errs[i].key, errs[i].param);
    return n;
}

void request_set_cookie(request *r, const char *name, const char *value, long max_age, bool http_only) {
    buf_printf(&r->extra_headers, "Set-Cookie: %s=%s; Path=/; SameSite=Lax%s%s", name, value,
               http_only ? "; HttpOnly" : "", r->https ? "; Secure" : "");
    if (max_age >= 0) buf_printf(&r->extra_headers, "; Max-Age=%ld", max_age);
    buf_puts(&r->extra_headers, "\r\n");
}

void request_redirect(request *r, const char *path, const char *flash_key) {
    /* only local paths: never an open redirect */
    r->redirect = (path && path[0] == '/' && path[1] != '/' && path[1] != '\\') ? path : "/";
    if (flash_key) request_set_cookie(r, "crm_flash", flash_key, 60, true);
}

int request_error(request *r, int status, const char *message_key) {
    r->status = status;
    r->template_name = "error";
    r->redirect = NULL;
    cJSON_AddNumberToObject(r->view, "status", status);
    cJSON_AddStringToObject(r->view, "error", request_t(r, message_key));
    cJSON_AddStringToObject(r->view, "error_key", message_key);
    char title_key[32];
    snprintf(title_key, sizeof title_key, "status.%d", status);
    cJSON_AddStringToObject(r->view, "title", request_t(r, title_key));
    return status;
}

const upload_file *request_file(const request *r, const char *field) {
    for (size_t i = 0; i < r->nfiles; i++)
        if (strcmp(r->files[i].field, field) == 0) return &r->files[i];
    return NULL;
}

int request_write(request *r, const char *s, size_t n) {
    return r->sink ? r->sink(r->sink_out, s, n) : -1;
}

/* request_time runs for every date a page shows (50 per list page), so it avoids localtime_r's cost: the
 * zone's UTC offset is cached per UTC day (per process; TZ is fixed at start). A day whose start and end
 * have the same offset has that offset throughout; a day with a change of offset is not cached. */
#define DAY_SLOTS 4096
static struct { long long day_plus_one; long offset; } day_offsets[DAY_SLOTS];

static bool offset_of_day(long long unix_seconds, long *offset) {
    long long day = unix_seconds / 86400;   /* unix_seconds > 0 */
    size_t slot = (size_t)day % DAY_SLOTS;
    if (day_offsets[slot].day_plus_one == day + 1) { *offset = day_offsets[slot].offset; return true; }
    time_t start = (time_t)(day * 86400), end = start + 86399;
    struct tm a, b;
    if (!localtime_r(&start, &a) || !localtime_r(&end, &b) || a.tm_gmtoff != b.tm_gmtoff) return false;
    day_offsets[slot].day_plus_one = day + 1;
    day_offsets[slot].offset = a.tm_gmtoff;
    *offset = a.tm_gmtoff;
    return true;
}

static void put2(char *p, int v) { p[0] = (char)('0' + v / 10); p[1] = (char)('0' + v % 10); }

const char *request_time(request *r, long long unix_seconds) {
    if (unix_seconds <= 0) return "";
    int year, month, mday, hour, minute;
    long offset;
    if (offset_of_day(unix_seconds, &offset)) {
        long long local = unix_seconds + offset;
        long long days = local / 86400, secs = local % 86400;
        /* civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted) */
        long long z = days + 719468, era = z / 146097;
        long long doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
        mday = (int)(doy - (153 * mp + 2) / 5 + 1);
        month = (int)(mp < 10 ? mp + 3 : mp - 9);
        year = (int)(yoe + era * 400 + (month <= 2));
        hour = (int)(secs / 3600);
        minute = (int)(secs % 3600 / 60);
    } else {
        time_t t = (time_t)unix_seconds;
        struct tm tm;
        localtime_r(&t, &tm);
        year = tm.tm_year + 1900, month = tm.tm_mon + 1, mday = tm.tm_mday, hour = tm.tm_hour, minute = tm.tm_min;
    }
    if (year < 1000 || year > 9999)
        return arena_printf(r->a, "%04d-%02d-%02d %02d:%02d", year, month, mday, hour, minute);
    char *out = arena_alloc(r->a, 17);   /* "YYYY-MM-DD HH:MM" */
    put2(out, year / 100);
    put2(out + 2, year % 100);
    out[4] = '-';
    put2(out + 5, month);
    out[7] = '-';
    put2(out + 8, mday);
    out[10] = ' ';
    put2(out + 11, hour);
    out[13] = ':';
    put2(out + 14, minute);
    out[16] = 0;
    return out;
}

/* Called once per list row; rows newest first mostly share a day, so the last local day formatted is
 * remembered (per process, like the offsets above). */
const char *request_date(request *r, long long unix_seconds) {
    static long long last_day = -1;
    static char last[11];
    long offset;
    if (unix_seconds > 0 && offset_of_day(unix_seconds, &offset) && unix_seconds + offset >= 0) {
        long long day = (unix_seconds + offset) / 86400;
        if (day != last_day) {
            memcpy(last, request_time(r, unix_seconds), 10);
            last[10] = 0;
            last_day = day;
        }
        return arena_strndup(r->a, last, 10);
    }
    const char *t = request_time(r, unix_seconds);
    return *t ? arena_strndup(r->a, t, 10) : t;
}
