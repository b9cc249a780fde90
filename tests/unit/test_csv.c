/* test_csv.c — unit tests for src/csv.c: RFC 4180 reading (quotes, doubled quotes, embedded newlines,
 * CRLF/LF/CR, blank records, malformed quoting, delimiter sniffing, row and line numbers), encoding
 * detection and conversion (UTF-8 with/without BOM, GBK/GB18030 bytes, undecodable bytes, a UTF-8 file
 * with a few broken bytes, UTF-16, workbooks and binary files),
 * and writing (quoting, formula neutralisation, round trips). */
#include "csv.h"
#include "unit.h"
#include <stdlib.h>

static arena *A;

/* Reads all records of text (delimiter sniffed); returns how many, fills recs' fields joined by '|'. */
static int read_all(const char *text, size_t len, char out[][256], long *rows, int *errors, int max) {
    csv_reader rd;
    csv_reader_init(&rd, A, text, len, 0);
    csv_record rec;
    int n = 0;
    while (n < max && csv_next(&rd, &rec)) {
        char *o = out[n];
        size_t w = 0;
        for (size_t i = 0; i < rec.nfields; i++) {
            if (i) o[w++] = '|';
            for (size_t k = 0; k < rec.fields[i].n && w < 250; k++) o[w++] = rec.fields[i].s[k];
        }
        o[w] = 0;
        if (rows) rows[n] = rec.row * 1000 + rec.line;
        if (errors) errors[n] = rec.error;
        n++;
    }
    csv_reader_free(&rd);
    return n;
}

#define READ(text) n = read_all((text), strlen(text), got, rows, errs, 16)

static void simple_records(void) {
    char got[16][256];
    long rows[16];
    int errs[16], n;
    READ("a,b,c\r\n1,2,3\r\n");
    CHECK(n == 2);
    CHECK_STR(got[0], "a|b|c");
    CHECK_STR(got[1], "1|2|3");
    CHECK(errs[0] == CSV_OK && errs[1] == CSV_OK);
    READ("a,b\n1,2");            /* LF, no final newline */
    CHECK(n == 2);
    CHECK_STR(got[1], "1|2");
    READ("a,b\r1,2\r");          /* lone CR (old Mac Excel) */
    CHECK(n == 2);
    CHECK_STR(got[1], "1|2");
    READ("a,,c,\r\n");           /* empty fields, trailing delimiter */
    CHECK(n == 1);
    CHECK_STR(got[0], "a||c|");
    READ(",\n");
    CHECK(n == 1);
    CHECK_STR(got[0], "|");
}

static void quoted_fields(void) {
    char got[16][256];
    long rows[16];
    int errs[16], n;
    READ("\"a,b\",\"say \"\"hi\"\"\",\"\"\r\nx,\"\"\"\",y\r\n");
    CHECK(n == 2);
    CHECK_STR(got[0], "a,b|say \"hi\"|");
    CHECK_STR(got[1], "x|\"|y");
    CHECK(errs[0] == CSV_OK && errs[1] == CSV_OK);
    /* a quote inside an unquoted field is literal (what Excel does) */
    READ("5\"3,b\n");
    CHECK_STR(got[0], "5\"3|b");
    CHECK(errs[0] == CSV_OK);
}

static void embedded_newlines_and_numbers(void) {
    char got[16][256];
    long rows[16];
    int errs[16], n;
    READ("h1,h2\r\n\"line1\r\nline2\",x\r\n\"a\nb\nc\",y\nlast,z\n");
    CHECK(n == 4);
    CHECK_STR(got[1], "line1\r\nline2|x");
    CHECK_STR(got[2], "a\nb\nc|y");
    CHECK_STR(got[3], "last|z");
    /* row = record number (Excel's), line = physical line where it starts */
    CHECK(rows[0] == 1001);
    CHECK(rows[1] == 2002);
    CHECK(rows[2] == 3004);
    CHECK(rows[3] == 4007);
}

