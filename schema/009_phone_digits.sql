-- 009_phone_digits.sql — phone numbers are found by their digits, however they were written:
-- "62531234" or "010-62531234" finds "010-6253 1234", "(010) 6253-1234" or "+86 10 6253 1234".
-- Each phone gets a generated digits-only column (virtual: computed on read, nothing stored), and the
-- trigram indexes hold those instead of the phones as written; the search box strips the separators
-- of a phone-like term the same way (src/search.c). The bigram indexes are unchanged.
ALTER TABLE customers ADD COLUMN phone_digits TEXT GENERATED ALWAYS AS (replace(replace(replace(replace(replace(replace(replace(phone, '-', ''), ' ', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', '')) VIRTUAL;
ALTER TABLE contacts ADD COLUMN mobile_digits TEXT GENERATED ALWAYS AS (replace(replace(replace(replace(replace(replace(replace(mobile, '-', ''), ' ', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', '')) VIRTUAL;
ALTER TABLE contacts ADD COLUMN office_digits TEXT GENERATED ALWAYS AS (replace(replace(replace(replace(replace(replace(replace(office_phone, '-', ''), ' ', ''), '(', ''), ')', ''), '+', ''), '.', ''), '/', '')) VIRTUAL;

DROP TRIGGER customers_search_ins;
DROP TRIGGER customers_search_del;
DROP TRIGGER customers_search_upd;
DROP TRIGGER contacts_search_ins;
DROP TRIGGER contacts_search_del;
DROP TRIGGER contacts_search_upd;
DROP TABLE customers_tri;
DROP TABLE contacts_tri;
CREATE VIRTUAL TABLE customers_tri USING fts5(name, no, phone_digits, content='customers', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE contacts_tri USING fts5(name, mobile_digits, office_digits, content='contacts', content_rowid='id', tokenize='trigram');

CREATE TRIGGER customers_search_ins AFTER INSERT ON customers BEGIN
    INSERT INTO customers_tri(rowid, name, no, phone_digits) VALUES (new.id, new.name, new.no, new.phone_digits);
    INSERT INTO customers_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.phone));
END;
CREATE TRIGGER customers_search_del AFTER DELETE ON customers BEGIN
    INSERT INTO customers_tri(customers_tri, rowid, name, no, phone_digits) VALUES ('delete', old.id, old.name, old.no, old.phone_digits);
    INSERT INTO customers_bi(customers_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.phone));
END;
CREATE TRIGGER customers_search_upd AFTER UPDATE OF name, no, phone ON customers BEGIN
    INSERT INTO customers_tri(customers_tri, rowid, name, no, phone_digits) VALUES ('delete', old.id, old.name, old.no, old.phone_digits);
    INSERT INTO customers_bi(customers_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.phone));
    INSERT INTO customers_tri(rowid, name, no, phone_digits) VALUES (new.id, new.name, new.no, new.phone_digits);
    INSERT INTO customers_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.phone));
END;
CREATE TRIGGER contacts_search_ins AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_tri(rowid, name, mobile_digits, office_digits) VALUES (new.id, new.name, new.mobile_digits, new.office_digits);
    INSERT INTO contacts_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.mobile || ' ' || new.office_phone));
END;
CREATE TRIGGER contacts_search_del AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_tri(contacts_tri, rowid, name, mobile_digits, office_digits) VALUES ('delete', old.id, old.name, old.mobile_digits, old.office_digits);
    INSERT INTO contacts_bi(contacts_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.mobile || ' ' || old.office_phone));
END;
CREATE TRIGGER contacts_search_upd AFTER UPDATE OF name, mobile, office_phone ON contacts BEGIN
    INSERT INTO contacts_tri(contacts_tri, rowid, name, mobile_digits, office_digits) VALUES ('delete', old.id, old.name, old.mobile_digits, old.office_digits);
    INSERT INTO contacts_bi(contacts_bi, rowid, grams) VALUES ('delete', old.id, crm_bigrams(old.name || ' ' || old.mobile || ' ' || old.office_phone));
    INSERT INTO contacts_tri(rowid, name, mobile_digits, office_digits) VALUES (new.id, new.name, new.mobile_digits, new.office_digits);
    INSERT INTO contacts_bi(rowid, grams) VALUES (new.id, crm_bigrams(new.name || ' ' || new.mobile || ' ' || new.office_phone));
END;

INSERT INTO customers_tri(customers_tri) VALUES ('rebuild');
INSERT INTO contacts_tri(contacts_tri) VALUES ('rebuild');
