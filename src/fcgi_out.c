/* fcgi_out.c — owns writing a reply as FastCGI FCGI_STDOUT records straight to the connection.
 * libfcgi's output stream writes through an 8 KB buffer, one write(2) per 8 KB: a 35 KB list page
 * cost five system calls and five wake-ups of nginx. Here a large reply is framed into records of
 * at most 65,535 bytes (the protocol's limit) and sent with one writev; FCGX_Finish_r then adds the
 * end-of-stream and end-of-request records as usual. The headers and the body come as two pieces,
 * each framed on its own, so a page is never copied behind its headers. */
#include "fcgi_out.h"
#include <errno.h>
#include <sys/uio.h>

#define RECORD_MAX 65535            /* content bytes in one FastCGI record */
#define SMALL (8192 - 64)           /* fits libfcgi's stream buffer with the closing records */
#define MAX_RECORDS 32              /* records (2 MB) per writev */
#define FCGI_STDOUT_TYPE 6

static void header(unsigned char h[8], int request_id, size_t len) {
    h[0] = 1;                                   /* FCGI_VERSION_1 */
    h[1] = FCGI_STDOUT_TYPE;
    h[2] = (unsigned char)((request_id >> 8) & 0xff);
    h[3] = (unsigned char)(request_id & 0xff);
    h[4] = (unsigned char)((len >> 8) & 0xff);
    h[5] = (unsigned char)(len & 0xff);
    h[6] = 0;                                   /* no padding */
    h[7] = 0;
}

/* Writes all of iov[0..n), resuming after short writes. Returns 0 or -1. */
static int write_all(int fd, struct iovec *iov, int n) {
    while (n > 0) {
        ssize_t w = writev(fd, iov, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        while (n > 0 && (size_t)w >= iov->iov_len) {
            w -= (ssize_t)iov->iov_len;
            iov++;
            n--;
        }
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + w;
            iov->iov_len -= (size_t)w;
        }
    }
    return 0;
}

int fcgi_send(FCGX_Request *q, const char *head, size_t head_len, const char *body, size_t body_len) {
    if (head_len + body_len <= SMALL)
        return FCGX_PutStr(head, (int)head_len, q->out) == (int)head_len &&
                       (body_len == 0 || FCGX_PutStr(body, (int)body_len, q->out) == (int)body_len) ? 0 : -1;
    unsigned char heads[MAX_RECORDS][8];
    struct iovec iov[2 * MAX_RECORDS];
    const char *piece[2] = {head, body};
    size_t left[2] = {head_len, body_len};
    int p = 0;
    while (p < 2) {
        int records = 0;
        for (; p < 2 && records < MAX_RECORDS; records++) {
            while (p < 2 && left[p] == 0) p++;
            if (p == 2) break;
            size_t chunk = left[p] > RECORD_MAX ? RECORD_MAX : left[p];
            header(heads[records], q->requestId, chunk);
            iov[2 * records] = (struct iovec){heads[records], 8};
            iov[2 * records + 1] = (struct iovec){(void *)piece[p], chunk};
            piece[p] += chunk;
            left[p] -= chunk;
        }
        if (records > 0 && write_all(q->ipcFd, iov, 2 * records) < 0) return -1;
    }
    return 0;
}
