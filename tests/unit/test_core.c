/* test_core.c — the small shared pieces: arena, buffer, HTML/URL escaping, permission sets, the route
 * matcher, configuration parsing, catalogs, the bigram function used by search and the name key used by
 * the 名称 sort, and the 操作日志 queries' index walks. */
#include "arena.h"
#include "audit.h"
#include "decimal.h"
#include "customers.h"
#include "orders.h"
#include "activity_feed.h"
#include "contact_dir.h"
#include "h_contacts.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "highlight.h"
#include "html.h"
#include "i18n.h"
#include "import.h"
#include "jsonmem.h"
#include "perm.h"
#include "request.h"
#include "routes.h"
#include "search.h"
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void arena_allocations_are_aligned_and_reset(void) {
    arena *a = arena_new(1024);
    char *p = arena_alloc(a, 3);
    void *q = arena_alloc(a, 8);
    CHECK(((size_t)q & 15) == 0);
    void *big = arena_alloc(a, 100000); /* larger than a chunk */
    memset(big, 1, 100000);
    CHECK(arena_used(a) >= 100000);
    CHECK_STR(arena_printf(a, "%s-%d", "x", 42), "x-42");
    CHECK_STR(arena_strndup(a, "hello", 3), "hel");
    CHECK_STR(arena_cat(a, ""), "");
    CHECK_STR(arena_cat(a, "/customers?", "", "sort=name"), "/customers?sort=name");
    CHECK_STR(arena_cat(a, "a", "bc", "", "def"), "abcdef");
    CHECK_STR(arena_lld(a, 0), "0");
    CHECK_STR(arena_lld(a, 7), "7");
    CHECK_STR(arena_lld(a, -12345), "-12345");
    CHECK_STR(arena_lld(a, 9223372036854775807LL), "9223372036854775807");
    CHECK_STR(arena_lld(a, -9223372036854775807LL - 1), "-9223372036854775808");
    arena_reset(a);
    CHECK(arena_used(a) == 0);
    (void)p;
    arena_free(a);
}

static void buf_grows_and_clears(void) {
    buf b = BUF_INIT;
    CHECK_STR(buf_str(&b), "");
    for (int i = 0; i < 1000; i++) buf_puts(&b, "ab");
    CHECK(b.len == 2000);
    buf_printf(&b, "%d", 7);
    CHECK(b.data[2000] == '7' && b.data[2001] == 0);
    buf_clear(&b);
    CHECK(b.len == 0 && b.cap > 0);
    buf_free(&b);
}

/* buf_append copies pieces of up to 16 bytes as overlapping word moves: every length after every
 * length already in the buffer must come out byte for byte, NUL-terminated, with nothing before it
 * touched. */
static void buf_append_every_short_length(void) {
    char src[41];
    for (int i = 0; i < 40; i++) src[i] = (char)('A' + i);
    src[40] = 0;
    int bad = 0;
    for (int before = 0; before <= 20; before++)
        for (int n = 0; n <= 40; n++) {
            buf b = BUF_INIT;
            char want[64];
            memset(want, 'x', (size_t)before);
            memcpy(want + before, src, (size_t)n);
            want[before + n] = 0;
            for (int i = 0; i < before; i++) buf_putc(&b, 'x');
            buf_append(&b, src, (size_t)n);
            bad += b.len != (size_t)(before + n) || strcmp(buf_str(&b), want) != 0;
            buf_free(&b);
        }
    CHECK(bad == 0);
}

/* decimal_lld writes what printf's %lld does, at every power of ten and its neighbours and at the ends. */
static void decimal_text_matches_printf(void) {
    long long cases[80];
    size_t n = 0;
    cases[n++] = 0;
    cases[n++] = LLONG_MAX;
    cases[n++] = LLONG_MIN;
    cases[n++] = LLONG_MIN + 1;
    for (long long p = 1; n + 6 <= sizeof cases / sizeof cases[0]; p *= 10) {
        cases[n++] = p - 1;
        cases[n++] = p;
        cases[n++] = -p;
        cases[n++] = -(p - 1);
        if (p > LLONG_MAX / 10) break;
    }
    for (size_t i = 0; i < n; i++) {
        char got[24], want[24];
        memset(got, 'x', sizeof got);
        size_t len = decimal_lld(cases[i], got);
        snprintf(want, sizeof want, "%lld", cases[i]);
        if (strcmp(got, want) != 0 || len != strlen(want)) {
            fprintf(stderr, "    decimal_lld(%s): \"%s\" (%zu)\n", want, got, len);
            CHECK(0);
        }
    }
}

static void html_escape_covers_the_five(void) {
    buf b = BUF_INIT;
    const char *s = "<a href=\"x\">'&'</a>";
    html_escape(&b, s, strlen(s));
    CHECK_STR(buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    buf_clear(&b);
    url_encode(&b, "/a b?c=张", strlen("/a b?c=张"));
    CHECK_STR(buf_str(&b), "%2Fa%20b%3Fc%3D%E5%BC%A0");
    buf_free(&b);
}

/* The reference: byte by byte. html_escape skips 8-byte words without a byte it escapes; every
 * special byte at every offset of long mixed text must still be escaped. */
static void naive_escape(buf *b, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&quot;"); break;
        case '\'': buf_puts(b, "&#39;"); break;
        default: buf_putc(b, *s);
        }
    }
}

static void html_escape_long_text_at_every_offset(void) {
    static const char *const pieces[] = {"华为技术有限公司", "abcdefgh", "0755-2878", "&", "<", ">", "\"", "'", "张伟", " ", "z"};
    unsigned seed = 7;
    for (int round = 0; round < 400; round++) {
        buf in = BUF_INIT, got = BUF_INIT, want = BUF_INIT;
        int k = round % 23;
        for (int j = 0; j < k; j++) {
            seed = seed * 1103515245u + 12345u;
            buf_puts(&in, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
        }
        html_escape(&got, buf_str(&in), in.len);
        naive_escape(&want, buf_str(&in));
        CHECK_STR(buf_str(&got), buf_str(&want));
        buf_free(&in); buf_free(&got); buf_free(&want);
    }
}

/* Every byte value at every offset of texts of 1 to 17 bytes, between fillers (a SWAR test that
 * matched 0x3D or missed 0x27 in some lane, or a short or overlapping last word that missed a byte,
 * would show here). */
static void html_escape_every_byte_at_every_offset(void) {
    int bad = 0;
    for (int len = 1; len <= 17; len++)
    for (int c = 1; c < 256; c++)
        for (int off = 0; off < len; off++) {
            char in[18];
            memset(in, 'a', (size_t)len);
            in[len] = 0;
            in[off] = (char)c;
            buf got = BUF_INIT, want = BUF_INIT;
            html_escape(&got, in, (size_t)len);
            naive_escape(&want, in);
            bad += strcmp(buf_str(&got), buf_str(&want)) != 0;
            buf_free(&got); buf_free(&want);
        }
    CHECK(bad == 0);
}

/* json_add_text_ref / json_add_bool / json_add_number build, in an arena and on the heap, the members cJSON's own calls
 * build: the same text out, found by name, linked so cJSON's later adds append after them. */
static void json_members_added_in_place(void) {
    jsonmem_init();
    for (int in_arena = 0; in_arena < 2; in_arena++) {
        arena *a = arena_new(4096);
        if (in_arena) jsonmem_use(a);
        cJSON *o = cJSON_CreateObject();
        json_add_text_ref(o, "name", "华为");
        json_add_bool(o, "on", true);
        cJSON_AddNumberToObject(o, "n", 3);
        json_add_bool(o, "off", false);
        json_add_number(o, "id", 1234567);
        json_add_number(o, "big", 1e12);
        cJSON *empty = cJSON_CreateObject();
        json_add_text_ref(empty, "only", "x<y");
        cJSON_AddItemToObject(o, "inner", empty);
        char *text = cJSON_PrintUnformatted(o);
        CHECK_STR(text, "{\"name\":\"华为\",\"on\":true,\"n\":3,\"off\":false,\"id\":1234567,\"big\":1000000000000,"
                         "\"inner\":{\"only\":\"x<y\"}}");
        CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "off")));
        CHECK(cJSON_GetObjectItemCaseSensitive(o, "id")->valueint == 1234567);
        CHECK(cJSON_GetObjectItemCaseSensitive(o, "big")->valueint == INT_MAX);   /* as cJSON_CreateNumber */
        CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "name")), "华为");
        CHECK(o->child->prev == cJSON_GetObjectItemCaseSensitive(o, "inner"));   /* first's prev is the last */
        if (!in_arena) { cJSON_free(text); cJSON_Delete(o); }   /* the heap tree frees without touching the constants */
        jsonmem_use(NULL);
        arena_free(a);
    }
}

