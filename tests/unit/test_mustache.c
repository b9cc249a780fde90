/* test_mustache.c — runs every case of the official Mustache spec files (tests/unit/mustache-spec,
 * or the directory given as argv[1]) through mustache.c, plus our own cases: hostile templates,
 * HTML escaping, number formatting, empty-string falsiness and the named-template cache. */
#include "unit.h"
#include "mustache.h"
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIN_NAME "\x01spec-template"

/* The spec files we must pass (lambdas are out of scope). */
static const char *const spec_files[] = {
    "comments.json", "delimiters.json", "interpolation.json", "inverted.json",
    "partials.json", "sections.json", "~inheritance.json",
};

/* Returns the malloc'd contents of path (caller frees), or NULL. */
static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buf_append(&b, chunk, n);
    fclose(f);
    if (!b.data) buf_reserve(&b, 1);
    return b.data;
}

/* Prints s with control characters escaped, so whitespace differences are visible. */
static void put_escaped(const char *label, const char *s) {
    fprintf(stderr, "    %-9s \"", label);
    for (; s && *s; s++) {
        if (*s == '\n') fputs("\\n", stderr);
        else if (*s == '\r') fputs("\\r", stderr);
        else if (*s == '\t') fputs("\\t", stderr);
        else if (*s == '"') fputs("\\\"", stderr);
        else fputc(*s, stderr);
    }
    fputs("\"\n", stderr);
}

/* A loader serving one spec case: its template under MAIN_NAME and its "partials" object. */
typedef struct spec_src {
    const char *tmpl;
    const cJSON *partials;
    int calls;
} spec_src;

static const char *spec_load(void *ud, const char *name, size_t *len) {
    spec_src *s = ud;
    s->calls++;
    const char *text = NULL;
    if (strcmp(name, MAIN_NAME) == 0) text = s->tmpl;
    else {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(s->partials, name);
        if (cJSON_IsString(p)) text = p->valuestring;
    }
    if (text) *len = strlen(text);
    return text;
}

/* Runs one spec case three ways (text, named, named again from the cache); all must match. */
static void run_case(const char *file, const cJSON *tc) {
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(tc, "name");
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(tc, "data");
    const cJSON *tmpl = cJSON_GetObjectItemCaseSensitive(tc, "template");
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(tc, "expected");
    char label[300];
    snprintf(label, sizeof label, "%s: %s", file, cJSON_IsString(name) ? name->valuestring : "?");
    if (!cJSON_IsString(tmpl) || !cJSON_IsString(want)) {
        unit_record(label, 0, "malformed spec case");
        return;
    }
    spec_src src = {tmpl->valuestring, cJSON_GetObjectItemCaseSensitive(tc, "partials"), 0};
    mustache_cache *c = mustache_cache_new(spec_load, &src);
    buf out[3] = {BUF_INIT, BUF_INIT, BUF_INIT};
    char err[3][256] = {"", "", ""};
    int rc[3];
    rc[0] = mustache_render_text(c, tmpl->valuestring, strlen(tmpl->valuestring), data, &out[0], err[0],
                                 sizeof err[0]);
    rc[1] = mustache_render_named(c, MAIN_NAME, data, &out[1], err[1], sizeof err[1]);
    rc[2] = mustache_render_named(c, MAIN_NAME, data, &out[2], err[2], sizeof err[2]);
    int ok = 1;
    const char *detail = NULL;
    for (int k = 0; k < 3 && ok; k++) {
        if (rc[k] != 0) { ok = 0; detail = err[k]; }
        else if (strcmp(buf_str(&out[k]), want->valuestring) != 0) {
            ok = 0;
            detail = k == 0 ? "output differs (render_text)" : "output differs (render_named)";
        }
    }
    unit_record(label, ok, detail);
    if (!ok) {
        put_escaped("template:", tmpl->valuestring);
        put_escaped("expected:", want->valuestring);
        put_escaped("got:", buf_str(&out[0]));
        put_escaped("named:", buf_str(&out[1]));
    }
    for (int k = 0; k < 3; k++) buf_free(&out[k]);
    mustache_cache_free(c);
}

