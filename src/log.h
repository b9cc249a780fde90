/* log.h — the process log (stderr): one line per request and messages for operators. */
#ifndef CRM_LOG_H
#define CRM_LOG_H
void log_msg(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Call in a freshly forked child so its lines carry its own pid. */
void log_forked(void);
#define log_info(...) log_msg("info", __VA_ARGS__)
#define log_warn(...) log_msg("warn", __VA_ARGS__)
#define log_error(...) log_msg("error", __VA_ARGS__)
#endif