static void permission_lists_parse_into_sets(void) {
    permset s = perm_parse_list("user.manage audit.view bogus.perm  customer.view_all");
    CHECK(perm_has(s, P_USER_MANAGE));
    CHECK(perm_has(s, P_AUDIT_VIEW));
    CHECK(perm_has(s, P_CUSTOMER_VIEW_ALL));
    CHECK(!perm_has(s, P_CUSTOMER_VIEW));  /* "customer.view_all" must not grant "customer.view" */
    CHECK(perm_has(s, P_NONE));
    CHECK(perm_parse_list("") == 0);
    for (int p = 1; p < P__COUNT; p++) {
        const char *code = perm_code((perm)p);
        CHECK(code && perm_from_code(code, strlen(code)) == (perm)p);
    }
    CHECK(role_valid("rep") && !role_valid("root") && !role_valid(""));
}

static void routes_match_paths_ids_and_methods(void) {
    long long id = 0;
    bool known;
    const route *rt = route_match("GET", "/admin/users/42", &id, &known);
    CHECK(rt && strcmp(rt->name, "users_edit") == 0 && id == 42);
    rt = route_match("POST", "/admin/users/42/password", &id, &known);
    CHECK(rt && strcmp(rt->name, "users_reset_password") == 0);
    CHECK(!route_match("GET", "/admin/users/0", &id, &known));       /* ids are positive */
    CHECK(!route_match("GET", "/admin/users/12a", &id, &known));
    CHECK(!route_match("GET", "/admin/users/99999999999999999", &id, &known)); /* too long */
    CHECK(!route_match("DELETE", "/admin/users/1", &id, &known) && known);     /* 405, not 404 */
    CHECK(!route_match("GET", "/nope", &id, &known) && !known);
    CHECK(route_match("HEAD", "/health", &id, &known) != NULL);
    /* every state-changing route is POST, needs CSRF; every GET is not marked CSRF */
    for (int i = 0; i < ROUTE_COUNT; i++) {
        bool post = strcmp(ROUTES[i].method, "POST") == 0;
        CHECK(post == ((ROUTES[i].flags & R_CSRF) != 0));
        CHECK(ROUTES[i].flags & (R_LOGIN | R_PUBLIC));
    }
}

static void config_reads_file_and_refuses_junk(void) {
    char path[] = "/tmp/crm-test-conf-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("# comment\n database = /tmp/x.db \nworkers=3\nlanguage = en\n", f);
    fclose(f);
    config c;
    config_defaults(&c);
    char err[256];
    CHECK(config_load(&c, path, err, sizeof err) == 0);
    CHECK_STR(c.database, "/tmp/x.db");
    CHECK(c.workers == 3);
    CHECK_STR(c.language, "en");
    CHECK(config_set(&c, "workers", "-1", err, sizeof err) != 0);
    CHECK(config_set(&c, "workers", "3x", err, sizeof err) != 0);
    CHECK(config_set(&c, "language", "fr", err, sizeof err) != 0);
    CHECK(config_set(&c, "no_such_key", "1", err, sizeof err) != 0);
    f = fopen(path, "w");
    fputs("database\n", f);
    fclose(f);
    CHECK(config_load(&c, path, err, sizeof err) != 0 && strstr(err, ":1:"));
    unlink(path);
}

static void catalogs_load_merge_and_fall_back(void) {
    char err[256];
    CHECK(i18n_load("templates/i18n", err, sizeof err) == 0);
    CHECK_STR(i18n_get("zh-CN", "nav.users"), "用户管理");
    CHECK_STR(i18n_get("en", "nav.users"), "Users");
    CHECK_STR(i18n_get("en", "no.such.key"), "no.such.key");
    /* every text of both catalogs is found under its full dotted key (the hash index), and a key that
       names an object or a part of a key is not a text */
    CHECK_STR(i18n_get("zh-CN", "customers.field.region"), "地区");
    CHECK_STR(i18n_get("en", "customers.field.region"), "Region");
    CHECK_STR(i18n_get("zh-CN", "customers.field"), "customers.field");
    CHECK_STR(i18n_get("zh-CN", "customers.field.regio"), "customers.field.regio");
    CHECK_STR(i18n_get(NULL, "nav.users"), "用户管理");
    const cJSON *cats[] = {i18n_catalog("zh-CN"), i18n_catalog("en")};
    const char *langs[] = {"zh-CN", "en"};
    for (int c = 0; c < 2; c++) {
        const cJSON *ns, *leaf;
        int seen = 0;
        cJSON_ArrayForEach(ns, cats[c]) {
            if (!cJSON_IsObject(ns)) continue;
            cJSON_ArrayForEach(leaf, ns) {
                if (!cJSON_IsString(leaf)) continue;
                char key[256];
                snprintf(key, sizeof key, "%s.%s", ns->string, leaf->string);
                CHECK(i18n_get(langs[c], key) == leaf->valuestring);
                seen++;
            }
        }
        CHECK(seen > 100);
    }
    CHECK_STR(i18n_lang("en-US"), "en");
    CHECK_STR(i18n_lang("zh-TW"), "zh-CN");
    CHECK(i18n_lang("fr") == NULL);
    i18n_free();
}

/* A catalog file that defines a key twice (cJSON keeps both, so which text a page shows would depend on the
 * lookup) is refused at load, naming the key; the same catalogs without the second one load. */
static void catalogs_refuse_a_key_defined_twice(void) {
    char dir[] = "/tmp/crm-test-i18n-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char zh[64], en[64];
    snprintf(zh, sizeof zh, "%s/x.zh-CN.json", dir);
    snprintf(en, sizeof en, "%s/x.en.json", dir);
    const char *twice = "{\"x\": {\"field\": {\"a\": \"甲\", \"a\": \"乙\"}, \"b\": \"丙\"}}";
    const char *once = "{\"x\": {\"field\": {\"a\": \"A\"}, \"b\": \"B\"}}";
    FILE *f = fopen(zh, "w");
    fputs(twice, f);
    fclose(f);
    f = fopen(en, "w");
    fputs(once, f);
    fclose(f);
    char err[256] = "";
    CHECK(i18n_load(dir, err, sizeof err) != 0);
    CHECK_STR(err, "catalog zh-CN: key \"x.field.a\" is defined twice");
    f = fopen(zh, "w");
    fputs("{\"x\": {\"field\": {\"a\": \"甲\"}, \"b\": \"丙\"}}", f);
    fclose(f);
    CHECK(i18n_load(dir, err, sizeof err) == 0);
    CHECK_STR(i18n_get("zh-CN", "x.field.a"), "甲");
    i18n_free();
    unlink(zh);
    unlink(en);
    rmdir(dir);
}

/* Every key of the zh-CN catalog exists in en and the other way round. */
static void catalog_keys_match(const cJSON *a, const cJSON *b, const char *path, int *missing) {
    const cJSON *it;
    cJSON_ArrayForEach(it, a) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(b, it->string);
        if (!o || cJSON_IsObject(o) != cJSON_IsObject(it)) {
            fprintf(stderr, "  catalog key %s.%s missing in the other language\n", path, it->string);
            (*missing)++;
        } else if (cJSON_IsObject(it)) {
            char sub[256];
            snprintf(sub, sizeof sub, "%s.%s", path, it->string);
            catalog_keys_match(it, o, sub, missing);
        }
    }
}

static void catalogs_cover_both_languages(void) {
    char err[256];
    CHECK(i18n_load("templates/i18n", err, sizeof err) == 0);
    int missing = 0;
    catalog_keys_match(i18n_catalog("zh-CN"), i18n_catalog("en"), "", &missing);
    catalog_keys_match(i18n_catalog("en"), i18n_catalog("zh-CN"), "", &missing);
    CHECK(missing == 0);
    i18n_free();
}

/* Every import column has its headers in the catalogs: the Chinese one as the import table writes it,
 * an English one of words (not the field's name) that the import reads back as that column. */
static void import_headers_in_both_catalogs(void) {
    char err[256];
    CHECK(i18n_load("templates/i18n", err, sizeof err) == 0);
    for (int k = 0; k < IMPORT_KIND_COUNT; k++) {
        size_t n;
        const import_column *cols = import_columns((import_kind)k, &n);
        for (size_t i = 0; i < n; i++) {
            char key[96];
            snprintf(key, sizeof key, "import.header.%s.%s", IMPORT_KINDS[k], cols[i].key);
            CHECK_STR(i18n_get("zh-CN", key), cols[i].zh);
            const char *en = import_header_en((import_kind)k, &cols[i]);
            CHECK(strcmp(en, cols[i].key) != 0 && strcmp(en, cols[i].zh) != 0);
        }
    }
    i18n_free();
}

/* The pieces of text for query q as "plain[hit]plain…", and a check that they spell text again. */
static const char *marked(const char *q, const char *text, bool phone, int max) {
    static char out[512];
    hl_terms t;
    hl_terms_of(q, &t);
    hl_piece p[64];
    int n = hl_pieces(&t, text, phone, p, max);
    size_t o = 0, at = 0;
    for (int i = 0; i < n; i++) {
        if (p[i].at != at || p[i].len == 0) return "(pieces do not follow each other)";
        o += (size_t)snprintf(out + o, sizeof out - o, p[i].hit ? "[%.*s]" : "%.*s", (int)p[i].len, text + p[i].at);
        at += p[i].len;
    }
    if (at != strlen(text)) return "(pieces do not cover the text)";
    out[o] = 0;
    return out;
}

