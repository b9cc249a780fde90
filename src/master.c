/* master.c — process supervision for `crm serve`; see master.h.
 *
 * Reload (SIGHUP): a new generation of workers is forked first, then the old ones get SIGTERM and
 * finish the request in hand before exiting. The listening socket never closes, so no request is
 * refused. A worker that dies is replaced at once. Stop (SIGTERM/SIGINT): workers get SIGTERM, the
 * master waits for them (SIGKILL after 10 s), removes the socket and exits. */
#include "master.h"
#include "db.h"
#include "log.h"
#include "session.h"
#include "worker.h"
#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_WORKERS 64

static volatile sig_atomic_t got_chld, got_hup, got_term;
static void on_signal(int sig) {
    if (sig == SIGCHLD) got_chld = 1;
    else if (sig == SIGHUP) got_hup = 1;
    else got_term = 1;
}

typedef struct slot { pid_t pid; int generation; } slot;

static slot workers[MAX_WORKERS * 2];
static pid_t maintenance_pid;
static int generation;

static void child_signals(void) {
    log_forked();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(SIGCHLD, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static pid_t spawn_worker(const config *cfg, int fd) {
    pid_t pid = fork();
    if (pid == 0) {
        child_signals();
        _exit(worker_main(cfg, fd));
    }
    if (pid < 0) log_error("fork failed: %s", strerror(errno));
    return pid;
}

static volatile sig_atomic_t maint_stop;
static void on_maint_term(int sig) { (void)sig; maint_stop = 1; }

/* The maintenance process: WAL checkpoints and expired-session cleanup, off the request path. */
static int maintenance_main(const config *cfg) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_maint_term;
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGINT, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    char err[256];
    db *d;
    if (db_open(&d, cfg->database, DB_READWRITE, err, sizeof err) != 0) { log_error("%s", err); return 1; }
    long long last_purge = 0;
    while (!maint_stop) {
        db_checkpoint(d);
        long long now = (long long)time(NULL);
        if (now - last_purge >= 300) {
            int n = session_purge(d, now, cfg->session_idle);
            if (n > 0) log_info("purged %d expired sessions", n);
            last_purge = now;
        }
        for (int i = 0; i < cfg->checkpoint_interval * 10 && !maint_stop; i++) usleep(100000);
    }
    db_checkpoint(d);
    db_close(d);
    return 0;
}

static pid_t spawn_maintenance(const config *cfg) {
    pid_t pid = fork();
    if (pid == 0) {
        child_signals();
        _exit(maintenance_main(cfg));
    }
    return pid;
}

static int worker_count(const config *cfg) {
    int n = cfg->workers;
    /* default: two per core — a worker waiting on the disk or a lock leaves its core to another
     * (measured on 2 cores: 4 workers served 28.3K hello/s and 17.8K signed-in pages/s, 2 workers 24.8K/12.5K) */
    if (n <= 0) n = 2 * (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (n <= 0) n = 2;
    return n > MAX_WORKERS ? MAX_WORKERS : n;
}

/* Forks workers until the current generation has n of them. */
static void fill_workers(const config *cfg, int fd) {
    int have = 0;
    for (int i = 0; i < MAX_WORKERS * 2; i++)
        if (workers[i].pid > 0 && workers[i].generation == generation) have++;
    for (int i = 0; i < MAX_WORKERS * 2 && have < worker_count(cfg); i++) {
        if (workers[i].pid > 0) continue;
        pid_t pid = spawn_worker(cfg, fd);
        if (pid <= 0) break;
        workers[i].pid = pid;
        workers[i].generation = generation;
        have++;
    }
}

/* Reaps dead children; returns how many workers of the current generation died abnormally. */
static int reap(void) {
    int died = 0, status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (pid == maintenance_pid) { maintenance_pid = 0; continue; }
        for (int i = 0; i < MAX_WORKERS * 2; i++) {
            if (workers[i].pid != pid) continue;
            if (workers[i].generation == generation) {
                died++;
                if (WIFSIGNALED(status)) log_warn("worker %d killed by signal %d; replacing it", (int)pid, WTERMSIG(status));
                else log_warn("worker %d exited with %d; replacing it", (int)pid, WEXITSTATUS(status));
            }
            workers[i].pid = 0;
        }
    }
    return died;
}

static int live_children(void) {
    int n = maintenance_pid > 0;
    for (int i = 0; i < MAX_WORKERS * 2; i++) n += workers[i].pid > 0;
    return n;
}

int master_run(config *cfg, const char *config_path) {
    if (FCGX_Init() != 0) { log_error("FCGX_Init failed"); return 1; }
    unlink(cfg->socket);
    mode_t old = umask(0);
    int fd = FCGX_OpenSocket(cfg->socket, 1024);
    umask(old);
    if (fd < 0) { log_error("cannot listen on %s", cfg->socket); return 1; }
    chmod(cfg->socket, 0666); /* access is controlled by the directory holding it */

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGCHLD, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigset_t block, orig;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, &orig);

    generation = 1;
    maintenance_pid = cfg->hello ? 0 : spawn_maintenance(cfg);
    fill_workers(cfg, fd);
    log_info("crm serving on %s with %d workers%s", cfg->socket, worker_count(cfg), cfg->hello ? " (hello mode)" : "");

    time_t window = time(NULL);
    int deaths = 0;
    while (!got_term) {
        sigsuspend(&orig);
        if (got_chld) {
            got_chld = 0;
            deaths += reap();
            if (time(NULL) - window > 10) { window = time(NULL); deaths = 0; }
            if (deaths > 50) { log_error("workers keep dying; pausing 1 s"); sleep(1); deaths = 0; }
            if (!got_term) {
                fill_workers(cfg, fd);
                if (maintenance_pid == 0 && !cfg->hello) maintenance_pid = spawn_maintenance(cfg);
            }
        }
        if (got_hup) {
            got_hup = 0;
            if (config_path) {
                char err[512];
                config fresh = *cfg;
                if (config_load(&fresh, config_path, err, sizeof err) == 0) *cfg = fresh;
                else log_error("reload: keeping the old configuration: %s", err);
            }
            int old_gen = generation++;
            fill_workers(cfg, fd);
            for (int i = 0; i < MAX_WORKERS * 2; i++)
                if (workers[i].pid > 0 && workers[i].generation == old_gen) kill(workers[i].pid, SIGTERM);
            if (maintenance_pid > 0) kill(maintenance_pid, SIGTERM); /* replaced once it exits */
            log_info("reload: generation %d started, generation %d finishing", generation, old_gen);
        }
    }

    log_info("stopping");
    for (int i = 0; i < MAX_WORKERS * 2; i++)
        if (workers[i].pid > 0) kill(workers[i].pid, SIGTERM);
    if (maintenance_pid > 0) kill(maintenance_pid, SIGTERM);
    sigprocmask(SIG_SETMASK, &orig, NULL);
    time_t deadline = time(NULL) + 10;
    while (live_children() > 0) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            if (pid == maintenance_pid) maintenance_pid = 0;
            for (int i = 0; i < MAX_WORKERS * 2; i++)
                if (workers[i].pid == pid) workers[i].pid = 0;
            continue;
        }
        if (pid < 0 && errno == ECHILD) break;
        if (time(NULL) > deadline) {
            for (int i = 0; i < MAX_WORKERS * 2; i++)
                if (workers[i].pid > 0) kill(workers[i].pid, SIGKILL);
            if (maintenance_pid > 0) kill(maintenance_pid, SIGKILL);
            deadline = time(NULL) + 10;
        }
        usleep(20000);
    }
    close(fd);
    unlink(cfg->socket);
    log_info("stopped");
    return 0;
}
