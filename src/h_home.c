/* h_home.c — the home page of each role and the health endpoint. A rep's home is the work queue;
 * directors and executives see the dashboard; admins see the system overview. The panels fill in as
 * later modules arrive. */
#include "app.h"
#include "handlers.h"
#include "users.h"
#include <string.h>
#include <time.h>
#include <unistd.h>

int h_home(request *r) {
    r->template_name = "home";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "home.title"));
    cJSON_AddStringToObject(r->view, "role", r->user.role);
    if (perm_has(r->user.perms, P_WORKQUEUE_VIEW)) cJSON_AddTrueToObject(r->view, "workqueue");
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