/* Runs every case of one spec file; a missing or unparsable file counts as a failure. */
static void run_spec_file(const char *dir, const char *file) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    char *text = read_file(path);
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    const cJSON *tests = cJSON_GetObjectItemCaseSensitive(doc, "tests");
    if (!cJSON_IsArray(tests)) {
        unit_record(path, 0, text ? "not a spec file (no \"tests\" array)" : "cannot read file");
    } else {
        const cJSON *tc;
        cJSON_ArrayForEach(tc, tests) run_case(file, tc);
    }
    cJSON_Delete(doc);
    free(text);
}

/* ---- our own cases ------------------------------------------------------------------------- */

/* A loader over a NULL-terminated list of name/text pairs that counts its calls. */
typedef struct pairs_src { const char *const *pairs; int calls; } pairs_src;

static const char *pairs_load(void *ud, const char *name, size_t *len) {
    pairs_src *s = ud;
    s->calls++;
    for (const char *const *p = s->pairs; p[0]; p += 2)
        if (strcmp(p[0], name) == 0) { *len = strlen(p[1]); return p[1]; }
    return NULL;
}

/* Renders text with JSON data through a cache over pairs. Returns rc; output in out (caller frees). */
static int render_with(const char *const *pairs, const char *text, const char *json, buf *out,
                       char *err, size_t errlen) {
    pairs_src src = {pairs, 0};
    mustache_cache *c = mustache_cache_new(pairs_load, &src);
    cJSON *data = json ? cJSON_Parse(json) : NULL;
    int rc = mustache_render_text(c, text, strlen(text), data, out, err, errlen);
    cJSON_Delete(data);
    mustache_cache_free(c);
    return rc;
}

/* Checks that text renders to want. */
static void expect_render(const char *label, const char *const *pairs, const char *text, const char *json,
                          const char *want) {
    buf out = BUF_INIT;
    char err[256] = "";
    int rc = render_with(pairs, text, json, &out, err, sizeof err);
    int ok = rc == 0 && strcmp(buf_str(&out), want) == 0;
    unit_record(label, ok, rc ? err : "output differs");
    if (!ok) {
        put_escaped("template:", text);
        put_escaped("expected:", want);
        put_escaped("got:", buf_str(&out));
    }
    buf_free(&out);
}

/* Checks that text fails with -1, a one-line message, and leaves the output untouched. */
static void expect_error(const char *label, const char *const *pairs, const char *text) {
    buf out = BUF_INIT;
    buf_puts(&out, "keep");
    char err[256] = "";
    int rc = render_with(pairs, text, "{\"a\":true,\"list\":[1,2]}", &out, err, sizeof err);
    int ok = rc == -1 && err[0] && !strchr(err, '\n') && strcmp(buf_str(&out), "keep") == 0;
    unit_record(label, ok, rc == -1 ? (err[0] ? "message missing/multi-line or output changed" : "empty message")
                                    : "expected an error");
    if (!ok) put_escaped("got:", buf_str(&out));
    else if (getenv("MUSTACHE_SHOW_ERRORS")) fprintf(stderr, "    %s -> %s\n", label, err);
    buf_free(&out);
}

static const char *const no_partials[] = {NULL};

