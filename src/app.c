/* app.c — per-worker state: database connection, message catalogs, template sources and cache. */
#include "app.h"
#include "html.h"
#include <stdbool.h>
#include "i18n.h"
#include "log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct template_src {
    struct template_src *next;
    const char *lang;
    char *name;
    char *text;
    size_t len;
} template_src;

/* Appends src[0..n) to out with every plain {{t.key.path}} tag replaced by the HTML-escaped catalog
 * text for lang (zh-CN text when en lacks the key; the key itself when both do, so it shows). */
static void localise(buf *out, const char *src, size_t n, const char *lang) {
    size_t i = 0;
    while (i < n) {
        const char *open = memmem(src + i, n - i, "{{t.", 4);
        if (!open) { buf_append(out, src + i, n - i); break; }
        size_t at = (size_t)(open - src);
        const char *close = memmem(open + 4, n - at - 4, "}}", 2);
        size_t keylen = close ? (size_t)(close - open - 4) : 0;
        bool plain = close && keylen > 0 && keylen < 120;
        for (size_t k = 0; plain && k < keylen; k++) {
            char c = open[4 + k];
            plain = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
        }
        if (at > 0 && src[at - 1] == '{') plain = false;   /* {{{t.x}}} stays as written */
        if (!plain) { buf_append(out, src + i, at + 4 - i); i = at + 4; continue; }
        char key[128];
        memcpy(key, open + 4, keylen);
        key[keylen] = 0;
        const char *text = i18n_get(lang, key);
        buf_append(out, src + i, at - i);
        if (strstr(text, "{{")) buf_append(out, open, keylen + 6);   /* never let catalog text become a tag */
        else html_escape(out, text, strlen(text));
        i = at + keylen + 6;
    }
}

/* Removes the indentation at the start of every line (it is for people reading the template, not for
 * browsers): pages get about a quarter smaller. Not applied to templates holding <pre> or <textarea>. */
static void squeeze_indentation(buf *b) {
    size_t w = 0;
    bool line_start = true;
    for (size_t i = 0; i < b->len; i++) {
        char c = b->data[i];
        if (line_start && (c == ' ' || c == '\t')) continue;
        line_start = c == '\n';
        b->data[w++] = c;
    }
    b->len = w;
    if (b->data) b->data[w] = 0;
}

/* Loads templates/<name>.mustache once per worker and language, localised; the text stays until
 * app_free. NULL if missing. */
static const char *load_template(void *ud, const char *name, size_t *len) {
    template_lang *tl = ud;
    app *a = tl->app;
    for (template_src *t = a->sources; t; t = t->next)
        if (t->lang == tl->lang && strcmp(t->name, name) == 0) { *len = t->len; return t->text; }
    /* names are identifiers from our own templates and route table: refuse anything path-like */
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-')) return NULL;
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.mustache", a->cfg->templates, name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf raw = BUF_INIT, b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&raw, chunk, n);
    fclose(f);
    localise(&b, buf_str(&raw), raw.len, tl->lang);
    buf_free(&raw);
    if (!strstr(buf_str(&b), "<pre") && !strstr(buf_str(&b), "<textarea")) squeeze_indentation(&b);
    template_src *t = malloc(sizeof *t);
    t->lang = tl->lang;
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
    static const char *const langs[LANG_COUNT] = {"zh-CN", "en"};
    for (int i = 0; i < LANG_COUNT; i++) {
        a->template_langs[i] = (template_lang){a, langs[i]};
        a->templates[i] = mustache_cache_new(load_template, &a->template_langs[i]);
        /* the catalog is loaded once per worker (a reload starts new workers): {{t.x.y}} resolves once */
        mustache_cache_set_stable(a->templates[i], i18n_catalog(langs[i]));
    }
    return 0;
}

mustache_cache *app_templates(app *a, const char *lang) {
    return a->templates[lang && strcmp(lang, "en") == 0 ? LANG_EN : LANG_ZH];
}

void app_free(app *a) {
    buf_free(&a->body);
    for (int i = 0; i < LANG_COUNT; i++) mustache_cache_free(a->templates[i]);
    template_src *t = a->sources;
    while (t) { template_src *n = t->next; free(t->name); free(t->text); free(t); t = n; }
    db_close(a->db);
    i18n_free();
    memset(a, 0, sizeof *a);
}