static void highlight_marks_the_search_terms(void) {
    CHECK_STR(marked("华为", "深圳华为技术有限公司", false, 16), "深圳[华为]技术有限公司");
    CHECK_STR(marked("华为", "华为", false, 16), "[华为]");
    CHECK_STR(marked("kh2026", "KH20261207001", false, 16), "[KH2026]1207001");
    CHECK_STR(marked("abc科技", "北京ABC科技有限公司", false, 16), "北京[ABC科技]有限公司");
    CHECK_STR(marked("华为 北京", "北京华为北京", false, 16), "[北京][华为][北京]");
    CHECK_STR(marked("华为 华为技术", "华为技术华为", false, 16), "[华为技术][华为]");   /* the longest at a place */
    CHECK_STR(marked("华　为技", "华为技术", false, 16), "华[为技]术");   /* ideographic space; one character is no term */
    CHECK_STR(marked("科技", "华为技术", false, 16), "华为技术");
    CHECK_STR(marked("", "华为技术", false, 16), "华为技术");
    CHECK_STR(marked("华为", "", false, 16), "");
    /* a phone by its digits, separators between them */
    CHECK_STR(marked("28780808", "0755-2878 0808", true, 16), "0755-[2878 0808]");
    CHECK_STR(marked("(0755)2878", "0755-2878 0808", true, 16), "[0755-2878] 0808");
    CHECK_STR(marked("28780808", "0755-2878 0808", false, 16), "0755-2878 0808");   /* not in a name */
    CHECK_STR(marked("7", "0755-2878 0808", true, 16), "0755-2878 0808");
    /* more occurrences than pieces: marked while there is room, the rest one piece */
    CHECK_STR(marked("ab", "abababababab", false, 4), "[ab][ab][ab]ababab");
    CHECK_STR(marked("ab", "xabxabxabx", false, 4), "x[ab]xabxabx");
    CHECK_STR(marked("ab", "xab", false, 1), "xab");
}

static void bigrams_split_chinese_and_latin(void) {
    db *d;
    char err[256];
    CHECK(db_open(&d, ":memory:", DB_READWRITE, err, sizeof err) == 0);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db_handle(d), "SELECT crm_bigrams(?1)", -1, &st, NULL);
    const char *cases[][2] = {
        {"华为技术", "华为 为技 技术"},
        {"张伟", "张伟"},
        {"ABC科技", "ab bc c科 科技"},
        {"王 (北京)", "王 北京"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, cases[i][0], -1, SQLITE_STATIC);
        CHECK(sqlite3_step(st) == SQLITE_ROW);
        CHECK_STR((const char *)sqlite3_column_text(st, 0), cases[i][1]);
    }
    sqlite3_finalize(st);
    db_close(d);
}

/* crm_name_key(text) is the text's GB18030 bytes: the common names sort in pinyin order as BLOBs, a prefix's
 * key is a prefix of the name's, NULL stays NULL, '' is the empty BLOB, and a character iconv cannot
 * convert (an encoded surrogate) keeps its UTF-8 bytes while the rest is converted. */
/* crm_name_key (name_key.c): pinyin order for every Chinese character — the level-2 ones (鑫, 昊) too,
 * which the GB18030 key of schema/008 put after every Z name — and the prefix range the name filters
 * use. */
static void name_key_is_pinyin_order(void) {
    db *d;
    char err[256];
    CHECK(db_open(&d, ":memory:", DB_READWRITE, err, sizeof err) == 0);
    sqlite3_stmt *st;
    CHECK(sqlite3_prepare_v2(db_handle(d), "SELECT typeof(crm_name_key(?1)), length(crm_name_key(?1))", -1, &st, NULL) == SQLITE_OK);
    const char *types[][3] = {{"阿里", "blob", NULL}, {"", "blob", "0"}, {"甲\xED\xA0\x80乙", "blob", NULL}, {"甲\xFF", "blob", NULL}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, types[i][0], -1, SQLITE_STATIC);
        CHECK(sqlite3_step(st) == SQLITE_ROW);
        CHECK_STR((const char *)sqlite3_column_text(st, 0), types[i][1]);
        if (types[i][2]) CHECK_STR((const char *)sqlite3_column_text(st, 1), types[i][2]);
    }
    sqlite3_reset(st);
    sqlite3_bind_null(st, 1);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    CHECK_STR((const char *)sqlite3_column_text(st, 0), "null");
    sqlite3_finalize(st);
    /* each name's key below the next one's: ASCII by byte, then Chinese by pinyin — GB2312's order
     * and readings for level 1 (长城 under C), ICU's pinyin for the rest (鑫 xin and 昊 hao are level
     * 2; U+20000, of CJK extension B, has no reading in ICU's table and goes after every level-1
     * character); a name before the longer names it starts; a byte that is not UTF-8 after any
     * character in the same place */
    static const char *const order[] = {"123", "Apple", "Zoo", "apples", "阿里", "百度", "长城", "大众", "昊天",
                                        "恒达", "甲乙", "甲\xFF", "京东", "美的", "腾讯", "小米", "鑫达",
                                        "鑫达贸易", "星辰", "中兴", "\xF0\xA0\x80\x80"};
    CHECK(sqlite3_prepare_v2(db_handle(d), "SELECT crm_name_key(?1) < crm_name_key(?2)", -1, &st, NULL) == SQLITE_OK);
    for (size_t i = 0; i + 1 < sizeof order / sizeof order[0]; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, order[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, order[i + 1], -1, SQLITE_STATIC);
        CHECK(sqlite3_step(st) == SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != 1) fprintf(stderr, "    %s is not before %s\n", order[i], order[i + 1]);
        CHECK(sqlite3_column_int(st, 0) == 1);
    }
    sqlite3_finalize(st);
    const char *range = "SELECT crm_name_key(?2) >= crm_name_key(?1)"
        " AND crm_name_key(?2) < CAST(crm_name_key(?1) || x'FF' AS BLOB)";
    CHECK(sqlite3_prepare_v2(db_handle(d), range, -1, &st, NULL) == SQLITE_OK);
    const char *pairs[][3] = {{"北京", "北京华为", "1"}, {"北京", "北京", "1"}, {"北京", "北", "0"},
                              {"北京", "北海", "0"}, {"北", "北\xF4\x8F\xBF\xBF", "1"}, {"A", "AZ", "1"}, {"A", "B", "0"},
                              {"鑫", "鑫达", "1"}, {"新", "鑫达", "0"}, {"鑫", "鑫", "1"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        sqlite3_reset(st);
        sqlite3_bind_text(st, 1, pairs[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, pairs[i][1], -1, SQLITE_STATIC);
        CHECK(sqlite3_step(st) == SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != atoi(pairs[i][2])) fprintf(stderr, "    range %s / %s\n", pairs[i][0], pairs[i][1]);
        CHECK(sqlite3_column_int(st, 0) == atoi(pairs[i][2]));
    }
    sqlite3_finalize(st);
    db_close(d);
}

/* request_time formats in the configured zone without localtime_r on the hot path (a per-day offset
 * cache): it must agree with localtime_r everywhere, including the days a zone changes its offset. */
static void request_time_agrees_with_localtime(void) {
    setenv("TZ", "America/New_York", 1);   /* a zone with daylight saving; the app fixes TZ at start */
    tzset();
    arena *a = arena_new(1 << 16);
    request r;
    memset(&r, 0, sizeof r);
    r.a = a;
    int bad = 0;
    long long checked = 0;
    for (int pass = 0; pass < 2; pass++) {   /* the second pass runs from the cache */
        for (long long t = 631152000; t < 2240611200LL && bad < 5; t += 7919) {   /* 1990 .. 2041 */
            time_t tt = (time_t)t;
            struct tm tm;
            char want[32];
            localtime_r(&tt, &tm);
            strftime(want, sizeof want, "%Y-%m-%d %H:%M", &tm);
            const char *got = request_time(&r, t);
            if (strcmp(got, want) != 0) { bad++; fprintf(stderr, "  %lld: got %s want %s\n", t, got, want); }
            want[10] = 0;
            got = request_date(&r, t);   /* days jump here: each call a new day or not */
            if (strcmp(got, want) != 0) { bad++; fprintf(stderr, "  %lld: date %s want %s\n", t, got, want); }
            checked++;
            if (checked % 4096 == 0) arena_reset(a);
        }
        /* every minute of the two days of 2026 when New York changes its offset */
        const long long days[] = {1772928000LL, 1793491200LL};   /* 2026-03-08, 2026-11-01 (UTC midnight) */
        for (int d = 0; d < 2; d++) {
            for (long long t = days[d] - 86400; t < days[d] + 2 * 86400 && bad < 5; t += 60) {
                time_t tt = (time_t)t;
                struct tm tm;
                char want[32];
                localtime_r(&tt, &tm);
                strftime(want, sizeof want, "%Y-%m-%d %H:%M", &tm);
                const char *got = request_time(&r, t);
                if (strcmp(got, want) != 0) { bad++; fprintf(stderr, "  %lld: got %s want %s\n", t, got, want); }
                /* the date alone, from its one-day memory: the minutes walk across local midnights */
                want[10] = 0;
                got = request_date(&r, t);
                if (strcmp(got, want) != 0) { bad++; fprintf(stderr, "  %lld: date %s want %s\n", t, got, want); }
                if (++checked % 4096 == 0) arena_reset(a);
            }
        }
    }
    CHECK(bad == 0);
    CHECK(checked > 20000);
    CHECK_STR(request_time(&r, 0), "");
    CHECK_STR(request_date(&r, 0), "");
    arena_free(a);
    setenv("TZ", "UTC", 1);
    tzset();
}

/* VM steps all prepared statements of d made since the last call: how many rows a query visited, a
 * machine-independent measure (no timing). */
static long long vm_steps(db *d) {
    long long n = 0;
    for (sqlite3_stmt *st = sqlite3_next_stmt(db_handle(d), NULL); st; st = sqlite3_next_stmt(db_handle(d), st))
        n += sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 1);
    return n;
}

