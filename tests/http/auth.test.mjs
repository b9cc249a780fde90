// auth.test.mjs — sign-in, sign-out, sessions (hashed tokens, idle and absolute expiry), password
// change, per-account backoff, CSRF and same-origin on every state-changing route, and the
// role × route matrix driven from the route table.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test, run, assert, eq, includes } from '../lib/harness.mjs';
import { Session, signedIn, sql, routes, addUser, fingerprint, unique, PASSWORD } from '../lib/http.mjs';

test('health endpoint answers JSON for monitoring', async () => {
  const r = await new Session().get('/health');
  eq(r.status, 200, 'status');
  const j = r.json();
  eq(j.status, 'ok', 'status field');
  assert(j.schema_version >= 1, 'schema version reported');
});

test('login page sets a pre-login CSRF cookie and form field', async () => {
  const s = new Session();
  const r = await s.get('/login');
  eq(r.status, 200, 'status');
  includes(r.text, '请登录', 'Chinese title');
  assert(s.cookies.get('crm_pre'), 'crm_pre cookie');
  eq(s.csrf, s.cookies.get('crm_pre'), 'field equals cookie');
});

test('wrong password is refused with a Chinese message and no session', async () => {
  const s = new Session();
  await s.get('/login');
  const r = await s.post('/login', { login: 'rep2', password: 'wrong-password' });
  eq(r.status, 401, 'status');
  includes(r.text, '登录名或密码不正确', 'message');
  assert(!s.cookies.get('crm_session'), 'no session cookie');
  const unknown = await s.post('/login', { login: 'nobody-here', password: 'whatever1' });
  eq(unknown.status, 401, 'unknown login looks the same');
  includes(unknown.text, '登录名或密码不正确', 'same message');
});

test('sign-in sets an HttpOnly SameSite=Lax session cookie whose token is stored only hashed', async () => {
  const s = new Session();
  await s.get('/login');
  const r = await s.post('/login', { login: 'rep1', password: PASSWORD });
  eq(r.status, 303, 'redirect after login');
  const line = r.headers.getSetCookie().find((c) => c.startsWith('crm_session='));
  assert(line, 'session cookie set');
  includes(line, 'HttpOnly', 'HttpOnly');
  includes(line, 'SameSite=Lax', 'SameSite');
  assert(!/Secure/.test(line), 'no Secure flag over plain http');
  const token = s.cookies.get('crm_session');
  const hash = createHash('sha256').update(token).digest('hex').toUpperCase();
  eq(sql(`SELECT count(*) FROM sessions WHERE hex(token_hash) = '${hash}'`), '1', 'row found by SHA-256 of the token');
  eq(sql(`SELECT count(*) FROM sessions WHERE instr(hex(token_hash), hex('${token}')) > 0 OR csrf = '${token}'`), '0', 'token itself not stored');
  const home = await s.get('/');
  eq(home.status, 200, 'home reachable');
  includes(home.text, '张伟', 'signed in as rep1');
});

test('Secure is added to cookies when served over TLS (HTTPS=on)', async () => {
  // nginx marks TLS with the HTTPS parameter; X-Forwarded-Proto is deliberately not trusted
  const s = new Session();
  const r = await s.get('/login', { headers: { 'X-Forwarded-Proto': 'https' } });
  const line = r.headers.getSetCookie().find((c) => c.startsWith('crm_pre='));
  assert(line && !/Secure/.test(line), 'a header from the client does not switch on Secure');
});

test('a signed-in page without a session redirects to login (HTML) or answers 401 (JSON)', async () => {
  const s = new Session();
  const html = await s.get('/admin/users');
  eq(html.status, 303, 'redirect');
  eq(html.headers.get('location'), '/login?next=%2Fadmin%2Fusers', 'back to the page after login');
  const json = await s.get('/admin/users', { json: true });
  eq(json.status, 401, 'JSON 401');
  eq(json.json().error_key, 'err.login_required', 'error key');
});

test('login returns to the page asked for, but never off-site', async () => {
  const s = new Session();
  await s.get('/login?next=/admin/audit');
  let r = await s.post('/login', { login: 'admin', password: PASSWORD, next: '/admin/audit' });
  eq(r.headers.get('location'), '/admin/audit', 'local next honoured');
  const t = new Session();
  await t.get('/login');
  r = await t.post('/login', { login: 'admin', password: PASSWORD, next: '//evil.example/x' });
  eq(r.headers.get('location'), '/', 'protocol-relative next refused');
});

