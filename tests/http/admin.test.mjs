// admin.test.mjs — 系统管理 through HTTP: users (add, edit, stale versions, deactivate, reset, never
// delete), the role × permission matrix as data, the data dictionary (可编辑 respected), the audit log
// (before → after, filters, append-only), JSON views, bad input of every kind, and the language.
import { test, run, assert, eq, includes } from '../lib/harness.mjs';
import { Session, signedIn, sql, addUser, fingerprint, unique, historyOf, PASSWORD, parseCsv, download } from '../lib/http.mjs';

test('admin adds a user; it appears in the list and the audit log with its values', async () => {
  const s = await signedIn('admin');
  await s.get('/admin/users/new');
  const login = unique('new');
  const r = await s.post('/admin/users', { login, name: '赵敏', role: 'rep', region: 'shanghai', lang: 'zh-CN', password: 'initial-pass1' });
  eq(r.status, 303, 'created');
  const id = Number(r.headers.get('location').split('/').pop());
  assert(id > 0, 'redirects to the new user');
  const page = await s.get(`/admin/users/${id}`);
  includes(page.text, '用户已创建', 'notice');
  includes(page.text, '赵敏', 'name shown');
  const list = (await s.get(`/admin/users?q=${login}`, { json: true })).json();
  eq(list.users.length, 1, 'found by search');
  eq(list.users[0].region, 'shanghai', 'region stored');
  const entry = sql(`SELECT action || '|' || (before_json IS NULL) || '|' || json_extract(after_json, '$.name') FROM audit_log WHERE record_type = 'user' AND record_id = ${id}`);
  eq(entry, 'create|1|赵敏', 'audit entry with after values');
  eq(sql(`SELECT substr(pw_hash, 1, 10) FROM users WHERE id = ${id}`), '$argon2id$', 'argon2id hash stored');
  await signedIn(login, 'initial-pass1');
});

test('user form: every bad field gets a clear Chinese message, input is kept, nothing is written', async () => {
  const s = await signedIn('admin');
  await s.get('/admin/users/new');
  const before = fingerprint();
  const r = await s.post('/admin/users', { login: 'bad login!', name: '', role: 'king', region: 'atlantis', password: 'short' });
  eq(r.status, 422, 'refused');
  includes(r.text, '请修正以下问题', 'summary');
  includes(r.text, '登录名只能包含字母、数字、点、下划线或连字符', 'login chars');
  includes(r.text, '姓名：必填。', 'name required, labelled');
  includes(r.text, '请从列表中选择', 'role/region choice');
  includes(r.text, '至少 8 个字符', 'password length');
  includes(r.text, 'value="bad login!"', 'typed login kept');
  const long = await s.post('/admin/users', { login: 'x'.repeat(33), name: '名'.repeat(51), role: 'rep', password: 'password1' }, { json: true });
  eq(long.status, 422, 'over-long refused');
  const errs = long.json().errors;
  eq(errs.login, '最多 32 个字符。', 'login max message');
  eq(errs.name, '最多 50 个字符。', 'name counts characters, not bytes');
  eq(fingerprint(), before, 'database unchanged');
});

test('duplicate login is refused with 409 and a message', async () => {
  const s = await signedIn('admin');
  await s.get('/admin/users/new');
  const r = await s.post('/admin/users', { login: 'REP1', name: '重复', role: 'rep', password: 'password1' });
  eq(r.status, 409, 'conflict');
  includes(r.text, '该登录名已被使用', 'message (case-insensitive logins)');
});

test('editing a user with a stale version is refused, shows the newer values and keeps mine', async () => {
  const id = addUser(unique('stale'), 'rep', '原名');
  const a = await signedIn('admin');
  const b = await signedIn('admin');
  const va = (await a.get(`/admin/users/${id}`, { json: true })).json().user;
  await a.get(`/admin/users/${id}`);
  await b.get(`/admin/users/${id}`);
  const first = await b.post(`/admin/users/${id}`, { login: va.login, name: '别人改的', role: 'rep', version: va.version });
  eq(first.status, 303, 'first save wins');
  const second = await a.post(`/admin/users/${id}`, { login: va.login, name: '我改的', role: 'director', version: va.version });
  eq(second.status, 409, 'second save refused');
  includes(second.text, '其他人已修改了这条记录', 'clear message');
  includes(second.text, '别人改的', 'shows the other change');
  includes(second.text, '我改的', 'keeps what I typed');
  eq(sql(`SELECT name || '|' || role FROM users WHERE id = ${id}`), '别人改的|rep', 'nothing overwritten');
});

test('wrong types and missing versions are refused', async () => {
  const id = addUser(unique('types'), 'rep');
  const s = await signedIn('admin');
  await s.get(`/admin/users/${id}`);
  let r = await s.post(`/admin/users/${id}`, { login: 'ok1', name: 'n', role: 'rep', version: 'abc' }, { json: true });
  eq(r.status, 422, 'non-integer version');
  eq(r.json().errors.version, '请输入整数。', 'message');
  r = await s.post(`/admin/users/${id}`, { login: 'ok1', name: 'n', role: 'rep' }, { json: true });
  eq(r.status, 422, 'missing version');
  eq(r.json().errors.version, '必填。', 'required');
  r = await s.post(`/admin/users/${id}/active`, { active: 'maybe', version: '1' }, { json: true });
  eq(r.status, 422, 'bad boolean');
});

