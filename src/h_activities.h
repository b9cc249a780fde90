/* h_activities.h — handlers for 交往记录 (interaction records of a customer). */
#ifndef CRM_H_ACTIVITIES_H
#define CRM_H_ACTIVITIES_H
#include "request.h"

#include "activities.h"
#include "validate.h"

/* The time fields both 交往记录 lists (a customer's, here; every customer's, h_activity_feed.c) read, in this
 * order from their "from": the date range, the order (ACTIVITY_SORTS) and each order's keyset (the last
 * row's 时间, unix seconds, and id: before_* newest first, after_* oldest first). */
#define ACTIVITY_TIME_FIELDS                                                                            \
    {"from", F_DATE, false, 0, 0, NULL}, {"to", F_DATE, false, 0, 0, NULL},                              \
    {"sort", F_ENUM, false, 0, 0, ACTIVITY_SORTS},                                                       \
    {"before_at", F_INT, false, 0, 0, NULL}, {"before", F_ID, false, 0, 0, NULL},                        \
    {"after_at", F_INT, false, 0, 0, NULL}, {"after", F_ID, false, 0, 0, NULL}
enum { AT_FROM, AT_TO, AT_SORT, AT_BEFORE_AT, AT_BEFORE, AT_AFTER_AT, AT_AFTER, AT_COUNT };

typedef struct activity_time {
    long long from, to;          /* 时间 in [from, to), unix seconds at local midnights; 0 = open */
    bool oldest_first;
    bool after;                  /* the keyset of the order given: the records past (key_at, key_id) */
    long long key_at, key_id;
} activity_time;
/* Reads the time fields (t: the list's values from its "from" on), validated. */
activity_time activity_time_read(const field_value *t);
/* A next page's keyset parameters for the row (at, id): "before_at=…&before=…" newest first, "after_at=…&after=…"
 * oldest first. */
const char *activity_key_param(request *r, bool oldest_first, long long at, long long id);

/* The query of a customer's 交往记录 page (GET /customers/{id}/activities) and of its CSV export. */
enum { AL_Q, AL_FROM, AL_TO = AL_FROM + AT_TO, AL_COUNT = AL_FROM + AT_COUNT };
/* Reads and checks the query (r->query) for the customer r->path_id into v and f (f->limit left 0).
 * Returns the number of errors, each added to the view. */
size_t activities_query(request *r, field_value *v, activities_filter *f);

int h_activities_list(request *r);
int h_activities_new(request *r);
int h_activities_create(request *r);
int h_activities_edit(request *r);
int h_activities_update(request *r);
int h_activities_delete(request *r);
#endif
