-- 005_customer_counts.sql — how many listed (not retired) customers each combination of 客户经理,
-- 地区, 客户等级 and 状态 has, kept by triggers on customers, so the customer list shows exact counts
-- for its manager / region / level / status filters at any size without scanning (src/customers.c,
-- customers_count). manager_id 0 holds the totals over all managers (a director's unscoped list).
-- Rows are never removed: a combination that empties keeps n = 0.
CREATE TABLE customer_counts (
    manager_id INTEGER NOT NULL,
    region     TEXT NOT NULL,
    level      TEXT NOT NULL,
    status     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (manager_id, region, level, status)
) WITHOUT ROWID;
INSERT INTO customer_counts(manager_id, region, level, status, n)
    SELECT manager_id, region, level, status, count(*) FROM customers WHERE retired = 0 GROUP BY 1, 2, 3, 4;
INSERT INTO customer_counts(manager_id, region, level, status, n)
    SELECT 0, region, level, status, count(*) FROM customers WHERE retired = 0 GROUP BY 2, 3, 4;

CREATE TRIGGER customers_counts_ins AFTER INSERT ON customers WHEN new.retired = 0
BEGIN
    INSERT INTO customer_counts(manager_id, region, level, status, n) VALUES (new.manager_id, new.region, new.level, new.status, 1)
        ON CONFLICT(manager_id, region, level, status) DO UPDATE SET n = n + 1;
    INSERT INTO customer_counts(manager_id, region, level, status, n) VALUES (0, new.region, new.level, new.status, 1)
        ON CONFLICT(manager_id, region, level, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customers_counts_upd AFTER UPDATE OF manager_id, region, level, status, retired ON customers
BEGIN
    UPDATE customer_counts SET n = n - 1 WHERE old.retired = 0 AND manager_id IN (old.manager_id, 0)
        AND region = old.region AND level = old.level AND status = old.status;
    INSERT INTO customer_counts(manager_id, region, level, status, n)
        SELECT new.manager_id, new.region, new.level, new.status, 1 WHERE new.retired = 0
        ON CONFLICT(manager_id, region, level, status) DO UPDATE SET n = n + 1;
    INSERT INTO customer_counts(manager_id, region, level, status, n)
        SELECT 0, new.region, new.level, new.status, 1 WHERE new.retired = 0
        ON CONFLICT(manager_id, region, level, status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER customers_counts_del AFTER DELETE ON customers WHEN old.retired = 0
BEGIN
    UPDATE customer_counts SET n = n - 1 WHERE manager_id IN (old.manager_id, 0)
        AND region = old.region AND level = old.level AND status = old.status;
END;
