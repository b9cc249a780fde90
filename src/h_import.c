/* h_import.c — 数据导入 handlers; see h_import.h (the exports are h_export.c's).
 *
 * Import flow. POST /import/upload keeps the uploaded bytes in <database dir>/imports/<token>.csv with
 * a small <token>.meta (owner, kind, file name, state) — the token is 128 random bits and every later
 * step answers 404 unless the signed-in user owns it. GET /import/preview decodes the file (UTF-8 or
 * GB18030, csv.c) and runs the import engine without writing (import.c): every bad row and probable
 * duplicate is listed. POST /import/commit runs the same engine again inside ONE transaction and commits
 * only when no row is bad; the rows are re-validated against the database as it is then, so a row that
 * became invalid since the preview stops the whole import. While it runs, the engine reports progress
 * into <token>.progress (the uncommitted transaction cannot be read from another connection), which
 * GET /import/progress returns; the page's script polls it while the commit request is pending.
 * <token>.lock (flock) keeps two commits of one upload apart. Uploads are forgotten after a day.
 */
#include "h_import.h"
#include "app.h"
#include "audit.h"
#include "csv.h"
#include "h_contacts.h"
#include "import.h"
#include "log.h"
#include "scope.h"
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_FILE_MB 50
#define MAX_FILE ((size_t)MAX_FILE_MB * 1024 * 1024)
#define KEEP_SECONDS (24 * 3600)
#define TOKEN_LEN 32

/* ---- kept uploads ---- */

typedef struct upload_meta {
    long long user, size, created, finished;
    int kind;
    char name[256], state[16], encoding[24], dups[8];
    long rows, records, lines, skipped;
} upload_meta;

static const char *uploads_dir(request *r) {
    const char *dbpath = r->app->cfg->database;
    const char *slash = strrchr(dbpath, '/');
    const char *dir = slash ? arena_printf(r->a, "%.*s/imports", (int)(slash - dbpath), dbpath) : "imports";
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) log_error("cannot create %s: %s", dir, strerror(errno));
    return dir;
}

static const char *upload_path(request *r, const char *token, const char *ext) {
    return arena_printf(r->a, "%s/%s.%s", uploads_dir(r), token, ext);
}

static bool token_ok(const char *t) {
    if (!t || strlen(t) != TOKEN_LEN) return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

/* Writes the meta file atomically (temporary file + rename). */
static int meta_write(request *r, const char *token, const upload_meta *m) {
    const char *path = upload_path(r, token, "meta");
    const char *tmp = arena_printf(r->a, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f) { log_error("cannot write %s: %s", tmp, strerror(errno)); return -1; }
    fprintf(f, "user=%lld\nkind=%d\nsize=%lld\ncreated=%lld\nfinished=%lld\nstate=%s\nencoding=%s\ndups=%s\n"
               "rows=%ld\nrecords=%ld\nlines=%ld\nskipped=%ld\nname=%s\n",
            m->user, m->kind, m->size, m->created, m->finished, m->state, m->encoding, m->dups, m->rows,
            m->records, m->lines, m->skipped, m->name);
    if (fclose(f) != 0 || rename(tmp, path) != 0) { log_error("cannot save %s: %s", path, strerror(errno)); return -1; }
    return 0;
}

static int meta_read(request *r, const char *token, upload_meta *m) {
    memset(m, 0, sizeof *m);
    FILE *f = fopen(upload_path(r, token, "meta"), "r");
    if (!f) return -1;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = 0;
        const char *k = line, *v = eq + 1;
        if (!strcmp(k, "user")) m->user = atoll(v);
        else if (!strcmp(k, "kind")) m->kind = atoi(v);
        else if (!strcmp(k, "size")) m->size = atoll(v);
        else if (!strcmp(k, "created")) m->created = atoll(v);
        else if (!strcmp(k, "finished")) m->finished = atoll(v);
        else if (!strcmp(k, "state")) snprintf(m->state, sizeof m->state, "%s", v);
        else if (!strcmp(k, "encoding")) snprintf(m->encoding, sizeof m->encoding, "%s", v);
        else if (!strcmp(k, "dups")) snprintf(m->dups, sizeof m->dups, "%s", v);
        else if (!strcmp(k, "rows")) m->rows = atol(v);
        else if (!strcmp(k, "records")) m->records = atol(v);
        else if (!strcmp(k, "lines")) m->lines = atol(v);
        else if (!strcmp(k, "skipped")) m->skipped = atol(v);
        else if (!strcmp(k, "name")) snprintf(m->name, sizeof m->name, "%s", v);
    }
    fclose(f);
    if (m->kind < 0 || m->kind >= IMPORT_KIND_COUNT) return -1;
    return 0;
}

