/* h_auth.c — sign-in, sign-out, own password change, language choice. */
#include "app.h"
#include "audit.h"
#include "auth.h"
#include "handlers.h"
#include "i18n.h"
#include "log.h"
#include "session.h"
#include "users.h"
#include <string.h>

/* A local path to return to after sign-in; "/" when next is missing or not local. */
static const char *safe_next(const char *next) {
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strncmp(next, "/login", 6) == 0) return "/";
    for (const char *p = next; *p; p++)
        if ((unsigned char)*p < 0x20) return "/";
    return next;
}

/* Gives the sign-in form its double-submit CSRF token (cookie + hidden field). */
static void prelogin_token(request *r) {
    const char *pre = kv_get(&r->cookies, PRELOGIN_COOKIE);
    if (!pre || strlen(pre) != TOKEN_CHARS) {
        char t[TOKEN_CHARS + 1];
        token_new(t);
        pre = arena_strdup(r->a, t);
        request_set_cookie(r, PRELOGIN_COOKIE, pre, -1, true);
    }
    cJSON_AddStringToObject(r->view, "csrf", pre);
}

static void login_view(request *r, const char *login, const char *next) {
    r->template_name = "login";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "login.title"));
    cJSON_AddStringToObject(r->view, "login", login ? login : "");
    cJSON_AddStringToObject(r->view, "next", safe_next(next));
    prelogin_token(r);
}

int h_login_form(request *r) {
    if (r->user.id) { request_redirect(r, safe_next(kv_get(&r->query, "next")), NULL); return 303; }
    login_view(r, "", kv_get(&r->query, "next"));
    return 200;
}

static const field_spec LOGIN_FIELDS[] = {
    {"login", F_TEXT, true, 1, 64, NULL},
    {"password", F_PASSWORD, true, 1, 128, NULL},
    {"next", F_TEXT, false, 0, 500, NULL},
};

int h_login(request *r) {
    field_value v[3];
    if (request_validate(r, LOGIN_FIELDS, 3, v, false)) {
        login_view(r, v[0].text, v[2].text);
        return 422;
    }
    const char *login = v[0].text, *password = v[1].text;
    login_row row;
    int found = users_login_lookup(r->db, login, &row);
    if (found < 0) return request_error(r, 500, "err.internal");
    if (found == 0) {
        password_verify_dummy(password);
        login_view(r, login, v[2].text);
        cJSON_AddStringToObject(r->view, "error", request_t(r, "login.failed"));
        return 401;
    }
    if (row.locked_until > r->now) {
        login_view(r, login, v[2].text);
        cJSON_AddStringToObject(r->view, "error", request_t_n(r, "login.locked", row.locked_until - r->now));
        return 429;
    }
    bool ok = password_verify(row.pw_hash, password);
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    if (!ok || !row.active) {
        long long until = users_login_failed(r->db, row.id, r->app->cfg->login_max_failures, r->now);
        audit_write(r->db, r->now, row.id, "user", row.id, "login_failed", NULL, NULL);
        db_commit(r->db);
        login_view(r, login, v[2].text);
        cJSON_AddStringToObject(r->view, "error", request_t(r, !ok ? "login.failed" : "login.inactive"));
        if (until) {
            cJSON_ReplaceItemInObject(r->view, "error", cJSON_CreateString(request_t_n(r, "login.locked", until - r->now)));
            return 429;
        }
        return 401;
    }
    char token[TOKEN_CHARS + 1], csrf[TOKEN_CHARS + 1];
    long long sid = session_create(r->db, row.id, r->now, r->app->cfg->session_absolute, r->remote_addr,
                                   r->user_agent, token, csrf);
    if (sid < 0 || users_login_ok(r->db, row.id, r->now) != 0 ||
        audit_write(r->db, r->now, row.id, "session", sid, "login", NULL, NULL) != 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_set_cookie(r, SESSION_COOKIE, token, -1, true);
    request_set_cookie(r, PRELOGIN_COOKIE, "", 0, true);
    cJSON_AddStringToObject(r->view, "csrf", csrf);
    request_redirect(r, safe_next(v[2].text), NULL);
    return 303;
}

int h_logout(request *r) {
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    if (session_delete(r->db, r->user.session_id) != 0 ||
        audit_write(r->db, r->now, r->user.id, "session", r->user.session_id, "logout", NULL, NULL) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_set_cookie(r, SESSION_COOKIE, "", 0, true);
    request_redirect(r, "/login", "notice.logged_out");
    return 303;
}

int h_password_form(request *r) {
    r->template_name = "password";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "password.title"));
    return 200;
}

static const field_spec PASSWORD_FIELDS[] = {
    {"current", F_PASSWORD, true, 1, 128, NULL},
    {"password", F_PASSWORD, true, 8, 128, NULL},
    {"confirm", F_PASSWORD, true, 1, 128, NULL},
};

int h_password_change(request *r) {
    field_value v[3];
    h_password_form(r);
    if (request_validate(r, PASSWORD_FIELDS, 3, v, false)) return 422;
    login_row row;
    if (users_login_lookup(r->db, r->user.login, &row) != 1) return request_error(r, 500, "err.internal");
    const char *problem = NULL, *field = NULL;
    if (!password_verify(row.pw_hash, v[0].text)) { problem = "password.wrong_current"; field = "current"; }
    else if (strcmp(v[1].text, v[2].text) != 0) { problem = "password.mismatch"; field = "confirm"; }
    else if (strcmp(v[1].text, v[0].text) == 0) { problem = "password.same"; field = "password"; }
    if (problem) {
        request_add_error(r, field, problem, 0);
        return 422;
    }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(v[1].text, hash) != 0) return request_error(r, 500, "err.internal");
    if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
    if (users_set_password(r->db, r->user.id, hash, r->now) != STORE_OK ||
        session_delete_user(r->db, r->user.id, r->user.session_id) != 0 ||
        audit_write(r->db, r->now, r->user.id, "user", r->user.id, "password_change", NULL, NULL) != 0 ||
        db_commit(r->db) != 0) {
        db_rollback(r->db);
        return request_error(r, 500, "err.internal");
    }
    request_redirect(r, "/", "notice.password_changed");
    return 303;
}

static const char *const LANGS[] = {"zh-CN", "en", NULL};
static const field_spec LANG_FIELDS[] = {
    {"lang", F_ENUM, true, 0, 0, LANGS},
    {"next", F_TEXT, false, 0, 500, NULL},
};

int h_set_lang(request *r) {
    field_value v[2];
    if (request_validate(r, LANG_FIELDS, 2, v, false)) return request_error(r, 422, "err.invalid");
    const char *lang = LANGS[v[0].i];
    if (r->user.id) {
        if (db_begin(r->db) != 0) return request_error(r, 503, "err.busy");
        cJSON *before = cJSON_CreateObject(), *after = cJSON_CreateObject();
        cJSON_AddStringToObject(before, "lang", r->user.lang);
        cJSON_AddStringToObject(after, "lang", lang);
        if (users_set_lang(r->db, r->user.id, lang, r->now) != STORE_OK ||
            audit_write(r->db, r->now, r->user.id, "user", r->user.id, "update", before, after) != 0 ||
            db_commit(r->db) != 0) {
            db_rollback(r->db);
            return request_error(r, 500, "err.internal");
        }
    }
    request_set_cookie(r, "crm_lang", lang, 365L * 86400, false);
    r->lang = lang;
    const char *next = v[1].present ? v[1].text : "/";
    request_redirect(r, strncmp(next, "/login", 6) == 0 ? "/login" : safe_next(next), NULL);
    return 303;
}