static void hostile_cases(void) {
    static const char *const selfref[] = {"me", "x{{>me}}", "loop", "{{<loop}}{{/loop}}",
                                          "twice", "{{>twice}}{{>twice}}", "p", "[{{$b}}{{/b}}]", NULL};
    static const char *const broken[] = {"bad", "{{#a}}unclosed", NULL};
    expect_error("hostile: unclosed section", no_partials, "{{#a}}text");
    expect_error("hostile: unclosed inverted", no_partials, "a{{^a}}b{{#list}}c{{/list}}");
    expect_error("hostile: unclosed tag", no_partials, "hello {{name");
    expect_error("hostile: unclosed tag at end", no_partials, "hello {{");
    expect_error("hostile: unclosed triple", no_partials, "{{{name}}");
    expect_error("hostile: mismatched close", no_partials, "{{#a}}x{{/b}}");
    expect_error("hostile: close without open", no_partials, "x{{/a}}");
    expect_error("hostile: empty tag", no_partials, "{{}}");
    expect_error("hostile: name with space", no_partials, "{{a b}}");
    expect_error("hostile: delimiters missing =", no_partials, "{{=<% %>}}");
    expect_error("hostile: delimiters one part", no_partials, "{{=<%=}}");
    expect_error("hostile: delimiters three parts", no_partials, "{{=< % >=}}");
    expect_error("hostile: delimiters empty", no_partials, "{{==}}");
    expect_error("hostile: unclosed after new delimiters", no_partials, "{{=<% %>=}}<%name");
    expect_error("hostile: unclosed block", no_partials, "{{$a}}x");
    expect_error("hostile: unclosed parent", no_partials, "{{<p}}{{$a}}x{{/a}}");
    expect_error("hostile: self-recursive partial", selfref, "{{>me}}");
    expect_error("hostile: self-recursive parent", selfref, "{{<loop}}{{/loop}}");
    expect_error("hostile: exponential partial", selfref, "{{>twice}}");
    expect_error("hostile: block argument containing itself", selfref,
                 "{{<p}}{{$b}}x{{$b}}y{{/b}}{{/b}}{{/p}}");
    expect_error("hostile: broken partial", broken, "a{{>bad}}b");
    {
        buf deep = BUF_INIT;
        for (int i = 0; i < 5000; i++) buf_puts(&deep, "{{#a}}");
        expect_error("hostile: 5000 nested sections", no_partials, buf_str(&deep));
        buf_free(&deep);
    }
    {
        /* 40 levels, each including the next twice: 2^40 work, under the depth limit */
        static char names[41][16], texts[41][48];
        static const char *fan[83];
        for (int i = 0; i <= 40; i++) {
            snprintf(names[i], sizeof names[i], "f%d", i);
            if (i < 40) snprintf(texts[i], sizeof texts[i], "{{>f%d}}{{>f%d}}", i + 1, i + 1);
            else snprintf(texts[i], sizeof texts[i], "x");
            fan[2 * i] = names[i];
            fan[2 * i + 1] = texts[i];
        }
        fan[82] = NULL;
        expect_error("hostile: exponential fan-out stops", fan, "{{>f0}}");
    }
    expect_render("hostile: missing partial renders empty", no_partials, "[{{>nope}}][{{<nope}}{{/nope}}]", "{}",
                  "[][]");

    /* Random token soup must never crash, hang or corrupt (run under ASan to mean something). */
    static const char *const frags[] = {"{{", "}}", "{{{", "}}}", "{{#a}}", "{{/a}}", "{{^a}}", "{{#list}}",
                                        "{{/list}}", "{{>me}}", "{{>p}}", "{{<p}}", "{{/p}}", "{{$b}}", "{{/b}}",
                                        "{{=<% %>=}}", "<%", "%>", "<%={{ }}=%>", "{{.}}", "{{a.b}}", "{{!c}}",
                                        "text", "\n", "  ", "\r\n", "{{&x}}", "=", "{{=", "{", "}"};
    static const char *const fuzzp[] = {"me", "[{{#list}}{{>me}}{{/list}}]", "p", "  {{$b}}d{{/b}}\n", NULL};
    unsigned seed = 12345;
    int bad = 0;
    for (int round = 0; round < 20000 && !bad; round++) {
        buf t = BUF_INIT;
        seed = seed * 1103515245u + 12345u;
        int n = 1 + (int)((seed >> 16) % 14);
        for (int k = 0; k < n; k++) {
            seed = seed * 1103515245u + 12345u;
            buf_puts(&t, frags[(seed >> 16) % (sizeof frags / sizeof *frags)]);
        }
        buf out = BUF_INIT;
        buf_puts(&out, "x");
        char err[128] = "";
        int rc = render_with(fuzzp, buf_str(&t), "{\"a\":{\"b\":\"<&>\"},\"list\":[1,{\"a\":false}],\"x\":1.5}",
                             &out, err, sizeof err);
        if ((rc != 0 && rc != -1) || (rc == -1 && (!err[0] || strcmp(buf_str(&out), "x") != 0))) {
            bad = 1;
            put_escaped("template:", buf_str(&t));
        }
        buf_free(&out);
        buf_free(&t);
    }
    unit_record("hostile: 20000 random templates", !bad, "bad result");
}

