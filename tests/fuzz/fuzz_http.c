/* fuzz_http.c — libFuzzer target for the request input parsers (query strings and forms, cookies,
 * Accept) and every field validator: no input may crash, leak or read out of bounds, and whatever
 * the parsers accept must be valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "http.h"
#include "validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static arena *a;
    if (!a) a = arena_new(64 * 1024);
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = 0;
    kvlist form = {0}, cookies = {0};
    if (http_parse_urlencoded(a, s, size, &form) == HTTP_OK)
        for (size_t i = 0; i < form.n; i++)
            if (!utf8_valid(form.items[i].val, form.items[i].vlen)) abort();
    http_parse_cookies(a, s, &cookies);
    (void)http_wants_json(s);
    static const char *const choices[] = {"a", "b", NULL};
    static const field_kind kinds[] = {F_TEXT, F_MULTILINE, F_INT, F_MONEY, F_DATE, F_DATETIME, F_ENUM,
                                       F_PHONE, F_EMAIL, F_BOOL, F_ID, F_PASSWORD};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        field_spec spec = {"f", kinds[k], true, 0, 0, choices};
        field_value v;
        long long param;
        (void)validate_field(a, &spec, s, size, &v, &param);
    }
    free(s);
    arena_reset(a);
    return 0;
}
