/* h_activities.h — handlers for 交往记录 (interaction records of a customer). */
#ifndef CRM_H_ACTIVITIES_H
#define CRM_H_ACTIVITIES_H
#include "request.h"

#include "activities.h"
#include "validate.h"

/* The query of a customer's 交往记录 page (GET /customers/{id}/activities) and of its CSV export. */
enum { AL_Q, AL_FROM, AL_TO, AL_SORT, AL_BEFORE_AT, AL_BEFORE, AL_AFTER_AT, AL_AFTER, AL_COUNT };
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
