/* test_http.c — unit tests for src/http.c: percent-decoding, urlencoded parsing and its limits,
 * cookies, Accept negotiation, UTF-8 validation and length. */
#include "http.h"
#include "unit.h"
#include <stdlib.h>

static arena *A;

/* Parses a NUL-terminated urlencoded string into a fresh list. */
static int parse(const char *s, kvlist *l) {
    *l = (kvlist){0};
    return http_parse_urlencoded(A, s, strlen(s), l);
}

static int parse_n(const char *s, size_t len, kvlist *l) {
    *l = (kvlist){0};
    return http_parse_urlencoded(A, s, len, l);
}

/* Builds "f0=v&f1=v&..." with n fields into a malloc'd string. */
static char *many_fields(int n) {
    char *s = malloc((size_t)n * 16 + 1), *p = s;
    for (int i = 0; i < n; i++) p += sprintf(p, "%sf%d=v", i ? "&" : "", i);
    return s;
}

/* Builds name=<vlen bytes of 'x'> (or %78 escapes when escaped) into a malloc'd string. */
static char *long_value(size_t vlen, int escaped, size_t *len) {
    size_t per = escaped ? 3 : 1;
    char *s = malloc(2 + vlen * per + 1);
    s[0] = 'v'; s[1] = '=';
    for (size_t i = 0; i < vlen; i++) memcpy(s + 2 + i * per, escaped ? "%78" : "x", per);
    *len = 2 + vlen * per;
    s[*len] = 0;
    return s;
}