/* A migrated in-memory database, and with manager_id > 0 a user of that id to own customers. */
static db *migrated_db(long long manager_id) {
    db *d = NULL;
    char err[256];
    int applied = 0;
    CHECK(db_open(&d, ":memory:", DB_READWRITE, err, sizeof err) == 0);
    CHECK(db_migrate(d, "schema", &applied, err, sizeof err) == 0);
    if (manager_id > 0) {
        char sql[256];
        snprintf(sql, sizeof sql, "INSERT INTO users(id, login, name, role, pw_hash, created_at, updated_at)"
                 " SELECT %lld, 'unit-rep%lld', '单元%lld', code, 'x', 0, 0 FROM roles LIMIT 1", manager_id, manager_id, manager_id);
        CHECK(db_exec(d, sql) == 0);
    }
    return d;
}

/* audit_list walks the index of its leading filter: a record's history, a user's, an action's and a
 * record type's entries are found without visiting the 5,000 newer entries of other records (the
 * customer page once scanned the whole log), a record id's without a type too (one seek per type), and so are a date range's (by time, then id); the keyset
 * bound pages within them, and the answer is the same as the whole-log walk's. */
static void audit_list_walks_the_filters_index(void) {
    db *d = migrated_db(0);
    /* the old entries the filters look for (ids 1001..1010 after the base), then 5,000 newer ones */
    CHECK(db_exec(d, "DELETE FROM audit_log;"
                     "INSERT INTO audit_log(id, at, user_id, record_type, record_id, action) VALUES"
                     " (1001, 10, NULL, 'customer', 777777, 'create'), (1002, 11, NULL, 'customer', 777777, 'update'),"
                     " (1003, 12, NULL, 'customer', 777777, 'retire'), (1004, 13, 99, 'user', 5, 'login'),"
                     " (1005, 14, 99, 'user', 5, 'logout'), (1006, 15, NULL, 'order', 3, 'delete'),"
                     " (1007, 16, NULL, 'order', 4, 'delete');"
                     "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                     " INSERT INTO audit_log(at, user_id, record_type, record_id, action)"
                     " SELECT 100 + i, NULL, 'customer', i, 'create' FROM n;") == 0);
    struct { audit_filter f; int want; long long first_id; } cases[] = {
        {{.record_type = "customer", .record_id = 777777}, 3, 1003},
        {{.record_type = "customer", .record_id = 777777, .before_id = 1003}, 2, 1002},
        {{.record_type = "customer", .record_id = 777777, .action = "create"}, 1, 1001},
        {{.user_id = 99}, 2, 1005},
        {{.action = "delete"}, 2, 1007},
        {{.action = "retire"}, 1, 1003},
        {{.record_type = "order"}, 2, 1007},
        {{.record_type = "order", .before_id = 1007}, 1, 1006},
        {{.from = 10, .to = 13}, 3, 1003},
        {{.from = 10, .to = 17, .before_at = 13, .before_id = 1004}, 3, 1003},
        {{.from = 10, .to = 17, .action = "delete"}, 2, 1007},
        {{.to = 16}, 6, 1006},
        /* a record id alone (操作日志's 记录 field without a type): every type's entries for it, newest first,
         * a few seeks per type (the whole-log walk took 30,000-40,000 steps) */
        {{.record_id = 777777}, 3, 1003},
        {{.record_id = 5}, 3, 1012},   /* customer 5's (id 1012, among the 5,000), then user 5's two */
        {{.record_id = 5, .before_id = 1012}, 2, 1005},
        {{.record_id = 5, .action = "create"}, 1, 1012},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *rows = cJSON_CreateArray();
        vm_steps(d);
        int n = audit_list(d, &cases[i].f, rows);
        long long steps = vm_steps(d);
        CHECK(n == cases[i].want);
        cJSON *first = cJSON_GetArrayItem(rows, 0);
        CHECK(first && (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(first, "id")) == cases[i].first_id);
        long long max_steps = cases[i].f.record_id && !cases[i].f.record_type ? 600 : 300;
        if (steps >= max_steps) fprintf(stderr, "    audit filter %zu: %lld VM steps\n", i, steps);
        CHECK(steps < max_steps);
        cJSON_Delete(rows);
    }
    /* no leading filter: the newest entries, by the primary key */
    cJSON *rows = cJSON_CreateArray();
    audit_filter all = {.limit = 3};
    CHECK(audit_list(d, &all, rows) == 3);
    CHECK((long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(rows, 0), "id")) == 6007);
    cJSON_Delete(rows);
    db_close(d);
}

/* A manager's list filtered by a rare 状态 or by a 创建日期 range, and 地区 with a rare 状态, walk an
 * index that holds the matches (schema/013, customers.c choose()), not every customer of the manager
 * or the region: among 5,000 normal customers of one manager, the 3 lost ones cost < 300 VM steps. */
/* A common text of Chinese characters in a 名称/地区/客户经理 order walks that order's index (text_walk)
 * and lists exactly what sorting the search index's matches lists, page by page; a rare one, or one
 * with Latin letters, still sorts its matches. */
static int page_ids(db *d, customers_filter *f, long long *ids, customers_page *page) {
    cJSON *rows = cJSON_CreateArray();
    int n = customers_list(d, f, rows, page);
    for (int i = 0; i < n; i++) ids[i] = (long long)cJSON_GetArrayItem(rows, i)->child->valuedouble;
    static char key[2][64];   /* (next_key points into the rows) */
    static int k;
    k ^= 1;
    snprintf(key[k], sizeof key[k], "%s", page->next_key ? page->next_key : "");
    page->next_key = key[k];
    cJSON_Delete(rows);
    return n;
}

/* 12,000 customers of manager 90, created at 1000 + i: one in three (i % 3 = 0) has 科技 in its name,
 * customer 77 has 稀有. */
static db *text_customers_db(void) {
    db *d = migrated_db(90);
    CHECK(db_exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)"
                     " INSERT INTO customers(no, name, name_key, region, manager_id, level, status, created_at, updated_at)"
                     " SELECT printf('T%06d', i), nm, crm_name_key(nm), CASE i % 3 WHEN 0 THEN 'beijing' ELSE 'shanghai' END,"
                     " 90, 'normal', 'normal', 1000 + i, 0 FROM (SELECT i, CASE WHEN i = 77 THEN '稀有材料' || i"
                     " WHEN i % 3 = 0 THEN substr('甲乙丙丁戊己庚辛', 1 + i % 8, 1) || '源科技' || i"
                     " ELSE substr('甲乙丙丁戊己庚辛', 1 + i % 8, 1) || '达贸易' || i END AS nm FROM n);") == 0);
    return d;
}

