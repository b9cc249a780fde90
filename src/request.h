/* request.h — one request as a handler sees it: parsed, validated input; the signed-in user;
 * and the response being built (status, view model, template, cookies, redirect).
 * Everything here lives in the request arena (r->a) and is gone when the reply is sent. */
#ifndef CRM_REQUEST_H
#define CRM_REQUEST_H
#include <stdbool.h>
#include <cJSON.h>
#include "arena.h"
#include "buf.h"
#include "html.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "perm.h"
#include "validate.h"

struct route;
struct app;

typedef struct user_ctx {
    long long id;        /* 0 when anonymous */
    const char *login, *name, *role, *lang;
    permset perms;
    long long session_id;
    const char *csrf;    /* the session's CSRF token */
    /* the session row's write the lookup left for after the page (session_finish): 0 none */
    long long session_touch_id, session_expired_id;
} user_ctx;

/* A file part of a multipart/form-data body (routes flagged R_UPLOAD); data points into the body. */
typedef struct upload_file {
    const char *field, *filename, *content_type;   /* filename "" when the file input was left empty */
    const char *data;
    size_t len;
} upload_file;

typedef struct request {
    arena *a;
    struct app *app;     /* per-worker state: config, db, templates, catalogs */
    db *db;
    /* input */
    const char *method, *path, *query_string, *content_type, *accept, *cookie_header;
    const char *origin, *referer, *host, *remote_addr, *user_agent, *csrf_header;
    bool https;
    kvlist query, form, cookies;
    const upload_file *files;  /* file parts of a multipart body (text parts go to form) */
    size_t nfiles;
    bool wants_json;
    const struct route *route;
    long long path_id;   /* the {id} in the route's path, 0 if none */
    user_ctx user;
    const char *lang;    /* language of this reply: user's, else cookie, else config default */
    long long now;       /* unix seconds at request start */
    /* output */
    int status;
    cJSON *view;         /* view model (an object) */
    const char *template_name;
    const char *redirect;      /* when set: 303 See Other to this local path */
    buf extra_headers;         /* complete header lines ("Set-Cookie: ...\r\n") */
    const char *content_type_out;  /* for raw bodies (CSV etc.) */
    buf body_raw;              /* used when content_type_out is set */
    const char *body_out;      /* set by render_reply: the body, sent after its output (a page, not copied) */
    size_t body_out_len;
    /* Streaming replies (large CSV exports): with content_type_out set, a handler may set stream instead
     * of filling body_raw. The worker sends the headers, then calls stream(r), which writes the body in
     * pieces with request_write, so nothing accumulates in the arena. Not called for errors or HEAD. */
    void (*stream)(struct request *r);
    void *stream_ctx;          /* the handler's state for stream() */
    int (*sink)(void *out, const char *s, size_t n);  /* set by the worker: writes to the client */
    void *sink_out;
} request;

/* Looks up a validated form: runs validate_form on r->form (POST) or r->query (GET) for specs.
 * Returns the number of errors; on errors it also fills view["errors"] (field → message) and
 * view["error_list"] with messages in the request's language. values must have nspecs entries. */
size_t request_validate(request *r, const field_spec *specs, size_t nspecs, field_value *values, bool from_query);
/* Adds one error for field (message key) to view["errors"] and view["error_list"], and sets
 * view["has_errors"]; used by request_validate and by handlers for checks beyond the validators. */
void request_add_error(request *r, const char *field, const char *key, long long param);
/* A date range whose end (field "to") is before its start: adds err.date_range on "to" and returns 1;
 * 0 when either end is absent or the range is in order. Every list with a 日期 range uses it. */
size_t request_check_range(request *r, const field_value *from, const field_value *to);
/* Translates a message key in the request's language (never NULL; the key itself if missing). */
const char *request_t(request *r, const char *key);
/* The text for the key prefix + code ("customers.status." + "lost"), without formatting a key. */
const char *request_t_of(request *r, const char *prefix, const char *code);
/* The text for key with "{n}" replaced by n ("3 项"). */
const char *request_t_n(request *r, const char *key, long long n);
/* Adds a Set-Cookie header. max_age < 0 means session cookie; 0 deletes it. */
void request_set_cookie(request *r, const char *name, const char *value, long max_age, bool http_only);
/* Sets a one-time notice shown on the next page (message key), and redirects there. */
void request_redirect(request *r, const char *path, const char *flash_key);
/* Sets status and an error message (key) for the error page. Returns status for convenience. */
int request_error(request *r, int status, const char *message_key);
/* The uploaded file sent as form field `field`, or NULL. */
const upload_file *request_file(const request *r, const char *field);
/* Writes part of a streamed body (see request.stream). Returns 0, or -1 when the client is gone. */
int request_write(request *r, const char *s, size_t n);
/* Formats unix seconds in the configured zone as "YYYY-MM-DD HH:MM" (arena string). */
const char *request_time(request *r, long long unix_seconds);
/* The date part of request_time: "YYYY-MM-DD" ("" for 0). */
const char *request_date(request *r, long long unix_seconds);
#endif
