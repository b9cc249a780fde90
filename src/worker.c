/* worker.c — the request pipeline of a worker process:
 *   reset the arena → read and parse input → route → session → permission → CSRF → handler →
 *   render → reply → log line.
 * The checks happen here, once, for every route: handlers run only when they all pass. */
#include "worker.h"
#include "dict.h"
#include "fcgi_out.h"
#include "app.h"
#include "auth.h"
#include "handlers.h"
#include "i18n.h"
#include "jsonmem.h"
#include "log.h"
#include "multipart.h"
#include "render.h"
#include "routes.h"
#include "session.h"
#include "users.h"
#include <errno.h>
#include <stddef.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MAX_BODY (1024 * 1024)
#define MAX_UPLOAD (60 * 1024 * 1024)   /* routes flagged R_UPLOAD (nginx allows the same there) */
#define MAX_PATH 2048

static volatile sig_atomic_t stop_requested;

static void on_term(int sig) { (void)sig; stop_requested = 1; }

static const char *param(FCGX_Request *q, const char *name) {
    const char *v = FCGX_GetParam(name, q->envp);
    return v ? v : "";
}

/* Splits a multipart/form-data body: text parts into r->form (same limits and UTF-8 check as a
 * urlencoded form), file parts into r->files. Returns 0 or an HTTP status. */
static int read_multipart(request *r, const char *body, size_t len, const char **why) {
    const char *boundary = multipart_boundary(r->a, r->content_type);
    mp_part *parts;
    size_t n;
    int rc = boundary ? multipart_parse(r->a, body, len, boundary, &parts, &n) : MP_E_BOUNDARY;
    if (rc != MP_OK) { *why = "err.malformed"; return 400; }
    upload_file *files = arena_alloc(r->a, sizeof *files * (n ? n : 1));
    size_t nf = 0;
    for (size_t i = 0; i < n; i++) {
        const mp_part *p = &parts[i];
        size_t nl = strlen(p->name);
        if (nl > HTTP_MAX_NAME || !utf8_valid(p->name, nl)) { *why = "err.malformed"; return 400; }
        if (p->filename) {
            const char *fname = utf8_valid(p->filename, strlen(p->filename)) ? p->filename : "";
            files[nf++] = (upload_file){p->name, fname, p->content_type, p->data, p->len};
            continue;
        }
        if (r->form.n >= HTTP_MAX_FIELDS) { *why = "err.malformed"; return 400; }
        if (p->len > HTTP_MAX_VALUE) { *why = "err.body_too_large"; return 413; }
        if (!utf8_valid(p->data, p->len)) { *why = "err.encoding"; return 400; }
        kv_add(r->a, &r->form, p->name, arena_strndup(r->a, p->data, p->len), p->len);
    }
    r->files = files;
    r->nfiles = nf;
    return 0;
}

/* Reads and parses a POST body into r->form (and r->files for uploads). Returns 0 or an HTTP status
 * (400, 413, 415). Routes flagged R_UPLOAD take bodies up to MAX_UPLOAD and multipart/form-data. */