/* The upload named by the token field (query or form) if it belongs to the signed-in user.
 * Returns 0 and *token, or a status after request_error (400 for a missing token, 404 otherwise). */
static int find_upload(request *r, bool from_query, const char **token, upload_meta *m) {
    static const field_spec spec[] = {{"token", F_TEXT, true, 1, 64, NULL}};
    field_value v[1];
    if (request_validate(r, spec, 1, v, from_query)) {
        rec_relabel(r, "import");
        return request_error(r, 400, "import.err.no_token");
    }
    if (!token_ok(v[0].text) || meta_read(r, v[0].text, m) != 0 || m->user != r->user.id ||
        r->now - m->created > KEEP_SECONDS)   /* older than a day: as good as swept */
        return request_error(r, 404, "import.err.expired");
    *token = v[0].text;
    return 0;
}

/* Removes uploads older than KEEP_SECONDS (any user's): called on each upload. */
static void sweep(request *r) {
    const char *dir = uploads_dir(r);
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        const char *p = arena_printf(r->a, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && r->now - (long long)st.st_mtime > KEEP_SECONDS) unlink(p);
    }
    closedir(d);
}

static void forget(request *r, const char *token, bool keep_meta) {
    unlink(upload_path(r, token, "csv"));
    unlink(upload_path(r, token, "lock"));
    if (!keep_meta) {
        unlink(upload_path(r, token, "meta"));
        unlink(upload_path(r, token, "progress"));
    }
}

/* Reads the kept file into the arena. Returns NULL when it is gone. */
static char *read_upload(request *r, const char *token, size_t *len) {
    int fd = open(upload_path(r, token, "csv"), O_RDONLY);
    if (fd < 0) return NULL;
    struct stat st;
    char *data = NULL;
    if (fstat(fd, &st) == 0 && (size_t)st.st_size <= MAX_FILE) {
        data = arena_alloc(r->a, (size_t)st.st_size + 1);
        size_t got = 0;
        while (got < (size_t)st.st_size) {
            ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
            if (n <= 0) { data = NULL; break; }
            got += (size_t)n;
        }
        if (data) { data[got] = 0; *len = got; }
    }
    close(fd);
    return data;
}

/* A file name safe to keep on one line and show: control characters dropped, at most ~200 bytes. */
static const char *clean_name(request *r, const char *s) {
    size_t n = strlen(s);
    if (n > 200) {
        n = 200;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    char *o = arena_strndup(r->a, s, n);
    size_t w = 0;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)o[i] >= 0x20 && o[i] != 0x7F) o[w++] = o[i];
    o[w] = 0;
    return w ? o : "upload.csv";
}

/* ---- view helpers ---- */

static const char *kind_label(request *r, int kind) {
    return request_t_of(r, "import.kind.", IMPORT_KINDS[kind]);
}

/* The kinds for the form's picker, each with its column reference. */
static void add_kinds(request *r, int selected) {
    cJSON *kinds = cJSON_AddArrayToObject(r->view, "kinds");
    for (int k = 0; k < IMPORT_KIND_COUNT; k++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "code", IMPORT_KINDS[k]);
        cJSON_AddStringToObject(o, "label", kind_label(r, k));
        cJSON_AddStringToObject(o, "hint", request_t_of(r, "import.hint.", IMPORT_KINDS[k]));
        rec_flag(o, "selected", k == selected);
        size_t n;
        const import_column *cols = import_columns((import_kind)k, &n);
        cJSON *arr = cJSON_AddArrayToObject(o, "columns");
        for (size_t i = 0; i < n; i++) {
            if (cols[i].ignored) continue;
            cJSON *c = cJSON_CreateObject();
            cJSON_AddStringToObject(c, "zh", cols[i].zh);
            cJSON_AddStringToObject(c, "en", import_header_en((import_kind)k, &cols[i]));
            if (cols[i].alt) cJSON_AddStringToObject(c, "alt", cols[i].alt);
            rec_flag(c, "required", cols[i].spec.required || cols[i].needed);
            const char *key = arena_printf(r->a, "import.note.%s.%s", IMPORT_KINDS[k], cols[i].key);
            const char *note = request_t(r, key);
            cJSON_AddStringToObject(c, "note", strcmp(note, key) == 0 ? "" : note);
            cJSON_AddItemToArray(arr, c);
        }
        cJSON_AddItemToArray(kinds, o);
    }
}