static void test_decode_basic(void) {
    static const struct { const char *in, *out; size_t len; } cases[] = {
        {"", "", 0},
        {"abc", "abc", 3},
        {"a%20b", "a b", 3},
        {"a+b", "a b", 3},
        {"%2B%2b", "++", 2},
        {"%e5%bc%a0%E4%BC%9F", "张伟", 6},
        {"100%25", "100%", 4},
        {"%7e%7E", "~~", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = 99;
        char *d = http_percent_decode(A, cases[i].in, strlen(cases[i].in), &len);
        CHECK_STR(d, cases[i].out);
        CHECK(len == cases[i].len);
    }
    CHECK_STR(http_percent_decode(A, "x%41y", 5, NULL), "xAy"); /* outlen may be NULL */
}

static void test_decode_bad_escapes(void) {
    static const char *const bad[] = {"%G1", "%1G", "%4", "%", "abc%", "a%%20", "%-1", "%+1", "% 1", "%zz", "ok%2"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        size_t len = 7;
        char *d = http_percent_decode(A, bad[i], strlen(bad[i]), &len);
        if (d) fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
        CHECK(d == NULL);
    }
    /* a truncated escape at the end of a span must not read past it */
    CHECK(http_percent_decode(A, "ab%41", 4, NULL) == NULL);
}

static void test_decode_keeps_nul_bytes(void) {
    size_t len = 0;
    char *d = http_percent_decode(A, "a%00b", 5, &len);
    CHECK(d != NULL);
    CHECK(len == 3);
    CHECK(d && d[0] == 'a' && d[1] == 0 && d[2] == 'b' && d[3] == 0);
}

static void test_urlencoded_basic(void) {
    kvlist l;
    CHECK(parse("name=%E5%BC%A0%E4%BC%9F&city=Shanghai&note=a+b%2Bc", &l) == HTTP_OK);
    CHECK(l.n == 3);
    CHECK_STR(kv_get(&l, "name"), "张伟");
    CHECK_STR(kv_get(&l, "city"), "Shanghai");
    CHECK_STR(kv_get(&l, "note"), "a b+c");
    CHECK(l.n == 3 && l.items[0].vlen == 6 && l.items[2].vlen == 5);
    CHECK(kv_get(&l, "missing") == NULL);
    CHECK(kv_get(&l, "nam") == NULL);
}

static void test_urlencoded_empty_pairs(void) {
    kvlist l;
    CHECK(parse("&&q=a+b&&empty=&flag&=orphan&", &l) == HTTP_OK);
    CHECK(l.n == 3);
    CHECK_STR(kv_get(&l, "q"), "a b");
    CHECK_STR(kv_get(&l, "empty"), "");
    CHECK_STR(kv_get(&l, "flag"), "");
    CHECK(l.n == 3 && l.items[1].vlen == 0 && l.items[2].vlen == 0);
    CHECK(kv_get(&l, "") == NULL);
    CHECK(parse("", &l) == HTTP_OK && l.n == 0);
    CHECK(parse("&&&", &l) == HTTP_OK && l.n == 0);
    CHECK(http_parse_urlencoded(A, NULL, 0, &l) == HTTP_OK && l.n == 0);
    CHECK(parse("a==b", &l) == HTTP_OK && l.n == 1);
    CHECK_STR(kv_get(&l, "a"), "=b");
}

static void test_urlencoded_appends_and_duplicates(void) {
    kvlist l = {0};
    CHECK(http_parse_urlencoded(A, "a=1&b=2", 7, &l) == HTTP_OK);
    CHECK(http_parse_urlencoded(A, "a=3&c=4", 7, &l) == HTTP_OK);
    CHECK(l.n == 4);
    CHECK_STR(kv_get(&l, "a"), "1"); /* first value wins */
    CHECK_STR(kv_get(&l, "c"), "4");
    CHECK(l.n == 4 && strcmp(l.items[2].val, "3") == 0);
}

static void test_urlencoded_respects_length(void) {
    /* the span is not NUL-terminated: nothing past len may be read or used */
    const char *s = "a=1&b=2%41GARBAGE";
    kvlist l = {0};
    CHECK(http_parse_urlencoded(A, s, 7, &l) == HTTP_OK);
    CHECK(l.n == 2);
    CHECK_STR(kv_get(&l, "b"), "2");
    l = (kvlist){0};
    CHECK(http_parse_urlencoded(A, s, 9, &l) == HTTP_E_MALFORMED); /* "b=2%4" is truncated */
}

static void test_urlencoded_raw_utf8(void) {
    kvlist l;
    CHECK(parse("名字=张伟&x=😀", &l) == HTTP_OK);
    CHECK_STR(kv_get(&l, "名字"), "张伟");
    CHECK_STR(kv_get(&l, "x"), "😀");
}

static void test_urlencoded_bad_escapes(void) {
    static const char *const bad[] = {"a=%G1", "a=%4", "a=x%", "a%zz=1", "ok=1&b=%%", "a=%4&b=1", "%=1"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        kvlist l;
        int rc = parse(bad[i], &l);
        if (rc != HTTP_E_MALFORMED) fprintf(stderr, "    \"%s\" gave %d\n", bad[i], rc);
        CHECK(rc == HTTP_E_MALFORMED);
    }
}

static void test_urlencoded_encoding(void) {
    static const char *const bad[] = {
        "a=%00", "a=x%00y", "a%00=1", "a=%C0%AF", "a=%ED%A0%80", "a=%FF", "a=%E5%BC", "a=%80",
        "a=%F4%90%80%80", "a=\xC0\xAF", "a\xED\xA0\x80=1", "ok=1&a=%C3",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        kvlist l;
        int rc = parse(bad[i], &l);
        if (rc != HTTP_E_ENCODING) fprintf(stderr, "    case %zu gave %d\n", i, rc);
        CHECK(rc == HTTP_E_ENCODING);
    }
    kvlist l;
    CHECK(parse("a=%C3%A9%F0%9F%98%80", &l) == HTTP_OK);
    CHECK_STR(kv_get(&l, "a"), "é😀");
}

static void test_urlencoded_field_limit(void) {
    kvlist l;
    char *s = many_fields(HTTP_MAX_FIELDS);
    CHECK(parse(s, &l) == HTTP_OK);
    CHECK(l.n == HTTP_MAX_FIELDS);
    CHECK_STR(kv_get(&l, "f199"), "v");
    free(s);
    s = many_fields(HTTP_MAX_FIELDS + 1);
    CHECK(parse(s, &l) == HTTP_E_TOO_MANY);
    CHECK(l.n <= HTTP_MAX_FIELDS);
    free(s);
    s = many_fields(300);
    CHECK(parse(s, &l) == HTTP_E_TOO_MANY);
    CHECK(l.n <= HTTP_MAX_FIELDS);
    free(s);
    /* empty pairs do not count as fields */
    char *t = malloc(10000);
    memset(t, '&', 9000);
    strcpy(t + 9000, "a=1");
    CHECK(parse(t, &l) == HTTP_OK && l.n == 1);
    free(t);
}

static void test_urlencoded_name_limit(void) {
    char name[3 * HTTP_MAX_NAME + 16];
    kvlist l;
    memset(name, 'n', HTTP_MAX_NAME);
    strcpy(name + HTTP_MAX_NAME, "=1");
    CHECK(parse(name, &l) == HTTP_OK && l.n == 1);
    memset(name, 'n', HTTP_MAX_NAME + 1);
    strcpy(name + HTTP_MAX_NAME + 1, "=1");
    CHECK(parse(name, &l) == HTTP_E_TOO_LONG);
    /* the limit is on the decoded name: 64 escaped bytes are fine, 65 are not */
    for (int i = 0; i < HTTP_MAX_NAME; i++) memcpy(name + 3 * i, "%6E", 3);
    strcpy(name + 3 * HTTP_MAX_NAME, "=1");
    CHECK(parse(name, &l) == HTTP_OK && l.n == 1 && strlen(l.items[0].key) == HTTP_MAX_NAME);
    memset(name, 'n', HTTP_MAX_NAME + 1); /* a name with no '=' is limited too */
    name[HTTP_MAX_NAME + 1] = 0;
    CHECK(parse(name, &l) == HTTP_E_TOO_LONG);
}

static void test_urlencoded_value_limit(void) {
    kvlist l;
    size_t len;
    char *s = long_value(HTTP_MAX_VALUE, 0, &len);
    CHECK(parse_n(s, len, &l) == HTTP_OK);
    CHECK(l.n == 1 && l.items[0].vlen == HTTP_MAX_VALUE && strlen(l.items[0].val) == HTTP_MAX_VALUE);
    free(s);
    s = long_value(HTTP_MAX_VALUE + 1, 0, &len);
    CHECK(parse_n(s, len, &l) == HTTP_E_TOO_LONG);
    free(s);
    s = long_value(70 * 1024, 0, &len);
    CHECK(parse_n(s, len, &l) == HTTP_E_TOO_LONG);
    free(s);
    /* escaped: 196 KB raw that decodes to exactly the limit is fine */
    s = long_value(HTTP_MAX_VALUE, 1, &len);
    CHECK(parse_n(s, len, &l) == HTTP_OK);
    CHECK(l.n == 1 && l.items[0].vlen == HTTP_MAX_VALUE && l.items[0].val[HTTP_MAX_VALUE - 1] == 'x');
    free(s);
    s = long_value(HTTP_MAX_VALUE + 1, 1, &len);
    CHECK(parse_n(s, len, &l) == HTTP_E_TOO_LONG);
    free(s);
}

static void test_kv_add_grows(void) {
    kvlist l = {0};
    char keys[100][16];
    for (int i = 0; i < 100; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        kv_add(A, &l, keys[i], keys[i], strlen(keys[i]));
    }
    CHECK(l.n == 100 && l.cap >= 100);
    int ok = 1;
    for (int i = 0; i < 100; i++) ok &= kv_get(&l, keys[i]) == keys[i];
    CHECK(ok);
    kvlist empty = {0};
    CHECK(kv_get(&empty, "k1") == NULL);
    CHECK(kv_get(NULL, "k1") == NULL);
    CHECK(kv_get(&l, NULL) == NULL);
}

static int cookies(const char *h, kvlist *l) {
    *l = (kvlist){0};
    return http_parse_cookies(A, h, l);
}

static void test_cookies_basic(void) {
    kvlist l;
    CHECK(cookies("a=1; b=2", &l) == HTTP_OK);
    CHECK(l.n == 2);
    CHECK_STR(kv_get(&l, "a"), "1");
    CHECK_STR(kv_get(&l, "b"), "2");
    CHECK(cookies("sid=Zm9v_bar-1;lang=zh-CN", &l) == HTTP_OK);
    CHECK_STR(kv_get(&l, "sid"), "Zm9v_bar-1");
    CHECK_STR(kv_get(&l, "lang"), "zh-CN");
    CHECK(cookies("  a = 1 ;\tb=2\t;   c=3  ", &l) == HTTP_OK);
    CHECK(l.n == 3);
    CHECK_STR(kv_get(&l, "a"), "1");
    CHECK_STR(kv_get(&l, "b"), "2");
    CHECK_STR(kv_get(&l, "c"), "3");
    CHECK(cookies("empty=; tok=a=b==", &l) == HTTP_OK);
    CHECK_STR(kv_get(&l, "empty"), "");
    CHECK_STR(kv_get(&l, "tok"), "a=b==");
}

static void test_cookies_quoted(void) {
    kvlist l;
    CHECK(cookies("a=\"hello\"; b=\"\"; c=\"x; d=\"y; ok=1", &l) == HTTP_OK);
    CHECK_STR(kv_get(&l, "a"), "hello");
    CHECK(l.n > 0 && l.items[0].vlen == 5);
    CHECK_STR(kv_get(&l, "b"), "");
    CHECK(kv_get(&l, "c") == NULL);
    CHECK(kv_get(&l, "d") == NULL);
    CHECK_STR(kv_get(&l, "ok"), "1");
    CHECK(l.n == 3);
}

static void test_cookies_junk(void) {
    kvlist l;
    CHECK(cookies(";; ; junk; =nov; a b=1; good=yes; ctl=x\001y; del=\177; ,=2; name(x)=3; ok=1;", &l) == HTTP_OK);
    CHECK(l.n == 2);
    CHECK_STR(kv_get(&l, "good"), "yes");
    CHECK_STR(kv_get(&l, "ok"), "1");
    CHECK(cookies(NULL, &l) == HTTP_OK && l.n == 0);
    CHECK(cookies("", &l) == HTTP_OK && l.n == 0);
    CHECK(cookies("   ", &l) == HTTP_OK && l.n == 0);
    /* invalid UTF-8 values are skipped, valid ones kept */
    CHECK(cookies("bad=\xC0\xAF; sur=\xED\xA0\x80; zh=\xE5\xBC\xA0", &l) == HTTP_OK);
    CHECK(l.n == 1);
    CHECK_STR(kv_get(&l, "zh"), "张");
}

static void test_cookies_limits(void) {
    kvlist l;
    char h[256];
    memset(h, 'n', HTTP_MAX_NAME + 1);
    strcpy(h + HTTP_MAX_NAME + 1, "=1; ok=2");
    CHECK(cookies(h, &l) == HTTP_OK && l.n == 1);
    CHECK_STR(kv_get(&l, "ok"), "2");
    memset(h, 'n', HTTP_MAX_NAME);
    strcpy(h + HTTP_MAX_NAME, "=1");
    CHECK(cookies(h, &l) == HTTP_OK && l.n == 1);

    size_t vlen = HTTP_MAX_VALUE + 1;
    char *big = malloc(vlen + 32);
    memcpy(big, "big=", 4);
    memset(big + 4, 'v', vlen);
    strcpy(big + 4 + vlen, "; ok=1");
    CHECK(cookies(big, &l) == HTTP_OK && l.n == 1);
    CHECK_STR(kv_get(&l, "ok"), "1");
    free(big);

    char *many = malloc(300 * 16), *p = many;
    for (int i = 0; i < 300; i++) p += sprintf(p, "c%d=%d; ", i, i);
    CHECK(cookies(many, &l) == HTTP_E_TOO_MANY);
    CHECK(l.n == HTTP_MAX_FIELDS);
    CHECK_STR(kv_get(&l, "c0"), "0");
    CHECK_STR(kv_get(&l, "c199"), "199");
    CHECK(kv_get(&l, "c200") == NULL);
    free(many);
}

static void test_wants_json(void) {
    static const struct { const char *accept; bool json; } cases[] = {
        {NULL, false},
        {"", false},
        {"*/*", false},
        {"application/json", true},
        {"Application/JSON", true},
        {"application/json; charset=utf-8", true},
        {"application/json, text/html", true},
        {"text/html, application/json", false},
        {"application/json, */*", true},
        {"application/json, text/plain, */*", true},
        {"*/*, application/json", true},
        {"application/json;q=0", false},
        {"application/json;q=0.1, */*", false},
        {"application/json;q=0.9, text/html;q=0.8", true},
        {"text/html;q=0.5, application/json", true},
        {"text/html,application/json;q=0.9", false},
        {"application/json;q=0.5, text/html", false},
        {"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false},
        {"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", false},
        {"text/html; q=0, application/json; q=0.1", true},
        {"text/*, application/json", true},
        {"application/*", true},
        {"image/png", false},
        {"text/plain", false},
        {"application/json;q=junk, text/html;q=0.5", true},
        {"application/json;level=1;q=0.4, text/html;q=0.3", true},
        {" , ,application/json", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool got = http_wants_json(cases[i].accept);
        if (got != cases[i].json) fprintf(stderr, "    \"%s\" gave %d\n", cases[i].accept ? cases[i].accept : "(null)", got);
        CHECK(got == cases[i].json);
    }
}

static void test_utf8_valid(void) {
    static const struct { const char *s; size_t n; bool ok; } cases[] = {
        {"", 0, true},
        {"hello", 5, true},
        {"\x7F", 1, true},
        {"\xC2\x80", 2, true},           /* U+0080 */
        {"\xDF\xBF", 2, true},           /* U+07FF */
        {"\xE0\xA0\x80", 3, true},       /* U+0800 */
        {"\xED\x9F\xBF", 3, true},       /* U+D7FF */
        {"\xEE\x80\x80", 3, true},       /* U+E000 */
        {"\xEF\xBF\xBF", 3, true},       /* U+FFFF */
        {"\xF0\x90\x80\x80", 4, true},   /* U+10000 */
        {"\xF4\x8F\xBF\xBF", 4, true},   /* U+10FFFF */
        {"张伟 Zhang", 11, true},
        {"\x00", 1, false},              /* NUL */
        {"a\x00" "b", 3, false},
        {"\xC0\xAF", 2, false},          /* overlong '/' */
        {"\xC1\xBF", 2, false},          /* overlong */
        {"\xE0\x80\xAF", 3, false},      /* overlong */
        {"\xE0\x9F\xBF", 3, false},      /* overlong U+07FF */
        {"\xF0\x80\x80\xAF", 4, false},  /* overlong */
        {"\xF0\x8F\xBF\xBF", 4, false},  /* overlong U+FFFF */
        {"\xED\xA0\x80", 3, false},      /* U+D800 */
        {"\xED\xBF\xBF", 3, false},      /* U+DFFF */
        {"\xF4\x90\x80\x80", 4, false},  /* U+110000 */
        {"\xF5\x80\x80\x80", 4, false},
        {"\xF8\x88\x80\x80\x80", 5, false},
        {"\xFE", 1, false},
        {"\xFF", 1, false},
        {"\x80", 1, false},              /* lone continuation */
        {"a\xBF", 2, false},
        {"\xC2", 1, false},              /* truncated */
        {"\xE5\xBC", 2, false},
        {"\xF0\x9F\x98", 3, false},
        {"\xC2\x41", 2, false},          /* bad continuation */
        {"\xE5\x41\xA0", 3, false},
        {"\xE5\xBC\x41", 3, false},
        {"\xF0\x9F\x41\x80", 4, false},
        {"\xF0\x9F\x98\x41", 4, false},
        {"abcdefgh\xC0\xAF", 10, false}, /* after the 8-byte fast path */
        {"abcdefghijklmnop\xE5\xBC\xA0", 19, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool got = utf8_valid(cases[i].s, cases[i].n);
        if (got != cases[i].ok) fprintf(stderr, "    case %zu gave %d\n", i, got);
        CHECK(got == cases[i].ok);
    }
    /* only n bytes are looked at: a bad byte just past the span is not seen */
    CHECK(utf8_valid("ab\xFF", 2));
}

static void test_utf8_nul_anywhere(void) {
    /* a NUL at every position of a long ASCII run, and a high byte at every position */
    char s[40];
    int ok = 1;
    for (int pos = 0; pos < 40; pos++) {
        memset(s, 'a', sizeof s);
        s[pos] = 0;
        ok &= !utf8_valid(s, sizeof s);
        s[pos] = (char)0x80;
        ok &= !utf8_valid(s, sizeof s);
        s[pos] = 'b';
        ok &= utf8_valid(s, sizeof s);
    }
    CHECK(ok);
}

static void test_utf8_length(void) {
    CHECK(utf8_length("", 0) == 0);
    CHECK(utf8_length("abc", 3) == 3);
    CHECK(utf8_length("张伟", 6) == 2);
    CHECK(utf8_length("a😀b", 6) == 3);
    CHECK(utf8_length("é\xE3\x80\x80x", 6) == 3);
    CHECK(utf8_length("张伟", 3) == 1); /* counts within n only */
    /* eight bytes at a time, then the rest: every length and offset against a byte-by-byte count */
    const char *text = "上海ABC电气有限公司 021-88389521 é😀\xE3\x80\x80x\x80\xBF\xC0\xFF";
    size_t len = strlen(text);
    bool ok = true;
    for (size_t from = 0; from <= len; from++)
        for (size_t n = 0; from + n <= len; n++) {
            size_t want = 0;
            for (size_t i = 0; i < n; i++) want += ((unsigned char)text[from + i] & 0xC0) != 0x80;
            ok &= utf8_length(text + from, n) == want;
        }
    CHECK(ok);
    CHECK(utf8_length("上海华信科技有限公司", strlen("上海华信科技有限公司")) == 10);
}

int main(void) {
    A = arena_new(64 * 1024);
    RUN(test_decode_basic);
    RUN(test_decode_bad_escapes);
    RUN(test_decode_keeps_nul_bytes);
    RUN(test_urlencoded_basic);
    RUN(test_urlencoded_empty_pairs);
    RUN(test_urlencoded_appends_and_duplicates);
    RUN(test_urlencoded_respects_length);
    RUN(test_urlencoded_raw_utf8);
    RUN(test_urlencoded_bad_escapes);
    RUN(test_urlencoded_encoding);
    RUN(test_urlencoded_field_limit);
    RUN(test_urlencoded_name_limit);
    RUN(test_urlencoded_value_limit);
    RUN(test_kv_add_grows);
    RUN(test_cookies_basic);
    RUN(test_cookies_quoted);
    RUN(test_cookies_junk);
    RUN(test_cookies_limits);
    RUN(test_wants_json);
    RUN(test_utf8_valid);
    RUN(test_utf8_nul_anywhere);
    RUN(test_utf8_length);
    arena_free(A);
    return UNIT_SUMMARY("http");
}
