-- 018_orders_by_customer_covering.sql — a customer's page reads its order figures and its newest orders
-- from orders_by_customer alone: the index holds every column those two queries use (customers.c
-- SQL_STATS, orders.c SQL_FOR_CUSTOMER), so no row of orders is looked up.
DROP INDEX orders_by_customer;
CREATE INDEX orders_by_customer ON orders(customer_id, date DESC, id DESC, order_no, status, total, line_count);