test('deactivating a user ends their sessions; users are never deleted', async () => {
  const login = unique('deact');
  const id = addUser(login, 'rep');
  const victim = await signedIn(login);
  const s = await signedIn('admin');
  const v = (await s.get(`/admin/users/${id}`, { json: true })).json().user.version;
  await s.get(`/admin/users/${id}`);
  eq((await s.post(`/admin/users/${id}/active`, { active: '0', version: v })).status, 303, 'deactivated');
  eq((await victim.get('/', { json: true })).status, 401, 'their session ended');
  eq(sql(`SELECT active FROM users WHERE id = ${id}`), '0', 'row kept, inactive');
  eq((await s.post(`/admin/users/${id}/delete`, {}, { json: true })).status, 404, 'no delete route exists');
  const v2 = (await s.get(`/admin/users/${id}`, { json: true })).json().user.version;
  eq((await s.post(`/admin/users/${id}/active`, { active: '1', version: v2 })).status, 303, 'reactivated');
  await signedIn(login);
  const acts = sql(`SELECT group_concat(action) FROM (SELECT action FROM audit_log WHERE record_type='user' AND record_id=${id} ORDER BY id)`);
  eq(acts, 'create,deactivate,activate', 'audited');
});

test('an admin cannot deactivate themselves or change their own role', async () => {
  const login = unique('selfadm');
  const id = addUser(login, 'admin');
  const s = await signedIn(login);
  const u = (await s.get(`/admin/users/${id}`, { json: true })).json().user;
  await s.get(`/admin/users/${id}`);
  let r = await s.post(`/admin/users/${id}/active`, { active: '0', version: u.version });
  eq(r.status, 422, 'self-deactivation refused');
  includes(r.text, '不能停用自己的账号', 'message');
  r = await s.post(`/admin/users/${id}`, { login, name: u.name, role: 'rep', version: u.version });
  eq(r.status, 422, 'own role change refused');
  includes(r.text, '不能修改自己的角色', 'message');
});

test('admin resets a password: the old one stops working and the user is signed out', async () => {
  const login = unique('reset');
  const id = addUser(login, 'rep');
  const victim = await signedIn(login);
  const s = await signedIn('admin');
  await s.get(`/admin/users/${id}`);
  let r = await s.post(`/admin/users/${id}/password`, { password: 'short' });
  eq(r.status, 422, 'short password refused');
  r = await s.post(`/admin/users/${id}/password`, { password: 'brand-new-1' });
  eq(r.status, 303, 'reset');
  eq((await victim.get('/', { json: true })).status, 401, 'signed out');
  await signedIn(login, 'brand-new-1');
});

test('the permission matrix is data: taking audit.view from directors closes the audit log to them', async () => {
  const s = await signedIn('admin');
  const director = await signedIn('director');
  eq((await director.get('/admin/audit', { json: true })).status, 200, 'allowed before');
  const m = (await s.get('/admin/roles', { json: true })).json();
  const fields = { version: String(m.version) };
  for (const p of m.perms) for (const c of p.cells) if (c.checked && c.name !== 'director:audit.view') fields[c.name] = '1';
  await s.get('/admin/roles');
  eq((await s.post('/admin/roles', fields)).status, 303, 'saved');
  eq((await director.get('/admin/audit', { json: true })).status, 403, 'denied after');
  const nav = await director.get('/');
  assert(!nav.text.includes('/admin/audit'), 'menu no longer shows it');
  const m2 = (await s.get('/admin/roles', { json: true })).json();
  const back = { version: String(m2.version), 'director:audit.view': '1' };
  for (const p of m2.perms) for (const c of p.cells) if (c.checked) back[c.name] = '1';
  eq((await s.post('/admin/roles', back)).status, 303, 'restored');
  eq((await director.get('/admin/audit', { json: true })).status, 200, 'allowed again');
  eq(sql("SELECT count(*) FROM audit_log WHERE record_type = 'role_perms'") >= '2', true, 'matrix changes audited');
  // the 操作日志 names what each change gave or took from whom
  const log = (await s.get('/admin/audit?type=role_perms')).text.replace(/<[^>]+>/g, '');
  includes(log, '销售主管：增加 查看操作日志', 'the restore: what the role gained');
  includes(log, '销售主管：取消 查看操作日志', 'the first change: what the role lost');
});

test('the matrix refuses unknown names, stale versions, and cannot lock admins out', async () => {
  const s = await signedIn('admin');
  const m = (await s.get('/admin/roles', { json: true })).json();
  await s.get('/admin/roles');
  const before = fingerprint();
  let r = await s.post('/admin/roles', { version: String(m.version), 'rep:world.domination': '1' });
  eq(r.status, 422, 'unknown permission');
  includes(r.text, '未保存任何更改', 'message');
  r = await s.post('/admin/roles', { version: '12345', 'rep:customer.view': '1' });
  eq(r.status, 409, 'stale matrix');
  eq(fingerprint(), before, 'nothing changed');
  // an empty matrix keeps the admin's own management rights
  const fields = { version: String(m.version) };
  r = await s.post('/admin/roles', fields);
  eq(r.status, 303, 'saved');
  eq((await s.get('/admin/roles', { json: true })).status, 200, 'admin still manages roles');
  eq((await s.get('/admin/users', { json: true })).status, 200, 'admin still manages users');
  const restore = (await s.get('/admin/roles', { json: true })).json();
  const back = { version: String(restore.version) };
  for (const p of m.perms) for (const c of p.cells) if (c.checked) back[c.name] = '1';
  eq((await s.post('/admin/roles', back)).status, 303, 'restored');
});

