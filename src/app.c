/* app.c — per-worker state: database connection, message catalogs, template sources and cache. */
#include "app.h"
#include "i18n.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct template_src {
    struct template_src *next;
    char *name;
    char *text;
    size_t len;
} template_src;

/* Loads templates/<name>.mustache once per worker; the text stays until app_free. NULL if missing. */
static const char *load_template(void *ud, const char *name, size_t *len) {
    app *a = ud;
    for (template_src *t = a->sources; t; t = t->next)
        if (strcmp(t->name, name) == 0) { *len = t->len; return t->text; }
    /* names are identifiers from our own templates and route table: refuse anything path-like */
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')) return NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.mustache", a->cfg->templates, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    template_src *t = malloc(sizeof *t);
    t->name = strdup(name);
    t->len = b.len;
    t->text = b.data ? b.data : strdup("");
    t->next = a->sources;
    a->sources = t;
    *len = t->len;
    return t->text;
}

int app_init(app *a, const config *cfg, char *err, size_t errlen) {
    memset(a, 0, sizeof *a);
    a->cfg = cfg;
    a->started = (long long)time(NULL);
    if (db_open(&a->db, cfg->database, DB_READWRITE, err, errlen) != 0) return -1;
    char dir[600];
    snprintf(dir, sizeof dir, "%s/i18n", cfg->templates);
    if (i18n_load(dir, err, errlen) != 0) return -1;
    a->templates = mustache_cache_new(load_template, a);
    return 0;
}

void app_free(app *a) {
    mustache_cache_free(a->templates);
    template_src *t = a->sources;
    while (t) { template_src *n = t->next; free(t->name); free(t->text); free(t); t = n; }
    db_close(a->db);
    i18n_free();
    memset(a, 0, sizeof *a);
}
