/* log.c — timestamped log lines on stderr, written with one write() so workers do not interleave. */
#include "log.h"
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

/* The "YYYY-MM-DDTHH:MM:SS" part changes once a second: format it only then. */
static char stamp[32];
static time_t stamp_second = -1;
static pid_t stamp_pid;

void log_forked(void) { stamp_second = -1; }

void log_msg(const char *level, const char *fmt, ...) {
    char line[2048];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (ts.tv_sec != stamp_second) {
        struct tm tm;
        gmtime_r(&ts.tv_sec, &tm);
        strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
        stamp_second = ts.tv_sec;
        stamp_pid = getpid(); /* refreshed every second: right again soon after a fork */
    }
    int n = snprintf(line, sizeof line, "%s.%03ldZ [%d] %s ", stamp, ts.tv_nsec / 1000000, (int)stamp_pid, level);
    va_list ap;
    va_start(ap, fmt);
    if (n > 0 && (size_t)n < sizeof line) n += vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n >= sizeof line - 1) n = (int)sizeof line - 2;
    line[n++] = '\n';
    ssize_t w = write(2, line, (size_t)n);
    (void)w;
}
