// ops.test.mjs — operations: one log line per request, a worker killed with -9 under load loses at
// most its request in flight and is replaced, SIGHUP reloads with no failed request, a broken
// template gives a 500 page without internals, online backup and the README's restore steps,
// and nginx's sign-in rate limit. Runs last among the HTTP suites (it signals the server).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, run, assert, eq, includes } from '../lib/harness.mjs';
import { Session, signedIn, addUser, unique, BASE, DB, CRM_BIN, PASSWORD } from '../lib/http.mjs';

const PID = Number(process.env.CRM_PID);
const LOG = process.env.CRM_LOG || 'tests/out/crm.log';
const TEMPLATES = process.env.CRM_TEMPLATES || 'tests/out/templates';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The worker pids, learned from /health (the maintenance process is also a child of the master).
async function workerPids(n = 40) {
  const pids = new Set();
  for (let i = 0; i < n; i++) pids.add((await (await fetch(BASE + '/health')).json()).worker_pid);
  return [...pids];
}
function children() {
  try { return execFileSync('pgrep', ['-P', String(PID)], { encoding: 'utf8' }).trim().split('\n').map(Number); } catch { return []; }
}

// Sends requests from `concurrency` loops until stop() is called; counts statuses.
function load(path, cookie, concurrency = 4) {
  let running = true;
  const counts = { ok: 0, failed: 0, statuses: {} };
  const loops = Array.from({ length: concurrency }, async () => {
    while (running) {
      try {
        const r = await fetch(BASE + path, { headers: { Cookie: cookie, Accept: 'application/json' } });
        await r.arrayBuffer();
        if (r.status === 200) counts.ok++; else { counts.failed++; counts.statuses[r.status] = (counts.statuses[r.status] || 0) + 1; }
      } catch { counts.failed++; }
    }
  });
  return { counts, stop: async () => { running = false; await Promise.all(loops); return counts; } };
}

test('every request writes one log line: method, path, route, user, status, duration', async () => {
  const login = unique('log');
  addUser(login, 'rep');
  const s = await signedIn(login);
  await s.get('/admin/users?q=x');
  await sleep(100);
  const lines = readFileSync(LOG, 'utf8').split('\n').filter((l) => l.includes(' req ') && l.includes(`user=${login} `));
  eq(lines.length, 2, 'one line for each request after sign-in (home, users)');
  assert(/req GET \/admin\/users route=users_list user=\S+ status=403 us=\d+$/.test(lines[1]), `format: ${lines[1]}`);
});

test('replies carry Content-Length (pages, JSON, errors, HEAD); a streamed export is chunked', async () => {
  const d = await signedIn('director');
  // (asked for uncompressed: nginx gzips for a client that accepts it, and then sends the body chunked)
  const identity = { 'Accept-Encoding': 'identity' };
  for (const [path, opts, want] of [['/customers', {}, 200], ['/customers', { json: true }, 200], ['/customers/999999999', {}, 404]]) {
    const res = await d.get(path, { ...opts, headers: identity });
    eq(res.status, want, `${path} status`);
    eq(res.headers.get('content-length'), String(Buffer.byteLength(res.text, 'utf8')), `${path}${opts.json ? ' (JSON)' : ''}: Content-Length is the body's size`);
    eq(res.headers.get('transfer-encoding'), null, `${path}: not chunked`);
  }
  const page = await d.get('/customers', { headers: identity });
  const head = await fetch(BASE + '/customers', { method: 'HEAD', headers: { Cookie: d.cookieHeader(), ...identity } });
  eq(head.status, 200, 'HEAD status');
  const size = Number(head.headers.get('content-length'));
  assert(Math.abs(size - Buffer.byteLength(page.text, 'utf8')) < 200, `HEAD: the size of the page (${size})`);
  const csv = await d.get('/customers/export.csv', { headers: identity });
  eq(csv.status, 200, 'export status');
  eq(csv.headers.get('content-length'), null, 'export: no length (streamed)');
  eq(csv.headers.get('transfer-encoding'), 'chunked', 'export: chunked');
});

test('kill -9 of a worker under load loses at most the request in flight; the master replaces it', async () => {
  const s = await signedIn('director');
  const before = await workerPids();
  eq(before.length, 2, 'two workers');
  const l = load('/', s.cookieHeader(), 4);
  await sleep(700);
  process.kill(before[0], 'SIGKILL');
  await sleep(1500);
  const c = await l.stop();
  assert(c.ok > 100, `load ran (${c.ok} ok)`);
  assert(c.failed <= 1, `at most the one request in flight failed: ${JSON.stringify(c)}`);
  const after = await workerPids();
  eq(after.length, 2, 'two workers again');
  assert(!after.includes(before[0]), 'the killed worker is gone');
  includes(readFileSync(LOG, 'utf8'), `worker ${before[0]} killed by signal 9; replacing it`, 'logged');
  console.log(`       kill -9 under load: ${c.ok} ok, ${c.failed} failed`);
});