static void form_view(request *r, int selected) {
    r->template_name = "import";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "import.title"));
    cJSON_AddNumberToObject(r->view, "max_mb", MAX_FILE_MB);
    cJSON_AddNumberToObject(r->view, "max_bytes", (double)MAX_FILE);
    add_kinds(r, selected);
}

/* Puts an engine result into the view: summary, problems, duplicates, unknown columns. */
static void result_view(request *r, int kind, const import_result *res) {
    cJSON *v = r->view;
    cJSON *s = cJSON_AddObjectToObject(v, "summary");
    cJSON_AddNumberToObject(s, "rows", (double)res->rows);
    cJSON_AddNumberToObject(s, "records", (double)res->records);
    cJSON_AddNumberToObject(s, "lines", (double)res->lines);
    cJSON_AddNumberToObject(s, "bad_rows", (double)res->bad_rows);
    cJSON_AddNumberToObject(s, "dup_rows", (double)res->dup_rows);
    cJSON_AddNumberToObject(s, "problems", (double)res->problems_total);
    rec_flag(s, "is_orders", kind == IMPORT_ORDERS);
    cJSON *probs = cJSON_AddArrayToObject(v, "problems");
    for (size_t i = 0; i < res->nproblems; i++) {
        const import_problem *p = &res->problems[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "row", (double)p->row);
        cJSON_AddStringToObject(o, "column", p->column);
        cJSON_AddStringToObject(o, "value", p->value);
        cJSON_AddStringToObject(o, "key", p->key);
        cJSON_AddStringToObject(o, "message", request_t_n(r, p->key, p->param));
        cJSON_AddItemToArray(probs, o);
    }
    if ((long)res->nproblems < res->problems_total)
        cJSON_AddStringToObject(v, "problems_more", request_t_n(r, "import.preview.more", res->problems_total - (long)res->nproblems));
    cJSON *dups = cJSON_AddArrayToObject(v, "duplicates");
    for (size_t i = 0; i < res->ndups; i++) {
        const import_dup *d = &res->dups[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "row", (double)d->row);
        cJSON_AddStringToObject(o, "what", d->what);
        cJSON_AddStringToObject(o, "what_label",
                                request_t(r, arena_printf(r->a, "import.dup.%s.%s", IMPORT_KINDS[kind], d->what)));
        cJSON_AddStringToObject(o, "value", d->value);
        const char *match;
        if (d->match_row) match = request_t_n(r, "import.dup.same_as_row", d->match_row);
        else if (kind == IMPORT_CONTACTS)
            match = arena_printf(r->a, "%s %s %s", request_t(r, "import.dup.existing_contact"), d->match_no, d->match_name);
        else match = arena_printf(r->a, "%s %s %s", request_t(r, "import.dup.existing_customer"), d->match_no, d->match_name);
        cJSON_AddStringToObject(o, "match", match);
        if (d->match_row) cJSON_AddNumberToObject(o, "match_row", (double)d->match_row);
        if (d->match_no) cJSON_AddStringToObject(o, "match_no", d->match_no);
        cJSON_AddItemToArray(dups, o);
    }
    if (res->dup_rows > (long)res->ndups)
        cJSON_AddStringToObject(v, "duplicates_more", request_t_n(r, "import.preview.more", res->dup_rows - (long)res->ndups));
    cJSON *unknown = cJSON_AddArrayToObject(v, "unknown_columns");
    for (size_t i = 0; i < res->nunknown; i++) cJSON_AddItemToArray(unknown, cJSON_CreateString(res->unknown[i]));
    cJSON_AddBoolToObject(v, "has_problems", res->bad_rows > 0);
    cJSON_AddBoolToObject(v, "has_duplicates", res->dup_rows > 0);
    cJSON_AddBoolToObject(v, "has_unknown", res->nunknown > 0);
    if (res->bad_rows) cJSON_AddStringToObject(v, "bad_message", request_t_n(r, "import.preview.fix_first", res->bad_rows));
}

