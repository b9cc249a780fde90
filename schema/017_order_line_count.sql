-- 017_order_line_count.sql — orders.line_count: how many lines an order has, kept by the lines'
-- triggers beside orders.total (003/010), so a customer's page lists its newest orders with their line
-- counts without counting order_lines per order. At a million customers the customer page fell from
-- 425,803 to ~396,000 instructions per request (scripts/profile-page.sh /customers/1920 on the bench
-- database): a customer's page showed 6 orders, each with a count over the lines' index.
ALTER TABLE orders ADD COLUMN line_count INTEGER NOT NULL DEFAULT 0;
UPDATE orders SET line_count = (SELECT count(*) FROM order_lines l WHERE l.order_id = orders.id);
DROP TRIGGER order_lines_ins;
DROP TRIGGER order_lines_del;
DROP TRIGGER order_lines_upd;
CREATE TRIGGER order_lines_ins AFTER INSERT ON order_lines BEGIN
    UPDATE orders SET total = total + new.amount, line_count = line_count + 1 WHERE id = new.order_id;
END;
CREATE TRIGGER order_lines_del AFTER DELETE ON order_lines BEGIN
    UPDATE orders SET total = total - old.amount, line_count = line_count - 1 WHERE id = old.order_id;
END;
CREATE TRIGGER order_lines_upd AFTER UPDATE OF amount, order_id ON order_lines BEGIN
    UPDATE orders SET total = total - old.amount, line_count = line_count - 1 WHERE id = old.order_id;
    UPDATE orders SET total = total + new.amount, line_count = line_count + 1 WHERE id = new.order_id;
END;
