/* main.c — the `crm` command: subcommands in the manner of git or fossil.
 *   crm serve [--hello] | migrate | seed | user add LOGIN --role R --name N (password on stdin)
 *   crm backup FILE | routes | version
 * Common flags: --config FILE, --database F, --socket S, --workers N, --templates D, --schema D,
 * --rules D, --timezone Z, --language L, --session-idle S, --session-absolute S. */
#include "audit.h"
#include "auth.h"
#include "cmd_import.h"
#include "config.h"
#include "db.h"
#include "i18n.h"
#include "log.h"
#include "master.h"
#include "perm.h"
#include "routes.h"
#include "seed.h"
#include "users.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void usage(void) {
    fputs("usage: crm [--config FILE] [--KEY VALUE ...] COMMAND\n"
          "commands:\n"
          "  serve [--hello]      run the master and workers on the FastCGI socket\n"
          "  migrate              apply the numbered migrations in schema/\n"
          "  seed [--customers N] add the demo users (password " DEMO_PASSWORD ") and demo data (200 customers)\n"
          "  user add LOGIN --role ROLE --name NAME   (reads the password from stdin)\n"
          "  import KIND FILE --as LOGIN [--commit] [--duplicates skip|import]\n"
          "                       check (or with --commit, write) a CSV of customers|contacts|orders\n"
          "  backup FILE          consistent copy of the live database\n"
          "  routes               print the route table as JSON\n"
          "  version              print the schema version of the database\n",
          stderr);
}

static int open_migrated(const config *cfg, db **d) {
    char err[512];
    if (db_open(d, cfg->database, DB_READWRITE, err, sizeof err) != 0) { fprintf(stderr, "crm: %s\n", err); return -1; }
    int applied = 0;
    if (db_migrate(*d, cfg->schema, &applied, err, sizeof err) != 0) {
        fprintf(stderr, "crm: %s\n", err);
        db_close(*d);
        return -1;
    }
    if (applied) log_info("applied %d migration(s); schema version %d", applied, db_schema_version(*d));
    return 0;
}

static int cmd_user_add(const config *cfg, int argc, char **argv) {
    const char *login = NULL, *role = NULL, *name = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--role") == 0 && i + 1 < argc) role = argv[++i];
        else if (strcmp(argv[i], "--name") == 0 && i + 1 < argc) name = argv[++i];
        else if (!login) login = argv[i];
    }
    if (!login || !role || !name || !role_valid(role)) {
        fputs("usage: crm user add LOGIN --role admin|director|rep|executive --name NAME < password\n", stderr);
        return 2;
    }
    char pw[256];
    if (!fgets(pw, sizeof pw, stdin)) { fputs("crm: no password on stdin\n", stderr); return 2; }
    pw[strcspn(pw, "\r\n")] = 0;
    if (strlen(pw) < 8) { fputs("crm: the password needs at least 8 characters\n", stderr); return 2; }
    db *d;
    if (open_migrated(cfg, &d) != 0) return 1;
    char hash[PASSWORD_HASH_MAX];
    int rc = 1;
    if (password_hash(pw, hash) != 0 || db_begin(d) != 0) goto done;
    user_fields f = {login, name, role, "", cfg->language};
    long long now = (long long)time(NULL);
    long long id = users_create(d, &f, hash, now);
    if (id == STORE_DUPLICATE) { fprintf(stderr, "crm: login %s is taken\n", login); db_rollback(d); goto done; }
    if (id <= 0 || audit_write(d, now, 0, "user", id, "create", NULL, users_get(d, id)) != 0) {
        db_rollback(d);
        goto done;
    }
    if (db_commit(d) == 0) { printf("user %s added (id %lld)\n", login, id); rc = 0; }
done:
    db_close(d);
    return rc;
}

