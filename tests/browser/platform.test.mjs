// platform.test.mjs — browser tests of the platform module (sign-in, menus by role, user management,
// language switch, sign-out, keyboard use) in headless Chromium against the real nginx + crm server.
// BASE_URL comes from tests/run.sh; screenshots go to tests/out/screenshots/.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, run, assert, eq, includes } from '../lib/harness.mjs';

const BASE = (process.env.BASE_URL || 'http://127.0.0.1:18081').replace(/\/$/, '');
const SHOTS = fileURLToPath(new URL('../out/screenshots/', import.meta.url));
const PASSWORD = 'demo1234';
const STAMP = Date.now().toString(36);   // unique logins per run: the database outlives one run in development
mkdirSync(SHOTS, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run',
         '--disable-gpu', '--lang=zh-CN'],   // the browser's own widgets (file picker, date fields) in Chinese too
});

// --- helpers ---------------------------------------------------------------------------------

/** A fresh context (no cookies) with a Chinese browser locale, and its first page. */
async function fresh() {
  const context = await browser.newContext({
    baseURL: BASE, locale: 'zh-CN', viewport: { width: 1280, height: 800 },
  });
  context.setDefaultTimeout(10000);
  context.setDefaultNavigationTimeout(15000);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {   // a failed subresource is reported below with its address
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') problems.push(`${r.status()} for ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
  page.problems = problems;
  return { context, page };
}

/** Runs fn with a fresh context and always closes it. */
async function withContext(fn) {
  const { context, page } = await fresh();
  try {
    return await fn(page, context);
  } finally {
    await context.close();
  }
}

const path = (page) => new URL(page.url()).pathname;

async function shot(page, name) {
  await page.screenshot({ path: SHOTS + name, fullPage: true });
}

/** Signs in through the form: types into the fields and presses Enter. Waits for the next page. */
async function signIn(page, login, password = PASSWORD) {
  if (path(page) !== '/login') await page.goto('/login');
  await page.locator('#login').fill('');
  await page.locator('#login').pressSequentially(login);
  await page.locator('#password').pressSequentially(password);
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.locator('#password').press('Enter'),
  ]);
}

/** Signs in and asserts the home page was reached. */
async function signInHome(page, login, password = PASSWORD) {
  await signIn(page, login, password);
  eq(path(page), '/', `after signing in as ${login}`);
  assert(await page.getByTestId('whoami').isVisible(), `header name visible for ${login}`);
}

/** The side menu as { groups: [heading texts], items: [link texts], hrefs: [link hrefs] }. */
async function menu(page) {
  const nav = page.locator('#sidebar');
  if (await nav.count() === 0) return { groups: [], items: [], hrefs: [] };
  return {
    groups: (await nav.locator('h6.sidebar-heading').allTextContents()).map((s) => s.trim()),   // shown in capitals by CSS
    items: (await nav.locator('a.nav-link').allInnerTexts()).map((s) => s.trim()),
    hrefs: await nav.locator('a.nav-link').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
  };
}

const text = async (page, testid) => (await page.getByTestId(testid).innerText()).trim();

/** Fails when Chinese would be drawn as empty boxes: with the page's own font stack, two different
 *  ideographs must render differently from each other and from an unassigned code point (a .notdef box). */
async function assertCjkFont(page) {
  const r = await page.evaluate(() => {
    const font = getComputedStyle(document.body).fontFamily;
    const draw = (ch) => {
      const c = document.createElement('canvas');
      c.width = c.height = 48;
      const ctx = c.getContext('2d');
      ctx.font = `32px ${font}`;
      ctx.fillStyle = '#000';
      ctx.textBaseline = 'top';
      ctx.fillText(ch, 4, 4);
      return c.toDataURL();
    };
    const a = draw('客'), b = draw('户'), box = draw('\u{E000}');
    return { distinct: a !== b, notBox: a !== box && b !== box };
  });
  assert(r.distinct && r.notBox, `Chinese text is drawn with a CJK font (${JSON.stringify(r)})`);
}

function assertNoPageErrors(page) {
  eq(page.problems.length, 0, `browser errors on ${page.url()}: ${page.problems.join('; ')}`);
}