static int read_body(request *r, FCGX_Request *q, const char **why) {
    const char *cl = param(q, "CONTENT_LENGTH");
    long len = *cl ? strtol(cl, NULL, 10) : 0;
    bool upload = r->route && (r->route->flags & R_UPLOAD);
    if (len < 0) { *why = "err.malformed"; return 400; }
    if (len > (upload ? MAX_UPLOAD : MAX_BODY)) { *why = "err.body_too_large"; return 413; }
    if (len == 0) return 0;
    char *body = arena_alloc(r->a, (size_t)len + 1);
    int got = FCGX_GetStr(body, (int)len, q->in);
    if (got != len) { *why = "err.malformed"; return 400; }
    body[len] = 0;
    const char *ct = r->content_type;
    if (upload && strncasecmp(ct, "multipart/form-data", 19) == 0) return read_multipart(r, body, (size_t)len, why);
    if (strncmp(ct, "application/x-www-form-urlencoded", 33) == 0 || *ct == 0) {
        if (http_parse_urlencoded(r->a, body, (size_t)len, &r->form) != HTTP_OK) {
            *why = "err.malformed";
            return 400;
        }
        return 0;
    }
    if (strncmp(ct, "application/json", 16) == 0) {
        /* a flat JSON object is accepted as the same fields a form would send */
        cJSON *j = cJSON_ParseWithLength(body, (size_t)len);
        if (!cJSON_IsObject(j)) { *why = "err.malformed"; return 400; }
        cJSON *it;
        size_t n = 0;
        cJSON_ArrayForEach(it, j) {
            if (++n > HTTP_MAX_FIELDS || strlen(it->string) > HTTP_MAX_NAME) { *why = "err.malformed"; return 400; }
            const char *v;
            if (cJSON_IsString(it)) v = it->valuestring;
            else if (cJSON_IsBool(it)) v = cJSON_IsTrue(it) ? "1" : "0";
            else if (cJSON_IsNumber(it)) v = arena_printf(r->a, "%.15g", it->valuedouble);
            else if (cJSON_IsNull(it)) v = "";
            else { *why = "err.malformed"; return 400; }
            if (!utf8_valid(v, strlen(v))) { *why = "err.encoding"; return 400; }
            kv_add(r->a, &r->form, it->string, v, strlen(v));
        }
        return 0;
    }
    *why = "err.unsupported_type";
    return 415;
}

/* True if the request comes from our own origin: Origin (or, without it, Referer) must name the
 * scheme and host the request was sent to. A request naming neither is refused. */
static bool same_origin(request *r) {
    char expected[600];
    snprintf(expected, sizeof expected, "%s://%s", r->https ? "https" : "http", r->host);
    size_t n = strlen(expected);
    if (*r->origin) return strcmp(r->origin, expected) == 0;
    if (*r->referer) return strncmp(r->referer, expected, n) == 0 && (r->referer[n] == '/' || r->referer[n] == 0);
    return false;
}

/* The CSRF token the client sent: form field _csrf, or the X-CSRF-Token header for scripts. */
static const char *sent_csrf(request *r) {
    const char *t = kv_get(&r->form, "_csrf");
    return t ? t : (*r->csrf_header ? r->csrf_header : NULL);
}

static void pick_language(request *r) {
    const char *l = NULL;
    if (r->user.id) l = i18n_lang(r->user.lang);
    if (!l) l = i18n_lang(kv_get(&r->cookies, "crm_lang"));
    if (!l) l = r->app->cfg->language;
    r->lang = l;
}

/* Runs every check and then the handler; returns the status. */
static int checked_run(request *r, FCGX_Request *q) {
    const char *why = NULL;
    if (strlen(r->path) > MAX_PATH || *r->path != '/') return request_error(r, 400, "err.malformed");
    if (http_parse_urlencoded(r->a, r->query_string, strlen(r->query_string), &r->query) != HTTP_OK)
        return request_error(r, 400, "err.malformed");
    http_parse_cookies(r->a, r->cookie_header, &r->cookies);

    /* a page reads one moment of the database (db.h), its session lookup included: one read
     * transaction, whose end is the caller's (dispatch) */
    bool reads_only = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    if (reads_only) db_read_snapshot(r->db);
    dict_note_generation(0);   /* unknown until the session lookup reads it */
    dict_note_language(NULL);
    users_note_generation(0);
    const char *token = kv_get(&r->cookies, SESSION_COOKIE);
    if (token && !session_resolve(r, token, r->app->cfg->session_idle))
        request_set_cookie(r, SESSION_COOKIE, "", 0, true);   /* ended or unknown: drop the cookie */
    pick_language(r);
    dict_note_language(r->lang);   /* the dictionary's texts in the page's language */

    bool path_known;
    const route *rt = route_match(r->method, r->path, &r->path_id, &path_known);
    if (!rt) {
        if (path_known) {
            buf_puts(&r->extra_headers, "Allow: GET, POST\r\n");
            return request_error(r, 405, "err.method");
        }
        return request_error(r, 404, "err.not_found");
    }
    r->route = rt;
    if (!(rt->flags & R_PUBLIC) && r->user.id == 0) {
        if (r->wants_json) return request_error(r, 401, "err.login_required");
        buf b = BUF_INIT;
        buf_puts(&b, "/login?next=");
        url_encode(&b, r->path, strlen(r->path));
        request_redirect(r, arena_strdup(r->a, buf_str(&b)), NULL);
        buf_free(&b);
        return 303;
    }
    if (!perm_has(r->user.perms, rt->permission) || ((rt->flags & R_EXPORT) && !perm_has(r->user.perms, P_DATA_EXPORT)))
        return request_error(r, 403, "err.forbidden");
    if (strcmp(r->method, "POST") == 0) {
        int st = read_body(r, q, &why);
        if (st) return request_error(r, st, why);
    }
    if (rt->flags & R_CSRF) {
        const char *sent = sent_csrf(r);
        const char *expected = r->user.id ? r->user.csrf : kv_get(&r->cookies, PRELOGIN_COOKIE);
        if (!same_origin(r) || !token_equal(sent, expected)) {
            log_warn("csrf refused: route=%s origin=%s host=%s same_origin=%d token_sent=%d user=%lld", rt->name, r->origin, r->host, same_origin(r), sent != NULL, r->user.id);
            return request_error(r, 403, "err.csrf");
        }
    }
    return rt->handler(r);
}