static void value_cases(void) {
    expect_render("escape: & < > \" '", no_partials, "{{x}}|{{{x}}}|{{&x}}", "{\"x\":\"& < > \\\" '\"}",
                  "&amp; &lt; &gt; &quot; &#39;|& < > \" '|& < > \" '");
    expect_render("escape: inside a partial", (const char *const[]){"p", "<b>{{x}}</b>", NULL}, "{{>p}}",
                  "{\"x\":\"<i>\"}", "<b>&lt;i&gt;</b>");
    expect_render("numbers: integers and shortest decimals", no_partials,
                  "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}}",
                  "{\"a\":85,\"b\":1.21,\"c\":-3,\"d\":0.1,\"e\":1e21,\"f\":123456789012,\"g\":0.30000000000000004}",
                  "85 1.21 -3 0.1 1e+21 123456789012 0.30000000000000004");
    expect_render("numbers: every digit count, both signs", no_partials,
                  "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}} {{i}} {{j}}",
                  "{\"a\":0,\"b\":7,\"c\":10,\"d\":99,\"e\":100,\"f\":-5,\"g\":-10,\"h\":-1000001,"
                  "\"i\":9007199254740992,\"j\":-9007199254740992}",
                  "0 7 10 99 100 -5 -10 -1000001 9007199254740992 -9007199254740992");
    expect_render("truthiness: empty string is falsy", no_partials,
                  "{{#s}}yes{{/s}}{{^s}}no{{/s}} {{#t}}[{{.}}]{{/t}} {{#z}}zero{{/z}} {{#o}}obj{{/o}}",
                  "{\"s\":\"\",\"t\":\"hi\",\"z\":0,\"o\":{}}", "no [hi] zero obj");
    expect_render("lookup: dotted name stops at first part", no_partials, "{{#a}}[{{b.c}}]{{/a}}",
                  "{\"a\":{\"b\":{}},\"b\":{\"c\":\"ERROR\"}}", "[]");
    expect_render("blocks: partials see the page's block arguments",
                  (const char *const[]){"layout", "<title>{{$title}}Site{{/title}}</title>\n{{>nav}}{{$body}}{{/body}}",
                                        "nav", "<nav>{{$navextra}}{{/navextra}}</nav>\n", NULL},
                  "{{<layout}}\n{{$title}}Home{{/title}}\n{{$navextra}}!{{/navextra}}\n{{$body}}\n<p>{{msg}}</p>\n{{/body}}\n{{/layout}}\n",
                  "{\"msg\":\"hi\"}", "<title>Home</title>\n<nav>!</nav>\n<p>hi</p>\n");
    expect_render("blocks: layout indentation applied to page body",
                  (const char *const[]){"layout", "<body>\n  {{$body}}{{/body}}\n</body>\n", NULL},
                  "{{<layout}}\n{{$body}}\n<div>\n  <p>x</p>\n</div>\n{{/body}}\n{{/layout}}\n", "{}",
                  "<body>\n  <div>\n    <p>x</p>\n  </div>\n\n</body>\n");
}

