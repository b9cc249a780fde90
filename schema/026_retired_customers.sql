-- 026_retired_customers.sql — the 已停用客户 page (h_retired.c): the retired customers, newest retired first,
-- for whoever sees every customer and for one 客户经理 (a rep's own, or a director's choice). Both indexes
-- are partial, holding only the retired customers (~2% at the bench's million), and every column the page
-- shows or filters on, so the page reads no row of customers; (updated_at, id) is the page's key. A retired
-- customer is never edited (customers.c refuses), so its updated_at is when it was retired.
-- A retired customer may now be brought back (恢复, customers_restore): retired = 0 again puts it back into
-- the list indexes (partial on retired = 0), the counts (schema/005's trigger counts new.retired = 0) and
-- the search indexes (schema/021's update trigger inserts when new.retired = 0), as retiring took it out.
CREATE INDEX customers_retired_by_time ON customers(updated_at, id, manager_id, no, name, phone, region, level)
    WHERE retired = 1;
CREATE INDEX customers_retired_by_manager ON customers(manager_id, updated_at, id, no, name, phone, region, level)
    WHERE retired = 1;