static void customer_list_common_text_walks_the_sort_index(void) {
    db *d = text_customers_db();
    search_match m;
    arena *a = arena_new(4096);
    struct { const char *q; int sort; long long manager; bool walks; int want; } cases[] = {
        {"科技", CS_NAME, 0, true, 400},   /* (the first 8 pages of 4,000) */
        {"科技", CS_REGION, 0, true, 400},
        {"科技", CS_MANAGER, 0, true, 400},
        {"科技", CS_NAME, 90, true, 400},
        {"源科技", CS_NAME, 0, true, 400},
        {"稀有", CS_NAME, 0, false, 1},
        {"科技", CS_LEVEL, 0, false, 400},   /* (no level order given: sorted by code, the matches sorted) */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        CHECK(search_build(a, cases[c].q, &m) == SEARCH_OK);
        /* the same list twice: as text_walk chooses (text set), and sorting the matches (text NULL) */
        long long got[2][400];
        int total[2] = {0, 0};
        long long steps[2] = {0, 0};
        for (int way = 0; way < 2; way++) {
            customers_filter f = {.tri = m.tri, .bi = m.bi, .text = way == 0 ? m.whole : NULL,
                                  .manager = cases[c].manager, .sort = cases[c].sort, .limit = 50};
            customers_page page = {0};
            for (int pages = 0; pages < 8; pages++) {
                vm_steps(d);
                int n = page_ids(d, &f, got[way] + total[way], &page);
                long long st = vm_steps(d);
                if (pages == 0) steps[way] = st;
                CHECK(n >= 0);
                total[way] += n;
                if (!page.more) break;
                f.after = true;
                f.after_id = page.next_id;
                f.after_key = page.next_key;
            }
        }
        CHECK(total[0] == cases[c].want && total[1] == cases[c].want);
        for (int i = 0; i < total[0] && i < total[1]; i++)
            if (got[0][i] != got[1][i]) { fprintf(stderr, "    case %zu: row %d differs\n", c, i); CHECK(0); break; }
        /* the first page: a walk reads ~3 rows per match shown and counts the index's first 1,000
         * matches; the sort reads all 4,000 matches */
        if (cases[c].walks) {
            if (steps[0] * 3 >= steps[1]) fprintf(stderr, "    case %zu: walk %lld, sort %lld VM steps\n", c, steps[0], steps[1]);
            CHECK(steps[0] * 3 < steps[1]);
        } else {
            CHECK(steps[0] <= steps[1] + 200);   /* the same sort, after counting the few matches */
        }
    }
    /* a text with a date range of few rows reads those rows and asks the search index about each, where
     * it read all 4,000 matches of 科技 testing their dates: created in [1003, 1010), 3, 6 and 9 */
    CHECK(search_build(a, "科技", &m) == SEARCH_OK);
    static const int range_sorts[] = {CS_ID_DESC, CS_ID_ASC, CS_NAME};
    static const long long range_ids[][3] = {{9, 6, 3}, {3, 6, 9}, {3, 6, 9}};   /* 名称: 丁源科技3, 庚源科技6, 乙源科技9 */
    for (size_t k = 0; k < 3; k++) {
        customers_filter f = {.tri = m.tri, .bi = m.bi, .text = m.whole, .created_from = 1003, .created_to = 1010,
                              .sort = range_sorts[k], .limit = 50};
        cJSON *rows = cJSON_CreateArray();
        customers_page page = {0};
        vm_steps(d);
        CHECK(customers_list(d, &f, rows, &page) == 3 && !page.more);
        long long list_steps = vm_steps(d);
        for (int i = 0; i < 3; i++)
            CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, i), "id")->valueint == range_ids[k][i]);
        bool exact = false;
        CHECK(customers_count(d, &f, 1001, &exact) == 3 && exact);
        long long count_steps = vm_steps(d);
        if (list_steps >= 2000 || count_steps >= 2000)
            fprintf(stderr, "    text in a range, sort %d: list %lld, count %lld VM steps\n", range_sorts[k], list_steps, count_steps);
        CHECK(list_steps < 2000 && count_steps < 2000);
        cJSON_Delete(rows);
    }
    arena_free(a);
    db_close(d);
}

/* The list by 地区 reads its rows from customers_by_region alone (schema/016), and a manager's list from
 * customers_by_manager even with a 地区 filter: the plan of the list statement customers_list ran
 * (the one whose run counter moved, SQLITE_STMTSTATUS_RUN, cleared before). */
static void clear_run_counts(db *d) {
    for (sqlite3_stmt *st = sqlite3_next_stmt(db_handle(d), NULL); st; st = sqlite3_next_stmt(db_handle(d), st))
        sqlite3_stmt_status(st, SQLITE_STMTSTATUS_RUN, 1);
}

static bool ran_list_plan_has(db *d, const char *want) {
    bool found = false;
    for (sqlite3_stmt *st = sqlite3_next_stmt(db_handle(d), NULL); st && !found; st = sqlite3_next_stmt(db_handle(d), st)) {
        const char *sql = sqlite3_sql(st);
        if (!sql || strncmp(sql, "SELECT c.id, c.no, c.name", 25) != 0 || !sqlite3_stmt_status(st, SQLITE_STMTSTATUS_RUN, 0))
            continue;
        char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(db_handle(d), eqp, -1, &q, NULL) == SQLITE_OK)
            while (sqlite3_step(q) == SQLITE_ROW)
                if (strstr((const char *)sqlite3_column_text(q, 3), want)) found = true;
        sqlite3_finalize(q);
        sqlite3_free(eqp);
    }
    return found;
}

/* A text of Chinese characters with a 创建日期 range of more than TEXT_RANGE_MAX rows: when the range's
 * rows cost less to read than the text's matches (text_range), the list and its count read them from
 * customers_by_created, instr() passing the few holding the text to the search index; otherwise the
 * matches are read. Either way the pages and the count are those of the matches' plan (text NULL: no
 * instr test). */
static void customer_list_text_over_a_range_reads_the_cheaper(void) {
    db *d = text_customers_db();
    arena *a = arena_new(4096);
    search_match m;
    CHECK(search_build(a, "科技", &m) == SEARCH_OK);
    struct { long long to; int count; const char *plan; } ranges[] = {
        {2201, 400, "INDEX customers_by_created"},   /* 1,200 rows, 400 of them 科技: read the range */
        {9001, 1001, "VIRTUAL TABLE"},               /* 8,000 rows: the 4,000 matches cost less */
    };
    static const int sorts[] = {CS_ID_DESC, CS_ID_ASC, CS_NAME, CS_REGION, CS_MANAGER};
    for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        for (size_t k = 0; k < sizeof sorts / sizeof sorts[0]; k++) {
            long long got[2][200];
            int total[2] = {0, 0};
            for (int way = 0; way < 2; way++) {
                customers_filter f = {.tri = m.tri, .bi = m.bi, .text = way == 0 ? m.whole : NULL,
                                      .created_from = 1001, .created_to = ranges[r].to, .sort = sorts[k], .limit = 50};
                customers_page page = {0};
                for (int pages = 0; pages < 4; pages++) {
                    clear_run_counts(d);
                    int n = page_ids(d, &f, got[way] + total[way], &page);
                    CHECK(n >= 0);
                    if (way == 0 && pages == 0 && !ran_list_plan_has(d, ranges[r].plan)) {
                        fprintf(stderr, "    range to %lld, sort %d: not %s\n", ranges[r].to, sorts[k], ranges[r].plan);
                        CHECK(0);
                    }
                    total[way] += n;
                    if (!page.more) break;
                    f.after = true;
                    f.after_id = page.next_id;
                    f.after_key = page.next_key;
                }
                bool exact = false;
                CHECK(customers_count(d, &f, 1001, &exact) == ranges[r].count && exact == (ranges[r].count < 1001));
            }
            CHECK(total[0] == 200 && total[1] == 200);
            for (int i = 0; i < 200; i++)
                if (got[0][i] != got[1][i]) {
                    fprintf(stderr, "    range to %lld, sort %d: row %d differs\n", ranges[r].to, sorts[k], i);
                    CHECK(0);
                    break;
                }
        }
    arena_free(a);
    db_close(d);
}

/* The level walk (等级 in the dictionary's order) with a date range too wide to sort walks each 等级 by
 * 客户编号 from the range's smallest id to its largest (level_span), not from the 等级's first customer:
 * the first page of a range at the end of 12,000 customers visits its own rows, and a customer of the
 * range with an old id (5) still comes first. Pages walked to the end give every customer of the range
 * once, in id order. */
static void level_walk_with_a_date_range_starts_at_its_span(void) {
    db *d = text_customers_db();   /* all 普通客户 (normal), created at 1000 + id */
    static const char *const order[] = {"normal", NULL};
    for (int moved = 0; moved < 2; moved++) {
        if (moved) CHECK(db_exec(d, "UPDATE customers SET created_at = 11500 WHERE id = 5") == 0);
        customers_filter f = {.sort = CS_LEVEL, .level_order = order, .created_from = 11001, .created_to = 13001, .limit = 50};
        customers_page page = {0};
        long long ids[2100];
        int total = 0;
        long long first_steps = 0;
        for (int pages = 0; pages < 60; pages++) {
            vm_steps(d);
            int n = page_ids(d, &f, ids + total, &page);
            long long steps = vm_steps(d);
            if (pages == 0) first_steps = steps;
            CHECK(n > 0);
            total += n;
            if (!page.more) break;
            f.after = true;
            f.after_id = page.next_id;
            f.after_key = page.next_key;
        }
        CHECK(total == 2000 + moved);
        CHECK(ids[0] == (moved ? 5 : 10001));
        for (int i = moved; i < total; i++) CHECK(ids[i] == 10001 + i - moved);
        /* the walk from the 等级's first customer visited the 10,000 older ones first (~70,000 steps); with
         * customer 5 in the range the span starts there, and the walk is as long again */
        if (moved) continue;
        if (first_steps >= 60000) fprintf(stderr, "    level walk, first page: %lld VM steps\n", first_steps);
        CHECK(first_steps < 60000);
    }
    db_close(d);
}

/* The 客户经理 and 等级 walks' indexes hold 创建日期 (schema/023), so a walk with a date range tests each
 * customer's date in the index, not in its row: the indexes' columns, in order. */
