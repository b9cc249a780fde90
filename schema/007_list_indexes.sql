-- 007_list_indexes.sql — indexes for list orders beyond 003/004:
--   users(active, name) : the 客户经理 choices (active users by name) without a sort per request
--   orders(total, id)   : the order list sorted by 金额 (both ways), paged by key
CREATE INDEX users_by_active_name ON users(active, name);
CREATE INDEX orders_by_total ON orders(total, id);
