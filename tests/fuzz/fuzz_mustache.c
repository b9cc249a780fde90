/* fuzz_mustache.c — libFuzzer target for the Mustache renderer: any template text, rendered against a
 * fixed context with strings, numbers, lists and nested objects, and a partial that includes itself,
 * must render or fail cleanly — never crash, hang or overflow. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "mustache.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *load(void *ud, const char *name, size_t *len) {
    (void)ud;
    static const char self[] = "[{{>self}}]{{#list}}{{.}}{{/list}}";
    static const char block[] = "<{{$b}}default{{/b}}>";
    if (strcmp(name, "self") == 0) { *len = sizeof self - 1; return self; }
    if (strcmp(name, "parent") == 0) { *len = sizeof block - 1; return block; }
    return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static mustache_cache *cache;
    static cJSON *ctx;
    if (!cache) {
        cache = mustache_cache_new(load, NULL);
        ctx = cJSON_Parse("{\"a\":\"<&>\",\"n\":1.5,\"t\":true,\"f\":false,\"list\":[1,2,{\"a\":\"x\"}],"
                          "\"o\":{\"a\":{\"b\":\"deep\"}},\"empty\":[]}");
    }
    buf out = BUF_INIT;
    char err[256];
    (void)mustache_render_text(cache, (const char *)data, size, ctx, &out, err, sizeof err);
    buf_free(&out);
    return 0;
}