static void walk_indexes_hold_created(void) {
    db *d = migrated_db(0);
    static const struct { const char *index, *columns; } want[] = {
        {"customers_by_manager", "manager_id,id,created_at"},
        {"customers_by_level", "level,id,created_at"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        sqlite3_stmt *st = NULL;
        CHECK(sqlite3_prepare_v2(db_handle(d), "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(?1) ORDER BY seqno)",
                                 -1, &st, NULL) == SQLITE_OK);
        sqlite3_bind_text(st, 1, want[i].index, -1, SQLITE_STATIC);
        CHECK(sqlite3_step(st) == SQLITE_ROW);
        const char *got = (const char *)sqlite3_column_text(st, 0);
        if (!got || strcmp(got, want[i].columns) != 0) fprintf(stderr, "    %s: %s\n", want[i].index, got ? got : "(none)");
        CHECK(got && strcmp(got, want[i].columns) == 0);
        sqlite3_finalize(st);
    }
    db_close(d);
}

static void customer_list_by_region_reads_only_its_index(void) {
    db *d = migrated_db(90);
    CHECK(db_exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)"
                     " INSERT INTO customers(no, name, name_key, region, manager_id, level, status, created_at, updated_at)"
                     " SELECT printf('R%06d', i), '区域客户' || i, crm_name_key('区域客户' || i), 'beijing', 90, 'normal',"
                     " 'normal', 1000 + i, 0 FROM n;") == 0);
    struct { customers_filter f; const char *plan; } cases[] = {
        {{.region = "beijing", .sort = CS_ID_DESC, .limit = 50}, "COVERING INDEX customers_by_region"},
        {{.region = "beijing", .sort = CS_ID_ASC, .limit = 50}, "COVERING INDEX customers_by_region"},
        {{.region = "beijing", .manager = 90, .sort = CS_ID_DESC, .limit = 50}, "INDEX customers_by_manager "},
        {{.region = "beijing", .manager = 90, .status = "lost", .sort = CS_ID_DESC, .limit = 50}, "INDEX customers_by_manager_status "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *rows = cJSON_CreateArray();
        customers_page page = {0};
        clear_run_counts(d);
        CHECK(customers_list(d, &cases[i].f, rows, &page) == (cases[i].f.status ? 0 : 50));
        bool found = ran_list_plan_has(d, cases[i].plan);
        if (!found) fprintf(stderr, "    case %zu: plan without %s\n", i, cases[i].plan);
        CHECK(found);
        cJSON_Delete(rows);
    }
    db_close(d);
}

static void customer_list_rare_filters_are_short_walks(void) {
    db *d = migrated_db(90);
    CHECK(db_exec(d, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5003)"
                     " INSERT INTO customers(no, name, name_key, region, manager_id, level, status, created_at, updated_at)"
                     " SELECT printf('U%06d', i), printf('单元客户%d', i), crm_name_key(printf('单元客户%d', i)),"
                     " 'beijing', 90, 'normal',"
                     " CASE WHEN i <= 3 THEN 'lost' ELSE 'normal' END, 1000 + i, 0 FROM n;") == 0);
    struct { customers_filter f; int want; } cases[] = {
        {{.manager = 90, .status = "lost", .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.manager = 90, .status = "lost", .region = "beijing", .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.manager = 90, .created_from = 1001, .created_to = 1004, .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.status = "lost", .region = "beijing", .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.status = "lost", .region = "beijing", .sort = CS_ID_ASC, .limit = 50}, 3},
        /* a rare 状态 in another order sorts its few matches instead of walking that order's index */
        {{.status = "lost", .sort = CS_NAME, .limit = 50}, 3},
        {{.status = "lost", .sort = CS_REGION, .limit = 50}, 3},
        {{.status = "lost", .sort = CS_LEVEL, .limit = 50}, 3},
        {{.status = "lost", .sort = CS_MANAGER, .limit = 50}, 3},
        {{.status = "lost", .region = "beijing", .sort = CS_NAME, .limit = 50}, 3},
        {{.manager = 90, .status = "lost", .sort = CS_NAME, .limit = 50}, 3},
        {{.manager = 90, .status = "lost", .sort = CS_REGION, .limit = 50}, 3},
        /* a whole portfolio in 地区 order walks the region index (it sorted all 5,003 before) */
        {{.manager = 90, .sort = CS_REGION, .limit = 50}, 50},
        {{.manager = 90, .sort = CS_LEVEL, .limit = 50}, 50},
        {{.region = "beijing", .sort = CS_REGION, .status = "lost", .limit = 50}, 3},
        /* a 创建日期 range with 状态, 地区 or 等级 reads the range of that value (schema/022), where it
         * walked every customer of the value testing the date (all 5,003 here) */
        {{.status = "normal", .created_from = 1004, .created_to = 1007, .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.status = "normal", .created_from = 900000, .sort = CS_ID_DESC, .limit = 50}, 0},
        {{.region = "beijing", .created_from = 1001, .created_to = 1004, .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.region = "beijing", .created_from = 1001, .created_to = 1004, .sort = CS_ID_ASC, .limit = 50}, 3},
        {{.region = "beijing", .created_to = 1001, .sort = CS_ID_DESC, .limit = 50}, 0},
        {{.level = "normal", .created_from = 1001, .created_to = 1004, .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.level = "normal", .created_from = 900000, .sort = CS_ID_ASC, .limit = 50}, 0},
        {{.region = "beijing", .level = "normal", .status = "normal", .created_from = 1004, .created_to = 1007,
          .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.region = "beijing", .created_from = 1001, .created_to = 1004, .sort = CS_REGION, .limit = 50}, 3},
        /* a manager's customers in a range, with a 地区 or 等级 tested on each */
        {{.manager = 90, .region = "beijing", .created_from = 1001, .created_to = 1004, .sort = CS_ID_DESC, .limit = 50}, 3},
        {{.manager = 90, .level = "normal", .created_from = 900000, .sort = CS_ID_DESC, .limit = 50}, 0},
        /* a manager's common 状态 with a range: the manager's range, 状态 tested on each */
        {{.manager = 90, .status = "normal", .created_from = 900000, .sort = CS_ID_DESC, .limit = 50}, 0},
        /* a range holding few rows in a 名称/地区/等级/客户经理 order: its rows sorted (date_plan), where it
         * walked the whole order's index testing each row's date */
        {{.created_from = 1001, .created_to = 1004, .sort = CS_NAME, .limit = 50}, 3},
        {{.created_from = 900000, .sort = CS_NAME, .limit = 50}, 0},
        {{.created_from = 900000, .sort = CS_LEVEL, .limit = 50}, 0},
        {{.region = "beijing", .created_from = 1001, .created_to = 1004, .sort = CS_NAME, .limit = 50}, 3},
        {{.status = "normal", .created_from = 900000, .sort = CS_MANAGER, .limit = 50}, 0},
        {{.manager = 90, .created_from = 1001, .created_to = 1004, .sort = CS_NAME, .limit = 50}, 3},
        /* the level walk's pages, by 客户编号 in each 等级, sort a small range the same way */
        {{.level = "normal", .created_from = 1001, .created_to = 1004, .sort = CS_ID_ASC, .by_id = true, .limit = 50}, 3},
        {{.level = "normal", .status = "normal", .created_from = 900000, .sort = CS_ID_ASC, .by_id = true, .limit = 50}, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *rows = cJSON_CreateArray();
        customers_page page = {0};
        vm_steps(d);
        int n = customers_list(d, &cases[i].f, rows, &page);
        long long steps = vm_steps(d);
        CHECK(n == cases[i].want);
        /* the kept counts that choose between walking and sorting cost ~100 steps; a row ~30 */
        long long bound = 400 + 40LL * cases[i].want;
        if (steps >= bound) fprintf(stderr, "    customer filter %zu: %lld VM steps\n", i, steps);
        CHECK(steps < bound);
        cJSON_Delete(rows);
        /* the count past the kept ones (a date range) reads the same rows */
        if (!cases[i].f.created_from && !cases[i].f.created_to) continue;
        bool exact = false;
        vm_steps(d);
        long long count = customers_count(d, &cases[i].f, 1001, &exact);
        steps = vm_steps(d);
        CHECK(count == cases[i].want && exact);
        if (steps >= bound) fprintf(stderr, "    customer count %zu: %lld VM steps\n", i, steps);
        CHECK(steps < bound);
    }
    /* 等级 in the dictionary's order with a date range pages by (等级, 客户编号) as without one: 2 + 1 */
    {
        static const char *const order[] = {"vip", "normal", NULL};
        customers_filter lf = {.sort = CS_LEVEL, .level_order = order, .created_from = 1001, .created_to = 1004, .limit = 2};
        cJSON *lrows = cJSON_CreateArray();
        customers_page lpage = {0};
        CHECK(customers_list(d, &lf, lrows, &lpage) == 2 && lpage.more);
        CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(lrows, 0), "id")->valueint == 1);
        CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(lrows, 1), "id")->valueint == 2);
        lf.after = true;
        lf.after_id = lpage.next_id;
        char lkey[32];
        snprintf(lkey, sizeof lkey, "%s", lpage.next_key);
        lf.after_key = lkey;
        cJSON_Delete(lrows);
        lrows = cJSON_CreateArray();
        CHECK(customers_list(d, &lf, lrows, &lpage) == 1 && !lpage.more);
        CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(lrows, 0), "id")->valueint == 3);
        cJSON_Delete(lrows);
    }
    /* the sorted matches page by key like any other order: 2 + 1, in 名称 order (单元客户3 first: its
     * name sorts before the other two once renamed) */
    CHECK(db_exec(d, "UPDATE customers SET name = '单元客户0', name_key = crm_name_key('单元客户0') WHERE id = 3") == 0);
    customers_filter f = {.status = "lost", .sort = CS_NAME, .limit = 2};
    cJSON *rows = cJSON_CreateArray();
    customers_page page = {0};
    CHECK(customers_list(d, &f, rows, &page) == 2 && page.more);
    CHECK(strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0), "name")->valuestring, "单元客户0") == 0);
    CHECK(strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "name")->valuestring, "单元客户1") == 0);
    f.after = true;
    f.after_id = page.next_id;
    char key[64];
    snprintf(key, sizeof key, "%s", page.next_key);   /* (it points into the rows) */
    f.after_key = key;
    cJSON_Delete(rows);
    rows = cJSON_CreateArray();
    CHECK(customers_list(d, &f, rows, &page) == 1 && !page.more);
    CHECK(strcmp(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0), "name")->valuestring, "单元客户2") == 0);
    cJSON_Delete(rows);
    db_close(d);
}

