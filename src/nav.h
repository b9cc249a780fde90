/* nav.h — the navigation menu: groups of links, each shown only to users holding its permission. */
#ifndef CRM_NAV_H
#define CRM_NAV_H
#include <cJSON.h>
#include "request.h"
/* Returns the menu for r's user as a JSON array of groups {label, items: [{label, href, active}]}. */
cJSON *nav_build(request *r);
#endif
