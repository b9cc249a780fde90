-- 021_search_active_customers.sql — the customers' two search indexes (customers_tri, customers_bi) hold
-- active customers only: retiring a customer takes its entries out, and a retired customer is never put
-- in. Nothing that reads them shows a retired customer (the search box, the list's name filter), and a
-- retired customer is never edited or brought back (customers.c). With the invariant in the indexes,
-- the search reads a candidate's row for its shown columns only, not to test its 已停用 flag: reading
-- retired, the row's 23rd column, cost ~600 instructions a candidate, ~60,000 a search of a common
-- term (scripts/profile-sql.sh on the bench database).
-- The indexes stay what 009 made them (customers_tri an external-content index over customers, whose
-- plain 'integrity-check' looks at the index alone); the triggers test the flag, the bulk fills of
-- `crm seed --customers N` (seed.c) and of an import (import.c, which checks these triggers' text)
-- leave retired rows out too, and the customers' contacts keep their own indexes unchanged.
DROP TRIGGER customers_search_ins;
DROP TRIGGER customers_search_del;
DROP TRIGGER customers_search_upd;
CREATE TRIGGER customers_search_ins AFTER INSERT ON customers WHEN new.retired = 0 BEGIN
    INSERT INTO customers_tri(rowid, name, no, phone_digits) VALUES (new.id, new.name, new.no, new.phone_digits);
    INSERT INTO customers_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.phone));
END;
CREATE TRIGGER customers_search_del AFTER DELETE ON customers WHEN old.retired = 0 BEGIN
    INSERT INTO customers_tri(customers_tri, rowid, name, no, phone_digits) VALUES ('delete', old.id, old.name, old.no, old.phone_digits);
    INSERT INTO customers_bi(customers_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.phone));
END;
-- an edit of a searched text, a retirement, or both at once: out with the old entry if there was one,
-- in with the new one if the customer is still active
CREATE TRIGGER customers_search_upd AFTER UPDATE OF name, no, phone, retired ON customers BEGIN
    INSERT INTO customers_tri(customers_tri, rowid, name, no, phone_digits)
        SELECT 'delete', old.id, old.name, old.no, old.phone_digits WHERE old.retired = 0;
    INSERT INTO customers_bi(customers_bi, rowid, grams)
        SELECT 'delete', old.id, crm_bigrams(old.name || ' ' || old.phone) WHERE old.retired = 0;
    INSERT INTO customers_tri(rowid, name, no, phone_digits)
        SELECT new.id, new.name, new.no, new.phone_digits WHERE new.retired = 0;
    INSERT INTO customers_bi(rowid, grams)
        SELECT new.id, crm_bigrams(new.name || ' ' || new.phone) WHERE new.retired = 0;
END;
-- the customers retired so far leave both indexes
INSERT INTO customers_tri(customers_tri, rowid, name, no, phone_digits)
    SELECT 'delete', id, name, no, phone_digits FROM customers WHERE retired = 1;
INSERT INTO customers_bi(customers_bi, rowid, grams)
    SELECT 'delete', id, crm_bigrams(name || ' ' || phone) FROM customers WHERE retired = 1;
-- and are merged back into one segment each, as 020 left them (the deletions above are a segment of
-- their own, which every search would otherwise read beside the rest)
INSERT INTO customers_tri(customers_tri) VALUES ('optimize');
INSERT INTO customers_bi(customers_bi) VALUES ('optimize');
