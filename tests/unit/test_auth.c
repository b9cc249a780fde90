/* test_auth.c — passwords (argon2id) and session tokens: hashing, verification, token shape,
 * token hashing (what the database stores) and constant-time comparison. */
#include "auth.h"
#include "unit.h"
#include <string.h>

static void password_hash_is_argon2id_and_verifies(void) {
    char h[PASSWORD_HASH_MAX];
    CHECK(password_hash("correct horse 马", h) == 0);
    CHECK(strncmp(h, "$argon2id$", 10) == 0);
    CHECK(password_verify(h, "correct horse 马"));
    CHECK(!password_verify(h, "correct horse"));
    CHECK(!password_verify(h, ""));
}

static void password_hashes_are_salted(void) {
    char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
    CHECK(password_hash("same-password", a) == 0);
    CHECK(password_hash("same-password", b) == 0);
    CHECK(strcmp(a, b) != 0);
    CHECK(password_verify(a, "same-password") && password_verify(b, "same-password"));
}

static void non_argon2id_hashes_are_refused(void) {
    CHECK(!password_verify("", "x"));
    CHECK(!password_verify("plaintext", "plaintext"));
    CHECK(!password_verify("$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$xxxx", "x"));
    CHECK(!password_verify("$argon2id$garbage", "x"));
}

static void tokens_are_random_base64url_of_32_bytes(void) {
    char a[TOKEN_CHARS + 1], b[TOKEN_CHARS + 1];
    token_new(a);
    token_new(b);
    CHECK(strlen(a) == TOKEN_CHARS);
    CHECK(strcmp(a, b) != 0);
    for (const char *p = a; *p; p++)
        CHECK((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_');
}

static void token_hash_is_sha256(void) {
    unsigned char h[TOKEN_HASH_BYTES];
    token_hash("abc", 3, h);
    /* SHA-256("abc") = ba7816bf 8f01cfea ... */
    CHECK(h[0] == 0xba && h[1] == 0x78 && h[2] == 0x16 && h[3] == 0xbf && h[31] == 0xad);
    unsigned char h2[TOKEN_HASH_BYTES];
    token_hash("abd", 3, h2);
    CHECK(memcmp(h, h2, sizeof h) != 0);
}

static void token_equal_compares_whole_strings(void) {
    CHECK(token_equal("abcdef", "abcdef"));
    CHECK(!token_equal("abcdef", "abcdeg"));
    CHECK(!token_equal("abcdef", "abcde"));
    CHECK(!token_equal("", ""));          /* an empty token never matches */
    CHECK(!token_equal(NULL, "x"));
    CHECK(!token_equal("x", NULL));
}

int main(void) {
    if (auth_init() != 0) return 1;
    RUN(password_hash_is_argon2id_and_verifies);
    RUN(password_hashes_are_salted);
    RUN(non_argon2id_hashes_are_refused);
    RUN(tokens_are_random_base64url_of_32_bytes);
    RUN(token_hash_is_sha256);
    RUN(token_equal_compares_whole_strings);
    return UNIT_SUMMARY("auth");
}