static void cache_cases(void) {
    static const char *const site[] = {
        "layout", "<html>\n<head><title>{{$title}}CRM{{/title}}</title></head>\n<body>\n{{$content}}{{/content}}\n</body>\n</html>\n",
        "page", "{{<layout}}\n{{$title}}{{name}} - CRM{{/title}}\n{{$content}}\n<ul>\n{{#items}}\n  <li>{{>item}}</li>\n{{/items}}\n</ul>\n{{/content}}\n{{/layout}}\n",
        "item", "{{label}}",
        NULL};
    const char *want = "<html>\n<head><title>Acme &amp; Co - CRM</title></head>\n<body>\n<ul>\n  <li>one</li>\n"
                       "  <li>&lt;two&gt;</li>\n</ul>\n\n</body>\n</html>\n";
    pairs_src src = {site, 0};
    mustache_cache *c = mustache_cache_new(pairs_load, &src);
    cJSON *data = cJSON_Parse("{\"name\":\"Acme & Co\",\"items\":[{\"label\":\"one\"},{\"label\":\"<two>\"}]}");
    buf a = BUF_INIT, b = BUF_INIT;
    char err[256] = "";
    int rc1 = mustache_render_named(c, "page", data, &a, err, sizeof err);
    int calls_after_first = src.calls;
    int rc2 = mustache_render_named(c, "page", data, &b, err, sizeof err);
    int ok = rc1 == 0 && rc2 == 0 && strcmp(buf_str(&a), want) == 0 && strcmp(buf_str(&b), want) == 0;
    unit_record("cache: named template renders the same twice", ok, rc1 || rc2 ? err : "output differs");
    if (!ok) { put_escaped("expected:", want); put_escaped("first:", buf_str(&a)); put_escaped("second:", buf_str(&b)); }
    unit_record("cache: second render loads nothing", calls_after_first == 3 && src.calls == 3,
                "loader called again (templates re-parsed?)");

    buf_clear(&b);
    mustache_cache_clear(c);
    rc2 = mustache_render_named(c, "page", data, &b, err, sizeof err);
    unit_record("cache: clear reloads and renders the same", rc2 == 0 && strcmp(buf_str(&b), want) == 0 && src.calls == 6,
                rc2 ? err : "output differs or loader not called");

    buf_clear(&b);
    rc2 = mustache_render_named(c, "nope", data, &b, err, sizeof err);
    unit_record("cache: unknown template is an error", rc2 == -1 && strstr(err, "nope") != NULL, "expected -1");

    /* many distinct names grow the table */
    static char names[300][16];
    static const char *big[601];
    for (int i = 0; i < 300; i++) {
        snprintf(names[i], sizeof names[i], "t%d", i);
        big[2 * i] = names[i];
        big[2 * i + 1] = "[{{name}}]";
    }
    big[600] = NULL;
    pairs_src bsrc = {big, 0};
    mustache_cache *bc = mustache_cache_new(pairs_load, &bsrc);
    int bad = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 300; i++) {
            buf_clear(&b);
            if (mustache_render_named(bc, names[i], data, &b, err, sizeof err) != 0 ||
                strcmp(buf_str(&b), "[Acme &amp; Co]") != 0)
                bad = 1;
        }
    unit_record("cache: 300 templates, each loaded once", !bad && bsrc.calls == 300, "wrong output or reloads");
    mustache_cache_free(bc);

    cJSON_Delete(data);
    buf_free(&a);
    buf_free(&b);
    mustache_cache_free(c);
}

/* Members a and b of the i-th of four memo test objects (0-3), with shared names (as
 * cJSON_AddItemToObjectCS adds them) except where said: 1, 2; then 3, 4 in the other order; then b = 5
 * without a; then 6, 7 with names copied. */
static const char SHARED_A[] = "a", SHARED_B[] = "b";
static void add_ab(cJSON *o, int i) {
    static const char *const vals[][2] = {{"1", "2"}, {"3", "4"}, {NULL, "5"}, {"6", "7"}};
    if (i == 1) {   /* another order */
        cJSON_AddItemToObjectCS(o, SHARED_B, cJSON_CreateString(vals[i][1]));
        cJSON_AddItemToObjectCS(o, SHARED_A, cJSON_CreateString(vals[i][0]));
    } else if (i == 3) {   /* the same names, copied */
        cJSON_AddStringToObject(o, "a", vals[i][0]);
        cJSON_AddStringToObject(o, "b", vals[i][1]);
    } else {
        if (vals[i][0]) cJSON_AddItemToObjectCS(o, SHARED_A, cJSON_CreateString(vals[i][0]));
        cJSON_AddItemToObjectCS(o, SHARED_B, cJSON_CreateString(vals[i][1]));
    }
}

/* Rows whose names are shared pointers (as db.c builds them): lookup's memo finds a name at the
 * position it had in the row before, and must still see a row with another order, a row without
 * the name (then an outer context's value), a row holding a copy of the name, and a second render. */
static void memo_cases(void) {
    static const char *const site[] = {"rows", "{{#rows}}{{a}}{{b}};{{/rows}}", NULL};
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "a", "R");
    cJSON *rows = cJSON_AddArrayToObject(root, "rows");
    for (int i = 0; i < 4; i++) {
        cJSON *o = cJSON_CreateObject();
        add_ab(o, i);
        cJSON_AddItemToArray(rows, o);
    }
    pairs_src src = {site, 0};
    mustache_cache *c = mustache_cache_new(pairs_load, &src);   /* compiled once: its memo stays */
    for (int round = 0; round < 2; round++) {
        buf out = BUF_INIT;
        char err[256] = "";
        int rc = mustache_render_named(c, "rows", root, &out, err, sizeof err);
        if (round == 0) {   /* the second render sees the rows rebuilt in the other order */
            cJSON *r0 = cJSON_DetachItemFromArray(rows, 0);
            cJSON_AddItemToArray(rows, r0);
        }
        unit_record(round ? "memo: a second render" : "memo: shared names in other orders and missing",
                    rc == 0 && strcmp(buf_str(&out), round ? "34;R5;67;12;" : "12;34;R5;67;") == 0, buf_str(&out));
        buf_free(&out);
    }
    mustache_cache_free(c);
    cJSON_Delete(root);
}

