/* config.h — the one configuration file (key = value lines) and the flags that override it. */
#ifndef CRM_CONFIG_H
#define CRM_CONFIG_H
#include <stdbool.h>
#include <stddef.h>

typedef struct config {
    char database[512];     /* SQLite file, e.g. var/crm.db */
    char rules[512];        /* rules directory (Lua scripts) */
    char templates[512];    /* templates directory (*.mustache, i18n/ catalogs) */
    char schema[512];       /* numbered migrations (NNN_name.sql) */
    char socket[512];       /* FastCGI unix socket the master listens on */
    int workers;            /* worker processes; 0 = two per core */
    char timezone[64];      /* shown time zone, e.g. Asia/Shanghai */
    char language[16];      /* default UI language: zh-CN or en */
    int session_idle;       /* seconds of inactivity before a session ends */
    int session_absolute;   /* seconds after login when a session ends regardless */
    int checkpoint_interval;/* seconds between WAL checkpoints (done by a helper process, not requests) */
    int login_max_failures; /* failures before the per-account backoff starts */
    bool hello;             /* serve a bare "hello" from every worker (benchmark baseline) */
} config;

/* Fills c with built-in defaults. */
void config_defaults(config *c);
/* Reads path (key = value, # comments) into c. Returns 0, or -1 with a message in err. */
int config_load(config *c, const char *path, char *err, size_t errlen);
/* Applies one "key=value" or key,value override (used by command-line flags). Returns 0 or -1. */
int config_set(config *c, const char *key, const char *value, char *err, size_t errlen);
#endif