test('logout really ends the session: the old cookie no longer works', async () => {
  const s = await signedIn('rep1');
  const token = s.cookies.get('crm_session');
  const r = await s.post('/logout');
  eq(r.status, 303, 'redirect');
  eq(r.headers.get('location'), '/login', 'to login');
  const hash = createHash('sha256').update(token).digest('hex').toUpperCase();
  eq(sql(`SELECT count(*) FROM sessions WHERE hex(token_hash) = '${hash}'`), '0', 'row deleted');
  const replay = new Session();
  replay.cookies.set('crm_session', token);
  const again = await replay.get('/', { json: true });
  eq(again.status, 401, 'replayed cookie is anonymous');
  const notice = await s.get('/login');
  includes(notice.text, '您已安全退出', 'logged-out notice');
});

test('idle expiry: a session unused for longer than the idle limit ends', async () => {
  const s = await signedIn('rep2');
  const token = s.cookies.get('crm_session');
  const hash = createHash('sha256').update(token).digest('hex').toUpperCase();
  eq((await s.get('/', { json: true })).status, 200, 'works before');
  sql(`UPDATE sessions SET last_seen = last_seen - 1801 WHERE hex(token_hash) = '${hash}'`);
  const r = await s.get('/', { json: true });
  eq(r.status, 401, 'idle session refused');
  eq(sql(`SELECT count(*) FROM sessions WHERE hex(token_hash) = '${hash}'`), '0', 'expired row removed');
});

test('last_seen: a page read more than a minute after the last one notes the time (written after the page)', async () => {
  const s = await signedIn('rep2');
  const hash = createHash('sha256').update(s.cookies.get('crm_session')).digest('hex').toUpperCase();
  sql(`UPDATE sessions SET last_seen = strftime('%s','now') - 120 WHERE hex(token_hash) = '${hash}'`);
  eq((await s.get('/customers')).status, 200, 'the page');
  const age = Number(sql(`SELECT strftime('%s','now') - last_seen FROM sessions WHERE hex(token_hash) = '${hash}'`));
  assert(age >= 0 && age < 60, `last_seen noted (${age} s ago)`);
  sql(`UPDATE sessions SET last_seen = strftime('%s','now') - 30 WHERE hex(token_hash) = '${hash}'`);
  eq((await s.get('/customers')).status, 200, 'the page again');
  const kept = Number(sql(`SELECT strftime('%s','now') - last_seen FROM sessions WHERE hex(token_hash) = '${hash}'`));
  assert(kept >= 30, `within the minute, no write (${kept} s ago)`);
});

test('absolute expiry: a session past its lifetime ends even when active', async () => {
  const s = await signedIn('rep2');
  const hash = createHash('sha256').update(s.cookies.get('crm_session')).digest('hex').toUpperCase();
  sql(`UPDATE sessions SET expires_at = strftime('%s','now') - 1 WHERE hex(token_hash) = '${hash}'`);
  eq((await s.get('/', { json: true })).status, 401, 'expired session refused');
});

test('a user changes their own password; wrong current password and mismatch are refused', async () => {
  const login = unique('pw');
  addUser(login, 'rep');
  const s = await signedIn(login);
  const other = await signedIn(login);           // a second device
  await s.get('/account/password');
  let r = await s.post('/account/password', { current: 'not-it-123', password: 'newpass123', confirm: 'newpass123' });
  eq(r.status, 422, 'wrong current');
  includes(r.text, '当前密码不正确', 'message');
  r = await s.post('/account/password', { current: PASSWORD, password: 'newpass123', confirm: 'newpass124' });
  eq(r.status, 422, 'mismatch');
  includes(r.text, '两次输入的新密码不一致', 'message');
  r = await s.post('/account/password', { current: PASSWORD, password: 'short', confirm: 'short' });
  eq(r.status, 422, 'too short');
  includes(r.text, '至少 8 个字符', 'length message');
  r = await s.post('/account/password', { current: PASSWORD, password: 'newpass123', confirm: 'newpass123' });
  eq(r.status, 303, 'changed');
  eq((await s.get('/', { json: true })).status, 200, 'this session continues');
  eq((await other.get('/', { json: true })).status, 401, 'other sessions ended');
  const old = new Session();
  await old.get('/login');
  eq((await old.post('/login', { login, password: PASSWORD })).status, 401, 'old password refused');
  await signedIn(login, 'newpass123');
  assert(Number(sql(`SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.record_id WHERE u.login = '${login}' AND a.action = 'password_change'`)) === 1, 'audited');
});

