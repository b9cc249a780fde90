/* auth.c — argon2id password hashing, random tokens, token hashing; see auth.h. */
#include "auth.h"
#include <string.h>

int auth_init(void) { return sodium_init() < 0 ? -1 : 0; }

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]) {
    return crypto_pwhash_str_alg(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

bool password_verify(const char *stored, const char *pw) {
    if (strncmp(stored, "$argon2id$", 10) != 0) return false;
    return crypto_pwhash_str_verify(stored, pw, strlen(pw)) == 0;
}

void password_verify_dummy(const char *pw) {
    static char dummy[PASSWORD_HASH_MAX];
    if (!dummy[0]) password_hash("not-a-real-password", dummy);
    if (crypto_pwhash_str_verify(dummy, pw, strlen(pw)) == 0) dummy[0] = 0;
}

void token_new(char out[TOKEN_CHARS + 1]) {
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void token_hash(const char *token, size_t len, unsigned char out[TOKEN_HASH_BYTES]) {
    crypto_hash_sha256(out, (const unsigned char *)token, len);
}

bool token_equal(const char *a, const char *b) {
    if (!a || !b) return false;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb || la == 0) return false;
    return sodium_memcmp(a, b, la) == 0;
}
