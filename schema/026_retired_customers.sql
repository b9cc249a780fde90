-- 026_retired_customers.sql — the 已停用客户 page (h_retired.c): the retired customers, newest retired first,
-- for whoever sees every customer and for one 客户经理 (a rep's own, or a director's choice). One partial
-- index holds only the retired customers (~2% at the bench's million) with every column the page shows or
-- filters on (and retired itself: SQLite reads a column its WHERE names from the row unless the index holds
-- it, partial or not), so the page reads no row of customers; (updated_at, id) is the page's key, and one
-- manager's are picked out as it is walked (at worst all ~17,000 entries, a millisecond or two). A retired customer is never edited
-- (customers.c refuses), so its updated_at is when it was retired.
-- It also counts the retired customers of a 地区 or 等级 (dict.c, dict_uses: a walk of the same few
-- entries), which schema/011's two partial indexes did: they go, so a new customer's INSERT keeps the
-- number of indexes it writes (each index is one more cursor for every insert, the import's 100,000 too).
-- A retired customer may now be brought back (恢复, customers_restore): retired = 0 again puts it back into
-- the list indexes (partial on retired = 0), the counts (schema/005's trigger counts new.retired = 0) and
-- the search indexes (schema/021's update trigger inserts when new.retired = 0), as retiring took it out.
CREATE INDEX customers_retired ON customers(updated_at, id, manager_id, region, level, no, name, phone, retired)
    WHERE retired = 1;
DROP INDEX customers_retired_region;
DROP INDEX customers_retired_level;
