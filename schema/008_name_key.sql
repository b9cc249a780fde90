-- 008_name_key.sql — customers sort by 名称 in pinyin order (按拼音): name_key holds crm_name_key(name),
-- the name's GB18030 encoding (src/db.c), whose byte order puts digits and Latin letters first, then the
-- 3,755 common (GB2312 level-1) characters in pinyin order, then the level-2 characters by radical and
-- stroke (characters outside GB2312 where their code puts them): the order of MySQL's
-- CONVERT(name USING gbk). Every statement that writes a name writes its key with it (src/customers.c,
-- src/seed.c). The name indexes of 003/004 move to the key, under the same names, and serve the 名称
-- sorts, the name-prefix filters (key >= crm_name_key(p) AND key < crm_name_key(p) || x'FF') and the
-- equality look-ups (name_key = crm_name_key(?) AND name = ?).
-- Runs through the app's connection (crm migrate), which has crm_name_key. A stored column, not an
-- expression index, so that tools without the function (the sqlite3 shell) can still write customers.
DROP INDEX customers_by_name;
DROP INDEX customers_by_region_name;
DROP INDEX customers_by_manager_name;
ALTER TABLE customers ADD COLUMN name_key BLOB NOT NULL DEFAULT x'';
UPDATE customers SET name_key = crm_name_key(name);
CREATE INDEX customers_by_name ON customers(name_key, id) WHERE retired = 0;
CREATE INDEX customers_by_region_name ON customers(region, name_key, id) WHERE retired = 0;
CREATE INDEX customers_by_manager_name ON customers(manager_id, name_key, id) WHERE retired = 0;
