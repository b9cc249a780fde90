/* activity_feed.h — the 交往记录 of every customer a user may see, newest or oldest first (客户管理 › 交往记录, /activities):
 * filtered by the customers' 客户经理, 地区, 客户等级 and 名称 (its beginning), by 记录人 and by date, paged by key.
 * A customer's own 交往记录 page is activities.h. Records of retired customers leave this list, as the
 * customers leave theirs. */
#ifndef CRM_ACTIVITY_FEED_H
#define CRM_ACTIVITY_FEED_H
#include <stdbool.h>
#include <cJSON.h>
#include "activities.h"
#include "db.h"

typedef struct feed_filter {
    long long manager;           /* the customers' 客户经理 (row scope or the one chosen); 0 = any */
    const char *customer;        /* the customers' 名称 starts with this; NULL or "" = any */
    const char *region;          /* the customers' 地区 (a 数据字典 value); NULL or "" = any */
    const char *level;           /* the customers' 客户等级 (a 数据字典 value); NULL or "" = any */
    long long user_id;           /* 记录人; 0 = any */
    long long from, to;          /* 时间 in [from, to), unix seconds; 0 = open */
    bool oldest_first;           /* the order: newest first (the default) or oldest first (ACTIVITY_SORTS) */
    bool after;                  /* keyset: the records past (key_at, key_id) in that order */
    long long key_at, key_id;
    int limit;
} feed_filter;

/* Appends the filter's page to rows, in its order: objects id, customer_id, at, place, summary, detail,
 * user_id, user_name, customer_no, customer_name, customer_manager_id. Returns the count or -1. */
int feed_list(db *d, const feed_filter *f, cJSON *rows);
/* How many records match (the keyset aside), counting up to cap. Returns the count or -1. */
long long feed_count(db *d, const feed_filter *f, long long cap);
#endif