/** As a signed-in admin on any page: adds a user through 用户管理 › 新增用户; returns its /admin/users/ID path. */
async function addUser(page, { login, name, role = 'rep', region = 'shanghai', password = PASSWORD }) {
  await page.goto('/admin/users/new');
  await page.locator('#login').fill(login);
  await page.locator('#name').fill(name);
  await page.locator('#role').selectOption(role);
  await page.locator('#region').selectOption(region);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByTestId('user-save').click()]);
  assert(/^\/admin\/users\/\d+$/.test(path(page)), `user page after creating ${login}: ${page.url()}`);
  includes(await text(page, 'notice'), '用户已创建', 'creation notice');
  return path(page);
}

// --- 1. sign-in and menus by role ------------------------------------------------------------

const ALL_SYSTEM = ['用户管理', '角色权限', '数据字典', '操作日志'];
const ROLES = [
  { role: 'admin', login: 'admin', name: '系统管理员', label: '系统管理员', groups: ['客户管理', '基础数据', '系统管理'],
    items: ['首页', '客户信息', '订单查询', '交往记录', '联系人', '搜索', '数据导入', '产品', '库存', '用户管理', '角色权限', '数据字典', '操作日志'], panel: 'system-overview', panelText: '系统概况' },
  { role: 'director', login: 'director', name: '王主管', label: '销售主管', groups: ['客户管理', '基础数据', '系统管理'],
    items: ['首页', '客户信息', '订单查询', '交往记录', '联系人', '搜索', '数据导入', '产品', '库存', '操作日志'], panel: 'dashboard', panelText: '销售漏斗' },
  { role: 'rep', login: 'rep1', name: '张伟', label: '客户经理', groups: ['客户管理', '基础数据'],
    items: ['首页', '客户信息', '订单查询', '交往记录', '联系人', '搜索', '产品', '库存'], panel: 'workqueue', panelText: '待执行的开发计划' },
  { role: 'executive', login: 'exec', name: '陈总', label: '高管', groups: ['客户管理', '基础数据'],
    items: ['首页', '客户信息', '订单查询', '交往记录', '联系人', '搜索', '产品', '库存'], panel: 'dashboard', panelText: '客户贡献分析' },
];

for (const r of ROLES) {
  test(`${r.role} (${r.login}) signs in and sees the Chinese menu of the role`, () => withContext(async (page) => {
    await page.goto('/');
    eq(path(page), '/login', 'an anonymous visit to / goes to the sign-in page');
    eq(await page.title(), '请登录 · 客户关系管理系统', 'sign-in page title');
    await signInHome(page, r.login);
    eq(await page.locator('html').getAttribute('lang'), 'zh-CN', 'page language');
    eq(await text(page, 'whoami'), `${r.name} · ${r.label}`, 'header name · role');
    eq((await page.locator('main h1').innerText()).trim(), `您好，${r.name}`, 'welcome heading');
    const m = await menu(page);
    eq(JSON.stringify(m.groups), JSON.stringify(r.groups), 'menu groups');
    eq(JSON.stringify(m.items), JSON.stringify(r.items), 'menu items');
    for (const item of ALL_SYSTEM.filter((i) => !r.items.includes(i)))
      eq(await page.locator('#sidebar').getByRole('link', { name: item }).count(), 0, `no "${item}" for ${r.role}`);
    includes(await page.getByTestId(r.panel).innerText(), r.panelText, `${r.role}'s home panel`);
    // the home link is current; a following click on every menu item opens a page with that heading
    for (let i = 1; i < m.items.length; i++) {
      await page.locator('#sidebar').getByRole('link', { name: m.items[i], exact: true }).click();
      await page.waitForURL((u) => u.pathname === m.hrefs[i]);
      eq((await page.locator('main h1').first().innerText()).trim(), m.items[i], `heading of ${m.hrefs[i]}`);
      eq(await page.locator('#sidebar a.nav-link.active').innerText(), m.items[i], 'menu marks the current page');
    }
    await page.goto('/');
    await assertCjkFont(page);
    await shot(page, `home-${r.role}.png`);
    assertNoPageErrors(page);
  }));
}

