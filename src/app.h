/* app.h — what one worker process holds for its whole life: configuration, its own database
 * connection, compiled templates, and the template source texts. Created after fork, never shared. */
#ifndef CRM_APP_H
#define CRM_APP_H
#include "config.h"
#include "db.h"
#include "mustache.h"

typedef struct app {
    const config *cfg;
    db *db;
    mustache_cache *templates;
    struct template_src *sources;   /* loaded template texts, a linked list */
    long long started;              /* unix seconds when the worker started */
} app;

/* Opens the database, loads catalogs and prepares the template cache. Returns 0 or -1 with err. */
int app_init(app *a, const config *cfg, char *err, size_t errlen);
void app_free(app *a);
#endif