test('data dictionary: add, duplicate refused, edit, delete; 不可编辑 items stay untouched', async () => {
  const s = await signedIn('admin');
  await s.get('/admin/dict?category=region');
  const value = unique('suzhou');
  let r = await s.post('/admin/dict', { category: 'region', item: '苏州', value, sort: '20' });
  eq(r.status, 303, 'added');
  const item = (await s.get('/admin/dict?category=region', { json: true })).json().items.find((i) => i.value === value);
  assert(item && item.item === '苏州', 'listed');
  r = await s.post('/admin/dict', { category: 'region', item: '苏州2', value });
  eq(r.status, 409, 'duplicate value');
  includes(r.text, '该类别下已有相同的值', 'message');
  r = await s.post(`/admin/dict/${item.id}`, { item: '苏州市', value, sort: '21', version: item.version });
  eq(r.status, 303, 'edited');
  r = await s.post(`/admin/dict/${item.id}`, { item: '旧版本', value, sort: '21', version: item.version }, { json: true });
  eq(r.status, 409, 'stale edit refused');
  const locked = sql("SELECT id || '|' || version FROM dict_items WHERE editable = 0 LIMIT 1").split('|');
  const before = fingerprint();
  r = await s.post(`/admin/dict/${locked[0]}`, { item: '改', value: 'x', version: locked[1] }, { json: true });
  eq(r.status, 403, 'not editable');
  r = await s.post(`/admin/dict/${locked[0]}/delete`, { version: locked[1] }, { json: true });
  eq(r.status, 403, 'not deletable');
  eq(fingerprint(), before, 'unchanged');
  const v = sql(`SELECT version FROM dict_items WHERE id = ${item.id}`);
  r = await s.post(`/admin/dict/${item.id}/delete`, { version: v });
  eq(r.status, 303, 'deleted');
  eq(sql(`SELECT count(*) FROM dict_items WHERE id = ${item.id}`), '0', 'gone');
  eq(sql(`SELECT group_concat(action) FROM (SELECT action FROM audit_log WHERE record_type = 'dict_item' AND record_id = ${item.id} ORDER BY id)`), 'create,update,delete', 'audited, including the delete');
  eq(sql(`SELECT json_extract(before_json, '$.item') FROM audit_log WHERE record_type = 'dict_item' AND record_id = ${item.id} AND action = 'delete'`), '苏州市', 'delete keeps the before image');
});

test('data dictionary: an item\'s English text (英文条目) shows on English pages, lists, pickers, the customer page and the export; the Chinese where it has none', async () => {
  const admin = await signedIn('admin');
  await admin.get('/admin/dict?category=region');
  const items = (await admin.get('/admin/dict?category=region', { json: true })).json().items;
  const bj = items.find((i) => i.value === 'beijing');
  eq(`${bj.item}|${bj.item_en}|${bj.label}`, '北京|Beijing|北京', 'a built-in item has its English text; the Chinese page shows the Chinese');
  includes((await admin.get('/admin/dict?category=region')).text, '<td lang="en">Beijing</td>', 'the dictionary page lists it');
  // a new item with and one without English text
  const withEn = unique('sz'), without = unique('wx');
  eq((await admin.post('/admin/dict', { category: 'region', item: '苏州', item_en: '  Suzhou ', value: withEn, sort: '60' })).status, 303, 'added with English');
  eq((await admin.post('/admin/dict', { category: 'region', item: '无锡', item_en: '', value: without, sort: '61' })).status, 303, 'added without');
  eq(sql(`SELECT group_concat(item || '/' || item_en, ',') FROM (SELECT item, item_en FROM dict_items WHERE value IN ('${withEn}', '${without}') ORDER BY sort)`), '苏州/Suzhou,无锡/', 'stored, trimmed');
  // an English reader (a director of their own: the language is kept per user)
  const login = unique('dictEn');
  addUser(login, 'director');
  const en = await signedIn(login);
  await en.get('/');
  await en.post('/lang', { lang: 'en', next: '/customers' });
  const list = await en.get('/customers?region=beijing');
  includes(list.text, '<option value="beijing" selected>Beijing</option>', 'the region picker in English');
  includes(list.text, `<option value="${withEn}">Suzhou</option>`, 'a new item\'s English text');
  includes(list.text, `<option value="${without}">无锡</option>`, 'no English text: the Chinese');
  includes(list.text, '<td>Beijing</td>', 'the rows\' 地区 in English');
  assert(!list.text.includes('<td>北京</td>'), 'no Chinese region left in the rows');
  const rows = (await en.get('/customers?region=beijing', { json: true })).json().customers;
  assert(rows.length > 0 && rows.every((c) => c.region_label === 'Beijing'), 'JSON rows say Beijing');
  const level = sql(`SELECT d.item_en FROM customers c JOIN dict_items d ON d.category = 'customer_level' AND d.value = c.level WHERE c.id = ${rows[0].id}`);
  assert(level !== '', 'the level has English text');
  eq(rows[0].level_label, level, 'the level in English');
  const page = await en.get(`/customers/${rows[0].id}`);
  includes(page.text, 'Beijing', 'the customer page');
  includes(page.text, level, 'its level');
  const edit = await en.get(`/customers/${rows[0].id}/edit`);
  includes(edit.text, '<option value="beijing" selected>Beijing</option>', 'the customer form\'s picker');
  const file = await download(en, '/customers/export.csv?region=beijing');
  const csv = parseCsv(file.text.replace(/^\uFEFF/, ''));
  const col = csv[0].indexOf('Region');
  assert(col >= 0, `the English column names: ${csv[0].join('|')}`);
  assert(csv.slice(1).filter((r) => r.length > 1).every((r) => r[col] === 'Beijing'), 'the export in English');
  // the same pages in Chinese are unchanged
  const zh = await signedIn('director');
  const zl = await zh.get('/customers?region=beijing');
  includes(zl.text, '<option value="beijing" selected>北京</option>', 'Chinese picker');
  includes(zl.text, '<td>北京</td>', 'Chinese rows');
  // an edit clears or changes the English text; a script that does not send it keeps it
  const sz = (await admin.get('/admin/dict?category=region', { json: true })).json().items.find((i) => i.value === withEn);
  includes((await admin.get(`/admin/dict/${sz.id}`)).text, 'value="Suzhou"', 'the edit form shows it');
  eq((await admin.post(`/admin/dict/${sz.id}`, { item: '苏州', value: withEn, sort: '60', version: sz.version })).status, 303, 'saved without the field');
  eq(sql(`SELECT item_en FROM dict_items WHERE id = ${sz.id}`), 'Suzhou', 'kept');
  eq((await admin.post(`/admin/dict/${sz.id}`, { item: '苏州', item_en: 'Suzhou City', value: withEn, sort: '60', version: String(sz.version + 1) })).status, 303, 'changed');
  eq(sql(`SELECT json_extract(before_json, '$.item_en') || '>' || json_extract(after_json, '$.item_en') FROM audit_log WHERE record_type = 'dict_item' AND record_id = ${sz.id} ORDER BY id DESC LIMIT 1`), 'Suzhou>Suzhou City', 'audited before → after');
  includes((await en.get('/customers')).text, `<option value="${withEn}">Suzhou City</option>`, 'the English page follows at once');
  // too long: refused with the field named, the input kept, nothing written
  const before = fingerprint();
  const bad = await admin.post(`/admin/dict/${sz.id}`, { item: '苏州', item_en: 'S'.repeat(51), value: withEn, sort: '60', version: String(sz.version + 2) });
  eq(bad.status, 422, 'over-long English text refused');
  includes(bad.text, '英文条目', 'the field named');
  includes(bad.text, `value="${'S'.repeat(51)}"`, 'the input kept');
  const badNew = await admin.post('/admin/dict', { category: 'region', item: '常州', item_en: 'C'.repeat(51), value: unique('cz') });
  eq(badNew.status, 422, 'refused on create too');
  eq(fingerprint(), before, 'nothing written');
  for (const v of [withEn, without]) {
    const it = sql(`SELECT id || '|' || version FROM dict_items WHERE value = '${v}'`).split('|');
    eq((await admin.post(`/admin/dict/${it[0]}/delete`, { version: it[1] })).status, 303, `${v} removed`);
  }
});