test('roles without 系统管理 rights are refused the admin pages', () => withContext(async (page) => {
  await signInHome(page, 'rep1');
  const resp = await page.goto('/admin/users');
  eq(resp.status(), 403, 'rep opening /admin/users');
  includes(await page.locator('main').innerText(), '您没有权限执行此操作', 'forbidden message in Chinese');
}));

// --- 2. wrong password -------------------------------------------------------------------------

test('a wrong password shows the Chinese error and stays on the sign-in page', () => withContext(async (page) => {
  await page.goto('/login');
  await signIn(page, 'rep2', 'wrong-password');
  eq(path(page), '/login', 'still on /login');
  eq(await text(page, 'login-error'), '登录名或密码不正确。', 'error message');
  eq(await page.locator('#login').inputValue(), 'rep2', 'login name kept');
  eq(await page.locator('#password').inputValue(), '', 'password not echoed');
  eq(await page.locator('#sidebar').count(), 0, 'no menu while signed out');
  await shot(page, 'login-error.png');
  // an unknown login gets the very same message (no account enumeration)
  await signIn(page, `nobody-${STAMP}`, 'wrong-password');
  eq(await text(page, 'login-error'), '登录名或密码不正确。', 'unknown login message');
  // and the right password still works afterwards (also resets rep2's failure count)
  await signInHome(page, 'rep2');
  eq(await text(page, 'whoami'), '李娜 · 客户经理', 'rep2 signed in after the failure');
}));

// --- 3. adding a user ------------------------------------------------------------------------

test('admin adds a user: field errors keep the input, then 用户已创建 and the user can sign in', async () => {
  const login = `ui.${STAMP}`;
  const name = `测试${STAMP.slice(-4)}`;
  await withContext(async (page) => {
    await signInHome(page, 'admin');
    await page.locator('#sidebar').getByRole('link', { name: '用户管理' }).click();
    await page.waitForURL('**/admin/users');
    await page.getByTestId('user-new').click();
    await page.waitForURL('**/admin/users/new');
    eq((await page.locator('.breadcrumb-item.active').innerText()).trim(), '新增用户', 'breadcrumb');
    eq(await page.locator('#role').inputValue(), 'rep', 'new users default to 客户经理');
    // first try: empty name and a too-short password
    await page.locator('#login').fill(login);
    await page.locator('#role').selectOption({ label: '客户经理' });
    await page.locator('#region').selectOption({ label: '上海' });
    await page.locator('#password').fill('short');
    await Promise.all([page.waitForNavigation(), page.getByTestId('user-save').click()]);
    eq(path(page), '/admin/users', 'the refused form is shown again');
    includes(await text(page, 'errors'), '请修正以下问题', 'error summary');
    const nameErr = page.locator('#name ~ .invalid-feedback');
    const pwErr = page.locator('#password ~ .invalid-feedback');
    eq((await nameErr.innerText()).trim(), '必填。', 'name field error');
    eq((await pwErr.innerText()).trim(), '至少 8 个字符。', 'password field error');
    assert(await page.locator('#name').evaluate((e) => e.classList.contains('is-invalid')), 'name marked invalid');
    assert(await nameErr.isVisible() && await pwErr.isVisible(), 'field errors are visible');
    eq(await page.locator('#password ~ .form-text').count(), 0, 'the password hint gives way to the error');
    includes(await text(page, 'errors'), '姓名：必填。', 'summary names the field');
    eq(await page.locator('#login').inputValue(), login, 'login kept');
    eq(await page.locator('#role').inputValue(), 'rep', 'role kept');
    eq(await page.locator('#region').inputValue(), 'shanghai', 'region kept');
    await shot(page, 'user-form-errors.png');
    // second try: fixed
    await page.locator('#name').fill(name);
    await page.locator('#password').fill('secret-pass-1');
    await Promise.all([page.waitForNavigation(), page.getByTestId('user-save').click()]);
    assert(/^\/admin\/users\/\d+$/.test(path(page)), `the new user's page: ${page.url()}`);
    eq(await text(page, 'notice'), '用户已创建。', 'notice');
    eq(await page.locator('#login').inputValue(), login, 'login on the user page');
    eq(await page.locator('#name').inputValue(), name, 'name on the user page');
    eq(await page.locator('#role').inputValue(), 'rep', 'role on the user page');
    eq(await page.locator('#region').inputValue(), 'shanghai', 'region on the user page');
    eq((await page.locator('.col-lg-5 .badge').first().innerText()).trim(), '在职', 'state badge');
    await shot(page, 'user-created.png');
    // the list finds the user
    await page.locator('#sidebar').getByRole('link', { name: '用户管理' }).click();
    await page.waitForURL('**/admin/users');
    await page.getByPlaceholder('按登录名或姓名搜索').fill(login);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '筛选' }).click()]);
    const rows = page.getByTestId('users-table').locator('tbody tr');
    eq(await rows.count(), 1, 'one user found');
    const cells = (await rows.first().locator('td').allInnerTexts()).map((s) => s.trim());
    eq(JSON.stringify(cells.slice(0, 5)), JSON.stringify([login, name, '客户经理', '上海', '在职']), 'list row');
    // and a duplicate login is refused with the Chinese message, keeping the input
    await page.goto('/admin/users/new');
    await page.locator('#login').fill(login);
    await page.locator('#name').fill('重复');
    await page.locator('#password').fill('secret-pass-1');
    await Promise.all([page.waitForNavigation(), page.getByTestId('user-save').click()]);
    eq((await page.locator('#login ~ .invalid-feedback').innerText()).trim(), '该登录名已被使用。', 'duplicate login');
    eq(await page.locator('#name').inputValue(), '重复', 'name kept after duplicate');
  });
  await withContext(async (page) => {
    await signInHome(page, login, 'secret-pass-1');
    eq(await text(page, 'whoami'), `${name} · 客户经理`, 'new user header');
    assert(await page.getByTestId('workqueue').isVisible(), "the rep's work queue");
    const m = await menu(page);
    assert(!m.groups.includes('系统管理'), 'no 系统管理 group for the new rep');
  });
});

