/* fcgi_out.c — owns writing a reply as FastCGI records straight to the connection, and ending the
 * request. libfcgi's output stream writes through an 8 KB buffer, one write(2) per 8 KB: a 35 KB list
 * page cost five system calls and five wake-ups of nginx. Here a reply is framed into FCGI_STDOUT records
 * of at most 65,535 bytes (the protocol's limit) and sent with one writev, the request's closing records
 * (the empty FCGI_STDOUT and FCGI_END_REQUEST) in the same writev. The headers and the body come as two
 * pieces, each framed on its own, so a page is never copied behind its headers.
 * fcgi_end then closes the connection at once. libfcgi's FCGX_Finish_r would shut down its sending
 * side and wait in poll() until nginx has read the reply and closed its end (a guard against a TCP
 * reset destroying unread reply data): three more system calls and a sleep and wake-up of the worker
 * per request. On the Unix socket crm listens on, and with the request's input read to its end first,
 * closing cannot lose what nginx has not read yet. A streamed reply (CSV export) keeps libfcgi's path. */
#include "fcgi_out.h"
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define RECORD_MAX 65535            /* content bytes in one FastCGI record */
#define MAX_RECORDS 32              /* records (2 MB) per writev */
#define FCGI_STDOUT_TYPE 6
#define FCGI_END_REQUEST_TYPE 3

static void header(unsigned char h[8], int type, int request_id, size_t len) {
    h[0] = 1;                                   /* FCGI_VERSION_1 */
    h[1] = (unsigned char)type;
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

int fcgi_send(FCGX_Request *q, const char *head, size_t head_len, const char *body, size_t body_len, bool last) {
    unsigned char heads[MAX_RECORDS][8];
    struct iovec iov[2 * MAX_RECORDS + 1];
    const char *piece[2] = {head, body};
    size_t left[2] = {head_len, body_len};
    /* the end of FCGI_STDOUT, then FCGI_END_REQUEST: application status 0, FCGI_REQUEST_COMPLETE */
    unsigned char closing[24];
    header(closing, FCGI_STDOUT_TYPE, q->requestId, 0);
    header(closing + 8, FCGI_END_REQUEST_TYPE, q->requestId, 8);
    memset(closing + 16, 0, 8);
    int p = 0;
    for (;;) {
        int records = 0;
        for (; p < 2 && records < MAX_RECORDS; records++) {
            while (p < 2 && left[p] == 0) p++;
            if (p == 2) break;
            size_t chunk = left[p] > RECORD_MAX ? RECORD_MAX : left[p];
            header(heads[records], FCGI_STDOUT_TYPE, q->requestId, chunk);
            iov[2 * records] = (struct iovec){heads[records], 8};
            iov[2 * records + 1] = (struct iovec){(void *)piece[p], chunk};
            piece[p] += chunk;
            left[p] -= chunk;
        }
        while (p < 2 && left[p] == 0) p++;
        int n = 2 * records;
        if (p == 2 && last) iov[n++] = (struct iovec){closing, sizeof closing};
        if (n > 0 && write_all(q->ipcFd, iov, n) < 0) return -1;
        if (p == 2) return 0;
    }
}

void fcgi_end(FCGX_Request *q, enum fcgi_sent sent) {
    if (sent == FCGI_STREAMED) {   /* its closing records are still to be written, by libfcgi's stream */
        FCGX_Finish_r(q);
        return;
    }
    bool keep = false;
    if (sent == FCGI_SENT) {
        char rest[4096];   /* the input's end: an unread FCGI_STDIN record, or a body no handler read */
        while (FCGX_GetStr(rest, sizeof rest, q->in) > 0) {}
        keep = q->keepConnection && FCGX_GetError(q->in) == 0;
    }
    int fd = q->ipcFd;
    FCGX_Free(q, 0);   /* the streams and parameters; the connection is ours to close */
    if (!keep) {
        q->ipcFd = -1;   /* FCGX_Accept_r accepts a new connection */
        close(fd);
    }
}
