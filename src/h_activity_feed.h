/* h_activity_feed.h — 客户管理 › 交往记录 (h_activity_feed.c): the interaction records of every customer a user
 * may see, and the query its CSV export (h_export.c) reads the same way. */
#ifndef CRM_H_ACTIVITY_FEED_H
#define CRM_H_ACTIVITY_FEED_H
#include "activity_feed.h"
#include "h_activities.h"
#include "h_contacts.h"
#include "request.h"
#include "validate.h"

/* GET /activities?customer=&region=&level=&manager=&user=&from=&to=&sort=&before_at=&before=&after_at=&after= */
int h_activity_feed(request *r);

/* the query fields: the customer filters (CF_*, h_contacts.h), then the feed's own */
enum { FQ_USER = CF_COUNT, FQ_FROM, FQ_TO = FQ_FROM + AT_TO, FQ_COUNT = FQ_FROM + AT_COUNT };
/* Reads and checks the page's filters and key into v[FQ_COUNT] and f (f->limit left 0), within r's row
 * scope (a manager asked for by a user who sees only their own is ignored); an unknown 地区 or 客户等级 is an
 * error.
 * Returns the number of errors, each added to the view. */
size_t feed_query(request *r, field_value *v, feed_filter *f);
#endif
