// records.test.mjs — contacts (联系人), interaction records (交往记录), orders with lines (历史订单),
// products (产品) and stock (库存) through HTTP: every route, row scope (rep1 against rep2's records on
// every page and in JSON → 404, nothing written), bad input per form (missing, oversize, wrong type,
// stale version, a bad order line named by its number) with Chinese messages and the database
// unchanged, order totals and customers.last_order_date kept by the triggers, one primary contact per
// customer, and audit entries with before/after images. Customers come from `crm seed` (rep1 and rep2
// each manage some).
import { test, run, assert, eq, includes } from '../lib/harness.mjs';
import { execFileSync } from 'node:child_process';
import { signedIn, sql, unique, historyOf, DB, download, parseCsv, addUser } from '../lib/http.mjs';

const userId = (login) => Number(sql(`SELECT id FROM users WHERE login = '${login}'`));
const customerOf = (login, offset = 0) => Number(sql(
  `SELECT c.id FROM customers c JOIN users u ON u.id = c.manager_id WHERE u.login = '${login}' AND c.retired = 0 ORDER BY c.id LIMIT 1 OFFSET ${offset}`));
const activeProduct = (offset = 0) => Number(sql(`SELECT id FROM products WHERE retired = 0 ORDER BY id LIMIT 1 OFFSET ${offset}`));
const row = (q) => sql(q).split('|');
// Everything the record routes could write (audit count/max covers every change).
const snapshot = () => sql(`SELECT 'k', count(*), max(id), total(version) FROM contacts; SELECT 'a', count(*), max(id), total(version) FROM activities;
  SELECT 'o', count(*), max(id), total(version), total(total) FROM orders; SELECT 'l', count(*), max(id) FROM order_lines;
  SELECT 'p', count(*), max(id), total(version) FROM products; SELECT 's', count(*), max(id), total(version) FROM stock;
  SELECT 'c', total(length(last_order_date)), group_concat(last_order_date) FROM customers; SELECT 'n', * FROM counters WHERE name LIKE 'order:%';
  SELECT 'u', count(*), max(id) FROM audit_log;`);
const lastAudit = (type, id) => row(`SELECT action, COALESCE(before_json, ''), COALESCE(after_json, '') FROM audit_log
  WHERE record_type = '${type}' AND record_id = ${id} ORDER BY id DESC LIMIT 1`);
const lines = (...ls) => ({
  'product_id[]': ls.map((l) => String(l[0] ?? '')), 'quantity[]': ls.map((l) => String(l[1] ?? '')),
  'unit[]': ls.map((l) => l[2] ?? ''), 'price[]': ls.map((l) => l[3] ?? ''),
});
const idFrom = (res) => Number(res.headers.get('location').split('/').filter(Boolean)[1]);

// ---------------------------------------------------------------- contacts

test('contacts: a rep adds, edits and deletes a contact of their own customer, with audit entries', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1');
  const form = await s.get(`/customers/${cid}/contacts/new`);
  eq(form.status, 200, 'new contact form');
  includes(form.text, '新增联系人', 'form title');
  includes(form.text, 'name="_csrf"', 'csrf field');
  const r = await s.post(`/customers/${cid}/contacts`, {
    name: '周晓燕', gender: 'female', title: '采购经理', office_phone: '010-6543 2100', mobile: '13912345678',
    email: 'Zhou@Example.COM', note: '第一行\r\n第二行',
  });
  eq(r.status, 303, 'created');
  eq(r.headers.get('location'), `/customers/${cid}`, 'back to the customer');
  const id = Number(sql(`SELECT max(id) FROM contacts WHERE customer_id = ${cid} AND name = '周晓燕'`));
  eq(sql(`SELECT gender || '|' || title || '|' || mobile || '|' || email || '|' || note FROM contacts WHERE id = ${id}`),
    'female|采购经理|13912345678|Zhou@example.com|第一行\n第二行', 'stored normalised values (e-mail domain lower-cased, CRLF → LF)');
  let [action, before, after] = lastAudit('contact', id);
  eq(action, 'create', 'create audited');
  eq(before, '', 'no before image');
  eq(JSON.parse(after).name, '周晓燕', 'after image');

  const edit = (await s.get(`/contacts/${id}/edit`, { json: true })).json();
  eq(edit.contact.name, '周晓燕', 'edit view as JSON');
  eq(edit.customer.id, cid, 'customer of the contact');
  const html = await s.get(`/contacts/${id}/edit`);
  includes(html.text, 'value="周晓燕"', 'edit form filled');
  includes(html.text, 'data-confirm="确定删除该联系人吗？"', 'delete asks first');
  const up = await s.post(`/contacts/${id}`, { name: '周晓燕', gender: 'female', title: '采购总监', version: edit.contact.version });
  eq(up.status, 303, 'updated');
  eq(sql(`SELECT title || '|' || version || '|' || mobile FROM contacts WHERE id = ${id}`), `采购总监|${edit.contact.version + 1}|`, 'new values, version bumped, cleared field empty');
  [action, before, after] = lastAudit('contact', id);
  eq(action, 'update', 'update audited');
  eq(JSON.parse(before).title, '采购经理', 'before image');
  eq(JSON.parse(after).title, '采购总监', 'after image');

  const del = await s.post(`/contacts/${id}/delete`, { version: edit.contact.version + 1 });
  eq(del.status, 303, 'deleted');
  eq(sql(`SELECT count(*) FROM contacts WHERE id = ${id}`), '0', 'row gone');
  [action, before, after] = lastAudit('contact', id);
  eq(action, 'delete', 'delete audited');
  eq(JSON.parse(before).name, '周晓燕', 'delete keeps the before image');
  eq(after, '', 'no after image');
});

test('contacts: only one primary contact per customer; choosing another clears the first, audited', async () => {
  const s = await signedIn('director');
  const cid = customerOf('rep2', 1);
  await s.get(`/customers/${cid}/contacts/new`);
  const mk = async (name, primary) => {
    const r = await s.post(`/customers/${cid}/contacts`, { name, is_primary: primary ? '1' : '' }, { json: true });
    eq(r.status, 200, `created ${name}`);
    return r.json().id;
  };
  const z = await mk(unique('丁'), false);   // older than a, never primary
  const a = await mk(unique('甲'), true);
  eq(sql(`SELECT is_primary FROM contacts WHERE id = ${a}`), '1', 'a is primary');
  const b = await mk(unique('乙'), true);
  eq(sql(`SELECT group_concat(id) FROM contacts WHERE customer_id = ${cid} AND is_primary = 1`), String(b), 'only b is primary now');
  const [action, before, after] = lastAudit('contact', a);
  eq(action, 'update', 'the cleared contact is audited');
  eq(`${JSON.parse(before).is_primary}>${JSON.parse(after).is_primary}`, '1>0', 'primary 1 → 0');
  // editing a back to primary clears b
  const va = sql(`SELECT version FROM contacts WHERE id = ${a}`);
  const name = sql(`SELECT name FROM contacts WHERE id = ${a}`);
  eq((await s.post(`/contacts/${a}`, { name, is_primary: '1', version: va })).status, 303, 'a primary again');
  eq(sql(`SELECT group_concat(id) FROM contacts WHERE customer_id = ${cid} AND is_primary = 1`), String(a), 'only a');
  // the list on the customer puts the primary contact first
  const c = await mk(unique('丙'), false);
  eq(sql(`SELECT is_primary FROM contacts WHERE id = ${c}`), '0', 'c not primary');
  eq(sql(`SELECT count(*) FROM contacts WHERE customer_id = ${cid} AND is_primary = 1`), '1', 'still exactly one');
  // a, the primary, is neither the customer's first nor its last contact: first on the page, the rest by id
  const shown = (await s.get(`/customers/${cid}`, { json: true })).json().contacts.map((k) => k.id);
  const rest = sql(`SELECT group_concat(id) FROM (SELECT id FROM contacts WHERE customer_id = ${cid} AND id != ${a} ORDER BY id)`);
  eq(shown.join(','), `${a},${rest}`, 'the customer page lists the primary contact first, then the others by id');
  assert(shown.includes(z) && z < a, 'a contact older than the primary one is on the page');
  // the database refuses a second primary on its own too (unique partial index)
  let refused = false;
  try {
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', DB, `UPDATE contacts SET is_primary = 1 WHERE id = ${c}`], { stdio: 'pipe' });
  } catch (e) { refused = /UNIQUE constraint failed/.test(String(e.stderr)); }
  assert(refused, 'unique index rejects a second primary contact');
  for (const id of [z, a, b, c]) {
    const v = sql(`SELECT version FROM contacts WHERE id = ${id}`);
    eq((await s.post(`/contacts/${id}/delete`, { version: v })).status, 303, 'cleanup');
  }
});

test('contacts: bad input gets clear Chinese messages, keeps the input, writes nothing', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1');
  await s.get(`/customers/${cid}/contacts/new`);
  const before = snapshot();
  const r = await s.post(`/customers/${cid}/contacts`, { name: '', gender: 'x', email: 'not-mail', mobile: 'abc', office_phone: '12', is_primary: 'maybe', title: '经理' });
  eq(r.status, 422, 'refused');
  includes(r.text, '请修正以下问题', 'summary');
  includes(r.text, '姓名：必填。', 'name required, labelled');
  includes(r.text, '性别：请从列表中选择。', 'gender choice');
  includes(r.text, '邮箱：请输入有效的邮箱地址。', 'email');
  includes(r.text, '手机：请输入有效的电话号码', 'mobile');
  includes(r.text, '办公电话：请输入有效的电话号码', 'office phone');
  includes(r.text, '首要联系人：请选择是或否。', 'bool');
  includes(r.text, 'value="经理"', 'typed title kept');
  const long = await s.post(`/customers/${cid}/contacts`, { name: '名'.repeat(51), title: 'x'.repeat(51), note: '备'.repeat(1001) }, { json: true });
  eq(long.status, 422, 'oversize refused');
  const e = long.json().errors;
  eq(e.name, '最多 50 个字符。', 'name counts characters');
  eq(e.title, '最多 50 个字符。', 'title');
  eq(e.note, '最多 1000 个字符。', 'note');
  // update: missing version, non-numeric version, stale version
  const auditMark = sql('SELECT max(id) FROM audit_log');
  const id = (await s.post(`/customers/${cid}/contacts`, { name: '版本测试' }, { json: true })).json().id;
  const mid = snapshot();
  const nov = await s.post(`/contacts/${id}`, { name: '改' }, { json: true });
  eq(nov.status, 422, 'no version');
  eq(nov.json().errors.version, '必填。', 'version required');
  eq((await s.post(`/contacts/${id}`, { name: '改', version: 'abc' }, { json: true })).json().errors.version, '请输入整数。', 'version type');
  eq(mid, snapshot(), 'nothing written by the refused updates');
  const other = await signedIn('director');
  eq((await other.post(`/contacts/${id}`, { name: '别人先改', version: '1' })).status, 303, 'someone else saves first');
  const stale = await s.post(`/contacts/${id}`, { name: '我的修改', mobile: '13800000000', version: '1' });
  eq(stale.status, 409, 'stale refused');
  includes(stale.text, '其他人已修改了这条记录', 'stale message');
  includes(stale.text, 'value="别人先改"', 'shows the stored value');
  includes(stale.text, '我的修改', 'keeps what I typed');
  eq(sql(`SELECT name FROM contacts WHERE id = ${id}`), '别人先改', 'not overwritten');
  const staleDel = await s.post(`/contacts/${id}/delete`, { version: '1' }, { json: true });
  eq(staleDel.status, 409, 'stale delete refused');
  eq(sql(`SELECT count(*) FROM contacts WHERE id = ${id}`), '1', 'still there');
  eq((await s.post(`/contacts/${id}/delete`, { version: '2' })).status, 303, 'delete at the current version');
  eq(snapshot() === before, false, 'sanity: the snapshot does see changes');
  // the first refusals left nothing behind: only the test record's own create/update/delete happened
  eq(sql(`SELECT group_concat(action) FROM audit_log WHERE id > ${auditMark} AND record_type = 'contact' AND record_id = ${id}`), 'create,update,delete', 'only the accepted changes were audited');
});

// ---------------------------------------------------------------- interaction records

test('activities: record an interaction in local time (stored UTC), edit, stale, delete, audit', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1');
  const form = await s.get(`/customers/${cid}/activities/new`);
  eq(form.status, 200, 'form');
  includes(form.text, 'type="datetime-local"', 'time input');
  const r = await s.post(`/customers/${cid}/activities`, { at: '2026-03-04T09:30', place: '客户总部', summary: '年度合同洽谈', detail: '讨论了\n价格' });
  eq(r.status, 303, 'created');
  eq(r.headers.get('location'), `/customers/${cid}`, 'back to the customer');
  const id = Number(sql(`SELECT max(id) FROM activities WHERE customer_id = ${cid}`));
  eq(sql(`SELECT at || '|' || user_id || '|' || place || '|' || detail FROM activities WHERE id = ${id}`),
    `${Date.UTC(2026, 2, 4, 1, 30) / 1000}|${userId('rep1')}|客户总部|讨论了\n价格`, '09:30 Asia/Shanghai stored as 01:30 UTC, recorded by rep1');
  eq(lastAudit('activity', id)[0], 'create', 'audited');
  const edit = (await s.get(`/activities/${id}/edit`, { json: true })).json();
  eq(edit.activity.at_input, '2026-03-04T09:30', 'shown back in local time');
  eq(edit.activity.user_name, '张伟', 'recorded by');
  const up = await s.post(`/activities/${id}`, { at: '2026/3/5 14:00', summary: '合同签署', version: edit.activity.version });
  eq(up.status, 303, 'updated');
  eq(sql(`SELECT at || '|' || summary || '|' || place FROM activities WHERE id = ${id}`), `${Date.UTC(2026, 2, 5, 6, 0) / 1000}|合同签署|`, 'new values');
  const [action, before, after] = lastAudit('activity', id);
  eq(`${action}|${JSON.parse(before).summary}|${JSON.parse(after).summary}`, 'update|年度合同洽谈|合同签署', 'before → after');
  const stale = await s.post(`/activities/${id}`, { at: '2026-03-05 14:00', summary: '过期的修改', version: edit.activity.version });
  eq(stale.status, 409, 'stale');
  includes(stale.text, '其他人已修改了这条记录', 'message');
  includes(stale.text, '过期的修改', 'mine kept');
  eq((await s.post(`/activities/${id}/delete`, { version: edit.activity.version })).status, 409, 'stale delete');
  eq((await s.post(`/activities/${id}/delete`, { version: edit.activity.version + 1 })).status, 303, 'deleted');
  eq(sql(`SELECT count(*) FROM activities WHERE id = ${id}`), '0', 'gone');
  const del = lastAudit('activity', id);
  eq(`${del[0]}|${JSON.parse(del[1]).summary}`, 'delete|合同签署', 'delete keeps the before image');
});

test('activities: bad input (missing, oversize, wrong type) is refused in Chinese, nothing written', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1');
  await s.get(`/customers/${cid}/activities/new`);
  const before = snapshot();
  const r = await s.post(`/customers/${cid}/activities`, { at: '', summary: '', place: '会议室' });
  eq(r.status, 422, 'refused');
  includes(r.text, '时间：必填。', 'time required');
  includes(r.text, '概要：必填。', 'summary required');
  includes(r.text, 'value="会议室"', 'input kept');
  const bad = await s.post(`/customers/${cid}/activities`, { at: '2026-02-30 10:00', summary: '概'.repeat(201), place: '地'.repeat(101), detail: 'x'.repeat(4001) }, { json: true });
  eq(bad.status, 422, 'refused');
  const e = bad.json().errors;
  eq(e.at, '请输入有效时间，格式为 YYYY-MM-DD HH:MM。', 'bad date-time');
  eq(e.summary, '最多 200 个字符。', 'summary length');
  eq(e.place, '最多 100 个字符。', 'place length');
  eq(e.detail, '最多 4000 个字符。', 'detail length');
  eq((await s.post(`/customers/${cid}/activities`, { at: 'tomorrow', summary: 'x' }, { json: true })).json().errors.at,
    '请输入有效时间，格式为 YYYY-MM-DD HH:MM。', 'wrong type');
  eq(snapshot(), before, 'database unchanged');
});

