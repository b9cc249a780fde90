/* i18n.c — loads the zh-CN and en catalogs and looks up dotted keys; see i18n.h. */
#include "i18n.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *catalog_zh, *catalog_en;

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
    return 0;
}

void i18n_free(void) {
    cJSON_Delete(catalog_zh);
    cJSON_Delete(catalog_en);
    catalog_zh = catalog_en = NULL;
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

static const char *lookup(const cJSON *cat, const char *key) {
    const cJSON *node = cat;
    const char *p = key;
    char part[64];
    while (node && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n >= sizeof part) return NULL;
        memcpy(part, p, n);
        part[n] = 0;
        node = cJSON_GetObjectItemCaseSensitive(node, part);
        p += n + (dot ? 1 : 0);
    }
    return cJSON_IsString(node) ? node->valuestring : NULL;
}

const char *i18n_get(const char *lang, const char *key) {
    const char *s = lookup(i18n_catalog(lang), key);
    if (!s && catalog_zh) s = lookup(catalog_zh, key);
    return s ? s : key;
}