test('per-account backoff: after 5 failures the account is locked even for the right password', async () => {
  const login = unique('lock');
  addUser(login, 'rep');
  const s = new Session();
  await s.get('/login');
  for (let i = 0; i < 4; i++) eq((await s.post('/login', { login, password: 'bad-password' })).status, 401, `failure ${i + 1}`);
  const fifth = await s.post('/login', { login, password: 'bad-password' });
  eq(fifth.status, 429, 'fifth failure locks');
  includes(fifth.text, '登录失败次数过多', 'lock message');
  const right = await s.post('/login', { login, password: PASSWORD });
  eq(right.status, 429, 'locked even with the right password');
  assert(!s.cookies.get('crm_session'), 'no session');
  eq(sql(`SELECT count(*) FROM audit_log a JOIN users u ON u.id = a.record_id WHERE u.login = '${login}' AND a.action = 'login_failed'`), '5', 'failures audited');
  sql(`UPDATE users SET locked_until = 0 WHERE login = '${login}'`);   // time passes
  eq((await s.post('/login', { login, password: PASSWORD })).status, 303, 'signs in after the lock ends');
  eq(sql(`SELECT failed_logins FROM users WHERE login = '${login}'`), '0', 'counter cleared');
});

test('a deactivated account cannot sign in', async () => {
  const login = unique('gone');
  addUser(login, 'rep');
  sql(`UPDATE users SET active = 0 WHERE login = '${login}'`);
  const s = new Session();
  await s.get('/login');
  const r = await s.post('/login', { login, password: PASSWORD });
  eq(r.status, 401, 'refused');
  includes(r.text, '该账号已停用', 'message');
});

// ---- CSRF: every state-changing route in the table, three attacks each, database unchanged.
// For each route: a body that would succeed, and who sends it. The positive control at the end
// shows the body was good, so a 403 really came from the CSRF check.
async function csrfCases() {
  const adminLogin = unique('csrfadm');
  addUser(adminLogin, 'admin');
  const target = addUser(unique('csrftgt'), 'rep');
  const version = () => sql(`SELECT version FROM users WHERE id = ${target}`);
  // an item of its own that nothing uses, so the positive controls may change its value and delete it
  const dictId = sql(`INSERT INTO dict_items(category, item, value, editable, sort) VALUES ('unit', '测试单位', '${unique('csrfunit')}', 1, 99) RETURNING id`);
  const dictVersion = () => sql(`SELECT version FROM dict_items WHERE id = ${dictId}`);
  return {
    adminLogin,
    bodies: {
      login: () => ({ anonymous: true, path: '/login', fields: { login: adminLogin, password: PASSWORD } }),
      logout: () => ({ path: '/logout', fields: {} }),
      set_lang: () => ({ path: '/lang', fields: { lang: 'en', next: '/' } }),
      password_change: () => ({ path: '/account/password', fields: { current: PASSWORD, password: PASSWORD + 'x', confirm: PASSWORD + 'x' } }),
      users_create: () => ({ path: '/admin/users', fields: { login: unique('csrfnew'), name: '新用户', role: 'rep', password: 'password1' } }),
      users_update: () => ({ path: `/admin/users/${target}`, fields: { login: unique('csrfren'), name: '改名', role: 'rep', version: version() } }),
      users_reset_password: () => ({ path: `/admin/users/${target}/password`, fields: { password: 'another-pass1' } }),
      users_set_active: () => ({ path: `/admin/users/${target}/active`, fields: { active: '0', version: version() } }),
      roles_save: async (s) => {
        const m = (await s.get('/admin/roles', { json: true })).json();
        const fields = { version: String(m.version) };
        const names = [];
        for (const p of m.perms) for (const c of p.cells) if (c.checked && c.name !== 'rep:data.export') names.push(c.name);
        for (const n of names) fields[n] = '1';
        return { path: '/admin/roles', fields };
      },
      dict_create: () => ({ path: '/admin/dict', fields: { category: 'unit', item: '批', value: unique('pi') } }),
      dict_update: () => ({ path: `/admin/dict/${dictId}`, fields: { item: '只', value: unique('zhi'), sort: '7', version: dictVersion() } }),
      dict_delete: () => ({ path: `/admin/dict/${dictId}/delete`, fields: { version: dictVersion() } }),
      ...recordCsrfCases(),
    },
  };
}