/* A database of 50,000 customers of manager, numbered i = 1 … 50,000, named name_sql || i and in region
 * region_sql (SQL over i), each with one order. */
static db *one_order_each(long long manager, const char *name_sql, const char *region_sql) {
    db *d = migrated_db(manager);
    char sql[1024];
    snprintf(sql, sizeof sql,
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)"
             " INSERT INTO customers(no, name, name_key, region, manager_id, level, status, created_at, updated_at)"
             " SELECT printf('P%%06d', i), %s || i, crm_name_key(%s || i), %s, %lld, 'normal', 'normal', 1000 + i, 0 FROM n;"
             "INSERT INTO orders(customer_id, order_no, date, created_at, updated_at)"
             " SELECT id, 'O' || id, printf('2026-%%02d-%%02d', id %% 12 + 1, id %% 28 + 1), 0, 0 FROM customers"
             " WHERE no LIKE 'P%%';", name_sql, name_sql, region_sql, manager);
    CHECK(db_exec(d, sql) == 0);
    return d;
}

/* orders_count(f) reaches the cap of 1,001 in fewer than max_steps VM steps (what stops a walk over
 * every order); what gets the steps in a failure's message. */
static void counts_in_steps(db *d, orders_filter f, long long max_steps, const char *what) {
    vm_steps(d);
    long long n = orders_count(d, &f, 1001);
    long long steps = vm_steps(d);
    CHECK(n == 1001);
    if (steps >= max_steps) fprintf(stderr, "    order count by %s: %lld VM steps\n", what, steps);
    CHECK(steps < max_steps);
}

/* The order list's count for a customer-name prefix that 2,500 of 50,000 customers share: counting
 * 1,001 orders by walking every order for the prefix's customers visits ~20,000 (it was the plan with a
 * fixed cap of 2,000 customers: 0.6 s for 鑫 at 1,000,000); reading the 2,500 customers' orders is
 * the cheaper plan here (orders.c: the cap grows as sqrt(limit x customers)), and counting them needs
 * no sort (~180,000 steps with one). Same count either way. */
static void order_count_by_name_prefix_reads_the_customers_orders(void) {
    db *d = one_order_each(91, "CASE WHEN i % 20 = 0 THEN '鑫' ELSE '乙' END", "'beijing'");
    orders_filter f = {.customer = "鑫"};
    counts_in_steps(d, f, 150000, "name prefix");   /* ~52,000 counting 2,500 customers' orders, ~600,000 walking */
    cJSON *rows = cJSON_CreateArray();
    f.limit = 50;
    CHECK(orders_list(d, &f, rows) == 50);
    cJSON_Delete(rows);
    db_close(d);
}

/* The order list's count for a 地区 (or a 客户经理) without a date range, when the region has too many
 * customers (10,000 of 50,000) for the page's customer-driven plan: every order of the region's customers
 * counts, so reading those customers' orders reaches the cap of 1,001 after ~1,001 customers with one
 * order each; walking the orders by date steps over the four in five of the other region. */
static void order_count_by_region_reads_the_customers_orders(void) {
    db *d = one_order_each(92, "'丙'", "CASE WHEN i % 5 = 0 THEN 'xian' ELSE 'beijing' END");
    orders_filter f = {.region = "xian"};
    counts_in_steps(d, f, 60000, "region");   /* ~23,000 reading the region's customers' orders, ~114,000 walking */
    f.status = "unpaid";   /* a state too */
    CHECK(orders_count(d, &f, 1001) == 1001);
    cJSON *rows = cJSON_CreateArray();
    f.limit = 50;
    CHECK(orders_list(d, &f, rows) == 50);
    const cJSON *row;
    cJSON_ArrayForEach(row, rows) CHECK(cJSON_GetObjectItem(row, "customer_id")->valueint % 5 == 0);
    cJSON_Delete(rows);
    db_close(d);
}

/* The 交往记录 list across customers (activity_feed.c) over 50,000 customers with one record each, a minute
 * apart, one in ten in 西安: without a date range, the count for 西安 reads its 5,000 customers' records
 * (fewer than the cap for 1,001 rows) until it has 1,001, not every record and without sorting them; with
 * a range of ten minutes it walks those ten records instead of the 5,000 customers' (the choice once read
 * the customers: 0.3 s at a million). The page is newest first, 西安 only. A 记录人 with many records, none
 * of them in 西安: 西安's customers drive, not the user's records (2.3 s at a million walking them); with a
 * large region the user's records are walked. */
static void activity_feed_reads_the_cheaper_side(void) {
    db *d = one_order_each(93, "'丁'", "CASE WHEN i % 10 = 0 THEN 'xian' ELSE 'beijing' END");
    CHECK(db_exec(d, "INSERT INTO activities(customer_id, at, summary, user_id, created_at, updated_at)"
                     " SELECT id, 1700000000 + id * 60, '回访', 93, 0, 0 FROM customers") == 0);
    feed_filter f = {.region = "xian"};
    vm_steps(d);
    CHECK(feed_count(d, &f, 1001) == 1001);
    long long steps = vm_steps(d);
    if (steps >= 60000) fprintf(stderr, "    feed count by region: %lld VM steps\n", steps);
    CHECK(steps < 60000);   /* ~27,000 reading 1,001 customers' records; sorting all 5,000 first took 235,000 */
    f.from = 1700000000 + 20000 * 60;
    f.to = f.from + 600;   /* ten records, one of them in 西安 */
    vm_steps(d);
    CHECK(feed_count(d, &f, 1001) == 1);
    steps = vm_steps(d);
    if (steps >= 5000) fprintf(stderr, "    feed count by region over ten minutes: %lld VM steps\n", steps);
    CHECK(steps < 5000);   /* ~370 */
    cJSON *rows = cJSON_CreateArray();
    f = (feed_filter){.region = "xian", .limit = 50};
    CHECK(feed_list(d, &f, rows) == 50);
    long long last = INT64_MAX;
    const cJSON *row;
    cJSON_ArrayForEach(row, rows) {
        CHECK(cJSON_GetObjectItem(row, "customer_id")->valueint % 10 == 0);
        long long at = (long long)cJSON_GetObjectItem(row, "at")->valuedouble;
        CHECK(at < last);
        last = at;
    }
    CHECK(last == 1700000000 + (50000 - 49 * 10) * 60);   /* the newest fifty of 西安: customers 50,000, 49,990, … */
    cJSON_Delete(rows);
    /* a 记录人 with 45,003 records, three in 西安: 西安's 5,000 customers' records are read, not the user's */
    CHECK(db_exec(d, "INSERT INTO users(id, login, name, role, pw_hash, created_at, updated_at)"
                     " SELECT 94, 'unit-rep94', '单元94', code, 'x', 0, 0 FROM roles LIMIT 1;"
                     "INSERT INTO activities(customer_id, at, summary, user_id, created_at, updated_at)"
                     " SELECT id, 1600000000 + id, '拜访', 94, 0, 0 FROM customers WHERE region <> 'xian' OR id IN (10, 20, 30)") == 0);
    f = (feed_filter){.region = "xian", .user_id = 94};
    vm_steps(d);
    CHECK(feed_count(d, &f, 1001) == 3);
    steps = vm_steps(d);
    if (steps >= 400000) fprintf(stderr, "    feed count by region and a busy 记录人: %lld VM steps\n", steps);
    CHECK(steps < 400000);   /* ~177,000; walking the user's 45,000 records took ~777,000 */
    rows = cJSON_CreateArray();
    f.limit = 50;
    CHECK(feed_list(d, &f, rows) == 3);   /* newest first: customers 30, 20, 10 */
    for (int i = 0; i < 3; i++)
        CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, i), "customer_id")->valueint == 30 - 10 * i);
    cJSON_Delete(rows);
    /* 丁10…: 1,111 customers, few enough to drive a page; the user's records on them, newest first */
    f = (feed_filter){.customer = "丁10", .user_id = 94, .limit = 50};
    CHECK(feed_count(d, &f, 1001) == 1000);   /* 1,111 less 西安's 112, with customer 10 */
    rows = cJSON_CreateArray();
    CHECK(feed_list(d, &f, rows) == 50);
    last = INT64_MAX;
    cJSON_ArrayForEach(row, rows) {
        long long at = (long long)cJSON_GetObjectItem(row, "at")->valuedouble;
        CHECK(cJSON_GetObjectItem(row, "user_id")->valueint == 94 && at < last);
        CHECK(strncmp(cJSON_GetObjectItem(row, "customer_name")->valuestring, "丁10", strlen("丁10")) == 0);
        last = at;
    }
    CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0), "customer_id")->valueint == 10999);
    CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 1), "customer_id")->valueint == 10998);
    CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 9), "customer_id")->valueint == 10989);   /* not 10990 */
    cJSON_Delete(rows);
    f = (feed_filter){.region = "beijing", .user_id = 94};   /* 45,000 customers: the user's records are walked */
    vm_steps(d);
    CHECK(feed_count(d, &f, 1001) == 1001);
    steps = vm_steps(d);
    if (steps >= 200000) fprintf(stderr, "    feed count by a large region and a busy 记录人: %lld VM steps\n", steps);
    CHECK(steps < 200000);   /* ~23,000 */
    db_close(d);
}

