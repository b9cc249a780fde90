/* render.c — composes the reply; see render.h. HTML comes only from Mustache templates, whose
 * {{name}} output is escaped by html_escape — the one escaping place. */
#include "render.h"
#include "app.h"
#include "i18n.h"
#include "log.h"
#include "nav.h"
#include "routes.h"
#include <stdio.h>
#include <string.h>

static const char *reason(int status) {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 303: return "See Other";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "OK";
    }
}

/* The reply's headers. body_len: the body's size in bytes, sent as Content-Length (so nginx passes the
 * body on as it is rather than chunked, and a browser knows the size); NO_LENGTH when a stream writes the
 * body after the headers. */
#define NO_LENGTH ((size_t)-1)
static void head(buf *out, request *r, int status, const char *ctype, size_t body_len) {
    char code[4] = {(char)('0' + status / 100 % 10), (char)('0' + status / 10 % 10), (char)('0' + status % 10), 0};
    buf_puts(out, "Status: ");
    buf_puts(out, code);
    buf_putc(out, ' ');
    buf_puts(out, reason(status));
    buf_puts(out, "\r\nContent-Type: ");
    buf_puts(out, ctype);
    buf_puts(out, "\r\nCache-Control: no-store\r\n");
    buf_append(out, buf_str(&r->extra_headers), r->extra_headers.len);
    if (strcmp(r->lang, "en") == 0) buf_puts(out, "Content-Language: en\r\n");
    else buf_puts(out, "Content-Language: zh-CN\r\n");
    if (body_len != NO_LENGTH) buf_printf(out, "Content-Length: %zu\r\n", body_len);
    buf_puts(out, "\r\n");
}

/* A one-time notice set by the previous request's redirect (a catalog key in a cookie). */
static void take_notice(request *r) {
    const char *key = kv_get(&r->cookies, "crm_flash");
    if (!key || !*key) return;
    for (const char *p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '.' || *p == '_')) return;
    cJSON_AddStringToObject(r->view, "notice", request_t(r, key));
    request_set_cookie(r, "crm_flash", "", 0, true);
}

static void render_json(request *r, buf *out) {
    if (r->redirect) {
        cJSON_AddTrueToObject(r->view, "ok");
        cJSON_AddStringToObject(r->view, "location", r->redirect);
        r->status = 200;
    }
    char *json = cJSON_PrintUnformatted(r->view);
    const char *body = json ? json : "{}";
    size_t len = strlen(body);
    head(out, r, r->status, "application/json; charset=utf-8", len);
    buf_append(out, body, len);
}

/* Adds what every page's layout needs; references, not copies, for the catalog. */
static void add_layout(request *r) {
    cJSON *v = r->view;
    /* {{t.key}} tags were filled in when the template loaded (app.c); the catalog is still there for
     * a template that needs it another way, e.g. {{#t.x}} */
    cJSON_AddItemReferenceToObject(v, "t", (cJSON *)i18n_catalog(r->lang));
    cJSON_AddStringToObject(v, "lang", r->lang);
    /* where the language switch returns to: this page when it was a plain GET */
    const char *here = "/";
    if (strcmp(r->method, "GET") == 0 && r->status < 400)
        here = *r->query_string ? arena_printf(r->a, "%s?%s", r->path, r->query_string) : r->path;
    cJSON_AddStringToObject(v, "path", here);
    if (strcmp(r->lang, "en") == 0) cJSON_AddTrueToObject(v, "lang_en");
    else cJSON_AddTrueToObject(v, "lang_zh");
    if (r->user.id) {
        cJSON *me = cJSON_AddObjectToObject(v, "me");
        cJSON_AddNumberToObject(me, "id", (double)r->user.id);
        cJSON_AddStringToObject(me, "name", r->user.name);
        cJSON_AddStringToObject(me, "login", r->user.login);
        char key[48];
        snprintf(key, sizeof key, "role.%s", r->user.role);
        cJSON_AddStringToObject(me, "role_label", request_t(r, key));
        cJSON_AddItemToObject(v, "nav", nav_build(r));
        if (strcmp(r->path, "/") == 0) cJSON_AddTrueToObject(v, "at_home");
        cJSON_AddStringToObject(v, "csrf", r->user.csrf);
    } else if (!cJSON_GetObjectItemCaseSensitive(v, "csrf")) {
        const char *pre = kv_get(&r->cookies, "crm_pre");
        if (pre) cJSON_AddStringToObject(v, "csrf", pre);
    }
    if (!cJSON_GetObjectItemCaseSensitive(v, "title")) cJSON_AddStringToObject(v, "title", request_t(r, "app.name"));
}

static void render_html(request *r, buf *out) {
    if (r->redirect) {
        buf_printf(out, "Status: 303 See Other\r\nLocation: %s\r\n", r->redirect);
        buf_append(out, buf_str(&r->extra_headers), r->extra_headers.len);
        buf_puts(out, "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 0\r\n\r\n");
        r->status = 303;
        return;
    }
    if (r->status < 400) take_notice(r);
    add_layout(r);
    buf *body = &r->app->body;   /* reused across requests: no growing from scratch each time */
    if (body->cap > 4 * 1024 * 1024) buf_free(body); /* one huge page does not pin memory */
    buf_clear(body);
    char err[256];
    const char *name = r->template_name ? r->template_name : "error";
    if (mustache_render_named(app_templates(r->app, r->lang), name, r->view, body, err, sizeof err) != 0) {
        log_error("template %s failed: %s", name, err);
        r->status = 500;
        buf_clear(body);
        buf_puts(body, "<!doctype html><meta charset=utf-8><title>500</title><h1>500</h1><p>");
        html_escape(body, request_t(r, "err.internal"), strlen(request_t(r, "err.internal")));
        buf_puts(body, "</p>");
    }
    head(out, r, r->status, "text/html; charset=utf-8", body->len);
    if (strcmp(r->method, "HEAD") != 0) {   /* sent from where it was rendered (worker.c) */
        r->body_out = buf_str(body);
        r->body_out_len = body->len;
    }
}

void render_reply(request *r, buf *out) {
    if (r->content_type_out && r->status < 400) {
        head(out, r, r->status, r->content_type_out, r->stream ? NO_LENGTH : r->body_raw.len);
        buf_append(out, buf_str(&r->body_raw), r->body_raw.len);
        return;
    }
    if (r->wants_json) render_json(r, out);
    else render_html(r, out);
}