// CSRF cases of the contact, interaction record, order, product and stock routes (the records tests
// cover them in depth). Records to change or delete are made fresh through HTTP by the same admin.
function recordCsrfCases() {
  const customer = () => sql('SELECT min(id) FROM customers WHERE retired = 0');
  const product = () => sql('SELECT min(id) FROM products WHERE retired = 0');
  const ver = (table, id) => sql(`SELECT version FROM ${table} WHERE id = ${id}`);
  const made = async (s, path, fields) => {
    const r = await s.post(path, fields, { json: true });
    if (r.status !== 200) throw new Error(`setup ${path}: ${r.status} ${r.text.slice(0, 200)}`);
    return r.json().id;
  };
  const contact = (s) => made(s, `/customers/${customer()}/contacts`, { name: '防伪联系人' });
  const activity = (s) => made(s, `/customers/${customer()}/activities`, { at: '2026-01-05 10:00', summary: '防伪拜访' });
  const lines = () => ({ 'product_id[]': [product()], 'quantity[]': ['1'], 'unit[]': [''], 'price[]': ['1.00'] });
  const order = (s) => made(s, `/customers/${customer()}/orders`, { date: '2026-01-05', ...lines() });
  const prod = (s) => made(s, '/products', { name: unique('防伪产品'), price: '2.00' });
  const stock = (s) => made(s, '/stock', { product_id: product(), warehouse: 'bj1', quantity: '3' });
  return {
    contacts_create: () => ({ path: `/customers/${customer()}/contacts`, fields: { name: '防伪联系人' } }),
    contacts_update: async (s) => { const id = await contact(s); return { path: `/contacts/${id}`, fields: { name: '改名', version: ver('contacts', id) } }; },
    contacts_delete: async (s) => { const id = await contact(s); return { path: `/contacts/${id}/delete`, fields: { version: ver('contacts', id) } }; },
    activities_create: () => ({ path: `/customers/${customer()}/activities`, fields: { at: '2026-01-05 10:00', summary: '防伪拜访' } }),
    activities_update: async (s) => { const id = await activity(s); return { path: `/activities/${id}`, fields: { at: '2026-01-06 10:00', summary: '改', version: ver('activities', id) } }; },
    activities_delete: async (s) => { const id = await activity(s); return { path: `/activities/${id}/delete`, fields: { version: ver('activities', id) } }; },
    orders_create: () => ({ path: `/customers/${customer()}/orders`, fields: { date: '2026-01-05', ...lines() } }),
    orders_update: async (s) => { const id = await order(s); return { path: `/orders/${id}`, fields: { date: '2026-01-06', status: 'paid', version: ver('orders', id) } }; },
    orders_delete: async (s) => { const id = await order(s); return { path: `/orders/${id}/delete`, fields: { version: ver('orders', id) } }; },
    products_create: () => ({ path: '/products', fields: { name: unique('防伪产品') } }),
    products_update: async (s) => { const id = await prod(s); return { path: `/products/${id}`, fields: { name: unique('改名产品'), version: ver('products', id) } }; },
    products_retire: async (s) => { const id = await prod(s); return { path: `/products/${id}/retire`, fields: { version: ver('products', id) } }; },
    stock_create: () => ({ path: '/stock', fields: { product_id: product(), warehouse: 'bj1', quantity: '3' } }),
    stock_update: async (s) => { const id = await stock(s); return { path: `/stock/${id}`, fields: { product_id: product(), warehouse: 'sh1', quantity: '4', version: ver('stock', id) } }; },
    stock_delete: async (s) => { const id = await stock(s); return { path: `/stock/${id}/delete`, fields: { version: ver('stock', id) } }; },
    ...customerCsrfCases(customer, ver, made),
  };
}

