/* app.h — what one worker process holds for its whole life: configuration, its own database
 * connection, compiled templates, and the template source texts. Created after fork, never shared. */
#ifndef CRM_APP_H
#define CRM_APP_H
#include "config.h"
#include "db.h"
#include "buf.h"
#include "mustache.h"
#include "perm.h"

/* Templates are localised when they load: each {{t.key}} is replaced by the catalog text (escaped),
 * so a page spends no time looking up UI text. One cache per language. */
enum { LANG_ZH = 0, LANG_EN = 1, LANG_COUNT = 2 };
struct app;
typedef struct template_lang { struct app *app; const char *lang; } template_lang;

typedef struct app {
    const config *cfg;
    db *db;
    mustache_cache *templates[LANG_COUNT];
    template_lang template_langs[LANG_COUNT];
    struct template_src *sources;   /* loaded (localised) template texts, a linked list */
    long long started;              /* unix seconds when the worker started */
    long long perm_generation;      /* settings.perm_generation the cached matrix belongs to (0 = none) */
    permset role_perms[ROLE_COUNT]; /* the role × permission matrix, indexed like ROLES[] */
    buf body;                       /* rendered page, reused from request to request */
} app;

/* Opens the database, loads catalogs and prepares the template cache. Returns 0 or -1 with err. */
int app_init(app *a, const config *cfg, char *err, size_t errlen);
void app_free(app *a);
/* The compiled-template cache for a language ("en" or anything else = zh-CN). */
mustache_cache *app_templates(app *a, const char *lang);
#endif