static void upload_view(request *r, const char *token, const upload_meta *m) {
    cJSON *u = cJSON_AddObjectToObject(r->view, "upload");
    cJSON_AddStringToObject(u, "token", token);
    cJSON_AddStringToObject(u, "name", m->name);
    cJSON_AddStringToObject(u, "kind", IMPORT_KINDS[m->kind]);
    cJSON_AddStringToObject(u, "kind_label", kind_label(r, m->kind));
    cJSON_AddStringToObject(u, "encoding", m->encoding);
    cJSON_AddStringToObject(u, "size", arena_printf(r->a, "%.1f KB", (double)m->size / 1024.0));
    cJSON_AddStringToObject(u, "uploaded", request_time(r, m->created));
    cJSON_AddStringToObject(u, "state", m->state);
}

/* Decodes the kept file. Returns the text or NULL (then the upload is unusable). */
static char *decode_upload(request *r, const char *token, upload_meta *m, size_t *len) {
    size_t rawlen = 0, bad;
    char *raw = read_upload(r, token, &rawlen);
    if (!raw) return NULL;
    csv_encoding enc;
    char *text = csv_decode(r->a, raw, rawlen, len, &enc, &bad);
    snprintf(m->encoding, sizeof m->encoding, "%s", csv_encoding_name(enc));
    return text;
}

/* ---- pages ---- */

static const field_spec KIND_FIELD[] = {{"kind", F_ENUM, false, 0, 0, IMPORT_KINDS}};

int h_import_form(request *r) {
    field_value v[1];
    int kind = 0;
    if (request_validate(r, KIND_FIELD, 1, v, true) == 0 && v[0].present) kind = (int)v[0].i;
    form_view(r, kind);
    rec_relabel(r, "import");
    return 200;
}

/* The header row and an example row of a kind, in the user's language's column names. */
int h_import_template(request *r) {
    field_value v[1];
    if (request_validate(r, KIND_FIELD, 1, v, true)) return request_error(r, 400, "err.invalid");
    int kind = v[0].present ? (int)v[0].i : 0;
    size_t n;
    const import_column *cols = import_columns((import_kind)kind, &n);
    bool en = strcmp(r->lang, "en") == 0;
    buf_puts(&r->body_raw, CSV_BOM);
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (cols[i].ignored) continue;
        const char *h = en ? import_header_en((import_kind)kind, &cols[i]) : cols[i].zh;
        csv_put(&r->body_raw, h, strlen(h), first, false);
        first = false;
    }
    csv_end_row(&r->body_raw);
    first = true;
    for (size_t i = 0; i < n; i++) {
        if (cols[i].ignored) continue;
        const char *key = arena_printf(r->a, "import.example.%s.%s", IMPORT_KINDS[kind], cols[i].key);
        const char *ex = request_t(r, key);
        if (strcmp(ex, key) == 0) ex = "";
        csv_put(&r->body_raw, ex, strlen(ex), first, false);
        first = false;
    }
    csv_end_row(&r->body_raw);
    r->content_type_out = "text/csv; charset=utf-8";
    buf_printf(&r->extra_headers, "Content-Disposition: attachment; filename=\"%s-template.csv\"\r\n", IMPORT_KINDS[kind]);
    return 200;
}

