// migrate.test.mjs — schema migrations on a database that already holds data, with the crm command (no
// server): a database built and seeded at schema 9 (migrations 001–009 only), then `crm migrate` with
// every migration. 010 rebuilds contacts, activities, orders, stock and dict_items with AUTOINCREMENT
// (ids of deleted records are never given again): every row of every table stays (order_lines too,
// which DROP TABLE orders would empty through ON DELETE CASCADE with foreign keys on), every column,
// default, CHECK, foreign key, index and trigger stays as it was, and the next id is past both the
// largest id and every id the audit log names for that kind of record.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq } from '../lib/harness.mjs';
import { DB, CRM_BIN } from '../lib/http.mjs';

const SCHEMA = fileURLToPath(new URL('../../schema', import.meta.url));
const WORK = join(dirname(DB), 'migrate');
const REBUILT = { contacts: 'contact', activities: 'activity', orders: 'order', stock: 'stock', dict_items: 'dict_item' };

const q = (db, query) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, query], { encoding: 'utf8' }).trim();
const crm = (db, schema, ...args) => execFileSync(CRM_BIN, ['--database', db, '--schema', schema, ...args],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });

// Every table's rows, in rowid (or primary key) order; the FTS5 shadow tables too: the search indexes stay.
function rows(db) {
  const tables = q(db, "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  return Object.fromEntries(tables.split('\n').map((l) => l.split('|')).map(([t, wr]) =>
    [t, q(db, `SELECT count(*) FROM "${t}"`) + '\n' + q(db, `SELECT * FROM "${t}"${wr === '1' ? '' : ' ORDER BY rowid'}`)]));
}

