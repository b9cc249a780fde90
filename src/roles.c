/* roles.c — SQL for role_perms; see roles.h. */
#include "roles.h"
#include <string.h>

static const char SQL_LOAD[] = "SELECT role, group_concat(perm, ' ') FROM role_perms GROUP BY role";

int roles_load(db *d, permset out[ROLE_COUNT]) {
    memset(out, 0, sizeof(permset) * ROLE_COUNT);
    sqlite3_stmt *st = db_prepare(d, SQL_LOAD);
    if (!st) return -1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *role = db_text(st, 0);
        for (int i = 0; i < ROLE_COUNT; i++)
            if (strcmp(ROLES[i], role) == 0) out[i] = perm_parse_list(db_text(st, 1));
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static const char SQL_CLEAR[] = "DELETE FROM role_perms";
static const char SQL_ADD[] = "INSERT INTO role_perms(role, perm) VALUES (?1, ?2)";

int roles_save(db *d, const permset m[ROLE_COUNT]) {
    sqlite3_stmt *st = db_prepare(d, SQL_CLEAR);
    if (!st || sqlite3_step(st) != SQLITE_DONE) { db_done(st); return -1; }
    sqlite3_reset(st);
    for (int i = 0; i < ROLE_COUNT; i++)
        for (int p = 1; p < P__COUNT; p++) {
            if (!perm_has(m[i], (perm)p)) continue;
            st = db_prepare(d, SQL_ADD);
            if (!st) return -1;
            sqlite3_bind_text(st, 1, ROLES[i], -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, perm_code((perm)p), -1, SQLITE_STATIC);
            int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE) return -1;
        }
    return 0;
}