int h_import_upload(request *r) {
    static const field_spec specs[] = {{"kind", F_ENUM, true, 0, 0, IMPORT_KINDS}};
    field_value v[1];
    size_t nerr = request_validate(r, specs, 1, v, false);
    int kind = v[0].present ? (int)v[0].i : 0;
    const upload_file *f = request_file(r, "file");
    int status = 422;
    if (!f || (f->len == 0 && !*f->filename)) { request_add_error(r, "file", "import.err.no_file", 0); nerr++; }
    else if (f->len == 0) { request_add_error(r, "file", "import.err.empty_file", 0); nerr++; }
    else if (f->len > MAX_FILE) { request_add_error(r, "file", "import.err.file_too_large", MAX_FILE_MB); nerr++; status = 413; }
    else {
        /* what cannot be a CSV file is refused here, with what to do instead */
        size_t len, bad;
        csv_encoding enc;
        int what = csv_not_text(f->data, f->len);
        const char *why = NULL;
        if (what == CSV_WORKBOOK) why = "import.err.workbook";
        else if (what == CSV_BINARY) why = "import.err.binary";
        else if (!csv_decode(r->a, f->data, f->len, &len, &enc, &bad))
            why = enc == CSV_ENC_UTF16 ? "import.err.utf16" : "err.internal";
        else if (bad > len / 20) why = "import.err.binary";   /* mostly undecodable: not text */
        if (why) {
            request_add_error(r, "file", why, 0);
            nerr++;
        }
    }
    if (nerr) {
        form_view(r, kind);
        rec_relabel(r, "import");
        return status;
    }
    sweep(r);
    unsigned char rnd[TOKEN_LEN / 2];
    randombytes_buf(rnd, sizeof rnd);
    char token[TOKEN_LEN + 1];
    for (size_t i = 0; i < sizeof rnd; i++) snprintf(token + 2 * i, 3, "%02x", rnd[i]);
    const char *path = upload_path(r, token, "csv");
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    size_t put = 0;
    while (fd >= 0 && put < f->len) {
        ssize_t w = write(fd, f->data + put, f->len - put);
        if (w <= 0) break;
        put += (size_t)w;
    }
    if (fd < 0 || put != f->len || close(fd) != 0) {
        log_error("cannot keep upload %s: %s", path, strerror(errno));
        unlink(path);
        return request_error(r, 500, "err.internal");
    }
    upload_meta m;
    memset(&m, 0, sizeof m);
    m.user = r->user.id;
    m.kind = kind;
    m.size = (long long)f->len;
    m.created = r->now;
    snprintf(m.state, sizeof m.state, "uploaded");
    snprintf(m.dups, sizeof m.dups, "-");
    snprintf(m.encoding, sizeof m.encoding, "-");
    snprintf(m.name, sizeof m.name, "%s", clean_name(r, f->filename));
    if (meta_write(r, token, &m) != 0) { unlink(path); return request_error(r, 500, "err.internal"); }
    log_info("import upload: user=%s kind=%s bytes=%zu token=%.8s", r->user.login, IMPORT_KINDS[kind], f->len, token);
    cJSON_AddStringToObject(r->view, "token", token);
    request_redirect(r, arena_printf(r->a, "/import/preview?token=%s", token), NULL);
    return 303;
}

static void set_opts(request *r, import_opts *o) {
    o->now = r->now;
    o->user_id = r->user.id;
    o->scope_manager = scope_manager(r);
}

int h_import_preview(request *r) {
    const char *token;
    upload_meta m;
    int st = find_upload(r, true, &token, &m);
    if (st) return st;
    if (strcmp(m.state, "done") == 0) {
        request_redirect(r, arena_printf(r->a, "/import/result?token=%s", token), NULL);
        return 303;
    }
    size_t len;
    char *text = decode_upload(r, token, &m, &len);
    if (!text) return request_error(r, 404, "import.err.expired");
    import_opts o = {0};
    o.kind = (import_kind)m.kind;
    set_opts(r, &o);
    import_result res;
    if (import_run(r->db, r->a, text, len, &o, &res) != 0) return request_error(r, 500, "err.internal");
    r->template_name = "import_preview";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "import.preview.title"));
    upload_view(r, token, &m);
    result_view(r, m.kind, &res);
    cJSON_AddBoolToObject(r->view, "can_commit", res.bad_rows == 0 && res.records > 0);
    return 200;
}

/* Progress of a running commit, in <token>.progress: "state done total" (fixed width, rewritten in place). */
typedef struct progress { int fd; } progress;

