// scale.test.mjs — what the work for a million customers (issue #3, `make bench`) changed, checked for
// behaviour: an import writes its search index rows in one pass after the rows (src/import.c, with the
// connection's triggers off meanwhile), and the result is the same as rows typed in one by one — every
// imported customer and contact is found by two-character and longer terms, FTS5's integrity check
// passes, nothing is indexed before the commit or after a refused commit, and records created after
// an import are indexed again by the triggers; imported customers take consecutive 客户编号 although
// the import takes them in blocks (customers_create_batch); the search ranks the "contains" matches shorter text
// first (src/search.c, the order bm25 gives a one-term query, without its per-query cost); the
// customer page's order and interaction figures (one pass over the orders) equal SQL.
import { test, run, assert, eq } from '../lib/harness.mjs';
import { signedIn, sql, unique, addUser } from '../lib/http.mjs';

const q = (s) => String(s).replace(/'/g, "''");
const count = (query) => Number(sql(query));
const cell = (v) => {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (rows) => rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';

let seq = Math.floor(Math.random() * 9e6) + 1e6;
const phone = () => `0571-8${String(seq++).padStart(7, '0')}`;
const mobile = () => `139${String(seq++).padStart(8, '0')}`;
const license = () => `9133${String(seq++).padStart(14, '0')}`;

async function upload(s, kind, content) {
  const res = await s.upload('/import/upload', { kind }, { filename: `${kind}.csv`, content });
  eq(res.status, 303, `upload ${kind} (${res.text.slice(0, 300)})`);
  const m = (res.headers.get('location') || '').match(/token=([0-9a-f]{32})$/);
  assert(m, 'redirect to the preview');
  const p = await s.get(`/import/preview?token=${m[1]}`, { json: true });
  eq(p.status, 200, 'preview');
  eq(p.json().summary.bad_rows, 0, 'no bad row at preview time');
  return m[1];
}
const commit = (s, token) => s.post('/import/commit', { token });
async function search(s, text) {
  const r = await s.get(`/search?q=${encodeURIComponent(text)}`, { json: true });
  eq(r.status, 200, `search ${text}`);
  return r.json().results;
}
const ids = (results, type) => results.filter((r) => r.type === type).map((r) => r.id).sort((a, b) => a - b);
// FTS5's own check: the index rows equal what the content gives (throws when they differ). customers_tri
// holds active customers only (schema/021), which FTS5's comparison with the whole customers table would
// call corrupt: its index is checked on its own and then compared, token by token (fts5vocab 'instance':
// term, row, column, offset), with an index built afresh from the active customers.
function integrity() {
  sql("INSERT INTO customers_tri(customers_tri) VALUES ('integrity-check');" +
      "INSERT INTO contacts_tri(contacts_tri, rank) VALUES ('integrity-check', 1);" +
      "INSERT INTO customers_bi(customers_bi) VALUES ('integrity-check');" +
      "INSERT INTO contacts_bi(contacts_bi) VALUES ('integrity-check');");
  eq(sql(`CREATE VIRTUAL TABLE temp.fresh USING fts5(name, no, phone_digits, tokenize='trigram');
    INSERT INTO temp.fresh(rowid, name, no, phone_digits) SELECT id, name, no, phone_digits FROM customers WHERE retired = 0;
    CREATE VIRTUAL TABLE temp.have USING fts5vocab(main, customers_tri, instance);
    CREATE VIRTUAL TABLE temp.want USING fts5vocab(temp, fresh, instance);
    SELECT (SELECT count(*) FROM (SELECT * FROM temp.have EXCEPT SELECT * FROM temp.want)) || ' ' ||
      (SELECT count(*) FROM (SELECT * FROM temp.want EXCEPT SELECT * FROM temp.have));`), '0 0',
    'customers_tri: the active customers\' trigrams, no more, no fewer');
}
// A rare two-character word per run, so a bigram search finds this run's records only.
const RARE = ['鼐鼒', '夔龘', '燚犇', '龖靐', '骉羴', '鱻猋', '嫑嘦', '叕砳'];
const rareWord = () => RARE[Math.floor(Math.random() * RARE.length)];

const CU_HEAD = ['客户名称', '地区', '客户等级', '客户经理(登录名)', '电话', '营业执照注册号'];
const CO_HEAD = ['客户编号', '姓名', '性别', '职位', '办公电话', '手机', '首要联系人'];

test('import: customers and contacts of an import are in the search indexes exactly as if typed in', async () => {
  const s = await signedIn('director');
  const tag = unique('imq');
  const word = rareWord();
  const names = [`${word}${tag}甲科技有限公司`, `北京${word}${tag}乙商贸有限公司`, `上海${tag}丙（${word}）实业`];
  const phones = names.map(() => phone());
  const rows = names.map((n, i) => [n, '上海', '大客户', 'rep1', phones[i], license()]);
  const token = await upload(s, 'customers', csv([CU_HEAD, ...rows]));
  eq((await search(s, tag)).length, 0, 'nothing indexed by the preview');
  eq((await commit(s, token)).status, 303, 'committed');
  const cust = sql(`SELECT group_concat(id) FROM (SELECT id FROM customers WHERE name LIKE '%${q(tag)}%' ORDER BY id)`)
    .split(',').map(Number);
  eq(cust.length, 3, 'three customers written');
  eq(JSON.stringify(ids(await search(s, tag), 'customer')), JSON.stringify(cust), 'found by a longer term (trigram)');
  const byWord = ids(await search(s, word), 'customer');
  assert(cust.every((id) => byWord.includes(id)), `found by the two-character term ${word} (bigram)`);
  for (let i = 0; i < 3; i++) {
    assert(ids(await search(s, phones[i]), 'customer').includes(cust[i]), `found by phone ${phones[i]}`);
    const no = sql(`SELECT no FROM customers WHERE id = ${cust[i]}`);
    eq((await search(s, no))[0].id, cust[i], `found by 客户编号 ${no}, exact first`);
  }
  // contacts of those customers, by 客户编号
  const nos = cust.map((id) => sql(`SELECT no FROM customers WHERE id = ${id}`));
  const people = [[`${word}明`, mobile()], [`赵${word}`, mobile()], [`钱${tag}`, mobile()]];
  const t2 = await upload(s, 'contacts', csv([CO_HEAD, ...people.map(([n, m], i) => [nos[i], n, '男', '经理', '', m, '是'])]));
  eq((await commit(s, t2)).status, 303, 'contacts committed');
  const kids = sql(`SELECT group_concat(id) FROM (SELECT id FROM contacts WHERE customer_id IN (${cust.join(',')}) ORDER BY id)`)
    .split(',').map(Number);
  eq(kids.length, 3, 'three contacts written');
  const found = ids(await search(s, word), 'contact');
  assert(kids.slice(0, 2).every((id) => found.includes(id)), 'contacts found by the two-character term');
  for (let i = 0; i < 3; i++) assert(ids(await search(s, people[i][1]), 'contact').includes(kids[i]), 'contact found by mobile');
  eq(count(`SELECT count(*) FROM customers_bi WHERE customers_bi MATCH '"${word}"' AND rowid IN (${cust.join(',')})`), 3,
    'bigram rows of the imported customers');
  integrity();
});

test('import: after an import (and after a refused one) new records are indexed by the triggers again', async () => {
  const s = await signedIn('director');
  const tag = unique('trg');
  const login = unique('tr');
  const uid = addUser(login, 'rep', '触发经理');
  // a refused commit: a row goes bad between preview and commit; nothing is written or indexed
  const token = await upload(s, 'customers', csv([CU_HEAD, [`${tag}甲`, '上海', '大客户', login, phone(), license()]]));
  sql(`UPDATE users SET active = 0 WHERE id = ${uid}`);
  eq((await commit(s, token)).status, 422, 'refused');
  eq((await search(s, tag)).length, 0, 'nothing indexed');
  sql(`UPDATE users SET active = 1 WHERE id = ${uid}`);
  const ok = await upload(s, 'customers', csv([CU_HEAD, [`${tag}乙`, '上海', '大客户', login, phone(), license()]]));
  eq((await commit(s, ok)).status, 303, 'committed');
  // forms on every worker afterwards (the server runs two; four creates and edits reach both)
  await s.get('/customers/new');
  const made = [];
  for (let i = 0; i < 4; i++) {
    const r = await s.post('/customers', { name: `${tag}新${i}`, region: 'beijing', level: 'major', manager_id: String(uid),
      satisfaction: '3', credit: '3' }, { json: true });
    eq(r.status, 200, `created ${i} (${r.text.slice(0, 200)})`);
    made.push(r.json().id);
  }
  const found = ids(await search(s, tag), 'customer');
  assert(made.every((id) => found.includes(id)), 'customers created after the import are found');
  eq(found.length, 5, 'and the imported one; not the refused one');
  // an edit of the name re-indexes (the update trigger)
  const id = made[0];
  const v = await s.get(`/customers/${id}/edit`, { json: true });
  eq(v.status, 200, 'edit form');
  const version = sql(`SELECT version FROM customers WHERE id = ${id}`);
  const e = await s.post(`/customers/${id}`, { name: `${tag}改名`, region: 'beijing', level: 'major', manager_id: String(uid),
    satisfaction: '3', credit: '3', version }, { json: true });
  assert(e.status === 200 || e.status === 303, `edited (${e.status} ${e.text.slice(0, 200)})`);
  assert(ids(await search(s, `${tag}改名`), 'customer').includes(id), 'found by the new name');
  eq(ids(await search(s, `${tag}新0`), 'customer').includes(id), false, 'not by the old one');
  integrity();
});

test('import: imported customers take the next consecutive 客户编号 of the day; the form continues after them', async () => {
  const s = await signedIn('director');
  const tag = unique('seq');
  await s.get('/customers/new');
  const form = async (name) => {
    const r = await s.post('/customers', { name, region: 'beijing', level: 'major', manager_id: sql("SELECT id FROM users WHERE login = 'rep1'"),
      satisfaction: '3', credit: '3' }, { json: true });
    eq(r.status, 200, `created ${name}`);
    return sql(`SELECT no FROM customers WHERE id = ${r.json().id}`);
  };
  const seqOf = (no) => Number(no.slice(10));
  const first = await form(`${tag}前`);
  const token = await upload(s, 'customers', csv([CU_HEAD, ...[1, 2, 3, 4, 5].map((i) => [`${tag}${i}`, '上海', '大客户', 'rep1', phone(), license()])]));
  eq((await commit(s, token)).status, 303, 'committed');
  const nos = sql(`SELECT group_concat(no) FROM (SELECT no FROM customers WHERE name GLOB '${tag}[0-9]' ORDER BY id)`).split(',');
  eq(JSON.stringify(nos.map(seqOf)), JSON.stringify([1, 2, 3, 4, 5].map((i) => seqOf(first) + i)), `consecutive after ${first}: ${nos}`);
  assert(nos.every((n) => n.slice(0, 10) === first.slice(0, 10)), 'same day');
  eq(sql(`SELECT value FROM counters WHERE name = 'customer:${first.slice(2, 10)}'`), String(seqOf(nos[4])), 'the counter at the last number (the unused rest given back)');
  eq(seqOf(await form(`${tag}后`)), seqOf(nos[4]) + 1, 'the form takes the next one');
});

test('search: matches that only contain the query rank shorter text first, exact and prefix still ahead', async () => {
  const s = await signedIn('director');
  const tag = unique('rk');
  await s.get('/customers/new');
  const mk = async (name) => {
    const r = await s.post('/customers', { name, region: 'beijing', level: 'major', manager_id: sql("SELECT id FROM users WHERE login = 'rep1'"),
      satisfaction: '3', credit: '3' }, { json: true });
    eq(r.status, 200, `created ${name} (${r.text.slice(0, 200)})`);
    return r.json().id;
  };
  // created short to long, so newest-first (id) order would be the reverse of the expected one
  const short = await mk(`深圳${tag}短`);
  const mid = await mk(`深圳${tag}中等名称公司`);
  const long = await mk(`深圳${tag}这是一个很长很长的客户名称有限公司`);
  const prefix = await mk(`${tag}前缀有限公司很长很长很长很长`);
  const res = (await search(s, tag)).filter((r) => r.type === 'customer');
  const at = (id) => res.findIndex((r) => r.id === id);
  eq(at(prefix), 0, 'the prefix match first, however long');
  assert(at(short) < at(mid) && at(mid) < at(long), `then shorter before longer: ${res.map((r) => r.name).join(' | ')}`);
  eq(res[at(short)].prefix, false, 'contains, not prefix');
  // contacts too
  const cust = short;
  for (const n of [`王${tag}`, `王${tag}长长长长长`]) {   // (short first, as above)
    await s.get(`/customers/${cust}/contacts/new`);
    eq((await s.post(`/customers/${cust}/contacts`, { name: n, mobile: mobile() })).status, 303, `contact ${n}`);
  }
  const ks = (await search(s, tag)).filter((r) => r.type === 'contact').map((r) => r.name);
  eq(JSON.stringify(ks), JSON.stringify([`王${tag}`, `王${tag}长长长长长`]), 'contacts: shorter first');
});

test('search: of more matches than a page holds, each page is the next 20 best in rank order', async () => {
  // 64 customers whose names contain the tag (none starts with it), of many lengths, some equal: the
  // search keeps the best ones while it reads the candidates (src/search.c, ranked_place), dropping the
  // worst kept one whenever a better one comes; a page shows 20 of them, the next pages the rest
  const s = await signedIn('director');
  const tag = unique('pg');
  const rep = unique('pgrep');   // their own manager: other suites count rep1's and rep2's customers
  addUser(rep, 'rep', `翻页${tag}`);
  const filler = '华东精密机械制造技术开发股份有限公司集团';
  const rows = Array.from({ length: 64 }, (_, i) =>
    [`深${tag}${String.fromCharCode(0x4e00 + i)}${filler.slice(0, (i * 7) % 19)}`, '上海', '大客户', rep, i % 5 ? phone() : '', license()]);
  eq((await commit(s, await upload(s, 'customers', csv([CU_HEAD, ...rows])))).status, 303, 'imported');
  const want = sql(`SELECT group_concat(id) FROM (SELECT id FROM customers WHERE name LIKE '%${q(tag)}%' AND retired = 0
    ORDER BY length(name) + length(phone), id DESC)`).split(',').map(Number);
  eq(want.length, 64, 'more matches than a page');
  const got = [];
  let url = `/search?q=${encodeURIComponent(tag)}`, pages = 0;
  while (url) {
    const r = (await s.get(url, { json: true })).json();
    got.push(...r.results.filter((x) => x.type === 'customer').map((x) => x.id));
    if (++pages === 1) eq(JSON.stringify(got), JSON.stringify(want.slice(0, 20)), 'page 1: the best 20');
    url = r.next_page;
    assert(pages <= 4, 'at most 4 pages');
  }
  eq(pages, 4, '64 results make 4 pages');
  eq(JSON.stringify(got), JSON.stringify(want), 'the pages in turn: shorter name and phone first, the newest first among equals');
});

test('customer page: order and interaction figures count every order and record, equal to SQL', async () => {
  const s = await signedIn('director');
  // customers with many orders, with unpaid ones, with none, and with interaction records
  const pick = [
    sql('SELECT customer_id FROM orders GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1'),
    sql("SELECT customer_id FROM orders WHERE status = 'unpaid' GROUP BY customer_id ORDER BY customer_id LIMIT 1"),
    sql('SELECT id FROM customers WHERE id NOT IN (SELECT customer_id FROM orders) ORDER BY id LIMIT 1'),
    sql('SELECT customer_id FROM activities GROUP BY customer_id ORDER BY count(*) DESC, customer_id LIMIT 1'),
  ].filter(Boolean).map(Number);
  assert(pick.length === 4, 'the seed has such customers');
  for (const id of pick) {
    const r = await s.get(`/customers/${id}`, { json: true });
    eq(r.status, 200, `customer ${id}`);
    const st = r.json().stats;
    const want = sql(`SELECT (SELECT count(*) FROM orders WHERE customer_id = ${id}) || ',' ||
      (SELECT total(total) FROM orders WHERE customer_id = ${id}) || ',' ||
      (SELECT total(total) FROM orders WHERE customer_id = ${id} AND status = 'paid') || ',' ||
      (SELECT count(*) FROM activities WHERE customer_id = ${id})`).split(',').map(Number);
    eq(JSON.stringify([st.orders, st.orders_total, st.orders_paid, st.activities]), JSON.stringify(want), `figures of ${id}`);
    // the newest orders, each with its number of lines, newest first
    const shown = r.json().orders.map((o) => `${o.id}:${o.lines_text}`).join(',');
    const lines = sql(`SELECT o.id || ':' || (SELECT count(*) FROM order_lines l WHERE l.order_id = o.id) || ' 项' FROM orders o
      WHERE o.customer_id = ${id} ORDER BY o.date DESC, o.id DESC LIMIT 20`).split('\n').filter(Boolean).join(',');
    eq(shown, lines, `orders and line counts of ${id}`);
    const html = (await s.get(`/customers/${id}`)).text;
    eq((html.match(/data-testid="order-lines"/g) || []).length, r.json().orders.length, `a line count per order row of ${id}`);
  }
});

run('http scale');