int main(int argc, char **argv) {
    config cfg;
    config_defaults(&cfg);
    const char *config_path = NULL;
    char err[512];
    int i = 1;
    /* --config first, so flags override the file wherever they stand */
    for (int j = 1; j + 1 < argc; j++)
        if (strcmp(argv[j], "--config") == 0) config_path = argv[j + 1];
    if (!config_path && access("crm.conf", R_OK) == 0) config_path = "crm.conf";
    if (config_path && config_load(&cfg, config_path, err, sizeof err) != 0) {
        fprintf(stderr, "crm: %s\n", err);
        return 2;
    }
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
        if (strcmp(argv[i], "--hello") == 0) { cfg.hello = true; i--; continue; }
        if (i + 1 >= argc) { usage(); return 2; }
        if (strcmp(argv[i], "--config") == 0) continue;
        char key[64];
        snprintf(key, sizeof key, "%s", argv[i] + 2);
        for (char *p = key; *p; p++) if (*p == '-') *p = '_';
        if (config_set(&cfg, key, argv[i + 1], err, sizeof err) != 0) { fprintf(stderr, "crm: %s\n", err); return 2; }
    }
    if (i >= argc) { usage(); return 2; }
    const char *cmd = argv[i++];
    for (int j = i; j < argc; j++)
        if (strcmp(argv[j], "--hello") == 0) cfg.hello = true;
    setenv("TZ", cfg.timezone, 1);
    tzset();
    if (db_global_init() != 0) { fputs("crm: SQLite failed to initialise\n", stderr); return 1; }
    if (auth_init() != 0) { fputs("crm: libsodium failed to initialise\n", stderr); return 1; }

    if (strcmp(cmd, "routes") == 0) { routes_dump(); return 0; }
    db *d = NULL;
    if (strcmp(cmd, "serve") == 0) {
        if (!cfg.hello) {
            if (open_migrated(&cfg, &d) != 0) return 1;
            db_close(d);
        }
        return master_run(&cfg, config_path);
    }
    if (strcmp(cmd, "migrate") == 0) {
        if (open_migrated(&cfg, &d) != 0) return 1;
        printf("schema version %d\n", db_schema_version(d));
        db_close(d);
        return 0;
    }
    if (strcmp(cmd, "seed") == 0) {
        long long customers = SEED_DEMO_CUSTOMERS;
        if (i < argc) {
            char *end = NULL;
            if (i + 2 == argc && strcmp(argv[i], "--customers") == 0) customers = strtoll(argv[i + 1], &end, 10);
            if (!end || *end || customers < 0 || customers > SEED_MAX_CUSTOMERS) {
                fprintf(stderr, "usage: crm seed [--customers N]   (0 <= N <= %d)\n", SEED_MAX_CUSTOMERS);
                return 2;
            }
        }
        if (open_migrated(&cfg, &d) != 0) return 1;
        int rc = seed_demo(d);
        if (rc == 0) rc = seed_customers(d, customers, stdout);
        db_close(d);
        if (rc != 0) { fputs("crm: seeding failed\n", stderr); return 1; }
        return 0;
    }
    if (strcmp(cmd, "user") == 0 && i < argc && strcmp(argv[i], "add") == 0)
        return cmd_user_add(&cfg, argc - i - 1, argv + i + 1);
    if (strcmp(cmd, "import") == 0) {
        char dir[600];
        snprintf(dir, sizeof dir, "%s/i18n", cfg.templates);
        if (i18n_load(dir, err, sizeof err) != 0) { fprintf(stderr, "crm: %s\n", err); return 1; }
        if (open_migrated(&cfg, &d) != 0) return 1;
        int rc = cmd_import(d, argc - i, argv + i);
        db_close(d);
        i18n_free();
        return rc;
    }
    if (strcmp(cmd, "backup") == 0 && i < argc) {
        if (access(argv[i], F_OK) == 0) { fprintf(stderr, "crm: %s exists; choose a new file\n", argv[i]); return 1; }
        if (db_open(&d, cfg.database, DB_READWRITE, err, sizeof err) != 0) { fprintf(stderr, "crm: %s\n", err); return 1; }
        int rc = db_backup(d, argv[i], err, sizeof err);
        db_close(d);
        if (rc != 0) { fprintf(stderr, "crm: %s\n", err); return 1; }
        printf("backup written to %s\n", argv[i]);
        return 0;
    }
    if (strcmp(cmd, "version") == 0) {
        if (db_open(&d, cfg.database, DB_READONLY, err, sizeof err) != 0) { fprintf(stderr, "crm: %s\n", err); return 1; }
        printf("schema version %d\n", db_schema_version(d));
        db_close(d);
        return 0;
    }
    usage();
    return 2;
}