/* Names found outside the row (a flag or the catalog beside a list) and dotted names: lookup
 * remembers where each was found, and must notice a row that now holds the name itself (as a value
 * or as the first part of a dotted name) and an inner object context that holds it in one row only. */
static void outer_memo_cases(void) {
    static const char *const site[] = {
        "rows", "{{#rows}}{{x}}{{t.y}}{{#inner}}{{x}}{{/inner}};{{/rows}}", NULL};
    static const char A[] = "a", X[] = "x", T[] = "t", Y[] = "y", INNER[] = "inner";
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "x", "R");
    cJSON_AddStringToObject(cJSON_AddObjectToObject(root, "t"), "y", "T");
    cJSON *rows = cJSON_AddArrayToObject(root, "rows");
    for (int i = 0; i < 7; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObjectCS(o, A, cJSON_CreateString("-"));
        if (i == 2) cJSON_AddItemToObjectCS(o, X, cJSON_CreateString("2"));           /* x in the row */
        if (i == 4) {                                                                /* t.y in the row */
            cJSON *t = cJSON_CreateObject();
            cJSON_AddItemToObjectCS(t, Y, cJSON_CreateString("4"));
            cJSON_AddItemToObjectCS(o, T, t);
        }
        cJSON *inner = cJSON_CreateObject();                                         /* an inner context */
        cJSON_AddItemToObjectCS(inner, A, cJSON_CreateString("-"));
        if (i == 5) cJSON_AddItemToObjectCS(inner, X, cJSON_CreateString("5"));
        cJSON_AddItemToObjectCS(o, INNER, inner);
        cJSON_AddItemToArray(rows, o);
    }
    pairs_src src = {site, 0};
    mustache_cache *c = mustache_cache_new(pairs_load, &src);
    for (int round = 0; round < 2; round++) {
        buf out = BUF_INIT;
        char err[256] = "";
        int rc = mustache_render_named(c, "rows", root, &out, err, sizeof err);
        unit_record(round ? "memo: outer names, a second render" : "memo: outer names and dotted names",
                    rc == 0 && strcmp(buf_str(&out), "RTR;RTR;2T2;RTR;R4R;RT5;RTR;") == 0, buf_str(&out));
        buf_free(&out);
    }
    mustache_cache_free(c);
    cJSON_Delete(root);
}

/* Memos kept from one render to the next: a name's position in the view (a later view has other
 * members, in another order), and dotted names through the cache's stable object (the catalog),
 * reached by reference, while other dotted names follow each render's objects. */
static void cross_render_cases(void) {
    static const char *const site[] = {"page", "{{a}}{{b}}|{{t.nav.home}}|{{x.y}}|{{#rows}}{{t.nav.home}}{{/rows}}", NULL};
    cJSON *catalog = cJSON_Parse("{\"nav\": {\"first\": \"-\", \"home\": \"首页\"}}");
    pairs_src src = {site, 0};
    mustache_cache *c = mustache_cache_new(pairs_load, &src);
    mustache_cache_set_stable(c, catalog);
    static const char *const views[] = {
        "{\"a\": \"1\", \"b\": \"2\", \"x\": {\"y\": \"3\"}, \"rows\": [{}, {}]}",
        "{\"b\": \"4\", \"a\": \"5\", \"x\": {\"y\": \"6\"}, \"rows\": [{\"t\": {\"nav\": {\"home\": \"R\"}}}, {}]}",
        "{\"z\": 0, \"a\": \"7\", \"x\": {\"z\": 0, \"y\": \"8\"}}",
    };
    static const char *const want[] = {"12|首页|3|首页首页", "54|首页|6|R首页", "7||8|"};
    for (int i = 0; i < 3; i++) {
        cJSON *v = cJSON_Parse(views[i]);
        if (i < 2) cJSON_AddItemReferenceToObject(v, "t", catalog);
        buf out = BUF_INIT;
        char err[256] = "";
        int rc = mustache_render_named(c, "page", v, &out, err, sizeof err);
        char label[80];
        snprintf(label, sizeof label, "memo across renders: view %d", i + 1);
        unit_record(label, rc == 0 && strcmp(buf_str(&out), want[i]) == 0, buf_str(&out));
        buf_free(&out);
        cJSON_Delete(v);
    }
    mustache_cache_free(c);
    cJSON_Delete(catalog);
}

