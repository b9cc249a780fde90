/* unit.h — the smallest test harness: TEST(name){...} functions, CHECK macros, and a summary line
 * "unit <suite>: N passed, N failed" that tests/run.sh adds up. Each TEST counts once. */
#ifndef CRM_UNIT_H
#define CRM_UNIT_H
#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed, unit_current_failed;
static const char *unit_current;

#define CHECK(cond) do { if (!(cond)) { unit_current_failed = 1; \
    fprintf(stderr, "  FAIL %s (%s:%d): %s\n", unit_current, __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
    if (!g_ || !w_ || strcmp(g_, w_) != 0) { unit_current_failed = 1; \
    fprintf(stderr, "  FAIL %s (%s:%d): got \"%s\" want \"%s\"\n", unit_current, __FILE__, __LINE__, \
            g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } } while (0)

/* Runs one named test case and counts it. */
#define RUN(fn) do { unit_current = #fn; unit_current_failed = 0; fn(); \
    if (unit_current_failed) unit_failed++; else unit_passed++; } while (0)
/* Counts a case whose result was computed by the caller (table-driven suites). */
static inline void unit_record(const char *name, int ok, const char *detail) {
    if (ok) unit_passed++;
    else { unit_failed++; fprintf(stderr, "  FAIL %s%s%s\n", name, detail ? ": " : "", detail ? detail : ""); }
}
#define UNIT_SUMMARY(suite) (printf("unit %s: %d passed, %d failed\n", (suite), unit_passed, unit_failed), \
    unit_failed ? 1 : 0)
#endif
