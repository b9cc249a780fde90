-- 004_customers.sql — 客户信息管理 list indexes beyond 003 (see src/customers.c for which index serves
-- which filter and sort). All partial on retired = 0 like the others: retired customers leave the lists.
--   manager + name : a rep's own list (and a director's manager filter) sorted by 名称
--   region + name  : the list filtered by 地区 sorted by 名称
--   created_at     : the list filtered by a 创建日期 range alone
CREATE INDEX customers_by_manager_name ON customers(manager_id, name, id) WHERE retired = 0;
CREATE INDEX customers_by_region_name ON customers(region, name, id) WHERE retired = 0;
CREATE INDEX customers_by_created ON customers(created_at, id) WHERE retired = 0;
