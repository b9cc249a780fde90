/* test_multipart.c — unit tests for src/multipart.c: boundary extraction from Content-Type, bodies as
 * browsers send them (fields and files, CRLF inside file data, empty file inputs, filename* and
 * Windows paths), and refusals: missing or bad boundary, truncated bodies, parts without a name,
 * too many parts, oversize or folded headers, boundary look-alikes inside data. */
#include "multipart.h"
#include "buf.h"
#include "unit.h"
#include <stdbool.h>
#include <stdlib.h>

static arena *A;

static int parse(const char *body, const char *boundary, mp_part **parts, size_t *n) {
    return multipart_parse(A, body, strlen(body), boundary, parts, n);
}

static bool part_is(const mp_part *p, const char *name, const char *filename, const char *data) {
    if (strcmp(p->name, name) != 0) return false;
    if (filename == NULL ? p->filename != NULL : (p->filename == NULL || strcmp(p->filename, filename) != 0)) return false;
    return p->len == strlen(data) && memcmp(p->data, data, p->len) == 0;
}

static void boundary_from_content_type(void) {
    CHECK_STR(multipart_boundary(A, "multipart/form-data; boundary=----WebKitFormBoundaryAbC123"),
              "----WebKitFormBoundaryAbC123");
    CHECK_STR(multipart_boundary(A, "Multipart/Form-Data;boundary=\"quoted boundary\""), "quoted boundary");
    CHECK_STR(multipart_boundary(A, "multipart/form-data; charset=utf-8; BOUNDARY=xyz"), "xyz");
    CHECK(multipart_boundary(A, "multipart/form-data") == NULL);
    CHECK(multipart_boundary(A, "multipart/form-data; boundary=") == NULL);
    CHECK(multipart_boundary(A, "multipart/mixed; boundary=abc") == NULL);
    CHECK(multipart_boundary(A, "application/x-www-form-urlencoded") == NULL);
    CHECK(multipart_boundary(A, "multipart/form-data; boundary=bad<char>") == NULL);
    char long_ct[200];
    snprintf(long_ct, sizeof long_ct, "multipart/form-data; boundary=%071d", 7);
    CHECK(multipart_boundary(A, long_ct) == NULL);             /* 71 characters */
    snprintf(long_ct, sizeof long_ct, "multipart/form-data; boundary=%070d", 7);
    CHECK(multipart_boundary(A, long_ct) != NULL);             /* 70 is the limit */
    CHECK(multipart_boundary(A, "multipart/form-data; boundary=\"unterminated") == NULL);
}

static void browser_body(void) {
    const char *body =
        "------B\r\n"
        "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
        "tok123\r\n"
        "------B\r\n"
        "Content-Disposition: form-data; name=\"kind\"\r\n\r\n"
        "customers\r\n"
        "------B\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"客户.csv\"\r\n"
        "Content-Type: text/csv\r\n\r\n"
        "名称,地区\r\n华为,北京\r\n\r\n"
        "------B--\r\n";
    mp_part *p;
    size_t n;
    CHECK(parse(body, "----B", &p, &n) == MP_OK);
    CHECK(n == 3);
    if (n != 3) return;
    CHECK(part_is(&p[0], "_csrf", NULL, "tok123"));
    CHECK(part_is(&p[1], "kind", NULL, "customers"));
    CHECK(part_is(&p[2], "file", "客户.csv", "名称,地区\r\n华为,北京\r\n"));  /* data keeps its own CRLFs */
    CHECK_STR(p[2].content_type, "text/csv");
    CHECK_STR(p[0].content_type, "");
}

static void preamble_epilogue_and_padding(void) {
    const char *body =
        "this is a preamble\r\n--xx  \r\n"
        "content-disposition: FORM-DATA; NAME=a\r\n\r\n"
        "1\r\n--xx\r\n"
        "Content-Disposition: form-data; name=\"b\"\r\n\r\n"
        "\r\n--xx--\r\nepilogue ignored";
    mp_part *p;
    size_t n;
    CHECK(parse(body, "xx", &p, &n) == MP_OK);
    CHECK(n == 2);
    if (n == 2) {
        CHECK(part_is(&p[0], "a", NULL, "1"));
        CHECK(part_is(&p[1], "b", NULL, ""));
    }
    CHECK(parse("--xx--\r\n", "xx", &p, &n) == MP_OK);   /* no parts at all */
    CHECK(n == 0);
}

static void file_names(void) {
    const char *body =
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"C:\\Users\\me\\data.csv\"\r\n\r\nx\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"g\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"h\"; filename=\"fallback.csv\"; filename*=UTF-8''%E5%AE%A2%E6%88%B7.csv\r\n\r\ny\r\n"
        "--b\r\nContent-Disposition: form-data; name=\"i\"; filename=\"a%22b.csv\"\r\n\r\nz\r\n"
        "--b--";
    mp_part *p;
    size_t n;
    CHECK(parse(body, "b", &p, &n) == MP_OK);
    CHECK(n == 4);
    if (n != 4) return;
    CHECK(part_is(&p[0], "f", "data.csv", "x"));
    CHECK(part_is(&p[1], "g", "", ""));          /* a file input left empty */
    CHECK(part_is(&p[2], "h", "客户.csv", "y"));
    CHECK(part_is(&p[3], "i", "a\"b.csv", "z"));
}

