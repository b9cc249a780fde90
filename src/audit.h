/* audit.h — the append-only 操作日志: one entry per change, written in the same transaction as the
 * change (who, when, which record, what action, before → after as JSON). */
#ifndef CRM_AUDIT_H
#define CRM_AUDIT_H
#include <cJSON.h>
#include "db.h"

/* Appends an entry. user_id 0 = the system. before/after may be NULL. Returns 0 or -1. */
int audit_write(db *d, long long now, long long user_id, const char *record_type, long long record_id,
                const char *action, const cJSON *before, const cJSON *after);

typedef struct audit_filter {
    long long user_id;          /* 0 = any */
    const char *record_type;    /* NULL = any */
    long long record_id;        /* 0 = any */
    const char *action;         /* NULL = any */
    long long from, to;         /* unix seconds, 0 = open */
    long long before_id;        /* keyset: entries with id < before_id; 0 = newest */
    long long before_at;        /* with a date range, the keyset is (at, id) < (before_at, before_id);
                                   0 = newest */
    int limit;
} audit_filter;

/* Appends matching entries, newest first, to rows (objects: id, at, user_id, user_name, record_type,
 * record_id, action, before_json, after_json). Returns the count or -1. */
int audit_list(db *d, const audit_filter *f, cJSON *rows);
#endif
