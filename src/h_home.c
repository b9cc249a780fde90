/* h_home.c — the home page of each role and the health endpoint. A rep's home is the work queue (with
 * the newest 交往记录 on their customers); directors and executives see the dashboard; admins see the
 * system overview. The panels fill in as later modules arrive. */
#include "activity_feed.h"
#include "app.h"
#include "h_contacts.h"
#include "handlers.h"
#include "scope.h"
#include "users.h"
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RECENT_ACTIVITIES 5   /* 交往记录 the work queue shows */

/* The work queue's 最近交往记录: the newest records on the customers the user may see (a rep's own,
 * whoever wrote them), as the 交往记录 list starts. -1 on failure. */
static int recent_activities(request *r) {
    feed_filter f = {.manager = scope_manager(r), .limit = RECENT_ACTIVITIES};
    cJSON_AddTrueToObject(r->view, "recent");
    cJSON *rows = cJSON_AddArrayToObject(r->view, "recent_activities");
    if (feed_list(r->db, &f, rows) < 0) return -1;
    cJSON *a;
    cJSON_ArrayForEach(a, rows) cJSON_AddStringToObject(a, "when", request_time(r, rec_num(a, "at")));
    return 0;
}

int h_home(request *r) {
    r->template_name = "home";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "home.title"));
    cJSON_AddStringToObject(r->view, "role", r->user.role);
    if (perm_has(r->user.perms, P_WORKQUEUE_VIEW)) {
        cJSON_AddTrueToObject(r->view, "workqueue");
        if (perm_has(r->user.perms, P_CUSTOMER_VIEW) && recent_activities(r) != 0)
            return request_error(r, 500, "err.internal");
    }
    if (perm_has(r->user.perms, P_DASHBOARD_VIEW)) cJSON_AddTrueToObject(r->view, "dashboard");
    if (perm_has(r->user.perms, P_USER_MANAGE)) {
        cJSON *sys = cJSON_AddObjectToObject(r->view, "system");
        cJSON_AddNumberToObject(sys, "users", (double)users_count(r->db));
        cJSON_AddNumberToObject(sys, "schema_version", db_schema_version(r->db));
    }
    return 200;
}

int h_health(request *r) {
    r->wants_json = true;
    int v = db_schema_version(r->db);
    bool ok = v > 0;
    cJSON_AddStringToObject(r->view, "status", ok ? "ok" : "error");
    cJSON_AddNumberToObject(r->view, "schema_version", v);
    cJSON_AddNumberToObject(r->view, "worker_pid", (double)getpid());
    cJSON_AddNumberToObject(r->view, "worker_uptime", (double)(r->now - r->app->started));
    return ok ? 200 : 503;
}