static void boundary_lookalike_in_data(void) {
    const char *body =
        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.csv\"\r\n\r\n"
        "line\r\n--bb not a delimiter\r\n--b-x also not\r\nend\r\n"
        "--b--\r\n";
    mp_part *p;
    size_t n;
    CHECK(parse(body, "b", &p, &n) == MP_OK);
    CHECK(n == 1);
    if (n == 1) CHECK(part_is(&p[0], "f", "x.csv", "line\r\n--bb not a delimiter\r\n--b-x also not\r\nend"));
}

static void refusals(void) {
    mp_part *p;
    size_t n;
    CHECK(parse("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n", "b", &p, &n) == MP_E_MALFORMED); /* truncated */
    CHECK(parse("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", "b", &p, &n) == MP_E_MALFORMED);
    CHECK(parse("no delimiter at all", "b", &p, &n) == MP_E_MALFORMED);
    CHECK(parse("", "b", &p, &n) == MP_E_MALFORMED);
    CHECK(parse("--b\r\nContent-Type: text/plain\r\n\r\n1\r\n--b--", "b", &p, &n) == MP_E_MALFORMED); /* no disposition */
    CHECK(parse("--b\r\nContent-Disposition: form-data\r\n\r\n1\r\n--b--", "b", &p, &n) == MP_E_MALFORMED); /* no name */
    CHECK(parse("--b\r\nContent-Disposition: form-data; name=\"\"\r\n\r\n1\r\n--b--", "b", &p, &n) == MP_E_MALFORMED);
    CHECK(parse("--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\n1\r\n--b--", "b", &p, &n) == MP_E_MALFORMED);
    CHECK(parse("--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1\r\n--b--", "b", &p, &n) == MP_E_MALFORMED); /* open quote */
    CHECK(parse("--b\r\n\r\n1\r\n--b--", "b", &p, &n) == MP_E_MALFORMED);   /* no headers */
    CHECK(parse("--b\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n--b--", "b", &p, &n) == MP_E_MALFORMED); /* folded */
    CHECK(parse("--bX\r\n", "b", &p, &n) == MP_E_MALFORMED);
    CHECK(parse("--b--", NULL, &p, &n) == MP_E_BOUNDARY);
    CHECK(parse("--b--", "", &p, &n) == MP_E_BOUNDARY);
}

static void limits(void) {
    /* MP_MAX_PARTS parts pass, one more is refused */
    buf b = BUF_INIT;
    for (int i = 0; i < MP_MAX_PARTS; i++) buf_printf(&b, "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
    buf_puts(&b, "--b--");
    mp_part *p;
    size_t n;
    CHECK(multipart_parse(A, b.data, b.len, "b", &p, &n) == MP_OK);
    CHECK(n == MP_MAX_PARTS);
    buf_clear(&b);
    for (int i = 0; i <= MP_MAX_PARTS; i++) buf_printf(&b, "--b\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i, i);
    buf_puts(&b, "--b--");
    CHECK(multipart_parse(A, b.data, b.len, "b", &p, &n) == MP_E_TOO_MANY);
    /* an over-long header line */
    buf_clear(&b);
    buf_puts(&b, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Junk: ");
    for (int i = 0; i < MP_MAX_HEADER + 10; i++) buf_putc(&b, 'j');
    buf_puts(&b, "\r\n\r\n1\r\n--b--");
    CHECK(multipart_parse(A, b.data, b.len, "b", &p, &n) == MP_E_HEADER);
    /* too many header lines */
    buf_clear(&b);
    buf_puts(&b, "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n");
    for (int i = 0; i < MP_MAX_HEADERS; i++) buf_puts(&b, "X-H: 1\r\n");
    buf_puts(&b, "\r\n1\r\n--b--");
    CHECK(multipart_parse(A, b.data, b.len, "b", &p, &n) == MP_E_HEADER);
    /* an endless header block (no empty line) */
    buf_clear(&b);
    buf_puts(&b, "--b\r\n");
    for (int i = 0; i < 100000; i++) buf_putc(&b, 'h');
    CHECK(multipart_parse(A, b.data, b.len, "b", &p, &n) == MP_E_HEADER);
    /* a large file part with binary bytes, NULs and CRs parses without copying */
    buf_clear(&b);
    buf_puts(&b, "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n\r\n");
    size_t start = b.len;
    for (int i = 0; i < 1 << 20; i++) buf_putc(&b, (char)(i % 251));
    size_t end = b.len;
    buf_puts(&b, "\r\n--b--\r\n");
    CHECK(multipart_parse(A, b.data, b.len, "b", &p, &n) == MP_OK);
    CHECK(n == 1 && p[0].len == end - start && p[0].data == b.data + start);
    buf_free(&b);
}

int main(void) {
    A = arena_new(64 * 1024);
    RUN(boundary_from_content_type);
    RUN(browser_body);
    RUN(preamble_epilogue_and_padding);
    RUN(file_names);
    RUN(boundary_lookalike_in_data);
    RUN(refusals);
    RUN(limits);
    arena_free(A);
    return UNIT_SUMMARY("multipart");
}