// A multipart/form-data body (fields and one file) as a browser sends it; the CSRF token is a field.
function multipart(fields, file) {
  const boundary = '----crmtest' + Math.random().toString(16).slice(2);
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    if (v !== null && v !== undefined) parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  }
  parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n--${boundary}--\r\n`);
  return { raw: Buffer.from(parts.join(''), 'utf8'), contentType: `multipart/form-data; boundary=${boundary}` };
}

// CSRF cases of the customer routes and the import flow. An upload leaves no row in the database (the
// file waits under the database's imports/ folder), so the fingerprint check still applies to it.
function customerCsrfCases(customer, ver, made) {
  const newCustomer = (s) => made(s, '/customers', { name: unique('防伪客户'), region: 'beijing', level: 'normal', manager_id: sql("SELECT id FROM users WHERE login = 'rep1'"), satisfaction: '3', credit: '3' });
  const csv = () => ({ name: 'csrf.csv', content: `客户名称,地区\r\n${unique('防伪导入')},北京\r\n` });
  const upload = async (s) => {
    const body = multipart({ _csrf: s.csrf, kind: 'customers' }, csv());
    const r = await s.post('/import/upload', {}, { ...body, json: true });
    if (r.status !== 200) throw new Error(`setup upload: ${r.status} ${r.text.slice(0, 200)}`);
    return r.json().token;
  };
  return {
    customers_create: () => ({ path: '/customers', fields: { name: unique('防伪客户'), region: 'beijing', level: 'normal', manager_id: sql("SELECT id FROM users WHERE login = 'rep1'"), satisfaction: '3', credit: '3' } }),
    customers_update: async (s) => {
      const id = await newCustomer(s);
      return { path: `/customers/${id}`, fields: { name: unique('改名客户'), region: 'beijing', level: 'normal', manager_id: sql("SELECT id FROM users WHERE login = 'rep1'"), satisfaction: '4', credit: '3', version: ver('customers', id) } };
    },
    customers_retire: async (s) => { const id = await newCustomer(s); return { path: `/customers/${id}/retire`, fields: { version: ver('customers', id) } }; },
    customers_restore: async (s) => {
      const id = await newCustomer(s);
      const r = await s.post(`/customers/${id}/retire`, { version: ver('customers', id) });
      if (r.status !== 303) throw new Error(`setup retire: ${r.status}`);
      return { path: `/customers/${id}/restore`, fields: { version: ver('customers', id) } };
    },
    customers_reassign: () => ({ path: '/customers/reassign', fields: { ids: customer(), manager_id: sql("SELECT id FROM users WHERE login = 'rep2'") } }),
    import_upload: () => ({ path: '/import/upload', multipart: { fields: { kind: 'customers' }, file: csv() } }),
    import_commit: async (s) => ({ path: '/import/commit', fields: { token: await upload(s) } }),
    import_cancel: async (s) => ({ path: '/import/cancel', fields: { token: await upload(s) } }),
  };
}

test('CSRF: every state-changing route refuses no token, a foreign token and a foreign Origin, changing nothing', async () => {
  const { adminLogin, bodies } = await csrfCases();
  const changing = routes().filter((r) => r.csrf);
  assert(changing.length >= 12, 'state-changing routes found in the table');
  const order = changing.map((r) => r.name).sort((a, b) => (a === 'logout') - (b === 'logout') || (a === 'password_change') - (b === 'password_change'));
  try { await csrfEach(order, adminLogin, bodies); } finally { await restoreMatrix(); }
});

// The roles_save case drops rep:data.export; this puts the default matrix back (also after a failure).
async function restoreMatrix() {
  const s = await signedIn('admin');
  const m = (await s.get('/admin/roles', { json: true })).json();
  const fields = { version: String(m.version), 'rep:data.export': '1' };
  for (const p of m.perms) for (const c of p.cells) if (c.checked) fields[c.name] = '1';
  eq((await s.post('/admin/roles', fields)).status, 303, 'matrix restored');
}

async function csrfEach(order, adminLogin, bodies) {
  for (const name of order) {
    assert(bodies[name], `no CSRF case written for route ${name}: add one`);
    const s = await signedIn(adminLogin, name === 'logout' || name === 'password_change' ? PASSWORD : PASSWORD);
    const other = await signedIn('director');
    const spec = await bodies[name](s);
    const actor = spec.anonymous ? new Session() : s;
    if (spec.anonymous) await actor.get('/login');
    const otherToken = spec.anonymous ? (await (async () => { const x = new Session(); await x.get('/login'); return x.csrf; })()) : other.csrf;
    const before = fingerprint();
    const attacks = [
      ['no token', { csrf: null }],
      ["another session's token", { csrf: otherToken }],
      ['foreign Origin', { origin: 'http://evil.example' }],
      ['no Origin or Referer', { origin: null }],
    ];
    // a multipart route gets its body built per attack: the token travels inside the body
    const send = (opts) => {
      if (!spec.multipart) return actor.post(spec.path, spec.fields, opts);
      const csrf = 'csrf' in opts ? opts.csrf : actor.csrf;
      return actor.post(spec.path, {}, { ...opts, ...multipart({ _csrf: csrf, ...spec.multipart.fields }, spec.multipart.file) });
    };
    for (const [label, opts] of attacks) {
      const r = await send({ ...opts, json: true });
      eq(r.status, 403, `${name}: ${label}`);
      eq(r.json().error_key, 'err.csrf', `${name}: ${label} message`);
      eq(fingerprint(), before, `${name}: ${label} left the database unchanged`);
    }
    const ok = await send({ json: true });
    assert(ok.status === 200 || ok.status === 303, `${name}: positive control accepted (got ${ok.status} ${ok.text.slice(0, 200)})`);
    if (name === 'password_change') sql(`UPDATE users SET pw_hash = (SELECT pw_hash FROM users WHERE login = 'admin') WHERE login = '${adminLogin}'`);
  }
}

test('role × route matrix: every route, anonymous and each role, as checked in', async () => {
  const expected = JSON.parse(readFileSync(new URL('./route_matrix.json', import.meta.url))).routes;
  const table = routes();
  const userId = addUser(unique('mx'), 'rep');
  const dictId = sql("SELECT id FROM dict_items WHERE editable = 1 ORDER BY id LIMIT 1");
  // {id} of record routes (by the path's first segment): a record of rep1's own (seeded) customers,
  // so every role reaches the handler and no answer is a row-scope 404
  const rep1Customer = "(SELECT c.id FROM customers c JOIN users u ON u.id = c.manager_id WHERE u.login = 'rep1' AND c.retired = 0)";
  const recordIds = {
    customers: sql(`SELECT min(id) FROM customers WHERE id IN ${rep1Customer}`),
    contacts: sql(`SELECT min(id) FROM contacts WHERE customer_id IN ${rep1Customer}`),
    activities: sql(`SELECT min(id) FROM activities WHERE customer_id IN ${rep1Customer}`),
    orders: sql(`SELECT min(id) FROM orders WHERE customer_id IN ${rep1Customer}`),
    products: sql('SELECT min(id) FROM products'),
    stock: sql('SELECT min(id) FROM stock'),
  };
  for (const r of table) assert(expected[r.name], `route ${r.name} has no row in route_matrix.json`);
  const who = { anonymous: null, admin: 'admin', director: 'director', rep: 'rep1', executive: 'exec' };
  const failures = [];
  for (const [role, login] of Object.entries(who)) {
    const ordered = [...table].sort((a, b) => (a.name === 'logout') - (b.name === 'logout'));
    const s = login ? await signedIn(login) : new Session();
    if (!login) await s.get('/login');
    for (const r of ordered) {
      const path = r.path.replace('{id}', r.name.startsWith('dict') ? dictId : String(recordIds[r.path.split('/')[1]] || userId));
      const res = r.method === 'GET' ? await s.get(path, { json: true }) : await s.post(path, {}, { json: true });
      const want = expected[r.name][role];
      const got = res.status === 401 ? 'login' : res.status === 403 ? 'deny' : 'allow';
      if (got !== want || res.status >= 500 || res.status === 404 || res.status === 405)
        failures.push(`${role} ${r.method} ${path}: want ${want}, got ${res.status}`);
    }
  }
  assert(failures.length === 0, failures.join('\n'));
});

await run('http auth');