test('SIGHUP reloads gracefully: new workers, and no request fails during the reload', async () => {
  const s = await signedIn('director');
  const before = await workerPids();
  const l = load('/', s.cookieHeader(), 4);
  await sleep(500);
  process.kill(PID, 'SIGHUP');
  await sleep(1000);
  process.kill(PID, 'SIGHUP');
  await sleep(1000);
  const c = await l.stop();
  eq(c.failed, 0, `no failures (${JSON.stringify(c)})`);
  assert(c.ok > 100, 'load ran');
  const after = await workerPids();
  assert(after.every((p) => !before.includes(p)), 'all workers replaced');
  eq(children().length, 3, 'two workers and the maintenance process, no stragglers');
  console.log(`       reload under load: ${c.ok} ok, ${c.failed} failed`);
});

test('a broken template gives a 500 page in the user language with no internals', async () => {
  const file = `${TEMPLATES}/audit.mustache`;
  const good = readFileSync(file, 'utf8');
  try {
    writeFileSync(file, good + '{{#unclosed}}');
    process.kill(PID, 'SIGHUP');
    await sleep(800);
    const s = await signedIn('admin');
    const r = await s.get('/admin/audit');
    eq(r.status, 500, 'status');
    includes(r.text, '系统出现错误', 'Chinese message');
    assert(!/unclosed|mustache|\.c:|sqlite/i.test(r.text), 'no internals in the page');
    includes(readFileSync(LOG, 'utf8'), 'template audit failed', 'detail goes to the log');
  } finally {
    writeFileSync(file, good);
    process.kill(PID, 'SIGHUP');
    await sleep(800);
  }
  const s = await signedIn('admin');
  eq((await s.get('/admin/audit')).status, 200, 'fixed after reload');
});

