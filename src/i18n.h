/* i18n.h — message catalogs. templates/i18n/<lang>.json holds nested objects of UI text
 * ({"nav": {"users": "用户管理"}}); templates reach them as {{t.nav.users}} and C code as
 * i18n_get(lang, "nav.users"). zh-CN is the default and the fallback for any missing key. */
#ifndef CRM_I18N_H
#define CRM_I18N_H
#include <cJSON.h>

/* Loads every catalog from dir (zh-CN.json and en.json). Returns 0 or -1 with err. */
int i18n_load(const char *dir, char *err, size_t errlen);
void i18n_free(void);
/* The catalog object for lang (zh-CN when unknown). Owned by i18n; do not free. */
const cJSON *i18n_catalog(const char *lang);
/* The text for a dotted key in lang, falling back to zh-CN, then to the key itself. */
const char *i18n_get(const char *lang, const char *key);
/* Normalises a language tag: "en", "en-US" → "en"; everything else → "zh-CN". NULL if not recognised. */
const char *i18n_lang(const char *tag);
#endif