/* Runs the request (checked_run) and then ends whatever transaction it left open: the page's read
 * snapshot, or a handler's that returned early; then the session's deferred write. */
static int dispatch(request *r, FCGX_Request *q) {
    int status = checked_run(r, q);
    db_end_snapshot(r->db);
    db_rollback(r->db);
    session_finish(r);
    return status;
}

/* Fills the request's CGI parameters in one pass over the FastCGI environment. */
static void read_params(request *r, FCGX_Request *q) {
    static const struct { const char *name; size_t len; size_t off; } wanted[] = {
#define P(name, field) {name "=", sizeof name, offsetof(request, field)}
        P("REQUEST_METHOD", method), P("DOCUMENT_URI", path), P("QUERY_STRING", query_string),
        P("CONTENT_TYPE", content_type), P("HTTP_ACCEPT", accept), P("HTTP_COOKIE", cookie_header),
        P("HTTP_ORIGIN", origin), P("HTTP_REFERER", referer), P("HTTP_HOST", host),
        P("REMOTE_ADDR", remote_addr), P("HTTP_USER_AGENT", user_agent), P("HTTP_X_CSRF_TOKEN", csrf_header),
#undef P
    };
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++) *(const char **)((char *)r + wanted[i].off) = "";
    for (char **e = q->envp; e && *e; e++) {
        const char *pair = *e;
        if (pair[0] == 'H' && strncmp(pair, "HTTPS=", 6) == 0) { r->https = strcmp(pair + 6, "on") == 0; continue; }
        for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
            if (pair[0] == wanted[i].name[0] && pair[1] == wanted[i].name[1] &&
                strncmp(pair, wanted[i].name, wanted[i].len) == 0) {
                *(const char **)((char *)r + wanted[i].off) = pair + wanted[i].len;
                break;
            }
    }
}

/* The sink streamed replies write through (request_write). */
static int put_fcgx(void *stream, const char *s, size_t n) {
    while (n > 0) {
        int chunk = n > (1 << 30) ? 1 << 30 : (int)n;
        if (FCGX_PutStr(s, chunk, (FCGX_Stream *)stream) != chunk) return -1;
        s += chunk;
        n -= (size_t)chunk;
    }
    return 0;
}