static void malformed_quoting(void) {
    char got[16][256];
    long rows[16];
    int errs[16], n;
    READ("x\na,\"open\nstill open,b\n");
    CHECK(n == 2);
    CHECK(errs[0] == CSV_OK);
    CHECK(errs[1] == CSV_E_UNCLOSED);
    CHECK_STR(got[1], "a|open\nstill open,b\n");
    READ("\"ab\"cd,e\nok,1\n");
    CHECK(n == 2);
    CHECK(errs[0] == CSV_E_AFTER_QUOTE);
    CHECK_STR(got[0], "abcd|e");
    CHECK(errs[1] == CSV_OK);
}

static void blank_records(void) {
    csv_reader rd;
    const char *t = "a,b\n\n,\n1,2\n";
    csv_reader_init(&rd, A, t, strlen(t), 0);
    csv_record rec;
    int blanks = 0, total = 0;
    while (csv_next(&rd, &rec)) { total++; blanks += rec.blank; }
    csv_reader_free(&rd);
    CHECK(total == 4);
    CHECK(blanks == 2);
}

static void delimiter_sniffing(void) {
    char got[16][256];
    long rows[16];
    int errs[16], n;
    READ("a\tb\tc\n1\t2,5\t3\n");
    CHECK(n == 2);
    CHECK_STR(got[1], "1|2,5|3");
    READ("a;b;c\n1;2,5;3\n");
    CHECK_STR(got[1], "1|2,5|3");
    READ("\"x;y\",b\n");                /* a semicolon inside quotes does not count */
    CHECK_STR(got[0], "x;y|b");
    READ("sep=;\r\na;b\r\n1;2\r\n");    /* Excel's sep= line */
    CHECK(n == 2);
    CHECK_STR(got[0], "a|b");
    CHECK(rows[0] == 1002);
}

static void too_many_fields(void) {
    char *t = malloc(CSV_MAX_FIELDS * 2 + 20);
    size_t w = 0;
    for (int i = 0; i < CSV_MAX_FIELDS + 5; i++) { t[w++] = 'x'; t[w++] = ','; }
    t[w++] = '\n';
    csv_reader rd;
    csv_reader_init(&rd, A, t, w, ',');
    csv_record rec;
    CHECK(csv_next(&rd, &rec));
    CHECK(rec.error == CSV_E_TOO_MANY);
    CHECK(rec.nfields == CSV_MAX_FIELDS);
    CHECK(!csv_next(&rd, &rec));
    csv_reader_free(&rd);
    free(t);
}

static void decode_utf8(void) {
    size_t n, bad;
    csv_encoding enc;
    const char *plain = "客户名称,地区\n华为技术有限公司,北京\n";
    char *s = csv_decode(A, plain, strlen(plain), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_UTF8);
    CHECK(bad == 0);
    CHECK_STR(s, plain);
    const char *bom = "\xEF\xBB\xBF" "名称\n";
    s = csv_decode(A, bom, strlen(bom), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_UTF8_BOM);
    CHECK_STR(s, "名称\n");
    CHECK(n == strlen("名称\n"));
    /* BOM and a broken byte: stays UTF-8, the byte is marked with a NUL */
    const char *broken = "\xEF\xBB\xBF" "ab\xFF" "c\n";
    s = csv_decode(A, broken, strlen(broken), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_UTF8_BOM);
    CHECK(bad == 1);
    CHECK(n == 5 && s[2] == 0 && s[3] == 'c');
    /* overlong and surrogate forms are not UTF-8 */
    const char *overlong = "\xEF\xBB\xBF" "\xC0\xAF\xED\xA0\x80";
    s = csv_decode(A, overlong, strlen(overlong), &n, &enc, &bad);
    CHECK(bad == 5);
}