test('activities: a customer\'s 交往记录 page lists every record (the customer page shows 20), newest first by (时间, id) through ties, filtered by text and date, counted, exported as shown; scope and bad input', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1', 7);
  const other0 = () => customerOf('rep1', 8);
  const rep = userId('rep1');
  // 130 records, three to a time, an hour apart, from 2025-07-01 08:00 Asia/Shanghai (00:00 UTC)
  const base = Date.UTC(2025, 6, 1, 0, 0) / 1000;
  const values = Array.from({ length: 130 }, (_, i) => `(${cid}, ${base + Math.floor(i / 3) * 3600}, '${i % 4 ? '' : '会议室 B'}', '回访 ${i}',
    '${i % 10 ? '常规' : '谈到 Contract, "续约"'}', ${rep}, ${base}, ${base})`);
  sql(`INSERT INTO activities(customer_id, at, place, summary, detail, user_id, created_at, updated_at) VALUES ${values.join(',')}`);
  const want = (where = '') => sql(`SELECT id FROM activities WHERE customer_id = ${cid} ${where} ORDER BY at DESC, id DESC`).split('\n').filter(Boolean).map(Number);
  const walk = (path) => walkActivities(s, path);
  const all = await walk(`/customers/${cid}/activities`);
  eq(JSON.stringify(all.ids), JSON.stringify(want()), 'every record once, newest first, ties by id');
  assert(all.ids.length >= 130, `${all.ids.length} records`);
  eq(all.first.count, all.ids.length, 'counted');
  eq(all.first.activities.length, 50, 'fifty to a page');
  eq(all.first.customer.id, cid, 'names its customer');
  includes(all.first.activities[0].when, '2025-07-', 'time in the zone');
  // the customer page shows the newest 20 and links here
  const view = await s.get(`/customers/${cid}`);
  includes(view.text, `href="/customers/${cid}/activities" data-testid="all-activities"`, 'the customer page links to every record');
  includes(view.text, `只列出最近 20 条，共 ${all.ids.length} 条。`, 'and says it shows 20');
  // text: any case, in 概要, 地点 or 详细信息
  const text = await walk(`/customers/${cid}/activities?q=${encodeURIComponent('contract')}`);
  eq(JSON.stringify(text.ids), JSON.stringify(want("AND detail LIKE '%Contract%'")), 'text in the details, any case');
  eq(text.ids.length, 13, 'one in ten');
  eq(JSON.stringify((await walk(`/customers/${cid}/activities?q=${encodeURIComponent('会议室')}`)).ids),
    JSON.stringify(want("AND place = '会议室 B'")), 'text in the place');
  eq((await walk(`/customers/${cid}/activities?q=${encodeURIComponent('回访 12')}`)).ids.length, 11, 'text in the summary: 回访 12 and 回访 120–129');
  // dates in the zone: 2025-07-02 is 24 local hours, from 2025-07-01 16:00 UTC
  const day = await walk(`/customers/${cid}/activities?from=2025-07-02&to=2025-07-02`);
  eq(JSON.stringify(day.ids), JSON.stringify(want(`AND at >= ${base + 16 * 3600} AND at < ${base + 40 * 3600}`)), 'one local day');
  eq(day.ids.length, 72, '24 hours, three an hour');
  const both = await walk(`/customers/${cid}/activities?q=contract&from=2025-07-02`);
  eq(JSON.stringify(both.ids), JSON.stringify(want(`AND detail LIKE '%Contract%' AND at >= ${base + 16 * 3600}`)), 'text and date');
  eq(both.first.next_page, undefined, 'one page');
  // the export: what the page lists, in its order, every page
  const csv = async (path) => {
    const r = await download(s, path);
    eq(r.status, 200, `export ${path}`);
    assert(/^attachment; filename="activities-KH\d+-\d{8}\.csv"$/.test(r.headers.get('content-disposition') || ''), 'attachment named by the customer');
    eq(r.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 BOM');
    return parseCsv(r.text.slice(1));
  };
  eq(all.first.export_href, `/customers/${cid}/activities/export.csv`, 'export link');
  const rows = await csv(all.first.export_href);
  eq(rows[0].join('|'), '时间|地点|概要|详细信息|记录人', 'header');
  eq(rows.length - 1, all.ids.length, 'every record');
  eq(JSON.stringify(rows.slice(1, 4).map((r) => r[2])), JSON.stringify(all.first.activities.slice(0, 3).map((a) => a.summary)), 'in the page\'s order');
  const textRows = await csv(text.first.export_href);
  eq(text.first.export_href, `/customers/${cid}/activities/export.csv?q=contract`, 'the export keeps the filters');
  eq(textRows.length - 1, 13, 'filtered export');
  eq(textRows[1][3], '谈到 Contract, "续约"', 'commas and quotes survive');
  eq(textRows[1][4], '张伟', 'recorded by');
  // oldest first (sort=at): every record once by (时间, id) ascending through the ties, with the filters; the
  // picker shows it; the export keeps the order
  const oldest = (where = '') => sql(`SELECT id FROM activities WHERE customer_id = ${cid} ${where} ORDER BY at, id`).split('\n').filter(Boolean).map(Number);
  const up = await walk(`/customers/${cid}/activities?sort=at`);
  eq(JSON.stringify(up.ids), JSON.stringify(oldest()), 'oldest first, every record once, ties by id');
  eq(up.first.count, all.ids.length, 'counted the same');
  assert(up.first.next_page.startsWith(`/customers/${cid}/activities?sort=at&after_at=`), `the next page keeps the order: ${up.first.next_page}`);
  const upDay = await walk(`/customers/${cid}/activities?from=2025-07-02&to=2025-07-02&sort=at`);
  eq(JSON.stringify(upDay.ids), JSON.stringify(oldest(`AND at >= ${base + 16 * 3600} AND at < ${base + 40 * 3600}`)), 'one local day, oldest first');
  const upText = await walk(`/customers/${cid}/activities?q=${encodeURIComponent('回访')}&sort=at`);
  eq(JSON.stringify(upText.ids), JSON.stringify(oldest("AND summary LIKE '%回访%'")), 'text, oldest first');
  includes((await s.get(`/customers/${cid}/activities?sort=at`)).text, '<option value="at" selected>最早在前</option>', 'the picker shows it');
  eq(up.first.export_href, `/customers/${cid}/activities/export.csv?sort=at`, 'the export link keeps the order');
  const upRows = await csv(up.first.export_href);
  eq(JSON.stringify(upRows.slice(1, 4).map((r) => r[2])), JSON.stringify(up.first.activities.slice(0, 3).map((a) => a.summary)), 'exported oldest first');
  for (const q of ['sort=newest', 'sort=at&after_at=x&after=1']) {
    eq((await s.get(`/customers/${cid}/activities?${q}`, { json: true })).status, 400, `${q}: refused`);
    eq((await download(s, `/customers/${cid}/activities/export.csv?${q}`)).status, 400, `${q}: the export too`);
  }
  // editing from a later page of a filtered list comes back to that page
  const page2 = await s.get((await s.get(`/customers/${cid}/activities?q=${encodeURIComponent('回访')}`, { json: true })).json().next_page);
  const link = page2.text.match(/href="(\/activities\/(\d+)\/edit\?back=[^"]+)"/);
  assert(link, 'edit links carry the page');
  const back = decodeURIComponent(link[1].replace(/&amp;/g, '&').split('back=')[1]);
  assert(back.startsWith(`/customers/${cid}/activities?q=`) && back.includes('&before_at='), `back names the page: ${back}`);
  const form = await s.get(link[1].replace(/&amp;/g, '&'), { json: true });
  eq(form.json().back, back, 'the form keeps it');
  const editId = Number(link[2]);
  const version = form.json().activity.version;
  const saved = await s.post(`/activities/${editId}`, { at: form.json().activity.at_input, summary: '回访 改', version, back });
  eq(saved.status, 303, 'saved');
  eq(saved.headers.get('location'), back, 'back to the page it was edited from');
  const hostile = ['https://evil.example/', `/customers/${other0()}/activities`, `/customers/${cid}/activitiesX`, `/customers/${cid}/activities?q=a\r\nSet-Cookie: x=1`];
  for (const b of hostile) {
    const r = await s.post(`/activities/${editId}`, { at: form.json().activity.at_input, summary: '回访 改', version: version + hostile.indexOf(b) + 1, back: b });
    eq(`${r.status} ${r.headers.get('location')}`, `303 /customers/${cid}`, `a back that is not this customer's list goes to the customer: ${JSON.stringify(b)}`);
  }
  const gone = await s.post(`/activities/${editId}/delete`, { version: version + hostile.length + 1, back });
  eq(`${gone.status} ${gone.headers.get('location')}`, `303 ${back}`, 'deleting from the list returns there too');
  // bad input: a 400 in the user's language, never a 500
  const reversed = await s.get(`/customers/${cid}/activities?from=2025-07-03&to=2025-07-02`);
  eq(reversed.status, 400, 'reversed range');
  includes(reversed.text, '结束日期不能早于开始日期。', 'says why');
  const long = await s.get(`/customers/${cid}/activities?q=${'长'.repeat(101)}`, { json: true });
  eq(long.status, 400, 'oversize text');
  eq(long.json().errors.q, '最多 100 个字符。', 'message');
  eq((await s.get(`/customers/${cid}/activities?before_at=x&before=1`)).status, 400, 'malformed keyset');
  eq((await download(s, `/customers/${cid}/activities/export.csv?to=2025-13-01`)).status, 400, 'the export refuses what the page refuses');
  // row scope: another rep's customer is not there, page or export
  const other = customerOf('rep2');
  eq((await s.get(`/customers/${other}/activities`)).status, 404, 'rep2\'s customer: 404');
  eq((await s.get(`/customers/${other}/activities`, { json: true })).status, 404, 'and in JSON');
  eq((await download(s, `/customers/${other}/activities/export.csv`)).status, 404, 'and its export');
  const d = await signedIn('director');
  eq((await d.get(`/customers/${cid}/activities`, { json: true })).json().count, want().length, 'a director sees them');
  // English
  await s.post('/lang', { lang: 'en', next: '/' });
  const en = await s.get(`/customers/${cid}/activities?q=contract`);
  const n = want("AND detail LIKE '%Contract%'").length;
  includes(en.text, n === 1 ? '1 record<' : `${n} records<`, 'English count');
  eq((await csv(`/customers/${cid}/activities/export.csv?q=contract`))[0].join('|'), 'Time|Place|Summary|Details|Recorded by', 'English header');
  await s.post('/lang', { lang: 'zh-CN', next: '/' });
});

/* The 交往记录 list across customers: the ids SQL finds for where, in order. */
const feedIds = (where = '', order = 'a.at DESC, a.id DESC') => sql(`SELECT a.id FROM activities a JOIN customers c ON c.id = a.customer_id
  WHERE c.retired = 0 ${where} ORDER BY ${order}`).split('\n').filter(Boolean).map(Number);
/* Every page of a 交往记录 list (a customer's or every customer's), or of another list whose rows are under
 * rows, from path, by its next_page links: the rows' ids, and the first page. */
async function walkActivities(s, path, rows = 'activities') {
  const ids = [];
  let page = (await s.get(path, { json: true })).json();
  const first = page;
  for (let n = 0; n < 40; n++) {
    ids.push(...page[rows].map((x) => x.id));
    if (!page.next_page) break;
    page = (await s.get(page.next_page, { json: true })).json();
    eq(page.paged, true, 'a later page links back to the first');
  }
  return { ids, first };
}

test('activities: the 交往记录 list across customers (客户管理 › 交往记录): newest first by (时间, id), every page once, filtered by 客户名称, 地区, 客户等级, 客户经理, 记录人 and date, counted, exported as shown, within row scope; retired customers\' records leave it; bad input is a 400', async () => {
  const d = await signedIn('director');
  const r1 = await signedIn('rep1');
  const [rep1, rep2] = [userId('rep1'), userId('rep2')];
  // ten records at one time on two of rep1's customers and one of rep2's (ties go by id), by rep1 and the director
  const [a, b, c] = [customerOf('rep1', 3), customerOf('rep1', 4), customerOf('rep2', 3)];
  const tie = Date.UTC(2024, 2, 5, 2, 0) / 1000;   // 2024-03-05 10:00 in Asia/Shanghai
  const dir = userId('director');
  const values = Array.from({ length: 10 }, (_, i) => `(${[a, b, c][i % 3]}, ${tie}, '', '同一时刻 ${i}', '', ${i % 2 ? dir : rep1}, ${tie}, ${tie})`);
  sql(`INSERT INTO activities(customer_id, at, place, summary, detail, user_id, created_at, updated_at) VALUES ${values.join(',')}`);
  const want = (where = '') => feedIds(where);
  const walk = walkActivities;
  const same = (got, where, what) => eq(JSON.stringify(got), JSON.stringify(want(where)), what);
  const all = await walk(d, '/activities');
  same(all.ids, '', 'the director: every record once, newest first, ties by id');
  assert(all.ids.length > 100, `${all.ids.length} records over several pages`);
  eq(all.first.activities.length, 50, 'fifty to a page');
  eq(all.first.count, Math.min(all.ids.length, 1001), 'counted');
  const row = all.first.activities[0];
  for (const k of ['when', 'customer_name', 'customer_no', 'summary', 'user_name']) assert(row[k], `a row has ${k}`);
  // each filter, and their combinations, against SQL
  const name = sql(`SELECT substr(name, 1, 2) FROM customers WHERE id = ${a}`);
  const cases = [
    ['region=beijing', "AND c.region = 'beijing'"],
    ['level=major', "AND c.level = 'major'"],
    [`level=normal&manager=${rep1}`, `AND c.level = 'normal' AND c.manager_id = ${rep1}`],
    ['level=normal&region=shanghai', "AND c.level = 'normal' AND c.region = 'shanghai'"],
    [`manager=${rep2}`, `AND c.manager_id = ${rep2}`],
    [`user=${dir}`, `AND a.user_id = ${dir}`],
    [`user=${rep1}&region=shanghai`, `AND a.user_id = ${rep1} AND c.region = 'shanghai'`],
    [`customer=${encodeURIComponent(name)}`, `AND substr(c.name, 1, 2) = '${name}'`],
    [`customer=${encodeURIComponent(name)}&manager=${rep1}`, `AND substr(c.name, 1, 2) = '${name}' AND c.manager_id = ${rep1}`],
    ['from=2024-03-05&to=2024-03-05', `AND a.at >= ${tie - 10 * 3600} AND a.at < ${tie + 14 * 3600}`],
    [`from=2024-03-05&to=2024-03-05&manager=${rep1}`, `AND a.at >= ${tie - 10 * 3600} AND a.at < ${tie + 14 * 3600} AND c.manager_id = ${rep1}`],
  ];
  for (const [q, where] of cases) {
    const got = await walk(d, `/activities?${q}`);
    same(got.ids, where, `director, ${q}`);
    eq(got.first.count, got.ids.length, `${q}: counted`);
  }
  const ten = sql(`SELECT id FROM activities WHERE summary LIKE '同一时刻 %' ORDER BY id DESC`).split('\n').map(Number);
  const day = (await walk(d, '/activities?from=2024-03-05&to=2024-03-05')).ids;
  eq(JSON.stringify(day.filter((id) => ten.includes(id))), JSON.stringify(ten), 'the ten at one time are in that local day, by id');
  // row scope: a rep sees their own customers' records, whoever wrote them, and asks for no one else's
  const mine = await walk(r1, '/activities');
  same(mine.ids, `AND c.manager_id = ${rep1}`, 'rep1: their customers\' records only');
  same((await walk(r1, `/activities?manager=${rep2}`)).ids, `AND c.manager_id = ${rep1}`, 'a manager asked for by a rep is ignored');
  same((await walk(r1, `/activities?user=${dir}`)).ids, `AND c.manager_id = ${rep1} AND a.user_id = ${dir}`, 'rep1: the director\'s records on their customers');
  const ownPage = await r1.get('/activities');
  assert(!ownPage.text.includes('name="manager"'), 'no 客户经理 picker for a rep');
  includes(ownPage.text, 'name="user"', 'a 记录人 picker');
  includes(ownPage.text, 'href="/activities"', 'in the menu');
  // the export: what the list shows, in its order, every page, within scope
  const csv = async (s, path) => {
    const r = await download(s, path);
    eq(r.status, 200, `export ${path}`);
    assert(/^attachment; filename="activities-\d{8}\.csv"$/.test(r.headers.get('content-disposition') || ''), 'attachment');
    eq(r.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 BOM');
    return parseCsv(r.text.slice(1));
  };
  eq(all.first.export_href, '/activities/export.csv', 'export link');
  const rows = await csv(d, all.first.export_href);
  eq(rows[0].join('|'), '时间|客户编号|客户名称|地点|概要|详细信息|记录人', 'header');
  eq(rows.length - 1, all.ids.length, 'every record');
  eq(JSON.stringify(rows.slice(1, 4).map((x) => x[4])), JSON.stringify(all.first.activities.slice(0, 3).map((x) => x.summary)), 'in the list\'s order');
  const bj = await walk(d, '/activities?region=beijing');
  eq(bj.first.export_href, '/activities/export.csv?region=beijing', 'the export keeps the filters');
  eq((await csv(d, bj.first.export_href)).length - 1, bj.ids.length, 'filtered export');
  const repRows = await csv(r1, `/activities/export.csv?manager=${rep2}`);
  eq(repRows.length - 1, mine.ids.length, 'a rep\'s export is their own');
  // editing from the list returns to it (the page it was on)
  const p2 = await r1.get(mine.first.next_page);
  const link = p2.text.match(/href="(\/activities\/(\d+)\/edit\?back=[^"]+)"/);
  assert(link, 'edit links carry the page');
  const back = decodeURIComponent(link[1].replace(/&amp;/g, '&').split('back=')[1]);
  assert(back.startsWith('/activities?before_at='), `back names the list: ${back}`);
  const form = (await r1.get(link[1].replace(/&amp;/g, '&'), { json: true })).json();
  eq(form.back, back, 'the form keeps it');
  const saved = await r1.post(`/activities/${link[2]}`, { at: form.activity.at_input, summary: form.activity.summary, version: form.activity.version, back });
  eq(`${saved.status} ${saved.headers.get('location')}`, `303 ${back}`, 'back to the list');
  // a retired customer's records leave the list (its page keeps them)
  const gone = customerOf('rep1', 4);
  const before = (await walk(d, `/activities?manager=${rep1}`)).ids;
  const v = sql(`SELECT version FROM customers WHERE id = ${gone}`);
  eq((await d.post(`/customers/${gone}/retire`, { version: v })).status, 303, 'retired');
  const after = (await walk(d, `/activities?manager=${rep1}`)).ids;
  const its = sql(`SELECT id FROM activities WHERE customer_id = ${gone}`).split('\n').filter(Boolean).map(Number);
  assert(its.length >= 3, 'it had records');
  eq(JSON.stringify(after), JSON.stringify(before.filter((id) => !its.includes(id))), 'its records left, the rest stay in order');
  eq((await d.get(`/customers/${gone}/activities`, { json: true })).json().count, its.length, 'its own page keeps them');
  eq((await d.post(`/customers/${gone}/restore`, { version: sql(`SELECT version FROM customers WHERE id = ${gone}`) })).status, 303, 'restored');
  // bad input: a 400 in the user's language, never a 500; the export refuses it too
  const bad = [['region=atlantis', 'region', '请从列表中选择。'], ['level=gold', 'level', '请从列表中选择。'], [`customer=${'长'.repeat(51)}`, 'customer', '最多 50 个字符。'],
    ['user=abc', 'user', null], ['before_at=x&before=1', 'before_at', null], ['from=2024-02-30', 'from', null]];
  for (const [q, field, msg] of bad) {
    const r = await d.get(`/activities?${q}`, { json: true });
    eq(r.status, 400, `${q}: refused`);
    assert(r.json().errors[field], `${q}: names ${field}`);
    if (msg) eq(r.json().errors[field], msg, `${q}: says why`);
    eq((await download(d, `/activities/export.csv?${q}`)).status, 400, `${q}: the export too`);
  }
  includes((await d.get('/activities?region=atlantis')).text, '请从列表中选择。', 'the page says why');
  // English
  await d.post('/lang', { lang: 'en', next: '/' });
  const en = await d.get('/activities');
  includes(en.text, 'Interaction records', 'English title');
  includes(en.text, 'Recorded by', 'English column');
  eq((await csv(d, '/activities/export.csv'))[0].join('|'), 'Time|Customer no.|Customer name|Place|Summary|Details|Recorded by', 'English header');
  await d.post('/lang', { lang: 'zh-CN', next: '/' });
});

