// http.mjs — a small HTTP client for tests: a Session keeps cookies (like a browser would), signs in,
// reads the CSRF token from pages, and sends forms with the same-origin headers a browser sends.
import { execFileSync } from 'node:child_process';

export const BASE = process.env.BASE_URL || 'http://127.0.0.1:18080';
export const DB = process.env.CRM_DB || 'tests/out/test.db';
export const PASSWORD = 'demo1234';

export class Session {
  constructor() { this.cookies = new Map(); this.csrf = null; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i).trim(), v = pair.slice(i + 1).trim();
      if (/Max-Age=0/i.test(line) || v === '') this.cookies.delete(k); else this.cookies.set(k, v);
    }
  }
  // GET; opts: {json: true} for Accept: application/json, headers
  async get(path, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    if (opts.json) headers.Accept = 'application/json';
    const res = await fetch(BASE + path, { headers, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }
  // POST a form; opts: {csrf (default: the last seen token; null to omit), origin (default BASE; null to omit), json, raw, contentType}
  async post(path, fields = {}, opts = {}) {
    const body = new URLSearchParams();
    const csrf = 'csrf' in opts ? opts.csrf : this.csrf;
    if (csrf !== null && csrf !== undefined) body.set('_csrf', csrf);
    for (const [k, v] of Object.entries(fields || {})) {
      if (Array.isArray(v)) v.forEach((x) => body.append(k, x)); else body.append(k, String(v));
    }
    const headers = { 'Content-Type': opts.contentType || 'application/x-www-form-urlencoded' };
    const origin = 'origin' in opts ? opts.origin : BASE;
    if (origin) headers.Origin = origin;
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    if (opts.json) headers.Accept = 'application/json';
    Object.assign(headers, opts.headers || {});
    const res = await fetch(BASE + path, { method: 'POST', headers, body: opts.raw !== undefined ? opts.raw : body.toString(), redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }
  // POST multipart/form-data, the way a browser sends a form with a file input.
  // fields: text parts (the session's CSRF token is added as _csrf like post() does);
  // file: {name = 'file', filename = 'upload.csv', content (string or Buffer), type = 'text/csv'}, an
  // array of them, or null; opts as post() (csrf, origin, json, headers) plus boundary, and raw (a
  // Buffer or string sent as the body instead, with the same Content-Type) for malformed bodies.
  async upload(path, fields = {}, file = null, opts = {}) {
    const boundary = opts.boundary || `----crmtest${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
    const chunks = [];
    const quote = (s) => String(s).replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
    const part = (disposition, type, content) => {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n` +
        (type ? `Content-Type: ${type}\r\n` : '') + '\r\n'));
      chunks.push(Buffer.isBuffer(content) ? content : Buffer.from(String(content)));
      chunks.push(Buffer.from('\r\n'));
    };
    const csrf = 'csrf' in opts ? opts.csrf : this.csrf;
    if (csrf !== null && csrf !== undefined) part('name="_csrf"', null, csrf);
    for (const [k, v] of Object.entries(fields || {})) {
      for (const x of Array.isArray(v) ? v : [v]) part(`name="${quote(k)}"`, null, x);
    }
    for (const f of Array.isArray(file) ? file : file ? [file] : []) {
      part(`name="${quote(f.name || 'file')}"; filename="${quote(f.filename ?? 'upload.csv')}"`,
        f.type === undefined ? 'text/csv' : f.type, f.content ?? '');
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    const headers = { 'Content-Type': opts.contentType || `multipart/form-data; boundary=${boundary}` };
    const origin = 'origin' in opts ? opts.origin : BASE;
    if (origin) headers.Origin = origin;
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    if (opts.json) headers.Accept = 'application/json';
    Object.assign(headers, opts.headers || {});
    const body = opts.raw !== undefined ? opts.raw : Buffer.concat(chunks);
    const res = await fetch(BASE + path, { method: 'POST', headers, body, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const m = text.match(/name="_csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
  }
  // Signs in; returns the POST /login response. Leaves the session's CSRF token set.
  async login(login, password = PASSWORD) {
    await this.get('/login');
    const res = await this.post('/login', { login, password });
    if (res.status === 303) await this.get('/');
    return res;
  }
}

export async function signedIn(login, password = PASSWORD) {
  const s = new Session();
  const res = await s.login(login, password);
  if (res.status !== 303) throw new Error(`login ${login} failed: ${res.status} ${res.text.slice(0, 200)}`);
  return s;
}

// Runs SQL on the test database with the sqlite3 shell; returns stdout trimmed.
export function sql(query) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', DB, query], { encoding: 'utf8' }).trim();
}

export const CRM_BIN = process.env.CRM_BIN || 'build-asan/crm';

// The route table, as `crm routes` prints it.
export function routes() {
  return JSON.parse(execFileSync(CRM_BIN, ['routes'], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } }));
}

// Adds a user with the crm command (password on stdin); returns its id.
export function addUser(login, role, name = login, password = PASSWORD) {
  execFileSync(CRM_BIN, ['--database', DB, 'user', 'add', login, '--role', role, '--name', name],
    { input: password + '\n', encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  return Number(sql(`SELECT id FROM users WHERE login = '${login.replace(/'/g, "''")}'`));
}

// Text that changes whenever a business table changes (sessions excluded: reading pages touches them).
export function fingerprint() {
  return sql("SELECT 'u', * FROM users; SELECT 'r', * FROM role_perms; SELECT 'd', * FROM dict_items; SELECT 'a', count(*), max(id) FROM audit_log;");
}

// Customers whose stored name_key (the 名称 sort key, src/name_key.c) does not spell their name, as "id
// name" strings, and how many were checked. Checked here with node's own GB18030 decoder (the sqlite3
// shell cannot call crm_name_key): one unit per character, each ended by 0x01 — an ASCII byte, a
// character's GB18030 bytes, or for a Chinese character outside GB2312 level 1, a level-1 anchor (its
// GB code), 0x02 and ICU's key.
const gbDecoder = new TextDecoder('gb18030', { fatal: true });
let level1 = null;   // the 3,755 GB2312 level-1 characters
function isLevel1(ch) {
  if (!level1) {
    level1 = new Set();
    for (let hi = 0xb0; hi <= 0xd7; hi++)
      for (let lo = 0xa1; lo <= (hi === 0xd7 ? 0xf9 : 0xfe); lo++) level1.add(gbDecoder.decode(Buffer.from([hi, lo])));
  }
  return level1.has(ch);
}
function keySpells(key, name) {
  const units = [];
  for (let i = 0, start = 0; i < key.length; i++) if (key[i] === 1) { units.push(key.subarray(start, i)); start = i + 1; }
  if (key.length && key[key.length - 1] !== 1) return false;
  const chars = [...name];
  if (units.length !== chars.length) return false;
  return chars.every((ch, i) => {
    const u = units[i], cp = ch.codePointAt(0);
    if (cp < 0x80) return u.length === 1 && u[0] === Math.max(cp, 2);
    if (u.length > 3 && u[2] === 2) {   // placed by pinyin after its anchor
      const anchor = u[0] === 0xaf && u[1] === 0xff ? true : isLevel1(gbDecoder.decode(u.subarray(0, 2)));
      return anchor && !isLevel1(ch) && /\p{Script=Han}/u.test(ch);
    }
    try { return gbDecoder.decode(u) === ch; } catch { return false; }
  });
}
export function badNameKeys() {
  const rows = sql('SELECT id, hex(name_key), hex(CAST(name AS BLOB)) FROM customers').split('\n').filter(Boolean);
  const bad = [];
  for (const line of rows) {
    const [id, key, name] = line.split('|');
    const want = Buffer.from(name, 'hex').toString('utf8');
    if (!keySpells(Buffer.from(key, 'hex'), want)) bad.push(`${id} ${want}`);
  }
  return { bad, checked: rows.length };
}

let uniq = 0;
export function unique(prefix) { return `${prefix}${Date.now().toString(36)}${(uniq++).toString(36)}`; }

// The actions of one record's history as 操作日志 shows it (GET /admin/audit filtered by record type and
// id, newest first), oldest first and comma-joined, e.g. "create,update,delete". session: one with audit.view.
export async function historyOf(session, type, id) {
  const res = await session.get(`/admin/audit?type=${type}&record=${id}`, { json: true });
  if (res.status !== 200) throw new Error(`audit log for ${type} ${id}: ${res.status}`);
  return res.json().entries.map((e) => e.action).reverse().join(',');
}

// RFC 4180 reader (quoted fields, doubled quotes, CRLF or LF); returns rows of strings.
export function parseCsv(text) {
  const rows = [];
  let row = [], f = '', i = 0, quoted = false, any = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { f += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      f += c; i++; continue;
    }
    if (c === '"' && f === '') { quoted = true; any = true; i++; continue; }
    if (c === ',') { row.push(f); f = ''; any = true; i++; continue; }
    if (c === '\r' || c === '\n') {
      row.push(f); rows.push(row); row = []; f = ''; any = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    f += c; any = true; i++;
  }
  if (any || f !== '') { row.push(f); rows.push(row); }
  return rows;
}

// GET with the session's cookies, body as bytes (fetch's text() would drop the BOM).
export async function download(s, path) {
  const res = await fetch(BASE + path, { headers: { Cookie: s.cookieHeader() }, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}
