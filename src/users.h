/* users.h — the users table: accounts, roles, activation, passwords, sign-in failure counting. */
#ifndef CRM_USERS_H
#define CRM_USERS_H
#include <stdbool.h>
#include <cJSON.h>
#include "arena.h"
#include "auth.h"
#include "db.h"
#include "store.h"

typedef struct user_fields {
    const char *login, *name, *role, *region, *lang;
} user_fields;

typedef struct users_filter {
    const char *q;         /* login or name contains; NULL = any */
    const char *role;      /* NULL = any */
    int active;            /* -1 any, 0 inactive, 1 active */
    long long after_id;    /* keyset: ids greater than this */
    int limit;
} users_filter;

typedef struct login_row {
    long long id;
    bool active;
    int failed_logins;
    long long locked_until;
    char pw_hash[PASSWORD_HASH_MAX];
} login_row;

/* The user as a JSON object (no password hash), or NULL if there is none. */
cJSON *users_get(db *d, long long id);
/* Appends matching users ordered by id to rows. Returns count or -1. */
int users_list(db *d, const users_filter *f, cJSON *rows);
/* Active users with role (NULL = any), by name, for pickers: objects {id, name, login, role, region}.
 * Read from the per-worker cache (users.c). Returns the count or -1. */
int users_list_active(db *d, const char *role, cJSON *rows);
/* A user's name (any user, active or not) copied to a, or "" for none; from the cache. */
const char *users_name(db *d, arena *a, long long id);
/* The committed users_generation the session lookup read for this request (0 = unknown). */
void users_note_generation(long long generation);
/* Inserts a user. Returns the new id, STORE_DUPLICATE if the login is taken, or STORE_ERROR. */
long long users_create(db *d, const user_fields *f, const char *pw_hash, long long now);
/* Updates fields if version matches. Returns STORE_OK, STORE_STALE, STORE_NOT_FOUND, STORE_DUPLICATE. */
int users_update(db *d, long long id, long long version, const user_fields *f, long long now);
/* (De)activates if version matches. */
int users_set_active(db *d, long long id, long long version, bool active, long long now);
/* Replaces the password hash and clears the failure counter. */
int users_set_password(db *d, long long id, const char *pw_hash, long long now);
/* Sets the preferred language. */
int users_set_lang(db *d, long long id, const char *lang, long long now);
/* Finds a login for sign-in. Returns 1 found, 0 none, -1 error. */
int users_login_lookup(db *d, const char *login, login_row *out);
/* Records a failed sign-in: counts it and, from max_failures on, locks the account for
 * 30 s doubling per further failure (at most 15 minutes). Returns the lock end (0 if not locked). */
long long users_login_failed(db *d, long long id, int max_failures, long long now);
/* Records a successful sign-in (clears the counter). */
int users_login_ok(db *d, long long id, long long now);
/* Count of users (any state). */
long long users_count(db *d);
#endif
