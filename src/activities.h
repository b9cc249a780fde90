/* activities.h — 交往记录: interaction records of a customer (时间, 地点, 概要, 详细信息, recorded by).
 * Times are UTC unix seconds. Row scope as in contacts.h (manager 0 = all). */
#ifndef CRM_ACTIVITIES_H
#define CRM_ACTIVITIES_H
#include <cJSON.h>
#include "db.h"
#include "store.h"
#include <stdbool.h>

typedef struct activity_fields {
    long long at;
    const char *place, *summary, *detail;
} activity_fields;

/* The newest `limit` records of a customer (limit <= 0: all), newest first, each with user_name.
 * Returns the row count or -1. */
int activities_for_customer(db *d, long long customer_id, int limit, cJSON *rows);
/* The orders a 交往记录 page offers (its sort parameter): "-at" newest first (the default), "at" oldest
 * first; by 时间, then id. */
extern const char *const ACTIVITY_SORTS[];

/* A customer's records as its 交往记录 page lists them, newest or oldest first (时间, then id). */
typedef struct activities_filter {
    long long customer_id;
    const char *q;               /* text in 概要, 地点 or 详细信息 (letters in any case); NULL = any */
    long long from, to;          /* 时间 in [from, to), unix seconds; 0 = open */
    bool oldest_first;
    bool after;                  /* keyset: the records past (key_at, key_id) in the order */
    long long key_at, key_id;
    int limit;
} activities_filter;

/* Appends the filter's page (objects as activities_for_customer's) to rows. Returns the count or -1. */
int activities_list(db *d, const activities_filter *f, cJSON *rows);
/* How many records match (the keyset aside), counting up to cap. Returns the count or -1. */
long long activities_count(db *d, const activities_filter *f, long long cap);
/* One record (with customer_name, user_name) within the manager's scope, or NULL. */
cJSON *activities_get(db *d, long long id, long long manager);
/* Inserts a record by user_id. Returns the new id or STORE_ERROR. */
long long activities_create(db *d, long long customer_id, long long user_id, const activity_fields *f,
                            long long now);
/* Updates at version. Returns STORE_OK, STORE_STALE, STORE_NOT_FOUND or STORE_ERROR. */
int activities_update(db *d, long long id, long long version, const activity_fields *f, long long now);
/* Deletes at version. */
int activities_delete(db *d, long long id, long long version);
#endif