// --- 4. language switch ----------------------------------------------------------------------

test('the language switch turns the UI to English and the choice is kept per user', async () => {
  const login = `lang.${STAMP}`;
  await withContext(async (page) => {
    await signInHome(page, 'admin');
    await addUser(page, { login, name: '语言测试', role: 'admin', region: 'beijing' });
  });
  await withContext(async (page) => {
    await signInHome(page, login);
    eq(await page.getByTestId('lang-switch').innerText(), 'English', 'switch offers English');
    await Promise.all([page.waitForNavigation(), page.getByTestId('lang-switch').click()]);
    eq(path(page), '/', 'back on the same page');
    const checkEnglish = async (where) => {
      eq(await page.locator('html').getAttribute('lang'), 'en', `html lang ${where}`);
      const m = await menu(page);
      eq(JSON.stringify(m.groups), '["Customers","Reference data","System"]', `menu groups ${where}`);
      eq(JSON.stringify(m.items), JSON.stringify(['Home', 'Customers', 'Orders', 'Interaction records', 'Contacts', 'Search', 'Import data', 'Products', 'Stock', 'Users', 'Roles & permissions', 'Data dictionary', 'Audit log']),
         `menu items ${where}`);
      eq(await text(page, 'whoami'), '语言测试 · Administrator', `header ${where}`);
      eq((await page.locator('main h1').innerText()).trim(), 'Hello, 语言测试', `heading ${where}`);
      includes(await page.getByTestId('system-overview').innerText(), 'System overview', `home panel ${where}`);
      eq(await page.getByTestId('lang-switch').innerText(), '中文', `switch offers 中文 ${where}`);
      eq(await page.getByTestId('logout').innerText(), 'Sign out', `sign-out button ${where}`);
    };
    await checkEnglish('after the switch');
    await shot(page, 'home-en.png');
    await page.reload();
    await checkEnglish('after reload');
    // another page in English too
    await page.locator('#sidebar').getByRole('link', { name: 'Users', exact: true }).click();
    await page.waitForURL('**/admin/users');
    eq((await page.locator('main h1').innerText()).trim(), 'Users', 'users page heading');
    eq(await page.getByTestId('user-new').innerText(), 'Add user', 'add-user button');
    // the customer list fits 1280 pixels in English too: a two-word level wraps between its words, and a
    // name without spaces (here the newest of its level) wraps where it must
    await page.goto('/customers/new');
    await page.locator('#name').fill(`ACMEInternationalHoldingsCorporationLimited${STAMP}`);
    await page.locator('#region').selectOption('beijing');
    await page.locator('#level').selectOption('strategic');
    await page.locator('#manager_id').selectOption({ index: 1 });
    await Promise.all([page.waitForNavigation(), page.getByTestId('customer-save').click()]);
    await page.goto('/customers?level=strategic');
    const list = await page.locator('main .table-responsive').evaluate((box) => ({
      fits: box.scrollWidth <= box.clientWidth, level: box.querySelector('tbody td.words')?.innerText,
      name: box.querySelector('tbody td.wrap')?.innerText.includes('ACMEInternational') }));
    eq(JSON.stringify(list), '{"fits":true,"level":"Strategic partner","name":true}', 'the English customer list needs no sideways scroll');
    await shot(page, 'customers-en.png');
    // sign out and in again in the same browser
    await Promise.all([page.waitForNavigation(), page.getByTestId('logout').click()]);
    eq(path(page), '/login', 'signed out');
    await signInHome(page, login);
    await checkEnglish('after signing in again');
  });
  // a brand-new browser (no language cookie) still gets English: the choice is stored with the user
  await withContext(async (page) => {
    await page.goto('/login');
    eq(await page.locator('html').getAttribute('lang'), 'zh-CN', 'the sign-in page of a new browser is Chinese');
    await signInHome(page, login);
    eq(await page.locator('html').getAttribute('lang'), 'en', 'stored language applies in a new browser');
    eq(JSON.stringify((await menu(page)).items.slice(1)), JSON.stringify(['Customers', 'Orders', 'Interaction records', 'Contacts', 'Search', 'Import data', 'Products', 'Stock', 'Users', 'Roles & permissions', 'Data dictionary', 'Audit log']),
       'English menu in a new browser');
    // back to Chinese
    await Promise.all([page.waitForNavigation(), page.getByTestId('lang-switch').click()]);
    eq(await page.locator('html').getAttribute('lang'), 'zh-CN', 'switched back');
    eq(JSON.stringify((await menu(page)).items), JSON.stringify(['首页', '客户信息', '订单查询', '交往记录', '联系人', '搜索', '数据导入', '产品', '库存', '用户管理', '角色权限', '数据字典', '操作日志']), 'Chinese menu again');
    eq(await page.getByTestId('lang-switch').innerText(), 'English', 'switch offers English again');
    await page.reload();
    eq(await page.locator('html').getAttribute('lang'), 'zh-CN', 'Chinese kept after reload');
  });
});