test('data dictionary: a deleted item\'s id is never given again; the next item\'s history is its own', async () => {
  // the audit log names an item by its id (schema/010_autoincrement.sql): delete the item holding the
  // largest id, add another, and the new one must get a fresh id with only its own history
  const s = await signedIn('admin');
  await s.get('/admin/dict?category=region');
  const create = async () => {
    const value = unique('idtest');
    eq((await s.post('/admin/dict', { category: 'region', item: '测试地区', value, sort: '90' })).status, 303, 'added');
    return Number(sql(`SELECT id FROM dict_items WHERE value = '${value}'`));
  };
  const old = await create();
  eq(old, Number(sql('SELECT max(id) FROM dict_items')), 'the new item holds the largest id');
  eq((await s.post(`/admin/dict/${old}/delete`, { version: sql(`SELECT version FROM dict_items WHERE id = ${old}`) })).status, 303, 'deleted');
  const id = await create();
  assert(id > old, `the next item gets a fresh id: got ${id}, the deleted one had ${old}`);
  eq(await historyOf(s, 'dict_item', id), 'create', 'the new item\'s history is its own');
  eq(await historyOf(s, 'dict_item', old), 'create,delete', 'the deleted item keeps its own history');
  eq((await s.get(`/admin/dict/${old}`)).status, 404, 'the deleted id stays gone');
  eq((await s.post(`/admin/dict/${id}/delete`, { version: sql(`SELECT version FROM dict_items WHERE id = ${id}`) })).status, 303, 'the new one deleted too');
});

test('data dictionary: a value that records use cannot be deleted or changed (its name and order can); nothing written', async () => {
  const s = await signedIn('admin');
  await s.get('/admin/dict?category=region');
  const items = (await s.get('/admin/dict', { json: true })).json().items;
  const used = [
    ['region', 'beijing', "SELECT (SELECT count(*) FROM customers WHERE region = 'beijing') + (SELECT count(*) FROM users WHERE region = 'beijing')"],
    ['warehouse', sql("SELECT warehouse FROM stock GROUP BY warehouse ORDER BY count(*) DESC LIMIT 1"), null],
    ['unit', sql("SELECT unit FROM products WHERE unit != '' GROUP BY unit ORDER BY count(*) DESC LIMIT 1"), null],
  ];
  for (const [category, value, countSql] of used) {
    const it = items.find((i) => i.category === category && i.value === value);
    assert(it && it.editable === 1, `${category} ${value} is an editable item in use`);
    const before = fingerprint();
    let r = await s.post(`/admin/dict/${it.id}/delete`, { version: String(it.version) });
    eq(r.status, 409, `${category} ${value}: delete refused`);
    includes(r.text, '不能删除或修改值', 'message');
    if (countSql) includes(r.text, `正被 ${sql(countSql)} 条记录`, 'says how many use it');
    r = await s.post(`/admin/dict/${it.id}`, { item: it.item, value: `${value}x`, sort: String(it.sort), version: String(it.version) });
    eq(r.status, 409, `${category} ${value}: value change refused`);
    eq(fingerprint(), before, 'nothing written');
    r = await s.post(`/admin/dict/${it.id}`, { item: `${it.item}改`, value, sort: String(it.sort), version: String(it.version) });
    eq(r.status, 303, `${category} ${value}: its name may change`);
    const now = (await s.get('/admin/dict', { json: true })).json().items.find((i) => i.id === it.id);
    eq(now.item, `${it.item}改`, 'renamed');
    eq((await s.post(`/admin/dict/${it.id}`, { item: it.item, value, sort: String(it.sort), version: String(now.version) })).status, 303, 'renamed back');
  }
});

