/* auth.h — passwords (argon2id through libsodium), random tokens and their hashes, constant-time
 * comparison. Sessions themselves are rows handled by session.c. */
#ifndef CRM_AUTH_H
#define CRM_AUTH_H
#include <stdbool.h>
#include <stddef.h>
#include <sodium.h>

#define PASSWORD_HASH_MAX crypto_pwhash_STRBYTES /* 128, including NUL */
#define TOKEN_CHARS 43                           /* base64url of 32 random bytes, no padding */
#define TOKEN_HASH_BYTES 32                      /* SHA-256 */

/* Initialises libsodium. Returns 0 or -1. */
int auth_init(void);
/* Hashes pw with argon2id (interactive limits) into out. Returns 0 or -1 (out of memory). */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* True if pw matches the stored argon2id string. */
bool password_verify(const char *stored, const char *pw);
/* Spends the same time as a real verification, for logins that name no account. */
void password_verify_dummy(const char *pw);
/* Writes a fresh random token (TOKEN_CHARS base64url characters + NUL). */
void token_new(char out[TOKEN_CHARS + 1]);
/* SHA-256 of a token string: what the database stores. */
void token_hash(const char *token, size_t len, unsigned char out[TOKEN_HASH_BYTES]);
/* True if a and b are equal strings, compared in time independent of where they differ. */
bool token_equal(const char *a, const char *b);
#endif
