-- 022_date_filter_indexes.sql — a 创建日期 range together with 状态, 地区 or 等级 reads the rows that
-- match both from these (customers.c, choose() and customers_count()). Before, the list walked the
-- 状态, 地区 or 等级 index testing each row's date, and the count did the same up to its cap: at a million
-- customers a range with few or no customers in it took 1.56 s for 等级=普通客户, 1.26 s for
-- 状态=正常 and 0.07 s for 地区=北京 (the walk visited every customer of that value).
CREATE INDEX customers_by_status_created ON customers(status, created_at, id) WHERE retired = 0;
CREATE INDEX customers_by_region_created ON customers(region, created_at, id) WHERE retired = 0;
CREATE INDEX customers_by_level_created ON customers(level, created_at, id) WHERE retired = 0;