test('contacts: the 联系人 list across customers (客户管理 › 联系人): by customer 名称 in pinyin order, then as added, every page once, filtered by 客户名称, 地区, 客户等级 and 客户经理, counted, exported as shown (the import layout), within row scope; retired customers\' contacts leave it; bad input is a 400', async () => {
  const d = await signedIn('director');
  const r1 = await signedIn('rep1');
  const [rep1, rep2] = [userId('rep1'), userId('rep2')];
  // two more contacts on one customer, so a customer's contacts run across rows (and pages)
  const a = customerOf('rep1', 2);
  for (const name of ['甲联系人', '乙联系人']) eq((await d.post(`/customers/${a}/contacts`, { name })).status, 303, `${name} added`);
  const want = (where = '') => sql(`SELECT k.id FROM contacts k JOIN customers c ON c.id = k.customer_id
    WHERE c.retired = 0 ${where} ORDER BY c.name_key, c.id, k.id`).split('\n').filter(Boolean).map(Number);
  const walk = (s, path) => walkActivities(s, path, 'contacts');
  const same = (got, where, what) => eq(JSON.stringify(got), JSON.stringify(want(where)), what);
  const all = await walk(d, '/contacts');
  same(all.ids, '', 'the director: every contact once, by customer 名称 then as added');
  assert(all.ids.length > 50, `${all.ids.length} contacts over more than one page`);
  eq(all.first.count, Math.min(all.ids.length, 1001), 'counted');
  const row = all.first.contacts[0];
  for (const k of ['name', 'customer_name', 'customer_id']) assert(row[k], `a row has ${k}`);
  const name = sql(`SELECT substr(name, 1, 2) FROM customers WHERE id = ${a}`);
  for (const [q, where] of [
    ['region=beijing', "AND c.region = 'beijing'"],
    ['level=major', "AND c.level = 'major'"],
    [`manager=${rep2}`, `AND c.manager_id = ${rep2}`],
    [`manager=${rep1}&region=shanghai`, `AND c.manager_id = ${rep1} AND c.region = 'shanghai'`],
    ['level=normal&region=beijing', "AND c.level = 'normal' AND c.region = 'beijing'"],
    [`customer=${encodeURIComponent(name)}`, `AND substr(c.name, 1, 2) = '${name}'`],
    [`customer=${encodeURIComponent(name)}&manager=${rep1}`, `AND substr(c.name, 1, 2) = '${name}' AND c.manager_id = ${rep1}`],
    [`customer=${encodeURIComponent(name)}&region=beijing`, `AND substr(c.name, 1, 2) = '${name}' AND c.region = 'beijing'`],
  ]) {
    const got = await walk(d, `/contacts?${q}`);
    same(got.ids, where, `director, ${q}`);
    eq(got.first.count, got.ids.length, `${q}: counted`);
  }
  const two = all.ids.filter((id) => Number(sql(`SELECT customer_id FROM contacts WHERE id = ${id}`)) === a);
  assert(two.length >= 2, 'the customer\'s contacts are listed together');
  eq(all.ids.indexOf(two[1]) - all.ids.indexOf(two[0]), 1, 'one after the other');
  // row scope: a rep sees their own customers' contacts and asks for no one else's
  const mine = await walk(r1, '/contacts');
  same(mine.ids, `AND c.manager_id = ${rep1}`, 'rep1: their customers\' contacts only');
  same((await walk(r1, `/contacts?manager=${rep2}`)).ids, `AND c.manager_id = ${rep1}`, 'a manager asked for by a rep is ignored');
  const ownPage = await r1.get('/contacts');
  assert(!ownPage.text.includes('name="manager"'), 'no 客户经理 picker for a rep');
  includes(ownPage.text, 'href="/contacts"', 'in the menu');
  includes(ownPage.text, `href="/customers/${mine.first.contacts[0].customer_id}"`, 'each contact links its customer');
  // the export: what the list shows, in its order, every page, within scope, in the import layout
  eq(all.first.export_href, '/contacts/export.csv', 'export link');
  const csv = async (s, path) => {
    const r = await download(s, path);
    eq(r.status, 200, `export ${path}`);
    eq(r.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 BOM');
    return parseCsv(r.text.slice(1));
  };
  const rows = await csv(d, all.first.export_href);
  eq(rows[0].join('|'), '客户编号|客户名称|姓名|性别|职位|办公电话|手机|邮箱|备注|首要联系人', 'the import\'s header');
  eq(rows.length - 1, all.ids.length, 'every contact');
  eq(JSON.stringify(rows.slice(1, 51).map((x) => `${x[1]}/${x[2]}`)), JSON.stringify(all.first.contacts.map((x) => `${x.customer_name}/${x.name}`)), 'in the list\'s order');
  const bj = await walk(d, `/contacts?region=beijing&manager=${rep1}`);
  eq(bj.first.export_href, `/contacts/export.csv?region=beijing&manager=${rep1}`, 'the export keeps the filters');
  eq((await csv(d, bj.first.export_href)).length - 1, bj.ids.length, 'filtered export');
  eq((await csv(r1, `/contacts/export.csv?manager=${rep2}`)).length - 1, mine.ids.length, 'a rep\'s export is their own');
  // editing from the list returns to it (the page it was on); deleting too; a back that names no list is ignored
  const p2 = await r1.get(mine.first.next_page);
  const link = p2.text.match(/href="(\/contacts\/(\d+)\/edit\?back=[^"]+)"/);
  assert(link, 'edit links carry the page');
  const back = decodeURIComponent(link[1].replace(/&amp;/g, '&').split('back=')[1]);
  assert(back.startsWith('/contacts?after_customer='), `back names the list: ${back}`);
  const form = await r1.get(link[1].replace(/&amp;/g, '&'));
  includes(form.text, `<input type="hidden" name="back" value="${back.replace(/&/g, '&amp;')}">`, 'the form keeps it');
  includes(form.text, `href="${back.replace(/&/g, '&amp;')}">取消</a>`, '取消 goes back there');
  const k = (await r1.get(`/contacts/${link[2]}/edit`, { json: true })).json().contact;
  const saved = await r1.post(`/contacts/${link[2]}`, { name: k.name, title: '新职位', version: k.version, back });
  eq(`${saved.status} ${saved.headers.get('location')}`, `303 ${back}`, 'back to the list');
  eq(sql(`SELECT title FROM contacts WHERE id = ${link[2]}`), '新职位', 'saved');
  const cust = sql(`SELECT customer_id FROM contacts WHERE id = ${link[2]}`);
  for (const evil of ['https://example.com/contacts', '/contactsX', `/contacts?x=1\r\nSet-Cookie: a=b`, '/customers']) {
    const v2 = sql(`SELECT version FROM contacts WHERE id = ${link[2]}`);
    const r = await r1.post(`/contacts/${link[2]}`, { name: k.name, title: '新职位', version: v2, back: evil });
    eq(`${r.status} ${r.headers.get('location')}`, `303 /customers/${cust}`, `back ${JSON.stringify(evil)}: the customer's page`);
  }
  const added = await r1.post(`/customers/${cust}/contacts`, { name: '待删联系人' });
  eq(added.status, 303, 'a contact to delete');
  const gone = sql(`SELECT id FROM contacts WHERE name = '待删联系人' AND customer_id = ${cust}`);
  const del = await r1.post(`/contacts/${gone}/delete`, { version: 1, back: '/contacts?region=beijing' });
  eq(`${del.status} ${del.headers.get('location')}`, '303 /contacts?region=beijing', 'deleted, back to the list');
  // a retired customer's contacts leave the list (its page keeps them)
  const before = (await walk(d, `/contacts?manager=${rep1}`)).ids;
  eq((await d.post(`/customers/${a}/retire`, { version: sql(`SELECT version FROM customers WHERE id = ${a}`) })).status, 303, 'retired');
  const its = sql(`SELECT id FROM contacts WHERE customer_id = ${a}`).split('\n').filter(Boolean).map(Number);
  eq(JSON.stringify((await walk(d, `/contacts?manager=${rep1}`)).ids), JSON.stringify(before.filter((id) => !its.includes(id))), 'its contacts left, the rest stay in order');
  eq((await d.post(`/customers/${a}/restore`, { version: sql(`SELECT version FROM customers WHERE id = ${a}`) })).status, 303, 'restored');
  // bad input: a 400 in the user's language; the export refuses it too
  for (const [q, field, msg] of [['region=atlantis', 'region', '请从列表中选择。'], ['level=gold', 'level', '请从列表中选择。'],
    [`customer=${'长'.repeat(51)}`, 'customer', '最多 50 个字符。'], ['manager=abc', 'manager', null], ['after_customer=x&after=1', 'after_customer', null]]) {
    const r = await d.get(`/contacts?${q}`, { json: true });
    eq(r.status, 400, `${q}: refused`);
    assert(r.json().errors[field], `${q}: names ${field}`);
    if (msg) eq(r.json().errors[field], msg, `${q}: says why`);
    eq((await download(d, `/contacts/export.csv?${q}`)).status, 400, `${q}: the export too`);
  }
  includes((await d.get('/contacts?region=atlantis')).text, '请从列表中选择。', 'the page says why');
  for (const long of ['长'.repeat(50), '𠀀'.repeat(50)]) {   // the longest prefixes, 3- and 4-byte characters
    const r = await d.get(`/contacts?customer=${encodeURIComponent(long)}`, { json: true });
    eq(`${r.status} ${r.json().contacts.length}`, '200 0', 'the longest prefix: a list, empty');
    eq((await download(d, `/contacts/export.csv?customer=${encodeURIComponent(long)}`)).status, 200, 'and its export');
  }
  await d.post('/lang', { lang: 'en', next: '/' });
  const en = await d.get('/contacts');
  includes(en.text, '<h1 class="h3 mb-0">Contacts</h1>', 'English title');
  eq((await csv(d, '/contacts/export.csv?region=beijing'))[0][0], 'Customer no.', 'English header');
  await d.post('/lang', { lang: 'zh-CN', next: '/' });
});

test('home: a rep\'s work queue shows the five newest 交往记录 on their customers (as the 交往记录 list starts), linked to it; a rep with none says so; the director\'s dashboard has none', async () => {
  const r1 = await signedIn('rep1');
  const home = (await r1.get('/', { json: true })).json();
  eq(JSON.stringify(home.recent_activities.map((x) => x.id)), JSON.stringify(feedIds(`AND c.manager_id = ${userId('rep1')}`).slice(0, 5)), 'the five newest of rep1\'s customers');
  eq(JSON.stringify(home.recent_activities.map((x) => x.id)), JSON.stringify((await r1.get('/activities', { json: true })).json().activities.slice(0, 5).map((x) => x.id)), 'as the list starts');
  const page = (await r1.get('/')).text;
  includes(page, '最近的交往记录', 'the card');
  includes(page, 'href="/activities" data-testid="all-activities"', 'linked to the list');
  includes(page, `href="/customers/${home.recent_activities[0].customer_id}"`, 'each links its customer');
  includes(page, home.recent_activities[0].when, 'in local time');
  const login = unique('quiet');
  addUser(login, 'rep', '新人');
  const quiet = await signedIn(login);
  const qh = await quiet.get('/');
  includes(qh.text, '还没有交往记录。', 'a rep without records: the empty text');
  eq((await quiet.get('/', { json: true })).json().recent_activities.length, 0, 'none');
  const d = await signedIn('director');
  eq((await d.get('/', { json: true })).json().recent_activities, undefined, 'the director\'s home has no work queue');
  await r1.post('/lang', { lang: 'en', next: '/' });
  includes((await r1.get('/')).text, 'Recent interaction records', 'in English');
  await r1.post('/lang', { lang: 'zh-CN', next: '/' });
});