static void progress_put(progress *p, const char *state, long done, long total) {
    if (p->fd < 0) return;
    char line[64];
    int n = snprintf(line, sizeof line, "%-10s %12ld %12ld\n", state, done, total);
    if (pwrite(p->fd, line, (size_t)n, 0) != n) log_warn("import progress write failed: %s", strerror(errno));
}

static void on_progress(void *ctx, long done, long total) { progress_put(ctx, "writing", done, total); }

int h_import_commit(request *r) {
    static const char *const DUPS[] = {"skip", "import", NULL};
    static const field_spec specs[] = {{"duplicates", F_ENUM, false, 0, 0, DUPS}};
    const char *token;
    upload_meta m;
    int st = find_upload(r, false, &token, &m);
    if (st) return st;
    field_value v[1];
    if (request_validate(r, specs, 1, v, false)) {
        rec_relabel(r, "import");
        return request_error(r, 422, "err.invalid");
    }
    bool skip = !v[0].present || v[0].i == 0;
    /* one commit per upload at a time */
    int lock = open(upload_path(r, token, "lock"), O_RDWR | O_CREAT, 0600);
    if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
        if (lock >= 0) close(lock);
        return request_error(r, 409, "import.err.busy");
    }
    int status;
    progress p = {-1};
    if (meta_read(r, token, &m) != 0 || strcmp(m.state, "done") == 0) {
        status = request_error(r, 409, "import.err.expired");
        goto out;
    }
    size_t len;
    char *text = decode_upload(r, token, &m, &len);
    if (!text) { status = request_error(r, 404, "import.err.expired"); goto out; }
    p.fd = open(upload_path(r, token, "progress"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    progress_put(&p, "starting", 0, 0);
    snprintf(m.state, sizeof m.state, "committing");
    meta_write(r, token, &m);

    import_opts o = {0};
    o.kind = (import_kind)m.kind;
    set_opts(r, &o);
    o.commit = true;
    o.skip_duplicates = skip;
    o.progress = on_progress;
    o.progress_ctx = &p;
    import_result res;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (db_begin(r->db) != 0) {
        snprintf(m.state, sizeof m.state, "uploaded");
        meta_write(r, token, &m);
        progress_put(&p, "failed", 0, 0);
        status = request_error(r, 503, "err.busy");
        goto out;
    }
    int rc = import_run(r->db, r->a, text, len, &o, &res);
    if (rc == 0 && res.bad_rows == 0) {
        cJSON *after = cJSON_CreateObject();
        cJSON_AddStringToObject(after, "kind", IMPORT_KINDS[m.kind]);
        cJSON_AddStringToObject(after, "file", m.name);
        cJSON_AddStringToObject(after, "encoding", m.encoding);
        cJSON_AddNumberToObject(after, "rows", (double)res.rows);
        cJSON_AddNumberToObject(after, "records", (double)res.records);
        cJSON_AddNumberToObject(after, "lines", (double)res.lines);
        cJSON_AddNumberToObject(after, "skipped", (double)res.skipped);
        cJSON_AddNumberToObject(after, "duplicates", (double)res.dup_rows);
        cJSON_AddStringToObject(after, "duplicate_rows", skip ? "skipped" : "imported");
        if (audit_write(r->db, r->now, r->user.id, "import", 0, "import", NULL, after) != 0) rc = -1;
    }
    if (rc != 0 || res.bad_rows > 0 || db_commit(r->db) != 0) {
        db_rollback(r->db);
        progress_put(&p, "failed", 0, 0);
        snprintf(m.state, sizeof m.state, "uploaded");
        meta_write(r, token, &m);
        if (rc != 0) { status = request_error(r, 500, "err.internal"); goto out; }
        if (res.bad_rows == 0) { status = request_error(r, 503, "err.busy"); goto out; }
        /* a row went bad since the preview: nothing was written; show why */
        r->template_name = "import_preview";
        cJSON_AddStringToObject(r->view, "title", request_t(r, "import.preview.title"));
        upload_view(r, token, &m);
        result_view(r, m.kind, &res);
        cJSON_AddStringToObject(r->view, "commit_failed", request_t_n(r, "import.err.commit_failed", res.bad_rows));
        status = 422;
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000L + (t1.tv_nsec - t0.tv_nsec) / 1000000L;
    log_info("import commit: user=%s kind=%s rows=%ld records=%ld lines=%ld skipped=%ld bulk=%d ms=%ld", r->user.login,
             IMPORT_KINDS[m.kind], res.rows, res.records, res.lines, res.skipped, res.bulk, ms);
    progress_put(&p, "done", res.rows, res.rows);
    snprintf(m.state, sizeof m.state, "done");
    snprintf(m.dups, sizeof m.dups, "%s", skip ? "skip" : "import");
    m.rows = res.rows;
    m.records = res.records;
    m.lines = res.lines;
    m.skipped = res.skipped;
    m.finished = r->now;
    meta_write(r, token, &m);
    forget(r, token, true);
    request_redirect(r, arena_printf(r->a, "/import/result?token=%s", token), "import.notice.done");
    cJSON_AddNumberToObject(r->view, "records", (double)res.records);
    cJSON_AddNumberToObject(r->view, "lines", (double)res.lines);
    cJSON_AddNumberToObject(r->view, "skipped", (double)res.skipped);
    status = 303;
out:
    if (p.fd >= 0) close(p.fd);
    close(lock);   /* releases the flock */
    return status;
}

int h_import_progress(request *r) {
    const char *token;
    upload_meta m;
    int st = find_upload(r, true, &token, &m);
    if (st) return st;
    char state[16] = "waiting";
    long done = 0, total = 0;
    FILE *f = fopen(upload_path(r, token, "progress"), "r");
    if (f) {
        if (fscanf(f, "%15s %ld %ld", state, &done, &total) != 3) snprintf(state, sizeof state, "starting");
        fclose(f);
    } else if (strcmp(m.state, "done") == 0) {
        snprintf(state, sizeof state, "done");
        done = total = m.rows;
    }
    r->template_name = "import_progress";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "import.progress.title"));
    cJSON_AddStringToObject(r->view, "state", state);
    cJSON_AddStringToObject(r->view, "state_label", request_t_of(r, "import.progress.", state));
    cJSON_AddNumberToObject(r->view, "done", (double)done);
    cJSON_AddNumberToObject(r->view, "total", (double)total);
    int pct = strcmp(state, "done") == 0 ? 100 : total > 0 ? (int)(done * 100 / total) : 0;
    cJSON_AddNumberToObject(r->view, "percent", pct > 100 ? 100 : pct);
    cJSON_AddStringToObject(r->view, "token", token);
    return 200;
}