// --- 5. deactivating a user ------------------------------------------------------------------

test('admin deactivates a user after a confirm() dialog; the user is signed out and cannot sign in', async () => {
  const login = `off.${STAMP}`;
  const victim = await fresh();
  try {
    await withContext(async (page) => {
      await signInHome(page, 'admin');
      const userPath = await addUser(page, { login, name: '停用测试' });
      // the user signs in elsewhere
      await signInHome(victim.page, login);
      // dismissing the confirmation changes nothing
      const dialogs = [];
      let answer = 'dismiss';
      page.on('dialog', async (d) => { dialogs.push({ type: d.type(), message: d.message() }); await d[answer](); });
      await page.getByTestId('user-deactivate').click();
      await page.waitForTimeout(300);
      eq(dialogs.length, 1, 'a confirmation dialog appeared');
      eq(dialogs[0].type, 'confirm', 'dialog type');
      eq(dialogs[0].message, '确定停用该账号吗？该用户将立即退出登录。', 'dialog text');
      eq(path(page), userPath, 'dismissed: still on the user page');
      assert(await page.getByTestId('user-deactivate').isVisible(), 'dismissed: still active');
      // accepting deactivates
      answer = 'accept';
      await Promise.all([page.waitForNavigation(), page.getByTestId('user-deactivate').click()]);
      eq(dialogs.length, 2, 'the dialog appeared again');
      eq(path(page), userPath, 'back on the user page');
      eq(await text(page, 'notice'), '账号已停用，该用户已被退出登录。', 'deactivation notice');
      eq((await page.locator('.col-lg-5 .badge').first().innerText()).trim(), '已停用', 'state badge');
      assert(await page.getByTestId('user-activate').isVisible(), 'reactivate button offered');
      await shot(page, 'user-deactivated.png');
      // the list shows the state
      await page.goto(`/admin/users?q=${encodeURIComponent(login)}`);
      includes(await page.getByTestId('users-table').locator('tbody tr').first().innerText(), '已停用', 'list state');
    });
    // the open session is gone
    await victim.page.reload();
    eq(path(victim.page), '/login', "the deactivated user's open session ends");
  } finally {
    await victim.context.close();
  }
  await withContext(async (page) => {
    await signIn(page, login);
    eq(path(page), '/login', 'still on /login');
    eq(await text(page, 'login-error'), '该账号已停用，请联系系统管理员。', 'deactivated message');
    await shot(page, 'login-deactivated.png');
  });
});

