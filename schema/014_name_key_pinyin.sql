-- 014_name_key_pinyin.sql — name_key (schema/008) was the name's GB18030 encoding, which orders only the
-- 3,755 GB2312 level-1 characters by pinyin: 鑫, 昊, 晟 (level 2) sorted after every Z name. Now one unit
-- per character (src/name_key.c): the same GB order and readings for level 1 and ASCII, and every other
-- Chinese character placed by its pinyin (ICU's Chinese collation) among them, 鑫 under X.
-- The keys keep the prefix property the name-prefix filters rely on (key || x'FF' bounds every name
-- that starts with a prefix). The three name indexes are dropped and built again after the update, which
-- is faster than updating them row by row. Runs through the app's connection (crm migrate), which has
-- crm_name_key; no trigger watches name_key.
DROP INDEX customers_by_name;
DROP INDEX customers_by_region_name;
DROP INDEX customers_by_manager_name;
UPDATE customers SET name_key = crm_name_key(name);
CREATE INDEX customers_by_name ON customers(name_key, id) WHERE retired = 0;
CREATE INDEX customers_by_region_name ON customers(region, name_key, id) WHERE retired = 0;
CREATE INDEX customers_by_manager_name ON customers(manager_id, name_key, id) WHERE retired = 0;