test('activities: the 交往记录 list oldest first (sort=at, or its 时间 header): by (时间, id) ascending, every page once under each filter and the row scope, counted as newest first, exported in that order; the header turns it back; a bad order or key is a 400', async () => {
  const d = await signedIn('director');
  const r1 = await signedIn('rep1');
  const [rep1, dir] = [userId('rep1'), userId('director')];
  const [a, b] = [customerOf('rep1', 5), customerOf('rep2', 5)];
  const tie = Date.UTC(2023, 6, 1, 2, 0) / 1000;   // six at one time: ties go by id
  const values = Array.from({ length: 6 }, (_, i) => `(${[a, b][i % 2]}, ${tie}, '', '最早排序 ${i}', '', ${i % 3 ? dir : rep1}, ${tie}, ${tie})`);
  sql(`INSERT INTO activities(customer_id, at, place, summary, detail, user_id, created_at, updated_at) VALUES ${values.join(',')}`);
  const oldest = (where) => feedIds(where, 'a.at, a.id');
  const name = sql(`SELECT substr(name, 1, 2) FROM customers WHERE id = ${a}`);
  const cases = [
    ['', ''],
    ['region=beijing', "AND c.region = 'beijing'"],
    [`manager=${rep1}`, `AND c.manager_id = ${rep1}`],
    [`user=${dir}`, `AND a.user_id = ${dir}`],
    [`customer=${encodeURIComponent(name)}`, `AND substr(c.name, 1, 2) = '${name}'`],
    ['level=major&region=shanghai', "AND c.level = 'major' AND c.region = 'shanghai'"],
    ['from=2023-07-01&to=2024-12-31', `AND a.at >= ${tie - 10 * 3600} AND a.at < ${Date.UTC(2024, 11, 31, 16) / 1000}`],
  ];
  for (const [q, where] of cases) {
    const got = await walkActivities(d, `/activities?${q}${q ? '&' : ''}sort=at`);
    eq(JSON.stringify(got.ids), JSON.stringify(oldest(where)), `director, oldest first, ${q || 'every record'}`);
    eq(got.first.count, Math.min(oldest(where).length, 1001), `${q || 'every record'}: counted`);
    if (got.first.next_page) assert(got.first.next_page.startsWith(`/activities?${q}${q ? '&' : ''}sort=at&after_at=`), `next page keeps the order: ${got.first.next_page}`);
  }
  const six = sql(`SELECT id FROM activities WHERE summary LIKE '最早排序 %' ORDER BY id`).split('\n').map(Number);
  const day = (await walkActivities(d, '/activities?from=2023-07-01&to=2023-07-01&sort=at')).ids;
  eq(JSON.stringify(day.filter((id) => six.includes(id))), JSON.stringify(six), 'the six at one time by id, ascending');
  const mine = await walkActivities(r1, `/activities?sort=at&manager=${userId('rep2')}`);
  eq(JSON.stringify(mine.ids), JSON.stringify(oldest(`AND c.manager_id = ${rep1}`)), 'rep1: their own customers\' records, oldest first');
  // the 时间 header reverses the order and keeps the filters; the select shows it
  const newest = (await d.get('/activities?region=beijing', { json: true })).json();
  eq(newest.sort_link, '/activities?region=beijing&sort=at', 'newest first: the header asks for oldest first');
  const up = await d.get('/activities?region=beijing&sort=at');
  includes(up.text, 'aria-sort="ascending"', 'the header says ascending');
  includes(up.text, '<option value="at" selected>最早在前</option>', 'the sort picker shows it');
  const upJson = (await d.get('/activities?region=beijing&sort=at', { json: true })).json();
  eq(upJson.sort_link, '/activities?region=beijing', 'oldest first: the header turns it back');
  includes((await d.get('/activities')).text, 'aria-sort="descending"', 'newest first by default');
  // the export keeps the order
  eq(upJson.export_href, '/activities/export.csv?region=beijing&sort=at', 'the export link keeps the order');
  const file = await download(d, upJson.export_href);
  eq(file.status, 200, 'exported');
  const rows = parseCsv(file.text.slice(1));
  eq(rows.length - 1, oldest("AND c.region = 'beijing'").length, 'every record');
  eq(JSON.stringify(rows.slice(1, 4).map((x) => x[4])), JSON.stringify(upJson.activities.slice(0, 3).map((x) => x.summary)), 'in the list\'s order');
  // editing from an oldest-first page returns to it
  const p2 = await d.get(upJson.next_page);
  const link = p2.text.match(/href="(\/activities\/(\d+)\/edit\?back=[^"]+)"/);
  assert(link, 'edit links carry the page');
  const back = decodeURIComponent(link[1].replace(/&amp;/g, '&').split('back=')[1]);
  assert(back.startsWith('/activities?region=beijing&sort=at&after_at='), `back names the page: ${back}`);
  const form = (await d.get(link[1].replace(/&amp;/g, '&'), { json: true })).json();
  const saved = await d.post(`/activities/${link[2]}`, { at: form.activity.at_input, summary: form.activity.summary, version: form.activity.version, back });
  eq(`${saved.status} ${saved.headers.get('location')}`, `303 ${back}`, 'back to the page');
  // bad input
  for (const [q, field] of [['sort=oldest', 'sort'], ['sort=at&after_at=x&after=1', 'after_at'], ['sort=at&after_at=1&after=-2', 'after']]) {
    const r = await d.get(`/activities?${q}`, { json: true });
    eq(r.status, 400, `${q}: refused`);
    assert(r.json().errors[field], `${q}: names ${field}`);
    eq((await download(d, `/activities/export.csv?${q}`)).status, 400, `${q}: the export too`);
  }
  await d.post('/lang', { lang: 'en', next: '/' });
  includes((await d.get('/activities?sort=at')).text, '<option value="at" selected>Oldest first</option>', 'in English');
  await d.post('/lang', { lang: 'zh-CN', next: '/' });
});

test('a 日期 range that ends before it starts is refused on every list and its export: 400 and one message, in the user\'s language', async () => {
  const s = await signedIn('director');
  const cid = customerOf('rep1');
  const range = 'from=2026-02-01&to=2026-01-31';
  for (const list of ['/customers', '/orders', '/admin/audit', `/customers/${cid}/activities`, '/activities']) {
    const page = await s.get(`${list}?${range}`, { json: true });
    eq(page.status, 400, `${list}: refused`);
    eq(page.json().errors.to, '结束日期不能早于开始日期。', `${list}: says why, on the end date`);
    eq((await s.get(`${list}?from=2026-02-01&to=2026-02-01`, { json: true })).status, 200, `${list}: one day is a range`);
  }
  for (const exp of ['/customers/export.csv', '/orders/export.csv', '/admin/audit/export.csv', `/customers/${cid}/activities/export.csv`,
    '/activities/export.csv']) {
    const r = await download(s, `${exp}?${range}`);
    eq(r.status, 400, `${exp}: refused`);
    eq(r.headers.get('content-disposition'), null, `${exp}: no file`);
  }
  await s.post('/lang', { lang: 'en', next: '/' });
  eq((await s.get(`/orders?${range}`, { json: true })).json().errors.to, 'The end date cannot be before the start date.', 'English');
  await s.post('/lang', { lang: 'zh-CN', next: '/' });
});

// ---------------------------------------------------------------- orders

test('orders: create with lines; defaults from the product; generated 订单号; total and last order date kept', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1');
  const lastBefore = sql(`SELECT COALESCE(last_order_date, '') FROM customers WHERE id = ${cid}`);
  const [p1, p2] = [activeProduct(0), activeProduct(1)];
  const [unit1, price1] = row(`SELECT unit, price FROM products WHERE id = ${p1}`);
  const form = await s.get(`/customers/${cid}/orders/new`);
  eq(form.status, 200, 'form');
  includes(form.text, 'name="product[]"', 'line fields');
  const r = await s.post(`/customers/${cid}/orders`, { date: '2031-05-06', address: '北京市海淀区中关村大街1号', ...lines([p1, 3], [], [p2, 2, 'jian', '1,234.5']) });
  eq(r.status, 303, 'created');
  const id = idFrom(r);
  eq(r.headers.get('location'), `/orders/${id}`, 'to the order');
  const [no, total, status] = row(`SELECT order_no, total, status FROM orders WHERE id = ${id}`);
  assert(/^DD20310506\d{4}$/.test(no), `generated number ${no}`);
  eq(Number(total), 3 * Number(price1) + 2 * 123450, 'total = Σ quantity × price');
  eq(sql(`SELECT line_count FROM orders WHERE id = ${id}`), '2', 'line count = the lines written');
  eq(status, 'unpaid', 'default status 未回款');
  eq(sql(`SELECT group_concat(product_id || ':' || quantity || ':' || unit || ':' || price || ':' || amount, ' ') FROM (SELECT * FROM order_lines WHERE order_id = ${id} ORDER BY id)`),
    `${p1}:3:${unit1}:${price1}:${3 * Number(price1)} ${p2}:2:jian:123450:246900`, 'lines: blank row skipped, unit and price default to the product');
  eq(sql(`SELECT last_order_date FROM customers WHERE id = ${cid}`), '2031-05-06', 'last order date follows the new order');
  const [action, , after] = lastAudit('order', id);
  eq(action, 'create', 'audited');
  eq(JSON.parse(after).lines.length, 2, 'audit image holds the lines');
  // the order page
  const view = await s.get(`/orders/${id}`);
  eq(view.status, 200, 'order page');
  includes(view.text, no, 'number shown');
  includes(view.text, '1,234.50', 'price formatted');
  includes(view.text, '2,469.00', 'amount formatted');
  const j = (await s.get(`/orders/${id}`, { json: true })).json();
  eq(j.order.total, Number(total), 'JSON total');
  eq(j.lines.length, 2, 'JSON lines');
  eq(j.order.status_label, '未回款', 'status label');
  // a second order the same day gets the next number
  const r2 = await s.post(`/customers/${cid}/orders`, { date: '2031-05-06', ...lines([p1, 1]) });
  const no2 = sql(`SELECT order_no FROM orders WHERE id = ${idFrom(r2)}`);
  eq(Number(no2.slice(10)), Number(no.slice(10)) + 1, 'per-day sequence');
  // edit: header, status and lines replaced; total recomputed
  const e = (await s.get(`/orders/${id}/edit`, { json: true })).json();
  eq(e.lines.filter((l) => l.product_id).length, 2, 'edit form holds the stored lines');
  const up = await s.post(`/orders/${id}`, { order_no: no, date: '2031-05-07', status: 'paid', address: '上海', version: e.order.version, ...lines([p2, 10, '', '5']) });
  eq(up.status, 303, 'updated');
  eq(sql(`SELECT total || '|' || status || '|' || date FROM orders WHERE id = ${id}`), '5000|paid|2031-05-07', 'total recomputed by the triggers');
  eq(sql(`SELECT count(*) FROM order_lines WHERE order_id = ${id}`), '1', 'lines replaced');
  eq(sql(`SELECT line_count FROM orders WHERE id = ${id}`), '1', 'line count kept by the triggers (2 → 1)');
  const shownLines = (await s.get(`/customers/${cid}`, { json: true })).json().orders.find((o) => o.id === id);
  eq(shownLines && shownLines.lines_text, '1 项', 'the customer page shows the kept line count');
  eq(sql(`SELECT last_order_date FROM customers WHERE id = ${cid}`), '2031-05-07', 'last order date moved');
  const [ua, ub, uaft] = lastAudit('order', id);
  eq(`${ua}|${JSON.parse(ub).lines.length}|${JSON.parse(uaft).lines.length}|${JSON.parse(uaft).status}`, 'update|2|1|paid', 'before → after with lines');
  // the 操作日志 page reads it as the fields that moved, in yuan and by the states' and units' names
  const logged = (await (await signedIn('director')).get(`/admin/audit?type=order&record=${id}&action=update`, { json: true })).json();
  const moved = Object.fromEntries(logged.entries[0].diff.map((d) => [d.label, `${d.before} → ${d.after}`]));
  eq(moved['状态'], '未回款 → 已回款', 'status by name');
  eq(moved['合计'], `${(Number(JSON.parse(ub).total) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} → 50.00`, 'total in yuan');
  assert(/^.+ × \d+ .+ @ [\d,.]+；.+ → .+ × 10 .+ @ 5\.00$/.test(moved['订单明细']), `lines: product × quantity unit @ price (${moved['订单明细']})`);
  eq(Object.keys(moved).includes('version') || Object.keys(moved).includes('updated_at'), false, 'no bookkeeping');
  // status only (no line fields sent): the lines stay
  const v2 = sql(`SELECT version FROM orders WHERE id = ${id}`);
  eq((await s.post(`/orders/${id}`, { date: '2031-05-07', status: 'unpaid', version: v2 })).status, 303, 'header-only update');
  eq(sql(`SELECT total || '|' || status FROM orders WHERE id = ${id}`), '5000|unpaid', 'lines kept');
  // delete both: the last order date goes back
  for (const oid of [idFrom(r2), id]) {
    const v = sql(`SELECT version FROM orders WHERE id = ${oid}`);
    eq((await s.post(`/orders/${oid}/delete`, { version: v })).status, 303, 'deleted');
  }
  eq(sql(`SELECT count(*) FROM order_lines WHERE order_id = ${id}`), '0', 'lines deleted with the order');
  eq(sql(`SELECT COALESCE(last_order_date, '') FROM customers WHERE id = ${cid}`), lastBefore, 'last order date restored');
  const [da, db] = lastAudit('order', id);
  eq(`${da}|${JSON.parse(db).order_no}`, `delete|${no}`, 'delete keeps the before image');
});

test('orders: the form takes each line\'s product as typed (its suggestion 名称（型号）, a name or a 型号 only one active product has); an unknown or ambiguous one names its line; a product retired since stays on its order', async () => {
  const d = await signedIn('director');
  const s = await signedIn('rep1');
  const cid = customerOf('rep1');
  const name = unique('测试投影仪'), modelA = unique('PJ-A'), modelB = unique('PJ-B'), solo = unique('测试扫描仪'), soloModel = unique('SC-');
  const add = async (n, m, price) => (await d.post('/products', { name: n, model: m, unit: 'tai', price }, { json: true })).json().id;
  const [pa, pb, ps] = [await add(name, modelA, '100'), await add(name, modelB, '200'), await add(solo, soloModel, '300')];
  const paren = unique('测试打印机（彩色）');   // full-width brackets in a name without a 型号: its label is the name
  const pp = await add(paren, '', '400');
  // the form suggests every active product once, by its label, and each line is a text field
  const form = await s.get(`/customers/${cid}/orders/new`);
  includes(form.text, `<option value="${name}（${modelA}）" data-price="100.00">`, 'a suggestion is the product\'s label, with its price');
  eq(form.text.split(`<option value="${solo}（${soloModel}）" `).length, 2, 'listed once for all the lines');
  eq(form.text.split('name="product[]" list="product-choices"').length, 6, 'five line fields use the suggestions');
  const typed = (...ls) => ({ 'product[]': ls.map((l) => l[0]), 'quantity[]': ls.map((l) => String(l[1])), 'unit[]': ls.map(() => ''), 'price[]': ls.map(() => '') });
  const r = await s.post(`/customers/${cid}/orders`, { date: '2031-07-01', ...typed([`${name}（${modelB}）`, 1], [modelA, 2], [solo, 3], [` ${soloModel} `, 4], [paren, 5]) });
  eq(r.status, 303, 'created from typed products');
  const id = idFrom(r);
  eq(sql(`SELECT group_concat(product_id || ':' || quantity || ':' || price, ' ') FROM (SELECT * FROM order_lines WHERE order_id = ${id} ORDER BY id)`),
    `${pb}:1:20000 ${pa}:2:10000 ${ps}:3:30000 ${ps}:4:30000 ${pp}:5:40000`, 'by label, by 型号, by a unique name, by 型号 with spaces around, by a name with brackets');
  // what cannot be told apart, or is not there, is refused with its line; nothing written
  const before = snapshot();
  const bad = await s.post(`/customers/${cid}/orders`, { date: '2031-07-02', ...typed([solo, 1], [name, 1], ['没有这种产品xyz', 1]) }, { json: true });
  eq(bad.status, 422, 'refused');
  eq(bad.json().error_list.map((e) => `${e.line} ${e.message}`).join(' / '),
    '2 第 2 行 产品：有多个产品是这个名称或型号，请从提示中选择带型号的一项。 / 3 第 3 行 产品：没有这个产品：请从提示中选择，或填写产品的名称或型号。',
    'the ambiguous name and the unknown text, each with its line');
  const shown = await s.post(`/customers/${cid}/orders`, { date: '2031-07-02', ...typed([solo, 1], [name, 1]) });
  includes(shown.text, `value="${name}"`, 'the form keeps what was typed');
  includes(shown.text, 'is-invalid" value', 'and marks the line');
  eq((await s.post(`/customers/${cid}/orders`, { date: '2031-07-02', 'product[]': '', 'quantity[]': '2' }, { json: true })).json().error_list[0].message,
    '第 1 行 产品：必填。', 'a quantity without a product');
  eq(snapshot(), before, 'nothing written');
  // a product retired after it was ordered (and stocked): the edit forms show it by its label and saving keeps it
  const stockLoc = unique('R-');
  eq((await d.post('/stock', { product: `${name}（${modelA}）`, warehouse: 'bj1', location: stockLoc, quantity: '3' })).status, 303, 'stocked');
  const stockId = Number(sql(`SELECT id FROM stock WHERE location = '${stockLoc}'`));
  const v = sql(`SELECT version FROM products WHERE id = ${pa}`);
  eq((await d.post(`/products/${pa}/retire`, { version: v })).status, 303, 'product retired');
  const sv = sql(`SELECT version FROM stock WHERE id = ${stockId}`);
  eq((await d.post(`/stock/${stockId}`, { product: `${name}（${modelA}）`, warehouse: 'bj1', location: stockLoc, quantity: '2', version: sv })).status,
    303, 'the stock entry saved with its retired product');
  eq(sql(`SELECT product_id || ':' || quantity FROM stock WHERE id = ${stockId}`), `${pa}:2`, 'kept');
  eq((await d.post('/stock', { product: `${name}（${modelA}）`, warehouse: 'bj1', quantity: '1' }, { json: true })).json().errors?.product,
    '没有这个产品：请从提示中选择，或填写产品的名称或型号。', 'a new entry cannot take it');
  const edit = await s.get(`/orders/${id}/edit`);
  includes(edit.text, `value="${name}（${modelA}）"`, 'the retired product shown on its line');
  assert(!edit.text.includes(`<option value="${name}（${modelA}）" `), 'but no longer suggested');
  const ov = sql(`SELECT version FROM orders WHERE id = ${id}`);
  const kept = await s.post(`/orders/${id}`, { version: ov, date: '2031-07-01', ...typed([`${name}（${modelA}）`, 5], [solo, 1]) });
  eq(kept.status, 303, 'saved with the retired product kept');
  eq(sql(`SELECT group_concat(product_id || ':' || quantity, ' ') FROM (SELECT * FROM order_lines WHERE order_id = ${id} ORDER BY id)`), `${pa}:5 ${ps}:1`, 'lines as saved');
  const fresh = await s.post(`/customers/${cid}/orders`, { date: '2031-07-03', ...typed([`${name}（${modelA}）`, 1]) }, { json: true });
  eq(fresh.json().error_list?.[0]?.message, '第 1 行 产品：没有这个产品：请从提示中选择，或填写产品的名称或型号。', 'a new order cannot take it');
});

