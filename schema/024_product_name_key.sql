-- 024_product_name_key.sql — 产品 sort by 名称 in pinyin order (按拼音), as customers do (schema/008, 014):
-- name_key holds crm_name_key(name) (src/name_key.c), written with the name by the statements that write
-- one (products.c, seed.c); the product list's 名称 order, the stock list's 产品 order and the order
-- form's product picker read it. Before, they sorted names by their UTF-8 bytes, which puts Chinese
-- names in no order a reader knows (北京… before 张… before 阿…). Runs through the app's connection (crm
-- migrate), which has crm_name_key; no trigger watches name_key.
ALTER TABLE products ADD COLUMN name_key BLOB NOT NULL DEFAULT x'';
UPDATE products SET name_key = crm_name_key(name);
DROP INDEX products_by_name;
CREATE INDEX products_by_name ON products(name_key, id);
