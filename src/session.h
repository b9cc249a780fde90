/* session.h — sign-in sessions as rows: create on login, look up by cookie token (only its SHA-256 is
 * stored), expire on idle or absolute time, end on logout or password change. */
#ifndef CRM_SESSION_H
#define CRM_SESSION_H
#include <stdbool.h>
#include "auth.h"
#include "db.h"
#include "request.h"

#define SESSION_COOKIE "crm_session"
#define PRELOGIN_COOKIE "crm_pre"   /* double-submit CSRF token for the sign-in form */

/* Creates a session for user_id. Writes the cookie token (to give the browser) into token and the
 * CSRF token into csrf. Returns the session id or -1. Caller holds the transaction. */
long long session_create(db *d, long long user_id, long long now, long long absolute_seconds, const char *ip,
                         const char *user_agent, char token[TOKEN_CHARS + 1], char csrf[TOKEN_CHARS + 1]);
/* Resolves the cookie token into r->user (id, login, name, role, lang, perms, session id, csrf).
 * Returns true when the request is signed in. It only reads (a page's read snapshot may be open):
 * deleting an expired session and noting last_seen (once a minute) are left to session_finish. */
bool session_resolve(request *r, const char *token, int idle_seconds);
/* Does the write session_resolve left for r, if any, outside any transaction. */
void session_finish(request *r);
/* Deletes one session / every session of a user except keep_id (0 = all). Returns 0 or -1. */
int session_delete(db *d, long long session_id);
int session_delete_user(db *d, long long user_id, long long keep_id);
/* Deletes sessions past their expiry (maintenance). Returns rows deleted. */
int session_purge(db *d, long long now, int idle_seconds);
#endif