test('orders: bad lines name their line number; header errors; nothing is written', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1');
  const p1 = activeProduct(0);
  const retired = Number(sql('SELECT id FROM products WHERE retired = 1 ORDER BY id LIMIT 1')) || null;
  await s.get(`/customers/${cid}/orders/new`);
  const before = snapshot();
  const r = await s.post(`/customers/${cid}/orders`, { date: '2031-02-03', ...lines([p1, 2], [p1, 0], ['', 5], [999999, 1], [p1, 'abc', '', '1.234'], [p1, 1, 'litre']) });
  eq(r.status, 422, 'refused');
  includes(r.text, '第 2 行 数量：超出允许范围。', 'line 2 quantity');
  includes(r.text, '第 3 行 产品：必填。', 'line 3 product missing');
  includes(r.text, '第 4 行 产品：产品不存在。', 'line 4 unknown product');
  includes(r.text, '第 5 行 数量：请输入整数。', 'line 5 quantity type');
  includes(r.text, '第 5 行 单价：请输入金额', 'line 5 price type');
  includes(r.text, '第 6 行 单位：请从列表中选择。', 'line 6 unit not in the dictionary');
  includes(r.text, 'value="abc"', 'typed line values kept');
  const j = (await s.post(`/customers/${cid}/orders`, { date: '2031-02-03', ...lines([p1, 2], [p1, -1]) }, { json: true })).json();
  eq(j.error_list.length, 1, 'one error');
  eq(j.error_list[0].line, 2, 'names line 2 in JSON');
  if (retired) includes((await s.post(`/customers/${cid}/orders`, { date: '2031-02-03', ...lines([retired, 1]) })).text,
    '第 1 行 产品：产品已停用', 'retired product refused');
  includes((await s.post(`/customers/${cid}/orders`, { date: '2031-02-03', ...lines([p1, 1000000000, '', '8999999999999.99']) })).text,
    '第 1 行 单价：金额过大。', 'amount overflow refused');
  const none = await s.post(`/customers/${cid}/orders`, { date: '2031-02-03', ...lines([], []) }, { json: true });
  eq(none.status, 422, 'no lines');
  eq(none.json().errors.lines, '订单至少需要一行明细。', 'needs a line');
  const head = await s.post(`/customers/${cid}/orders`, { date: '2031-13-01', order_no: 'DD 1', status: 'lost', address: '址'.repeat(201), ...lines([p1, 1]) }, { json: true });
  eq(head.status, 422, 'header refused');
  const he = head.json().errors;
  eq(he.date, '请输入有效日期，格式为 YYYY-MM-DD。', 'date');
  eq(he.order_no, '订单号只能包含字母、数字和连字符。', 'order number characters');
  eq(he.status, '请从列表中选择。', 'status');
  eq(he.address, '最多 200 个字符。', 'address length');
  eq((await s.post(`/customers/${cid}/orders`, { ...lines([p1, 1]) }, { json: true })).json().errors.date, '必填。', 'date required');
  const many = {};
  for (const k of ['product_id[]', 'quantity[]', 'unit[]', 'price[]']) many[k] = Array(41).fill(k === 'product_id[]' ? String(p1) : k === 'quantity[]' ? '1' : '');
  eq((await s.post(`/customers/${cid}/orders`, { date: '2031-02-03', ...many }, { json: true })).json().errors.lines, '一张订单最多 40 行明细。', 'line limit');
  eq(snapshot(), before, 'database unchanged');
  // a taken order number: 409 with the message, nothing written
  const taken = sql('SELECT order_no FROM orders ORDER BY id LIMIT 1');
  const dup = await s.post(`/customers/${cid}/orders`, { order_no: taken, date: '2031-02-03', ...lines([p1, 1]) });
  eq(dup.status, 409, 'duplicate number');
  includes(dup.text, '该订单号已被使用。', 'message');
  eq(snapshot().replace(/n\|order:[^\n]*\n?/g, ''), before.replace(/n\|order:[^\n]*\n?/g, ''), 'database unchanged');
});

test('orders: a stale version is refused with 409; the other change stays', async () => {
  const s = await signedIn('rep1');
  const other = await signedIn('director');
  const cid = customerOf('rep1');
  const p1 = activeProduct(0);
  await s.get(`/customers/${cid}/orders/new`);
  const id = (await s.post(`/customers/${cid}/orders`, { date: '2026-01-10', ...lines([p1, 1, '', '10']) }, { json: true })).json().id;
  const e = (await s.get(`/orders/${id}/edit`, { json: true })).json();
  await other.get(`/orders/${id}/edit`);
  eq((await other.post(`/orders/${id}`, { date: '2026-01-10', status: 'paid', version: e.order.version })).status, 303, 'director saves first');
  const before = snapshot();
  const stale = await s.post(`/orders/${id}`, { date: '2026-01-11', status: 'unpaid', version: e.order.version, ...lines([p1, 9]) });
  eq(stale.status, 409, 'stale');
  includes(stale.text, '其他人已修改了这条记录', 'message');
  includes(stale.text, '2026-01-11', 'my values shown');
  eq(snapshot(), before, 'nothing written');
  eq(sql(`SELECT status || '|' || total FROM orders WHERE id = ${id}`), 'paid|1000', "the director's change stands");
  eq((await s.post(`/orders/${id}/delete`, { version: e.order.version }, { json: true })).status, 409, 'stale delete');
  eq((await s.post(`/orders/${id}/delete`, { version: e.order.version + 1 })).status, 303, 'delete');
});

test('orders: the list filters by customer name prefix, status and dates, pages by key, within row scope', async () => {
  const s = await signedIn('director');
  const all = (await s.get('/orders', { json: true })).json();
  eq(all.orders.length, 50, 'first page of 50');
  assert(all.next_page, 'a next page link');
  const keys = all.orders.map((o) => `${o.date}|${String(o.id).padStart(9, '0')}`);
  eq(JSON.stringify(keys), JSON.stringify([...keys].sort().reverse()), 'newest first by (date, id)');
  const p2 = (await s.get(all.next_page, { json: true })).json();
  const last = all.orders[49];
  assert(p2.orders.length > 0, 'second page');
  assert(p2.orders.every((o) => o.date < last.date || (o.date === last.date && o.id < last.id)), 'second page continues after the first');
  eq(new Set([...all.orders, ...p2.orders].map((o) => o.id)).size, all.orders.length + p2.orders.length, 'no overlap');
  // filters
  const name = sql(`SELECT c.name FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.id LIMIT 1`);
  const prefix = name.slice(0, 4);
  const byName = (await s.get(`/orders?customer=${encodeURIComponent(prefix)}`, { json: true })).json();
  assert(byName.orders.length > 0, 'found by prefix');
  assert(byName.orders.every((o) => o.customer_name.startsWith(prefix)), 'every row starts with the prefix');
  eq(byName.filter.customer, prefix, 'filter kept');
  const want = Math.min(50, Number(sql(`SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE substr(c.name, 1, 4) = '${prefix}'`)));
  eq(byName.orders.length, want, 'count matches the database');
  const paid = (await s.get('/orders?status=paid&from=2025-01-01&to=2025-06-30', { json: true })).json();
  assert(paid.orders.every((o) => o.status === 'paid' && o.date >= '2025-01-01' && o.date <= '2025-06-30'), 'status and date range');
  eq(paid.orders.length, Math.min(50, Number(sql("SELECT count(*) FROM orders WHERE status = 'paid' AND date BETWEEN '2025-01-01' AND '2025-06-30'"))), 'all matching rows');
  const html = await s.get(`/orders?customer=${encodeURIComponent(prefix)}&status=paid`);
  includes(html.text, `value="${prefix}"`, 'filter value kept in the form');
  // the date pair is labelled as one field (下单日期 … 至 …), and one link clears every filter
  includes(html.text, '<span class="input-group-text">下单日期</span>', 'date range label');
  includes(html.text, '<a class="btn btn-link text-nowrap" href="/orders" data-testid="order-clear">清除筛选</a>', 'clear filters link');
  includes((await s.get('/orders?customer=不存在的客户名称XYZ')).text, '没有符合条件的订单。', 'empty state');
  const bad = await s.get('/orders?from=2025-02-30&status=lost', { json: true });
  eq(bad.status, 400, 'bad filter refused');
  eq(bad.json().errors.from, '请输入有效日期，格式为 YYYY-MM-DD。', 'date message');
  // row scope: rep1 sees only orders of rep1's customers
  const rep = await signedIn('rep1');
  const mine = (await rep.get('/orders', { json: true })).json();
  const rep1 = userId('rep1');
  const owned = new Set(sql(`SELECT id FROM customers WHERE manager_id = ${rep1}`).split('\n').map(Number));
  assert(mine.orders.length > 0, 'rep1 has orders');
  assert(mine.orders.every((o) => owned.has(o.customer_id)), 'only own customers');
  const rep2Name = sql(`SELECT c.name FROM customers c WHERE c.id = ${customerOf('rep2')}`);
  eq((await rep.get(`/orders?customer=${encodeURIComponent(rep2Name)}`, { json: true })).json().orders.length, 0, "rep2's customer's orders absent");
  // 客户经理: whoever sees all picks one manager's customers' orders; a rep's list stays their own
  const rep2 = userId('rep2');
  const ofRep2 = (where = '1') => Number(sql(`SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE c.retired = 0 AND c.manager_id = ${rep2} AND ${where}`));
  const byManager = (await s.get(`/orders?manager=${rep2}&status=paid`, { json: true })).json();
  const rep2Customers = new Set(sql(`SELECT id FROM customers WHERE manager_id = ${rep2}`).split('\n').map(Number));
  eq(byManager.orders.length, Math.min(50, ofRep2("o.status = 'paid'")), 'a page of that manager\'s paid orders');
  assert(byManager.orders.every((o) => rep2Customers.has(o.customer_id) && o.status === 'paid'), 'only theirs');
  eq(byManager.count, Math.min(1001, ofRep2("o.status = 'paid'")), 'counted');
  assert(byManager.managers.some((m) => m.id === rep2 && m.selected), 'the picker shows the choice');
  assert(byManager.export_href.includes(`manager=${rep2}`) && byManager.sort_links.total.includes(`manager=${rep2}`), 'the export and sorts keep it');
  if (byManager.next_page) {
    assert(byManager.next_page.includes(`manager=${rep2}`), 'the next page keeps it');
    const next = (await s.get(byManager.next_page, { json: true })).json();
    assert(next.orders.every((o) => rep2Customers.has(o.customer_id)), 'and lists only theirs');
  }
  const file = await download(s, `/orders/export.csv?manager=${rep2}&status=paid`);
  eq(file.status, 200, 'export');
  const lines = Number(sql(`SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN order_lines l ON l.order_id = o.id
    WHERE c.retired = 0 AND c.manager_id = ${rep2} AND o.status = 'paid'`));
  eq(parseCsv(file.text.slice(1)).length - 1, lines, 'the export: every line of those orders');
  includes((await s.get(`/orders?manager=${rep2}`)).text, `<option value="${rep2}" selected>李娜</option>`, 'the HTML picker');
  const repTry = (await rep.get(`/orders?manager=${rep2}`, { json: true })).json();
  assert(repTry.orders.every((o) => owned.has(o.customer_id)) && !repTry.managers, 'a rep: their own orders, no picker');
  eq((await s.get('/orders?manager=abc', { json: true })).status, 400, 'a malformed manager refused');
  // 地区: the orders of the region's customers, in every sort, with the other filters, counted and exported
  const region = sql("SELECT c.region FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.retired = 0 GROUP BY c.region ORDER BY count(*) DESC LIMIT 1");
  const inRegion = (where = '1') => sql(`SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id
    WHERE c.retired = 0 AND c.region = '${region}' AND ${where}`).split('\n').filter(Boolean).map(Number);
  const orderBy = { '-date': 'o.date DESC, o.id DESC', date: 'o.date, o.id', '-total': 'o.total DESC, o.id DESC', total: 'o.total, o.id' };
  for (const [sort, by] of Object.entries(orderBy)) {
    const page = (await s.get(`/orders?region=${region}&sort=${sort}`, { json: true })).json();
    const want = sql(`SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.retired = 0 AND c.region = '${region}'
      ORDER BY ${by} LIMIT 50`).split('\n').map(Number);
    eq(page.orders.map((o) => o.id).join(), want.join(), `region, sorted ${sort}: the database's first page`);
    if (page.next_page) {
      assert(page.next_page.includes(`region=${region}`), 'the next page keeps the region');
      const next = (await s.get(page.next_page, { json: true })).json();
      const want2 = sql(`SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.retired = 0 AND c.region = '${region}'
        ORDER BY ${by} LIMIT 50 OFFSET 50`).split('\n').filter(Boolean).map(Number);
      eq(next.orders.map((o) => o.id).join(), want2.join(), `region, sorted ${sort}: the second page`);
    }
  }
  const rc = (await s.get(`/orders?region=${region}&status=paid`, { json: true })).json();
  eq(rc.count, Math.min(1001, inRegion("o.status = 'paid'").length), 'region and status counted');
  const both = (await s.get(`/orders?region=${region}&manager=${rep2}`, { json: true })).json();
  eq(both.count, Math.min(1001, inRegion(`c.manager_id = ${rep2}`).length), 'with a manager');
  assert(both.orders.every((o) => rep2Customers.has(o.customer_id)), 'their customers only');
  const regionNames = sql(`SELECT c.name FROM customers c WHERE c.region = '${region}' AND c.retired = 0 AND c.id IN (SELECT customer_id FROM orders) LIMIT 1`);
  const pre = regionNames.slice(0, 2);
  const named = (await s.get(`/orders?region=${region}&customer=${encodeURIComponent(pre)}`, { json: true })).json();
  eq(named.count, Math.min(1001, inRegion(`substr(c.name, 1, 2) = '${pre}'`).length), 'with a name prefix');
  const regionFile = await download(s, `/orders/export.csv?region=${region}&status=paid`);
  eq(new Set(parseCsv(regionFile.text.slice(1)).slice(1).map((r) => r[0])).size, inRegion("o.status = 'paid'").length, 'the export: every such order');
  includes((await s.get(`/orders?region=${region}`)).text, `<option value="${region}" selected>`, 'the picker shows the choice');
  const repRegion = (await rep.get(`/orders?region=${region}`, { json: true })).json();
  assert(repRegion.orders.every((o) => owned.has(o.customer_id)), 'a rep: their own customers in the region');
  const badRegion = await s.get('/orders?region=atlantis', { json: true });
  eq(badRegion.status, 400, 'an unknown region refused');
  eq(badRegion.json().errors.region, '请从列表中选择。', 'in words');
  eq((await download(s, '/orders/export.csv?region=atlantis')).status, 400, 'and by the export');
  // 客户等级 likewise, alone and with the region
  const level = sql("SELECT c.level FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.retired = 0 GROUP BY c.level ORDER BY count(*) DESC LIMIT 1");
  for (const [sort, by] of Object.entries(orderBy)) {
    const page = (await s.get(`/orders?level=${level}&sort=${sort}`, { json: true })).json();
    const want = sql(`SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.retired = 0 AND c.level = '${level}'
      ORDER BY ${by} LIMIT 50`).split('\n').map(Number);
    eq(page.orders.map((o) => o.id).join(), want.join(), `level, sorted ${sort}: the database's first page`);
  }
  const lv = (await s.get(`/orders?level=${level}&region=${region}`, { json: true })).json();
  eq(lv.count, Math.min(1001, inRegion(`c.level = '${level}'`).length), 'level and region counted');
  assert(lv.export_href.includes(`level=${level}`) && lv.export_href.includes(`region=${region}`), 'the export link keeps both');
  const levelFile = await download(s, `/orders/export.csv?level=${level}&region=${region}`);
  eq(new Set(parseCsv(levelFile.text.slice(1)).slice(1).map((r) => r[0])).size, inRegion(`c.level = '${level}'`).length, 'the export: every such order');
  includes((await s.get(`/orders?level=${level}`)).text, `<option value="${level}" selected>`, 'the level picker shows the choice');
  const badLevel = await s.get('/orders?level=emperor', { json: true });
  eq(`${badLevel.status}|${badLevel.json().errors.level}`, '400|请从列表中选择。', 'an unknown level refused');
});