// --- 6. signing out --------------------------------------------------------------------------

test('sign-out returns to the sign-in page with 您已安全退出; protected pages then need sign-in', () => withContext(async (page) => {
  await signInHome(page, 'rep1');
  await page.goto('/account/password');
  eq(path(page), '/account/password', 'a protected page while signed in');
  await Promise.all([page.waitForNavigation(), page.getByTestId('logout').click()]);
  eq(path(page), '/login', 'signed out to /login');
  eq(await text(page, 'notice'), '您已安全退出。', 'sign-out notice');
  eq(await page.locator('#sidebar').count(), 0, 'no menu after sign-out');
  await shot(page, 'logged-out.png');
  // the notice is shown once
  await page.reload();
  eq(await page.getByTestId('notice').count(), 0, 'notice gone after reload');
  // back button: the protected page is not shown from cache
  await page.goBack();
  await page.waitForLoadState('load');
  eq(path(page), '/login', 'back button lands on /login');
  assert(await page.getByTestId('whoami').count() === 0, 'no signed-in header after going back');
  await page.reload();
  eq(path(page), '/login', 'reload lands on /login');
  // opening a protected page directly
  await page.goto('/account/password');
  eq(path(page), '/login', 'direct visit lands on /login');
  eq(new URL(page.url()).searchParams.get('next'), '/account/password', 'the sign-in page remembers where to go');
  await signIn(page, 'rep1');
  eq(path(page), '/account/password', 'signing in returns to the requested page');
}));

// --- 7. keyboard -------------------------------------------------------------------------------

test('keyboard: Tab moves login → password → submit and Enter signs in', () => withContext(async (page) => {
  await page.goto('/login');
  const focused = () => page.evaluate(() => document.activeElement && (document.activeElement.id ||
    document.activeElement.getAttribute('data-testid') || document.activeElement.tagName));
  eq(await focused(), 'login', 'the login field has focus on arrival');
  await page.keyboard.type('rep2');
  await page.keyboard.press('Tab');
  eq(await focused(), 'password', 'Tab → password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Tab');
  eq(await focused(), 'login-submit', 'Tab → submit');
  const ring = await page.getByTestId('login-submit').evaluate((b) => {
    const s = getComputedStyle(b);
    return s.boxShadow !== 'none' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0);
  });
  assert(ring, 'the focused submit button shows a focus ring');
  await page.keyboard.press('Shift+Tab');
  eq(await focused(), 'password', 'Shift+Tab → back to password');
  await page.keyboard.press('Tab');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  eq(path(page), '/', 'Enter on the submit button signs in');
  eq(await text(page, 'whoami'), '李娜 · 客户经理', 'signed in as rep2');
  // the skip link is the first stop on a signed-in page
  await page.keyboard.press('Tab');
  eq(await page.evaluate(() => document.activeElement.getAttribute('href')), '#main', 'first Tab reaches the skip link');
  assert(await page.getByRole('link', { name: '跳到正文' }).isVisible(), 'the skip link shows when focused');
}));

try {
  await run('browser');
} finally {
  await browser.close();
}