test('data dictionary: a 地区 and a 等级 that only retired customers use still cannot be deleted (their pages show them)', async () => {
  const admin = await signedIn('admin');
  await admin.get('/admin/dict?category=region');
  const region = `r${Date.now().toString(36)}`, level = `l${Date.now().toString(36)}`;
  eq((await admin.post('/admin/dict', { category: 'region', item: unique('退役地区'), value: region, sort: '95' })).status, 303, 'region added');
  eq((await admin.post('/admin/dict', { category: 'customer_level', item: unique('退役等级'), value: level, sort: '95' })).status, 303, 'level added');
  const d = await signedIn('director');
  await d.get('/customers/new');
  const r = await d.post('/customers', { name: unique('退役客户'), region, level, satisfaction: '3', credit: '3',
    manager_id: sql("SELECT id FROM users WHERE login = 'rep1'") }, { json: true });
  eq(r.status, 200, `customer created (${r.text.slice(0, 200)})`);
  const id = r.json().id;
  eq((await d.post(`/customers/${id}/retire`, { version: sql(`SELECT version FROM customers WHERE id = ${id}`) })).status, 303, 'retired');
  eq(sql(`SELECT retired FROM customers WHERE id = ${id}`), '1', 'the customer is retired');
  const items = (await admin.get('/admin/dict', { json: true })).json().items;
  for (const [category, value] of [['region', region], ['customer_level', level]]) {
    const it = items.find((i) => i.category === category && i.value === value);
    assert(it, `${category} ${value} listed`);
    const before = fingerprint();
    const del = await admin.post(`/admin/dict/${it.id}/delete`, { version: String(it.version) });
    eq(del.status, 409, `${category}: delete refused while a retired customer uses it`);
    includes(del.text, '正被 1 条记录', 'says one record uses it');
    eq((await admin.post(`/admin/dict/${it.id}`, { item: it.item, value: `${value}x`, sort: String(it.sort), version: String(it.version) })).status,
      409, `${category}: value change refused`);
    eq(fingerprint(), before, 'nothing written');
  }
  const page = await d.get(`/customers/${id}`);
  eq(page.status, 200, 'the retired customer\'s page');
  includes(page.text, '退役地区', 'shows its 地区 by name');
});

test('audit log: filters by action and user, pages by key, and refuses updates and deletes', async () => {
  const s = await signedIn('admin');
  const all = (await s.get('/admin/audit?action=login', { json: true })).json();
  assert(all.entries.length > 0 && all.entries.every((e) => e.action === 'login'), 'action filter');
  const rep1 = sql("SELECT id FROM users WHERE login = 'rep1'");
  const mine = (await s.get(`/admin/audit?user=${rep1}`, { json: true })).json();
  assert(mine.entries.every((e) => String(e.user_id) === rep1), 'user filter');
  const first = (await s.get('/admin/audit', { json: true })).json();
  if (first.next_page) {
    const next = (await s.get(first.next_page, { json: true })).json();
    assert(next.entries[0].id < first.entries[first.entries.length - 1].id, 'keyset paging continues below');
  }
  const bad = await s.get('/admin/audit?from=2026-02-30', { json: true });
  eq(bad.status, 400, 'impossible date refused');
  includes(bad.json().errors.from, '请输入有效日期', 'message');
  let refused = false;
  try { sql('UPDATE audit_log SET action = \'x\' WHERE id = 1'); } catch { refused = true; }
  assert(refused, 'UPDATE refused by the database');
  refused = false;
  try { sql('DELETE FROM audit_log'); } catch { refused = true; }
  assert(refused, 'DELETE refused by the database');
});