test('orders: one customer\'s orders (customer_id, the customer page\'s 全部订单 link): exactly theirs, named above the list, kept by the filters, within row scope', async () => {
  const s = await signedIn('director');
  // a customer whose name begins another's, so a name prefix would also list the other's orders
  const cid = Number(sql(`SELECT o.customer_id FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.retired = 0
    GROUP BY o.customer_id HAVING count(*) >= 2 ORDER BY count(*) DESC LIMIT 1`));
  const [name, no, manager] = sql(`SELECT name, no, (SELECT login FROM users WHERE id = manager_id) FROM customers WHERE id = ${cid}`).split('|');
  const theirs = (where = '1') => sql(`SELECT id FROM orders WHERE customer_id = ${cid} AND ${where} ORDER BY date DESC, id DESC`).split('\n').map(Number);
  const page = (await s.get(`/customers/${cid}`)).text;
  includes(page, `href="/orders?customer_id=${cid}"`, 'the customer page links to all its orders');
  const list = (await s.get(`/orders?customer_id=${cid}`, { json: true })).json();
  eq(JSON.stringify(list.orders.map((o) => o.id)), JSON.stringify(theirs().slice(0, 50)), 'exactly its orders, newest first');
  eq(list.count_text, String(theirs().length), 'counted');
  eq(list.for_customer.name, name, 'named');
  eq(list.for_customer.clear_href, '/orders', 'a link drops the customer');
  const paid = (await s.get(`/orders?customer_id=${cid}&status=paid&sort=-total`, { json: true })).json();
  eq(paid.orders.length, theirs("status = 'paid'").length, 'with a status');
  assert(paid.sort_links.date.includes(`customer_id=${cid}`) && paid.export_href.includes(`customer_id=${cid}`), 'sort links and export keep it');
  eq(paid.for_customer.clear_href, '/orders?status=paid', 'dropping the customer keeps the other filters');
  const html = (await s.get(`/orders?customer_id=${cid}`)).text;
  includes(html, `<input type="hidden" name="customer_id" value="${cid}">`, 'the filter form keeps it');
  includes(html, `<a href="/customers/${cid}">${name}</a> <span class="text-muted">${no}</span>`, 'the customer above the list');
  // row scope: the manager sees them; another rep is answered as for a customer that does not exist
  const owner = await signedIn(manager);
  eq((await owner.get(`/orders?customer_id=${cid}`, { json: true })).json().orders.length, Math.min(theirs().length, 50), 'its manager sees them');
  const other = await signedIn(manager === 'rep1' ? 'rep2' : 'rep1');
  const hidden = await other.get(`/orders?customer_id=${cid}`, { json: true });
  eq(hidden.status, 404, "another rep's customer: 404");
  assert(!hidden.text.includes(name), "another rep's customer: no name");
  eq((await s.get('/orders?customer_id=999999999')).status, 404, 'a customer that does not exist: 404');
  eq((await s.get('/orders?customer_id=abc', { json: true })).status, 400, 'a malformed id is refused');
});

test('orders: the list shows how many orders match (exact up to 1,000, then "1,000+"), within row scope', async () => {
  const s = await signedIn('director');
  const live = 'FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.retired = 0';
  const n = (where) => Number(sql(`SELECT count(*) ${live} AND ${where}`));
  const text = (k) => (k > 1000 ? '1,000+' : k >= 1000 ? '1,000' : String(k));
  const paid = (await s.get('/orders?status=paid&from=2025-01-01&to=2025-06-30', { json: true })).json();
  eq(paid.count_text, text(n("o.status = 'paid' AND o.date BETWEEN '2025-01-01' AND '2025-06-30'")), 'filtered count');
  const all = (await s.get('/orders', { json: true })).json();
  const total = n('1');
  eq(all.count, Math.min(total, 1001), 'the count stops after the cap');
  eq(all.count_text, text(total), 'shown capped');
  includes((await s.get('/orders?status=paid&from=2025-01-01&to=2025-06-30')).text, `共 ${paid.count_text} 张订单`, 'on the page');
  eq((await s.get(all.next_page, { json: true })).json().count_text, undefined, 'later pages do not count again');
  const rep = await signedIn('rep1');
  const mine = (await rep.get('/orders', { json: true })).json();
  eq(mine.count_text, text(n(`c.manager_id = ${userId('rep1')}`)), "a rep's count covers only their customers");
  const none = (await s.get(`/orders?customer=${encodeURIComponent('不存在的客户名称XYZ')}`, { json: true })).json();
  eq(none.count_text, '0', 'nothing matches: 0');
  // a customer-name prefix (the customer-driven plan, counted by its own statement), alone and with
  // a status and a date range, for the director and within a rep's scope
  const prefix = sql(`SELECT substr(c.name, 1, 2) AS p ${live} GROUP BY p ORDER BY count(*) DESC, p LIMIT 1`);
  const like = `substr(c.name, 1, ${prefix.length}) = '${prefix}'`;
  const byPrefix = (await s.get(`/orders?customer=${encodeURIComponent(prefix)}`, { json: true })).json();
  eq(byPrefix.count_text, text(n(like)), `count for the prefix ${prefix}`);
  const q = `customer=${encodeURIComponent(prefix)}&status=unpaid&from=2025-01-01&to=2025-12-31`;
  const inRange = `${like} AND o.status = 'unpaid' AND o.date BETWEEN '2025-01-01' AND '2025-12-31'`;
  assert(n(inRange) > 0 && n(`${like} AND o.status = 'unpaid'`) > n(inRange), 'the range keeps some of the orders');
  eq((await s.get(`/orders?${q}`, { json: true })).json().count_text, text(n(inRange)), 'prefix, status and dates');
  eq((await rep.get(`/orders?${q}`, { json: true })).json().count_text,
    text(n(`${inRange} AND c.manager_id = ${userId('rep1')}`)), "the same within rep1's scope");
});

// Walks every page of an order list URL as session s (JSON, following next_page); returns the pages,
// each the rows {id, date, total} in order. Every page before the last is full and keeps the sort.
async function walkOrders(s, url, sort) {
  const pages = [];
  for (let next = url; next;) {
    assert(pages.length < 100, 'too many pages');
    const r = await s.get(next, { json: true });
    eq(r.status, 200, `page ${next}`);
    const j = r.json();
    pages.push(j.orders.map((o) => ({ id: o.id, date: o.date, total: o.total })));
    if (j.next_page) {
      eq(j.orders.length, 50, `a page before the last is full (${next})`);
      includes(j.next_page, `sort=${sort}&`, 'the next page keeps the sort');
    }
    next = j.next_page;
  }
  return pages;
}
const ORDER_BY = { '-date': 'o.date DESC, o.id DESC', date: 'o.date, o.id', '-total': 'o.total DESC, o.id DESC', total: 'o.total, o.id' };
// The ids the order list should show, from SQL: live customers only, the filters as WHERE terms.
const sqlOrderIds = (where, order) => sql(`SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id
  WHERE c.retired = 0 AND ${where} ORDER BY ${order}`).split('\n').filter(Boolean).map(Number);

test('orders: each sort (日期, 金额, both ways) walks every page in SQL\'s order, ties by id, for the director and a rep, with every filter', async () => {
  // orders with equal amounts (more than a page of one amount per rep) and equal dates, on both reps'
  // customers, several of them 北京…, paid and unpaid
  const d = await signedIn('director');
  const custs = sql(`SELECT c.id FROM customers c JOIN users u ON u.id = c.manager_id WHERE c.retired = 0 AND u.login IN ('rep1', 'rep2')
    ORDER BY substr(c.name, 1, 2) = '北京' DESC, c.id LIMIT 12`).split('\n').map(Number);
  const p1 = activeProduct(0);
  await d.get(`/customers/${custs[0]}/orders/new`);
  for (let i = 0; i < 150; i++) {
    const r = await d.post(`/customers/${custs[i % custs.length]}/orders`, {
      date: i % 2 ? '2024-03-15' : '2024-03-16', status: i % 3 ? 'paid' : 'unpaid', ...lines([p1, 1, '', i % 5 ? '66.60' : '88.80']),
    }, { json: true });
    eq(r.status, 200, `order ${i} added (${r.text.slice(0, 200)})`);
  }
  const rep1 = userId('rep1');
  const filters = [
    ['', '1'],
    ['status=unpaid&', "o.status = 'unpaid'"],
    [`customer=${encodeURIComponent('北京')}&`, "substr(c.name, 1, 2) = '北京'"],
    [`customer=${encodeURIComponent('北京')}&status=paid&`, "substr(c.name, 1, 2) = '北京' AND o.status = 'paid'"],
    ['from=2024-03-01&to=2024-03-31&', "o.date BETWEEN '2024-03-01' AND '2024-03-31'"],
  ];
  for (const [login, scope] of [['director', '1'], ['rep1', `c.manager_id = ${rep1}`]]) {
    const s = login === 'director' ? d : await signedIn(login);
    const first = (await s.get('/orders', { json: true })).json();
    for (const sort of Object.keys(ORDER_BY)) {
      for (const [qs, where] of filters) {
        const pages = await walkOrders(s, `/orders?${qs}sort=${sort}`, sort);
        const got = pages.flat().map((o) => o.id);
        const want = sqlOrderIds(`${scope} AND ${where}`, ORDER_BY[sort]);
        eq(new Set(got).size, got.length, `${login} ${qs}sort=${sort}: no repeats`);
        eq(got.join(','), want.join(','), `${login} ${qs}sort=${sort}: every order once, in SQL's order`);
        if (!qs) {
          assert(pages.length > 2, `${login} sort=${sort}: more than two pages (${pages.length})`);
          // a page boundary inside a run of equal values: the id decides where the next page starts
          const key = sort.endsWith('total') ? 'total' : 'date';
          if (key === 'total' || login === 'director')
            assert(pages.some((p, i) => i > 0 && pages[i - 1].at(-1)[key] === p[0][key]), `${login} sort=${sort}: a tie spans two pages`);
        }
      }
      // the count does not depend on the order
      eq((await s.get(`/orders?sort=${sort}`, { json: true })).json().count_text, first.count_text, `${login} sort=${sort}: same count`);
    }
  }
});

test('orders: the sort menu and the 日期 / 金额 headers (aria-sort); the export follows the sort; bad sorts and keysets get a 400 in the user\'s language, never a 500', async () => {
  const s = await signedIn('director');
  const page = (await s.get('/orders?status=paid&sort=-total')).text;
  includes(page, '<option value="-total" selected>金额从高到低</option>', 'the chosen order is shown');
  includes(page, '<option value="date">日期从旧到新</option>', 'the other orders are offered');
  includes(page, 'aria-sort="descending"><a class="link-dark" href="/orders?status=paid&amp;sort=total" data-testid="sort-total">', '金额 is sorted; its header reverses it, keeping the filter');
  includes(page, '<a class="link-dark" href="/orders?status=paid&amp;sort=-date" data-testid="sort-date">', '日期 header: newest first');
  eq((page.match(/aria-sort=/g) || []).length, 1, 'one sorted column');
  const byDate = (await s.get('/orders?sort=date')).text;
  includes(byDate, 'aria-sort="ascending"><a class="link-dark" href="/orders?sort=-date" data-testid="sort-date">', '日期 ascending; its header reverses it');
  const j = (await s.get('/orders?status=paid&sort=total', { json: true })).json();
  eq(j.export_href, '/orders/export.csv?status=paid&sort=total', 'the export link keeps the filter and the order');
  eq((await s.get('/orders?status=paid', { json: true })).json().export_href, '/orders/export.csv?status=paid', 'the default order is left out');
  // the export in that order: order numbers as the list shows them
  const csv = (await s.get(j.export_href)).text.replace(/^\uFEFF/, '').split(/\r?\n/).slice(1).filter(Boolean).map((l) => l.split(',')[0]);
  const nos = csv.filter((no, i) => i === 0 || csv[i - 1] !== no);
  eq(nos.join(','), sql(`SELECT o.order_no FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.retired = 0 AND o.status = 'paid'
    ORDER BY o.total, o.id`).split('\n').join(','), 'the export holds the orders in the list\'s order');
  // bad sorts and keysets: 400 with the field's message, in Chinese
  const bad = await s.get('/orders?sort=amount', { json: true });
  eq(bad.status, 400, 'an unknown order is refused');
  eq(bad.json().errors.sort, '请从列表中选择。', 'Chinese message for the sort');
  includes((await s.get('/orders?sort=amount')).text, '排序：请从列表中选择。', 'the page names the field');
  const cases = [
    ['sort=-total&after_total=abc&after_id=5', 'after_total', '请输入整数。'],
    ['sort=total&after_total=99999999999999999999&after_id=5', 'after_total', '超出允许范围。'],
    ['sort=date&after_date=2024-02-30&after_id=5', 'after_date', '请输入有效日期，格式为 YYYY-MM-DD。'],
    ['after_date=2024-01-01&after_id=-3', 'after_id', null],
    ['sort=-date&after_date=2024-01-01&after_id=x', 'after_id', null],
  ];
  for (const [qs, field, message] of cases) {
    const r = await s.get(`/orders?${qs}`, { json: true });
    eq(r.status, 400, `${qs}: refused`);
    assert(r.json().errors[field], `${qs}: ${field} named`);
    if (message) eq(r.json().errors[field], message, `${qs}: message`);
  }
  // half a keyset, or the other sort's key: the first page
  const top = (await s.get('/orders?sort=-total', { json: true })).json();
  for (const qs of ['sort=-total&after_id=5', 'sort=-total&after_total=100', 'sort=-total&after_date=2024-01-01&after_id=5']) {
    const r = await s.get(`/orders?${qs}`, { json: true });
    eq(r.status, 200, `${qs}: answered`);
    eq(r.json().orders.map((o) => o.id).join(','), top.orders.map((o) => o.id).join(','), `${qs}: the first page`);
  }
  // an old next-page link (after_date and after_id, no sort) still continues newest first
  const first = (await s.get('/orders', { json: true })).json();
  const last = first.orders.at(-1);
  const old = (await s.get(`/orders?after_date=${last.date}&after_id=${last.id}`, { json: true })).json();
  eq(old.orders.map((o) => o.id).join(','), (await s.get(first.next_page, { json: true })).json().orders.map((o) => o.id).join(','), 'an old link gives the second page');
  // odd inputs never give a 500
  for (const qs of ['sort=', 'sort=-', 'sort=%FF', 'sort=-date&sort=total', 'after_total=-9223372036854775808&after_id=1&sort=total',
    'after_total=9223372036854775807&after_id=9007199254740992&sort=-total', 'after_date=9999-12-31&after_id=1&sort=date&from=2025-01-01&to=2024-01-01']) {
    const r = await s.get(`/orders?${qs}`, { json: true });
    assert(r.status === 200 || r.status === 400, `${qs}: ${r.status}`);
  }
  // in English
  await s.post('/lang', { lang: 'en', next: '/' });
  try {
    const en = await s.get('/orders?sort=amount', { json: true });
    eq(en.status, 400, 'refused in English too');
    eq(en.json().errors.sort, 'Choose a value from the list.', 'English message');
    includes((await s.get('/orders?sort=-total')).text, '<option value="-total" selected>Largest amount first</option>', 'English menu');
  } finally {
    await s.post('/lang', { lang: 'zh-CN', next: '/' });
  }
});

