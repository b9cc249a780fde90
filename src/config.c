/* config.c — reads the configuration file and applies flag overrides; see config.h. */
#include "config.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STR_FIELD(k, f) {k, offsetof(config, f), sizeof(((config *)0)->f), 's'}
#define INT_FIELD(k, f) {k, offsetof(config, f), 0, 'i'}
#include <stddef.h>

static const struct { const char *key; size_t off, size; char type; } fields[] = {
    STR_FIELD("database", database), STR_FIELD("rules", rules), STR_FIELD("templates", templates), STR_FIELD("schema", schema),
    STR_FIELD("socket", socket), INT_FIELD("workers", workers), STR_FIELD("timezone", timezone),
    STR_FIELD("language", language), INT_FIELD("session_idle", session_idle),
    INT_FIELD("session_absolute", session_absolute), INT_FIELD("checkpoint_interval", checkpoint_interval),
    INT_FIELD("login_max_failures", login_max_failures),
};

void config_defaults(config *c) {
    memset(c, 0, sizeof *c);
    snprintf(c->database, sizeof c->database, "var/crm.db");
    snprintf(c->rules, sizeof c->rules, "rules");
    snprintf(c->templates, sizeof c->templates, "templates");
    snprintf(c->schema, sizeof c->schema, "schema");
    snprintf(c->socket, sizeof c->socket, "var/crm.sock");
    c->workers = 0;
    snprintf(c->timezone, sizeof c->timezone, "Asia/Shanghai");
    snprintf(c->language, sizeof c->language, "zh-CN");
    c->session_idle = 30 * 60;
    c->session_absolute = 12 * 3600;
    c->checkpoint_interval = 5;
    c->login_max_failures = 5;
}

int config_set(config *c, const char *key, const char *value, char *err, size_t errlen) {
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(fields[i].key, key) != 0) continue;
        char *dst = (char *)c + fields[i].off;
        if (fields[i].type == 's') {
            if (strlen(value) >= fields[i].size) {
                snprintf(err, errlen, "config: value of %s is too long", key);
                return -1;
            }
            memcpy(dst, value, strlen(value) + 1);
        } else {
            char *end;
            long v = strtol(value, &end, 10);
            if (*value == 0 || *end != 0 || v < 0 || v > 100000000) {
                snprintf(err, errlen, "config: %s must be a non-negative integer, got \"%s\"", key, value);
                return -1;
            }
            *(int *)dst = (int)v;
        }
        if (strcmp(key, "language") == 0 && strcmp(value, "zh-CN") != 0 && strcmp(value, "en") != 0) {
            snprintf(err, errlen, "config: language must be zh-CN or en");
            return -1;
        }
        return 0;
    }
    snprintf(err, errlen, "config: unknown setting \"%s\"", key);
    return -1;
}

static char *trim(char *s) {
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = 0;
    return s;
}

int config_load(config *c, const char *path, char *err, size_t errlen) {
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, errlen, "config: cannot open %s", path); return -1; }
    char line[1024];
    int lineno = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (*s == 0 || *s == '#') continue;
        char *eq = strchr(s, '=');
        if (!eq) { snprintf(err, errlen, "config: %s:%d: expected key = value", path, lineno); rc = -1; break; }
        *eq = 0;
        char msg[256];
        if (config_set(c, trim(s), trim(eq + 1), msg, sizeof msg) != 0) {
            snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
            rc = -1;
            break;
        }
    }
    fclose(f);
    return rc;
}
