/* h_activities.h — handlers for 交往记录 (interaction records of a customer). */
#ifndef CRM_H_ACTIVITIES_H
#define CRM_H_ACTIVITIES_H
#include "request.h"

int h_activities_new(request *r);
int h_activities_create(request *r);
int h_activities_edit(request *r);
int h_activities_update(request *r);
int h_activities_delete(request *r);
#endif
