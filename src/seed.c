/* seed.c — demo data; see seed.h. Everything written here is audited as done by the system. */
#include "seed.h"
#include "audit.h"
#include "auth.h"
#include "log.h"
#include "users.h"
#include <stdio.h>
#include <time.h>

const struct demo_user DEMO_USERS[] = {
    {"admin", "系统管理员", "admin", ""},
    {"director", "王主管", "director", ""},
    {"rep1", "张伟", "rep", "beijing"},
    {"rep2", "李娜", "rep", "shanghai"},
    {"exec", "陈总", "executive", ""},
    {NULL, NULL, NULL, NULL},
};

int seed_demo(db *d) {
    long long now = (long long)time(NULL);
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(DEMO_PASSWORD, hash) != 0) return -1;
    if (db_begin(d) != 0) return -1;
    for (int i = 0; DEMO_USERS[i].login; i++) {
        login_row row;
        if (users_login_lookup(d, DEMO_USERS[i].login, &row) == 1) continue;
        user_fields f = {DEMO_USERS[i].login, DEMO_USERS[i].name, DEMO_USERS[i].role, DEMO_USERS[i].region, "zh-CN"};
        long long id = users_create(d, &f, hash, now);
        if (id <= 0) { db_rollback(d); return -1; }
        cJSON *after = users_get(d, id);
        int rc = audit_write(d, now, 0, "user", id, "create", NULL, after);
        cJSON_Delete(after);
        if (rc != 0) { db_rollback(d); return -1; }
    }
    return db_commit(d);
}