// ---------------------------------------------------------------- row scope

test("row scope (contacts, activities, orders): rep1 gets 404 for rep2's customer's records on every page and in JSON, nothing written", async () => {
  const rep2 = await signedIn('rep2');
  const c2 = customerOf('rep2');
  const p1 = activeProduct(0);
  await rep2.get(`/customers/${c2}/contacts/new`);
  const contact = (await rep2.post(`/customers/${c2}/contacts`, { name: '李娜的联系人' }, { json: true })).json().id;
  const activity = (await rep2.post(`/customers/${c2}/activities`, { at: '2026-01-02 10:00', summary: '李娜的拜访' }, { json: true })).json().id;
  const order = (await rep2.post(`/customers/${c2}/orders`, { date: '2026-01-02', ...lines([p1, 1]) }, { json: true })).json().id;
  assert(contact && activity && order, 'rep2 made records');
  const rep1 = await signedIn('rep1');
  const before = snapshot();
  const gets = [`/customers/${c2}/contacts/new`, `/contacts/${contact}/edit`, `/customers/${c2}/activities/new`, `/activities/${activity}/edit`,
    `/customers/${c2}/orders/new`, `/orders/${order}`, `/orders/${order}/edit`];
  for (const path of gets) {
    eq((await rep1.get(path)).status, 404, `GET ${path}`);
    const j = await rep1.get(path, { json: true });
    eq(j.status, 404, `GET ${path} (JSON)`);
    eq(j.json().error_key, 'err.not_found', `${path}: same answer as a missing record`);
    assert(!j.text.includes('李娜'), `${path}: nothing leaks`);
  }
  const posts = [
    [`/customers/${c2}/contacts`, { name: '越权' }], [`/contacts/${contact}`, { name: '越权', version: '1' }], [`/contacts/${contact}/delete`, { version: '1' }],
    [`/customers/${c2}/activities`, { at: '2026-01-02 10:00', summary: '越权' }], [`/activities/${activity}`, { at: '2026-01-02 10:00', summary: '越权', version: '1' }],
    [`/activities/${activity}/delete`, { version: '1' }],
    [`/customers/${c2}/orders`, { date: '2026-01-02', ...lines([p1, 1]) }], [`/orders/${order}`, { date: '2026-01-02', version: '1' }], [`/orders/${order}/delete`, { version: '1' }],
  ];
  for (const [path, fields] of posts) {
    eq((await rep1.post(path, fields)).status, 404, `POST ${path}`);
    eq((await rep1.post(path, fields, { json: true })).status, 404, `POST ${path} (JSON)`);
  }
  eq(snapshot(), before, 'nothing written by rep1');
  // a record that does not exist answers the same
  eq((await rep1.get('/contacts/99999999/edit')).status, 404, 'missing contact');
  eq((await rep1.get('/orders/99999999')).status, 404, 'missing order');
  // rep2 and the director still reach them
  eq((await rep2.get(`/orders/${order}`)).status, 200, 'owner sees the order');
  const director = await signedIn('director');
  eq((await director.get(`/contacts/${contact}/edit`)).status, 200, 'director sees every customer');
  // the executive may look (customer.view) but not change (customer.edit)
  const exec = await signedIn('exec');
  eq((await exec.get(`/orders/${order}`)).status, 200, 'executive views the order');
  eq((await exec.get(`/orders/${order}/edit`)).status, 403, 'executive cannot edit');
  eq((await exec.post(`/contacts/${contact}`, { name: 'x', version: '1' })).status, 403, 'executive cannot change a contact');
  for (const [path, table, id] of [[`/contacts/${contact}/delete`, 'contacts', contact], [`/activities/${activity}/delete`, 'activities', activity], [`/orders/${order}/delete`, 'orders', order]])
    eq((await rep2.post(path, { version: sql(`SELECT version FROM ${table} WHERE id = ${id}`) })).status, 303, `cleanup ${path}`);
});

test('contacts: a customer with more contacts than its page lists (50) shows the first, its primary contact first, and links all of them: /contacts?customer_id= pages through exactly theirs, exports them, within row scope', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1', 7);
  const have = Number(sql(`SELECT count(*) FROM contacts WHERE customer_id = ${cid}`));
  for (let i = have; i < 53; i++) {
    const r = await s.post(`/customers/${cid}/contacts`, { name: `联系人${String(i).padStart(2, '0')}`, is_primary: i === 52 ? '1' : '' });
    eq(r.status, 303, `contact ${i} added`);
  }
  const ids = sql(`SELECT id FROM contacts WHERE customer_id = ${cid} ORDER BY id`).split('\n').map(Number);
  const primary = Number(sql(`SELECT id FROM contacts WHERE customer_id = ${cid} AND is_primary = 1`));
  eq(primary, ids[52], 'the primary contact is the newest, past the first 50 by id');
  const page = (await s.get(`/customers/${cid}`, { json: true })).json();
  eq(page.contacts.length, 50, 'the page lists 50');
  eq(page.contacts.map((k) => k.id).join(), [primary, ...ids.slice(0, 49)].join(), 'the primary first, then the first by id');
  eq(JSON.stringify(page.contacts_more), JSON.stringify({ text: '共 53 位联系人，这里列出前 50 位。', href: `/contacts?customer_id=${cid}` }), 'and says how many, linking all');
  includes((await s.get(`/customers/${cid}`)).text, `共 53 位联系人，这里列出前 50 位。 <a href="/contacts?customer_id=${cid}">查看全部联系人</a>`, 'shown under the table');
  // the link: one customer's contacts, by id, two pages, counted, exported
  const all = await walkActivities(s, `/contacts?customer_id=${cid}`, 'contacts');
  eq(all.ids.join(), ids.join(), 'every contact of the customer once, in the order they were added');
  eq(all.first.count, 53, 'counted');
  eq(all.first.one_customer.id, cid, 'naming the customer');
  eq(all.first.export_href, `/contacts/export.csv?customer_id=${cid}`, 'its export is the customer\'s');
  const html = (await s.get(`/contacts?customer_id=${cid}`)).text;
  includes(html, 'data-testid="one-customer"', 'the customer named above the list');
  assert(!html.includes('data-testid="contact-filter"'), 'without the filters of the list across customers');
  eq(html.split(`<a href="/customers/${cid}">`).length, 2, 'and without a 客户 column repeating it on every row');
  // another rep's customer answers 404; a malformed id 400; a customer with few contacts shows them all
  eq((await (await signedIn('rep2')).get(`/contacts?customer_id=${cid}`)).status, 404, 'out of scope');
  eq((await s.get('/contacts?customer_id=abc')).status, 400, 'malformed');
  const few = (await s.get(`/customers/${customerOf('rep1', 8)}`, { json: true })).json();
  assert(!('contacts_more' in few) && few.contacts.length < 50, 'no link when all are listed');
});

test('contacts, activities and orders cannot be added to a retired customer', async () => {
  const s = await signedIn('director');
  const cid = Number(sql('SELECT id FROM customers WHERE retired = 1 ORDER BY id LIMIT 1'));
  if (!cid) { console.log('       (no retired customer in the seed: skipped)'); return; }
  await s.get(`/customers/${cid}/contacts/new`);
  const before = snapshot();
  const r = await s.post(`/customers/${cid}/contacts`, { name: '新联系人' });
  eq(r.status, 409, 'contact refused');
  includes(r.text, '该客户已停用', 'message');
  eq((await s.post(`/customers/${cid}/activities`, { at: '2026-01-02 10:00', summary: 'x' })).status, 409, 'activity refused');
  eq((await s.post(`/customers/${cid}/orders`, { date: '2026-01-02', ...lines([activeProduct(0), 1]) })).status, 409, 'order refused');
  eq(snapshot(), before, 'nothing written');
  // its 交往记录 page is read-only, as its page is: no 记录交往, no edit links
  sql(`INSERT INTO activities(customer_id, at, summary, user_id, created_at, updated_at) VALUES (${cid}, 1700000000, '停用前的拜访', 1, 1700000000, 1700000000)`);
  const list = await s.get(`/customers/${cid}/activities`);
  eq(list.status, 200, 'its 交往记录 page');
  includes(list.text, '停用前的拜访', 'its records still listed');
  assert(!list.text.includes('data-testid="add-activity"') && !/\/activities\/\d+\/edit/.test(list.text), 'nothing to add or edit there');
});

// ---------------------------------------------------------------- ids are never given twice
// The audit log and the URLs name a record by its id, so the id of a deleted record must never come back
// (schema/010_autoincrement.sql): delete the record holding the largest id, add another, and the new one
// gets a fresh id whose history (操作日志 filtered by record) holds only its own entry, while the deleted
// id keeps its own history and its pages stay 404. Both records are deleted at the end.
async function neverReused({ kind, table, type, s, create, page }) {
  const admin = await signedIn('admin');
  const old = await create();
  eq(old, Number(sql(`SELECT max(id) FROM ${table}`)), `the new ${kind} holds the largest id`);
  await s.get(page(old));
  const v = sql(`SELECT version FROM ${table} WHERE id = ${old}`);
  eq((await s.post(`${page(old).replace(/\/edit$/, '')}/delete`, { version: v })).status, 303, `${kind} ${old} deleted`);
  eq(sql(`SELECT count(*) FROM ${table} WHERE id = ${old}`), '0', 'gone');
  const id = await create();
  assert(id > old, `the next ${kind} gets a fresh id: got ${id}, the deleted one had ${old}`);
  eq(await historyOf(admin, type, id), 'create', `the new ${kind}'s history is its own`);
  eq(await historyOf(admin, type, old), 'create,delete', `the deleted ${kind} keeps its own history`);
  eq((await s.get(page(old))).status, 404, `the deleted ${kind}'s page stays gone`);
  await s.get(page(id));
  const v2 = sql(`SELECT version FROM ${table} WHERE id = ${id}`);
  eq((await s.post(`${page(id).replace(/\/edit$/, '')}/delete`, { version: v2 })).status, 303, 'the new one deleted too (the data as before)');
}

test('ids: a deleted contact\'s id is never given again; the next contact\'s history is its own', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1', 2);
  await s.get(`/customers/${cid}/contacts/new`);
  const create = async () => {
    const name = unique('联系人');
    eq((await s.post(`/customers/${cid}/contacts`, { name, mobile: '13800001111' })).status, 303, 'contact created');
    return Number(sql(`SELECT id FROM contacts WHERE name = '${name}'`));
  };
  await neverReused({ kind: 'contact', table: 'contacts', type: 'contact', s, create, page: (id) => `/contacts/${id}/edit` });
});

test('ids: a deleted interaction record\'s id is never given again; the next one\'s history is its own', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1', 2);
  await s.get(`/customers/${cid}/activities/new`);
  const create = async () => {
    const summary = unique('回访');
    eq((await s.post(`/customers/${cid}/activities`, { at: '2026-04-01 10:00', summary })).status, 303, 'record created');
    return Number(sql(`SELECT id FROM activities WHERE summary = '${summary}'`));
  };
  await neverReused({ kind: 'interaction record', table: 'activities', type: 'activity', s, create, page: (id) => `/activities/${id}/edit` });
});

test('ids: a deleted order\'s id is never given again; the next order\'s history is its own', async () => {
  const s = await signedIn('rep1');
  const cid = customerOf('rep1', 2);
  await s.get(`/customers/${cid}/orders/new`);
  const create = async () => {
    const r = await s.post(`/customers/${cid}/orders`, { date: '2031-06-01', ...lines([activeProduct(0), 1]) });
    eq(r.status, 303, 'order created');
    return idFrom(r);
  };
  await neverReused({ kind: 'order', table: 'orders', type: 'order', s, create, page: (id) => `/orders/${id}/edit` });
});

test('ids: a deleted stock row\'s id is never given again; the next row\'s history is its own', async () => {
  const s = await signedIn('director');
  await s.get('/stock/new');
  const create = async () => {
    const location = unique('ID-');
    eq((await s.post('/stock', { product_id: activeProduct(1), warehouse: 'bj1', location, quantity: '3' })).status, 303, 'stock created');
    return Number(sql(`SELECT id FROM stock WHERE location = '${location}'`));
  };
  await neverReused({ kind: 'stock row', table: 'stock', type: 'stock', s, create, page: (id) => `/stock/${id}/edit` });
});

// ---------------------------------------------------------------- products

test('products: directors add, edit and retire products; everyone with customer.view can search them', async () => {
  const s = await signedIn('director');
  const form = await s.get('/products/new');
  eq(form.status, 200, 'new product form');
  includes(form.text, '<option value="tai">台</option>', 'unit picker from the dictionary');
  const name = unique('测试路由器');
  const model = unique('RT-');
  const r = await s.post('/products', { name, model, grade: 'A级/2026批', unit: 'tai', price: '¥1,299.9', note: '备注' }, { json: true });
  eq(r.status, 200, 'created (JSON)');
  const id = r.json().id;
  eq(sql(`SELECT model || '|' || grade || '|' || unit || '|' || price || '|' || retired FROM products WHERE id = ${id}`), `${model}|A级/2026批|tai|129990|0`, 'stored; price in fen');
  eq(lastAudit('product', id)[0], 'create', 'audited');
  // search by a substring of the name or of the model, for any signed-in role with customer.view
  const rep = await signedIn('rep1');
  const byName = (await rep.get(`/products?q=${encodeURIComponent(name.slice(2, 6))}`, { json: true })).json();
  assert(byName.products.some((p) => p.id === id), 'found by a name substring');
  const byModel = (await rep.get(`/products?q=${model.slice(1)}`, { json: true })).json();
  eq(byModel.products.length, 1, 'found by model substring');
  eq(byModel.products[0].price_text, '1,299.90', 'price formatted');
  const page = await rep.get(`/products?q=${model.slice(1)}`);
  includes(page.text, name, 'listed');
  assert(!page.text.includes('/products/new'), 'no add button without product.manage');
  eq((await rep.get('/products/new')).status, 403, 'rep cannot add');
  eq((await rep.post('/products', { name: 'x' })).status, 403, 'rep cannot post');
  includes((await rep.get('/products?q=没有这种产品')).text, '没有符合条件的产品。', 'empty state');
  // edit, stale
  const e = (await s.get(`/products/${id}/edit`, { json: true })).json();
  eq(e.product.price_input, '1299.90', 'price shown for editing');
  eq((await s.post(`/products/${id}`, { name, model, unit: 'tai', price: '1399', version: e.product.version })).status, 303, 'updated');
  eq(sql(`SELECT price || '|' || grade FROM products WHERE id = ${id}`), '139900|', 'new price, cleared grade');
  const stale = await s.post(`/products/${id}`, { name: '过期', price: '1', version: e.product.version });
  eq(stale.status, 409, 'stale');
  includes(stale.text, '其他人已修改了这条记录', 'message');
  // use it in an order, then retire it: it stays on the order but new orders refuse it
  const cid = customerOf('rep1');
  await rep.get(`/customers/${cid}/orders/new`);
  const oid = (await rep.post(`/customers/${cid}/orders`, { date: '2026-02-02', ...lines([id, 2]) }, { json: true })).json().id;
  const v = sql(`SELECT version FROM products WHERE id = ${id}`);
  eq((await s.post(`/products/${id}/retire`, { version: v })).status, 303, 'retired');
  eq(sql(`SELECT retired FROM products WHERE id = ${id}`), '1', 'flag set');
  eq(lastAudit('product', id)[0], 'retire', 'audited');
  eq((await rep.get(`/products?q=${model.slice(1)}`, { json: true })).json().products.length, 0, 'retired products leave the list');
  eq((await rep.get(`/products?q=${model.slice(1)}&retired=1`, { json: true })).json().products.length, 1, '...unless asked for');
  assert(!(await rep.get(`/customers/${cid}/orders/new`)).text.includes(`value="${id}"`), 'not offered for new orders');
  includes((await rep.post(`/customers/${cid}/orders`, { date: '2026-02-02', ...lines([id, 1]) })).text, '第 1 行 产品：产品已停用', 'refused on new orders');
  const oe = (await rep.get(`/orders/${oid}/edit`, { json: true })).json();
  eq((await rep.post(`/orders/${oid}`, { date: '2026-02-03', version: oe.order.version, ...lines([id, 3]) })).status, 303, 'an order that has it can still be edited');
  eq(sql(`SELECT count(*) FROM products WHERE id = ${id}`), '1', 'never deleted');
  eq((await s.post(`/products/${id}/retire`, { version: Number(v) + 1, restore: '1' })).status, 303, 'restored');
  eq(sql(`SELECT retired FROM products WHERE id = ${id}`), '0', 'in use again');
  eq((await rep.post(`/orders/${oid}/delete`, { version: oe.order.version + 1 })).status, 303, 'cleanup');
});