test('crm backup takes a consistent copy while the site serves and writes; the README restore works', async () => {
  const s = await signedIn('admin');
  const l = load('/admin/users', s.cookieHeader(), 2);
  // writes while backing up: language flips are audited changes
  const writer = (async () => { for (let i = 0; i < 30; i++) { await s.get('/'); await s.post('/lang', { lang: i % 2 ? 'zh-CN' : 'en', next: '/' }); } })();
  const backup = 'tests/out/backup.db';
  rmSync(backup, { force: true });
  const out = execFileSync(CRM_BIN, ['--database', DB, 'backup', backup], { encoding: 'utf8', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  includes(out, 'backup written', 'reported');
  await writer;
  const c = await l.stop();
  eq(c.failed, 0, 'serving went on');
  eq(execFileSync('sqlite3', [backup, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim(), 'ok', 'integrity');
  eq(execFileSync('sqlite3', [backup, 'PRAGMA journal_mode'], { encoding: 'utf8' }).trim(), 'delete', 'a self-contained file');
  const users = Number(execFileSync('sqlite3', [backup, 'SELECT count(*) FROM users'], { encoding: 'utf8' }));
  assert(users >= 5, 'users copied');
  let refused = false;
  try { execFileSync(CRM_BIN, ['--database', DB, 'backup', backup], { stdio: 'pipe', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } }); } catch { refused = true; }
  assert(refused, 'an existing file is never overwritten');

  // README "Restore": stop crm, put the backup in place as the database (no -wal/-shm beside it), start.
  const dir = resolve('tests/out/restore');   // absolute: nginx reads -e relative to its own prefix
  rmSync(dir, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', dir]);
  cpSync(backup, `${dir}/crm.db`);
  const sock = `${dir}/crm.sock`;
  const conf = execFileSync('scripts/nginx-conf.sh', [`${dir}/nginx`, '18083', sock], { encoding: 'utf8' }).trim();
  const srv = spawn(CRM_BIN, ['--database', `${dir}/crm.db`, '--socket', sock, '--workers', '1', 'serve'], { stdio: 'ignore', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=0' } });
  execFileSync('nginx', ['-c', conf, '-e', `${dir}/nginx/error.log`]);
  try {
    for (let i = 0; i < 50 && !existsSync(sock); i++) await sleep(100);
    const r = await fetch('http://127.0.0.1:18083/health');
    eq(r.status, 200, 'restored server answers');
    const t = new Session();
    const page = await fetch('http://127.0.0.1:18083/login');
    const pre = page.headers.getSetCookie().find((x) => x.startsWith('crm_pre=')).split(';')[0];
    const body = new URLSearchParams({ _csrf: pre.slice(8), login: 'admin', password: PASSWORD });
    const login = await fetch('http://127.0.0.1:18083/login', { method: 'POST', body, redirect: 'manual',
      headers: { Cookie: pre, Origin: 'http://127.0.0.1:18083', 'Content-Type': 'application/x-www-form-urlencoded' } });
    eq(login.status, 303, 'sign-in works on the restored database');
    void t;
  } finally {
    execFileSync('nginx', ['-c', conf, '-e', `${dir}/nginx/error.log`, '-s', 'quit']);
    srv.kill('SIGTERM');
    await new Promise((r) => srv.on('exit', r));
  }
  assert(!existsSync(sock), 'the master removed its socket on SIGTERM');
});

// The nginx processes (master and workers) that serve BASE_URL: the ones whose master was started with a
// configuration under this run's directory (next to the test database) that listens on BASE_URL's port.
function nginxServingBase() {
  const dir = DB.replace(/\/[^/]*$/, '');
  const port = new URL(BASE).port;
  const pids = execFileSync('pgrep', ['-x', 'nginx'], { encoding: 'utf8' }).trim().split('\n').map(Number);
  const cmd = (p) => { try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').split(/[\0 ]/); } catch { return []; } };
  const masters = pids.filter((p) => {
    const c = cmd(p), i = c.indexOf('-c');
    if (i < 0 || !c[i + 1].startsWith(dir + '/')) return false;
    return readFileSync(c[i + 1], 'utf8').includes(`listen 127.0.0.1:${port};`);
  });
  eq(masters.length, 1, `one nginx master for ${BASE} under ${dir}`);
  const workers = execFileSync('pgrep', ['-P', String(masters[0])], { encoding: 'utf8' }).trim().split('\n').map(Number);
  return [masters[0], ...workers];
}
// /proc/PID/stat field 41: the scheduling policy (0 SCHED_OTHER, 3 SCHED_BATCH)
const policyOf = (pid) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[41 - 3]);

test('nginx runs under SCHED_BATCH (scripts/nginx-start.sh), so it never preempts a worker mid-request', async () => {
  const procs = nginxServingBase();
  assert(procs.length >= 2, `nginx master and worker: ${procs}`);
  // nginx-start.sh falls back to the normal policy only where the system refuses SCHED_BATCH
  let batchAllowed = true;
  try { execFileSync('chrt', ['--batch', '0', 'true'], { stdio: 'ignore' }); } catch { batchAllowed = false; }
  if (!batchAllowed) { console.log('       this system refuses SCHED_BATCH (chrt --batch 0 true failed): nginx runs normally'); return; }
  for (const p of procs) eq(policyOf(p), 3, `scheduling policy of nginx ${p}`);
  eq(policyOf(PID), 0, 'the crm master keeps the normal policy');
});

test('nginx rate-limits sign-in attempts per address with a bilingual 429 page', async () => {
  const dir = resolve('tests/out/nginx-ratelimit');
  const conf = execFileSync('scripts/nginx-conf.sh', [dir, '18082', process.env.CRM_SOCK || 'tests/out/crm.sock', '10r/m', '5'], { encoding: 'utf8' }).trim();
  execFileSync('nginx', ['-c', conf, '-e', `${dir}/error.log`]);
  try {
    const statuses = [];
    let page = '';
    for (let i = 0; i < 15; i++) {
      const r = await fetch('http://127.0.0.1:18082/login', { method: 'POST', body: 'login=x&password=y',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://127.0.0.1:18082' } });
      statuses.push(r.status);
      if (r.status === 429) page = await r.text(); else await r.arrayBuffer();
    }
    const limited = statuses.filter((s) => s === 429).length;
    assert(limited >= 8, `most rapid attempts limited: ${statuses.join(',')}`);
    includes(page, '请求过于频繁', 'Chinese');
    includes(page, 'Too many requests', 'English');
    const get = await fetch('http://127.0.0.1:18082/login');
    eq(get.status, 200, 'showing the form is not limited');
  } finally {
    execFileSync('nginx', ['-c', conf, '-e', `${dir}/error.log`, '-s', 'quit']);
  }
});

await run('http ops');