static void decode_gbk(void) {
    size_t n, bad;
    csv_encoding enc;
    /* GBK bytes of "客户名称,地区\n华为技术有限公司,北京\n" as Excel on Chinese Windows saves them */
    const char *gbk = "\xBF\xCD\xBB\xA7\xC3\xFB\xB3\xC6,\xB5\xD8\xC7\xF8\n"
                      "\xBB\xAA\xCE\xAA\xBC\xBC\xCA\xF5\xD3\xD0\xCF\xDE\xB9\xAB\xCB\xBE,\xB1\xB1\xBE\xA9\n";
    char *s = csv_decode(A, gbk, strlen(gbk), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_GB18030);
    CHECK(bad == 0);
    CHECK_STR(s, "客户名称,地区\n华为技术有限公司,北京\n");
    /* 张伟, the euro sign (GBK A2E3) and a 4-byte GB18030 character (U+20000) */
    const char *more = "\xD5\xC5\xCE\xB0 \xA2\xE3 \x95\x32\x82\x36";
    s = csv_decode(A, more, strlen(more), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_GB18030);
    CHECK_STR(s, "张伟 € \xF0\xA0\x80\x80");
    /* undecodable bytes (0xFF, a truncated lead byte at the end) become NULs, the rest decodes */
    const char *bad_bytes = "\xD5\xC5\xFF\xCE\xB0,\xBB";
    s = csv_decode(A, bad_bytes, strlen(bad_bytes), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_GB18030);
    CHECK(bad == 2);
    CHECK(n == strlen("张") + 1 + strlen("伟") + 1 + 1);
    CHECK(memcmp(s, "张\0伟,\0", n) == 0);
}

/* A UTF-8 file with a few broken bytes stays UTF-8 (the bytes marked), instead of being read as
 * GB18030, which would silently turn every Chinese character into another one. */
static void decode_mostly_utf8(void) {
    size_t n, bad;
    csv_encoding enc;
    const char *one = "客户名称,地区\n华为技术有限公司\xFF,北京\n";
    char *s = csv_decode(A, one, strlen(one), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_UTF8);
    CHECK(bad == 1);
    CHECK(n == strlen(one));
    CHECK(memcmp(s, "客户名称,地区\n华为技术有限公司\0,北京\n", n) == 0);
    /* a UTF-8 sequence cut short in the middle of the text: one bad byte per broken sequence */
    const char *cut = "名称,地区\n\xE5\x8D,北京\n上海,广州\n";
    s = csv_decode(A, cut, strlen(cut), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_UTF8);
    CHECK(bad == 2);
    CHECK(memcmp(s, "名称,地区\n\0\0,北京\n上海,广州\n", n) == 0);
    /* GBK text has far more bytes that are not UTF-8 than accidental UTF-8 sequences */
    const char *gbk = "\xBF\xCD\xBB\xA7\xC3\xFB\xB3\xC6,\xB5\xD8\xC7\xF8\n\xC9\xCF\xBA\xA3\xCA\xD0\xC6\xD6\xB6\xAB\xD0\xC2\xC7\xF8\n";
    s = csv_decode(A, gbk, strlen(gbk), &n, &enc, &bad);
    CHECK(enc == CSV_ENC_GB18030);
    CHECK(bad == 0);
    CHECK_STR(s, "客户名称,地区\n上海市浦东新区\n");
}

/* Files that are not CSV text at all. */
static void not_text(void) {
    CHECK(csv_not_text("PK\x03\x04\x14\x00", 6) == CSV_WORKBOOK);
    CHECK(csv_not_text("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00", 9) == CSV_WORKBOOK);
    CHECK(csv_not_text("\x89PNG\r\n\x1A\n\x00\x00", 10) == CSV_BINARY);
    CHECK(csv_not_text("a\0,b\0", 4) == CSV_BINARY);          /* UTF-16 without a BOM */
    CHECK(csv_not_text("\xFF\xFE" "a\0", 4) == CSV_TEXT);      /* UTF-16 with one: csv_decode says so */
    CHECK(csv_not_text("名称,地区\n", strlen("名称,地区\n")) == CSV_TEXT);
    CHECK(csv_not_text("\xBF\xCD\xBB\xA7", 4) == CSV_TEXT);   /* GBK */
    CHECK(csv_not_text("PK", 2) == CSV_TEXT);
}