// The schema as SQLite sees it, but for the tables' own CREATE text: columns (with generated ones, types,
// NOT NULL, defaults, key), foreign keys with their actions, indexes with their columns, and the exact
// text of every index, trigger and view.
function shape(db) {
  const out = [q(db, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('index', 'trigger', 'view') ORDER BY type, name")];
  for (const t of q(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").split('\n')) {
    out.push(`== ${t}`, q(db, `SELECT * FROM pragma_table_xinfo('${t}'); SELECT 'fk', * FROM pragma_foreign_key_list('${t}');
      SELECT 'ix', name, "unique", origin, partial FROM pragma_index_list('${t}') ORDER BY name;`));
    for (const i of q(db, `SELECT name FROM pragma_index_list('${t}') ORDER BY name`).split('\n').filter(Boolean))
      out.push(q(db, `SELECT '${i}', * FROM pragma_index_xinfo('${i}')`));
  }
  return out.join('\n');
}

// The CHECK constraints and defaults written in a table's CREATE text, in order.
function constraints(db, table) {
  const sql = q(db, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '${table}'`);
  return { sql, checks: sql.match(/CHECK \((?:[^()]|\([^()]*\))*\)/g) || [], defaults: sql.match(/DEFAULT \S+/g) || [] };
}

test('migrate: a seeded database at schema 9 gets 010; every row, column, constraint, index and trigger stays; AUTOINCREMENT with the next ids past every id used', async () => {
  rmSync(WORK, { recursive: true, force: true });
  const old = join(WORK, 'schema9');
  mkdirSync(old, { recursive: true });
  for (const f of readdirSync(SCHEMA).filter((f) => /^00\d_.*\.sql$/.test(f))) cpSync(join(SCHEMA, f), join(old, f));
  const db = join(WORK, 'crm.db');
  crm(db, old, 'migrate');
  crm(db, old, 'seed');
  eq(q(db, 'PRAGMA user_version'), '9', 'built at schema 9');
  // history that happened at schema 9: records deleted above today's largest ids (their ids are in the
  // audit log only), and a stock row and a dictionary item deleted now (the shell can: no crm functions)
  const top = {};
  for (const [table, type] of Object.entries(REBUILT)) top[table] = Number(q(db, `SELECT max(id) FROM ${table}`));
  q(db, `INSERT INTO audit_log(at, record_type, record_id, action, before_json) VALUES
    (1, 'contact', ${top.contacts + 5}, 'delete', '{}'), (1, 'activity', ${top.activities + 3}, 'delete', '{}'),
    (1, 'order', ${top.orders + 2}, 'delete', '{}');
    INSERT INTO audit_log(at, record_type, record_id, action, before_json) SELECT 1, 'stock', id, 'delete', '{}' FROM stock WHERE id = ${top.stock};
    DELETE FROM stock WHERE id = ${top.stock};
    INSERT INTO dict_items(category, item, value) VALUES ('region', '临时', 'tmp-region');
    INSERT INTO audit_log(at, record_type, record_id, action, before_json) SELECT 1, 'dict_item', id, 'delete', '{}' FROM dict_items WHERE value = 'tmp-region';
    DELETE FROM dict_items WHERE value = 'tmp-region';`);
  const deletedDict = Number(q(db, "SELECT record_id FROM audit_log WHERE record_type = 'dict_item' ORDER BY id DESC LIMIT 1"));
  assert(Number(q(db, 'SELECT count(*) FROM order_lines')) > 1000, 'the seed has order lines');
  const before = { rows: rows(db), shape: shape(db), constraints: Object.keys(REBUILT).map((t) => constraints(db, t)) };

  // up to 010 only: later migrations may add indexes of their own, which the shape below would see
  const ten = join(WORK, 'schema10');
  mkdirSync(ten, { recursive: true });
  for (const f of readdirSync(SCHEMA).filter((f) => /^0(0\d|10)_.*\.sql$/.test(f))) cpSync(join(SCHEMA, f), join(ten, f));
  crm(db, ten, 'migrate');
  eq(q(db, 'PRAGMA user_version'), '10', 'at schema 10');
  const after = { rows: rows(db), shape: shape(db), constraints: Object.keys(REBUILT).map((t) => constraints(db, t)) };
  for (const t of Object.keys(before.rows)) eq(after.rows[t], before.rows[t], `table ${t}: every row as it was`);
  eq(Object.keys(after.rows).join(','), Object.keys(before.rows).join(','), 'the same tables');
  eq(after.shape, before.shape, 'columns, foreign keys, indexes and the text of every index and trigger as they were');
  Object.keys(REBUILT).forEach((t, i) => {
    assert(/\bid\s+INTEGER PRIMARY KEY AUTOINCREMENT\b/.test(after.constraints[i].sql), `${t} has AUTOINCREMENT`);
    eq(after.constraints[i].checks.join(' | '), before.constraints[i].checks.join(' | '), `${t}: the same CHECK constraints`);
    eq(after.constraints[i].defaults.join(' | '), before.constraints[i].defaults.join(' | '), `${t}: the same defaults`);
  });
  eq(q(db, 'PRAGMA foreign_key_check'), '', 'no foreign key points nowhere');
  eq(q(db, 'PRAGMA integrity_check'), 'ok', 'integrity');
  q(db, "INSERT INTO contacts_tri(contacts_tri) VALUES ('integrity-check')");   // throws when the index and contacts differ
  const seq = (t) => Number(q(db, `SELECT seq FROM sqlite_sequence WHERE name = '${t}'`));
  eq(seq('contacts'), top.contacts + 5, 'contacts: next id past the deleted one the audit log names');
  eq(seq('activities'), top.activities + 3, 'activities: likewise');
  eq(seq('orders'), top.orders + 2, 'orders: likewise');
  eq(seq('stock'), top.stock, 'stock: past the deleted newest row');
  eq(seq('dict_items'), deletedDict, 'dict_items: past the deleted newest item');
  // the ids given next (stock and dict_items have no triggers that need crm's SQL functions)
  q(db, `INSERT INTO stock(product_id, warehouse, created_at, updated_at) SELECT min(id), 'bj1', 1, 1 FROM products;
    INSERT INTO dict_items(category, item, value) VALUES ('region', '再来', 'tmp-region');`);
  eq(Number(q(db, 'SELECT max(id) FROM stock')), top.stock + 1, 'a new stock row gets a fresh id');
  eq(Number(q(db, "SELECT id FROM dict_items WHERE value = 'tmp-region'")), deletedDict + 1, 'a new item gets a fresh id');
  // then every later migration, once
  const newest = Math.max(...readdirSync(SCHEMA).filter((f) => /^\d+_.*\.sql$/.test(f)).map((f) => parseInt(f, 10)));
  crm(db, SCHEMA, 'migrate');
  eq(q(db, 'PRAGMA user_version'), String(newest), 'at the newest schema');
  eq(q(db, 'PRAGMA integrity_check'), 'ok', 'integrity at the newest schema');
  eq(q(db, `SELECT count(*) FROM orders o WHERE o.line_count != (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id)`), '0',
    '017: every existing order has its line count');
  assert(Number(q(db, 'SELECT count(*) FROM orders WHERE line_count > 1')) > 0, 'some orders with several lines');
  assert(Number(q(db, 'SELECT count(*) FROM customers WHERE retired = 1')) > 0, 'the demo data has retired customers');
  activeOnly(db);   // 021 took them out of the search indexes
  eq(crm(db, SCHEMA, 'migrate').trim(), `schema version ${newest}`, 'a second migrate does nothing');
  rmSync(WORK, { recursive: true, force: true });
});

// The customers' search indexes hold every active customer and no retired one (schema/021): the indexed
// ids (each index's _docsize table has a row per document) are the active ones, and each active customer
// is found by its 客户编号 in customers_tri at its own id.
function activeOnly(db) {
  for (const t of ['customers_tri', 'customers_bi']) {
    eq(q(db, `SELECT count(*) FROM (SELECT id FROM ${t}_docsize EXCEPT SELECT id FROM customers WHERE retired = 0)`), '0',
      `${t}: no retired (or unknown) customer`);
    eq(q(db, `SELECT count(*) FROM (SELECT id FROM customers WHERE retired = 0 EXCEPT SELECT id FROM ${t}_docsize)`), '0',
      `${t}: every active customer`);
  }
  eq(q(db, `SELECT count(*) FROM customers c WHERE c.retired = 0 AND NOT EXISTS (SELECT 1 FROM customers_tri
    WHERE customers_tri MATCH '"' || c.no || '"' AND rowid = c.id)`), '0', 'customers_tri: each active customer by its number');
}

// crm seed --customers N (N >= SEED_BULK_MIN) loads in bulk with the kept figures' triggers out of the way
// (seed.c computes them): every figure a trigger keeps is equal to the rows, and the triggers are back.
test('seed in bulk: totals, line counts, last order dates and list counts equal to the rows; indexes and triggers restored', async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const db = join(WORK, 'bulk.db'), fresh = join(WORK, 'fresh.db');
  crm(fresh, SCHEMA, 'migrate');
  crm(db, SCHEMA, 'migrate');
  const out = crm(db, SCHEMA, 'seed', '--customers', '20000');
  assert(/verified: order totals/.test(out), 'the seeder verified its figures');
  eq(q(db, 'SELECT count(*) FROM customers'), '20000', 'customers');
  assert(Number(q(db, 'SELECT count(*) FROM order_lines')) > 100000, 'order lines');
  eq(q(db, `SELECT count(*) FROM orders o WHERE (o.total, o.line_count) IS NOT
    (SELECT coalesce(sum(l.amount), 0), count(*) FROM order_lines l WHERE l.order_id = o.id)`), '0', 'totals and line counts');
  eq(q(db, `SELECT count(*) FROM customers c WHERE c.last_order_date IS NOT (SELECT max(date) FROM orders o WHERE o.customer_id = c.id)`),
    '0', 'last order dates');
  eq(q(db, `SELECT count(*) FROM (SELECT region, level, status, count(*) FROM customers WHERE retired = 0 GROUP BY 1, 2, 3
    EXCEPT SELECT region, level, status, n FROM customer_counts WHERE manager_id = 0 AND n > 0)`), '0', 'list counts');
  const ddl = (d) => q(d, "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY type, name");
  eq(ddl(db), ddl(fresh), 'every index and trigger as a migrated database has them');
  // the search indexes are merged into one segment each (src/seed.c, SQL_FILL_SEARCH): FTS5's structure
  // record (id 10 of the _data table) is a 4-byte cookie, then varints: levels, segments, ...
  for (const t of ['customers_tri', 'customers_bi', 'contacts_tri', 'contacts_bi']) {
    const b = Buffer.from(q(db, `SELECT hex(block) FROM ${t}_data WHERE id = 10`), 'hex');
    let at = 4;
    const varint = () => { let v = 0, c; do { c = b[at++]; v = v * 128 + (c & 0x7f); } while (c & 0x80); return v; };
    varint();
    eq(varint(), 1, `${t}: one segment`);
    eq(q(db, `SELECT v FROM ${t}_config WHERE k = 'pgsz'`), '1000', `${t}: 1,000-byte pages (schema/020)`);
    // sqlite3 exits non-zero on a fault; with 1, an external-content index is also compared with its table
    // row by row, which customers_tri, holding active customers only (schema/021), is not: activeOnly checks it
    q(db, `INSERT INTO ${t}(${t}, rank) VALUES ('integrity-check', ${t === 'customers_tri' ? 0 : 1})`);
  }
  activeOnly(db);
  // the triggers work again: a new line counts
  const oid = q(db, 'SELECT min(id) FROM orders');
  const before = q(db, `SELECT line_count FROM orders WHERE id = ${oid}`);
  q(db, `INSERT INTO order_lines(order_id, product_id, quantity, unit, price, amount) SELECT ${oid}, min(id), 1, 'tai', 5, 5 FROM products`);
  eq(q(db, `SELECT line_count FROM orders WHERE id = ${oid}`), String(Number(before) + 1), 'a line added later is counted by the trigger');
  rmSync(WORK, { recursive: true, force: true });
});

await run('http migrate');