int h_import_result(request *r) {
    const char *token;
    upload_meta m;
    int st = find_upload(r, true, &token, &m);
    if (st) return st;
    if (strcmp(m.state, "done") != 0) {
        request_redirect(r, arena_printf(r->a, "/import/preview?token=%s", token), NULL);
        return 303;
    }
    r->template_name = "import_result";
    cJSON_AddStringToObject(r->view, "title", request_t(r, "import.result.title"));
    upload_view(r, token, &m);
    cJSON *s = cJSON_AddObjectToObject(r->view, "result");
    cJSON_AddNumberToObject(s, "rows", (double)m.rows);
    cJSON_AddNumberToObject(s, "records", (double)m.records);
    cJSON_AddNumberToObject(s, "lines", (double)m.lines);
    cJSON_AddNumberToObject(s, "skipped", (double)m.skipped);
    cJSON_AddStringToObject(s, "finished", request_time(r, m.finished));
    rec_flag(s, "is_orders", m.kind == IMPORT_ORDERS);
    cJSON_AddStringToObject(s, "list", m.kind == IMPORT_ORDERS ? "/orders" : "/customers");
    return 200;
}

int h_import_cancel(request *r) {
    const char *token;
    upload_meta m;
    int st = find_upload(r, false, &token, &m);
    if (st) return st;
    int lock = open(upload_path(r, token, "lock"), O_RDWR | O_CREAT, 0600);
    if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
        if (lock >= 0) close(lock);
        return request_error(r, 409, "import.err.busy");
    }
    forget(r, token, false);
    close(lock);
    request_redirect(r, "/import", "import.notice.cancelled");
    return 303;
}