/* The 交往记录 list oldest first: pages follow each other by key, each read from where the last ended (a
 * page deep in the walk costs what the first does, the walk seeking to the key), within a date range
 * from its start; the same records as newest first, reversed. */
static void activity_feed_pages_oldest_first(void) {
    db *d = one_order_each(93, "'丁'", "CASE WHEN i % 10 = 0 THEN 'xian' ELSE 'beijing' END");
    CHECK(db_exec(d, "INSERT INTO activities(customer_id, at, summary, user_id, created_at, updated_at)"
                     " SELECT id, 1700000000 + (id / 2) * 60, '回访', 93, 0, 0 FROM customers") == 0);   /* pairs share a time */
    feed_filter f = {.oldest_first = true, .limit = 50};
    long long expect = 1, steps_first = 0;
    for (int page = 0; page < 3; page++) {
        cJSON *rows = cJSON_CreateArray();
        vm_steps(d);
        CHECK(feed_list(d, &f, rows) == 50);
        long long steps = vm_steps(d);
        if (page == 0) steps_first = steps;
        CHECK(steps < 2 * steps_first + 1000);
        const cJSON *row;
        cJSON_ArrayForEach(row, rows) CHECK(cJSON_GetObjectItem(row, "id")->valueint == expect++);
        const cJSON *last = cJSON_GetArrayItem(rows, 49);
        f.after = true;
        f.key_at = (long long)cJSON_GetObjectItem(last, "at")->valuedouble;
        f.key_id = (long long)cJSON_GetObjectItem(last, "id")->valuedouble;
        cJSON_Delete(rows);
        if (page == 1) {   /* a key deep in the walk */
            f.key_at = 1700000000 + 20000 * 60;
            f.key_id = 40000;
            expect = 40001;
        }
    }
    /* 西安 over a range, oldest first, against newest first reversed */
    f = (feed_filter){.region = "xian", .from = 1700000000 + 1000 * 60, .to = 1700000000 + 2000 * 60, .limit = 300};
    cJSON *newest = cJSON_CreateArray(), *oldest = cJSON_CreateArray();
    CHECK(feed_list(d, &f, newest) == 200);   /* customers 2,000, 2,010 … 3,990 */
    f.oldest_first = true;
    CHECK(feed_list(d, &f, oldest) == 200);
    for (int i = 0; i < 200 && cJSON_GetArraySize(oldest) == 200; i++)
        CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(oldest, i), "id")->valueint ==
              cJSON_GetObjectItem(cJSON_GetArrayItem(newest, 199 - i), "id")->valueint);
    CHECK(cJSON_GetObjectItem(cJSON_GetArrayItem(oldest, 0), "customer_id")->valueint == 2000);
    CHECK(feed_count(d, &f, 1001) == 200);
    cJSON_Delete(newest);
    cJSON_Delete(oldest);
    db_close(d);
}

/* The 联系人 list across customers (contact_dir.c) over 50,000 customers with two contacts each, one in ten
 * in 西安: pages follow each other by key in 名称 order (丁1, 丁10, 丁100, …), a page deep in the walk costing
 * what the first does (the walk seeks to the key's customer); a manager with a 地区 walks the fewer
 * customers (西安's 5,000, not the manager's 50,000); the count stops at its cap. */
static void contact_dir_pages_by_key(void) {
    db *d = one_order_each(95, "'丁'", "CASE WHEN i % 10 = 0 THEN 'xian' ELSE 'beijing' END");
    CHECK(db_exec(d, "INSERT INTO contacts(customer_id, name, created_at, updated_at)"
                     " SELECT id, '甲', 0, 0 FROM customers UNION ALL SELECT id, '乙', 0, 0 FROM customers") == 0);
    contact_dir_filter f = {.limit = 50};
    long long first_steps = 0;
    for (int page = 0; page < 3; page++) {
        cJSON *rows = cJSON_CreateArray();
        vm_steps(d);
        CHECK(contact_dir_list(d, &f, rows) == 50);
        long long steps = vm_steps(d);
        if (page == 0) first_steps = steps;
        if (steps >= 2 * first_steps + 2000) fprintf(stderr, "    contact page %d: %lld VM steps\n", page, steps);
        CHECK(steps < 2 * first_steps + 2000);
        const cJSON *a = cJSON_GetArrayItem(rows, 0), *b = cJSON_GetArrayItem(rows, 1);
        if (page == 0) CHECK(rec_num(a, "customer_id") == rec_num(b, "customer_id") && rec_num(a, "id") < rec_num(b, "id"));   /* 甲, 乙 */
        if (page == 0) CHECK(strcmp(rec_str(a, "customer_name"), "丁1") == 0 && strcmp(rec_str(cJSON_GetArrayItem(rows, 2), "customer_name"), "丁10") == 0);
        const cJSON *last = cJSON_GetArrayItem(rows, 49);
        f.after = true;
        f.after_customer = rec_num(last, "customer_id");
        f.after_id = rec_num(last, "id");
        if (page == 1) { f.after_customer = 40000; f.after_id = 40000; }   /* deep: 丁40000's first contact */
        if (page == 2) CHECK(rec_num(a, "customer_id") == 40000 && rec_num(a, "id") == 90000);   /* its second */
        cJSON_Delete(rows);
    }
    f = (contact_dir_filter){.manager = 95, .region = "xian", .limit = 50};
    vm_steps(d);
    CHECK(contact_dir_count(d, &f, 100000) == 10000);
    long long steps = vm_steps(d);
    if (steps >= 300000) fprintf(stderr, "    contact count, manager + 西安: %lld VM steps\n", steps);
    CHECK(steps < 300000);   /* ~185,000 through 西安's 5,000 customers; the manager's 50,000 took ~635,000 */
    db_close(d);
}

int main(void) {
    RUN(arena_allocations_are_aligned_and_reset);
    RUN(buf_grows_and_clears);
    RUN(buf_append_every_short_length);
    RUN(decimal_text_matches_printf);
    RUN(html_escape_covers_the_five);
    RUN(html_escape_long_text_at_every_offset);
    RUN(html_escape_every_byte_at_every_offset);
    RUN(json_members_added_in_place);
    RUN(permission_lists_parse_into_sets);
    RUN(routes_match_paths_ids_and_methods);
    RUN(config_reads_file_and_refuses_junk);
    RUN(catalogs_load_merge_and_fall_back);
    RUN(catalogs_cover_both_languages);
    RUN(catalogs_refuse_a_key_defined_twice);
    RUN(import_headers_in_both_catalogs);
    RUN(highlight_marks_the_search_terms);
    RUN(bigrams_split_chinese_and_latin);
    RUN(name_key_is_pinyin_order);
    RUN(request_time_agrees_with_localtime);
    RUN(audit_list_walks_the_filters_index);
    RUN(customer_list_rare_filters_are_short_walks);
    RUN(customer_list_by_region_reads_only_its_index);
    RUN(customer_list_common_text_walks_the_sort_index);
    RUN(customer_list_text_over_a_range_reads_the_cheaper);
    RUN(walk_indexes_hold_created);
    RUN(level_walk_with_a_date_range_starts_at_its_span);
    RUN(order_count_by_name_prefix_reads_the_customers_orders);
    RUN(order_count_by_region_reads_the_customers_orders);
    RUN(activity_feed_reads_the_cheaper_side);
    RUN(activity_feed_pages_oldest_first);
    RUN(contact_dir_pages_by_key);
    return UNIT_SUMMARY("core");
}
