/* i18n.c — loads the zh-CN and en catalogs and looks up dotted keys; see i18n.h. Besides the nested
 * catalog (for templates), every text is indexed under its full dotted key in a hash table, so a
 * lookup from C is one hash and one strcmp instead of a walk over each level's members. */
#include "i18n.h"
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *catalog_zh, *catalog_en;

/* full dotted key -> text, open addressing; keys are owned, texts point into the catalog */
typedef struct flat { char **keys; const char **texts; size_t cap; } flat;
static flat flat_zh, flat_en;

static uint64_t key_hash(const char *s) {
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void flat_free(flat *f) {
    for (size_t i = 0; f->keys && i < f->cap; i++) free(f->keys[i]);
    free(f->keys);
    free(f->texts);
    memset(f, 0, sizeof *f);
}

static size_t count_texts(const cJSON *node) {
    size_t n = 0;
    for (const cJSON *c = node->child; c; c = c->next)
        n += cJSON_IsString(c) ? 1 : cJSON_IsObject(c) ? count_texts(c) : 0;
    return n;
}

/* Adds key → text. Returns 0, -1 without memory, or FLAT_TWICE when the key is there already (a catalog
 * that defines a key twice: cJSON keeps both, and which one a page shows would depend on the lookup). */
#define FLAT_TWICE (-2)
static int flat_put(flat *f, const char *key, size_t klen, const char *text) {
    char *k = malloc(klen + 1);
    if (!k) return -1;
    memcpy(k, key, klen);
    k[klen] = 0;
    size_t i = key_hash(k) & (f->cap - 1);
    for (; f->keys[i]; i = (i + 1) & (f->cap - 1)) {
        if (strcmp(f->keys[i], k) == 0) { free(k); return FLAT_TWICE; }
    }
    f->keys[i] = k;
    f->texts[i] = text;
    return 0;
}

/* Adds every text under node, its keys prefixed by path[0..plen). Returns 0, or flat_put's failure with
 * the key in path (NUL-terminated). */
static int flatten(flat *f, const cJSON *node, char *path, size_t plen, size_t max) {
    for (const cJSON *c = node->child; c; c = c->next) {
        size_t n = strlen(c->string);
        size_t len = plen + (plen ? 1 : 0) + n;
        if (len >= max) continue;   /* (too deep to be asked for) */
        if (plen) path[plen] = '.';
        memcpy(path + plen + (plen ? 1 : 0), c->string, n);
        if (cJSON_IsString(c)) {
            int rc = flat_put(f, path, len, c->valuestring);
            if (rc != 0) { path[len] = 0; return rc; }
        }
        if (cJSON_IsObject(c)) {
            int rc = flatten(f, c, path, len, max);
            if (rc != 0) return rc;   /* (path names the key that failed) */
        }
    }
    return 0;
}

/* Indexes catalog's texts by dotted key. Returns 0, or -1 with err saying why (lang: the catalog's). */
static int flat_build(flat *f, const cJSON *catalog, const char *lang, char *err, size_t errlen) {
    size_t cap = 16;
    while (cap < 2 * count_texts(catalog)) cap *= 2;
    f->keys = calloc(cap, sizeof *f->keys);
    f->texts = calloc(cap, sizeof *f->texts);
    f->cap = cap;
    char path[256] = "";
    int rc = f->keys && f->texts ? flatten(f, catalog, path, 0, sizeof path) : -1;
    if (rc == 0) return 0;
    if (rc == FLAT_TWICE) snprintf(err, errlen, "catalog %s: key \"%s\" is defined twice", lang, path);
    else snprintf(err, errlen, "out of memory indexing the catalogs");
    flat_free(f);
    return -1;
}

static const char *flat_get(const flat *f, const char *key) {
    if (!f->cap) return NULL;
    for (size_t i = key_hash(key) & (f->cap - 1); f->keys[i]; i = (i + 1) & (f->cap - 1))
        if (strcmp(f->keys[i], key) == 0) return f->texts[i];
    return NULL;
}

static cJSON *load_json(const char *path, char *err, size_t errlen) {
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(err, errlen, "cannot open catalog %s", path); return NULL; }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    fclose(f);
    s[got] = 0;
    cJSON *j = cJSON_Parse(s);
    free(s);
    if (!cJSON_IsObject(j)) {
        snprintf(err, errlen, "catalog %s is not a JSON object", path);
        cJSON_Delete(j);
        return NULL;
    }
    return j;
}

/* Merges every file named <module>.<lang>.json in dir into *out. Returns 0 or -1 with err. */
static int load_language(const char *dir, const char *lang, cJSON **out, char *err, size_t errlen) {
    char suffix[32];
    snprintf(suffix, sizeof suffix, ".%s.json", lang);
    size_t slen = strlen(suffix);
    DIR *d = opendir(dir);
    if (!d) { snprintf(err, errlen, "cannot open catalog directory %s", dir); return -1; }
    cJSON *all = cJSON_CreateObject();
    struct dirent *e;
    int rc = 0, files = 0;
    while (rc == 0 && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n <= slen || strcmp(e->d_name + n - slen, suffix) != 0) continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        cJSON *part = load_json(path, err, errlen);
        if (!part) { rc = -1; break; }
        files++;
        while (part->child) {
            cJSON *item = cJSON_DetachItemViaPointer(part, part->child);
            if (cJSON_GetObjectItemCaseSensitive(all, item->string)) {
                snprintf(err, errlen, "catalog %s: key \"%s\" is already defined in another file", path, item->string);
                cJSON_Delete(item);
                rc = -1;
                break;
            }
            cJSON_AddItemToObject(all, item->string, item);
        }
        cJSON_Delete(part);
    }
    closedir(d);
    if (rc == 0 && files == 0) { snprintf(err, errlen, "no *%s catalog in %s", suffix, dir); rc = -1; }
    if (rc != 0) { cJSON_Delete(all); return -1; }
    *out = all;
    return 0;
}

int i18n_load(const char *dir, char *err, size_t errlen) {
    i18n_free();
    if (load_language(dir, "zh-CN", &catalog_zh, err, errlen) != 0) return -1;
    if (load_language(dir, "en", &catalog_en, err, errlen) != 0) return -1;
    if (flat_build(&flat_zh, catalog_zh, "zh-CN", err, errlen) != 0) return -1;
    if (flat_build(&flat_en, catalog_en, "en", err, errlen) != 0) return -1;
    return 0;
}

void i18n_free(void) {
    cJSON_Delete(catalog_zh);
    cJSON_Delete(catalog_en);
    catalog_zh = catalog_en = NULL;
    flat_free(&flat_zh);
    flat_free(&flat_en);
}

const char *i18n_lang(const char *tag) {
    if (!tag || !*tag) return NULL;
    if (strncmp(tag, "en", 2) == 0 && (tag[2] == 0 || tag[2] == '-' || tag[2] == '_')) return "en";
    if (strncmp(tag, "zh", 2) == 0) return "zh-CN";
    return NULL;
}

const cJSON *i18n_catalog(const char *lang) {
    return (lang && strcmp(lang, "en") == 0) ? catalog_en : catalog_zh;
}

const char *i18n_get(const char *lang, const char *key) {
    const char *s = flat_get((lang && strcmp(lang, "en") == 0) ? &flat_en : &flat_zh, key);
    if (!s) s = flat_get(&flat_zh, key);
    return s ? s : key;
}