test('audit log page: a change reads as its fields (label: before → after), a new or deleted record as the fields it held, labelled and in the user\'s language; the record linked while it exists', async () => {
  const s = await signedIn('admin');
  await s.get('/admin/users/new');
  const login = unique('aud');
  const r = await s.post('/admin/users', { login, name: '审计<b>甲</b>', role: 'rep', region: 'shanghai', lang: 'zh-CN', password: 'initial-pass1' });
  const id = Number(r.headers.get('location').split('/').pop());
  const user = async () => (await s.get(`/admin/users/${id}`, { json: true })).json().user;
  const u1 = await user();
  eq((await s.post(`/admin/users/${id}`, { login, name: '审计乙', role: 'director', region: 'shanghai', version: u1.version })).status, 303, 'renamed');
  const u2 = await user();
  eq((await s.post(`/admin/users/${id}`, { login, name: '审计乙', role: 'director', region: 'shanghai', version: u2.version })).status, 303, 'saved unchanged');
  const u3 = await user();
  eq((await s.post(`/admin/users/${id}/active`, { active: '0', version: u3.version })).status, 303, 'deactivated');
  const page = (await s.get(`/admin/audit?type=user&record=${id}`)).text;
  const cells = [...page.matchAll(/<td class="small audit-change">([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<\/(div|summary)>/g, ' ').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
  eq(cells.length, 4, 'four entries');
  eq(cells[0], '状态：在职 → 已停用', 'deactivated: 账号状态 before → after');
  eq(cells[1], '保存时没有改动任何内容。', 'a save that changed nothing says so');
  eq(cells[2], '姓名：审计&lt;b&gt;甲&lt;/b&gt; → 审计乙 角色：客户经理 → 销售主管', 'renamed: only the fields that moved, values as the pages show them (escaped)');
  assert(cells[3].startsWith('姓名：审计&lt;b&gt;甲&lt;/b&gt; 等 5 项 登录名：'), `created: one summary line, then the fields (${cells[3]})`);
  includes(cells[3], '地区：上海', 'a dictionary value by its text');
  includes(cells[3], '界面语言：简体中文', 'the language by its name');
  assert(!/version|created_at|updated_at|failed_logins/.test(page), 'no bookkeeping fields');
  includes(page, `<a href="/admin/users/${id}">#${id}</a>`, 'the record linked');
  const card = (await s.get(`/admin/users/${id}`)).text.replace(/<[^>]+>/g, '');
  includes(card, '姓名：审计&lt;b&gt;甲&lt;/b&gt; → 审计乙', "the user's 最近变更 shows the change too");
  includes(card, '保存时没有改动任何内容。', 'and the save that changed nothing');
  const json = (await s.get(`/admin/audit?type=user&record=${id}`, { json: true })).json();
  eq(JSON.parse(json.entries[2].after_json).name, '审计乙', 'the JSON keeps the stored image');
  eq(json.entries[2].diff.map((d) => `${d.label}|${d.before}|${d.after}`).join(), '姓名|审计<b>甲</b>|审计乙,角色|客户经理|销售主管', 'and carries the diff');
  // a deleted dictionary item: its fields, no link
  const value = unique('aud').toLowerCase().replace(/[^a-z0-9]/g, '');
  await s.get('/admin/dict?category=region');
  await s.post('/admin/dict', { category: 'region', item: '审计区', value, sort: '20' });
  const item = (await s.get('/admin/dict?category=region', { json: true })).json().items.find((i) => i.value === value);
  eq((await s.post(`/admin/dict/${item.id}/delete`, { version: String(item.version) })).status, 303, 'deleted');
  const del = (await s.get(`/admin/audit?type=dict_item&record=${item.id}&action=delete`)).text;
  includes(del.replace(/<[^>]+>/g, ''), '条目：审计区 等 4 项', 'the deleted item summed up');
  includes(del.replace(/<[^>]+>/g, ''), '类别：地区', 'its category by name');
  assert(!del.includes(`href="/admin/dict/${item.id}"`), 'a deleted record is not linked');
  // English
  await s.post('/lang', { lang: 'en', next: '/' });
  const en = (await s.get(`/admin/audit?type=user&record=${id}`)).text;
  await s.post('/lang', { lang: 'zh-CN', next: '/' });
  includes(en, 'Saved without changing any field.', 'English: unchanged');
  includes(en.replace(/<[^>]+>/g, ''), 'State: Active → Inactive', 'English labels and values');
  assert(!/[\u4e00-\u9fff]：/.test(en), 'no Chinese label on the English page');
});

test('audit log: a date range walks its days by time and pages through ties, each entry once', async () => {
  const s = await signedIn('admin');
  // 70 entries on 2003-03-15 between 12:00 and 18:00 in UTC+8 (the same date from UTC-4 to UTC+13),
  // three to a second, so page boundaries fall inside runs of equal times
  const base = Date.UTC(2003, 2, 15, 4, 0, 0) / 1000;
  const record = 900000000 + Math.floor(Math.random() * 1e8);
  const values = Array.from({ length: 70 }, (_, i) => `(${base + Math.floor(i / 3) * 60}, NULL, 'customer', ${record}, 'update')`);
  sql(`INSERT INTO audit_log(at, user_id, record_type, record_id, action) VALUES ${values.join(',')}`);
  const want = sql(`SELECT group_concat(id) FROM (SELECT id FROM audit_log WHERE record_id = ${record} ORDER BY at DESC, id DESC)`);
  const seen = [];
  let page = '/admin/audit?from=2003-03-15&to=2003-03-15';
  for (let i = 0; page && i < 5; i++) {
    const j = (await s.get(page, { json: true })).json();
    seen.push(...j.entries.map((e) => e.id));
    if (i === 0) eq(j.entries.length, 50, 'a full first page');
    page = j.next_page;
  }
  eq(seen.join(','), want, 'every entry of the day once, newest first');
  const day2 = (await s.get('/admin/audit?from=2003-03-16&to=2003-03-16', { json: true })).json();
  eq(day2.entries.length, 0, 'the next day has none');
});

test('audit log export: the page\'s filters, every entry once (more than an export page, ties on time), newest first; audit.view and data.export', async () => {
  const s = await signedIn('admin');
  const csvOf = async (session, path) => {
    const r = await download(session, path);
    eq(r.status, 200, `export ${path} (${r.text.slice(0, 200)})`);
    includes(r.headers.get('content-type'), 'text/csv; charset=utf-8', 'CSV type');
    assert(/^attachment; filename="audit-\d{8}\.csv"$/.test(r.headers.get('content-disposition') || ''), 'attachment');
    eq(r.bytes.subarray(0, 3).toString('hex'), 'efbbbf', 'UTF-8 BOM');
    const rows = parseCsv(r.text.slice(1));
    return { head: rows[0], data: rows.slice(1) };
  };
  // 1,200 entries of one record on one day, three to a second, with a change that holds commas and quotes
  const base = Date.UTC(2004, 5, 9, 4, 0, 0) / 1000;
  const record = 800000000 + Math.floor(Math.random() * 1e8);
  const values = Array.from({ length: 1200 }, (_, i) => `(${base + Math.floor(i / 3)}, NULL, 'customer', ${record}, '${i % 2 ? 'update' : 'reassign'}', '{"name":"甲,乙","n":${i}}', '{"note":"say \\"hi\\""}')`);
  sql(`INSERT INTO audit_log(at, user_id, record_type, record_id, action, before_json, after_json) VALUES ${values.join(',')}`);
  const want = (where) => sql(`SELECT id FROM audit_log WHERE record_id = ${record} ${where} ORDER BY at DESC, id DESC`).split('\n');
  const byAge = want('').reverse();   // the n-th inserted entry's id is byAge[n]
  const ids = (data) => data.map((r) => byAge[JSON.parse(r[5]).n]);
  // by record: every entry once, newest first (the page's order), the change as stored
  const byRecord = await csvOf(s, `/admin/audit/export.csv?type=customer&record=${record}`);
  eq(byRecord.head.join('|'), '时间|操作人|记录|记录编号|操作|变更前|变更后', 'header');
  eq(byRecord.data.length, 1200, 'every entry of the record');
  eq(JSON.stringify(ids(byRecord.data)), JSON.stringify(want('')), 'each once, newest first');
  const row = byRecord.data[0];
  eq(row[1], '系统', 'no user: 系统');
  eq(row[2], '客户', 'record type label');
  eq(row[3], String(record), 'record number');
  eq(row[4], '修改', 'action label (the newest, 1,199th, is an update)');
  eq(byRecord.data[1][4], '更换客户经理', 'action label of a reassign');
  eq(row[5], '{"name":"甲,乙","n":1199}', 'the change before, commas and all');
  eq(row[6], '{"note":"say \\"hi\\""}', 'the change after, quotes and all');
  assert(/^2004-06-09 \d\d:\d\d/.test(row[0]), `time ${row[0]}`);
  // a date range with an action: the (time, id) keyset through ties
  const ranged = await csvOf(s, `/admin/audit/export.csv?from=2004-06-09&to=2004-06-09&action=update`);
  eq(JSON.stringify(ids(ranged.data)), JSON.stringify(want("AND action = 'update'")), 'the day\'s updates, each once, newest first');
  eq(ranged.data.length, 600, 'half of them');
  // the page links to the export with its filters; the export refuses what the page refuses
  const page = (await s.get(`/admin/audit?type=customer&record=${record}&from=2004-06-09`, { json: true })).json();
  eq(page.export_href, `/admin/audit/export.csv?type=customer&from=2004-06-09&record=${record}`, 'the page\'s export link keeps its filters');
  includes((await s.get('/admin/audit')).text, 'href="/admin/audit/export.csv"', 'the unfiltered page links to the whole log');
  const bad = await download(s, '/admin/audit/export.csv?from=2026-02-30');
  eq(bad.status, 400, 'impossible date refused');
  includes(bad.text, '请输入有效日期', 'message');
  // English labels
  await s.post('/lang', { lang: 'en', next: '/admin/audit' });
  const en = await csvOf(s, `/admin/audit/export.csv?type=customer&record=${record}`);
  eq(en.head.join('|'), 'When|Who|Record|Record no.|Action|Before|After', 'English header');
  eq(en.data[0][1], 'System', 'English 系统');
  await s.post('/lang', { lang: 'zh-CN', next: '/admin/audit' });
  // audit.view alone does not take data out; data.export alone does not read the log
  const director = await signedIn('director');
  sql("DELETE FROM role_perms WHERE role = 'director' AND perm = 'data.export'");
  try {
    const d = await signedIn('director');
    eq((await d.get('/admin/audit', { json: true })).json().export_href, undefined, 'no export link without data.export');
    eq((await download(d, '/admin/audit/export.csv')).status, 403, 'refused without data.export');
  } finally {
    sql("INSERT OR IGNORE INTO role_perms(role, perm) VALUES ('director', 'data.export')");
  }
  eq((await download(director, `/admin/audit/export.csv?record=${record}`)).status, 200, 'a director with both exports it');
  eq((await download(await signedIn('exec'), '/admin/audit/export.csv')).status, 403, 'an executive (data.export, no audit.view) is refused');
});

test('a user\'s page says how many customers they manage and links the list that can reassign them all, and the 交往记录 they wrote', async () => {
  const s = await signedIn('admin');
  const id = Number(sql("SELECT id FROM users WHERE login = 'rep1'"));
  const n = sql(`SELECT count(*) FROM customers WHERE manager_id = ${id} AND retired = 0`);
  const page = await s.get(`/admin/users/${id}`);
  includes(page.text, `负责 ${n} 个客户 · <a href="/customers?manager=${id}">查看（可全部重新分配）</a>`, 'the count and the link');
  const exec = Number(sql("SELECT id FROM users WHERE login = 'exec'"));
  eq(sql(`SELECT count(*) FROM customers WHERE manager_id = ${exec} AND retired = 0`), '0', 'the executive manages none');
  assert(!(await s.get(`/admin/users/${exec}`)).text.includes('data-testid="user-customers"'), 'nothing said for none');
  includes(page.text, `<a href="/activities?user=${id}" data-testid="user-activities">查看其记录的交往记录</a>`, 'their interaction records linked');
  const theirs = (await s.get(`/activities?user=${id}`, { json: true })).json();
  eq(theirs.count, Math.min(Number(sql(`SELECT count(*) FROM activities a JOIN customers c ON c.id = a.customer_id WHERE a.user_id = ${id} AND c.retired = 0`)), 1001), 'which the list counts');
  assert(theirs.activities.every((a) => a.user_id === id), 'theirs only');
});

test('every page answers as JSON with the same view model and without the catalog', async () => {
  const s = await signedIn('admin');
  for (const p of ['/', '/admin/users', '/admin/users/1', '/admin/roles', '/admin/dict', '/admin/audit', '/account/password']) {
    const r = await s.get(p, { json: true });
    eq(r.status, 200, `${p} status`);
    assert(r.headers.get('content-type').startsWith('application/json'), `${p} content type`);
    const j = r.json();
    assert(typeof j.title === 'string' && !('t' in j), `${p}: title present, catalog absent`);
  }
  const html = await s.get('/admin/users');
  assert(html.headers.get('content-type').startsWith('text/html'), 'browsers still get HTML');
});

test('state-changing routes also accept a JSON body and the X-CSRF-Token header', async () => {
  const s = await signedIn('admin');
  const login = unique('json');
  const r = await s.post('/admin/users', null, {
    raw: JSON.stringify({ login, name: 'JSON 用户', role: 'executive', password: 'password12' }),
    contentType: 'application/json', csrf: null, json: true, headers: { 'X-CSRF-Token': s.csrf },
  });
  eq(r.status, 200, 'accepted');
  assert(r.json().location.startsWith('/admin/users/'), 'location of the new user');
  eq(sql(`SELECT role FROM users WHERE login = '${login}'`), 'executive', 'stored');
});

test('malformed input gets a clear error: bad escapes, invalid UTF-8, too many fields, wrong content type', async () => {
  const s = await signedIn('admin');
  const before = fingerprint();
  let r = await s.get('/admin/users?q=%G1', { json: true });
  eq(r.status, 400, 'bad percent escape in query');
  eq(r.json().error, '请求格式有误，无法处理。', 'message');
  r = await s.post('/admin/users', null, { raw: `_csrf=${s.csrf}&login=a%C0%AFb&name=x&role=rep&password=password1`, json: true });
  eq(r.status, 400, 'invalid UTF-8');
  const many = Array.from({ length: 300 }, (_, i) => `f${i}=1`).join('&');
  r = await s.post('/admin/users', null, { raw: `_csrf=${s.csrf}&${many}`, json: true });
  eq(r.status, 400, 'too many fields');
  r = await s.post('/admin/users', null, { raw: 'x', contentType: 'text/plain', json: true, headers: { 'X-CSRF-Token': s.csrf } });
  eq(r.status, 415, 'unsupported content type');
  eq(r.json().error, '不支持的提交格式。', 'message');
  r = await s.post('/admin/users', null, { raw: '{"login": [1,2]}', contentType: 'application/json', json: true, headers: { 'X-CSRF-Token': s.csrf } });
  eq(r.status, 400, 'JSON with a nested value');
  eq(fingerprint(), before, 'nothing written');
});

test('an oversize body is stopped by nginx with a bilingual page', async () => {
  const s = await signedIn('admin');
  const r = await s.post('/admin/users', null, { raw: `_csrf=${s.csrf}&name=${'x'.repeat(1200 * 1024)}` });
  eq(r.status, 413, 'too large');
  includes(r.text, '提交的内容过大', 'Chinese');
  includes(r.text, 'Too large', 'English');
});

test('404 and 405 pages are clear and in the user language', async () => {
  const s = await signedIn('rep1');
  let r = await s.get('/no/such/page');
  eq(r.status, 404, '404');
  includes(r.text, '页面不存在', 'Chinese 404');
  r = await s.post('/admin/audit', {}, { json: true });
  eq(r.status, 405, '405');
  eq(r.headers.get('allow'), 'GET, POST', 'Allow header');
  r = await s.get('/admin/users/0', { json: true });
  eq(r.status, 404, 'id 0 is not a route');
});

test('language: English per user, stored and used on every page; anonymous choice by cookie', async () => {
  const login = unique('en');
  addUser(login, 'admin');
  const s = await signedIn(login);
  await s.get('/');
  let r = await s.post('/lang', { lang: 'en', next: '/admin/users' });
  eq(r.status, 303, 'switched');
  eq(r.headers.get('location'), '/admin/users', 'back to the page');
  r = await s.get('/admin/users');
  includes(r.text, '<html lang="en">', 'English page');
  includes(r.text, 'Add user', 'English text');
  eq(sql(`SELECT lang FROM users WHERE login = '${login}'`), 'en', 'stored for the user');
  const again = await signedIn(login);
  includes((await again.get('/')).text, 'Sign out', 'still English after signing in again');
  const bad = await s.post('/lang', { lang: 'fr' }, { json: true });
  eq(bad.status, 422, 'unknown language refused');
  const anon = new Session();
  await anon.get('/login');
  await anon.post('/lang', { lang: 'en', next: '/login' });
  includes((await anon.get('/login')).text, 'Please sign in', 'anonymous English by cookie');
});

await run('http admin');