static void decode_utf16_refused(void) {
    size_t n, bad;
    csv_encoding enc;
    CHECK(csv_decode(A, "\xFF\xFE" "a\0", 4, &n, &enc, &bad) == NULL);
    CHECK(enc == CSV_ENC_UTF16);
    CHECK_STR(csv_encoding_name(CSV_ENC_GB18030), "GB18030");
}

static void write_fields(void) {
    buf b = BUF_INIT;
    csv_put(&b, "plain", 5, true, false);
    csv_put(&b, "a,b", 3, false, false);
    csv_put(&b, "say \"hi\"", 8, false, false);
    csv_put(&b, "two\nlines", 9, false, false);
    csv_put(&b, "", 0, false, false);
    csv_put(&b, " pad", 4, false, false);
    csv_end_row(&b);
    CHECK_STR(buf_str(&b), "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\" pad\"\r\n");
    buf_clear(&b);
    csv_put(&b, "=SUM(A1:A2)", 11, true, false);
    csv_put(&b, "+86 10 1234", 11, false, false);
    csv_put(&b, "-3", 2, false, false);
    csv_put(&b, "@cmd", 4, false, false);
    csv_put(&b, "-3.25", 5, false, true);   /* a number we formatted: as it is */
    csv_put(&b, "华为=好", strlen("华为=好"), false, false);
    CHECK_STR(buf_str(&b), "\"'=SUM(A1:A2)\",\"'+86 10 1234\",\"'-3\",\"'@cmd\",-3.25,华为=好");
    CHECK(csv_is_neutralised("'=1", 3));
    CHECK(!csv_is_neutralised("'abc", 4));
    CHECK(!csv_is_neutralised("'", 1));
    buf_free(&b);
}

/* What csv_put writes, csv_next reads back the same. */
static void round_trip(void) {
    static const char *const cells[] = {"华为技术有限公司", "a,b", "\"quoted\"", "multi\r\nline", "", " x ", "=1+1", "tab\there"};
    size_t nc = sizeof cells / sizeof cells[0];
    buf b = BUF_INIT;
    for (int row = 0; row < 3; row++) {
        for (size_t i = 0; i < nc; i++) csv_put(&b, cells[i], strlen(cells[i]), i == 0, false);
        csv_end_row(&b);
    }
    csv_reader rd;
    csv_reader_init(&rd, A, b.data, b.len, ',');
    csv_record rec;
    int rows = 0;
    while (csv_next(&rd, &rec)) {
        rows++;
        CHECK(rec.nfields == nc);
        CHECK(rec.error == CSV_OK);
        for (size_t i = 0; i < nc && i < rec.nfields; i++) {
            const char *s = rec.fields[i].s;
            size_t n = rec.fields[i].n;
            if (csv_is_neutralised(s, n)) { s++; n--; }
            CHECK(n == strlen(cells[i]) && memcmp(s, cells[i], n) == 0);
        }
    }
    CHECK(rows == 3);
    csv_reader_free(&rd);
    buf_free(&b);
}

int main(void) {
    A = arena_new(64 * 1024);
    RUN(simple_records);
    RUN(quoted_fields);
    RUN(embedded_newlines_and_numbers);
    RUN(malformed_quoting);
    RUN(blank_records);
    RUN(delimiter_sniffing);
    RUN(too_many_fields);
    RUN(decode_utf8);
    RUN(decode_gbk);
    RUN(decode_mostly_utf8);
    RUN(not_text);
    RUN(decode_utf16_refused);
    RUN(write_fields);
    RUN(round_trip);
    arena_free(A);
    return UNIT_SUMMARY("csv");
}
