/* db.h — the SQLite connection of a process: opening with the project's pragmas (WAL, busy_timeout,
 * foreign keys, defensive mode), a prepared-statement cache keyed by the SQL text's address, transactions,
 * numbered migrations from schema/, and online backup. Every connection has the SQL functions crm_bigrams()
 * (the search indexes' character pairs) and crm_name_key() (the GB18030 sort key of a customer's 名称,
 * customers.name_key). SQL itself lives in the data modules. */
#ifndef CRM_DB_H
#define CRM_DB_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct db db;

enum { DB_READWRITE = 0, DB_READONLY = 1 };

/* Process-wide SQLite setup, called once at start before any connection opens: every crm process
 * (master, each forked worker, the commands) uses SQLite from one thread only, so SQLite's mutexes
 * and its memory statistics (a mutex around every allocation) are switched off. Returns 0 or -1. */
int db_global_init(void);

/* Opens path. Returns 0 and *out, or -1 with a message in err. Close with db_close. */
int db_open(db **out, const char *path, int flags, char *err, size_t errlen);
void db_close(db *d);
sqlite3 *db_handle(db *d);

/* Returns a cached prepared statement for sql (which must be a string literal or otherwise live for the
 * life of the process: the cache keys on its address). The statement is reset with bindings cleared.
 * Returns NULL (and logs) on a prepare error. Never finalize it; the cache owns it. */
sqlite3_stmt *db_prepare(db *d, const char *sql);
/* Resets a cached statement after use (releases read locks early). */
void db_done(sqlite3_stmt *st);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0 or -1 (logged). db_rollback is safe when no transaction. */
int db_begin(db *d);
int db_commit(db *d);
void db_rollback(db *d);
/* A read snapshot for a request that only reads (worker.c opens one around every GET handler): one
 * deferred transaction, so the page's statements read the database as of one moment and take the
 * file locks once (each statement outside a transaction takes and drops them: 2 fcntl calls per
 * statement). db_begin() ends an open snapshot first, so a write still starts a fresh BEGIN IMMEDIATE.
 * db_end_snapshot commits it (nothing to write; a no-op when none is open or db_begin ended it). */
int db_read_snapshot(db *d);
void db_end_snapshot(db *d);
/* Runs SQL text with no parameters (setup only). Returns 0 or -1 (logged). */
int db_exec(db *d, const char *sql);
/* Last row id / changes of this connection. */
long long db_last_id(db *d);
/* The integer of settings row key (the generation counters the per-worker caches follow: dict.c,
 * users.c), or -1 when there is none or on error. */
long long db_setting(db *d, const char *key);
int db_changes(db *d);
/* After a versioned write ("... WHERE id = ?1 AND version = ?2") changed no row: runs sql_exists, the
 * module's constant "SELECT 1 FROM t WHERE id = ?1", to tell STORE_STALE (the row is there at another
 * version) from STORE_NOT_FOUND. STORE_ERROR when it cannot run. */
int db_why_unchanged(db *d, const char *sql_exists, long long id);

/* Applies every schema_dir/NNN_*.sql whose NNN > PRAGMA user_version, each in its own transaction,
 * setting user_version = NNN; foreign keys are off while one runs and must hold (PRAGMA
 * foreign_key_check) before it commits. Returns 0, or -1 with a message in err. *applied gets the count. */
int db_migrate(db *d, const char *schema_dir, int *applied, char *err, size_t errlen);
/* Current PRAGMA user_version. */
int db_schema_version(db *d);
/* Copies the live database into dest with SQLite's online backup. Returns 0 or -1 with err. */
int db_backup(db *d, const char *dest, char *err, size_t errlen);
/* Runs a passive WAL checkpoint (called by the maintenance process, never on a request). */
int db_checkpoint(db *d);

/* Returns column i as text ("" for NULL); valid until the next step/reset. */
const char *db_text(sqlite3_stmt *st, int i);


#include <cJSON.h>
/* Returns the current row as a JSON object keyed by column name (integers and reals as numbers,
 * NULL as null, text and blobs as strings). Allocated through cJSON (the request arena). */
cJSON *db_row_json(sqlite3_stmt *st);
/* Steps st to the end, appending each row (db_row_json) to arr. Returns the row count or -1. */
int db_rows_json(sqlite3_stmt *st, cJSON *arr);
#endif