/* Answers one request. Returns how its reply went out, for fcgi_end. */
static enum fcgi_sent handle(app *ap, arena *a, FCGX_Request *q, buf *out) {
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    request r;
    memset(&r, 0, sizeof r);
    r.a = a;
    r.app = ap;
    r.db = ap->db;
    r.now = (long long)time(NULL);
    read_params(&r, q);
    r.wants_json = http_wants_json(r.accept);
    r.view = cJSON_CreateObject();
    r.lang = ap->cfg->language;
    r.status = dispatch(&r, q);
    if (r.status == 0) r.status = 200;
    render_reply(&r, out);
    bool streamed = r.stream && r.content_type_out && r.status < 400 && strcmp(r.method, "HEAD") != 0;
    int sent = fcgi_send(q, out->data, out->len, r.body_out, r.body_out_len, !streamed);
    if (streamed) {
        r.sink = put_fcgx;   /* headers are out: the handler's stream writes the body */
        r.sink_out = q->out;
        r.stream(&r);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000;
    log_msg("req", "%s %s route=%s user=%s status=%d us=%ld", r.method, r.path,
            r.route ? r.route->name : "-", r.user.id ? r.user.login : "-", r.status, us);
    buf_free(&r.extra_headers);
    buf_free(&r.body_raw);
    return streamed ? FCGI_STREAMED : sent;
}

/* The bare FastCGI hello of `crm serve --hello`: the ceiling for any page (make bench). With
 * ?bytes=N (at most 1 MiB) the body is N bytes, so the bench can also measure the ceiling for a
 * reply as large as a given page: the cost of moving its bytes through FastCGI, nginx and TCP. */
static void hello_loop(int listen_fd) {
    FCGX_Request q;
    FCGX_InitRequest(&q, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
    static const char reply[] = "Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nhello\n";
    static const char head[] = "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
    static char sized[sizeof head - 1 + (1 << 20)];   /* head, then filler */
    if (!sized[0]) {
        memcpy(sized, head, sizeof head - 1);
        memset(sized + sizeof head - 1, 'x', sizeof sized - (sizeof head - 1));
    }
    while (!stop_requested) {
        if (FCGX_Accept_r(&q) < 0) { if (stop_requested) break; continue; }
        const char *qs = FCGX_GetParam("QUERY_STRING", q.envp);
        long n = qs && strncmp(qs, "bytes=", 6) == 0 ? strtol(qs + 6, NULL, 10) : -1;
        int sent;
        if (n >= 0) {   /* sent as a page's reply is (fcgi_send): the headers, then the body */
            if (n > 1 << 20) n = 1 << 20;
            sent = fcgi_send(&q, sized, sizeof head - 1, sized + sizeof head - 1, (size_t)n, true);
        } else {
            sent = fcgi_send(&q, reply, sizeof reply - 1, NULL, 0, true);
        }
        fcgi_end(&q, sent);
    }
}

int worker_main(const config *cfg, int listen_fd) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_term;            /* no SA_RESTART: a blocked accept returns so we can exit */
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGHUP, SIG_IGN);
    signal(SIGINT, SIG_IGN);            /* Ctrl-C reaches the master, which stops us in order */
    signal(SIGPIPE, SIG_IGN);
    sigset_t term, old;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);

    if (cfg->hello) { hello_loop(listen_fd); return 0; }

    char err[512];
    app ap;
    if (auth_init() != 0) { log_error("libsodium init failed"); return 1; }
    if (app_init(&ap, cfg, err, sizeof err) != 0) { log_error("worker init failed: %s", err); return 1; }
    jsonmem_init();
    arena *a = arena_new(256 * 1024);
    buf out = BUF_INIT;
    FCGX_Request q;
    FCGX_InitRequest(&q, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR);
    while (!stop_requested) {
        if (FCGX_Accept_r(&q) < 0) {
            if (stop_requested) break;
            if (errno == EINTR || errno == ECONNABORTED) continue;
            log_error("accept failed: %s", strerror(errno));
            sleep(1);
            continue;
        }
        /* a stop request waits until this reply is out */
        sigprocmask(SIG_BLOCK, &term, &old);
        jsonmem_use(a);
        buf_clear(&out);
        fcgi_end(&q, handle(&ap, a, &q, &out));
        jsonmem_use(NULL);
        arena_reset(a);
        if (out.cap > 4 * 1024 * 1024) buf_free(&out);
        sigprocmask(SIG_SETMASK, &old, NULL);
    }
    buf_free(&out);
    arena_free(a);
    app_free(&ap);
    return 0;
}
