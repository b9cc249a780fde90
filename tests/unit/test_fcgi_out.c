/* test_fcgi_out.c — unit tests for src/fcgi_out.c: a reply of any size is written straight to the
 * connection as FCGI_STDOUT records of at most 65,535 bytes, carrying the request's id and, concatenated,
 * exactly the reply's bytes; with last, followed by the empty FCGI_STDOUT record and FCGI_END_REQUEST
 * (status 0, request complete) and nothing else. The connection here is a file. */
#include "fcgi_out.h"
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Sends n bytes through fcgi_send, as a head of `head` bytes and a body of the rest, to a temporary
 * file and checks the records read back: each piece framed on its own, then with last the closing
 * records. */
static void records_carry_the_reply(size_t n, size_t head, bool last) {
    char path[] = "/tmp/crm-test-fcgi-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    unlink(path);
    char *reply = malloc(n);
    for (size_t i = 0; i < n; i++) reply[i] = (char)('a' + (i * 7 + i / 3) % 26);
    FCGX_Request q;
    memset(&q, 0, sizeof q);
    q.ipcFd = fd;
    q.requestId = 0x1234;
    CHECK(fcgi_send(&q, reply, head, reply + head, n - head, last) == 0);
    off_t size = lseek(fd, 0, SEEK_END);
    unsigned char *got = malloc((size_t)size);
    CHECK(pread(fd, got, (size_t)size, 0) == size);
    size_t at = 0, content = 0, records = 0;
    int ok = 1;
    static const unsigned char closing[24] = {1, 6, 0x12, 0x34, 0, 0, 0, 0,                      /* end of stdout */
                                              1, 3, 0x12, 0x34, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};   /* end request */
    if (last) {
        CHECK(size >= 24 && memcmp(got + size - 24, closing, 24) == 0);
        size -= 24;
    }
    while (at + 8 <= (size_t)size) {
        const unsigned char *h = got + at;
        size_t len = (size_t)h[4] << 8 | h[5];
        ok &= h[0] == 1 && h[1] == 6 && h[2] == 0x12 && h[3] == 0x34 && h[6] == 0 && len > 0;
        ok &= at + 8 + len <= (size_t)size && content + len <= n && memcmp(got + at + 8, reply + content, len) == 0;
        content += len;
        at += 8 + len;
        records++;
    }
    CHECK(ok);
    CHECK(at == (size_t)size);
    CHECK(content == n);
    CHECK(records == (head + 65534) / 65535 + (n - head + 65534) / 65535);
    free(got);
    free(reply);
    close(fd);
}

static void reply_in_records(void) {
    static const size_t heads[] = {0, 120, 65535, 70000};
    for (int last = 0; last <= 1; last++)
        for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
            size_t h = heads[i];
            records_carry_the_reply(h, h, last);                  /* headers only */
            records_carry_the_reply(h + 6, h, last);              /* the hello */
            records_carry_the_reply(h + 8192, h, last);
            records_carry_the_reply(h + 35000, h, last);          /* a customer list page: one record */
            records_carry_the_reply(h + 65535, h, last);          /* exactly one full record */
            records_carry_the_reply(h + 65536, h, last);          /* one byte more: two */
            records_carry_the_reply(h + 3 * 1024 * 1024, h, last); /* more records than one writev takes */
        }
}

int main(void) {
    RUN(reply_in_records);
    return UNIT_SUMMARY("fcgi_out");
}