/* A name's pointer from an earlier render may name something else now (the request arena is
 * reused): here one buffer names "a" in the first view and "b" in the second, at the same place. */
static void reused_name_case(void) {
    static const char *const site[] = {"page", "{{a}}", NULL};
    static char name[8];
    pairs_src src = {site, 0};
    mustache_cache *c = mustache_cache_new(pairs_load, &src);
    const char *got[2] = {NULL, NULL};
    char outs[2][16];
    for (int i = 0; i < 2; i++) {
        strcpy(name, i == 0 ? "a" : "b");
        cJSON *v = cJSON_CreateObject();
        cJSON_AddItemToObjectCS(v, name, cJSON_CreateString(i == 0 ? "1" : "2"));
        if (i == 1) cJSON_AddStringToObject(v, "a", "3");
        buf out = BUF_INIT;
        char err[256] = "";
        mustache_render_named(c, "page", v, &out, err, sizeof err);
        snprintf(outs[i], sizeof outs[i], "%s", buf_str(&out));
        got[i] = outs[i];
        buf_free(&out);
        cJSON_Delete(v);
    }
    unit_record("memo across renders: a reused name pointer", strcmp(got[0], "1") == 0 && strcmp(got[1], "3") == 0, got[1]);
    mustache_cache_free(c);
}

/* A dotted name's second part is looked for at the position it had in the first part's value before
 * (second_part): with shared names (as db.c builds rows) in another order, missing, copied, in two
 * objects looked in by turns, and a reused name pointer in a second render. */
static void second_part_cases(void) {
    static const char *const site[] = {"rows", "{{#rows}}{{o.a}}{{o.b}}{{p.a}};{{/rows}}|{{q.a}}", NULL};
    static char reused[4];
    pairs_src src = {site, 0};
    mustache_cache *c = mustache_cache_new(pairs_load, &src);
    static const char *const want[] = {"12P;34P;5P;67P;|Q", "12P;34P;5P;67P;|Z"};
    for (int round = 0; round < 2; round++) {
        strcpy(reused, round == 0 ? "a" : "z");   /* the same pointer names another member in round 2 */
        cJSON *root = cJSON_CreateObject();
        cJSON_AddItemToObjectCS(cJSON_AddObjectToObject(root, "p"), SHARED_A, cJSON_CreateString("P"));
        cJSON *q = cJSON_AddObjectToObject(root, "q");
        cJSON_AddItemToObjectCS(q, reused, cJSON_CreateString(round == 0 ? "Q" : "-"));
        if (round == 1) cJSON_AddStringToObject(q, "a", "Z");
        cJSON *rows = cJSON_AddArrayToObject(root, "rows");
        for (int i = 0; i < 4; i++) {
            cJSON *row = cJSON_CreateObject();
            add_ab(cJSON_AddObjectToObject(row, "o"), i);
            cJSON_AddItemToArray(rows, row);
        }
        buf out = BUF_INIT;
        char err[256] = "";
        int rc = mustache_render_named(c, "rows", root, &out, err, sizeof err);
        unit_record(round ? "memo: dotted names' second part, a second render with a reused name"
                          : "memo: dotted names' second part in other orders, missing, by turns",
                    rc == 0 && strcmp(buf_str(&out), want[round]) == 0, buf_str(&out));
        buf_free(&out);
        cJSON_Delete(root);
    }
    mustache_cache_free(c);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "tests/unit/mustache-spec";
    (void)unit_current;          /* unit.h's RUN() state; this suite is table-driven */
    (void)unit_current_failed;
    for (size_t i = 0; i < sizeof spec_files / sizeof *spec_files; i++) run_spec_file(dir, spec_files[i]);
    printf("mustache spec: %d cases, %d passed, %d failed\n", unit_passed + unit_failed, unit_passed, unit_failed);
    hostile_cases();
    value_cases();
    cache_cases();
    memo_cases();
    outer_memo_cases();
    second_part_cases();
    cross_render_cases();
    reused_name_case();
    return UNIT_SUMMARY("mustache");
}