test('products: bad input is refused in Chinese (missing, oversize, wrong type, unknown unit), nothing written', async () => {
  const s = await signedIn('director');
  await s.get('/products/new');
  const before = snapshot();
  const r = await s.post('/products', { name: '', price: '12.345', unit: 'litre', model: '型号' });
  eq(r.status, 422, 'refused');
  includes(r.text, '名称：必填。', 'name');
  includes(r.text, '单价：请输入金额', 'price');
  includes(r.text, '单位：请从列表中选择。', 'unit');
  includes(r.text, 'value="型号"', 'input kept');
  const j = (await s.post('/products', { name: '产'.repeat(101), model: 'm'.repeat(51), price: '-1', note: 'n'.repeat(1001) }, { json: true })).json();
  eq(j.errors.name, '最多 100 个字符。', 'name length');
  eq(j.errors.model, '最多 50 个字符。', 'model length');
  eq(j.errors.price, '超出允许范围。', 'negative price');
  eq(j.errors.note, '最多 1000 个字符。', 'note length');
  const id = Number(sql('SELECT min(id) FROM products'));
  eq((await s.post(`/products/${id}`, { name: 'x' }, { json: true })).json().errors.version, '必填。', 'version required');
  eq((await s.post(`/products/${id}/retire`, {}, { json: true })).status, 422, 'retire needs a version');
  eq((await s.get('/products/99999999/edit')).status, 404, 'missing product');
  eq((await s.get('/products?after_id=abc', { json: true })).status, 400, 'bad paging key');
  eq(snapshot(), before, 'database unchanged');
});

test('products: the list pages by 名称 in pinyin order (name_key, then id) without repeats; a new or renamed product takes its place', async () => {
  const s = await signedIn('director');
  const names = async () => {
    const seen = [];
    let next = '/products';
    for (let i = 0; next && i < 20; i++) {
      const j = (await s.get(next, { json: true })).json();
      seen.push(...j.products.map((p) => `${p.name}|${p.id}`));
      next = j.next_page;
    }
    return seen;
  };
  let seen = await names();
  eq(seen.length, Number(sql('SELECT count(*) FROM products WHERE retired = 0')), 'every active product once');
  eq(new Set(seen).size, seen.length, 'no repeats');
  eq(JSON.stringify(seen), JSON.stringify(sql("SELECT name || '|' || id FROM products WHERE retired = 0 ORDER BY name_key, id").split('\n')), 'ordered by the name key, then id');
  // pinyin: 办(ban) 笔(bi) 变(bian) 财(cai) 彩色墨(mo) 彩色喷(pen) … 智(zhi) 阻(zu); Latin and digits first
  const at = (name) => seen.findIndex((x) => x.startsWith(`${name}|`));
  const pinyin = ['27英寸显示器', 'UPS不间断电源', '办公桌', '笔记本电脑', '变频器', '财务软件', '彩色墨盒', '彩色喷墨打印机', '智能电表', '阻燃电缆'];
  for (let i = 1; i < pinyin.length; i++) assert(at(pinyin[i - 1]) >= 0 && at(pinyin[i - 1]) < at(pinyin[i]), `${pinyin[i - 1]} before ${pinyin[i]}`);
  // a new product, then renamed: its place follows its name's pinyin (阿 a → first of the Chinese names; 左 zuo → after 阻 zu)
  const r = await s.post('/products', { name: '阿尔法测试仪', price: '1.00' }, { json: true });
  eq(r.status, 200, 'product added');
  const id = r.json().id ?? sql("SELECT id FROM products WHERE name = '阿尔法测试仪'");
  seen = await names();
  assert(at('阿尔法测试仪') < at('办公桌') && at('阿尔法测试仪') > at('UPS不间断电源'), '阿… among the A names');
  const e = (await s.get(`/products/${id}/edit`, { json: true })).json();
  eq((await s.post(`/products/${id}`, { name: '左侧测试仪', price: '1.00', version: e.product.version })).status, 303, 'renamed');
  seen = await names();
  assert(at('阿尔法测试仪') < 0 && at('左侧测试仪') > at('阻燃电缆'), '左… after 阻…');
  eq(JSON.stringify(seen), JSON.stringify(sql("SELECT name || '|' || id FROM products WHERE retired = 0 ORDER BY name_key, id").split('\n')), 'still in key order');
  eq(sql(`SELECT count(*) FROM products WHERE name_key = x'' OR name_key IS NULL`), '0', 'every product has a key');
});

test('products: the list sorts by name, model and price (both ways), paging by key with the same order as SQL', async () => {
  const s = await signedIn('rep1');
  // enough products for several pages, with equal prices so the id tie-break is exercised
  const admin = await signedIn('director');
  for (let i = 0; i < 60; i++) {
    // (every tenth without a model: an empty text must still sort first)
    const r = await admin.post('/products', { name: unique(`排序产品${i % 7}`), model: i % 10 ? `M-${(i * 37) % 11}` : '', price: `${(i % 5) * 10}.00` }, { json: true });
    eq(r.status, 200, 'product added');
  }
  const order = { name: 'name_key, id', model: 'model, id', price: 'price, id', '-price': 'price DESC, id' };
  for (const [code, by] of Object.entries(order)) {
    const want = sql(`SELECT id FROM products WHERE retired = 0 ORDER BY ${by}`).split('\n').map(Number);
    const seen = [];
    let next = `/products?sort=${encodeURIComponent(code)}`;
    for (let i = 0; next && i < 50; i++) {
      const j = (await s.get(next, { json: true })).json();
      seen.push(...j.products.map((p) => p.id));
      next = j.next_page;
      if (next) includes(next, `sort=${encodeURIComponent(code)}`, 'the next page keeps the sort');
    }
    assert(want.length > 100, 'several pages');
    eq(JSON.stringify(seen), JSON.stringify(want), `sort=${code}: every product once, in SQL's order`);
  }
  const page = (await s.get('/products?sort=-price')).text;
  includes(page, '<option value="-price" selected>单价从高到低</option>', 'the chosen order is shown');
  includes(page, 'href="/products?sort=model"', 'the 型号 header sorts by model');
  eq((await s.get('/products?sort=weight', { json: true })).status, 400, 'an unknown order is refused');
});

// ---------------------------------------------------------------- stock

test('stock: add, filter by product and warehouse, edit, stale, delete, audit; viewing needs only customer.view', async () => {
  const s = await signedIn('director');
  const form = await s.get('/stock/new');
  eq(form.status, 200, 'form');
  includes(form.text, '北京一号库', 'warehouse picker');
  const pid = activeProduct(2);
  const pname = sql(`SELECT name FROM products WHERE id = ${pid}`);
  const loc = unique('A-');
  const r = await s.post('/stock', { product_id: pid, warehouse: 'gz1', location: loc, quantity: '120', note: '新到货' });
  eq(r.status, 303, 'created');
  const id = Number(sql(`SELECT id FROM stock WHERE location = '${loc}'`));
  eq(sql(`SELECT product_id || '|' || warehouse || '|' || quantity FROM stock WHERE id = ${id}`), `${pid}|gz1|120`, 'stored');
  eq(lastAudit('stock', id)[0], 'create', 'audited');
  // the form's product is typed, with the active products' labels as suggestions; the entry's form shows it so
  const [pmodel] = row(`SELECT model FROM products WHERE id = ${pid}`);
  const label = pmodel ? `${pname}（${pmodel}）` : pname;
  includes(form.text, `<option value="${label}">`, 'suggested by its label');
  const typedLoc = unique('B-');
  eq((await s.post('/stock', { product: label, warehouse: 'gz1', location: typedLoc, quantity: '7' })).status, 303, 'created from the typed label');
  const typedId = Number(sql(`SELECT id FROM stock WHERE location = '${typedLoc}'`));
  eq(sql(`SELECT product_id FROM stock WHERE id = ${typedId}`), String(pid), 'the product it names');
  includes((await s.get(`/stock/${id}/edit`)).text, `value="${label}"`, 'an entry\'s form shows its product by its label');
  // the product list says how many pieces each product has in stock and links its entries
  const listed = (await s.get(`/products?q=${encodeURIComponent(pmodel || pname)}`, { json: true })).json().products.find((p) => p.id === pid);
  const pieces = Number(sql(`SELECT total(quantity) FROM stock WHERE product_id = ${pid}`));
  eq(`${listed.stock_pieces} ${listed.stock_text}`, `${pieces} ${pieces.toLocaleString('en-US')}`, 'pieces over every warehouse');
  eq(listed.stock_href, `/stock?product=${encodeURIComponent(pmodel || pname)}`, 'linking its entries');
  const linked = (await s.get(listed.stock_href, { json: true })).json().stock;
  assert(linked.some((x) => x.id === id) && linked.every((x) => (x.product_model || x.product_name).includes(pmodel || pname)), 'which the link lists');
  const rep = await signedIn('rep1');
  const list = (await rep.get(`/stock?product=${encodeURIComponent(pname)}&warehouse=gz1`, { json: true })).json();
  assert(list.stock.some((x) => x.id === id), 'found by product and warehouse');
  assert(list.stock.every((x) => x.warehouse === 'gz1' && x.product_name.includes(pname)), 'filters applied');
  eq(list.stock.find((x) => x.id === id).warehouse_label, '广州南方库', 'warehouse label');
  eq((await rep.get(`/stock?product=${encodeURIComponent(pname)}&warehouse=sh1`, { json: true })).json().stock.some((x) => x.id === id), false, 'other warehouse excludes it');
  includes((await rep.get('/stock?product=没有这种产品')).text, '没有符合条件的库存记录。', 'empty state');
  eq((await rep.get('/stock/new')).status, 403, 'rep cannot add stock');
  eq((await rep.post(`/stock/${id}/delete`, { version: '1' })).status, 403, 'rep cannot delete stock');
  const e = (await s.get(`/stock/${id}/edit`, { json: true })).json();
  eq(e.entry.product_name, pname, 'edit view');
  eq((await s.post(`/stock/${id}`, { product_id: pid, warehouse: 'sh1', location: loc, quantity: '0', version: e.entry.version })).status, 303, 'updated (0 pieces allowed)');
  const [ua, ub, uaf] = lastAudit('stock', id);
  eq(`${ua}|${JSON.parse(ub).quantity}|${JSON.parse(uaf).quantity}`, 'update|120|0', 'before → after');
  const stale = await s.post(`/stock/${id}`, { product_id: pid, warehouse: 'bj1', quantity: '5', version: e.entry.version });
  eq(stale.status, 409, 'stale');
  includes(stale.text, '其他人已修改了这条记录', 'message');
  eq((await s.post(`/stock/${id}/delete`, { version: e.entry.version })).status, 409, 'stale delete');
  eq((await s.post(`/stock/${id}/delete`, { version: e.entry.version + 1 })).status, 303, 'deleted');
  eq(sql(`SELECT count(*) FROM stock WHERE id = ${id}`), '0', 'gone');
  eq(lastAudit('stock', id)[0], 'delete', 'audited');
});

test('stock: the list sorts by product, warehouse and quantity (both ways), paging by key with the same order as SQL', async () => {
  const admin = await signedIn('director');
  const products = sql('SELECT id FROM products WHERE retired = 0 ORDER BY id LIMIT 5').split('\n');
  const warehouses = sql("SELECT value FROM dict_items WHERE category = 'warehouse' ORDER BY sort").split('\n');
  for (let i = 0; i < 70; i++) {
    const r = await admin.post('/stock', { product_id: products[i % products.length], warehouse: warehouses[i % warehouses.length], quantity: String((i * 7) % 13) }, { json: true });
    eq(r.status, 200, `stock row added (${r.text.slice(0, 120)})`);
  }
  const s = await signedIn('rep1');
  const order = { product: 'p.name_key, s.id', warehouse: 's.warehouse, s.id', quantity: 's.quantity, s.id', '-quantity': 's.quantity DESC, s.id' };
  for (const [code, by] of Object.entries(order)) {
    const want = sql(`SELECT s.id FROM stock s JOIN products p ON p.id = s.product_id ORDER BY ${by}`).split('\n').map(Number);
    const seen = [];
    let next = `/stock?sort=${encodeURIComponent(code)}`;
    for (let i = 0; next && i < 50; i++) {
      const j = (await s.get(next, { json: true })).json();
      seen.push(...j.stock.map((x) => x.id));
      next = j.next_page;
    }
    assert(want.length > 100, 'several pages');
    eq(JSON.stringify(seen), JSON.stringify(want), `sort=${code}: every row once, in SQL's order`);
  }
  includes((await s.get('/stock?sort=-quantity')).text, '<option value="-quantity" selected>数量从多到少</option>', 'the chosen order is shown');
  eq((await s.get('/stock?sort=colour', { json: true })).status, 400, 'an unknown order is refused');
});

test('stock: bad input is refused in Chinese (missing, negative, unknown product or warehouse), nothing written', async () => {
  const s = await signedIn('director');
  await s.get('/stock/new');
  const before = snapshot();
  const r = await s.post('/stock', { product_id: '', warehouse: '', quantity: '-3', location: '货位1' });
  eq(r.status, 422, 'refused');
  includes(r.text, '产品：必填。', 'product');
  includes(r.text, '仓库：必填。', 'warehouse');
  includes(r.text, '件数：超出允许范围。', 'negative pieces');
  includes(r.text, 'value="货位1"', 'input kept');
  const j = (await s.post('/stock', { product_id: '99999999', warehouse: 'mars', quantity: 'many', location: 'l'.repeat(51) }, { json: true })).json();
  eq(j.errors.product_id, '产品不存在。', 'unknown product');
  const typed = (await s.post('/stock', { product: '没有这种产品xyz', warehouse: 'bj1', quantity: '1' }, { json: true })).json();
  eq(typed.errors.product, '没有这个产品：请从提示中选择，或填写产品的名称或型号。', 'an unknown typed product');
  eq(j.errors.warehouse, '请从列表中选择。', 'unknown warehouse');
  eq(j.errors.quantity, '请输入整数。', 'quantity type');
  eq(j.errors.location, '最多 50 个字符。', 'location length');
  const id = Number(sql('SELECT min(id) FROM stock'));
  if (id) eq((await s.post(`/stock/${id}`, { product_id: activeProduct(0), warehouse: 'bj1', quantity: '1' }, { json: true })).json().errors.version, '必填。', 'version required');
  eq((await s.get('/stock/99999999/edit')).status, 404, 'missing entry');
  eq(snapshot(), before, 'database unchanged');
});

test('products and stock pages render in English too', async () => {
  const s = await signedIn('director');
  await s.get('/');
  await s.post('/lang', { lang: 'en', next: '/' });
  try {
    includes((await s.get('/products')).text, 'Search by name or model', 'products in English');
    includes((await s.get('/stock')).text, 'All warehouses', 'stock in English');
    includes((await s.get('/orders')).text, 'Customer starts with', 'orders in English');
  } finally {
    await s.post('/lang', { lang: 'zh-CN', next: '/' });
  }
});

await run('http records');
